/**
 * Small helpers researchers reach for when plotting: binning data (numpy's `histogram`) and fixing the ticks
 * of an axis (matplotlib's `set_xticks`), in Chart.js terms.
 *
 * @module
 */
import type { Scale } from 'chart.js';

/**
 * One histogram bin, ready as a Chart.js bar data point (`x` is the bin centre).
 *
 * @example
 * ```ts
 * const [first] = histogram(xs, { bins: 10 }); // { x: centre, y: count, x0, x1 }
 * ```
 */
export interface HistogramBin {
  /** Bin centre. */
  readonly x: number;
  /** Count, or density with `density: true`. */
  readonly y: number;
  /** Left edge. */
  readonly x0: number;
  /** Right edge. */
  readonly x1: number;
}

/**
 * Bins values into equal-width bins over `range` (default: the data's min and max), as `numpy.histogram`:
 * the last bin includes its right edge; values outside the range and NaN are ignored.
 *
 * @example
 * ```ts
 * fig.chart({ type: 'bar', data: { datasets: [{ label: 'samples', data: histogram(xs, { bins: 30, density: true }) }] },
 *   options: { scales: { x: { type: 'linear' } } } });
 * ```
 */
export function histogram(
  values: ArrayLike<number>,
  options: { bins?: number; range?: readonly [number, number]; density?: boolean } = {},
): HistogramBin[] {
  const bins = options.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, got ${String(bins)}`);
  let lo = options.range?.[0];
  let hi = options.range?.[1];
  if (lo === undefined || hi === undefined) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === Infinity) throw new RangeError('histogram: no finite values and no range');
    if (min === max) {
      min -= 0.5;
      max += 0.5;
    }
    lo ??= min;
    hi ??= max;
  }
  if (!(hi > lo)) throw new RangeError(`histogram: range must be [lo, hi] with hi > lo, got [${lo}, ${hi}]`);
  const counts = new Float64Array(bins);
  const width = (hi - lo) / bins;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    const b = v === hi ? bins - 1 : Math.floor((v - lo) / width);
    counts[b]! += 1;
    total += 1;
  }
  const scale = options.density ? 1 / (total * width || 1) : 1;
  return Array.from(counts, (c, b) => ({ x: lo + (b + 0.5) * width, y: c * scale, x0: lo + b * width, x1: lo + (b + 1) * width }));
}

/**
 * Scale options that put ticks (all labelled) exactly at `values`, e.g. powers of two on a log axis of
 * worker counts. Spread it into a Chart.js scale.
 *
 * @example
 * ```ts
 * scales: { x: { type: 'logarithmic', ...fixedTicks([1, 2, 4, 8, 16]), title: { text: 'workers' } } }
 * ```
 */
export function fixedTicks(
  values: readonly number[],
  format: (value: number) => string = (v) => String(v).replace('-', '\u2212'),
): { afterBuildTicks: (scale: Scale) => void; ticks: { autoSkip: false; callback: (value: number | string) => string } } {
  return {
    afterBuildTicks(scale: Scale) {
      scale.ticks = values.filter((v) => v >= scale.min && v <= scale.max).map((value) => ({ value }));
    },
    ticks: { autoSkip: false, callback: (value: number | string) => format(Number(value)) },
  };
}
