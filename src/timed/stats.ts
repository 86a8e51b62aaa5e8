/**
 * Running statistics with Welford's update, so a function called a million times keeps O(1) memory and
 * the variance does not lose precision to cancellation.
 *
 * @module
 */

/** Summary statistics of a sample of durations, in seconds. */
export interface DurationSummary {
  /** Number of samples. */
  readonly count: number;
  /** Arithmetic mean, seconds (`NaN` when empty). */
  readonly mean: number;
  /** Population standard deviation (as IPython's `%timeit` reports), seconds (`NaN` when empty). */
  readonly std: number;
  /** Smallest sample, seconds (`NaN` when empty). */
  readonly min: number;
  /** Largest sample, seconds (`NaN` when empty). */
  readonly max: number;
  /** Sum of all samples, seconds. */
  readonly total: number;
}

/**
 * Accumulates durations one at a time.
 *
 * @example
 * ```ts
 * import { RunningStats } from 'numbat/internals';
 *
 * const s = new RunningStats();
 * s.push(0.1);
 * s.push(0.3);
 * s.summary().mean; // → 0.2
 * s.summary().count; // → 2
 * ```
 */
export class RunningStats {
  private n = 0;
  private mu = 0;
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private sum = 0;

  /** Adds one sample (seconds). */
  push(x: number): void {
    this.n += 1;
    const delta = x - this.mu;
    this.mu += delta / this.n;
    this.m2 += delta * (x - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.sum += x;
  }

  /** Forgets every sample. */
  reset(): void {
    this.n = 0;
    this.mu = 0;
    this.m2 = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.sum = 0;
  }

  /** The statistics of the samples so far. */
  summary(): DurationSummary {
    const empty = this.n === 0;
    return {
      count: this.n,
      mean: empty ? NaN : this.mu,
      std: empty ? NaN : Math.sqrt(this.m2 / this.n),
      min: empty ? NaN : this.lo,
      max: empty ? NaN : this.hi,
      total: this.sum,
    };
  }
}
