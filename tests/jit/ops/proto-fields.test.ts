// The prototype-field registry (src/jit/ops/proto-fields.ts): which inherited values compiled code types
// (protoValueType), when readProtoField allows a read and notes it (a prototype data property of such a value, on
// a shape the dispatcher checks, no own field of that name), protoStillFit's per-call test (no own property,
// value still of the type) and protoCheck's generated version of it, protoReadRefused and inheritedNow. Then through memoJit, each compiled call against
// the plain method (Object.is per number, the same exception class and message): a prototype value replaced after
// compilation by one of the same or another type or by a string, an own field shadowing the prototype's added
// after compilation, and the located refusals (a write, objects made in compiled code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import {
  inheritedNow, noteChecked, protoCheck, protoReadRefused, protoReadType, protoReads, protoStillFit, protoValueType, readProtoField, type ProtoRead,
} from '../../../src/jit/ops/proto-fields.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { outcomeOf, assertSameOutcome } from '../../_support/outcome.js';
import { catchJit } from '../../_support/jit-error.js';

const F64 = { kind: 'f64' } as const;

test('protoValueType: numbers, booleans, typed arrays and non-empty number[]/boolean[]; nothing else', () => {
  assert.deepEqual(protoValueType(-0), F64);
  assert.deepEqual(protoValueType(false), { kind: 'bool' });
  assert.deepEqual(protoValueType(new Float32Array(2)), { kind: 'array', element: 'f32' });
  assert.deepEqual(protoValueType(new Uint8Array(2)), { kind: 'array', element: 'u8' });
  assert.deepEqual(protoValueType([1, 2.5]), { kind: 'array', element: 'num' });
  assert.deepEqual(protoValueType([true]), { kind: 'array', element: 'bool' });
  for (const x of ['s', null, undefined, [], [1, 'a'], {}, () => 1, 1n]) assert.equal(protoValueType(x), undefined, String(x));
});

test('readProtoField: a checked shape reads a prototype data field (found up the chain), notes it once; refusals note nothing', () => {
  class Base { x = 0; }
  class Derived extends Base { get size(): number { return 2; } }
  Object.assign(Base.prototype, { grad: new Float32Array([1, -1]), label: 'b' });
  const shape = makeShape([{ name: 'x', type: F64 }], Derived.prototype);
  assert.equal(readProtoField(shape, 'grad'), undefined, 'not a shape the dispatcher checks yet');
  assert.match(protoReadRefused(shape)!, /never went through the per-call check of memoJit/);
  noteChecked(shape.token);
  assert.equal(protoReadRefused(shape), undefined);
  assert.deepEqual(readProtoField(shape, 'grad'), { kind: 'array', element: 'f32' });
  assert.deepEqual(readProtoField(shape, 'grad'), { kind: 'array', element: 'f32' });
  for (const name of ['label', 'size', 'x', 'missing', 'toString']) assert.equal(readProtoField(shape, name), undefined, name);
  assert.deepEqual(protoReads(shape.token).map((r) => [r.name, r.typeName]), [['grad', 'Float32Array']]);
  assert.deepEqual(protoReadType(shape, 'grad'), { kind: 'array', element: 'f32' });
  assert.equal(protoReadType(shape, 'label'), undefined);
  assert.match(protoReadRefused(makeShape([{ name: 'x', type: F64 }]))!, /plain record/);
});

test('protoStillFit: no own property of the name, and the inherited value of the noted type; inheritedNow names what is there', () => {
  const proto: Record<string, unknown> = { g: new Float32Array(2), s: 1, b: true };
  const list: ProtoRead[] = [
    { name: 'g', type: { kind: 'array', element: 'f32' }, typeName: 'Float32Array' },
    { name: 's', type: F64, typeName: 'f64' },
    { name: 'b', type: { kind: 'bool' }, typeName: 'boolean' },
  ];
  const o = Object.create(proto) as Record<string, unknown>;
  assert.equal(protoStillFit(o, list), true);
  proto.s = NaN;
  assert.equal(protoStillFit(o, list), true, 'any number');
  proto.g = new Float64Array(2);
  assert.equal(protoStillFit(o, list), false, 'another typed array');
  assert.equal(inheritedNow(o, [list[0]!]), 'g:Float64Array');
  proto.g = new Float32Array(2);
  o.s = 2;
  assert.equal(protoStillFit(o, list), false, 'an own field of the same type shadows it: another shape');
  delete o.s;
  proto.b = 0;
  assert.equal(protoStillFit(o, list), false);
  proto.b = 'x';
  assert.equal(inheritedNow(o, [list[2]!]), 'b:?other');
});

test('protoCheck: the generated test agrees with protoStillFit on every change (own field, other type, plain array)', () => {
  class Table { n = 1; }
  const proto = Table.prototype as unknown as Record<string, unknown>;
  Object.assign(proto, { g: new Float32Array(2), xs: [1, 2], on: false, k: 3 });
  const shape = makeShape([{ name: 'n', type: F64 }], Table.prototype);
  noteChecked(shape.token);
  const holder = protoCheck(shape.token);
  const o = new Table() as unknown as Record<string, unknown>;
  assert.equal(holder.fits(o), true, 'nothing read yet');
  for (const name of ['g', 'xs', 'on', 'k']) assert.ok(readProtoField(shape, name), name);
  assert.equal(protoCheck(shape.token), holder, 'one holder per token; its test replaced as reads are noted');
  const agree = (what: string, want: boolean): void => {
    assert.equal(protoStillFit(o, protoReads(shape.token)), want, `protoStillFit: ${what}`);
    assert.equal(holder.fits(o), want, `fits: ${what}`);
  };
  agree('as read', true);
  proto.xs = [1, 'two'];
  agree('a plain array mixing kinds', false);
  proto.xs = [5];
  agree('another number[]', true);
  proto.g = new Float32Array(0);
  agree('an empty Float32Array', true);
  proto.g = new Int32Array(2);
  agree('an Int32Array', false);
  proto.g = new Float32Array(2);
  o.on = true;
  agree('an own boolean shadowing the prototype\'s', false);
  delete o.on;
  proto.k = undefined;
  agree('k undefined', false);
});

// simplex-noise's layout: a constructor function, a prototype object literal with a typed array and methods.
interface Noise { p: number; grad: Float32Array | Float64Array | string; scale: number | string; at(i: number): number }
function makeNoise(): { Ctor: new () => Noise; proto: Record<string, unknown> } {
  function Ctor(this: { p: number }) { this.p = 0.5; }
  Ctor.prototype = {
    grad: new Float32Array([1.5, -2.25, 3]),
    scale: 2,
    at(this: Noise, i: number): number { return (this.grad as Float32Array)[i]! * (this.scale as number) + this.p; },
  };
  return { Ctor: Ctor as unknown as new () => Noise, proto: Ctor.prototype as Record<string, unknown> };
}

/** The compiled and the plain method give the same outcome on `self` for each argument. */
function same(jit: (this: Noise, i: number) => number, self: Noise, what: string): void {
  for (const i of [0, 1, 2, 3]) {
    const plain = outcomeOf(() => self.at(i));
    const got = outcomeOf(() => jit.call(self, i));
    assert.doesNotThrow(() => assertSameOutcome(got, plain), `${what}, at(${i})`);
  }
}

test('compiled: the prototype\'s typed array and number are read through the object, as JS does', () => {
  const { Ctor } = makeNoise();
  const jit = memoJit(Ctor.prototype.at);
  const o = new Ctor();
  same(jit, o, 'as built');
  assert.equal(jit.call(o, 1), -2.25 * 2 + 0.5);
  assert.equal(jit.call(o, 3), NaN, 'index past the end reads undefined, as JS');
});

test('compiled: a prototype value replaced after compilation is read as it is now (same type, another type)', () => {
  const { Ctor, proto } = makeNoise();
  const jit = memoJit(Ctor.prototype.at);
  const o = new Ctor();
  same(jit, o, 'first');
  proto.grad = new Float32Array([7, 8, 9]);
  proto.scale = -0.5;
  same(jit, o, 'same types, new values');
  assert.equal(jit.call(o, 0), 7 * -0.5 + 0.5);
  proto.grad = new Float64Array([0.1, 0.2, 0.3]);
  same(jit, o, 'a Float64Array now');
  assert.equal(jit.call(o, 1), 0.2 * -0.5 + 0.5);
  assert.equal(jit.signatures.length, 2, 'a second specialization for the new prototype type');
});

test('compiled: an own field shadowing the prototype\'s, added after compilation, is read as JS reads it', () => {
  const { Ctor } = makeNoise();
  const jit = memoJit(Ctor.prototype.at);
  const o = new Ctor();
  same(jit, o, 'before');
  o.grad = new Float32Array([10, 20, 30]);
  same(jit, o, 'own typed array of the same type');
  assert.equal(jit.call(o, 2), 30 * 2 + 0.5);
  o.scale = 3;
  same(jit, o, 'own number');
  const other = new Ctor();
  same(jit, other, 'an instance without the own fields, after');
});

test('compiled: a prototype value replaced by a string is a located error on the next call, never a wrong number', () => {
  const { Ctor, proto } = makeNoise();
  const jit = memoJit(Ctor.prototype.at);
  const o = new Ctor();
  same(jit, o, 'before');
  proto.scale = 'two';
  const e = catchJit(() => jit.call(o, 1));
  assert.ok(e instanceof JitError);
  assert.equal(e.construct, '.scale');
  assert.match(e.message, /its prototype's 'scale' holds a string/);
  assert.ok(Number.isNaN(o.at(1)), 'plain JS: a number times a string of letters');
});

test('compiled: writing a name the prototype holds, and reading one from an object made in compiled code, are located errors', () => {
  const { Ctor } = makeNoise();
  const write = memoJit(function write(this: Noise, x: number) { this.scale = x; return x; });
  const e = catchJit(() => write.call(new Ctor(), 2));
  assert.match(e.message, /in JS this write would shadow its prototype's 'scale'/);
  class Made { p = 1; }
  (Made.prototype as unknown as { k: number }).k = 4;
  const build = memoJit(function build(n: number) { const m = new Made(); return (m as unknown as { k: number }).k * n; });
  const b = catchJit(() => build(2));
  assert.match(b.message, /compiled code does not read its prototype's 'k' here: compiled code constructs objects of this shape/);
});
