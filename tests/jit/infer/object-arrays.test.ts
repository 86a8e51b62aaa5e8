// src/jit/infer/object-arrays.ts: local arrays of objects. noteFreshArray (which declarations can become one),
// objectStore with a fake ArrayHost (the retry that retypes the construction, what objectArrayAt then gives, the
// located refusals: another shape, a non-number index, an array of numbers), and through memoJit: Are We Fast
// Yet's `balls[i] = new Ball(…)` against the plain function, holes read as JS reads them, arrays passed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { noteFreshArray, objectArrayAt, objectStore, RetryAsObjects } from '../../../src/jit/infer/object-arrays.js';
import { markArrayLiteral, type ArrayHost } from '../../../src/jit/infer/arrays.js';
import { RetryWithRows } from '../../../src/jit/infer/retry.js';
import { BOOLV, FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { memoJit, JitError } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

class Ball {
  declare x: number;
  constructor(x: number) {
    this.x = x;
  }
}
class Other {
  declare y: number;
  constructor(y: number) {
    this.y = y;
  }
}

const BALL: AV = { k: 'obj', shape: makeShape([{ name: 'x', type: { kind: 'f64' } }], Ball.prototype) };
const OTHER: AV = { k: 'obj', shape: makeShape([{ name: 'y', type: { kind: 'f64' } }], Other.prototype) };
const INDEX = numAV(0, 10, true);
const NUMBERS: AV = { k: 'array', element: 'num' };

/** The declarations of `source`'s function, and a host whose declOf finds them by name. */
function parsed(source: string, globalArray = true) {
  const decls = new Map<string, { id: Node; init: Node }>();
  for (const s of parseFunction(source).body.body as Node[]) {
    if (s.type === 'VariableDeclaration') for (const d of s.declarations as Node[]) decls.set(d.id.name as string, { id: d.id as Node, init: d.init as Node });
  }
  const host: ArrayHost = {
    expr: () => FLOAT,
    fail: (message) => {
      throw new Error(message);
    },
    isGlobal: (name) => name !== 'Array' || globalArray,
    declOf: (id) => decls.get(id.name as string)?.id,
  };
  return { decls, host };
}

/** The target `name[i]` of an element store. */
const target = (name: string): Node => (parseFunction(`(i) => ${name}[i] = 0`).body as Node).left as Node;

test('RetryAsObjects is a RetryWithRows (specialize.ts retries it) carrying the construction', () => {
  const made = parseFunction('(n) => new Array(n)').body as Node;
  const e = new RetryAsObjects(made);
  assert.ok(e instanceof RetryWithRows);
  assert.equal(e.literal, made);
});

test('an object stored into a noted new Array(n) retypes that construction as an array of objects', () => {
  const { decls, host } = parsed('function f(n) { const balls = new Array(n); const more = Array(n); }');
  for (const name of ['balls', 'more']) {
    const { id, init } = decls.get(name)!;
    noteFreshArray(id, init, host);
    assert.equal(objectArrayAt(init), undefined, 'nothing stored yet');
    assert.throws(() => objectStore(target(name), NUMBERS, INDEX, BALL, host), (e: unknown) => e instanceof RetryAsObjects && e.literal === init);
    assert.deepEqual(objectArrayAt(init), { k: 'objs', shape: (BALL as Extract<AV, { k: 'obj' }>).shape });
    // Analyzed again, the store finds the construction already marked: not a second retry.
    assert.throws(() => objectStore(target(name), NUMBERS, INDEX, BALL, host), /an array of numbers cannot hold objects/);
  }
});

test('an empty literal held in a variable is found through arrays.ts; other declarations are not constructions', () => {
  const { decls, host } = parsed('function f(n) { const bs = []; const two = new Array(n, n); const filled = new Array(n).fill(0); }');
  markArrayLiteral(decls.get('bs')!.init, decls.get('bs')!.id);
  assert.throws(() => objectStore(target('bs'), NUMBERS, INDEX, BALL, host), (e: unknown) => e instanceof RetryAsObjects && e.literal === decls.get('bs')!.init);
  for (const name of ['two', 'filled']) {
    noteFreshArray(decls.get(name)!.id, decls.get(name)!.init, host);
    assert.throws(() => objectStore(target(name), NUMBERS, INDEX, BALL, host), /an array of numbers cannot hold objects/, name);
  }
  // Array shadowed by a local: not the global constructor.
  const local = parsed('function f(n) { const bs = new Array(n); }', false);
  noteFreshArray(local.decls.get('bs')!.id, local.decls.get('bs')!.init, local.host);
  assert.throws(() => objectStore(target('bs'), NUMBERS, INDEX, BALL, local.host), /an array of numbers cannot hold objects; an array of objects is a variable declared with new Array\(n\) or \[\]/);
  // A parameter has no construction.
  assert.throws(() => objectStore(target('xs'), NUMBERS, INDEX, BALL, host), /cannot hold objects/);
});

test('objectStore on an array of objects: the same shape is stored; another shape or a non-number index is refused', () => {
  const { host } = parsed('function f() {}');
  const objs: AV = { k: 'objs', shape: (BALL as Extract<AV, { k: 'obj' }>).shape };
  assert.equal(objectStore(target('bs'), objs, INDEX, BALL, host), BALL);
  assert.throws(() => objectStore(target('bs'), objs, INDEX, OTHER, host), /an array of objects holds objects of one shape in compiled code \(\{x:f64\}@Ball.*\[\]\), and this stores \{y:f64\}@Other/);
  assert.throws(() => objectStore(target('bs'), objs, BOOLV, BALL, host), { message: 'indices must be numbers, not a boolean' });
});

test('objectStore leaves non-objects and typed arrays to the other rules', () => {
  const { host } = parsed('function f() {}');
  assert.equal(objectStore(target('bs'), NUMBERS, INDEX, FLOAT, host), undefined);
  assert.equal(objectStore(target('bs'), { k: 'objs', shape: (BALL as Extract<AV, { k: 'obj' }>).shape }, INDEX, FLOAT, host), undefined);
  assert.equal(objectStore(target('xs'), { k: 'array', element: 'f64' }, INDEX, BALL, host), undefined, 'a typed array');
  assert.equal(objectStore(target('x'), FLOAT, INDEX, BALL, host), undefined);
});

test('compiled: balls made in new Array(n) or [] are the plain function\'s objects; holes read as in JS', () => {
  function make(n: number): Ball[] {
    const balls = new Array(n);
    for (let i = 0; i < n; i++) balls[i] = new Ball(i * 0.5);
    return balls;
  }
  const got = memoJit(make)(3);
  assert.ok(Array.isArray(got));
  assert.ok(got.every((b) => b instanceof Ball));
  assert.deepEqual(got.map((b) => b.x), [0, 0.5, 1]);
  const sum = memoJit(function sum(n: number) {
    const balls = [];
    for (let i = 0; i < n; i++) balls[i] = new Ball(i);
    let s = 0;
    for (let i = 0; i < n; i++) s += balls[i]!.x;
    return s;
  });
  assert.equal(sum(4), 6);
  function hole(n: number): number {
    const balls = new Array(n);
    balls[0] = new Ball(1);
    return balls[1].x;
  }
  const plainError = catchAny(() => hole(3));
  const jitError = catchAny(() => memoJit(hole)(3));
  assert.ok(plainError instanceof TypeError && jitError instanceof TypeError);
  assert.equal(jitError.message, plainError.message);
});

function catchAny(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return assert.fail('expected an exception');
}

test('compiled: another class in the same array, objects into number[], or into a passed-in array of another shape', () => {
  const mixed = memoJit(function mixed(n: number) {
    const a = new Array(n);
    a[0] = new Ball(1);
    a[1] = new Other(2);
    return a;
  });
  const e = catchJit(() => mixed(3));
  assert.ok(e instanceof JitError);
  assert.match(e.message, /holds objects of one shape .* and this stores \{y:f64\}@Other/);
  assert.equal(e.construct, 'element assignment');
  const intoParam = memoJit(function intoParam(xs: number[]) {
    (xs as unknown[])[0] = new Ball(1);
    return xs.length;
  });
  assert.match(catchJit(() => intoParam([1, 2])).message, /an array of numbers cannot hold objects/);
  const passed = memoJit(function passed(bs: Ball[], n: number) {
    bs[0] = new Ball(n);
    return bs[0].x + bs[1]!.x;
  });
  const bs = [new Ball(1), new Ball(2)];
  assert.equal(passed(bs, 5), 7);
  assert.equal(bs[0]!.x, 5, 'the store reached the caller\'s array');
  const passedBad = memoJit(function passedBad(bs: Ball[], n: number) {
    (bs as unknown[])[0] = new Other(n);
    return bs.length;
  });
  assert.match(catchJit(() => passedBad([new Ball(1)], 5)).message, /holds objects of one shape/);
});
