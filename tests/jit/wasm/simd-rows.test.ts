// Rows of number[][] in v128 lanes (src/jit/wasm/simd-rows.ts, planned by simd.ts, emitted by simd-emit.ts):
// inner loops over the columns of fixed rows (`u[i-1][j]`, `un[i][j] = …`) run in f64x2 lanes on the Wasm backend
// and give plain JS's results bit for bit (Object.is per element of every row, edge values NaN, -0, ±Infinity,
// subnormals included), for widths with and without a remainder. Loops whose lanes could see their own writes
// (a row read at a column offset and written, a row that may be the written one) stay scalar and say why; rows
// shared between the matrices, rows and columns out of range give the plain function's result or error. The
// pieces of simd-rows.ts (row names, telling rows apart) are checked on their own at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { LaneRows, indexText, rowsApart } from '../../../src/jit/wasm/simd-rows.js';
import type { Expr } from '../../../src/jit/ir.js';
import { thrownMessage } from '../../_support/outcome.js';

const EDGES = [-0, NaN, Infinity, -Infinity, 5e-324, 1e308, -1e308, 1 / 3, 0];
const wasm = memoJit({ backend: 'wasm' });
const report = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');

/** An n × m grid mixing edge values and ordinary fractions, the same for a given (n, m, k). */
function grid(n: number, m: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => ((i * 7 + j * 3 + k) % 5 === 0 ? EDGES[(i + j + k) % EDGES.length]! : Math.sin(i * 5 + j * 11 + k) * 10 ** (((i + j) % 5) - 2))));
}

function sameGrid(a: readonly (readonly number[])[], b: readonly (readonly number[])[], what: string): void {
  assert.equal(a.length, b.length, `${what}: rows`);
  for (let i = 0; i < b.length; i++) {
    assert.equal(a[i]!.length, b[i]!.length, `${what}: row ${i} length`);
    for (let j = 0; j < b[i]!.length; j++) assert.ok(Object.is(a[i]![j], b[i]![j]), `${what} [${i}][${j}]: ${a[i]![j]} vs ${b[i]![j]}`);
  }
}

const SIZES: Array<[number, number]> = [[3, 3], [3, 4], [4, 5], [5, 6], [6, 9], [7, 10], [4, 2], [2, 7], [5, 17], [3, 34]];

function nine(a: number[][], out: number[][]) {
  for (let i = 1; i < a.length - 1; i++) {
    for (let j = 1; j < a[0]!.length - 1; j++) {
      out[i]![j] = 0.5 * a[i - 1]![j - 1]! - a[i - 1]![j]! + a[i - 1]![j + 1]! / 3
        + a[i]![j - 1]! * a[i]![j]! - a[i]![j + 1]!
        + Math.sqrt(Math.abs(a[i + 1]![j - 1]!)) + Math.min(a[i + 1]![j]!, a[i + 1]![j + 1]!);
    }
  }
}

test('a 9-point stencil (rows and columns at -1, 0, +1) runs in f64x2 lanes and is bit-identical to plain, odd and even widths', () => {
  const w = wasm(nine);
  for (const [n, m] of SIZES) {
    const got = grid(n, m, 1).map((r) => r.map(() => 7)), want = got.map((r) => [...r]);
    w(grid(n, m, 2), got);
    nine(grid(n, m, 2), want);
    sameGrid(got, want, `${n}x${m}`);
  }
  assert.match(report(w), /nine: the loop over j runs 2 f64 lanes at a time \(f64x2\), a stencil reading a\[i-1\]\[j-1\.\.j\+1\], a\[i\]\[j-1\.\.j\+1\], a\[i\+1\]\[j-1\.\.j\+1\], on number\[\]\[\] rows/);
  assert.match(report(w), /f64x2\.min/);
});

function jacobi(u: number[][], un: number[][], iters: number) {
  const n = u.length, m = u[0]!.length;
  for (let it = 0; it < iters; it++) {
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < m - 1; j++) un[i]![j] = 0.25 * (u[i - 1]![j]! + u[i + 1]![j]! + u[i]![j - 1]! + u[i]![j + 1]!);
    }
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < m - 1; j++) u[i]![j] = un[i]![j]!;
    }
  }
  return u;
}

test('jacobi: both inner loops in lanes (the sweep and the copy back), bit-identical to plain, every row and column', () => {
  const w = wasm(jacobi);
  for (const [n, m] of SIZES) {
    for (const iters of [0, 1, 3]) {
      const u1 = grid(n, m, 3), un1 = grid(n, m, 4), u2 = grid(n, m, 3), un2 = grid(n, m, 4);
      const r = w(u1, un1, iters);
      jacobi(u2, un2, iters);
      assert.equal(r, u1, 'returns its argument');
      sameGrid(u1, u2, `u ${n}x${m} iters ${iters}`);
      sameGrid(un1, un2, `un ${n}x${m} iters ${iters}`);
    }
  }
  const text = report(w);
  assert.match(text, /the loop over j runs 2 f64 lanes at a time \(f64x2\), a stencil reading u\[i\]\[j-1\.\.j\+1\], on number\[\]\[\] rows/);
  assert.match(text, /runs 2 f64 lanes at a time \(f64x2\), on number\[\]\[\] rows un\[i\$1\], u\[i\$1\]/);
  assert.match(text, /backend: wasm/);
});

function rowInPlace(u: number[][]) {
  for (let i = 1; i < u.length; i++) {
    for (let j = 1; j < u[i]!.length - 1; j++) u[i]![j] = 0.5 * (u[i]![j - 1]! + u[i]![j + 1]!);
  }
}

function rowsAbove(u: number[][]) {
  for (let i = 1; i < u.length; i++) {
    for (let j = 1; j < u[i]!.length - 1; j++) u[i]![j] = u[i - 1]![j - 1]! - u[i - 1]![j + 1]! + u[i]![j]!;
  }
}

function rowK(u: number[][], k: number) {
  for (let i = 0; i < u.length; i++) {
    for (let j = 1; j < u[i]!.length; j++) u[i]![j] = u[k]![j - 1]! * 2;
  }
}

test('the written matrix read at a column offset: the same row stays scalar, a row provably above runs in lanes, an unknown row stays scalar; all as plain', () => {
  const inPlace = wasm(rowInPlace), above = wasm(rowsAbove), k = wasm(rowK);
  for (const [n, m] of SIZES) {
    const a = grid(n, m, 5), b = grid(n, m, 5);
    inPlace(a);
    rowInPlace(b);
    sameGrid(a, b, `in place ${n}x${m}`);
    const c = grid(n, m, 6), d = grid(n, m, 6);
    above(c);
    rowsAbove(d);
    sameGrid(c, d, `rows above ${n}x${m}`);
    for (const row of [0, 1, n - 1]) {
      const e = grid(n, m, 7), f = grid(n, m, 7);
      k(e, row);
      rowK(f, row);
      sameGrid(e, f, `row k=${row} ${n}x${m}`);
    }
  }
  assert.match(report(inPlace), /stays scalar: u\[i\] is read at an offset and written in the same loop/);
  assert.doesNotMatch(report(inPlace), /f64x2/);
  assert.match(report(above), /runs 2 f64 lanes at a time \(f64x2\), a stencil reading u\[i-1\]\[j-1\.\.j\+1\]/);
  assert.match(report(k), /stays scalar: u\[k\] is read at an offset and may be the row u\[i\] the loop writes/);
});

function shiftRow(a: number[][], b: number[][], r: number) {
  for (let j = 1; j < a[r]!.length; j++) b[r]![j] = a[r]![j - 1]! * 2;
}
function shiftOwnRow(u: number[][]) {
  shiftRow(u, u, 1);
  return u;
}

test('in a callee, two matrix parameters may be one matrix (shiftRow(u, u, 1)): a read at an offset next to a store stays scalar, as plain', () => {
  const w = wasm(shiftOwnRow);
  for (const [n, m] of SIZES) {
    if (n < 2) continue;
    const a = grid(n, m, 17), b = grid(n, m, 17);
    w(a);
    shiftOwnRow(b);
    sameGrid(a, b, `${n}x${m}`);
  }
  assert.match(report(w), /backend: wasm/);
  assert.match(report(w), /shiftRow: a loop stays scalar: a\[r\] is read at an offset and may be the row b\[r\] the loop writes/);
});

test('rows shared between the two matrices (un[2] === u[3]) give the plain result', () => {
  const w = wasm(jacobi);
  const make = (): [number[][], number[][]] => {
    const u = grid(6, 7, 8), un = grid(6, 7, 9);
    un[2] = u[3]!;
    return [u, un];
  };
  const [u1, un1] = make(), [u2, un2] = make();
  w(u1, un1, 3);
  jacobi(u2, un2, 3);
  sameGrid(u1, u2, 'u');
  sameGrid(un1, un2, 'un');
  assert.equal(un1[2], u1[3], 'still one row');
  assert.match(report(w), /0 calls in Wasm, 0 answered by JS after a trap, 1 with aliased arrays on JS/);
});

function smear(a: number[][], w: Float64Array, k: Int32Array, out: number[][]) {
  for (let i = 0; i < a.length; i++) {
    for (let j = 1; j < w.length - 1; j++) out[i]![j] = a[i]![j - 1]! * w[j + 1]! + k[j - 1]! - a[i]![j + 1]!;
  }
}

test('mixed: plain, Float64Array, Float32Array and Int32Array rows in the read matrix, Float64Array and Int32Array arguments read at offsets next to rows, as plain', () => {
  const f = wasm(smear);
  for (const [n, m] of SIZES) {
    const kinds = [(r: number[]) => r, (r: number[]) => Float64Array.from(r), (r: number[]) => Float32Array.from(r), (r: number[]) => Int32Array.from(r, (x) => x * 1000)];
    const a = grid(n, m, 10).map((r, i) => kinds[i % kinds.length]!(r) as unknown as number[]);
    const wt = Float64Array.from(grid(1, m, 11)[0]!);
    const ks = Int32Array.from({ length: m }, (_, j) => (j * 2_000_000_007) | 0);
    const got = grid(n, m, 12), want = grid(n, m, 12);
    f(a, wt, ks, got);
    smear(a, wt, ks, want);
    sameGrid(got, want, `${n}x${m}`);
  }
  // 'auto' routes as before rows ran in lanes: the matrix is packed on every call, so lanes over rows are not
  // rule 2's "loops in lanes on numbat memory", and two loops deep is not rule 4's depth
  const auto = memoJit({ backend: 'auto' })(smear);
  auto(grid(3, 5, 10), Float64Array.from(grid(1, 5, 11)[0]!), new Int32Array(5), grid(3, 5, 12));
  assert.match(report(auto), /backend: js/);
  assert.match(report(f), /smear: the loop over j runs 2 f64 lanes at a time \(f64x2\), a stencil reading a\[i\]\[j-1\.\.j\+1\], w\[j\+1\.\.j\+1\], k\[j-1\.\.j-1\], on number\[\]\[\] rows a\[i\], out\[i\]/);
});

function outerRow(a: number[][], out: number[][]) {
  for (let i = 1; i < a.length; i++) {
    const up = a[i - 1]!, row = out[i]!;
    for (let j = 0; j < row.length - 1; j++) row[j] = up[j + 1]! - up[j]!;
  }
}

test('rows taken before the inner loop (const up = a[i - 1]) run in lanes too, as plain', () => {
  const f = wasm(outerRow);
  for (const [n, m] of SIZES) {
    const got = grid(n, m, 13), want = grid(n, m, 13);
    f(grid(n, m, 14), got);
    outerRow(grid(n, m, 14), want);
    sameGrid(got, want, `${n}x${m}`);
  }
  assert.match(report(f), /a stencil reading up\[j\.\.j\+1\], on number\[\]\[\] rows up, row/);
});

function pastLastRow(a: number[][], out: number[][]) {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[0]!.length; j++) out[i]![j] = a[i + 1]![j]! + 1;
  }
}

function pastLastColumn(a: number[][], out: number[][]) {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[0]!.length; j++) out[i]![j] = a[i]![j + 1]! + 1;
  }
}

test('a row past the end throws the plain TypeError, a column past the end reads undefined (NaN) as plain', () => {
  const rows = wasm(pastLastRow), cols = wasm(pastLastColumn);
  // width 8: the vector loop alone would cover every column of the last row, were that row not checked before it
  for (const m of [5, 8]) {
    const out1 = grid(4, m, 0), out2 = grid(4, m, 0);
    assert.equal(thrownMessage(() => rows(grid(4, m, 15), out1)), thrownMessage(() => pastLastRow(grid(4, m, 15), out2)));
    assert.throws(() => rows(grid(4, m, 15), grid(4, m, 0)), TypeError);
    sameGrid(out1, out2, `rows written before the error, width ${m}`);
  }
  const o3 = grid(4, 5, 0), o4 = grid(4, 5, 0);
  cols(grid(4, 5, 16), o3);
  pastLastColumn(grid(4, 5, 16), o4);
  sameGrid(o3, o4, 'past the last column');
  assert.ok(Number.isNaN(o3[0]![4]), 'undefined + 1');
});

function fromRow(m: number[][], k: number, out: number[][]) {
  const r = k >= 0 ? m[k]! : null;
  for (let j = 0; j < out[0]!.length - 1; j++) out[0]![j] = r![j + 1]! - 1;
}

test('a null row local throws the plain TypeError; a row local read at an offset runs as plain', () => {
  const f = wasm(fromRow);
  const o1 = grid(2, 9, 0), o2 = grid(2, 9, 0);
  assert.equal(thrownMessage(() => f(grid(2, 9, 18), -1, o1)), thrownMessage(() => fromRow(grid(2, 9, 18), -1, o2)));
  sameGrid(o1, o2, 'nothing written before the error');
  for (const k of [0, 1]) {
    const o3 = grid(2, 9, 0), o4 = grid(2, 9, 0);
    f(grid(2, 9, 19), k, o3);
    fromRow(grid(2, 9, 19), k, o4);
    sameGrid(o3, o4, `row ${k}`);
  }
  assert.match(report(f), /fromRow: the loop over j runs 2 f64 lanes at a time \(f64x2\), a stencil reading r\[j\+1\.\.j\+1\], on number\[\]\[\] rows r, out\[0\]/);
});

test('simd-rows: rows named once each, told apart only as m[x + a] and m[x + b] with a ≠ b', () => {
  const i: Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
  const k: Expr = { op: 'local', type: { kind: 'i32' }, name: 'k' };
  const plus = (e: Expr, c: number): Expr => ({ op: 'binary', type: { kind: 'i32' }, operator: c < 0 ? 'sub' : 'add', left: e, right: { op: 'const', type: { kind: 'i32' }, value: Math.abs(c) } });
  assert.equal(indexText(plus(plus(i, 1), -2)), 'i+1-2');
  const rows = new LaneRows();
  const u0 = rows.of('u', i, i), u1 = rows.of('u', plus(i, 1), plus(i, 1)), uk = rows.of('u', k, k);
  assert.equal(rows.of('u', i, i), u0, 'one entry per row');
  assert.deepEqual([u0.name, u1.name, uk.name], ['u[i]', 'u[i+1]', 'u[k]']);
  assert.equal(rowsApart(u0, u1), true);
  assert.equal(rowsApart(u1, rows.of('u', plus(plus(i, 2), -1), plus(plus(i, 2), -1))), false, 'i + 2 - 1 is i + 1');
  assert.equal(rowsApart(u0, rows.of('u', plus(plus(i, 2), -1), plus(plus(i, 2), -1))), true, 'i + 2 - 1 is not i');
  assert.equal(rowsApart(u0, uk), false, 'unrelated indices');
  assert.equal(rowsApart(u0, rows.of('v', plus(i, 1), plus(i, 1))), false, 'other matrix: not this rule');
  const local: Expr = { op: 'local', type: { kind: 'row', matrix: 'u', nullable: false }, name: 'up' };
  assert.equal(rowsApart(u0, rows.of('u', local, undefined)), false, 'a row local: index unknown');
  assert.equal(rows.of('u', local, undefined).name, 'up', 'a row local by its name');
  assert.equal(rows.named('u[i+1]'), u1);
});
