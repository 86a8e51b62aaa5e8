import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, Array2D } from '../../../src/index.js';
import { lowerToIR } from '../../../src/internals.js';
import { hoistBoundsChecks } from '../../../src/jit/passes/hoist.js';
import type { Expr, IRModule, Loop, Stmt } from '../../../src/jit/ir.js';
import type { Type } from '../../../src/jit/types.js';
import { markov, P } from '../../../examples/markov.js';
import { lcg } from '../lecture.js';
import { exceptionDisagreement, outcomeOf, sameValues as sameResult } from '../../_support/outcome.js';

// ------------------------------------------------------------------------------------------------ kernels

/** The Markov chain's walk with the uniforms given, so the plain and compiled versions draw the same numbers. */
function walk(P: number[][], rs: Float64Array, start: number): Float64Array {
  const nstates = P.length;
  let state = start;
  const days = new Float64Array(nstates);
  for (let day = 0; day < rs.length; day++) {
    days[state]! += 1;
    const r = rs[day]!;
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
  return days;
}

/** Columns up to a bound that may exceed the rows' length (plain JS reads undefined there: NaN). */
function firstColumns(m: number[][], n: number): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < n; j++) s += m[i]![j]! * (j + 1);
  }
  return s;
}

/** A counter from an unknown start, stepping by 2, bounded with `<=`, reading at an offset. */
function strided(m: number[][], lo: number, hi: number): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) {
    const row = m[i]!;
    for (let j = lo; j <= hi; j += 2) s += row[j]! * 3 + row[j + 1]!;
  }
  return s;
}

/** A loop-invariant column of rows counted up to a bound that may exceed the rows. */
function column(m: number[][], c: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += m[i]![c]!;
  return s;
}

/** A local declared as counter + 1, and a bound `n - 1`. */
function differences(m: number[][], n: number): number {
  let s = 0;
  for (const row of m) {
    for (let j = 0; j < n - 1; j++) {
      const k = j + 1;
      s += row[k]! - row[j]!;
    }
  }
  return s;
}

/** Row-view stores on an Array2D, one column behind the counter. */
function smooth(a: Array2D, n: number): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    const row = a.row(i);
    for (let j = 1; j < n; j++) {
      row[j] = 0.5 * (row[j]! + row[j - 1]!);
      s += row[j]!;
    }
  }
  return s;
}

/** Every column of every row: `j < row.length` is `j < cols`, implied without a second loop. */
function total(m: number[][]): number {
  let s = 0;
  for (const row of m) {
    for (let j = 0; j < row.length; j++) s += row[j]!;
  }
  return s;
}

// ------------------------------------------------------------------------------------------------- inputs

const rand = lcg(11);
const matrix = (rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(rand() * 1000) / 1000));
const stochastic = (rows: number, cols: number): number[][] =>
  matrix(rows, cols).map((r) => {
    const s = r.reduce((x, y) => x + y, 0) || 1;
    return r.map((x) => x / s);
  });

/** Rectangular, wider than tall, narrower than tall, ragged, a single row, empty. */
const SHAPES: Array<[string, () => number[][]]> = [
  ['3x3', () => matrix(3, 3)],
  ['2x5 (wider)', () => matrix(2, 5)],
  ['4x2 (narrower)', () => matrix(4, 2)],
  ['ragged', () => [[0.1, 0.2, 0.3], [0.4], [0.5, 0.6, 0.7, 0.8]]],
  ['1x3', () => matrix(1, 3)],
  ['empty', () => []],
];

/** Calls both versions on the same arguments: same value (bit for bit), or both throw. */
function same(plain: (...args: never[]) => unknown, compiled: (...args: never[]) => unknown, args: () => unknown[], label: string): void {
  let want: { value: unknown } | { error: unknown };
  let got: { value: unknown } | { error: unknown };
  const a = args();
  const b = args();
  try {
    want = { value: (plain as (...x: unknown[]) => unknown)(...a) };
  } catch (error) {
    want = { error };
  }
  try {
    got = { value: (compiled as (...x: unknown[]) => unknown)(...b) };
  } catch (error) {
    got = { error };
  }
  if ('error' in want) {
    assert.ok('error' in got, `${label}: plain threw ${String(want.error)}, compiled returned ${String('value' in got ? got.value : '')}`);
    // Not any exception: the plain one's class and message, or the JIT's documented translation of it.
    const differs = exceptionDisagreement(want.error, got.error);
    assert.equal(differs, undefined, `${label}: ${differs}`);
    return;
  }
  assert.ok('value' in got, `${label}: compiled threw ${String('error' in got ? got.error : '')}`);
  assert.ok(sameResult(got.value, want.value), `${label}: compiled ${String(got.value)} vs plain ${String(want.value)}`);
  assert.ok(sameResult(b, a), `${label}: arguments after the call differ`);
}

/** Both throw, and the compiled exception stands for the plain one (class and message, or a documented translation). */
function sameThrow(plain: () => unknown, compiled: () => unknown, label: string): void {
  const want = outcomeOf(plain);
  const got = outcomeOf(compiled);
  assert.ok('error' in want, `${label}: plain did not throw`);
  assert.ok('error' in got, `${label}: compiled returned ${'value' in got ? String(got.value) : ''}`);
  const differs = exceptionDisagreement(want.error, got.error);
  assert.equal(differs, undefined, `${label}: ${differs}`);
}

const sourceOf = (f: { inspect(): Record<string, string> }): string => Object.values(f.inspect())[0]!;

// -------------------------------------------------------------------------------------------------- shape

test('markov over number[][]: P[state][j] is read in place, with no packing, copy or version of the loop', () => {
  // number[][] rows are the caller's own arrays (js/nested.ts): JS's own bounds behaviour, nothing to hoist
  const c = memoJit(markov);
  c(P, 10);
  const source = sourceOf(c);
  // the row P[state] read once before the j loop (passes/invariant-rows.ts), its elements in place
  assert.match(source, /let (\$row\d*) = P\w*\[state\];\s*for \(; \(j < nstates\)[^]*cum = \(cum \+ \1\[j\]\);/, 'in-place read');
  assert.doesNotMatch(source, /\$pack|\$rowRange|\$d_P/);
  assert.equal(source.match(/for \(; \(j < nstates\)/g)?.length, 1, 'the inner loop once');
});

test('a row loop (j < row.length) over number[][] reads row[j] in place, the length read live', () => {
  const c = memoJit(total);
  assert.equal(c([[1, 2], [3, 4]]), 10);
  const source = sourceOf(c);
  assert.doesNotMatch(source, /\} else \{/, 'no second version of the loop');
  assert.match(source, /row\w*\.length/);
  assert.match(source, /row\w*\[j\w*\]/);
});

test('a row index the inner loop never assigns is checked once, and not at all when the loop runs no iteration', () => {
  const c = memoJit(walk);
  const rs = Float64Array.from({ length: 50 }, rand);
  const M = stochastic(3, 3);
  same(walk, c, () => [M, rs, 1], 'in range');
  // start 7 is no row: plain JS throws reading undefined[0]; compiled code throws a RangeError where it would
  sameThrow(() => walk(M, rs, 7), () => c(M, rs, 7), 'start 7');
  // no day: the inner loop never runs, so nothing may throw even though the row index is bad
  assert.deepEqual(c(M, new Float64Array(0), 7), walk(M, new Float64Array(0), 7));
});

test('a bad row throws before its column is looked at, as in plain JS (also where the column is out of range)', () => {
  function cell(m: number[][], i: number, c: number): number {
    return m[i]![c]!;
  }
  function maybe(m: number[][], c: number): number {
    let row = null;
    if (m.length > 5) row = m[0]!;
    return row![c]!;
  }
  const cCell = memoJit(cell);
  const cMaybe = memoJit(maybe);
  const M = matrix(2, 2);
  sameThrow(() => cell(M, 5, 9), () => cCell(M, 5, 9), 'cell(5, 9)');
  sameThrow(() => cell(M, -1, -1), () => cCell(M, -1, -1), 'cell(-1, -1)');
  assert.equal(cCell(M, 1, 9), undefined);
  sameThrow(() => maybe(M, 7), () => cMaybe(M, 7), 'a null row');
});

test('m[q].length checks the row q first, as plain JS reads m[q] before .length', () => {
  function lastRow(m: number[][], q: number): number {
    let s = 0;
    for (let j = 0; j < m[q]!.length; j++) s += m[q]![j]!;
    return s;
  }
  const c = memoJit(lastRow);
  assert.equal(c([[1, 2], [3, 4]], 1), lastRow([[1, 2], [3, 4]], 1));
  sameThrow(() => lastRow([], 0), () => c([], 0), 'no row 0');
  sameThrow(() => lastRow([[1, 2]], 3), () => c([[1, 2]], 3), 'no row 3');
});

test('the IR pass: the fast copy is marked inBounds, the original is kept, and modules without packed matrices come back as is', () => {
  function firstColumns2d(m: Array2D, n: number): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (let j = 0; j < n; j++) s += r[j]! * (j + 1);
    }
    return s;
  }
  const before = lowerToIR(firstColumns2d, [{ kind: 'matrix', layout: 'array2d' }, { kind: 'i32' }]);
  const after = hoistBoundsChecks(before);
  assert.notEqual(after, before);
  const versions = findVersioned(after);
  assert.equal(versions.length, 1);
  const [fast, slow] = versions[0]!;
  assert.ok(rowGets(fast).length > 0 && rowGets(fast).every((g) => g.op === 'rowGet' && g.inBounds === true));
  assert.ok(rowGets(slow).every((g) => g.op === 'rowGet' && g.inBounds === undefined));
  assert.equal(hoistBoundsChecks(before).functions.length, before.functions.length);
  // number[][] is read in place: nothing to version
  const nested = lowerToIR(firstColumns, [{ kind: 'matrix', layout: 'nested' }, { kind: 'i32' }]);
  assert.equal(hoistBoundsChecks(nested), nested);

  function sum(xs: Float64Array): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]!;
    return s;
  }
  const plain = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]);
  assert.equal(hoistBoundsChecks(plain), plain);
});

// ---------------------------------------------------------------------------------------------- equality

test('results equal the plain function on rectangular, wider, narrower, ragged and empty matrices, bounds past cols included', () => {
  const cWalk = memoJit(walk);
  const cFirst = memoJit(firstColumns);
  const cStrided = memoJit(strided);
  const cColumn = memoJit(column);
  const cDiff = memoJit(differences);
  for (const [shape, make] of SHAPES) {
    const M = make();
    const rows = M.length;
    const cols = M[0]?.length ?? 0;
    const rs = Float64Array.from({ length: 40 }, rand);
    if (rows > 0) same(walk, cWalk, () => [M.map((r) => r.slice()), rs, 0], `walk ${shape}`);
    for (const n of [0, 1, cols - 1, cols, cols + 1, rows, rows + 2, -1]) {
      same(firstColumns, cFirst, () => [M, n], `firstColumns ${shape} n=${n}`);
      same(differences, cDiff, () => [M, n], `differences ${shape} n=${n}`);
      for (const c of [0, cols - 1, cols, -1]) same(column, cColumn, () => [M, c, n], `column ${shape} c=${c} n=${n}`);
    }
    for (const [lo, hi] of [[0, cols - 2], [0, cols - 1], [1, cols], [-1, 2], [-2, 1], [2, 1], [0, cols + 3]] as const) {
      same(strided, cStrided, () => [M, lo, hi], `strided ${shape} lo=${lo} hi=${hi}`);
    }
  }
  // the Markov chain itself: a wider, stochastic matrix takes the fast version every day
  const W = stochastic(3, 5);
  const rs = Float64Array.from({ length: 200 }, rand);
  same(walk, cWalk, () => [W, rs, 2], 'walk 3x5 stochastic');
});

test('row-view stores on an Array2D: the same values written, past-the-end columns dropped as before', () => {
  const c = memoJit(smooth);
  for (const [rows, cols] of [[3, 4], [2, 1], [1, 6], [0, 3]] as const) {
    for (const n of [0, 1, cols, cols + 1, cols + 4]) {
      const make = (): Array2D => {
        const a = new Array2D(rows, cols);
        for (let i = 0; i < a.data.length; i++) a.data[i] = (i * 7) % 5;
        return a;
      };
      const a = make();
      const b = make();
      const want = smooth(a, n);
      const got = c(b, n);
      assert.ok(Object.is(got, want), `${rows}x${cols} n=${n}: ${got} vs ${want}`);
      assert.deepEqual(Array.from(b.data), Array.from(a.data), `${rows}x${cols} n=${n}: stored values`);
    }
  }
});

test('property: the versioned kernels equal the plain ones for any shape, bound, start and offset', () => {
  const cFirst = memoJit(firstColumns);
  const cStrided = memoJit(strided);
  const cColumn = memoJit(column);
  const cDiff = memoJit(differences);
  const cell = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -3, max: 3 }));
  const rect = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 })).chain(([r, c]) =>
    fc.array(fc.array(cell, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
  const ragged = fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 4 });
  const small = fc.integer({ min: -3, max: 8 });
  fc.assert(
    fc.property(fc.oneof(rect, rect, ragged), small, small, small, (M, a, b, n) => {
      same(firstColumns, cFirst, () => [M, n], 'firstColumns');
      same(strided, cStrided, () => [M, a, b], 'strided');
      same(column, cColumn, () => [M, a, n], 'column');
      same(differences, cDiff, () => [M, n], 'differences');
    }),
    { numRuns: 300 },
  );
});

// ------------------------------------------------------------------------------------------------ helpers

/** The `[fast, slow]` loop pairs of every `if (…) { loop } else { loop }` in a module. */
function findVersioned(module: IRModule): Array<[Loop, Loop]> {
  const out: Array<[Loop, Loop]> = [];
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'if') {
        const [t, e] = [s.then[0], s.else[0]];
        if (s.then.length === 1 && s.else.length === 1 && t?.kind === 'loop' && e?.kind === 'loop') out.push([t, e]);
        visit(s.then);
        visit(s.else);
      } else if (s.kind === 'loop') visit(s.body);
    }
  };
  for (const f of module.functions) visit(f.body);
  return out;
}

function rowGets(loop: Loop): Expr[] {
  const out: Expr[] = [];
  const expr = (e: Expr): void => {
    if (e.op === 'rowGet') out.push(e);
    for (const v of Object.values(e)) if (v && typeof v === 'object' && 'op' in v) expr(v as Expr);
  };
  const stmt = (s: Stmt): void => {
    for (const v of Object.values(s)) {
      if (v && typeof v === 'object' && 'op' in v) expr(v as Expr);
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object') ('op' in x ? expr(x as Expr) : stmt(x as Stmt));
    }
  };
  loop.body.forEach(stmt);
  return out;
}
