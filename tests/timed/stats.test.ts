// RunningStats (src/timed/stats.ts): Welford's running mean and population standard deviation against the
// two-pass formulas on the same samples, the empty summary, reset, and the cancellation case that motivates
// Welford (a large offset with a tiny spread, where the naive sum-of-squares formula loses every digit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunningStats } from '../../src/timed/stats.js';

function twoPass(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}

test('mean, population std, min, max, total and count agree with the two-pass formulas', () => {
  const xs = [0.5, 0.25, 1.75, 0.125, 3, 0.5, 2.25];
  const s = new RunningStats();
  for (const x of xs) s.push(x);
  const r = s.summary();
  const want = twoPass(xs);
  assert.equal(r.count, 7);
  assert.ok(Math.abs(r.mean - want.mean) <= 1e-15 * want.mean, `${r.mean} vs ${want.mean}`);
  assert.ok(Math.abs(r.std - want.std) <= 1e-14 * want.std, `${r.std} vs ${want.std}`);
  assert.equal(r.min, 0.125);
  assert.equal(r.max, 3);
  assert.equal(r.total, 8.375);
});

test('an empty accumulator summarises as NaN (count 0, total 0), and reset returns to it', () => {
  const s = new RunningStats();
  const empty = s.summary();
  assert.equal(empty.count, 0);
  assert.equal(empty.total, 0);
  for (const k of ['mean', 'std', 'min', 'max'] as const) assert.ok(Number.isNaN(empty[k]), k);
  s.push(4);
  assert.deepEqual(s.summary(), { count: 1, mean: 4, std: 0, min: 4, max: 4, total: 4 });
  s.reset();
  assert.equal(s.summary().count, 0);
  assert.ok(Number.isNaN(s.summary().mean));
});

test('a tiny spread on a large offset keeps its standard deviation (the naive formula cancels to 0 or NaN)', () => {
  // 1e9 + {0, 1e-6, 2e-6, …}: the spread is 1e-6-sized, the squares 1e18-sized.
  const xs = Array.from({ length: 1000 }, (_, k) => 1e9 + (k % 10) * 1e-6);
  const s = new RunningStats();
  for (const x of xs) s.push(x);
  // The reference works on the offsets: x - 1e9 is exact (Sterbenz), and the std does not depend on the offset.
  const want = twoPass(xs.map((x) => x - 1e9)).std; // ≈ 2.87e-6
  const naive = Math.sqrt(Math.max(0, xs.reduce((a, x) => a + x * x, 0) / xs.length - (xs.reduce((a, x) => a + x, 0) / xs.length) ** 2));
  assert.ok(Math.abs(s.summary().std - want) <= 1e-3 * want, `${s.summary().std} vs ${want}`);
  assert.ok(Math.abs(naive - want) > 0.5 * want, 'the naive formula really does fail here (the test means something)');
});
