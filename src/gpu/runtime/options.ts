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
 * await blur.launch([640, 480] satisfies GridExtent, src, dst);
 * ```
 */
export type GridExtent = number | readonly [number, number] | readonly [number, number, number];

/**
 * Per-launch options.
 *
 * @example
 * ```ts
 * await new WgslKernel(spec).launch(n, args, { workgroupSize: 64, seed: 1 });
 * ```
 */
export interface LaunchOptions {
  /** Invocations per workgroup. Default {@link DEFAULT_WORKGROUP_SIZE}, lowered to the device's limit. */
  readonly workgroupSize?: number;
  /**
   * For a reduction whose body is `return xs[i]` over a Float32Array: read it with 16-byte `vec4<f32>` loads
   * (default true; see `wgsl/vector.ts` for the order of a sum). False keeps the scalar entry, e.g. to compare.
   */
  readonly vectorLoads?: boolean;
  /** Seed of `Math.random()` streams: with a seed, launch k of a kernel draws the same numbers on every run. */
  readonly seed?: number;
  /** Convert Float64Array arguments to f32 for the GPU (and written ones back). Off: a Float64Array is an error. */
  readonly convertFloat64?: boolean;
  /**
   * Milliseconds a launch may take before it rejects with {@link GpuTimeoutError} (default
   * {@link DEFAULT_LAUNCH_TIMEOUT}; `Infinity` waits forever). The device is then abandoned and replaced.
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
 * gpu({ timeout: DEFAULT_LAUNCH_TIMEOUT * 5 })(longKernel);
 * ```
 */
export const DEFAULT_LAUNCH_TIMEOUT = 120_000;
/**
 * Default {@link LaunchOptions.maxLoopIterations}: 2^31, seconds of one invocation's work on any GPU.
 *
 * @example
 * ```ts
 * gpu({ maxLoopIterations: DEFAULT_MAX_LOOP_ITERATIONS * 1.5 })(kernel);
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
  * gpu({ workgroupSize: DEFAULT_WORKGROUP_SIZE / 4 })(kernel);
  * ```
  */
export const DEFAULT_WORKGROUP_SIZE = 256;
/**
 * Upper bound on workgroups of a reducing launch: each writes one partial, read back and combined in f64.
 *
 * @example
 * ```ts
 * // a reducing launch reads back at most REDUCE_MAX_WORKGROUPS * 4 bytes
 * ```
 */
export const REDUCE_MAX_WORKGROUPS = 1024;

/**
 * What one launch did, for benches and for checking that nothing extra was moved.
 *
 * @example
 * ```ts
 * await k.launch(n, xs);
 * const { bytesUploaded, bytesDownloaded, dispatches } = k.lastLaunch!;
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
  /** True when a `return xs[i]` reduction read its array with `vec4<f32>` loads (see {@link LaunchOptions.vectorLoads}). */
  readonly vectorLoads?: boolean;
}

/**
 * The `[nx, ny, nz]` of a launch, checked against the kernel's grid dimensionality.
 *
 * @example
 * ```ts
 * normalizeExtent([640, 480], 2, 'blur'); // [640, 480, 1]
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
