/**
 * The WGSL helpers every generated kernel body starts with: JS semantics WGSL lacks (NaN-safe min/max, ToInt32,
 * exact integer indices, `Math.round`, `pow`, `%`, `log1p`/`expm1`, `hypot`, `atan2` of zeros, subnormal arguments of
 * `log`, `log2`, `pow`, `cbrt` and `atan2`), tested on the bits because WGSL lets an implementation assume floats are
 * never NaN or infinite.
 *
 * @module
 */
import { wgslIdent, type ArrayParam } from '../abi.js';

/**
 * WGSL of how many elements of array `a` its binding may be read at: an elementwise array of a split launch
 * is bound in a window from element `base` (a launch past the array's end binds a 16-byte scratch buffer
 * there, which must read as past the end, not as elements), any other from element 0 (`base` is 0 then).
 *
 * @example
 * ```ts
 * import { boundLength } from './helpers.js';
 *
 * boundLength({ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }); // → 'numbat_P.len_xs - min(numbat_P.base, numbat_P.len_xs)'
 * ```
 */
export function boundLength(a: ArrayParam): string {
  const len = `numbat_P.len_${wgslIdent(a.name)}`;
  return a.elementwise ? `${len} - min(numbat_P.base, ${len})` : len;
}

/**
 * The helper functions, as WGSL source.
 *
 * @example
 * ```ts
 * import { WGSL_HELPERS } from './helpers.js';
 *
 * // Kernel bodies call these (NaN tests on the bits, ToInt32, JS's Math.pow…); the assembler puts them first.
 * const body = WGSL_HELPERS + 'fn numbat_kernel(i: i32) { let n = numbat_toint32(2.5); }';
 * WGSL_HELPERS.includes('fn numbat_isnan('); // → true
 * ```
 */
export const WGSL_HELPERS = /* wgsl */ `
var<private> numbat_bits_inf: u32 = 0x7f800000u;
var<private> numbat_bits_nan: u32 = 0x7fc00000u;
fn numbat_inf() -> f32 { return bitcast<f32>(numbat_bits_inf); }
fn numbat_nan() -> f32 { return bitcast<f32>(numbat_bits_nan); }
// NaN and infinity tested on the bits: WGSL lets an implementation assume floats are never NaN or infinite,
// so a real GPU compiler may fold \`x != x\` to false (lavapipe does not).
fn numbat_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn numbat_truthy(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) - 1u < 0x7f800000u; }
// JS ToInt32: truncate, then wrap modulo 2^32. Past 2^31 an f32 is a multiple of 256, so the wrap is exact.
fn numbat_toint32(x: f32) -> i32 {
  if ((bitcast<u32>(x) & 0x7fffffffu) >= 0x7f800000u) { return 0; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}
// An integer index kept exactly in i32 (w, modulo 2^32) with its f32 approximation (f): |f| >= 2^31 means the
// exact value is outside [-2^31, 2^31), past any array, even when w wrapped back into range.
fn numbat_iidx(w: i32, f: f32) -> u32 { if (abs(f) < 2147483648.0) { return bitcast<u32>(w); } return 0xffffffffu; }
// The f32 value of an integer local from its exact i32 (correctly rounded), unless the value left int32.
fn numbat_ifix(w: i32, f: f32) -> f32 { return select(f, f32(w), abs(f) < 2147483648.0); }
fn numbat_fidx(x: f32) -> u32 { if (x >= 0.0 && x < 4294967040.0 && trunc(x) == x) { return u32(x); } return 0xffffffffu; }
fn numbat_round(x: f32) -> f32 { let f = floor(x); let r = select(f, f + 1.0, x - f >= 0.5); return select(r, bitcast<f32>(bitcast<u32>(x) & 0x80000000u), r == 0.0); }
fn numbat_min(a: f32, b: f32) -> f32 { return select(select(min(a, b), b, numbat_isnan(b)), a, numbat_isnan(a)); }
fn numbat_max(a: f32, b: f32) -> f32 { return select(select(max(a, b), b, numbat_isnan(b)), a, numbat_isnan(a)); }
fn numbat_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// JS's % on f32, exactly as C's fmod: NaN for a NaN, x = ±Infinity or y = 0, x itself for y = ±Infinity, the
// dividend's sign (-0 included). Long division by y·2^k: each step subtracts d with d <= r < 2d, which is exact
// (Sterbenz), where WGSL's x - y * trunc(x / y) rounds, and overflows once x / y passes f32's range.
fn numbat_fmod(x: f32, y: f32) -> f32 {
  if (numbat_isnan(x) || numbat_isnan(y) || numbat_isinf(x) || y == 0.0) { return numbat_nan(); }
  if (numbat_isinf(y)) { return x; }
  let m = abs(y);
  var r = abs(x);
  var d = m;
  for (var j = 0; j < 300 && d <= r * 0.5; j++) { d = d * 2.0; }
  for (var j = 0; j < 300 && d >= m; j++) { if (r >= d) { r = r - d; } d = d * 0.5; }
  return bitcast<f32>(bitcast<u32>(r) | (bitcast<u32>(x) & 0x80000000u));
}
// JS's Math.pow special cases (ES2024 Number::exponentiate), then WGSL pow for finite positive bases.
fn numbat_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (numbat_isnan(x) || numbat_isnan(y)) { return numbat_nan(); }
  let odd = !numbat_isinf(y) && trunc(y) == y && trunc(y * 0.5) * 2.0 != y;
  let negative = (bitcast<u32>(x) >> 31u) == 1u;
  if (numbat_isinf(y)) {
    let ax = abs(x);
    if (ax == 1.0) { return numbat_nan(); }
    return select(0.0, numbat_inf(), (ax > 1.0) == (y > 0.0));
  }
  if (x == 0.0 || numbat_isinf(x)) {
    // 0^y and ∞^y: 0 or ∞ by the sign of y (inverted for a zero base), negative only for a negative base and odd y
    let r = select(0.0, numbat_inf(), (y > 0.0) == numbat_isinf(x));
    return select(r, -r, negative && odd);
  }
  if (x < 0.0) {
    if (trunc(y) != y) { return numbat_nan(); }
    let r = numbat_powpos(-x, y);
    return select(r, -r, odd);
  }
  return numbat_powpos(x, y);
}
// f32 subnormals (0 < |x| < 2^-126) are scaled by 2^24 into the normal range before log, log2, pow, cbrt and
// atan2: lavapipe's built-ins read them as if normal (log2(2^-149) gave -127, atan2(0, 2^-149) NaN). A device
// that flushes subnormals to zero in the multiplication gets the flushed input's answer, which WGSL allows.
fn numbat_log2(x: f32) -> f32 { if (x > 0.0 && x < 1.17549435e-38) { return log2(x * 16777216.0) - 24.0; } return log2(x); }
fn numbat_log(x: f32) -> f32 { if (x > 0.0 && x < 1.17549435e-38) { return log(x * 16777216.0) - 16.635532333438686; } return log(x); }
// pow of a positive finite base: exp2(y * log2(x)) is also how WGSL defines pow's accuracy
fn numbat_powpos(x: f32, y: f32) -> f32 { if (x < 1.17549435e-38) { return exp2(y * numbat_log2(x)); } return pow(x, y); }
// (u - 1) / log(u) keeps log1p and expm1 accurate near 0; the ratio is taken first so that nothing overflows
// before the result does. Below |x| = 1/8 their Taylor series instead (truncated under 2^-25 relative): WGSL's
// log is only absolutely accurate near 1 (2^-21), and lavapipe's exp(-1e-10) is 1 - 2^-24, so the ratio alone
// was off by up to 20% from 1e-7 to 1e-3, and expm1 of any x in (-3e-8, 0) gave -2^-24.
fn numbat_log1p(x: f32) -> f32 {
  if (abs(x) < 0.125) { return x * (1.0 - x * (0.5 - x * (1.0 / 3.0 - x * (0.25 - x * (0.2 - x * (1.0 / 6.0 - x * (1.0 / 7.0 - x * (0.125 - x / 9.0)))))))); }
  let u = 1.0 + x; if (u == numbat_inf()) { return u; } return log(u) * (x / (u - 1.0));
}
fn numbat_expm1(x: f32) -> f32 {
  if (abs(x) < 0.125) { return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0 + x / 5040.0)))))); }
  let u = exp(x);
  if (u == 1.0) { return x; }
  if (u - 1.0 == -1.0) { return -1.0; }
  if (numbat_isinf(u)) { return u; }
  return (u - 1.0) * (x / log(u));
}
// Math.hypot of two: any ∞ gives ∞ even beside NaN; scaled by the larger magnitude so the squares neither
// overflow past 1.8e19 nor underflow below 1e-19.
fn numbat_hypot(a: f32, b: f32) -> f32 {
  if (numbat_isinf(a) || numbat_isinf(b)) { return numbat_inf(); }
  if (numbat_isnan(a) || numbat_isnan(b)) { return numbat_nan(); }
  let m = max(abs(a), abs(b));
  if (m == 0.0) { return 0.0; }
  let p = abs(a) / m;
  let q = abs(b) / m;
  return m * sqrt(p * p + q * q);
}
// atan2 with JS's answers for two zeros, which WGSL leaves unspecified: ±0 for a +0 x, ±π for a -0 x.
fn numbat_atan2(y: f32, x: f32) -> f32 {
  if (y == 0.0 && x == 0.0) {
    if ((bitcast<u32>(x) >> 31u) == 1u) { return select(3.14159265358979, -3.14159265358979, (bitcast<u32>(y) >> 31u) == 1u); }
    return y;
  }
  // atan2 is unchanged by scaling both arguments: below 1e30 both are scaled by 2^24, so that a subnormal becomes
  // normal; above, a subnormal partner is below f32 precision beside the other (ratio past 2^200) and is a zero
  if (max(abs(x), abs(y)) < 1.0e30) { return atan2(y * 16777216.0, x * 16777216.0); }
  // (the zero keeps the sign from the bits: lavapipe folds y * 0.0 to +0)
  let ys = bitcast<f32>(bitcast<u32>(y) & 0x80000000u);
  let xs = bitcast<f32>(bitcast<u32>(x) & 0x80000000u);
  return atan2(select(y, ys, abs(y) < 1.17549435e-38), select(x, xs, abs(x) < 1.17549435e-38));
}
// cbrt(x · 2^24) = cbrt(x) · 2^8: a subnormal |x| is scaled first (see numbat_log2)
fn numbat_cbrt(x: f32) -> f32 {
  let a = abs(x);
  if (a > 0.0 && a < 1.17549435e-38) { return sign(x) * pow(a * 16777216.0, 1.0 / 3.0) * 0.00390625; }
  return sign(x) * pow(a, 1.0 / 3.0);
}
`;
