// Loop versioning (the JS backend's bounds-check hoisting) checked through what a user sees: compiled results
// equal to plain JS's, and the conditions and unchecked reads that `inspect()` shows. Written for the jit-passes
// survivors of issue 19 (`hoist.ts:162,208,256,319` in the sample of 2026-12-02, lines 163, 209, 257, 320 now);
// each test failed against the mutants of its line. They test behaviour, not the pass's internals, so they hold
// whichever file the bounds proofs live in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D } from '../../../src/index.js';

const source = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

/** A rows × cols matrix holding 1, 2, 3, … row by row, so that reading the next row's element shows. */
function grid(rows: number, cols: number): Array2D {
  const a = new Array2D(rows, cols);
  for (let i = 0; i < a.data.length; i++) a.data[i] = i + 1;
  return a;
}

/** The fast copy's condition: the text between `if (` and the `{` that opens the versioned loop. */
function conditionBefore(text: string, loopStart: RegExp): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => loopStart.test(l));
  assert.ok(at > 0, `no line matching ${loopStart} in\n${text}`);
  const cond = lines.slice(0, at).reverse().find((l) => /^\s*if \(/.test(l));
  assert.ok(cond, `no condition before ${loopStart}`);
  return cond.trim();
}

test('an Array2D and a number[][] read in one loop: the Array2D read is versioned, the number[][] row read in place', () => {
  function mix(a: Array2D, b: number[][], n: number): number {
    let s = 0;
    for (let i = 0; i < a.rows; i++) {
      const r = a.row(i);
      const q = b[i]!;
      for (let j = 0; j < n; j++) s += r[j]! * 10 + q[j]!;
    }
    return s;
  }
  const c = memoJit(mix);
  const b = [[1, 2, 3], [4, 5]]; // ragged: past the second row's end plain JS reads undefined
  for (const n of [0, 1, 2, 3, 4]) {
    const want = mix(grid(2, 3), b, n);
    const got = c(grid(2, 3), b, n);
    assert.ok(Object.is(got, want), `n=${n}: ${got} vs ${want}`);
  }
  const text = source(c);
  assert.equal(conditionBefore(text, /for \(; .*j/), 'if ((n <= $c_a)) {', 'one condition, on the Array2D only');
  // (the function writes nothing: the row's element is checked to be a number where read, js/lazy-elements.ts)
  assert.match(text, /\$d_a\[r \* \$c_a \+ j\] \* 10\) \+ \(typeof \(\$t\d+ = q\[j\]\)/, 'unchecked Array2D read beside the in-place row read');
});

test('a counter set to a constant just before its loop needs no run-time condition on its start', () => {
  // declared by the loop (`let j = 0`), and assigned just before it (`j = 1`)
  function declared(m: Array2D, n: number): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (let j = 0; j < n; j++) s += r[j]!;
    }
    return s;
  }
  function assigned(m: Array2D, n: number): number {
    let s = 0;
    let j = 0;
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (j = 1; j < n; j++) s += r[j - 1]!;
    }
    return s + j;
  }
  for (const [f, cond] of [[declared, 'if ((n <= $c_m)) {'], [assigned, 'if (((n + (-1)) <= $c_m)) {']] as const) {
    const c = memoJit(f);
    for (const n of [0, 2, 3, 4, 5]) assert.ok(Object.is(c(grid(3, 3), n), f(grid(3, 3), n)), `${f.name}(n=${n})`);
    assert.equal(conditionBefore(source(c), /for \(; .*j/), cond, `${f.name}: only the bound is tested`);
  }
});

test('the start of a counter comes from its own declaration, not from another local declared just before the loop', () => {
  // `off` (a float local, initialized to 5) is declared last before the loop: taken for j's start, r[j - 3]
  // would look in range from j = 0, and row 1 would read row 0's last elements where plain JS reads undefined
  function offset(m: Array2D, n: number, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      let j = 0;
      let off = 5;
      for (; j < n; j++) s += r[j - 3]! * off;
      off = off + s;
      out[i] = s + off;
    }
    return out[0]!;
  }
  const c = memoJit(offset);
  for (const n of [0, 2, 3, 4, 6, 7]) {
    const [want, got] = [new Float64Array(3), new Float64Array(3)];
    assert.ok(Object.is(c(grid(3, 4), n, got), offset(grid(3, 4), n, want)), `n=${n}`);
    assert.deepEqual([...got], [...want], `n=${n}: per-row sums (a read before the row's start must be NaN)`);
  }
});

test('a row index `i - 1` of a counter from 1 bounded by the rows is in range by construction: no condition on it', () => {
  function steps(m: Array2D, c: number): number {
    let s = 0;
    for (let i = 1; i < m.rows; i++) s += m.row(i - 1)[c]! - m.row(i)[c]!;
    return s;
  }
  const compiled = memoJit(steps);
  for (const c of [-1, 0, 1, 2]) assert.ok(Object.is(compiled(grid(3, 2), c), steps(grid(3, 2), c)), `c=${c}`);
  assert.equal(conditionBefore(source(compiled), /for \(; .*\$r_m/), 'if (((c >= 0) && (c < $c_m))) {', 'only the column is tested');
});

test('a local declared in the body as `j + 1` is read unchecked in the fast copy, like `r[j + 1]`', () => {
  function derived(m: Array2D, n: number): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      for (let j = 0; j < n; j++) {
        const k = j + 1;
        s += r[k]!;
      }
    }
    return s;
  }
  const c = memoJit(derived);
  for (const n of [0, 2, 3, 4]) assert.ok(Object.is(c(grid(3, 4), n), derived(grid(3, 4), n)), `n=${n}`);
  const text = source(c);
  assert.equal(conditionBefore(text, /for \(; .*j/), 'if (((n + 1) <= $c_m)) {');
  assert.match(text, /\$d_m\[r \* \$c_m \+ k\]/, 'an unchecked read through the derived local');
});

test('a column index the loop never assigns is checked once before the loop: 0 <= c and c < cols', () => {
  function column(m: Array2D, c: number): number {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.row(i)[c]!;
    return s;
  }
  const compiled = memoJit(column);
  for (const c of [-1, 0, 2, 3, 4]) {
    const [want, got] = [column(grid(3, 3), c), compiled(grid(3, 3), c)];
    assert.ok(Object.is(got, want), `c=${c}: ${got} vs ${want}`);
  }
  assert.match(source(compiled), /if \(\(\(c >= 0\) && \(c < \$c_m\)\)\) \{/, 'the two conditions, evaluated once');
});

test('a loop bounded by its matrix\'s own columns reads unchecked with no second copy', () => {
  function rowSums(m: Array2D, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 0; j < m.cols; j++) s += r[j]!;
      out[i] = s;
    }
    return out[0]!;
  }
  const c = memoJit(rowSums);
  const [want, got] = [new Float64Array(3), new Float64Array(3)];
  assert.equal(c(grid(3, 4), got), rowSums(grid(3, 4), want));
  assert.deepEqual([...got], [...want]);
  const text = source(c);
  assert.doesNotMatch(text, /\} else \{/, 'implied by the loop: no checked copy');
  assert.match(text, /\$d_m\[r \* \$c_m \+ j\]/);
});

test('a bound by another matrix\'s columns, or by the rows, does not prove a column in range', () => {
  // m is 3 × 2 and w is 3 × 4: j runs past m's rows' end, where plain JS reads undefined (NaN in the sum)
  function otherColumns(m: Array2D, w: Array2D, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 0; j < w.cols; j++) s += r[j]!;
      out[i] = s;
    }
    return out[0]!;
  }
  function byRows(m: Array2D, out: Float64Array): number {
    for (let i = 0; i < m.rows; i++) {
      const r = m.row(i);
      let s = 0;
      for (let j = 0; j < m.rows; j++) s += r[j]!;
      out[i] = s;
    }
    return out[0]!;
  }
  const c1 = memoJit(otherColumns);
  const c2 = memoJit(byRows);
  for (const [m, w] of [[grid(3, 2), grid(3, 4)], [grid(3, 4), grid(3, 2)]] as const) {
    const [want, got] = [new Float64Array(3), new Float64Array(3)];
    assert.ok(Object.is(c1(m, w, got), otherColumns(m, w, want)));
    assert.deepEqual([...got], [...want], `otherColumns ${m.cols} vs ${w.cols} columns`);
  }
  for (const m of [grid(3, 2), grid(2, 3)]) {
    const [want, got] = [new Float64Array(3), new Float64Array(3)];
    assert.ok(Object.is(c2(m, got), byRows(m, want)));
    assert.deepEqual([...got], [...want], `byRows ${m.rows} × ${m.cols}`);
  }
});
