/**
 * `@parallel(workers)`: pathos-style parallel map over worker threads, with no worker file; and `scaling`,
 * the lecture's scaling study.
 *
 * How a worker finds the function: it imports the module that applied `@parallel` (found on the call stack
 * when the decorator ran), whose top-level code applies the decorator again and registers the function.
 * So the function must be decorated at the top level of a module: a plain function, or a static or instance
 * method of a class. TypeScript run through tsx works (workers register tsx themselves), as do compiled
 * JavaScript, ESM and CommonJS. A closure fails with a `ParallelLocateError` saying so; `{ source: true }`
 * ships the source of a function that uses nothing from outside its body.
 *
 * The main guard: importing the module runs all of its top-level code in every worker, as Python's spawn
 * re-imports `__main__`. Put a script's work under `if (isMain(import.meta.url)) { ... }` (exported here and
 * from `numbat`), or `if (isMainThread)`. A worker whose import starts a parallel run throws a
 * `ParallelGuardError` instead of starting pools inside workers.
 *
 * Methods: TypeScript keeps a decorated method's declared type: an `async` method runs each direct call in a
 * worker, a synchronous one (`@parallel(2) @memoJit`) runs direct calls in the calling thread.
 * `asParallel(obj.method).map(...)` gives the typed `map`, with `obj` as `this`; an instance method's own
 * fields are cloned to the workers with each call or map.
 *
 * Start-up: a worker takes tens of ms to start with compiled JavaScript, a few hundred under tsx (which it
 * must register); pools start lazily, are shared by functions with the same configuration, and never keep
 * the process alive.
 *
 * @example
 * ```ts
 * import { parallel, isMain } from 'numbat/parallel';
 * export const fun = parallel(4)(async function fun(a: number, b: number) { return a + b; });
 * if (isMain(import.meta.url)) console.log(await fun.map([1, 2], [3, 4])); // [4, 6]
 * ```
 *
 * @module numbat/parallel
 */
export { parallel, asParallel } from './parallel.js';
export type { Parallel, ParallelDecorator, ParallelMethods, Zipped } from './parallel.js';
export type { ParallelOptions, RunOptions, ProgressOption, ProgressState } from './options.js';
export type { SerializedError } from './errors.js';
export {
  ParallelTaskError,
  ParallelMapError,
  ParallelTimeoutError,
  WorkerCrashError,
  ParallelLocateError,
  ParallelGuardError,
  PoolClosedError,
} from './errors.js';
export { shutdownPools } from './pool.js';
export { slurm, hasSbatch, SlurmError } from './slurm.js';
export type { SlurmOptions, Backend } from './slurm.js';
export { scaling, scalingTable, SINGLE_THREAD_ENV } from './scaling.js';
export type { ScalingOptions, ScalingPoint, ScalingResult, ScalingReference, ScalingSeries } from './scaling.js';
// formatProgress (the progress bar's text) is in numbat/internals.
export { isMain } from '../guard.js';
