// Method calls on `this` and on objects (src/jit/infer/methods.ts) and fields of `this` that held null when the
// method was called (src/jit/infer/field-facts.ts): compiled and plain agree with Object.is on the result and
// on every field of `this` and of the arguments, and throw the same class and message; what cannot compile is a
// located JitError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { agreeOn } from '../_support/same.js';

type AnyFn = (...args: never[]) => unknown;
type Input = { args: unknown[]; self?: unknown };

function agree(fn: AnyFn, make: () => Input, jit: unknown = memoJit(fn)): void {
  const d = agreeOn(make, (i) => (fn as (...a: unknown[]) => unknown).apply(i.self, i.args), (i) => (jit as (...a: unknown[]) => unknown).apply(i.self, i.args));
  assert.equal(d, undefined, d);
}

// Are We Fast Yet's Permute, reduced: null fields given arrays, recursion through methods of `this`.
class Permute {
  count = 0;
  v: number[] | null = null;
  flags: boolean[] | null = null;
  benchmark(n: number): number {
    this.count = 0;
    this.v = new Array(n).fill(0);
    this.flags = new Array(n).fill(false);
    this.permute(n);
    return this.count;
  }
  permute(n: number): void {
    this.count += 1;
    if (n !== 0) {
      const n1 = n - 1;
      this.permute(n1);
      for (let i = n1; i >= 0; i -= 1) {
        this.swap(n1, i);
        this.permute(n1);
        this.swap(n1, i);
      }
    }
  }
  swap(i: number, j: number): void {
    const tmp = this.v![i]!;
    this.v![i] = this.v![j]! + 0.5;
    this.v![j] = tmp;
    this.flags![i] = !this.flags![j];
  }
}

test('methods of this call each other recursively; null fields written first then read by the methods', () => {
  for (const n of [0, 1, 3, 5]) agree(Permute.prototype.benchmark as AnyFn, () => ({ self: new Permute(), args: [n] }));
  // -0, NaN and a fractional length: the same values, or the same RangeError from new Array
  for (const n of [-0, 2.5, NaN]) agree(Permute.prototype.benchmark as AnyFn, () => ({ self: new Permute(), args: [n] }));
});

class Body {
  constructor(public x: number, public v: number, public stuck: boolean) {}
  step(dt: number): number {
    if (!this.stuck) this.x += this.v * dt;
    return this.energy();
  }
  energy(): number {
    return 0.5 * this.v * this.v;
  }
}

function advance(bodies: Body[], dt: number): number {
  let e = 0;
  for (let i = 0; i < bodies.length; i++) e += bodies[i]!.step(dt);
  return e;
}

test('methods of objects in an array and of arguments: obj.f(x)', () => {
  const make = (): Input => ({ args: [[new Body(1, 2, false), new Body(-0, NaN, true), new Body(3, -1e300, false)], 1e10] });
  agree(advance as AnyFn, make);
  agree(((b: Body, dt: number) => b.step(dt) + b.step(-dt)) as AnyFn, () => ({ args: [new Body(0.1, 0.2, false), 3] }));
});

class Square {
  constructor(public s: number) {}
  area(): number {
    return this.s * this.s;
  }
}
class Circle {
  constructor(public s: number) {}
  area(): number {
    return Math.PI * this.s * this.s;
  }
}

test('two classes with the same fields: each call runs its own class\'s method (the class is in the signature)', () => {
  const total = memoJit((p: { area(): number }) => p.area() + 1);
  assert.equal(total(new Square(2)), 5);
  assert.equal(total(new Circle(2)), Math.PI * 4 + 1);
  assert.equal(total(new Square(3)), 10);
  assert.equal((total as unknown as { signatures: string[] }).signatures.length, 2);
});

test('a function held in a field is called by identity; another function is another specialization', () => {
  const apply = (o: { k: number; f(x: number): number }, x: number): number => o.f(x) * o.k;
  const jit = memoJit(apply);
  const twice = (x: number): number => 2 * x;
  const square = (x: number): number => x * x;
  agree(apply as AnyFn, () => ({ args: [{ k: 3, f: twice }, 1.5] }), jit);
  agree(apply as AnyFn, () => ({ args: [{ k: 3, f: square }, 1.5] }), jit);
  agree(apply as AnyFn, () => ({ args: [{ k: -0, f: twice }, -0] }), jit);
  assert.equal((jit as unknown as { signatures: string[] }).signatures.length, 2);
});

class Lazy {
  data: Float64Array | null = null;
  read(i: number): number {
    return this.data![i]!;
  }
  fill(n: number): number {
    if (n > 2) this.data = new Float64Array(n);
    return this.data![0]!;
  }
  reset(): number {
    this.data = new Float64Array(2);
    this.clear();
    return 0;
  }
  clear(): void {
    (this as unknown as { data: null }).data = null;
  }
}

test('a null field read before it is written on every path, or written null again, is a located error', () => {
  assert.match(compileError(Lazy.prototype.read as AnyFn, [0], new Lazy()).message, /held null when the method was called/);
  assert.match(compileError(Lazy.prototype.fill as AnyFn, [3], new Lazy()).message, /may still be null/);
  assert.equal(compileError(Lazy.prototype.reset as AnyFn, [], new Lazy()).construct, 'assignment to .data');
});

class Bad {
  n = 1;
  get twice(): number {
    return 2 * this.n;
  }
  useGetter(): number {
    return (this as unknown as { twice(): number }).twice();
  }
}

test('a getter called as a method is a located error', () => {
  assert.match(compileError(Bad.prototype.useGetter as AnyFn, [], new Bad()).message, /getter or setter/);
});
