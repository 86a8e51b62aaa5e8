// The Array2D method table (src/jit/ops/array2d.ts): its rows against the Array2D class itself (every row is a
// method of Array2D.prototype taking as many arguments as the row's arity), the values and IR each row gives,
// the lookup (own rows only), and every semantic the module promises, compiled through memoJit on both CPU
// backends against plain JS: get and set unchecked exactly as `data[row * cols + col]` (a column past the end
// reads the next row, an index off the data reads undefined and writes nothing, a fractional product is no
// index), row bounds-checked with Array2D.row's own RangeError, a live view, and set a statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, Array2D, JitError } from '../../../src/index.js';
import { ARRAY2D_METHODS, ARRAY2D_METHOD_NAMES, array2dMethod, type Array2DMethodRow } from '../../../src/jit/ops/array2d.js';
import type { Expr } from '../../../src/jit/ir.js';

const F64 = { kind: 'f64' } as const;
const I32 = { kind: 'i32' } as const;
// Through the row interface, as inference and lowering call the rows.
const ROWS: Readonly<Record<'get' | 'set' | 'row', Array2DMethodRow>> = ARRAY2D_METHODS;
const i = (v: number): Expr => ({ op: 'const', type: I32, value: v });

test('the rows are get, set, row in that order, each a method of Array2D taking its arity in arguments', () => {
  assert.deepEqual(Object.keys(ARRAY2D_METHODS), ['get', 'set', 'row']);
  assert.equal(ARRAY2D_METHOD_NAMES, 'get, set, row');
  // By hand: get(i, j), set(i, j, value), row(i).
  assert.deepEqual(Object.values(ARRAY2D_METHODS).map((r) => r.arity), [2, 3, 1]);
  for (const [name, row] of Object.entries(ARRAY2D_METHODS)) {
    const method = (Array2D.prototype as unknown as Record<string, unknown>)[name];
    assert.equal(typeof method, 'function', `Array2D.prototype.${name}`);
    assert.equal((method as (...a: unknown[]) => unknown).length, row.arity, `${name}'s declared parameters`);
  }
});

test('array2dMethod finds own rows only', () => {
  assert.equal(array2dMethod('get'), ARRAY2D_METHODS.get);
  assert.equal(array2dMethod('set'), ARRAY2D_METHODS.set);
  assert.equal(array2dMethod('row'), ARRAY2D_METHODS.row);
  for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', 'toArray', 'from', 'length', 'Get', '']) {
    assert.equal(array2dMethod(name), undefined, name);
  }
});

test('values: get any double, set nothing, row a non-null array2d row of the receiver', () => {
  assert.deepEqual(ROWS.get.value('m'), { k: 'num', int: false, lo: -Infinity, hi: Infinity });
  assert.deepEqual(ROWS.set.value('m'), { k: 'void' });
  assert.deepEqual(ROWS.row.value('points'), { k: 'row', matrix: 'points', layout: 'array2d', nullable: false });
});

test('IR: get is an f64 matrixLoad, set a matrixStore statement, row a rowOf marked in bounds only when proved', () => {
  assert.deepEqual(ROWS.get.expr!('m', [i(1), i(2)], () => false), { op: 'matrixLoad', type: F64, matrix: 'm', row: i(1), col: i(2) });
  const span = { start: 3, end: 17 };
  const value: Expr = { op: 'const', type: F64, value: 0.5 };
  assert.deepEqual(ROWS.set.statement!('m', [i(0), i(1), value], span), { kind: 'matrixStore', matrix: 'm', row: i(0), col: i(1), value, span });
  const rowType = { kind: 'row', matrix: 'm', nullable: false };
  assert.deepEqual(ROWS.row.expr!('m', [i(4)], () => false), { op: 'rowOf', type: rowType, matrix: 'm', index: i(4) });
  assert.ok(!('inBounds' in ROWS.row.expr!('m', [i(4)], () => false)), 'no inBounds key unless proved');
  assert.deepEqual(ROWS.row.expr!('m', [i(4)], () => true), { op: 'rowOf', type: rowType, matrix: 'm', index: i(4), inBounds: true });
  assert.ok(!('expr' in ARRAY2D_METHODS.set), 'set has no value form');
  assert.ok(!('statement' in ARRAY2D_METHODS.get) && !('statement' in ARRAY2D_METHODS.row));
});

/** A 3 × 2 matrix [[1, 2], [3, 4], [5, 6]]. */
const sample = (): Array2D => Array2D.from([[1, 2], [3, 4], [5, 6]]);

// (i, j) pairs with data[i * 2 + j] worked out by hand: in range, a column past the row (the next row's
// element), a negative column, off the data at either end, fractional products that are or are not an index.
const GETS: ReadonlyArray<readonly [number, number, number | undefined]> = [
  [0, 0, 1], [2, 1, 6], [0, 3, 4], [1, -1, 2], [-1, 5, 4], [0, -1, undefined], [3, 0, undefined],
  [1e10, 0, undefined], [0.5, 0, 2], [0.25, 0, undefined], [NaN, 0, undefined], [0, 0.5, undefined],
];

for (const backend of ['js', 'wasm'] as const) {
  const jit = memoJit({ backend });

  test(`get (${backend}) is unchecked data[i * cols + j], as the plain method`, () => {
    const get = (m: Array2D, r: number, c: number): number => m.get(r, c);
    const compiled = jit(get);
    const m = sample();
    for (const [r, c, want] of GETS) {
      assert.ok(Object.is(get(m, r, c), want), `plain get(${r}, ${c}) is ${want} (the hand-worked index)`);
      assert.ok(Object.is(compiled(m, r, c), want), `compiled get(${r}, ${c}): ${compiled(m, r, c)} vs ${want}`);
    }
    // Integer indices: the i32 path (the loop counters are int32).
    const total = jit((m: Array2D): number => {
      let s = 0;
      for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) s += m.get(r, c) * (r * 10 + c + 1);
      return s;
    });
    assert.equal(total(m), 1 * 1 + 2 * 2 + 3 * 11 + 4 * 12 + 5 * 21 + 6 * 22);
  });

  test(`set (${backend}) writes data[i * cols + j] unchecked, writes nothing off the data, stores f64`, () => {
    const set = (m: Array2D, r: number, c: number, v: number): void => { m.set(r, c, v); };
    const compiled = jit(set);
    const cases: ReadonlyArray<readonly [number, number, number]> = [[0, 0, 7], [0, 3, 9.5], [1, -1, -2], [0, -1, 8], [3, 0, 8], [0.5, 0, 11], [0.25, 0, 12], [NaN, 0, 13], [2, 1, -0], [1, 1, 2 ** 40 + 0.5]];
    for (const [r, c, v] of cases) {
      const plain = sample();
      const mine = sample();
      set(plain, r, c, v);
      compiled(mine, r, c, v);
      assert.deepEqual([...mine.data].map((x) => Object.is(x, -0) ? '-0' : x), [...plain.data].map((x) => Object.is(x, -0) ? '-0' : x), `set(${r}, ${c}, ${v})`);
    }
    // By hand: (0, 3) is data[3], the second row's second element; (3, 0) and (0.25, 0) write nothing.
    const m = sample();
    compiled(m, 0, 3, 40);
    compiled(m, 3, 0, 70);
    compiled(m, 0.25, 0, 80);
    assert.deepEqual(m.toArray(), [[1, 2], [3, 40], [5, 6]]);
  });

  test(`row (${backend}) is bounds-checked with Array2D.row's RangeError, and a live view`, () => {
    const first = (m: Array2D, r: number): number => m.row(r)[0]!;
    const compiled = jit(first);
    const m = sample();
    assert.deepEqual([0, 1, 2].map((r) => compiled(m, r)), [1, 3, 5]);
    for (const r of [-1, 3, 0.5, NaN, 1e10, -0.5]) {
      assert.throws(() => compiled(m, r), (e: unknown) => e instanceof RangeError && e.message === `Array2D.row: row index ${r} is outside the 3 rows`, `row(${r})`);
    }
    const bump = jit((m: Array2D, r: number): number => {
      const v = m.row(r);
      v[1] = v[1]! + 100;
      return m.get(r, 1);
    });
    assert.equal(bump(m, 1), 104, 'the write through the view is read back through get');
    assert.deepEqual(m.toArray(), [[1, 2], [3, 104], [5, 6]], 'and is in the matrix the caller holds');
    // A loop over every row: the index is proved a row, so no check fails.
    const sums = jit((m: Array2D, out: Float64Array): void => {
      for (let r = 0; r < m.rows; r++) { const v = m.row(r); out[r] = v[0]! + v[1]!; }
    });
    const out = new Float64Array(3);
    sums(m, out);
    assert.deepEqual([...out], [3, 107, 11]);
  });
}

test('set used as a value is a located JitError (set is a statement)', () => {
  assert.throws(() => memoJit((m: Array2D) => m.set(0, 0, 1))(sample()), (e: unknown) => e instanceof JitError && /statement/.test(e.message));
});
