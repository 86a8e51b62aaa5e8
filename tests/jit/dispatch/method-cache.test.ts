// The method fast path (src/jit/dispatch/memojit.ts `methodCache`, fastpath.ts `inlineCache` with a receiver
// check, objects.ts `thisChecker`): a method's calls skip classifying the receiver while it keeps the shape the
// specialization was compiled for. Differential, each after the cache is installed: a field whose type changed,
// a receiver of another class with the same fields, an object frozen since, a receiver that is no object, and
// argument kinds switching; every call gives the plain function's outcome (Object.is, the same exception), or a
// located JitError. Each case gives another value if the specialization ran on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

function outcome(f: Method, self: unknown, args: unknown[]): { value: unknown } | { threw: string } {
  try {
    return { value: f.apply(self, args) };
  } catch (e) {
    return { threw: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** Calls `plain` and `jitted` on receivers made by `make` (one each), and compares outcomes and the receivers after. */
function agree<T extends object>(plain: Method, jitted: Method, make: () => T, args: unknown[], what: string): void {
  const ps = make(), js = make();
  const p = outcome(plain, ps, args), j = outcome(jitted, js, args);
  if ('threw' in j && j.threw.startsWith('JitError')) return; // refused, with a located error: allowed
  if ('threw' in p || 'threw' in j) assert.deepEqual(j, p, what);
  else assert.ok(Object.is(j.value, p.value), `${what}: plain ${String(p.value)}, compiled ${String(j.value)}`);
  assert.deepEqual({ ...js }, { ...ps }, `${what}: the receiver after the call`);
}

test('a field that changed type since the cache was installed: the receiver is classified again', () => {
  class Acc {
    constructor(public x: number, public n: number) {}
    count(k: number): number {
      // Compiled for a number field, `Number.isFinite(this.x)` of the string '5' would be true; plain JS says false.
      let c = 0;
      for (let i = 0; i < this.n; i++) if (Number.isFinite(this.x)) c += k;
      return c;
    }
  }
  const jcount = memoJit(Acc.prototype.count) as Method;
  const plain = Acc.prototype.count as Method;
  for (let i = 0; i < 40; i++) agree(plain, jcount, () => new Acc(i, 3), [2], `warm ${i}`);
  agree(plain, jcount, () => Object.assign(new Acc(1, 3), { x: '5' }), [2], 'x is a string now');
  agree(plain, jcount, () => new Acc(1, 3), [0.5], 'then numbers again, another argument kind');
  const same = new Acc(1, 3), twin = new Acc(1, 3);
  for (let i = 0; i < 10; i++) {
    // One receiver, changed between calls through the fast path.
    (same as { x: unknown }).x = (twin as { x: unknown }).x = i % 3 === 0 ? '7' : i;
    const j = outcome(jcount, same, [1]);
    if ('threw' in j && j.threw.startsWith('JitError')) continue; // refused, with a located error: allowed
    assert.deepEqual(j, outcome(plain, twin, [1]), `changed receiver, call ${i}`);
  }
});

test('a receiver of another class with the same fields calls its own class\'s method', () => {
  class A {
    x = 1;
    step(): number { return 10; }
  }
  class B {
    x = 1;
    step(): number { return 20; }
  }
  function run(this: A | B, k: number): number {
    return this.step() * k + this.x;
  }
  const jrun = memoJit(run) as Method;
  for (let i = 0; i < 40; i++) agree(run as Method, jrun, () => new A(), [i], `A ${i}`);
  for (let i = 0; i < 5; i++) agree(run as Method, jrun, () => new B(), [i], `B ${i}`);
  agree(run as Method, jrun, () => Object.setPrototypeOf(new A(), B.prototype) as A, [3], 'an A given B.prototype');
});

test('an object frozen since the cache was installed, in a sloppy-mode method that writes a field', () => {
  // A sloppy function ignores a write to a frozen field; compiled code is strict, so it must not run the
  // specialization compiled for a writable field.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const bump = new Function('return function bump(k) { this.n = this.n + k; return this.n * 2; }')() as Method;
  const jbump = memoJit(bump) as Method;
  for (let i = 0; i < 40; i++) agree(bump, jbump, () => ({ n: i }), [1], `warm ${i}`);
  agree(bump, jbump, () => Object.freeze({ n: 5 }), [1], 'frozen');
  agree(bump, jbump, () => ({ n: 5 }), [1], 'then writable again');
});

test('a strict-mode method skips the frozen test: a frozen receiver, or a frozen object it holds, throws as in plain JS', () => {
  // A `function` of this (strict) module: its fast path has no Object.isFrozen test (objects.ts, thisChecker), so
  // a receiver frozen since runs the specialization compiled for writable fields; strict plain JS and the strict
  // compiled code both throw the same TypeError at the same write, after the same earlier writes.
  const bump = function bump(this: { n: number; m: number; inner: { v: number } }, k: number): number {
    this.m = this.m + 1;
    this.inner.v = this.inner.v + k;
    this.n = this.n + k;
    return this.n * 2;
  } as Method;
  const jbump = memoJit(bump) as Method;
  const fresh = (i: number) => ({ n: i, m: 0, inner: { v: i } });
  for (let i = 0; i < 40; i++) agree(bump, jbump, () => fresh(i), [1], `warm ${i}`);
  agree(bump, jbump, () => Object.freeze(fresh(5)), [1], 'frozen receiver');
  agree(bump, jbump, () => { const o = fresh(6); Object.freeze(o.inner); return o; }, [1], 'frozen inner object');
  const threw = outcome(jbump, Object.freeze(fresh(5)), [1]);
  assert.ok('threw' in threw && threw.threw.startsWith('TypeError'), 'the frozen receiver threw a TypeError');
  agree(bump, jbump, () => fresh(7), [1], 'then writable again');
  // The frozen receivers took the fast path: none was classified again (that would add a read-only signature).
  assert.equal((jbump as unknown as { signatures: readonly string[] }).signatures.length, 1);
});

test('a receiver that is no object, and argument counts and kinds switching, after the cache is installed', () => {
  class P {
    constructor(public x: number) {}
    scale(k: number, xs: Float64Array): number {
      let s = 0;
      for (let i = 0; i < xs.length; i++) s += xs[i]! * k * this.x;
      return s;
    }
  }
  const jscale = memoJit(P.prototype.scale) as Method;
  const plain = P.prototype.scale as Method;
  for (let i = 0; i < 40; i++) agree(plain, jscale, () => new P(i), [2, Float64Array.of(1, 2)], `warm ${i}`);
  for (const self of [undefined, null, 3]) {
    const p = outcome(plain, self, [2, Float64Array.of(1)]), j = outcome(jscale, self, [2, Float64Array.of(1)]);
    assert.deepEqual(j, p, `this = ${String(self)}`);
  }
  agree(plain, jscale, () => new P(2), [2.5, Float32Array.of(0.1, 3)], 'another array kind');
  agree(plain, jscale, () => new P(2), [-0, Float64Array.of(1)], '-0');
  agree(plain, jscale, () => new P(2), [2], 'an argument left out');
  agree(plain, jscale, () => new P(2), [2, Float64Array.of(1), 'extra'], 'an extra argument');
  assert.equal(jscale.length, plain.length, 'the entry keeps the parameter count');
  try {
    assert.ok(Object.is(jscale.call(new P(2), 2, [1, 'x']), plain.call(new P(2), 2, [1, 'x'])));
  } catch (e) {
    assert.ok(e instanceof JitError, String(e));
  }
});
