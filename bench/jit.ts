/**
 * `npm run bench:jit`: the lecture's numba examples (std, Monte Carlo π, closest pair) and exercise Q1's Markov
 * chain, each four ways in one run — the literal port in plain JS, the literal port under `memoJit`, a hand-tuned
 * plain-JS version (indexed loops, flat Float64Array, inlined PRNG), and numba on the Python original — printed as
 * medians with ratios to numba and to plain JS, then compile time per specialization.
 *
 * `--quick` uses small sizes (seconds, for CI); the default sizes are the issue's (std 1e7, π 1e8, closest 2000,
 * Markov 1e7 days).
 */
import { memoJit, timeitWith, formatSeconds, isMain } from '../src/index.js';
import * as numbat from '../src/index.js';
import type { JitType as Type } from '../src/index.js';
import { numba } from './numba.js';
import type { NumbaTiming } from './numba.js';
import { std, normal } from '../examples/std.js';
import { pi } from '../examples/pi.js';
import { closest, uniformPoints } from '../examples/closest.js';
import type { Point } from '../examples/closest.js';
import { markov, P, stationary } from '../examples/markov.js';

// ---------------------------------------------------------------------------------------------------------
// Hand-tuned plain JS: what an engineer writes when V8 is the target and no compiler helps.

/** std with indexed loops (V8 optimizes these much better than `for…of` over a typed array). */
export function stdTuned(xs: Float64Array): number {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  let ms = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    ms += d * d;
  }
  return Math.sqrt(ms / n);
}

/** A seed for the tuned PRNG loops, from Math.random, so every call draws a fresh stream. */
function freshSeed(): number {
  return (Math.random() * 0x100000000) >>> 0 || 1;
}

/** π with an inlined xorshift128 generator on int32 state (53 random bits would be slower; 32 suffice here). */
export function piTuned(npoints: number): number {
  let a = freshSeed(), b = 362436069, c = 521288629, d = 88675123;
  let inside = 0;
  for (let i = 0; i < npoints; i++) {
    let t = a ^ (a << 11); a = b; b = c; c = d; d = (d ^ (d >>> 19)) ^ (t ^ (t >>> 8));
    const x = (d >>> 0) * 2.3283064365386963e-10;
    t = a ^ (a << 11); a = b; b = c; c = d; d = (d ^ (d >>> 19)) ^ (t ^ (t >>> 8));
    const y = (d >>> 0) * 2.3283064365386963e-10;
    if (x * x + y * y < 1) inside++;
  }
  return (4 * inside) / npoints;
}

/** closest pair over interleaved coordinates `[x0, y0, x1, y1, …]`; returns the two indices and the distance. */
export function closestTuned(xy: Float64Array): [number, number, number] {
  const n = xy.length >> 1;
  let best = 999999.0, bi = -1, bj = -1;
  for (let i = 0; i < n; i++) {
    const x1 = xy[2 * i]!, y1 = xy[2 * i + 1]!;
    for (let j = i + 1; j < n; j++) {
      const dx = x1 - xy[2 * j]!, dy = y1 - xy[2 * j + 1]!;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) { best = d2; bi = i; bj = j; }
    }
  }
  return [bi, bj, Math.sqrt(best)];
}

/** The Markov chain with a flat cumulative transition table and the same inlined xorshift128. */
export function markovTuned(cumP: Float64Array, nstates: number, ndays: number): Float64Array {
  let a = freshSeed(), b = 362436069, c = 521288629, d = 88675123;
  const days = new Float64Array(nstates);
  let state = (Math.random() * nstates) | 0;
  for (let day = 0; day < ndays; day++) {
    days[state]!++;
    const t = a ^ (a << 11); a = b; b = c; c = d; d = (d ^ (d >>> 19)) ^ (t ^ (t >>> 8));
    const r = (d >>> 0) * 2.3283064365386963e-10;
    const base = state * nstates;
    let next = nstates - 1;
    for (let j = 0; j < nstates - 1; j++) {
      if (r < cumP[base + j]!) { next = j; break; }
    }
    state = next;
  }
  for (let s = 0; s < nstates; s++) days[s]! /= ndays;
  return days;
}

/** Row-wise cumulative sums of a transition matrix, flattened. */
export function cumulative(P: readonly (readonly number[])[]): Float64Array {
  const n = P.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let cum = 0;
    for (let j = 0; j < n; j++) out[i * n + j] = cum += P[i]![j]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Measurement

/** Median and fastest of `repeat` repeats, seconds per call, %timeit-style (autorange to `minTime`). */
function timing(fn: () => unknown, repeat: number, minTime: number): Timing {
  const r = timeitWith({ repeat, minTime, print: false }, fn);
  const sorted = [...r.timings].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return { median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, best: sorted[0]! };
}

/**
 * Seconds per call. The median is the headline; the best run is shown too because a memory-bound loop (std)
 * swings by ±25% with what else the machine is doing, while its fastest run is what the code can do.
 */
interface Timing {
  readonly median: number;
  readonly best: number;
}

/** One measured variant of one example. */
interface Row {
  readonly example: string;
  readonly variant: string;
  readonly seconds: Timing | undefined;
  readonly check: string;
}

/** Compile time of one specialization. */
interface CompileRow {
  readonly example: string;
  readonly signatures: readonly string[];
  /** First call minus steady call of a fresh wrapper (includes the compiler's own warm-up the first time). */
  readonly memoJitSeconds: number;
  /** The compiler alone (parse → infer → lower → codegen → new Function), warm: median of repeated compiles. */
  readonly warmSeconds: number | undefined;
  readonly numbaSeconds: number | undefined;
}

type CompileSpecialization = (fn: (...args: never[]) => unknown, argTypes: readonly Type[]) => unknown;

/**
 * The compiler alone, warm: median of 15 compiles of the same function for the same argument types, through
 * `compileSpecialization` (the dispatcher's compile step without its cache), when the JIT exports it.
 */
function warmCompileTime(fn: (...args: never[]) => unknown, argTypes: readonly Type[]): number | undefined {
  const compile = (numbat as unknown as Record<string, unknown>).compileSpecialization as CompileSpecialization | undefined;
  if (typeof compile !== 'function') return undefined;
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    compile(fn, argTypes);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

const F64_ARRAY: Type = { kind: 'array', element: 'f64' };
const I32_T: Type = { kind: 'i32' };
const NESTED: Type = { kind: 'matrix', layout: 'nested' };

/**
 * First call minus steady call of a fresh `memoJit` wrapper, on a small input of the same signature as the
 * benchmarked one, so the (tiny) compile time is not buried under a long run.
 */
function compileTime(first: () => unknown): number {
  const t0 = process.hrtime.bigint();
  first();
  const once = Number(process.hrtime.bigint() - t0) / 1e9;
  const steady = timing(first, 5, 0.02).median;
  return Math.max(once - steady, 0);
}

interface Sizes { std: number; pi: number; closest: number; markov: number }

const FULL: Sizes = { std: 1e7, pi: 1e8, closest: 2000, markov: 1e7 };
const QUICK: Sizes = { std: 1e6, pi: 1e6, closest: 500, markov: 1e6 };

/** Runs every example four ways; returns the rows (also printed). */
export function benchJit(sizes: Sizes = FULL, repeat = 7): { rows: Row[]; compile: CompileRow[] } {
  const rows: Row[] = [];
  const compile: CompileRow[] = [];
  const minTime = 0.1;
  memoJit.seed(42);
  const numbaOf = <R>(script: string, n: number, runs: number): NumbaTiming<R> | undefined => {
    try {
      return numba<R>(script, n, runs);
    } catch (error) {
      console.error(`numba baseline ${script} failed: ${(error as Error).message}`);
      return undefined;
    }
  };

  // std of normal float64
  {
    const example = `std, ${sizes.std.toExponential(0)} float64`;
    const a = normal(sizes.std);
    const small = normal(1000);
    const j = memoJit(std);
    const compiled = compileTime(() => j(small));
    const want = std(a);
    const got = j(a);
    const tuned = stdTuned(a);
    rows.push({ example, variant: 'plain JS, literal (for…of)', seconds: timing(() => std(a), repeat, minTime), check: `${want}` });
    rows.push({ example, variant: 'memoJit, literal', seconds: timing(() => j(a), repeat, minTime), check: Object.is(got, want) ? 'bit-exact' : `DIFFERS ${got}` });
    rows.push({ example, variant: 'plain JS, hand-tuned (indexed)', seconds: timing(() => stdTuned(a), repeat, minTime), check: Object.is(tuned, want) ? 'bit-exact' : `${tuned}` });
    const py = numbaOf<number>('std.py', sizes.std, repeat);
    rows.push({ example, variant: 'numba 0.56, literal', seconds: py && { median: py.median_s, best: py.best_s }, check: py ? `${py.result} (own data)` : 'no numba' });
    compile.push({ example: 'std', signatures: j.signatures, memoJitSeconds: compiled, warmSeconds: warmCompileTime(std, [F64_ARRAY]), numbaSeconds: py?.compile_s });
  }

  // Monte Carlo pi
  {
    const n = sizes.pi;
    const example = `pi, ${n.toExponential(0)} points`;
    const heavy = n >= 1e7 ? Math.min(repeat, 5) : repeat;
    const j = memoJit(pi);
    const compiled = compileTime(() => j(1000));
    const tol = (5 * 4) / Math.sqrt(n);
    const ok = (v: number): string => `${v.toFixed(6)}${Math.abs(v - Math.PI) < tol ? '' : ' OUT OF 5σ'}`;
    rows.push({ example, variant: 'plain JS, literal (Math.random)', seconds: timing(() => pi(n), heavy, minTime), check: ok(pi(n)) });
    rows.push({ example, variant: 'memoJit, literal', seconds: timing(() => j(n), heavy, minTime), check: ok(j(n)) });
    rows.push({ example, variant: 'plain JS, hand-tuned (inline xorshift)', seconds: timing(() => piTuned(n), heavy, minTime), check: ok(piTuned(n)) });
    const py = numbaOf<number>('pi.py', n, heavy);
    rows.push({ example, variant: 'numba 0.56, literal', seconds: py && { median: py.median_s, best: py.best_s }, check: py ? ok(py.result) : 'no numba' });
    compile.push({ example: 'pi', signatures: j.signatures, memoJitSeconds: compiled, warmSeconds: warmCompileTime(pi, [I32_T]), numbaSeconds: py?.compile_s });
  }

  // closest pair
  {
    const n = sizes.closest;
    const example = `closest, ${n} points`;
    const points = uniformPoints(n);
    const xy = new Float64Array(points.flat());
    const j = memoJit(closest);
    const few = uniformPoints(10);
    const compiled = compileTime(() => j(few));
    const want = closest(points);
    const got = j(points);
    const tuned = closestTuned(xy);
    const same = (r: [Point | null, Point | null, number]): boolean =>
      Object.is(r[2], want[2]) && `${r[0]}` === `${want[0]}` && `${r[1]}` === `${want[1]}`;
    rows.push({ example, variant: 'plain JS, literal ([x, y] rows)', seconds: timing(() => closest(points), repeat, minTime), check: `${want[2]}` });
    rows.push({ example, variant: 'memoJit, literal', seconds: timing(() => j(points), repeat, minTime), check: same(got) ? 'bit-exact' : `DIFFERS ${got[2]}` });
    rows.push({ example, variant: 'plain JS, hand-tuned (flat Float64Array)', seconds: timing(() => closestTuned(xy), repeat, minTime), check: Object.is(tuned[2], want[2]) ? 'bit-exact' : `${tuned[2]}` });
    const py = numbaOf<[number[], number[], number]>('closest.py', n, repeat);
    rows.push({ example, variant: 'numba 0.56, literal', seconds: py && { median: py.median_s, best: py.best_s }, check: py ? `${py.result[2]} (own data)` : 'no numba' });
    compile.push({ example: 'closest', signatures: j.signatures, memoJitSeconds: compiled, warmSeconds: warmCompileTime(closest, [NESTED]), numbaSeconds: py?.compile_s });
  }

  // Markov chain (exercise Q1)
  {
    const n = sizes.markov;
    const example = `markov, ${n.toExponential(0)} days`;
    const exact = stationary(P);
    const cumP = cumulative(P);
    const j = memoJit(markov);
    const compiled = compileTime(() => j(P, 1000));
    // The chain mixes fast (second eigenvalue 0.74), so the fractions' spread is a few times the iid one.
    const tol = 10 / Math.sqrt(n);
    const ok = (f: ArrayLike<number>): string => {
      const err = Math.max(...exact.map((e, i) => Math.abs(e - f[i]!)));
      return `max err ${err.toExponential(1)}${err < tol ? '' : ' TOO LARGE'}`;
    };
    rows.push({ example, variant: 'plain JS, literal (number[][])', seconds: timing(() => markov(P, n), repeat, minTime), check: ok(markov(P, n)) });
    rows.push({ example, variant: 'memoJit, literal', seconds: timing(() => j(P, n), repeat, minTime), check: ok(j(P, n)) });
    rows.push({ example, variant: 'plain JS, hand-tuned (flat cum. table, xorshift)', seconds: timing(() => markovTuned(cumP, 3, n), repeat, minTime), check: ok(markovTuned(cumP, 3, n)) });
    const py = numbaOf<number[]>('markov.py', n, repeat);
    rows.push({ example, variant: 'numba 0.56, literal', seconds: py && { median: py.median_s, best: py.best_s }, check: py ? ok(py.result) : 'no numba' });
    compile.push({ example: 'markov', signatures: j.signatures, memoJitSeconds: compiled, warmSeconds: warmCompileTime(markov, [NESTED, I32_T]), numbaSeconds: py?.compile_s });
  }
  return { rows, compile };
}

/** Prints medians and best runs with ratios to numba and to plain JS, then compile times. */
export function printTables({ rows, compile }: { rows: readonly Row[]; compile: readonly CompileRow[] }): void {
  const fmt = (s: number | undefined): string => (s === undefined ? '—' : formatSeconds(s));
  const ratio = (a: number | undefined, b: number | undefined): string =>
    a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`;
  const header = ['example', 'variant', 'median', 'best', '÷ numba', '÷ numba, best', '÷ plain JS', 'check'];
  const body = rows.map((r) => {
    const group = rows.filter((o) => o.example === r.example);
    const numbaS = group.find((o) => o.variant.startsWith('numba'))?.seconds;
    const plainS = group.find((o) => o.variant.startsWith('plain JS, literal'))?.seconds;
    return [
      r.example, r.variant, fmt(r.seconds?.median), fmt(r.seconds?.best),
      ratio(r.seconds?.median, numbaS?.median), ratio(r.seconds?.best, numbaS?.best), ratio(r.seconds?.median, plainS?.median), r.check,
    ];
  });
  printTable(header, body);
  console.log('');
  printTable(
    ['example', 'memoJit signatures', 'memoJit first call − steady', 'memoJit compiler, warm', 'numba compile'],
    compile.map((c) => [c.example, c.signatures.join(' | ') || '(none)', fmt(c.memoJitSeconds), fmt(c.warmSeconds), fmt(c.numbaSeconds)]),
  );
  console.log(
    '\nfirst call − steady: a fresh wrapper on a small input of the benchmarked signature (the first row also pays' +
      '\nthe compiler\'s own warm-up in V8); compiler, warm: median of 15 compileSpecialization calls; numba: first' +
      '\ncall minus steady median (type inference + LLVM).',
  );
}

function printTable(header: readonly string[], body: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
}

if (isMain(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  console.log(`bench:jit (${quick ? 'quick sizes' : 'full sizes'}), node ${process.version}`);
  printTables(benchJit(quick ? QUICK : FULL, quick ? 5 : 7));
}
