// The unroller on loops bounded by the length of a `number[][]` row read through the matrix (`j < m[i].length`,
// `j < m[0].length`): unrolled when the row index is a local or a constant the body leaves alone, left as is
// when the body moves that index (the second copy would run under the old row's length) or when the index is
// an expression. Written for the jit-passes survivor `unroll.ts:133` of issue 19 (sample of 2026-12-02);
// it failed against the line's mutants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { unrollLoops } from '../../../src/jit/passes/unroll.js';
import { lowerToIR } from '../../../src/jit/pipeline.js';
import { generateJS } from '../../../src/jit/js/codegen.js';

const NESTED = { kind: 'matrix', layout: 'nested' } as const;
// The unroller alone (memoJit first reads invariant rows into locals, passes/invariant-rows.ts, and its loops
// are then bounded by `$row.length`).
const source = (f: (m: number[][]) => number): string => generateJS(unrollLoops(lowerToIR(f, [NESTED]))).source;

test('`j < m[i].length` with a local row index, and `j < m[0].length`, are unrolled and agree with plain JS', () => {
  function rowSum(m: number[][]): number {
    let s = 0;
    for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]! * (j + 1);
    return s;
  }
  function firstRow(m: number[][]): number {
    let s = 0;
    for (let j = 0; j < m[0]!.length; j++) s += m[0]![j]! * (j + 1);
    return s;
  }
  for (const m of [[[1, 2, 3], [4, 5]], [[1], [], [2, 3, 4, 5]], [[0.5, 1.5]]]) {
    assert.ok(Object.is(memoJit(rowSum)(m), rowSum(m)));
    assert.ok(Object.is(memoJit(firstRow)(m), firstRow(m)));
  }
  // (the row read plain, or checked where it is read: js/lazy-elements.ts)
  assert.match(source(rowSum), /\(\(j \+ 1\) < (?:m\d*\[i\]|\(\$isArray\(\$t\d+ = m\d*\[i\]\)[^;]*?\$lazyMiss\(\)\))\.length\)/, 'rowSum unrolled');
  assert.match(source(firstRow), /\(\(j \+ 1\) < (?:m\d*\[0\]|\(\$isArray\(\$t\d+ = m\d*\[0\]\)[^;]*?\$lazyMiss\(\)\))\.length\)/, 'firstRow unrolled');
});

test('a loop whose body moves the row index of its bound is not unrolled: it stops at the new row\'s length', () => {
  // plain: j = 0 reads m[0][0] and moves k to row 1, whose length 1 ends the loop; an unrolled second copy
  // would read m[1][1], undefined, and make the sum NaN
  function hop(m: number[][]): number {
    let s = 0;
    let k = 0;
    for (let j = 0; j < m[k]!.length; j++) {
      s += m[k]![j]!;
      k = (k + 1) % m.length;
    }
    return s;
  }
  const c = memoJit(hop);
  for (const m of [[[1, 2, 3, 4], [5]], [[1, 2], [3, 4, 5], [6]], [[7]]]) {
    const [want, got] = [hop(m), c(m)];
    assert.ok(Object.is(got, want), `${JSON.stringify(m)}: ${got} vs ${want}`);
  }
  assert.doesNotMatch(source(hop), /\(j \+ 1\) </, 'not unrolled');
});

test('a bound through a computed row index `m[i + 1].length` is left as it is', () => {
  function nextRow(m: number[][]): number {
    let s = 0;
    for (let i = 0; i + 1 < m.length; i++) for (let j = 0; j < m[i + 1]!.length; j++) s += m[i]![j]!;
    return s;
  }
  const c = memoJit(nextRow);
  for (const m of [[[1, 2, 3], [4, 5, 6]], [[1], [2, 3]], [[1, 2, 3], [4]]]) assert.ok(Object.is(c(m), nextRow(m)), JSON.stringify(m));
  assert.doesNotMatch(source(nextRow), /\(j \+ 1\) </, 'not unrolled');
});

// Wrong answers of session 9's main, found with passes/invariant-rows.ts: the unrolled second copy ran under
// the old row's length after the body had put another object at `m[i]` (plain 6 and 34, compiled NaN).
test('a loop bounded by `m[i].length` whose body stores a row, or stores into a row that may be m itself, is not unrolled', () => {
  function replaces(X: number[][], r: number[]) {
    let s = 0;
    for (let i = 0; i < X.length; i++) for (let j = 0; j < X[i]!.length; j++) { s += X[i]![j]!; X[i] = r; }
    return s;
  }
  function writesRows(X: number[][], W: number[][]) {
    let s = 0;
    for (let i = 0; i < X.length; i++) for (let j = 0; j < X[i]!.length; j++) { s += X[i]![j]!; W[0]![j] = s; }
    return s;
  }
  for (const backend of ['js', 'wasm', 'auto'] as const) {
    const r = memoJit({ backend })(replaces);
    assert.equal(r([[1, 2, 3, 4], [5, 6, 7, 8]], [10]), 6, backend);
    const w = memoJit({ backend })(writesRows);
    const X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    assert.equal(w(X, [X as unknown as number[]]), 34, `${backend}: W holds X as its row`);
    assert.deepEqual(X, [17, 25, 34], backend);
    const Y = [[1, 2, 3], [4, 5, 6]];
    assert.equal(w(Y, [[0, 0, 0]]), 21, `${backend}: no alias`);
  }
  for (const [f, types] of [[replaces, [NESTED, { kind: 'array', element: 'num' }]], [writesRows, [NESTED, NESTED]]] as const) {
    assert.doesNotMatch(generateJS(unrollLoops(lowerToIR(f as (...a: never[]) => unknown, types as Parameters<typeof lowerToIR>[1]))).source, /\(j \+ 1\) </, `${f.name}: not unrolled`);
  }
});
