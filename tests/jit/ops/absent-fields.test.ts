// The absent-field registry (src/jit/ops/absent-fields.ts): which names readAbsent allows (none that every object
// or function inherits, none on the shape's prototype chain), that each allowed read is noted once in the one
// live list per shape token (absentReads, isAbsentRead), readUndefinedField's rule (an opaque field holding
// undefined, nothing else), and absentStillFit's test (undefined or a number, read as JS reads it). Then through
// memoJit: an absent field reads undefined as in plain JS, and an object given a string there later is classified
// again, never read wrong. Tokens are unique per test (the registry is process-wide).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { absentReads, absentStillFit, isAbsentRead, readAbsent, readUndefinedField } from '../../../src/jit/ops/absent-fields.js';
import { makeShape, type ObjectShape } from '../../../src/jit/ops/shapes.js';

const F64 = { kind: 'f64' } as const;
let fresh = 0;
/** A shape no other test uses: one f64 field with a name of its own. */
const uniqueShape = (proto?: object): ObjectShape => makeShape([{ name: `abs_${++fresh}`, type: F64 }], proto);

test('absentReads: an empty list for a token never read, the same live array on every call', () => {
  const s = uniqueShape();
  const list = absentReads(s.token);
  assert.deepEqual(list, []);
  assert.equal(absentReads(s.token), list, 'one array per token');
  readAbsent(s, 'w');
  assert.deepEqual(list, ['w'], 'a name noted after the list was taken is in it');
});

test('readAbsent allows an ordinary missing name and notes it once, per token', () => {
  const a = uniqueShape();
  const b = uniqueShape();
  assert.equal(isAbsentRead(a, 'depth'), false);
  assert.equal(readAbsent(a, 'depth'), true);
  assert.equal(readAbsent(a, 'depth'), true);
  assert.equal(readAbsent(a, 'w'), true);
  assert.deepEqual(absentReads(a.token), ['depth', 'w'], 'in order, no duplicate');
  assert.equal(isAbsentRead(a, 'depth'), true);
  assert.equal(isAbsentRead(b, 'depth'), false, 'another shape is untouched');
  assert.deepEqual(absentReads(b.token), []);
});

test('readAbsent refuses what every object or function inherits, and prototype, noting nothing', () => {
  // By hand: Object.prototype's and Function.prototype's members, and a function's own `prototype`.
  const names = ['toString', 'valueOf', 'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
    '__proto__', '__defineGetter__', 'call', 'apply', 'bind', 'length', 'name', 'prototype'];
  const s = uniqueShape();
  for (const name of names) {
    assert.equal(readAbsent(s, name), false, name);
    assert.equal(isAbsentRead(s, name), false, `${name} not noted`);
  }
  assert.deepEqual(absentReads(s.token), []);
});

test('readAbsent refuses a name anywhere on the shape\'s prototype chain (method, getter, inherited field)', () => {
  class Base { static tag = 1; area(): number { return 1; } }
  class Derived extends Base { get size(): number { return 2; } }
  (Derived.prototype as unknown as Record<string, unknown>).scale = 3;
  const s = uniqueShape(Derived.prototype);
  for (const name of ['area', 'size', 'scale']) assert.equal(readAbsent(s, name), false, name);
  assert.equal(readAbsent(s, 'tag'), true, 'a static is on the class, not on instances\' prototypes');
  assert.equal(readAbsent(s, 'w'), true);
  assert.deepEqual(absentReads(s.token), ['tag', 'w']);
});

test('readUndefinedField: only an opaque field holding undefined, noted in the same list', () => {
  fresh++;
  const f = (name: string): string => `${name}_${fresh}`;
  const fn = (): number => 1;
  const s = makeShape([
    { name: f('u'), type: null, holds: 'undefined' },
    { name: f('s'), type: null, holds: 'a string' },
    { name: f('x'), type: F64 },
    { name: f('g'), type: null, holds: 'undefined', fn },
    { name: f('n'), type: null },
  ]);
  assert.equal(readUndefinedField(s, f('u')), true);
  assert.equal(readUndefinedField(s, f('u')), true);
  for (const name of [f('s'), f('x'), f('g'), f('n'), f('missing')]) assert.equal(readUndefinedField(s, name), false, name);
  assert.deepEqual(absentReads(s.token), [f('u')], 'noted once; refusals note nothing');
  assert.equal(isAbsentRead(s, f('u')), true);
});

test('absentStillFit: undefined and every number fit; any other value, own or inherited, does not', () => {
  assert.equal(absentStillFit({}, []), true);
  assert.equal(absentStillFit({ x: 1 }, ['w', 'z']), true, 'absent');
  for (const v of [undefined, 0, -0, NaN, Infinity, -Infinity, 1.5]) assert.equal(absentStillFit({ w: v }, ['w']), true, String(v));
  for (const v of ['x', '', null, true, false, {}, [], 1n, Symbol('s'), () => 1, new Float64Array(1)]) {
    assert.equal(absentStillFit({ w: v }, ['w']), false, typeof v === 'symbol' ? 'a symbol' : String(v));
  }
  assert.equal(absentStillFit({ a: 1, w: 'late' }, ['a', 'w']), false, 'the second name fails');
  assert.equal(absentStillFit(Object.create({ w: 'inherited' }) as object, ['w']), false, 'read through the prototype, as JS reads it');
  assert.equal(absentStillFit(Object.create({ w: 2 }) as object, ['w']), true);
  assert.equal(absentStillFit({ get w() { return 4; } }, ['w']), true, 'a getter giving a number');
  assert.equal(absentStillFit({ get w() { return 'no'; } }, ['w']), false);
});

test('compiled: an absent field reads undefined as plain JS does, and a later string there is never read as a number', () => {
  const scaled = (o: { x: number; w?: number }): number => (o.w === undefined ? o.x : o.x * o.w);
  const sum = (o: { x: number; w?: number }): number => o.x + (o.w as number);
  const compiled = memoJit(scaled);
  const compiledSum = memoJit(sum);
  const without = { x: 3 };
  assert.equal(compiled(without), 3);
  assert.ok(Number.isNaN(compiledSum(without)), '3 + undefined is NaN');
  assert.equal(compiled({ x: 3, w: 2 }), 6, 'the shape with w: another specialization');
  // The object compiled as {x} now gets w: a number is read as one, a string classifies it again.
  const later: { x: number; w?: unknown } = { x: 5 };
  const call = (o: { x: number; w?: unknown }): number => compiledSum(o as { x: number; w?: number });
  assert.ok(Number.isNaN(call(later)));
  later.w = 4;
  assert.equal(call(later), 9);
  later.w = 'late';
  // Classified again as {x, w: a string}: the read of w is then the located error naming the field.
  assert.throws(() => call(later), (e: unknown) => e instanceof JitError && /'w' holds a string/.test(e.message));
});

test('compiled: a name every object inherits is a located error, not undefined', () => {
  assert.throws(() => memoJit((o: { x: number }) => (o as unknown as { valueOf: number }).valueOf === undefined ? 1 : 2)({ x: 1 }),
    (e: unknown) => e instanceof JitError);
});
