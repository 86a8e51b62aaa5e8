// src/gpu/scalars.ts: which integer-valued scalar parameters a kernel uses only as floats (so 2 and 2.5 give
// one signature, one shader). Checked on lowered kernels: a parameter only multiplied into float arithmetic is
// float-only; one used as an index, in a bitwise operator, in integer arithmetic kept exact (`i + off`), as a
// loop bound, or assigned, stays an i32; the grid's index parameters are never candidates. Then the effect:
// launches with 2 and with 2.5 compile one shader when the scalar is float-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerKernel } from '../../src/gpu/frontend.js';
import { floatOnlyScalars } from '../../src/gpu/scalars.js';
import { gpu } from '../../src/gpu/index.js';
import { noAdapter } from './_adapter.js';

const I32 = { kind: 'i32' } as const;
const F32S = { kind: 'array', element: 'f32' } as const;
const I32S = { kind: 'array', element: 'i32' } as const;

function floatOnly(fn: (...args: never[]) => unknown, types: readonly unknown[], grid = 1): string[] {
  return [...floatOnlyScalars(lowerKernel(fn as never, types as never, grid).module, grid)].sort();
}

test('a scalar only used in float arithmetic is float-only; the index parameter never is', () => {
  function saxpy(i: number, a: number, x: Float32Array, y: Float32Array) { y[i] = a * x[i]! + y[i]!; }
  assert.deepEqual(floatOnly(saxpy, [I32, I32, F32S, F32S]), ['a']);
  function twoScales(i: number, a: number, b: number, x: Float32Array) { x[i] = x[i]! * a + b / 2; }
  assert.deepEqual(floatOnly(twoScales, [I32, I32, I32, F32S]), ['a', 'b']);
});

test('a scalar used as an integer stays i32', () => {
  function shifted(i: number, off: number, x: Float32Array, y: Float32Array) { y[i] = x[i + off]!; }
  assert.deepEqual(floatOnly(shifted, [I32, I32, F32S, F32S]), [], 'an index: i + off is exact i32 arithmetic');
  function masked(i: number, m: number, x: Int32Array) { x[i] = x[i]! & m; }
  assert.deepEqual(floatOnly(masked, [I32, I32, I32S]), [], 'a bitwise operand');
  function bounded(i: number, n: number, x: Float32Array) { let s = 0; for (let k = 0; k < n; k++) s += k; x[i] = s; }
  assert.deepEqual(floatOnly(bounded, [I32, I32, F32S]), [], 'a loop bound compared with an int');
  function reassigned(i: number, a: number, x: Float32Array) { if (x[i]! > 0) a = 0; x[i] = x[i]! * a; }
  assert.deepEqual(floatOnly(reassigned, [I32, I32, F32S]), [], 'assigned in the body');
  function mixed(i: number, a: number, x: Float32Array) { x[i] = x[i]! * a + x[i + a]!; }
  assert.deepEqual(floatOnly(mixed, [I32, I32, F32S]), [], 'one integer use is enough');
});

test('in a 2-D kernel both index parameters are excluded, the scalars after them are candidates', () => {
  function fill(x: number, y: number, v: number, out: Float32Array) { out[y * 4 + x] = v * 0.5; }
  assert.deepEqual(floatOnly(fill, [I32, I32, I32, F32S], 2), ['v']);
  // With grid 1 the second parameter would be a candidate too, but it is used in the index.
  assert.deepEqual(floatOnly(fill, [I32, I32, I32, F32S], 1), ['v']);
});

test('launching a float-only scalar with 2 and then 2.5 builds one shader', { skip: noAdapter, timeout: 120_000 }, async () => {
  const scale = gpu(function scaleBy(i: number, a: number, xs: Float32Array) { xs[i] = xs[i]! * a; });
  const xs = Float32Array.from([1, 2, 3, 4]);
  await scale.launch(4, 2, xs);
  await scale.launch(4, 2.5, xs);
  assert.deepEqual([...xs], [5, 10, 15, 20]);
  assert.equal(scale.wgsl.size, 1, 'one signature for both launches');
});
