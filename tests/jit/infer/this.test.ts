// src/jit/infer/this.ts: readsThis says whether a function's own body (its parameters' defaults and the arrows
// in it included) uses `this`; nested functions, methods of object literals and classes have their own `this`
// and do not count; a function whose source cannot be parsed (native, bound, a class) reads as false. Then
// through memoJit: a method that reads `this` has its receiver's shape in its signature and equals the plain
// method on receivers of two shapes; one that does not is compiled as a plain function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readsThis } from '../../../src/jit/infer/this.js';
import { memoJit } from '../../../src/index.js';

test('a body, an arrow in it or a parameter default reading this: true', () => {
  assert.equal(readsThis(function (this: { x: number }, dt: number) { return this.x * dt; }), true);
  assert.equal(readsThis(function (this: { xs: number[] }) { return this.xs.map((v) => v + 1); }), true);
  assert.equal(readsThis(function (this: { ks: number[] }, k: number) { return [k].map(() => this.ks.length); }), true, 'an arrow shares its function\'s this');
  assert.equal(readsThis(function (this: { k: number }, a = this.k) { return a; }), true, 'a default is evaluated with the function\'s this');
  assert.equal(readsThis(new Function('return this.x') as () => number), true);
});

test('no this, or this only inside nested functions, object-literal methods or classes: false', () => {
  assert.equal(readsThis((a: number, b: number) => a + b), false);
  assert.equal(readsThis(function () { return function (this: { k: number }) { return this.k; }; }), false);
  assert.equal(readsThis(function () { return { k: 1, f() { return this.k; } }; }), false, 'a method shorthand has its own this');
  assert.equal(readsThis(function () { return class { k = 1; m() { return this.k; } }; }), false);
  assert.equal(readsThis(function () { return 'this'; }), false, 'the word in a string is not the keyword');
});

test('class members: instance and static methods are judged by their own body', () => {
  class Body {
    x = 3;
    move(k: number): number {
      return this.x + k;
    }
    static twice(k: number): number {
      return 2 * k;
    }
    static self(): unknown {
      return this;
    }
  }
  assert.equal(readsThis(Body.prototype.move), true);
  assert.equal(readsThis(Body.twice), false);
  assert.equal(readsThis(Body.self), true);
});

test('functions whose source cannot be parsed read as false, without throwing', () => {
  class Body {
    x = 1;
  }
  assert.equal(readsThis(Math.sin), false);
  assert.equal(readsThis(function (this: { x: number }) { return this.x; }.bind({ x: 1 })), false, 'a bound function\'s source is native code');
  assert.equal(readsThis(Body as unknown as () => void), false);
  // asked again, the same answers (they are cached per function)
  assert.equal(readsThis(Math.sin), false);
  assert.equal(readsThis(Body as unknown as () => void), false);
});

test('compiled, a method reading this: the receiver\'s shape is in the signature, results equal the plain method', () => {
  const plain = function (this: { x: number; v: number }, dt: number): number {
    return this.x + this.v * dt;
  };
  const step = memoJit(plain);
  const a = { x: 1, v: 0.5 };
  const b = { v: -2, x: 0.25, tag: true };
  for (const dt of [0, 1, 2.5, -3]) {
    assert.ok(Object.is(step.call(a, dt), plain.call(a, dt)), `a, dt = ${dt}`);
    assert.ok(Object.is(step.call(b, dt), plain.call(b, dt)), `b, dt = ${dt}`);
  }
  assert.equal(step.call(a, 2), 2, 'by hand: 1 + 0.5 * 2');
  const signatures = (step as unknown as { signatures: string[] }).signatures;
  assert.ok(signatures.length >= 2, `one specialization per receiver shape: ${signatures.join(' | ')}`);
  assert.ok(signatures.every((s) => s.startsWith('(this: {')), signatures.join(' | '));
  // `this` not an object: the plain function's own TypeError
  assert.throws(() => step.call(undefined as unknown as { x: number; v: number }, 1), TypeError);
});

test('compiled, a function not reading this ignores the receiver it is called on', () => {
  const plain = function (a: number, b: number): number {
    return a * b - 1;
  };
  const f = memoJit(plain);
  assert.equal(f.call({ x: 1 }, 3, 4), 11);
  assert.equal(f.call(undefined, 3, 4), 11);
  const signatures = (f as unknown as { signatures: string[] }).signatures;
  assert.ok(signatures.length > 0 && signatures.every((s) => !s.includes('this')), signatures.join(' | '));
});
