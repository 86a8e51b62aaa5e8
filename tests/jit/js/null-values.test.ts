// A value of type null (`return null`, `let r = null`, a null item of a returned tuple) reaches the caller as
// JS's null. Found through the jit-js survivor `js/statements.ts:44` of issue 19 (sample of 2026-12-02): the JS
// backend emitted such a value as -1, the packed-row form of "no row", so `return null` gave -1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';

test('`return null`, a local holding null and a tuple\'s null item come back as null, as in plain JS', () => {
  function nothing(x: number): null {
    if (x > 0) return null;
    return null;
  }
  function held(x: number): null {
    let r = null;
    if (x > 0) r = null;
    return r;
  }
  function pair(x: number): [number, null] {
    return [x, null];
  }
  function compared(x: number): number {
    const r = null;
    return r === null ? x : -x;
  }
  for (const x of [2, -1]) {
    assert.equal(memoJit(nothing)(x), null);
    assert.equal(memoJit(held)(x), null);
    assert.deepEqual(memoJit(pair)(x), [x, null]);
    assert.equal(memoJit(compared)(x), compared(x));
  }
});

// issue 19's named survivor js/statements.ts:44 (now :58, absentSource): `return null` beside returns of values is an
// `absent` node; swapping its null and undefined was not noticed by any test of the JS backend.
test('`return null`, `return undefined` and a bare `return` beside numbers, booleans and arrays keep which one they are', () => {
  function num(x: number): number | null | undefined {
    if (x > 1) return x;
    if (x > 0) return undefined;
    if (x > -1) return;
    return null;
  }
  function flag(x: number): boolean | null | undefined {
    if (x > 1) return x > 2;
    if (x > 0) return undefined;
    return null;
  }
  function arr(xs: Float64Array, x: number): Float64Array | null | undefined {
    if (x > 1) return xs;
    if (x > 0) return undefined;
    return null;
  }
  const xs = new Float64Array([1, 2]);
  for (const x of [3, 2, 0.5, 0, -0.5, -2]) {
    assert.ok(Object.is(memoJit(num)(x), num(x)), `num(${x}): compiled ${String(memoJit(num)(x))}, plain ${String(num(x))}`);
    assert.ok(Object.is(memoJit(flag)(x), flag(x)), `flag(${x})`);
    assert.ok(Object.is(memoJit(arr)(xs, x), arr(xs, x)), `arr(${x})`);
  }
});
