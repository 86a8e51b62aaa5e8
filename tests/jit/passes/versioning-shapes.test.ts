// Loop versioning (src/jit/passes/hoist.ts) runs a row's reads unchecked only where the loop proves every index
// in range: `r[j + k]` for a counter `j` stepping up by a positive constant to a `<` or `<=` bound. Indexes of
// other shapes (a product, a constant on the left, an inclusive bound equal to the columns) must keep their
// checks, so that a read past the row's end gives NaN (plain JS's `undefined` in arithmetic) rather than the
// next row's element; and `r[j + 1]` is versioned. Written for the jit-passes sample survivors of issue 19
// (hoist.ts's index shapes and conditions); each failed against its mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../../src/index.js';

function grid(rows: number, cols: number): Array2D {
  const a = new Array2D(rows, cols);
  for (let i = 0; i < a.data.length; i++) a.data[i] = i + 1;
  return a;
}

/** One sum per row into `out`, so that a wrong read in one row is not hidden by another row's NaN. */
function agree(f: (m: Array2D, n: number, out: Float64Array) => number, ns: readonly number[]): void {
  const c = memoJit(f);
  for (const n of ns) {
    const [want, got] = [new Float64Array(3), new Float64Array(3)];
    const [p, q] = [f(grid(3, 4), n, want), c(grid(3, 4), n, got)];
    assert.ok(Object.is(q, p), `${f.name}(n=${n}): ${q} vs ${p}`);
    assert.deepEqual([...got], [...want], `${f.name}(n=${n}): per-row sums`);
  }
}

test('an inclusive bound equal to the columns reads past the row: NaN, as in plain JS', () => {
  function inclusive(m: Array2D, n: number, out: Float64Array): number {
    const k = n & 7; // a small bound keeps the counter an int32
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 0; j <= k; j++) s += r[j]!;
      out[i] = s;
    }
    return out[0]!;
  }
  agree(inclusive, [2, 3, 4, 5]);
});

test('a product index `j * 2` is not an offset of the counter', () => {
  function doubled(m: Array2D, n: number, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 2; j < n; j++) s += r[j * 2]!;
      out[i] = s;
    }
    return out[0]!;
  }
  agree(doubled, [2, 3, 4]);
});

test('a constant on the left `1 + j` is an offset of the counter, not a constant index', () => {
  function shifted(m: Array2D, n: number, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 0; j < n; j++) s += r[1 + j]!;
      out[i] = s;
    }
    return out[0]!;
  }
  agree(shifted, [2, 3, 4]);
});

test('`r[j + 1]` up to a bound n is versioned: unchecked when n + 1 <= cols, checked otherwise', () => {
  function next(m: Array2D, n: number, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 0; j < n; j++) s += r[j + 1]!;
      out[i] = s;
    }
    return out[0]!;
  }
  agree(next, [0, 2, 3, 4, 5]);
  const c = memoJit(next);
  c(grid(3, 4), 3, new Float64Array(3));
  const text = Object.values(c.inspect()).join('\n');
  assert.match(text, /if \(\(\(n \+ 1\) <= \$c_m\)\)/, 'the condition of the unchecked copy');
  assert.match(text, /\$d_m\[r \* \$c_m \+ \(j \+ 1\)\]/, 'an unchecked read');
});

test('row stores `r[j] = …` up to a bound n are versioned too: unchecked when n <= cols', () => {
  function store(m: Array2D, n: number): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (let j = 0; j < n; j++) r[j] = j * 2 + i;
    }
    return m.get(1, 1);
  }
  const c = memoJit(store);
  for (const n of [0, 2, 4, 5]) {
    const [want, got] = [grid(3, 4), grid(3, 4)];
    assert.ok(Object.is(c(got, n), store(want, n)), `n=${n}`);
    assert.deepEqual([...got.data], [...want.data], `n=${n}: the matrix after the call`);
  }
  const text = Object.values(c.inspect()).join('\n');
  assert.match(text, /if \(\(n <= \$c_m\)\)/, 'the condition of the unchecked copy');
  assert.match(text, /^\s*\$d_m\[r \* \$c_m \+ j\] = /m, 'an unchecked store');
});
