/**
 * numbat: numba, pathos, `%timeit` and a paper-figure decorator for TypeScript on Node.js.
 *
 * @example
 * ```ts
 * import { timed, timeit } from 'numbat';
 * const std = timed(function std(xs: Float64Array) { ... });
 * timeit(std, xs); // 17.3 ms ± 111 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)
 * ```
 *
 * @module numbat
 */
export { describe, unwrap, original, isDecorated } from './decorate.js';
export type { AppliedDecorator, AnyFunction } from './decorate.js';
export * from './timed/index.js';
export { isMain } from './guard.js';
export * from './jit/index.js';
