// src/gpu/wgsl/emit.ts: statements and expressions to WGSL, checked on lavapipe against what JavaScript gives.
// Each case is one the module's mutation run (issue 19, `gpu-codegen`) showed no other test reached:
// - an integer value stored into a 2-D array (`m.set(i, j, i)`, `m[i][j] = j`): converted to the f32 element;
// - an f64-emulated value stored into a 2-D array: its high word, which holds it exactly when it fits in f32;
// - an integer array read at an index other than the invocation's own, out of bounds, in a launch no longer
//   than the array: still checked (only an own-index read is known in bounds when the launch fits the array).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { gpu, GpuOutOfBoundsError } from '../../../src/gpu/index.js';
import { Array2D } from '../../../src/index.js';

test('an i32 value stored into an Array2D and into number[][] rows lands as that number', { skip: noAdapter, timeout: 120_000 }, async () => {
  const rowIndex = gpu({ grid: 2 })(function rowIndex(i: number, j: number, m: Array2D) {
    m.set(i, j, i);
  });
  const m = new Array2D(3, 2);
  m.data.fill(-1);
  await rowIndex.launch([3, 2], m);
  assert.deepEqual([...m.data], [0, 0, 1, 1, 2, 2]);

  const colIndex = gpu({ grid: 2 })(function colIndex(i: number, j: number, rows: number[][]) {
    rows[i]![j] = j - i;
  });
  const rows = [[9, 9, 9], [9, 9, 9]];
  await colIndex.launch([2, 3], rows);
  assert.deepEqual(rows, [[0, 1, 2], [-1, 0, 1]]);
});

test('an f64-emulated value stored into an Array2D is the double, exactly where f32 holds it', { skip: noAdapter, timeout: 120_000 }, async () => {
  const half = gpu({ grid: 2, precision: 'f64-emulated' })(function halfSteps(i: number, j: number, m: Array2D) {
    m.set(i, j, i * 0.5 + j * 0.25);
  });
  const m = new Array2D(2, 3);
  await half.launch([2, 3], m);
  assert.deepEqual([...m.data], [0, 0.25, 0.5, 0.5, 0.75, 1]);
});

test('an integer read at another index out of bounds rejects even when the launch fits the array', { skip: noAdapter, timeout: 120_000 }, async () => {
  const gather = gpu(function gatherTwice(i: number, out: Int32Array, table: Int32Array, idx: Int32Array) {
    out[i] = table[idx[i]!]! * 2 + 1;
  });
  // Not named `table`: tsx would rename the kernel's parameter that shadows it, and the error names the parameter.
  const values = Int32Array.from([10, 20, 30, 40]);
  const out = new Int32Array(4);
  await gather.launch(4, out, values, Int32Array.from([3, 2, 1, 0]));
  assert.deepEqual([...out], [81, 61, 41, 21]);
  const untouched = new Int32Array(4).fill(5);
  // JS: table[9] is undefined, undefined * 2 + 1 is NaN, stored as 0; the GPU's read would give 1.
  await assert.rejects(gather.launch(4, untouched, values, Int32Array.from([0, 1, 2, 9])),
    (e: unknown) => e instanceof GpuOutOfBoundsError && e.arrays.includes('table') && !e.arrays.includes('idx'));
  assert.deepEqual([...untouched], [5, 5, 5, 5], 'nothing copied back from a rejected launch');

  // The only checked read is the shifted one (no index array whose own checks would read the flags anyway).
  const shifted = gpu(function shiftedTwice(i: number, out: Int32Array, table: Int32Array, k: number) {
    out[i] = table[i + k]! * 2 + 1;
  });
  const fit = new Int32Array(4);
  await shifted.launch(4, fit, values, 0);
  assert.deepEqual([...fit], [21, 41, 61, 81]);
  // i = 3 reads table[4]: out of bounds in a launch of 4 over an array of 4.
  await assert.rejects(shifted.launch(4, fit, values, 1), (e: unknown) => e instanceof GpuOutOfBoundsError && e.arrays.includes('table'));
});
