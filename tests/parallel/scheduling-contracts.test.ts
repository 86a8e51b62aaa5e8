// Contracts of the scheduler (src/parallel/job.ts, pool.ts) that the mutation run showed unchecked: which item
// an error names when a whole chunk fails or a chunk's later item times out, and the last progress report of a
// failed run. Each test here failed against the mutant it is named for (see bench/README.md, mutation section).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { add, failOn, spin, square } from './fixtures/math.js';
import { acquirePool } from '../../src/parallel/pool.js';
import { doubled } from './fixtures/worker-import-fails.js';
import { countRuns } from './fixtures/counting.js';
import { shutdownPools, ParallelMapError, ParallelTaskError, ParallelTimeoutError, type ProgressState } from '../../src/parallel/index.js';

after(() => shutdownPools());

test('a chunk that fails as a whole (its module throws in the worker) fails each of its items under its own index', async () => {
  const error = await doubled.with({ onError: 'collect', chunksize: 2 }).map([1, 2, 3, 4, 5]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError, String(error));
  assert.deepEqual(error.failed, [0, 1, 2, 3, 4]);
  const indices = error.errors.map((e) => (e as ParallelTaskError).index).sort((a, b) => a - b);
  assert.deepEqual(indices, [0, 1, 2, 3, 4]);
  for (const e of error.errors) {
    assert.ok(e instanceof ParallelTaskError);
    assert.match(e.message, new RegExp(`failed on item ${e.index}: Error: this module refuses to load in a worker`));
  }
  assert.deepEqual(error.results, [undefined, undefined, undefined, undefined, undefined]);
});

test('a timeout names the item that ran over, though a chunksize was asked for', async () => {
  // With a timeout every chunk holds one item (job.ts), whatever chunksize says: so the pool's offset in the
  // chunk is always 0 and only the chunk's start names the item. Item 3 spins for ten minutes: only the timeout ends it.
  const error = await spin.with({ timeout: 3000, onError: 'collect', chunksize: 2 }).map([10, 10, 10, 600_000]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError, String(error));
  assert.deepEqual(error.failed, [3]);
  assert.ok(error.errors[0] instanceof ParallelTimeoutError);
  assert.equal(error.errors[0].index, 3);
  assert.match(error.errors[0].message, /item 3/);
  assert.deepEqual(error.results, [10, 10, 10, undefined]);
});

test('a run that fails reports its progress one last time, the failed item counted, however soon after the last report', async (t) => {
  // A frozen clock: every report after the first falls inside the 100 ms throttle, so only a final one is drawn.
  t.mock.method(performance, 'now', () => 1_000_000);
  const seen: number[] = [];
  const progress = (s: ProgressState): void => { seen.push(s.done); };
  await assert.rejects(failOn.with({ progress, chunksize: 1 }).map([7], [7]), ParallelTaskError);
  assert.deepEqual(seen, [0, 1]);
  // and a run that succeeds ends the same way
  seen.length = 0;
  assert.deepEqual(await failOn.with({ progress, chunksize: 1 }).map([1, 2], [0, 0]), [1, 2]);
  assert.deepEqual(seen, [0, 2]);
});

test('starmap of something that is not an iterable of tuples says so, for null and undefined too', async () => {
  for (const bad of [null, undefined, 5]) {
    await assert.rejects(async () => add.starmap(bad as never), (e: unknown) =>
      e instanceof TypeError && /add\.starmap: expected an iterable of argument tuples/.test(e.message), String(bad));
  }
});

test('a finished run lets go of its abort signal (no listener left behind)', async () => {
  const controller = new AbortController();
  assert.deepEqual(await square.with({ signal: controller.signal }).map([1, 2, 3]), [1, 4, 9]);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  const failing = new AbortController();
  await assert.rejects(failOn.with({ signal: failing.signal }).map([1, 2], [2, 2]), ParallelTaskError);
  assert.equal(getEventListeners(failing.signal, 'abort').length, 0);
});

test('shutdownPools closes every pool, also one no decorated function is using', async () => {
  const pool = acquirePool({}, 1, { env: { NUMBAT_SCHEDULING_TEST: '1' }, maxMemoryMb: undefined, typescript: true, commonjs: false });
  assert.equal(pool.isClosed, false);
  await shutdownPools();
  assert.equal(pool.isClosed, true);
});

test('every item of an uneven run runs exactly once (counted in shared memory: a duplicate result would be dropped)', async () => {
  // Meant to reach the pool's taking back of queued chunks (work stealing, pool.ts takeBack); the mutation run
  // showed it does not (its mutants survive), so it checks the count only.
  const n = 60;
  const runs = new Int32Array(new SharedArrayBuffer(4 * n));
  const ms = Array.from({ length: n }, (_, i) => (i % 15 === 0 ? 150 : 1));
  const out = await countRuns.with({ chunksize: 1 }).map(Array.from({ length: n }, () => runs), Array.from({ length: n }, (_, i) => i), ms);
  assert.deepEqual(out, Array.from({ length: n }, (_, i) => i));
  assert.deepEqual([...runs], new Array(n).fill(1));
});

// issue 19's named survivor pool.ts:353 (now :389, `armTimeout` in `startHead`): the re-arm when a head chunk
// ends is also what clears its timer. Without it the last chunk's timer stays pending for the whole timeout (an
// hour here), holding the event loop: a script whose parallel map has finished could not exit.
test('a finished run with a timeout leaves no timer keeping the process alive', async () => {
  const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  assert.deepEqual(await square.with({ timeout: 3_600_000 }).map([1, 2, 3, 4]), [1, 4, 9, 16]);
  assert.equal(timers(), before, `timers pending after the run: ${process.getActiveResourcesInfo().join(', ')}`);
});
