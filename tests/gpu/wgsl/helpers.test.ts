// src/gpu/wgsl/helpers.ts: the WGSL helpers that give kernels JavaScript's semantics where WGSL has none, run on
// lavapipe one helper at a time over hand-picked f32 inputs and compared with JavaScript on the same f32 values:
// NaN/∞/truthiness on the bits, ToInt32, Math.round (−0 and halves), NaN-propagating min/max, % (exact, with
// the dividend's sign), Math.pow's special cases, atan2 of zeros, log/log2/cbrt/pow of subnormals, log1p/expm1
// near 0, hypot without overflow, and the exact-index helpers. Exact answers are compared with Object.is; the
// built-in-based ones (log, pow, cbrt, …) within a relative 2^-20, or WGSL's own bound where it is looser
// (atan2: 4096 ulp; log near 1: absolute 2^-21, as tests/gpu/math-table.test.ts documents), far tighter than
// the wrong answers (NaN, -127 for log2(2^-149)) the helpers exist to avoid. boundLength is checked as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { boundLength, WGSL_HELPERS } from '../../../src/gpu/wgsl/helpers.js';
import { WgslKernel } from '../../../src/internals.js';

const f32 = Math.fround;
const TINY = 2 ** -149; // the least f32 subnormal
const PI = f32(Math.PI);

/** Runs `expr` (of x: f32, y: f32, w: i32, giving `kind`) per index; returns the results as numbers. */
async function run(kind: 'f32' | 'bool' | 'i32' | 'u32', expr: string, xs: readonly number[], ys: readonly number[] = xs, ws: readonly number[] = xs.map(() => 0)): Promise<number[]> {
  const store = kind === 'f32' ? `bitcast<u32>(${expr})` : kind === 'bool' ? `select(0u, 1u, ${expr})` : kind === 'i32' ? `bitcast<u32>(${expr})` : `${expr}`;
  const k = new WgslKernel({
    name: 'helper', grid: 1, usesRandom: false,
    params: [
      { kind: 'array', name: 'x', element: 'f32', writes: false, elementwise: true },
      { kind: 'array', name: 'y', element: 'f32', writes: false, elementwise: true },
      { kind: 'array', name: 'w', element: 'i32', writes: false, elementwise: true },
      { kind: 'array', name: 'out', element: 'u32', writes: true, elementwise: true },
    ],
    body: `${WGSL_HELPERS}\nfn numbat_kernel(i: i32) {\n  let x = a_x[numbat_li]; let y = a_y[numbat_li]; let w = a_w[numbat_li];\n  a_out[numbat_li] = ${store};\n}`,
  });
  const out = new Uint32Array(xs.length);
  await k.launch(xs.length, [Float32Array.from(xs), Float32Array.from(ys), Int32Array.from(ws), out]);
  if (kind === 'f32') return [...new Float32Array(out.buffer)];
  if (kind === 'i32') return [...new Int32Array(out.buffer)];
  return [...out];
}

const same = (got: readonly number[], want: readonly number[], what: string): void => {
  got.forEach((g, k) => assert.ok(Object.is(g, want[k]), `${what}[${k}]: got ${Object.is(g, -0) ? '-0' : g}, want ${Object.is(want[k], -0) ? '-0' : want[k]}`));
};
const near = (got: readonly number[], want: readonly number[], what: string, rel = 2 ** -20, abs = 0): void => {
  got.forEach((g, k) => {
    const w = want[k]!;
    const ok = Object.is(g, w) || (Number.isFinite(w) && w !== 0 && Math.abs(g - w) <= rel * Math.abs(w) + abs);
    assert.ok(ok, `${what}[${k}]: got ${g}, want ${w}`);
  });
};

test('boundLength: an elementwise array is bound from base (never negative), any other from 0; names go through wgslIdent', () => {
  assert.equal(boundLength({ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }), 'numbat_P.len_xs - min(numbat_P.base, numbat_P.len_xs)');
  assert.equal(boundLength({ kind: 'array', name: 'ids', element: 'i32', writes: true, elementwise: false }), 'numbat_P.len_ids');
  const odd = boundLength({ kind: 'array', name: 'x$1', element: 'f32', writes: false, elementwise: false });
  assert.match(odd, /^numbat_P\.len_\w+$/, 'a $ in a JS name becomes a WGSL identifier');
  assert.notEqual(odd, 'numbat_P.len_x$1');
});

const SPECIALS = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, TINY, -TINY, f32(3.4e38), 2 ** -126];

test('isnan, isinf and truthy read the bits: NaN, ±∞ and JavaScript truthiness (0, −0 and NaN are falsy)', { skip: noAdapter }, async () => {
  same(await run('bool', 'numbat_isnan(x)', SPECIALS), SPECIALS.map((v) => +Number.isNaN(v)), 'isnan');
  same(await run('bool', 'numbat_isinf(x)', SPECIALS), SPECIALS.map((v) => +(Math.abs(v) === Infinity)), 'isinf');
  same(await run('bool', 'numbat_truthy(x)', SPECIALS), SPECIALS.map((v) => +Boolean(v)), 'truthy');
  same(await run('bool', 'numbat_isnan(numbat_nan()) && numbat_isinf(numbat_inf())', [0]), [1], 'nan() and inf()');
});

test('toint32 is JavaScript ToInt32: truncation, wrap modulo 2^32 past 2^31, 0 for NaN and ±∞', { skip: noAdapter }, async () => {
  const xs = [2.5, -2.5, 0.99, -0, 2 ** 31, -(2 ** 31), -(2 ** 31) - 256, 2 ** 32 + 512, 3e9, -3e9, 1e20, -1e20, NaN, Infinity, -Infinity, 16777217];
  const vals = xs.map(f32);
  same(await run('i32', 'numbat_toint32(x)', vals), vals.map((v) => v | 0), 'toint32');
});

test('round is Math.round: halves up, −0 for (−0.5, 0], ±∞ and NaN kept', { skip: noAdapter }, async () => {
  const xs = [0.5, -0.5, 1.5, -1.5, 2.5, -2.5, -0.4, 0.49999997, -0, 0, 8388609, -8388609, 1e30, Infinity, -Infinity, NaN].map(f32);
  same(await run('f32', 'numbat_round(x)', xs), xs.map((v) => f32(Math.round(v))), 'round');
});

test('min and max propagate NaN from either side, as Math.min and Math.max do', { skip: noAdapter }, async () => {
  const xs = [1, NaN, 3, NaN, -Infinity, 2, -5];
  const ys = [NaN, 1, -3, NaN, 4, Infinity, -5];
  same(await run('f32', 'numbat_min(x, y)', xs, ys), xs.map((x, k) => Math.min(x, ys[k]!)), 'min');
  same(await run('f32', 'numbat_max(x, y)', xs, ys), xs.map((x, k) => Math.max(x, ys[k]!)), 'max');
});

test('fmod is JavaScript %: exact (no rounding of x/y), the dividend\'s sign, NaN and ∞ cases', { skip: noAdapter }, async () => {
  const pairs: [number, number][] = [
    [5.5, 2], [-5.5, 2], [7, -3], [-7, -3], [1e30, 3], [3e38, 0.1], [16777216 * 3, 0.1], [-4, 2], [-0, 1],
    [3, Infinity], [-3, -Infinity], [Infinity, 1], [1, 0], [NaN, 1], [1, NaN], [TINY * 7, TINY * 2], [1, 2 ** -130],
  ];
  const xs = pairs.map(([x]) => f32(x));
  const ys = pairs.map(([, y]) => f32(y));
  // The remainder of two f32s is exactly an f32, so JS's f64 % of them is the f32 answer.
  same(await run('f32', 'numbat_fmod(x, y)', xs, ys), xs.map((x, k) => x % ys[k]!), 'fmod');
});

test('pow: Math.pow\'s special cases exactly (zeros, ∞ bases and exponents, negative bases, NaN, y = 0)', { skip: noAdapter }, async () => {
  const pairs: [number, number][] = [
    [NaN, 0], [NaN, -0], [NaN, 1], [1, NaN], [1, Infinity], [-1, -Infinity], [0.5, Infinity], [2, Infinity], [2, -Infinity], [0.5, -Infinity],
    [0, 3], [-0, 3], [-0, -3], [-0, 2], [-0, -2], [0, -1], [Infinity, 2], [Infinity, -2], [-Infinity, 3], [-Infinity, -3], [-Infinity, 2],
    [-Infinity, -2], [-2, 0.5], [-8, -Infinity],
  ];
  same(await run('f32', 'numbat_pow(x, y)', pairs.map(([x]) => x), pairs.map(([, y]) => y)), pairs.map(([x, y]) => Math.pow(x, y)), 'pow');
  const finite: [number, number][] = [[-2, 3], [-2, 4], [2, 10], [9, 0.5], [TINY * 1024, 0.5], [2 ** -140, -0.25], [1.5, -7]];
  near(await run('f32', 'numbat_pow(x, y)', finite.map(([x]) => f32(x)), finite.map(([, y]) => y)), finite.map(([x, y]) => f32(Math.pow(f32(x), y))), 'pow finite');
});

test('log, log2, cbrt and atan2 of subnormals answer as for the exact value, not as if the bits were normal', { skip: noAdapter }, async () => {
  const subs = [TINY, 2 ** -140, 2 ** -127, 3 * TINY];
  near(await run('f32', 'numbat_log2(x)', subs), subs.map((v) => f32(Math.log2(v))), 'log2');
  near(await run('f32', 'numbat_log(x)', subs), subs.map((v) => f32(Math.log(v))), 'log');
  const cb = [-(2 ** -147), 2 ** -135, 27, -8];
  near(await run('f32', 'numbat_cbrt(x)', cb), cb.map((v) => f32(Math.cbrt(v))), 'cbrt');
  const ys = [0, TINY, -TINY, 1, 3 * TINY];
  const xs = [TINY, -1e38, -1e38, 2 ** -140, 4 * TINY];
  near(await run('f32', 'numbat_atan2(x, y)', ys, xs), ys.map((y, k) => f32(Math.atan2(y, xs[k]!))), 'atan2 of subnormals', 2 ** -11);
});

test('atan2 of two zeros is JavaScript\'s ±0 and ±π', { skip: noAdapter }, async () => {
  const ys = [0, -0, 0, -0];
  const xs = [0, 0, -0, -0];
  same(await run('f32', 'numbat_atan2(x, y)', ys, xs), [0, -0, PI, -PI], 'atan2');
  assert.deepEqual(ys.map((y, k) => f32(Math.atan2(y, xs[k]!))), [0, -0, PI, -PI], 'the same as JavaScript');
});

test('log1p and expm1 are within 2^-20 relative of JavaScript near 0 (both signs, 1e-12 to 0.9) and keep their limits at the ends', { skip: noAdapter }, async () => {
  // Before the Taylor branch, lavapipe's log near 1 put log1p off by up to 20% from 1e-7 to 1e-3, and every
  // expm1 of x in (-3e-8, 0) was -2^-24.
  const xs: number[] = [];
  for (let e = -12; e <= -0.5; e += 0.5) xs.push(f32(10 ** e), f32(-0.9 * 10 ** e));
  xs.push(0.124, -0.124, 0.126, -0.126, 0.5, -0.5);
  near(await run('f32', 'numbat_log1p(x)', xs), xs.map((v) => f32(Math.log1p(v))), 'log1p', 2 ** -20);
  near(await run('f32', 'numbat_expm1(x)', xs), xs.map((v) => f32(Math.expm1(v))), 'expm1', 2 ** -20);
  same(await run('f32', 'numbat_log1p(x)', [-1, Infinity, -0, 0]), [-Infinity, Infinity, -0, 0], 'log1p at -1, ∞ and ±0');
  same(await run('f32', 'numbat_expm1(x)', [-100, 100, -Infinity, Infinity, -0, 0]), [-1, Infinity, -1, Infinity, -0, 0], 'expm1 saturates at -1, overflows to ∞, keeps ±0');
});

test('hypot: ∞ beats NaN, no overflow or underflow of the squares, and 0 for two zeros', { skip: noAdapter }, async () => {
  same(await run('f32', 'numbat_hypot(x, y)', [Infinity, NaN, -Infinity, 0, -0], [NaN, Infinity, 1, 0, -0]), [Infinity, Infinity, Infinity, 0, 0], 'hypot specials');
  same(await run('f32', 'numbat_hypot(x, y)', [NaN], [1]), [NaN], 'NaN with a finite number');
  const xs = [3e20, 3e-25, -3, f32(3e38)];
  const ys = [4e20, 4e-25, 4, f32(3e38)];
  near(await run('f32', 'numbat_hypot(x, y)', xs.map(f32), ys.map(f32)), xs.map((x, k) => f32(Math.hypot(f32(x), f32(ys[k]!)))), 'hypot scaled');
});

test('fidx, iidx and ifix: exact indices or 0xffffffff past any array; an integer\'s f32 from its exact i32 while in range', { skip: noAdapter }, async () => {
  const fx = [3, 0, -0, -1, 2.5, NaN, Infinity, 4294966784, 4294967040, 2 ** 32];
  same(await run('u32', 'numbat_fidx(x)', fx), [3, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 4294966784, 0xffffffff, 0xffffffff], 'fidx');
  // iidx(w, f): w when |f| < 2^31 (even a negative w reads as its u32 bits, past any array), else 0xffffffff.
  const f = [5, -1, 2 ** 31, -(2 ** 31), 2 ** 32];
  const w = [5, -1, -(2 ** 31), -(2 ** 31), 0];
  same(await run('u32', 'numbat_iidx(w, x)', f, f, w), [5, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 'iidx');
  // ifix(w, f): the correctly rounded f32 of w when |f| < 2^31, else f.
  const wf = [16777217, 16777219, -16777219, 7];
  same(await run('f32', 'numbat_ifix(w, x)', [16777216, 16777216, -16777216, 2 ** 31], [0, 0, 0, 0], wf), [16777216, 16777220, -16777220, 2 ** 31], 'ifix');
});
