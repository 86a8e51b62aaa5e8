/**
 * How a reducing kernel's per-invocation values combine, in one place for the shader (accumulator type,
 * lift, combine, identity) and the host (reading and combining the per-workgroup partials in f64):
 *
 * | reduce  | returns      | accumulator | combine                                   | partial on the host          |
 * | ------- | ------------ | ----------- | ----------------------------------------- | ---------------------------- |
 * | sum     | f32          | f32         | `a + b`                                   | f32                          |
 * | sum     | i32 / u32    | `vec2u`     | 64-bit add with carry (an i32 sum wraps past 2^31) | `lo + hi · 2^32` (hi signed) |
 * | min/max | f32          | f32         | NaN-propagating, by bits (like `Math.min`) | f32                          |
 * | min/max | i32 / u32    | same        | WGSL `min`/`max`                          | i32 / u32                    |
 * | any     | df (f64-emulated) | `vec2<f32>` | `numbat_df_add` / `_min` / `_max` (`wgsl/df32.ts`) | `hi + lo` in f64 |
 *
 * NaN is detected from the bits, not with `x != x`: WGSL lets an implementation assume floats are never NaN,
 * and a real GPU compiler may fold `x != x` to false.
 *
 * The per-kind columns (how a sum accumulates, whether min/max propagate NaN, reading a word back) are the
 * element's row in `elements.ts`.
 *
 * @module
 */
import type { KernelReturn, Reduction } from './abi.js';
import { storageRow } from './elements.js';

/**
 * The reduction's rules for one (reduce, return type) pair.
 *
 * @example
 * ```ts
 * import { reductionRule, type ReductionRule } from './reduction.js';
 *
 * // An i32 sum is accumulated exactly in two u32 words.
 * const r: ReductionRule = reductionRule('sum', 'i32');
 * [r.accumulator, r.words]; // → [ 'vec2u', 2 ]
 * ```
 */
export interface ReductionRule {
  /** WGSL type of the accumulator, the workgroup array and the partials buffer's elements. */
  readonly accumulator: string;
  /** u32 words per partial. */
  readonly words: 1 | 2;
  /** WGSL expression of the identity, given the `identity` uniform (the bits of {@link identityBits}). */
  readonly identity: string;
  /** WGSL: the accumulator for one value of the kernel's return type. */
  lift(value: string): string;
  /** WGSL: two accumulators combined. */
  combine(a: string, b: string): string;
  /** The partial at index k of the partials read back as u32 words. */
  readPartial(words: Uint32Array, k: number): number;
}

/** WGSL helpers the reductions use, emitted into every reducing shader. */
export const REDUCTION_WGSL = /* wgsl */ `
fn numbat_red_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn numbat_red_min(a: f32, b: f32) -> f32 { return select(select(min(a, b), b, numbat_red_isnan(b)), a, numbat_red_isnan(a)); }
fn numbat_red_max(a: f32, b: f32) -> f32 { return select(select(max(a, b), b, numbat_red_isnan(b)), a, numbat_red_isnan(a)); }
fn numbat_red_add64(a: vec2u, b: vec2u) -> vec2u { let lo = a.x + b.x; return vec2u(lo, a.y + b.y + select(0u, 1u, lo < a.x)); }
`;

/**
 * The rule of a reduction for a kernel returning `type`.
 *
 * @example
 * ```ts
 * import { reductionRule } from './reduction.js';
 *
 * reductionRule('min', 'f32').combine('a', 'b'); // → 'numbat_red_min(a, b)'
 * ```
 */
export function reductionRule(reduce: Reduction, type: KernelReturn): ReductionRule {
  if (type === 'df') {
    // A df value (f64-emulated) is an unevaluated f32 pair (hi, lo), combined by the df32 rules; not a row.
    const f32 = storageRow('f32');
    return {
      accumulator: 'vec2<f32>',
      words: 2,
      identity: 'vec2<f32>(bitcast<f32>(numbat_P.identity), 0.0)',
      lift: (v) => v,
      combine: (a, b) => `numbat_df_${reduce === 'sum' ? 'add' : reduce}(${a}, ${b})`,
      readPartial: (w, k) => f32.fromWord(w[2 * k]!) + f32.fromWord(w[2 * k + 1]!),
    };
  }
  const row = storageRow(type);
  const sum = row.sum;
  if (reduce === 'sum' && sum !== 'self') {
    return {
      accumulator: 'vec2u',
      words: 2,
      identity: 'vec2u(0u, 0u)',
      lift: sum.lift,
      combine: (a, b) => `numbat_red_add64(${a}, ${b})`,
      // Exact while |sum| < 2^53 (it needs 2^22 invocations of 2^31 each to get there).
      readPartial: (w, k) => w[2 * k]! + (w[2 * k + 1]! | 0) * 2 ** 32,
    };
  }
  return {
    accumulator: row.wgsl,
    words: 1,
    identity: `bitcast<${row.wgsl}>(numbat_P.identity)`,
    lift: (v) => v,
    combine:
      reduce === 'sum' ? (a, b) => `${a} + ${b}`
      : row.float ? (a, b) => `numbat_red_${reduce}(${a}, ${b})`
      : (a, b) => `${reduce}(${a}, ${b})`,
    readPartial: (w, k) => row.fromWord(w[k]!),
  };
}

/**
 * Combines two values on the host the way the reduction does (`Math.min`/`max` propagate NaN).
 *
 * @example
 * ```ts
 * import { combineOnHost } from './reduction.js';
 *
 * combineOnHost('max', 1, NaN); // → NaN
 * combineOnHost('sum', 1, 2); // → 3
 * ```
 */
export function combineOnHost(reduce: Reduction, a: number, b: number): number {
  return reduce === 'sum' ? a + b : reduce === 'min' ? Math.min(a, b) : Math.max(a, b);
}
