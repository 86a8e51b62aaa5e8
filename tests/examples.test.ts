// End to end: each JIT example's demo() at a small size, checking the numbers it reports, not its timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DemoReport } from '../examples/_demo.js';
import { demo as stdDemo } from '../examples/std.js';
import { demo as piDemo } from '../examples/pi.js';
import { demo as closestDemo, bruteForceMinDistance } from '../examples/closest.js';
import { demo as markovDemo, P } from '../examples/markov.js';
import { occupationSigma, piSigma } from './_support/stats.js';

// One loop, one repeat, silent, no numba: the point is the values, and tests never judge wall-clock time.
const quick = { numba: false, timeit: { repeat: 1, number: 1, print: false } } as const;

function saneRows(report: DemoReport): void {
  assert.ok(report.rows.length > 0);
  for (const row of report.rows) {
    assert.ok(row.example.length > 0 && row.baseline.length > 0 && row.numbat.length > 0);
    assert.ok(Number.isFinite(row.baselineSeconds) && row.baselineSeconds > 0, `${row.example}: baseline time`);
    assert.ok(Number.isFinite(row.numbatSeconds) && row.numbatSeconds > 0, `${row.example}: numbat time`);
    assert.equal(row.numbaSeconds, undefined, 'numba was not asked for');
  }
}

test('std demo: the std of N(0, 1) data is about 1, and compiled equals plain bit for bit', async () => {
  const n = 200_000;
  const r = await stdDemo({ ...quick, size: n });
  saneRows(r);
  assert.equal(r.size, n);
  // The sample std of n normal draws has a standard error of about 1/sqrt(2n); allow 6 of them.
  assert.ok(Math.abs(r.compiled - 1) < 6 / Math.sqrt(2 * n), `std ${r.compiled}`);
  assert.ok(Object.is(r.compiled, r.plain), `${r.compiled} !== ${r.plain}`);
  assert.ok(Math.abs(r.compiled - r.reference) <= 1e-12 * r.reference);
});

test('pi demo: every estimate is within 5 standard errors (4·sqrt(p(1−p)/N), p = π/4) of π', async () => {
  const n = 200_000;
  const r = await piDemo({ ...quick, size: n });
  saneRows(r);
  assert.deepEqual(r.estimates.map(([npoints]) => npoints), [10, 100, 10000, n]);
  for (const [npoints, plain, compiled] of r.estimates) {
    // 5σ: for N = 10 the binomial tail beyond it is about 1e-5 (one hit or none), for larger N below 1e-6.
    const bound = 5 * piSigma(npoints);
    assert.ok(Math.abs(plain - Math.PI) < bound, `plain pi(${npoints}) = ${plain}`);
    assert.ok(Math.abs(compiled - Math.PI) < bound, `compiled pi(${npoints}) = ${compiled}`);
    // Both count points: the estimate times npoints / 4 is an integer in [0, npoints].
    const count = (compiled * npoints) / 4;
    assert.ok(Number.isInteger(Math.round(count)) && Math.abs(count - Math.round(count)) < 1e-6 && count <= npoints);
  }
});

test('closest demo: the pair found is the brute-force closest pair, compiled and plain agree', async () => {
  const r = await closestDemo({ ...quick, size: 300 });
  saneRows(r);
  const [p1, p2, d] = r.compiled;
  assert.ok(p1 && p2, 'a pair is found');
  assert.deepEqual(r.compiled, r.plain);
  assert.ok(r.points.some((p) => p[0] === p1[0] && p[1] === p1[1]), 'p1 is one of the points');
  assert.ok(r.points.some((p) => p[0] === p2[0] && p[1] === p2[1]), 'p2 is one of the points');
  assert.equal(d, Math.sqrt((p1[0] - p2[0]) ** 2 + (p1[1] - p2[1]) ** 2));
  const brute = bruteForceMinDistance(r.points);
  assert.ok(Math.abs(d - brute) <= 1e-12 * brute, `${d} vs brute force ${brute}`);
});

test('markov demo: fractions of days converge to the exact stationary distribution', async () => {
  const n = 400_000;
  const r = await markovDemo({ ...quick, size: n });
  saneRows(r);
  // The exact answer for Wikipedia's chain is (5/8, 5/16, 1/16); the solver must find it and it must be stationary.
  [0.625, 0.3125, 0.0625].forEach((want, i) => assert.ok(Math.abs(r.exact[i]! - want) < 1e-12));
  for (let j = 0; j < 3; j++) {
    const next = r.exact.reduce((s, pi, i) => s + pi * P[i]![j]!, 0);
    assert.ok(Math.abs(next - r.exact[j]!) < 1e-12);
  }
  // Successive days are correlated (second eigenvalue 0.74): the standard error of each fraction comes from the
  // chain's fundamental matrix (occupationSigma), and the bound is 5 of them.
  for (const [name, f] of [['plain', r.plain], ['compiled', r.compiled]] as const) {
    assert.equal(f.length, 3);
    assert.ok(Math.abs(f.reduce((s, x) => s + x, 0) - 1) < 1e-9, `${name} fractions sum to 1`);
    f.forEach((x, i) => {
      const bound = (5 * occupationSigma(P, i)) / Math.sqrt(n);
      assert.ok(Math.abs(x - r.exact[i]!) < bound, `${name} state ${i}: ${x} vs ${r.exact[i]} (5σ = ${bound})`);
    });
  }
});
