// src/jit/wasm/integral.ts: which f64 locals the Wasm backend keeps in i64. Checked: integralExpr's rules on
// constants (integers within ±2^53, not -0) and operators; integralLocals' fixed point on lowered functions
// (Collatz's x is kept; a local that is once given a fraction is not, nor one computed from it; parameters never);
// and through memoJit on the Wasm backend, the results equal plain JS where the values pass 2^31, where they
// would pass 2^53, where -0 appears and where Math.floor meets Infinity (the checks trap and the call is rerun on
// the JS backend, so the caller sees the plain result).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { integralExpr, integralLocals, SAFE } from '../../../src/jit/wasm/integral.js';
import type { Expr } from '../../../src/jit/ir.js';
import { memoJit } from '../../../src/index.js';

const F64 = { kind: 'f64' } as const;
const c = (value: number): Expr => ({ op: 'const', type: F64, value }) as Expr;

test('integralExpr: integer constants within 2^53 and not -0; + - * % and negation of such; floor and friends', () => {
  assert.equal(SAFE, 2 ** 53);
  for (const [v, ok] of [[3, true], [0, true], [-0, false], [0.5, false], [2 ** 53, true], [2 ** 53 + 2, false], [-(2 ** 53), true], [NaN, false], [Infinity, false]] as const) {
    assert.equal(integralExpr(c(v), new Set()), ok, String(v));
  }
  const x: Expr = { op: 'local', name: 'x', type: F64 } as Expr;
  const bin = (operator: string, l: Expr, r: Expr): Expr => ({ op: 'binary', operator, left: l, right: r, type: F64 }) as unknown as Expr;
  assert.equal(integralExpr(bin('add', x, c(1)), new Set(['x'])), true);
  assert.equal(integralExpr(bin('add', x, c(1)), new Set()), false, 'x not speculated integral');
  assert.equal(integralExpr(bin('div', x, c(2)), new Set(['x'])), false, '/ may give a fraction');
  assert.equal(integralExpr(bin('mod', x, c(2)), new Set(['x'])), true);
  assert.equal(integralExpr({ op: 'unary', operator: 'neg', arg: x, type: F64 } as unknown as Expr, new Set(['x'])), true);
  const floorHalf: Expr = { op: 'math', fn: 'floor', args: [bin('div', x, c(2))], type: F64 } as unknown as Expr;
  assert.equal(integralExpr(floorHalf, new Set()), true, 'Math.floor of anything (its range is checked where made)');
  assert.equal(integralExpr({ op: 'math', fn: 'sqrt', args: [x], type: F64 } as unknown as Expr, new Set(['x'])), false);
});

test('integralLocals: the fixed point over every assignment of a lowered function', () => {
  function collatz(n: number): number {
    let x = n * 1;
    let steps = 0;
    while (x !== 1) {
      x = x % 2 === 0 ? Math.floor(x / 2) : 3 * x + 1;
      steps++;
    }
    return steps;
  }
  function tainted(n: number): number {
    let a = 1;
    let b = 0;
    for (let i = 0; i < n; i++) {
      a = a * 3;
      if (i === 5) a = a / 2; // once a fraction: a is not integral, nor b computed from it
      b = a + 1;
    }
    return b;
  }
  const locals = (f: (n: number) => number, kind: 'i32' | 'f64') => [...integralLocals(lowerToIR(f, [{ kind }]).functions[0]!)].sort();
  // Called with an int32 n, x starts as an integer and stays one through every assignment.
  assert.ok(locals(collatz, 'i32').includes('x'), `collatz keeps x in i64: ${locals(collatz, 'i32')}`);
  // Called with a double n, x starts from a parameter, which is never speculated: nothing is kept.
  assert.ok(!locals(collatz, 'f64').includes('x'), 'x = n * 1 with a double n is not known integral');
  function clean(n: number): number {
    let a = 1;
    let b = 0;
    for (let i = 0; i < n; i++) {
      a = a * 3;
      b = a + 1;
    }
    return b;
  }
  assert.deepEqual(locals(clean, 'f64').filter((l) => l === 'a' || l === 'b'), ['a', 'b'], 'without the fraction both are kept');
  assert.deepEqual(locals(tainted, 'f64').filter((l) => l === 'a' || l === 'b'), [], 'the fraction removes a, then b');
});

test('on the Wasm backend, results equal plain JS past 2^31, at 2^53, with -0 and with Infinity', () => {
  function collatzSteps(n: number): number {
    let x = n;
    let steps = 0;
    while (x !== 1 && steps < 10000) {
      x = x % 2 === 0 ? Math.floor(x / 2) : 3 * x + 1;
      steps++;
    }
    return steps;
  }
  function grow(n: number, k: number): number {
    let x = n;
    for (let i = 0; i < k; i++) x = x * 3 + 1; // passes 2^53 for large k: the check traps, JS reruns
    return x;
  }
  function negZero(n: number): number {
    let x = 0;
    x = -1 * (n - n); // -0 when n is finite
    return 1 / x;
  }
  function floored(a: number): number {
    let x = 0;
    x = Math.floor(a);
    return x + 1;
  }
  const cases: Array<[(...a: number[]) => number, number[][]]> = [
    [collatzSteps, [[27], [837799], [2 ** 31 + 11], [1]]],
    [grow, [[1, 10], [1, 30], [1, 40], [5, 35]]],
    [negZero, [[3], [0]]],
    [floored, [[2.5], [-2.5], [Infinity], [NaN], [-0.5]]],
  ];
  for (const [fn, inputs] of cases) {
    const jit = memoJit({ backend: 'wasm' })(fn) as (...a: number[]) => number;
    for (const args of inputs) assert.ok(Object.is(jit(...args), fn(...args)), `${fn.name}(${args}): ${jit(...args)} vs ${fn(...args)}`);
  }
});
