/**
 * Chart kinds as one table: every chart type `@myplot` draws is one row saying how it is styled (axes frame,
 * colours, legend sample, default x axis), and numbat's own kinds bring their Chart.js controller. Adding a
 * kind is adding a row; an unknown type is rejected here, when the chart is given, with the list of kinds.
 *
 * @module
 */
import type { ChartComponent } from 'chart.js';
import type { AnyChartConfiguration } from './figure.js';
import { ContourController, FilledContourController, ImageController } from './grid.js';
import { MeshController } from './mesh.js';

/**
 * How one chart type is drawn.
 *
 * @example
 * ```ts
 * import { CHART_KINDS, type ChartKind } from 'numbat/plot';
 *
 * const bar: ChartKind = CHART_KINDS.bar;
 * bar.legend; // → 'box'
 * bar.cartesian; // → true
 * ```
 */
export interface ChartKind {
  /** Drawn on x/y axes: numbat's frame, inward ticks, error bars and legend apply. */
  readonly cartesian: boolean;
  /** Default colours: a line (stroke), a bar (translucent fill), one per slice, or from a colormap. */
  readonly colors: 'line' | 'bar' | 'slices' | 'colormap';
  /** The legend sample: a line (with marker), a filled box, or no entry. */
  readonly legend: 'line' | 'box' | 'none';
  /** Default x axis: numeric, categories, or categories only when the data have `labels`. */
  readonly xAxis: 'linear' | 'category' | 'labels' | 'none';
  /** Axis limits fit the data exactly, without matplotlib's 5 % margin (images fill their axes). */
  readonly tight: boolean;
  /**
   * Kinds coloured by value through a colormap: continuously (an image, a mesh) or in bands between contour
   * levels. Such a kind gets a colorbar unless its dataset says `colorbar: false`.
   */
  readonly colorScale?: 'continuous' | 'levels';
  /** For kinds Chart.js lacks: the controller that draws them. */
  readonly controller?: ChartComponent;
  /** One line for the reference. */
  readonly doc: string;
}

/**
 * Every chart type `@myplot` draws, by Chart.js `type` (chart or dataset level).
 *
 * @example
 * ```ts
 * import { CHART_KINDS } from 'numbat/plot';
 *
 * Object.keys(CHART_KINDS).join(' '); // → 'line scatter bubble bar pie doughnut polarArea radar imshow contour contourf pcolormesh'
 * ```
 */
export const CHART_KINDS: Readonly<Record<ChartKindName, ChartKind>> = {
  line: { cartesian: true, colors: 'line', legend: 'line', xAxis: 'labels', tight: false, doc: 'lines through points; fill between datasets for bands' },
  scatter: { cartesian: true, colors: 'line', legend: 'line', xAxis: 'linear', tight: false, doc: 'markers' },
  bubble: { cartesian: true, colors: 'line', legend: 'line', xAxis: 'linear', tight: false, doc: 'markers sized by r' },
  bar: { cartesian: true, colors: 'bar', legend: 'box', xAxis: 'category', tight: false, doc: 'bars; over a linear x axis, histogram bins' },
  pie: { cartesian: false, colors: 'slices', legend: 'box', xAxis: 'none', tight: false, doc: 'slices, legend beside' },
  doughnut: { cartesian: false, colors: 'slices', legend: 'box', xAxis: 'none', tight: false, doc: 'a pie with a hole' },
  polarArea: { cartesian: false, colors: 'slices', legend: 'box', xAxis: 'none', tight: false, doc: 'slices of equal angle' },
  radar: { cartesian: false, colors: 'line', legend: 'line', xAxis: 'none', tight: false, doc: 'values on radial axes' },
  imshow: { cartesian: true, colors: 'colormap', legend: 'none', xAxis: 'linear', tight: true, colorScale: 'continuous', controller: ImageController, doc: 'an image of a 2-D array with a colorbar' },
  contour: { cartesian: true, colors: 'colormap', legend: 'none', xAxis: 'linear', tight: true, colorScale: 'levels', controller: ContourController, doc: 'contour lines of a 2-D array' },
  contourf: { cartesian: true, colors: 'colormap', legend: 'none', xAxis: 'linear', tight: true, colorScale: 'levels', controller: FilledContourController, doc: 'filled contours with a colorbar' },
  pcolormesh: { cartesian: true, colors: 'colormap', legend: 'none', xAxis: 'linear', tight: true, colorScale: 'continuous', controller: MeshController, doc: 'cells of a non-uniform grid, coloured by value, as vector rectangles, with a colorbar' },
};

/**
 * A chart type `@myplot` draws: the keys of {@link CHART_KINDS} (a row there without its name here, or the
 * reverse, does not compile).
 *
 * @example
 * ```ts
 * import { CHART_KINDS, type ChartKindName } from 'numbat/plot';
 *
 * const k: ChartKindName = 'contourf';
 * CHART_KINDS[k].colors; // → 'colormap'
 * ```
 */
export type ChartKindName = 'line' | 'scatter' | 'bubble' | 'bar' | 'pie' | 'doughnut' | 'polarArea' | 'radar' | 'imshow' | 'contour' | 'contourf' | 'pcolormesh';

/**
 * The row of a chart type, or `undefined` for a type numbat does not draw.
 *
 * @example
 * ```ts
 * import { kindOf } from './kinds.js';
 *
 * kindOf('imshow')?.tight; // → true
 * kindOf('lines'); // → undefined
 * ```
 */
export function kindOf(type: unknown): ChartKind | undefined {
  return typeof type === 'string' && Object.hasOwn(CHART_KINDS, type) ? (CHART_KINDS as Record<string, ChartKind>)[type] : undefined;
}

/**
 * Throws a clear error naming an unknown chart or dataset type, with or without data.
 *
 * @example
 * ```ts
 * import type { AnyChartConfiguration } from 'numbat/plot';
 * import { checkChartTypes } from './kinds.js';
 *
 * // A configuration from JSON (or plain JS) has no type checking: the misspelt type is caught here.
 * const config = JSON.parse('{ "type": "lines", "data": { "datasets": [] } }') as AnyChartConfiguration;
 * checkChartTypes(config); // → throws TypeError: myplot: unknown chart type 'lines'; numbat draws line, …
 * ```
 */
export function checkChartTypes(config: AnyChartConfiguration): void {
  const types = [config.type as unknown];
  const datasets = (config.data as { datasets?: unknown } | undefined)?.datasets;
  if (Array.isArray(datasets)) for (const ds of datasets) if (ds && typeof ds === 'object' && 'type' in ds && ds.type !== undefined) types.push(ds.type);
  for (const t of types) {
    if (!kindOf(t)) throw new TypeError(`myplot: unknown chart type '${String(t)}'; numbat draws ${Object.keys(CHART_KINDS).join(', ')}`);
  }
}

/**
 * The Chart.js controllers of numbat's own kinds, to register once.
 *
 * @example
 * ```ts
 * import { Chart } from 'chart.js';
 * import { kindControllers } from './kinds.js';
 *
 * // Once per process, before the first chart (chartjs.ts's ensureChartJs does this with Chart.js's own).
 * Chart.register(...kindControllers());
 * ```
 */
export function kindControllers(): ChartComponent[] {
  return Object.values(CHART_KINDS as Record<string, ChartKind>).flatMap((k) => (k.controller ? [k.controller] : []));
}
