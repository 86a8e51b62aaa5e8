// 2-D arrays as kernel parameters (issue 15, "kernels on 2-D data"): an Array2D or a rectangular number[][] is
// packed row-major into f32 per launch; only the elements the kernel changed are written back. Each kernel runs
// on the adapter, on the CPU fallback, and as the plain function, and the three must agree (small integers are
// exact in f32, so equality is exact here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { onCpu } from './_cpu.js';
import { gpu, GpuOutOfBoundsError } from '../../src/gpu/index.js';
import { Array2D } from '../../src/jit/types.js';

function rowSums(i: number, m: Array2D, out: Float32Array): void {
  let s = 0;
  for (let j = 0; j < m.cols; j++) s += m.get(i, j);
  out[i] = s;
}

function scaleRows(i: number, m: number[][], a: number): void {
  const row = m[i]!;
  for (let j = 0; j < row.length; j++) row[j] = row[j]! * a;
}

function fillIndex(i: number, j: number, m: Array2D): void {
  m.set(i, j, i * 10 + j);
}

test('Array2D: m.get and m.cols in a kernel, on the GPU, the CPU fallback and plain JS alike', { skip: noAdapter }, async () => {
  const k = gpu(rowSums);
  const m = Array2D.from([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
  const out = new Float32Array(4);
  await k.launch(4, m, out);
  assert.equal(k.lastBackend, 'gpu');
  const cpu = new Float32Array(4);
  await onCpu(() => k.launch(4, m, cpu));
  const plain = new Float32Array(4);
  for (let i = 0; i < 4; i++) rowSums(i, m, plain);
  assert.deepEqual([...out], [6, 15, 24, 33]);
  assert.deepEqual([...cpu], [...plain]);
  assert.deepEqual([...out], [...plain]);
  assert.deepEqual([...k.wgsl.keys()], ['Array2D, Float32Array']);
});

test('number[][]: rows written in place keep their identity, and a 2-D grid of m.set covers the matrix', { skip: noAdapter }, async () => {
  const scale = gpu(scaleRows);
  const m = [[1, 2], [3, 4], [5, 6]];
  const rows = [...m];
  await scale.launch(3, m, 2);
  assert.deepEqual(m, [[2, 4], [6, 8], [10, 12]]);
  assert.ok(m.every((r, i) => r === rows[i]), 'the caller still holds the same row arrays');
  const viaCpu = [[1, 2], [3, 4], [5, 6]];
  await onCpu(() => scale.launch(3, viaCpu, 2));
  assert.deepEqual(viaCpu, m);

  const fill = gpu({ grid: 2 })(fillIndex);
  const z = new Array2D(3, 4);
  await fill.launch([3, 4], z);
  const plain = new Array2D(3, 4);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) fillIndex(i, j, plain);
  assert.deepEqual([...z.data], [...plain.data]);
});

test('elements a kernel does not change keep their float64 value (no f32 rounding on the way back)', { skip: noAdapter }, async () => {
  const firstRow = gpu(function firstRow(j: number, m: Array2D) {
    m.set(0, j, 1);
  });
  const m = new Array2D(3, 2, new Float64Array(6).fill(0.1));
  await firstRow.launch(2, m);
  assert.deepEqual([...m.data], [1, 1, 0.1, 0.1, 0.1, 0.1]);
  // The same for a Float64Array launched with convertFloat64: only changed elements come back.
  const evens = gpu({ convertFloat64: true })(function evens(i: number, xs: Float64Array) {
    if (i % 2 === 0) xs[i] = 2;
  });
  const xs = new Float64Array(6).fill(0.1);
  await evens.launch(6, xs);
  assert.deepEqual([...xs], [2, 0.1, 2, 0.1, 2, 0.1]);
});

test('an index outside the rectangle rejects the launch naming the 2-D array, and leaves it as it was', { skip: noAdapter }, async () => {
  const k = gpu(rowSums);
  const m = Array2D.from([[1, 2], [3, 4]]);
  await assert.rejects(k.launch(3, m, new Float32Array(3)), (e: unknown) => {
    assert.ok(e instanceof GpuOutOfBoundsError);
    assert.deepEqual(e.arrays, ['m']);
    assert.match(e.message, /2-D array 'm' outside its rows and columns/);
    return true;
  });
  const shift = gpu(function shiftLeft(i: number, m: Array2D) {
    m.set(i, 0, m.get(i, 1));
    m.set(i, 2, 9); // column 2 of a 2-column matrix
  });
  const before = [...m.data];
  await assert.rejects(shift.launch(2, m), GpuOutOfBoundsError);
  assert.deepEqual([...m.data], before, 'a rejected launch writes nothing back');
});

test('number[][] arguments must be rectangular arrays of numbers', { skip: noAdapter }, async () => {
  const scale = gpu(scaleRows);
  await assert.rejects(scale.launch(2, [[1, 2], [3]], 2), /ragged \(row 1 has 1 elements, row 0 has 2\)/);
  await assert.rejects(scale.launch(2, [[1, 2], [3, 'x' as unknown as number]], 2), /\[1\]\[1\] is string, not a number/);
});

test('a column past the end of a number[][] row reads NaN, as JS reads undefined', { skip: noAdapter }, async () => {
  const past = gpu(function pastEnd(i: number, m: number[][], out: Float32Array) {
    out[i] = m[i]![2]! + 1;
  });
  const m = [[1, 2], [3, 4]];
  const out = new Float32Array(2);
  await past.launch(2, m, out);
  const plain = [m[0]![2]! + 1, m[1]![2]! + 1];
  assert.deepEqual([...out], plain);
  assert.ok(Number.isNaN(out[0]));
});

test('a matrix of 4200 × 4000 (past 2^24 elements) is indexed exactly', { skip: noAdapter }, async () => {
  const rows = 4200, cols = 4000;
  const m = new Array2D(rows, cols);
  const mark = gpu({ grid: 2 })(function mark(j: number, i: number, m: Array2D) {
    m.set(i, j, 1);
  });
  await mark.launch([cols, rows], m);
  let ones = 0;
  for (let k = 0; k < m.data.length; k++) if (m.data[k] === 1) ones++;
  assert.equal(ones, rows * cols);
});

function helpers(i: number, p: Float32Array, q: Float32Array, m: Array2D, out: Float32Array): void {
  function dot3(a: Float32Array, b: Float32Array, k: number): number {
    return a[3 * k]! * b[3 * k]! + a[3 * k + 1]! * b[3 * k + 1]! + a[3 * k + 2]! * b[3 * k + 2]!;
  }
  function scaleInto(xs: Float32Array, k: number, s: number): void {
    xs[k] = xs[k]! * s;
  }
  function rowMean(a: Array2D, k: number): number {
    let s = 0;
    for (let j = 0; j < a.cols; j++) s += a.get(k, j);
    return s / a.cols;
  }
  out[i] = dot3(p, q, i) + dot3(p, p, i) + rowMean(m, i);
  scaleInto(out, i, 2);
}

test('helper functions take the kernel’s arrays (one WGSL function per array combination), and may write them', { skip: noAdapter }, async () => {
  const k = gpu(helpers);
  const p = new Float32Array([1, 2, 3, 4, 5, 6]);
  const q = new Float32Array([1, 1, 1, 2, 2, 2]);
  const m = Array2D.from([[1, 3], [5, 7]]);
  const out = new Float32Array(2);
  await k.launch(2, p, q, m, out);
  assert.equal(k.lastBackend, 'gpu');
  const plain = new Float32Array(2);
  for (let i = 0; i < 2; i++) helpers(i, p, q, m, plain);
  assert.deepEqual([...out], [...plain]);
  const wgsl = [...k.wgsl.values()][0]!;
  assert.match(wgsl, /fn f_dot3\w*__p__q\(/);
  assert.match(wgsl, /fn f_dot3\w*__p__p\(/);
  assert.match(wgsl, /fn f_scaleInto\w*__out\(/);
  const cpu = new Float32Array(2);
  await onCpu(() => k.launch(2, p, q, m, cpu));
  assert.deepEqual([...cpu], [...plain]);
});

// Found while writing the 2-D guide: `select()` evaluates both sides, so the untaken `m.get(i - 1, j)` at
// i = 0 flagged an out-of-bounds read that plain JavaScript never makes.
function shiftDown(i: number, j: number, src: Array2D, dst: Array2D): void {
  dst.set(i, j, i > 0 ? src.get(i - 1, j) : 0);
}

test('a conditional value reads an element only on the side JavaScript evaluates (no out-of-bounds from the other)', { skip: noAdapter }, async () => {
  const k = gpu({ grid: 2 })(shiftDown);
  const src = Array2D.from([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  const dst = new Array2D(3, 3);
  await k.launch([3, 3], src, dst);
  assert.equal(k.lastBackend, 'gpu');
  const plain = new Array2D(3, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) shiftDown(i, j, src, plain);
  assert.deepEqual(dst.toArray(), [[0, 0, 0], [1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(dst.toArray(), plain.toArray());
  const cpu = new Array2D(3, 3);
  await onCpu(() => k.launch([3, 3], src, cpu));
  assert.deepEqual(cpu.toArray(), plain.toArray());
});
