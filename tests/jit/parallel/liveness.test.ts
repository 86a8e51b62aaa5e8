// A worker thread that dies in the middle of a prange loop (process.exit, worker.terminate) fails the call with
// an error naming the loop, never a hang; the next call runs on a replaced worker and gives the right answer.
// Faults are injected through the pool (src/jit/parallel/pool.ts: injectFault, terminateLater).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { scale, SCALE_N, SCALE_SUM, SCALE_XS } from './_fixtures.js';
import { pool, CONTROL } from '../../../src/jit/parallel/pool.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

const n = SCALE_N;
const xs = SCALE_XS;
const expectedSum = SCALE_SUM;

async function twoThreads(): Promise<void> {
  memoJit.threads = 2;
  await memoJit.threadsReady();
}

/** The call with worker 0 faulted: it must throw a prange error naming this file's loop, and not hang. */
function assertFailsNamingTheLoop(f: (xs: Float64Array, out: Float64Array) => number, code: RegExp): void {
  const out = new Float64Array(n);
  assert.throws(() => f(xs, out), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.match(error.message, /prange: worker thread 0 \(exit code /);
    assert.match(error.message, code);
    assert.match(error.message, /_fixtures\.ts:\d+:\d+/, 'the loop is named by file and line');
    return true;
  });
}

async function assertRecovers(f: (xs: Float64Array, out: Float64Array) => number): Promise<void> {
  await memoJit.threadsReady(); // the replacement worker
  const out = new Float64Array(n);
  assert.equal(f(xs, out), expectedSum);
  assert.deepEqual(out, xs.map((x) => 2 * x));
}

test('a worker that calls process.exit inside a chunk fails the call with the loop named; the next call works', async () => {
  await twoThreads();
  const f = memoJit({ parallel: true })(scale);
  assert.equal(f(xs, new Float64Array(n)), expectedSum);
  pool.injectFault(0, 'exit', 7);
  assertFailsNamingTheLoop(f, /exit code 7\)/);
  await assertRecovers(f);
});

test('a worker terminated while it runs a chunk fails the call instead of hanging; the next call works', async () => {
  await twoThreads();
  const f = memoJit({ parallel: true })(scale);
  assert.equal(f(xs, new Float64Array(n)), expectedSum);
  // The worker blocks in its first chunk; the supervisor terminates it 100 ms later, while this thread waits.
  pool.injectFault(0, 'hang');
  pool.terminateLater(0, 100);
  assertFailsNamingTheLoop(f, /exit code \d+\)/);
  await assertRecovers(f);
});

// Written for the jit-parallel survivor pool.ts:264 (now :267, `EXITED + s.index` → `-` in the supervisor's exit
// handler) of issue 19: when the supervisor thread goes, every worker goes with it, and the next call must respawn
// them and answer, never wait for a worker that no longer exists. The answer alone does not show it (the calling
// thread and worker 0 take every chunk when worker 1 is gone), so the test also reads the shared control
// words: every worker recorded as exited, then every one of them ready again.
test('after the supervisor thread dies, the next call respawns every worker and answers', { timeout: 300_000 }, async () => {
  memoJit.threads = 3;
  await memoJit.threadsReady();
  const f = memoJit({ parallel: true })(scale);
  assert.equal(f(xs, new Float64Array(n)), expectedSum);
  const supervisor = (pool as unknown as { supervisor?: import('node:worker_threads').Worker }).supervisor;
  assert.ok(supervisor, 'the pool runs its workers under a supervisor thread');
  const exited = new Promise((r) => supervisor.once('exit', r));
  await supervisor.terminate();
  await exited;
  const workers = memoJit.threads - 1; // the calling thread takes chunks too
  for (let k = 0; k < workers; k++) assert.notEqual(pool.exitCode(k), undefined, `worker ${k} is recorded as exited`);
  await memoJit.threadsReady();
  await assertRecovers(f);
  for (let k = 0; k < workers; k++) {
    assert.equal(pool.exitCode(k), undefined, `worker ${k} was respawned`);
    assert.equal(Atomics.load(pool.control, CONTROL.ready(k)), 1, `worker ${k} is ready`);
  }
});
