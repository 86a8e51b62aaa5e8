// The transport seam's helpers (src/parallel/transport.ts): nextChunkId gives successive ids that fit the 31
// bits of the workers' Int32Array progress slots, and slice copies part of a column: a plain array or array-like
// as an array, an ordinary typed array as a copy of just that part (its own buffer, same class), a typed array on
// shared memory as a view of the same memory (nothing copied). The scheduling contract over a transport is
// job.test.ts's (a fake transport) and pool/slurm tests' (the real ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextChunkId, slice } from '../../src/parallel/transport.js';

test('nextChunkId: each id is one more than the last, positive, and survives an Int32Array slot', () => {
  const ids = Array.from({ length: 1000 }, () => nextChunkId());
  for (let k = 1; k < ids.length; k++) assert.equal(ids[k], ids[k - 1]! + 1);
  const slot = new Int32Array(1);
  for (const id of ids) {
    assert.ok(id > 0 && id < 2 ** 30, String(id));
    slot[0] = id;
    assert.equal(slot[0], id);
  }
});

test('slice of a plain array is an array of that part; the source is untouched', () => {
  const xs = [1, 'two', { three: 3 }, [4], 5];
  const part = slice(xs, 1, 4);
  assert.ok(Array.isArray(part));
  assert.deepEqual(part, ['two', { three: 3 }, [4]]);
  assert.equal((part as unknown[])[1], xs[2], 'items themselves are not copied');
  assert.deepEqual(xs, [1, 'two', { three: 3 }, [4], 5]);
});

test('slice of an array-like that is not an array gives an array', () => {
  const like = { length: 4, 0: 'a', 1: 'b', 2: 'c', 3: 'd' };
  assert.deepEqual(slice(like, 1, 3), ['b', 'c']);
  assert.deepEqual(slice(like, 3, 10), ['d'], 'an end past the length stops at the length');
  assert.deepEqual(slice(like, 2, 2), []);
});

test('slice of an ordinary typed array copies only that part into a buffer of its own, keeping the class', () => {
  for (const make of [Float64Array, Int32Array, Uint8Array, Float32Array] as const) {
    const xs = new make(100);
    for (let i = 0; i < 100; i++) xs[i] = i;
    const part = slice(xs, 10, 14) as typeof xs;
    assert.equal(part.constructor, make);
    assert.deepEqual([...part], [10, 11, 12, 13]);
    assert.notEqual(part.buffer, xs.buffer);
    assert.equal(part.buffer.byteLength, 4 * make.BYTES_PER_ELEMENT, 'the copy holds the part, not the whole buffer');
    part[0] = -1;
    assert.equal(xs[10], 10, 'writing the copy leaves the input alone');
  }
  const big = BigInt64Array.of(1n, 2n, 3n);
  assert.deepEqual([...(slice(big, 1, 3) as BigInt64Array)], [2n, 3n]);
});

test('slice of a view into a larger ordinary buffer copies the view\'s part, counted from the view', () => {
  const buffer = new ArrayBuffer(8 * 10);
  const all = new Float64Array(buffer);
  all.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const view = new Float64Array(buffer, 8 * 4, 4); // 4, 5, 6, 7
  const part = slice(view, 1, 3) as Float64Array;
  assert.deepEqual([...part], [5, 6]);
  assert.notEqual(part.buffer, buffer);
});

test('slice of a typed array on shared memory is a view of the same memory, at the right offset', () => {
  const shared = new Float64Array(new SharedArrayBuffer(8 * 100));
  for (let i = 0; i < 100; i++) shared[i] = i * 0.5;
  const part = slice(shared, 20, 25) as Float64Array;
  assert.ok(part instanceof Float64Array);
  assert.equal(part.buffer, shared.buffer);
  assert.equal(part.byteOffset, 8 * 20);
  assert.deepEqual([...part], [10, 10.5, 11, 11.5, 12]);
  shared[21] = 99;
  assert.equal(part[1], 99, 'the view sees later writes to the shared memory');
});
