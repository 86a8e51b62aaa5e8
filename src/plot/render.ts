/**
 * Drawing recorded figures onto a target: a Skia PDF page (vector, fonts embedded as subsets), a raster
 * canvas (PNG at a chosen DPI) or an SVG canvas (text converted to paths).
 *
 * Each panel's chart gets its own view of the page context: Chart.js believes it owns a canvas of the
 * panel's size, and its `setTransform` (device-pixel scaling) is composed with the panel's place on the page.
 *
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { Chart } from 'chart.js';
import type { ChartArea, ChartItem, ChartType } from 'chart.js';
import { ensureChartJs, styledConfig, type Insets } from './chartjs.js';
import type { DrawBox, DrawingContext, Figure, Panel } from './figure.js';
import { registerFontFamily } from './fonts.js';
import type { Style } from './style.js';
import { skia } from './skia.js';

/**
 * Output formats numbat writes.
 *
 * @example
 * ```ts
 * const formats: Format[] = ['pdf', 'png'];
 * ```
 */
export type Format = 'pdf' | 'png' | 'svg';

/**
 * The formats, for validation and messages.
 *
 * @example
 * ```ts
 * FORMATS.includes(ext as Format);
 * ```
 */
export const FORMATS: readonly Format[] = ['pdf', 'png', 'svg'];

/**
 * PDF document information.
 *
 * @example
 * ```ts
 * renderPdf([fig], { title: 'Figure 2', author: 'A. Researcher', keywords: 'scaling' });
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

type Matrix = readonly [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/**
 * Chart.js's view of the page: a context whose `canvas` is a panel-sized stand-in, whose `setTransform` is
 * relative to the panel, and whose `clearRect` does nothing (the page is fresh; clearing a PDF page would
 * need a blend mode Skia can only rasterize).
 */
function panelContext(ctx: SKRSContext2D, base: Matrix, ratio: number, width: number, height: number): { canvas: object; ctx: SKRSContext2D } {
  const unscale: Matrix = [1 / ratio, 0, 0, 1 / ratio, 0, 0];
  const origin = multiply(base, unscale);
  const bound = new Map<PropertyKey, unknown>();
  const canvas = {
    // Chart.js reads its size in CSS pixels (here: points) from the canvas, then resizes it to device pixels.
    width,
    height,
    style: {},
    getContext: (): SKRSContext2D => proxy,
  };
  const proxy = new Proxy(ctx, {
    get(target, key) {
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
      let fn = bound.get(key);
      if (fn) return fn;
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      fn = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(key, fn);
      return fn;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
  return { canvas, ctx: proxy };
}

/** Draws one figure on a context whose current transform maps points to device units by `base`. */
function drawFigure(ctx: SKRSContext2D, base: Matrix, ratio: number, figure: Figure): void {
  const style = figure.style;
  registerFontFamily(style.font);
  ensureChartJs();
  // Text shaping must not depend on the host's language.
  (ctx as unknown as { lang: string }).lang = 'en';
  ctx.setTransform(...base);
  if (style.background !== 'transparent') {
    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, figure.width, figure.height);
  }
  const aligned = alignment(figure);
  for (const panel of figure.panels) drawPanel(ctx, base, ratio, figure, panel, aligned.get(panel) ?? NO_INSETS);
  const drawings = figure.drawings();
  for (const draw of drawings) {
    ctx.save();
    ctx.setTransform(...base);
    draw(ctx as DrawingContext, { x: 0, y: 0, width: figure.width, height: figure.height });
    ctx.restore();
  }
}

const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/** Builds (and so draws) a panel's chart on `ctx`; returns its plot area in panel coordinates. */
interface ChartLayout {
  readonly area: ChartArea;
  readonly data: DrawBox['data'];
}

function runChart(ctx: SKRSContext2D, at: Matrix, ratio: number, style: Style, panel: Panel, extra: Insets): ChartLayout | undefined {
  const content = panel.content();
  if (!content.chart) return undefined;
  const view = panelContext(ctx, at, ratio, panel.width, panel.height);
  // Room for the label line, plus the half of a tick label that pokes above the plot area when a tick sits
  // on its top edge (log axes often end on a decade): otherwise "(a)" and that tick label touch.
  const labelSpace = panel.label ? style.fontSize.panelLabel * 1.15 + style.fontSize.tick * 0.6 : 0;
  const config = styledConfig(style, content.chart.config, content.chart.extras, ratio, { ...extra, top: extra.top + labelSpace });
  ctx.save();
  let chart: Chart<ChartType, unknown, unknown> | undefined;
  try {
    chart = new Chart(view.canvas as unknown as ChartItem, config);
    // Scales keep their mapping after the chart is destroyed: custom drawing can use data coordinates.
    const { x, y } = chart.scales;
    const data = x && y ? { x: (v: number) => x.getPixelForValue(v), y: (v: number) => y.getPixelForValue(v) } : undefined;
    return { area: { ...chart.chartArea }, data };
  } catch (error) {
    const where = panel.label ? ` in panel ${panel.label}` : '';
    throw new Error(`myplot: Chart.js could not draw the chart${where}: ${(error as Error).message}`, { cause: error });
  } finally {
    chart?.destroy();
    ctx.restore();
  }
}

/**
 * Extra padding that lines up the plot areas of a grid: panels in a column share left and right edges, panels
 * in a row share top and bottom edges, whatever their tick labels' widths (matplotlib's constrained layout).
 * Measured by laying the charts out once on a scratch canvas.
 */
function alignment(figure: Figure): Map<Panel, Insets> {
  const out = new Map<Panel, Insets>();
  const charted = figure.panels.filter((p) => p.hasChart);
  if (charted.length < 2) return out;
  const scratch = skia().createCanvas(1, 1).getContext('2d');
  (scratch as unknown as { lang: string }).lang = 'en';
  const margins = new Map<Panel, Insets>();
  for (const panel of charted) {
    const { area } = runChart(scratch, [1, 0, 0, 1, 0, 0], 1, figure.style, panel, NO_INSETS)!;
    margins.set(panel, { left: area.left, top: area.top, right: panel.width - area.right, bottom: panel.height - area.bottom });
  }
  const max = (panels: Panel[], key: keyof Insets): number => Math.max(...panels.map((p) => margins.get(p)![key]));
  for (const panel of charted) {
    const column = charted.filter((p) => p.col === panel.col);
    const row = charted.filter((p) => p.row === panel.row);
    const m = margins.get(panel)!;
    out.set(panel, {
      left: max(column, 'left') - m.left,
      right: max(column, 'right') - m.right,
      top: max(row, 'top') - m.top,
      bottom: max(row, 'bottom') - m.bottom,
    });
  }
  return out;
}

function drawPanel(ctx: SKRSContext2D, base: Matrix, ratio: number, figure: Figure, panel: Panel, extra: Insets): void {
  const style = figure.style;
  const content = panel.content();
  const at = multiply(base, [1, 0, 0, 1, panel.x, panel.y]);
  const layout = runChart(ctx, at, ratio, style, panel, extra);
  const area = layout?.area;
  const plotArea = area && { x: area.left, y: area.top, width: area.right - area.left, height: area.bottom - area.top };
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
 * const bytes = renderPdf([fig1, fig2], { title: 'Supplementary figures', author: 'A. Researcher' });
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
 * writeFileSync('fig1.png', renderPng(fig, 300));
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
 * writeFileSync('fig1.svg', renderSvg(fig));
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
 * const bytes = renderFigure(fig, 'svg');
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
