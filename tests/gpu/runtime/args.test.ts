// src/gpu/runtime/args.ts: a launch's arguments against the kernel's parameters, before the device is touched.
// Pure (no adapter needed): counts, element types, the f64-emulated pairs, scalar kinds and ranges, 2-D
// arguments, and a written array passed twice (the same array, overlapping views, an Array2D and its data),
// each refused with the error class and the names the message promises; what fits returns nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArrayParam, KernelSpec, ScalarParam } from '../../../src/gpu/abi.js';
import { checkArgs } from '../../../src/gpu/runtime/args.js';
import { toDevice, deviceZeros } from '../../../src/gpu/runtime/array.js';
import { Array2D } from '../../../src/index.js';

const arr = (name: string, element: ArrayParam['element'], writes: boolean, extra: Partial<ArrayParam> = {}): ArrayParam =>
  ({ kind: 'array', name, element, writes, elementwise: true, ...extra });
const scalar = (name: string, type: ScalarParam['type']): ScalarParam => ({ kind: 'scalar', name, type });
const spec = (...params: KernelSpec['params'][number][]): KernelSpec => ({ name: 'k', grid: 1, usesRandom: false, body: '', params });

test('the argument count must match, and the message lists the parameters', () => {
  const s = spec(arr('xs', 'f32', true), scalar('a', 'f32'));
  assert.throws(() => checkArgs(s, [new Float32Array(2)], {}), (e: unknown) => e instanceof TypeError && /takes 2 argument\(s\) after the extent \(xs, a\), got 1/.test(e.message));
  assert.equal(checkArgs(s, [new Float32Array(2), 1.5], {}), undefined);
});

test('arrays must hold the parameter\'s element; Float64Array only with convertFloat64 or f64-emulated pairs', () => {
  const s = spec(arr('xs', 'f32', false), arr('ids', 'i32', false));
  assert.equal(checkArgs(s, [new Float32Array(1), new Int32Array(1)], {}), undefined);
  assert.throws(() => checkArgs(s, [new Float32Array(1), new Uint32Array(1)], {}), /argument 'ids' of kernel 'k' must hold i32, got u32/);
  assert.throws(() => checkArgs(s, [new Float64Array(1), new Int32Array(1)], {}), TypeError);
  assert.equal(checkArgs(s, [new Float64Array(1), new Int32Array(1)], { convertFloat64: true }), undefined, 'converted to f32 at launch');
  assert.throws(() => checkArgs(s, [[1, 2], new Int32Array(1)], {}), TypeError, 'a plain array is not a typed array');
  // Device arrays count as their element.
  assert.equal(checkArgs(s, [toDevice(new Float32Array(2)), deviceZeros(Int32Array, 2)], {}), undefined);
  assert.throws(() => checkArgs(s, [toDevice(new Int32Array(2)), new Int32Array(1)], {}), /must hold f32, got i32/);

  const pairs = spec(arr('xs', 'f32', false, { pairs: true }));
  assert.equal(checkArgs(pairs, [new Float64Array(1)], {}), undefined);
  assert.equal(checkArgs(pairs, [deviceZeros(Float64Array, 1)], {}), undefined);
  assert.throws(() => checkArgs(pairs, [new Float32Array(1)], {}), /must be a Float64Array \(precision 'f64-emulated'\), got f32/);
});

test('scalars: numbers (booleans too for bool), integers for i32/u32, f32\'s range for f64-emulated', () => {
  const s = spec(scalar('n', 'i32'), scalar('u', 'u32'), scalar('flag', 'bool'), scalar('x', 'f32'));
  assert.equal(checkArgs(s, [3, 4, true, 0.5], {}), undefined);
  assert.equal(checkArgs(s, [-3, 0, 0, NaN], {}), undefined, 'a bool may be passed as a number; an f32 may be NaN');
  assert.throws(() => checkArgs(s, [3.5, 4, true, 0.5], {}), /'n' of kernel 'k' is i32, got the non-integer 3\.5/);
  assert.throws(() => checkArgs(s, [3, 4.25, true, 0.5], {}), /'u' of kernel 'k' is u32, got the non-integer 4\.25/);
  assert.throws(() => checkArgs(s, [3, 4, 'yes', 0.5], {}), /'flag' of kernel 'k' must be a boolean, got string/);
  assert.throws(() => checkArgs(s, [3, 4, true, 1n], {}), /'x' of kernel 'k' must be a number, got bigint/);
  const df = spec(scalar('x', 'df'));
  assert.equal(checkArgs(df, [1e30], {}), undefined);
  assert.throws(() => checkArgs(df, [1e300], {}), (e: unknown) => e instanceof RangeError && /'x' of kernel 'k' is 1e\+300/.test(e.message));
});

test('2-D parameters take an Array2D or a rectangular number[][]; a ragged one is refused', () => {
  const s = spec(arr('m', 'f32', false, { matrix: 'array2d', elementwise: false }));
  assert.equal(checkArgs(s, [new Array2D(2, 3)], {}), undefined);
  assert.equal(checkArgs(s, [[[1, 2], [3, 4]]], {}), undefined);
  assert.throws(() => checkArgs(s, [[[1, 2], [3]]], {}), TypeError);
});

test('a written array passed twice, or overlapping another argument, is refused; disjoint views are fine', () => {
  const s = spec(arr('dst', 'f32', true), arr('src', 'f32', false));
  const xs = new Float32Array(8);
  assert.throws(() => checkArgs(s, [xs, xs], {}), /kernel 'k' writes 'dst', and 'dst' and 'src' are the same \(or overlapping\) array/);
  assert.throws(() => checkArgs(s, [xs.subarray(0, 5), xs.subarray(4)], {}), /same \(or overlapping\)/, 'one shared element');
  assert.equal(checkArgs(s, [xs.subarray(0, 4), xs.subarray(4)], {}), undefined, 'adjacent, not overlapping');
  const readOnly = spec(arr('a', 'f32', false), arr('b', 'f32', false));
  assert.equal(checkArgs(readOnly, [xs, xs], {}), undefined, 'an array read twice is one array on both sides');
  const m = new Array2D(2, 2);
  const mixed = spec(arr('m', 'f32', true, { matrix: 'array2d', elementwise: false }), arr('flat', 'f32', false));
  // An Array2D holds a Float64Array: passed flat, it is converted (convertFloat64), and still the same data.
  assert.throws(() => checkArgs(mixed, [m, m.data], { convertFloat64: true }), /'m' and 'flat' are the same/, 'an Array2D is its data');
});
