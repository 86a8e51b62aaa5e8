// Statistical bounds computed from the sample size, for tests of random output: a check is |x − expected| < z·σ
// with σ the standard error of x, never a fixed absolute tolerance (which either accepts wrong answers at large
// n or flakes at small n). z = 5 is a two-sided false-alarm rate of about 6e-7 per check.

/** Standard error of a proportion estimated from `n` Bernoulli(p) draws. */
export function proportionSigma(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

/** Standard error of the Monte Carlo π estimate 4·hits/n (a point lands in the quarter disc with p = π/4). */
export function piSigma(n: number): number {
  return 4 * proportionSigma(Math.PI / 4, n);
}

/**
 * Hoeffding's bound on |p̂ − p| for a proportion from n draws, exceeded with probability below `alpha` at every n
 * (the normal approximation behind a σ bound is poor for small n, where a 5σ check of π would flake).
 */
export function hoeffdingBound(n: number, alpha = 1e-6): number {
  return Math.sqrt(Math.log(2 / alpha) / (2 * n));
}

function inverse(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]!;
    if (d === 0) throw new RangeError('singular matrix');
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/** The stationary distribution π of an ergodic chain (π P = π, Σπ = 1). */
export function stationary(P: readonly (readonly number[])[]): number[] {
  const n = P.length;
  // Solve πᵀ (I − P) = 0 with the last equation replaced by Σπ = 1.
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === n - 1 ? 1 : (i === j ? 1 : 0) - P[j]![i]!)));
  const inv = inverse(a);
  return inv.map((row) => row[n - 1]!);
}

/**
 * Asymptotic standard deviation, times √n, of the fraction of n days an ergodic chain spends in `state`:
 * successive days are correlated, so this is not √(π(1−π)). With the fundamental matrix Z = (I − P + 1πᵀ)⁻¹,
 * the variance of the indicator's time average is π_s (2 Z_ss − 1 − π_s) / n (Kemeny and Snell).
 */
export function occupationSigma(P: readonly (readonly number[])[], state: number): number {
  const pi = stationary(P);
  const z = inverse(P.map((row, i) => row.map((p, j) => (i === j ? 1 : 0) - p + pi[j]!)));
  return Math.sqrt(pi[state]! * (2 * z[state]![state]! - 1 - pi[state]!));
}
