// src/memory/index.ts: the typed-array constructors of numbat memory and their bookkeeping (the allocator itself
// is tests/memory/heap.test.ts's). Checked: each constructor gives its typed-array class over the shared
// memory, from a length (zeros) or from values; zeros makes a 1-D array or an Array2D; the length errors;
// isOwned until freed (an Array2D by its data); memoryStats counts arrays and their 16-byte-aligned bytes;
// adoptCopy copies the bytes at an offset into a new owned array, also when they overlap where it lands; and
// numbatMemory/inNumbatMemory are heap.ts's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as memory from '../../src/memory/index.js';
import * as heap from '../../src/memory/heap.js';
import { Array2D } from '../../src/jit/types.js';

test('each constructor gives its typed array over the shared memory, zeroed from a length or holding the values', () => {
  const kinds = [
    [memory.f64, Float64Array], [memory.f32, Float32Array], [memory.i32, Int32Array], [memory.u32, Uint32Array],
    [memory.i16, Int16Array], [memory.u16, Uint16Array], [memory.i8, Int8Array], [memory.u8, Uint8Array],
  ] as const;
  for (const [make, Ctor] of kinds) {
    const zeros = make(5);
    assert.ok(zeros instanceof Ctor, Ctor.name);
    assert.equal(zeros.length, 5);
    assert.ok(zeros.every((v) => v === 0));
    assert.equal(zeros.buffer, heap.numbatMemory().buffer, 'a view of the one shared memory');
    const given = make([1, 2, 200]);
    assert.deepEqual([...given], [...Ctor.from([1, 2, 200])], `${Ctor.name} converts as the typed array does`);
    assert.ok(memory.isOwned(given) && memory.isNumbatArray(given));
    memory.free(zeros);
    memory.free(given);
  }
  const fromTyped = memory.f64(Float32Array.of(0.5, 0.25));
  assert.deepEqual([...fromTyped], [0.5, 0.25], 'any ArrayLike of numbers');
  memory.free(fromTyped);
});

test('zeros: a Float64Array of n, or an Array2D rows × cols over numbat memory; bad sizes are RangeErrors naming them', () => {
  const v = memory.zeros(3);
  assert.ok(v instanceof Float64Array && v.length === 3 && memory.isOwned(v));
  const m = memory.zeros(2, 3);
  assert.ok(m instanceof Array2D);
  assert.deepEqual([m.rows, m.cols, m.data.length], [2, 3, 6]);
  assert.ok(memory.isOwned(m) && memory.isNumbatArray(m.data));
  assert.deepEqual([...memory.zeros(0, 4).data], []);
  assert.throws(() => memory.zeros(1.5, 2), (e: unknown) => e instanceof RangeError && e.message === 'numbat.zeros: rows and cols must be non-negative integers (got 1.5 × 2).');
  assert.throws(() => memory.f32(-2), (e: unknown) => e instanceof RangeError && e.message === 'numbat.f32: the length must be a non-negative integer, got -2');
  assert.throws(() => memory.u8(NaN), /numbat\.u8: the length must be a non-negative integer, got NaN/);
  assert.throws(() => memory.zeros(-1), /numbat\.zeros: the length must be a non-negative integer, got -1/);
  memory.free(v);
  memory.free(m);
  assert.equal(memory.isOwned(m), false, 'an Array2D is owned through its data');
});

test('memoryStats counts live arrays and their bytes, rounded up to 16; isOwned turns false on free', () => {
  const before = memory.memoryStats();
  const xs = memory.f64(10); // 80 bytes
  const ys = memory.u8(3); // 3 bytes, one 16-byte block
  const during = memory.memoryStats();
  assert.equal(during.liveArrays - before.liveArrays, 2);
  assert.equal(during.liveBytes - before.liveBytes, 96);
  assert.equal(during.memoryBytes, heap.numbatMemory().buffer.byteLength);
  memory.free(xs);
  assert.equal(memory.isOwned(xs), false);
  assert.equal(memory.isOwned(ys), true);
  memory.free(ys);
  assert.equal(memory.memoryStats().liveArrays, before.liveArrays);
  assert.equal(memory.isOwned(new Float64Array(2)), false);
});

test('adoptCopy: a new owned array holding the bytes at an offset, also where the two overlap', () => {
  const xs = memory.f64([1, 2, 3]);
  const copy = memory.adoptCopy(Float64Array, xs.byteOffset, 3);
  assert.notEqual(copy.byteOffset, xs.byteOffset);
  assert.deepEqual([...copy], [1, 2, 3]);
  assert.ok(memory.isOwned(copy));
  // Free xs: its block is reused by the next allocation of that size, which copies from an overlapping place.
  const at = xs.byteOffset;
  memory.free(xs);
  const src = new Float64Array(heap.numbatMemory().buffer, at + 8, 3);
  src.set([7, 8, 9]);
  const shifted = memory.adoptCopy(Float64Array, at + 8, 3);
  assert.equal(shifted.byteOffset, at, 'it lands where xs was, 8 bytes below its source');
  assert.deepEqual([...shifted], [7, 8, 9], 'copied as memmove copies');
  memory.free(copy);
  memory.free(shifted);
});

test('numbatMemory and inNumbatMemory are heap.ts\'s own; isNumbatArray is inNumbatMemory of the buffer', () => {
  assert.equal(memory.numbatMemory, heap.numbatMemory);
  assert.equal(memory.inNumbatMemory, heap.inNumbatMemory);
  const xs = memory.f32(2);
  assert.equal(memory.isNumbatArray(new Uint8Array(xs.buffer, 0, 1)), true, 'any view of numbat memory');
  assert.equal(memory.isNumbatArray(new Uint8Array(new SharedArrayBuffer(8))), false, 'another shared buffer is not');
  memory.free(xs);
});
