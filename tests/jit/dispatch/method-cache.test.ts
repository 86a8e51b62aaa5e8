// The method fast path (src/jit/dispatch/memojit.ts `methodCache`, fastpath.ts `inlineCache` with a receiver
// check, objects.ts `thisChecker`): a method's calls skip classifying the receiver while it keeps the shape the
// specialization was compiled for. Differential, each after the cache is installed: a field whose type changed,
// a receiver of another class with the same fields, an object frozen since, a receiver that is no object, and
// argument kinds switching; every call gives the plain function's outcome (Object.is, the same exception), or a
// located JitError. Each case gives another value if the specialization ran on it. Then an n-body system (a strict
// method over 5 Body objects in `this.bodies`) changed between fast-path calls: a body frozen, sealed, made
// non-extensible, a field made read-only, turned into a string or deleted, a body replaced (Body, plain object,
// string), a hole, the array shortened, grown or replaced: outcomes and every field as in plain JS, and without
// `fallback` a refusal writes nothing. A getter or Proxy on a body is a known fault (todo), and so is the wrong
// value a getter whose value changes per read gives through it (todo).
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

// An n-body system as the Benchmarks Game writes it (this project's own code after its `advance`): a strict
// method that reads and writes the fields of the Body objects in `this.bodies`, compiled for the array's shape.
class NBody {
  constructor(public x: number, public y: number, public z: number, public vx: number, public vy: number, public vz: number, public mass: number) {}
}
class NSystem {
  constructor(public bodies: NBody[]) {}
  advance(dt: number): void {
    const size = this.bodies.length;
    for (let i = 0; i < size; i++) {
      const bi = this.bodies[i]!;
      for (let j = i + 1; j < size; j++) {
        const bj = this.bodies[j]!;
        const dx = bi.x - bj.x, dy = bi.y - bj.y, dz = bi.z - bj.z;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        const mag = dt / (d * d * d);
        bi.vx -= dx * bj.mass * mag;
        bi.vy -= dy * bj.mass * mag;
        bi.vz -= dz * bj.mass * mag;
        bj.vx += dx * bi.mass * mag;
        bj.vy += dy * bi.mass * mag;
        bj.vz += dz * bi.mass * mag;
      }
    }
    for (let i = 0; i < size; i++) {
      const b = this.bodies[i]!;
      b.x += dt * b.vx;
      b.y += dt * b.vy;
      b.z += dt * b.vz;
    }
  }
}
const nsystem = (): NSystem => new NSystem([
  new NBody(0, 0, 0, 0, 0, 0, 39.47),
  new NBody(4.84, -1.16, -0.1, 0.61, 2.81, -0.03, 0.04),
  new NBody(8.34, 4.12, -0.4, -1.01, 1.83, 0.01, 0.01),
  new NBody(12.89, -15.11, -0.22, 1.08, 0.87, -0.01, 0.002),
  new NBody(15.38, -25.92, 0.18, 0.98, 0.59, -0.03, 0.002),
]);

/** What a body holds, by own property: values, and whether each can still be written (a getter shows as 'get'). */
function bodyState(b: unknown): unknown {
  if (typeof b !== 'object' || b === null) return b;
  return Object.entries(Object.getOwnPropertyDescriptors(b)).map(([k, d]) => [k, 'value' in d ? d.value : 'get', d.writable]);
}

/**
 * Runs `advance` twice on a system (the fast path installed by then), changes it with `change`, and runs it twice
 * more, on one system plainly and on its twin compiled; the outcomes, every body's fields and what `change`
 * logged must be the same. With `fallback: 'warn'`, a shape that cannot compile runs the plain method.
 */
function agreeAfter(jadvance: Method, change: (s: NSystem, log: string[]) => void, what: string): void {
  const run = (f: Method): { outcomes: unknown[]; bodies: unknown[]; log: string[] } => {
    const s = nsystem(), log: string[] = [];
    f.call(s, 0.01); f.call(s, 0.01);
    change(s, log);
    const outcomes = [outcome(f, s, [0.01]), outcome(f, s, [0.01])];
    return { outcomes, bodies: Array.from(s.bodies, bodyState), log };
  };
  assert.deepEqual(run(jadvance), run(NSystem.prototype.advance as Method), what);
}

const nbodyChanges: ReadonlyArray<readonly [string, (s: NSystem, log: string[]) => void]> = [
  ['a body frozen', (s) => void Object.freeze(s.bodies[3])],
  ['a position made read-only (defineProperty)', (s) => void Object.defineProperty(s.bodies[4], 'x', { writable: false })],
  ['a velocity made read-only', (s) => void Object.defineProperty(s.bodies[1], 'vy', { writable: false })],
  ['a body sealed', (s) => void Object.seal(s.bodies[2])],
  ['a body made non-extensible', (s) => void Object.preventExtensions(s.bodies[0])],
  ['a position now a string', (s) => { (s.bodies[2] as unknown as { x: unknown }).x = '1.5'; }],
  ['a mass deleted', (s) => { delete (s.bodies[2] as unknown as { mass?: number }).mass; }],
  ['a body replaced by another Body', (s) => { s.bodies[1] = new NBody(1, 2, 3, 0.5, -0.5, 0, 0.1); }],
  ['a body replaced by a plain object', (s) => { s.bodies[1] = { x: 1, y: 2, z: 3, vx: 0.5, vy: -0.5, vz: 0, mass: 0.1 }; }],
  ['a body replaced by a string', (s) => { (s.bodies as unknown[])[1] = 'hi'; }],
  ['a hole in the bodies', (s) => { delete (s.bodies as unknown[])[2]; }],
  ['one body fewer', (s) => { s.bodies.length = 4; }],
  ['a sixth body', (s) => void s.bodies.push(new NBody(30, 1, 0, 0, 0.3, 0, 0.0001))],
  ['the bodies array replaced', (s) => { s.bodies = nsystem().bodies.reverse(); }],
];

test('n-body: each change to the system between fast-path calls gives the plain method\'s outcome and writes', (t) => {
  const warnings = t.mock.method(console, 'warn', () => undefined);
  const jadvance = memoJit({ fallback: 'warn' })(NSystem.prototype.advance) as Method;
  for (const [what, change] of nbodyChanges) agreeAfter(jadvance, change, what);
  // the strict method wrote to the frozen body: the same TypeError in both (checked above), from the compiled code
  const frozen = nsystem();
  jadvance.call(frozen, 0.01);
  Object.freeze(frozen.bodies[3]);
  assert.deepEqual(outcome(jadvance, frozen, [0.01]), { threw: "TypeError: Cannot assign to read only property 'vx' of object '#<NBody>'" });
  assert.ok(warnings.mock.callCount() <= 1, 'one warning at most, for the shapes that did not compile');
});

test('n-body without fallback: a change compiled code refuses is a JitError before any write', () => {
  const jadvance = memoJit(NSystem.prototype.advance) as Method;
  for (const [what, change] of nbodyChanges) {
    const s = nsystem(), twin = nsystem(), log: string[] = [];
    jadvance.call(s, 0.01); (NSystem.prototype.advance as Method).call(twin, 0.01);
    change(s, log); change(twin, log);
    const before = Array.from(s.bodies, bodyState);
    const j = outcome(jadvance, s, [0.01]);
    if ('threw' in j && j.threw.startsWith('JitError')) {
      assert.deepEqual(Array.from(s.bodies, bodyState), before, `${what}: refused, nothing written`);
      continue;
    }
    assert.deepEqual(j, outcome(NSystem.prototype.advance as Method, twin, [0.01]), what);
    assert.deepEqual(Array.from(s.bodies, bodyState), Array.from(twin.bodies, bodyState), `${what}: the bodies after`);
  }
});

// Known fault (found by this test, not fixed): the receiver checker reads every field to test its type, so a
// getter a user puts on a body since (or a Proxy in its place) runs once more per call than in the plain method.
test('n-body: a getter or a Proxy on a body since runs as often as in the plain method', { todo: 'the receiver checker reads each field once more (dispatch/objects.ts checkerOf)' }, () => {
  const jadvance = memoJit({ fallback: 'warn' })(NSystem.prototype.advance) as Method;
  agreeAfter(jadvance, (s, log) => {
    let m = s.bodies[2]!.mass;
    Object.defineProperty(s.bodies[2], 'mass', { get() { log.push('get'); return m; }, set(v: number) { log.push(`set ${v}`); m = v; }, enumerable: true, configurable: true });
  }, 'a counting getter on a mass');
  agreeAfter(jadvance, (s, log) => {
    s.bodies[2] = new Proxy(s.bodies[2]!, { get(o, k, r) { log.push(`get ${String(k)}`); return Reflect.get(o, k, r) as unknown; } });
  }, 'a Proxy that logs its reads');
});

// The same fault gives a wrong value, not only an extra call, when a getter's value depends on how often it ran:
// the checker's read takes the first value (a number, which passes), the compiled method's read the second.
test('a getter on a field since, whose value alternates per read: the compiled method returns the plain one\'s value', { todo: 'the receiver checker reads each field once more (dispatch/objects.ts checkerOf)' }, () => {
  class Alternating {
    x = 1;
    twice(): number {
      const x: unknown = this.x;
      return typeof x === 'number' ? x * 2 : -1;
    }
  }
  const jtwice = memoJit({ fallback: 'warn' })(Alternating.prototype.twice) as Method;
  const withGetter = (): Alternating => {
    const o = new Alternating();
    let reads = 0;
    // odd reads give 3, even reads the string 'three'
    Object.defineProperty(o, 'x', { get: () => (++reads % 2 === 1 ? 3 : 'three'), configurable: true, enumerable: true });
    return o;
  };
  const warm = new Alternating();
  jtwice.call(warm); jtwice.call(warm); // the fast path is installed for this shape
  assert.deepEqual(outcome(jtwice, withGetter(), []), outcome(Alternating.prototype.twice as Method, withGetter(), []));
});

test('the receiver check tests only the fields the method uses: an unused field of any kind keeps the fast path, a used one is still tested', () => {
  class Table {
    constructor(public scale: number, public weights: number[], public notes: number[], public extra: number) {}
    total(k: number): number {
      // weights is read in a callback, scale directly; notes and extra are never touched
      return this.weights.reduce((s, w) => s + w * this.scale, 0) + k;
    }
  }
  const jitted = memoJit(Table.prototype.total) as unknown as Method;
  const plain = Table.prototype.total as unknown as Method;
  const make = (): Table => new Table(2, [1, 2, 3], Array.from({ length: 1000 }, (_, i) => i), 4);
  agree(plain, jitted, make, [1], 'warm-up');
  agree(plain, jitted, make, [1], 'fast path');
  // unused fields changed to other kinds: nothing the compiled code reads changed
  agree(plain, jitted, () => Object.assign(make(), { notes: ['x', undefined] as unknown as number[] }), [1], 'notes of strings');
  agree(plain, jitted, () => Object.assign(make(), { extra: 'four' as unknown as number }), [1], 'extra a string');
  // used fields changed: tested on every call, each gives plain JS's value
  agree(plain, jitted, () => Object.assign(make(), { scale: '2' as unknown as number }), [1], 'scale a string');
  agree(plain, jitted, () => Object.assign(make(), { weights: [1, '2', 3] as unknown as number[] }), [1], 'a string weight');
  agree(plain, jitted, () => Object.assign(make(), { weights: [1, , 3] as unknown as number[] }), [1], 'a hole in weights');
  agree(plain, jitted, () => Object.assign(make(), { weights: null as unknown as number[] }), [1], 'weights null');
  agree(plain, jitted, make, [1], 'back to the first shape');
});
