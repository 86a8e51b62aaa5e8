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
 * const errs: ErrorValue[] = [0.1, [0.05, 0.2]]; // ±0.1, then −0.05/+0.2
 * ```
 */
export type ErrorValue = number | readonly [number, number];

/**
 * Errors of a dataset's points, in data units, point by point.
 *
 * @example
 * ```ts
 * errorBars(dataset, { y: sigmas, x: xErr, cap: 0 });
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
 * fig.chart({ type: 'line', data: { datasets: [
 *   errorBars({ label: 'measured', data: pts, showLine: false, pointRadius: 2 }, { y: sigmas }),
 * ] } });
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
 * errorsOf(errorBars(ds, { y: [1] }))?.y; // [1]
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
 * copyErrors(userDataset, styledCopy);
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
 * new Chart(canvas, { ...config, plugins: [errorBarsPlugin(paper)] });
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
