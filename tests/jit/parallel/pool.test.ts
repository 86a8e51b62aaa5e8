// The prange worker pool (src/jit/parallel/pool.ts), driven directly with hand-written region sources and jobs
// (no compiled function): ready(n) starts n workers whose ready words are set and which have not exited;
// register numbers specializations in order; start hands a job to up to `workers` ready workers (the seats it
// returns are their slot indices), sends each a specialization's source before its first job, bumps the epoch
// they sleep on, and the job's chunks are all done; a worker killed from the supervisor is counted in deaths()
// with its exit code and replaced by the next ready(); takeFault reports an injected fault once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL, pool } from '../../../src/jit/parallel/pool.js';
import type { RegionJob } from '../../../src/jit/parallel/runtime.js';

// Job control words (runtime.ts): next chunk, chunks done, 1 + failed chunk, then one claim word per seat.
const DONE = 1, ABORT = 2, CLAIM = 3;

function job(n: number, chunks: number, seats: number): RegionJob & { xs: Float64Array } {
  const xs = new Float64Array(new SharedArrayBuffer(8 * n));
  for (let i = 0; i < n; i++) xs[i] = i + 1;
  return {
    xs, first: 0, last: n, step: 1, strip: false, trips: n, chunks, seeds: [0, 0, 0], inits: [0], identities: [0], captures: [xs],
    control: new Int32Array(new SharedArrayBuffer(4 * (CLAIM + 1 + seats))), partials: new Float64Array(new SharedArrayBuffer(8 * chunks)),
    message: new Uint16Array(new SharedArrayBuffer(2 * 128)),
  };
}

/** Waits for the job's chunks, looking every few ms: pool workers are unref'd, so a timer keeps the process up. */
async function allDone(j: RegionJob): Promise<void> {
  while (Atomics.load(j.control, DONE) < j.chunks) await new Promise((r) => setTimeout(r, 5));
}

const SUM = '$par.regions([function (lo, hi, sl, sh, sn, s, xs) { for (let i = lo; i < hi; i++) s += xs[i]; return [s]; }]);';

test('CONTROL: the epoch word first, then one ready word per worker', () => {
  assert.equal(CONTROL.epoch, 0);
  assert.deepEqual([0, 1, 5].map((w) => CONTROL.ready(w)), [1, 2, 6]);
});

test('ready(n) starts n workers: their ready words are set and none has exited', { timeout: 120_000 }, async () => {
  await pool.ready(2);
  for (const w of [0, 1]) {
    assert.equal(Atomics.load(pool.control, CONTROL.ready(w)), 1, `worker ${w}`);
    assert.equal(pool.exitCode(w), undefined);
    assert.equal(pool.outOfMemory(w), false);
  }
});

test('register numbers specializations in order', () => {
  const a = pool.register('$par.regions([]);', []);
  const b = pool.register('$par.regions([]);', []);
  assert.equal(b, a + 1);
});

test('start hands the job to ready workers, one seat each, and bumps the epoch; every chunk is done', { timeout: 120_000 }, async () => {
  await pool.ready(2);
  const id = pool.register(SUM, []);
  const j = job(100, 8, 2);
  const epoch = Atomics.load(pool.control, CONTROL.epoch);
  const seats = pool.start(id, 0, j, 2);
  assert.deepEqual([...seats].sort(), [0, 1]);
  assert.equal(Atomics.load(pool.control, CONTROL.epoch), epoch + 1);
  await allDone(j);
  assert.equal(Atomics.load(j.control, ABORT), 0);
  // Chunk c covers [floor(100c/8), floor(100(c+1)/8)): its partial is the sum of i + 1 there.
  const expected = Array.from({ length: 8 }, (_, c) => {
    let s = 0;
    for (let i = Math.floor((100 * c) / 8); i < Math.floor((100 * (c + 1)) / 8); i++) s += i + 1;
    return s;
  });
  assert.deepEqual([...j.partials], expected);
  assert.equal(expected.reduce((a, b) => a + b, 0), 5050);
});

test('successive jobs of one specialization on one worker each run all their chunks (its source sent before the first)', { timeout: 120_000 }, async () => {
  await pool.ready(1);
  const id = pool.register(SUM, []);
  for (let k = 0; k < 3; k++) {
    const j = job(10, 2, 1);
    assert.deepEqual(pool.start(id, 0, j, 1), [0]);
    await allDone(j);
    assert.deepEqual([...j.partials], [15, 40], `job ${k}`);
  }
});

test('start with no worker asked for hands out nothing and leaves the epoch alone', () => {
  const epoch = Atomics.load(pool.control, CONTROL.epoch);
  assert.deepEqual(pool.start(pool.register(SUM, []), 0, job(4, 1, 0), 0), []);
  assert.equal(Atomics.load(pool.control, CONTROL.epoch), epoch);
});

test('a worker killed from the supervisor is counted with its exit code, then replaced by ready()', { timeout: 120_000 }, async () => {
  await pool.ready(1);
  const deaths = pool.deaths();
  // The worker blocks in its next job's first chunk (an injected hang) and is terminated while it does.
  pool.injectFault(0, 'hang');
  assert.equal(pool.takeFault(), true);
  assert.equal(pool.takeFault(), false, 'reported once');
  const j = job(4, 1, 1);
  assert.deepEqual(pool.start(pool.register(SUM, []), 0, j, 1), [0]);
  pool.terminateLater(0, 0);
  while (pool.deaths() === deaths) await new Promise((r) => setTimeout(r, 10));
  assert.equal(pool.deaths(), deaths + 1);
  assert.equal(typeof pool.exitCode(0), 'number');
  assert.equal(Atomics.load(pool.control, CONTROL.ready(0)), 0, 'a dead worker is not ready');
  assert.equal(Atomics.load(j.control, DONE), 0, 'the chunk it held is never done');
  await pool.ready(1);
  assert.equal(pool.exitCode(0), undefined, 'the replacement lives');
  assert.equal(Atomics.load(pool.control, CONTROL.ready(0)), 1);
  const again = job(10, 2, 1);
  pool.start(pool.register(SUM, []), 0, again, 1);
  await allDone(again);
  assert.deepEqual([...again.partials], [15, 40]);
});
