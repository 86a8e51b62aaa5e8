/**
 * `@parallel(workers)`: pathos-style parallel map over worker threads, with no worker file; and `scaling`,
 * the lecture's scaling study.
 *
 * @example
 * ```ts
 * import { parallel, isMain } from 'numbat/parallel';
 * export const fun = parallel(4)(async function fun(a: number, b: number) { return a + b; });
 * if (isMain(import.meta.url)) console.log(await fun.map([1, 2], [3, 4])); // [4, 6]
 * ```
 *
 * @module
 */
export { parallel, asParallel } from './parallel.js';
export type { Parallel, ParallelMethods, Zipped } from './parallel.js';
export type { ParallelOptions, RunOptions, ProgressOption, ProgressState } from './options.js';
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
export { scaling, scalingTable, SINGLE_THREAD_ENV } from './scaling.js';
export type { ScalingOptions, ScalingPoint, ScalingResult } from './scaling.js';
export { formatProgress } from './progress.js';
export { isMain } from '../guard.js';
