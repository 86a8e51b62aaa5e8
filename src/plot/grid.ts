/**
 * Gridded data: images (`imshow`), contour lines (`contour`) and filled contours (`contourf`), as Chart.js
 * dataset controllers, so they mix with lines and points in one chart and the axes fit their extent. Images
 * are embedded bitmaps (the data are an image); contours are vector paths (marching squares by
 * `d3-contour`). A colour scale gets a colorbar beside the plot ({@link colorbarPlugin}).
 *
 * Grid convention (matplotlib's `origin='lower'`): `z[j][i]` is the value at column i (x) and row j (y),
 * row 0 at the bottom.
 *
 * (Over 400 lines: the three controllers share private helpers — extents, levels, ranges, the polygon cache —
 * that splitting would have to export for each other.)
 *
 * @module
 */
import { DatasetController, type CartesianScaleTypeRegistry, type CoreChartOptions, type Scale } from 'chart.js';
import { contours as d3contours } from 'd3-contour';
import { COLORMAPS, colormap, colormapCss, makeNorm, type ColormapName, type Norm, type NormSpec } from './colormaps.js';
import { skia } from './skia.js';

/**
 * Options shared by the gridded kinds.
 *
 * @example
 * ```ts
 * import { imshow, type GridOptions } from 'numbat';
 *
 * const opts: GridOptions = { extent: [0, 1, 0, 2], cmap: 'cividis', norm: 'log', colorbar: { label: '$|\\psi|^2$' } };
 * const image = imshow([[1, 10], [100, 1000]], opts);
 * ```
 */
export interface GridOptions {
  /**
   * `[x0, x1, y0, y1]`. For `imshow` the outer edges of the image (as matplotlib); for contours the
   * positions of the first and last samples. Default: sample indices.
   */
  readonly extent?: readonly [number, number, number, number];
  /** Colormap. Default `'viridis'`. */
  readonly cmap?: ColormapName;
  /** Value-to-colour normalisation. Default `'linear'`. */
  readonly norm?: NormSpec;
  /** Lower end of the colour range. Default: the data's minimum (positive data for a log norm). */
  readonly vmin?: number;
  /** Upper end of the colour range. Default: the data's maximum. */
  readonly vmax?: number;
  /** Legend label (a `_` prefix or none keeps it out of the legend). */
  readonly label?: string;
  /** A colorbar beside the plot, with an optional label; `false` for none. Default: on for imshow/contourf. */
  readonly colorbar?:
    | false
    | {
        /** The colorbar's title, beside it (may hold math). */
        readonly label?: string;
      };
}

/**
 * Contour options: the levels (a count of nicely rounded levels, or the values), and for lines a colour.
 *
 * @example
 * ```ts
 * import { contour, type ContourOptions } from 'numbat';
 *
 * const z = Array.from({ length: 20 }, (_, i) => Array.from({ length: 30 }, (_, j) => Math.exp(-((i - 10) ** 2 + (j - 15) ** 2) / 40)));
 * const options: ContourOptions = { levels: [0.1, 0.5, 0.9], colors: '#ffffff', lineWidth: 0.6 };
 * contour(z, options).type; // → 'contour'
 * ```
 */
export interface ContourOptions extends GridOptions {
  /** Number of levels (about; rounded values are chosen) or the level values. Default 8. */
  readonly levels?: number | readonly number[];
  /** Line colour for `contour` (default: the colormap at each level). */
  readonly colors?: string;
  /** Line width, points (default: the style's axis width × 1.4). */
  readonly lineWidth?: number;
}

/** A gridded dataset as stored in a Chart.js configuration. */
export interface GridDataset extends ContourOptions {
  /** The kind (a row of the chart-kinds table). */
  readonly type: 'imshow' | 'contour' | 'contourf' | 'pcolormesh';
  /** Always empty: Chart.js has no points to parse; the grid is `z`. */
  readonly data: [];
  /** The values, row-major, `nx` per row. */
  readonly z: Float64Array;
  /** Columns (samples along x). */
  readonly nx: number;
  /** Rows (samples along y). */
  readonly ny: number;
  /** `pcolormesh` only: the `nx + 1` cell edges along x, monotonic. */
  readonly xEdges?: Float64Array;
  /** `pcolormesh` only: the `ny + 1` cell edges along y, monotonic. */
  readonly yEdges?: Float64Array;
}

declare module 'chart.js' {
  // numbat's gridded kinds as Chart.js chart and dataset types, so `{ type: 'imshow', … }` type-checks.
  interface ChartTypeRegistry {
    imshow: GridRegistryEntry<'imshow'>;
    contour: GridRegistryEntry<'contour'>;
    contourf: GridRegistryEntry<'contourf'>;
    pcolormesh: GridRegistryEntry<'pcolormesh'>;
  }
}

/** The Chart.js type-registry entry of a gridded kind. */
export interface GridRegistryEntry<T extends GridDataset['type']> {
  chartOptions: CoreChartOptions<T>;
  datasetOptions: Partial<Omit<GridDataset, 'type' | 'data'>>;
  defaultDataPoint: never;
  metaExtensions: object;
  parsedDataType: object;
  scales: keyof CartesianScaleTypeRegistry;
}

/** Row-major copy of `z[row][column]`, checked rectangular and at least `min`×`min`. */
export function flatten(z: ArrayLike<ArrayLike<number>>, what: string, min = 2): { z: Float64Array; nx: number; ny: number } {
  const ny = z.length;
  const nx = ny > 0 ? z[0]!.length : 0;
  if (ny < min || nx < min) throw new RangeError(`myplot: ${what} needs a grid of at least ${min}×${min} values (z[row][column]), got ${ny}×${nx}`);
  const out = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const row = z[j]!;
    if (row.length !== nx) throw new RangeError(`myplot: ${what}: row ${j} has ${row.length} values, row 0 has ${nx}; the grid must be rectangular`);
    for (let i = 0; i < nx; i++) out[j * nx + i] = Number(row[i]);
  }
  return { z: out, nx, ny };
}

/** Checks the options every gridded kind shares (colormap, extent, norm). */
export function check(options: ContourOptions, what: string): void {
  if (options.cmap !== undefined && !COLORMAPS.includes(options.cmap)) {
    throw new TypeError(`myplot: ${what}: unknown colormap '${String(options.cmap)}'; numbat has ${COLORMAPS.join(', ')}`);
  }
  const e = options.extent;
  if (e !== undefined && !(e.length === 4 && e.every(Number.isFinite) && e[0] !== e[1] && e[2] !== e[3])) {
    throw new RangeError(`myplot: ${what}: extent must be [x0, x1, y0, y1] with x0 ≠ x1 and y0 ≠ y1, got ${JSON.stringify(e)}`);
  }
  if (options.norm !== undefined) makeNorm(options.norm, 1, 2);
}

function dataset(type: GridDataset['type'], z: ArrayLike<ArrayLike<number>>, options: ContourOptions): GridDataset {
  check(options, type);
  return { ...options, type, data: [], ...flatten(z, type) };
}

/**
 * An image of a 2-D array (matplotlib's `imshow`/heatmap, `origin='lower'`), with a colorbar. Put it in a
 * chart's datasets; the axes fit the image's extent.
 *
 * @example
 * ```ts
 * import { Figure, imshow, paper } from 'numbat';
 *
 * const z = Array.from({ length: 20 }, (_, i) => Array.from({ length: 30 }, (_, j) => Math.exp(-((i - 10) ** 2 + (j - 15) ** 2) / 40)));
 * const fig = new Figure(paper);
 * fig.chart({ type: 'imshow', data: { datasets: [imshow(z, { extent: [-1, 1, -1, 1], cmap: 'viridis', colorbar: { label: '$I/I_0$' } })] } });
 * ```
 */
export function imshow(z: ArrayLike<ArrayLike<number>>, options: GridOptions = {}): GridDataset {
  return dataset('imshow', z, options);
}

/**
 * Contour lines of a 2-D array, as vector paths.
 *
 * @example
 * ```ts
 * import { contour, Figure, imshow, paper } from 'numbat';
 *
 * const z = Array.from({ length: 20 }, (_, i) => Array.from({ length: 30 }, (_, j) => Math.exp(-((i - 10) ** 2 + (j - 15) ** 2) / 40)));
 * const fig = new Figure(paper);
 * fig.chart({ type: 'imshow', data: { datasets: [imshow(z), contour(z, { levels: 6, colors: '#ffffff' })] } });
 * ```
 */
export function contour(z: ArrayLike<ArrayLike<number>>, options: ContourOptions = {}): GridDataset {
  return dataset('contour', z, { colorbar: false, ...options });
}

/**
 * Filled contours of a 2-D array (bands between levels), as vector paths, with a colorbar.
 *
 * @example
 * ```ts
 * import { contourf, Figure, paper } from 'numbat';
 *
 * const z = Array.from({ length: 20 }, (_, i) => Array.from({ length: 30 }, (_, j) => Math.exp(-((i - 10) ** 2 + (j - 15) ** 2) / 40)));
 * const fig = new Figure(paper);
 * fig.chart({ type: 'contourf', data: { datasets: [contourf(z, { levels: 10, cmap: 'coolwarm' })] } });
 * ```
 */
export function contourf(z: ArrayLike<ArrayLike<number>>, options: ContourOptions = {}): GridDataset {
  return dataset('contourf', z, options);
}

/**
 * About `count` round values (1, 2, 2.5, 5 × 10ⁿ steps) covering [lo, hi], as matplotlib's `MaxNLocator`.
 *
 * @example
 * ```ts
 * import { niceTicks } from './grid.js';
 *
 * niceTicks(0.03, 0.97, 5); // → [ 0, 0.2, 0.4, 0.6, 0.8, 1 ]
 * ```
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9))!;
  const out: number[] = [];
  for (let k = Math.floor(lo / step + 1e-9); k * step <= hi + step * (1 - 1e-9) + 1e-12; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

const ranges = new WeakMap<Float64Array, Map<string, [number, number]>>();

/** Range of the finite (and, for a log norm, positive) values, computed once per grid. */
function range(d: GridDataset): [number, number] {
  const key = d.norm === 'log' ? 'log' : 'all';
  let byNorm = ranges.get(d.z);
  if (!byNorm) ranges.set(d.z, (byNorm = new Map()));
  let r = byNorm.get(key);
  if (!r) byNorm.set(key, (r = scanRange(d)));
  return r;
}

function scanRange(d: GridDataset): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const log = d.norm === 'log';
  for (const v of d.z) {
    if (!Number.isFinite(v) || (log && !(v > 0))) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) throw new RangeError(`myplot: ${d.type} has no finite${log ? ' positive' : ''} values to colour`);
  return [lo, hi];
}

/** Contour levels of a dataset: given, or rounded values spanning (contourf) or inside (contour) the data. */
export function levelsOf(d: GridDataset): number[] {
  if (Array.isArray(d.levels)) return [...(d.levels as readonly number[])].sort((a, b) => a - b);
  const [lo, hi] = [d.vmin ?? range(d)[0], d.vmax ?? range(d)[1]];
  const n = typeof d.levels === 'number' ? d.levels : 8;
  if (d.norm === 'log') {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) out.push(10 ** k);
    return d.type === 'contour' ? out.filter((v) => v > lo && v < hi) : out;
  }
  const ticks = niceTicks(lo, hi, n);
  return d.type === 'contour' ? ticks.filter((v) => v > lo && v < hi) : ticks;
}

/**
 * The normalisation a gridded dataset colours with (its vmin/vmax, else its levels' or its data's range).
 *
 * @example
 * ```ts
 * import { imshow } from 'numbat';
 * import { normOf } from './grid.js';
 *
 * normOf(imshow([[1e-3, 1e-2], [1e-2, 1e-1]], { norm: 'log' })).map(1e-2); // → 0.5
 * ```
 */
export function normOf(d: GridDataset): Norm {
  if ((d.type === 'contour' || d.type === 'contourf') && d.vmin === undefined && d.vmax === undefined) {
    const lv = levelsOf(d);
    if (lv.length >= 2) return makeNorm(d.norm ?? 'linear', lv[0]!, lv[lv.length - 1]!);
  }
  const [lo, hi] = d.vmin !== undefined && d.vmax !== undefined ? [d.vmin, d.vmax] : range(d);
  return makeNorm(d.norm ?? 'linear', d.vmin ?? lo, d.vmax ?? hi);
}

/** Data coordinates of sample (i, j) (contours) and of the image's outer edges (imshow). */
function axes(d: GridDataset): { x: (u: number) => number; y: (v: number) => number; bounds: [number, number, number, number] } {
  if (d.xEdges && d.yEdges) {
    const [xs, ys] = [d.xEdges, d.yEdges];
    return { x: (u) => xs[u]!, y: (v) => ys[v]!, bounds: [xs[0]!, xs[xs.length - 1]!, ys[0]!, ys[ys.length - 1]!] };
  }
  const [x0, x1, y0, y1] = d.extent ?? (d.type === 'imshow' ? [-0.5, d.nx - 0.5, -0.5, d.ny - 0.5] : [0, d.nx - 1, 0, d.ny - 1]);
  if (d.type === 'imshow') {
    return { x: (u) => x0 + ((x1 - x0) * u) / d.nx, y: (v) => y0 + ((y1 - y0) * v) / d.ny, bounds: [x0, x1, y0, y1] };
  }
  // d3-contour puts sample i at u = i + 0.5.
  return { x: (u) => x0 + ((x1 - x0) * (u - 0.5)) / (d.nx - 1), y: (v) => y0 + ((y1 - y0) * (v - 0.5)) / (d.ny - 1), bounds: [x0, x1, y0, y1] };
}

type Ring = Array<[number, number]>;
const ringCache = new WeakMap<Float64Array, Map<number, Ring[][]>>();

/** Polygons of `z ≥ level`, cached per grid and level (a figure is drawn once per output format). */
function polygons(d: GridDataset, level: number): Ring[][] {
  let byLevel = ringCache.get(d.z);
  if (!byLevel) ringCache.set(d.z, (byLevel = new Map()));
  let hit = byLevel.get(level);
  if (!hit) {
    const values = Array.from(d.z, (v) => (Number.isFinite(v) ? v : NaN));
    hit = d3contours().size([d.nx, d.ny]).thresholds([level]).contour(values, level).coordinates as Ring[][];
    byLevel.set(level, hit);
  }
  return hit;
}

/** The gridded dataset a controller draws. */
export function gridOf(controller: DatasetController): GridDataset {
  return controller.getDataset() as unknown as GridDataset;
}

/** What the gridded kinds share: no points to parse, axes fitted to the grid's extent, clipping to it. */
export class GridController extends DatasetController {
  // Chart.js needs a registered element type; with no data points none is ever made.
  static defaults = { datasetElementType: false, dataElementType: 'point' };
  static overrides = { scales: { x: { type: 'linear' }, y: { type: 'linear' } } };

  override parse(): void {}
  override update(): void {}

  override getMinMax(scale: Scale): { min: number; max: number } {
    const [x0, x1, y0, y1] = axes(gridOf(this)).bounds;
    return scale.axis === 'x' ? { min: Math.min(x0, x1), max: Math.max(x0, x1) } : { min: Math.min(y0, y1), max: Math.max(y0, y1) };
  }

  /** Clips to the grid's own rectangle, in pixels. */
  protected clipToGrid(ctx: CanvasRenderingContext2D, d: GridDataset): void {
    const meta = this.getMeta();
    const [x0, x1, y0, y1] = axes(d).bounds;
    const px = [meta.xScale!.getPixelForValue(x0), meta.xScale!.getPixelForValue(x1)];
    const py = [meta.yScale!.getPixelForValue(y0), meta.yScale!.getPixelForValue(y1)];
    ctx.beginPath();
    ctx.rect(Math.min(...px), Math.min(...py), Math.abs(px[1]! - px[0]!), Math.abs(py[1]! - py[0]!));
    ctx.clip();
  }

  protected tracePolygons(ctx: CanvasRenderingContext2D, d: GridDataset, level: number): void {
    const meta = this.getMeta();
    const { x, y } = axes(d);
    for (const polygon of polygons(d, level)) {
      for (const ring of polygon) {
        ring.forEach(([u, v], k) => {
          const px = meta.xScale!.getPixelForValue(x(u));
          const py = meta.yScale!.getPixelForValue(y(v));
          if (k === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        });
        ctx.closePath();
      }
    }
  }
}

/** `imshow`: one embedded bitmap, one pixel per value, drawn without smoothing. */
export class ImageController extends GridController {
  static id = 'imshow';

  override draw(): void {
    const d = gridOf(this);
    const meta = this.getMeta();
    const norm = normOf(d);
    const cmap = d.cmap ?? 'viridis';
    const canvas = skia().createCanvas(d.nx, d.ny);
    const c2 = canvas.getContext('2d');
    const img = c2.createImageData(d.nx, d.ny);
    for (let j = 0; j < d.ny; j++) {
      for (let i = 0; i < d.nx; i++) {
        const rgb = colormap(cmap, norm.map(d.z[j * d.nx + i]!));
        // Row 0 is the bottom of the plot, the last row of the bitmap.
        const o = 4 * ((d.ny - 1 - j) * d.nx + i);
        if (rgb) {
          img.data[o] = rgb[0];
          img.data[o + 1] = rgb[1];
          img.data[o + 2] = rgb[2];
          img.data[o + 3] = 255;
        }
      }
    }
    c2.putImageData(img, 0, 0);
    const [x0, x1, y0, y1] = axes(d).bounds;
    const left = meta.xScale!.getPixelForValue(x0);
    const right = meta.xScale!.getPixelForValue(x1);
    const top = meta.yScale!.getPixelForValue(y1);
    const bottom = meta.yScale!.getPixelForValue(y0);
    const ctx = this.chart.ctx;
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.translate(left, top);
    // Reversed extents mirror the image, as in matplotlib.
    ctx.scale(Math.sign(right - left), Math.sign(bottom - top));
    ctx.drawImage(canvas as unknown as CanvasImageSource, 0, 0, Math.abs(right - left), Math.abs(bottom - top));
    ctx.restore();
  }
}

/** `contour`: one stroked path per level. */
export class ContourController extends GridController {
  static id = 'contour';

  override draw(): void {
    const d = gridOf(this);
    const ctx = this.chart.ctx;
    const norm = normOf(d);
    ctx.save();
    this.clipToGrid(ctx, d);
    ctx.lineWidth = d.lineWidth ?? 0.8;
    ctx.lineJoin = 'round';
    for (const level of levelsOf(d)) {
      ctx.strokeStyle = d.colors ?? colormapCss(d.cmap ?? 'viridis', norm.map(level));
      ctx.beginPath();
      this.tracePolygons(ctx, d, level);
      ctx.stroke();
    }
    ctx.restore();
  }
}

/** `contourf`: bands painted from the lowest level up (no seams), the top band cut out exactly. */
export class FilledContourController extends GridController {
  static id = 'contourf';

  override draw(): void {
    const d = gridOf(this);
    const ctx = this.chart.ctx;
    const norm = normOf(d);
    const levels = levelsOf(d);
    ctx.save();
    this.clipToGrid(ctx, d);
    for (let i = 0; i + 1 < levels.length; i++) {
      ctx.fillStyle = colormapCss(d.cmap ?? 'viridis', bandColor(norm, levels, i));
      ctx.beginPath();
      this.tracePolygons(ctx, d, levels[i]!);
      // The last band stops at the top level: values above it stay unfilled, as in matplotlib.
      if (i + 2 === levels.length) this.tracePolygons(ctx, d, levels[i + 1]!);
      ctx.fill('evenodd');
    }
    ctx.restore();
  }
}

/**
 * Colour position of band i (between levels i and i+1): the norm at the band's middle (geometric on a log
 * norm), as matplotlib colours contourf layers.
 *
 * @example
 * ```ts
 * import { makeNorm } from './colormaps.js';
 * import { bandColor } from './grid.js';
 *
 * bandColor(makeNorm('linear', 0, 4), [0, 1, 2, 3, 4], 0); // → 0.125
 * ```
 */
export function bandColor(norm: Norm, levels: readonly number[], i: number): number {
  const a = levels[i]!;
  const b = levels[i + 1]!;
  return norm.map(norm.kind === 'log' ? Math.sqrt(a * b) : (a + b) / 2);
}
