/**
 * A figure: a page of a given size split into a grid of panels, each holding one Chart.js chart and any custom
 * drawing. A figure records what to draw and is drawn at save time, once per output format, so one figure
 * can become a PDF, a PNG and an SVG that agree.
 *
 * (Over 400 lines: about half is the documentation of the public `Figure`/`Panel` API, kept beside it.)
 *
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartType, DefaultDataPoint } from 'chart.js';
import type { LegendLocation, Style } from './style.js';
import { widthInches, type FigureWidth } from './style.js';
import { checkChartTypes } from './kinds.js';
import type { FigureShare } from './layout.js';

/**
 * The 2-D context custom drawing receives: a PDF page, a PNG canvas or an SVG canvas, in points.
 *
 * @example
 * ```ts
 * import { Figure, paper, type DrawingContext } from 'numbat';
 *
 * // Drawn after the chart, in points from the panel's top left corner.
 * const fig = new Figure(paper);
 * fig.draw((ctx: DrawingContext) => ctx.strokeRect(10, 10, 50, 20));
 * ```
 */
export type DrawingContext = Omit<SKRSContext2D, 'canvas'>;

/**
 * A rectangle in points.
 *
 * @example
 * ```ts
 * import { Figure, paper, type Box } from 'numbat';
 *
 * const fig = new Figure(paper, { subplots: [1, 2], width: 'double' });
 * const box: Box = fig.panel(1); // a panel is a Box: where it sits in the figure, in points
 * box.x > 0 && box.y === 0; // → true
 * ```
 */
export interface Box {
  /** Left edge, points from the left of the enclosing panel or page. */
  readonly x: number;
  /** Top edge, points down from the top of the enclosing panel or page (canvas coordinates: y grows downward). */
  readonly y: number;
  /** Width, points. */
  readonly width: number;
  /** Height, points. */
  readonly height: number;
}

/**
 * Where custom drawing happens: the panel (or figure) size, and for a panel with a chart the chart's plot
 * area (inside the axes frame), all in points from the panel's top-left corner.
 *
 * @example
 * ```ts
 * import { Figure, paper } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y', data: [{ x: 0, y: 1 }, { x: 1.6, y: 6.9 }, { x: 3, y: 2 }] }] } });
 * // In the panel's chart: the plot area, and data coordinates mapped to points.
 * fig.panel(0).draw((ctx, { plotArea }) => { if (plotArea) ctx.fillText('preliminary', plotArea.x + 4, plotArea.y + 12); });
 * fig.panel(0).draw((ctx, { data }) => { if (data) ctx.fillText('← peak', data.x(1.6), data.y(6.9)); });
 * ```
 */
export interface DrawBox extends Box {
  /** Always 0: the context is already translated to the panel's (or figure's) top-left corner. */
  readonly x: number;
  /** Always 0, for the same reason as `x`. */
  readonly y: number;
  /** The chart's plot area, when the panel has a chart. */
  readonly plotArea?: Box | undefined;
  /**
   * Data coordinates to panel points along the chart's `x` and `y` axes (linear, log, …), when the panel's
   * chart has them: annotate at a data position without a Chart.js plugin.
   */
  readonly data?: DataToPoints | undefined;
}

/**
 * Maps data values to panel points through the chart's own scales, so annotations land where Chart.js drew
 * the data whatever the axis type (linear, logarithmic, …).
 *
 * @example
 * ```ts
 * import { Figure, paper, type DataToPoints } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'scatter', data: { datasets: [{ label: 'runs', data: [{ x: 1, y: 2 }, { x: 1.6, y: 6.9 }] }] } });
 * const mark = (ctx: { fillRect(x: number, y: number, w: number, h: number): void }, data: DataToPoints): void => {
 *   ctx.fillRect(data.x(1.6) - 1, data.y(6.9) - 1, 2, 2);
 * };
 * fig.panel(0).draw((ctx, { data }) => { if (data) mark(ctx, data); });
 * ```
 */
export interface DataToPoints {
  /** Horizontal position, points from the panel's left edge, of the value `value` on the chart's `x` axis. */
  readonly x: (value: number) => number;
  /** Vertical position, points down from the panel's top edge, of the value `value` on the chart's `y` axis. */
  readonly y: (value: number) => number;
}

/**
 * Custom drawing: called at save time once per output format, with the context translated so that (0, 0)
 * is the top-left corner of the panel (or figure) and units are points. It must only draw, and should move
 * with `translate`/`scale` rather than `setTransform` (which would discard the panel's place on the page).
 *
 * @example
 * ```ts
 * import { Figure, paper, type DrawFunction } from 'numbat';
 *
 * const watermark: DrawFunction = (ctx, box) => {
 *   ctx.globalAlpha = 0.2;
 *   ctx.fillText('draft', box.width / 2, box.height / 2);
 * };
 * new Figure(paper, { subplots: [1, 2] }).draw(watermark); // over the whole figure
 * ```
 */
export type DrawFunction = (ctx: DrawingContext, box: DrawBox) => void;

/**
 * Per-chart choices that are not Chart.js options.
 *
 * @example
 * ```ts
 * import { Figure, paper, type ChartExtras } from 'numbat';
 *
 * const extras: ChartExtras = { legend: 'lower left' };
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { labels: ['1', '2', '3'], datasets: [{ label: 'fit', data: [3, 2, 1] }] } }, extras);
 * fig.panel(0).content().chart?.extras.legend; // → 'lower left'
 * ```
 */
export interface ChartExtras {
  /** Legend placement for this chart (default: the style's). */
  readonly legend?: LegendLocation;
}

/**
 * Any Chart.js configuration, as stored by a panel.
 *
 * @example
 * ```ts
 * import { Figure, paper, type AnyChartConfiguration } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'n', data: [3, 5] }] } });
 * const stored: AnyChartConfiguration | undefined = fig.panel(0).content().chart?.config;
 * stored?.type; // → 'bar'
 * ```
 */
export type AnyChartConfiguration = ChartConfiguration<ChartType, unknown, unknown>;

/**
 * What a panel holds, read by the renderer.
 *
 * @example
 * ```ts
 * import { Figure, paper, type PanelContent } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { labels: ['0', '1'], datasets: [{ label: 'y', data: [0, 1] }] } });
 * fig.panel(0).draw((ctx) => ctx.strokeRect(0, 0, 10, 10));
 * const { chart, drawings }: PanelContent = fig.panel(0).content();
 * [chart?.config.type, drawings.length]; // → [ 'line', 1 ]
 * ```
 */
export interface PanelContent {
  /** The chart given to {@link Panel.chart}, or `undefined` for a panel that only has custom drawing. */
  readonly chart: PanelChart | undefined;
  /** Custom drawing functions, in the order they were added: later ones draw on top. */
  readonly drawings: readonly DrawFunction[];
}

/**
 * A panel's chart as given to {@link Panel.chart}: kept as configuration, not as a Chart.js instance, because
 * the chart is built anew for every output format at save time.
 *
 * @example
 * ```ts
 * import { Figure, paper, type PanelChart } from 'numbat';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { labels: ['0', '1'], datasets: [{ label: 'y', data: [0, 1] }] } }, { legend: 'none' });
 * const chart: PanelChart | undefined = fig.panel(0).content().chart;
 * [chart?.config.type, chart?.extras.legend]; // → [ 'line', 'none' ]
 * ```
 */
export interface PanelChart {
  /** The Chart.js configuration, before the figure's style is applied. */
  readonly config: AnyChartConfiguration;
  /** The per-chart choices that are not Chart.js options. */
  readonly extras: ChartExtras;
}

/**
 * An inset chart of a panel, as recorded by {@link Panel.inset}.
 *
 * @example
 * ```ts
 * import { Figure, paper, type Inset } from 'numbat';
 *
 * const fig = new Figure(paper);
 * const pts = [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }];
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y', data: pts }] } });
 * fig.panel(0).inset([0.55, 0.55, 0.4, 0.4], { type: 'line', data: { datasets: [{ label: 'zoom', data: pts.slice(0, 2) }] } });
 * const [first]: readonly Inset[] = fig.panel(0).insets();
 * first?.bounds; // → [ 0.55, 0.55, 0.4, 0.4 ]
 * ```
 */
export interface Inset {
  /** Position among the panel's insets, from 0. */
  readonly index: number;
  /** `[x, y, width, height]`, fractions of the parent plot area from its lower left. */
  readonly bounds: readonly [number, number, number, number];
  /** The chart drawn in it. */
  readonly chart: PanelChart;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Label of the panel at `index`: (a), (b), …, (z), (aa), ….
 *
 * @example
 * ```ts
 * import { panelLabel } from 'numbat';
 *
 * panelLabel(0); // → '(a)'
 * panelLabel(25); // → '(z)'
 * panelLabel(27); // → '(ab)'
 * ```
 */
export function panelLabel(index: number): string {
  let n = index;
  let s = '';
  do {
    s = LETTERS[n % 26]! + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `(${s})`;
}

/**
 * One cell of a figure's grid: one Chart.js chart plus optional custom drawing.
 *
 * @example
 * ```ts
 * import { Figure, paper } from 'numbat';
 *
 * const fig = new Figure(paper, { subplots: [2, 2], width: 'double' });
 * const pts = [{ x: 0, y: 1 }, { x: 1, y: 3 }];
 * fig.panel(0, 1).chart({ type: 'line', data: { datasets: [{ label: 'x', data: pts }] } });
 * [fig.panel(0, 1).index, fig.panel(0, 1).hasChart, fig.panel(1, 0).hasChart]; // → [ 1, true, false ]
 * ```
 */
export class Panel implements Box {
  #chart: PanelContent['chart'];
  readonly #drawings: DrawFunction[] = [];
  readonly #insets: Inset[] = [];

  /** @internal */
  constructor(
    /** Position in reading order (row by row), from 0. */
    readonly index: number,
    /** Row, from 0. */
    readonly row: number,
    /** Column, from 0. */
    readonly col: number,
    /** Left edge on the page, points. */
    readonly x: number,
    /** Top edge on the page, points. */
    readonly y: number,
    /** Width, points. */
    readonly width: number,
    /** Height, points. */
    readonly height: number,
    /** The subplot label, `(a)`, `(b)`, …, or `undefined` when the figure has no panel labels. */
    readonly label: string | undefined,
  ) {}

  /**
   * Puts a Chart.js chart in this panel. The figure's style supplies fonts, colours, line widths and ticks;
   * anything set in `config` wins. A panel holds one chart.
   *
   * @example
   * ```ts
   * import { Figure, paper } from 'numbat';
   *
   * const fig = new Figure(paper, { subplots: [1, 2], width: 'double' });
   * const bins = [4, 9, 7, 2];
   * fig.panel(1).chart({ type: 'bar', data: { labels: ['0', '1', '2', '3'], datasets: [{ label: 'counts', data: bins }] } }, { legend: 'none' });
   * fig.panel(1).hasChart; // → true
   * fig.panel(1).chart({ type: 'line', data: { datasets: [] } }); // → throws Error: …
   * ```
   */
  chart<TType extends ChartType = ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown>(
    config: ChartConfiguration<TType, TData, TLabel>,
    extras: ChartExtras = {},
  ): this {
    if (typeof config !== 'object' || config === null || typeof (config as { type?: unknown }).type !== 'string') {
      throw new TypeError(`myplot: chart() needs a Chart.js configuration { type, data, options }`);
    }
    if (this.#chart) {
      throw new Error(`myplot: panel ${this.label ?? this.index} already has a chart; a panel holds one chart (use subplots for more)`);
    }
    checkChartTypes(config as unknown as AnyChartConfiguration);
    this.#chart = { config: config as unknown as AnyChartConfiguration, extras };
    return this;
  }

  /**
   * Adds an inset chart whose plot area fills `bounds` = `[x, y, width, height]`, fractions of this panel's
   * plot area from its lower-left corner (matplotlib's `ax.inset_axes`). It is drawn after the panel's chart,
   * on the figure's background, before custom drawing.
   *
   * @example
   * ```ts
   * import { Figure, paper } from 'numbat';
   *
   * // A zoom on the first points, in the upper right of panel (a): [x, y, width, height] as fractions of its plot area.
   * const fig = new Figure(paper);
   * const pts = Array.from({ length: 50 }, (_, i) => ({ x: i / 10, y: Math.sin(i / 10) }));
   * fig.chart({ type: 'line', data: { datasets: [{ label: 'sin', data: pts }] } });
   * fig.panel(0).inset([0.55, 0.55, 0.4, 0.4], { type: 'line', data: { datasets: [{ label: 'zoom', data: pts.slice(0, 5) }] } }, { legend: 'none' });
   * fig.panel(0).insets().length; // → 1
   * ```
   */
  inset<TType extends ChartType = ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown>(
    bounds: readonly [number, number, number, number],
    config: ChartConfiguration<TType, TData, TLabel>,
    extras: ChartExtras = {},
  ): this {
    const ok = Array.isArray(bounds) && bounds.length === 4 && bounds.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok || !(bounds[2] > 0 && bounds[3] > 0) || bounds[0] < 0 || bounds[1] < 0 || bounds[0] + bounds[2] > 1 || bounds[1] + bounds[3] > 1) {
      throw new RangeError(`myplot: inset bounds must be [x, y, width, height] inside [0, 1] (fractions of the plot area), got ${JSON.stringify(bounds)}`);
    }
    if (typeof config !== 'object' || config === null || typeof (config as { type?: unknown }).type !== 'string') {
      throw new TypeError(`myplot: inset() needs a Chart.js configuration { type, data, options }`);
    }
    checkChartTypes(config as unknown as AnyChartConfiguration);
    this.#insets.push({ index: this.#insets.length, bounds: [bounds[0], bounds[1], bounds[2], bounds[3]], chart: { config: config as unknown as AnyChartConfiguration, extras } });
    return this;
  }

  /** @internal The insets, in the order added. */
  insets(): readonly Inset[] {
    return [...this.#insets];
  }

  /**
   * Adds custom drawing on top of the chart, with (0, 0) at the panel's top-left corner, in points.
   *
   * @example
   * ```ts
   * import { Figure, paper } from 'numbat';
   *
   * const fig = new Figure(paper);
   * fig.chart({ type: 'line', data: { labels: ['0', '1'], datasets: [{ label: 'y', data: [0, 1] }] } });
   * fig.panel(0).draw((ctx, box) => { ctx.font = '8px "CMU Serif"'; ctx.fillText('preliminary', 10, box.height - 10); });
   * fig.panel(0).content().drawings.length; // → 1
   * ```
   */
  draw(fn: DrawFunction): this {
    if (typeof fn !== 'function') throw new TypeError('myplot: draw() needs a function (ctx, box) => void');
    this.#drawings.push(fn);
    return this;
  }

  /** Whether {@link Panel.chart} was called. */
  get hasChart(): boolean {
    return this.#chart !== undefined;
  }

  /** @internal What the renderer draws. */
  content(): PanelContent {
    return { chart: this.#chart, drawings: [...this.#drawings] };
  }
}

/**
 * Layout of a new figure.
 *
 * @example
 * ```ts
 * import { myplot, type Figure, type FigureLayout } from 'numbat';
 *
 * const layout: FigureLayout = { subplots: [2, 2], width: 'double', height: 4.5, panelLabels: true, sharex: 'col' };
 * const overview = myplot({ ...layout, save: false })(function overview(fig: Figure) {
 *   for (const p of fig.panels) p.chart({ type: 'line', data: { labels: ['0', '1'], datasets: [{ label: `run ${p.index}`, data: [p.index, 1] }] } });
 * });
 * const { figure } = overview();
 * [figure.rows, figure.cols, figure.height]; // → [ 2, 2, 324 ]
 * ```
 */
export interface FigureLayout {
  /** Grid of panels, `[rows, cols]`. Default `[1, 1]`. */
  readonly subplots?: readonly [number, number];
  /** Width: a column of the style's journal or inches. Default: the style's. */
  readonly width?: FigureWidth;
  /** Height, inches. Default: panel width × the style's aspect × rows. */
  readonly height?: number;
  /** Label the panels (a), (b), … (only drawn when there is more than one panel). Default: the style's. */
  readonly panelLabels?: boolean;
  /**
   * Share x limits across panels (`true`/`'all'`, `'col'`, `'row'`), as matplotlib's `subplots(sharex=…)`:
   * one range for the group, and with `true`/`'col'` x tick labels and titles only on the bottom row.
   */
  readonly sharex?: FigureShare;
  /** Share y limits (`true`/`'all'`, `'row'`, `'col'`); with `true`/`'row'` y labels only on the left column. */
  readonly sharey?: FigureShare;
}

/**
 * A figure being drawn: what a `@myplot` function receives as its first argument. Draw with
 * {@link Figure.chart} (fills panels in order), {@link Figure.panel}, or {@link Figure.draw}.
 *
 * @example
 * ```ts
 * import { Figure, paper, saveFigure } from 'numbat';
 *
 * const fig = new Figure(paper, { subplots: [1, 2], width: 'double' });
 * fig.chart({ type: 'line', data: { labels: ['0', '1', '2'], datasets: [{ label: 'left', data: [0, 1, 4] }] } }); // panel (a)
 * fig.chart({ type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'right', data: [3, 5] }] } }); // panel (b)
 * saveFigure(fig, 'out/two.pdf'); // → [ '/…/out/two.pdf' ]
 * ```
 */
export class Figure {
  /** Width, points. */
  readonly width: number;
  /** Height, points. */
  readonly height: number;
  /** Grid rows. */
  readonly rows: number;
  /** Grid columns. */
  readonly cols: number;
  /** The panels, row by row. */
  readonly panels: readonly Panel[];
  /** Axis sharing across panels. */
  readonly share: {
    /** How x axes are shared (`false`: not). */
    readonly sharex: FigureShare;
    /** How y axes are shared (`false`: not). */
    readonly sharey: FigureShare;
  };
  readonly #drawings: DrawFunction[] = [];

  constructor(
    /** The style everything is drawn in. */
    readonly style: Style,
    layout: FigureLayout = {},
  ) {
    const [rows, cols] = layout.subplots ?? [1, 1];
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows * cols > 702) {
      throw new RangeError(`myplot: subplots must be [rows, cols] of positive integers, got [${String(rows)}, ${String(cols)}]`);
    }
    const inches = widthInches(style, layout.width ?? style.width);
    if (!(inches > 0) || !Number.isFinite(inches)) throw new RangeError(`myplot: figure width must be positive inches, got ${String(layout.width)}`);
    if (layout.height !== undefined && !(layout.height > 0 && Number.isFinite(layout.height))) {
      throw new RangeError(`myplot: figure height must be positive inches, got ${String(layout.height)}`);
    }
    for (const [k, v] of [['sharex', layout.sharex], ['sharey', layout.sharey]] as const) {
      if (v !== undefined && v !== true && v !== false && v !== 'all' && v !== 'col' && v !== 'row') {
        throw new TypeError(`myplot: ${k} must be true, false, 'all', 'col' or 'row', got ${JSON.stringify(v)}`);
      }
    }
    this.share = { sharex: layout.sharex ?? false, sharey: layout.sharey ?? false };
    this.rows = rows;
    this.cols = cols;
    this.width = inches * 72;
    this.height = layout.height !== undefined ? layout.height * 72 : (this.width / cols) * style.aspect * rows;
    const labels = (layout.panelLabels ?? style.panelLabels) && rows * cols > 1;
    const w = this.width / cols;
    const h = this.height / rows;
    const panels: Panel[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        panels.push(new Panel(i, r, c, c * w, r * h, w, h, labels ? panelLabel(i) : undefined));
      }
    }
    this.panels = panels;
  }

  /**
   * The panel at a reading-order index, or at `(row, col)`.
   *
   * @example
   * ```ts
   * import { Figure, paper } from 'numbat';
   *
   * const fig = new Figure(paper, { subplots: [2, 2] });
   * fig.panel(3) === fig.panel(1, 1); // → true
   * fig.panel(4); // → throws RangeError: …
   * ```
   */
  panel(index: number): Panel;
  panel(row: number, col: number): Panel;
  panel(a: number, b?: number): Panel {
    const index = b === undefined ? a : a * this.cols + b;
    const inRange = b === undefined ? true : a >= 0 && a < this.rows && b >= 0 && b < this.cols;
    const panel = inRange && Number.isInteger(index) ? this.panels[index] : undefined;
    if (!panel) {
      const where = b === undefined ? `index ${a}` : `(${a}, ${b})`;
      throw new RangeError(`myplot: no panel at ${where}; this figure has ${this.rows}×${this.cols} panels`);
    }
    return panel;
  }

  /**
   * Puts a chart in the next panel that has none (the only panel of a single-panel figure).
   *
   * @example
   * ```ts
   * import { Figure, paper } from 'numbat';
   *
   * const fig = new Figure(paper);
   * const pts = [1, 10, 100].map((y, x) => ({ x, y }));
   * fig.chart({ type: 'line', data: { datasets: [{ label: 'fit', data: pts }] }, options: { scales: { y: { type: 'logarithmic' } } } });
   * fig.panel(0).hasChart; // → true
   * ```
   */
  chart<TType extends ChartType = ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown>(
    config: ChartConfiguration<TType, TData, TLabel>,
    extras: ChartExtras = {},
  ): Panel {
    const free = this.panels.find((p) => !p.hasChart);
    if (!free) {
      throw new Error(
        `myplot: every panel of this ${this.rows}×${this.cols} figure already has a chart; ` +
          'use subplots: [rows, cols] for more panels',
      );
    }
    return free.chart(config, extras);
  }

  /**
   * Adds custom drawing over the whole figure (after the panels), (0, 0) at the top-left, in points.
   *
   * @example
   * ```ts
   * import { Figure, paper } from 'numbat';
   *
   * // A frame around the whole figure, drawn after every panel.
   * const fig = new Figure(paper, { subplots: [1, 2] });
   * fig.draw((ctx, box) => { ctx.strokeRect(0.5, 0.5, box.width - 1, box.height - 1); });
   * ```
   */
  draw(fn: DrawFunction): this {
    if (typeof fn !== 'function') throw new TypeError('myplot: draw() needs a function (ctx, box) => void');
    this.#drawings.push(fn);
    return this;
  }

  /** @internal Figure-level drawings, read by the renderer. */
  drawings(): readonly DrawFunction[] {
    return [...this.#drawings];
  }
}
