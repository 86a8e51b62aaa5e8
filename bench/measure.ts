/**
 * Timing helpers shared by the benches: the best of several runs, as `timeit.repeat` reports it, because the
 * minimum is the run least disturbed by the rest of a shared machine.
 */

/** Options of {@link bestSeconds}. */
export interface BestOptions {
  /** Call `body` once before timing (compilation, pipeline creation, worker warm-up). Default false. */
  readonly warmup?: boolean;
}

/** Runs `body` `runs` times (awaiting it) and returns the fastest run, in seconds. */
export async function bestSeconds(runs: number, body: () => unknown, options: BestOptions = {}): Promise<number> {
  if (options.warmup) await body();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await body();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}
