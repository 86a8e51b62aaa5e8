// src/gpu/runtime/host.ts: host arguments packed into what a storage buffer holds, and the kernel's changes
// written back. Checked without a device (a "kernel" here is the test writing into the packed array): an
// Array2D and a rectangular number[][] pack row-major into f32 with their dims; a ragged, non-array or
// non-numeric one is a TypeError naming the row or element; a Float64Array for an f32 parameter is converted,
// and for an f64-emulated one split into (hi, lo) pairs; commit writes back only the elements whose bits changed,
// so an element the kernel left alone keeps its full f64 value; read-only parameters are never written; with
// nothing to pack the caller's argument list is returned as is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArrayParam, KernelSpec } from '../../../src/gpu/abi.js';
import { nestedColumns, packedDims, packHostArgs } from '../../../src/gpu/runtime/host.js';
import { Array2D } from '../../../src/index.js';

const param = (name: string, writes: boolean, extra: Partial<ArrayParam> = {}): ArrayParam =>
  ({ kind: 'array', name, element: 'f32', writes, elementwise: !extra.matrix, ...extra });
const spec = (...params: ArrayParam[]): KernelSpec => ({ name: 'k', grid: 1, usesRandom: false, body: '', params });

test('an Array2D packs row-major into f32 with its dims; only changed elements are written back', () => {
  const m = new Array2D(2, 3);
  m.data.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  const packed = packHostArgs(spec(param('m', true, { matrix: 'array2d' })), [m]);
  const f = packed.args[0] as Float32Array;
  assert.ok(f instanceof Float32Array);
  assert.deepEqual([...f], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map(Math.fround));
  assert.deepEqual(packedDims(f), { rows: 2, cols: 3 });
  f[4] = 9; // the kernel changed one element
  packed.commit();
  assert.deepEqual([...m.data], [0.1, 0.2, 0.3, 0.4, 9, 0.6], 'the others keep their f64 values, not their f32 roundings');
});

test('a number[][] packs if rectangular; writes land in the same row arrays', () => {
  const rows = [[1, 2], [3, 4], [5, 6]];
  const row1 = rows[1]!;
  const packed = packHostArgs(spec(param('m', true, { matrix: 'nested' })), [rows]);
  const f = packed.args[0] as Float32Array;
  assert.deepEqual([...f], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(packedDims(f), { rows: 3, cols: 2 });
  f[3] = -1;
  packed.commit();
  assert.deepEqual(rows, [[1, 2], [3, -1], [5, 6]]);
  assert.equal(rows[1], row1, 'the same row array, changed in place');
  assert.equal(nestedColumns([], 'm'), 0);
  assert.throws(() => nestedColumns([[1, 2], [3]], 'm'), /m is ragged \(row 1 has 1 elements, row 0 has 2\)/);
  assert.throws(() => nestedColumns([[1], 2], 'm'), /row 1 is not an array/);
  assert.throws(() => nestedColumns([[1, 'x']], 'm'), /m\[0\]\[1\] is string, not a number/);
  assert.throws(() => nestedColumns(new Float32Array(2), 'm'), /must be an Array2D or a number\[\]\[\]/);
});

test('a Float64Array: converted for an f32 parameter, split into pairs for an f64-emulated one', () => {
  const xs = Float64Array.from([0.1, 1 / 3, 2]);
  const conv = packHostArgs(spec(param('xs', true)), [xs]);
  const f = conv.args[0] as Float32Array;
  assert.ok(f instanceof Float32Array);
  assert.deepEqual([...f], [...xs].map(Math.fround));
  f[2] = 5;
  conv.commit();
  assert.deepEqual([...xs], [0.1, 1 / 3, 5]);

  const ys = Float64Array.from([Math.PI, 0.1]);
  const pairs = packHostArgs(spec(param('ys', true, { pairs: true })), [ys]);
  const p = pairs.args[0] as Float32Array;
  assert.equal(p.length, 4, 'two f32 words an element');
  assert.equal(p[0]! + p[1]!, Math.fround(Math.PI) + Math.fround(Math.PI - Math.fround(Math.PI)));
  p[2] = 0.5; p[3] = 0; // the kernel stored 0.5 into element 1
  pairs.commit();
  assert.deepEqual([...ys], [Math.PI, 0.5], 'element 0 untouched keeps its double exactly');
});

test('read-only parameters are not written back; with nothing to pack the argument list is the caller\'s', () => {
  const m = new Array2D(1, 2);
  m.data.set([0.1, 0.2]);
  const packed = packHostArgs(spec(param('m', false, { matrix: 'array2d' })), [m]);
  (packed.args[0] as Float32Array)[0] = 7;
  packed.commit();
  assert.deepEqual([...m.data], [0.1, 0.2]);
  const args = [new Float32Array(2)];
  assert.equal(packHostArgs(spec(param('xs', true)), args).args, args, 'a Float32Array goes as it is');
});
