// `&&` and `||` on numbers in a GPU kernel give JavaScript's operand, not a boolean: `a || b` is a when a is
// truthy (not 0, -0 or NaN), else b; `a && b` the other way round. Checked on lavapipe for f32 and i32
// operands on every falsy value, against the plain function (issue 19: gpu-codegen's survivors on the lazy
// logical operators' emission, emit.ts `case 'logical'`, had no test that reached the numeric branches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';

const same = (got: ArrayLike<number>, want: ArrayLike<number>, what: string): void => {
  for (let k = 0; k < want.length; k++) assert.ok(Object.is(got[k], want[k]), `${what}[${k}]: ${got[k]} where JS gives ${want[k]}`);
};

test('f32 operands: a || b and a && b pick the operand JS picks, for 0, -0, NaN and ordinary values', { skip: noAdapter }, async () => {
  function either(i: number, a: Float32Array, b: Float32Array, out: Float32Array) {
    out[2 * i] = a[i]! || b[i]!;
    out[2 * i + 1] = a[i]! && b[i]!;
  }
  const a = new Float32Array([0, -0, NaN, 1.5, -2, 0, 3, NaN]);
  const b = new Float32Array([7, 8, 9, 10, 11, -0, NaN, 0]);
  const want = new Float32Array(16);
  for (let i = 0; i < a.length; i++) either(i, a, b, want);
  const got = new Float32Array(16);
  await gpu(either).launch(a.length, a, b, got);
  same(got, want, 'out');
});

test('i32 operands: a || b and a && b on Int32Arrays, zero and nonzero, and in a reduction', { skip: noAdapter }, async () => {
  function either(i: number, a: Int32Array, b: Int32Array, out: Int32Array) {
    out[2 * i] = a[i]! || b[i]!;
    out[2 * i + 1] = a[i]! && b[i]!;
  }
  const a = new Int32Array([0, 5, -3, 0, 2147483647, -2147483648]);
  const b = new Int32Array([4, 0, 6, 0, 1, 9]);
  const want = new Int32Array(12);
  for (let i = 0; i < a.length; i++) either(i, a, b, want);
  const got = new Int32Array(12);
  await gpu(either).launch(a.length, a, b, got);
  same(got, want, 'out');
  const firstSet = gpu({ reduce: 'sum' })(function firstSet(i: number, a: Int32Array, b: Int32Array): number {
    return (a[i]! || b[i]!) & 0xffff;
  });
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i]! || b[i]!) & 0xffff;
  assert.equal(await firstSet.launch(a.length, a, b), total);
});

test('a right operand with a load that may be out of bounds is evaluated only when JS evaluates it', { skip: noAdapter }, async () => {
  // b[i + 4] is past the end for i >= 2 (undefined in JS, NaN in a Float32Array): || must not reach it when a is truthy.
  function guarded(i: number, a: Float32Array, b: Float32Array, out: Float32Array) {
    out[i] = a[i]! || b[i + 4]!;
  }
  const a = new Float32Array([0, 0, 2, 3, 0, 5]);
  const b = new Float32Array([1, 2, 3, 4, 5, 6]);
  const want = new Float32Array(6);
  for (let i = 0; i < a.length; i++) guarded(i, a, b, want);
  const got = new Float32Array(6);
  await gpu(guarded).launch(a.length, a, b, got);
  same(got, want, 'out');
});
