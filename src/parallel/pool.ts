/**
 * The side that schedules: a pool of worker threads that pulls chunks from the runs (jobs) submitted to it,
 * keeps a short pipeline of chunks per worker, and turns every way a worker can stop (a reply, a crash, a
 * timeout, an abort, `close()`) into an outcome for exactly the items concerned, so nothing hangs and
 * nothing finished is lost. The worker entry, the side that runs, is `worker.ts`.
 *
 * Modelled on tinypool (the scheduler/worker split, a shared Int32Array next to the message port, draining
 * worker stdout before replying), but not built on it: a worker thread that calls `process.exit()` emits
 * only `exit`, which tinypool 2.2 does not watch, so the task never settles (checked here; piscina, which
 * tinypool forks, had the same gap, piscinajs/piscina#304, fixed in piscina 5 by #361); and both give an
 * abortable task a worker to itself, which rules out the pipelining that makes one-task-per-message maps fast (tinypool measured
 * 10 k tasks/s here with one message per task, 22 k/s with 32 concurrent tasks per worker).
 *
 * Over 400 lines on purpose: every way a worker stops (reply, crash, timeout, cancel, close, a chunk taken
 * back) must settle its chunks exactly once, and that accounting reads best in one class.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { ParallelTaskError, PoolClosedError, WorkerCrashError, ParallelTimeoutError, type SerializedError } from './errors.js';
import { WORKER_MARKER } from './locate.js';
import { SLOTS, STOLEN_MAX, Slot, type DoneMessage, type RunBatch, type RunMessage, type WorkerMessage } from './protocol.js';
import { nextChunkId, slice, type Chunk, type PoolJob, type Transport } from './transport.js';
import { BOOTSTRAP, ENTRY, tsxLoaders, type SpawnConfig } from './spawn.js';

export type { Chunk, PoolJob } from './transport.js';
export { nextChunkId, slice } from './transport.js';

// How workers are started (tsx for TypeScript, the bootstrap script, the entry) is spawn.ts.
export { BOOTSTRAP, spawnNeeds, tsxLoaders, type SpawnConfig } from './spawn.js';

/** One worker thread and the chunks posted to it, in the order it runs them. */
class WorkerSlot {
  readonly inflight: Chunk[] = [];
  /** Chunks posted during the current `pump`, sent together at its end. */
  readonly outbox: RunMessage[] = [];
  /** When the head chunk started (posted to an idle worker, or its predecessor replied). */
  headSince = 0;
  timer: NodeJS.Timeout | undefined;
  /** Set when the pool itself ends the worker: its `exit` is then expected. */
  killed = false;
  lastError: Error | undefined;
  referenced = false;
  constructor(readonly worker: Worker, readonly progress: Int32Array) {}
}

/** Live pools, for {@link shutdownPools}. */
const livePools = new Set<Pool>();

interface SharedPool {
  readonly pool: Pool;
  readonly users: Set<object>;
}
const shared = new Map<string, SharedPool>();

/**
 * The pool for a configuration, shared by every parallel function that asks for the same one (as pathos
 * caches its pools): several decorated functions do not multiply the threads. `user` is recorded so that
 * {@link releasePool} can end the pool once nobody uses it.
 *
 * @example
 * ```ts
 * import { acquirePool, releasePool } from './pool.js';
 * import { spawnNeeds, type SpawnConfig } from './spawn.js';
 *
 * const config: SpawnConfig = { env: undefined, maxMemoryMb: undefined, ...spawnNeeds(undefined) };
 * // Two decorated functions asking for the same pool share its threads:
 * const [square, cube] = [{}, {}];
 * const pool = acquirePool(square, 2, config);
 * acquirePool(cube, 2, config) === pool; // → true
 * await releasePool(square, pool);
 * await releasePool(cube, pool);
 * ```
 */
export function acquirePool(user: object, size: number, config: SpawnConfig): Pool {
  const key = JSON.stringify([size, config.env ?? {}, config.maxMemoryMb ?? null, config.typescript, config.commonjs]);
  let entry = shared.get(key);
  if (!entry || entry.pool.isClosed) {
    entry = { pool: new Pool(size, config), users: new Set() };
    shared.set(key, entry);
  }
  entry.users.add(user);
  return entry.pool;
}

/**
 * `user` no longer needs `pool`; the pool closes (its workers end) when no user is left.
 *
 * @example
 * ```ts
 * import { acquirePool, releasePool } from './pool.js';
 * import { spawnNeeds, type SpawnConfig } from './spawn.js';
 *
 * const config: SpawnConfig = { env: undefined, maxMemoryMb: undefined, ...spawnNeeds(undefined) };
 * const [square, cube] = [{}, {}];
 * const pool = acquirePool(square, 2, config);
 * acquirePool(cube, 2, config);
 * await releasePool(square, pool);
 * pool.isClosed; // → false
 * // Its last user let go: the pool ends.
 * await releasePool(cube, pool);
 * pool.isClosed; // → true
 * ```
 */
export async function releasePool(user: object, pool: Pool): Promise<void> {
  for (const [key, entry] of shared) {
    if (entry.pool !== pool) continue;
    entry.users.delete(user);
    if (entry.users.size === 0) {
      shared.delete(key);
      await pool.close();
    }
  }
}

/**
 * A fixed-size pool of worker threads serving the runs of one decorated function. Workers start lazily,
 * are replaced when they die, and never keep the process alive while idle.
 *
 * @example
 * ```ts
 * import { Job, zipFeeder, type JobSpec } from './job.js';
 * import { resolveOptions } from './options.js';
 * import { Pool } from './pool.js';
 * import { spawnNeeds } from './spawn.js';
 *
 * // What `square.map([1, 2, 3])` does under `@parallel({ source: true })`, by hand:
 * const pool = new Pool(2, { env: undefined, maxMemoryMb: undefined, ...spawnNeeds(undefined) });
 * const spec: JobSpec = {
 *   label: 'square.map',
 *   target: { source: 'function square(x) { return x * x; }' },
 *   self: undefined,
 *   options: resolveOptions('square', { workers: 2, source: true }),
 *   mode: 'map',
 * };
 * const squares = await new Job<number>(pool, spec, zipFeeder([[1, 2, 3]], 'square.map')).start().promise;
 * squares; // → [ 1, 4, 9 ]
 * await pool.close();
 * ```
 */
export class Pool implements Transport {
  private readonly slots: WorkerSlot[] = [];
  private jobs: PoolJob[] = [];
  private turn = 0;
  private avgChunkMs = Number.NaN;
  private closed = false;

  constructor(readonly size: number, private readonly config: SpawnConfig) {
    livePools.add(this);
  }

  /** Whether {@link Pool.close} ran. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Number of live worker threads (they start on demand). */
  get threads(): number {
    return this.slots.length;
  }

  /** Starts serving a run. */
  submit(job: PoolJob): void {
    if (this.closed) throw new PoolClosedError('the pool is closed');
    this.jobs.push(job);
    this.pump();
  }

  /** A run needs nothing more (it settled): stop taking chunks from it; its running chunks finish unheeded. */
  retire(job: PoolJob): void {
    this.jobs = this.jobs.filter((j) => j !== job);
  }

  /** Cancels a run: workers running any of its chunks are terminated; other runs' chunks go back in line. */
  cancel(job: PoolJob): void {
    this.retire(job);
    for (const slot of [...this.slots]) {
      if (slot.inflight.some((c) => c.job === job)) this.kill(slot, undefined);
    }
    this.pump();
  }

  /** New work may be available (a run was submitted, or a chunk came back). */
  pump(): void {
    if (this.closed) return;
    const touched = new Set<WorkerSlot>();
    let stole = false;
    try {
      for (;;) {
        if (this.jobs.length === 0) return;
        const depth = this.depth();
        let slot: WorkerSlot | undefined;
        for (const s of this.slots) if (s.inflight.length < depth && (!slot || s.inflight.length < slot.inflight.length)) slot = s;
        if ((!slot || slot.inflight.length > 0) && this.slots.length < this.size) slot = undefined;
        else if (!slot) return; // every worker holds as many chunks as it should
        let chunk = this.take();
        if (!chunk && !stole) {
          stole = true;
          if (this.steal() > 0) chunk = this.take();
        }
        if (!chunk) return;
        if (!slot) slot = this.spawn();
        this.post(slot, chunk);
        touched.add(slot);
      }
    } finally {
      for (const slot of touched) this.flush(slot);
    }
  }

  /**
   * Nothing new to hand out, yet workers are idle while others hold chunks they have not started (queued
   * behind a long task): take those back, so they run on the idle workers. Returns how many were taken.
   */
  private steal(): number {
    let wanted = this.slots.filter((s) => s.inflight.length === 0 && !s.killed).length;
    if (wanted === 0) return 0;
    let taken = 0;
    const victims = this.slots.filter((s) => s.inflight.length > 1 && !s.killed).sort((a, b) => b.inflight.length - a.inflight.length);
    for (const victim of victims) {
      if (wanted === 0) break;
      const chunk = this.takeBack(victim);
      if (!chunk) continue;
      chunk.job.requeue(chunk);
      taken += 1;
      wanted -= 1;
    }
    return taken;
  }

  /** Takes the last waiting chunk back from a worker if the worker has not committed to it. */
  private takeBack(slot: WorkerSlot): Chunk | undefined {
    const p = slot.progress;
    // Bounded: a worker terminated inside its (few-instruction) critical section would hold the lock forever.
    let spins = 0;
    while (Atomics.compareExchange(p, Slot.Lock, 0, 2) !== 0) if (++spins > 100_000) return undefined;
    try {
      const started = Atomics.load(p, Slot.Started);
      const k = slot.inflight.findIndex((c) => (c.id & 0x7fffffff) === started);
      const j = slot.inflight.length - 1;
      // Chunks run in order: those after the committed one have not started. The head is left alone.
      if (j < 1 || j <= k) return undefined;
      let free = -1;
      for (let e = Slot.Stolen; e < Slot.Stolen + STOLEN_MAX && free < 0; e++) if (Atomics.load(p, e) === -1) free = e;
      if (free < 0) return undefined; // the worker has not yet skipped the ones taken before
      const chunk = slot.inflight[j]!;
      Atomics.store(p, free, chunk.id & 0x7fffffff);
      slot.inflight.splice(j, 1);
      return chunk;
    } finally {
      Atomics.store(p, Slot.Lock, 0);
    }
  }

  /**
   * Sends the chunks queued for a worker during one `pump`, in one message: with one task per chunk, the
   * cost of `postMessage` itself is what limits throughput.
   */
  private flush(slot: WorkerSlot): void {
    const runs = slot.outbox.splice(0);
    if (runs.length === 0 || slot.killed) return;
    try {
      slot.worker.postMessage(runs.length === 1 ? runs[0] : ({ type: 'runs', runs } satisfies RunBatch));
      return;
    } catch {
      // Some argument cannot be cloned: send one by one to fail only the chunks concerned.
    }
    for (const run of runs) {
      try {
        slot.worker.postMessage(run);
      } catch (error) {
        const at = slot.inflight.findIndex((c) => c.id === run.id);
        if (at < 0) continue;
        const [chunk] = slot.inflight.splice(at, 1);
        if (at === 0) this.startHead(slot);
        const e = error as Error;
        chunk!.job.failAll(chunk!, {
          name: 'DataCloneError',
          message: `an argument could not be sent to a worker: ${e.message}. Arguments must be structured-cloneable ` +
            '(numbers, strings, plain objects, arrays, typed arrays, Map, Set, Date…); functions and class instances with methods are not.',
          stack: e.stack,
        });
      }
    }
    if (slot.inflight.length === 0 && slot.referenced) {
      slot.worker.unref();
      slot.referenced = false;
    }
  }

  /** Terminates every worker; pending runs reject with a {@link PoolClosedError}. */
  async close(): Promise<void> {
    this.closed = true;
    livePools.delete(this);
    const jobs = this.jobs;
    this.jobs = [];
    const exits: Array<Promise<number>> = [];
    for (const slot of [...this.slots]) {
      slot.killed = true;
      clearTimeout(slot.timer);
      exits.push(slot.worker.terminate());
    }
    this.slots.length = 0;
    const error = new PoolClosedError('the pool was closed (close() or shutdownPools()) while the run was pending');
    for (const job of jobs) job.abandon(error);
    await Promise.allSettled(exits);
  }

  /** How many chunks a worker may hold: several while chunks are tiny, so no worker waits on a message. */
  private depth(): number {
    const ms = this.avgChunkMs;
    if (Number.isNaN(ms)) return 2;
    if (ms < 1) return 16;
    if (ms < 5) return 2;
    // Slow chunks gain nothing from a pipeline, and a chunk queued behind a slow one would wait while
    // another worker idles.
    return 1;
  }

  private take(): Chunk | undefined {
    // Round robin over the runs, so that a long map does not starve a single call made meanwhile.
    for (let k = 0; k < this.jobs.length; k++) {
      this.turn = (this.turn + 1) % this.jobs.length;
      const job = this.jobs[this.turn];
      const chunk = job?.take(); // take() may retire the job (its input threw): the list can shrink here
      if (chunk) return chunk;
    }
    return undefined;
  }

  private spawn(): WorkerSlot {
    const { typescript, commonjs } = this.config;
    const tsx = typescript || commonjs ? tsxLoaders().filter((api) => commonjs || !api.includes('/cjs/')) : [];
    const env = { ...process.env, ...(this.config.env ?? {}) };
    // Which item the worker runs, readable without a message: for progress, and to name the item a dying
    // worker was running.
    const progress = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT)).fill(-1);
    progress[Slot.Lock] = 0;
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      env,
      workerData: { [WORKER_MARKER]: true, entry: ENTRY.href, tsx, progress },
      ...(this.config.maxMemoryMb ? { resourceLimits: { maxOldGenerationSizeMb: this.config.maxMemoryMb } } : {}),
    });
    const slot = new WorkerSlot(worker, progress);
    worker.unref();
    this.slots.push(slot);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'started') {
        this.onStarted(slot, message.id);
        return;
      }
      if (message.type === 'batch') for (const reply of message.replies) this.onReply(slot, reply, false);
      else this.onReply(slot, message, false);
      this.pump();
    });
    worker.on('error', (error: Error) => {
      slot.lastError = error;
    });
    worker.on('exit', (code: number) => this.onExit(slot, code));
    return slot;
  }

  private post(slot: WorkerSlot, chunk: Chunk): void {
    const job = chunk.job;
    const message: RunMessage = {
      type: 'run',
      id: chunk.id,
      target: job.target,
      label: job.label,
      self: job.self,
      cols: chunk.cols,
      count: chunk.count,
      transferResults: job.transferResults,
      notifyStart: job.timeout !== undefined,
    };
    slot.outbox.push(message);
    slot.inflight.push(chunk);
    if (slot.inflight.length === 1) this.startHead(slot);
    if (!slot.referenced) {
      slot.worker.ref();
      slot.referenced = true;
    }
  }

  private startHead(slot: WorkerSlot): void {
    slot.headSince = performance.now();
    this.armTimeout(slot);
  }

  /**
   * The per-task clock runs from the moment the worker begins the item, not from the post: a worker that is
   * still starting (loading tsx and the module can take a second) must not make its first task time out.
   */
  private armTimeout(slot: WorkerSlot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const head = slot.inflight[0];
    const timeout = head?.job.timeout;
    if (!head || timeout === undefined || head.startedAt === undefined) return;
    const left = Math.max(0, timeout - (performance.now() - head.startedAt));
    slot.timer = setTimeout(() => this.onTimeout(slot, head), left);
  }

  private onStarted(slot: WorkerSlot, id: number): void {
    const chunk = slot.inflight.find((c) => c.id === id);
    if (!chunk) return;
    chunk.startedAt = performance.now();
    if (chunk === slot.inflight[0]) this.armTimeout(slot);
  }

  private onReply(slot: WorkerSlot, message: DoneMessage, pump = true): void {
    const at = slot.inflight.findIndex((c) => c.id === message.id);
    if (at < 0) return; // a chunk of a cancelled run that finished anyway
    const [chunk] = slot.inflight.splice(at, 1);
    const ms = performance.now() - slot.headSince;
    if (at === 0) this.startHead(slot);
    if (slot.inflight.length === 0 && slot.referenced) {
      slot.worker.unref();
      slot.referenced = false;
    }
    this.avgChunkMs = Number.isNaN(this.avgChunkMs) ? ms : 0.8 * this.avgChunkMs + 0.2 * ms;
    if (message.fatal) chunk!.job.failAll(chunk!, message.fatal);
    else chunk!.job.complete(chunk!, message, ms);
    if (pump) this.pump();
  }

  private onTimeout(slot: WorkerSlot, head: Chunk): void {
    if (slot.inflight[0] !== head) return;
    const offset = this.runningOffset(slot, head);
    const error = new ParallelTimeoutError(head.job.label, head.start + Math.max(0, offset), {
      name: 'TimeoutError',
      message: `it ran longer than the timeout of ${head.job.timeout} ms; its worker was terminated and replaced`,
      stack: undefined,
    });
    this.kill(slot, { chunk: head, offset: Math.max(0, offset), error });
    this.pump();
  }

  /** Offset of the item the worker is running in `chunk`, or -1 if it has not started it. */
  private runningOffset(slot: WorkerSlot, chunk: Chunk): number {
    if (Atomics.load(slot.progress, Slot.Chunk) !== (chunk.id & 0x7fffffff)) return -1;
    return Atomics.load(slot.progress, Slot.Current);
  }

  /** Items of `chunk` finished so far by the worker running it (0 if not running). */
  partial(chunk: Chunk): number {
    for (const slot of this.slots) {
      if (slot.inflight[0] === chunk && Atomics.load(slot.progress, Slot.Chunk) === (chunk.id & 0x7fffffff)) {
        return Math.max(0, Atomics.load(slot.progress, Slot.DoneInChunk));
      }
    }
    return 0;
  }

  /** Chunks running now (the head of each worker), for progress. */
  *running(): Generator<Chunk> {
    for (const slot of this.slots) if (slot.inflight[0]) yield slot.inflight[0];
  }

  private onExit(slot: WorkerSlot, code: number): void {
    if (slot.killed) return;
    const head = slot.inflight[0];
    if (!head) {
      this.remove(slot);
      // An idle worker died (an error thrown in a timer of an earlier task): replace it lazily.
      this.pump();
      return;
    }
    const offset = this.runningOffset(slot, head);
    const why = describeDeath(slot.lastError, code);
    const error = new WorkerCrashError(head.job.label, head.start + Math.max(0, offset), {
      name: slot.lastError?.name ?? 'WorkerExit',
      message: why,
      stack: slot.lastError?.stack,
      code: (slot.lastError as { code?: string } | undefined)?.code,
    });
    if (offset < 0) {
      // It died before starting the chunk: while loading the module, most likely. Try once more on a fresh
      // worker; a second death is the module's doing, and the whole chunk fails with the reason.
      head.attempts += 1;
      if (head.attempts >= 2) {
        slot.inflight.shift();
        head.job.failAll(head, { name: error.errorName, message: `the worker died before running any item: ${why}`, stack: slot.lastError?.stack });
      }
      this.kill(slot, undefined);
    } else {
      this.kill(slot, { chunk: head, offset, error });
    }
    this.pump();
  }

  /**
   * Ends a worker and settles its chunks: `failed` names the item that fails (the rest of its chunk runs
   * again elsewhere); every other chunk it held goes back to its run, to be run first.
   */
  private kill(slot: WorkerSlot, failed: { chunk: Chunk; offset: number; error: ParallelTaskError } | undefined): void {
    slot.killed = true;
    clearTimeout(slot.timer);
    this.remove(slot);
    void slot.worker.terminate();
    const chunks = slot.inflight.splice(0);
    // Everything goes back in line before the failure is reported: a run that saw its last item fail with
    // nothing queued would count itself finished.
    for (const chunk of chunks.reverse()) {
      if (failed && chunk === failed.chunk) {
        const { offset } = failed;
        // The items after the failed one never ran, and the results of those before it died with the
        // worker: both run again.
        if (offset + 1 < chunk.count) chunk.job.requeue(subChunk(chunk, offset + 1, chunk.count));
        if (offset > 0) chunk.job.requeue(subChunk(chunk, 0, offset));
      } else {
        chunk.startedAt = undefined; // its clock restarts on the next worker
        chunk.job.requeue(chunk);
      }
    }
    if (failed) failed.chunk.job.fail(failed.chunk, failed.offset, failed.error);
  }

  private remove(slot: WorkerSlot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }
}

function subChunk(chunk: Chunk, from: number, to: number): Chunk {
  return {
    job: chunk.job,
    id: nextChunkId(),
    start: chunk.start + from,
    cols: chunk.cols.map((c) => slice(c, from, to)),
    count: to - from,
    attempts: 0,
  };
}

function describeDeath(error: Error | undefined, code: number): string {
  const c = (error as { code?: string } | undefined)?.code;
  if (c === 'ERR_WORKER_OUT_OF_MEMORY') return `the worker running it ran out of memory (${error!.message}); it was replaced`;
  if (error) return `the worker running it died from an uncaught error: ${error.name}: ${error.message}; it was replaced`;
  return `the worker running it exited with code ${code} (process.exit() in the task, or a fatal error); it was replaced`;
}

/**
 * Closes every pool numbat started (terminating their workers), e.g. at the end of a script or a test file.
 * Pools start again on the next call.
 *
 * @example
 * ```ts
 * import { after } from 'node:test';
 * import { shutdownPools } from 'numbat/parallel';
 *
 * // At the end of a test file that used @parallel functions: their workers end, and the process can exit.
 * after(() => shutdownPools());
 * ```
 */
export async function shutdownPools(): Promise<void> {
  await Promise.all([...livePools].map((p) => p.close()));
}
