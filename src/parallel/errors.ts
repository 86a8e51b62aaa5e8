/**
 * Every way a parallel run can fail, as error classes a caller can test with `instanceof`, and the plain
 * record an error travels as between a worker and the pool.
 *
 * @module
 */

/**
 * An error as it crosses the thread boundary: structured clone keeps no class and drops own fields.
 *
 * @example
 * ```ts
 * import type { SerializedError } from 'numbat';
 * import { serializeError } from './errors.js';
 *
 * const e: SerializedError = serializeError(new RangeError('x')); // { name: 'RangeError', message: 'x', stack }
 * e.name; // → 'RangeError'
 * ```
 */
export interface SerializedError {
  /** The original error's `name` (`'RangeError'`, or a custom class name). */
  readonly name: string;
  /** The original error's message. */
  readonly message: string;
  /** The stack as printed in the worker, so the failing line in the user's module is visible. */
  readonly stack: string | undefined;
  /** Node's error code (`'ERR_…'`), when the error had one. */
  readonly code?: string | undefined;
}

/**
 * Turns anything thrown in a worker into a {@link SerializedError}.
 *
 * @example
 * ```ts
 * import { serializeError } from './errors.js';
 *
 * serializeError(new TypeError('bad')).message; // → 'bad'
 * serializeError('oops').message; // → 'non-Error thrown: oops'
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, stack: error.stack, code: typeof code === 'string' ? code : undefined };
  }
  let message: string;
  try {
    message = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  } catch {
    message = String(error);
  }
  return { name: 'Error', message: `non-Error thrown: ${message}`, stack: undefined };
}

/**
 * One item failed in a worker. `index` is the item's position in the input; `workerStack` is the stack
 * where it was thrown, also appended to `stack`; `cause` is the rebuilt original error (name, message, stack).
 *
 * @example
 * ```ts
 * import { isMain, parallel, ParallelTaskError } from 'numbat';
 *
 * export const check = parallel(2)(function check(x: number) {
 *   if (x < 0) throw new RangeError(`negative: ${x}`);
 *   return Math.sqrt(x);
 * });
 * if (isMain(import.meta.url)) {
 *   try {
 *     await check.map([4, -1, 9]);
 *   } catch (e) {
 *     if (e instanceof ParallelTaskError) console.log(e.index, e.errorName, e.workerStack); // 1 'RangeError' …
 *   }
 * }
 * ```
 */
export class ParallelTaskError extends Error {
  /** Always `'ParallelTaskError'`, so errors can be told apart after crossing a thread. */
  override name = 'ParallelTaskError';
  /** Position of the failing item in the input (0 for a single call). */
  readonly index: number;
  /** The error's name in the worker (`'TypeError'`, `'RangeError'`, …). */
  readonly errorName: string;
  /** The stack trace where the error was thrown, in the worker. */
  readonly workerStack: string | undefined;
  /** The error's `code` in the worker, if it had one (e.g. `'ERR_WORKER_OUT_OF_MEMORY'`). */
  readonly code: string | undefined;

  constructor(label: string, index: number, error: SerializedError) {
    super(`${label} failed on item ${index}: ${error.name}: ${error.message}`, { cause: rebuild(error) });
    this.index = index;
    this.errorName = error.name;
    this.workerStack = error.stack;
    this.code = error.code;
    if (error.stack) this.stack = `${this.stack ?? ''}\n    --- in the worker ---\n${error.stack}`;
  }
}

function rebuild(error: SerializedError): Error {
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}

/**
 * A worker died while running an item (`process.exit`, out of memory, a native crash): the item fails with
 * this error, the worker is replaced, and the other items of its chunk run again on another worker.
 *
 * @example
 * ```ts
 * import { isMain, parallel, ParallelMapError, WorkerCrashError } from 'numbat';
 *
 * export const check = parallel(2)(function check(x: number) {
 *   if (x < 0) throw new RangeError(`negative: ${x}`);
 *   return Math.sqrt(x);
 * });
 * if (isMain(import.meta.url)) {
 *   const r = await check.with({ onError: 'collect' }).map([4, -1]).catch((e: unknown) => e);
 *   if (r instanceof ParallelMapError) console.log(r.errors.filter((e) => e instanceof WorkerCrashError).length); // 0
 * }
 * ```
 */
export class WorkerCrashError extends ParallelTaskError {
  /** Always `'WorkerCrashError'`, so errors can be told apart after crossing a thread. */
  override name = 'WorkerCrashError';
}

/**
 * An item ran past the `timeout` option; its worker was terminated and replaced.
 *
 * @example
 * ```ts
 * import { isMain, parallel, ParallelTimeoutError } from 'numbat';
 *
 * export const spin = parallel(2)(function spin(ms: number) {
 *   const end = Date.now() + ms;
 *   while (Date.now() < end);
 *   return ms;
 * });
 * if (isMain(import.meta.url)) {
 *   await spin.with({ timeout: 1000 }).map([10, 5000]).catch((e: unknown) => e instanceof ParallelTimeoutError); // true: item 1 ran over 1 s
 * }
 * ```
 */
export class ParallelTimeoutError extends ParallelTaskError {
  /** Always `'ParallelTimeoutError'`, so errors can be told apart after crossing a thread. */
  override name = 'ParallelTimeoutError';
}

/**
 * `onError: 'collect'` and some items failed: `errors` has one {@link ParallelTaskError} per failed item (in
 * input order), `results` has every result with `undefined` at the failed positions, `failed` the indices.
 *
 * @example
 * ```ts
 * import { isMain, parallel, ParallelMapError } from 'numbat';
 *
 * export const check = parallel(2)(function check(x: number) {
 *   if (x < 0) throw new RangeError(`negative: ${x}`);
 *   return Math.sqrt(x);
 * });
 * if (isMain(import.meta.url)) {
 *   try {
 *     await check.with({ onError: 'collect' }).map([4, -1, 9]);
 *   } catch (e) {
 *     if (e instanceof ParallelMapError) console.log(e.results, e.failed); // [2, undefined, 3] [1]
 *   }
 * }
 * ```
 */
export class ParallelMapError<R = unknown> extends AggregateError {
  /** Always `'ParallelMapError'`, so errors can be told apart after crossing a thread. */
  override name = 'ParallelMapError';
  /** One error per failed item, in item order; each names its item's index. */
  declare readonly errors: ParallelTaskError[];
  /** Results in input order, `undefined` where the item failed (from `map`; iterators yielded theirs already, and leave it empty). */
  readonly results: Array<R | undefined>;
  /** Input positions of the failed items, ascending. */
  readonly failed: number[];

  constructor(label: string, errors: ParallelTaskError[], results: Array<R | undefined>, total = results.length) {
    const sorted = [...errors].sort((a, b) => a.index - b.index);
    const first = sorted[0];
    super(sorted, `${label}: ${sorted.length} of ${total} items failed` + (first ? ` (first: item ${first.index}: ${first.cause instanceof Error ? first.cause.message : ''})` : ''));
    this.results = results;
    this.failed = sorted.map((e) => e.index);
  }
}

/**
 * A function `@parallel` cannot hand to a worker (a closure, a function made at run time), or a module that
 * fails to load in the worker. The message says why and what to do.
 *
 * @example
 * ```ts
 * import { parallel, ParallelLocateError } from 'numbat';
 *
 * function outer(k: number) { return parallel(2)((x: number) => x * k); }
 * await outer(3)(1).catch((e: unknown) => e instanceof ParallelLocateError); // true: a closure cannot be found by a worker
 * ```
 */
export class ParallelLocateError extends Error {
  /** Always `'ParallelLocateError'`, so errors can be told apart after crossing a thread. */
  override name = 'ParallelLocateError';
}

/**
 * A worker, while importing the module of the function it runs, executed that module's top-level code and
 * it started a parallel run: without a guard this would start pools in every worker (a fork bomb).
 *
 * @example
 * ```ts
 * import { isMain, parallel } from 'numbat';
 *
 * export const double = parallel(2)(function double(x: number) { return 2 * x; });
 * // Without this guard, each worker importing this module would start the run again: a ParallelGuardError.
 * if (isMain(import.meta.url)) console.log(await double.map([1, 2, 3]));
 * ```
 */
export class ParallelGuardError extends Error {
  /** Always `'ParallelGuardError'`, so errors can be told apart after crossing a thread. */
  override name = 'ParallelGuardError';
}

/**
 * The error an aborted run rejects with: a `DOMException` named `AbortError`, as `fetch` and p-map use.
 *
 * @example
 * ```ts
 * import { abortError } from './errors.js';
 *
 * const controller = new AbortController();
 * const done = new Promise((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(abortError(controller.signal))));
 * controller.abort();
 * await done.catch((e: Error) => e.name); // 'AbortError'
 * ```
 */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new DOMException('The parallel run was aborted', 'AbortError');
  if (reason !== undefined) Object.defineProperty(error, 'cause', { value: reason, configurable: true });
  return error;
}

/**
 * The pool was closed (`f.close()`, `shutdownPools()`) while the run was pending.
 *
 * @example
 * ```ts
 * import { isMain, parallel, PoolClosedError, shutdownPools } from 'numbat';
 *
 * export const wait = parallel(2)(async function wait(ms: number) { await new Promise((r) => setTimeout(r, ms)); return ms; });
 * if (isMain(import.meta.url)) {
 *   const run = wait.map([1000, 1000]);
 *   await shutdownPools();
 *   console.log(await run.catch((e: unknown) => e instanceof PoolClosedError)); // true
 * }
 * ```
 */
export class PoolClosedError extends Error {
  /** Always `'PoolClosedError'`, so errors can be told apart after crossing a thread. */
  override name = 'PoolClosedError';
}
