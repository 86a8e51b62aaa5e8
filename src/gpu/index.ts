/**
 * `@gpu`: the kernel language of `@memoJit` compiled to WGSL compute shaders and run by Dawn (npm `webgpu`),
 * with device arrays, a per-invocation PRNG, reductions, and a CPU fallback where there is no adapter.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * await scale.launch(xs.length, 2, xs); // xs is now [2, 4, 6], on the GPU or its CPU fallback
 * console.log(await gpu.info());
 * ```
 *
 * @module numbat/gpu
 */
export { gpu } from './gpu.js';
export type { GpuOptions, GpuKernel, GpuKernelExtras, GpuBackend, LaunchArgs, LaunchExtent, DeviceArgs, HostOrDevice, DropLeading } from './gpu.js';
export { DeviceArray, toDevice, deviceZeros } from './runtime/array.js';
export type { GpuTypedArray, GpuTypedArrayConstructor, DeviceHostArray, DeviceHostArrayConstructor, DeviceElement } from './runtime/array.js';
export { gpuInfo, gpuAvailable, releaseDevice, setIdleRelease, GpuUnavailableError, GpuDeviceLostError, GPU_ENV } from './runtime/device.js';
export type { GpuInfo } from './runtime/device.js';
export { GpuCompileError, GpuLaunchError, GpuOutOfBoundsError, GpuTimeoutError, GpuLoopLimitError, GpuRangeError } from './runtime/errors.js';
export { DEFAULT_LAUNCH_TIMEOUT, DEFAULT_MAX_LOOP_ITERATIONS } from './runtime/options.js';
export type { GridExtent, LaunchOptions, LaunchStats } from './runtime/options.js';
export { GpuUnsupportedError } from './wgsl/generate.js';
export type { Reduction, SourcePosition } from './abi.js';
// Compiler and runtime internals (kernel launching, WGSL emission, the ABI, the PRNG) are in numbat/internals.
