/**
 * `@memoJit`: a numba-style JIT for a numeric subset of JavaScript. The pipeline reads top to bottom:
 * `parse.ts` → `infer.ts` → `lower.ts` (to the IR of `ir.ts`) → `hoist.ts` (bounds checks out of loops) →
 * `unroll.ts` (small loops twice per trip) → `codegen-js.ts` → `dispatcher.ts`.
 *
 * @example
 * ```ts
 * import { memoJit, Array2D, JitError } from 'numbat';
 * const cstd = memoJit(std);
 * cstd(new Float64Array([1, 2, 3]));
 * ```
 *
 * @module
 */
export { memoJit } from './dispatch/memojit.js';
export type { MemoJitOptions, Jitted, JitExtras } from './dispatch/memojit.js';
export type { ArgSpec } from './dispatch/signature.js';
export { compileSpecialization, lowerToIR } from './pipeline.js';
export type { CompiledSpecialization } from './pipeline.js';
export { Array2D } from './types.js';
// Prefixed so the package root can re-export every capability without name clashes.
export type { Type as JitType, ElementKind as JitElementKind, ScalarType as JitScalarType } from './types.js';
export type { GenerateOptions as JitGenerateOptions } from './js/codegen.js';
export { JitError } from './errors.js';
export type { SourceLocation as JitSourceLocation } from './errors.js';
export { seedRandom } from './random.js';
export type * as IR from './ir.js';
