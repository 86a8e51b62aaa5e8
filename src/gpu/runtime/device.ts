/**
 * One WebGPU adapter and device per process, requested lazily through Dawn's Node bindings (npm `webgpu`),
 * released when idle, and replaced after a loss.
 *
 * Over 400 lines, with a reason: the one device per process is one state machine over this module's state
 * (lazy request, work counting, idle release, loss and replacement), and about a third is the documented
 * error and `GpuInfo` types users see.
 *
 * @module
 */
import { isMainThread } from 'node:worker_threads';
import { setTimeout as nodeSetTimeout } from 'node:timers';

/**
 * Raised when a launch needs a device and none can be had (no adapter, worker thread, bindings missing).
 *
 * @example
 * ```ts
 * import { gpu, GpuUnavailableError } from 'numbat';
 *
 * const k = gpu({ require: true })(function k(i: number, xs: Float32Array) { xs[i] = i; });
 * try {
 *   await k.launch(4, new Float32Array(4));
 * } catch (e) {
 *   if (e instanceof GpuUnavailableError) console.log('no GPU:', e.message);
 * }
 * ```
 */
export class GpuUnavailableError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name = 'GpuUnavailableError';
}

/**
 * Raised for a launch in flight when its device was lost; the next launch requests a new device.
 *
 * @example
 * ```ts
 * import { gpu, GpuDeviceLostError } from 'numbat';
 *
 * const k = gpu(function k(i: number, xs: Float32Array) { xs[i] = i; });
 * const xs = new Float32Array(4);
 * try {
 *   await k.launch(xs.length, xs);
 * } catch (e) {
 *   if (e instanceof GpuDeviceLostError) await k.launch(xs.length, xs); // a new device is requested
 * }
 * ```
 */
export class GpuDeviceLostError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name = 'GpuDeviceLostError';
  constructor(
    message: string,
    /**
     * Why the device went: Dawn's loss reason and message (e.g. `'unknown: …'` after a driver reset), or
     * the reason given to {@link releaseDevice} when numbat destroyed it (by default `'destroyed by numbat'`).
     */
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * What {@link gpuInfo} reports about the adapter in use.
 *
 * @example
 * ```ts
 * import { gpu, type GpuInfo } from 'numbat';
 *
 * const info: GpuInfo = await gpu.info();
 * if (info.software) console.log('CPU emulation:', info.description);
 * ```
 */
export interface GpuInfo {
  /** Whether a WebGPU adapter was found. */
  readonly available: boolean;
  /** Why not, when `available` is false. */
  readonly reason?: string;
  /** Adapter vendor, e.g. `'mesa'`, `'nvidia'`. */
  readonly vendor?: string;
  /** Adapter architecture, e.g. `'software'`, `'hopper'`. */
  readonly architecture?: string;
  /** Adapter device string. */
  readonly device?: string;
  /** Driver description, e.g. `'llvmpipe: Mesa 25.0.7 …'`. */
  readonly description?: string;
  /** True for a software adapter (lavapipe/llvmpipe, SwiftShader): the "GPU" is CPU emulation. */
  readonly software?: boolean;
  /** The compute limits of the device numbat requests (the adapter's maxima for what kernels use). */
  readonly limits?: Readonly<Record<string, number>>;
}

/**
 * The device and what numbat derived from it; replaced as a whole when the device is lost.
 *
 * @example
 * ```ts
 * import { acquireDevice, type DeviceHandle } from './device.js';
 *
 * const handle: DeviceHandle = await acquireDevice();
 * console.log(handle.generation, handle.limits.maxBufferSize);
 * ```
 */
export interface DeviceHandle {
  readonly device: GPUDevice;
  /** The `navigator.gpu` object the device came from: Dawn's instance must outlive its device. */
  readonly instance: GPU;
  readonly limits: GPUSupportedLimits;
  readonly info: GpuInfo;
  /** Increments with every new device: caches keyed on a handle are dropped with it. */
  readonly generation: number;
  /** Set once the device is lost (or destroyed by numbat); every later use must fail clearly. */
  lost?: string;
  /** Rejects (with a {@link GpuDeviceLostError}) when the device is lost; never resolves. */
  readonly lostPromise: Promise<never>;
  /** Marks the device lost now (launches racing {@link lostPromise} reject at once), without waiting for its queue. */
  readonly abandon: (reason: string) => void;
}

// Limits a compute kernel can hit; requested at the adapter's maximum so kernels are bounded by the hardware,
// not by WebGPU's conservative defaults (e.g. 128 MiB bindings, 256 invocations per workgroup).
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
] as const;

interface Bindings {
  create: (options: string[]) => GPU;
  globals: Record<string, unknown>;
}

let bindings: Bindings | undefined;
let bindingsError: string | undefined;
let current: DeviceHandle | undefined;
let pending: Promise<DeviceHandle> | undefined;
let generation = 0;
let inFlight = 0;
let idleTimer: NodeJS.Timeout | undefined;
/** `performance.now()` when the last launch ended: the idle release counts from there. */
let lastActive = 0;
let lastInfo: GpuInfo | undefined;
const keepAlive = new Set<() => boolean>();

/**
 * How long an idle device is kept before it is destroyed (Dawn keeps a device's threads alive until then).
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 * import { IDLE_MS } from './device.js';
 *
 * const k = gpu(function k(i: number, xs: Float32Array) { xs[i] = i; });
 * await k.launch(4, new Float32Array(4));
 * await new Promise((r) => setTimeout(r, IDLE_MS + 100)); // the device has been released
 * ```
 */
export const IDLE_MS = 5000;
let idleMs = IDLE_MS;

/**
 * Sets how long an idle device is kept (milliseconds; `Infinity` keeps it until {@link releaseDevice}). The
 * default, `IDLE_MS` (5000 ms), is long enough that a pause between launches does not cost a new device and
 * pipelines (about 150 ms on lavapipe), short enough that Dawn's busy threads do not outlive the work long.
 *
 * @example
 * ```ts
 * import { setIdleRelease } from 'numbat/gpu';
 *
 * setIdleRelease(60_000); // keep the device for a minute between launches
 * ```
 */
export function setIdleRelease(ms: number): void {
  if (!(ms >= 0)) throw new RangeError(`gpu: the idle release delay must be a non-negative number of milliseconds, got ${ms}`);
  idleMs = ms;
  if (idleTimer) scheduleIdle();
}

async function loadBindings(): Promise<Bindings | undefined> {
  if (bindings || bindingsError) return bindings;
  try {
    const mod = (await import('webgpu')) as unknown as Bindings;
    // GPUBufferUsage, GPUMapMode and friends are globals in browsers; Dawn provides them here.
    for (const [k, v] of Object.entries(mod.globals)) {
      if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    }
    bindings = mod;
  } catch (error) {
    bindingsError = `the 'webgpu' package (Dawn's Node bindings) could not be loaded: ${(error as Error).message}`;
  }
  return bindings;
}

function unavailable(reason: string): GpuInfo {
  return { available: false, reason };
}

/**
 * Setting `NUMBAT_GPU=off` makes numbat behave as if there were no adapter (kernels run on the CPU).
 *
 * @example
 * ```ts
 * import { GPU_ENV } from 'numbat';
 *
 * // NUMBAT_GPU=off node script.js   → every @gpu kernel runs on the CPU
 * GPU_ENV; // → 'NUMBAT_GPU'
 * process.env[GPU_ENV] = 'off';
 * ```
 */
export const GPU_ENV = 'NUMBAT_GPU';

function snapshotLimits(limits: GPUSupportedLimits): GPUSupportedLimits {
  const copy: Record<string, number> = {};
  for (const key in limits) copy[key] = (limits as unknown as Record<string, number>)[key]!;
  return Object.freeze(copy) as unknown as GPUSupportedLimits;
}

async function requestHandle(): Promise<DeviceHandle> {
  if (process.env[GPU_ENV] === 'off') {
    lastInfo = unavailable(`WebGPU disabled by ${GPU_ENV}=off`);
    throw new GpuUnavailableError(lastInfo.reason!);
  }
  if (!isMainThread) {
    // Dawn's Node bindings crash when used from worker threads (node-webgpu#13).
    lastInfo = unavailable('WebGPU is only used from the main thread (Dawn crashes in worker threads, node-webgpu#13)');
    throw new GpuUnavailableError(lastInfo.reason!);
  }
  const b = await loadBindings();
  if (!b) {
    lastInfo = unavailable(bindingsError!);
    throw new GpuUnavailableError(lastInfo.reason!);
  }
  // A fresh `create` per device: the GPU object keeps Dawn's instance (and its threads) alive while referenced.
  const gpuObject = b.create([]);
  const adapter = await gpuObject.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    lastInfo = unavailable(
      'no WebGPU adapter: Dawn found no Vulkan/Metal/D3D12 device (on Debian, install Mesa 25 lavapipe: npm run setup:system)',
    );
    throw new GpuUnavailableError(lastInfo.reason!);
  }
  const requiredLimits: Record<string, number> = {};
  for (const key of WANTED_LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[key];
    if (typeof value === 'number') requiredLimits[key] = value;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  const a = adapter.info;
  const limits: Record<string, number> = {};
  for (const key of WANTED_LIMITS) limits[key] = (device.limits as unknown as Record<string, number>)[key]!;
  limits.minStorageBufferOffsetAlignment = device.limits.minStorageBufferOffsetAlignment;
  limits.minUniformBufferOffsetAlignment = device.limits.minUniformBufferOffsetAlignment;
  const software =
    (a as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    a.architecture === 'software' ||
    /llvmpipe|lavapipe|swiftshader/i.test(`${a.device} ${a.description}`);
  const info: GpuInfo = {
    available: true,
    vendor: a.vendor,
    architecture: a.architecture,
    device: a.device,
    description: a.description,
    software,
    limits: Object.freeze(limits),
  };
  lastInfo = info;
  let rejectLost!: (error: GpuDeviceLostError) => void;
  const lostPromise = new Promise<never>((_, reject) => (rejectLost = reject));
  lostPromise.catch(() => undefined); // observed by launches that race it; never an unhandled rejection
  const abandon = (reason: string): void => {
    if (handle.rejected) return;
    handle.rejected = true;
    handle.lost ??= reason;
    if (current === handle) current = undefined;
    rejectLost(
      new GpuDeviceLostError(
        `the GPU device (${info.description ?? info.device}) was lost (${handle.lost}); ` +
          'the next launch requests a new device, device arrays that lived on it must be re-created',
        handle.lost,
      ),
    );
  };
  const handle: DeviceHandle & { rejected?: boolean } = {
    // A plain copy: each read of Dawn's GPUSupportedLimits is a native getter (about 0.4 µs), and a launch reads several.
    device, instance: gpuObject, limits: snapshotLimits(device.limits), info, generation: ++generation, lostPromise, abandon,
  };
  void device.lost.then((lostInfo) => abandon(`${lostInfo.reason}${lostInfo.message ? `: ${lostInfo.message}` : ''}`));
  return handle;
}

/**
 * The process's device, requested on first use (adapter limits read and requested), shared by every kernel.
 * Rejects with {@link GpuUnavailableError} where WebGPU has no adapter.
 *
 * @example
 * ```ts
 * import { acquireDevice } from './device.js';
 *
 * const { device, limits } = await acquireDevice();
 * console.log(device.label, limits.maxComputeWorkgroupSizeX);
 * ```
 */
export async function acquireDevice(): Promise<DeviceHandle> {
  if (current && !current.lost) return current;
  pending ??= requestHandle().then(
    (handle) => {
      current = handle;
      pending = undefined;
      // A device requested only for gpu.info() is released when idle too.
      if (inFlight === 0) scheduleIdle();
      return handle;
    },
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

/**
 * The current device if one is ready and not lost, without waiting (a launch's fast path: awaiting
 * {@link acquireDevice} costs microtask turns even when the device is there).
 *
 * @example
 * ```ts
 * import { acquireDevice, readyDevice } from './device.js';
 *
 * const handle = readyDevice() ?? (await acquireDevice());
 * ```
 */
export function readyDevice(): DeviceHandle | undefined {
  return current && !current.lost ? current : undefined;
}

/**
 * Marks GPU work in flight (the device is not destroyed while any is); returns the function that ends it.
 *
 * @example
 * ```ts
 * import { beginWork } from './device.js';
 *
 * const done = beginWork(); // the idle timer waits until done() is called
 * try {
 *   await new Promise((r) => setTimeout(r, 10));
 * } finally {
 *   done();
 * }
 * ```
 */
export function beginWork(): () => void {
  inFlight += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight -= 1;
    // No timer is cleared or set per launch (each costs a few µs): the armed timer looks at lastActive when
    // it fires and waits again for the rest of the delay.
    lastActive = performance.now();
    if (inFlight === 0 && !idleTimer) scheduleIdle();
  };
}

/**
 * Registers a predicate that keeps the idle device alive while it returns true (device arrays holding data).
 *
 * @example
 * ```ts
 * import { holdDevice } from './device.js';
 *
 * const buffers = new Set<unknown>();
 * const unregister = holdDevice(() => buffers.size > 0); // no idle release while a buffer lives
 * unregister();
 * ```
 */
export function holdDevice(predicate: () => boolean): () => void {
  keepAlive.add(predicate);
  return () => keepAlive.delete(predicate);
}

function scheduleIdle(delay = idleMs): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  if (idleMs === Infinity) return;
  idleTimer = nodeSetTimeout(() => {
    idleTimer = undefined;
    if (inFlight > 0 || !current) return;
    const idleFor = performance.now() - lastActive;
    if (idleFor < idleMs) {
      scheduleIdle(idleMs - idleFor);
      return;
    }
    // Held (device arrays with data): look again after another delay, so the device goes once they are freed.
    for (const held of keepAlive) {
      if (held()) {
        scheduleIdle();
        return;
      }
    }
    releaseDevice('released when idle');
  }, Math.max(1, Math.min(delay, 2 ** 31 - 1)));
  // The timer alone must not keep the process running: exiting also ends the device.
  idleTimer.unref();
}

/**
 * Releases the current device now (a new one is requested by the next launch) and never blocks. In-flight
 * launches reject with {@link GpuDeviceLostError} at once; device arrays on it lose their data. The device
 * itself is destroyed once its queue has finished the work already submitted: Dawn's `destroy()` waits for
 * the queue, which would block the main thread behind a kernel that runs for a long time (or forever). Dawn
 * keeps a device's threads busy until it is destroyed (node-webgpu#17), which is why a device is also
 * released automatically when idle (see {@link setIdleRelease}; unless device arrays still hold data on it).
 *
 * @example
 * ```ts
 * import { gpu, releaseDevice } from 'numbat';
 *
 * const kernel = gpu(function kernel(i: number, xs: Float32Array) { xs[i] = i; });
 * await kernel.launch(4, new Float32Array(4));
 * releaseDevice(); // free the GPU before a long CPU phase
 * ```
 */
export function releaseDevice(reason = 'destroyed by numbat'): void {
  const handle = current;
  if (!handle) return;
  retire(handle, reason);
}

/**
 * Abandons a device (launches on it reject at once) and destroys it when its queue is done, without blocking.
 *
 * @example
 * ```ts
 * import { acquireDevice, retire } from './device.js';
 *
 * const handle = await acquireDevice();
 * retire(handle, 'a launch timed out'); // the next acquireDevice() requests a new device
 * ```
 */
export function retire(handle: DeviceHandle, reason: string): void {
  if (current === handle) current = undefined;
  handle.abandon(reason);
  const destroy = (): void => handle.device.destroy();
  handle.device.queue.onSubmittedWorkDone().then(destroy, destroy);
}

/**
 * Which adapter numbat uses: vendor, architecture, driver, whether it is a software (CPU-emulated) adapter,
 * and the limits requested. Requests the device if needed; `{ available: false, reason }` without one.
 *
 * @example
 * ```ts
 * import { gpuInfo } from 'numbat';
 *
 * const info = await gpuInfo();
 * console.log(info.available ? `${info.description}${info.software ? ' (CPU emulation)' : ''}` : info.reason);
 * ```
 */
export async function gpuInfo(): Promise<GpuInfo> {
  try {
    return (await acquireDevice()).info;
  } catch (error) {
    if (error instanceof GpuUnavailableError) return lastInfo ?? unavailable(error.message);
    throw error;
  }
}

/**
 * True when a WebGPU adapter can be had in this process (requests the device on first call).
 *
 * @example
 * ```ts
 * import { gpuAvailable } from 'numbat';
 *
 * if (!(await gpuAvailable())) console.log('running kernels on the CPU');
 * ```
 */
export async function gpuAvailable(): Promise<boolean> {
  return (await gpuInfo()).available;
}
