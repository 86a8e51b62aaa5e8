/**
 * Buffers of finished launches kept per device for reuse (by usage and size), and stable ids for objects
 * that key the bind-group cache.
 *
 * @module
 */
import type { ElementType } from '../abi.js';

/**
 * The typed-array constructor of a storage element type.
 *
 * @example
 * ```ts
 * typedCtor('i32'); // Int32Array
 * ```
 */
export function typedCtor(element: ElementType): Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor {
  return element === 'f32' ? Float32Array : element === 'i32' ? Int32Array : Uint32Array;
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
 * const key = `${bufferId(pipeline)}:${bufferId(buffer)}`;
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
 * const b = takeBuffer(device, { size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }, owned);
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
 * for (const b of owned) recycle(device, b);
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
