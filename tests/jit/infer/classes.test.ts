// `new C(…)` of a class from outside the compiled function (src/jit/infer/classes.ts), its methods
// (src/jit/infer/methods.ts) and `+instance` through valueOf(): compiled and plain agree with Object.is on the
// result and on every field, the caller gets a real instance, and what cannot compile is a located JitError. A class declared inside is an error naming the class, whose advice (declare it outside) compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { agreeOn } from '../_support/same.js';

type AnyFn = (...args: never[]) => unknown;

function agree(fn: AnyFn, args: () => unknown[], jit: unknown = memoJit(fn)): void {
  const d = agreeOn(args, (a) => (fn as (...x: unknown[]) => unknown)(...a), (a) => (jit as (...x: unknown[]) => unknown)(...a));
  assert.equal(d, undefined, d);
}

// d3-array's Adder (Shewchuk summation), as d3 writes it; `declare` keeps TypeScript from emitting class fields.
class Adder {
  declare _partials: Float64Array;
  declare _n: number;
  constructor() {
    this._partials = new Float64Array(32);
    this._n = 0;
  }
  add(x: number): this {
    const p = this._partials;
    let i = 0;
    for (let j = 0; j < this._n && j < 32; j++) {
      const y = p[j]!,
        hi = x + y,
        lo = Math.abs(x) < Math.abs(y) ? x - (hi - y) : y - (hi - x);
      if (lo) p[i++] = lo;
      x = hi;
    }
    p[i] = x;
    this._n = i + 1;
    return this;
  }
  valueOf(): number {
    const p = this._partials;
    let n = this._n, x, y, lo, hi = 0;
    if (n > 0) {
      hi = p[--n]!;
      while (n > 0) {
        x = hi;
        y = p[--n]!;
        hi = x + y;
        lo = y - (hi - x);
        if (lo) break;
      }
      if (n > 0 && ((lo! < 0 && p[n - 1]! < 0) || (lo! > 0 && p[n - 1]! > 0))) {
        y = lo! * 2;
        x = hi + y;
        if (y == x - hi) hi = x;
      }
    }
    return hi;
  }
}

function fsum(values: number[]): number {
  const adder = new Adder();
  for (let value of values) if ((value = +value)) adder.add(value);
  return +adder;
}

function adderOf(values: Float64Array): Adder {
  const adder = new Adder();
  for (let i = 0; i < values.length; i++) adder.add(values[i]!);
  return adder;
}

test('new of a class from outside: constructor, methods and +instance (valueOf) agree with plain JS', () => {
  agree(fsum as AnyFn, () => [[1e100, 1, -1e100, 0.1, 0.2, -0.3]]);
  agree(fsum as AnyFn, () => [[-0, NaN, 1]]);
  agree(fsum as AnyFn, () => [[Infinity, -Infinity]]);
  agree(fsum as AnyFn, () => [[]]);
  agree(fsum as AnyFn, () => [Array.from({ length: 100 }, (_, i) => (i % 7) * 1e-3 + (i % 3) * 1e15)]);
});

test('a constructed instance returned to the caller is a real instance of its class', () => {
  const jit = memoJit(adderOf);
  const a = jit(Float64Array.from([0.1, 0.2, 0.3]));
  assert.ok(a instanceof Adder);
  assert.equal(+a, +adderOf(Float64Array.from([0.1, 0.2, 0.3])));
  agree(adderOf as AnyFn, () => [Float64Array.from([1e308, 1e308, -1e308])]);
});

class Point {
  declare x: number;
  declare y: number;
  declare tag: boolean;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y * 2;
    this.tag = this.x > this.y;
  }
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

function farthest(xs: Float64Array): Point {
  let best = new Point(0, 0);
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const p = new Point(xs[i]!, xs[i + 1]!);
    if (p.norm() > best.norm()) best = p;
  }
  return best;
}

test('constructor arguments, fields read in the constructor, instances in variables and returned', () => {
  agree(farthest as AnyFn, () => [Float64Array.from([1, 2, -3, 0.5, NaN, 1, -0, -0])]);
  agree(farthest as AnyFn, () => [new Float64Array(0)]);
  assert.ok((memoJit(farthest)(Float64Array.from([3, 4])) as unknown) instanceof Point);
});

class Base {
  declare a: number;
  constructor() {
    this.a = 1;
  }
}
class Derived extends Base {}
class Busy {
  declare a: number;
  constructor(n: number) {
    if (n > 0) this.a = n;
    else this.a = 0;
  }
}
class NoValue {
  declare a: number;
  constructor() {
    this.a = 1;
  }
}

test('a subclass constructs; classes compiled code cannot construct, and +instance without valueOf, are located errors', () => {
  // a subclass is constructed now (its base's constructor first, tests/jit/language/class-fields.test.ts)
  assert.equal((memoJit((() => new Derived().a) as AnyFn) as unknown as () => number)(), 1);
  assert.match(compileError(((n: number) => new Busy(n).a) as AnyFn, [1]).message, /may only assign fields/);
  assert.match(compileError((() => +new NoValue()) as AnyFn, []).message, /defines no valueOf/);
});

test('a field its constructor sets to null holds null or an instance of the class: linked in compiled code, else located', () => {
  class Link {
    declare v: number;
    declare next: Link | null;
    constructor(v: number) {
      this.v = v;
      this.next = null;
    }
  }
  function chain(n: number): Link {
    const first = new Link(0);
    let last = first;
    for (let i = 1; i < n; i++) {
      const l = new Link(i);
      last.next = l;
      last = l;
    }
    return first;
  }
  const c = memoJit(chain);
  assert.equal(agreeOn(() => 5, chain, c), undefined);
  assert.match(c.signatures[0]!, /-> \{v:f64,next:self\|null\}@Link/);
  // something else than an instance in that field: a located error naming the field's type
  function holdsArray(n: number): number {
    const l = new Link(n);
    (l as unknown as { next: number[] }).next = [n]; // MARK-array-in-next
    return l.v;
  }
  const e = compileError(holdsArray, [2]);
  assert.match(e.detail, /the field 'next' holds \{v:f64,next:self\|null\}@Link \| null; compiled code keeps each field's type, and this writes/);
});

/** A running sum whose add returns `this`, so calls chain. */
class Tally {
  s = 0;
  add(v: number): Tally {
    this.s += v;
    return this;
  }
}
function tallyInside(n: number): number {
  class Local {
    s = 0;
  }
  return new Local().s + n;
}
function tallyOutside(n: number): number {
  const t = new Tally();
  for (let i = 0; i < n; i++) t.add(i).add(-0.5);
  return t.s;
}

test('a class declared inside the compiled function is a located error whose advice (declare it outside) compiles', () => {
  const error = compileError(tallyInside, [1]);
  assert.equal(error.construct, 'class declaration');
  assert.match(error.detail, /declare class Local outside the function .* construct it inside with new/);
  // the advice, followed: by hand, n = 4 adds 0 + 1 + 2 + 3 - 4 * 0.5 = 4
  for (const n of [0, 4]) assert.ok(Object.is(memoJit(tallyOutside)(n), tallyOutside(n)));
  assert.equal(memoJit(tallyOutside)(4), 4);
});
