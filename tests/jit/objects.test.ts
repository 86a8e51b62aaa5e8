// Objects in compiled code (issue 12): plain objects as arguments read and written in place, objects as
// results, arrays of objects (n-body), `this` in methods, and located errors for what does not compile. Every
// case runs plain and compiled on equal inputs: the same result (Object.is on every field, keys in order), the
// same writes to the arguments and `this`, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../src/index.js';
import { JitError } from '../../src/jit/errors.js';
import { compileError } from '../_support/jit-error.js';
import { agreeOn, differs } from './_support/same.js';

type AnyFn = (...args: never[]) => unknown;

/** Plain and compiled agree on inputs made by `make` (arguments, and `self` as `this`). */
function agree(fn: AnyFn, make: () => { args: unknown[]; self?: unknown }, jit: unknown = memoJit(fn)): void {
  const d = agreeOn(make, (i) => (fn as (...a: unknown[]) => unknown).apply(i.self, i.args), (i) => (jit as unknown as (...a: unknown[]) => unknown).apply(i.self, i.args));
  assert.equal(d, undefined, d);
}

// ------------------------------------------------------------------------------------------------ arguments

interface P { x: number; y: number; vx: number; vy: number; alive: boolean; trail: Float64Array }

function move(p: P, dt: number): number {
  p.x += p.vx * dt;
  p.y += p.vy * dt;
  if (p.y < 0) {
    p.vy = -p.vy;
    p.alive = false;
  }
  for (let i = p.trail.length - 1; i > 0; i--) p.trail[i] = p.trail[i - 1]!;
  p.trail[0] = p.x;
  return p.x * p.y;
}

test('a plain object argument: number, boolean and typed-array fields read and written in place', () => {
  const make = () => ({ args: [{ x: 1, y: 0.25, vx: 0.5, vy: -1, alive: true, trail: new Float64Array([3, 2, 1]) }, 0.5] });
  agree(move, make);
  const jit = memoJit(move);
  const p = make().args[0] as P;
  jit(p, 0.5);
  assert.equal(p.alive, false);
  assert.deepEqual([...p.trail], [1.25, 3, 2]);
  assert.deepEqual(jit.signatures, ['({x:f64,y:f64,vx:f64,vy:f64,alive:bool,trail:Float64Array}, f64) -> f64']);
});

test('the shape is the signature: another field order or field type is another specialization', () => {
  const sum = (o: { a: number; b: number }): number => o.a + o.b * 2;
  const jit = memoJit(sum);
  assert.equal(jit({ a: 1, b: 2 }), 5);
  assert.equal(jit({ b: 2, a: 1 }), 5);
  assert.equal(jit({ a: 1, b: 2 }), 5);
  assert.deepEqual(jit.signatures, ['({a:f64,b:f64}) -> f64', '({b:f64,a:f64}) -> f64']);
  // a field that became a string is a new shape, and the code that reads it no longer compiles
  assert.throws(() => jit({ a: 1, b: 'x' } as unknown as { a: number; b: number }), JitError);
  // the same object with a field changed to another type is classified again (not served stale)
  const o: { a: unknown; b: number } = { a: 1, b: 2 };
  assert.equal(jit(o as { a: number; b: number }), 5);
  o.a = true;
  // a boolean field is another shape: true + 2 * 2 is 5 in JS, and in the new specialization
  assert.equal(jit(o as { a: number; b: number }), 5);
  assert.ok(jit.signatures.includes('({a:bool,b:f64}) -> f64'), jit.signatures.join('; '));
});

test('aliased object arguments see each other\'s writes, as in plain JS', () => {
  function swapish(a: { v: number }, b: { v: number }): number {
    a.v = a.v + 1;
    b.v = b.v * 10;
    return a.v + b.v;
  }
  const one = { v: 1 };
  const make = () => {
    const o = { ...one };
    return { args: [o, o] };
  };
  agree(swapish, make);
  assert.equal(memoJit(swapish)({ v: 1 }, { v: 1 }), 12);
  const o = { v: 1 };
  assert.equal(memoJit(swapish)(o, o), 40);
});

test('nested objects and number[] fields', () => {
  function f(s: { pos: { x: number; y: number }; w: number[] }): number {
    s.pos.x += s.w[0]!;
    s.w[1] = s.pos.y * 2;
    return s.pos.x + s.w[2]!; // w[2] may be past the end: undefined + … is NaN, as in JS
  }
  agree(f, () => ({ args: [{ pos: { x: 1, y: 2 }, w: [0.5, 0, 3] }] }));
  agree(f, () => ({ args: [{ pos: { x: 1, y: 2 }, w: [0.5] }] }));
});

test('a missing field, or a field holding what compiled code cannot use, is a located error naming it', () => {
  // a field the object lacks reads undefined as in JS (ops/absent-fields.ts), unless every object inherits the name
  assert.ok(Number.isNaN((memoJit(((p: { x: number }) => (p as unknown as { z: number }).z * 2) as AnyFn) as unknown as (p: object) => number)({ x: 1 })));
  const e1 = compileError(((p: { x: number }) => (p as unknown as { valueOf: number }).valueOf === undefined) as AnyFn, [{ x: 1 }]);
  assert.equal(e1.construct, '.valueOf');
  assert.match(e1.message, /no own field 'valueOf' \(its fields: x\)/);
  const e2 = compileError(((p: { name: string }) => p.name.length) as AnyFn, [{ name: 'a' }]);
  assert.match(e2.message, /'name' holds a string/);
  const e3 = compileError(((p: { x: number }) => { (p as unknown as { y: number }).y = 1; return p.x; }) as AnyFn, [{ x: 1 }]);
  assert.match(e3.message, /adding a field changes its shape/);
  const e4 = compileError(((p: { x: number }) => { (p as unknown as { x: boolean }).x = true; return 0; }) as AnyFn, [{ x: 1 }]);
  assert.match(e4.message, /keeps each field's type/);
});

test('a method of an object compiles with the caller; a method compiled code cannot see is a located error', () => {
  const o = { x: 2, twice(): number { return this.x * 2; } };
  agree(((p: typeof o) => p.twice() + 1) as AnyFn, () => ({ args: [{ x: 2.5, twice: o.twice }] }));
  // a built-in function in a field has no source to compile
  const b = { x: 2, f: Math.hypot };
  const e = compileError(((p: typeof b) => p.f(3, 4) + 1) as AnyFn, [b]);
  assert.equal(e.construct, '.f()');
  assert.match(e.message, /built-in or bound function/);
  // a number field is not a method
  const c = { x: 2 };
  const e2 = compileError(((p: { x: number; y(): number }) => p.y()) as AnyFn, [c]);
  assert.equal(e2.construct, '.y()');
  assert.match(e2.message, /does not call methods of objects/);
});

test('an object with a getter: using the getter is a located error; other fields compile', () => {
  const o = { a: 3, get b(): number { return this.a * 2; } };
  assert.match(compileError(((p: typeof o) => p.b) as AnyFn, [o]).message, /'b' holds a getter or setter/);
  assert.equal(memoJit((p: typeof o) => p.a + 1)(o), 4);
});

// ------------------------------------------------------------------------------------------------- results

function stats(xs: Float64Array): { mean: number; std: number; n: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const mean = s / xs.length;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length), n: xs.length };
}

test('objects as results: the same keys in the same order, Object.is on every field', () => {
  agree(stats, () => ({ args: [new Float64Array([1, 2, 3, 4.5])] }));
  agree(stats, () => ({ args: [new Float64Array(0)] })); // NaN fields
  const r = memoJit(stats)(new Float64Array([2, 4]));
  assert.deepEqual(Object.keys(r), ['mean', 'std', 'n']);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
});

test('object literals in locals: fields read and written, passed to and returned from helpers', () => {
  function bounds(xs: Float64Array): number {
    const box = { lo: Infinity, hi: -Infinity, 'n-seen': 0 };
    const widen = (b: typeof box, x: number) => {
      if (x < b.lo) b.lo = x;
      if (x > b.hi) b.hi = x;
      b['n-seen'] += 1;
      return b;
    };
    for (let i = 0; i < xs.length; i++) widen(box, xs[i]!);
    return (box.hi - box.lo) * box['n-seen'];
  }
  agree(bounds, () => ({ args: [new Float64Array([3, -1, 7, 2])] }));
  agree(bounds, () => ({ args: [new Float64Array(0)] }));
  const e = compileError(((xs: Float64Array) => { const o = { f() { return 1; } }; return o.f() + xs.length; }) as AnyFn, [new Float64Array(1)]);
  assert.match(e.message, /not methods/);
});

// ------------------------------------------------------------------------------------------ arrays of objects

interface Body { x: number; y: number; z: number; vx: number; vy: number; vz: number; mass: number }

function advance(bodies: Body[], dt: number): void {
  const n = bodies.length;
  for (let i = 0; i < n; i++) {
    const bi = bodies[i]!;
    for (let j = i + 1; j < n; j++) {
      const bj = bodies[j]!;
      const dx = bi.x - bj.x, dy = bi.y - bj.y, dz = bi.z - bj.z;
      const d2 = dx * dx + dy * dy + dz * dz;
      const mag = dt / (d2 * Math.sqrt(d2));
      bi.vx -= dx * bj.mass * mag;
      bi.vy -= dy * bj.mass * mag;
      bi.vz -= dz * bj.mass * mag;
      bj.vx += dx * bi.mass * mag;
      bj.vy += dy * bi.mass * mag;
      bj.vz += dz * bi.mass * mag;
    }
  }
  for (const b of bodies) {
    b.x += dt * b.vx;
    b.y += dt * b.vy;
    b.z += dt * b.vz;
  }
}

const system = (): Body[] => [
  { x: 0, y: 0, z: 0, vx: 0, vy: 0, vz: 0, mass: 39.47 },
  { x: 4.84, y: -1.16, z: -0.10, vx: 0.606, vy: 2.81, vz: -0.025, mass: 0.037 },
  { x: 8.34, y: 4.12, z: -0.40, vx: -1.01, vy: 1.82, vz: 0.008, mass: 0.011 },
];

test('arrays of objects: bodies[i].vx -= … as the n-body benchmark writes it', () => {
  const jit = memoJit(advance);
  const a = system(), b = system();
  for (let step = 0; step < 50; step++) {
    advance(a, 0.01);
    jit(b, 0.01);
  }
  assert.equal(differs(a, b), undefined);
  assert.deepEqual(jit.signatures, ['({x:f64,y:f64,z:f64,vx:f64,vy:f64,vz:f64,mass:f64}[], f64) -> void']);
});

test('an index outside an array of objects throws the plain function\'s TypeError', () => {
  const get = (bs: Body[], i: number): number => bs[i]!.x;
  agree(get, () => ({ args: [system(), 5] }));
  agree(get, () => ({ args: [system(), 1.5] }));
  const put = (bs: Body[], i: number): void => { bs[i]!.mass = 1; };
  agree(put, () => ({ args: [system(), 3] }));
});

test('an array of objects of different shapes is a clear argument error (or the plain function with fallback: warn)', () => {
  const mixed = (): unknown[] => [{ x: 1 }, { x: 2, y: 3 }];
  const f = (bs: { x: number }[]): number => bs[0]!.x;
  assert.throws(() => memoJit(f)(mixed() as { x: number }[]), /different shapes/);
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.equal(memoJit({ fallback: 'warn' })(f)(mixed() as { x: number }[]), 1);
  } finally {
    console.warn = warn;
  }
});

// ----------------------------------------------------------------------------------------------------- this

class Poly {
  coeffs: Float64Array = new Float64Array([1, -2, 0.5]) as Float64Array;
  calls = 0;
  static scale = 3;

  @memoJit
  at(x: number): number {
    let s = 0;
    for (let i = this.coeffs.length - 1; i >= 0; i--) s = s * x + this.coeffs[i]!;
    this.calls += 1;
    return s;
  }

  @memoJit
  static scaled(x: number): number {
    this.scale += 1;
    return x * this.scale;
  }

  plainAt(x: number): number {
    let s = 0;
    for (let i = this.coeffs.length - 1; i >= 0; i--) s = s * x + this.coeffs[i]!;
    this.calls += 1;
    return s;
  }
}

test('this in a class method under @memoJit: fields read and written, shape specialized', () => {
  const p = new Poly();
  const q = new Poly();
  for (const x of [0.5, 1.5, -2.25, NaN]) assert.ok(Object.is(p.at(x), q.plainAt(x)));
  assert.equal(p.calls, 4);
  const jitted = Poly.prototype.at as unknown as { signatures: string[] };
  // the class is part of the receiver's type: its methods resolve through the prototype
  assert.deepEqual(jitted.signatures, ['(this: {coeffs:Float64Array,calls:f64}@Poly, f64) -> f64']);
  // another instance with another field type is another specialization
  const r = new Poly();
  r.coeffs = new Float32Array([1, 2]) as unknown as Float64Array;
  assert.equal(r.at(2), 5);
  assert.equal(jitted.signatures.length, 2);
});

test('this in a static method: the class\'s static fields', () => {
  const before = Poly.scale;
  assert.equal(Poly.scaled(2), 2 * (before + 1));
  assert.equal(Poly.scale, before + 1);
});

test('this in a method of an object literal, and a method called without an object', () => {
  const counter = {
    n: 0,
    step: 0.5,
    bump(k: number): number {
      for (let i = 0; i < k; i++) this.n += this.step;
      return this.n;
    },
  };
  const jit = memoJit(counter.bump);
  agree(counter.bump as AnyFn, () => ({ args: [3], self: { n: 1, step: 0.25 } }), jit);
  // without an object, the plain function runs: the same TypeError as plain JS
  agree(counter.bump as AnyFn, () => ({ args: [3], self: undefined }), jit);
});

test('this inside an inner function, also of a method called on this, is a located error', () => {
  const o = {
    x: 1,
    f(): number {
      const g = (): number => this.x;
      return g();
    },
    h(): number {
      return this.f() + 1;
    },
  };
  assert.match(compileError(o.f as AnyFn, [], o).message, /inner functions/);
  assert.equal(compileError(o.h as AnyFn, [], o).construct, 'this');
});

test('a `var` holding an object, assigned in a block and read after it, is function-scoped as in JS', () => {
  function last(bs: { x: number }[]): number {
    var i = 0;
    do {
      var b = bs[i]!;
      var r = { twice: b.x * 2 };
      i++;
    } while (i < bs.length);
    return b.x + r.twice;
  }
  agree(last, () => ({ args: [[{ x: 1 }, { x: 2.5 }]] }));
});

test('private fields are not mistaken for public ones of the same name', () => {
  class Secret {
    x = 1;
    #x = 2;
    get(): number {
      return this.#x + this.x;
    }
  }
  // the method's source alone does not declare #x, so it does not even parse: a JitError, never `this.x`
  assert.ok(compileError(Secret.prototype.get as AnyFn, [], new Secret()) instanceof JitError);
});

test('an own field named __proto__ is never read as the prototype', () => {
  const o = JSON.parse('{"__proto__": 5, "a": 1}') as { a: number };
  assert.equal(memoJit((p: { a: number }) => p.a * 2)(o), 2);
  assert.match(compileError(((p: { a: number }) => (p as unknown as { __proto__: number }).__proto__) as AnyFn, [o]).message, /__proto__/);
});

test('a frozen object: its fields are read, and a write to one is a located error (never a different outcome)', () => {
  const read = (p: { x: number }): number => p.x * 2;
  const write = (p: { x: number }): number => { p.x = 3; return p.x; };
  const jitRead = memoJit(read);
  const o = { x: 1.5 };
  assert.equal(jitRead(o), 3);
  Object.freeze(o);
  assert.equal(jitRead(o), 3);
  assert.deepEqual(jitRead.signatures, ['({x:f64}) -> f64', '({readonly x:f64}) -> f64']);
  assert.match(compileError(write as AnyFn, [Object.freeze({ x: 1 })]).message, /read-only/);
});
