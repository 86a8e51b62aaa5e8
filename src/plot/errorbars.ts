/**
 * Error bars, which Chart.js does not draw: attach errors to a dataset with {@link errorBars}, and every
 * figure draws them under the dataset's markers, in its colour, on linear and log axes.
 *
 * @module
 */
import type { Chart, Plugin } from 'chart.js';
import type { Style } from './style.js';

/**
 * A symmetric error, or `[below, above]`.
 *
 * @example
 * ```ts
 * import { errorBars, type ErrorValue } from 'numbat/plot';
 *
 * const errs: ErrorValue[] = [0.1, [0.05, 0.2]]; // ±0.1, then −0.05/+0.2
 * const measured = errorBars({ label: 'measured', data: [{ x: 1, y: 2 }, { x: 2, y: 3 }] }, { y: errs });
 * ```
 */
export type ErrorValue = number | readonly [number, number];

/**
 * Errors of a dataset's points, in data units, point by point.
 *
 * @example
 * ```ts
 * import { errorBars, type ErrorBarSpec } from 'numbat/plot';
 *
 * const spec: ErrorBarSpec = { y: [0.2, 0.3], x: [0.05, 0.05], cap: 0 }; // no caps
 * const dataset = errorBars({ label: 'fit', data: [{ x: 1, y: 1.5 }, { x: 2, y: 2.5 }] }, spec);
 * ```
 */
export interface ErrorBarSpec {
  /** Vertical errors. */
  readonly y?: ArrayLike<ErrorValue>;
  /** Horizontal errors. */
  readonly x?: ArrayLike<ErrorValue>;
  /** Cap width, points (default: twice the style's marker radius; 0 for no caps). */
  readonly cap?: number;
}

const ERRORS = new WeakMap<object, ErrorBarSpec>();

/**
 * Gives a dataset error bars (±σ per point, or asymmetric `[below, above]`); returns the same dataset, so it
 * can wrap a dataset literal in a Chart.js configuration.
 *
 * @example
 * ```ts
 * import { Figure, errorBars, paper } from 'numbat/plot';
 *
 * const pts = [{ x: 1, y: 2.1 }, { x: 2, y: 3.9 }, { x: 3, y: 6.2 }];
 * const sigmas = [0.2, 0.3, 0.5];
 * const fig = new Figure(paper);
 * fig.chart({ type: 'line', data: { datasets: [
 *   errorBars({ label: 'measured', data: pts, showLine: false, pointRadius: 2 }, { y: sigmas }),
 * ] } });
 * errorBars({ data: pts }, {}); // → throws TypeError: errorBars: give x and/or y errors
 * ```
 */
export function errorBars<D extends object>(dataset: D, errors: ErrorBarSpec): D {
  if (typeof dataset !== 'object' || dataset === null) throw new TypeError('errorBars: the first argument must be a dataset object');
  if (errors.y === undefined && errors.x === undefined) throw new TypeError('errorBars: give x and/or y errors');
  ERRORS.set(dataset, errors);
  return dataset;
}

/**
 * The errors attached to a dataset (or carried over to its styled copy).
 *
 * @example
 * ```ts
 * import { errorBars, errorsOf } from './errorbars.js';
 *
 * const ds = { label: 'n', data: [3] };
 * errorsOf(errorBars(ds, { y: [1] }))?.y; // → [ 1 ]
 * errorsOf({ data: [3] }); // → undefined
 * ```
 */
export function errorsOf(dataset: object): ErrorBarSpec | undefined {
  return ERRORS.get(dataset);
}

/**
 * Carries a dataset's errors over to the copy the renderer styles.
 *
 * @example
 * ```ts
 * import { copyErrors, errorBars, errorsOf } from './errorbars.js';
 *
 * const userDataset = errorBars({ label: 'n', data: [3] }, { y: [1] });
 * const styledCopy = { ...userDataset, borderWidth: 1 }; // the renderer's copy: errors live in a WeakMap
 * copyErrors(userDataset, styledCopy);
 * errorsOf(styledCopy)?.y; // → [ 1 ]
 * ```
 */
export function copyErrors(from: object, to: object): void {
  const e = ERRORS.get(from);
  if (e) ERRORS.set(to, e);
}

function span(e: ErrorValue | undefined): [number, number] | undefined {
  if (e === undefined) return undefined;
  if (typeof e === 'number') return Number.isFinite(e) ? [e, e] : undefined;
  return Number.isFinite(e[0]) && Number.isFinite(e[1]) ? [e[0], e[1]] : undefined;
}

/**
 * Draws the error bars of a dataset just before the dataset itself, so markers sit on top.
 *
 * @example
 * ```ts
 * import { paper } from 'numbat/plot';
 * import { errorBarsPlugin } from './errorbars.js';
 *
 * // The renderer adds it to the plugins of every cartesian chart (see chartjs.ts's styledConfig).
 * const plugin = errorBarsPlugin(paper);
 * plugin.id; // → 'numbatErrorBars'
 * ```
 */
export function errorBarsPlugin(style: Style): Plugin {
  return {
    id: 'numbatErrorBars',
    beforeDatasetDraw(chart: Chart, args: { index: number }) {
      const dataset = chart.data.datasets[args.index];
      const errors = dataset && ERRORS.get(dataset);
      if (!errors || !chart.isDatasetVisible(args.index)) return;
      const meta = chart.getDatasetMeta(args.index);
      const xs = meta.xAxisID !== undefined ? chart.scales[meta.xAxisID] : undefined;
      const ys = meta.yAxisID !== undefined ? chart.scales[meta.yAxisID] : undefined;
      if (!xs || !ys) return;
      // getParsed is protected in Chart.js's types but public in its API: the point's values in data units.
      const controller = meta.controller as unknown as { getParsed(i: number): { x: number; y: number } };
      const cap = (errors.cap ?? style.markerRadius * 2) / 2;
      const ctx = chart.ctx;
      const a = chart.chartArea;
      ctx.save();
      ctx.beginPath();
      ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
      ctx.clip();
      const color = (dataset as { borderColor?: unknown }).borderColor;
      ctx.strokeStyle = typeof color === 'string' ? color : style.foreground;
      ctx.lineWidth = Math.max(style.axisWidth, style.lineWidth * 0.75);
      ctx.setLineDash([]);
      ctx.lineCap = 'butt';
      ctx.beginPath();
      for (let i = 0; i < meta.data.length; i++) {
        const { x, y } = controller.getParsed(i);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const px = xs.getPixelForValue(x);
        const py = ys.getPixelForValue(y);
        const ey = span(errors.y?.[i]);
        if (ey) {
          const top = ys.getPixelForValue(y + ey[1]);
          // On a log axis a lower end at or below zero runs to the bottom of the plot.
          const bottom = y - ey[0] > 0 || ys.type !== 'logarithmic' ? ys.getPixelForValue(y - ey[0]) : a.bottom;
          ctx.moveTo(px, bottom);
          ctx.lineTo(px, top);
          if (cap > 0) {
            ctx.moveTo(px - cap, top);
            ctx.lineTo(px + cap, top);
            ctx.moveTo(px - cap, bottom);
            ctx.lineTo(px + cap, bottom);
          }
        }
        const ex = span(errors.x?.[i]);
        if (ex) {
          const right = xs.getPixelForValue(x + ex[1]);
          const left = x - ex[0] > 0 || xs.type !== 'logarithmic' ? xs.getPixelForValue(x - ex[0]) : a.left;
          ctx.moveTo(left, py);
          ctx.lineTo(right, py);
          if (cap > 0) {
            ctx.moveTo(left, py - cap);
            ctx.lineTo(left, py + cap);
            ctx.moveTo(right, py - cap);
            ctx.lineTo(right, py + cap);
          }
        }
      }
      ctx.stroke();
      ctx.restore();
    },
  };
}
