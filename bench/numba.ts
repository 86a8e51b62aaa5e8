/**
 * The numba side of a JIT comparison: runs `bench/python/<name>.py` (numba 0.56 on the lecture's Python,
 * single-threaded) and returns its one JSON line, or `undefined` when `/usr/bin/python3` has no numba.
 */
import { runPython } from './python.js';

/** What every `bench/python/{std,pi,closest,markov}.py` prints. Times are seconds. */
export interface NumbaTiming<R = unknown> {
  /** First call (type inference, LLVM, one run) minus the steady median. */
  readonly compile_s: number;
  /** Median time per call over `runs` repeats. */
  readonly median_s: number;
  /** Mean time per call over the `runs` repeats: what `%timeit` (and numbat's `timeit`) report. */
  readonly mean_s: number;
  /** Fastest of the `runs` repeats: the least disturbed by other work on the machine. */
  readonly best_s: number;
  readonly runs: number;
  /** What the jitted function returned (JSON: arrays become lists). */
  readonly result: R;
}

/**
 * Times numba on `bench/python/<script>` with a size and a repeat count.
 *
 * @example
 * ```ts
 * numba('std.py', 1e7)?.median_s; // 0.0165
 * ```
 */
export function numba<R = unknown>(script: string, size: number, runs = 7): NumbaTiming<R> | undefined {
  return runPython<NumbaTiming<R>>(script, [String(size), String(runs)], 'numba');
}
