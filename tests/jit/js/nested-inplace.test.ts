// Issue 12, item 1: number[][] arguments (rectangular or ragged, rows plain arrays or typed arrays) are read and
// written in place: compiled code must equal the plain function on every input shape, with the same writes to
// the arguments, the same aliasing (a row that is also another argument) and the same exceptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, Array2D } from '../../../src/index.js';
import { describeError, outcomeOf, sameValues as same } from '../../_support/outcome.js';

type Row = number[] | Float64Array | Int32Array;

/** One input shape, built afresh for each call so plain and compiled see equal, equally aliased data. */
interface Recipe {
  readonly rows: ReadonlyArray<{ readonly kind: 'plain' | 'f64' | 'i32' | 'holey' | 'xs'; readonly values: readonly number[] }>;
  readonly xs: readonly number[];
  readonly i: number;
  readonly j: number;
}

function build(r: Recipe): { m: Row[]; xs: number[] } {
  const xs = [...r.xs];
  const m = r.rows.map((row): Row => {
    switch (row.kind) {
      case 'plain': return [...row.values];
      case 'f64': return Float64Array.from(row.values);
      case 'i32': return Int32Array.from(row.values);
      case 'holey': { const h = [...row.values]; if (h.length > 1) delete h[1]; return h; }
      case 'xs': return xs; // the same array as the second argument
    }
  });
  return { m, xs };
}

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noDefaultInfinity: false }), fc.constantFrom(-0, NaN, 0.5));
const recipe: fc.Arbitrary<Recipe> = fc.record({
  rows: fc.array(fc.record({ kind: fc.constantFrom('plain', 'plain', 'f64', 'i32', 'holey', 'xs'), values: fc.array(number, { maxLength: 5 }) }), { maxLength: 4 }),
  xs: fc.array(number, { minLength: 1, maxLength: 4 }),
  i: fc.integer({ min: -1, max: 5 }),
  j: fc.integer({ min: -1, max: 6 }),
});

/** Plain and compiled on fresh copies of one recipe: same value or same exception, same arguments after. */
function check(plain: (m: Row[], xs: number[], i: number, j: number) => unknown, compiled: typeof plain, r: Recipe): void {
  const p = build(r);
  const c = build(r);
  const want = outcomeOf(() => plain(p.m, p.xs, r.i, r.j));
  const got = outcomeOf(() => compiled(c.m, c.xs, r.i, r.j));
  if ('error' in want) {
    assert.ok('error' in got, `plain threw ${describeError(want.error)}, compiled returned`);
    assert.equal(describeError(got.error), describeError(want.error));
  } else {
    assert.ok('value' in got, `compiled threw ${'error' in got ? describeError(got.error) : ''}`);
    assert.ok(same(got.value, want.value), `compiled ${String(got.value)} vs plain ${String(want.value)}`);
  }
  assert.ok(same(c.m, p.m), 'the matrix after the call');
  assert.ok(same(c.xs, p.xs), 'xs after the call');
}

// The kernels: reads, writes, lengths, row locals, out-of-range indices, writes through an aliasing argument.
const KERNELS = {
  sum(m: Row[], xs: number[], i: number, j: number): number {
    let s = 0;
    for (let a = 0; a < m.length; a++) for (let b = 0; b < m[a]!.length; b++) s += m[a]![b]!;
    return s + i * 0 + j * 0 + xs.length * 0;
  },
  cell(m: Row[], xs: number[], i: number, j: number): number | undefined {
    return m[i]![j];
  },
  rowLength(m: Row[], xs: number[], i: number, j: number): number {
    const row = m[i]!;
    return row.length + j;
  },
  write(m: Row[], xs: number[], i: number, j: number): number {
    m[i]![j] = xs[0]! * 2;
    return m[i]![j]!;
  },
  scaleRows(m: Row[], xs: number[], i: number, j: number): void {
    for (let a = 0; a < m.length; a++) {
      const row = m[a]!;
      for (let b = 0; b < row.length; b++) row[b] = row[b]! * j + i;
    }
  },
  aliasRow(m: Row[], xs: number[], i: number, j: number): number {
    xs[0] = 42 + i;
    const before = m[0]![0]!;
    m[0]![0] = j;
    return before + xs[0]! * 1000;
  },
  compound(m: Row[], xs: number[], i: number, j: number): number {
    let s = 0;
    for (const row of m) {
      if (row.length > 0) row[0]! += j;
      for (const v of row) s += v;
    }
    m[i]![j]! += 1;
    return s;
  },
  nullableRow(m: Row[], xs: number[], i: number, j: number): number | undefined {
    let best = null;
    for (let a = 0; a < m.length; a++) if (m[a]!.length > j) best = m[a]!;
    return best === null ? -1 : best[j];
  },
};

for (const [name, kernel] of Object.entries(KERNELS)) {
  test(`number[][] in place, ${name}: equals plain on rectangular, ragged, typed, holey and aliased rows`, () => {
    const compiled = memoJit(kernel);
    fc.assert(fc.property(recipe, (r) => check(kernel, compiled, r)), { numRuns: 300, seed: 1212 });
  });
}

test('no per-call packing or copying: the generated code reads the caller\'s rows', () => {
  const c = memoJit(KERNELS.sum);
  c([[1, 2], [3]], [0], 0, 0);
  const source = Object.values(c.inspect())[0]!;
  assert.doesNotMatch(source, /\$pack/);
  // the row itself, read once per row before the inner loop (passes/invariant-rows.ts), then its elements
  // (each row checked where it is read when the function writes nothing outside its locals: lazy-elements.ts)
  assert.match(source, /let (\$row\d*) = (?:m\w*\[a\w*\]|\(\$isArray\(\$t\d+ = m\w*\[a\w*\]\)[^;]*);[^]*\1\[b\w*\]/);
});

test('a row that is not an array (a number, a DataView, a BigInt array) runs the plain function: same result', () => {
  function firstLength(m: unknown[][]): number {
    return m.length > 1 ? m[1]!.length : -1;
  }
  const c = memoJit(firstLength);
  const bad: unknown[] = [[1], 'ab'];
  assert.equal(c(bad as unknown[][]), 2);
  assert.equal(c([[1], new BigInt64Array(3)] as unknown as unknown[][]), 3);
  assert.equal(c([[1], [1, 2, 3, 4]]), 4);
});

test('rows compared with == null are a located error (an out-of-range row is undefined, which == null)', () => {
  function loose(m: number[][], i: number): boolean {
    const r = m[i]!;
    return r == null;
  }
  assert.throws(() => memoJit(loose)([[1]], 0), /=== null/);
});

test('Array2D stays the packed form, and a function written for Array2D still runs uncompiled', () => {
  function total(m: Array2D): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) s += m.get(i, j);
    return s;
  }
  const a = Array2D.from([[1, 2], [3, 4]]);
  const c = memoJit(total);
  assert.equal(c(a), 10);
  assert.equal(total(a), 10);
  assert.match(Object.values(c.inspect())[0]!, /\$d_m\w* = m\w*\.data/, 'the packed data, read directly');
});

test('the entry check of rows: plain arrays in the generated loop, any other row through the shared checker', () => {
  function total(m: number[][]): number {
    let s = 0;
    for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]!;
    return s;
  }
  const c = memoJit(total);
  assert.equal(c([[1, 2], [3]]), 6);
  // typed rows after plain ones (and before): still compiled, same sums
  assert.equal(c([[1, 2], Float64Array.of(3, 4), Int32Array.of(5)] as unknown as number[][]), 15);
  assert.equal(c([Float64Array.of(0.5), [1.5]] as unknown as number[][]), 2);
  // a row that is no array of numbers after plain rows: the plain function, with its own result or exception
  const odd = [[1], [2], 'ab'] as unknown as number[][];
  assert.ok(Object.is(c(odd), total(odd)));
  const big = [[1], new BigInt64Array(1)] as unknown as number[][];
  assert.throws(() => c(big), TypeError);
  assert.throws(() => total(big), TypeError);
  const source = Object.values(c.inspect())[0]!;
  // total writes nothing outside its locals: each row is checked where it is read, with no pass on entry
  assert.match(source, /\$isArray\(\$t\d+ = m\w*\[/);
  assert.doesNotMatch(source, /\$s_row/, 'no entry pass over the rows');
  assert.doesNotMatch(source, /^\s*if \(!\$rows\(m\w*\)\) return/m, 'no call on the common path');
  // A function that writes into its rows keeps the pass on entry: a bad row must be found before any write.
  function scale(m: number[][], k: number): number {
    for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) m[i]![j]! *= k;
    return m.length;
  }
  const cs = memoJit(scale);
  const rows = [[1, 2], [3]];
  assert.equal(cs(rows, 2), 2);
  assert.deepEqual(rows, [[2, 4], [6]]);
  const mixed = [[1], 'ab', [2]] as unknown as number[][], plainMixed = [[1], 'ab', [2]] as unknown as number[][];
  // A string row: strict code throws writing into it, after scaling the rows before it, compiled as plain.
  assert.throws(() => cs(mixed, 3), TypeError);
  assert.throws(() => scale(plainMixed, 3), TypeError);
  assert.deepEqual(mixed, plainMixed, 'the same writes as the plain function');
  assert.deepEqual(mixed[0], [3]);
  const scaleSource = Object.values(cs.inspect())[0]!;
  assert.match(scaleSource, /\$isArray\(\$s_row\)/, 'rows checked on entry');
});
