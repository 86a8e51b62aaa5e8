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
 * import type { Target } from './protocol.js';
 *
 * const byModule: Target = { module: 'file:///home/me/model.ts', key: 'square' };
 * const bySource: Target = { source: 'function square(x) { return x * x; }' }; // with source: true
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
 * import type { RunMessage } from './protocol.js';
 *
 * // square(1) and square(2) in one message: one column, since square takes one parameter.
 * const run: RunMessage = {
 *   type: 'run', id: 1, target: { source: 'function square(x) { return x * x; }' }, label: 'square',
 *   cols: [[1, 2]], count: 2, transferResults: true, notifyStart: false,
 * };
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
 * import type { RunBatch, RunMessage } from './protocol.js';
 *
 * const target = { source: 'function square(x) { return x * x; }' };
 * const run = (id: number, items: number[]): RunMessage =>
 *   ({ type: 'run', id, target, label: 'square', cols: [items], count: items.length, transferResults: true, notifyStart: false });
 * const batch: RunBatch = { type: 'runs', runs: [run(1, [1, 2]), run(2, [3, 4])] };
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
 * import type { DoneMessage } from './protocol.js';
 *
 * // Chunk 1 of square over [1, 2, 'x']: the third item (offset 2) threw.
 * const done: DoneMessage = {
 *   type: 'done', id: 1, results: [1, 4, undefined],
 *   errors: [{ at: 2, error: { name: 'TypeError', message: 'x is not a number', stack: undefined } }],
 * };
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
 * import type { StartedMessage } from './protocol.js';
 *
 * // Sent before a chunk's first item when its RunMessage asked for notifyStart (the pool then starts its timeout).
 * const started: StartedMessage = { type: 'started', id: 1 };
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
 * import type { BatchMessage, DoneMessage } from './protocol.js';
 *
 * const replies: DoneMessage[] = [
 *   { type: 'done', id: 1, results: [1, 4], errors: [] },
 *   { type: 'done', id: 2, results: [9, 16], errors: [] },
 * ];
 * const batch: BatchMessage = { type: 'batch', replies };
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
 * import type { DoneMessage, WorkerMessage } from './protocol.js';
 *
 * function replies(m: WorkerMessage): readonly DoneMessage[] {
 *   if (m.type === 'batch') return m.replies;
 *   return m.type === 'done' ? [m] : [];
 * }
 * replies({ type: 'started', id: 3 }).length; // → 0
 * replies({ type: 'done', id: 3, results: [1], errors: [] }).length; // → 1
 * ```
 */
export type WorkerMessage = DoneMessage | BatchMessage | StartedMessage;

/**
 * Int32 slots of a worker's shared progress array.
 *
 * @example
 * ```ts
 * import { SLOTS, Slot } from './protocol.js';
 *
 * const progress = new Int32Array(new SharedArrayBuffer(SLOTS * 4)).fill(-1);
 * // The pool reads, without a message, which item a worker runs: -1 between items.
 * Atomics.load(progress, Slot.Current); // → -1
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
 * import { SLOTS, STOLEN_MAX } from './protocol.js';
 *
 * const progress = new Int32Array(new SharedArrayBuffer(SLOTS * 4)).fill(-1);
 * SLOTS === 5 + STOLEN_MAX; // → true
 * ```
 */
export const SLOTS = 5 + STOLEN_MAX;
