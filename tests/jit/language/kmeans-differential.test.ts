// Issue 12, what simple-statistics' k-means needed (bench/corpus/programs/ss-k-means-cluster.js): `.slice()` of a
// `number[][]` (a shallow copy: the rows are shared with the original, as in JS) and of its rows, rows passed to
// helpers (`euclideanDistance(p, centroids[i])`), `let labels = null` later given an array, a loop whose first test
// cannot fail (`change = Number.MAX_VALUE; while (change !== 0)`), a new object holding a `number[][]`, and a
// template literal in a thrown message. Each kernel runs plain and compiled on equal fresh inputs: the same value
// (Object.is element by element), the same writes to the arguments, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kernelsAgree } from '../../_support/kernels.js';
import { memoJit } from '../../../src/index.js';
import { outcomeOf, assertSameOutcome } from '../../_support/outcome.js';
import { fileURLToPath } from 'node:url';
import { loadProgram } from '../../../bench/corpus/program.js';
import { withStream } from '../../../bench/corpus/check.js';

type Kernel = (m: number[][], n: number, k: number) => unknown;
const kMeans = await loadProgram(fileURLToPath(new URL('../../../bench/corpus/programs/ss-k-means-cluster.js', import.meta.url)));
const kMeansFn = kMeans.fn as (points: number[][], k: number) => unknown;

function distance(left: number[], right: number[]): number {
  let sum = 0;
  for (let i = 0; i < left.length; i++) {
    const diff = left[i]! - right[i]!;
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}

function firstRow(m: number[][], k: number): number {
  const copy = m.slice();
  return distance(copy[0]!, copy[copy.length - 1]!) + k;
}

const KERNELS: Record<string, Kernel> = {
  sliceSharesRows(m, n, k) {
    const copy = m.slice();
    copy[0]![0] = k; // the caller's row, written through the copy
    copy[1] = [n]; // the copy's own slot: the caller's matrix keeps its row
    return copy.length + m.length;
  },
  sliceRange(m, n, k) {
    const part = m.slice(n, n + 2);
    const tail = m.slice(-n);
    return part.length * 10 + tail.length + (part.length > 0 ? part[0]![0]! : k);
  },
  sliceOfRow(m, n, k) {
    const row = m[0]!.slice(1);
    row[0] = k;
    return row.length + row[0]! + (m[0]![1] ?? -1) + n;
  },
  rowsToHelpers(m, n, k) {
    let total = 0;
    for (let i = 0; i < m.length; i++) total += distance(m[i]!, m[(i + n) % m.length]!);
    return total + firstRow(m, k);
  },
  rowsInMapClosure(m, n, k) {
    const centroids = m.slice(0, n);
    return m.map((p) => {
      let best = -1;
      let min = Number.MAX_VALUE;
      for (let i = 0; i < centroids.length; i++) {
        const d = distance(p, centroids[i]!) * k;
        if (d < min) {
          min = d;
          best = i;
        }
      }
      return best;
    });
  },
  nullPlaceholder(m, n, k) {
    let labels = null;
    let rows = null;
    let change = Number.MAX_VALUE;
    let rounds = 0;
    while (change !== 0) {
      labels = m.map((p) => p.length + k);
      rows = m.slice(rounds);
      rounds++;
      change = rounds < n ? 1 : 0;
    }
    return { labels: labels, rows: rows, rounds };
  },
  emptyCluster(m, n, k) {
    const counts = Array(n).fill(0);
    for (let i = 0; i < m.length; i++) counts[i % (n + 1)] += m[i]![0]! > k ? 1 : 0;
    for (let i = 0; i < n; i++) {
      if (counts[i] === 0) throw new Error(`Centroid ${i} has no friends (k = ${k}, ${m[0]![0]} first)`);
    }
    return counts;
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1));
const row = fc.oneof(
  fc.array(number, { minLength: 0, maxLength: 4 }),
  fc.array(fc.double({ noNaN: false }), { minLength: 0, maxLength: 4 }).map((xs) => new Float64Array(xs) as unknown as number[]),
);
const inputs = fc.record({ m: fc.array(row, { minLength: 1, maxLength: 5 }), n: fc.integer({ min: 0, max: 4 }), k: number });
const copyRows = (m: number[][]): number[][] => m.map((r) => (Array.isArray(r) ? [...r] : (new Float64Array(r) as unknown as number[])));

kernelsAgree('k-means constructs', KERNELS, inputs, (r) => copyRows(r.m), { numRuns: 150, seed: 1202, what: 'values, argument writes, exceptions' });

test('m.slice() is a shallow copy: the result is a new array holding the caller\'s own row objects', () => {
  const copy = memoJit(function copy(m: number[][]) {
    return m.slice();
  });
  const m = [[1, 2], [3, 4]];
  const c = copy(m);
  assert.notEqual(c, m);
  assert.equal(c[0], m[0]);
  assert.equal(c[1], m[1]);
});

// Compiled Math.random() draws from memoJit's seeded stream; the plain function gets the same stream through a
// compiled one-liner (bench/corpus/check.ts's withStream), so even the random initial centroids agree.

test('ss-k-means-cluster compiles as written and agrees with plain, its "no friends" throw included', () => {
  const compiled = memoJit(kMeansFn);
  const points = [[1, 2], [1.5, 1.8], [5, 8], [8, 8], [1, 0.6], [9, 11], [-0, 3]];
  for (const k of [1, 2, 3]) {
    const want = withStream(() => outcomeOf(() => kMeansFn(points, k)), k);
    memoJit.seed(k);
    assertSameOutcome(outcomeOf(() => compiled(points, k)), want);
  }
  // Equal points: every one is nearest to centroid 0, so centroid 1 gets none and the message names it.
  const same4 = [[2, 2], [2, 2], [2, 2], [2, 2]];
  const want = withStream(() => outcomeOf(() => kMeansFn(same4, 2)), 7);
  assert.ok('error' in want && /Centroid 1 has no friends/.test(String(want.error)));
  memoJit.seed(7);
  assertSameOutcome(outcomeOf(() => compiled(same4, 2)), want);
});

test('a null placeholder that may be read is a located error, not a different value', () => {
  function maybeRead(m: number[][], n: number) {
    let labels = null;
    for (let i = 0; i < n; i++) labels = m.map((p) => p.length);
    return { labels };
  }
  assert.throws(() => memoJit(maybeRead)([[1]], 2), /may be read while it still holds its initial null/);
});
