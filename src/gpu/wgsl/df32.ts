/**
 * `precision: 'f64-emulated'`: the JIT's `f64` values as double-f32 (a `vec2<f32>` `(hi, lo)` whose exact sum is
 * the value, `|lo| <= ulp(hi) / 2`), about 48 significant bits where plain WGSL has 24. What each IR construct
 * becomes is one rule below; anything else of type `f64` is a located {@link GpuUnsupportedError}:
 *
 * | IR (type f64)                      | double-f32                                                              |
 * | ---------------------------------- | ----------------------------------------------------------------------- |
 * | `+ -`                              | `numbat_df_add`: two-sum of the highs and of the lows, renormalized (Knuth) |
 * | `*`, `x ** 2`                      | `numbat_df_mul`: exact two-product of the highs (Dekker) plus the cross terms |
 * | `/`                                | `numbat_df_div`: three f32 quotients, each remainder computed in double-f32 |
 * | `Math.sqrt`                        | f32 `sqrt`, then two Newton corrections in double-f32                    |
 * | `abs min max floor ceil trunc fround` | exact on the pair (min/max propagate NaN, as `Math.min`)              |
 * | comparisons, truthiness            | on `hi`, then `lo`                                                       |
 * | int32 → f64, f64 → int32           | exact both ways (`x >> 16` and `x & 0xffff` summed; ToInt32 of hi and lo) |
 * | Float64Array parameter             | `(hi, lo)` f32 pairs, split on the host, joined back (`runtime/host.ts`) |
 * | number parameter                   | two uniform words, `s_x` and `s_x_lo`                                    |
 * | Float32Array element, `Math.random()` | `(x, 0)`; a store into a Float32Array stores `hi`                      |
 * | a `sum`/`min`/`max` reduction      | `vec2<f32>` partials, combined with these rules, joined in f64 on the host |
 * | `%`, `**`, other `Math` functions  | refused, with the line: they have no double-f32 rule                     |
 *
 * Guarding the algorithms (WGSL, §"Floating Point Evaluation", lets an implementation contract `a * b + c`
 * into a fused multiply-add, and flush subnormals):
 * - the split of a two-product is taken from the bits (round the significand to its top 12 bits), not by
 *   Veltkamp's `c = 4097 * a; hi = c - (c - a)`, which a contraction would break; every partial product is then
 *   exact in f32, so a contracted multiply-add gives the same bits as two operations;
 * - shader compilers simplify floating-point algebra unless told not to (Mesa's NIR rewrites `(a + b) - a` to
 *   `b`, which WGSL cannot forbid: it has no `precise`), and that zeroes every two-sum's error term; with
 *   constant inputs it also reassociates `b - (s - a)` into `(a + b) - s` and folds `a + b` in f32. So every
 *   input of a two-sum or two-product, and each sum and product in it, passes through `numbat_df_hide`, an OR
 *   with a uniform word that is always 0 but not known to be (`zero`: a whole word, unlike a shifted one, has
 *   no bits a compiler could know); no term of an error is then a constant;
 * - two-sum has no products; a non-finite high part gets a zero low part (instead of `inf - inf`);
 * - values keep f32's exponent range: `|x|` up to about 3.4e38, and below about 1e-30 the low part is subnormal
 *   (flushed on some devices), so precision falls toward f32's there.
 * WGSL's `/` and `sqrt` are not correctly rounded (2.5 ulp): they only seed corrections whose remainders are
 * computed exactly, so their error does not reach the result. `tests/gpu/wgsl/df32.test.ts` measures the relative
 * error against JavaScript's f64 on lavapipe.
 *
 * Over 400 lines, with a reason: the double-f32 rules (two-sum, two-product, the operators and reductions built
 * on them) are one algorithm whose error argument reads top to bottom; about 170 of its lines are comments and
 * checked examples.
 *
 * @module
 */
import type { Expr } from '../../jit/ir.js';
import { BINARY_OPERATORS } from '../../jit/ops/operators.js';
import { wgslIdent, type ArrayParam } from '../abi.js';
import { storageRow } from '../elements.js';
import { boundLength } from './helpers.js';

/** The WGSL type of a double-f32 value. */
export const DF_TYPE = 'vec2<f32>';

/**
 * The double-f32 library, emitted into the body of every kernel compiled with `precision: 'f64-emulated'`.
 *
 * @example
 * ```ts
 * import { DF_WGSL } from './df32.js';
 *
 * DF_WGSL.includes('fn numbat_df_mul('); // → true
 * ```
 */
export const DF_WGSL = /* wgsl */ `
fn numbat_df_fin(s: f32, e: f32) -> vec2<f32> { return select(vec2<f32>(s, e), vec2<f32>(s, 0.0), (bitcast<u32>(s) & 0x7f800000u) == 0x7f800000u); }
// A value the shader compiler cannot see through: ORed with a uniform word that is always 0 but that it cannot
// know, so it can neither simplify \`(a + b) - a\` to \`b\` nor fold and reassociate constants inside an error term.
fn numbat_df_hide(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) | numbat_P.zero); }
// Every input of an error-free transform is hidden: with two constant inputs Mesa rewrote quick-two-sum's
// b - (s - a) as (a + b) - s and folded a + b, so 0.001 * 0.001 lost its low word.
fn numbat_two_sum(a0: f32, b0: f32) -> vec2<f32> {
  let a = numbat_df_hide(a0);
  let b = numbat_df_hide(b0);
  let s = numbat_df_hide(a + b);
  let bb = numbat_df_hide(s - a);
  return numbat_df_fin(s, (a - (s - bb)) + (b - bb));
}
// |a| >= |b| (or a == 0); b == 0 keeps a as it is, so -0 stays -0.
fn numbat_quick_two_sum(a0: f32, b0: f32) -> vec2<f32> {
  let a = numbat_df_hide(a0);
  let b = numbat_df_hide(b0);
  let s = numbat_df_hide(a + b);
  return select(numbat_df_fin(s, b - (s - a)), vec2<f32>(a, 0.0), b == 0.0);
}
// The significand rounded to its top 12 bits, from the bits: hi * hi' is then exact in f32, contracted or not.
fn numbat_df_split(a: f32) -> vec2<f32> { let h = bitcast<f32>((bitcast<u32>(a) + 0x800u) & 0xfffff000u); return vec2<f32>(h, a - h); }
fn numbat_two_prod(a0: f32, b0: f32) -> vec2<f32> {
  let a = numbat_df_hide(a0);
  let b = numbat_df_hide(b0);
  let p = numbat_df_hide(a * b);
  let x = numbat_df_split(a);
  let y = numbat_df_split(b);
  return numbat_df_fin(p, x.y * y.y - (((p - x.x * y.x) - x.y * y.x) - x.x * y.y));
}
// JS's doubles reach 1.8e308 and 5e-324, f32's hi word 3.4e38 and 1.4e-45: a product or quotient of finite
// values that is infinite here is finite in JS, and one of nonzero values that is 0 here is nonzero in JS. The
// launch rejects (GpuRangeError) rather than give Infinity for 1e30 * 1e30 or 0 for 1e-30 * 1e-30. (A
// subnormal result keeps fewer bits than double-f32's; the guide says so.)
fn numbat_df_range(r: f32, a: f32, b: f32) { if (numbat_df_finite(a) && numbat_df_finite(b) && (!numbat_df_finite(r) || (a != 0.0 && b != 0.0 && r == 0.0))) { numbat_flag_range(); } }
fn numbat_df_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  // Only overflow: a sum's tiny result (a + -a, or nearly) is exact in double-f32.
  let s = numbat_two_sum(a.x, b.x);
  if (numbat_df_finite(a.x) && numbat_df_finite(b.x) && !numbat_df_finite(s.x)) { numbat_flag_range(); }
  let t = numbat_two_sum(a.y, b.y);
  let r = numbat_quick_two_sum(s.x, s.y + t.x);
  return numbat_quick_two_sum(r.x, r.y + t.y);
}
fn numbat_df_sub(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return numbat_df_add(a, -b); }
fn numbat_df_mul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let p = numbat_two_prod(a.x, b.x);
  numbat_df_range(p.x, a.x, b.x);
  // An infinite (or NaN) product is the answer: its cross terms would add inf * 0 = NaN.
  if (!numbat_df_finite(p.x)) { return vec2<f32>(p.x, 0.0); }
  return numbat_quick_two_sum(p.x, p.y + (a.x * b.y + a.y * b.x));
}
fn numbat_df_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn numbat_df_div(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let q1 = a.x / b.x;
  if (b.x != 0.0) { numbat_df_range(q1, a.x, b.x); }
  if (b.x == 0.0 || q1 == 0.0 || !numbat_df_finite(a.x) || !numbat_df_finite(b.x) || !numbat_df_finite(q1)) { return vec2<f32>(q1, 0.0); }
  var r = numbat_df_sub(a, numbat_df_mul(b, vec2<f32>(q1, 0.0)));
  let q2 = r.x / b.x;
  r = numbat_df_sub(r, numbat_df_mul(b, vec2<f32>(q2, 0.0)));
  let q3 = r.x / b.x;
  return numbat_df_add(numbat_quick_two_sum(q1, q2), vec2<f32>(q3, 0.0));
}
fn numbat_df_sqrt(a: vec2<f32>) -> vec2<f32> {
  if (a.x < 0.0) { return vec2<f32>(numbat_nan(), 0.0); }
  if (a.x == 0.0 || !numbat_df_finite(a.x)) { return vec2<f32>(a.x, 0.0); }
  var s = vec2<f32>(sqrt(a.x), 0.0);
  for (var k = 0; k < 2; k++) {
    let r = numbat_df_sub(a, numbat_df_mul(s, s));
    s = numbat_df_add(s, vec2<f32>(r.x / (2.0 * s.x), 0.0));
  }
  return s;
}
fn numbat_df_abs(a: vec2<f32>) -> vec2<f32> { return select(a, -a, (bitcast<u32>(a.x) >> 31u) == 1u); }
fn numbat_df_lt(a: vec2<f32>, b: vec2<f32>) -> bool { return a.x < b.x || (a.x == b.x && a.y < b.y); }
fn numbat_df_le(a: vec2<f32>, b: vec2<f32>) -> bool { return a.x < b.x || (a.x == b.x && a.y <= b.y); }
fn numbat_df_eq(a: vec2<f32>, b: vec2<f32>) -> bool { return a.x == b.x && a.y == b.y; }
fn numbat_df_min(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  if (numbat_isnan(a.x)) { return a; }
  if (numbat_isnan(b.x)) { return b; }
  if (a.x == 0.0 && b.x == 0.0) { return select(b, a, (bitcast<u32>(a.x) >> 31u) == 1u); }
  return select(b, a, numbat_df_lt(a, b));
}
fn numbat_df_max(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  if (numbat_isnan(a.x)) { return a; }
  if (numbat_isnan(b.x)) { return b; }
  if (a.x == 0.0 && b.x == 0.0) { return select(a, b, (bitcast<u32>(a.x) >> 31u) == 1u); }
  return select(b, a, numbat_df_lt(b, a));
}
// A non-integer hi has |lo| below the distance to the next integer, so only an integer hi looks at lo.
fn numbat_df_floor(a: vec2<f32>) -> vec2<f32> { let f = floor(a.x); if (f != a.x) { return vec2<f32>(f, 0.0); } return numbat_quick_two_sum(f, floor(a.y)); }
fn numbat_df_ceil(a: vec2<f32>) -> vec2<f32> { let f = ceil(a.x); if (f != a.x) { return vec2<f32>(f, 0.0); } return numbat_quick_two_sum(f, ceil(a.y)); }
fn numbat_df_trunc(a: vec2<f32>) -> vec2<f32> { return select(numbat_df_ceil(a), numbat_df_floor(a), a.x > 0.0 || (a.x == 0.0 && a.y >= 0.0)); }
// Exact: both halves hold at most 16 significant bits, and two-sum keeps their sum whole.
fn numbat_df_i32(x: i32) -> vec2<f32> { return numbat_two_sum(f32(x >> 16u) * 65536.0, f32(x & 0xffff)); }
fn numbat_df_u32(x: u32) -> vec2<f32> { return numbat_two_sum(f32(x >> 16u) * 65536.0, f32(x & 0xffffu)); }
// JS ToInt32: truncate, then each half modulo 2^32 (both integers, exact), added with i32's wrapping.
fn numbat_df_toint32(a: vec2<f32>) -> i32 {
  if (!numbat_df_finite(a.x)) { return 0; }
  let t = numbat_df_trunc(a);
  return numbat_toint32(t.x) + numbat_toint32(t.y);
}
fn numbat_df_fidx(a: vec2<f32>) -> u32 {
  if (a.y == 0.0) { return numbat_fidx(a.x); }
  if (a.x >= 0.0 && a.x < 4294967040.0 && trunc(a.x) == a.x && trunc(a.y) == a.y) { return u32(a.x) + bitcast<u32>(i32(a.y)); }
  return 0xffffffffu;
}
fn numbat_df_ifix(w: i32, f: vec2<f32>) -> vec2<f32> { return select(f, numbat_df_i32(w), abs(f.x) < 2147483648.0); }
`;

/**
 * A double-f32 literal: the f64 split into its nearest f32 and the f32 nearest the rest.
 *
 * @example
 * ```ts
 * import { dfLiteral } from './df32.js';
 *
 * dfLiteral(0.1); // → 'vec2<f32>(bitcast<f32>(0x3dcccccdu), bitcast<f32>(0xb0cccccdu))'
 * dfLiteral(2); // → 'vec2<f32>(bitcast<f32>(0x40000000u), bitcast<f32>(0x0u))'
 * dfLiteral(-Infinity); // → 'vec2<f32>(-numbat_inf(), 0.0)'
 * ```
 */
export function dfLiteral(v: number): string {
  const [hi, lo] = splitF64(v);
  // WGSL refuses non-finite constants, even as bit patterns: the helpers hide them from constant evaluation.
  if (Number.isNaN(hi)) return `${DF_TYPE}(numbat_nan(), 0.0)`;
  if (!Number.isFinite(hi)) return `${DF_TYPE}(${hi > 0 ? '' : '-'}numbat_inf(), 0.0)`;
  return `${DF_TYPE}(bitcast<f32>(0x${f32Hex(hi)}u), bitcast<f32>(0x${f32Hex(lo)}u))`;
}

const f32Box = new Float32Array(1);
const f32Word = new Uint32Array(f32Box.buffer);
function f32Hex(v: number): string {
  f32Box[0] = v;
  return f32Word[0]!.toString(16);
}

/**
 * An f64 as double-f32 `[hi, lo]` (the host's split of arguments and literals): `hi` the nearest f32, `lo` the
 * nearest f32 to the (exact) rest; non-finite values and those past f32's range keep a zero `lo`.
 *
 * @example
 * ```ts
 * import { splitF64 } from './df32.js';
 *
 * const [hi, lo] = splitF64(Math.PI);
 * Math.abs(hi + lo - Math.PI) <= 2 ** -48 * Math.PI; // → true
 * ```
 */
export function splitF64(v: number): [number, number] {
  const hi = Math.fround(v);
  if (!Number.isFinite(hi)) return [hi, 0];
  return [hi, Math.fround(v - hi)];
}

/** The largest finite f32: a double-f32 value's high part cannot exceed it. */
const F32_MAX = 3.4028234663852886e38;
/** The smallest normal f32: below it a high part is subnormal (flushed on GPUs) and the low part underflows. */
const F32_MIN_NORMAL = 2 ** -126;

/**
 * Why the f64 `v` has no double-f32 form of the promised precision (its magnitude is past f32's largest value,
 * where the pair would be infinite, or nonzero below f32's smallest normal, where it would lose its low part or
 * be flushed to 0), or undefined when it has one (0, NaN and ±Infinity have exact pairs).
 *
 * @example
 * ```ts
 * import { dfRangeProblem } from './df32.js';
 *
 * dfRangeProblem(1e300); // → "past 3.4e38 (f32's largest value)"
 * dfRangeProblem(1e-300); // → "below 1.2e-38 (f32's smallest normal value)"
 * dfRangeProblem(Math.PI); // → undefined
 * ```
 */
export function dfRangeProblem(v: number): string | undefined {
  const m = Math.abs(v);
  if (m > F32_MAX && m !== Infinity) return "past 3.4e38 (f32's largest value)";
  if (m < F32_MIN_NORMAL && m !== 0) return "below 1.2e-38 (f32's smallest normal value)";
  return undefined;
}

/**
 * A Float64Array as double-f32 pairs (element k at `2k` and `2k + 1`), or a RangeError naming the first element
 * outside double-f32's range (see {@link dfRangeProblem}): a value that would silently become ±Infinity or lose
 * its digits is an error, not a different answer.
 *
 * @example
 * ```ts
 * import { packPairs } from './df32.js';
 *
 * const p = packPairs(Float64Array.of(0.1), 'xs');
 * p.length; // → 2
 * // The pair keeps 48 of 0.1's 53 bits, close to but not exactly 0.1:
 * Math.abs(p[0]! + p[1]! - 0.1) < 2 ** -48 * 0.1; // → true
 * ```
 */
export function packPairs(src: Float64Array, what: string): Float32Array {
  const out = new Float32Array(2 * src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    const problem = dfRangeProblem(v);
    if (problem) throw new RangeError(`${what}: element ${i} is ${v}, ${problem}: precision 'f64-emulated' computes in double-f32, whose range is f32's; scale the data`);
    const hi = Math.fround(v);
    out[2 * i] = hi;
    // Within range the rest is exact in f64, and its f32 rounding is `lo`; ±Infinity and NaN keep lo = 0.
    if (Number.isFinite(hi)) out[2 * i + 1] = v - hi;
  }
  return out;
}

/**
 * Joins double-f32 pairs back into f64s (`hi + lo`, exact).
 *
 * @example
 * ```ts
 * import { joinPairs, packPairs } from './df32.js';
 *
 * // 48 bits kept, not 53:
 * joinPairs(packPairs(Float64Array.of(Math.PI), 'x'))[0] === Math.PI; // → false
 * ```
 */
export function joinPairs(pairs: Float32Array, into = new Float64Array(pairs.length >> 1)): Float64Array {
  for (let i = 0; i < into.length; i++) into[i] = pairs[2 * i]! + pairs[2 * i + 1]!;
  return into;
}

/**
 * What the double-f32 rules need from the f32 emitter (`emit.ts`), which owns expressions, indices and arrays.
 *
 * @example
 * ```ts
 * import type { DfHost } from './df32.js';
 *
 * // FunctionEmitter implements it; a test double shows the shape:
 * const host: Partial<DfHost> = { toInt32: () => '0i', index: () => '0u' };
 * ```
 */
export interface DfHost {
  /** Any expression (through these rules when they apply). */
  expr(e: Expr, pre: string[]): string;
  /** The f32 emitter's own rule for `e`, bypassing these. */
  plain(e: Expr, pre: string[]): string;
  toInt32(e: Expr, pre: string[]): string;
  index(e: Expr, pre: string[]): string;
  temp(type: string, pre: string[], init?: string): string;
  arrayOf(e: Expr): ArrayParam;
  unsupported(construct: string, detail: string): never;
}

const DF_MATH: Readonly<Record<string, string>> = {
  sqrt: 'numbat_df_sqrt', abs: 'numbat_df_abs', floor: 'numbat_df_floor', ceil: 'numbat_df_ceil', trunc: 'numbat_df_trunc',
};
const DF_BINARY: Readonly<Record<string, string>> = { add: 'numbat_df_add', sub: 'numbat_df_sub', mul: 'numbat_df_mul', div: 'numbat_df_div' };
const DF_COMPARE: Readonly<Record<string, (l: string, r: string) => string>> = {
  lt: (l, r) => `numbat_df_lt(${l}, ${r})`, le: (l, r) => `numbat_df_le(${l}, ${r})`,
  gt: (l, r) => `numbat_df_lt(${r}, ${l})`, ge: (l, r) => `numbat_df_le(${r}, ${l})`,
  eq: (l, r) => `numbat_df_eq(${l}, ${r})`, ne: (l, r) => `(!numbat_df_eq(${l}, ${r}))`,
};
const REFUSED = "under precision 'f64-emulated' only + - * /, Math.sqrt, abs, min, max, floor, ceil, trunc and fround are computed in double-f32";

/**
 * The double-f32 WGSL of `e`, or undefined when `e` neither is nor consumes an `f64` value (the f32 emitter's
 * rule then applies unchanged).
 *
 * @example
 * ```ts
 * import { dfExpr, type DfHost } from './df32.js';
 *
 * const host = { plain: () => 'v_x', expr: () => 'v_x' } as unknown as DfHost;
 * const x = { op: 'local', name: 'x', type: { kind: 'f64' } } as const;
 * dfExpr({ op: 'binary', operator: 'mul', type: { kind: 'f64' }, left: x, right: x }, [], host); // → 'numbat_df_mul(v_x, v_x)'
 * ```
 */
export function dfExpr(e: Expr, pre: string[], host: DfHost): string | undefined {
  const f64 = (x: Expr): boolean => x.type.kind === 'f64';
  switch (e.op) {
    case 'compare':
      return f64(e.left) || f64(e.right) ? DF_COMPARE[e.operator]!(host.expr(e.left, pre), host.expr(e.right, pre)) : undefined;
    case 'truthy':
      return f64(e.arg) ? `numbat_truthy((${host.expr(e.arg, pre)}).x)` : undefined;
    case 'convert':
      return convert(e, pre, host);
    case 'math':
      return f64(e) || e.args.some(f64) ? math(e, pre, host) : undefined;
    default:
      break;
  }
  if (!f64(e)) return undefined;
  switch (e.op) {
    case 'const':
      return dfLiteral(e.value as number);
    case 'random':
      return `${DF_TYPE}(numbat_random(), 0.0)`;
    case 'unary':
      if (e.operator === 'square') {
        const t = host.temp(DF_TYPE, pre, host.expr(e.arg, pre));
        return `numbat_df_mul(${t}, ${t})`;
      }
      if (e.operator === 'bitnot') return `numbat_df_i32((~${host.toInt32(e.arg, pre)}))`;
      return undefined; // `-x` negates both halves
    case 'binary': {
      const name = DF_BINARY[e.operator];
      if (name) return `${name}(${host.expr(e.left, pre)}, ${host.expr(e.right, pre)})`;
      const row = BINARY_OPERATORS[e.operator];
      if (row.operands === 'int32') {
        const left = host.toInt32(e.left, pre), right = host.toInt32(e.right, pre);
        if (e.operator === 'ushr') return `numbat_df_u32((bitcast<u32>(${left}) >> (u32(${right}) & 31u)))`;
        return `numbat_df_i32(${row.wgsl({ left, right, int: true, leftInt: true, rightInt: true })})`;
      }
      return host.unsupported(`the operator ${row.source}`, REFUSED);
    }
    case 'logical': {
      const t = host.temp(DF_TYPE, pre, host.expr(e.left, pre));
      const right: string[] = [];
      const r = host.expr(e.right, right);
      const test = `numbat_truthy(${t}.x)`;
      pre.push(`if (${e.operator === 'and' ? test : `!${test}`}) {`, ...right.map((l) => `  ${l}`), `  ${t} = ${r};`, '}');
      return t;
    }
    case 'load':
      return load(e, pre, host);
    case 'matrixLoad': case 'rowGet':
      return `${DF_TYPE}(${host.plain(e, pre)}, 0.0)`;
    default:
      return undefined; // locals, calls, selects: the f32 rule, on vec2<f32> values
  }
}

function convert(e: Extract<Expr, { op: 'convert' }>, pre: string[], host: DfHost): string | undefined {
  const from = e.arg.type.kind;
  const to = e.type.kind;
  if (to === 'f64') {
    if (from === 'f64') return host.expr(e.arg, pre);
    if (e.arg.op === 'load') return load(e.arg, pre, host);
    if (from === 'i32') return `numbat_df_i32(${host.expr(e.arg, pre)})`;
    if (from === 'bool') return `select(${DF_TYPE}(0.0, 0.0), ${DF_TYPE}(1.0, 0.0), ${host.expr(e.arg, pre)})`;
    return undefined;
  }
  if (from !== 'f64') return undefined;
  if (to === 'i32') return `numbat_df_toint32(${host.expr(e.arg, pre)})`;
  if (to === 'bool') return `numbat_truthy((${host.expr(e.arg, pre)}).x)`;
  return undefined;
}

/** An element read as an f64: a pair from a Float64Array, `(x, 0)` from a Float32Array, exact from integers. */
function load(e: Extract<Expr, { op: 'load' }>, pre: string[], host: DfHost): string {
  const a = host.arrayOf(e.array);
  const id = wgslIdent(a.name);
  const index = host.index(e.index, pre);
  if (a.pairs) return `numbat_ld_${id}(${index})`;
  // A float element reads NaN past the end as is; an integer one through numbat_lddf_<name> (the row's df lift).
  const row = storageRow(a.element);
  if (row.float) return row.df(`numbat_ld_${id}(${index})`);
  return `numbat_lddf_${id}(${index})`;
}

function math(e: Extract<Expr, { op: 'math' }>, pre: string[], host: DfHost): string {
  const args = e.args.map((a) => (a.type.kind === 'f64' ? host.expr(a, pre) : a.type.kind === 'i32' ? `numbat_df_i32(${host.expr(a, pre)})` : ''));
  if (e.args.some((a) => a.type.kind !== 'f64' && a.type.kind !== 'i32')) host.unsupported(`Math.${e.fn} of a boolean`, REFUSED);
  let out: string | undefined;
  if (DF_MATH[e.fn] && args.length === 1) out = `${DF_MATH[e.fn]}(${args[0]})`;
  else if (e.fn === 'fround' && args.length === 1) out = `${DF_TYPE}((${args[0]}).x, 0.0)`;
  else if ((e.fn === 'min' || e.fn === 'max') && args.length > 0) out = args.reduce((acc, a) => `numbat_df_${e.fn}(${acc}, ${a})`);
  if (out === undefined) return host.unsupported(`Math.${e.fn}`, REFUSED);
  return e.type.kind === 'i32' ? `numbat_df_toint32(${out})` : out;
}

/**
 * The bounds-checked accessors of an array under double-f32: a Float64Array's `(hi, lo)` pairs (`a.pairs`),
 * or an integer array read exactly as an f64 (`numbat_lddf_<name>`).
 *
 * @example
 * ```ts
 * import { dfArrayHelpers } from './df32.js';
 *
 * dfArrayHelpers({ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: false, pairs: true })[0];
 * // → 'fn numbat_bound_xs() -> u32 { return min(arrayLength(&a_xs) / 2u, numbat_P.len_xs); }'
 * ```
 */
export function dfArrayHelpers(a: ArrayParam): string[] {
  const id = wgslIdent(a.name);
  if (!a.pairs) {
    const row = storageRow(a.element);
    if (row.float || a.matrix) return [];
    return [`fn numbat_lddf_${id}(k: u32) -> ${DF_TYPE} { if (k < numbat_bound_${id}()) { return ${row.df(`a_${id}[k]`)}; } return ${DF_TYPE}(numbat_nan(), 0.0); }`];
  }
  const lines = [
    `fn numbat_bound_${id}() -> u32 { return min(arrayLength(&a_${id}) / 2u, ${boundLength(a)}); }`,
    `fn numbat_ld_${id}(k: u32) -> ${DF_TYPE} { if (k < numbat_bound_${id}()) { return ${DF_TYPE}(a_${id}[2u * k], a_${id}[2u * k + 1u]); } return ${DF_TYPE}(numbat_nan(), 0.0); }`,
  ];
  if (a.writes) lines.push(`fn numbat_st_${id}(k: u32, v: ${DF_TYPE}) { if (k < numbat_bound_${id}()) { a_${id}[2u * k] = v.x; a_${id}[2u * k + 1u] = v.y; } }`);
  return lines;
}
