import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { failOn, exitOn, spin, markThenSpin, unsendable, hog, square, makeClosure, makeShipped, delayed } from './fixtures/math.js';
import {
  shutdownPools,
  ParallelTaskError,
  ParallelMapError,
  WorkerCrashError,
  ParallelTimeoutError,
  ParallelLocateError,
  ParallelGuardError,
} from '../../src/parallel/index.js';

after(() => shutdownPools());

test('an exception rejects with the item index and the worker stack', async () => {
  const error = await failOn.map([0, 1, 2, 3, 4, 5], [3, 3, 3, 3, 3, 3]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelTaskError);
  assert.equal(error.index, 3);
  assert.equal(error.errorName, 'RangeError');
  assert.match(error.message, /failOn failed on item 3: RangeError: bad item 3/);
  assert.match(error.workerStack ?? '', /fixtures\/math\.ts/, 'worker stack names the fixture file');
  assert.match(error.stack ?? '', /--- in the worker ---/);
  assert.ok(error.cause instanceof Error && error.cause.name === 'RangeError');
  // A single call rejects the same way, index 0.
  const one = await failOn(3, 3).catch((e: unknown) => e);
  assert.ok(one instanceof ParallelTaskError && one.index === 0);
});

test("onError: 'collect' runs every item and hands back the other results", async () => {
  const xs = Array.from({ length: 20 }, (_, i) => i);
  const error = await failOn.with({ onError: 'collect', chunksize: 3 }).map(xs, xs.map((x) => (x % 7 === 2 ? x : -1))).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError);
  assert.ok(error instanceof AggregateError);
  assert.deepEqual(error.failed, [2, 9, 16]);
  assert.deepEqual(error.errors.map((e) => e.index), [2, 9, 16]);
  assert.equal(error.results.length, 20);
  for (const i of xs) assert.equal(error.results[i], error.failed.includes(i) ? undefined : i);
  // Without failures, collect resolves normally.
  assert.deepEqual(await failOn.with({ onError: 'collect' }).map([1, 2], [0, 0]), [1, 2]);
});

test("onError: 'collect' on imap yields the good items, then throws the aggregate", async () => {
  const seen: number[] = [];
  const error = await (async () => {
    for await (const x of failOn.with({ onError: 'collect', chunksize: 1 }).imap([0, 1, 2, 3], [1, 1, 1, 1])) seen.push(x);
  })().catch((e: unknown) => e);
  assert.deepEqual(seen, [0, 2, 3]);
  assert.ok(error instanceof ParallelMapError && error.failed[0] === 1);
});

test('a worker that calls process.exit fails its item clearly, is replaced, and the map completes', async () => {
  const xs = Array.from({ length: 12 }, (_, i) => i);
  const error = await exitOn.with({ onError: 'collect', chunksize: 4 }).map(xs, xs.map(() => 5)).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError);
  assert.deepEqual(error.failed, [5]);
  const crash = error.errors[0];
  assert.ok(crash instanceof WorkerCrashError);
  assert.match(crash.message, /exited with code 7/);
  // Every other item, including those of the crashed worker's chunk, has its result.
  for (const i of xs) if (i !== 5) assert.equal(error.results[i], i * 10);
  // Raise mode rejects with the crash; the pool keeps working afterwards.
  await assert.rejects(exitOn.map([1, 2, 3], [2, 2, 2]), WorkerCrashError);
  assert.deepEqual(await exitOn.map([1, 2, 3], [0, 0, 0]), [10, 20, 30]);
});

test('a worker out of memory (maxMemoryMb) fails its item and is replaced', async () => {
  const error = await hog(1).catch((e: unknown) => e);
  assert.ok(error instanceof WorkerCrashError, String(error));
  assert.equal(error.code, 'ERR_WORKER_OUT_OF_MEMORY');
  assert.match(error.message, /out of memory/);
});

test('abort: rejects with AbortError while items run, terminates running workers, pending items never start', { timeout: 120_000 }, async () => {
  const controller = new AbortController();
  const n = 6;
  const release = n; // state[release] != 0 would let the running items end: it is never set before the checks
  const state = new Int32Array(new SharedArrayBuffer(4 * (n + 1))); // 1 = started, 2 = finished
  const run = markThenSpin
    .with({ signal: controller.signal, chunksize: 1 })
    .map(Array.from({ length: n }, () => state), Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, () => release));
  while (Atomics.load(state, 0) === 0 || Atomics.load(state, 1) === 0) await new Promise((r) => setImmediate(r)); // both busy
  controller.abort();
  // The two running items never end by themselves: a rejection now proves the run did not wait for them.
  const error = await run.catch((e: unknown) => e);
  assert.equal((error as Error).name, 'AbortError');
  // Both workers were spinning for ever: the pool can serve new calls only if they were terminated and
  // replaced (otherwise these calls hang, and the test's timeout reports it).
  assert.deepEqual(await spin.with({ chunksize: 1 }).map([1, 1, 1, 1]), [1, 1, 1, 1], 'the pool serves new work after an abort');
  assert.deepEqual(Array.from(state.subarray(0, 2)), [1, 1], 'a running item finished');
  assert.deepEqual(Array.from(state.subarray(2, n)), [0, 0, 0, 0], 'a pending item started after the abort');
  Atomics.store(state, release, 1);
});

test('abort before the start rejects at once; an abort reason is kept as the cause', async () => {
  const controller = new AbortController();
  controller.abort(new Error('user pressed stop'));
  const error = await square.with({ signal: controller.signal }).map([1, 2]).catch((e: unknown) => e);
  assert.equal((error as Error).name, 'AbortError');
  assert.equal(((error as Error).cause as Error).message, 'user pressed stop');
  const signal = AbortSignal.timeout(50);
  const timedOut = await delayed.with({ signal }).map([1, 2, 3], [2000, 2000, 2000]).catch((e: unknown) => e);
  assert.ok(['AbortError', 'TimeoutError'].includes((timedOut as Error).name), String(timedOut));
});

test('timeout: an item over time fails with ParallelTimeoutError, its worker is replaced, others finish', async () => {
  // Generous on a loaded machine: the short items spin 10 ms against a 2 s limit; the long one would spin for
  // ten minutes, so only the timeout can end it.
  const error = await spin.with({ timeout: 2000, onError: 'collect' }).map([10, 600_000, 10, 10]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError);
  assert.deepEqual(error.failed, [1]);
  assert.ok(error.errors[0] instanceof ParallelTimeoutError);
  assert.match(error.errors[0]!.message, /timeout of 2000 ms/);
  assert.deepEqual([error.results[0], error.results[2], error.results[3]], [10, 10, 10]);
});

test('a closure cannot be located: the error says why and what to do', async () => {
  const scaled = makeClosure(3);
  const error = await scaled.with({ onError: 'collect' }).map([1, 2]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelLocateError, String(error));
  assert.match(error.message, /scaled: the worker imported .*fixtures\/math\.ts/);
  assert.match(error.message, /inside another function \(a closure\)/);
  assert.match(error.message, /source: true/);
  await scaled.close();
});

test('source: true ships a capture-free function', async () => {
  const shipped = makeShipped();
  assert.deepEqual(await shipped.map([1, 2, 3]), [2, 9, 28]);
  await shipped.close();
});

test('a guarded script is imported by workers without side effects; an unguarded one gets ParallelGuardError', async () => {
  const error = await import('./fixtures/guard-bomb.js').catch((e: unknown) => e);
  assert.ok(error instanceof ParallelGuardError, String(error));
  assert.match(error.message, /isMain\(import\.meta\.url\)/);
  assert.match(error.message, /guard-bomb\.ts/);
});

test('an argument that cannot be cloned fails with a clear message', async () => {
  const error = await square((() => 1) as unknown as number).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelTaskError);
  assert.match(error.message, /could not be sent to a worker/);
});

test('a result that cannot be sent back fails its item with a clear message', async () => {
  const error = await unsendable.map([false, true]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelTaskError, String(error));
  assert.match(error.message, /could not be sent back to the main thread/);
  assert.deepEqual(await unsendable(false), { ok: true });
});

test('an input iterable that throws fails the run with its error', async () => {
  function* broken(): Generator<number> {
    yield 1;
    yield 2;
    throw new Error('input broke');
  }
  await assert.rejects(square.with({ chunksize: 1 }).map(broken()), /input broke/);
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const x of square.with({ chunksize: 1 }).imap(broken())) seen.push(x);
  }, /input broke/);
  assert.ok(seen.every((x) => x === 1 || x === 4));
});
