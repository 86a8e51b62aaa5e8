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
