/**
 * Makes the memory of a call's inputs resident before a timed batch starts, so that the batch times the function
 * and not the kernel zeroing fresh pages.
 *
 * Why: an input maker's `new Float64Array(1_000_000)` gets its 8 MB from `mmap` (or from memory glibc recycled
 * after the previous batch's arrays were collected, which is already mapped). Fresh pages are mapped and zeroed by
 * the kernel on the first write, inside the timed call: black-scholes writes two such result arrays, 3,839 minor
 * page faults, which on this machine took as long as the kernel itself (70 ms against 70 ms). Which batch gets
 * fresh pages depends only on its position in the alternation (measured with `process.resourceUsage()`: every
 * other batch, whichever variant it runs, and a plain-against-plain run shows the same 2×). That was the whole of
 * "memoJit 1.8× slower than plain" on black-scholes in the quiet runs of sessions 8 and 9.
 */

const PAGE = 4096;

/**
 * Writes back one byte of every page under each typed array reachable from `value` (arguments, rows, object
 * fields), through a `Uint8Array` view: the bytes stay exactly what they were (NaN payloads included), and the
 * pages are mapped before the clock starts. Returns the number of pages touched.
 *
 * @example
 * ```ts
 * import { touchPages } from './resident.js';
 *
 * const xs = new Float64Array(1024); // 8 KB: two pages
 * touchPages([xs, 2.5]); // → 2
 * ```
 */
export function touchPages(value: unknown, seen: Set<object> = new Set()): number {
  if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    for (let i = 0; i < bytes.length; i += PAGE) bytes[i] = bytes[i]!;
    return Math.ceil(bytes.length / PAGE);
  }
  let pages = 0;
  if (Array.isArray(value)) {
    for (const v of value) pages += touchPages(v, seen);
  } else {
    // Own enumerable data fields only: a getter is user code, and must not run outside the timed call.
    for (const d of Object.values(Object.getOwnPropertyDescriptors(value))) if ('value' in d && d.enumerable) pages += touchPages(d.value, seen);
  }
  return pages;
}
