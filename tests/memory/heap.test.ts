// numbat memory: the allocator's contract (aligned, disjoint, zeroed, reused and merged when freed), growth that
// never leaves a view stale, explicit free with its errors, and memory returned when an array is collected.
import test from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as numbat from '../../src/index.js';
import { Array2D } from '../../src/index.js';
import { allocate, deallocate, ensureBytes, growthMs, heapEnd, heapStats, numbatMemory } from '../../src/memory/heap.js';

test('blocks are 16-byte aligned, disjoint, and zero even where a freed array was', () => {
  const a = numbat.f64(3), b = numbat.f32(5), c = numbat.i32(0), d = numbat.u8(17);
  const spans = [a, b, c, d].map((x) => [x.byteOffset, x.byteOffset + Math.max(16, x.byteLength)] as const);
  for (const [lo] of spans) assert.equal(lo % 16, 0);
  for (let i = 0; i < spans.length; i++) {
    for (let j = 0; j < i; j++) assert.ok(spans[i]![0] >= spans[j]![1] || spans[j]![0] >= spans[i]![1], 'blocks overlap');
  }
  a.fill(7);
  const at = a.byteOffset;
  numbat.free(a);
  const again = numbat.f64(3);
  assert.equal(again.byteOffset, at, 'a freed block of the same size is reused');
  assert.deepEqual([...again], [0, 0, 0]);
  for (const x of [b, c, d, again]) numbat.free(x);
});

test('numbat arrays are ordinary typed arrays over the shared memory, made from a length or from values', () => {
  const xs = numbat.f64([1.5, -0, NaN]);
  assert.ok(xs instanceof Float64Array);
  assert.ok(xs.buffer instanceof SharedArrayBuffer);
  assert.ok(Object.is(xs[1], -0) && Number.isNaN(xs[2]));
  assert.deepEqual([...numbat.i32([1.9, -2.9, 2 ** 32 + 3])], [1, -2, 3], 'values convert as the typed array converts them');
  assert.ok(numbat.isNumbatArray(xs) && numbat.isNumbatArray(xs.subarray(1)));
  assert.ok(!numbat.isNumbatArray(new Float64Array(3)));
  assert.throws(() => numbat.f64(-1), RangeError);
  assert.throws(() => numbat.f64(1.5), RangeError);
  numbat.free(xs);
});

test('freed neighbours merge, and a free block at the end lowers the heap end', () => {
  const before = heapEnd();
  // sizes no earlier test left a free block of
  const p = allocate(32_784), q = allocate(32_784), r = allocate(32_784), s = allocate(16);
  deallocate(p);
  deallocate(r);
  deallocate(q); // merges p, q and r into one block
  const big = allocate(3 * 32_784);
  assert.equal(big, p, 'the merged block holds an allocation of their total size');
  deallocate(big);
  deallocate(s);
  assert.equal(heapEnd(), before, 'everything freed: the end is back where it was');
  assert.throws(() => deallocate(s), RangeError, 'a double free is an error');
});

test('growth of the memory leaves earlier arrays valid, with their length and contents', () => {
  const mem = numbatMemory();
  const small = numbat.f64([1, 2, 3]);
  const oldBuffer = mem.buffer;
  const bytes = mem.buffer.byteLength;
  const big = numbat.f64(bytes / 8 + 1000); // more than the memory holds now: it grows
  assert.ok(mem.buffer.byteLength > bytes);
  assert.notEqual(mem.buffer, oldBuffer, 'growth made a new buffer object');
  assert.equal(small.length, 3);
  assert.deepEqual([...small], [1, 2, 3]);
  small[0] = 9;
  assert.equal(new Float64Array(mem.buffer, small.byteOffset, 1)[0], 9, 'the old view and the new buffer are the same bytes');
  assert.ok(numbat.isNumbatArray(small) && numbat.isNumbatArray(big));
  numbat.free(big);
  numbat.free(small);
});

test('free: a subarray, an ordinary array, and a second free are errors; an Array2D from zeros frees its data', () => {
  const xs = numbat.f64(8);
  assert.throws(() => numbat.free(xs.subarray(2)), /not returned by numbat/);
  assert.throws(() => numbat.free(new Float64Array(2)), /not an array in numbat memory/);
  numbat.free(xs);
  assert.throws(() => numbat.free(xs), TypeError);
  const m = numbat.zeros(3, 4);
  assert.ok(m instanceof Array2D && m.rows === 3 && m.cols === 4 && numbat.isNumbatArray(m.data));
  const live = heapStats().liveArrays;
  numbat.free(m);
  assert.equal(heapStats().liveArrays, live - 1);
  assert.ok(numbat.zeros(4) instanceof Float64Array);
  assert.throws(() => numbat.zeros(2, -1), RangeError);
});

test('an array no longer referenced returns its memory (FinalizationRegistry)', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const settle = async (): Promise<void> => {
    for (let k = 0; k < 3; k++) { gc(); await new Promise((resolve) => setTimeout(resolve, 10)); }
  };
  await settle(); // arrays earlier tests dropped are collected first
  const live = heapStats().liveArrays;
  (() => { for (let i = 0; i < 10; i++) numbat.f64(1000)[0] = i; })();
  assert.equal(heapStats().liveArrays, live + 10);
  for (let attempt = 0; attempt < 50 && heapStats().liveArrays > live; attempt++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(heapStats().liveArrays, live, 'the ten arrays were collected and their blocks freed');
});

test('growth is timed (growthMs) only when the memory grows, and the grown pages read as zeros beside data kept', () => {
  const xs = numbat.f64([1, 2, 3]);
  const have = numbatMemory().buffer.byteLength;
  const g0 = growthMs();
  ensureBytes(have); // already there: no growth, no time
  assert.equal(growthMs(), g0);
  ensureBytes(have + 8 * 65536); // eight pages more, each 4 KiB of them touched
  assert.ok(numbatMemory().buffer.byteLength >= have + 8 * 65536);
  assert.ok(growthMs() > g0, 'the growth and the first touch of its pages took some time');
  const fresh = new Uint8Array(numbatMemory().buffer, have, 8 * 65536);
  assert.ok(fresh.every((b) => b === 0), 'touching a page writes nothing into it');
  assert.deepEqual([...xs], [1, 2, 3]);
});
