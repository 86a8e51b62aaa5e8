// Which f64 locals the Wasm backend keeps in i64 (src/jit/wasm/integral.ts): integralExpr on each form of
// expression (constants by value, i32 and speculated locals, + - * % and negation of integers, the four rounding
// Math functions, both arms of a select, any other i32 value, and nothing else), integralLocals as the largest set
// closed under its assignments (parameters excluded, a non-integral assignment spreading to what depends on it).
// Then through memoJit's Wasm backend against plain JS: past 2^31 the i64 locals are exact, and past 2^53, or at a
// -0 (x * -1 of 0, -4 % 2), the call still gives exactly the plain result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { SAFE, integralExpr, integralLocals } from '../../../src/jit/wasm/integral.js';
import type { Expr, IRFunction } from '../../../src/jit/ir.js';

const F64 = { kind: 'f64' } as const;
const I32 = { kind: 'i32' } as const;
const num = (value: number): Expr => ({ op: 'const', type: F64, value });
const local = (name: string, type: typeof F64 | typeof I32 = F64): Expr => ({ op: 'local', type, name });
const bin = (operator: 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow' | 'and', left: Expr, right: Expr): Expr => ({ op: 'binary', type: F64, operator, left, right });
const none = new Set<string>();

test('SAFE is 2^53, where f64 and i64 stop agreeing on every integer', () => {
  assert.equal(SAFE, 9007199254740992);
  assert.equal(SAFE + 1, SAFE, '2^53 + 1 is no double');
  assert.notEqual(SAFE - 1, SAFE - 2);
});

test('constants: integers within ±2^53 that are not -0', () => {
  for (const v of [0, 3, -7, SAFE, -SAFE, 2 ** 40]) assert.equal(integralExpr(num(v), none), true, String(v));
  for (const v of [-0, 0.5, -2.5, SAFE * 2, NaN, Infinity, -Infinity]) assert.equal(integralExpr(num(v), none), false, String(v));
  assert.equal(integralExpr({ op: 'const', type: { kind: 'bool' }, value: true }, none), false, 'a boolean');
});

test('locals: i32 ones, and f64 ones only when speculated', () => {
  assert.equal(integralExpr(local('n', I32), none), true);
  assert.equal(integralExpr(local('x'), none), false);
  assert.equal(integralExpr(local('x'), new Set(['x'])), true);
  assert.equal(integralExpr({ op: 'convert', type: F64, arg: local('n', I32) }, none), true, 'an i32 converted to f64');
  assert.equal(integralExpr({ op: 'convert', type: I32, arg: local('x') }, none), false, 'what is converted decides');
});

test('arithmetic: + - * % and negation of integral operands; / and ** never', () => {
  const ints = new Set(['x']);
  for (const op of ['add', 'sub', 'mul', 'mod'] as const) {
    assert.equal(integralExpr(bin(op, local('x'), num(3)), ints), true, op);
    assert.equal(integralExpr(bin(op, local('x'), num(0.5)), ints), false, `${op} of 0.5`);
    assert.equal(integralExpr(bin(op, local('y'), num(3)), ints), false, `${op} of an unspeculated local`);
  }
  for (const op of ['div', 'pow', 'and'] as const) assert.equal(integralExpr(bin(op, local('x'), num(2)), ints), false, op);
  assert.equal(integralExpr({ op: 'unary', type: F64, operator: 'neg', arg: local('x') }, ints), true);
  assert.equal(integralExpr({ op: 'unary', type: F64, operator: 'neg', arg: num(0.5) }, ints), false);
  assert.equal(integralExpr({ op: 'unary', type: F64, operator: 'square', arg: local('x') }, ints), false, 'only neg');
});

test('Math: floor, ceil, trunc and round of one argument typed f64; no other function', () => {
  const half = bin('div', local('x'), num(2));
  for (const fn of ['floor', 'ceil', 'trunc', 'round'] as const) {
    assert.equal(integralExpr({ op: 'math', type: F64, fn, args: [half] }, none), true, fn);
  }
  for (const fn of ['abs', 'sqrt', 'min', 'sign', 'fround'] as const) assert.equal(integralExpr({ op: 'math', type: F64, fn, args: [num(4)] }, none), false, fn);
  assert.equal(integralExpr({ op: 'math', type: F64, fn: 'max', args: [num(1), num(2)] }, none), false);
});

test('select: both arms; any other node only when typed i32', () => {
  const cond: Expr = { op: 'compare', type: { kind: 'bool' }, operator: 'lt', left: local('x'), right: num(1) };
  const ints = new Set(['x']);
  assert.equal(integralExpr({ op: 'select', type: F64, cond, then: local('x'), else: num(2) }, ints), true);
  assert.equal(integralExpr({ op: 'select', type: F64, cond, then: local('x'), else: num(2.5) }, ints), false);
  assert.equal(integralExpr({ op: 'select', type: F64, cond, then: num(0.5), else: local('x') }, ints), false);
  const xs: Expr = { op: 'local', type: { kind: 'array', element: 'f64' }, name: 'xs' };
  assert.equal(integralExpr({ op: 'length', type: I32, array: xs }, none), true, 'a length');
  assert.equal(integralExpr({ op: 'load', type: F64, element: 'f64', array: xs, index: num(0) } as Expr, none), false, 'an f64 load');
  assert.equal(integralExpr({ op: 'random', type: F64 }, none), false);
});

const fnOf = (f: (...a: never[]) => unknown, types: ReadonlyArray<typeof F64 | typeof I32>): IRFunction => lowerToIR(f, types).functions.at(-1)!;
const f64Locals = (f: IRFunction): string[] => f.locals.filter((l) => l.type.kind === 'f64').map((l) => l.name).sort();

test('integralLocals: the Collatz model keeps x and steps from an i32 start, only steps from an f64 one', () => {
  function collatz(n: number): number {
    let x = n;
    let steps = 0;
    while (x !== 1) {
      x = x % 2 === 0 ? Math.floor(x / 2) : 3 * x + 1;
      steps++;
    }
    return steps;
  }
  const fromInt = fnOf(collatz, [I32]);
  assert.deepEqual(f64Locals(fromInt), ['steps', 'x'], 'both are f64 locals (the question arises)');
  assert.deepEqual([...integralLocals(fromInt)].sort(), ['steps', 'x']);
  // x = n with an f64 parameter n: n may be 0.5, so x is not kept (and a parameter never is).
  assert.deepEqual([...integralLocals(fnOf(collatz, [F64]))], ['steps']);
});

test('integralLocals: the largest closed set, with a non-integral assignment spreading along dependencies', () => {
  function cycle(n: number): number {
    let a = 0;
    let b = 1;
    for (let i = 0; i < n; i++) { a = b + 1; b = a * 3 - b; }
    return a + b;
  }
  assert.deepEqual([...integralLocals(fnOf(cycle, [I32]))].sort(), ['a', 'b'], 'a and b depend on each other and are both kept');
  function spread(n: number): number {
    let a = 0;
    let b = 1;
    let c = 2;
    for (let i = 0; i < n; i++) { a = b + 1; b = c * 2; c = a / 2; }
    return a + b + c;
  }
  const f = fnOf(spread, [I32]);
  assert.ok(f64Locals(f).includes('a') && f64Locals(f).includes('b') && f64Locals(f).includes('c'));
  // c = a / 2 is not integral; then b = c * 2 is not, then a = b + 1 is not.
  assert.deepEqual([...integralLocals(f)], []);
});

/** The one specialization's Wasm text, and how many calls trapped and were answered by JS. */
function report(f: { inspect(): Record<string, string> }): { text: string; inWasm: number; trapped: number } {
  const text = Object.values(f.inspect()).join('\n');
  const m = /so far: (\d+) calls in Wasm, (\d+) answered by JS after a trap/.exec(text);
  return { text, inWasm: Number(m?.[1] ?? 0), trapped: Number(m?.[2] ?? 0) };
}

test('memoJit (wasm): i64 locals past 2^31 and past 2^53, and -0, give exactly the plain results', () => {
  const jit = memoJit({ backend: 'wasm' });
  function collatz(n: number): number {
    let x = n;
    let steps = 0;
    while (x !== 1) {
      x = x % 2 === 0 ? Math.floor(x / 2) : 3 * x + 1;
      steps++;
    }
    return steps;
  }
  // By hand (OEIS A006577): 27 takes 111 steps, its path peaking at 9232; 2^31 - 1 passes 2^31.
  assert.equal(jit(collatz)(27), 111);
  assert.equal(jit(collatz)(1), 0);
  assert.equal(jit(collatz)(2 ** 31 - 1), collatz(2 ** 31 - 1));
  function powers(n: number): number {
    let x = 1;
    for (let i = 0; i < n; i++) x = x * 3;
    return x;
  }
  const cubes = jit(powers);
  assert.equal(cubes(30), 205891132094649, '3^30, exact');
  assert.equal(cubes(40), 3 ** 40, '3^40 > 2^53: the double JS computes');
  assert.equal(cubes(40), powers(40));
  const cubesReport = report(cubes);
  assert.match(cubesReport.text, /\$x:i64/, 'x is kept in i64');
  assert.deepEqual([cubesReport.inWasm, cubesReport.trapped], [1, 2], '3^30 in Wasm; both calls of 3^40 trapped and were answered by JS');
  function flips(n: number, k: number): number {
    let x = 0;
    for (let i = 0; i < n; i++) x = x * k;
    return x;
  }
  assert.ok(Object.is(jit(flips)(1, -1), -0), '0 * -1 is -0');
  assert.ok(Object.is(jit(flips)(2, -1), 0));
  function rem(n: number): number {
    let r = 0;
    for (let i = 0; i < 1; i++) r = n % 2;
    return r;
  }
  const halves = jit(rem);
  assert.ok(Object.is(halves(-4), -0), '-4 % 2 is -0');
  assert.equal(halves(-3), -1);
  const halvesReport = report(halves);
  assert.match(halvesReport.text, /\$r:i64/, 'r is kept in i64');
  assert.deepEqual([halvesReport.inWasm, halvesReport.trapped], [1, 1], '-4 % 2 trapped (no -0 in i64), -3 % 2 ran in Wasm');
});
