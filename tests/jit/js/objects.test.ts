// The JS emitted for object nodes (src/jit/js/objects.ts). On hand-built IR, objectExprCode prints the plain JS
// operation for every object op (this, undefined, o.x or o["a-b"], an object literal with quoted keys where an
// identifier cannot be, xs[i], new C(…) with the generated name of a frozen or renamed constructor);
// isObjectExpr accepts exactly those six ops; fieldStoreCode prints `o.x = v` / `o["a-b"] = v` (evaluated: the
// value is kept as is, not converted). Through memoJit({ backend: 'js' }): keys that are no identifiers read,
// write and come back as in plain JS, a field keeps a fraction, -0 and NaN (Object.is), and `new C(…)` of a
// class from outside builds an instance of that very class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import type { Expr, Stmt } from '../../../src/jit/ir.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { fieldStoreCode, isObjectExpr, objectExprCode } from '../../../src/jit/js/objects.js';

const F64 = { kind: 'f64' } as const;
const I32 = { kind: 'i32' } as const;
const point = { kind: 'object', shape: makeShape([{ name: 'x', type: F64 }, { name: 'y', type: F64 }]) } as const;
const p: Expr = { op: 'local', type: point, name: 'p' };
const emit = (e: Expr): string => (e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : '?');
const one: Expr = { op: 'const', type: F64, value: 1 };
const i: Expr = { op: 'local', type: I32, name: 'i' };

test('objectExprCode: each object op is the plain JS operation', () => {
  assert.equal(objectExprCode({ op: 'this', type: point }, emit), 'this');
  assert.equal(objectExprCode({ op: 'unset', type: F64 }, emit), 'undefined');
  assert.equal(objectExprCode({ op: 'field', type: F64, object: p, name: 'x' }, emit), 'p.x');
  assert.equal(objectExprCode({ op: 'field', type: F64, object: p, name: '$ok_1' }, emit), 'p.$ok_1');
  // Keys that are no identifiers are indexed with a JSON string, quotes and all.
  assert.equal(objectExprCode({ op: 'field', type: F64, object: p, name: 'a-b' }, emit), 'p["a-b"]');
  assert.equal(objectExprCode({ op: 'field', type: F64, object: p, name: '1x' }, emit), 'p["1x"]');
  assert.equal(objectExprCode({ op: 'field', type: F64, object: p, name: 'say "hi"' }, emit), 'p["say \\"hi\\""]');
  assert.equal(objectExprCode({ op: 'object', type: point, fields: [{ name: 'x', value: one }, { name: 'a b', value: i }] }, emit), '({ x: 1, "a b": i })');
  assert.equal(objectExprCode({ op: 'object', type: point, fields: [] }, emit), '({  })');
  assert.equal(objectExprCode({ op: 'objectAt', type: point, array: { op: 'local', type: F64, name: 'bodies' }, index: i }, emit), 'bodies[i]');
  assert.equal(objectExprCode({ op: 'construct', type: point, ctor: 'Pt', args: [one, i] }, emit), 'new Pt(1, i)');
  assert.equal(objectExprCode({ op: 'construct', type: point, ctor: '#g0', args: [] }, emit), 'new $g0()', 'a frozen outside value is $g…');
  assert.equal(objectExprCode({ op: 'construct', type: point, ctor: '$fn_x', args: [] }, emit), 'new $u_$fn_x()', 'a user name shaped like a compiler name is renamed');
});

test('the object literal, evaluated, builds the record with its keys in order', () => {
  const src = objectExprCode({ op: 'object', type: point, fields: [{ name: 'x', value: one }, { name: 'a-b', value: i }, { name: 'y', value: i }] }, emit);
  const made = (new Function('i', `return ${src};`) as (i: number) => Record<string, number>)(-0);
  assert.deepEqual(Object.keys(made), ['x', 'a-b', 'y']);
  assert.ok(Object.is(made['a-b'], -0));
  assert.equal(Object.getPrototypeOf(made), Object.prototype);
});

test('isObjectExpr: exactly this, field, object, objectAt, unset and construct', () => {
  const yes: Expr[] = [
    { op: 'this', type: point }, { op: 'unset', type: F64 }, { op: 'field', type: F64, object: p, name: 'x' },
    { op: 'object', type: point, fields: [] }, { op: 'objectAt', type: point, array: p, index: i },
    { op: 'construct', type: point, ctor: 'Pt', args: [] },
  ] as Expr[];
  for (const e of yes) assert.equal(isObjectExpr(e), true, e.op);
  for (const e of [one, i, p, { op: 'absent', type: F64, value: 'null' }] as Expr[]) assert.equal(isObjectExpr(e), false, e.op);
});

test('fieldStoreCode: o.name = value, and evaluated the value is stored as is', () => {
  const half: Expr = { op: 'const', type: F64, value: 0.5 };
  const s1 = fieldStoreCode({ kind: 'fieldStore', object: p, name: 'x', value: one } as Extract<Stmt, { kind: 'fieldStore' }>, emit);
  const s2 = fieldStoreCode({ kind: 'fieldStore', object: p, name: 'a-b', value: half } as Extract<Stmt, { kind: 'fieldStore' }>, emit);
  assert.equal(s1, 'p.x = 1');
  assert.equal(s2, 'p["a-b"] = 0.5');
  const o = { x: 7, 'a-b': 3 };
  (new Function('p', `${s1}; ${s2};`) as (p: object) => void)(o);
  assert.deepEqual(o, { x: 1, 'a-b': 0.5 }, 'a field that held an integer keeps the fraction');
});

const js = memoJit({ backend: 'js' });

test('compiled: keys that are no identifiers are read and written in place, as plain JS does', () => {
  function bump(o: { 'a-b': number; c: number }): number {
    o['a-b'] = o.c * 2;
    o.c = o.c / 4;
    return o['a-b'] + 1;
  }
  const compiled = js(bump);
  for (const c of [3, 0.1, -0, NaN, 1e308]) {
    const mine = { 'a-b': 0, c };
    const theirs = { 'a-b': 0, c };
    assert.ok(Object.is(compiled(mine), bump(theirs)), `c = ${c}`);
    assert.ok(Object.is(mine['a-b'], theirs['a-b']) && Object.is(mine.c, theirs.c), `the writes for c = ${c}`);
  }
  const o = { 'a-b': 0, c: 3 };
  assert.equal(compiled(o), 7);
  assert.deepEqual(o, { 'a-b': 6, c: 0.75 }, 'by hand');
  assert.match(Object.values(compiled.inspect()).join('\n'), /\["a-b"\] = /);
});

test('compiled: returned records keep key order and Object.is values (-0, NaN, fractions)', () => {
  function make(x: number): { 'n-1': number; z: number; q: number } {
    return { 'n-1': x - 1, z: x * 0, q: x / 3 };
  }
  const compiled = js(make);
  for (const x of [1, -1, 0, NaN, 3]) {
    const a = compiled(x);
    const b = make(x);
    assert.deepEqual(Object.keys(a), Object.keys(b));
    for (const k of Object.keys(b) as (keyof typeof b)[]) assert.ok(Object.is(a[k], b[k]), `${k} for x = ${x}`);
  }
  assert.ok(Object.is(compiled(-1).z, -0), 'by hand: -1 * 0 is -0');
});

class Pt {
  x: number;
  y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y * 2;
  }
}

test('compiled: new C(…) of a class from outside runs that constructor and gives its instance', () => {
  function build(x: number): number {
    const a = new Pt(x, 1);
    const b = new Pt(a.y, x);
    return a.x + b.y * 10 + b.x * 100;
  }
  const compiled = js(build);
  for (const x of [0, 1.5, -2, NaN]) assert.ok(Object.is(compiled(x), build(x)), `x = ${x}`);
  // By hand, x = 1.5: a = (1.5, 2), b = (2, 3): 1.5 + 30 + 200.
  assert.equal(compiled(1.5), 231.5);
  assert.match(Object.values(compiled.inspect()).join('\n'), /new \$g\d+\(/);
});
