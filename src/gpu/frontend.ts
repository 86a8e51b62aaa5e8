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
 * import { lowerKernel, type LoweredKernel } from './frontend.js';
 *
 * function fill(i: number, xs: Float32Array) { xs[i] = i / 2; }
 * const { module, locate }: LoweredKernel = lowerKernel(fill, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }], 1);
 * module.entry; // → 'fill'
 * // Spans of the IR, back to the user's file: where `i / 2` is.
 * const start = fill.toString().indexOf('i / 2');
 * locate({ start, end: start + 5 })?.file?.endsWith('.ts'); // → true
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
 * import { lowerKernel } from './frontend.js';
 *
 * function saxpy(i: number, a: number, x: Float32Array, y: Float32Array) { y[i] = a * x[i]! + y[i]!; }
 * const { module } = lowerKernel(saxpy, [{ kind: 'i32' }, { kind: 'f64' }, { kind: 'array', element: 'f32' }, { kind: 'array', element: 'f32' }], 1);
 * module.functions.map((f) => f.name); // → [ 'saxpy' ]
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
 * import { cpuBackendName } from './frontend.js';
 *
 * console.log(`no GPU adapter: falling back to ${cpuBackendName}`); // no GPU adapter: falling back to memoJit
 * ```
 */
export const cpuBackendName = 'memoJit';

/**
 * The memoJit-compiled function the CPU fallback calls once per index, for these argument types.
 *
 * @example
 * ```ts
 * import { cpuKernel } from './frontend.js';
 *
 * function saxpy(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) { out[i] = a * x[i]! + y[i]!; }
 * const f32 = { kind: 'array', element: 'f32' } as const;
 * const f = cpuKernel(saxpy, [{ kind: 'i32' }, { kind: 'f64' }, f32, f32, f32]);
 * const [x, y, out] = [new Float32Array([1, 2]), new Float32Array([3, 4]), new Float32Array(2)];
 * for (let i = 0; i < out.length; i++) f(i, 2, x, y, out);
 * out; // → Float32Array(2) [ 5, 8 ]
 * ```
 */
export function cpuKernel(fn: AnyFunction, argTypes: readonly Type[]): AnyFunction {
  return cpuKernelOf(fn, argTypes).fn;
}

/**
 * {@link cpuKernel} with whether the kernel returns a value: a reduction's CPU loop sums every result (an
 * `undefined` one is NaN in the total), which a kernel without a return must not do.
 *
 * @example
 * ```ts
 * import { cpuKernelOf } from './frontend.js';
 *
 * function peak(i: number, xs: Float32Array) { return xs[i]!; }
 * cpuKernelOf(peak, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }]).returns; // → true
 * ```
 */
export function cpuKernelOf(fn: AnyFunction, argTypes: readonly Type[]): { readonly fn: AnyFunction; readonly returns: boolean } {
  const compiled = compileSpecialization(unwrap(fn).original, argTypes);
  const entry = compiled.module.functions.find((f) => f.name === compiled.module.entry);
  return { fn: compiled.fn, returns: entry !== undefined && entry.returnType.kind !== 'void' };
}
