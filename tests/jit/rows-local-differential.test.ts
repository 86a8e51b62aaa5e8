// Issue 12, local arrays of rows (simple-statistics' ckmeans): `const m = []; m.push(row)`, `m[i] = row` (written
// from the top index down, so holes come first), `[xs]` returned beside such a local, rows passed to helpers that
// write them in place, and the `let last;` … `i === 0 || x[i] !== last` read guard. Each kernel runs plain and
// compiled on equal fresh inputs: the same value (Object.is element by element, holes included), the same writes
// to the arguments, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kernelsAgree } from '../_support/kernels.js';
import { memoJit } from '../../src/index.js';

type Kernel = (xs: number[], n: number, k: number) => unknown;

function makeMatrix(columns: number, rows: number): number[][] {
  const matrix = [];
  for (let i = 0; i < columns; i++) {
    const column = [];
    for (let j = 0; j < rows; j++) column.push(0);
    matrix.push(column);
  }
  return matrix;
}

function fillRows(m: number[][], xs: number[], k: number): void {
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < m[i]!.length; j++) m[i]![j] = (xs[(i + j) % xs.length] ?? 0) * k + (m[i]![j - 1] || 0);
  }
}

function uniqueCountSorted(x: number[]): number {
  let count = 0;
  let last;
  for (let i = 0; i < x.length; i++) {
    if (i === 0 || x[i] !== last) {
      last = x[i];
      count++;
    }
  }
  return count;
}

const KERNELS: Record<string, Kernel> = {
  pushRows(xs, n, k) {
    const m = makeMatrix(n, xs.length);
    fillRows(m, xs, k);
    return m;
  },
  pushFresh(xs, n, k) {
    const rows = [];
    for (let i = 0; i < n; i++) rows.push(new Array(i + 1).fill(k), xs.slice(i));
    rows.push([k, n]);
    return rows;
  },
  storeDescending(xs, n, k) {
    // written from the top down: holes first, as in ckmeans' clusters
    const clusters = [];
    for (let c = n - 1; c >= 0; c--) clusters[c] = xs.slice(c, c + 2);
    if (n === 0) return [xs];
    return clusters;
  },
  storeSparse(xs, n, k) {
    const out = [];
    out[n] = xs;
    out[0] = [k];
    return out;
  },
  readGuard(xs, n, k) {
    const sorted = xs.slice().sort((a, b) => a - b);
    return uniqueCountSorted(sorted) + uniqueCountSorted(xs) * 100;
  },
  rowsOfParameter(xs, n, k) {
    const m = makeMatrix(2, n);
    m[1] = xs; // the caller's array, then written through the row
    fillRows(m, [k], 2);
    return m[0]!.length + m.length;
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1));
const inputs = fc.record({ xs: fc.array(number, { minLength: 0, maxLength: 6 }), n: fc.integer({ min: 0, max: 5 }), k: number });

kernelsAgree('local rows', KERNELS, inputs, (r) => [...r.xs], { numRuns: 200, seed: 1201, what: 'values, holes, argument writes, exceptions' });

test('an array of numbers that is not declared [] cannot take rows: a located error saying how to declare one', () => {
  function pushIntoNumbers(xs: number[]) {
    const m = [1];
    (m as unknown as number[][]).push(xs);
    return m.length;
  }
  assert.throws(() => memoJit(pushIntoNumbers)([1]), /an array of rows is made empty \(`const rows = \[\]`\) or with holes/);
});
