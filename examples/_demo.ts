/**
 * The contract between `examples/*.ts` and the demo runner (`npm run demo`): each example module exports
 * `demo()`, which runs the example at its demo size and reports its timings and the figures it wrote.
 * Every example also runs on its own: `npx tsx examples/std.ts`.
 */

/** One line of the demo table: the same job done by a baseline and by numbat (and by numba when available). */
export interface DemoRow {
  /** What ran, e.g. `std of 1e7 float64`. */
  readonly example: string;
  /** What the baseline is, e.g. `plain JS (for…of)`. */
  readonly baseline: string;
  /** Baseline time, seconds (median or mean as the example states in `note`). */
  readonly baselineSeconds: number;
  /** What numbat ran, e.g. `memoJit`. */
  readonly numbat: string;
  /** numbat's time, seconds. */
  readonly numbatSeconds: number;
  /** numba's time on the Python original, seconds, when `/usr/bin/python3` has numba. */
  readonly numbaSeconds?: number | undefined;
  /** Anything a reader must know (checks passed, sizes, fallbacks). */
  readonly note?: string | undefined;
}

/** What an example's `demo()` returns. */
export interface DemoReport {
  readonly rows: readonly DemoRow[];
  /** Paths of figures written (under `out/`). */
  readonly figures?: readonly string[];
}

/** Where examples write figures and other artefacts. */
export const OUT_DIR = new URL('../out/', import.meta.url);

/**
 * Prints a `timeit` result with a label saying what was timed, e.g.
 * `%timeit std(a), plain JS: 97.1 ms ± 1.2 ms per loop (…)`; silent when the caller's options say `print: false`.
 */
export function printTimeit(label: string, result: { readonly text: string; readonly warning: string | undefined }, options: { readonly print?: boolean } = {}): void {
  if (options.print === false) return;
  if (result.warning) console.log(`${label}: ${result.warning}`);
  console.log(`${label}: ${result.text}`);
}
