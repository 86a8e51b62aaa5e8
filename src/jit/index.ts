/**
 * `@memoJit`: a numba-style JIT for a numeric subset of JavaScript. The stages are chained in one place,
 * `pipeline.ts`: `frontend/` (parse) → `infer/` → `lower.ts` + `lower/` (to the IR of `ir/`) → `passes/` (bounds,
 * hoist, unroll, branchless) → one backend per specialization: `js/` (codegen, runtime) or `wasm/` (binary emitted
 * by hand), with `parallel/` for `prange` regions; the WGSL backend of `@gpu` reads the same IR. Every language rule
 * (a Math member, an operator, an element type) is one row of a table in `ops/` that all stages read. `dispatch/`
 * is the memoJit wrapper, `cache/` the on-disk cache. Compiler internals are in `numbat/internals`.
 *
 * @example
 * ```ts
 * import { memoJit, Array2D, JitError } from 'numbat';
 *
 * const rowSums = memoJit(function rowSums(m: Array2D, out: Float64Array) {
 *   for (let i = 0; i < m.rows; i++) {
 *     let s = 0;
 *     for (let j = 0; j < m.cols; j++) s += m.get(i, j);
 *     out[i] = s;
 *   }
 * });
 * const out = new Float64Array(2);
 * rowSums(Array2D.from([[1, 2], [3, 4]]), out);
 * out; // → Float64Array(2) [ 3, 7 ]
 * const guarded = memoJit(function guarded(xs: Float64Array) {
 *   try { return xs[0]!; } catch { return 0; }
 * });
 * guarded(new Float64Array(1)); // → throws JitError: …try statement…
 * JitError.name; // → 'JitError'
 * ```
 *
 * @module numbat/jit
 */
export { memoJit } from './dispatch/memojit.js';
export type { MemoJitOptions, Jitted, JitExtras } from './dispatch/memojit.js';
export type { ArgSpec } from './dispatch/signature.js';
export type { Backend } from './wasm/index.js';
export type { CacheStats } from './cache/compile.js';
export type { ObjectShape, ObjectField } from './ops/shapes.js';
export { Array2D } from './types.js';
// Prefixed so the package root can re-export every capability without name clashes.
export type { Type as JitType, ElementKind as JitElementKind, ScalarType as JitScalarType } from './types.js';
export { JitError } from './errors.js';
export type { SourceLocation as JitSourceLocation } from './errors.js';
export { seedRandom } from './random.js';
export { prange, PrangeRange } from './parallel/prange.js';
export type { ParallelOptions as JitParallelOptions } from './parallel/runtime.js';
