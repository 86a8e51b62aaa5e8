// Outer lanes on the Wasm backend (src/jit/wasm/simd-outer-emit.ts, planned by simd-outer.ts): two outer
// iterations of a loop nest per v128, each lane summing in its own scalar order. Every kernel here is compiled
// with backend 'wasm' and compared with the plain function, Object.is per element (NaN, -0, ±Infinity,
// subnormals, overflow included), for even and odd outer counts, 0 and 1 rows; aliased outputs and inputs, rows
// shared between matrices, and reads out of range (a trap in one lane) must give the plain result too. Each test
// also checks from inspect() that the nest did take outer lanes, so a nest silently left scalar fails here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pairwiseFlat, row_norms } from '../_support/kernels.js';
import { memoJit, f64 as numbatF64 } from '../../../src/index.js';
import { outcomeOf, describeError } from '../../_support/outcome.js';

const wasm = memoJit({ backend: 'wasm' });
const text = (f: unknown): string => Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
const EDGES = [NaN, -0, 0, Infinity, -Infinity, 5e-324, 1e200, -1e200, 1e-170, 1 / 3, 2 ** 53, -1.5];

/** n × d values mixing edge values and ordinary numbers of many magnitudes, the same for a given (n, d, k). */
function values(n: number, d: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => ((i * 5 + j * 3 + k) % 4 === 0 ? EDGES[(i * 7 + j + k) % EDGES.length]! : Math.sin(i * 13 + j * 7 + k) * 10 ** (((i + 2 * j + k) % 9) - 4))));
}
const flat = (m: number[][]): Float64Array => Float64Array.from(m.flat());

function same(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${what} [${i}]: ${got[i]} vs ${want[i]}`);
}

/** Same value or same error (class and message) for plain and compiled. */
function agree(plain: () => unknown, compiled: () => unknown, what: string): unknown {
  const p = outcomeOf(plain), c = outcomeOf(compiled);
  if ('error' in p) {
    assert.ok('error' in c, `${what}: plain threw ${describeError(p.error)}, compiled returned`);
    assert.equal(describeError(c.error), describeError(p.error), what);
    return undefined;
  }
  assert.ok('value' in c, `${what}: compiled threw ${'error' in c ? describeError(c.error) : ''}`);
  same(c.value as ArrayLike<number>, p.value as ArrayLike<number>, what);
  return c.value;
}

const ROWS = [0, 1, 2, 3, 4, 5, 7, 8, 9];
const LANES = /the loop over (\w+) runs 2 iterations at a time in f64 lanes \(f64x2, outer lanes\)/;

test('row norms of a number[][] (the kernel as written): two rows per v128, bit-identical for every row count and width', () => {
  const w = wasm(row_norms);
  for (const n of ROWS) {
    for (const d of [0, 1, 2, 3, 16]) {
      for (const k of [0, 1, 2]) agree(() => row_norms(values(n, d, k)), () => w(values(n, d, k)), `${n}x${d} k=${k}`);
    }
  }
  assert.match(text(w), /row_norms: the loop over i runs 2 iterations at a time in f64 lanes \(f64x2, outer lanes\), each lane in its scalar order \(s\)/);
});

function rowSums(X: number[][], out: Float64Array) {
  for (let i = 0; i < X.length; i++) {
    let s = 0;
    for (let j = 0; j < X[0]!.length; j++) s += X[i]![j]!;
    out[i] = s;
  }
}

test('row sums keep each row\'s order: 1 + 2^-54 four times is 1 in order (any other order gives 1 + 2^-52)', () => {
  const w = wasm(rowSums);
  const tiny = 2 ** -54;
  // worked by hand: 1 + 2^-54 rounds back to 1 (a tie, to even) each time; the four tiny terms first would sum
  // to 2^-52 exactly and give 1 + 2^-52
  const X = [[1, tiny, tiny, tiny, tiny], [1, tiny, tiny, tiny, tiny], [tiny, tiny, tiny, tiny, 1]];
  const out = new Float64Array(3);
  w(X, out);
  assert.deepEqual([...out], [1, 1, 1 + 2 ** -52]);
  assert.match(text(w), LANES);
});

function rowNormsFlat(X: Float64Array, n: number, d: number) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < d; j++) s += X[i * d + j]! * X[i * d + j]!;
    out[i] = Math.sqrt(s);
  }
  return out;
}

test('row norms of a flat Float64Array (rows of d at i * d): bit-identical, ordinary and numbat-memory arrays', () => {
  const w = wasm(rowNormsFlat);
  for (const n of ROWS) {
    for (const d of [0, 1, 3, 16]) {
      const X = flat(values(n, d, 3));
      agree(() => rowNormsFlat(X, n, d), () => w(X, n, d), `${n}x${d}`);
      const Xn = numbatF64(X.length);
      Xn.set(X);
      agree(() => rowNormsFlat(Xn, n, d), () => w(Xn, n, d), `${n}x${d} numbat`);
    }
  }
  assert.match(text(w), /rowNormsFlat: the loop over i runs 2 iterations/);
});

test('a read past the end in one lane only (a short last row): the call reruns on JS and gives plain\'s NaN', () => {
  const w = wasm(rowNormsFlat);
  for (const n of [1, 2, 3, 4, 5]) {
    const X = flat(values(n, 4, 1)).subarray(0, n * 4 - 1).slice();
    agree(() => rowNormsFlat(X, n, 4), () => w(X, n, 4), `n=${n}`);
  }
});

test('pairwise distances of a flat Float64Array: pairs (i, j) and (i, j + 1) side by side, bit-identical', () => {
  const w = wasm(pairwiseFlat);
  for (const M of ROWS) {
    for (const N of [0, 1, 3]) {
      const X = flat(values(M, N, 5));
      agree(() => pairwiseFlat(X, M, N), () => w(X, M, N), `${M}x${N}`);
    }
  }
  assert.match(text(w), /pairwiseFlat: the loop over j runs 2 iterations at a time in f64 lanes \(f64x2, outer lanes\), each lane in its scalar order \(d, tmp\)/);
});

function pairwiseInto(X: number[][], D: Float64Array) {
  const M = X.length, N = X[0]!.length;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let d = 0.0;
      for (let k = 0; k < N; k++) {
        const tmp = X[i]![k]! - X[j]![k]!;
        d += tmp * tmp;
      }
      D[i * M + j] = Math.sqrt(d);
    }
  }
  return D;
}

test('pairwise distances of number[][] rows into a Float64Array: bit-identical, plain\'s TypeError for no rows', () => {
  const w = wasm(pairwiseInto);
  for (const M of ROWS) {
    for (const N of [1, 2, 3]) agree(() => pairwiseInto(values(M, N, 6), new Float64Array(M * M)), () => w(values(M, N, 6), new Float64Array(M * M)), `${M}x${N}`);
  }
  assert.match(text(w), /pairwiseInto: the loop over j runs 2 iterations/);
});

function normsInto(X: Float64Array, n: number, d: number, out: Float64Array) {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j]! * X[i * d + j]!;
    out[i] = Math.sqrt(s);
  }
  return out;
}

test('an output that is the input, or a view of its buffer (ordinary and numbat memory): the plain result', () => {
  const w = wasm(normsInto);
  for (const n of [1, 2, 3, 4, 5, 8]) {
    const d = 3, base = flat(values(n, d, 7));
    // the same array twice: each row's norm overwrites element i, which later rows read
    const a1 = base.slice(), a2 = base.slice();
    same(w(a1, n, d, a1), normsInto(a2, n, d, a2), `same array n=${n}`);
    same(a1, a2, `same array n=${n}, the input afterwards`);
    // the output a view one element into the input
    const b1 = base.slice(), b2 = base.slice();
    w(b1, n, d, b1.subarray(1));
    normsInto(b2, n, d, b2.subarray(1));
    same(b1, b2, `overlapping view n=${n}`);
    // numbat memory, output overlapping the input
    const c1 = numbatF64(base.length), c2 = base.slice();
    c1.set(base);
    w(c1, n, d, c1.subarray(2));
    normsInto(c2, n, d, c2.subarray(2));
    same(c1, c2, `numbat view n=${n}`);
  }
  assert.match(text(w), /normsInto: the loop over i runs 2 iterations/);
});

function normsToMatrix(X: number[][], out: number[][]) {
  for (let i = 0; i < X.length; i++) {
    let s = 0;
    for (let j = 0; j < X[0]!.length; j++) s += X[i]![j]! * X[i]![j]!;
    out[i]![0] = Math.sqrt(s);
  }
}

test('a number[][] output, with rows shared with the input (the call runs on JS): the plain writes', () => {
  const w = wasm(normsToMatrix);
  for (const n of [1, 2, 3, 5, 6]) {
    const o1 = values(n, 2, 8), o2 = values(n, 2, 8);
    w(values(n, 3, 9), o1);
    normsToMatrix(values(n, 3, 9), o2);
    for (let i = 0; i < n; i++) same(o1[i]!, o2[i]!, `n=${n} row ${i}`);
    // out[i] is X[i + 1]: row i's norm lands in the row the next iteration reads
    const x1 = values(n + 1, 3, 10), x2 = values(n + 1, 3, 10);
    w(x1, [...x1.slice(1), [0, 0, 0]]);
    normsToMatrix(x2, [...x2.slice(1), [0, 0, 0]]);
    for (let i = 0; i <= n; i++) same(x1[i]!, x2[i]!, `shared rows n=${n} row ${i}`);
  }
  assert.match(text(w), /normsToMatrix: the loop over i runs 2 iterations/);
});

function mixed(X: Float64Array, n: number, d: number, out: Float64Array) {
  for (let i = 0; i < n; i++) {
    let s = -0;
    let t = 1;
    for (let j = 0; j < d; j++) {
      const x = X[i * d + j]!;
      s = Math.max(s, -x) - Math.min(x / 3, t) + Math.abs(x) ** 2;
      t = t * 0.5 + Math.sqrt(Math.abs(s)) / (x - 1);
    }
    out[i] = s - t;
  }
}

test('every lane operation (+ - * /, negation, ** 2, sqrt, abs, min, max) on edge values, -0 start: bit-identical', () => {
  const w = wasm(mixed);
  for (const n of ROWS) {
    for (const d of [0, 1, 2, 5]) {
      const X = flat(values(n, d, 11));
      const o1 = new Float64Array(n).fill(7), o2 = new Float64Array(n).fill(7);
      w(X, n, d, o1);
      mixed(X, n, d, o2);
      same(o1, o2, `${n}x${d}`);
    }
  }
  assert.match(text(w), /mixed: the loop over i runs 2 iterations at a time in f64 lanes \(f64x2, outer lanes\), each lane in its scalar order \(s, t, x\)/);
});
