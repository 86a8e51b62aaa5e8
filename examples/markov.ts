/**
 * Exercise Q1, the stock market: a three-state Markov chain (bull, bear, stagnant; Wikipedia's figure).
 * Start in a random state, simulate many days, and watch the fraction of days in each state converge to the
 * chain's stationary distribution, which is also computed exactly. Pure JS against `memoJit`.
 * Run it alone: `npx tsx examples/markov.ts`.
 */
import { memoJit, timeitWith, isMain, formatSeconds } from '../src/index.js';
import { numba } from '../bench/numba.js';
import { printTimeit, type DemoReport } from './_demo.js';
import type { JitDemoOptions } from './std.js';

/** The market's states, in the order of the rows and columns of {@link P}. */
export const STATES = ['bull', 'bear', 'stagnant'] as const;

/** Transition probabilities: `P[today][tomorrow]`, each row sums to 1. */
export const P: number[][] = [
  [0.9, 0.075, 0.025],
  [0.15, 0.8, 0.05],
  [0.25, 0.25, 0.5],
];

/**
 * Simulates `ndays` days from a random state; returns the fraction of days spent in each state.
 *
 * @example
 * ```ts
 * memoJit(markov)(P, 1e7); // Float64Array [0.6250, 0.3125, 0.0625] (about)
 * ```
 */
export function markov(P: number[][], ndays: number): Float64Array {
  const nstates = P.length;
  let state = Math.floor(Math.random() * nstates);
  const days = new Float64Array(nstates);
  for (let day = 0; day < ndays; day++) {
    days[state]! += 1;
    // pick tomorrow's state: walk the cumulative probabilities of today's row
    const r = Math.random();
    let cum = 0;
    let next = nstates - 1;
    for (let j = 0; j < nstates; j++) {
      cum += P[state]![j]!;
      if (r < cum) {
        next = j;
        break;
      }
    }
    state = next;
  }
  for (let s = 0; s < nstates; s++) {
    days[s]! /= ndays;
  }
  return days;
}

/**
 * The stationary distribution π (π P = π, Σπ = 1), exactly: Gaussian elimination with partial pivoting on
 * (Pᵀ − I) with the last equation replaced by the normalization.
 *
 * @example
 * ```ts
 * stationary(P); // [0.625, 0.3125, 0.0625]
 * ```
 */
export function stationary(P: readonly (readonly number[])[]): number[] {
  const n = P.length;
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => (i === n - 1 ? 1 : j === n ? 0 : P[j]![i]! - (i === j ? 1 : 0))),
  );
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[pivot]![c]!)) pivot = r;
    [A[c], A[pivot]] = [A[pivot]!, A[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, i) => row[n]! / row[i]!);
}

/** What the Markov demo computed, besides the timing rows. */
export interface MarkovDemo extends DemoReport {
  readonly size: number;
  readonly exact: number[];
  readonly plain: Float64Array;
  readonly compiled: Float64Array;
}

const table = (label: string, f: ArrayLike<number>): string =>
  `${label.padEnd(12)} ${STATES.map((s, i) => `${s} ${f[i]!.toFixed(5)}`).join('  ')}`;

/** Simulates the chain with both versions, compares with the exact answer, and times both. */
export async function demo(options: JitDemoOptions = {}): Promise<MarkovDemo> {
  const ndays = options.size ?? 2_000_000;
  const timing = options.timeit ?? {};
  memoJit.seed(42);
  const c_markov = memoJit(markov);

  const exact = stationary(P);
  const plain = markov(P, ndays);
  const compiled = c_markov(P, ndays);
  console.log(`fraction of ${ndays} days in each state:`);
  console.log(table('exact', exact));
  console.log(table('plain JS', plain));
  console.log(table('memoJit', compiled));

  const tPlain = timeitWith({ ...timing, print: false }, markov, P, ndays);
  printTimeit('%timeit markov(P, ndays), plain JS', tPlain, timing);
  const tJit = timeitWith({ ...timing, print: false }, c_markov, P, ndays);
  printTimeit('%timeit c_markov(P, ndays), memoJit', tJit, timing);

  const py = options.numba === false ? undefined : numba<number[]>('markov.py', ndays, 3);
  if (py) {
    console.log(table('numba', py.result));
    console.log(`numba (Python original, /usr/bin/python3): ${formatSeconds(py.mean_s)} per call (mean of ${py.runs}), compile ${formatSeconds(py.compile_s)}`);
  }
  const worst = Math.max(...exact.map((e, i) => Math.abs(e - compiled[i]!)));
  return {
    size: ndays,
    exact,
    plain,
    compiled,
    rows: [{
      example: `Markov chain, ${ndays.toExponential(0)} days`,
      baseline: 'plain JS',
      baselineSeconds: tPlain.mean,
      numbat: 'memoJit',
      numbatSeconds: tJit.mean,
      numbaSeconds: py?.mean_s,
      note: `timeit means, numba's too; max |fraction − stationary| ${worst.toExponential(1)}`,
    }],
  };
}

if (isMain(import.meta.url)) await demo();
