/**
 * What a launch is given: its extent, its options and their defaults, and what it reports back.
 *
 * @module
 */

/**
 * A launch's extent: `n` invocations, or `[nx, ny]` / `[nx, ny, nz]` for 2-D/3-D grids.
 *
 * @example
 * ```ts
 * import { gpu, type GridExtent } from 'numbat/gpu';
 *
 * const blur = gpu({ grid: 2 })(function blur(x: number, y: number, w: number, src: Float32Array, dst: Float32Array) {
 *   const l = src[y * w + Math.max(x - 1, 0)]!, r = src[y * w + Math.min(x + 1, w - 1)]!;
 *   dst[y * w + x] = (l + src[y * w + x]! + r) / 3;
 * });
 * const [w, h] = [640, 480];
 * const src = new Float32Array(w * h).fill(1);
 * const dst = new Float32Array(w * h);
 * const extent: GridExtent = [w, h]; // x runs over columns, y over rows
 * await blur.launch([w, h], w, src, dst);
 * ```
 */
export type GridExtent = number | readonly [number, number] | readonly [number, number, number];

/**
 * Per-launch options.
 *
 * @example
 * ```ts
 * import { type LaunchOptions } from 'numbat/gpu';
 * import { WgslKernel, type KernelSpec } from 'numbat/internals';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * const xs = new Float32Array(1000).fill(1);
 * const options: LaunchOptions = { workgroupSize: 64, seed: 1, timeout: 10_000 };
 * await new WgslKernel(spec).launch(xs.length, [xs, 2], options);
 * ```
 */
export interface LaunchOptions {
  /** Invocations per workgroup. Default {@link DEFAULT_WORKGROUP_SIZE}, lowered to the device's limit. */
  readonly workgroupSize?: number;
  /**
   * For a 1-D reduction: read the arrays it only reads, and only at its own index (`return xs[i]`, `a[i] * b[i]`),
   * with 16-byte `vec4` loads when no such array is shorter than the launch (default true; see `wgsl/vector.ts`
   * for the order of a sum). False keeps the scalar entry, e.g. to compare.
   */
  readonly vectorLoads?: boolean;
  /** Seed of `Math.random()` streams: with a seed, launch k of a kernel draws the same numbers on every run. */
  readonly seed?: number;
  /** Convert Float64Array arguments to f32 for the GPU (and written ones back). Off: a Float64Array is an error. */
  readonly convertFloat64?: boolean;
  /**
   * Milliseconds a launch may take before it rejects with {@link GpuTimeoutError} (default
   * {@link DEFAULT_LAUNCH_TIMEOUT}; `Infinity` waits forever). The device is then abandoned and replaced.
   * Counted from the moment the launch's pipeline exists: compiling a new shader (once per kernel, signature
   * and workgroup shape) is not part of it, so a slow first compile on a loaded machine is never taken for a
   * hung kernel. Waiting for earlier launches on the same arrays is not part of it either.
   */
  readonly timeout?: number;
  /**
   * Loop iterations one invocation may run, all loops together, before the launch rejects with
   * {@link GpuLoopLimitError} (default {@link DEFAULT_MAX_LOOP_ITERATIONS}, at most 2^32 - 2).
   */
  readonly maxLoopIterations?: number;
  /**
   * Check every launch for validation and out-of-memory errors (error scopes). Off, only a pipeline's first
   * launch and launches that allocate new buffers are checked, which is where a failure can be attributed.
   */
  readonly debug?: boolean;
  /**
   * Lower the device's dispatch and binding limits for this launch (never raises them): a launch then splits
   * as it would on a device with these limits, which lets tests exercise split launches on small data.
   */
  readonly limits?: Partial<Pick<GPUSupportedLimits, 'maxComputeWorkgroupsPerDimension' | 'maxStorageBufferBindingSize'>>;
}

/**
 * Default {@link LaunchOptions.timeout}: two minutes, generous for lavapipe running a big kernel on a
 * shared CPU, and far past what a real GPU's watchdog (about 2 s on a display GPU) allows.
 *
 * @example
 * ```ts
 * import { DEFAULT_LAUNCH_TIMEOUT, gpu } from 'numbat/gpu';
 *
 * DEFAULT_LAUNCH_TIMEOUT; // → 120000
 * // A kernel known to run long on a CPU adapter: ten minutes before GpuTimeoutError.
 * const longKernel = gpu({ timeout: DEFAULT_LAUNCH_TIMEOUT * 5 })(function longKernel(i: number, xs: Float32Array) {
 *   let s = 0;
 *   for (let k = 0; k < 1e6; k++) s += Math.sin(k + i);
 *   xs[i] = s;
 * });
 * ```
 */
export const DEFAULT_LAUNCH_TIMEOUT = 120_000;
/**
 * Default {@link LaunchOptions.maxLoopIterations}: 2^31, seconds of one invocation's work on any GPU.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_LOOP_ITERATIONS, gpu } from 'numbat/gpu';
 *
 * DEFAULT_MAX_LOOP_ITERATIONS; // → 2147483648
 * // A kernel whose loops legitimately run longer than the default bound allows:
 * const kernel = gpu({ maxLoopIterations: DEFAULT_MAX_LOOP_ITERATIONS * 1.5 })(function kernel(i: number, n: number, xs: Float32Array) {
 *   let s = 0;
 *   for (let k = 0; k < n; k++) s += 1 / (k + 1);
 *   xs[i] = s;
 * });
 * ```
 */
export const DEFAULT_MAX_LOOP_ITERATIONS = 2 ** 31;


/**
 * Default invocations per workgroup: 256 fills a warp/wavefront multiple on every vendor and keeps the
 * reduction's shared array at 1 KiB; lowered when the device allows fewer, and to 64 for launches too small
 * to give the largest GPUs 1024 workgroups of 256 (so every SM gets work).
  *
  * @example
  * ```ts
  * import { gpu } from 'numbat/gpu';
  * import { DEFAULT_WORKGROUP_SIZE } from 'numbat/internals';
  *
  * DEFAULT_WORKGROUP_SIZE; // → 256
  * const kernel = gpu({ workgroupSize: DEFAULT_WORKGROUP_SIZE / 4 })(function kernel(i: number, xs: Float32Array) { xs[i] = i; });
  * ```
  */
export const DEFAULT_WORKGROUP_SIZE = 256;
/**
 * Upper bound on workgroups of a reducing launch: each writes one partial, read back and combined in f64.
 *
 * @example
 * ```ts
 * import { REDUCE_MAX_WORKGROUPS } from 'numbat/internals';
 *
 * // A reducing launch reads back at most this many f32 partials:
 * REDUCE_MAX_WORKGROUPS * 4; // → 4096
 * ```
 */
export const REDUCE_MAX_WORKGROUPS = 1024;

/**
 * What one launch did, for benches and for checking that nothing extra was moved.
 *
 * @example
 * ```ts
 * import { gpu, toDevice, type LaunchStats } from 'numbat/gpu';
 *
 * const k = gpu(function k(i: number, xs: Float32Array) { xs[i] = 2 * xs[i]!; });
 * const n = 1 << 16;
 * await k.launch(n, new Float32Array(n));
 * const { bytesUploaded, bytesDownloaded, dispatches }: LaunchStats = k.lastLaunch!;
 * console.log(bytesUploaded, bytesDownloaded, dispatches); // about 256 KiB each way, one dispatch
 * // Data kept on the device moves nothing but the launch's uniforms:
 * const onDevice = toDevice(new Float32Array(n));
 * await k.launch(n, onDevice);
 * console.log(k.lastLaunch!.bytesDownloaded); // 0
 * ```
 */
export interface LaunchStats {
  /** Bytes written to the device (arrays, uniforms). */
  readonly bytesUploaded: number;
  /** Bytes read back from the device. */
  readonly bytesDownloaded: number;
  /** `dispatchWorkgroups` calls. */
  readonly dispatches: number;
  /** Workgroup size used. */
  readonly workgroupSize: number;
  /** True when a reduction read its lane arrays with `vec4` loads (see {@link LaunchOptions.vectorLoads}). */
  readonly vectorLoads?: boolean;
}

/**
 * The `[nx, ny, nz]` of a launch, checked against the kernel's grid dimensionality.
 *
 * @example
 * ```ts
 * import { normalizeExtent } from './options.js';
 *
 * normalizeExtent([640, 480], 2, 'blur'); // → [ 640, 480, 1 ]
 * normalizeExtent(1000, 1, 'scale'); // → [ 1000, 1, 1 ]
 * normalizeExtent(1000, 2, 'blur'); // → throws TypeError: …
 * ```
 */
export function normalizeExtent(extent: GridExtent, grid: 1 | 2 | 3, name: string): [number, number, number] {
  const dims = typeof extent === 'number' ? [extent] : [...extent];
  if (dims.length !== grid) {
    throw new TypeError(
      `gpu: kernel '${name}' has a ${grid}-D grid (its first ${grid} parameter${grid > 1 ? 's are indices' : ' is the index'}); ` +
        `launch it with ${grid === 1 ? 'n' : grid === 2 ? '[nx, ny]' : '[nx, ny, nz]'}, got ${JSON.stringify(extent)}`,
    );
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`gpu: launch extent must be non-negative integers, got ${JSON.stringify(extent)}`);
  }
  const [nx = 1, ny = 1, nz = 1] = dims;
  if (nx * ny * nz > 0x7fffffff) {
    throw new RangeError(`gpu: a launch has at most 2^31-1 invocations (indices are i32), got ${nx * ny * nz}`);
  }
  return [nx, ny, nz];
}
