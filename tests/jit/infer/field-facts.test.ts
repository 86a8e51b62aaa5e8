// src/jit/infer/field-facts.ts: fields of `this` that hold null (or undefined) when the method is called and are
// written by compiled code. fieldId's one hidden node per function and field; trackedRead, trackedWrite and
// receiverAt with a fake host over hand-made shapes (which fields are tracked, what a write stores, the located
// errors); then through memoJit on classes: reads after writes on every path, the read that may come first, a
// method called after the write seeing the typed field, and writes of other types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { fieldId, receiverAt, trackedRead, trackedWrite, type FieldFactsHost } from '../../../src/jit/infer/field-facts.js';
import { BOOLV, FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import type { State } from '../../../src/jit/infer/flow.js';
import type { Binding } from '../../../src/jit/infer/scope.js';
import { makeShape, type ObjectField } from '../../../src/jit/ops/shapes.js';
import { memoJit, JitError } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

const expr = (source: string): Node => parseFunction(source).body as Node;

/** A host whose hidden bindings take slots in order of first use; writes store, notes are recorded. */
function fakeHost() {
  const slots = new Map<string, Binding>();
  const notes: [Node, AV][] = [];
  const host: FieldFactsHost = {
    slot: (name) => {
      let b = slots.get(name);
      if (!b) slots.set(name, (b = { name: `this.${name}`, unique: `this.${name}`, kind: 'let', decl: { type: 'Identifier', name: `this.${name}`, start: 0, end: 0 }, slot: slots.size, value: undefined }));
      return b;
    },
    read: (state, b) => state[b.slot],
    write: (state, b, value) => {
      while (state.length < b.slot) state.push(undefined);
      state[b.slot] = value;
    },
    note: (node, value) => notes.push([node, value]),
    fail: (message) => {
      throw new Error(message);
    },
  };
  return { host, notes };
}

class Proto {}
const FIELDS: ObjectField[] = [
  { name: 'v', type: null, holds: 'null' },
  { name: 'u', type: null, holds: 'undefined' },
  { name: 'x', type: { kind: 'f64' } },
  { name: 's', type: null, holds: 'a string' },
  { name: 'f', type: null, holds: 'null', fn: () => 0 },
];
const OBJ: AV = { k: 'obj', shape: makeShape(FIELDS, Proto.prototype) };

test('fieldId: one hidden declaring node per function and field, named with a dot no variable has', () => {
  const a = parseFunction('function a() { this.v = 1; }').node;
  const b = parseFunction('function b() { this.v = 1; }').node;
  const id = fieldId(a, 'v');
  assert.equal(id.type, 'Identifier');
  assert.equal(id.name, 'this.v');
  assert.equal(fieldId(a, 'v'), id, 'the same node every round');
  assert.notEqual(fieldId(a, 'w'), id);
  assert.notEqual(fieldId(b, 'v'), id, 'another function, another binding');
  assert.equal(id.start, a.start);
});

test('trackedRead: only this.<field holding null or undefined>; others are left to the object rules', () => {
  const { host } = fakeHost();
  const written: State = [];
  host.write(written, host.slot('v'), { k: 'array', element: 'f64' }, expr('() => 0'));
  assert.deepEqual(trackedRead(host, expr('() => this.v'), OBJ, written), { k: 'array', element: 'f64' });
  assert.deepEqual(trackedRead(host, expr('() => this["v"]'), OBJ, written), { k: 'array', element: 'f64' }, 'a string key');
  for (const src of ['() => this.x', '() => this.s', '() => this.f', '() => this.missing', '(o) => o.v', '(k) => this[k]']) {
    assert.equal(trackedRead(host, expr(src), OBJ, written), undefined, src);
  }
  assert.equal(trackedRead(host, expr('() => this.v'), FLOAT, written), undefined, 'this is not an object');
});

test('trackedRead: a read that may come before the write is a located error naming what the field held', () => {
  const { host } = fakeHost();
  assert.throws(() => trackedRead(host, expr('() => this.v'), OBJ, []), {
    message: "the field 'v' held null when the method was called, and compiled code reads it only after writing it on every path before this read, with no call between that is given this object under another name (here it may still be null)",
  });
  assert.throws(() => trackedRead(host, expr('() => this.u'), OBJ, []), /held undefined when the method was called.*may still be undefined/);
});

test('trackedWrite: a number is stored as any number, other values as they are; non-storable values are refused', () => {
  const { host, notes } = fakeHost();
  const state: State = [];
  const target = (expr('() => this.v = 3') as Node).left as Node;
  assert.equal(trackedWrite(host, target, target, OBJ, numAV(3, 3, true), state), true);
  assert.deepEqual(host.read(state, host.slot('v')), FLOAT, 'other code may store any number in a field');
  assert.deepEqual(notes, [[target, FLOAT]], 'lowering reads the field\'s type at the target');
  const u = (expr('() => this.u = b') as Node).left as Node;
  assert.equal(trackedWrite(host, u, u, OBJ, BOOLV, state), true);
  assert.deepEqual(host.read(state, host.slot('u')), BOOLV);
  assert.equal(trackedWrite(host, target, (expr('() => this.x = 1') as Node).left as Node, OBJ, FLOAT, state), false, 'a typed field');
  assert.equal(trackedWrite(host, target, (expr('(o) => o.v = 1') as Node).left as Node, OBJ, FLOAT, state), false, 'not this');
  assert.throws(() => trackedWrite(host, target, target, OBJ, { k: 'void' }, state), /^Error: compiled code gives the field 'v' numbers, booleans, arrays, objects or null, not undefined/);
  // null is stored (a constructor's `this.next = null`, which classes.ts reads as a list's link)
  assert.equal(trackedWrite(host, u, u, OBJ, { k: 'null' }, state), true);
  assert.deepEqual(host.read(state, host.slot('u')), { k: 'null' });
});

test('receiverAt: a method called on this sees the fields written so far typed; nothing else changes', () => {
  const { host } = fakeHost();
  const at = expr('() => this');
  assert.equal(receiverAt(host, at, OBJ, []), OBJ, 'nothing written: the same value');
  assert.equal(receiverAt(host, expr('(o) => o'), OBJ, [FLOAT]), OBJ, 'another receiver');
  const state: State = [];
  host.write(state, host.slot('v'), { k: 'array', element: 'i32' }, at);
  const seen = receiverAt(host, at, OBJ, state);
  assert.ok(seen.k === 'obj');
  assert.deepEqual(seen.shape.fields.map((f) => [f.name, f.type]), [
    ['v', { kind: 'array', element: 'i32' }], ['u', null], ['x', { kind: 'f64' }], ['s', null], ['f', null],
  ]);
  assert.deepEqual(seen.shape.fields.slice(1), FIELDS.slice(1), 'unwritten fields are kept as they were (opaque, with what they hold)');
  assert.equal(seen.shape.proto, Proto.prototype, 'the prototype is kept');
  assert.equal(OBJ.k === 'obj' && OBJ.shape.fields[0]!.type, null, 'the original shape is unchanged');
});

class Permute {
  declare v: Float64Array | null;
  declare w: number[] | null;
  constructor() {
    this.v = null;
    this.w = null;
  }
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.v!.length; i++) s += this.v![i]!;
    return s;
  }
}

test('compiled: written on every path before the read, the field has the written type; a method sees it', () => {
  const run = memoJit(function run(this: Permute, n: number) {
    this.w = new Array(n).fill(0);
    let s = 0;
    for (let i = 0; i < n; i++) s += this.w[i]! + i;
    return s;
  });
  assert.equal(run.call(new Permute(), 6), 15, '0 + 1 + … + 5');
  const both = memoJit(function both(this: Permute, n: number) {
    if (n > 0) this.v = new Float64Array(n);
    else this.v = new Float64Array(1 - n);
    return this.v.length;
  });
  assert.deepEqual([both.call(new Permute(), 2), both.call(new Permute(), -3)], [2, 4]);
  const viaMethod = memoJit(function viaMethod(this: Permute, n: number) {
    const v = new Float64Array(3);
    v[0] = n;
    v[1] = 0.5;
    this.v = v;
    return this.sum();
  });
  const p = new Permute();
  assert.equal(viaMethod.call(p, 2), 2.5);
  assert.deepEqual(p.v, Float64Array.from([2, 0.5, 0]), 'the write reached the object');
});

test('compiled: a read that may precede the write, null written back, or two types, are located errors', () => {
  const early = memoJit(function early(this: Permute, n: number) {
    if (n > 0) this.v = new Float64Array(n);
    return this.v!.length;
  });
  const e = catchJit(() => early.call(new Permute(), 1));
  assert.ok(e instanceof JitError);
  assert.match(e.message, /the field 'v' held null when the method was called/);
  assert.equal(e.construct, '.v');
  const loop = memoJit(function loop(this: { v: number | null }, n: number) {
    for (let i = 0; i < n; i++) this.v = i;
    return this.v;
  });
  assert.match(catchJit(() => loop.call({ v: null }, 2)).message, /may still be null/, 'the loop may not run');
  const again = memoJit(function again(this: Permute, n: number) {
    this.v = new Float64Array(n);
    this.v = null;
    return this.v!.length;
  });
  // null written back is stored (the field holds Float64Array or null); read as an array there, a located error
  assert.match(catchJit(() => again.call(new Permute(), 2)).message, /null has no property 'length' in compiled code/);
  const mixed = memoJit(function mixed(this: { v: unknown }, n: number) {
    if (n > 0) this.v = new Float64Array(n);
    else this.v = true;
    return n;
  });
  assert.match(catchJit(() => mixed.call({ v: null }, 2)).message, /'this\.v' holds Float64Array elsewhere but a boolean here/);
});

// fft.js's transform: `this._out = out; … this._method(); … this._out = null;` around a call.
class Fft {
  declare out: number[] | null;
  declare k: number;
  constructor() {
    this.out = null;
    this.k = 2;
  }
  fill(): void {
    const out = this.out!;
    for (let i = 0; i < out.length; i++) out[i] = i * this.k;
  }
}

test('compiled: an array written, a method called on it, then null written back (fft.js) matches the plain method', () => {
  const transform = memoJit(function transform(this: Fft, out: number[]) {
    this.out = out;
    this.fill();
    this.out = null;
  });
  const a = new Fft();
  const b = new Fft();
  const outA = [0, 0, 0];
  const outB = [0, 0, 0];
  assert.equal(transform.call(a, outA), (function (this: Fft, out: number[]) { this.out = out; this.fill(); this.out = null; }).call(b, outB));
  assert.deepEqual(outA, outB);
  assert.deepEqual(outA, [0, 2, 4]);
  assert.equal(a.out, null, 'null written back to the object');
  // the field null at call time: the next call has the same shape (null), and works again
  transform.call(a, outA);
  assert.equal(a.out, null);
});

test('compiled: a field null on one path and an array on another is not read after the join: a located error, never a wrong value', () => {
  const branch = memoJit(function branch(this: Fft, out: number[], n: number) {
    if (n > 0) this.out = out;
    else this.out = null;
    return this.out!.length;
  });
  const e = catchJit(() => branch.call(new Fft(), [1, 2], 1));
  assert.ok(e instanceof JitError);
  assert.equal(e.construct, '.out');
  assert.match(e.message, /the field 'out' may be null here \(null on one path, number\[\] on another\); test it first, with no call or write between the test and the read: if \(this\.out === null\) return …; or if \(this\.out !== null\) \{ … \}/);
  // the advice, followed, compiles and agrees (field-null.ts narrows the field)
  function advised(this: Fft, out: number[], n: number): number {
    if (n > 0) this.out = out;
    else this.out = null;
    if (this.out === null) return -1;
    return this.out.length;
  }
  for (const n of [1, 0]) assert.equal(memoJit(advised).call(new Fft(), [1, 2], n), advised.call(new Fft(), [1, 2], n), `n = ${n}`);
  assert.equal(memoJit(advised).call(new Fft(), [1, 2], 0), -1);
  // a read after `= null` used as an array: compiled code refuses it where plain JS would throw a TypeError
  const late = memoJit(function late(this: Fft, out: number[]) {
    this.out = out;
    this.out = null;
    const o = this.out as unknown as number[];
    return o[0]!;
  });
  assert.match(catchJit(() => late.call(new Fft(), [1])).message, /cannot index null/);
  assert.throws(() => (function (this: Fft) { this.out = null; return (this.out as unknown as number[])[0]; }).call(new Fft()), TypeError);
});

test('compiled: a call given this object under another name may write its tracked fields: refused, never stale', () => {
  class Box {
    declare out: number[] | null;
    constructor() {
      this.out = null;
    }
    clear(): void {
      this.out = null;
    }
  }
  function clearOf(o: Box): number {
    o.clear();
    return 0;
  }
  // plain JS: the callee nulls the very field the method wrote, so the test sees null
  function passed(this: Box, xs: number[]): number {
    this.out = xs;
    clearOf(this);
    if (this.out === null) return -1;
    return 1;
  }
  assert.equal(passed.call(new Box(), [1]), -1);
  // `this` passed on: the callee sees the field typed number[], so its `this.out = null` is the located error
  assert.match(catchJit(() => memoJit(passed).call(new Box(), [1])).message, /the field 'out' holds number\[\]; compiled code keeps each field's type, and this writes null/);
  function aliased(this: Box, xs: number[], other: Box): number {
    this.out = xs;
    other.clear();
    if (this.out === null) return -1;
    return 1;
  }
  const b = new Box();
  assert.equal(aliased.call(b, [1], b), -1);
  // another object of the class may be this one: after the call the field is unknown, and the read is refused
  const e = catchJit(() => { const c = new Box(); return memoJit(aliased).call(c, [1], c); });
  assert.equal(e.construct, '.out');
  assert.match(e.message, /with no call between that is given this object under another name/);
});
