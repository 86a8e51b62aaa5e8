/**
 * `%timeit` for Node: IPython's rules (autorange to at least 0.2 s per repeat, 7 repeats) and its output.
 *
 * @module
 */
import { nowNs } from './clock.js';
import { formatCount, formatSeconds } from './format.js';
import type { AnyFunction } from '../decorate.js';

/** Options of {@link timeitWith}. Defaults are IPython's. */
export interface TimeitOptions {
  /** Number of repeats (IPython's `-r`). Default 7. */
  readonly repeat?: number;
  /** Loops per repeat (IPython's `-n`); 0 or absent to autorange. */
  readonly number?: number;
  /** Autorange target for one repeat, in seconds. Default 0.2, as Python's `Timer.autorange`. */
  readonly minTime?: number;
  /** Print the result line to the console (default), or stay silent and only return it. */
  readonly print?: boolean;
  /** Monotonic clock in nanoseconds. Default `process.hrtime.bigint`; a simulated clock makes timing testable. */
  readonly clock?: () => bigint;
}

/** What {@link timeit} measured. Every time is in seconds. */
export interface TimeitResult {
  /** Loops per repeat. */
  readonly loops: number;
  /** Number of repeats. */
  readonly repeat: number;
  /** Time per loop of each repeat, seconds. */
  readonly timings: readonly number[];
  /** Mean time per loop across repeats, seconds. */
  readonly mean: number;
  /** Population standard deviation of the per-loop times, seconds (IPython's definition). */
  readonly std: number;
  /** Fastest per-loop time, seconds. */
  readonly best: number;
  /** Slowest per-loop time, seconds. */
  readonly worst: number;
  /** IPython's caching warning when the slowest run took over 4× the fastest, else `undefined`. */
  readonly warning: string | undefined;
  /** The line IPython prints: `17.3 ms ± 111 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)`. */
  readonly text: string;
  /** Same as {@link TimeitResult.text}. */
  toString(): string;
}

/** What {@link timeit} returns for `F`: a promise of the result when `F` is async, the result otherwise. */
export type TimeitReturn<F extends AnyFunction> = ReturnType<F> extends PromiseLike<unknown> ? Promise<TimeitResult> : TimeitResult;

/**
 * Times `fn(...args)` like IPython's `%timeit`, prints the IPython line and returns every number.
 * Async functions (returning a promise) are awaited on every loop, and the result is a promise.
 *
 * @example
 * ```ts
 * import { timeit } from 'numbat';
 *
 * const norm = (xs: Float64Array) => Math.hypot(...xs);
 * const r = timeit(norm, new Float64Array([3, 4]));
 * // prints: 187 ns ± 12.1 ns per loop (mean ± std. dev. of 7 runs, 1,000,000 loops each)
 * r.repeat; // → 7
 * r.mean > 0; // → true
 * ```
 */
export function timeit<F extends AnyFunction>(fn: F, ...args: Parameters<F>): TimeitReturn<F> {
  return timeitWith({}, fn, ...args);
}

/**
 * {@link timeit} with options: fixed loop count, repeats, a silent mode.
 *
 * @example
 * ```ts
 * import { timeitWith } from 'numbat';
 *
 * const norm = (xs: Float64Array) => Math.hypot(...xs);
 * const r = timeitWith({ repeat: 3, number: 10, print: false }, norm, new Float64Array([3, 4]));
 * r.timings.length; // → 3
 * r.loops; // → 10
 * ```
 */
export function timeitWith<F extends AnyFunction>(options: TimeitOptions, fn: F, ...args: Parameters<F>): TimeitReturn<F> {
  const repeat = options.repeat ?? 7;
  const minTime = options.minTime ?? 0.2;
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`timeit: repeat must be a positive integer, got ${repeat}`);
  if (options.number !== undefined && (!Number.isInteger(options.number) || options.number < 0)) {
    throw new RangeError(`timeit: number must be a non-negative integer, got ${options.number}`);
  }
  if (typeof fn !== 'function') throw new TypeError('timeit: the first argument must be a function');
  const print = options.print ?? true;
  const clock = options.clock ?? nowNs;

  // One call first tells whether fn is async; it also warms the JIT caches, as IPython's autorange does.
  const first = fn(...args) as unknown;
  if (isThenable(first)) {
    return (async () => {
      await first;
      const run = async (loops: number): Promise<number> => {
        const t0 = clock();
        for (let i = 0; i < loops; i++) await fn(...args);
        return Number(clock() - t0) / 1e9;
      };
      let loops = options.number || 0;
      if (!loops) {
        for (const n of autorangeCandidates()) {
          if ((await run(n)) >= minTime) { loops = n; break; }
        }
      }
      const totals: number[] = [];
      for (let r = 0; r < repeat; r++) totals.push(await run(loops));
      return finish(totals, loops, print);
    })() as TimeitReturn<F>;
  }
  const run = (loops: number): number => {
    const t0 = clock();
    for (let i = 0; i < loops; i++) fn(...args);
    return Number(clock() - t0) / 1e9;
  };
  let loops = options.number || 0;
  if (!loops) {
    for (const n of autorangeCandidates()) {
      if (run(n) >= minTime) { loops = n; break; }
    }
  }
  const totals: number[] = [];
  for (let r = 0; r < repeat; r++) totals.push(run(loops));
  return finish(totals, loops, print) as TimeitReturn<F>;
}

/** Python's `Timer.autorange` sequence: 1, 2, 5, 10, 20, 50, … */
function* autorangeCandidates(): Generator<number> {
  for (let i = 1; ; i *= 10) {
    yield i;
    yield 2 * i;
    yield 5 * i;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Builds the result from per-repeat totals, as IPython's `TimeitResult` does. */
export function timeitResult(totals: readonly number[], loops: number): TimeitResult {
  const timings = totals.map((t) => t / loops);
  const repeat = timings.length;
  const mean = timings.reduce((a, b) => a + b, 0) / repeat;
  const std = Math.sqrt(timings.reduce((a, t) => a + (t - mean) ** 2, 0) / repeat);
  const best = Math.min(...timings);
  const worst = Math.max(...timings);
  const text =
    `${formatSeconds(mean)} ± ${formatSeconds(std)} per loop (mean ± std. dev. of ${repeat} run${repeat === 1 ? '' : 's'}, ` +
    `${formatCount(loops)} loop${loops === 1 ? '' : 's'} each)`;
  const warning =
    worst > 4 * best && best > 0 && worst > 1e-6
      ? `The slowest run took ${(worst / best).toFixed(2)} times longer than the fastest. ` +
        'This could mean that an intermediate result is being cached.'
      : undefined;
  return { loops, repeat, timings, mean, std, best, worst, warning, text, toString: () => text };
}

function finish(totals: readonly number[], loops: number, print: boolean): TimeitResult {
  const result = timeitResult(totals, loops);
  if (print) {
    if (result.warning) console.log(result.warning);
    console.log(result.text);
  }
  return result;
}
