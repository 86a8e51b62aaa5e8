// Generated programs whose numbers come from outside the function (issue 12, names): the generator's program
// f(a, b, k, xs) becomes f(b, xs) inside a factory that closes over `a`, `k` and the callees, so `a` and `k`
// are found by the compiler (src/jit/infer/outer.ts) and frozen as constants, per closure.
import { memoJit } from '../../src/index.js';
import { CALLEES, RANDOM_CALLEES, type Program } from './generate.js';
import type { Kernel } from './diff-harness.js';

const ALL_CALLEES: Record<string, (...args: never[]) => unknown> = { ...CALLEES, ...RANDOM_CALLEES };

/**
 * Plain and compiled kernels of `program` with `a` and `k` taken from the enclosing closure (the values of this
 * input); both keep the harness's `(a, b, k, xs)` call shape and ignore the `a` and `k` they are called with.
 */
export function closureKernels(program: Program, a: number, k: number): { plain: Kernel; compiled: Kernel } {
  const names = program.callees;
  const inner = program.params.filter((p) => p !== 'a' && p !== 'k');
  const factory = new Function('a', 'k', ...names, `return function f(${inner.join(', ')}) {\n${program.body}\n};`) as (...v: unknown[]) => (...args: unknown[]) => unknown;
  const callees = names.map((n) => ALL_CALLEES[n]);
  const plainInner = factory(a, k, ...callees);
  const compiledInner = memoJit(factory(a, k, ...callees));
  const pick = (args: unknown[]): unknown[] => program.params.flatMap((p, i) => (p === 'a' || p === 'k' ? [] : [args[i]]));
  return {
    plain: function (this: unknown, a_: number, b: number, k_: number, xs: unknown) { return plainInner(...pick([a_, b, k_, xs])); } as Kernel,
    compiled: function (this: unknown, a_: number, b: number, k_: number, xs: unknown) { return compiledInner(...pick([a_, b, k_, xs])); } as Kernel,
  };
}
