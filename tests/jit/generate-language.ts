// Generated programs whose numbers are fields of an object from outside the function (issue 12, language): the
// generator's program f(a, b, k, xs) becomes f(b, xs) inside a factory holding `const cfg = { a, k }`, and the
// body starts with `let a = cfg.a, k = cfg['k'];`, so both fields are frozen as constants by
// src/jit/infer/outer-objects.ts, per closure.
import { memoJit } from '../../src/index.js';
import { CALLEES, RANDOM_CALLEES, type Program } from './generate.js';
import type { Kernel } from './diff-harness.js';

const ALL_CALLEES: Record<string, (...args: never[]) => unknown> = { ...CALLEES, ...RANDOM_CALLEES };

/**
 * Plain and compiled kernels of `program` with `a` and `k` read from the fields of an outside record holding this
 * input's values; both keep the harness's `(a, b, k, xs)` call shape and ignore the `a` and `k` they are called with.
 */
export function recordKernels(program: Program, a: number, k: number): { plain: Kernel; compiled: Kernel } {
  const names = program.callees;
  const inner = program.params.filter((p) => p !== 'a' && p !== 'k');
  const factory = new Function(
    'a0', 'k0', ...names,
    `const cfg = { a: a0, k: k0 };\nreturn function f(${inner.join(', ')}) {\nlet a = cfg.a, k = cfg['k'];\n${program.body}\n};`,
  ) as (...v: unknown[]) => (...args: unknown[]) => unknown;
  const callees = names.map((n) => ALL_CALLEES[n]);
  const plainInner = factory(a, k, ...callees);
  const compiledInner = memoJit(factory(a, k, ...callees));
  const pick = (args: unknown[]): unknown[] => program.params.flatMap((p, i) => (p === 'a' || p === 'k' ? [] : [args[i]]));
  return {
    plain: function (this: unknown, a_: number, b: number, k_: number, xs: unknown) { return plainInner(...pick([a_, b, k_, xs])); } as Kernel,
    compiled: function (this: unknown, a_: number, b: number, k_: number, xs: unknown) { return compiledInner(...pick([a_, b, k_, xs])); } as Kernel,
  };
}
