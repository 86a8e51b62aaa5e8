/**
 * The lecture's Monte Carlo π: shoot points in the unit square and count those inside the quarter circle,
 * first in plain JS, then compiled with `@njit`-style `memoJit`. Run it alone: `npx tsx examples/pi.ts`.
 */
import { memoJit, timeitWith, isMain, formatSeconds } from '../src/index.js';
import { numba } from '../bench/numba.js';
import { printTimeit, type DemoReport } from './_demo.js';
import type { JitDemoOptions } from './std.js';

/**
 * The Python `pi(npoints)`, line for line.
 *
 * @example
 * ```ts
 * pi(10000); // 3.1136
 * ```
 */
export function pi(npoints: number): number {
  let n_in_circle = 0;
  for (let i = 0; i < npoints; i++) {
    const x = Math.random();
    const y = Math.random();
    if (x ** 2 + y ** 2 < 1) {
      n_in_circle += 1;
    }
  }
  return 4 * n_in_circle / npoints;
}

/** `@njit def fast_pi`: the same source, compiled. */
export const fast_pi = memoJit(pi);

/** The relative uncertainty of the estimate with `n` points (the lecture's lambda). */
export const uncertainty = (x: number): number => 1 / Math.sqrt(x);

/** What the π demo computed, besides the timing rows. */
export interface PiDemo extends DemoReport {
  readonly size: number;
  /** `[npoints, plain estimate, compiled estimate]` for each size tried. */
  readonly estimates: ReadonlyArray<readonly [number, number, number]>;
}

/** Runs the notebook cells: estimates for growing sizes, their uncertainty, `%timeit` of both versions. */
export async function demo(options: JitDemoOptions = {}): Promise<PiDemo> {
  const n = options.size ?? 10_000_000;
  const timing = options.timeit ?? {};
  memoJit.seed(42);

  const npoints = [10, 100, 10000, n];
  const estimates: Array<readonly [number, number, number]> = [];
  for (const number of npoints) {
    const plain = pi(number);
    const compiled = fast_pi(number);
    console.log(`pi(${number}): plain JS ${plain}, memoJit ${compiled}`);
    estimates.push([number, plain, compiled]);
  }
  for (const number of npoints) console.log(`npoints ${number}: relative uncertainty ${uncertainty(number)}`);

  const tPlain = timeitWith({ ...timing, print: false }, pi, n);
  printTimeit(`%timeit pi(${n}), plain JS`, tPlain, timing);
  const tJit = timeitWith({ ...timing, print: false }, fast_pi, n);
  printTimeit(`%timeit fast_pi(${n}), memoJit`, tJit, timing);

  const py = options.numba === false ? undefined : numba<number>('pi.py', n, 3);
  if (py) console.log(`numba (Python original, /usr/bin/python3): ${formatSeconds(py.mean_s)} per call (mean of ${py.runs}), compile ${formatSeconds(py.compile_s)}`);
  return {
    size: n,
    estimates,
    rows: [{
      example: `pi with ${n.toExponential(0)} points`,
      baseline: 'plain JS (Math.random)',
      baselineSeconds: tPlain.mean,
      numbat: 'memoJit (inlined PRNG)',
      numbatSeconds: tJit.mean,
      numbaSeconds: py?.mean_s,
      note: `timeit means, numba's too; pi ≈ ${estimates[estimates.length - 1]![2]}`,
    }],
  };
}

if (isMain(import.meta.url)) await demo();
