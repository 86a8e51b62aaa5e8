// Lowering (src/jit/lower*.ts) checked through compiled results, the i32 audit, the backend `inspect()` names
// and the JitError's fields: default parameters given an element read past the end, temporaries of
// expressions that assign, comma sequences, a switch comparing a double with integer cases on the Wasm
// backend, the start of a prange loop, and the function named by a lowering error. Written for the jit-lower
// sample survivors of issue 19 (sample of 40, seed 19, 2026-12-02: lower/statements.ts:111, :232, :313,
// lower.ts:430); each failed against the mutants of its line. The switch and functionName tests pin contracts
// whose survivors (lower/statements.ts:363, lower.ts:95) are equivalent (bench/README.md says why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../src/index.js';
import { compileSpecialization } from '../../src/internals.js';
import type { JitType } from '../../src/index.js';
import { compileError } from '../_support/jit-error.js';

test('a default parameter applies when the argument is an element read past the end (undefined): int32, double, boolean', () => {
  function withDefaults(xs: Int32Array, ys: Float64Array, flags: boolean[], i: number): number {
    function h(v = 2, w = 0.5, f = true): number {
      return f ? v * 10 + w : -1;
    }
    return h(xs[i], ys[i], flags[i]);
  }
  const c = memoJit(withDefaults);
  const [xs, ys, flags] = [new Int32Array([7, -3]), new Float64Array([1.5, -0.25]), [false, true]];
  for (const i of [0, 1, 2, 5]) assert.ok(Object.is(c(xs, ys, flags, i), withDefaults(xs, ys, flags, i)), `i=${i}`);
});

test('i32 audit: temporaries of `x++` as a value, compound and chained assignments hold int32 values from their declaration', () => {
  // compileSpecialization(…, { checkTypes: true }) checks every i32-typed expression at run time, so a
  // temporary declared with a non-number first value fails here even though plain results would agree.
  function temps(n: number): number {
    let i = 0;
    let a = 0;
    let b = 0;
    let s = 0;
    while (i < n) {
      s += i++ * 2;
      a = b = s & 7;
      s = (a += 3, s + a);
    }
    return s + a + b + i;
  }
  const I32: JitType = { kind: 'i32' };
  const { fn } = compileSpecialization(temps as (...a: unknown[]) => unknown, [I32], undefined, { checkTypes: true });
  for (const n of [0, 1, 5, 17]) assert.ok(Object.is(fn(n), temps(n)), `n=${n}`);
});

test('a comma sequence runs every effect in order and yields the last value', () => {
  function seq(x: number): number {
    let a = x;
    let b = 0;
    let c = 0;
    const r = (a++, b += 2, c = a + b, a *= 3, c * 2 + a);
    return r * 1000 + a * 100 + b * 10 + c;
  }
  const c = memoJit(seq);
  for (const x of [0, 1, 2.5, -4]) assert.ok(Object.is(c(x), seq(x)), `seq(${x}): ${c(x)} vs ${seq(x)}`);
});

test('a switch on a double with integer cases compares as doubles and runs on the Wasm backend', () => {
  function pick(x: number): number {
    switch (x) {
      case 1: return 10;
      case 2: return 20;
      case -3: return 30;
      default: return 0;
    }
  }
  const w = memoJit({ backend: 'wasm' })(pick);
  for (const x of [1.5, 1, 2, -3, 2.0000001, NaN, -0, 0]) assert.ok(Object.is(w(x), pick(x)), `pick(${x})`);
  const text = Object.values((w as unknown as { inspect(): Record<string, string> }).inspect()).join('\n');
  assert.match(text, /backend: wasm — /, 'the double specialization runs on Wasm (a mixed i32/f64 comparison would not build)');
});

test('an error found while lowering names the function (functionName) and the construct', () => {
  function bumpInside(xs: Float64Array): number {
    const s = xs[0]!++ + 1;
    return s;
  }
  // (`let r;` holding a typed array, the second example until session 15, compiles now: lower.ts declareUnset)
  function sameRow(X: number[][]): number {
    return X[0] === X[1] ? 1 : 0;
  }
  const a = compileError(bumpInside, [new Float64Array(2)]);
  assert.equal(a.functionName, 'bumpInside');
  assert.equal(a.construct, '++ inside an expression');
  const b = compileError(sameRow, [[[1], [2]]]);
  assert.equal(b.functionName, 'sameRow');
  assert.equal(b.construct, 'row comparison');
  assert.match(b.message, /rows can only be compared with null/);
});

test('`for (const i of prange(n))` starts at 0 and `prange(a, b)` at a, as plain JS counts', () => {
  function fill(xs: Float64Array, a: number): number {
    for (const i of prange(xs.length)) xs[i] = i * 2 + 1;
    for (const i of prange(a, xs.length)) xs[i] = xs[i]! + 0.5;
    return xs[0]!;
  }
  const [want, got] = [new Float64Array(5), new Float64Array(5)];
  assert.ok(Object.is(memoJit(fill)(got, 2), fill(want, 2)));
  assert.deepEqual([...got], [...want]);
});
