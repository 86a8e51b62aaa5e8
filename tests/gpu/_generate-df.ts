// Random `precision: 'f64-emulated'` kernels for the differential test (differential-df.test.ts), each with
// its error bound. A kernel `(i, a, ys, x, y, out, outI)` computes a number v through statements (a branch,
// a loop, reassignments) from + − × ÷ √ min max abs of its inputs, stores it in out[i] and an exact integer
// in outI[i], and may return v (reduced with 'sum', 'min' or 'max').
//
// What makes a difference between the GPU and the CPU fallback an error and not rounding:
// - inputs are multiples of 2^-43 in [-4, 4): exact as double-f32 pairs (hi plus a rest of at most 21 bits),
//   so branch conditions compare inputs only and take the same side on both backends, and `Math.floor`/
//   `Math.trunc` apply to inputs scaled by powers of two (exact in double-f32);
// - every value carries R, its running error bound in units of u = 2^-48 (as in wgsl/df32.test.ts: K = 4 per
//   operation plus the propagated errors of its operands), so the test asserts |gpu − cpu| ≤ 2u·R.

import { rng } from '../_support/rng.js';

/** Values a generated expression reads; `v` is the kernel's running variable with its bound. */
export interface DfEnv {
  readonly i: number;
  readonly a: number;
  readonly x: number;
  readonly y: number;
  readonly ys: Int32Array;
  v: [number, number];
  j: number;
}

interface Gen {
  readonly src: string;
  readonly val: (env: DfEnv) => [value: number, bound: number];
}

/** A generated kernel and its reference: the value of v and its bound, and the integer stored in outI. */
export interface DfProgram {
  readonly source: string;
  readonly returns: false | 'sum' | 'min' | 'max';
  /** Runs the kernel's statements in f64 for one index, with the bound of `out[i]` in units of u. */
  readonly reference: (i: number, a: number, x: Float64Array, y: Float64Array, ys: Int32Array) => { v: number; bound: number; int: number };
}

/** Per emulated operation, in units of u (wgsl/df32.test.ts argues it). */
export const K = 4;
/** The length of `ys`; its reads are masked to stay inside. */
export const YS_DF_LENGTH = 64;

/** An input exact in double-f32: a multiple of 2^-43 in [-4, 4). */
export function dfExactInput(r: () => number): number {
  return (Math.floor(r() * 2 ** 46) - 2 ** 45) * 2 ** -43;
}

/** Draws one kernel (see the module comment). */
export function generateDfKernel(seed: number): DfProgram {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

  function leaf(withV: boolean): Gen {
    const k = Math.floor(r() * (withV ? 8 : 7));
    switch (k) {
      case 0: return { src: 'x[i]', val: (e) => [e.x, Math.abs(e.x)] };
      case 1: return { src: 'y[i]', val: (e) => [e.y, Math.abs(e.y)] };
      case 2: return { src: 'a', val: (e) => [e.a, Math.abs(e.a)] };
      case 3: return { src: 'i', val: (e) => [e.i, 0] };
      case 4: {
        const c = pick([0.1, 3, 1e-3, 2.5, 1 / 3, -0.75]);
        return { src: String(c), val: () => [c, Math.abs(c)] };
      }
      case 5: {
        const c = Math.floor(r() * 64);
        return { src: `ys[(i + ${c}) & 63]`, val: (e) => [e.ys[(e.i + c) & 63]!, 0] };
      }
      case 6: {
        const s = pick([4, 8, 0.5]);
        return { src: `Math.floor(x[i] * ${s})`, val: (e) => [Math.floor(e.x * s), 0] };
      }
      default: return { src: 'v', val: (e) => e.v };
    }
  }

  function expr(depth: number, withV: boolean): Gen {
    if (depth === 0 || r() < 0.25) return leaf(withV);
    const p = expr(depth - 1, withV);
    const q = expr(depth - 1, withV);
    switch (Math.floor(r() * 8)) {
      case 0: return { src: `(${p.src} + ${q.src})`, val: (e) => { const [a, ra] = p.val(e), [b, rb] = q.val(e); return [a + b, ra + rb + K * Math.abs(a + b)]; } };
      case 1: return { src: `(${p.src} - ${q.src})`, val: (e) => { const [a, ra] = p.val(e), [b, rb] = q.val(e); return [a - b, ra + rb + K * Math.abs(a - b)]; } };
      case 2: return { src: `(${p.src} * ${q.src})`, val: (e) => { const [a, ra] = p.val(e), [b, rb] = q.val(e); return [a * b, ra * Math.abs(b) + Math.abs(a) * rb + ra * rb * 2 ** -48 + K * Math.abs(a * b)]; } };
      case 3: return {
        // The divisor is at least 1.5: no division is ill-conditioned by its denominator alone.
        src: `(${p.src} / (1.5 + ${q.src} * ${q.src}))`,
        val: (e) => {
          const [a, ra] = p.val(e), [b, rb] = q.val(e);
          const d = 1.5 + b * b, rd = 2 * Math.abs(b) * rb + 2 * K * d;
          return [a / d, ra / d + (Math.abs(a) * rd) / (d * d) + K * Math.abs(a / d)];
        },
      };
      case 4: return {
        src: `Math.sqrt(Math.abs(${p.src}) + 0.25)`,
        val: (e) => { const [a, ra] = p.val(e); const s = Math.sqrt(Math.abs(a) + 0.25); return [s, (ra + K * (Math.abs(a) + 0.25)) / (2 * s) + K * s]; },
      };
      case 5: return { src: `Math.min(${p.src}, ${q.src})`, val: (e) => { const [a, ra] = p.val(e), [b, rb] = q.val(e); return [Math.min(a, b), Math.max(ra, rb)]; } };
      case 6: return { src: `Math.max(${p.src}, ${q.src})`, val: (e) => { const [a, ra] = p.val(e), [b, rb] = q.val(e); return [Math.max(a, b), Math.max(ra, rb)]; } };
      default: return { src: `Math.abs(${p.src})`, val: (e) => { const [a, ra] = p.val(e); return [Math.abs(a), ra]; } };
    }
  }

  const init = expr(3, false);
  const cond = pick([
    { src: 'x[i] < y[i]', val: (e: DfEnv) => e.x < e.y },
    { src: 'a > x[i]', val: (e: DfEnv) => e.a > e.x },
    { src: 'x[i] * 2 >= y[i] + a', val: (e: DfEnv) => e.x * 2 >= e.y + e.a }, // exact: a sum of two inputs has 47 bits
    { src: 'i % 3 === 0', val: (e: DfEnv) => e.i % 3 === 0 },
  ]);
  const then = expr(2, true);
  const otherwise = expr(2, true);
  const step = expr(1, true);
  const scale = pick([2, 4, 8, 1024]);
  const returns = pick([false, false, 'sum', 'min', 'max'] as const);
  const source = [
    `let v = ${init.src};`,
    `if (${cond.src}) { v = v + ${then.src}; } else { v = v * ${otherwise.src}; }`,
    `for (let j = 0; j < (i & 3); j++) { v = v * 0.5 + ${step.src}; }`,
    'out[i] = v;',
    `outI[i] = Math.trunc(x[i] * ${scale}) + ys[i & 63];`,
    ...(returns ? ['return v;'] : []),
  ].join('\n');
  return {
    source,
    returns,
    reference(i, a, x, y, ys) {
      const env: DfEnv = { i, a, x: x[i]!, y: y[i]!, ys, v: [0, 0], j: 0 };
      env.v = init.val(env);
      if (cond.val(env)) {
        const [t, rt] = then.val(env);
        env.v = [env.v[0] + t, env.v[1] + rt + K * Math.abs(env.v[0] + t)];
      } else {
        const [t, rt] = otherwise.val(env);
        const [v, rv] = env.v;
        env.v = [v * t, rv * Math.abs(t) + Math.abs(v) * rt + rv * rt * 2 ** -48 + K * Math.abs(v * t)];
      }
      for (env.j = 0; env.j < (i & 3); env.j++) {
        const [s, rs] = step.val(env);
        const [v, rv] = env.v;
        env.v = [v * 0.5 + s, rv * 0.5 + rs + K * Math.abs(v * 0.5 + s)];
      }
      return { v: env.v[0], bound: env.v[1], int: (Math.trunc(x[i]! * scale) + ys[i & 63]!) | 0 };
    },
  };
}
