/**
 * numbat memory: typed arrays allocated in the one shared `WebAssembly.Memory` (`heap.ts`), so that Wasm
 * specializations of `@memoJit`, `@parallel` workers and `prange` loops use them in place, with no copy.
 *
 * They are ordinary `Float64Array`s (etc.) over a `SharedArrayBuffer`: index them, pass them anywhere. Their
 * memory returns to the heap when the array is garbage-collected (a `FinalizationRegistry`), or at once with
 * {@link free}. Growth of the memory never touches an existing array.
 *
 * Two things a user must know, because JavaScript gives no way to check them:
 * - A view you make yourself of a numbat array (`a.subarray(…)`, `new Float64Array(a.buffer, …)`) does not keep
 *   its memory alive: keep the array numbat returned referenced while you use such a view.
 * - After {@link free}, the array still reads and writes the same bytes, which a later allocation may hold.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * const sum = numbat.memoJit({ backend: 'wasm' })((a: Float64Array): number => {
 *   let s = 0;
 *   for (let i = 0; i < a.length; i++) s += a[i]!;
 *   return s;
 * });
 * const xs = numbat.f64(1_000_000);        // zeros, in numbat memory
 * const m = numbat.zeros(1000, 1000);      // an Array2D whose data is in numbat memory
 * sum(xs);                                 // a Wasm specialization reads xs in place
 * numbat.free(xs);                         // or let it be collected
 * numbat.free(m);
 * ```
 *
 * @module
 */
import { Array2D } from '../jit/types.js';
import { allocate, currentBuffer, deallocate, heapStats, inNumbatMemory, isLive, type HeapStats } from './heap.js';

export { numbatMemory, inNumbatMemory, type HeapStats } from './heap.js';

/**
 * The typed arrays numbat memory holds (the element kinds of compiled code; BigInt arrays are not among them).
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * import type { NumbatArray } from 'numbat';
 * const xs: NumbatArray = numbat.f32(8);
 * ```
 */
export type NumbatArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

type Ctor<A extends NumbatArray> = { new (buffer: ArrayBufferLike, offset: number, length: number): A; readonly BYTES_PER_ELEMENT: number; readonly name: string };

/** The block each array numbat returned owns (a subarray or a view made by hand owns none). */
const owners = new WeakMap<NumbatArray, number>();
const collected = new FinalizationRegistry<number>((at) => {
  // an explicit free unregisters the array, so a live block here is still this array's
  if (isLive(at)) deallocate(at);
});

function make<A extends NumbatArray>(ctor: Ctor<A>, what: string, size: number | ArrayLike<number>): A {
  const n = typeof size === 'number' ? size : size.length;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`numbat.${what}: the length must be a non-negative integer, got ${String(size)}`);
  const at = allocate(n * ctor.BYTES_PER_ELEMENT);
  const view = new ctor(currentBuffer(), at, n);
  if (typeof size !== 'number') view.set(size);
  owners.set(view, at);
  collected.register(view, at, view);
  return view;
}

/**
 * A `Float64Array` in numbat memory: `n` zeros, or a copy of `values`.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * const xs = numbat.f64(1000);
 * const ys = numbat.f64([1, 2, 3]);
 * ys[2]; // → 3
 * xs.length; // → 1000
 * ```
 */
export const f64 = (n: number | ArrayLike<number>): Float64Array => make(Float64Array, 'f64', n);
/** A `Float32Array` in numbat memory (values rounded as a Float32Array rounds them). @example `numbat.f32(1024)` */
export const f32 = (n: number | ArrayLike<number>): Float32Array => make(Float32Array, 'f32', n);
/** An `Int32Array` in numbat memory. @example `numbat.i32([1, 2, 3])` */
export const i32 = (n: number | ArrayLike<number>): Int32Array => make(Int32Array, 'i32', n);
/** A `Uint32Array` in numbat memory. @example `numbat.u32(16)` */
export const u32 = (n: number | ArrayLike<number>): Uint32Array => make(Uint32Array, 'u32', n);
/** An `Int16Array` in numbat memory. @example `numbat.i16(16)` */
export const i16 = (n: number | ArrayLike<number>): Int16Array => make(Int16Array, 'i16', n);
/** A `Uint16Array` in numbat memory. @example `numbat.u16(16)` */
export const u16 = (n: number | ArrayLike<number>): Uint16Array => make(Uint16Array, 'u16', n);
/** An `Int8Array` in numbat memory. @example `numbat.i8(16)` */
export const i8 = (n: number | ArrayLike<number>): Int8Array => make(Int8Array, 'i8', n);
/** A `Uint8Array` in numbat memory. @example `numbat.u8(16)` */
export const u8 = (n: number | ArrayLike<number>): Uint8Array => make(Uint8Array, 'u8', n);

/**
 * Zeros in numbat memory: a `Float64Array` of `n`, or an {@link Array2D} of `rows × cols` whose `data` is there.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * numbat.zeros(5).length; // → 5
 * numbat.zeros(100, 3).rows; // → 100
 * ```
 */
export function zeros(n: number): Float64Array;
export function zeros(rows: number, cols: number): Array2D;
export function zeros(rows: number, cols?: number): Float64Array | Array2D {
  if (cols === undefined) return make(Float64Array, 'zeros', rows);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`numbat.zeros: rows and cols must be non-negative integers (got ${rows} × ${cols}).`);
  }
  return new Array2D(rows, cols, make(Float64Array, 'zeros', rows * cols));
}

/**
 * Returns an array's numbat memory now, instead of when it is collected. Takes an array numbat returned (or an
 * {@link Array2D} made by {@link zeros}). The array must not be used afterwards: its bytes may belong to the
 * next allocation. A TypeError for any other array (including a subarray of a numbat array); a RangeError for
 * an array freed before.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * const tmp = numbat.f64(1024);
 * tmp.fill(1);
 * numbat.free(tmp); // its memory is reused by the next allocation
 * ```
 */
export function free(array: NumbatArray | Array2D): void {
  const view = array instanceof Array2D ? array.data : array;
  const at = owners.get(view);
  if (at === undefined) {
    if (ArrayBuffer.isView(view) && inNumbatMemory(view.buffer)) {
      throw new TypeError('numbat.free: this view of numbat memory was not returned by numbat (a subarray?): free the array numbat.f64() etc. returned');
    }
    throw new TypeError('numbat.free: not an array in numbat memory (allocate with numbat.f64(), numbat.zeros(), …)');
  }
  owners.delete(view);
  collected.unregister(view);
  deallocate(at);
}

/**
 * Whether numbat allocated `array` (or the `Array2D`'s data) and it is not freed yet: what {@link free} accepts.
 *
 * @example
 * ```ts
 * import { f64, free } from 'numbat';
 * import { isOwned } from './index.js';
 * const xs = f64(3);
 * isOwned(xs); // → true
 * free(xs);
 * isOwned(xs); // → false
 * ```
 */
export function isOwned(array: NumbatArray | Array2D): boolean {
  return owners.has(array instanceof Array2D ? array.data : array);
}

/**
 * Whether `array` lives in numbat memory (made by numbat, or a view of such an array): a Wasm specialization
 * then reads and writes it in place.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * numbat.isNumbatArray(numbat.f64(3)); // → true
 * numbat.isNumbatArray(new Float64Array(3)); // → false
 * ```
 */
export function isNumbatArray(array: ArrayBufferView): boolean {
  return inNumbatMemory(array.buffer);
}

/**
 * How much numbat memory is in use: live arrays and bytes, free bytes inside the heap, and the memory's size.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * const before = numbat.memoryStats().liveArrays;
 * const xs = numbat.f64(8);
 * numbat.memoryStats().liveArrays - before; // → 1
 * numbat.free(xs);
 * ```
 */
export function memoryStats(): HeapStats {
  return heapStats();
}

/**
 * A new numbat array of `length` elements holding the bytes now at `offset` of the memory, which may overlap
 * where the array is placed (a Wasm call's result in the scratch above the heap's end): the Wasm runtime's way to
 * hand a result back in numbat memory. Internal to numbat.
 *
 * @example
 * ```ts
 * import { f64 } from 'numbat';
 * import { adoptCopy } from './index.js';
 * const xs = f64([1, 2, 3]);
 * const copy = adoptCopy(Float64Array, xs.byteOffset, 3); // the bytes at xs's place, in a new numbat array
 * copy[2]; // → 3
 * ```
 */
export function adoptCopy<A extends NumbatArray>(ctor: Ctor<A>, offset: number, length: number): A {
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  const at = allocate(bytes, false);
  const buffer = currentBuffer();
  // copyWithin moves as memmove does: the block may overlap the bytes it takes
  if (at !== offset) new Uint8Array(buffer).copyWithin(at, offset, offset + bytes);
  const view = new ctor(buffer, at, length);
  owners.set(view, at);
  collected.register(view, at, view);
  return view;
}
