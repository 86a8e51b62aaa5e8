// The branch-free counter rule (src/jit/passes/branchless.ts), which the JS backend (js/codegen.ts) and the Wasm
// regions (parallel/branchless.ts) both read: which `if (c) n ±= k` statements qualify, in which form, and that
// each backend emits what the rule decides (JS text for both forms, Wasm IR for the f64 form only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branchlessCounter } from '../../../src/jit/passes/branchless.js';
import { branchlessCounts } from '../../../src/jit/parallel/branchless.js';
import { compileSpecialization } from '../../../src/internals.js';
import type { Expr, IRFunction, Stmt } from '../../../src/jit/ir.js';
import { BOOL, F64, I32, type Type } from '../../../src/jit/types.js';

const local = (name: string, type: Type = F64): Expr => ({ op: 'local', type, name });
const num = (value: number, type: Type = F64): Expr => ({ op: 'const', type, value });
const cond: Expr = { op: 'compare', type: BOOL, operator: 'lt', left: local('x'), right: num(1) };
const step = (name: string, operator: 'add' | 'sub' | 'mul', right: Expr, type: Type = F64): Stmt =>
  ({ kind: 'assign', name, value: { op: 'binary', type, operator, left: local(name, type), right } });
const when = (then: Stmt[], c: Expr = cond, otherwise: Stmt[] = []): Stmt => ({ kind: 'if', cond: c, then, else: otherwise });
const all = (): boolean => true;

test('an f64 counter with a finite nonzero constant step: n - (+(c) * m + 0), m = -k for += and k for -=', () => {
  assert.deepEqual(branchlessCounter(when([step('n', 'add', num(2))]), all), { form: 'f64', name: 'n', cond, m: -2 });
  assert.deepEqual(branchlessCounter(when([step('n', 'sub', num(0.5))]), all), { form: 'f64', name: 'n', cond, m: 0.5 });
});

test('an i32 counter steps by a constant or another local, never by itself', () => {
  const one = num(1, I32);
  assert.deepEqual(branchlessCounter(when([step('n', 'add', one, I32)]), all), { form: 'i32', name: 'n', cond, operator: 'add', step: one });
  const k = local('k', I32);
  assert.deepEqual(branchlessCounter(when([step('n', 'sub', k, I32)]), all), { form: 'i32', name: 'n', cond, operator: 'sub', step: k });
  assert.equal(branchlessCounter(when([step('n', 'add', local('n', I32), I32)]), all), undefined);
});

test('refused: an else branch, two statements, an effect in the condition, a step that is 0, ±Infinity, NaN or a local (f64), `*`', () => {
  const s = step('n', 'add', num(1));
  const effect: Expr = { op: 'effect', type: BOOL, stmts: [step('x', 'add', num(1))], value: cond };
  for (const refused of [
    when([s], cond, [s]), when([s, s]), when([s], effect),
    when([step('n', 'add', num(0))]), when([step('n', 'add', num(Infinity))]), when([step('n', 'sub', num(-Infinity))]),
    when([step('n', 'add', num(NaN))]), when([step('n', 'add', local('k'))]), when([step('n', 'mul', num(2))]),
    { kind: 'assign', name: 'n', value: num(1) } as Stmt,
  ]) assert.equal(branchlessCounter(refused, all), undefined, JSON.stringify(refused));
});

test('a counter (or an i32 step local) that may hold undefined keeps its branch', () => {
  assert.equal(branchlessCounter(when([step('n', 'add', num(1))]), (name) => name !== 'n'), undefined);
  assert.equal(branchlessCounter(when([step('n', 'add', local('k', I32), I32)]), (name) => name !== 'k'), undefined);
});

test('the JS backend emits what the rule decides: the f64 form, the i32 form, and a branch where the counter may be undefined', () => {
  function f64Count(xs: Float64Array): number {
    let n = -0;
    for (let i = 0; i < xs.length; i++) if (xs[i]! < 0.5) n += 1;
    return n;
  }
  // outside a loop the count is bounded, so inference keeps it i32
  function i32Count(xs: Int32Array, a: number): number {
    let n = 0;
    if (xs[0]! > a) n++;
    if (xs[1]! > a) n -= 1;
    return n;
  }
  function undefinedCount(xs: Float64Array): number {
    let n = xs[xs.length]!; // past the end: undefined in JS
    for (let i = 0; i < xs.length; i++) if (xs[i]! < 0.5) n += 1;
    return n;
  }
  const f = compileSpecialization(f64Count, [{ kind: 'array', element: 'f64' }]).source;
  assert.match(f, /n = n - \(\+\(.*\) \* \(-1\) \+ 0\)/);
  const g = compileSpecialization(i32Count, [{ kind: 'array', element: 'i32' }, { kind: 'f64' }]).source;
  assert.match(g, /n = n \+ \+\(\(xs\[0\] > a\)\);/);
  assert.match(g, /n = n - \+\(\(xs\[1\] > a\)\);/);
  const u = compileSpecialization(undefinedCount, [{ kind: 'array', element: 'f64' }]).source;
  assert.doesNotMatch(u, / - \(\+\(/);
  assert.match(u, /if \(/);
});

test('the Wasm regions rewrite exactly the f64 counters the rule accepts; i32 counters keep their branch there', () => {
  const f: IRFunction = {
    name: 'f', params: [{ name: 'x', type: F64 }], returnType: F64, usesRandom: false,
    locals: [{ name: 'n', type: F64 }, { name: 'j', type: I32 }],
    body: [when([step('n', 'add', num(3))]), when([step('j', 'add', num(1, I32), I32)]), when([step('n', 'add', num(0))])],
  };
  const out = branchlessCounts(f).body;
  assert.equal(out[0]!.kind, 'assign');
  assert.deepEqual(out[1], f.body[1]);
  assert.deepEqual(out[2], f.body[2]);
  const straight = out[0] as Extract<Stmt, { kind: 'assign' }>;
  assert.equal(JSON.stringify(straight.value).includes('"value":-3'), true);
});
