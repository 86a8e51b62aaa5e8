/**
 * The linear memory every Wasm specialization imports (`env.memory`): one `WebAssembly.Memory`, shared, so growing
 * it never detaches an `ArrayBuffer` (a non-shared memory's growth detaches the old buffer, which trips V8's detach
 * protector and slows every typed-array access in the process afterwards; see bench/README). After growth
 * `memory.buffer` is a new, longer `SharedArrayBuffer`; views are always made from the current one, per call.
 *
 * Layout: arguments are copied in at a stack-like top (16-byte aligned, so v128 loads of f64 pairs are aligned),
 * released when the call returns. No user ever holds a view of this memory today; numbat memory (typed arrays
 * that numbat allocates living here, used without a copy) would import the same memory and reserve its arrays
 * below a movable floor, which is what {@link scratch} allocates above.
 *
 * @module
 */

const PAGE = 65536;
/** 65536 pages: all of wasm32's 4 GiB address space may be used (V8 reserves it virtually, once). */
const MAX_PAGES = 65536;

let memory: WebAssembly.Memory | undefined;
let top = 0;
/** Where per-call scratch space starts: numbat memory's arrays would live below it. */
const floor = 0;

/**
 * The shared memory Wasm specializations import, created on first use.
 *
 * @example
 * ```ts
 * wasmMemory().buffer instanceof SharedArrayBuffer; // true
 * ```
 */
export function wasmMemory(): WebAssembly.Memory {
  memory ??= new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  return memory;
}

/**
 * Reserves `bytes` (rounded up to 16) above the current top, growing the memory if needed; returns its offset.
 * Pair with {@link release}(offset) when the call ends. Throws a RangeError when 4 GiB would not hold it.
 *
 * @example
 * ```ts
 * const at = scratch(8 * n);
 * try { new Float64Array(wasmMemory().buffer, at, n).set(xs); } finally { release(at); }
 * ```
 */
export function scratch(bytes: number): number {
  const mem = wasmMemory();
  const at = Math.max(top, floor);
  const end = at + Math.ceil(bytes / 16) * 16;
  const have = mem.buffer.byteLength;
  if (end > have) {
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`memoJit (wasm): ${end} bytes of arguments do not fit 4 GiB of linear memory`);
    mem.grow(pages);
  }
  top = end;
  return at;
}

/**
 * Releases everything reserved at or above `offset` (calls nest like a stack).
 *
 * @example
 * ```ts
 * release(at);
 * ```
 */
export function release(offset: number): void {
  top = offset;
}
