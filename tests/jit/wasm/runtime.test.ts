// src/jit/wasm/runtime.ts: a Wasm specialization's calls are transactional. Checked through memoJit's Wasm
// backend against the plain functions: arrays the code writes are written once, even when the Wasm code wrote
// them and then trapped (an out-of-range read JS answers with undefined), because the JS rerun starts from the
// untouched arguments; two arguments that are one array (or views of one buffer) run on JS and see each other's
// writes as plain JS does; WASM_TOTALS counts calls that finished in Wasm and calls that trapped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { WASM_TOTALS } from '../../../src/jit/wasm/runtime.js';

function bumpThenPeek(out: Float64Array, k: number): number {
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + 1;
  return out[k]! * 2; // past the end: undefined * 2 is NaN in JS, a trap in Wasm
}

test('a call that writes then traps leaves the arrays as the plain function does, written once', () => {
  const jit = memoJit({ backend: 'wasm' })(bumpThenPeek);
  const calls0 = WASM_TOTALS.calls, traps0 = WASM_TOTALS.traps;
  const a = Float64Array.from([1, 2, 3]), b = Float64Array.from([1, 2, 3]);
  assert.equal(jit(a, 1), bumpThenPeek(b, 1));
  assert.deepEqual([...a], [...b]);
  assert.equal(WASM_TOTALS.calls - calls0, 1, 'in range: finished in Wasm');
  const c = Float64Array.from([1, 2, 3]), d = Float64Array.from([1, 2, 3]);
  assert.ok(Object.is(jit(c, 7), bumpThenPeek(d, 7)), 'NaN from the JS rerun');
  assert.deepEqual([...c], [2, 3, 4], 'each element bumped once, not twice');
  assert.deepEqual([...c], [...d]);
  assert.equal(WASM_TOTALS.traps - traps0, 1, 'the trap was counted');
});

test('one array passed twice, or two views of one buffer, behave as in plain JS', () => {
  function shift(dst: Float64Array, src: Float64Array): number {
    for (let i = 1; i < dst.length; i++) dst[i] = src[i - 1]!;
    return dst[dst.length - 1]!;
  }
  const jit = memoJit({ backend: 'wasm' })(shift);
  const x = Float64Array.from([1, 2, 3, 4]), y = Float64Array.from([1, 2, 3, 4]);
  assert.equal(jit(x, x), shift(y, y), 'aliasing: each write is seen by the next read');
  assert.deepEqual([...x], [...y]);
  assert.deepEqual([...x], [1, 1, 1, 1]);
  const buf = new Float64Array(6).map((_, i) => i), buf2 = new Float64Array(6).map((_, i) => i);
  assert.equal(jit(buf.subarray(1, 5), buf.subarray(0, 4)), shift(buf2.subarray(1, 5), buf2.subarray(0, 4)));
  assert.deepEqual([...buf], [...buf2], 'overlapping views of one buffer');
  const p = Float64Array.from([5, 6, 7]), q = Float64Array.from([8, 9, 10]);
  assert.equal(jit(p, q), 9);
  assert.deepEqual([...p], [5, 8, 9], 'distinct arrays: copied in and back out');
});
