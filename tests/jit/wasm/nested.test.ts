// number[][] on the Wasm backend (src/jit/wasm/nested.ts, nested-emit.ts): packed per call, written back, and
// every call Wasm cannot answer exactly (ragged rows, non-numbers, shared rows, frozen rows, reads out of range)
// answered by the JS backend. Each case: the plain function and the Wasm specialization on fresh copies, with
// Object.is on every element of the result and of every argument afterwards, and the same exceptions.
import test from 'node:test';
import assert from 'node:assert/strict';
import { row_norms } from '../_support/kernels.js';
import { memoJit, prange, zeros } from '../../../src/index.js';
import { assertSameOutcome, assertSameValues as same, outcomeOf } from '../../_support/outcome.js';

type Call = (...a: unknown[]) => unknown;

function inspectOf(f: unknown): string {
  return Object.values((f as { inspect(): Record<string, string> }).inspect()).join('\n');
}


function jacobi(u: number[][], un: number[][], iters: number) {
  const n = u.length, m = u[0]!.length;
  for (let it = 0; it < iters; it++) {
    for (let i = 1; i < n - 1; i++) for (let j = 1; j < m - 1; j++) un[i]![j] = 0.25 * (u[i - 1]![j]! + u[i + 1]![j]! + u[i]![j - 1]! + u[i]![j + 1]!);
    for (let i = 1; i < n - 1; i++) for (let j = 1; j < m - 1; j++) u[i]![j] = un[i]![j]!;
  }
  return u;
}

const grid = (n: number, m: number, seed: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => Math.sin(seed * 7 + i * 1.3 + j * 0.7) * 10));

/** Deep copies of arguments, keeping shared rows shared (aliasing is part of the input). */
function copyArgs(args: readonly unknown[]): unknown[] {
  const rows = new Map<unknown, unknown>();
  const copyRow = (r: unknown): unknown => {
    if (!rows.has(r)) rows.set(r, Array.isArray(r) ? (Object.isFrozen(r) ? Object.freeze(r.slice()) : r.slice()) : ArrayBuffer.isView(r) ? (r as Float64Array).slice() : r);
    return rows.get(r);
  };
  const copies = new Map<unknown, unknown>();
  return args.map((a) => {
    if (!Array.isArray(a)) return ArrayBuffer.isView(a) ? (a as Float64Array).slice() : a;
    if (!copies.has(a)) copies.set(a, a.map(copyRow));
    return copies.get(a);
  });
}

/** Plain and Wasm (forced) on copies of `args`: same outcome, same arguments afterwards, same identity of the result. */
function agree(f: Call, w: Call, args: readonly unknown[], what: string): void {
  const a = copyArgs(args), b = copyArgs(args);
  const want = outcomeOf(() => f(...a)), got = outcomeOf(() => w(...b));
  assertSameOutcome(got, want);
  a.forEach((x, i) => same(b[i], x, `${what}: argument ${i} after the call`));
  if ('value' in want && 'value' in got) {
    const k = a.indexOf(want.value);
    if (k >= 0) assert.equal(got.value, b[k], `${what}: returns its argument ${k} itself`);
  }
}

test('row norms and jacobi on number[][] run in Wasm, identical to plain (results, writes, the returned argument)', () => {
  const wn = memoJit({ backend: 'wasm' })(row_norms) as unknown as Call;
  const wj = memoJit({ backend: 'wasm' })(jacobi) as unknown as Call;
  const X = grid(37, 9, 1);
  X[3]![4] = -0; X[5]![1] = NaN; X[6]![2] = Infinity; X[7]![0] = 5e-324;
  agree(row_norms as Call, wn, [X], 'row_norms');
  agree(jacobi as Call, wj, [grid(12, 15, 2), grid(12, 15, 3), 4], 'jacobi');
  const u = grid(6, 6, 4);
  u[2]![2] = -0;
  agree(jacobi as Call, wj, [u, grid(6, 6, 5), 0], 'jacobi, no sweep (-0 stays)');
  assert.match(inspectOf(wn), /;; backend: wasm/);
  assert.match(inspectOf(wj), /;; backend: wasm/);
  assert.match(inspectOf(wj), /so far: 2 calls in Wasm/);
  assert.match(inspectOf(wj), /number\[\]\[\] argument\(s\): packed per call/);
});

test('rows that alias (m[0] === m[1], one row in both arguments, the same matrix twice) run on JS when written', () => {
  const wj = memoJit({ backend: 'wasm' })(jacobi) as unknown as Call;
  const u = grid(8, 8, 6), un = grid(8, 8, 7);
  un[2] = un[3]!;
  agree(jacobi as Call, wj, [u, un, 3], 'un[2] === un[3]');
  const v = grid(8, 8, 8), vn = grid(8, 8, 9);
  vn[4] = v[4]!;
  agree(jacobi as Call, wj, [v, vn, 3], 'v[4] === vn[4]');
  const same2 = grid(8, 8, 10);
  agree(jacobi as Call, wj, [same2, same2, 2], 'u === un');
  assert.match(inspectOf(wj), /3 with aliased arrays on JS/);
  // read-only: a shared row is harmless, and Wasm answers
  const wn = memoJit({ backend: 'wasm' })(row_norms) as unknown as Call;
  const X = grid(5, 4, 11);
  X[1] = X[0]!;
  agree(row_norms as Call, wn, [X], 'row_norms, shared rows');
  assert.match(inspectOf(wn), /so far: 1 calls in Wasm/);
});

test('ragged rows, holes, non-number elements, frozen and typed rows: JS answers exactly where Wasm would differ', () => {
  const wn = memoJit({ backend: 'wasm' })(row_norms) as unknown as Call;
  const wj = memoJit({ backend: 'wasm' })(jacobi) as unknown as Call;
  agree(row_norms as Call, wn, [[[1, 2, 3], [4, 5], [6, 7, 8]]], 'ragged (short row: NaN from undefined)');
  agree(row_norms as Call, wn, [[[1, 2], [3, 4, 5]]], 'ragged (long row: ignored)');
  // eslint-disable-next-line no-sparse-arrays
  agree(row_norms as Call, wn, [[[1, , 3], [4, 5, 6]]], 'a hole');
  agree(row_norms as Call, wn, [[[1, '2', 3], [4, 5, 6]]], 'a string element');
  agree(row_norms as Call, wn, [[[1, null, 3], [4, true, 6]]], 'null and true elements');
  assert.match(inspectOf(wn), /5 calls with a number\[\]\[\] Wasm does not take/);
  // typed rows that are only read: packed (Int32Array, Float32Array values are numbers)
  agree(row_norms as Call, wn, [[Float64Array.of(1, 2), Int32Array.of(3, 4), Float32Array.of(0.1, 0.2)]], 'typed rows, read');
  assert.match(inspectOf(wn), /so far: 1 calls in Wasm/);
  // written rows must be plain, extensible arrays
  const frozen = grid(6, 6, 12);
  frozen[2] = Object.freeze(frozen[2]!.slice()) as number[];
  agree(jacobi as Call, wj, [grid(6, 6, 13), frozen, 2], 'a frozen written row (TypeError in strict code)');
  agree(jacobi as Call, wj, [grid(6, 6, 14), grid(6, 6, 15).map((r) => Float32Array.from(r)), 2], 'Float32Array rows written (converted)');
});

test('reads past the ends and empty matrices give plain JS\'s values and exceptions', () => {
  function corner(m: number[][], i: number, j: number) { return m[i]![j]! + m.length; }
  function firstLength(m: number[][]) { return m[0]!.length; }
  const wc = memoJit({ backend: 'wasm' })(corner) as unknown as Call;
  const wf = memoJit({ backend: 'wasm' })(firstLength) as unknown as Call;
  const m = grid(3, 4, 16);
  for (const [i, j] of [[0, 0], [2, 3], [3, 0], [0, 4], [-1, 0], [0, -1], [1.5, 0], [0, 2.5], [-0, -0]] as const) agree(corner as Call, wc, [m, i, j], `corner(${i}, ${j})`);
  agree(firstLength as Call, wf, [[]], 'empty matrix (TypeError)');
  agree(firstLength as Call, wf, [[[1, 2]]], 'one row');
  assert.match(inspectOf(wc), /answered by JS after a trap/);
});

test('auto: number[][] visited three loops deep runs in Wasm, a single pass stays on JS (packing costs what it saves)', () => {
  const saved = process.env['NUMBAT_JIT_BACKEND'];
  delete process.env['NUMBAT_JIT_BACKEND'];
  try {
    const aj = memoJit(jacobi) as unknown as Call, an = memoJit(row_norms) as unknown as Call;
    agree(jacobi as Call, aj, [grid(7, 7, 17), grid(7, 7, 18), 2], 'auto jacobi');
    agree(row_norms as Call, an, [grid(7, 7, 19)], 'auto row_norms');
    assert.match(inspectOf(aj), /;; backend: wasm — number\[\]\[\] elements are visited three loops deep/);
    // not measured either: calls alternating onto Wasm would each pack as much as the JS loop reads
    assert.match(inspectOf(an), /\/\/ backend: js — auto: number\[\]\[\] elements are visited fewer than three loops deep/);
    assert.doesNotMatch(inspectOf(an), /;; backend: wasm/);
  } finally {
    if (saved !== undefined) process.env['NUMBAT_JIT_BACKEND'] = saved;
  }
});

test('a prange region reading a number[][] stays JavaScript on every thread (regions take arrays in numbat memory)', () => {
  function rowSums(X: number[][], out: Float64Array) {
    for (const i of prange(X.length)) {
      let s = 0;
      for (let j = 0; j < X[i]!.length; j++) s += X[i]![j]!;
      out[i] = s;
    }
    return out;
  }
  const f = memoJit({ backend: 'wasm', parallel: { minIterations: 1 } })(rowSums) as unknown as Call;
  f(grid(40, 3, 20), new Float64Array(40));
  // Without the rule the region took Wasm with the wrong calling convention for the matrix.
  assert.match(inspectOf(f), /JavaScript on every thread — not Wasm: it reads a number\[\]\[\]/);
});

test('prange over a number[][] agrees with plain on every backend (the written array after a number[][] was counted at the wrong argument position, so its writes were lost)', () => {
  function rowSums(X: number[][], out: Float64Array) {
    for (const i of prange(X.length)) {
      let s = 0;
      for (let j = 0; j < X[i]!.length; j++) s += X[i]![j]!;
      out[i] = s;
    }
    return out;
  }
  const X = grid(500, 3, 20);
  const expected = rowSums(X, new Float64Array(500));
  for (const backend of ['js', 'wasm', 'auto'] as const) {
    const f = memoJit({ backend, parallel: { minIterations: 1 } })(rowSums) as unknown as (x: number[][], o: Float64Array) => Float64Array;
    const got = f(X, new Float64Array(500));
    assert.deepStrictEqual([...got], [...expected], backend);
  }
});

test('for…of over rows, a matrix passed to a compiled callee, nullable rows: in Wasm, identical to plain', () => {
  function total(m: number[][]) { let s = 0; for (const row of m) for (const v of row) s += v; return s; }
  function inner(m: number[][], i: number) { let s = 0; for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]!; return s; }
  function outer(m: number[][]) { let s = 0; for (let i = 0; i < m.length; i++) s += inner(m, i); return s; }
  function pick(m: number[][], k: number) { const r = k > 0 ? m[k] : null; return r === null ? -1 : r![0]!; }
  const m = [[1, 2, 3], [4, -0, 6]];
  const cases: Array<[Call, unknown[][]]> = [[total as Call, [[m]]], [outer as Call, [[m]]], [pick as Call, [[m, 1], [m, 0], [m, 5]]]];
  for (const [f, argLists] of cases) {
    const w = memoJit({ backend: 'wasm', scope: { inner: memoJit(inner) } })(f as (...a: never[]) => unknown) as unknown as Call;
    for (const args of argLists) agree(f, w, args, `${f.name}(${String(args[1] ?? '')})`);
    assert.match(inspectOf(w), /;; backend: wasm/, `${f.name} on Wasm`);
  }
});

test('a row object stored into a number[][] (m[0] = [9, 8]) stays on JS, with the reason', () => {
  function put(m: number[][]) { m[0] = [9, 8]; return m[1]![0]!; }
  const w = memoJit({ backend: 'wasm' })(put) as unknown as Call;
  agree(put as Call, w, [[[1, 2], [3, 4]]], 'put');
  assert.match(inspectOf(w), /not in the Wasm subset: a row stored into the number\[\]\[\]/);
});

test('a written row with an element defined read-only: the rows are written once, as plain JS writes them, then the same TypeError (they were written twice: back from Wasm, then again by the JS rerun)', () => {
  function bump(m: number[][]) {
    let s = 0;
    for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) { m[i]![j]! += 1; s += m[i]![j]!; }
    return s;
  }
  // a fresh matrix whose last row's element 1 is read-only: plain code writes rows 0 and 1 and element [2][0], then throws
  const rows = (): number[][] => {
    const last = [5, 6];
    Object.defineProperty(last, 1, { value: 6, writable: false, enumerable: true });
    return [[1, 2], [3, 4], last];
  };
  const w = memoJit({ backend: 'wasm' })(bump) as unknown as Call;
  const a = rows(), b = rows();
  assertSameOutcome(outcomeOf(() => w(b)), outcomeOf(() => bump(a)));
  same(b, a, 'the rows after the call');
  assert.deepEqual(b, [[2, 3], [4, 5], [6, 6]]);
  // the same rows all writable: Wasm answers
  same(w([[1, 2], [3, 4], [5, 6]]), 27, 'writable rows');
  assert.match(inspectOf(w), /so far: 1 calls in Wasm/);
  assert.match(inspectOf(w), /1 calls with a number\[\]\[\] Wasm does not take \(ragged, non-numbers, shared rows, a read-only element\)/);
});

test('a second written matrix refusing its rows puts the first one back, and a numbat array written beside them is written once', () => {
  function both(u: number[][], v: number[][], out: Float64Array) {
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u[i]!.length; j++) { u[i]![j]! += 0.5; v[i]![j]! -= 0.5; out[i] = out[i]! + u[i]![j]!; }
    return out[0]!;
  }
  const fixed = (): number[] => { const r = [7, 8]; Object.defineProperty(r, 0, { value: 7, writable: false, enumerable: true }); return r; };
  const args = (out: Float64Array): [number[][], number[][], Float64Array] => [[[1, 2], [3, 4]], [[5, 6], fixed()], out];
  const w = memoJit({ backend: 'wasm' })(both) as unknown as Call;
  const a = args(new Float64Array(2)), b = args(zeros(2));
  assertSameOutcome(outcomeOf(() => w(...b)), outcomeOf(() => both(...a)));
  a.forEach((x, i) => same(b[i], x, `argument ${i} after the call`));
  assert.deepEqual(Array.from(b[2]), [4, 0]);
});
