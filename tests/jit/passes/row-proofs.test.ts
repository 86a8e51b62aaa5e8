// Row-bound proofs (src/jit/passes/bounds.ts, RowBoundProofs): `for (…; i < m.rows; …)` with `i` never assigned
// in the body proves `m.row(i)` in range, and such reads are emitted without a check. Only that proves it: a
// bound by the columns, by another matrix, or a counter the body assigns proves nothing, and the reads then
// behave as plain JavaScript's (a RangeError past the last row). Written for the jit-passes sample survivors
// (issue 19: bounds.ts's loop facts); each test failed against its mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';

const source = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

function grid(rows: number, cols: number): Array2D {
  const a = new Array2D(rows, cols);
  for (let i = 0; i < a.data.length; i++) a.data[i] = i * 1.5 + 1;
  return a;
}

/** Plain and compiled on fresh copies of the same matrices: the same value or the same exception. */
function agree(f: (...a: Array2D[]) => number, ...shapes: Array<[number, number]>): void {
  const c = memoJit(f);
  assertSameOutcome(outcomeOf(() => c(...shapes.map(([r, k]) => grid(r, k)))), outcomeOf(() => f(...shapes.map(([r, k]) => grid(r, k)))));
}

test('a loop bound by the rows proves its row reads: they are emitted without a check', () => {
  function byRows(m: Array2D): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.row(i)[0]!;
    return s;
  }
  const c = memoJit(byRows);
  assert.equal(c(grid(3, 2)), byRows(grid(3, 2)));
  assert.doesNotMatch(source(c), /\$rowRange/, 'no row check (nor a checked copy of the loop)');
});

test('a loop bound by the columns proves nothing about rows: past the last row it throws as plain JS does', () => {
  function byCols(m: Array2D): number {
    let s = 0;
    for (let i = 0; i < m.cols; i++) s += m.row(i)[0]!;
    return s;
  }
  agree(byCols, [2, 4]);
  agree(byCols, [4, 2]);
});

test('a loop bound by one matrix\'s rows proves nothing about another\'s', () => {
  function two(a: Array2D, b: Array2D): number {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += a.row(i)[0]! + b.row(i)[0]!;
    return s;
  }
  agree(two, [3, 2], [2, 2]);
  agree(two, [2, 2], [3, 2]);
});

test('a counter the body assigns proves nothing: a row read past the last row throws as plain JS does', () => {
  function skipping(m: Array2D): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) {
      i = i + 1;
      s += m.row(i)[0]!;
    }
    return s;
  }
  agree(skipping, [3, 2]);
  agree(skipping, [4, 2]);
});

test('constant columns of a matrix parameter are checked once on entry (the largest), not at every read', () => {
  function cols2(m: Array2D): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.row(i)[0]! * 10 + m.row(i)[1]!;
    return s;
  }
  const c = memoJit(cols2);
  for (const [r, k] of [[2, 3], [2, 2], [2, 1], [3, 0]] as const) agree(cols2, [r, k]);
  assert.ok(Object.is(c(grid(2, 3)), cols2(grid(2, 3))));
  const text = source(c);
  assert.match(text, /if \(\$c_m <= 1\) return \$fallback/, 'one guard on entry: columns 0 and 1 exist');
  assert.doesNotMatch(text, /< \$c_m \?/, 'no per-read column check');
});
