/**
 * The figures of an imaginary paper ("A damped oscillator, measured and simulated"), all drawn through one
 * `@myplot` decorator, so they share fonts, sizes, ticks and colours: the lecture's exercise Q2.
 *
 * Writes out/paper-fig1-oscillation.pdf … fig5, their PNG previews, and out/paper-figures.pdf (all pages). Every
 * label may hold TeX between `$…$`, typeset as vector paths (`\$` is a literal dollar).
 * Run: `npx tsx examples/plot-decorator.ts`. The data are synthetic (seeded), as the paper is imaginary.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { defineStyle, errorBars, fixedTicks, histogram, myplot, paper, PdfPages, withAlpha, OKABE_ITO, type Figure, type MyplotOptions } from '../src/index.js';
import { drawPhysics, linspace, rng, xy } from './_physics.js';
import { isMain } from '../src/guard.js';
import { benchPlot } from '../bench/plot.js';
import { OUT_DIR, type DemoReport } from './_demo.js';

const OUT = fileURLToPath(OUT_DIR);

/** The paper's style: the paper preset, with this journal's 3.375 in column. */
const journal = defineStyle(paper, { name: 'journal', columns: { single: 3.375, double: 7 } });

/**
 * The one decorator every figure of the paper goes through: style, output directory, PDF plus a PNG preview.
 * (It works the same as `@paperFigure` on static or instance methods of a class.)
 */
const options = { style: journal, dir: OUT, format: ['pdf', 'png'], dpi: 200, author: 'A. Researcher' } satisfies MyplotOptions;
const paperFigure = myplot(options);

/** Figure 1: simulated oscillation, mean ± 1σ band over noisy realisations, with measured points. */
export const fig1 = paperFigure(function paper_fig1_oscillation(fig: Figure, realisations: number): void {
  const r = rng(1);
  const t = linspace(0, 12, 121);
  const model = (x: number): number => Math.exp(-0.18 * x) * Math.cos(1.6 * x);
  const runs = Array.from({ length: realisations }, () => {
    const phase = 0.35 * r.normal();
    return t.map((x) => Math.exp(-0.18 * x) * Math.cos(1.6 * x + phase) + 0.03 * r.normal());
  });
  const mean = t.map((_, i) => runs.reduce((s, run) => s + run[i]!, 0) / realisations);
  const std = t.map((_, i) => Math.sqrt(runs.reduce((s, run) => s + (run[i]! - mean[i]!) ** 2, 0) / (realisations - 1)));
  const tm = linspace(0.25, 11.75, 24);
  const measured = tm.map((x) => model(x) + 0.06 * r.normal());
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        // `_`-labelled helpers stay out of the legend and take the next line's colour: the band of the mean.
        { label: '_upper', data: xy(t, mean.map((m, i) => m + std[i]!)), fill: '+1' },
        { label: '_lower', data: xy(t, mean.map((m, i) => m - std[i]!)) },
        { label: `simulation (${realisations} runs, $\\pm 1\\sigma$)`, data: xy(t, mean) },
        errorBars({ label: 'measurement ($\\pm 1\\sigma$)', data: xy(tm, measured), showLine: false, pointRadius: 1.6 }, { y: tm.map(() => 0.06) }),
      ],
    },
    options: { scales: { x: { title: { text: 'time $t$ [s]' } }, y: { title: { text: 'displacement $x(t)/x(0)$' } } } },
  });
});

/** Figure 2: distribution of measured periods, histogram with the fitted normal density. */
export const fig2 = paperFigure(function paper_fig2_periods(fig: Figure, samples: number): void {
  const r = rng(2);
  const periods = Array.from({ length: samples }, () => 3.93 + 0.05 * r.normal());
  const mu = periods.reduce((s, x) => s + x, 0) / samples;
  const sigma = Math.sqrt(periods.reduce((s, x) => s + (x - mu) ** 2, 0) / (samples - 1));
  const bins = histogram(periods, { bins: 24, density: true });
  const xs = linspace(bins[0]!.x0, bins[bins.length - 1]!.x1, 200);
  fig.chart({
    type: 'bar',
    data: {
      datasets: [
        { type: 'bar', label: `data ($N = ${samples}$)`, data: bins, backgroundColor: withAlpha(OKABE_ITO[5]!, 0.75), borderColor: '#ffffff', borderWidth: 0.4, order: 2 },
        {
          type: 'line',
          label: `normal fit, $\\sigma = ${(sigma * 1e3).toFixed(0)}$ ms`,
          data: xy(xs, xs.map((x) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI)))),
          borderColor: OKABE_ITO[1]!,
          pointRadius: 0,
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        x: { type: 'linear', offset: false, title: { text: 'period $T$ [s]' } },
        y: { beginAtZero: true, title: { text: 'probability density $p(T)$ [s$^{-1}$]' } },
      },
    },
  });
});

/** Figure 3: strong scaling of the simulation, log–log, with the ideal 1/p line. */
export const fig3 = paperFigure(function paper_fig3_scaling(fig: Figure, workers: readonly number[]): void {
  const r = rng(3);
  const serial = 0.04;
  const t1 = 180;
  const seconds = workers.map((p) => t1 * (serial + (1 - serial) / p) * (1 + 0.03 * r.normal()));
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        { label: 'measured (Amdahl-like, 4 % serial)', data: xy(workers, seconds), pointRadius: 2 },
        { label: 'ideal, $t(1)/p$', data: xy(workers, workers.map((p) => t1 / p)), borderDash: [3.5, 2], borderColor: '#000000', borderWidth: 0.8 },
      ],
    },
    options: {
      scales: {
        x: { type: 'logarithmic', ...fixedTicks([...workers]), title: { text: 'workers $p$' } },
        y: { type: 'logarithmic', title: { text: 'wall time $t(p)$ [s]' } },
      },
    },
  });
});

/** Figure 4: four views of one run in a 2×2 grid, panels (a)–(d). */
export const fig4 = myplot({ ...options, subplots: [2, 2], width: 'double', height: 4.6 })(function paper_fig4_overview(
  fig: Figure,
): void {
  const r = rng(4);
  const t = linspace(0, 20, 400);
  const x = t.map((s) => Math.exp(-0.12 * s) * Math.cos(1.6 * s));
  const v = t.map((s) => Math.exp(-0.12 * s) * (-0.12 * Math.cos(1.6 * s) - 1.6 * Math.sin(1.6 * s)));
  const energy = t.map((_, i) => 0.5 * (v[i]! ** 2 + 1.6 ** 2 * x[i]! ** 2));
  const noisy = t.filter((_, i) => i % 8 === 0).map((s) => ({ x: s, y: 0.02 * r.normal() * (1 + 0.3 * Math.sin(s)) }));
  const freqs = linspace(0.2, 4, 200);
  const lorentz = freqs.map((f) => 1 / ((f * f - 1.6 ** 2) ** 2 + (2 * 0.12 * f) ** 2));

  fig.chart({
    type: 'line',
    data: { datasets: [{ label: 'trajectory', data: xy(x, v) }] },
    options: { scales: { x: { title: { text: 'position $x$' } }, y: { title: { text: 'velocity $v = \\dot{x}$' } } } },
  }, { legend: 'none' });
  fig.chart({
    type: 'line',
    data: { datasets: [{ label: 'residual', data: noisy, showLine: false, pointRadius: 1.5 }] },
    options: { scales: { x: { title: { text: 'time $t$ [s]' } }, y: { title: { text: 'residual $x - \\hat{x}$' } } } },
  }, { legend: 'none' });
  fig.chart({
    type: 'line',
    data: { datasets: [{ label: 'energy $E(t)$', data: xy(t, energy) }, { label: '$E(0)\\, e^{-2\\gamma t}$, $\\gamma = 0.12$', data: xy(t, t.map((s) => energy[0]! * Math.exp(-0.24 * s))), borderDash: [3.5, 2] }] },
    options: { scales: { x: { title: { text: 'time $t$ [s]' } }, y: { type: 'logarithmic', title: { text: 'energy $E$' } } } },
  });
  fig.chart({
    type: 'line',
    data: { datasets: [{ label: 'response', data: xy(freqs, lorentz) }] },
    options: { scales: { x: { title: { text: 'drive frequency $\\omega$ [rad s$^{-1}$]' } }, y: { type: 'logarithmic', title: { text: 'power $|\\chi(\\omega)|^2$' } } } },
  }, { legend: 'none' });
});

/** Figure 5: the physics figure — math on every label, an image with a colorbar, contours, an inset, shared x axes. */
export const fig5 = myplot({ ...options, subplots: [2, 2], width: 'double', height: 5.2, sharex: 'col' })(function paper_fig5_physics(fig: Figure): void {
  drawPhysics(fig);
});

/** Draws the paper's figures and the all-figures PDF; returns the files written. */
export function drawPaper(): string[] {
  const saved = [fig1(40), fig2(2000), fig3([1, 2, 4, 8, 16, 32, 64]), fig4(), fig5()];
  // Every call returned its figure too: the same figures become the pages of one PDF (matplotlib's PdfPages).
  const book = new PdfPages({ title: 'A damped oscillator, measured and simulated: figures', author: 'A. Researcher' });
  for (const s of saved) book.add(s.figure);
  return [...saved.flatMap((s) => s.paths), book.save(`${OUT}/paper-figures.pdf`)];
}

/** Demo: the paper's figures, and one line-plot figure's render + save time against matplotlib's savefig. */
export async function demo(): Promise<DemoReport> {
  const start = performance.now();
  const figures = drawPaper();
  const paperSeconds = (performance.now() - start) / 1e3;
  const bench = benchPlot(400, 5);
  return {
    rows: [
      {
        example: 'line-plot figure → PDF (render + save)',
        baseline: `matplotlib ${bench.matplotlibVersion ?? ''} savefig (pdf)`.trim(),
        baselineSeconds: bench.matplotlibSeconds ?? NaN,
        numbat: '@myplot (Chart.js on Skia PDF)',
        numbatSeconds: bench.numbatSeconds,
        note:
          `median of ${bench.repeats}; 2 × ${bench.points} points; ${bench.numbatBytes} vs ${bench.matplotlibBytes ?? '-'} bytes; ` +
          `the 5 paper figures (PDF + PNG) and the 5-page PDF took ${(paperSeconds * 1e3).toFixed(0)} ms` +
          (bench.matplotlibSeconds === undefined ? '; matplotlib not installed' : ''),
      },
    ],
    figures,
  };
}

if (isMain(import.meta.url)) {
  const report = await demo();
  console.table(report.rows);
  for (const f of report.figures ?? []) console.log(`figure written: ${f}`);
}
