/**
 * numbat memory's heap: one shared `WebAssembly.Memory` and the allocator of the arrays that live in it.
 *
 * Why one shared memory: Wasm specializations, plain JavaScript, `@parallel` workers and `prange` then all see
 * the same bytes, so an array allocated here crosses none of those borders by copy. A shared memory's buffer is
 * a `SharedArrayBuffer` that growth never detaches (growth makes `memory.buffer` a new, longer object; views made
 * earlier keep their buffer, offset and length), so a user's view is never left stale and V8's detach protector
 * is never tripped.
 *
 * Layout: `[16, end)` is the heap of numbat arrays (blocks 16-byte aligned, for v128 loads); above `end` the Wasm
 * runtime keeps its per-call scratch (`src/jit/wasm/memory.ts`), which lives only while a call runs, so the heap
 * may grow over it between calls. Free blocks are kept in address order and merged with their neighbours; a free
 * block at the end lowers `end`. Allocation is best fit, so a freed 80 MB array is reused by the next one of
 * that size instead of growing the memory.
 *
 * @module
 */

const PAGE = 65536;
/** All of wasm32's 4 GiB may be used; V8 reserves a shared memory's maximum virtually, once. */
export const MAX_PAGES = 65536;
/** Address 0 stays unused, so no block starts at the address a zeroed pointer would name. */
const BASE = 16;

let memory: WebAssembly.Memory | undefined;
/** Every `memory.buffer` object a view was made from: how a typed array is recognized as numbat memory. */
const buffers = new WeakSet<ArrayBufferLike>();
let end = BASE;
/** Live blocks: offset → size in bytes. */
const live = new Map<number, number>();
/** Free blocks below `end`, in address order, none adjacent to another. */
const free: Array<{ at: number; size: number }> = [];
/** Milliseconds {@link ensureBytes} has spent growing the memory, its new pages' first touch included. */
let growing = 0;

/**
 * The one shared memory of numbat arrays and Wasm specializations, created on first use.
 *
 * @example
 * ```ts
 * import { numbatMemory } from './heap.js';
 *
 * // Shared, so growing it never detaches the views numbat arrays hold.
 * numbatMemory().buffer instanceof SharedArrayBuffer; // → true
 * numbatMemory() === numbatMemory(); // → true
 * ```
 */
export function numbatMemory(): WebAssembly.Memory {
  memory ??= new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  return memory;
}

/**
 * The memory's current buffer, recorded so that views made of it are recognized as numbat memory later,
 * after growth has made `memory.buffer` a different object.
 *
 * @example
 * ```ts
 * import { allocate, currentBuffer, inNumbatMemory } from './heap.js';
 *
 * const n = 4;
 * const at = allocate(8 * n);
 * const xs = new Float64Array(currentBuffer(), at, n);
 * inNumbatMemory(xs.buffer); // → true
 * ```
 */
export function currentBuffer(): SharedArrayBuffer {
  const b = numbatMemory().buffer as unknown as SharedArrayBuffer;
  buffers.add(b);
  return b;
}

/**
 * Whether `buffer` is (a past or present buffer of) numbat memory: a view of it can be used in place.
 *
 * @example
 * ```ts
 * import { f64 } from 'numbat';
 * import { inNumbatMemory } from './heap.js';
 *
 * inNumbatMemory(f64(4).buffer); // → true
 * inNumbatMemory(new Float64Array(4).buffer); // → false
 * ```
 */
export function inNumbatMemory(buffer: ArrayBufferLike): boolean {
  return buffers.has(buffer);
}

/**
 * Grows the memory so that `bytes` bytes are addressable; a RangeError when 4 GiB would not hold them.
 *
 * @example
 * ```ts
 * import { ensureBytes, heapEnd, numbatMemory } from './heap.js';
 *
 * const n = 1_000_000;
 * ensureBytes(heapEnd() + 8 * n); // room for a million f64 above the heap, e.g. a Wasm call's scratch
 * numbatMemory().buffer.byteLength >= heapEnd() + 8 * n; // → true
 * ensureBytes(2 ** 33); // → throws RangeError: numbat memory: 8589934592 bytes do not fit the 4 GiB of wasm32 linear memory
 * ```
 */
export function ensureBytes(bytes: number, what = 'numbat memory'): void {
  const mem = numbatMemory();
  const have = mem.buffer.byteLength;
  if (bytes <= have) return;
  const pages = Math.ceil((bytes - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`${what}: ${bytes} bytes do not fit the 4 GiB of wasm32 linear memory`);
  const t0 = performance.now();
  mem.grow(pages);
  touchPages(have, have + pages * PAGE);
  growing += performance.now() - t0;
}

/**
 * Writes each new 4 KiB page once, so the operating system maps it now. A fresh page's first touch is a fault,
 * and on this project's virtual machines a slow one (about 30 µs: 0.2 s for 32 MB, against 5 ms to copy 32 MB
 * into pages already mapped); touched here, that one-time cost is counted in {@link growthMs}, which the
 * measured rule of the Wasm backend leaves out of a call's time, instead of landing on whichever call first
 * writes the pages. `Atomics.add` of 0 changes no byte even when another thread writes beside it.
 */
function touchPages(from: number, to: number): void {
  const bytes = new Uint8Array(numbatMemory().buffer);
  for (let at = from; at < to; at += 4096) Atomics.add(bytes, at, 0);
}

/**
 * How many milliseconds numbat memory has spent growing in this thread so far (the growth and the first touch of
 * its new pages): a one-time cost per high-water mark, which the Wasm backend's measured rule subtracts from the
 * call that paid it, so that a call is judged on its work and its copies.
 *
 * @example
 * ```ts
 * import { ensureBytes, growthMs, numbatMemory } from './heap.js';
 *
 * const before = growthMs();
 * ensureBytes(numbatMemory().buffer.byteLength + 1); // one page more
 * growthMs() >= before; // → true
 * ```
 */
export function growthMs(): number {
  return growing;
}

/** Bytes rounded up to the 16-byte grain (an empty array still takes a grain, so blocks never share an address). */
const grain = (bytes: number): number => Math.max(16, Math.ceil(bytes / 16) * 16);

/**
 * Reserves a 16-byte aligned block of at least `bytes` bytes; returns its offset. Its contents are zero unless
 * `zero` is false (then they are whatever was there).
 *
 * @example
 * ```ts
 * import { allocate, currentBuffer, deallocate } from './heap.js';
 *
 * const n = 10;
 * const at = allocate(8 * n);
 * at % 16; // → 0
 * new Float64Array(currentBuffer(), at, n).every((v) => v === 0); // → true
 * deallocate(at);
 * ```
 */
export function allocate(bytes: number, zero = true): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`numbat memory: cannot allocate ${bytes} bytes`);
  const size = grain(bytes);
  let best = -1;
  for (let k = 0; k < free.length; k++) {
    const b = free[k]!;
    if (b.size >= size && (best < 0 || b.size < free[best]!.size)) {
      best = k;
      if (b.size === size) break;
    }
  }
  let at: number;
  if (best >= 0) {
    const b = free[best]!;
    at = b.at;
    if (b.size === size) free.splice(best, 1);
    else free[best] = { at: b.at + size, size: b.size - size };
  } else {
    at = end;
    ensureBytes(at + size);
    end = at + size;
  }
  live.set(at, size);
  // the bytes may have been another array, or the Wasm runtime's scratch above `end`. Eight bytes per store:
  // V8 fills a shared buffer element by element, so a Uint8Array took 6× as long (0.49 against 0.08 ms for
  // 1.6 MB, the result of row-norms); `at` and `size` are multiples of 16.
  if (zero) new BigInt64Array(currentBuffer(), at, size / 8).fill(0n);
  return at;
}

/**
 * Returns the block at `at` to the heap. A RangeError when no live block starts there (a double free).
 *
 * @example
 * ```ts
 * import { allocate, deallocate, isLive } from './heap.js';
 *
 * const at = allocate(64);
 * deallocate(at);
 * isLive(at); // → false
 * deallocate(at); // → throws RangeError: numbat memory: no live block at … (freed twice?)
 * ```
 */
export function deallocate(at: number): void {
  const size = live.get(at);
  if (size === undefined) throw new RangeError(`numbat memory: no live block at ${at} (freed twice?)`);
  live.delete(at);
  let lo = 0, hi = free.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (free[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  let block = { at, size };
  const before = free[lo - 1];
  if (before && before.at + before.size === at) {
    block = { at: before.at, size: before.size + size };
    free.splice(--lo, 1);
  }
  const after = free[lo];
  if (after && block.at + block.size === after.at) {
    block = { at: block.at, size: block.size + after.size };
    free.splice(lo, 1);
  }
  if (block.at + block.size === end) end = block.at;
  else free.splice(lo, 0, block);
}

/** Whether a block of numbat memory starts at `at` and is live. */
export function isLive(at: number): boolean {
  return live.has(at);
}

/**
 * Where the heap ends: the Wasm runtime's per-call scratch starts at or above it.
 *
 * @example
 * ```ts
 * import { allocate, deallocate, heapEnd } from './heap.js';
 *
 * const at = allocate(100);
 * heapEnd() >= at + 100; // → true
 * deallocate(at);
 * ```
 */
export function heapEnd(): number {
  return end;
}

/** The most bytes a Wasm call has taken above the heap's end (its copies and allocations): see {@link noteScratch}. */
let scratchPeak = 0;

/**
 * Notes that a Wasm call took `bytes` above the heap's end. Results of compiled functions are then kept in numbat
 * memory only where they leave that much room ({@link leavesRoom}): a dropped result is freed only after a
 * collection and an event-loop turn, so one placed in the room a call needs made the next call grow the memory.
 *
 * @example
 * ```ts
 * import { leavesRoom, noteScratch } from './heap.js';
 *
 * noteScratch(1024); // a Wasm call took 1 KiB above the heap's end
 * leavesRoom(64); // → true
 * ```
 */
export function noteScratch(bytes: number): void {
  if (bytes > scratchPeak) scratchPeak = bytes;
}

/**
 * Whether {@link allocate}(bytes) would leave `reserve` bytes free between the heap's end and the memory's
 * current size (by default the most a Wasm call has taken there, {@link noteScratch}): a free block holds it
 * (the end does not move), or the end moves and that much room is still above it. Both backends ask it before
 * keeping a result in numbat memory (`jit/wasm/runtime.ts`, `jit/js/results.ts`).
 *
 * @example
 * ```ts
 * import { leavesRoom } from './heap.js';
 *
 * leavesRoom(64, 0); // → true
 * // more than a 4 GiB memory holds, whatever is free now
 * leavesRoom(2 ** 32, 0); // → false
 * ```
 */
export function leavesRoom(bytes: number, reserve = scratchPeak): boolean {
  const size = grain(bytes);
  if (free.some((b) => b.size >= size)) return true;
  return end + size + reserve <= numbatMemory().buffer.byteLength;
}

/**
 * What the heap holds now: live blocks and their bytes, free bytes below the end, the end, and the memory's size.
 *
 * @example
 * ```ts
 * import { free, memoryStats, zeros, type HeapStats } from 'numbat';
 *
 * const before: HeapStats = memoryStats();
 * const xs = zeros(10); // 80 bytes, 16-byte aligned
 * memoryStats().liveArrays - before.liveArrays; // → 1
 * memoryStats().liveBytes - before.liveBytes; // → 80
 * free(xs);
 * ```
 */
export interface HeapStats {
  /** Arrays allocated and neither freed nor collected. */
  readonly liveArrays: number;
  /** Bytes those arrays hold (with their 16-byte alignment). */
  readonly liveBytes: number;
  /** Bytes in free blocks below the heap's end, ready for reuse. */
  readonly freeBytes: number;
  /** The first byte past the highest block in use; Wasm calls put their scratch above it. */
  readonly heapEnd: number;
  /** The size of the shared `WebAssembly.Memory` now. */
  readonly memoryBytes: number;
}

/**
 * The heap's {@link HeapStats} now.
 *
 * @example
 * ```ts
 * import { allocate, deallocate, heapStats } from './heap.js';
 *
 * const before = heapStats().liveArrays;
 * const at = allocate(24);
 * heapStats().liveArrays - before; // → 1
 * deallocate(at);
 * ```
 */
export function heapStats(): HeapStats {
  let liveBytes = 0, freeBytes = 0;
  for (const s of live.values()) liveBytes += s;
  for (const b of free) freeBytes += b.size;
  return { liveArrays: live.size, liveBytes, freeBytes, heapEnd: end, memoryBytes: numbatMemory().buffer.byteLength };
}
