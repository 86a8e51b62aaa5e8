// Launch order over shared data (src/gpu/runtime/order.ts), without a device: calls sharing a buffer (views
// included) or an Array2D's storage run in call order whatever their durations, calls on disjoint data
// overlap, a failed call does not stop the next one, and a settled chain leaves nothing pending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inOrder, nothingPending, resourceOf } from '../../../src/gpu/runtime/order.js';
import { Array2D } from '../../../src/jit/types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('resourceOf: a buffer for typed arrays and their views, the storage for an Array2D, nothing for scalars', () => {
  const xs = new Float32Array(16);
  assert.equal(resourceOf(xs.subarray(3, 9)), xs.buffer);
  assert.equal(resourceOf(new Uint8Array(xs.buffer)), xs.buffer);
  const m = Array2D.from([[1, 2], [3, 4]]);
  assert.equal(resourceOf(m), m.data.buffer);
  const rows = [[1, 2]];
  assert.equal(resourceOf(rows), rows);
  for (const v of [2.5, 7, true, undefined, null]) assert.equal(resourceOf(v), undefined);
});

test('calls sharing data run in call order; calls on other data do not wait for them', async () => {
  const a = new Float32Array(4);
  const b = new Float32Array(4);
  const log: string[] = [];
  const slow = inOrder([resourceOf(a)!], async () => { await sleep(30); log.push('a1'); });
  const fast = inOrder([resourceOf(a.subarray(2))!], async () => { log.push('a2'); });
  const other = inOrder([resourceOf(b)!], async () => { log.push('b'); });
  assert.equal(nothingPending([a, 3]), false);
  assert.equal(nothingPending([3]), true);
  await Promise.all([slow, fast, other]);
  assert.deepEqual(log, ['b', 'a1', 'a2'], 'b overlapped the slow call on a; a2 waited for a1');
  await sleep(0);
  assert.equal(nothingPending([a, b]), true, 'a settled chain holds nothing');
});

test('a call that fails does not block the next one on the same data, and still rejects to its caller', async () => {
  const a = new Float64Array(2);
  const log: string[] = [];
  const failing = inOrder([a.buffer], async () => { await sleep(5); throw new RangeError('boom'); });
  const next = inOrder([a.buffer], async () => { log.push('next'); return 7; });
  await assert.rejects(failing, RangeError);
  assert.equal(await next, 7);
  assert.deepEqual(log, ['next']);
});
