/**
 * The Wasm runtime's per-call scratch in the one shared memory every Wasm specialization imports (`env.memory`),
 * which is numbat memory (`src/memory/heap.ts`: shared, so growing it never detaches an `ArrayBuffer`).
 *
 * Layout: numbat's arrays live below the heap's end; a call's copied arguments are placed at a stack-like top at
 * or above it (16-byte aligned, so v128 loads of f64 pairs are aligned), and released when the call returns.
 * The arrays the Wasm code allocates go above the arguments. Between calls the heap may grow over this space.
 *
 * @module
 */
import { ensureBytes, heapEnd, numbatMemory } from '../../memory/heap.js';

let top = 0;

/**
 * The shared memory Wasm specializations import, created on first use.
 *
 * @example
 * ```ts
 * import { wasmMemory } from './memory.js';
 *
 * wasmMemory().buffer instanceof SharedArrayBuffer; // → true
 * ```
 */
export function wasmMemory(): WebAssembly.Memory {
  return numbatMemory();
}

/**
 * Reserves `bytes` (rounded up to 16) above the current top and numbat's heap, growing the memory if needed;
 * returns its offset. Pair with {@link release}(offset) when the call ends. Throws a RangeError when 4 GiB would
 * not hold it.
 *
 * @example
 * ```ts
 * import { release, scratch, wasmMemory } from './memory.js';
 *
 * const xs = new Float64Array([1, 2, 3]);
 * const at = scratch(8 * xs.length);
 * try {
 *   new Float64Array(wasmMemory().buffer, at, xs.length).set(xs); // copied in for a Wasm call
 *   at % 16; // → 0
 * } finally {
 *   release(at);
 * }
 * ```
 */
export function scratch(bytes: number): number {
  const at = Math.max(top, heapEnd());
  const end = at + Math.ceil(bytes / 16) * 16;
  ensureBytes(end, 'memoJit (wasm): the arguments');
  top = end;
  return at;
}
/**
 * Releases everything reserved at or above `offset` (calls nest like a stack).
 *
 * @example
 * ```ts
 * import { release, scratch } from './memory.js';
 *
 * const outer = scratch(64);
 * const inner = scratch(64); // a nested call's scratch, above the outer one
 * inner > outer; // → true
 * release(inner);
 * release(outer);
 * ```
 */
export function release(offset: number): void {
  top = offset;
}
