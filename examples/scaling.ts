/**
 * The lecture's exercise Q3, scaling: a CPU-bound, embarrassingly parallel task (Monte Carlo estimates of π,
 * 32 independent batches of 2 million points: 64 million random points in all) timed with worker counts
 * below and above this machine's core count. Prints time, ideal time, speed-up and efficiency per count,
 * and returns the data (also written to `out/parallel-scaling.json`) for a time-and-speed-up figure.
 *
 * Numeric libraries are single-threaded in the workers (OPENBLAS_NUM_THREADS=1 and friends, as the lecture
 * asks of numpy), so the pool is the only parallelism being measured.
 *
 * The figure (out/scaling.pdf, and a PNG preview): wall time and speed-up against workers, each with its
 * ideal line, drawn through `@myplot` with the paper style.
 *
 * Run: npx tsx examples/scaling.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parallel, isMain, scaling, scalingTable, shutdownPools, type ScalingResult } from '../src/parallel/index.js';
import { myplot, fixedTicks, type Figure } from '../src/plot/index.js';
import { OUT_DIR, type DemoReport } from './_demo.js';

/** π from `points` uniform points in the unit square, with a seeded xorshift generator (same result every run). */
export const piBatch = parallel(function piBatch(seed: number, points: number): number {
  let s = (seed * 2654435761) >>> 0 || 1;
  let inside = 0;
  for (let i = 0; i < points; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const x = s / 4294967296;
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const y = s / 4294967296;
    if (x * x + y * y < 1) inside++;
  }
  return (4 * inside) / points;
});

/** Worker counts around the core count: 1, 2, …, up to twice the cores (at least 4). */
export function workerCounts(cores = availableParallelism()): number[] {
  const counts = new Set<number>([1, 2, cores, cores + 1, 2 * cores, Math.max(4, 2 * cores)]);
  return [...counts].filter((n) => n >= 1).sort((a, b) => a - b);
}

/** The study itself: the data to plot (time and speed-up against workers, with the ideal line). */
export async function scalingStudy(batches = 32, points = 2_000_000): Promise<ScalingResult> {
  const seeds = Array.from({ length: batches }, (_, i) => i + 1);
  const sizes = seeds.map(() => points);
  return scaling(piBatch, [seeds, sizes], {
    workers: workerCounts(),
    onPoint: (p) => console.log(`  ${p.workers} workers: ${p.seconds.toFixed(3)} s (speed-up ${p.speedup.toFixed(2)})`),
  });
}

/** Time and speed-up against workers, log–log and linear, each with the ideal line and the core count marked. */
export const scalingFigure = myplot({ dir: fileURLToPath(OUT_DIR), format: ['pdf', 'png'], dpi: 200, subplots: [1, 2], width: 'double', height: 2.6 })(
  function scaling_study(fig: Figure, result: ScalingResult): void {
    const { workers, seconds, idealSeconds, speedup, idealSpeedup } = result.series;
    const xy = (ys: readonly number[]) => workers.map((x, i) => ({ x, y: ys[i]! }));
    const cores = `${result.cores} cores`;
    // Both panels: the measurement and its ideal line against workers; only the y quantity and scale differ.
    const panel = (measured: readonly number[], ideal: readonly number[], idealLabel: string, log: boolean, yTitle: string): void => {
      fig.chart({
        type: 'line',
        data: {
          datasets: [
            { label: 'measured', data: xy(measured), pointRadius: 2 },
            { label: idealLabel, data: xy(ideal), borderDash: [3.5, 2], borderColor: '#000000', borderWidth: 0.8 },
          ],
        },
        options: {
          scales: {
            x: { type: log ? 'logarithmic' : 'linear', ...fixedTicks([...workers]), title: { text: `workers $p$ (${cores})` } },
            y: log ? { type: 'logarithmic', title: { text: yTitle } } : { type: 'linear', beginAtZero: true, title: { text: yTitle } },
          },
        },
      });
    };
    panel(seconds, idealSeconds, 'ideal, $t(1)/p$', true, 'wall time $t(p)$ [s]');
    panel(speedup, idealSpeedup, 'ideal, $p$', false, 'speed-up $t(1)/t(p)$');
  },
);

/** Runs the study, prints the table, writes `out/parallel-scaling.json` and the figure. */
export async function demo(): Promise<DemoReport> {
  console.log(`scaling of piBatch.map over 32 batches of 2e6 points, ${availableParallelism()} cores:`);
  const result = await scalingStudy();
  console.log(scalingTable(result));
  const estimate = (await piBatch.map([1, 2, 3, 4], [200_000, 200_000, 200_000, 200_000])).reduce((a, b) => a + b) / 4;
  console.log(`π from piBatch.map over 4 batches of 2e5 points: ${estimate.toFixed(4)}`);
  mkdirSync(OUT_DIR, { recursive: true });
  const path = fileURLToPath(new URL('parallel-scaling.json', OUT_DIR));
  writeFileSync(path, JSON.stringify(result, null, 2));
  await shutdownPools();
  const figure = scalingFigure(result);
  console.log(`data written: ${path}`);
  for (const p of figure.paths) console.log(`figure written: ${p}`);
  const ref = result.reference;
  return {
    rows: result.points
      .filter((p) => p.workers !== ref.workers)
      .map((p) => ({
        example: `Monte Carlo π, ${result.items} × 2e6 points (${result.cores} cores)`,
        baseline: `${ref.workers} worker`,
        baselineSeconds: ref.seconds,
        numbat: `${p.workers} workers`,
        numbatSeconds: p.seconds,
        note: `efficiency ${(p.efficiency * 100).toFixed(0)}%; data in out/parallel-scaling.json`,
      })),
    figures: [...figure.paths, path],
  };
}

if (isMain(import.meta.url)) await demo();
