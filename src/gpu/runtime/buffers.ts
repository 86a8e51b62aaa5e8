/**
 * Buffers of finished launches kept per device for reuse (by usage and size), and stable ids for objects
 * that key the bind-group cache.
 *
 * @module
 */
import type { ElementType } from '../abi.js';
import { storageRow } from '../elements.js';

/**
 * The typed-array constructor of a storage element type (its row in `elements.ts`).
 *
 * @example
 * ```ts
 * import { typedCtor } from './buffers.js';
 *
 * typedCtor('i32') === Int32Array; // → true
 * new (typedCtor('f32'))(2); // → Float32Array(2) [ 0, 0 ]
 * ```
 */
export function typedCtor(element: ElementType): Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor {
  return storageRow(element).array;
}

// Buffers of finished launches, per device, by usage and size: repeated launches of the same shapes reuse
// them instead of allocating. They die with the device, which is released when idle.
const pools = new WeakMap<GPUDevice, { bytes: number; free: Map<string, GPUBuffer[]> }>();
/** Bytes of idle buffers kept per device for reuse. */
const POOL_MAX_BYTES = 512 * 1024 * 1024;

const bufferIds = new WeakMap<object, number>();
let nextBufferId = 1;
/**
 * A small integer naming `buffer` (or any object) for cache keys, stable for its lifetime.
 *
 * @example
 * ```ts
 * import { bufferId } from './buffers.js';
 *
 * const pipeline = {};
 * const buffer = {};
 * const key = `${bufferId(pipeline)}:${bufferId(buffer)}`; // a bind-group cache key
 * bufferId(pipeline) === bufferId(pipeline); // → true
 * bufferId(pipeline) === bufferId(buffer); // → false
 * ```
 */
export function bufferId(buffer: object): number {
  let id = bufferIds.get(buffer);
  if (id === undefined) bufferIds.set(buffer, (id = nextBufferId++));
  return id;
}

/**
 * A buffer for `descriptor` from the device's pool, or a new one (`beforeCreate` runs first, so the caller
 * can open an out-of-memory error scope); it is pushed on `owned`, which the launch recycles when done.
 *
 * @example
 * ```ts
 * import { acquireDevice } from './device.js';
 * import { recycle, takeBuffer } from './buffers.js';
 *
 * const { device } = await acquireDevice();
 * const owned: GPUBuffer[] = [];
 * const b = takeBuffer(device, { size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }, owned);
 * device.queue.writeBuffer(b, 0, new Uint32Array(16));
 * // … encode and submit the launch, wait for it, then:
 * for (const x of owned) recycle(device, x);
 * ```
 */
export function takeBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor, owned: GPUBuffer[], beforeCreate?: () => void): GPUBuffer {
  const pool = pools.get(device);
  const list = pool?.free.get(`${descriptor.usage}:${descriptor.size}`);
  const reused = list?.pop();
  if (reused && pool) pool.bytes -= reused.size;
  // A launch that creates a buffer checks for out-of-memory (see the error scopes in WgslKernel).
  if (!reused) beforeCreate?.();
  const buffer = reused ?? device.createBuffer(descriptor);
  owned.push(buffer);
  return buffer;
}

/**
 * Gives a launch's buffer back to the pool (or destroys it when mapped or when the pool is full).
 *
 * @example
 * ```ts
 * import { acquireDevice } from './device.js';
 * import { recycle, takeBuffer } from './buffers.js';
 *
 * const { device } = await acquireDevice();
 * const owned: GPUBuffer[] = [];
 * const first = takeBuffer(device, { size: 64, usage: GPUBufferUsage.STORAGE }, owned);
 * for (const b of owned) recycle(device, b);
 * // The next launch asking for the same size and usage gets the pooled buffer back.
 * console.log(takeBuffer(device, { size: 64, usage: GPUBufferUsage.STORAGE }, []) === first); // true
 * ```
 */
export function recycle(device: GPUDevice, buffer: GPUBuffer): void {
  let pool = pools.get(device);
  if (!pool) pools.set(device, (pool = { bytes: 0, free: new Map() }));
  if (buffer.mapState !== 'unmapped' || pool.bytes + buffer.size > POOL_MAX_BYTES) {
    buffer.destroy();
    return;
  }
  const key = `${buffer.usage}:${buffer.size}`;
  let list = pool.free.get(key);
  if (!list) pool.free.set(key, (list = []));
  list.push(buffer);
  pool.bytes += buffer.size;
}
