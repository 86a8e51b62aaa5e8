/**
 * Render and save one single-column line-plot figure as a vector PDF: numbat's `@myplot` (Chart.js on Skia)
 * against matplotlib's `savefig` (pdf backend) of the same figure, in the same run.
 *
 * Run: `npm run bench:plot` (or `node --import tsx bench/plot.ts [points] [repeats]`).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { myplot, paper, type Figure } from '../src/index.js';
import { isMain } from '../src/guard.js';
import { runPython } from './python.js';

/** The benchmark figure: a damped oscillation and its envelope, axis titles, legend. */
export function lineFigure(fig: Figure, points: number): void {
  const t = Array.from({ length: points }, (_, i) => (10 * i) / (points - 1));
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        { label: 'signal', data: t.map((x) => ({ x, y: Math.exp(-0.25 * x) * Math.cos(2 * x) })) },
        { label: 'envelope', data: t.map((x) => ({ x, y: Math.exp(-0.25 * x) })), borderDash: [3.5, 2] },
      ],
    },
    options: { scales: { x: { title: { text: 'time [s]' } }, y: { title: { text: 'amplitude' } } } },
  });
}

/** Timings of both sides, seconds (median of `repeats` after one warm-up). */
export interface PlotBench {
  readonly points: number;
  readonly repeats: number;
  readonly numbatSeconds: number;
  readonly numbatBytes: number;
  readonly matplotlibSeconds: number | undefined;
  readonly matplotlibBytes: number | undefined;
  readonly matplotlibVersion: string | undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times numbat and matplotlib on the same figure; writes into a temporary directory it removes. */
export function benchPlot(points = 400, repeats = 7): PlotBench {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-bench-'));
  try {
    const file = join(dir, 'line.pdf');
    const draw = myplot({ style: paper, file })(function line(fig: Figure, n: number) {
      lineFigure(fig, n);
    });
    draw(points); // warm-up: font registration, Chart.js registration, JIT
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      draw(points);
      times.push((performance.now() - start) / 1e3);
    }
    const numbatBytes = statSync(file).size;
    const py = runPython<{ median_s: number; bytes: number; matplotlib: string }>(
      'plot.py',
      [String(points), String(repeats), join(dir, 'line-mpl.pdf')],
      'matplotlib',
    );
    return {
      points,
      repeats,
      numbatSeconds: median(times),
      numbatBytes,
      matplotlibSeconds: py?.median_s,
      matplotlibBytes: py?.bytes,
      matplotlibVersion: py?.matplotlib,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ms(s: number | undefined): string {
  return s === undefined ? '-' : `${(s * 1e3).toFixed(1)} ms`;
}

if (isMain(import.meta.url)) {
  const points = Number(process.argv[2] ?? 400);
  const repeats = Number(process.argv[3] ?? 7);
  const r = benchPlot(points, repeats);
  const ratio = r.matplotlibSeconds !== undefined ? (r.matplotlibSeconds / r.numbatSeconds).toFixed(2) : '-';
  console.log(`line plot, 2 series × ${r.points} points, 3.4 in, render + save PDF (median of ${r.repeats})`);
  console.log(['side'.padEnd(28), 'time'.padStart(10), 'bytes'.padStart(8)].join('  '));
  console.log(['numbat @myplot (Chart.js/Skia)'.padEnd(28), ms(r.numbatSeconds).padStart(10), String(r.numbatBytes).padStart(8)].join('  '));
  console.log(
    [`matplotlib ${r.matplotlibVersion ?? '(absent)'} savefig`.padEnd(28), ms(r.matplotlibSeconds).padStart(10), String(r.matplotlibBytes ?? '-').padStart(8)].join('  '),
  );
  console.log(`speed-up vs matplotlib: ${ratio}×`);
  console.log(JSON.stringify(r));
}
