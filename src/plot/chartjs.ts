/**
 * Chart.js, styled for print: the style's fonts, sizes, colours and line widths merged under the user's
 * configuration, plus two plugins Chart.js lacks — a matplotlib-like frame with inward (and minor) ticks on
 * all four edges, and a legend that sits inside the plot where it covers the fewest data.
 *
 * @module
 */
import { Chart, registerables } from 'chart.js';
import type { Plugin, Scale, Tick } from 'chart.js';
import type { AnyChartConfiguration, ChartExtras } from './figure.js';
import { copyErrors, errorBarsPlugin, errorsOf, type ErrorValue } from './errorbars.js';
import { colorbarPlugin, powerLabel } from './colorbar.js';
import { kindControllers, kindOf, type ChartKind } from './kinds.js';
import type { PanelPlan } from './layout.js';
import { framePlugin } from './frame.js';
import { legendPlugin } from './legend.js';
import { deepMerge, type Style } from './style.js';

let registered = false;

/**
 * Registers every Chart.js controller, scale, element and plugin once (Node has no bundler to tree-shake).
 *
 * @example
 * ```ts
 * import { Chart } from 'chart.js';
 * import { ensureChartJs } from './chartjs.js';
 *
 * ensureChartJs(); // before new Chart(...) in Node; a second call does nothing
 * Chart.registry.getController('imshow') !== undefined; // → true
 * ```
 */
export function ensureChartJs(): void {
  if (registered) return;
  Chart.register(...registerables, ...kindControllers());
  registered = true;
}

/** The table row of a chart or dataset type (the chart was checked when given, so the row exists). */
function kind(type: unknown): ChartKind {
  const k = kindOf(type);
  if (!k) throw new TypeError(`myplot: unknown chart type '${String(type)}'`);
  return k;
}

/**
 * A `#rrggbb` (or `#rgb`) colour with an alpha, as `rgba(...)`; other colour strings are returned unchanged.
 *
 * @example
 * ```ts
 * import { OKABE_ITO, withAlpha } from 'numbat/plot';
 *
 * withAlpha('#0072B2', 0.25); // → 'rgba(0, 114, 178, 0.25)'
 * withAlpha('#fff', 0.5); // → 'rgba(255, 255, 255, 0.5)'
 * withAlpha('steelblue', 0.5); // → 'steelblue'
 * const band = { label: '±1σ', data: [1, 2], backgroundColor: withAlpha(OKABE_ITO[0]!, 0.2), fill: '-1' };
 * ```
 */
export function withAlpha(color: string, alpha: number): string {
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const n = Number.parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Typographic minus: tick labels print `−1`, not a hyphen, as TeX does. */
function minus(label: string): string {
  return label.replace(/-/g, '\u2212');
}

/**
 * Log-axis labels in one form, `10^k` (math, so exponents are set as TeX sets them), at powers of ten; every
 * other tick is a minor tick. Axes spanning less than about a decade and a half also label 2× and 5× ticks,
 * as `2×10^k`, and axes spanning less than a decade every integer mantissa, so the axis never has fewer than
 * two labels.
 */
function logTickLabel(this: Scale, value: number | string, _index: number, ticks: Tick[]): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = v / 10 ** exponent;
  const near = (m: number): boolean => Math.abs(mantissa - m) < 1e-6 * m;
  // Ticks are ordered: the span is the first and last positive tick (not a scan per label).
  const first = ticks.find((t) => t.value > 0)?.value ?? v;
  const last = ticks[ticks.length - 1]?.value ?? v;
  const decades = last > first ? Math.log10(last / first) : 0;
  if (near(1) || (decades < 1.5 && (near(2) || near(5)))) return powerLabel(v);
  // Less than a decade: every minor tick is labelled, so the axis reads as matplotlib's LogFormatter does.
  if (decades < 0.8 && Math.abs(mantissa - Math.round(mantissa)) < 1e-6 * mantissa) return powerLabel(v);
  return '';
}

/**
 * Linear tick labels with one number of decimals for the whole axis, the fewest that show every tick exactly
 * (0, 0.25, 0.5 — never Chart.js's 0.3 for 0.25), with a typographic minus.
 */
function numericTickLabel(this: Scale, value: number | string, _index: number, ticks: Tick[]): string {
  const values = ticks.map((t) => t.value);
  const span = Math.max(...values.map(Math.abs)) || 1;
  let decimals = 0;
  for (const v of values) {
    while (decimals < 10 && Math.abs(Number(v.toFixed(decimals)) - v) > span * 1e-9) decimals++;
  }
  const v = Number(value);
  return minus((Math.abs(v) < span * 1e-12 ? 0 : v).toFixed(decimals));
}

type Json = Record<string, unknown>;

/**
 * Linear ticks as matplotlib's `MaxNLocator(nbins='auto', steps=[1, 2, 2.5, 5, 10])`: about one tick per
 * 30 pt along x (20 pt along y), at most 9 intervals, at multiples of the step inside the
 * axis range. Chart.js's own choice (from `bounds: 'data'`) counts from the data minimum and, after its
 * auto-skip, can leave two labels on a 3 in axis.
 */
function roundTicks(scale: Scale): void {
  const lo = scale.min;
  const hi = scale.max;
  if (!(hi > lo)) return;
  const font = (scale.options as unknown as { ticks: { font?: { size?: number } } }).ticks.font?.size ?? 8;
  const length = scale.isHorizontal() ? scale.width : scale.height;
  // matplotlib's tick space: three label heights per tick along x, two along y (at least its 10 pt sizes).
  const nbins = Math.max(1, Math.min(9, Math.floor(length / (scale.isHorizontal() ? Math.max(3 * font, 30) : Math.max(2 * font, 20)))));
  let step = 0;
  const raw = (hi - lo) / nbins;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    step = m * mag;
    // The smallest step whose ticks inside the range number at most nbins + 1.
    if (Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) <= nbins) break;
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (Number((step / mag).toPrecision(3)) === 2.5 ? 1 : 0));
  const out: Tick[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push({ value: Number((k * step).toFixed(Math.min(20, decimals + 2))) });
  if (out.length >= 2) scale.ticks = out;
}

/** Fraction of the data range left empty at each end of an axis, as matplotlib's `axes.xmargin` (0.05). */
const MARGIN = 0.05;

/** Drops ticks outside the axis range: a label must never sit beyond the frame (log axes generate some). */
function ticksInRange(scale: Scale): void {
  const lo = Math.min(scale.min, scale.max);
  const hi = Math.max(scale.min, scale.max);
  const eps = (hi - lo) * 1e-9;
  scale.ticks = scale.ticks.filter((t) => t.value >= lo - eps && t.value <= hi + eps);
}

/**
 * Data limits plus a small margin (in log space on log axes), so markers at the extremes are not cut by the
 * frame; ends the user fixed (`min`, `max`) and a zero baseline (`beginAtZero`, bar charts) stay put.
 */
function padLimits(scale: Scale): void {
  const opts = scale.options as { min?: unknown; max?: unknown; beginAtZero?: boolean; type?: string };
  const log = opts.type === 'logarithmic';
  let { min, max } = scale;
  const chart = scale.chart;
  // Images and contours fill their axes exactly, as in matplotlib.
  if (chart.data.datasets.some((ds) => kindOf(ds.type ?? (chart.config as { type?: string }).type)?.tight)) return;
  // Error bars count as data: the axis must show their ends too.
  chart.data.datasets.forEach((ds, i) => {
    const errors = errorsOf(ds);
    const meta = chart.getDatasetMeta(i);
    const own = scale.axis === 'x' ? meta.xAxisID === scale.id : meta.yAxisID === scale.id;
    const list = scale.axis === 'x' ? errors?.x : errors?.y;
    if (!list || !own || !chart.isDatasetVisible(i)) return;
    const controller = meta.controller as unknown as { getParsed(i: number): { x: number; y: number } | undefined };
    for (let j = 0; j < list.length; j++) {
      const v = controller.getParsed(j)?.[scale.axis as 'x' | 'y'];
      const e: ErrorValue | undefined = list[j];
      if (v === undefined || !Number.isFinite(v) || e === undefined) continue;
      const [lo, hi] = typeof e === 'number' ? [e, e] : e;
      if (!log || v - lo > 0) min = Math.min(min, v - lo);
      max = Math.max(max, v + hi);
    }
  });
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min || (log && min <= 0)) return;
  const to = log ? Math.log10 : (v: number): number => v;
  const from = log ? (v: number): number => 10 ** v : (v: number): number => v;
  const d = (to(max) - to(min)) * MARGIN;
  if (opts.min === undefined && !(opts.beginAtZero && min === 0)) scale.min = from(to(min) - d);
  if (opts.max === undefined && !(opts.beginAtZero && max === 0)) scale.max = from(to(max) + d);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Style defaults for one cartesian axis, given what the user wrote for it. */
function scaleDefaults(style: Style, user: Json, id: string, chartKind: ChartKind, hasLabels: boolean, plan: PanelPlan): Json {
  const ticksOut = style.ticks.direction === 'out';
  const isLog = user.type === 'logarithmic';
  const defaults: Json = {
    grid: { display: style.grid, drawOnChartArea: style.grid, drawTicks: false, color: style.gridColor, lineWidth: style.axisWidth * 0.7 },
    border: { display: false },
    ticks: {
      font: { family: style.font.family, size: style.fontSize.tick },
      color: style.foreground,
      padding: ticksOut ? style.ticks.length + 2 : 3,
      maxRotation: 0,
      autoSkipPadding: style.fontSize.tick * 0.8,
      callback: isLog ? logTickLabel : numericTickLabel,
      // Every log tick is drawn (minor ones unlabelled); skipping could drop a labelled decade.
      ...(isLog ? { autoSkip: false } : {}),
    },
    title: {
      font: { family: style.font.family, size: style.fontSize.label },
      color: style.foreground,
      padding: { top: 1, bottom: 1 },
    },
  };
  if (user.type === 'logarithmic' || user.type === 'linear' || user.type === undefined) {
    // matplotlib's look: the axis spans the data (plus a margin), not the next round tick.
    defaults.bounds = 'data';
    defaults.afterDataLimits = padLimits;
    defaults.afterBuildTicks = isLog ? ticksInRange : roundTicks;
    if (!isLog) (defaults.ticks as Json).includeBounds = false;
  }
  // A chart of {x, y} points wants a numeric x axis, not Chart.js's category default.
  const axis = id.startsWith('x') ? 'x' : 'y';
  if (id === 'x' && user.type === undefined && (chartKind.xAxis === 'linear' || (chartKind.xAxis === 'labels' && !hasLabels))) defaults.type = 'linear';
  const category = user.type === undefined && id === 'x' && (chartKind.xAxis === 'category' || (chartKind.xAxis === 'labels' && hasLabels));
  const shared = plan.limits?.[id];
  if (shared && user.min === undefined && user.max === undefined) {
    defaults.min = shared[0];
    defaults.max = shared[1];
  }
  if (plan.hide?.[axis]) {
    // An inner panel of a shared grid: ticks stay, their labels and the axis title go (matplotlib's label_outer).
    (defaults.ticks as Json).display = false;
    (defaults.title as Json).display = false;
  }
  if (user.type === 'category' || category) {
    (defaults.ticks as Json).callback = undefined;
    delete defaults.bounds;
    delete defaults.afterDataLimits;
    delete defaults.afterBuildTicks;
    delete (defaults.ticks as Json).includeBounds;
  }
  const merged = deepMerge(defaults, user);
  const title = merged.title as Json;
  if (title.text !== undefined && (user.title as Json | undefined)?.display === undefined && !plan.hide?.[axis]) title.display = true;
  if (plan.hide?.[axis]) (merged.ticks as Json).display = false;
  if ((merged.ticks as Json).callback === undefined) delete (merged.ticks as Json).callback;
  return merged;
}

/** Options every chart gets under the user's: print fonts, no animation or interaction, fixed locale. */
function chartDefaults(style: Style, extra: PanelPlan['extra']): Json {
  const font = (size: number): Json => ({ family: style.font.family, size });
  return {
    animation: false,
    responsive: false,
    maintainAspectRatio: false,
    // Number formatting must not follow the machine's locale: same inputs, same figure.
    locale: 'en-US',
    events: [],
    color: style.foreground,
    layout: {
      padding: {
        top: style.padding + extra.top,
        right: style.padding + 1 + extra.right,
        bottom: style.padding + extra.bottom,
        left: style.padding + extra.left,
      },
    },
    elements: {
      line: { borderWidth: style.lineWidth, tension: 0, borderCapStyle: 'round', borderJoinStyle: 'round' },
      point: { radius: style.markerRadius, hoverRadius: style.markerRadius, borderWidth: 0, hitRadius: 0 },
      bar: { borderWidth: 0 },
      arc: { borderWidth: style.axisWidth, borderColor: style.background === 'transparent' ? '#fff' : style.background },
    },
    datasets: {
      line: { pointRadius: 0, pointHoverRadius: 0 },
    },
    plugins: {
      legend: { display: false, labels: { font: font(style.fontSize.legend), color: style.foreground } },
      title: { font: { ...font(style.fontSize.title), weight: 'bold' }, color: style.foreground },
      subtitle: { font: font(style.fontSize.label), color: style.foreground },
      tooltip: { enabled: false },
      colors: { enabled: false },
    },
  };
}

/** Gives datasets without colours the style's palette; `_`-labelled helpers (bands) share the next line's colour. */
function styleDatasets(style: Style, type: string, datasets: readonly unknown[]): Json[] {
  let visible = 0;
  return datasets.map((raw) => {
    const ds: Json = { ...(raw as Json) };
    copyErrors(raw as object, ds);
    const helper = typeof ds.label === 'string' && ds.label.startsWith('_');
    const color = style.palette[visible % style.palette.length]!;
    if (!helper) visible += 1;
    const dsType = typeof ds.type === 'string' ? ds.type : type;
    const colors = kind(dsType).colors;
    if (colors === 'colormap') {
      // Gridded kinds colour through their colormap and take no palette colour. Chart.js draws higher
      // `order` first: images and filled contours at the bottom, contour lines over them, data on top.
      if (!helper) visible -= 1;
      ds.order ??= dsType === 'contour' ? 1e6 - 1 : 1e6;
    } else if (colors === 'bar') {
      ds.backgroundColor ??= withAlpha(color, 0.85);
      ds.borderColor ??= color;
    } else if (colors === 'slices') {
      ds.backgroundColor ??= [...style.palette];
    } else {
      ds.borderColor ??= color;
      if (helper) {
        // Helpers are band edges: filled (if `fill` is set) in the next line's colour, with no line of their own.
        ds.backgroundColor ??= withAlpha(color, 0.22);
        ds.borderWidth ??= 0;
        ds.pointRadius ??= 0;
      } else {
        ds.backgroundColor ??= ds.fill !== undefined && ds.fill !== false ? withAlpha(color, 0.22) : color;
      }
    }
    return ds;
  });
}

/**
 * A fresh Chart.js configuration: style defaults under the user's configuration (Chart.js mutates its
 * configuration, so a figure drawn in several formats gets a new one each time), the frame and legend plugins,
 * and the device pixel ratio the renderer needs.
 *
 * @example
 * ```ts
 * import { paper, type AnyChartConfiguration } from 'numbat/plot';
 * import { styledConfig } from './chartjs.js';
 * import { NO_PLAN } from './layout.js';
 *
 * const config: AnyChartConfiguration = { type: 'line', data: { datasets: [{ label: 'x', data: [{ x: 0, y: 1 }] }] } };
 * const styled = styledConfig(paper, config, {}, 64, NO_PLAN);
 * styled === config; // → false
 * styled.options?.devicePixelRatio; // → 64
 * ```
 */
export function styledConfig(
  style: Style,
  config: AnyChartConfiguration,
  extras: ChartExtras,
  devicePixelRatio: number,
  plan: PanelPlan,
): AnyChartConfiguration {
  const type = config.type as string;
  const chartKind = kind(type);
  const userOptions: Json = isObject(config.options) ? (config.options as Json) : {};
  const data: Json = isObject(config.data) ? { ...(config.data as Json) } : {};
  data.datasets = styleDatasets(style, type, Array.isArray(data.datasets) ? data.datasets : []);
  const hasLabels = Array.isArray(data.labels) && data.labels.length > 0;
  const defaults = chartDefaults(style, plan.extra);
  const cartesian = chartKind.cartesian;
  if (cartesian) {
    const userScales: Json = isObject(userOptions.scales) ? userOptions.scales : {};
    const ids = new Set(['x', 'y', ...Object.keys(userScales)]);
    const scales: Json = {};
    for (const id of ids) {
      const user = isObject(userScales[id]) ? (userScales[id] as Json) : {};
      scales[id] = scaleDefaults(style, user, id, chartKind, hasLabels, plan);
    }
    defaults.scales = scales;
  }
  const xType = ((isObject(userOptions.scales) ? userOptions.scales.x : undefined) as Json | undefined)?.type;
  // Bars over a numeric axis are histograms: full-width bins, overlapping datasets. Over categories they group.
  const histogramBars = xType === 'linear' || (xType === undefined && !hasLabels && chartKind.xAxis !== 'category');
  (defaults.datasets as Json).bar = histogramBars
    ? { barPercentage: 1, categoryPercentage: 1, grouped: false }
    : { barPercentage: 0.85, categoryPercentage: 0.8 };
  if (!cartesian && (extras.legend ?? style.legend) !== 'none') {
    // Pie-like charts label their slices, which Chart.js's own legend does; put it beside the chart.
    const plugins = defaults.plugins as Json;
    plugins.legend = deepMerge(plugins.legend, {
      display: true,
      position: 'right',
      labels: { boxWidth: style.fontSize.legend, boxHeight: style.fontSize.legend * 0.8, padding: style.fontSize.legend * 0.6 },
    });
  }
  const options = deepMerge(defaults, { ...userOptions, scales: defaults.scales });
  options.devicePixelRatio = devicePixelRatio;
  const plugins: Plugin[] = [...((config.plugins as Plugin[] | undefined) ?? [])];
  plugins.push(exactLines);
  if (cartesian) plugins.push(errorBarsPlugin(style), framePlugin(style), colorbarPlugin(style));
  const chartLegend = !cartesian || ((userOptions.plugins as Json | undefined)?.legend as Json | undefined)?.display === true;
  const legend = extras.legend ?? style.legend;
  if (!chartLegend && legend !== 'none') plugins.push(legendPlugin(style, legend, cartesian, plan.insets ?? []));
  return { ...config, data, options, plugins } as unknown as AnyChartConfiguration;
}

/**
 * Chart.js draws long solid lines by a "fast path" that merges points falling in the same CSS pixel — here
 * the same point (1/72 in) — into vertical strokes, which shows on paper as notches at turning points.
 * Marking the line as already decimated makes it draw every segment.
 */
const exactLines: Plugin = {
  id: 'numbatExactLines',
  afterDatasetsUpdate(chart) {
    for (let i = 0; i < chart.data.datasets.length; i++) {
      const line = chart.getDatasetMeta(i).dataset as { _decimated?: boolean } | undefined | null;
      if (line) line._decimated = true;
    }
  },
};
