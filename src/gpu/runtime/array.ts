/**
 * Device arrays, like `numba.cuda.to_device`: data that stays on the GPU across launches, so a pipeline of
 * kernels does not copy back and forth; `.read()` copies it back when asked.
 *
 * @module
 */
import { acquireDevice, beginWork, GpuDeviceLostError, holdDevice, type DeviceHandle } from './device.js';
import { ARRAY_CONSTRUCTORS } from '../../jit/types.js';
import type { ElementType } from '../abi.js';
import { convertedKindOf, storageArrayNames, storageKindOf, storageRow } from '../elements.js';
import { joinPairs, packPairs } from '../wgsl/df32.js';
import { firstFault, mergeFaults, type DeferredFault } from './faults.js';

/**
 * The typed arrays a kernel takes: WGSL storage buffers hold 32-bit elements. The instances of the storage
 * rows' constructors in `elements.ts` (a row whose constructor is not listed here does not typecheck).
 *
 * @example
 * ```ts
 * import type { GpuTypedArray } from 'numbat';
 *
 * const xs: GpuTypedArray = new Float32Array(8);
 * ```
 */
export type GpuTypedArray = Float32Array | Int32Array | Uint32Array;
/**
 * Constructor of a {@link GpuTypedArray}.
 *
 * @example
 * ```ts
 * import { gpu, type GpuTypedArrayConstructor } from 'numbat';
 *
 * const out = gpu.zeros(Int32Array satisfies GpuTypedArrayConstructor, 16);
 * ```
 */
export type GpuTypedArrayConstructor = Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor;

/**
 * What a device array may hold: a {@link GpuTypedArray}, or a Float64Array for kernels compiled with
 * `precision: 'f64-emulated'` (on the device as double-f32 pairs, 8 bytes an element; `.read()` joins them).
 *
 * @example
 * ```ts
 * import { gpu, type DeviceHostArray } from 'numbat';
 *
 * const data: DeviceHostArray = new Float64Array([0.1, 0.2]);
 * const onDevice = gpu.array(data); // for precision: 'f64-emulated' kernels
 * ```
 */
export type DeviceHostArray = GpuTypedArray | Float64Array;
/**
 * Constructor of a {@link DeviceHostArray}.
 *
 * @example
 * ```ts
 * import { gpu, type DeviceHostArrayConstructor } from 'numbat';
 *
 * const out = gpu.zeros(Float64Array satisfies DeviceHostArrayConstructor, 16);
 * ```
 */
export type DeviceHostArrayConstructor = GpuTypedArrayConstructor | Float64ArrayConstructor;

/**
 * A device array's element (`DeviceArray.element`): a storage kind, or `'f64'` for a Float64Array held as
 * double-f32 pairs (for kernels compiled with `precision: 'f64-emulated'`).
 *
 * @example
 * ```ts
 * import type { DeviceElement } from 'numbat';
 *
 * const kinds: DeviceElement[] = ['f32', 'i32', 'f64'];
 * kinds.includes('f64'); // → true
 * ```
 */
export type DeviceElement = ElementType | 'f64';

function deviceElementOf(value: unknown, what: string): DeviceElement {
  return value instanceof Float64Array ? 'f64' : elementTypeOf(value, what);
}

/**
 * The WGSL element type of a typed array, or a clear error for arrays WGSL cannot hold.
 *
 * @example
 * ```ts
 * import { elementTypeOf } from './array.js';
 *
 * elementTypeOf(new Float32Array(4), 'xs'); // → 'f32'
 * elementTypeOf(new Int32Array(4), 'ids'); // → 'i32'
 * ```
 */
export function elementTypeOf(value: unknown, what: string): ElementType {
  const kind = storageKindOf(value);
  if (kind) return kind;
  if (value instanceof DeviceArray) {
    if (value.element !== 'f64') return value.element;
    throw new TypeError(`${what} is a Float64Array device array, which only kernels compiled with { precision: 'f64-emulated' } take (as double-f32)`);
  }
  const converted = convertedKindOf(value);
  if (converted) {
    const { kind, row } = converted;
    throw new TypeError(`${what} is a ${ARRAY_CONSTRUCTORS[kind].name}, but ${row.why}: ${row.insteadAtLaunch}`);
  }
  const name = (value as object | null)?.constructor?.name ?? typeof value;
  throw new TypeError(`${what} is a ${name}; GPU kernels take ${storageArrayNames('', ' or gpu.array(...)')}`);
}

const live = new Set<DeviceArray<DeviceHostArray>>();
// A device array with a buffer keeps the device from being released when idle: releasing it would lose
// data that lives only there, or force a re-upload on the next launch of a pipeline.
holdDevice(() => {
  for (const a of live) if (a.resident) return true;
  return false;
});
const collected = new FinalizationRegistry<GPUBuffer>((buffer) => buffer.destroy());

/**
 * An array in GPU memory. Create with {@link toDevice} (`gpu.array(xs)`) or {@link deviceZeros}; pass it to
 * launches instead of a typed array; read it with `.read()`. Without a GPU it is a host array, so the same
 * code runs on the CPU fallback.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * const scale = gpu(function scale(i: number, xs: Float32Array, a: number) { xs[i] = a * xs[i]!; });
 * const xs = gpu.array(new Float32Array(1e6).fill(1));
 * await scale.launch(xs.length, xs, 2); // stays on the device
 * await scale.launch(xs.length, xs, 3);
 * const back = await xs.read(); // Float32Array, all 6
 * ```
 */
export class DeviceArray<T extends DeviceHostArray = GpuTypedArray> {
  /** Number of elements. */
  readonly length: number;
  /** WGSL element type, or `'f64'`: a Float64Array held as double-f32 (hi, lo) pairs of f32. */
  readonly element: DeviceElement;
  // Host copy: authoritative while `hostValid`; the CPU fallback works on it in place.
  #host: T;
  #hostValid: boolean;
  #buffer: GPUBuffer | undefined;
  #handle: DeviceHandle | undefined;
  #freed = false;
  // Fault checks of queued launches that wrote this array, or wrote what they read from (faults.ts).
  #faults: readonly DeferredFault[] = [];

  /** @internal use {@link toDevice} or {@link deviceZeros}. */
  constructor(host: T) {
    this.length = host.length;
    this.element = deviceElementOf(host, 'gpu.array(data)');
    this.#host = host;
    this.#hostValid = true;
    live.add(this);
  }

  /** Bytes on the device. */
  get byteLength(): number {
    return this.length * (this.element === 'f64' ? 8 : storageRow(this.element).bytes);
  }

  /** @internal true when the only copy of the data is on the device. */
  get onDeviceOnly(): boolean {
    return !this.#hostValid && this.#buffer !== undefined;
  }

  #check(): void {
    if (this.#freed) throw new Error('this device array was freed (.free()); create a new one with gpu.array(...)');
  }

  /** @internal whether a buffer exists on a device that is not lost. */
  get resident(): boolean {
    return this.#buffer !== undefined && this.#handle !== undefined && !this.#handle.lost;
  }

  /** @internal whether `bufferOn(handle)` would return an existing buffer (no upload). */
  residentOn(handle: DeviceHandle): boolean {
    return this.#buffer !== undefined && this.#handle === handle && !handle.lost;
  }

  /** @internal the buffer on `handle`'s device, uploading the host copy if needed. */
  bufferOn(handle: DeviceHandle): GPUBuffer {
    this.#check();
    if (this.#buffer && this.#handle === handle && !handle.lost) return this.#buffer;
    if (this.#buffer && !this.#hostValid) {
      const reason = this.#handle?.lost ?? 'device replaced';
      throw new GpuDeviceLostError(
        `a device array (${this.length} × ${this.element}) lived only on a GPU device that was lost (${reason}); ` +
          'its data is gone: re-create it with gpu.array(...)',
        reason,
      );
    }
    const device = handle.device;
    const buffer = device.createBuffer({
      size: Math.max(4, this.byteLength),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    if (this.length > 0) {
      // A Float64Array goes up as (hi, lo) pairs; gpu.array checked its range, and a CPU fallback may have
      // written it since, so the pack checks again.
      const host = this.#host instanceof Float64Array ? packPairs(this.#host, 'a Float64Array device array') : this.#host;
      device.queue.writeBuffer(buffer, 0, host.buffer, host.byteOffset, host.byteLength);
    }
    if (this.#buffer) collected.unregister(this);
    this.#buffer = buffer;
    this.#handle = handle;
    collected.register(this, buffer, this);
    return buffer;
  }

  /** @internal a launch wrote the device copy: the host copy is stale until `.read()`. */
  markWritten(): void {
    this.#hostValid = false;
  }

  /** @internal the fault checks this array's data depends on (`faults.ts`). */
  get faults(): readonly DeferredFault[] {
    return this.#faults;
  }

  /** @internal a launch that may still fail wrote this array (or wrote it from arrays that may). */
  addFaults(faults: readonly DeferredFault[]): void {
    this.#faults = mergeFaults(this.#faults, faults);
  }

  /** @internal the host copy for the CPU fallback (throws if the data only lives on a device). */
  hostArray(): T {
    this.#check();
    if (!this.#hostValid) {
      throw new Error('this device array was written on the GPU: call `await arr.read()` before using it on the CPU');
    }
    return this.#host;
  }

  /**
   * Copies the data back from the device (or returns a copy of the host data when there is no GPU).
   * Resolves to a new typed array, which also becomes the host copy. Rejects with the launch's error when a
   * queued launch that wrote this array (or the arrays it was computed from) raised a fault flag: such a
   * launch resolved without waiting for the GPU, and its fault surfaces here, where its results would be seen.
   */
  async read(): Promise<T> {
    this.#check();
    if (this.#hostValid || !this.#buffer || !this.#handle) return this.#host.slice() as T;
    const fault = await firstFault(this.#faults);
    if (fault) throw fault;
    const handle = this.#handle;
    if (handle.lost) this.bufferOn(handle); // throws the lost-device error
    const done = beginWork();
    try {
      const device = handle.device;
      const staging = device.createBuffer({ size: Math.max(4, this.byteLength), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.#buffer, 0, staging, 0, Math.max(4, this.byteLength));
      device.queue.submit([encoder.finish()]);
      await Promise.race([staging.mapAsync(GPUMapMode.READ), handle.lostPromise]);
      let out: T;
      if (this.element === 'f64') out = joinPairs(new Float32Array(staging.getMappedRange(), 0, 2 * this.length)) as T;
      else {
        const Ctor = storageRow(this.element).array;
        out = new Ctor(this.length) as T;
        out.set(new Ctor(staging.getMappedRange(), 0, this.length) as unknown as ArrayLike<number>);
      }
      staging.unmap();
      staging.destroy();
      this.#host = out;
      this.#hostValid = true;
      return out.slice() as T;
    } catch (error) {
      if (handle.lost && !(error instanceof GpuDeviceLostError)) this.bufferOn(handle);
      throw error;
    } finally {
      done();
    }
  }

  /** Releases the device memory now instead of when the array is garbage-collected. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    live.delete(this);
    if (this.#buffer) {
      collected.unregister(this);
      this.#buffer.destroy();
      this.#buffer = undefined;
    }
  }
}

/**
 * Puts a typed array on the GPU (`numba.cuda.to_device`). The upload happens on the first launch that uses it
 * (the device is requested lazily), so this is synchronous; the caller's array is copied, not shared. A
 * Float64Array is for kernels compiled with `precision: 'f64-emulated'`: it is held as double-f32 pairs (8 bytes
 * an element), values outside f32's range are a RangeError here, and `.read()` gives the f64 sums of the pairs.
 *
 * @example
 * ```ts
 * import { toDevice } from 'numbat';
 *
 * const xs = toDevice(Float32Array.from([1, 2, 3]));
 * console.log(await xs.read()); // Float32Array(3) [1, 2, 3]
 * ```
 */
export function toDevice<T extends DeviceHostArray>(data: T): DeviceArray<T> {
  // A Float64Array out of double-f32's range is refused here, where the caller passed it.
  if (data instanceof Float64Array) packPairs(data, 'gpu.array(data)');
  else elementTypeOf(data, 'gpu.array(data)');
  return new DeviceArray<T>(data.slice() as T);
}

/**
 * A zero-filled device array of `length` elements of the given typed-array type (an output buffer that never
 * needs uploading data from the caller).
 *
 * @example
 * ```ts
 * import { deviceZeros } from 'numbat';
 *
 * const out = deviceZeros(Float32Array, 1024);
 * ```
 */
export function deviceZeros<C extends DeviceHostArrayConstructor>(type: C, length: number): DeviceArray<InstanceType<C>> {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`gpu.zeros: length must be a non-negative integer, got ${length}`);
  return new DeviceArray(new type(length) as InstanceType<C>);
}
