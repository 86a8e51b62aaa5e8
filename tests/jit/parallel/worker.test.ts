// The prange worker thread (src/jit/parallel/worker.ts), driven by its message protocol as pool.ts drives it:
// started through the same bootstrap, it sets its ready word and says 'ready'; after an epoch bump it reads
// every queued message, compiles a 'module' source once, runs all the chunks of a 'job' (partials per chunk at
// the chunk bounds floor(c·trips/chunks)), records a failing chunk's error in the job, stops on 'stop', and
// exits with the code of an injected 'exit' fault. A job for an unknown region is a thrown error of the worker.
// Region sources here are written by hand (what generated code hands over: `$par.regions([...])`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { MessageChannel, Worker } from 'node:worker_threads';
import { BOOTSTRAP, tsxLoaders } from '../../../src/parallel/spawn.js';
import { CONTROL, type PoolMessage } from '../../../src/jit/parallel/pool.js';
import type { RegionJob } from '../../../src/jit/parallel/runtime.js';

const ENTRY = new URL('../../../src/jit/parallel/worker.ts', import.meta.url);
const started: Worker[] = [];
after(async () => { await Promise.all(started.map((w) => w.terminate())); });

/** One worker at `index`, started as pool.ts starts one; `send` posts messages and bumps the epoch once. */
async function startWorker(index = 1) {
  const control = new Int32Array(new SharedArrayBuffer(4 * 8));
  const { port1, port2 } = new MessageChannel();
  const tsx = tsxLoaders().filter((api) => !api.includes('/cjs/'));
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: ENTRY.href, tsx, control, index, port: port2 }, transferList: [port2] });
  started.push(worker);
  const errors: Error[] = [];
  worker.on('error', (e) => errors.push(e));
  // not events.once: it rejects on the 'error' event that comes before the exit
  const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
  const [hello] = await once(worker, 'message');
  const send = (...messages: PoolMessage[]): void => {
    for (const m of messages) port1.postMessage(m);
    Atomics.add(control, CONTROL.epoch, 1);
    Atomics.notify(control, CONTROL.epoch);
  };
  return { control, hello, send, exited, errors, port: port1 };
}

// Job control words (runtime.ts): next chunk, chunks done, 1 + failed chunk, then one claim word per seat.
const NEXT = 0, DONE = 1, ABORT = 2, CLAIM = 3;

function job(xs: Float64Array, chunks: number, last = xs.length): RegionJob {
  return {
    first: 0, last, step: 1, strip: false, trips: last, chunks, seeds: [0, 0, 0], inits: [100], identities: [0], captures: [xs],
    control: new Int32Array(new SharedArrayBuffer(4 * (CLAIM + 2))), partials: new Float64Array(new SharedArrayBuffer(8 * chunks)),
    message: new Uint16Array(new SharedArrayBuffer(2 * 256)),
  };
}

// Atomics.waitAsync is in Node 20 but not in this project's TypeScript lib.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { value: Promise<string> | string } }).waitAsync;

async function allDone(j: RegionJob): Promise<void> {
  for (let d; (d = Atomics.load(j.control, DONE)) < j.chunks;) await waitAsync(j.control, DONE, d).value;
}

function jobMessage(j: RegionJob): string {
  return String.fromCharCode(...j.message.subarray(1, 1 + j.message[0]!));
}

/** A region summing xs[lo..hi) onto its reduction argument, as generated regions return partials (a tuple). */
const SUM = '$par.regions([function (lo, hi, sl, sh, sn, s, xs) { for (let i = lo; i < hi; i++) s += xs[i]; return [s]; }]);';
const shared = (values: number[]): Float64Array => {
  const xs = new Float64Array(new SharedArrayBuffer(8 * values.length));
  xs.set(values);
  return xs;
};

test('a started worker sets its ready word and posts \'ready\'', { timeout: 60_000 }, async () => {
  const w = await startWorker(2);
  assert.equal(w.hello, 'ready');
  assert.equal(Atomics.load(w.control, CONTROL.ready(2)), 1);
  w.send({ type: 'stop' });
  assert.equal(await w.exited, 0);
});

test('module then job in one epoch: every chunk runs, at floor(c·trips/chunks), the first from the initial value', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  const xs = shared([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const j = job(xs, 3);
  w.send({ type: 'module', id: 4, source: SUM }, { type: 'job', id: 4, region: 0, job: j, seat: 1 });
  await allDone(j);
  // Chunks [0,3), [3,6), [6,10); chunk 0 starts from inits[0] = 100, the others from the identity 0.
  assert.deepEqual([...j.partials], [100 + 1 + 2 + 3, 4 + 5 + 6, 7 + 8 + 9 + 10]);
  assert.equal(Atomics.load(j.control, ABORT), 0);
  assert.equal(Atomics.load(j.control, NEXT) >= 3, true);
  w.send({ type: 'stop' });
  assert.equal(await w.exited, 0);
  assert.equal(Atomics.load(j.control, CLAIM + 1), 0, 'the seat was released after the last chunk');
});

test('a module is kept: later jobs of it, in later epochs, need no second module message', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  const two = '$par.regions([function (lo, hi, sl, sh, sn, s) { return [s + hi - lo]; }, function (lo, hi, sl, sh, sn, s) { return [s + 2 * (hi - lo)]; }]);';
  w.send({ type: 'module', id: 0, source: two });
  const xs = shared([0, 0, 0, 0]);
  const a = job(xs, 2), b = job(xs, 4);
  w.send({ type: 'job', id: 0, region: 1, job: a, seat: 1 });
  await allDone(a);
  w.send({ type: 'job', id: 0, region: 0, job: b, seat: 1 });
  await allDone(b);
  assert.deepEqual([...a.partials], [100 + 4, 4]);
  assert.deepEqual([...b.partials], [101, 1, 1, 1]);
  w.send({ type: 'stop' });
  assert.equal(await w.exited, 0);
});

test('a chunk that throws is recorded in the job (failed chunk + 1, "Name: message"); later chunks are not run', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  const src = '$par.regions([function (lo, hi, sl, sh, sn, s) { if (lo >= 2) throw new RangeError("bad at " + lo); return [1]; }]);';
  const j = job(shared([0, 0, 0, 0, 0, 0, 0, 0]), 4);
  w.send({ type: 'module', id: 1, source: src }, { type: 'job', id: 1, region: 0, job: j, seat: 1 });
  await allDone(j);
  assert.equal(Atomics.load(j.control, ABORT), 2, 'chunk 1 ([2, 4)) failed first');
  assert.equal(jobMessage(j), 'RangeError: bad at 2');
  assert.deepEqual([...j.partials], [1, 0, 0, 0]);
  w.send({ type: 'stop' });
  assert.equal(await w.exited, 0);
});

test('a region cannot reach the serial fallback or start another region in a worker', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  const src = '$par.regions([function () { return $fallback(undefined, []); }, function () { return $par.run(0, null); }]);';
  const a = job(shared([0, 0]), 1), b = job(shared([0, 0]), 1);
  w.send({ type: 'module', id: 2, source: src }, { type: 'job', id: 2, region: 0, job: a, seat: 1 }, { type: 'job', id: 2, region: 1, job: b, seat: 1 });
  await allDone(a);
  await allDone(b);
  assert.equal(jobMessage(a), 'Error: prange: worker threads run regions only');
  assert.equal(jobMessage(b), 'Error: prange: a region started another region inside a worker thread');
  w.send({ type: 'stop' });
  assert.equal(await w.exited, 0);
});

test('an injected exit fault makes the next job\'s chunk exit the worker with that code', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  const j = job(shared([1, 2]), 2);
  w.send({ type: 'module', id: 3, source: SUM }, { type: 'fault', fault: 'exit', code: 7 }, { type: 'job', id: 3, region: 0, job: j, seat: 1 });
  assert.equal(await w.exited, 7);
  assert.equal(Atomics.load(j.control, DONE), 0, 'the chunk it held is never done');
});

test('a job of an unknown region or specialization is an error of the worker, which then exits', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  w.send({ type: 'module', id: 5, source: SUM }, { type: 'job', id: 5, region: 3, job: job(shared([1]), 1), seat: 1 });
  assert.equal(await w.exited, 1);
  assert.equal(w.errors.length, 1);
  assert.match(w.errors[0]!.message, /prange worker: region 3 of specialization 5 is unknown/);
});

test('messages after \'stop\' in the same epoch are not run', { timeout: 60_000 }, async () => {
  const w = await startWorker();
  const j = job(shared([1, 2]), 1);
  w.send({ type: 'module', id: 6, source: SUM }, { type: 'stop' }, { type: 'job', id: 6, region: 0, job: j, seat: 1 });
  assert.equal(await w.exited, 0);
  assert.equal(Atomics.load(j.control, NEXT), 0, 'no chunk was taken');
});
