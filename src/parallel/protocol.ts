/**
 * The messages between the pool (main thread) and a worker, and the layout of the small shared array through
 * which a worker tells which item it is running without sending a message.
 *
 * @module
 */
import type { SerializedError } from './errors.js';

/**
 * Where the worker gets the function: a module and a key, or (with `source: true`) its source text.
 *
 * @example
 * ```ts
 * const target: Target = { module: 'file:///x/model.ts', key: 'square' }; // or { source: 'function f(x){…}' }
 * ```
 */
export type Target =
  | { readonly module: string; readonly key: string; readonly line?: number | undefined }
  | { readonly source: string };

/**
 * One chunk of items to run. Arguments travel by column: `cols[p][i]` is parameter `p` of item `i`.
 *
 * @example
 * ```ts
 * worker.postMessage({ type: 'run', id, target, label, cols: [[1, 2]], count: 2, transferResults: true, notifyStart: false } satisfies RunMessage);
 * ```
 */
export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly target: Target;
  readonly label: string;
  /** Own fields of the instance, for instance methods called as `obj.method(x)`. */
  readonly self?: { readonly fields: Record<string, unknown> } | undefined;
  readonly cols: ReadonlyArray<ArrayLike<unknown>>;
  readonly count: number;
  readonly transferResults: boolean;
  /** Reply `started` when the items begin (after loading the function): the pool's per-task timeout clock starts then. */
  readonly notifyStart: boolean;
}

/**
 * Several chunks for one worker in one message (those the pool hands out at the same moment).
 *
 * @example
 * ```ts
 * worker.postMessage({ type: 'runs', runs: [run1, run2] } satisfies RunBatch);
 * ```
 */
export interface RunBatch {
  readonly type: 'runs';
  readonly runs: readonly RunMessage[];
}

/**
 * A chunk's outcome. `errors[k].at` is the item's offset inside the chunk.
 *
 * @example
 * ```ts
 * port.postMessage({ type: 'done', id, results: [1, 4], errors: [] } satisfies DoneMessage);
 * ```
 */
export interface DoneMessage {
  readonly type: 'done';
  readonly id: number;
  /** Results by offset; a `Float64Array` when every result was a number (sent without per-element cloning). */
  readonly results: unknown[] | Float64Array;
  readonly errors: ReadonlyArray<{ readonly at: number; readonly error: SerializedError }>;
  /**
   * The first result of the chunk holding an instance of a class structured clone does not rebuild: it
   * arrives as a plain object without its methods (the run warns once).
   */
  readonly lostClass?: { readonly at: number; readonly className: string } | undefined;
  /** The function could not be loaded: every item of the chunk fails with this error. */
  readonly fatal?: SerializedError | undefined;
}

/**
 * The worker loaded the function and begins the chunk's items.
 *
 * @example
 * ```ts
 * port.postMessage({ type: 'batch', replies } satisfies BatchMessage, transfer);
 * ```
 */
export interface StartedMessage {
  readonly type: 'started';
  readonly id: number;
}

/**
 * Replies to several chunks at once (chunks that were waiting in the worker while it ran).
 *
 * @example
 * ```ts
 * port.postMessage({ type: 'batch', replies } satisfies BatchMessage, transfer);
 * ```
 */
export interface BatchMessage {
  readonly type: 'batch';
  readonly replies: readonly DoneMessage[];
}

/**
 * Messages a worker sends.
 *
 * @example
 * ```ts
 * worker.on('message', (m: WorkerMessage) => { if (m.type === 'batch') m.replies.forEach(onReply); });
 * ```
 */
export type WorkerMessage = DoneMessage | BatchMessage | StartedMessage;

/**
 * Int32 slots of a worker's shared progress array.
 *
 * @example
 * ```ts
 * Atomics.load(progress, Slot.Current); // offset of the item the worker is running
 * ```
 */
export const Slot = {
  /** Offset (in the current chunk) of the item being run, -1 between items. */
  Current: 0,
  /** Items of the current chunk finished so far. */
  DoneInChunk: 1,
  /** Id of the chunk being run (low 31 bits), -1 when idle. */
  Chunk: 2,
  /** Id of the last chunk the worker committed to run (set under `Lock`, never reset). */
  Started: 3,
  /** 0 free, else held: guards `Started` and `Stolen`, so that a chunk is either run here or taken back, never both. */
  Lock: 4,
  /** First of {@link STOLEN_MAX} ids of queued chunks the pool took back for idle workers (-1: free entry). */
  Stolen: 5,
} as const;

/** How many taken-back chunks a worker can have pending (skipped when it reaches them). */
export const STOLEN_MAX = 8;

/**
 * Number of Int32 slots in the progress array.
 *
 * @example
 * ```ts
 * const progress = new Int32Array(new SharedArrayBuffer(SLOTS * 4)).fill(-1);
 * ```
 */
export const SLOTS = 5 + STOLEN_MAX;
