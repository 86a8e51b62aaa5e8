// Issue 12, callbacks on a number[][] and its rows: `a.map((row) => row.map((x) => x + t))` (numba's go_fast),
// `a.forEach((row) => …)` writing rows in place, `a.filter`, `a.some`, `a.reduce` over rows, `row.reduce`, and a
// number[][] made so used as a local (indexed, its length, iterated, written, returned). Rows are JS arrays, typed
// arrays or a mix, ragged, with holes. Each kernel runs plain and compiled on equal fresh inputs: the same value
// (Object.is element by element, holes and typed-array classes included), the same writes to the arguments, the
// same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kernelsAgree } from '../_support/kernels.js';
import { memoJit } from '../../src/index.js';

// Rows may be typed arrays at run time; the kernels are typed as JS code reads them.
type Matrix = number[][];
type Kernel = (a: Matrix, n: number, k: number) => unknown;

const KERNELS: Record<string, Kernel> = {
  goFast(a, n, k) {
    let trace = 0.0;
    for (let i = 0; i < a.length; i++) trace += Math.tanh(a[i]![i]!);
    return a.map((row) => row.map((x) => x + trace));
  },
  rowsToNumbers(a, n, k) {
    const sums = a.map((row) => row.reduce((s, x) => s + x, 0));
    const long = a.map((row, i) => row.length > n || i === k);
    return [sums, long];
  },
  forEachWritesRows(a, n, k) {
    let seen = 0;
    a.forEach((row, i) => {
      seen += row.length;
      if (row.length > 0) row[0] = row[0]! * k + i; // the caller's row object
    });
    return seen;
  },
  tests(a, n, k) {
    return [
      a.some((row) => row.length === n),
      a.every((row) => row.every((x) => x === x)),
      a.findIndex((row) => row.some((x) => x > k)),
      a.findLastIndex((row, i, m) => m.length > i && row.length > 1),
    ];
  },
  reduceRows(a, n, k) {
    return a.reduce((acc, row) => acc + row.reduceRight((s, x, j) => s * 0.5 + x - j, 0), k);
  },
  madeMatrixAsLocal(a, n, k) {
    const out = a.map((row) => row.map((x, j) => x * k + j));
    let total = 0;
    for (let i = 0; i < out.length; i++) {
      for (let j = 0; j < out[i]!.length; j++) total += out[i]![j]!;
    }
    if (out.length > 0 && out[0]!.length > 0) out[0]![0] = -1;
    for (const r of out) total += r.length;
    if (out.length > 1) out[1]![0] = total; // a store past a row's end grows a plain row, is dropped by a typed one
    return out;
  },
  filterRows(a, n, k) {
    const kept = a.filter((row) => row.length >= n);
    const doubled = kept.map((row) => row.map((x) => 2 * x));
    return doubled.length === n ? doubled : kept;
  },
  rowFilterAndMap(a, n, k) {
    const sizes = a.map((row, i, m) => m.length + i + row.length);
    return a.map((row, i) => row.filter((x) => x < k + sizes[i]!));
  },
  throwsInside(a, n, k) {
    return a.map((row, i) => row.map((x, j) => {
      if (i + j === n) throw new RangeError(`at ${i}, ${j}: ${x}`);
      return x - k;
    }));
  },
};

const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(-0, NaN, 0.5, 10, -1));
const rowSpec = fc.record({
  kind: fc.constantFrom('plain', 'plain', 'f64', 'i32', 'holey'),
  values: fc.array(number, { minLength: 0, maxLength: 5 }),
});
const inputs = fc.record({ rows: fc.array(rowSpec, { minLength: 0, maxLength: 5 }), n: fc.integer({ min: 0, max: 5 }), k: number });

function make(rows: ReadonlyArray<{ kind: string; values: number[] }>): Matrix {
  return rows.map((r): number[] | Float64Array | Int32Array => {
    if (r.kind === 'f64') return Float64Array.from(r.values);
    if (r.kind === 'i32') return Int32Array.from(r.values);
    const row = [...r.values];
    if (r.kind === 'holey' && row.length > 1) delete row[1];
    return row;
  }) as unknown as Matrix;
}

kernelsAgree('rows callbacks', KERNELS, inputs, (r) => make(r.rows), { numRuns: 200, seed: 1202, what: 'values, holes, row writes, exceptions', argument: 'the rows after the call' });

test('a row mapped to booleans, or rows mapped to boolean[], is a located error saying why', () => {
  function rowToBool(a: number[][]) { return a.map((row) => row.map((x) => x > 0)); }
  assert.throws(() => memoJit(rowToBool)([[1]]), /typed-array row maps to its own class/);
  function rowsToBoolArrays(a: number[][]) { return a.map((row) => [row.length > 0]); }
  assert.throws(() => memoJit(rowsToBoolArrays)([[1]]), /numbers, booleans or arrays of numbers/);
});
