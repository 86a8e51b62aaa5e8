// The pool↔worker protocol (src/parallel/protocol.ts): the progress array's layout (every named slot distinct
// and inside SLOTS, the STOLEN_MAX taken-back entries last, SLOTS = 5 + STOLEN_MAX), a chunk id's low 31 bits
// stored in the Chunk slot as the pool compares them, and the messages as they cross a MessagePort: columns of
// any kind and packed Float64Array results arrive with their class, and a WorkerMessage is told apart by `type`.
// What the worker does with each message is tests/parallel/worker.test.ts's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { once } from 'node:events';
import { SLOTS, STOLEN_MAX, Slot, type DoneMessage, type RunBatch, type RunMessage, type WorkerMessage } from '../../src/parallel/protocol.js';

test('SLOTS is the five named slots plus the STOLEN_MAX taken-back entries', () => {
  assert.ok(Number.isInteger(STOLEN_MAX) && STOLEN_MAX >= 1);
  assert.equal(SLOTS, 5 + STOLEN_MAX);
});

test('the named slots are distinct, inside the array, and the taken-back entries are the last ones', () => {
  const named = [Slot.Current, Slot.DoneInChunk, Slot.Chunk, Slot.Started, Slot.Lock];
  assert.equal(new Set(named).size, named.length);
  for (const s of named) assert.ok(s >= 0 && s < Slot.Stolen, String(s));
  assert.equal(Slot.Stolen + STOLEN_MAX, SLOTS, 'the Stolen entries end the array');
  assert.deepEqual(Object.keys(Slot).sort(), ['Chunk', 'Current', 'DoneInChunk', 'Lock', 'Started', 'Stolen']);
});

test('a chunk id keeps its low 31 bits through the Chunk slot, as the pool compares them', () => {
  const progress = new Int32Array(new SharedArrayBuffer(4 * SLOTS)).fill(-1);
  for (const id of [1, 2 ** 30 - 1, 2 ** 31 - 1, 2 ** 31 + 5, 2 ** 32 - 1]) {
    Atomics.store(progress, Slot.Chunk, id & 0x7fffffff);
    const low = id % 2 ** 31;
    assert.equal(Atomics.load(progress, Slot.Chunk), low, String(id));
    assert.ok(Atomics.load(progress, Slot.Chunk) >= 0, 'never the idle value -1');
  }
});

async function across<T>(message: T, transfer: ArrayBuffer[] = []): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  try {
    const got = once(port2, 'message');
    port1.postMessage(message, transfer);
    return (await got)[0] as T;
  } finally {
    port1.close();
  }
}

test('a RunMessage crosses a port with its columns intact: arrays, typed arrays, shared memory, instance fields', async () => {
  const shared = new Float64Array(new SharedArrayBuffer(8 * 4));
  shared.set([1, 2, 3, 4]);
  const run: RunMessage = {
    type: 'run', id: 9, target: { module: 'file:///m.ts', key: 'static f', line: 3 }, label: 'f',
    self: { fields: { scale: 2, name: 'p' } }, cols: [[1, 'a'], Int32Array.of(5, 6), shared.subarray(1, 3)],
    count: 2, transferResults: true, notifyStart: true,
  };
  const got = await across(run);
  assert.deepEqual({ ...got, cols: [] }, { ...run, cols: [] });
  assert.deepEqual(got.cols[0], [1, 'a']);
  assert.ok(got.cols[1] instanceof Int32Array);
  assert.deepEqual([...(got.cols[1] as Int32Array)], [5, 6]);
  const view = got.cols[2] as Float64Array;
  assert.ok(view.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...view], [2, 3]);
  shared[1] = 20;
  assert.equal(view[0], 20, 'a shared column is the same memory on both sides');
  const batch: RunBatch = { type: 'runs', runs: [run, { ...run, id: 10 }] };
  assert.deepEqual((await across(batch)).runs.map((r) => r.id), [9, 10]);
});

test('a DoneMessage\'s packed results arrive as a Float64Array, also when their buffer is transferred', async () => {
  const packed = Float64Array.of(0.5, -0, NaN, 2 ** 53);
  const done: DoneMessage = { type: 'done', id: 4, results: packed, errors: [{ at: 1, error: { name: 'RangeError', message: 'x', stack: undefined } }] };
  const got = await across(done, [packed.buffer]);
  assert.ok(got.results instanceof Float64Array);
  assert.deepEqual([...got.results].map((x) => Object.is(x, -0) ? '-0' : x), [0.5, '-0', NaN, 2 ** 53]);
  assert.equal(packed.byteLength, 0, 'the sender\'s buffer was moved, not copied');
  assert.deepEqual(got.errors, done.errors);
});

test('WorkerMessage is told apart by type: a batch carries done replies, started carries only the id', () => {
  const replies = (m: WorkerMessage): readonly DoneMessage[] => (m.type === 'batch' ? m.replies : m.type === 'done' ? [m] : []);
  const a: DoneMessage = { type: 'done', id: 1, results: [1], errors: [] };
  const b: DoneMessage = { type: 'done', id: 2, results: [2], errors: [], fatal: { name: 'ParallelLocateError', message: 'm', stack: undefined } };
  assert.deepEqual(replies({ type: 'batch', replies: [a, b] }).map((r) => r.id), [1, 2]);
  assert.deepEqual(replies(a), [a]);
  assert.deepEqual(replies({ type: 'started', id: 3 }), []);
});
