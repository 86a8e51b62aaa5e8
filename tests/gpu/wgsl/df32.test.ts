// `precision: 'f64-emulated'` (gpu/wgsl/df32.ts) on the adapter, against JavaScript's f64.
//
// The tolerance, argued: a double-f32 holds hi + lo with |lo| <= ulp(hi)/2, so an f64 argument is kept with a
// relative error of at most u = 2^-48 (hi is the nearest f32, lo the nearest f32 to the exact rest), and each
// emulated + - * / sqrt adds at most a few u relative to its result (Joldes, Muller, Popescu 2017 give 3u for
// this add, about 3u for this product; the division's three quotients and sqrt's two Newton steps land
// within the same few u). The error of an expression is then bounded by running error analysis (R below, in
// units of u, with k = 4 per operation), which also covers cancellation: `a - b` inherits the absolute
// errors of a and b, not a relative one. Every test asserts error <= 2 u R and reports the measured maximum.
// The host side is checked without a device first: splitF64/dfLiteral (nearest f32, then the nearest f32 to
// the rest), dfRangeProblem's bounds, packPairs/joinPairs, dfArrayHelpers and dfExpr's rules on an IR double.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { gpu, GpuUnsupportedError } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import { DF_WGSL, dfArrayHelpers, dfExpr, dfLiteral, dfRangeProblem, joinPairs, packPairs, splitF64, type DfHost } from '../../../src/gpu/wgsl/df32.js';
import type { Expr } from '../../../src/jit/ir.js';
import { WGSL_HELPERS } from '../../../src/gpu/wgsl/helpers.js';
import { rng } from '../../_support/rng.js';

const U = 2 ** -48;
const K = 4;
const DF = { precision: 'f64-emulated', require: true } as const;
const rel = (got: number, want: number): number => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));

const bitsOf = (v: number): string => new Uint32Array(Float32Array.of(v).buffer)[0]!.toString(16);

test('splitF64 and dfLiteral: hi the nearest f32, lo the nearest f32 to the rest; non-finite values keep lo = 0', () => {
  // 0.1 = 0x3dcccccd as an f32 (rounded up), so the rest is negative.
  assert.equal(dfLiteral(0.1), 'vec2<f32>(bitcast<f32>(0x3dcccccdu), bitcast<f32>(0xb0cccccdu))');
  assert.equal(dfLiteral(-2), 'vec2<f32>(bitcast<f32>(0xc0000000u), bitcast<f32>(0x0u))');
  assert.equal(dfLiteral(Infinity), 'vec2<f32>(numbat_inf(), 0.0)');
  assert.equal(dfLiteral(-Infinity), 'vec2<f32>(-numbat_inf(), 0.0)');
  assert.equal(dfLiteral(NaN), 'vec2<f32>(numbat_nan(), 0.0)');
  assert.deepEqual(splitF64(1e300), [Infinity, 0], 'past f32 the high part is infinite');
  const r = rng(3);
  for (let k = 0; k < 200; k++) {
    const v = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    const [hi, lo] = splitF64(v);
    assert.equal(hi, Math.fround(v));
    assert.equal(lo, Math.fround(v - hi), 'v - hi is exact in f64');
    assert.ok(Math.abs(hi + lo - v) <= U * Math.abs(v), `${v}`);
    assert.equal(dfLiteral(v), `vec2<f32>(bitcast<f32>(0x${bitsOf(hi)}u), bitcast<f32>(0x${bitsOf(lo)}u))`);
  }
});

test('dfRangeProblem: past f32\'s largest value or nonzero below its smallest normal; 0, NaN and ±Infinity are fine', () => {
  const F32_MAX = (2 - 2 ** -23) * 2 ** 127;
  for (const ok of [0, -0, NaN, Infinity, -Infinity, F32_MAX, -F32_MAX, 2 ** -126, -(2 ** -126), Math.PI]) assert.equal(dfRangeProblem(ok), undefined, `${ok}`);
  for (const big of [F32_MAX * (1 + 2 ** -52), -1e39, 1e300]) assert.equal(dfRangeProblem(big), "past 3.4e38 (f32's largest value)", `${big}`);
  for (const small of [2 ** -126 * (1 - 2 ** -53), -(2 ** -130), 5e-324]) assert.equal(dfRangeProblem(small), "below 1.2e-38 (f32's smallest normal value)", `${small}`);
});

test('packPairs puts element k at 2k and 2k + 1 and refuses the first element out of range by index; joinPairs adds them back', () => {
  const src = Float64Array.of(0.1, -Math.PI, 0, NaN, -Infinity, 1e30);
  const p = packPairs(src, 'xs');
  assert.equal(p.length, 12);
  src.forEach((v, k) => {
    const [hi, lo] = splitF64(v);
    assert.ok(Object.is(p[2 * k], hi) && Object.is(p[2 * k + 1], lo), `element ${k}`);
  });
  const back = joinPairs(p);
  assert.ok(Object.is(back[3], NaN) && back[4] === -Infinity && back[2] === 0);
  for (const k of [0, 1, 5]) assert.ok(Math.abs(back[k]! - src[k]!) <= U * Math.abs(src[k]!), `${src[k]}`);
  assert.notEqual(back[1], -Math.PI, '48 bits, not 53');
  const into = new Float64Array(2);
  assert.equal(joinPairs(Float32Array.of(1, 2 ** -30, 3, -(2 ** -40)), into), into, 'into is filled and returned');
  assert.deepEqual([...into], [1 + 2 ** -30, 3 - 2 ** -40]);
  assert.throws(() => packPairs(Float64Array.of(1, 2, 1e-40, 1e300), 'data'), (e: unknown) =>
    e instanceof RangeError && /^data: element 2 is 1e-40, below 1\.2e-38/.test(e.message) && /precision 'f64-emulated'/.test(e.message));
});

test('dfArrayHelpers: pair accessors bounded by the binding and the length (a store only when written); integer arrays read exactly; f32 none', () => {
  const base = { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: false } as const;
  assert.deepEqual(dfArrayHelpers(base), [], 'a Float32Array element is lifted where it is read');
  const read = dfArrayHelpers({ ...base, pairs: true });
  assert.equal(read.length, 2);
  assert.equal(read[0], 'fn numbat_bound_xs() -> u32 { return min(arrayLength(&a_xs) / 2u, numbat_P.len_xs); }');
  assert.match(read[1]!, /^fn numbat_ld_xs\(k: u32\) -> vec2<f32> \{ if \(k < numbat_bound_xs\(\)\) \{ return vec2<f32>\(a_xs\[2u \* k\], a_xs\[2u \* k \+ 1u\]\); \} return vec2<f32>\(numbat_nan\(\), 0\.0\); \}$/);
  const written = dfArrayHelpers({ ...base, pairs: true, writes: true, elementwise: true });
  assert.equal(written.length, 3);
  assert.match(written[0]!, /numbat_P\.len_xs - min\(numbat_P\.base, numbat_P\.len_xs\)/, 'an elementwise array is bounded within its window');
  assert.match(written[2]!, /^fn numbat_st_xs\(k: u32, v: vec2<f32>\) \{ if \(k < numbat_bound_xs\(\)\) \{ a_xs\[2u \* k\] = v\.x; a_xs\[2u \* k \+ 1u\] = v\.y; \} \}$/);
  const ints = dfArrayHelpers({ ...base, name: 'ids', element: 'i32' });
  assert.equal(ints.length, 1);
  assert.match(ints[0]!, /^fn numbat_lddf_ids\(k: u32\) -> vec2<f32> \{ if \(k < numbat_bound_ids\(\)\) \{ return .*a_ids\[k\].*; \} return vec2<f32>\(numbat_nan\(\), 0\.0\); \}$/);
});

test('dfExpr: f64 operators and Math to their double-f32 rules, > and >= by swapping, non-f64 left to the f32 emitter, the rest refused', () => {
  const F64 = { kind: 'f64' } as const, BOOL = { kind: 'bool' } as const, I32 = { kind: 'i32' } as const;
  const x = { op: 'local', name: 'x', type: F64 } as unknown as Expr;
  const y = { op: 'local', name: 'y', type: F64 } as unknown as Expr;
  const n = { op: 'local', name: 'n', type: I32 } as unknown as Expr;
  const refused: string[] = [];
  const host = {
    expr: (e: Expr) => `v_${(e as { name: string }).name}`, plain: () => 'plain',
    toInt32: (e: Expr) => `i_${(e as { name: string }).name}`, temp: () => 't0',
    unsupported: (construct: string, detail: string) => { refused.push(`${construct}: ${detail}`); throw new Error(construct); },
  } as unknown as DfHost;
  const ex = (e: object): string | undefined => dfExpr(e as Expr, [], host);
  assert.equal(ex({ op: 'binary', operator: 'sub', type: F64, left: x, right: y }), 'numbat_df_sub(v_x, v_y)');
  assert.equal(ex({ op: 'binary', operator: 'div', type: F64, left: x, right: y }), 'numbat_df_div(v_x, v_y)');
  assert.equal(ex({ op: 'compare', operator: 'gt', type: BOOL, left: x, right: y }), 'numbat_df_lt(v_y, v_x)');
  assert.equal(ex({ op: 'compare', operator: 'ge', type: BOOL, left: x, right: y }), 'numbat_df_le(v_y, v_x)');
  assert.equal(ex({ op: 'compare', operator: 'ne', type: BOOL, left: x, right: y }), '(!numbat_df_eq(v_x, v_y))');
  assert.equal(ex({ op: 'const', value: 2, type: F64 }), dfLiteral(2));
  assert.equal(ex({ op: 'math', fn: 'max', type: F64, args: [x, y, n] }), 'numbat_df_max(numbat_df_max(v_x, v_y), numbat_df_i32(v_n))');
  assert.equal(ex({ op: 'math', fn: 'fround', type: F64, args: [x] }), 'vec2<f32>((v_x).x, 0.0)');
  assert.equal(ex({ op: 'math', fn: 'floor', type: I32, args: [x] }), 'numbat_df_toint32(numbat_df_floor(v_x))', 'an i32 result is ToInt32 of the pair');
  assert.equal(ex({ op: 'truthy', type: BOOL, arg: x }), 'numbat_truthy((v_x).x)');
  assert.equal(ex({ op: 'binary', operator: 'add', type: I32, left: n, right: n }), undefined, 'an i32 sum is not the double-f32 rules\' business');
  assert.equal(ex({ op: 'compare', operator: 'lt', type: BOOL, left: n, right: n }), undefined);
  assert.throws(() => ex({ op: 'binary', operator: 'mod', type: F64, left: x, right: y }), /the operator %/);
  assert.throws(() => ex({ op: 'math', fn: 'sin', type: F64, args: [x] }), /Math\.sin/);
  assert.equal(refused.length, 2);
  for (const r of refused) assert.match(r, /only \+ - \* \/, Math\.sqrt, abs, min, max, floor, ceil, trunc and fround are computed in double-f32/);
});

test('the error-free transforms are exact on this adapter: two-sum and two-product of f32s equal the f64 sum and product', { skip: noAdapter }, async () => {
  // Without numbat_df_hide, Mesa's shader compiler rewrote (a + b) - a to b and every two-sum's error was 0.
  const body = `${WGSL_HELPERS}${DF_WGSL}
fn numbat_kernel(i: i32) {
  let s = numbat_two_sum(a_x[numbat_li], a_y[numbat_li]);
  let p = numbat_two_prod(a_x[numbat_li], a_y[numbat_li]);
  a_out[4u * numbat_li] = s.x; a_out[4u * numbat_li + 1u] = s.y; a_out[4u * numbat_li + 2u] = p.x; a_out[4u * numbat_li + 3u] = p.y;
}`;
  const k = new WgslKernel({ name: 'eft', grid: 1, usesRandom: false, rangeChecks: 'f64-emulated', body, params: [
    { kind: 'array', name: 'x', element: 'f32', writes: false, elementwise: true },
    { kind: 'array', name: 'y', element: 'f32', writes: false, elementwise: true },
    { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: false },
  ] });
  const r = rng(151);
  const n = 20_000;
  const value = (): number => (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
  const x = Float32Array.from({ length: n }, value);
  const y = Float32Array.from({ length: n }, value);
  const out = new Float32Array(4 * n);
  await k.launch(n, [x, y, out]);
  for (let i = 0; i < n; i++) {
    // Both are exact in f64: a sum of two f32s within 2^40 of each other, a product of two 24-bit significands.
    assert.equal(out[4 * i]! + out[4 * i + 1]!, x[i]! + y[i]!, `two-sum ${x[i]} + ${y[i]}`);
    assert.equal(out[4 * i + 2]! + out[4 * i + 3]!, x[i]! * y[i]!, `two-product ${x[i]} * ${y[i]}`);
  }
});

test('the error-free transforms are exact on constant operands too: the shader compiler folds and reassociates constants', { skip: noAdapter }, async () => {
  // Mesa's NIR reassociated the error term b - (s - a) of a two-sum into (a + b) - s when a and b were
  // constants, folding a + b in f32: 0.001 * 0.001 kept its high word only (9.999999974752427e-7, not 1e-6).
  const r = rng(152);
  const n = 24;
  const value = (): number => Math.fround((r() - 0.5) * 2 ** Math.floor(r() * 40 - 20));
  const x = Array.from({ length: n }, value);
  const y = Array.from({ length: n }, value);
  x[0] = y[0] = Math.fround(0.001);
  const big = (k: number): number => (Math.abs(x[k]!) >= Math.abs(y[k]!) ? x[k]! : y[k]!);
  const small = (k: number): number => (Math.abs(x[k]!) >= Math.abs(y[k]!) ? y[k]! : x[k]!);
  const lit = (v: number): string => `bitcast<f32>(0x${(new Uint32Array(Float32Array.of(v).buffer)[0]!).toString(16)}u)`;
  const lines = x.map((_, k) => `  if (numbat_li == ${k}u) { s = numbat_two_sum(${lit(x[k]!)}, ${lit(y[k]!)}); p = numbat_two_prod(${lit(x[k]!)}, ${lit(y[k]!)}); q = numbat_quick_two_sum(${lit(big(k))}, ${lit(small(k))}); }`);
  const body = `${WGSL_HELPERS}${DF_WGSL}
fn numbat_kernel(i: i32) {
  var s = vec2<f32>(0.0, 0.0);
  var p = vec2<f32>(0.0, 0.0);
  var q = vec2<f32>(0.0, 0.0);
${lines.join('\n')}
  let o = 6u * numbat_li;
  a_out[o] = s.x; a_out[o + 1u] = s.y; a_out[o + 2u] = p.x; a_out[o + 3u] = p.y; a_out[o + 4u] = q.x; a_out[o + 5u] = q.y;
}`;
  const k = new WgslKernel({ name: 'eftConst', grid: 1, usesRandom: false, rangeChecks: 'f64-emulated', body, params: [
    { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: false },
  ] });
  const out = new Float32Array(6 * n);
  await k.launch(n, [out]);
  for (let i = 0; i < n; i++) {
    // Exact in f64 (as in the test above); the quick two-sum's inputs are ordered by magnitude, as it requires.
    assert.equal(out[6 * i]! + out[6 * i + 1]!, x[i]! + y[i]!, `two-sum of the constants ${x[i]} + ${y[i]}`);
    assert.equal(out[6 * i + 2]! + out[6 * i + 3]!, x[i]! * y[i]!, `two-product of the constants ${x[i]} * ${y[i]}`);
    assert.equal(out[6 * i + 4]! + out[6 * i + 5]!, x[i]! + y[i]!, `quick two-sum of the constants ${big(i)} + ${small(i)}`);
  }
});

test('+ − × ÷ √ of literals keep their low word: each within 12u of JavaScript', { skip: noAdapter }, async () => {
  // The same constants through the kernel language (the differential's seed 101000 found v * 0.001 with v = 0.001).
  const lits = gpu(DF)(function lits(i: number, out: Float64Array) {
    let v = 0.001;
    if (i === 0) v = v * 0.001;
    if (i === 1) v = 0.001 * Math.abs(0.001);
    if (i === 2) v = 0.1 + 0.2;
    if (i === 3) v = 1e-3 - 1e-12;
    if (i === 4) v = 2.5 / 3;
    if (i === 5) v = Math.sqrt(2);
    if (i === 6) v = 0.1 * 3;
    if (i === 7) v = (1 / 3) * 3.7;
    out[i] = v;
  });
  const want = [0.001 * 0.001, 0.001 * 0.001, 0.1 + 0.2, 1e-3 - 1e-12, 2.5 / 3, Math.sqrt(2), 0.1 * 3, (1 / 3) * 3.7];
  const out = new Float64Array(want.length);
  await lits.launch(want.length, out);
  assert.equal(lits.lastBackend, 'gpu');
  // Each literal within u of its f64, one or two operations within K u each: (2 + 2K) u, doubled.
  want.forEach((w, i) => assert.ok(rel(out[i]!, w) <= 12 * U, `case ${i}: GPU ${out[i]}, JavaScript ${w} (relative error ${rel(out[i]!, w)})`));
});

// ------------------------------------------------------------------ generated expressions with their bound

interface Gen { src: string; val: (x: number, y: number, a: number, i: number) => [value: number, r: number] }

function generate(r: () => number, depth: number): Gen {
  if (depth === 0 || r() < 0.25) {
    const leaf = Math.floor(r() * 5);
    if (leaf === 0) return { src: 'x[i]!', val: (x) => [x, Math.abs(x)] };
    if (leaf === 1) return { src: 'y[i]!', val: (_x, y) => [y, Math.abs(y)] };
    if (leaf === 2) return { src: 'a', val: (_x, _y, a) => [a, Math.abs(a)] };
    if (leaf === 3) return { src: 'i', val: (_x, _y, _a, i) => [i, 0] };
    const c = [0.1, 3, 1e-3, 2.5, 1 / 3][Math.floor(r() * 5)]!;
    return { src: String(c), val: () => [c, Math.abs(c)] };
  }
  const p = generate(r, depth - 1);
  const q = generate(r, depth - 1);
  switch (Math.floor(r() * 7)) {
    case 0: return { src: `(${p.src} + ${q.src})`, val: (...v) => { const [a, ra] = p.val(...v), [b, rb] = q.val(...v); return [a + b, ra + rb + K * Math.abs(a + b)]; } };
    case 1: return { src: `(${p.src} - ${q.src})`, val: (...v) => { const [a, ra] = p.val(...v), [b, rb] = q.val(...v); return [a - b, ra + rb + K * Math.abs(a - b)]; } };
    case 2: return { src: `(${p.src} * ${q.src})`, val: (...v) => { const [a, ra] = p.val(...v), [b, rb] = q.val(...v); return [a * b, ra * Math.abs(b) + Math.abs(a) * rb + K * Math.abs(a * b)]; } };
    case 3: {
      // The divisor is at least 1.5: no generated division is ill-conditioned by its denominator alone.
      return { src: `(${p.src} / (1.5 + ${q.src} * ${q.src}))`, val: (...v) => {
        const [a, ra] = p.val(...v), [b, rb] = q.val(...v);
        const d = 1.5 + b * b, rd = 2 * Math.abs(b) * rb + 2 * K * d;
        return [a / d, ra / d + (Math.abs(a) * rd) / (d * d) + K * Math.abs(a / d)];
      } };
    }
    case 4: return { src: `Math.sqrt(Math.abs(${p.src}) + 0.25)`, val: (...v) => {
      const [a, ra] = p.val(...v);
      const s = Math.sqrt(Math.abs(a) + 0.25);
      return [s, (ra + K * (Math.abs(a) + 0.25)) / (2 * s) + K * s];
    } };
    case 5: return { src: `Math.min(${p.src}, ${q.src})`, val: (...v) => { const [a, ra] = p.val(...v), [b, rb] = q.val(...v); return [Math.min(a, b), Math.max(ra, rb)]; } };
    default: return { src: `Math.max(${p.src}, ${q.src})`, val: (...v) => { const [a, ra] = p.val(...v), [b, rb] = q.val(...v); return [Math.max(a, b), Math.max(ra, rb)]; } };
  }
}

test('generated kernels of + − × ÷ √ min max on Float64Arrays: within 2u·R of JavaScript (measured: at most 0.15 of the bound, 1.4e-13 relative after cancellation)', { skip: noAdapter }, async (t) => {
  const n = 2048;
  let worstRel = 0;
  let worstRatio = 0;
  for (const seed of [11, 22, 33, 44, 55, 66, 77, 88]) {
    const r = rng(seed);
    const g = generate(r, 4);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const kernel = gpu(DF)(new Function(`return function gen${seed}(i, a, x, y, out) { out[i] = ${g.src.replace(/!/g, '')}; }`)() as (i: number, a: number, x: Float64Array, y: Float64Array, out: Float64Array) => void);
    const x = Float64Array.from({ length: n }, () => r() * 4 - 2);
    const y = Float64Array.from({ length: n }, () => r() * 4 - 2);
    const a = r() * 2 - 1;
    const out = new Float64Array(n);
    await kernel.launch(n, a, x, y, out);
    assert.equal(kernel.lastBackend, 'gpu');
    for (let i = 0; i < n; i++) {
      const [want, bound] = g.val(x[i]!, y[i]!, a, i);
      const err = Math.abs(out[i]! - want);
      assert.ok(err <= 2 * U * bound, `seed ${seed}, i = ${i}: ${g.src} gave ${out[i]}, JavaScript ${want} (error ${err}, bound ${2 * U * bound})`);
      worstRel = Math.max(worstRel, rel(out[i]!, want));
      if (bound > 0) worstRatio = Math.max(worstRatio, err / (U * bound));
    }
  }
  t.diagnostic(`max relative error ${worstRel.toExponential(2)}; max error / (u·R) ${worstRatio.toFixed(3)} (asserted <= 2)`);
});

test('+ − × ÷ √ of Float64Arrays and a number: at most 12u relative without cancellation (measured up to 1.3e-14)', { skip: noAdapter }, async (t) => {
  const ops = gpu(DF)(function ops(i: number, a: number, x: Float64Array, y: Float64Array, out: Float64Array) {
    const u = x[i]!, v = y[i]!;
    out[5 * i] = u + v;
    out[5 * i + 1] = u * a;
    out[5 * i + 2] = u * v;
    out[5 * i + 3] = u / v;
    out[5 * i + 4] = Math.sqrt(u);
  });
  const r = rng(7);
  const n = 20_000;
  // Positive magnitudes from 1e-6 to 1e6: no cancellation, and far from where lo would be subnormal.
  const x = Float64Array.from({ length: n }, () => 10 ** (r() * 12 - 6));
  const y = Float64Array.from({ length: n }, () => 10 ** (r() * 12 - 6));
  const a = Math.PI;
  const out = new Float64Array(5 * n);
  await ops.launch(n, a, x, y, out);
  const worst = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = x[i]!, v = y[i]!;
    [u + v, u * a, u * v, u / v, Math.sqrt(u)].forEach((want, k) => { worst[k] = Math.max(worst[k]!, rel(out[5 * i + k]!, want)); });
  }
  t.diagnostic(`max relative error + ${worst[0]!.toExponential(2)}, ×a ${worst[1]!.toExponential(2)}, × ${worst[2]!.toExponential(2)}, ÷ ${worst[3]!.toExponential(2)}, √ ${worst[4]!.toExponential(2)}`);
  // Two inputs each within u, then one operation within K u: (2 + K) u for each, doubled for slack.
  for (const w of worst) assert.ok(w <= 12 * U, `relative error ${w} > 12u = ${12 * U}`);
});

test('integers are exact: Int32Array elements and ToInt32, floor and comparisons of doubles past 2^24', { skip: noAdapter }, async () => {
  const exact = gpu(DF)(function exact(i: number, ys: Int32Array, x: Float64Array, out: Float64Array, outI: Int32Array) {
    out[2 * i] = ys[i]! * 3 + 0.5;
    out[2 * i + 1] = Math.floor(x[i]! * 10);
    outI[2 * i] = (x[i]! * 3) | 0;
    outI[2 * i + 1] = x[i]! * 2 > ys[i]! ? 1 : 0;
  });
  const ys = Int32Array.of(2147483647, -2147483648, 16777217, -33554435, 123456789, 0);
  const x = Float64Array.of(1e9 + 0.5, -1e9 - 0.25, 16777217.5, 0.123456789012, 3e9 + 0.5, 61728394.5);
  const n = ys.length;
  const out = new Float64Array(2 * n);
  const outI = new Int32Array(2 * n);
  await exact.launch(n, ys, x, out, outI);
  for (let i = 0; i < n; i++) {
    assert.equal(out[2 * i], ys[i]! * 3 + 0.5, `ys[${i}] * 3 + 0.5`);
    assert.equal(out[2 * i + 1], Math.floor(x[i]! * 10), `floor(x[${i}] * 10)`);
    assert.equal(outI[2 * i], (x[i]! * 3) | 0, `(x[${i}] * 3) | 0`);
    assert.equal(outI[2 * i + 1], x[i]! * 2 > ys[i]! ? 1 : 0, `x[${i}] * 2 > ys[${i}]`);
  }
});

// ------------------------------------------------------------------------------- the lecture's kernels

test("the lecture's kernels in f64-emulated: saxpy, two-pass std, closest pair (measured relative errors 9e-15, 1.2e-14 for the variance, closest pair exact)", { skip: noAdapter }, async (t) => {
  const r = rng(2026);
  const n = 1 << 18;
  // saxpy on positive data: 3 inputs within u, 2 operations within K u each.
  const saxpy = gpu(DF)(function saxpy(i: number, a: number, x: Float64Array, y: Float64Array, out: Float64Array) { out[i] = a * x[i]! + y[i]!; });
  const x = Float64Array.from({ length: n }, () => r());
  const y = Float64Array.from({ length: n }, () => r());
  const out = new Float64Array(n);
  await saxpy.launch(n, 0.7, x, y, out);
  let saxpyErr = 0;
  for (let i = 0; i < n; i++) saxpyErr = Math.max(saxpyErr, rel(out[i]!, 0.7 * x[i]! + y[i]!));
  assert.ok(saxpyErr <= 2 * (3 + 2 * K) * U, `saxpy ${saxpyErr}`);

  // std of data offset by 1000 (ill-conditioned in f32: ulp(1000) is 6e-5 of a spread of 0.29).
  const total = gpu(DF)(function total(i: number, x: Float64Array) { return x[i]!; });
  const squares = gpu(DF)(function squares(i: number, mean: number, x: Float64Array) { const d = x[i]! - mean; return d * d; });
  const data = Float64Array.from({ length: n }, () => 1000 + r());
  const mean = (await total.launch(n, data)) / n;
  const variance = (await squares.launch(n, mean, data)) / n;
  let m = 0;
  for (const v of data) m += v;
  m /= n;
  let s = 0;
  for (const v of data) s += (v - m) ** 2;
  const refVar = s / n;
  const meanErr = rel(mean, m);
  const varErr = rel(variance, refVar);
  // The mean: positive terms, each of the at most n / 256 + 8 + 1 additions on a path within K u of the partial
  // sum (sequential per invocation, then the workgroup tree; the host adds partials in f64).
  assert.ok(meanErr <= (n / 256 + 9) * K * U, `mean ${meanErr}`);
  // Each deviation is off by at most 2 u · 1001 (its two operands' representation) + K u |d|; squared and summed
  // that is 2 · (2 · 1001 u / σ) relative to the variance, plus the sum's own error as for the mean.
  const sigma = Math.sqrt(refVar);
  assert.ok(varErr <= (4 * 1001 * U) / sigma + (n / 256 + 9 + 2 * K) * K * U, `variance ${varErr}`);

  // Closest pair over 2000 points in the unit square, reduced with min.
  const closest = gpu({ ...DF, reduce: 'min' })(function closest(i: number, px: Float64Array, py: Float64Array): number {
    let best = Infinity;
    for (let j = 0; j < px.length; j++) {
      if (j === i) continue;
      const dx = px[i]! - px[j]!;
      const dy = py[i]! - py[j]!;
      best = Math.min(best, dx * dx + dy * dy);
    }
    return best;
  });
  const m2 = 2000;
  const px = Float64Array.from({ length: m2 }, () => r());
  const py = Float64Array.from({ length: m2 }, () => r());
  let refBest = Infinity;
  for (let i = 0; i < m2; i++) for (let j = 0; j < m2; j++) if (i !== j) refBest = Math.min(refBest, (px[i]! - px[j]!) ** 2 + (py[i]! - py[j]!) ** 2);
  const best = await closest.launch(m2, px, py);
  const bestErr = rel(best, refBest);
  // dx and dy are off by at most 2u (coordinates below 1); their squares by 2 · 2u · sqrt(best) each.
  assert.ok(Math.abs(best - refBest) <= U * (8 * Math.sqrt(refBest) + 4 * K * refBest), `closest pair ${best} vs ${refBest}`);
  t.diagnostic(`saxpy ${saxpyErr.toExponential(2)}, mean ${meanErr.toExponential(2)}, variance ${varErr.toExponential(2)} (σ = ${sigma.toFixed(3)}), closest pair ${bestErr.toExponential(2)}`);
});

test('df reductions: a sum of 1e6 doubles within (n/256 + 9)·4u (measured about 1e-16), min and max exact to u', { skip: noAdapter }, async (t) => {
  const n = 1_000_000;
  const xs = Float64Array.from({ length: n }, (_, i) => 1 + i * 1e-7);
  const sum = gpu(DF)(function sum(i: number, x: Float64Array) { return x[i]! * 0.1; });
  const lo = gpu({ ...DF, reduce: 'min' })(function lo(i: number, x: Float64Array) { return x[i]! - 2; });
  const hi = gpu({ ...DF, reduce: 'max' })(function hi(i: number, x: Float64Array) { return x[i]! - 2; });
  let ref = 0;
  for (const v of xs) ref += v * 0.1;
  const got = await sum.launch(n, xs);
  const err = rel(got, ref);
  assert.ok(err <= (n / 256 + 9) * K * U, `sum ${got} vs ${ref}`);
  assert.ok(Math.abs((await lo.launch(n, xs)) - (xs[0]! - 2)) <= U, 'min');
  assert.ok(Math.abs((await hi.launch(n, xs)) - (xs[n - 1]! - 2)) <= 2 * U, 'max');
  const withNaN = xs.slice(0, 1000);
  withNaN[500] = NaN;
  assert.ok(Number.isNaN(await hi.launch(1000, withNaN)), 'max propagates NaN, as Math.max');
  t.diagnostic(`sum of 1e6: relative error ${err.toExponential(2)}`);
});

test('f64-emulated refuses what it does not emulate, with the line: Math.sin, %, and Float32Array inputs keep f32 values', { skip: noAdapter }, async () => {
  const sine = gpu(DF)(function sine(i: number, x: Float64Array) {
    x[i] = Math.sin(x[i]!);
  });
  await assert.rejects(sine.launch(4, new Float64Array(4)), (e: unknown) => e instanceof GpuUnsupportedError && e.construct === 'Math.sin' && /f64-emulated/.test(e.message) && e.position?.line !== undefined);
  const mod = gpu(DF)(function mod(i: number, x: Float64Array) {
    x[i] = x[i]! % 3;
  });
  await assert.rejects(mod.launch(4, new Float64Array(4)), (e: unknown) => e instanceof GpuUnsupportedError && e.construct === 'the operator %');
  // A Float32Array element is its f32 value, exactly: (x, 0), then double-f32 arithmetic on it.
  const widen = gpu(DF)(function widen(i: number, f: Float32Array, out: Float64Array) { out[i] = f[i]! / 3; });
  const f = Float32Array.of(1, 0.1, 7);
  const out = new Float64Array(3);
  await widen.launch(3, f, out);
  for (let i = 0; i < 3; i++) assert.ok(rel(out[i]!, f[i]! / 3) <= 2 * K * U, `${f[i]} / 3`);
});
