// A field an object does not have reads `undefined`, as in JavaScript (issue 12, item 1; src/jit/ops/absent-fields.ts).
// `{x}` and `{x, w}` are two shapes, so two specializations: the one without `w` reads the property as JS does,
// typed as a number that may be undefined. Compared with the plain function: Object.is on every element, the
// same writes to the arguments, the same exception class and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoJit, JitError } from '../../../src/index.js';
import { assertSameOutcome, outcomeOf } from '../../_support/outcome.js';
import { double } from '../diff-harness.js';
import { absentFieldProgram } from '../generate-language.js';
import { generatedSources, runGenerated } from '../../_support/kernels.js';

type Fn = (...args: never[]) => unknown;
type Call = (...args: unknown[]) => unknown;

/** Plain and compiled on structured clones of the same arguments: same outcome, same writes. */
function agree(fn: Fn, jitted: Fn, args: unknown[]): void {
  const [pa, ja] = [structuredClone(args), structuredClone(args)];
  assertSameOutcome(outcomeOf(() => (jitted as Call)(...ja)), outcomeOf(() => (fn as Call)(...pa)));
  assertSameOutcome({ value: ja }, { value: pa });
}

function flows(o: { x: number; w?: number }) {
  const a = o.w === undefined ? 1 : 2;
  const b = o.w ?? 0;
  const c = o.w || 1;
  const d = +o.w!;
  let e = 3;
  if (o.w) e = 4;
  const f = o.x + o.w!;
  const g = o.w! < o.x ? 5 : 6;
  const h = o.w != null ? 7 : 8;
  return [a, b, c, d, e, f, g, h, o.w];
}

test('a missing field reads undefined through ===, ??, ||, +, if, arithmetic, comparisons and the result', () => {
  const j = memoJit(flows);
  for (const o of [{ x: 1 }, { x: 1, w: 3 }, { x: 2, w: 0 }, { x: -0, w: -0 }, { x: NaN }, { x: 2, w: NaN }]) agree(flows, j, [o]);
  // optional fields: one specialization per shape, so neither tests presence at run time
  assert.equal(j.signatures.length, 2, j.signatures.join(' | '));
  assert.ok(j.signatures.some((s) => s.includes('{x:f64}')) && j.signatures.some((s) => s.includes('{x:f64,w:f64}')), j.signatures.join(' | '));
});

function energy(bodies: Array<{ m: number; v?: number }>, k: number) {
  let e = 0;
  for (let i = 0; i < bodies.length; i++) e += bodies[i]!.m * (bodies[i]!.v ?? 1);
  return e + (bodies[k]!.v ?? 0); // past the end: the same TypeError as plain
}

test('arrays of objects: a missing field reads undefined, and an element past the end throws the plain TypeError', () => {
  const j = memoJit(energy);
  for (const k of [0, 1, 5]) agree(energy, j, [[{ m: 2 }, { m: 3 }], k]);
  agree(energy, j, [[{ m: 2, v: 0.5 }, { m: 3, v: -1 }], 1]);
});

class Particle {
  x = 1;
  declare w?: number;
  speed() {
    return (this.w ?? 2) * this.x;
  }
}

test('this.w in a method, on instances with and without the field', () => {
  const speed = memoJit(Particle.prototype.speed);
  const a = new Particle(), b = new Particle();
  b.w = 4;
  for (const p of [a, b]) assert.ok(Object.is(speed.call(p), p.speed()));
});

function readW(o: { x: number; w?: unknown }) {
  return o.w === undefined ? -1 : (o.w as number) + 1;
}

test('a field added to an object after a call: a number is read, anything else is classified again (a located error, never a wrong value)', () => {
  const j = memoJit(readW);
  const p: { x: number; w?: unknown } = { x: 1 };
  assert.equal(j(p), -1);
  p.w = 5;
  assert.equal(j(p), 6);
  p.w = 'late';
  assert.throws(() => j(p), (e: unknown) => e instanceof JitError && /the field 'w' holds a string/.test(e.message));
});

test('a property the shape does not list but the object has is never read as absent', () => {
  const j = memoJit(readW);
  const hidden = { x: 1 };
  Object.defineProperty(hidden, 'w', { value: 'hidden', enumerable: false });
  assert.throws(() => j(hidden), (e: unknown) => e instanceof JitError && /non-enumerable/.test(e.message));
  // inherited since the read was compiled: the checker sees it
  class Q { x = 1; }
  const f = memoJit(readW);
  const q = new Q() as { x: number; w?: unknown };
  assert.equal(f(q), -1);
  (Q.prototype as { w?: unknown }).w = 'inherited';
  assert.equal(readW(q), 'inherited1');
  assert.throws(() => f(q), (e: unknown) => e instanceof JitError && /inherited/.test(e.message));
});

test('names every object inherits, and writes of missing fields, stay located errors', () => {
  const cases: Array<[Fn, unknown[], RegExp]> = [
    [function str(o: { x: number }) { return o.toString === undefined ? 1 : 2; }, [{ x: 1 }], /no own field 'toString'/],
    [function ctor(o: { x: number }) { return (o as unknown as { constructor?: number }).constructor ?? 0; }, [{ x: 1 }], /no own field 'constructor'/],
    [function write(o: { x: number; w?: number }) { o.w = 1; return o.x; }, [{ x: 1 }], /adding a field changes its shape/],
    [function method(p: Particle) { return p.speed === undefined ? 1 : 2; }, [new Particle()], /no own field 'speed'/],
  ];
  for (const [fn, args, message] of cases) {
    assert.throws(() => (memoJit(fn) as unknown as Call)(...args), (e: unknown) => e instanceof JitError && message.test(e.message) && e.line !== undefined, fn.name);
  }
});

test('generated programs reading optional and missing fields agree with plain (Object.is, writes, exceptions)', () => {
  const program = generatedSources(absentFieldProgram);
  const object = fc.oneof(fc.record({ x: double }), fc.record({ x: double, w: double }));
  const args = fc.tuple(object, fc.array(double, { minLength: 1, maxLength: 4 }).map((a) => Float64Array.from(a)));
  let compiled = 0;
  fc.assert(
    fc.property(program, fc.array(args, { minLength: 3, maxLength: 3 }), (source, cases) => {
      const run = runGenerated(source, cases, agree);
      if (run !== 'compiled') throw new Error(`${run.refused.message}\n${source}`); // every such program compiles
      compiled++;
    }),
    { numRuns: 40, seed: 20261202 },
  );
  assert.equal(compiled, 40);
});
