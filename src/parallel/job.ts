/**
 * One run of a parallel function (`f(x)`, `f.map`, `f.imap`, `f.uimap`, `f.starmap`): reads its input in
 * chunks, puts results back in order (or in completion order), applies the error policy, reports progress
 * and answers cancellation: the scheduling side. A transport (`transport.ts`: worker threads in `pool.ts`, a SLURM
 * job array in `slurm.ts`) only runs the chunks it hands out and reports what happened to them.
 *
 * Over 400 lines on purpose: the feeders, the ordering buffers and the iterator are one state machine per run;
 * split, each half would reach into the other's fields.
 *
 * @module
 */
import { ParallelGuardError, ParallelLocateError, ParallelMapError, ParallelTaskError, abortError, type SerializedError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { nextChunkId, type Chunk, type PoolJob, type Transport } from './transport.js';
import { ProgressReporter } from './progress.js';
import type { DoneMessage, RunMessage, Target } from './protocol.js';
import type { Feeder } from './feeders.js';

// The feeders (zipFeeder, starFeeder: reading the input a chunk at a time) are feeders.ts.
export { zipFeeder, starFeeder, type Feeder } from './feeders.js';

/**
 * How a run hands back results.
 *
 * @example
 * ```ts
 * import type { JobMode } from './job.js';
 *
 * // `f.imap(xs)`: results as an async iterator, in input order.
 * const mode: JobMode = 'imap';
 * ```
 */
export type JobMode = 'call' | 'map' | 'imap' | 'uimap';

/**
 * What a job needs to know about the function it runs.
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
export interface JobSpec {
  readonly label: string;
  readonly target: Target;
  readonly self: RunMessage['self'];
  readonly options: ResolvedOptions;
  readonly mode: JobMode;
}

/**
 * One run. `promise` settles a `call` or `map`; `iterator` serves `imap` and `uimap`.
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
export class Job<R = unknown> implements PoolJob {
  readonly label: string;
  readonly target: Target;
  readonly self: RunMessage['self'];
  readonly timeout: number | undefined;
  readonly transferResults: boolean;
  readonly promise: Promise<R[]>;
  private resolvePromise!: (results: R[]) => void;
  private rejectPromise!: (error: unknown) => void;

  private readonly mode: JobMode;
  private readonly options: ResolvedOptions;
  /** map / call: each chunk's results by its first index, put in order once at the end. */
  private readonly parts = new Map<number, ArrayLike<unknown>>();
  /** map / call: indices of failed items (collect mode). */
  private readonly failedIndices = new Set<number>();
  private readonly retry: Chunk[] = [];
  private readonly outstanding = new Set<Chunk>();
  private readonly errors: ParallelTaskError[] = [];
  private next = 0;
  private exhausted = false;
  private settled = false;
  private done = 0;
  private itemMs = Number.NaN;
  private warnedClass = false;
  private readonly progress: ProgressReporter;
  private ticker: NodeJS.Timeout | undefined;
  private readonly onAbort: () => void;

  // Iterator state (imap / uimap).
  private readonly ready: R[] = [];
  private readyHead = 0;
  private readonly ordered = new Map<number, { ok: true; value: R } | { ok: false }>();
  private nextOut = 0;
  private waiter: { resolve: (r: IteratorResult<R>) => void; reject: (e: unknown) => void } | undefined;
  private failure: { error: unknown } | undefined;
  private finished = false;

  constructor(private readonly transport: Transport, spec: JobSpec, private readonly feeder: Feeder) {
    this.label = spec.label;
    this.target = spec.target;
    this.self = spec.self;
    this.mode = spec.mode;
    this.options = spec.options;
    this.timeout = spec.options.timeout;
    this.transferResults = spec.options.transferResults;
    this.promise = new Promise<R[]>((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
    // A rejected map nobody awaited yet must not crash the process as an unhandled rejection: the caller
    // gets the same rejection from `promise` (iterators never expose it).
    this.promise.catch(() => undefined);
    this.progress = new ProgressReporter(spec.options.progress, spec.label, feeder.total);
    const signal = spec.options.signal;
    // Settling stops what is still running (`settle` releases the run with 'cancel').
    this.onAbort = () => this.fail(abortError(signal));
  }

  /** Hands the run to the transport (or settles it at once if it is empty or already aborted). */
  start(): this {
    const signal = this.options.signal;
    if (signal?.aborted) {
      this.fail(abortError(signal));
      return this;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.progress.active) {
      this.progress.update(0, false);
      this.ticker = setInterval(() => this.progress.update(this.doneNow()), 100);
      this.ticker.unref();
    }
    this.transport.submit(this);
    this.checkFinished();
    return this;
  }

  private doneNow(): number {
    let partial = 0;
    for (const chunk of this.transport.running()) if (chunk.job === this) partial += this.transport.partial(chunk);
    return this.done + partial;
  }

  private chunksize(): number {
    const fixed = this.transport.chunkSize?.(this.feeder.total);
    if (fixed !== undefined) return fixed;
    if (this.timeout !== undefined) return 1;
    const c = this.options.chunksize;
    if (c !== 'auto') return c;
    const total = this.feeder.total;
    if (total !== undefined) return Math.max(1, Math.ceil(total / (4 * this.transport.size)));
    // Unknown length: start with single items, then aim at about 20 ms of work per chunk.
    if (Number.isNaN(this.itemMs)) return 1;
    return Math.max(1, Math.min(65536, Math.round(20 / Math.max(this.itemMs, 1e-4))));
  }

  take(): Chunk | undefined {
    if (this.settled) return undefined;
    let chunk = this.retry.shift();
    if (!chunk) {
      if (this.exhausted) return undefined;
      let got: ReturnType<Feeder['next']>;
      try {
        got = this.feeder.next(this.chunksize());
      } catch (error) {
        // The input itself threw (a generator's error): the run fails with that error, as a for loop would.
        this.fail(error);
        return undefined;
      }
      if (!got) {
        this.exhausted = true;
        queueMicrotask(() => this.checkFinished());
        return undefined;
      }
      chunk = { job: this, id: nextChunkId(), start: this.next, cols: got.cols, count: got.count, attempts: 0 };
      this.next += got.count;
    }
    this.outstanding.add(chunk);
    return chunk;
  }

  complete(chunk: Chunk, message: DoneMessage, ms: number): void {
    if (!this.outstanding.delete(chunk) || this.settled) return;
    const perItem = ms / chunk.count;
    this.itemMs = Number.isNaN(this.itemMs) ? perItem : 0.7 * this.itemMs + 0.3 * perItem;
    const failedAt = new Map<number, SerializedError>();
    for (const { at, error } of message.errors) failedAt.set(at, error);
    const results = message.results;
    if (message.lostClass && !this.warnedClass) {
      this.warnedClass = true;
      const { at, className } = message.lostClass;
      process.emitWarning(
        `${this.label}: item ${chunk.start + at} returned an instance of ${className}, which arrives as a plain object ` +
          'without its methods or class (structured clone keeps data, not prototypes). Return plain data, or rebuild ' +
          'the instance from it in the caller. (Warned once per run.)',
        { type: 'NumbatWarning', code: 'NUMBAT_PARALLEL_CLASS_INSTANCE' },
      );
    }
    if (this.mode === 'map' || this.mode === 'call') {
      // Kept whole and assembled in order at the end: writing a million results one by one into a
      // preallocated array out of order costs more than the workers' whole run of trivial tasks.
      this.parts.set(chunk.start, results);
      this.done += chunk.count - failedAt.size;
      for (const [at, error] of failedAt) {
        if (this.settled) break;
        this.itemFailed(chunk.start + at, new ParallelTaskError(this.label, chunk.start + at, error));
      }
    } else {
      for (let i = 0; i < chunk.count && !this.settled; i++) {
        const error = failedAt.get(i);
        if (error) this.itemFailed(chunk.start + i, new ParallelTaskError(this.label, chunk.start + i, error));
        else this.deliver(chunk.start + i, results[i] as R);
      }
    }
    this.afterItems();
  }

  fail(chunk: Chunk, offset: number, error: ParallelTaskError): void;
  fail(error: unknown): void;
  fail(a: unknown, offset?: number, error?: ParallelTaskError): void {
    if (offset === undefined) {
      this.settle(a);
      return;
    }
    const chunk = a as Chunk;
    if (!this.outstanding.delete(chunk) || this.settled) return;
    this.itemFailed(chunk.start + offset, error!);
    this.afterItems();
  }

  failAll(chunk: Chunk, error: SerializedError): void {
    if (!this.outstanding.delete(chunk) || this.settled) return;
    // The function cannot be found, or its module started a run on import: every item would fail alike,
    // so the run rejects with that error itself, whatever onError says.
    const Whole = error.name === 'ParallelLocateError' ? ParallelLocateError : error.name === 'ParallelGuardError' ? ParallelGuardError : undefined;
    if (Whole) {
      const whole = new Whole(error.message);
      if (error.stack) whole.stack = `${whole.stack ?? ''}\n    --- in the worker ---\n${error.stack}`;
      this.settle(whole);
      return;
    }
    for (let i = 0; i < chunk.count && !this.settled; i++) {
      this.itemFailed(chunk.start + i, new ParallelTaskError(this.label, chunk.start + i, error));
    }
    this.afterItems();
  }

  requeue(chunk: Chunk): void {
    this.outstanding.delete(chunk);
    if (!this.settled) this.retry.unshift(chunk);
  }

  abandon(error: Error): void {
    this.settle(error);
  }

  /**
   * Stops an iterator whose consumer left (`break` in `for await`): nothing more is taken, and items already
   * sent to workers are stopped (their workers terminated and replaced), since nobody will read their results
   * and a long or hung item would otherwise keep the process alive.
   */
  stop(): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.release('cancel');
    // The run ended (by the consumer's choice): what waits on it (an outer @timed) sees it end.
    this.resolvePromise([]);
  }

  private itemFailed(index: number, error: ParallelTaskError): void {
    this.done += 1;
    if (this.options.onError === 'raise' || this.mode === 'call') {
      this.settle(error);
      return;
    }
    this.errors.push(error);
    if (this.mode === 'map') this.failedIndices.add(index);
    else if (this.mode === 'imap') this.ordered.set(index, { ok: false });
  }

  private deliver(index: number, value: R): void {
    this.done += 1;
    if (this.mode === 'uimap') this.ready.push(value);
    else this.ordered.set(index, { ok: true, value });
  }

  private afterItems(): void {
    if (this.settled) return;
    if (this.mode === 'imap') {
      for (let r = this.ordered.get(this.nextOut); r; r = this.ordered.get(this.nextOut)) {
        this.ordered.delete(this.nextOut);
        this.nextOut += 1;
        if (r.ok) this.ready.push(r.value);
      }
    }
    this.progress.update(this.done);
    this.wake();
    this.checkFinished();
  }

  private checkFinished(): void {
    if (this.settled || !this.exhausted || this.outstanding.size > 0 || this.retry.length > 0) return;
    this.progress.update(this.done, true);
    this.settled = true;
    this.cleanup();
    this.release('retire');
    if (this.errors.length > 0) {
      const error = new ParallelMapError<R>(this.label, this.errors, this.mode === 'map' ? this.assemble() : [], this.next);
      this.rejectPromise(error);
      this.failure = { error };
    } else {
      this.resolvePromise(this.mode === 'map' || this.mode === 'call' ? (this.assemble() as R[]) : []);
    }
    this.finished = true;
    this.wake();
  }

  /** The results of a map in input order (`undefined` where an item failed). */
  private assemble(): Array<R | undefined> {
    const out: Array<R | undefined> = [];
    const starts = [...this.parts.keys()].sort((a, b) => a - b);
    for (const start of starts) {
      const part = this.parts.get(start)!;
      // Failed items are holes in their chunk's results (or absent when a worker died or timed out).
      while (out.length < start) out.push(undefined);
      const n = part.length;
      if (this.failedIndices.size === 0) for (let i = 0; i < n; i++) out.push(part[i] as R);
      else for (let i = 0; i < n; i++) out.push(this.failedIndices.has(start + i) ? undefined : (part[i] as R));
    }
    while (out.length < this.next) out.push(undefined);
    return out;
  }

  private settle(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    if (this.progress.active) this.progress.update(this.done, true);
    // The run failed early: items still running elsewhere can no longer be used, so they are stopped.
    this.release('cancel');
    this.failure = { error };
    this.rejectPromise(error);
    this.wake();
  }

  /**
   * Hands the run back to the transport. Its clean-up failing (a cluster working directory a task still writes
   * into) must not leave the run unsettled: the results are whole, so it is a warning, not the run's outcome.
   */
  private release(how: 'retire' | 'cancel'): void {
    try {
      this.transport[how](this);
    } catch (error) {
      process.emitWarning(`${this.label}: ${how === 'retire' ? 'cleaning up after the run' : 'stopping the run'} failed: ${(error as Error)?.message ?? String(error)}`, {
        type: 'NumbatWarning',
        code: 'NUMBAT_PARALLEL_CLEANUP',
      });
    }
  }

  private cleanup(): void {
    clearInterval(this.ticker);
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }

  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    if (this.readyHead < this.ready.length) {
      this.waiter = undefined;
      waiter.resolve({ value: this.shiftReady(), done: false });
    } else if (this.failure) {
      this.waiter = undefined;
      const { error } = this.failure;
      waiter.reject(error);
    } else if (this.finished) {
      this.waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
  }

  private shiftReady(): R {
    const value = this.ready[this.readyHead]!;
    this.readyHead += 1;
    // Compact now and then so a long-running iterator does not keep every result it has handed out.
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
    return value;
  }

  /** The run as an async iterator (for `imap`, `uimap`). */
  iterator(): AsyncIterableIterator<R> {
    const self = this;
    let thrown = false;
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next(): Promise<IteratorResult<R>> {
        if (self.readyHead < self.ready.length) return Promise.resolve({ value: self.shiftReady(), done: false });
        if (self.failure && !thrown) {
          thrown = true;
          return Promise.reject(self.failure.error);
        }
        if (self.finished || thrown) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          self.waiter = {
            resolve,
            reject: (e) => {
              thrown = true;
              reject(e);
            },
          };
        });
      },
      return(): Promise<IteratorResult<R>> {
        self.stop();
        self.finished = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
