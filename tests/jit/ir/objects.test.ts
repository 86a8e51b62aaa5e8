// The object nodes' own contract (src/jit/ir/objects.ts): each object expression's operands, in the order JS
// evaluates them; `this` and an unset `var` read nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectOperands } from '../../../src/jit/ir/objects.js';
import type { Expr } from '../../../src/jit/ir.js';
import type { Type } from '../../../src/jit/types.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { F64, I32 } from '../../../src/jit/types.js';

const point: Type = { kind: 'object', shape: makeShape([{ name: 'x', type: F64 }, { name: 'y', type: F64 }]) };
const points: Type = { kind: 'objects', shape: makeShape([{ name: 'x', type: F64 }, { name: 'y', type: F64 }]) };
const p: Expr = { op: 'local', type: point, name: 'p' };
const f = (value: number): Expr => ({ op: 'const', type: F64, value });

test('this and unset have no operands', () => {
  assert.deepEqual(objectOperands({ op: 'this', type: point }), []);
  assert.deepEqual(objectOperands({ op: 'unset', type: point }), []);
});

test('p.x reads p; ps[i] reads the array, then the index', () => {
  assert.deepEqual(objectOperands({ op: 'field', type: F64, object: p, name: 'x' }), [p]);
  const ps: Expr = { op: 'local', type: points, name: 'ps' };
  const i: Expr = { op: 'local', type: I32, name: 'i' };
  assert.deepEqual(objectOperands({ op: 'objectAt', type: point, array: ps, index: i }), [ps, i]);
});

test('{ x, y } evaluates its field values in source order; new C(a, b) its arguments', () => {
  assert.deepEqual(objectOperands({ op: 'object', type: point, fields: [{ name: 'y', value: f(2) }, { name: 'x', value: f(1) }] }), [f(2), f(1)]);
  assert.deepEqual(objectOperands({ op: 'construct', type: point, ctor: 'Point', args: [f(1), f(2)] }), [f(1), f(2)]);
});
