// numbat arrays cross into @parallel workers and prange loops without a copy: what a worker writes, the
// caller sees in the same array, at its offset in numbat memory, also after the memory has grown.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as numbat from '../../src/index.js';
import { memoJit, prange } from '../../src/index.js';
import { shutdownPools } from '../../src/parallel/index.js';
import { writeShared } from '../parallel/fixtures/math.js';

const initialThreads = memoJit.threads;
after(async () => { memoJit.threads = initialThreads; await shutdownPools(); });

test('@parallel workers write into a numbat array in place, at its offset, after growth', async () => {
  const before = numbat.f64(5); // so the array below is not at the start of the memory
  const shared = numbat.f64(16);
  const grow = numbat.f64(numbat.memoryStats().memoryBytes / 8); // the memory grows: shared's buffer is an old one
  const isShared = await writeShared.map(Array.from({ length: 16 }, () => shared), Array.from({ length: 16 }, (_, i) => i));
  assert.ok(isShared.every(Boolean), 'the worker saw a SharedArrayBuffer');
  assert.deepEqual(Array.from(shared), Array.from({ length: 16 }, (_, i) => i * i));
  assert.deepEqual(Array.from(before), [0, 0, 0, 0, 0], 'the neighbour before it is untouched');
  assert.equal(grow[0], 0);
  numbat.free(grow);
});

function squares(out: Float64Array) {
  for (const i of prange(out.length)) out[i] = i * i + 0.5;
}

test('a prange loop writes a numbat array in place, on 2 threads', async () => {
  memoJit.threads = 2;
  await memoJit.threadsReady();
  const f = memoJit({ parallel: true })(squares);
  const out = numbat.f64(10_000);
  f(out);
  const want = new Float64Array(10_000);
  squares(want);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(out[i], want[i]), `out[${i}]`);
  assert.ok(numbat.isNumbatArray(out));
});
