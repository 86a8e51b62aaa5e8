// The worker-thread transport (src/parallel/pool.ts), driven directly with a recording fake run (PoolJob) and
// shipped sources, no decorator: pools are shared per configuration and end with their last user; workers start
// on demand up to the size; every chunk is reported exactly once (complete with the worker's reply, failAll for a
// function that does not load or an argument that cannot be sent, fail for the item whose worker died or ran over
// its timeout, with the rest of its chunk requeued as sub-chunks at the right starts); cancel ends the workers
// running a run's chunks; a closed pool refuses runs and abandons pending ones with a PoolClosedError.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Pool, acquirePool, releasePool, shutdownPools } from '../../src/parallel/pool.js';
import { nextChunkId, type Chunk, type PoolJob } from '../../src/parallel/transport.js';
import { PoolClosedError, ParallelTimeoutError, WorkerCrashError, type ParallelTaskError, type SerializedError } from '../../src/parallel/errors.js';
import { spawnNeeds, type SpawnConfig } from '../../src/parallel/spawn.js';
import type { DoneMessage } from '../../src/parallel/protocol.js';

after(() => shutdownPools());

const CONFIG: SpawnConfig = { env: undefined, maxMemoryMb: undefined, ...spawnNeeds(undefined) };

/** A run that hands out the given chunks (of one column each) and records what the pool reports. */
class FakeRun implements PoolJob {
  readonly label = 'f';
  readonly self = undefined;
  readonly transferResults = false;
  readonly queue: Chunk[] = [];
  readonly completed: Array<{ start: number; results: unknown[] }> = [];
  readonly failed: Array<{ start: number; offset: number; error: ParallelTaskError }> = [];
  readonly failedAll: Array<{ start: number; count: number; error: SerializedError }> = [];
  readonly requeued: Array<{ start: number; cols: unknown[][] }> = [];
  abandoned: Error | undefined;
  private settle: () => void = () => undefined;
  readonly settled = new Promise<void>((resolve) => { this.settle = resolve; });
  private left: number;

  readonly timeout: number | undefined;
  private readonly stopAt: number;

  /** `columns[k]` is chunk k's columns; `first`: the first chunk's start; `stopAt`: settle after that many reports. */
  constructor(source: string, columns: unknown[][][], options: { timeout?: number; stopAt?: number; first?: number } = {}) {
    this.target = { source };
    this.timeout = options.timeout;
    this.stopAt = options.stopAt ?? Infinity;
    let start = options.first ?? 0;
    for (const cols of columns) {
      const count = cols[0]!.length;
      this.queue.push({ job: this, id: nextChunkId(), start, cols, count, attempts: 0 });
      start += count;
    }
    this.left = start - (options.first ?? 0);
  }
  readonly target: { source: string };

  take(): Chunk | undefined {
    return this.queue.shift();
  }
  complete(chunk: Chunk, message: DoneMessage): void {
    this.completed.push({ start: chunk.start, results: Array.from(message.results) });
    this.done(chunk.count);
  }
  fail(chunk: Chunk, offset: number, error: ParallelTaskError): void {
    this.failed.push({ start: chunk.start, offset, error });
    this.done(1);
  }
  failAll(chunk: Chunk, error: SerializedError): void {
    this.failedAll.push({ start: chunk.start, count: chunk.count, error });
    this.done(chunk.count);
  }
  requeue(chunk: Chunk): void {
    this.requeued.push({ start: chunk.start, cols: chunk.cols.map((c) => Array.from(c)) });
    this.queue.unshift(chunk);
  }
  abandon(error: Error): void {
    this.abandoned = error;
    this.settle();
  }
  private done(items: number): void {
    this.left -= items;
    if (this.left <= 0 || this.completed.length + this.failed.length + this.failedAll.length >= this.stopAt) this.settle();
  }
  /** Completed results by item index. */
  results(): unknown[] {
    const out: unknown[] = [];
    for (const c of this.completed) c.results.forEach((r, k) => { out[c.start + k] = r; });
    return out;
  }
}

test('acquirePool shares a pool per configuration; releasePool ends it when its last user lets go', async () => {
  const [a, b, c] = [{}, {}, {}];
  const p = acquirePool(a, 2, CONFIG);
  assert.equal(acquirePool(b, 2, { ...CONFIG }), p, 'same size and configuration: the same pool');
  const other = acquirePool(c, 3, CONFIG);
  assert.notEqual(other, p, 'another size: another pool');
  assert.notEqual(acquirePool(c, 2, { ...CONFIG, env: { X: '1' } }), p, 'other environment variables: another pool');
  await releasePool(a, p);
  assert.equal(p.isClosed, false);
  await releasePool(b, p);
  assert.equal(p.isClosed, true);
  const fresh = acquirePool(a, 2, CONFIG);
  assert.notEqual(fresh, p, 'a closed pool is never handed out again');
  await shutdownPools();
  assert.equal(fresh.isClosed && other.isClosed, true, 'shutdownPools closes every live pool');
});

test('workers start on demand, never more than the size; every chunk is completed once with its results', async () => {
  const pool = new Pool(2, CONFIG);
  assert.equal(pool.threads, 0, 'no worker before the first run');
  const run = new FakeRun('(x) => x * x', [[[1, 2]], [[3]], [[4, 5, 6]], [[7]], [[8, 9]]]);
  pool.submit(run);
  assert.ok(pool.threads >= 1 && pool.threads <= 2, String(pool.threads));
  await run.settled;
  assert.deepEqual(run.results(), [1, 4, 9, 16, 25, 36, 49, 64, 81]);
  assert.deepEqual(run.completed.map((c) => c.start).sort((x, y) => x - y), [0, 2, 3, 6, 7], 'each chunk once');
  assert.equal(run.failed.length + run.failedAll.length, 0);
  assert.ok(pool.threads <= 2);
  await pool.close();
});

test('a function that does not load fails each of its chunks as a whole (failAll), with the worker\'s error', async () => {
  const pool = new Pool(1, CONFIG);
  const run = new FakeRun('(x) => {', [[[1, 2]], [[3]]]);
  pool.submit(run);
  await run.settled;
  assert.deepEqual(run.failedAll.map((f) => [f.start, f.count]).sort(), [[0, 2], [2, 1]]);
  for (const f of run.failedAll) {
    assert.equal(f.error.name, 'ParallelLocateError');
    assert.match(f.error.message, /does not compile on its own in the worker/);
  }
  await pool.close();
});

test('an argument that cannot be sent fails only its chunk, with a DataCloneError; the other chunks run', async () => {
  const pool = new Pool(1, CONFIG);
  const run = new FakeRun('(x) => typeof x', [[[1]], [[() => 1, 2]], [['s']]]);
  pool.submit(run);
  await run.settled;
  assert.equal(run.failedAll.length, 1);
  assert.deepEqual([run.failedAll[0]!.start, run.failedAll[0]!.count], [1, 2]);
  assert.equal(run.failedAll[0]!.error.name, 'DataCloneError');
  assert.match(run.failedAll[0]!.error.message, /^an argument could not be sent to a worker: /);
  assert.deepEqual(run.results(), ['number', , , 'string']);
  await pool.close();
});

test('a worker that exits inside an item fails that item; the items before and after it are requeued', async () => {
  const pool = new Pool(1, CONFIG);
  // Item 12 (offset 2 of the chunk starting at 10) exits its worker; the requeued items then run on a new one.
  const run = new FakeRun('(x) => { if (x === 12) process.exit(7); return -x; }', [[[10, 11, 12, 13, 14]]], { first: 10 });
  pool.submit(run);
  await run.settled;
  assert.equal(run.failed.length, 1);
  const f = run.failed[0]!;
  assert.deepEqual([f.start, f.offset], [10, 2]);
  assert.ok(f.error instanceof WorkerCrashError, String(f.error));
  assert.equal(f.error.index, 12);
  assert.match(f.error.message, /exited with code 7/);
  // The items after the failed one go back first, then those before it (whose results died with the worker).
  assert.deepEqual(run.requeued, [{ start: 13, cols: [[13, 14]] }, { start: 10, cols: [[10, 11]] }]);
  assert.deepEqual(run.results().slice(10), [-10, -11, , -13, -14]);
  await pool.close();
});

test('an item over the run\'s timeout fails with a ParallelTimeoutError naming it; its worker is replaced', async () => {
  const pool = new Pool(1, CONFIG);
  const run = new FakeRun('(x) => { if (x === 2) for (;;); return x; }', [[[1]], [[2]], [[3]]], { timeout: 300 });
  pool.submit(run);
  await run.settled;
  assert.equal(run.failed.length, 1);
  const f = run.failed[0]!;
  assert.ok(f.error instanceof ParallelTimeoutError, String(f.error));
  assert.equal(f.error.index, 1);
  assert.match(f.error.message, /ran longer than the timeout of 300 ms/);
  assert.deepEqual(run.results(), [1, , 3]);
  await pool.close();
});

test('cancel ends the workers running the run\'s chunks', async () => {
  const pool = new Pool(2, CONFIG);
  const run = new FakeRun('(x) => { for (;;); }', [[[1]], [[2]]], { stopAt: 1 });
  pool.submit(run);
  assert.equal(pool.threads, 2);
  pool.cancel(run);
  assert.equal(pool.threads, 0, 'both workers were running its chunks');
  assert.deepEqual([...pool.running()], []);
  await pool.close();
});

test('a closed pool refuses new runs and abandons pending ones with a PoolClosedError', async () => {
  const pool = new Pool(1, CONFIG);
  const run = new FakeRun('(x) => { for (;;); }', [[[1]]]);
  pool.submit(run);
  await pool.close();
  assert.equal(pool.isClosed, true);
  assert.ok(run.abandoned instanceof PoolClosedError);
  assert.match(run.abandoned.message, /the pool was closed/);
  assert.equal(pool.threads, 0);
  assert.throws(() => pool.submit(new FakeRun('(x) => x', [[[1]]])), PoolClosedError);
});
