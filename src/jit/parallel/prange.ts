/**
 * `prange`, the loop range of parallel loops, as plain JavaScript: uncompiled (or under `NUMBAT_DISABLE_JIT`)
 * it is a serial range, so a function written with it runs unchanged anywhere.
 *
 * @module
 */

/**
 * The iterations of a loop that `memoJit({ parallel: true })` may split across threads: `prange(stop)` is
 * 0, 1, …, stop - 1, and `prange(start, stop, step)` is `start, start + step, …` while before `stop`, like
 * Python's `range` and numba's `prange`. Uncompiled it is an ordinary serial range.
 *
 * Two loop forms compile: `for (const i of prange(n)) { … }`, and the counted form
 * `for (let i = start; i < prange(stop); i++) { … }` (or `i += step`), whose plain meaning is the same loop
 * (`prange(stop)` compares as `stop`).
 *
 * @example
 * ```ts
 * import { memoJit, prange } from 'numbat';
 *
 * const sum = memoJit({ parallel: true })(function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (const i of prange(xs.length)) s += xs[i]!;
 *   return s;
 * });
 * sum(Float64Array.of(1, 2, 3, 4)); // → 10
 * [...prange(2, 10, 3)]; // → [ 2, 5, 8 ]
 * [...prange(3, 0, -1)]; // → [ 3, 2, 1 ]
 * ```
 */
export function prange(stop: number): PrangeRange & number;
export function prange(start: number, stop: number, step?: number): PrangeRange & number;
export function prange(a: number, b?: number, c?: number): PrangeRange & number {
  const [start, stop, step] = b === undefined ? [0, a, 1] : [a, b, c ?? 1];
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (typeof v !== 'number') throw new TypeError(`prange: ${name} must be a number, got ${typeof v}`);
  }
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`prange: step must be a finite nonzero number, got ${step}`);
  // Typed as a number too, so that TypeScript accepts the counted form `i < prange(n)` (`valueOf` makes it true).
  return new PrangeRange(start, stop, step) as PrangeRange & number;
}

/**
 * What {@link prange} returns: iterable, and a number (its `stop`) where compared, for the counted loop form.
 *
 * @example
 * ```ts
 * import { prange, PrangeRange } from 'numbat';
 *
 * const r = prange(3);
 * r.constructor === PrangeRange; // → true
 * [...r]; // → [ 0, 1, 2 ]
 * // Compared as a number, it is its stop: the counted form `for (let i = 0; i < prange(n); i++)` runs n times.
 * 2 < +r; // → true
 * ```
 */
export class PrangeRange implements Iterable<number> {
  /** @param start first value @param stop bound, never reached @param step nonzero increment */
  constructor(readonly start: number, readonly stop: number, readonly step: number) {}

  /** Yields start, start + step, … while before stop. */
  *[Symbol.iterator](): Iterator<number> {
    const { start, stop, step } = this;
    if (step > 0) for (let i = start; i < stop; i += step) yield i;
    else for (let i = start; i > stop; i += step) yield i;
  }

  /** `stop`: so `i < prange(n)` reads as `i < n` in plain JavaScript. */
  valueOf(): number {
    return this.stop;
  }
}
