/**
 * Where `@gpu` gets a kernel's IR and its CPU fallback: the JIT's own front end (parse → infer → lower) and
 * its JS backend (`compileSpecialization`). `@gpu` is a second backend on the same IR, not a second compiler.
 *
 * @module
 */
import type { AnyFunction } from '../decorate.js';
import { unwrap } from '../decorate.js';
import { compileSpecialization, lowerToIR } from '../jit/dispatcher.js';
import { JitError, locateError } from '../jit/errors.js';
import { avOfType, inferFunction, MAX_LENGTH, newEnv, numAV, type AV } from '../jit/infer.js';
import type { IRModule, Span } from '../jit/ir.js';
import { lowerModule } from '../jit/lower.js';
import { parseFunction, type ParsedFunction } from '../jit/parse.js';
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

const parsedCache = new WeakMap<AnyFunction, ParsedFunction>();

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
 * Lowers `fn` specialized for `argTypes` (the `grid` index parameters first, typed `i32`) to the JIT's IR.
 * The index parameters are known to lie in [0, 2^31 - 1), so `2 * i + 1` stays an integer (`i32`) rather
 * than a float, which matters on the GPU, where floats are f32 and exact only up to 2^24.
 *
 * @example
 * ```ts
 * const { module } = lowerKernel(saxpy, [{ kind: 'i32' }, { kind: 'f64' }, { kind: 'array', element: 'f32' }], 1);
 * ```
 */
export function lowerKernel(fn: AnyFunction, argTypes: readonly Type[], grid: number): LoweredKernel {
  const original = unwrap(fn).original;
  let parsed = parsedCache.get(original);
  if (!parsed) parsedCache.set(original, (parsed = parseFunction(original)));
  const p = parsed;
  const locate = locator(original, p.source);
  try {
    const env = newEnv(() => undefined);
    const args: AV[] = argTypes.map((t, k) => {
      if (k < grid) return numAV(0, MAX_LENGTH - 1, true);
      const param = p.params[k];
      return avOfType(t, param?.type === 'Identifier' ? (param.name as string) : `arg${k}`);
    });
    const typing = inferFunction(p, argTypes, env, { args });
    return { module: lowerModule(env.order, typing), locate };
  } catch (error) {
    if (!(error instanceof JitError)) throw error;
    // Calls to other memoJit functions resolve only through the dispatcher's registry: retry through it
    // (the index is then any int32, which is still exact; only index arithmetic may become f32).
    try {
      return { module: lowerToIR(original, argTypes), locate };
    } catch {
      throw locateError(error, error.origin ?? original);
    }
  }
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
