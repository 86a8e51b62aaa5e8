/**
 * `@gpu`: the kernel language of `@memoJit` compiled to WGSL compute shaders and run by Dawn (npm `webgpu`),
 * with device arrays, a per-invocation PRNG, reductions, and a CPU fallback where there is no adapter.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat/gpu';
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]; });
 * await scale.launch(xs.length, 2, xs);
 * console.log(await gpu.info());
 * ```
 *
 * @module
 */
export { gpu } from './gpu.js';
export type { GpuOptions, GpuKernel, GpuKernelExtras, GpuBackend, LaunchArgs, LaunchExtent, DeviceArgs, HostOrDevice, DropLeading } from './gpu.js';
export { DeviceArray, toDevice, deviceZeros } from './array.js';
export type { GpuTypedArray, GpuTypedArrayConstructor } from './array.js';
export { gpuInfo, gpuAvailable, releaseDevice, setIdleRelease, GpuUnavailableError, GpuDeviceLostError, GPU_ENV } from './device.js';
export type { GpuInfo } from './device.js';
export {
  WgslKernel, GpuCompileError, GpuLaunchError, GpuOutOfBoundsError, GpuTimeoutError, GpuLoopLimitError, DEFAULT_LAUNCH_TIMEOUT, DEFAULT_MAX_LOOP_ITERATIONS, DEFAULT_WORKGROUP_SIZE, REDUCE_MAX_WORKGROUPS } from './launch.js';
export type { GridExtent, LaunchOptions, LaunchStats } from './launch.js';
export { generateWgsl, GpuUnsupportedError } from './codegen-wgsl.js';
export type { WgslBackendOptions } from './codegen-wgsl.js';
export type { KernelSpec, KernelParam, ArrayParam, ScalarParam, ElementType, ScalarType as GpuScalarType, Reduction, SourcePosition } from './abi.js';
export { philox4x32 } from './philox.js';
