// Object helpers of lowering (src/jit/lower/objects.ts), on their own: ps[i] on an array of objects is an
// objectAt of the element shape; for…of over objects reads the length and the element at the counter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IR } from '../../../src/internals.js';
import { lowerObjectAt, objectsForOf } from '../../../src/jit/lower/objects.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { F64, I32 } from '../../../src/jit/types.js';

const shape = makeShape([{ name: 'x', type: F64 }]);
const ps: IR.Expr = { op: 'local', type: { kind: 'objects', shape }, name: 'ps' };
const xs: IR.Expr = { op: 'local', type: { kind: 'array', element: 'f64' }, name: 'xs' };
const i: IR.Expr = { op: 'local', type: I32, name: 'i' };

test('lowerObjectAt: an object of the array\'s shape at the index; undefined for anything but objects', () => {
  const at = lowerObjectAt(ps, i);
  assert.deepEqual(at, { op: 'objectAt', type: { kind: 'object', shape }, array: ps, index: i });
  assert.equal(lowerObjectAt(xs, i), undefined);
});

test('objectsForOf: length of the array as i32 and the element at the counter; undefined for a typed array', () => {
  const loop = objectsForOf(ps, i)!;
  assert.deepEqual(loop.length, { op: 'length', type: I32, array: ps });
  assert.deepEqual(loop.item, lowerObjectAt(ps, i));
  assert.equal(objectsForOf(xs, i), undefined);
});
