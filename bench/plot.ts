/**
 * Render and save figures as vector PDF: numbat's `@myplot` (Chart.js on Skia) against matplotlib's `savefig`
 * (pdf backend) of the same figure, in the same run: a single-column line plot, and the physics figure of
 * `examples/plot-decorator.ts` (math in every label, an image with a colorbar, contours, an inset, shared
 * axes) against matplotlib with mathtext — warm (repeated in one process) and cold (a fresh process each).
 *
 * Run: `npm run bench:plot` (or `node --import tsx bench/plot.ts [points] [repeats]`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { myplot, paper, type Figure } from '../src/index.js';
import { isMain } from '../src/guard.js';
import { hasPythonModule, PYTHON, runPython } from './python.js';
import { drawPhysics, physicsData } from '../examples/_physics.js';

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

/** The physics figure's timings, seconds: warm medians in one process, cold medians of fresh processes. */
export interface PhysicsBench {
  readonly repeats: number;
  readonly numbatWarm: number;
  readonly numbatCold: number;
  /**
   * A cold process running compiled JavaScript, as a script importing the installed package (`dist/`) runs:
   * no TypeScript loader on the way (the `cold` row pays tsx's module hooks for every source file).
   */
  readonly numbatColdBuilt: number;
  /** As `numbatColdBuilt`, with an empty TeX cache: a user's first-ever figure from the installed package. */
  readonly numbatColdBuiltNoCache: number;
  /** A cold process whose TeX cache is empty (MathJax loads and typesets every formula). */
  readonly numbatColdNoCache: number;
  readonly numbatBytes: number;
  readonly matplotlibWarm: number | undefined;
  readonly matplotlibCold: number | undefined;
  readonly matplotlibBytes: number | undefined;
}

/**
 * Compiles `bench/_plot-physics-once.ts` and everything it imports (numbat's sources, the example's drawing) to
 * JavaScript under `node_modules/.cache/`, so that `node` runs it as a user's script runs the installed package,
 * and package imports still resolve from the repository's `node_modules`. Returns the compiled entry.
 */
function buildOnceScript(): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const out = join(root, 'node_modules', '.cache', 'numbat-bench-cold');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const config = join(out, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({
    extends: join(root, 'tsconfig.json'),
    compilerOptions: { rootDir: root, outDir: out, noEmit: false, declaration: false, sourceMap: false },
    files: [join(root, 'bench', '_plot-physics-once.ts')],
  }));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling the cold script failed:\n${r.stdout}${r.stderr}`);
  return join(out, 'bench', '_plot-physics-once.js');
}

function wallTime(cmd: string, args: readonly string[], env: Record<string, string> = {}): number {
  const start = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp', ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return (performance.now() - start) / 1e3;
}

/** Times the physics figure in numbat and in matplotlib (mathtext), warm and cold, in the same run. */
export function benchPhysics(repeats = 5, coldRuns = 3): PhysicsBench {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-plot-physics-'));
  try {
    const file = join(dir, 'physics.pdf');
    const data = physicsData();
    const draw = myplot({ style: paper, file, subplots: [2, 2], width: 'double', height: 5.2, sharex: 'col' })(function physics(fig: Figure) {
      drawPhysics(fig, data);
    });
    draw(); // warm-up: MathJax, fonts, Chart.js
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      draw();
      times.push((performance.now() - start) / 1e3);
    }
    const numbatBytes = statSync(file).size;
    const once = fileURLToPath(new URL('./_plot-physics-once.ts', import.meta.url));
    const built = buildOnceScript();
    const json = join(dir, 'physics.json');
    writeFileSync(json, JSON.stringify(data));
    const py = runPython<{ median_s: number; bytes: number }>('plot_physics.py', [json, String(repeats), join(dir, 'mpl.pdf')], 'matplotlib');
    const script = fileURLToPath(new URL('./python/plot_physics.py', import.meta.url));
    const withMatplotlib = py !== undefined && hasPythonModule('matplotlib');
    const freshTexCache = (): Record<string, string> => ({ NUMBAT_CACHE_DIR: mkdtempSync(join(dir, 'tex-')) });
    const cold: number[] = [], coldBuilt: number[] = [], builtNoCache: number[] = [], noCache: number[] = [], runs: number[] = [];
    // Round-robin, so that a change in the machine's load hits every row alike. The warm-up above filled the
    // TeX cache (as matplotlib's font cache is filled): the cached rows read it.
    for (let i = 0; i < coldRuns; i++) {
      cold.push(wallTime(process.execPath, ['--import', 'tsx', once, join(dir, 'cold.pdf')]));
      coldBuilt.push(wallTime(process.execPath, [built, join(dir, 'cold.pdf')]));
      builtNoCache.push(wallTime(process.execPath, [built, join(dir, 'cold.pdf')], freshTexCache()));
      noCache.push(wallTime(process.execPath, ['--import', 'tsx', once, join(dir, 'cold.pdf')], freshTexCache()));
      if (withMatplotlib) runs.push(wallTime(PYTHON, [script, json, '0', join(dir, 'mpl-cold.pdf')]));
    }
    const matplotlibCold = withMatplotlib ? median(runs) : undefined;
    return {
      repeats,
      numbatWarm: median(times),
      numbatCold: median(cold),
      numbatColdBuilt: median(coldBuilt),
      numbatColdBuiltNoCache: median(builtNoCache),
      numbatColdNoCache: median(noCache),
      numbatBytes,
      matplotlibWarm: py?.median_s,
      matplotlibCold,
      matplotlibBytes: py?.bytes,
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
  const p = benchPhysics(Math.max(3, Math.min(repeats, 5)));
  const rel = (a: number, b: number | undefined): string => (b === undefined ? '-' : `${(a / b).toFixed(2)}×`);
  console.log(`\nphysics figure (2×2, math labels, image + colorbar, contours, inset, sharex), 7 in, PDF; machine shared, noisy`);
  console.log(['case'.padEnd(10), 'numbat'.padStart(10), 'matplotlib'.padStart(11), 'numbat/mpl'.padStart(11)].join('  '));
  console.log(['warm'.padEnd(10), ms(p.numbatWarm).padStart(10), ms(p.matplotlibWarm).padStart(11), rel(p.numbatWarm, p.matplotlibWarm).padStart(11)].join('  '));
  console.log(['cold, tsx'.padEnd(10), ms(p.numbatCold).padStart(10), ms(p.matplotlibCold).padStart(11), rel(p.numbatCold, p.matplotlibCold).padStart(11)].join('  '));
  console.log(['cold, built JS'.padEnd(10), ms(p.numbatColdBuilt).padStart(10), ms(p.matplotlibCold).padStart(11), rel(p.numbatColdBuilt, p.matplotlibCold).padStart(11)].join('  '));
  console.log(['cold, built JS, no TeX cache'.padEnd(10), ms(p.numbatColdBuiltNoCache).padStart(10), ms(p.matplotlibCold).padStart(11), rel(p.numbatColdBuiltNoCache, p.matplotlibCold).padStart(11)].join('  '));
  console.log(['cold, no TeX cache'.padEnd(10), ms(p.numbatColdNoCache).padStart(10), ms(p.matplotlibCold).padStart(11), rel(p.numbatColdNoCache, p.matplotlibCold).padStart(11)].join('  '));
  console.log(`bytes: numbat ${p.numbatBytes}, matplotlib ${p.matplotlibBytes ?? '-'}`);
  console.log(JSON.stringify(p));
}
