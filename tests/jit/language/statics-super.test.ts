// Static class fields read from compiled code (src/jit/infer/statics.ts) and code before `super(…)` in a subclass
// constructor (src/jit/infer/super-prelude.ts), issue 12 item 4. Compared with the plain function on generated
// inputs: Object.is on every field and element, the same exception class and message; what cannot compile is a
// located JitError naming the construct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';
import { compileError } from '../../_support/jit-error.js';
import { double } from '../diff-harness.js';

type Call = (...args: unknown[]) => unknown;

function agree(fn: (...args: never[]) => unknown, args: unknown[][]): void {
  const j = memoJit(fn) as unknown as Call;
  for (const a of args) assertSameOutcome(outcomeOf(() => j(...structuredClone(a))), outcomeOf(() => (fn as unknown as Call)(...structuredClone(a))));
  const sources = Object.values((j as unknown as { inspect(): Record<string, string> }).inspect());
  assert.ok(sources.length > 0 && sources.every((s) => !s.startsWith('(plain')), 'compiled, not the plain fallback');
}

class Units {
  static G = 6.674e-11;
  static HALF = 0.5;
  static NEG_ZERO = -0;
  static NOTHING = NaN;
  static LOUD = true;
  static label = 'SI';
  static scale(x: number): number {
    return x * 2;
  }
  static get twice(): number {
    return 2;
  }
}
class Metric extends Units {
  static KM = 1000;
}

test('static number and boolean fields are read as JS reads them, inherited ones through the class chain', () => {
  function force(m1: number, m2: number, r: number) {
    const f = (Units.G * m1 * m2) / (r * r);
    const z = Units.NEG_ZERO * (Units.LOUD ? 1 : 2);
    return [f, z, Units.NOTHING + m1, Metric.KM * Metric.HALF * r, Metric.G === Units.G, Units.HALF];
  }
  const args = fc.sample(fc.tuple(double, double, double), { numRuns: 60, seed: 20261202 }).map((t) => [...t]);
  agree(force, [[1, 2, 3], [-0, 0, 0], [NaN, 1, -1], ...args]);
  const source = Object.values((memoJit(force) as unknown as { inspect(): Record<string, string> }).inspect())[0];
  assert.equal(source, undefined, 'nothing compiled before the first call');
  const j = memoJit(force);
  j(1, 2, 3);
  const header = Object.values(j.inspect())[0]!.split('\n')[0]!;
  assert.match(header, /^\/\/ frozen from outside: .*Units\.G = 6\.674e-11/);
  assert.match(header, /Metric\.KM = 1000/);
});

test('static fields read inside a method of the instance compiled code calls', () => {
  class Body {
    static G = 2.5;
    declare m: number;
    constructor(m: number) {
      this.m = m;
    }
    pull(r: number): number {
      return (Body.G * this.m) / (r * r);
    }
  }
  function total(n: number, r: number) {
    let s = 0;
    for (let i = 0; i < n; i++) s += new Body(i).pull(r);
    return s;
  }
  agree(total, [[0, 1], [4, 2], [3, -0], [5, NaN]]);
});

test('static methods, getters, strings, missing names and writes are located errors that say what to write', () => {
  const cases: Array<[(x: number) => unknown, RegExp]> = [
    [(x) => Units.scale(x), /'Units' is a class; compiled code constructs it .* reads its number and boolean static fields/],
    [(x) => Units.twice * x, /'Units\.twice' is a static getter or setter/],
    [(x) => (Units.label === 'SI' ? x : 0), /'Units\.label' is a string; compiled code reads number and boolean static fields/],
    [(x) => (Units as unknown as Record<string, number>)['nope']! + x, /the class Units has no static field 'nope'/],
    [(x) => { Units.HALF = x; return x; }, /'Units' is a class/],
    [(x) => { const U = Units; return U.G * x; }, /'Units' is a class/],
  ];
  for (const [fn, message] of cases) {
    const error = compileError(fn, [1]);
    assert.match(error.message, message);
  }
  assert.equal(Units.HALF, 0.5, 'the refused write did not run');
});

class Base {
  declare total: number;
  declare count: number;
  constructor(total: number, count: number) {
    this.total = total;
    this.count = count;
  }
}

class Sum extends Base {
  declare mean: number;
  constructor(xs: Float64Array, k: number) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * k;
    const n = xs.length;
    super(s, n);
    this.mean = s / n;
  }
}

class Twice extends Sum {
  declare tag: boolean;
  constructor(xs: Float64Array) {
    const k = xs.length > 2 ? 2 : -0;
    super(xs, k);
    this.tag = k === 2;
  }
}

test('code before super(…) computes the base class arguments, as in the plain function', () => {
  function stats(xs: Float64Array, k: number) {
    const a = new Sum(xs, k);
    const b = new Twice(xs);
    return [a.total, a.count, a.mean, b.total, b.mean, b.tag];
  }
  const arrays = fc.sample(fc.array(double, { maxLength: 6 }), { numRuns: 60, seed: 20261203 });
  agree(stats, [[new Float64Array(0), 1], [Float64Array.of(1, -0, 2), -0], ...arrays.map((xs, i) => [Float64Array.from(xs), i - 30])]);
  const j = memoJit(function make(xs: Float64Array) {
    return new Twice(xs);
  });
  const made = j(Float64Array.of(1, 2, 3));
  assert.ok(made instanceof Twice, 'the caller gets a real instance of the subclass');
  assert.deepEqual(Object.keys(made), ['total', 'count', 'mean', 'tag']);
});

test('this before super(…), super(…) in a branch or twice: located errors', () => {
  class ThisFirst extends Base {
    constructor(x: number) {
      // @ts-expect-error: `this` before super is the point (JS throws a ReferenceError)
      const t = this.total;
      super(x, t);
    }
  }
  class Branchy extends Base {
    constructor(x: number) {
      if (x > 0) super(x, 1);
      else super(-x, 2);
    }
  }
  const made = [
    [(x: number) => new ThisFirst(x).total, /uses `this` \(JS throws a ReferenceError there\) before super/],
    [(x: number) => new Branchy(x).total, /calls super\(…\) inside a branch, loop or expression/],
  ] as const;
  for (const [fn, message] of made) assert.match(compileError(fn, [1]).message, message);
});
