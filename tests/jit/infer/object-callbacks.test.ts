// src/jit/infer/object-callbacks.ts: map, forEach, reduce, reduceRight, some, every, filter, findIndex and
// findLastIndex with an inline arrow on an array of objects (passed in, or made by pushing objects into []), each
// compared with the plain function by agreeCompiled (result, writes into the caller's objects, exceptions), with
// expected values worked out by hand; the types inference gives the calls; and what stays a located error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { F64 } from '../../../src/jit/types.js';
import { describeAV } from '../../../src/jit/infer/lattice.js';
import { newEnv } from '../../../src/jit/infer/scope.js';
import { inferFunction } from '../../../src/jit/infer/specialize.js';
import { memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { agreeCompiled } from '../statements/agree.js';

type Body = { x: number; vx: number; m: number };
const bodies = (): Body[] => [{ x: 1, vx: 0.5, m: 2 }, { x: -3, vx: -1, m: 0 }, { x: 4, vx: 2, m: 1.5 }];

test('inference: what each method gives on an array of objects', () => {
  const shape = makeShape([{ name: 'x', type: F64 }, { name: 'vx', type: F64 }, { name: 'm', type: F64 }]);
  const returns = (body: string): string => describeAV(inferFunction(parseFunction(`function f(ps) { return ${body}; }`), [{ kind: 'objects', shape }], newEnv(() => undefined)).returns);
  assert.equal(returns('ps.map((p) => p.x)'), 'number[]');
  assert.equal(returns('ps.map((p) => p.x > 0)'), 'boolean[]');
  assert.equal(returns('ps.filter((p) => p.m)'), describeAV({ k: 'objs', shape }));
  assert.equal(returns('ps.reduce((a, p) => a + p.m, 0)'), 'a number');
  assert.equal(returns('ps.some((p) => p.x < 0)'), 'a boolean');
  assert.match(returns('ps.findIndex((p) => p.x < 0)'), /integer/);
});

test('map, reduce, some, every, filter, findIndex on objects passed in agree with the plain function', () => {
  const xs = (ps: Body[]): number[] => ps.map((p) => p.x);
  const right = (ps: Body[]): boolean[] => ps.map((p) => p.x > 0);
  const centre = (ps: Body[]): number => ps.reduce((a, p) => a + p.m * p.x, 0) / ps.reduce((a, p) => a + p.m, 0);
  const anyLeft = (ps: Body[]): boolean => ps.some((p) => p.x < 0);
  const allHeavy = (ps: Body[]): boolean => ps.every((p) => p.m > 0);
  const heavyMass = (ps: Body[], t: number): number => {
    let s = 0;
    for (const p of ps.filter((q) => q.m > t)) s += p.m;
    return s;
  };
  const firstPast = (ps: Body[]): number => ps.findIndex((p, i) => p.x > i);
  const lastStill = (ps: Body[]): number => ps.findLastIndex((p) => p.m === 0);
  const fold = (ps: Body[]): number => ps.reduceRight((a, p) => a * 2 + p.x, 1);
  assert.deepEqual(agreeCompiled(xs, bodies()), [1, -3, 4]);
  assert.deepEqual(agreeCompiled(right, bodies()), [true, false, true]);
  assert.equal(agreeCompiled(centre, bodies()), (2 * 1 + 0 + 1.5 * 4) / 3.5);
  assert.equal(agreeCompiled(anyLeft, bodies()), true);
  assert.equal(agreeCompiled(allHeavy, bodies()), false);
  assert.equal(agreeCompiled(heavyMass, bodies(), 1), 3.5);
  assert.equal(agreeCompiled(firstPast, bodies()), 0); // 1 > 0
  assert.equal(agreeCompiled(lastStill, bodies()), 1);
  assert.equal(agreeCompiled(fold, bodies()), ((1 * 2 + 4) * 2 - 3) * 2 + 1);
  // no objects: an empty [] has no element to give their shape, and the call runs the plain function
  assert.equal(agreeCompiled(anyLeft, []), false);
  assert.ok(Object.is(agreeCompiled(centre, []), NaN));
});

test('forEach writes the caller\'s objects, once per object, aliases included', () => {
  const drift = (ps: Body[], dt: number): number => {
    let moved = 0;
    ps.forEach((p) => {
      p.x += p.vx * dt;
      moved++;
    });
    return moved;
  };
  const one = { x: 1, vx: 1, m: 1 };
  assert.equal(agreeCompiled(drift, bodies(), 0.5), 3);
  assert.equal(agreeCompiled(drift, [one, one, { x: 0, vx: -1, m: 1 }], 2), 3); // `one` moves twice: x = 5
  const ps = bodies();
  memoJit(drift)(ps, 2);
  assert.deepEqual(ps.map((p) => p.x), [2, -5, 8]);
});

test('objects made by pushing, with holes of new Array(n): callbacks skip holes as JS does', () => {
  class Ball {
    constructor(public x: number, public r: number) {}
  }
  function area(n: number): number {
    const balls = [];
    for (let i = 1; i <= n; i++) balls.push(new Ball(i, i / 2));
    return balls.map((b) => b.r * b.r).reduce((a, v) => a + v, 0);
  }
  function sparse(n: number): number {
    const a = new Array(n);
    for (let i = 0; i < n; i += 2) a[i] = { x: i };
    let visits = 0;
    a.forEach(() => { visits++; });
    return visits * 1000 + a.filter((p) => p.x > 0).length * 100 + a.reduce((s, p) => s + p.x, 0);
  }
  function moved(ps: Body[], d: number): { x: number }[] {
    return ps.map((p) => ({ x: p.x + d }));
  }
  assert.equal(agreeCompiled(area, 3), 0.25 + 1 + 2.25);
  assert.equal(agreeCompiled(sparse, 5), 3 * 1000 + 2 * 100 + 6); // indices 0, 2, 4
  assert.deepEqual(agreeCompiled(moved, bodies(), -1), [{ x: 0 }, { x: -4 }, { x: 3 }]);
});

test('reduce without a start over objects, and a callback by name, stay located errors', () => {
  const noStart = (ps: Body[]): unknown => ps.reduce((a, p) => ((a as unknown as number) + p.m) as unknown as Body);
  const mass = (p: Body): number => p.m;
  const byName = (ps: Body[]): number[] => ps.map(mass);
  const e = compileError(noStart, [bodies()]);
  assert.equal(e.construct, '+ operator'); // the object the accumulator starts as, plus a number
  assert.match(e.detail, /\{x:f64,vx:f64,m:f64\}/);
  assert.match(compileError(byName, [bodies()]).detail, /the callback of map is compiled in place/);
});
