/**
 * Drawing recorded figures onto a target: a Skia PDF page (vector, fonts embedded as subsets), a raster
 * canvas (PNG at a chosen DPI) or an SVG canvas (text converted to paths).
 *
 * Each panel's chart gets its own view of the page context: Chart.js believes it owns a canvas of the
 * panel's size, and its `setTransform` (device-pixel scaling) is composed with the panel's place on the page.
 *
 * Over 400 lines, with a reason: the three formats share one figure's drawing (panel contexts, layout probe,
 * chart runs), and about a quarter is the documented public types of the output.
 *
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { INHERIT, overlayContext } from './overlay.js';
import { Chart } from 'chart.js';
import type { ChartArea, ChartItem, ChartType } from 'chart.js';
import { ensureChartJs, styledConfig } from './chartjs.js';
import { drawInset, NO_PLAN, panelHost, planPanels, type ChartHost, type PanelPlan } from './layout.js';
import type { Box, DrawBox, DrawingContext, Figure, Panel } from './figure.js';
import { registerFontFamily } from './fonts.js';
import type { Style } from './style.js';
import { skia } from './skia.js';
import { multiply, type Matrix } from './matrix.js';
import { withMath, type TextBox, type TextSink } from './text.js';

/**
 * Output formats numbat writes.
 *
 * @example
 * ```ts
 * import { myplot, type Figure, type Format } from 'numbat/plot';
 *
 * const formats: Format[] = ['pdf', 'png'];
 * const fig1 = myplot({ format: formats })(function fig1(fig: Figure) {
 *   fig.chart({ type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'n', data: [1, 2] }] } });
 * });
 * ```
 */
export type Format = 'pdf' | 'png' | 'svg';

/**
 * The formats, for validation and messages.
 *
 * @example
 * ```ts
 * import type { Format } from 'numbat/plot';
 * import { FORMATS } from 'numbat/internals';
 *
 * const isFormat = (ext: string): ext is Format => (FORMATS as readonly string[]).includes(ext);
 * isFormat('svg'); // → true
 * isFormat('eps'); // → false
 * ```
 */
export const FORMATS: readonly Format[] = ['pdf', 'png', 'svg'];

/**
 * PDF document information.
 *
 * @example
 * ```ts
 * import { Figure, paper, type PdfMetadata } from 'numbat/plot';
 * import { renderPdf } from 'numbat/internals';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * const metadata: PdfMetadata = { title: 'Figure 2', author: 'A. Researcher', keywords: 'scaling' };
 * renderPdf([fig], metadata).includes('A. Researcher'); // → true
 * ```
 */
export interface PdfMetadata {
  /** Document title: viewers show it instead of the file name. */
  readonly title?: string;
  /** Document author. */
  readonly author?: string;
  /** What the document is about, e.g. the paper it belongs to. */
  readonly subject?: string;
  /** Search keywords, as one string (PDF has no list type for them). */
  readonly keywords?: string;
  /** Default `'numbat'`. */
  readonly creator?: string;
}

export { multiply, type Matrix } from './matrix.js';

/**
 * Chart.js's view of the page: a context whose `canvas` is a panel-sized stand-in, whose `setTransform` is
 * relative to the panel, and whose `clearRect` does nothing (the page is fresh; clearing a PDF page would
 * need a blend mode Skia can only rasterize).
 */
function panelContext(ctx: SKRSContext2D, base: Matrix, ratio: number, width: number, height: number): { canvas: object; ctx: SKRSContext2D } {
  const unscale: Matrix = [1 / ratio, 0, 0, 1 / ratio, 0, 0];
  const origin = multiply(base, unscale);
  const canvas = {
    // Chart.js reads its size in CSS pixels (here: points) from the canvas, then resizes it to device pixels.
    width,
    height,
    style: {},
    getContext: (): SKRSContext2D => proxy,
  };
  const proxy: SKRSContext2D = overlayContext(ctx, (target, key) => {
    if (key === 'canvas') return canvas;
    if (key === 'setTransform') {
      return (a: number | DOMMatrix2DInit, b?: number, c?: number, d?: number, e?: number, f?: number) => {
        const m: Matrix =
          typeof a === 'number' ? [a, b!, c!, d!, e!, f!] : [a.a ?? 1, a.b ?? 0, a.c ?? 0, a.d ?? 1, a.e ?? 0, a.f ?? 0];
        target.setTransform(...multiply(origin, m));
      };
    }
    if (key === 'resetTransform') return () => target.setTransform(...origin);
    if (key === 'clearRect') return () => undefined;
    return INHERIT;
  });
  return { canvas, ctx: proxy };
}

/**
 * An axis as drawn: its panel, the plot area and where its labelled ticks sit, page points.
 *
 * @example
 * ```ts
 * import { Figure, measureFigure, paper, type AxisBox } from 'numbat/plot';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * const axes: readonly AxisBox[] = measureFigure(fig).axes;
 * for (const a of axes) for (const t of a.ticks) console.log(a.panel, a.axis, t.label, t.at);
 * axes.map((a) => a.axis); // → [ 'x', 'y' ]
 * ```
 */
export interface AxisBox {
  /** The panel's label, or its index when it has none; an inset adds `/inset`. */
  readonly panel: string;
  /** `'x'` or `'y'`. */
  readonly axis: string;
  /** The plot area (inside the frame). */
  readonly area: Box;
  /** Labelled ticks: the label and its position along the axis (x for an x axis, y for a y axis). */
  readonly ticks: ReadonlyArray<{
    /** The label as drawn (math with its `$…$`). */
    readonly label: string;
    /** Position along the axis, page points. */
    readonly at: number;
  }>;
}

/**
 * What a measuring render saw: every text's ink box and every axis, in page points.
 *
 * @example
 * ```ts
 * import { Figure, measureFigure, paper, type FigureMeasure } from 'numbat/plot';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * const { texts, axes }: FigureMeasure = measureFigure(fig);
 * texts.some((t) => t.text === 'y = x²'); // → true
 * ```
 */
export interface FigureMeasure {
  /** Every text drawn, with its box. */
  readonly texts: readonly TextBox[];
  /** Every cartesian axis drawn. */
  readonly axes: readonly AxisBox[];
}

/** Where a measuring render reports what it drew. */
export interface Probe {
  readonly text: TextSink;
  readonly axis: (a: AxisBox) => void;
}

/**
 * Lays a figure out exactly as its PDF would be (same code, same sizes) on a scratch canvas and returns the
 * box of every text and every axis, so layout can be checked: no overlaps, tick labels inside their axis.
 *
 * @example
 * ```ts
 * import { Figure, measureFigure, paper } from 'numbat/plot';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * // A layout check without rendering: does any text overlap another?
 * const { texts } = measureFigure(fig);
 * const overlap = texts.some((a, i) => texts.slice(i + 1).some((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height));
 * overlap; // → false
 * ```
 */
export function measureFigure(figure: Figure): FigureMeasure {
  const texts: TextBox[] = [];
  const axes: AxisBox[] = [];
  const canvas = skia().createCanvas(1, 1);
  drawFigure(canvas.getContext('2d'), [1, 0, 0, 1, 0, 0], 64, figure, { text: (b) => texts.push(b), axis: (a) => axes.push(a) });
  return { texts, axes };
}

/** Draws one figure on a context whose current transform maps points to device units by `base`. */
function drawFigure(raw: SKRSContext2D, base: Matrix, ratio: number, figure: Figure, probe?: Probe): void {
  const style = figure.style;
  registerFontFamily(style.font);
  ensureChartJs();
  const ctx = withMath(raw, probe?.text);
  // Text shaping must not depend on the host's language.
  (ctx as unknown as { lang: string }).lang = 'en';
  ctx.setTransform(...base);
  if (style.background !== 'transparent') {
    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, figure.width, figure.height);
  }
  const plans = planPanels(figure);
  for (const panel of figure.panels) drawPanel(ctx, base, ratio, figure, panel, plans.get(panel) ?? NO_PLAN, probe);
  const drawings = figure.drawings();
  for (const draw of drawings) {
    ctx.save();
    ctx.setTransform(...base);
    draw(ctx as DrawingContext, { x: 0, y: 0, width: figure.width, height: figure.height });
    ctx.restore();
  }
}

/** Builds (and so draws) a chart on `ctx`; returns its plot area in the host's coordinates. */
interface ChartLayout {
  readonly area: ChartArea;
  readonly data: DrawBox['data'];
  /** Each cartesian scale's limits after padding, for shared axes. */
  readonly limits: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * Draws a chart into a host rectangle (a panel, or an inset inside one). `at` maps the host's top-left
 * corner to device units; the chart area and data mapping come back in host coordinates.
 */
export function runChart(ctx: SKRSContext2D, at: Matrix, ratio: number, style: Style, host: ChartHost, plan: PanelPlan, probe?: Probe | 'layout-only'): ChartLayout | undefined {
  const chartSpec = host.chart;
  if (!chartSpec) return undefined;
  const view = panelContext(ctx, at, ratio, host.width, host.height);
  const config = styledConfig(style, chartSpec.config, chartSpec.extras, ratio, plan);
  // Layout passes need the scales and the chart area, not the drawing: cancel it (Chart.js's beforeDraw).
  if (probe === 'layout-only') config.plugins = [...(config.plugins ?? []), { id: 'numbatLayoutOnly', beforeDraw: () => false }];
  ctx.save();
  let chart: Chart<ChartType, unknown, unknown> | undefined;
  try {
    chart = new Chart(view.canvas as unknown as ChartItem, config);
    // Scales keep their mapping after the chart is destroyed: custom drawing can use data coordinates.
    const { x, y } = chart.scales;
    const data = x && y ? { x: (v: number) => x.getPixelForValue(v), y: (v: number) => y.getPixelForValue(v) } : undefined;
    const limits: Record<string, readonly [number, number]> = {};
    const a = chart.chartArea;
    for (const scale of Object.values(chart.scales)) {
      if (scale.axis !== 'x' && scale.axis !== 'y') continue;
      limits[scale.id] = [scale.min, scale.max];
      if (!probe || probe === 'layout-only' || scale.options.display === false) continue;
      const horizontal = scale.isHorizontal();
      const ticks = scale.ticks.flatMap((t, i) => {
        const label = Array.isArray(t.label) ? t.label.join(' ') : (t.label ?? '');
        if (label === '' || (scale.options as unknown as { ticks: { display?: boolean } }).ticks.display === false) return [];
        const p = scale.getPixelForTick(i);
        return [{ label: String(label), at: horizontal ? at[4] / at[0] + p : at[5] / at[3] + p }];
      });
      const ox = at[4] / at[0];
      const oy = at[5] / at[3];
      probe.axis({ panel: host.name, axis: scale.axis, area: { x: ox + a.left, y: oy + a.top, width: a.right - a.left, height: a.bottom - a.top }, ticks });
    }
    return { area: { ...chart.chartArea }, data, limits };
  } catch (error) {
    const where = host.name ? ` in panel ${host.name}` : '';
    throw new Error(`myplot: Chart.js could not draw the chart${where}: ${(error as Error).message}`, { cause: error });
  } finally {
    chart?.destroy();
    ctx.restore();
  }
}

function drawPanel(ctx: SKRSContext2D, base: Matrix, ratio: number, figure: Figure, panel: Panel, plan: PanelPlan, probe?: Probe): void {
  const style = figure.style;
  const content = panel.content();
  const at = multiply(base, [1, 0, 0, 1, panel.x, panel.y]);
  const layout = runChart(ctx, at, ratio, style, panelHost(panel), plan, probe);
  const area = layout?.area;
  const plotArea = area && { x: area.left, y: area.top, width: area.right - area.left, height: area.bottom - area.top };
  if (plotArea) for (const inset of panel.insets()) drawInset(ctx, at, ratio, style, panel, inset, plotArea, probe);
  for (const draw of content.drawings) {
    ctx.save();
    ctx.setTransform(...at);
    draw(ctx as DrawingContext, { x: 0, y: 0, width: panel.width, height: panel.height, plotArea, data: layout?.data });
    ctx.restore();
  }
  if (panel.label) {
    ctx.save();
    ctx.setTransform(...at);
    ctx.fillStyle = style.foreground;
    ctx.font = `bold ${style.fontSize.panelLabel}px ${style.font.family}`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(panel.label, style.padding, style.padding);
    ctx.restore();
  }
}

/**
 * Vector PDF of one or more figures, one page each (the page size is the figure's). No timestamps or random
 * ids are written, so the same figures give the same bytes.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { Figure, paper } from 'numbat/plot';
 * import { renderPdf } from 'numbat/internals';
 *
 * const fig1 = new Figure(paper);
 * fig1.chart({ type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'n', data: [1, 2] }] } });
 * const fig2 = new Figure(paper);
 * fig2.chart({ type: 'pie', data: { labels: ['a', 'b'], datasets: [{ data: [1, 2] }] } });
 * // One page per figure, each page the figure's own size.
 * const bytes = renderPdf([fig1, fig2], { title: 'Supplementary figures', author: 'A. Researcher' });
 * writeFileSync('supplement.pdf', bytes);
 * bytes.subarray(0, 5).toString(); // → '%PDF-'
 * ```
 */
export function renderPdf(figures: readonly Figure[], metadata: PdfMetadata = {}): Buffer {
  if (figures.length === 0) throw new Error('myplot: a PDF needs at least one figure');
  const doc = new (skia().PDFDocument)({
    creator: 'numbat',
    producer: 'numbat (Skia/PDF)',
    ...Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)),
  });
  for (const figure of figures) {
    const ctx = doc.beginPage(figure.width, figure.height) as unknown as SKRSContext2D;
    try {
      // Skia's PDF device works in points; a large ratio makes Chart.js's pixel snapping negligible (1/64 pt).
      drawFigure(ctx, [1, 0, 0, 1, 0, 0], 64, figure);
    } finally {
      doc.endPage();
    }
  }
  return doc.close();
}

/**
 * PNG of a figure at `dpi` dots per inch (the file records the resolution).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { Figure, paper } from 'numbat/plot';
 * import { renderPng } from 'numbat/internals';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * const png = renderPng(fig, 300);
 * writeFileSync('fig1.png', png);
 * png.subarray(1, 4).toString(); // → 'PNG'
 * ```
 */
export function renderPng(figure: Figure, dpi: number): Buffer {
  if (!(dpi > 0) || !Number.isFinite(dpi)) throw new RangeError(`myplot: dpi must be a positive number, got ${String(dpi)}`);
  const k = dpi / 72;
  const canvas = skia().createCanvas(Math.round(figure.width * k), Math.round(figure.height * k));
  drawFigure(canvas.getContext('2d'), [k, 0, 0, k, 0, 0], k, figure);
  return canvas.encodeSync('png', { resolution: dpi });
}

/**
 * SVG of a figure, text converted to paths (so it looks the same without the fonts), sized in points.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { Figure, paper } from 'numbat/plot';
 * import { renderSvg } from 'numbat/internals';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * const svg = renderSvg(fig);
 * writeFileSync('fig1.svg', svg);
 * svg.includes('<text'); // → false
 * ```
 */
export function renderSvg(figure: Figure): Buffer {
  const w = Math.ceil(figure.width);
  const h = Math.ceil(figure.height);
  const canvas = skia().createCanvas(w, h, skia().SvgExportFlag.ConvertTextToPaths);
  drawFigure(canvas.getContext('2d'), [1, 0, 0, 1, 0, 0], 64, figure);
  const svg = canvas.getContent().toString('utf8');
  // Skia writes the size in CSS pixels; say points, so the figure prints at its real size.
  const sized = svg.replace(
    /<svg([^>]*?)\swidth="[^"]*"\s+height="[^"]*"/,
    `<svg$1 width="${w}pt" height="${h}pt" viewBox="0 0 ${w} ${h}"`,
  );
  // Skia numbers clip paths (cl_N) from a process-wide counter; renumber per file so the same figure gives
  // the same bytes however many figures were drawn before it.
  const ids = new Map<string, number>();
  const stable = sized.replace(/(?<=id="|url\(#|href="#)([A-Za-z]+)_([0-9A-Fa-f]+)/g, (_m, prefix: string, n: string) => {
    const key = `${prefix}_${n}`;
    if (!ids.has(key)) ids.set(key, ids.size + 1);
    return `${prefix}_${ids.get(key)}`;
  });
  return Buffer.from(stable, 'utf8');
}

/**
 * A figure in one format.
 *
 * @example
 * ```ts
 * import { Figure, paper } from 'numbat/plot';
 * import { renderFigure } from 'numbat/internals';
 *
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [{ label: 'y = x²', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 4 }] }] } });
 * const bytes = renderFigure(fig, 'png', { dpi: 72 });
 * // The PNG header's width: the paper style's 3.4 in at 72 dpi, in pixels.
 * bytes.readUInt32BE(16); // → 245
 * ```
 */
export function renderFigure(figure: Figure, format: Format, options: { dpi?: number; metadata?: PdfMetadata } = {}): Buffer {
  switch (format) {
    case 'pdf':
      return renderPdf([figure], options.metadata);
    case 'png':
      return renderPng(figure, options.dpi ?? figure.style.dpi);
    case 'svg':
      return renderSvg(figure);
    default:
      throw new Error(`myplot: unknown format '${String(format)}'; numbat writes ${FORMATS.join(', ')}`);
  }
}
