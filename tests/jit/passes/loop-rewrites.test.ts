// The loop rewrites (bounds-check versioning in passes/hoist.ts, unrolling in passes/unroll.ts) must leave
// every result as plain JavaScript's (issue 19, passes mutants): a read before a row's start from a counter of
// unknown start, a `return` from inside a versioned loop, and a for-loop whose update assigns another variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../../src/index.js';

function grid(rows: number, cols: number): Array2D {
  const a = new Array2D(rows, cols);
  for (let i = 0; i < a.data.length; i++) a.data[i] = (i * 7) % 5 + 1;
  return a;
}

test('a read at j - 1 from a counter of unknown start is checked against the row\'s start (NaN in plain JS)', () => {
  // One sum per row, so a NaN in one row cannot hide another row's wrong read.
  function previous(m: Array2D, lo: number, hi: number, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = lo; j < hi; j++) s += r[j - 1]!;
      out[i] = s;
    }
    return out[m.rows - 1]!;
  }
  const c = memoJit(previous);
  for (const [lo, hi] of [[1, 4], [0, 4], [0, 1], [2, 3], [1, 5], [-1, 2]] as const) {
    const want = new Float64Array(3);
    const got = new Float64Array(3);
    assert.ok(Object.is(c(grid(3, 4), lo, hi, got), previous(grid(3, 4), lo, hi, want)), `lo=${lo} hi=${hi}`);
    assert.deepEqual([...got], [...want], `lo=${lo} hi=${hi}: per-row sums`);
  }
});

test('a return from inside a versioned loop returns its value', () => {
  function firstAbove(m: Array2D, n: number, t: number): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (let j = 0; j < n; j++) if (r[j]! > t) return r[j]! * 10 + i;
    }
    return -1;
  }
  const c = memoJit(firstAbove);
  for (const [n, t] of [[4, 3], [4, 4], [4, 9], [2, 4], [6, 4], [0, 0]] as const) {
    const m = grid(3, 4);
    assert.ok(Object.is(c(m, n, t), firstAbove(m, n, t)), `n=${n} t=${t}`);
  }
});

test('a loop whose update assigns another variable (the counter fixed, left by return) runs as written', () => {
  // The counter is bounded by a length, so `i + 1` (and j) stay int32 and the update looks like an increment.
  function stuck(n: number, xs: Float64Array): number {
    let c = 0;
    let j = 0;
    for (let i = xs.length - n; i < xs.length; j = i + 1) {
      c += xs[i]! + j;
      if (c >= 10) return c;
    }
    return -c;
  }
  const c = memoJit(stuck);
  const xs = Float64Array.from([1, 2, 3, 4]);
  for (const n of [1, 2, 4]) assert.ok(Object.is(c(n, xs), stuck(n, xs)), `n=${n}: ${c(n, xs)} vs ${stuck(n, xs)}`);
});

test('a counted loop whose update assigns another variable is not unrolled: it runs until its return', () => {
  // `k = i + 1` has the shape of an increment but the counter never moves, so only the body's return ends the
  // loop (at the second trip). Unrolled, the one-trip tail `if (i < n)` would leave the loop after one trip.
  function secondTrip(n: number): number {
    let k = 0;
    for (let i = 0; i < n; k = i + 1) {
      if (k > 0) return k * 10;
    }
    return -1;
  }
  const c = memoJit(secondTrip);
  for (const n of [1, 2, 3, 0]) assert.ok(Object.is(c(n), secondTrip(n)), `n=${n}: ${c(n)} vs ${secondTrip(n)}`);
  // it is the unroller's shape in every other respect: the same loop with `i = i + 1` is unrolled
  function counted(n: number): number {
    let k = 0;
    for (let i = 0; i < n; i = i + 1) {
      if (k > 0) return k * 10;
    }
    return -1;
  }
  const u = memoJit(counted);
  assert.equal(u(3), -1);
  assert.match(Object.values(u.inspect())[0]!, /\(\(i \+ 1\) < n\)/, 'the counted form is unrolled');
  assert.doesNotMatch(Object.values(c.inspect())[0]!, /\(\(i \+ 1\) < n\)/, 'the other-variable form is not');
});
