/**
 * `numbat/internals`: the compiler and runtime pieces behind the decorators, for those who extend numbat
 * (a backend, a pass, a figure format) or test it. Not needed to use numbat; these names may change between
 * minor versions, unlike the package root's.
 *
 * - **JIT** (`src/jit/`): {@link compileSpecialization} and {@link lowerToIR} run the pipeline of
 *   `jit/pipeline.ts` (parse → infer → lower → passes → JS), the {@link IR} types, and the {@link MATH} table
 *   that every stage and backend reads.
 * - **GPU** (`src/gpu/`): {@link generateWgsl} (IR → WGSL kernel spec), {@link WgslKernel} (runs a spec),
 *   the kernel ABI types, and {@link philox4x32}, the GPU's PRNG.
 * - **Figures** (`src/plot/`): the renderers ({@link renderPdf}, …) and {@link writeAtomic}.
 * - **Timing and parallel plumbing**: {@link RunningStats} (Welford), {@link formatProgress}.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function total(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const { source } = compileSpecialization(total, [{ kind: 'array', element: 'f64' }]);
 * source.startsWith('"use strict";'); // → true
 * console.log(source);
 * ```
 *
 * @module numbat/internals
 */
export { compileSpecialization, lowerToIR } from './jit/pipeline.js';
export type { CompiledSpecialization } from './jit/pipeline.js';
export type { GenerateOptions as JitGenerateOptions } from './jit/js/codegen.js';
export type * as IR from './jit/ir.js';
export { MATH } from './jit/ops/math.js';
export type { MathRow, MathFunctionRow, MathConstantRow, MathRandomRow, WgslMathArgs, MathFunction, NumAV } from './jit/ops/math.js';

export { generateWgsl } from './gpu/codegen-wgsl.js';
export type { WgslBackendOptions } from './gpu/codegen-wgsl.js';
export { WgslKernel, DEFAULT_WORKGROUP_SIZE, REDUCE_MAX_WORKGROUPS } from './gpu/launch.js';
export type { GridExtent, LaunchOptions } from './gpu/launch.js';
export type { KernelSpec, KernelParam, ArrayParam, ScalarParam, ElementType, KernelReturn, ScalarType as GpuScalarType } from './gpu/abi.js';
export type { GpuStorageKind, GpuStorageRow } from './gpu/elements.js';
export { philox4x32 } from './gpu/philox.js';

export { renderFigure, renderPdf, renderPng, renderSvg, FORMATS } from './plot/render.js';
export { writeAtomic, writeFilesAtomic, outputPaths } from './plot/save.js';
export type { AtomicIO } from './plot/save.js';
export { CHART_KINDS } from './plot/kinds.js';
export type { ChartKind, ChartKindName } from './plot/kinds.js';

export { RunningStats } from './timed/stats.js';
export { formatProgress } from './parallel/progress.js';
