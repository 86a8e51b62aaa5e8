/**
 * The launch runtime now lives in `gpu/runtime/` (kernel, plan, uniforms, pipelines, buffers, errors); this
 * module re-exports its public names so that `numbat/internals` and existing imports keep working.
 *
 * @module
 */
export { WgslKernel } from './runtime/kernel.js';
export { GpuCompileError, GpuLaunchError, GpuOutOfBoundsError, GpuTimeoutError, GpuLoopLimitError, GpuRangeError } from './runtime/errors.js';
export {
  DEFAULT_LAUNCH_TIMEOUT, DEFAULT_MAX_LOOP_ITERATIONS, DEFAULT_WORKGROUP_SIZE, REDUCE_MAX_WORKGROUPS, normalizeExtent,
} from './runtime/options.js';
export type { GridExtent, LaunchOptions, LaunchStats } from './runtime/options.js';
