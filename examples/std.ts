/**
 * The lecture's first numba example: the standard deviation of 10 million Gaussian numbers, as a plain loop,
 * compiled like `c_std = njit(std)`. Run it alone: `npx tsx examples/std.ts`.
 */
import { memoJit, timeitWith, isMain, formatSeconds } from '../src/index.js';
import type { TimeitOptions } from '../src/index.js';
import { numba } from '../bench/numba.js';
import { printTimeit, type DemoReport } from './_demo.js';

/**
 * The Python `std(xs)`, line for line.
 *
 * @example
 * ```ts
 * const c_std = memoJit(std);
 * c_std(normal(1e7)); // 1.0001392593613225
 * ```
 */
export function std(xs: Float64Array): number {
  // compute the mean
  let mean = 0;
  for (const x of xs) {
    mean += x;
  }
  mean /= xs.length;
  // compute the variance
  let ms = 0;
  for (const x of xs) {
    ms += (x - mean) ** 2;
  }
  const variance = ms / xs.length;
  const std = Math.sqrt(variance);
  return std;
}

/** `np.random.normal(0, 1, n)`: Box–Muller on `Math.random()`. */
export function normal(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const t = 2 * Math.PI * Math.random();
    a[i] = r * Math.cos(t);
    if (i + 1 < n) a[i + 1] = r * Math.sin(t);
  }
  return a;
}

/** Options of the demo: size and how hard to time (tests use a small size, one loop, no numba). */
export interface JitDemoOptions {
  /** Problem size (here: how many numbers). */
  readonly size?: number;
  /** Run numba on the Python original too, when available. Default true. */
  readonly numba?: boolean;
  /** Passed to `timeitWith`; default IPython's (7 runs, autorange). */
  readonly timeit?: TimeitOptions;
}

/** What the std demo computed, besides the timing rows. */
export interface StdDemo extends DemoReport {
  readonly size: number;
  readonly plain: number;
  readonly compiled: number;
  /** The two-pass reference in plain JS (indexed), to check the ports against. */
  readonly reference: number;
}

/**
 * Runs the notebook cells: `std(a)`, `c_std(a)`, `%timeit` of both.
 *
 * @example
 * ```ts
 * const { rows } = await demo({ size: 1e6 });
 * ```
 */
export async function demo(options: JitDemoOptions = {}): Promise<StdDemo> {
  const n = options.size ?? 10_000_000;
  const timing = options.timeit ?? {};
  const a = normal(n);

  const plain = std(a);
  console.log(`std(a), plain JS:   ${plain}`);
  const c_std = memoJit(std);
  const compiled = c_std(a);
  console.log(`c_std(a), memoJit:  ${compiled}`);

  const tPlain = timeitWith({ ...timing, print: false }, std, a);
  printTimeit('%timeit std(a), plain JS (for…of)', tPlain, timing);
  const tJit = timeitWith({ ...timing, print: false }, c_std, a);
  printTimeit('%timeit c_std(a), memoJit', tJit, timing);

  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]!;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (a[i]! - sum / n) ** 2;
  const reference = Math.sqrt(ss / n);

  const py = options.numba === false ? undefined : numba<number>('std.py', n, 3);
  if (py) console.log(`numba (Python original, /usr/bin/python3): ${formatSeconds(py.mean_s)} per call (mean of ${py.runs}), compile ${formatSeconds(py.compile_s)}`);
  return {
    size: n,
    plain,
    compiled,
    reference,
    rows: [{
      example: `std of ${n.toExponential(0)} float64`,
      baseline: 'plain JS (for…of)',
      baselineSeconds: tPlain.mean,
      numbat: 'memoJit',
      numbatSeconds: tJit.mean,
      numbaSeconds: py?.mean_s,
      note: `timeit means, numba's too; std ${compiled.toPrecision(6)}`,
    }],
  };
}

if (isMain(import.meta.url)) await demo();
