/**
 * The seam between scheduling and running: a run (`Job` in `job.ts`, which orders results, applies the error
 * policy, reports progress and answers cancellation) hands out chunks of items to a {@link Transport}, which
 * runs them somewhere and reports each chunk's outcome back. Worker threads (`pool.ts`) are one transport,
 * a SLURM job array (`slurm.ts`) another; tests drive `Job` with a fake one. Nothing about ordering, retries
 * of crashed items or error policy lives in a transport beyond reporting what happened to which items.
 *
 * @module
 */
import type { ParallelTaskError, SerializedError } from './errors.js';
import type { DoneMessage, RunMessage, Target } from './protocol.js';

/**
 * A contiguous run of items of one job, as sent to one worker.
 *
 * @example
 * ```ts
 * import type { Chunk } from './transport.js';
 *
 * // Items 10–11 of a run of f(a, b): parameter 0 of both items, then parameter 1.
 * const chunkOf = (job: Chunk['job']): Chunk => ({ job, id: 7, start: 10, cols: [[1, 2], ['x', 'y']], count: 2, attempts: 0 });
 * ```
 */
export interface Chunk {
  /** The run it belongs to. */
  readonly job: PoolJob;
  /** Unique among live chunks (31 bits: it also travels through an Int32Array). */
  readonly id: number;
  /** Input position of the first item. */
  readonly start: number;
  /** Argument columns: `cols[p][i]` is parameter `p` of item `i`. */
  readonly cols: ReadonlyArray<ArrayLike<unknown>>;
  /** Number of items. */
  readonly count: number;
  /** How many workers died before starting it (a module that kills its worker on import fails after two). */
  attempts: number;
  /** When the worker began its items (runs with a timeout only): the timeout counts from here. */
  startedAt?: number;
}

/**
 * What a transport needs from a run. Implemented by `Job` in `job.ts`.
 *
 * @example
 * ```ts
 * import type { Chunk, PoolJob, Transport } from './transport.js';
 * import { compileSource } from './locate.js';
 *
 * // A transport that runs every chunk on the calling thread, for `source: true` targets: a test double.
 * class Inline implements Transport {
 *   readonly size = 1;
 *   submit(job: PoolJob): void {
 *     if (!('source' in job.target)) throw new Error('Inline runs shipped sources only');
 *     const fn = compileSource(job.target.source);
 *     for (let c = job.take(); c; c = job.take()) {
 *       const results = Array.from({ length: c.count }, (_, i) => fn(...c.cols.map((col) => col[i])));
 *       job.complete(c, { type: 'done', id: c.id, results, errors: [] }, 0);
 *     }
 *   }
 *   retire(): void {}
 *   cancel(): void {}
 *   running(): Chunk[] { return []; }
 *   partial(): number { return 0; }
 * }
 * ```
 */
export interface PoolJob {
  /** The function's label, for messages. */
  readonly label: string;
  /** Where the function is found. */
  readonly target: Target;
  /** Instance fields for instance methods. */
  readonly self: RunMessage['self'];
  /** Per-item timeout, ms. */
  readonly timeout: number | undefined;
  /** Whether large buffers in results are transferred rather than copied. */
  readonly transferResults: boolean;
  /** The next chunk to send, or `undefined` if there is none now. */
  take(): Chunk | undefined;
  /** A worker replied for the chunk, after `ms` milliseconds of running it. */
  complete(chunk: Chunk, message: DoneMessage, ms: number): void;
  /** An item of the chunk failed without a reply (the worker died or timed out). */
  fail(chunk: Chunk, offset: number, error: ParallelTaskError): void;
  /** Every item of the chunk failed the same way (its function could not be loaded). */
  failAll(chunk: Chunk, error: SerializedError): void;
  /** The chunk was not (or not entirely) run: give it out again, first. */
  requeue(chunk: Chunk): void;
  /** The pool closed under the run. */
  abandon(error: Error): void;
}

let chunkIds = 0;

/**
 * A new chunk id.
 *
 * @example
 * ```ts
 * import { nextChunkId } from './transport.js';
 *
 * const a = nextChunkId();
 * nextChunkId() === a + 1; // → true
 * ```
 */
export function nextChunkId(): number {
  chunkIds = (chunkIds + 1) & 0x3fffffff;
  return chunkIds;
}


/**
 * Where the chunks of runs are executed. A transport pulls chunks from the runs submitted to it with
 * `job.take()` when it can run them, and reports every chunk exactly once: `complete` (a reply with results
 * and per-item errors), `fail` (one item failed without a reply; the rest requeued), `failAll`, or `requeue`.
 *
 * @example
 * ```ts
 * import type { Chunk, PoolJob, Transport } from './transport.js';
 * import { compileSource } from './locate.js';
 *
 * // A transport that runs every chunk on the calling thread, for `source: true` targets: a test double.
 * class Inline implements Transport {
 *   readonly size = 1;
 *   submit(job: PoolJob): void {
 *     if (!('source' in job.target)) throw new Error('Inline runs shipped sources only');
 *     const fn = compileSource(job.target.source);
 *     for (let c = job.take(); c; c = job.take()) {
 *       const results = Array.from({ length: c.count }, (_, i) => fn(...c.cols.map((col) => col[i])));
 *       job.complete(c, { type: 'done', id: c.id, results, errors: [] }, 0);
 *     }
 *   }
 *   retire(): void {}
 *   cancel(): void {}
 *   running(): Chunk[] { return []; }
 *   partial(): number { return 0; }
 * }
 * ```
 */
export interface Transport {
  /** How many chunks it runs at once (sizes automatic chunks: about four per slot). */
  readonly size: number;
  /** Starts serving a run. Throws (the run then rejects) if the transport cannot run anything at all. */
  submit(job: PoolJob): void;
  /** The run finished: take nothing more from it. */
  retire(job: PoolJob): void;
  /** The run ended early (failure, abort, consumer left): stop whatever still runs its chunks. */
  cancel(job: PoolJob): void;
  /** Chunks running now, for progress. */
  running(): Iterable<Chunk>;
  /** Items of a running chunk finished so far (0 if unknown). */
  partial(chunk: Chunk): number;
  /**
   * Items per chunk, when the transport decides it (a job array wants one chunk per array task); `undefined`
   * leaves it to the run's `chunksize` option.
   */
  chunkSize?(total: number | undefined): number | undefined;
}

/**
 * A copy of part of an array-like: typed arrays stay typed (a `subarray` of a shared buffer stays shared).
 *
 * @example
 * ```ts
 * import { slice } from './transport.js';
 *
 * const shared = new Float64Array(new SharedArrayBuffer(8 * 100));
 * const part = slice(shared, 0, 10); // a view of the shared memory, not a copy
 * part instanceof Float64Array && part.buffer === shared.buffer; // → true
 * slice([1, 2, 3, 4], 1, 3); // → [ 2, 3 ]
 * ```
 */
export function slice(values: ArrayLike<unknown>, from: number, to: number): ArrayLike<unknown> {
  if (ArrayBuffer.isView(values)) {
    const view = values as unknown as { buffer: ArrayBufferLike; subarray(a: number, b: number): ArrayLike<unknown>; slice(a: number, b: number): ArrayLike<unknown> };
    // Cloning a view clones its whole buffer: copy the part (`slice`) unless the memory is shared anyway.
    return typeof SharedArrayBuffer !== 'undefined' && view.buffer instanceof SharedArrayBuffer ? view.subarray(from, to) : view.slice(from, to);
  }
  return Array.prototype.slice.call(values, from, to);
}

