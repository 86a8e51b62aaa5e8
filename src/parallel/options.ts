/**
 * Options of `@parallel` and of one run (`f.with({...})`), with their validation in one place so that the
 * decorator and every run method report the same errors.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { describeValue } from '../decorate.js';
import type { Backend } from './slurm.js';

/**
 * What a progress callback receives: how far a map is, tqdm's numbers.
 *
 * @example
 * ```ts
 * import { isMain, parallel, type ProgressState } from 'numbat';
 *
 * export const simulate = parallel(2)(function simulate(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 1e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * if (isMain(import.meta.url)) {
 *   const log = (s: ProgressState) => console.log(`${s.label}: ${s.done}/${s.total}, ETA ${s.eta?.toFixed(1)} s`);
 *   await simulate.with({ progress: log }).map([1, 2, 3, 4]);
 * }
 * ```
 */
export interface ProgressState {
  /** Items finished (succeeded or failed). */
  readonly done: number;
  /** Items in the map, or `undefined` when the input's length is unknown until it ends. */
  readonly total: number | undefined;
  /** Seconds since the map started. */
  readonly elapsed: number;
  /** Items per second so far. */
  readonly rate: number;
  /** Seconds left at the current rate (`undefined` without a total). */
  readonly eta: number | undefined;
  /** Label of the function being mapped. */
  readonly label: string;
}

/**
 * Progress reporting: `true` draws a tqdm-like bar on stderr when stderr is a terminal and `CI` is not set;
 * `'force'` draws it anyway; a function receives every update instead.
 *
 * @example
 * ```ts
 * import { isMain, parallel, type ProgressOption } from 'numbat';
 *
 * export const simulate = parallel(2)(function simulate(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 1e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * if (isMain(import.meta.url)) {
 *   const progress: ProgressOption = 'force'; // a bar even when stderr is not a terminal (a log file, CI)
 *   await simulate.with({ progress }).map([1, 2, 3, 4]);
 * }
 * ```
 */
export type ProgressOption = boolean | 'force' | ((state: ProgressState) => void);

/**
 * Options of one run: per decorated function (`parallel({...})`) or per call (`f.with({...})`).
 *
 * @example
 * ```ts
 * import { isMain, parallel, type RunOptions } from 'numbat';
 *
 * export const simulate = parallel(2)(function simulate(seed: number) {
 *   let x = seed;
 *   for (let i = 0; i < 1e6; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *   return x;
 * });
 * if (isMain(import.meta.url)) {
 *   // One seed per message, each task at most 5 s, failures collected instead of stopping the map, all within a minute.
 *   const run: RunOptions = { chunksize: 1, timeout: 5000, onError: 'collect', signal: AbortSignal.timeout(60_000) };
 *   console.log(await simulate.with(run).map([1, 2, 3, 4]));
 * }
 * ```
 */
export interface RunOptions {
  /**
   * Items per message to a worker. `'auto'` (default): for inputs of known length, `ceil(n / (4 · workers))`
   * like Python's `Pool.map`, so a million trivial tasks cost a handful of messages; for inputs of unknown
   * length it starts at 1 and grows until a chunk takes about 20 ms. A number fixes it (`1`: one task per
   * message, like `Pool.imap`'s default).
   */
  readonly chunksize?: number | 'auto';
  /** Progress bar or callback; see {@link ProgressOption}. Default `false`. */
  readonly progress?: ProgressOption;
  /**
   * Cancels the run: tasks not started never start, workers running its tasks are terminated (and replaced
   * lazily), and the promise rejects with an `AbortError` at once.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Milliseconds one task may run; a task over time fails with a `ParallelTimeoutError` and its worker is
   * terminated and replaced. Setting it makes each task its own message (`chunksize` 1), so the clock
   * measures one task.
   */
  readonly timeout?: number | undefined;
  /**
   * `'raise'` (default): the first failing item rejects the run and its pending tasks are dropped.
   * `'collect'`: every item runs; if some failed, the run rejects with a `ParallelMapError` (an
   * `AggregateError`) holding each item's error and the results of the others.
   */
  readonly onError?: 'raise' | 'collect';
}

/**
 * Options of the decorator: the pool and the defaults of every run.
 *
 * @example
 * ```ts
 * import { isMain, parallel, type ParallelOptions } from 'numbat';
 *
 * const options: ParallelOptions = { workers: 4, maxMemoryMb: 512, env: { OMP_NUM_THREADS: '1' } };
 * export const square = parallel(options)(function square(x: number) { return x * x; });
 * if (isMain(import.meta.url)) console.log(await square.map([1, 2, 3])); // [1, 4, 9]
 * ```
 */
export interface ParallelOptions extends RunOptions {
  /** Number of worker threads. Default: `os.availableParallelism()`. */
  readonly workers?: number;
  /**
   * Ship the function's source instead of importing its module: for functions that capture nothing
   * (like `dill`). Needed for closures and functions created at run time. Default `false`.
   */
  readonly source?: boolean;
  /** Extra environment variables of the workers (e.g. `OPENBLAS_NUM_THREADS: '1'`). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Heap limit of each worker in MB (`resourceLimits.maxOldGenerationSizeMb`): a worker over it fails its
   * task and is replaced, instead of taking the whole process down.
   */
  readonly maxMemoryMb?: number;
  /**
   * Transfer typed-array and `ArrayBuffer` results of 1 MiB or more instead of copying them (default
   * `true`); smaller ones are copied, which costs less than what the first transfer does to the worker: it
   * detaches a buffer, and from then on V8 checks for detached buffers in every optimized typed-array loop of
   * that worker (about 1.3× slower on a tight loop). A worker function that returns a buffer it keeps using
   * (a module-level cache) must return a copy or set `false`.
   */
  readonly transferResults?: boolean;
  /**
   * Where the items run: this machine's worker threads (default), or another backend such as
   * `slurm({...})`, a SLURM job array with the same results in the same order.
   */
  readonly backend?: Backend | undefined;
}

/**
 * Options with every default filled in.
 *
 * @example
 * ```ts
 * import { resolveOptions, type ResolvedOptions } from './options.js';
 *
 * const resolved: ResolvedOptions = resolveOptions('parallel', { workers: 4 });
 * resolved.chunksize; // → 'auto'
 * resolved.onError; // → 'raise'
 * ```
 */
export interface ResolvedOptions {
  readonly workers: number;
  readonly source: boolean;
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly maxMemoryMb: number | undefined;
  readonly transferResults: boolean;
  readonly chunksize: number | 'auto';
  readonly progress: ProgressOption;
  readonly signal: AbortSignal | undefined;
  readonly timeout: number | undefined;
  readonly onError: 'raise' | 'collect';
  readonly backend: Backend | undefined;
}

const RUN_KEYS = new Set(['chunksize', 'progress', 'signal', 'timeout', 'onError']);
const POOL_KEYS = new Set(['workers', 'source', 'env', 'maxMemoryMb', 'transferResults', 'backend']);

/**
 * The default worker count: every core Node may use.
 *
 * @example
 * ```ts
 * import { parallel } from 'numbat';
 * import { defaultWorkers } from './options.js';
 *
 * // Leave one core to the main thread (but keep at least one worker).
 * export const work = parallel(Math.max(1, defaultWorkers() - 1))(function work(x: number) { return Math.sqrt(x); });
 * defaultWorkers() >= 1; // → true
 * ```
 */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

function fail(where: string, message: string): never {
  throw new TypeError(`${where}: ${message}`);
}

/**
 * Checks options and merges them over `base`; `where` names the caller in errors.
 *
 * @example
 * ```ts
 * import { resolveOptions } from './options.js';
 *
 * const base = resolveOptions('parallel', { workers: 2, chunksize: 8 });
 * // f.with({...}) merges run options over the decorator's; pool options are refused there.
 * const merged = resolveOptions('f.with', { timeout: 1000 }, base, false);
 * [merged.workers, merged.chunksize, merged.timeout]; // → [ 2, 8, 1000 ]
 * resolveOptions('f.with', { workers: 3 }, base, false); // → throws TypeError: f.with: …workers…
 * ```
 */
export function resolveOptions(where: string, options: unknown, base?: ResolvedOptions, allowPool = true): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail(where, `expected an options object, got ${describeValue(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!RUN_KEYS.has(key) && !(allowPool && POOL_KEYS.has(key))) {
      const known = [...RUN_KEYS, ...(allowPool ? POOL_KEYS : [])].join(', ');
      fail(where, `unknown option '${key}' (known: ${known})`);
    }
  }
  const out = {
    workers: base?.workers ?? defaultWorkers(),
    source: base?.source ?? false,
    env: base?.env,
    maxMemoryMb: base?.maxMemoryMb,
    transferResults: base?.transferResults ?? true,
    chunksize: base?.chunksize ?? 'auto',
    progress: base?.progress ?? false,
    signal: base?.signal,
    timeout: base?.timeout,
    onError: base?.onError ?? 'raise',
    backend: base?.backend,
  } as { -readonly [K in keyof ResolvedOptions]: ResolvedOptions[K] };
  if (o.workers !== undefined) {
    if (typeof o.workers !== 'number' || !Number.isInteger(o.workers) || o.workers < 1) {
      fail(where, `workers must be a positive integer, got ${describeValue(o.workers)}`);
    }
    out.workers = o.workers;
  }
  if (o.source !== undefined) {
    if (typeof o.source !== 'boolean') fail(where, `source must be true or false, got ${describeValue(o.source)}`);
    out.source = o.source;
  }
  if (o.env !== undefined) {
    if (typeof o.env !== 'object' || o.env === null || Object.values(o.env).some((v) => typeof v !== 'string')) {
      fail(where, 'env must be an object of strings');
    }
    out.env = o.env as Record<string, string>;
  }
  if (o.maxMemoryMb !== undefined) {
    if (typeof o.maxMemoryMb !== 'number' || !(o.maxMemoryMb > 0)) fail(where, `maxMemoryMb must be a positive number, got ${describeValue(o.maxMemoryMb)}`);
    out.maxMemoryMb = o.maxMemoryMb;
  }
  if (o.transferResults !== undefined) {
    if (typeof o.transferResults !== 'boolean') fail(where, `transferResults must be true or false, got ${describeValue(o.transferResults)}`);
    out.transferResults = o.transferResults;
  }
  if (o.chunksize !== undefined) {
    if (o.chunksize !== 'auto' && (typeof o.chunksize !== 'number' || !Number.isInteger(o.chunksize) || o.chunksize < 1)) {
      fail(where, `chunksize must be 'auto' or a positive integer, got ${describeValue(o.chunksize)}`);
    }
    out.chunksize = o.chunksize as number | 'auto';
  }
  if (o.progress !== undefined) {
    if (typeof o.progress !== 'boolean' && o.progress !== 'force' && typeof o.progress !== 'function') {
      fail(where, `progress must be true, false, 'force' or a function, got ${describeValue(o.progress)}`);
    }
    out.progress = o.progress as ProgressOption;
  }
  if ('signal' in o) {
    if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) fail(where, `signal must be an AbortSignal, got ${describeValue(o.signal)}`);
    out.signal = o.signal as AbortSignal | undefined;
  }
  if ('timeout' in o) {
    if (o.timeout !== undefined && (typeof o.timeout !== 'number' || !(o.timeout > 0))) {
      fail(where, `timeout must be a positive number of milliseconds, got ${describeValue(o.timeout)}`);
    }
    out.timeout = o.timeout as number | undefined;
  }
  if ('backend' in o) {
    const b = o.backend as Partial<Backend> | undefined;
    if (b !== undefined && (typeof b !== 'object' || b === null || typeof b.open !== 'function' || typeof b.name !== 'string')) {
      fail(where, `backend must be a backend such as slurm({...}), got ${describeValue(b)}`);
    }
    out.backend = b as Backend | undefined;
  }
  if (o.onError !== undefined) {
    if (o.onError !== 'raise' && o.onError !== 'collect') fail(where, `onError must be 'raise' or 'collect', got ${describeValue(o.onError)}`);
    out.onError = o.onError;
  }
  return out;
}
