// Local arrays of objects (src/jit/infer/object-arrays.ts, issue 12 item 3): `const balls = new Array(n)` or `[]`
// filled with `balls[i] = new Ball(…)`, read, iterated, returned, holes included; Are We Fast Yet's `bounce` as
// written. Compared with the plain function: Object.is on every field of every element (holes stay holes), the
// same writes, the same exception class and message; what cannot compile is a located JitError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';
import { compileError } from '../../_support/jit-error.js';
import { double } from '../diff-harness.js';

type Call = (...args: unknown[]) => unknown;

const BOUNCE = new URL('../../../bench/corpus/programs/awfy-bounce.js', import.meta.url).href;

/** `args`: each call's arguments, or a maker of them (class instances, which structuredClone would make plain). */
function agree(fn: (...args: never[]) => unknown, args: Array<unknown[] | (() => unknown[])>): void {
  const j = memoJit(fn) as unknown as Call;
  const fresh = (a: unknown[] | (() => unknown[])): unknown[] => (typeof a === 'function' ? a() : structuredClone(a));
  for (const a of args) assertSameOutcome(outcomeOf(() => j(...fresh(a))), outcomeOf(() => (fn as unknown as Call)(...fresh(a))));
  const sources = Object.values((j as unknown as { inspect(): Record<string, string> }).inspect());
  assert.ok(sources.length > 0 && sources.every((s) => !s.startsWith('(plain')), 'compiled, not the plain fallback');
}

class Ball {
  declare x: number;
  declare v: number;
  constructor(x: number, v: number) {
    this.x = x;
    this.v = v;
  }
  step(dt: number): boolean {
    this.x += this.v * dt;
    if (this.x < 0) {
      this.x = -this.x;
      this.v = -this.v;
      return true;
    }
    return false;
  }
}

const inputs = fc.sample(fc.tuple(fc.integer({ min: 0, max: 7 }), double, double), { numRuns: 80, seed: 20261204 });

test('new Array(n) filled with instances, stepped through methods and for…of, returned with its objects', () => {
  function simulate(n: number, x0: number, dt: number) {
    const balls = new Array(n);
    for (let i = 0; i < n; i++) balls[i] = new Ball(x0 - i, i % 2 === 0 ? dt : -dt);
    let bounces = 0;
    for (let t = 0; t < 3; t++) {
      for (const b of balls) if (b.step(dt)) bounces += 1;
    }
    let far = 0;
    for (let i = 0; i < balls.length; i++) far = Math.max(far, balls[i].x);
    return { bounces, far, balls };
  }
  // class instances compare by identity: their fields are compared here, and the rest by the outcome rules
  const fields = (r: { bounces: number; far: number; balls: Ball[] }) => ({ bounces: r.bounces, far: r.far, xs: r.balls.map((b) => b.x), vs: r.balls.map((b) => b.v), balls: r.balls.length });
  const j = memoJit(simulate) as unknown as typeof simulate;
  for (const a of [[0, 1, 1], [3, -0, 0.5], [4, NaN, 1], ...inputs.map((t) => [...t])] as Array<[number, number, number]>) {
    assertSameOutcome(outcomeOf(() => fields(j(...a))), outcomeOf(() => fields(simulate(...a))));
  }
  const made = j(3, 1, 1).balls;
  assert.ok(Array.isArray(made) && made.length === 3 && made.every((b: unknown) => b instanceof Ball), 'the caller gets the array of real instances');
  assert.ok(Object.values((j as unknown as { inspect(): Record<string, string> }).inspect()).every((s) => !s.startsWith('(plain')));
});

test('an empty literal filled by index, object literals, holes read and returned as in JS', () => {
  function fill(n: number, x: number, dt: number) {
    const ps = [];
    for (let i = 0; i < n; i += 2) ps[i] = { x: x * i, dt };
    let s = 0;
    for (let i = 0; i < ps.length; i += 2) s += ps[i]!.x + ps[i]!.dt;
    return { s, ps };
  }
  function holes(n: number, x: number) {
    const bs = new Array(n);
    bs[1] = new Ball(x, 1);
    return bs[0].x; // a hole: JS's own TypeError, same message
  }
  function past(n: number, x: number) {
    const bs = new Array(n);
    for (let i = 0; i < n; i++) bs[i] = new Ball(x, i);
    let s = 0;
    for (let i = 0; i <= n; i++) s += bs[i].v; // one past the end: the TypeError of the plain function
    return s;
  }
  agree(fill, [[0, 1, 1], ...inputs.map((t) => [...t])]);
  agree(holes, [[0, 1], [1, 2], [3, -0], [2, NaN]]);
  agree(past, [[0, 1], [3, 2]]);
});

test('an object of the one shape stored into an array of objects passed in: the caller sees it', () => {
  function replace(bs: Ball[], x: number) {
    bs[0] = new Ball(x, -x);
    return bs[0]!.x + bs[bs.length - 1]!.v;
  }
  agree(replace, [() => [[new Ball(1, 2)], 3], () => [[new Ball(1, 2), new Ball(3, 4)], -0], () => [[new Ball(0, 0), new Ball(5, 6)], NaN]]);
  const bs = [new Ball(1, 2), new Ball(3, 4)];
  (memoJit(replace) as unknown as typeof replace)(bs, 7);
  assert.ok(bs[0] instanceof Ball && bs[0].x === 7 && bs[0].v === -7, 'the caller sees the stored instance');
});

test('objects of two shapes in one array, and numbers beside objects: located errors', () => {
  class Other {
    declare y: number;
    constructor(y: number) {
      this.y = y;
    }
  }
  const cases: Array<[(n: number) => unknown, RegExp]> = [
    [(n) => { const bs = new Array(n); bs[0] = new Ball(1, 1); bs[1] = new Other(2); return bs.length; }, /an array of objects holds objects of one shape .*this stores \{y:f64\}@Other/],
    [(n) => { const bs = new Array(n); bs[0] = n; bs[1] = new Ball(2, 2); return bs.length; }, /an array of objects holds objects of its one shape .*this stores an integer/],
  ];
  for (const [fn, message] of cases) assert.match(compileError(fn, [3]).message, message);
  const numbers = (xs: number[]) => { (xs as unknown as Ball[])[0] = new Ball(1, 1); return xs.length; };
  assert.match(compileError(numbers, [[1, 2]]).message, /an array of numbers cannot hold objects/);
});

test("Are We Fast Yet's bounce as written: identical to the plain function (1331 bounces)", async () => {
  const program = ((await import(BOUNCE)) as { default: { fn: () => number; input(size: string): { self: unknown; args: unknown[] } } }).default;
  const j = memoJit(program.fn);
  const plain = program.fn.call(program.input('small').self);
  const compiled = j.call(program.input('small').self);
  assert.equal(plain, 1331);
  assert.equal(compiled, plain);
});

class Tag {
  declare k: number;
  constructor(k: number) {
    this.k = k;
  }
  one(): number {
    return 1; // never reads `this`: on a hole, plain JS still throws, naming `one`
  }
  twice(): number {
    return this.one() + this.k;
  }
}

test('a method called on a hole throws JS\'s TypeError naming the method, even one that never reads `this`', () => {
  function named(n: number, i: number) {
    const ts = new Array(n);
    ts[1] = new Tag(3);
    return ts[i].twice();
  }
  function untouched(n: number, i: number) {
    const ts = new Array(n);
    ts[1] = new Tag(3);
    return ts[i].one();
  }
  function ofLoop(n: number) {
    const ts = new Array(n);
    for (let i = 1; i < n; i += 2) ts[i] = new Tag(i);
    let s = 0;
    for (const t of ts) s += t.one(); // the first element is a hole
    return s;
  }
  const calls: unknown[][] = [[3, 0], [3, 1], [3, 2], [3, 5], [1, 0], [2, 1]];
  agree(named, calls);
  agree(untouched, calls);
  agree(ofLoop, [[0], [1], [2], [4]]);
  // the exact message is what the comparison above checked; this pins that it was an exception to compare
  const compiled = outcomeOf(() => (memoJit(untouched) as unknown as typeof untouched)(3, 0));
  assert.ok('error' in compiled && compiled.error instanceof TypeError && /reading 'one'/.test(compiled.error.message));
});
