// The scheduler (Job) over a fake transport: ordering, error policy, requeues, cancellation, without threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Job, zipFeeder, type JobMode } from '../../src/parallel/job.js';
import { resolveOptions, type ParallelOptions } from '../../src/parallel/options.js';
import { ParallelLocateError, ParallelMapError, ParallelTaskError, type SerializedError } from '../../src/parallel/errors.js';
import type { Chunk, PoolJob, Transport } from '../../src/parallel/transport.js';
import type { DoneMessage } from '../../src/parallel/protocol.js';

/** A transport that runs nothing by itself: the test takes chunks and reports their outcomes. */
class FakeTransport implements Transport {
  readonly jobs: PoolJob[] = [];
  readonly events: string[] = [];
  constructor(readonly size = 2, private readonly fixedChunk?: number) {}
  submit(job: PoolJob): void {
    this.jobs.push(job);
  }
  retire(): void {
    this.events.push('retire');
  }
  cancel(): void {
    this.events.push('cancel');
  }
  running(): Iterable<Chunk> {
    return [];
  }
  partial(): number {
    return 0;
  }
  chunkSize(): number | undefined {
    return this.fixedChunk;
  }
  /** Every chunk the run hands out now. */
  takeAll(job = this.jobs[0]!): Chunk[] {
    const out: Chunk[] = [];
    for (let c = job.take(); c; c = job.take()) out.push(c);
    return out;
  }
}

const err = (message: string, name = 'RangeError'): SerializedError => ({ name, message, stack: undefined });

/** The reply a worker would send: f(x) = 10·x for each item, or an error at the given offsets. */
function reply(chunk: Chunk, errors: Array<[number, SerializedError]> = []): DoneMessage {
  const xs = Array.from(chunk.cols[0]!, (x) => 10 * (x as number));
  return { type: 'done', id: chunk.id, results: xs, errors: errors.map(([at, error]) => ({ at, error })) };
}

function makeJob(mode: JobMode, xs: number[], options: ParallelOptions = {}, transport = new FakeTransport()) {
  const resolved = resolveOptions('test', { chunksize: 2, ...options });
  const job = new Job<number>(transport, { label: 'f', target: { source: 'x => x' }, self: undefined, options: resolved, mode }, zipFeeder([xs], 'f.map'));
  job.start();
  return { job, transport };
}

test('map: results in input order whatever order the chunks finish in', async () => {
  const { job, transport } = makeJob('map', [1, 2, 3, 4, 5]);
  const chunks = transport.takeAll();
  assert.deepEqual(chunks.map((c) => [c.start, c.count]), [[0, 2], [2, 2], [4, 1]]);
  for (const c of [chunks[2]!, chunks[0]!, chunks[1]!]) job.complete(c, reply(c), 1);
  assert.deepEqual(await job.promise, [10, 20, 30, 40, 50]);
  assert.deepEqual(transport.events, ['retire']);
});

test('a transport may fix the chunk size (one chunk per array task)', async () => {
  const { job, transport } = makeJob('map', [1, 2, 3, 4, 5, 6, 7], {}, new FakeTransport(2, 4));
  const chunks = transport.takeAll();
  assert.deepEqual(chunks.map((c) => c.count), [4, 3]);
  for (const c of chunks) job.complete(c, reply(c), 1);
  assert.deepEqual(await job.promise, [10, 20, 30, 40, 50, 60, 70]);
});

test('a requeued chunk is handed out again, first, and counted once', async () => {
  const { job, transport } = makeJob('map', [1, 2, 3, 4]);
  const [a, b] = transport.takeAll();
  job.requeue(a!);
  const again = transport.takeAll();
  assert.deepEqual(again, [a]);
  job.complete(b!, reply(b!), 1);
  job.complete(a!, reply(a!), 1);
  job.complete(a!, reply(a!), 1); // a late duplicate reply is ignored
  assert.deepEqual(await job.promise, [10, 20, 30, 40]);
});

test("onError 'raise': the first failed item rejects the run and the transport is told to stop the rest", async () => {
  const { job, transport } = makeJob('map', [1, 2, 3, 4]);
  const [a] = transport.takeAll();
  job.complete(a!, reply(a!, [[1, err('bad')]]), 1);
  const error = await job.promise.catch((e: unknown) => e);
  assert.ok(error instanceof ParallelTaskError);
  assert.equal(error.index, 1);
  assert.deepEqual(transport.events, ['cancel']);
});

test("onError 'collect': every item runs; failures by index, holes in the results", async () => {
  const { job, transport } = makeJob('map', [1, 2, 3, 4], { onError: 'collect' });
  const [a, b] = transport.takeAll();
  job.complete(b!, reply(b!, [[0, err('x')]]), 1);
  job.fail(a!, 0, new ParallelTaskError('f', 0, err('crash', 'WorkerExit')));
  const error = await job.promise.catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError);
  assert.deepEqual(error.failed, [0, 2]);
  assert.deepEqual(error.results, [undefined, undefined, undefined, 40]);
});

test('a function that cannot be located fails the whole run with its own error class', async () => {
  const { job, transport } = makeJob('map', [1, 2], { onError: 'collect' });
  const [a] = transport.takeAll();
  job.failAll(a!, err('not found', 'ParallelLocateError'));
  await assert.rejects(job.promise, ParallelLocateError);
});

test('imap yields in input order, uimap as chunks finish', async () => {
  for (const mode of ['imap', 'uimap'] as const) {
    const { job, transport } = makeJob(mode, [1, 2, 3, 4], { chunksize: 1 });
    const chunks = transport.takeAll();
    const it = job.iterator();
    const first = it.next();
    job.complete(chunks[3]!, reply(chunks[3]!), 1);
    if (mode === 'uimap') assert.deepEqual(await first, { value: 40, done: false });
    for (const c of chunks.slice(0, 3)) job.complete(c, reply(c), 1);
    const rest: number[] = mode === 'imap' ? [(await first).value as number] : [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    assert.deepEqual(rest, mode === 'imap' ? [10, 20, 30, 40] : [10, 20, 30]);
  }
});

test('leaving an iterator early cancels what still runs and settles the run', async () => {
  const { job, transport } = makeJob('imap', [1, 2, 3, 4], { chunksize: 1 });
  const [a] = transport.takeAll();
  const it = job.iterator();
  job.complete(a!, reply(a!), 1);
  assert.deepEqual(await it.next(), { value: 10, done: false });
  await it.return!();
  assert.deepEqual(transport.events, ['cancel']);
  assert.deepEqual(await job.promise, []);
  assert.equal(job.take(), undefined, 'nothing more is handed out');
});

test('abort: the run rejects with AbortError at once and the transport cancels', async () => {
  const controller = new AbortController();
  const { job, transport } = makeJob('map', [1, 2], { signal: controller.signal });
  transport.takeAll();
  controller.abort();
  await assert.rejects(job.promise, { name: 'AbortError' });
  // Once: a second cancel would, on SLURM, run scancel again and warn twice if the controller is unreachable.
  assert.deepEqual(transport.events, ['cancel']);
  controller.abort();
  assert.deepEqual(transport.events, ['cancel']);
});

/** A transport whose clean-up throws, as a cluster working directory that a task still writes into did. */
class BrittleTransport extends FakeTransport {
  override retire(): void {
    throw new Error('ENOTEMPTY: directory not empty, rmdir /work/run/exit');
  }
  override cancel(): void {
    throw new Error('scancel: controller unreachable');
  }
}

/** The warnings emitted while `body` runs, by code. */
async function warningsDuring(body: () => Promise<void>): Promise<Array<{ code: string | undefined; message: string }>> {
  const seen: Array<{ code: string | undefined; message: string }> = [];
  const listen = (w: Error & { code?: string }) => seen.push({ code: w.code, message: w.message });
  process.on('warning', listen);
  try {
    await body();
    // emitWarning delivers on the next tick.
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', listen);
  }
  return seen;
}

test('a transport whose clean-up throws never leaves the run pending: results (or the failure) arrive, with a warning', async () => {
  const done = await warningsDuring(async () => {
    const { job, transport } = makeJob('map', [1, 2, 3], {}, new BrittleTransport());
    for (const c of transport.takeAll()) job.complete(c, reply(c), 1);
    assert.deepEqual(await job.promise, [10, 20, 30]);
  });
  assert.deepEqual(done.map((w) => w.code), ['NUMBAT_PARALLEL_CLEANUP']);
  assert.match(done[0]!.message, /^f: cleaning up after the run failed: ENOTEMPTY/);

  const failed = await warningsDuring(async () => {
    const { job, transport } = makeJob('map', [1, 2, 3], {}, new BrittleTransport());
    const [first] = transport.takeAll();
    job.complete(first!, reply(first!, [[1, err('bad item 1')]]), 1);
    const error = await job.promise.catch((e: unknown) => e);
    assert.ok(error instanceof ParallelTaskError, String(error));
    assert.equal(error.index, 1);
  });
  assert.deepEqual(failed.map((w) => w.code), ['NUMBAT_PARALLEL_CLEANUP']);
  assert.match(failed[0]!.message, /^f: stopping the run failed: scancel/);
});
