// Kernels and inputs that several prange test files share (not a test file: the runner takes *.test.ts only).
// Errors that name a loop's place name this file for these kernels.
import { prange } from '../../../src/index.js';

/** Doubles `xs` into `out` and sums `xs`: a loop with a reduction and a written array. */
export function scale(xs: Float64Array, out: Float64Array): number {
  let s = 0;
  for (const i of prange(xs.length)) {
    out[i] = 2 * xs[i]!;
    s += xs[i]!;
  }
  return s;
}

/** The inputs of the worker-failure tests: 50,000 small integers, and their sum (exact in any order). */
export const SCALE_N = 50_000;
export const SCALE_XS = Float64Array.from({ length: SCALE_N }, (_, i) => i % 97);
export const SCALE_SUM = SCALE_XS.reduce((a, b) => a + b, 0);

/** The lecture's standard deviation over two prange loops (mean, then squared deviations). */
export function pstd(xs: Float64Array): number {
  let mean = 0;
  for (const i of prange(xs.length)) mean += xs[i]!;
  mean /= xs.length;
  let ms = 0;
  for (const i of prange(xs.length)) ms += (xs[i]! - mean) ** 2;
  return Math.sqrt(ms / xs.length);
}
