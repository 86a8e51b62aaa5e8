// A worker thread that runs out of JavaScript heap in the middle of a prange loop fails the call with an error
// naming the loop and saying the thread ran out of memory, never a hang or a crash of the process; the next
// call runs on a replaced worker and gives the right answer. The workers of this file get a small heap
// (pool.limitWorkers), so the allocation loop injected into one (pool.injectFault 'oom') exhausts it quickly
// without exhausting the machine.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { scale, SCALE_N, SCALE_SUM, SCALE_XS } from './_fixtures.js';
import { pool } from '../../../src/jit/parallel/pool.js';

const initialThreads = memoJit.threads;
after(() => {
  memoJit.threads = initialThreads;
  pool.limitWorkers(undefined);
});

const n = SCALE_N;
const xs = SCALE_XS;
const expectedSum = SCALE_SUM;

test('a worker that exhausts its heap inside a chunk fails the call naming the loop and the cause; the next call works', async () => {
  // Before this process's first prange worker starts: every worker of this file gets the small heap.
  pool.limitWorkers({ maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
  memoJit.threads = 2;
  await memoJit.threadsReady();
  const f = memoJit({ parallel: true })(scale);
  assert.equal(f(xs, new Float64Array(n)), expectedSum, 'a loop that allocates nothing runs under the small heap');

  pool.injectFault(0, 'oom');
  assert.throws(() => f(xs, new Float64Array(n)), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.match(error.message, /prange: worker thread 0 \(exit code 1, out of memory\) exited while running chunks of the prange loop at /);
    assert.match(error.message, /_fixtures\.ts:\d+:\d+/, 'the loop is named by file and line');
    assert.match(error.message, /ran out of JavaScript heap/);
    return true;
  });

  await memoJit.threadsReady(); // the replacement worker
  const out = new Float64Array(n);
  assert.equal(f(xs, out), expectedSum);
  assert.deepEqual(out, xs.map((x) => 2 * x));
});
