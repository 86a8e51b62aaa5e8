// Kernels and inputs that several prange test files share (not a test file: the runner takes *.test.ts only).
// Errors that name a loop's place name this file for these kernels.
import { memoJit, prange } from '../../../src/index.js';

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

/** A throw in the second of two loops (iteration 4321), after the first wrote `out`: what reaches the caller. */
export function throwsInSecondLoop(xs: Float64Array, out: Float64Array): number {
  for (const i of prange(xs.length)) out[i] = xs[i]! + 1;
  let s = 0;
  for (const i of prange(xs.length)) {
    if (i === 4321) throw new RangeError('stop here');
    s += xs[i]!;
  }
  return s;
}

/** Runs `run` with `n` prange threads, once they have started (each file restores the count it found). */
export async function withThreads<T>(n: number, run: () => T): Promise<T> {
  memoJit.threads = n;
  await memoJit.threadsReady();
  return run();
}
