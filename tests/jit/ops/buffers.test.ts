// src/jit/ops/buffers.ts: ArrayBuffer properties and typed-array views over buffers. Checked: each property row
// names a property that exists where the row says (`byteLength` on both, `byteOffset` and `buffer` on typed
// arrays), the constructor forms' arities are JavaScript's, and through memoJit the properties and a view made
// in the function (`new Float64Array(xs.buffer, off, n)`, `new Int32Array(xs)`) equal the plain function's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUFFER_PROPERTIES, VIEW_FORMS } from '../../../src/jit/ops/buffers.js';
import { memoJit } from '../../../src/index.js';

test('each property row exists where it says; the view forms take JavaScript\'s argument counts', () => {
  const buf = new ArrayBuffer(16);
  const view = new Float64Array(buf, 8, 1);
  for (const [name, row] of Object.entries(BUFFER_PROPERTIES)) {
    if (row.on !== 'typed') assert.ok(name in buf, `ArrayBuffer.${name}`);
    if (row.on !== 'buffer') assert.ok(name in view, `Float64Array.${name}`);
  }
  assert.equal(view.byteOffset, 8);
  assert.deepEqual(VIEW_FORMS.buffer.arity, [1, 3], 'new T(buffer[, byteOffset[, length]])');
  assert.deepEqual(VIEW_FORMS.array.arity, [1, 1], 'new T(arrayOrTypedArray)');
});

test('compiled, byte properties and views over a buffer equal the plain function', () => {
  function tail(xs: Float64Array, skip: number): number {
    const v = new Float64Array(xs.buffer, xs.byteOffset + skip * 8, xs.length - skip);
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i]! * (i + 1);
    return s + xs.byteLength + v.byteOffset / 8;
  }
  function asInts(xs: Float64Array): number {
    const ints = new Int32Array(xs); // converted as a store converts: truncation, NaN → 0, modulo 2^32
    let s = 0;
    for (let i = 0; i < ints.length; i++) s += ints[i]! * (i + 1);
    return s;
  }
  const jt = memoJit(tail), ji = memoJit(asInts);
  const backing = Float64Array.from([9, 1.5, -2, 3.25, 4, 5.5]);
  for (const xs of [backing, backing.subarray(1), backing.subarray(2, 5)]) {
    for (const skip of [0, 1, 2]) assert.ok(Object.is(jt(xs, skip), tail(xs, skip)), `tail(len ${xs.length}, skip ${skip})`);
  }
  const odd = Float64Array.from([1.9, -1.9, NaN, 2 ** 32 + 5, -(2 ** 31) - 1, Infinity]);
  assert.equal(ji(odd), asInts(odd));
  assert.throws(() => jt(backing, 7), RangeError, 'a view past the end is a RangeError, as in plain JS');
});
