/**
 * The physics figure of `examples/plot-decorator.ts` (fig5), apart so that a cold process (`bench/plot.ts`)
 * loads only the plotting part of numbat: math on every label, an image with a colorbar and contour lines,
 * filled contours on a diverging map, an inset, a ±1σ band, and shared x axes. The data are synthetic (seeded).
 */
import { contour, contourf, errorBars, fillBetween, imshow, OKABE_ITO, type Figure } from '../src/plot/index.js';

/** Seeded uniform numbers (mulberry32) and normal ones (Box–Muller): the same figures on every run. */
export function rng(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** `n` evenly spaced numbers from `a` to `b`, as numpy's `linspace`. */
export const linspace = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
/** Points from x and y columns. */
export const xy = (xs: readonly number[], ys: readonly number[]): Array<{ x: number; y: number }> => xs.map((x, i) => ({ x, y: ys[i]! }));

/** The data of the physics figure (fig5), computed once: also what `bench/plot.ts` hands to matplotlib. */
export function physicsData(): {
  x: number[];
  psi2: number[][];
  potential: number[][];
  t: number[];
  msd: number[];
  msdErr: number[];
  alpha: number[];
  alphaErr: number[];
  dx: number[];
  pdx: number[];
} {
  const r = rng(5);
  const x = linspace(-3, 3, 81);
  // |ψ|² of a 2-D oscillator in the superposition (|1,0⟩ + i|0,1⟩)/√2, and a saddle-shaped potential.
  const psi2 = x.map((y) => x.map((xx) => ((xx * xx + y * y) / Math.PI) * Math.exp(-(xx * xx + y * y))));
  const potential = x.map((y) => x.map((xx) => xx * y * Math.exp(-(xx * xx + y * y) / 4)));
  const t = Array.from({ length: 25 }, (_, i) => 10 ** (-2 + (4 * i) / 24));
  const msd = t.map((s) => 4 * 0.8 * Math.sqrt(s) * (1 + 0.04 * r.normal()));
  const msdErr = msd.map((m) => 0.08 * m);
  const alpha = t.map((s) => 0.5 + 0.03 * Math.exp(-s) + 0.015 * r.normal());
  const alphaErr = t.map(() => 0.04);
  const dx = linspace(-4, 4, 81);
  const pdx = dx.map((d) => Math.exp(-d * d / 2) / Math.sqrt(2 * Math.PI));
  return { x, psi2, potential, t, msd, msdErr, alpha, alphaErr, dx, pdx };
}

/**
 * Draws the physics figure: (a) a probability density as an image with a colorbar and contour lines,
 * (b) a mean-squared displacement on log–log axes with a power-law fit and an inset, (c) filled contours of
 * a potential (diverging map), (d) the local exponent with a ±1σ band; columns share their x axes.
 */
export function drawPhysics(fig: Figure, d = physicsData()): void {
  const extent = [-3, 3, -3, 3] as const;
  fig.chart({
    type: 'imshow',
    data: { datasets: [imshow(d.psi2, { extent, cmap: 'viridis', colorbar: { label: '$|\\psi(x,y)|^2\\,a_0^2$' } }), contour(d.psi2, { extent, levels: 5, colors: '#ffffff', lineWidth: 0.5 })] },
    options: { scales: { x: { title: { text: '$x/a_0$' } }, y: { title: { text: '$y/a_0$' } } } },
  });
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        errorBars({ label: 'simulation', data: xy(d.t, d.msd), showLine: false, pointRadius: 1.6 }, { y: d.msdErr }),
        { label: 'fit $\\propto t^{\\alpha}$, $\\alpha = 0.50 \\pm 0.02$', data: xy(d.t, d.t.map((s) => 3.2 * Math.sqrt(s))), borderColor: '#000000', borderWidth: 0.8, borderDash: [3.5, 2] },
      ],
    },
    options: { scales: { x: { type: 'logarithmic', title: { text: 'lag time $t$ [s]' } }, y: { type: 'logarithmic', title: { text: '$\\langle r^2(t) \\rangle$ [$\\mu$m$^2$]' } } } },
  }).inset([0.6, 0.1, 0.36, 0.36], {
    type: 'line',
    data: { datasets: [{ label: '$P(\\Delta x)$', data: xy(d.dx, d.pdx), borderColor: OKABE_ITO[2]! }] },
    options: { scales: { x: { title: { text: '$\\Delta x/\\sigma$' } }, y: { title: { text: '$P$' } } } },
  }, { legend: 'none' });
  fig.chart({
    type: 'contourf',
    data: {
      datasets: [
        contourf(d.potential, { extent, cmap: 'coolwarm', levels: 12, colorbar: { label: '$V(x,y)/\\hbar\\omega$' } }),
        contour(d.potential, { extent, levels: 12, colors: '#000000', lineWidth: 0.3 }),
      ],
    },
    options: { scales: { x: { title: { text: '$x/a_0$' } }, y: { title: { text: '$y/a_0$' } } } },
  });
  fig.chart({
    type: 'line',
    data: {
      datasets: [
        ...fillBetween(d.t, d.alpha.map((a, i) => a - d.alphaErr[i]!), d.alpha.map((a, i) => a + d.alphaErr[i]!), { label: '$\\pm 1\\sigma$', color: OKABE_ITO[0]!, alpha: 0.25 }),
        { label: 'local exponent $\\alpha(t) = \\mathrm{d}\\ln\\langle r^2\\rangle/\\mathrm{d}\\ln t$', data: xy(d.t, d.alpha), borderColor: OKABE_ITO[0]! },
        { label: 'theory, $\\alpha = \\frac{1}{2}$', data: xy(d.t, d.t.map(() => 0.5)), borderColor: '#000000', borderWidth: 0.8, borderDash: [3.5, 2] },
      ],
    },
    options: { scales: { x: { type: 'logarithmic', title: { text: 'lag time $t$ [s]' } }, y: { min: 0.35, max: 0.75, title: { text: '$\\alpha(t)$' } } } },
  });
}

