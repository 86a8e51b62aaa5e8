/**
 * Where `@gpu` gets a kernel's IR and its CPU fallback from: the JIT's front end (parse → infer → lower) and
 * `@memoJit`. Kept in one file so the decorator does not depend on the JIT's internals.
 *
 * @module
 */
import type { AnyFunction } from '../decorate.js';
import type { IRModule, Span } from '../jit/ir.js';
import type { Type } from '../jit/types.js';
import type { SourcePosition } from './abi.js';

/** A kernel specialization lowered to IR, and how to locate its spans in the user's source. */
export interface LoweredKernel {
  readonly module: IRModule;
  readonly locate?: (span: Span) => SourcePosition | undefined;
}

/** Whether the JIT front end is available in this build. */
export const frontendAvailable = false;

/**
 * Lowers `fn` specialized for `argTypes` (index parameters first, typed `i32`) to the JIT's IR.
 *
 * @example
 * ```ts
 * const { module } = lowerKernel(saxpy, [I32, F64, f32Array, f32Array], 1);
 * ```
 */
export function lowerKernel(fn: AnyFunction, argTypes: readonly Type[], grid: number): LoweredKernel {
  void argTypes;
  void grid;
  throw new Error(`gpu: compiling '${fn.name}' needs the JIT front end (src/jit parse/infer/lower), which this build lacks`);
}

/** The name of the CPU backend kernels fall back to. */
export const cpuBackendName = 'plain JavaScript';

/**
 * The function the CPU fallback calls once per index.
 *
 * @example
 * ```ts
 * const f = cpuKernel(saxpy); for (let i = 0; i < n; i++) f(i, a, x, y, out);
 * ```
 */
export function cpuKernel(fn: AnyFunction): AnyFunction {
  return fn;
}
