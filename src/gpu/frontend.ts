/**
 * Where `@gpu` gets a kernel's IR and its CPU fallback: the JIT's pipeline (`jit/pipeline.ts`: parse → infer →
 * lower, and the JS backend's `compileSpecialization`). `@gpu` is a second backend on the same IR, not a second compiler.
 *
 * @module
 */
import type { AnyFunction } from '../decorate.js';
import { unwrap } from '../decorate.js';
import { compileSpecialization, lowerForKernel } from '../jit/pipeline.js';
import { parsedOf } from '../jit/dispatch/registry.js';
import { JitError, locateError } from '../jit/errors.js';
import type { IRModule, Span } from '../jit/ir.js';
import type { Type } from '../jit/types.js';
import type { SourcePosition } from './abi.js';

/**
 * A kernel specialization lowered to IR, and how to locate its spans in the user's source.
 *
 * @example
 * ```ts
 * const { module, locate } = lowerKernel(kernel, [{ kind: 'i32' }], 1);
 * ```
 */
export interface LoweredKernel {
  readonly module: IRModule;
  readonly locate: (span: Span) => SourcePosition | undefined;
}

function locator(fn: AnyFunction, source: string): (span: Span) => SourcePosition | undefined {
  return (span) => {
    const probe = new JitError('', { construct: 'kernel', span, source, functionName: fn.name || undefined });
    locateError(probe, fn);
    if (probe.line === undefined) return undefined;
    // locateError appends the original source line with a caret; fall back to the (possibly minified) text.
    const snippet = probe.message.split('\n').slice(1).join('\n');
    return { file: probe.file, line: probe.line, column: probe.column, text: snippet || source.slice(span.start, span.end).slice(0, 120) };
  };
}

/**
 * Lowers `fn` specialized for `argTypes` (the `grid` index parameters first, typed `i32`) to the JIT's IR,
 * through the JIT's one pipeline (`lowerForKernel` in `jit/pipeline.ts`), with a locator for its spans.
 *
 * @example
 * ```ts
 * const { module } = lowerKernel(saxpy, [{ kind: 'i32' }, { kind: 'f64' }, { kind: 'array', element: 'f32' }], 1);
 * ```
 */
export function lowerKernel(fn: AnyFunction, argTypes: readonly Type[], grid: number): LoweredKernel {
  const original = unwrap(fn).original;
  const locate = locator(original, parsedOf(original).source);
  return { module: lowerForKernel(original, argTypes, grid), locate };
}

/**
 * The name of the CPU backend kernels fall back to.
 *
 * @example
 * ```ts
 * console.log(`falling back to ${cpuBackendName}`);
 * ```
 */
export const cpuBackendName = 'memoJit';

/**
 * The memoJit-compiled function the CPU fallback calls once per index, for these argument types.
 *
 * @example
 * ```ts
 * const f = cpuKernel(saxpy, [{ kind: 'i32' }, { kind: 'f64' }, f32, f32, f32]);
 * for (let i = 0; i < n; i++) f(i, a, x, y, out);
 * ```
 */
export function cpuKernel(fn: AnyFunction, argTypes: readonly Type[]): AnyFunction {
  return compileSpecialization(unwrap(fn).original, argTypes).fn;
}
