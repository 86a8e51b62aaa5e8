// The Math table (src/jit/ops/math.ts) row by row through the WGSL backend on lavapipe: every function, in a
// kernel compiled from JavaScript, against JavaScript's own Math on the same f32 inputs, within the tolerance
// documented below. Inputs are f32 (what the GPU holds), issue 10's edge values included (±0, ±Infinity, NaN,
// subnormals, 2^31, 2^53, 1e300 as f32); the reference is computed in f64 from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';
import { MATH, type MathFunctionRow } from '../../src/jit/ops/math.js';

/**
 * How close the GPU must be, per function: |gpu - js| <= rel * |js| + abs, and special values (NaN, ±Infinity)
 * exactly. `inputs` narrows the inputs where WGSL leaves results unspecified (sin, cos, tan outside [-π, π]
 * have no accuracy requirement in WGSL; exp and friends overflow f32 sooner than f64).
 */
interface Tolerance {
  /** Relative tolerance, or one that depends on the arguments. */
  readonly rel: number | ((x: number, y: number) => number);
  readonly abs: number;
  readonly inputs?: readonly number[];
  /** Why this row is looser than a few f32 ulp. */
  readonly why?: string;
}

// Lavapipe (like other drivers: WGSL lets implementations assume no NaN) folds `x != x` to false: the rows of
// min, max, sign and pow test NaN on the bits instead, and these tests hold them to JS's NaN results.

const F32_ULPS = 4 * 2 ** -23; // a few ulp of f32
const DEFAULT: Tolerance = { rel: F32_ULPS, abs: 0 };
const SPECIALS = [0, -0, Infinity, -Infinity, NaN];
const UNIT = [-1, -0.9999, -0.75, -0.5, -0.1, -1e-5, 1e-5, 0.1, 0.5, 0.75, 0.9999, 1];
/**
 * Issue 10's edge values as the GPU holds them: f32 subnormals (the smallest, 2^-149, and 1e-40) and an f64
 * subnormal (5e-324, which is +0 as an f32); 2^31 and 2^53 (exact f32s); 1e300 (+Infinity as an f32).
 */
const SUBNORMALS = [2 ** -149, -(2 ** -149), 1e-40, -1e-40, 5e-324];
const EDGES = [...SUBNORMALS, 2 ** 31, -(2 ** 31), 2 ** 53, -(2 ** 53), 1e300, -1e300];
const WIDE = [...SPECIALS, ...UNIT, ...EDGES, 1e-30, -1e-30, 1.5, -1.5, 2.5, -2.5, 3, -7, 10, -10, 100, 1234.5, 1e4, -1e4, 1e10, -1e10, 1e20, -1e20, 3e38, -3e38];
const ANGLES = [0, -0, NaN, ...SUBNORMALS, ...UNIT, 1.5, -1.5, 2, -2, 3, -3, Math.PI, -Math.PI];
const EXP_RANGE = [...SPECIALS, ...SUBNORMALS, ...UNIT, 1.5, -1.5, 2.5, 5, -5, 10, -10, 20, -20, 80, -80, 88, -100, 200];

const TOLERANCE: Partial<Record<string, Tolerance>> = {
  sin: { rel: 0, abs: 2 ** -11, inputs: ANGLES, why: 'WGSL: absolute error 2^-11 on [-π, π], unspecified outside' },
  cos: { rel: 0, abs: 2 ** -11, inputs: ANGLES, why: 'WGSL: absolute error 2^-11 on [-π, π], unspecified outside' },
  tan: { rel: 2 ** -10, abs: 2 ** -10, inputs: ANGLES.filter((x) => Math.abs(x) < 1.5), why: 'WGSL: inherited from sin(x) / cos(x)' },
  exp: { rel: 2 ** -14, abs: 0, inputs: EXP_RANGE, why: 'WGSL: 3 + 2|x| ulp (up to 2^-14 relative for |x| <= 100)' },
  expm1: {
    rel: 2 ** -18, abs: 2 ** -22, inputs: EXP_RANGE, why: 'numbat_expm1 on WGSL exp and log',
  },
  sinh: { rel: 2 ** -18, abs: 2 ** -22, inputs: EXP_RANGE, why: 'WGSL: inherited from (exp(x) - exp(-x)) / 2' },
  cosh: { rel: 2 ** -18, abs: 0, inputs: EXP_RANGE, why: 'WGSL: inherited from (exp(x) + exp(-x)) / 2' },
  tanh: { rel: 2 ** -18, abs: 2 ** -22, inputs: EXP_RANGE, why: 'WGSL: inherited from sinh(x) / cosh(x)' },
  pow: {
    // log2's absolute error 2^-21 near 1, times y, is the exponent's error: relative 2^-21 * |y| in the result
    rel: (_x, y) => 2 ** -16 + 2 ** -20 * Math.abs(y), abs: 2 ** -22, why: 'WGSL: inherited from exp2(y * log2(x)); the error grows with |y| (2^-20 |y| relative)',
  },
  log: { rel: 2 ** -20, abs: 2 ** -21, why: 'WGSL: 3 ulp outside [0.5, 2], absolute 2^-21 inside' },
  log2: { rel: 2 ** -20, abs: 2 ** -21, why: 'WGSL: 3 ulp outside [0.5, 2], absolute 2^-21 inside' },
  log10: { rel: 2 ** -20, abs: 2 ** -21, why: 'log2(x) * log10(2)' },
  log1p: {
    rel: 2 ** -18, abs: 2 ** -21, why: 'numbat_log1p on WGSL log',
  },

  cbrt: { rel: 2 ** -18, abs: 0, why: 'pow(|x|, 1/3): WGSL pow is inherited from exp2 and log2' },
  acos: { rel: 2 ** -10, abs: 2 ** -20, why: 'WGSL: inherited from atan2(sqrt(1 - x*x), x), and atan2 is 4096 ulp' },
  asin: { rel: 2 ** -10, abs: 2 ** -20, why: 'WGSL: inherited from atan2(x, sqrt(1 - x*x)), and atan2 is 4096 ulp' },
  atan: { rel: 2 ** -11, abs: 0, why: 'WGSL: 4096 ulp (2^-11 relative)' },
  atan2: { rel: 2 ** -11, abs: 0, why: 'WGSL: 4096 ulp (2^-11 relative)' },
  acosh: { rel: 2 ** -16, abs: 2 ** -11, why: 'WGSL: inherited from log(x + sqrt(x*x - 1)): just above 1 the error is absolute' },
  asinh: { rel: 2 ** -16, abs: 2 ** -20, why: 'WGSL: inherited from log(x + sqrt(x*x + 1)); numbat uses |x| and x for tiny x' },
  atanh: { rel: 2 ** -16, abs: 2 ** -20, why: 'WGSL: inherited from log((1 + x) / (1 - x)) / 2' },
  hypot: {
    rel: F32_ULPS, abs: 0, why: 'numbat_hypot: scaled by the larger magnitude, as JS does',
  },
};

const functions = Object.entries(MATH).filter((e): e is [string, MathFunctionRow] => e[1].kind === 'function');

function close(gpuValue: number, js: number, tol: Tolerance, x = NaN, y = NaN): boolean {
  if (Number.isNaN(js)) return Number.isNaN(gpuValue);
  if (!Number.isFinite(js)) return gpuValue === js;
  // A finite f64 result beyond f32's range is Infinity in f32, which is the right f32 answer.
  const f = Math.fround(js);
  if (!Number.isFinite(f)) return gpuValue === f;
  // GPUs need not keep f32 subnormals (lavapipe flushes them): a result below 2^-126 may be 0.
  if (Math.abs(js) < 2 ** -126 && gpuValue === 0) return true;
  const rel = typeof tol.rel === 'number' ? tol.rel : tol.rel(x, y);
  return Math.abs(gpuValue - js) <= rel * Math.abs(js) + tol.abs + Math.abs(f - js);
}

/** `x` as a GPU that flushes f32 subnormals sees it: ±0 for 0 < |x| < 2^-126, else `x` (NaN stays NaN). */
function flushed(x: number): number {
  return x !== 0 && Math.abs(x) < 2 ** -126 ? (x < 0 ? -0 : 0) : x;
}

for (const [name, row] of functions) {
  if (name === 'clz32' || name === 'imul') continue; // integer rows: tested exactly below
  const tol = TOLERANCE[name] ?? DEFAULT;
  const reference = Math[name as keyof Math] as (...xs: number[]) => number;
  const inputs = Float32Array.from(tol.inputs ?? WIDE);
  test(`Math.${name} on the GPU agrees with JavaScript within ${tol.why ?? 'a few f32 ulp'}`, { skip: noAdapter }, async (t) => {
    const unexpected: string[] = [];
    const check = (gpuValue: number, x: number, y: number, call: string, js: number): void => {
      if (close(gpuValue, js, tol, x, y)) return;
      // GPUs may flush subnormal f32 inputs to zero (WGSL allows it; lavapipe does): JS's answer for the
      // flushed input, a zero of the same sign, is then the right one too
      const fx = flushed(x), fy = flushed(y);
      if ((!Object.is(fx, x) || !Object.is(fy, y)) && close(gpuValue, reference(fx, fy), tol, fx, fy)) return;
      const line = `${call} = ${gpuValue} on the GPU, ${js} in JS`;
      unexpected.push(line);
    };
    if (row.arity === 1) {
      const k = gpu(new Function('i', 'xs', 'out', `out[i] = Math.${name}(xs[i]);`) as (i: number, xs: Float32Array, out: Float32Array) => void);
      const out = new Float32Array(inputs.length);
      await k.launch(inputs.length, inputs, out);
      assert.equal(k.lastBackend, 'gpu');
      inputs.forEach((x, i) => check(out[i]!, x, NaN, `Math.${name}(${x})`, reference(x)));
    } else {
      const list = [...inputs];
      const xs = Float32Array.from(list.flatMap((x) => list.map(() => x)));
      const ys = Float32Array.from(list.flatMap(() => list));
      const k = gpu(new Function('i', 'xs', 'ys', 'out', `out[i] = Math.${name}(xs[i], ys[i]);`) as (i: number, xs: Float32Array, ys: Float32Array, out: Float32Array) => void);
      const out = new Float32Array(xs.length);
      await k.launch(xs.length, xs, ys, out);
      xs.forEach((x, i) => check(out[i]!, x, ys[i]!, `Math.${name}(${Object.is(x, -0) ? '-0' : x}, ${Object.is(ys[i], -0) ? '-0' : ys[i]})`, reference(x, ys[i]!)));
    }
    assert.deepEqual(unexpected.slice(0, 12), [], `${unexpected.length} results differ`);
  });
}

const INT32_EDGES = [0, 1, -1, 2, -2, 3, 7, 8, 255, 256, 65535, 65536, 2 ** 24 + 1, 2 ** 30, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) + 1, 123456789, -123456789];

test('Math.clz32 on the GPU equals JavaScript for int32 inputs, 0 and negatives included', { skip: noAdapter }, async () => {
  const clz = gpu(function clz(i: number, xs: Int32Array, out: Int32Array) {
    out[i] = Math.clz32(xs[i]!);
  });
  // every power of two and its neighbours, both signs, plus the edges
  const values = new Set(INT32_EDGES);
  for (let b = 0; b < 32; b++) for (const d of [-1, 0, 1]) values.add(((2 ** b) + d) | 0).add((-(2 ** b) + d) | 0);
  const xs = Int32Array.from(values);
  const out = new Int32Array(xs.length);
  await clz.launch(xs.length, xs, out);
  assert.deepEqual([...out], [...xs].map((x) => Math.clz32(x)));
});

test('Math.imul on the GPU wraps like JavaScript', { skip: noAdapter }, async () => {
  const mul = gpu(function mul(i: number, xs: Int32Array, ys: Int32Array, out: Int32Array) {
    out[i] = Math.imul(xs[i]!, ys[i]!);
  });
  const xs = Int32Array.from(INT32_EDGES.flatMap((x) => INT32_EDGES.map(() => x)));
  const ys = Int32Array.from(INT32_EDGES.flatMap(() => INT32_EDGES));
  const out = new Int32Array(xs.length);
  await mul.launch(xs.length, xs, ys, out);
  assert.deepEqual([...out], [...xs].map((x, i) => Math.imul(x, ys[i]!)));
});

test('variadic Math.min, Math.max and Math.hypot with three arguments on the GPU', { skip: noAdapter }, async () => {
  const vals = Float32Array.from([NaN, -Infinity, -2.5, -0, 0, 1, 3.5, Infinity]);
  for (const name of ['min', 'max', 'hypot'] as const) {
    const k = gpu(new Function('i', 'xs', 'ys', 'zs', 'out', `out[i] = Math.${name}(xs[i], ys[i], zs[i]);`) as (i: number, xs: Float32Array, ys: Float32Array, zs: Float32Array, out: Float32Array) => void);
    const n = vals.length ** 3;
    const xs = new Float32Array(n), ys = new Float32Array(n), zs = new Float32Array(n);
    for (let a = 0, k2 = 0; a < vals.length; a++) for (let b = 0; b < vals.length; b++) for (let c = 0; c < vals.length; c++, k2++) [xs[k2], ys[k2], zs[k2]] = [vals[a]!, vals[b]!, vals[c]!];
    const out = new Float32Array(n);
    await k.launch(n, xs, ys, zs, out);
    for (let j = 0; j < n; j++) {
      const js = Math[name](xs[j]!, ys[j]!, zs[j]!);
      // hypot(NaN, ±∞) is ∞ in JS and NaN in sqrt(Σx²) (documented in its row)
      if (name === 'hypot' && (Number.isNaN(xs[j]) || Number.isNaN(ys[j]) || Number.isNaN(zs[j]))) continue;
      // WGSL's min/max do not order -0 and +0 (documented in the table): compare them as equal.
      assert.ok(close(out[j]!, js, DEFAULT), `Math.${name}(${xs[j]}, ${ys[j]}, ${zs[j]}) = ${out[j]} on the GPU, ${js} in JS`);
    }
  }
});
