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

/**
 * A small program where `u` (`let`) and `w` (`var`) are declared without a value and written only on some paths,
 * so `undefined` flows through arithmetic, comparisons, conditional updates, typed-array stores and the result:
 * the source of `function f(a, b, xs) { … }`, chosen by `pick` (an index generator, from fast-check).
 */
export function unsetProgram(pick: (n: number) => number): string {
  const ops = ['+', '-', '*', '/', '%', '<', '>=', '===', '!=', '&&', '||', '??'];
  const op = (): string => ops[pick(ops.length)]!;
  const conds = ['a > b', 'b > 0', 'xs.length > 2', 'a === a', 'false', 'u === undefined', 'w != null', 'u < a', '!u', 'w'];
  const cond = (): string => conds[pick(conds.length)]!;
  const atoms = ['a', 'b', 'u', 'w', 'xs[0]', 'xs[i]', '1', '-0', 'NaN'];
  const atom = (inLoop: boolean): string => {
    const a = atoms[pick(atoms.length)]!;
    return !inLoop && a === 'xs[i]' ? 'xs[1]' : a;
  };
  const value = (inLoop: boolean): string => `(${atom(inLoop)} ${op()} ${atom(inLoop)})`;
  const lines = [
    'let u;',
    'var w;',
    `if (${cond()}) u = ${value(false)};`,
    'for (let i = 0; i < xs.length; i++) {',
    `  if (${cond()}) w = ${value(true)};`,
    `  if (u === undefined || xs[i] < u) u = ${pick(2) ? 'xs[i]' : value(true)};`,
    `  if (${cond()}) xs[i] = ${value(true)};`,
    '}',
    `const r = ${value(false)};`,
    `return [u, w, r, u === undefined ? 1 : 0, w != null ? 1 : 0, ${cond()} ? 1 : 2];`,
  ];
  return `function f(a, b, xs) {\n  ${lines.join('\n  ')}\n}`;
}

/**
 * {@link unsetProgram} for booleans: `p` (`let`) and `q` (`var`) are declared without a value and given booleans
 * on some paths only, so `undefined` flows through `!`, `&&`, `||`, `? :`, `===`/`==` tests, `&`/`|`/`^`, conditional
 * stores into a Float64Array and the result: the source of `function f(a, b, xs) { … }`.
 */
export function unsetBooleanProgram(pick: (n: number) => number): string {
  const conds = ['a > b', 'b > 0', 'xs.length > 2', 'false', 'xs[0] < a'];
  const cond = (): string => conds[pick(conds.length)]!;
  const flag = (): string => ['p', 'q'][pick(2)]!;
  const tests = [
    () => `!${flag()}`, () => `${flag()} === undefined`, () => `${flag()} !== false`, () => `${flag()} == null`,
    () => `${flag()} === true`, () => `${flag()} && ${cond()}`, () => `${flag()} || ${cond()}`, () => flag(),
  ];
  const test = (): string => tests[pick(tests.length)]!();
  const value = (): string => [`${cond()}`, 'true', 'false', `!${flag()}`, `${flag()} === undefined`][pick(5)]!;
  const lines = [
    'let p;',
    'var q;',
    `if (${cond()}) p = ${value()};`,
    'let n = 0;',
    'for (let i = 0; i < xs.length; i++) {',
    `  if (${test()}) n += 1;`,
    `  if (${cond().replace('xs[0]', 'xs[i]')}) q = ${value()};`,
    `  if (${test()}) xs[i] = ${flag()} ? -0 : i;`,
    '}',
    `const bits = (${flag()} & 1) + (${flag()} | 2) + (${flag()} ^ 1);`,
    `return [p, q, n, bits, ${test()} ? 1 : 2, ${flag()} ? 3 : 4];`,
  ];
  return `function f(a, b, xs) {\n  ${lines.join('\n  ')}\n}`;
}

/**
 * A program over an object `o` whose field `w` is optional (present on some calls' objects, absent on others) and
 * whose `m` is never present: `undefined` read from a missing field flows through `===`, `??`, `||`, `+`, `if`,
 * arithmetic, comparisons, conditional updates, stores and the result: the source of `function f(o, xs) { … }`.
 */
export function absentFieldProgram(pick: (n: number) => number): string {
  const reads = ['o.w', 'o.m', 'o.x', "o['w']"];
  const read = (): string => reads[pick(reads.length)]!;
  const forms = [
    () => `(${read()} === undefined ? 1 : 2)`, () => `(${read()} ?? -0)`, () => `(${read()} || 1.5)`, () => `(+${read()})`,
    () => `(${read()} + ${read()})`, () => `(${read()} * 2 - xs[0])`, () => `(${read()} < o.x ? 3 : 4)`, () => `(${read()} != null ? 5 : 6)`,
  ];
  const form = (): string => forms[pick(forms.length)]!();
  const lines = [
    `let s = ${form()};`,
    'for (let i = 0; i < xs.length; i++) {',
    `  if (${read()}) s += ${form()};`,
    `  if (${read()} === undefined || xs[i] < ${read()}) xs[i] = ${form()};`,
    '}',
    `return [s, ${read()}, ${form()}];`,
  ];
  return `function f(o, xs) {\n  ${lines.join('\n  ')}\n}`;
}
