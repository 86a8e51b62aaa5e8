// Work stealing (pool.ts steal/takeBack, issue 19): a worker that holds a long task keeps the chunks queued
// behind it until an idle worker takes them back. Reached deterministically: each pool here is fresh, with two
// workers, and the first pump hands out chunks in a known order (the worker with the fewest chunks first,
// `depth` of them each: 2 while no chunk has been timed, 16 once chunks take under 1 ms); one item then holds its
// worker until a chunk queued behind it has run, which only a take-back allows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { holdDeep, holdFresh, meetFresh } from './fixtures/stealing.js';
import { shutdownPools } from '../../src/parallel/index.js';

after(() => shutdownPools());

const shared = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * n));

test('a chunk queued behind a long task runs on the idle worker, and only there (exactly once)', { timeout: 180_000 }, async () => {
  // First pump of a fresh pool (depth 2): worker A gets items 0 and 2, worker B items 1 and 3; 4 and 5 wait for
  // B. Item 0 holds A until item 2 has run: B must take 2 back once it has nothing else to do.
  const n = 6;
  const runs = shared(n);
  const out = await holdFresh.with({ chunksize: 1 }).map(
    Array.from({ length: n }, () => runs), Array.from({ length: n }, (_, i) => i), [2, -1, -1, -1, -1, -1], new Array(n).fill(0));
  assert.deepEqual(out, [0, 1, 2, 3, 4, 5], 'item 0 returns -1 when item 2 never ran while it held its worker');
  // Both workers meet in one more task each, so A has gone through its queue (where the taken-back chunk 2 still
  // sits) before the counts are read: a worker not told of the take-back would have run item 2 a second time.
  const place = shared(1);
  assert.deepEqual(await meetFresh.with({ chunksize: 1 }).map([place, place]), [1, 1], 'both workers reached the meeting');
  assert.deepEqual([...runs], new Array(n).fill(1));
});

test('with eight chunks taken back from one worker, a ninth is left in its queue (the take-back list is full)', { timeout: 180_000 }, async (t) => {
  // A frozen clock makes every chunk take 0 ms, so after a first run the pool hands out 16 chunks per worker.
  t.mock.method(performance, 'now', () => 1_000_000);
  const warm = shared(4);
  assert.deepEqual(await holdDeep.with({ chunksize: 1 }).map([warm, warm, warm, warm], [0, 1, 2, 3], [-1, -1, -1, -1], [0, 0, 0, 0]), [0, 1, 2, 3]);
  // 40 items: A gets the even ones 0…30, B the odd ones 1…31, then 32…39. B, idle, takes back A's last chunks
  // one at a time (30, 28, …, 16): the eighth fills the list of chunks A must skip, so the ninth attempt finds
  // no free entry while item 0 still holds A (it waits for item 16, then 1.5 s for that attempt to be made).
  const n = 40;
  const runs = shared(n);
  const waitFor = Array.from({ length: n }, (_, i) => (i === 0 ? 16 : -1));
  const grace = Array.from({ length: n }, (_, i) => (i === 0 ? 1500 : 0));
  const out = await holdDeep.with({ chunksize: 1 }).map(Array.from({ length: n }, () => runs), Array.from({ length: n }, (_, i) => i), waitFor, grace);
  assert.deepEqual(out, Array.from({ length: n }, (_, i) => i), 'item 0 returns -1 when item 16 never ran while it held its worker');
  assert.deepEqual([...runs], new Array(n).fill(1));
});
