/**
 * Calling a region over a range of its iterations, the one way the runtime runs a region (chunks, the serial
 * path, the replay that locates an error). A region whose draws are numbered at compile time (`draws.ts`) is
 * run strip by strip: up to `BATCH` iterations at a time, after one WebAssembly call has filled their draws
 * 0 and 1 into this thread's strip, which the region reads at `draws[j·BATCH + k]`. Reductions carry from
 * one strip to the next as the loop would carry them, so a strip-mined range gives the serial loop's result
 * bit for bit.
 *
 * @module
 */
import { BATCH, DrawBatch } from './philox-wasm.js';

type Region = (...args: unknown[]) => unknown;

/** Position of the first reduction among a strip region's arguments: lo, hi, three seed words, the strip. */
const STRIP_REDUCTIONS = 6;

let stripOfThisThread: DrawBatch | undefined;

/**
 * This thread's strip: apart from the batch that dynamically numbered draws refill (`DrawBatch` in
 * `runtime.ts`), which a region may use in the middle of a strip.
 */
function threadStrip(): DrawBatch {
  return (stripOfThisThread ??= new DrawBatch());
}

/**
 * Runs `fn` over the iterations `lo, lo + step, …` before `hi`, starting its reductions from `inits`, and
 * returns its last result (the reductions' tuple, or `undefined` without reductions). `strip` says whether
 * the region takes a strip of draws (`RegionMeta.strip > 0`); `seeds` are the seed's low and high words and the
 * launch number.
 *
 * @example
 * ```ts
 * import { invokeRegion } from './strips.js';
 *
 * // A region as prange's code generator emits it: (lo, hi, three seed words, reductions…, captures…), returning
 * // the reductions. Without draws it takes no strip and runs the range in one call.
 * function sumRegion(lo: number, hi: number, _seedLo: number, _seedHi: number, _launch: number, s: number, xs: Float64Array) {
 *   for (let i = lo; i < hi; i++) s += xs[i]!;
 *   return [s];
 * }
 * const xs = Float64Array.of(1, 2, 3, 4, 5);
 * invokeRegion(sumRegion as Parameters<typeof invokeRegion>[0], false, 1, 1, 5, [42, 0, 0], [0], [xs]); // → [ 14 ]
 * ```
 */
export function invokeRegion(
  fn: Region, strip: boolean, step: number, lo: number, hi: number,
  seeds: readonly [number, number, number], inits: readonly unknown[], captures: readonly unknown[],
): unknown[] | undefined {
  if (!strip) return fn(lo, hi, ...seeds, ...inits, ...captures) as unknown[] | undefined;
  const batch = threadStrip();
  const span = step > 0 ? hi - lo : lo - hi;
  const trips = span > 0 ? Math.ceil(span / Math.abs(step)) : 0;
  const args: unknown[] = [lo, hi, ...seeds, batch.draws, ...inits, ...captures];
  if (!(trips > 0)) return fn(...args) as unknown[] | undefined;
  // A strip's first value `lo + t·step` is where the region's own counting (`+ step` per iteration) would be
  // only while every value is an exact integer; past that, strips of one iteration keep the two in step.
  const size = Number.isInteger(lo) && Math.abs(lo) + trips * Math.abs(step) <= Number.MAX_SAFE_INTEGER ? BATCH : 1;
  const n = inits.length;
  let result: unknown[] | undefined;
  for (let t = 0; t < trips; t += size) {
    const count = Math.min(size, trips - t);
    const first = lo + t * step;
    batch.fillExactly(first, step, count, seeds[1], seeds[0], seeds[2]);
    args[0] = first;
    args[1] = t + count >= trips ? hi : lo + (t + count) * step;
    result = fn(...args) as unknown[] | undefined;
    if (result) for (let j = 0; j < n; j++) args[STRIP_REDUCTIONS + j] = result[j];
  }
  return result;
}
