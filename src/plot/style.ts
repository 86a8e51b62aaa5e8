/**
 * Figure styles: everything that should look the same in every figure of a paper (size, fonts, font sizes,
 * line widths, ticks, colours), as plain data that presets define and users extend.
 *
 * Lengths are in points (1/72 in) unless the name says inches.
 *
 * @module
 */
import { cmuSansSerif, cmuSerif, type FontFamily } from './fonts.js';

/**
 * Where the legend goes: `'best'` picks the corner that covers the fewest data points (as matplotlib's `loc='best'`).
 *
 * @example
 * ```ts
 * import { Figure, paper, type LegendLocation } from 'numbat';
 *
 * const fig = new Figure(paper);
 * const legend: LegendLocation = 'upper left';
 * fig.chart({ type: 'line', data: { labels: ['0', '1'], datasets: [{ label: 'y', data: [0, 1] }] } }, { legend });
 * ```
 */
export type LegendLocation =
  | 'best'
  | 'upper right'
  | 'upper left'
  | 'lower left'
  | 'lower right'
  | 'upper center'
  | 'lower center'
  | 'none';

/**
 * A figure width: a journal column (`'single'`, `'double'`) or inches.
 *
 * @example
 * ```ts
 * import { myplot, paper, widthInches, type FigureWidth } from 'numbat';
 *
 * const wide: FigureWidth = 'double';
 * myplot({ width: wide }); // 7 in for the paper preset
 * myplot({ width: 5 }); // 5 in
 * widthInches(paper, wide); // → 7
 * ```
 */
export type FigureWidth = 'single' | 'double' | number;

/**
 * A complete figure style. Make your own with {@link defineStyle}.
 *
 * @example
 * ```ts
 * import { defineStyle, paper, type Style } from 'numbat';
 *
 * const mine: Style = defineStyle(paper, { name: 'mine', lineWidth: 1.2 });
 * mine.lineWidth; // → 1.2
 * ```
 */
export interface Style {
  /** Name, for messages and `describe()`. */
  readonly name: string;
  /** The text font, registered from its files before drawing. */
  readonly font: FontFamily;
  /** Font sizes, points. */
  readonly fontSize: {
    /** Tick labels. */
    readonly tick: number;
    /** Axis titles. */
    readonly label: number;
    /** Legend entries. */
    readonly legend: number;
    /** Chart titles (papers rarely use them: the caption says it). */
    readonly title: number;
    /** Subplot labels (a), (b), …. */
    readonly panelLabel: number;
  };
  /** Column widths of the target journal, inches: what `width: 'single'` and `'double'` resolve to. */
  readonly columns: {
    /** One text column, for most figures. */
    readonly single: number;
    /** The full page width (both columns), for figures that span them. */
    readonly double: number;
  };
  /** Default figure width. */
  readonly width: FigureWidth;
  /** Height of one panel over its width (the figure height follows from it unless set). */
  readonly aspect: number;
  /** Data line width, points. */
  readonly lineWidth: number;
  /** Marker radius, points (lines have no markers unless a dataset sets `pointRadius`). */
  readonly markerRadius: number;
  /** Axes frame and tick width, points. */
  readonly axisWidth: number;
  /** Tick marks. */
  readonly ticks: {
    /** `'in'`: into the plot area (the physics-journal look); `'out'`: outside. */
    readonly direction: 'in' | 'out';
    /** Labelled (major) tick length, points. */
    readonly length: number;
    /** Unlabelled (minor, e.g. log-axis 2…9) tick length, points. */
    readonly minorLength: number;
    /** Also draw ticks on the top and right edges. */
    readonly mirror: boolean;
    /** Unlabelled minor ticks between the labelled ones on linear axes (4 or 5 per interval). */
    readonly minor: boolean;
  };
  /** Draw grid lines across the plot area. */
  readonly grid: boolean;
  /** Grid line colour. */
  readonly gridColor: string;
  /** Dataset colours, in order. */
  readonly palette: readonly string[];
  /** Text, frame and tick colour. */
  readonly foreground: string;
  /** Page background; `'transparent'` paints nothing. */
  readonly background: string;
  /** Empty margin around each panel, points. */
  readonly padding: number;
  /** Legend placement. */
  readonly legend: LegendLocation;
  /** Draw a light box behind the legend. */
  readonly legendFrame: boolean;
  /** Label subplots (a), (b), … when a figure has more than one panel. */
  readonly panelLabels: boolean;
  /** Output format when the file name does not say. */
  readonly format: 'pdf' | 'png' | 'svg';
  /** PNG resolution, dots per inch. */
  readonly dpi: number;
}

/**
 * Recursively optional, for overrides. Arrays and functions are replaced whole.
 *
 * @example
 * ```ts
 * import type { DeepPartial, Style } from 'numbat';
 *
 * const tweak: DeepPartial<Style> = { fontSize: { tick: 7 } };
 * ```
 */
export type DeepPartial<T> = {
  -readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/**
 * What a user preset or a per-figure override may change.
 *
 * @example
 * ```ts
 * import { myplot, paper, type StyleOverrides } from 'numbat';
 *
 * const override: StyleOverrides = { ticks: { direction: 'out' } };
 * myplot({ style: paper, override });
 * ```
 */
export type StyleOverrides = DeepPartial<Style>;

/**
 * Okabe & Ito's colour-blind-safe palette (blue, vermillion, bluish green, orange, reddish purple, sky blue,
 * yellow, black), in an order where neighbours stay distinct in greyscale too.
 *
 * @example
 * ```ts
 * import { OKABE_ITO } from 'numbat';
 *
 * OKABE_ITO[0]; // → '#0072B2'
 * ```
 */
export const OKABE_ITO: readonly string[] = Object.freeze([
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#E69F00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
]);

/**
 * The paper preset: CMU Serif (the LaTeX look) at 8 pt ticks and 9 pt labels, 3.4 in single-column width
 * (7 in double), ticks inside on all four edges, no grid, 1 pt lines, Okabe–Ito colours, vector PDF.
 *
 * @example
 * ```ts
 * import { myplot, paper, type Figure } from 'numbat';
 *
 * const fig1 = myplot({ style: paper, file: 'figures/fig1.pdf' })((fig: Figure, xs: number[]) => {
 *   fig.chart({ type: 'line', data: { labels: xs.map(String), datasets: [{ label: 'x', data: xs }] } });
 * });
 * paper.name; // → 'paper'
 * ```
 */
export const paper: Style = deepFreeze({
  name: 'paper',
  font: cmuSerif(),
  fontSize: { tick: 8, label: 9, legend: 8, title: 10, panelLabel: 9 },
  columns: { single: 3.4, double: 7 },
  width: 'single',
  aspect: 0.72,
  lineWidth: 1,
  markerRadius: 1.8,
  axisWidth: 0.6,
  ticks: { direction: 'in', length: 3.5, minorLength: 2, mirror: true, minor: true },
  grid: false,
  gridColor: '#d9d9d9',
  palette: OKABE_ITO,
  foreground: '#000000',
  background: 'white',
  padding: 3,
  legend: 'best',
  legendFrame: true,
  panelLabels: true,
  format: 'pdf',
  dpi: 300,
} satisfies Style);

/**
 * The presentation preset: CMU Sans Serif at 14–18 pt on an 8 in wide figure, 2.2 pt lines, outward ticks and a
 * light grid, for slides projected at the back of a room.
 *
 * @example
 * ```ts
 * import { myplot, presentation, type Figure } from 'numbat';
 *
 * function drawScaling(fig: Figure, workers: number[], seconds: number[]): void {
 *   fig.chart({ type: 'line', data: { datasets: [{ label: 'time', data: workers.map((w, i) => ({ x: w, y: seconds[i]! })) }] } });
 * }
 * const talk = myplot({ style: presentation, format: 'png' })(drawScaling);
 * ```
 */
export const presentation: Style = deepFreeze({
  name: 'presentation',
  font: cmuSansSerif(),
  fontSize: { tick: 14, label: 16, legend: 14, title: 18, panelLabel: 16 },
  columns: { single: 8, double: 12 },
  width: 'single',
  aspect: 0.6,
  lineWidth: 2.2,
  markerRadius: 4,
  axisWidth: 1.2,
  ticks: { direction: 'out', length: 6, minorLength: 3.5, mirror: false, minor: false },
  grid: true,
  gridColor: '#e3e3e3',
  palette: OKABE_ITO,
  foreground: '#1a1a1a',
  background: 'white',
  padding: 8,
  legend: 'best',
  legendFrame: true,
  panelLabels: true,
  format: 'pdf',
  dpi: 200,
} satisfies Style);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Merges plain objects recursively into new objects; anything else (arrays, functions, class instances) is replaced.
 *
 * @example
 * ```ts
 * import { deepMerge } from './style.js';
 *
 * deepMerge({ a: { b: 1, c: 2 } }, { a: { c: 3 } }); // → { a: { b: 1, c: 3 } }
 * ```
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return cloneDeep(base);
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) out[key] = cloneDeep(value);
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out[key] = key in out ? deepMerge(out[key], value) : cloneDeep(value);
  }
  return out as T;
}

function cloneDeep<T>(value: T): T {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = cloneDeep(v);
  return out as T;
}

function deepFreeze<T>(value: T): T {
  if (isPlainObject(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const POSITIVE: ReadonlyArray<readonly string[]> = [
  ['aspect'],
  ['lineWidth'],
  ['axisWidth'],
  ['padding'],
  ['dpi'],
  ['columns', 'single'],
  ['columns', 'double'],
  ['fontSize', 'tick'],
  ['fontSize', 'label'],
  ['fontSize', 'legend'],
  ['fontSize', 'title'],
  ['fontSize', 'panelLabel'],
];

/**
 * Throws a clear error for a style that cannot draw (non-positive sizes, unknown options, no colours).
 *
 * @example
 * ```ts
 * import { paper } from 'numbat';
 * import { validateStyle } from './style.js';
 *
 * validateStyle({ ...paper, dpi: 0 }); // → throws …dpi…
 * ```
 */
export function validateStyle(style: Style): Style {
  const fail = (what: string): never => {
    throw new TypeError(`myplot: style '${style.name}': ${what}`);
  };
  for (const path of POSITIVE) {
    let v: unknown = style;
    for (const key of path) v = (v as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(`${path.join('.')} must be a positive number, got ${String(v)}`);
  }
  if (typeof style.width === 'number' ? !(style.width > 0 && Number.isFinite(style.width)) : style.width !== 'single' && style.width !== 'double') {
    fail(`width must be 'single', 'double' or inches > 0, got ${String(style.width)}`);
  }
  if (style.ticks.direction !== 'in' && style.ticks.direction !== 'out') fail(`ticks.direction must be 'in' or 'out'`);
  if (!Array.isArray(style.palette) || style.palette.length === 0) fail('palette must be a non-empty array of colours');
  if (!['pdf', 'png', 'svg'].includes(style.format)) fail(`format must be 'pdf', 'png' or 'svg', got ${String(style.format)}`);
  if (!style.font || typeof style.font.family !== 'string' || !Array.isArray(style.font.files)) {
    fail('font must be { family, files } (see cmuSerif())');
  }
  return style;
}

/**
 * A user preset: a base style (a preset or another user style) with some values changed. Nested groups
 * (`fontSize`, `ticks`, `columns`) merge key by key; arrays (`palette`) and fonts are replaced.
 *
 * @example
 * ```ts
 * import { defineStyle, paper } from 'numbat';
 *
 * const prl = defineStyle(paper, { name: 'prl', columns: { single: 3.375, double: 7.0 }, fontSize: { tick: 7 } });
 * const thesis = defineStyle(prl, { name: 'thesis', width: 5.5, palette: ['#1b9e77', '#d95f02', '#7570b3'] });
 * thesis.fontSize.tick; // → 7
 * ```
 */
export function defineStyle(base: Style | string, overrides: StyleOverrides = {}): Style {
  if (!isPlainObject(overrides)) throw new TypeError('defineStyle: overrides must be a plain object');
  const from = typeof base === 'string' ? styleNamed(base) : base;
  const merged = deepMerge(from, overrides);
  const style = deepFreeze(validateStyle({ ...merged, name: overrides.name ?? `${from.name}*` }));
  // A named style can be used by name, as matplotlib's plt.style.use('…'); the last definition wins.
  if (overrides.name !== undefined) NAMED.set(style.name, style);
  return style;
}

const NAMED = new Map<string, Style>([
  ['paper', paper],
  ['presentation', presentation],
]);

/**
 * A style by name: `'paper'`, `'presentation'`, or any style made by {@link defineStyle} with a `name`.
 *
 * @example
 * ```ts
 * import { defineStyle, myplot, paper, styleNamed } from 'numbat';
 *
 * defineStyle(paper, { name: 'prl', fontSize: { tick: 7 } });
 * myplot({ style: 'prl' }); // same as style: styleNamed('prl')
 * styleNamed('prl').name; // → 'prl'
 * ```
 */
export function styleNamed(name: string): Style {
  const style = NAMED.get(name);
  if (!style) throw new TypeError(`myplot: no style named '${name}'; known: ${[...NAMED.keys()].join(', ')} (register one with defineStyle(base, { name }))`);
  return style;
}

/**
 * Figure width in inches for a style (a column name or inches).
 *
 * @example
 * ```ts
 * import { paper, widthInches } from 'numbat';
 *
 * widthInches(paper, 'double'); // → 7
 * widthInches(paper, 4.5); // → 4.5
 * ```
 */
export function widthInches(style: Style, width: FigureWidth = style.width): number {
  return typeof width === 'number' ? width : style.columns[width];
}
