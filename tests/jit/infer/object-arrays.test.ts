// src/jit/infer/object-arrays.ts: local arrays of objects. Which declarations can become one (noted by arrays.ts's
// noteMadeArray),
// objectStore with a fake ArrayHost (the retry that retypes the construction, what objectArrayAt then gives, the
// located refusals: another shape, a non-number index, an array of numbers), and through memoJit: Are We Fast
// Yet's `balls[i] = new Ball(…)` against the plain function, holes read as JS reads them, arrays passed in.
// Values that may be null stored into made arrays (retyped) and into arrays passed in (refused); towers' array in
// a field of this, made in one method and filled in others, against the plain method. An array method that is no row (find) on an array of objects is a located error whose advice (a loop) compiles;
// objects pushed into [] / Array() (objectPush) make an array of objects, against the plain function; an array that
// stays empty passed to a function reading objects is an error at the argument (staysEmpty) whose advice compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { objectArrayAt, objectStore, RetryAsObjects } from '../../../src/jit/infer/object-arrays.js';
import { noteMadeArray, type ArrayHost } from '../../../src/jit/infer/arrays.js';
import { RetryWithRows } from '../../../src/jit/infer/retry.js';
import { BOOLV, FLOAT, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { memoJit, JitError } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { agreeCompiled } from '../statements/agree.js';
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
    noteMadeArray(id, init, host);
    assert.equal(objectArrayAt(init), undefined, 'nothing stored yet');
    assert.throws(() => objectStore(target(name), NUMBERS, INDEX, BALL, host), (e: unknown) => e instanceof RetryAsObjects && e.literal === init);
    assert.deepEqual(objectArrayAt(init), { k: 'objs', shape: (BALL as Extract<AV, { k: 'obj' }>).shape });
    // Analyzed again, the store finds the construction already marked: not a second retry.
    assert.throws(() => objectStore(target(name), NUMBERS, INDEX, BALL, host), /an array of numbers cannot hold objects/);
  }
});

test('an empty literal held in a variable is found through arrays.ts; other declarations are not constructions', () => {
  const { decls, host } = parsed('function f(n) { const bs = []; const two = new Array(n, n); const filled = new Array(n).fill(0); }');
  noteMadeArray(decls.get('bs')!.id, decls.get('bs')!.init, host);
  assert.throws(() => objectStore(target('bs'), NUMBERS, INDEX, BALL, host), (e: unknown) => e instanceof RetryAsObjects && e.literal === decls.get('bs')!.init);
  for (const name of ['two', 'filled']) {
    noteMadeArray(decls.get(name)!.id, decls.get(name)!.init, host);
    assert.throws(() => objectStore(target(name), NUMBERS, INDEX, BALL, host), /an array of numbers cannot hold objects/, name);
  }
  // Array shadowed by a local: not the global constructor.
  const local = parsed('function f(n) { const bs = new Array(n); }', false);
  noteMadeArray(local.decls.get('bs')!.id, local.decls.get('bs')!.init, local.host);
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

test('objectStore: a value that may be null makes a made array one of objects or null (a retry); passed in, refused', () => {
  const { decls, host } = parsed('function f(n) { const balls = new Array(n); }');
  const made = decls.get('balls')!.init;
  noteMadeArray(decls.get('balls')!.id, made, host);
  const shape = BALL.k === 'obj' ? BALL.shape : makeShape([]);
  const maybe: AV = { k: 'obj', shape, nullable: true };
  // first store: the construction is typed from the start as objects that may be null
  assert.throws(() => objectStore(target('balls'), NUMBERS, INDEX, maybe, host), RetryAsObjects);
  assert.deepEqual(objectArrayAt(made), { k: 'objs', shape, nullable: true });
  // then such a value, a plain object of the shape and null itself are stored as they are
  const objs = objectArrayAt(made)!;
  assert.equal(objectStore(target('balls'), objs, INDEX, maybe, host), maybe);
  assert.equal(objectStore(target('balls'), objs, INDEX, BALL, host), BALL);
  assert.deepEqual(objectStore(target('balls'), objs, INDEX, { k: 'null' }, host), { k: 'null' });
  // an array of objects passed in (no construction here) holds objects only
  const passed: AV = { k: 'objs', shape };
  assert.throws(() => objectStore(target('xs'), passed, INDEX, maybe, host), /passed to compiled code holds objects .* and this may store null/);
  assert.throws(() => objectStore(target('xs'), passed, INDEX, { k: 'null' }, host), /may store null/);
});

// Are We Fast Yet's towers, as written: `piles` made in one method, disks stored and read in others, a pile's
// bottom disk linked to the hole below it (undefined), a popped disk's next set to null again.
class TowerDisk {
  declare size: number;
  declare next: TowerDisk | null;
  constructor(size: number) {
    this.size = size;
    this.next = null;
  }
}
class Towers {
  declare piles: TowerDisk[] | null;
  declare moves: number;
  constructor() {
    this.piles = null;
    this.moves = 0;
  }
  run(disks: number): number {
    this.piles = new Array(3);
    for (let i = disks; i >= 0; i -= 1) this.push(new TowerDisk(i), 0);
    this.moves = 0;
    this.move(disks, 0, 1);
    return this.moves;
  }
  push(disk: TowerDisk, pile: number): void {
    const top = this.piles![pile]!;
    if (top && disk.size >= top.size) throw new Error('Cannot put a big disk on a smaller one');
    disk.next = top;
    this.piles![pile] = disk;
  }
  pop(pile: number): TowerDisk {
    const top = this.piles![pile]!;
    if (top === null) throw new Error('Attempting to remove a disk from an empty pile');
    this.piles![pile] = top.next!;
    top.next = null;
    return top;
  }
  move(disks: number, from: number, to: number): void {
    if (disks === 1) {
      this.push(this.pop(from), to);
      this.moves += 1;
    } else {
      const other = 3 - from - to;
      this.move(disks - 1, from, other);
      this.push(this.pop(from), to);
      this.moves += 1;
      this.move(disks - 1, other, to);
    }
  }
}

test('compiled: an array in a field of this, made in one method and filled in others (towers), as the plain method', () => {
  const run = memoJit(Towers.prototype.run);
  for (const disks of [1, 2, 7]) {
    const plain = new Towers(), compiled = new Towers();
    const want = plain.run(disks);
    assert.equal(run.call(compiled, disks), want);
    // 2^disks - 1 moves, by hand
    assert.equal(want, 2 ** disks - 1);
    // the same piles: each a linked list of disks, the holes and the bottom disks' undefined as in JS
    const sizes = (t: Towers): unknown[] => t.piles!.map((d) => {
      const out: unknown[] = [];
      for (let x: TowerDisk | null | undefined = d; x !== undefined && x !== null; x = x.next) out.push(x.size);
      return out;
    });
    assert.deepEqual(sizes(compiled), sizes(plain));
  }
  assert.equal(run.signatures.length, 1);
});

/** The first point right of the origin, with find, as a JS user writes it. */
function firstRightByFind(ps: { m: number; x: number }[]): number {
  const p = ps.find((q) => q.x > 0);
  return p === undefined ? -1 : p.m;
}
/** The same with the loop the refusal advises. */
function firstRightByLoop(ps: { m: number; x: number }[]): number {
  for (const p of ps) if (p.x > 0) return p.m;
  return -1;
}

test('an array method of no row on an array of objects is a located error naming the array, whose advice (a loop) compiles', () => {
  const ps = [{ m: 1, x: -2 }, { m: 3, x: 1 }];
  const error = compileError(firstRightByFind, [ps]);
  assert.equal(error.construct, '.find()');
  assert.match(error.detail, /an array of objects has no method 'find' in compiled code \(push, map, forEach, .*\); write it as a loop over its objects \(for \(const p of ps\)/);
  assert.equal(memoJit(firstRightByLoop)(ps), 3);
  assert.equal(memoJit(firstRightByLoop)([{ m: 2, x: -0.5 }]), -1);
});

test('objects pushed into [] or Array() make an array of objects, against the plain function', () => {
  class Spring {
    constructor(public k: number, public x: number) {}
  }
  function cloud(n: number): number {
    const ps = [];
    for (let i = 0; i < n; i++) ps.push({ x: i, y: i * i });
    let s = 0;
    for (const p of ps) s += p.y - p.x;
    return s;
  }
  function made(n: number): { x: number; y: number }[] {
    const ps = Array();
    for (let i = 0; i < n; i++) ps.push({ x: i, y: -i }, { x: 0.5, y: -0 });
    return ps;
  }
  function energy(n: number): number {
    const springs = [];
    let length = 0;
    for (let i = 1; i <= n; i++) length = springs.push(new Spring(i, 1 / i));
    let e = 0;
    for (let i = 0; i < springs.length; i++) e += 0.5 * springs[i]!.k * springs[i]!.x ** 2;
    return e * 100 + length;
  }
  // one object pushed twice is one object, as in JS
  function shared(n: number): number {
    const ps = [];
    const p = { x: 1, y: 2 };
    ps.push(p, p);
    p.x = n;
    ps[0]!.y += 1;
    return ps[1]!.x * 10 + ps[1]!.y;
  }
  // null beside objects: an array of objects or null (read as JS reads it)
  function someNull(n: number): number {
    const ps = [];
    for (let i = 0; i < n; i++) ps.push(i % 2 ? { x: i } : null);
    let c = 0;
    for (const p of ps) if (p) c += p.x;
    return c + ps.length * 100;
  }
  function onto(ps: { x: number; y: number }[], n: number): number {
    for (let i = 0; i < n; i++) ps.push({ x: i, y: 2 * i });
    return ps.length;
  }
  assert.equal(agreeCompiled(cloud, 4), 0 + 0 + 2 + 6);
  assert.equal(agreeCompiled(cloud, 0), 0);
  assert.deepEqual(agreeCompiled(made, 2), [{ x: 0, y: -0 }, { x: 0.5, y: -0 }, { x: 1, y: -1 }, { x: 0.5, y: -0 }]);
  assert.equal(agreeCompiled(energy, 2), (0.5 * 1 * 1 + 0.5 * 2 * 0.25) * 100 + 2);
  assert.equal(agreeCompiled(shared, 7), 73);
  assert.equal(agreeCompiled(someNull, 5), 1 + 3 + 500);
  assert.equal(agreeCompiled(onto, [{ x: 9, y: 9 }], 2), 3);
});

test('an object of another shape or a number pushed into an array of objects is a located error', () => {
  function mixedShapes(n: number): number {
    const ps = [];
    ps.push({ x: n });
    ps.push({ y: n });
    return ps.length;
  }
  function numberToo(n: number): number {
    const ps = [];
    ps.push({ x: n });
    ps.push(n);
    return ps.length;
  }
  assert.match(compileError(mixedShapes, [1]).detail, /holds objects of one shape in compiled code/);
  const e = compileError(numberToo, [1]);
  assert.equal(e.construct, '.push()');
  assert.match(e.detail, /holds objects of one shape in compiled code, and this pushes an integer/);
});

test('an array that stays empty, passed to a function that reads objects, is an error at the argument whose advice compiles', () => {
  type P = { x: number };
  const sumX = memoJit(function sumX(ps: P[]): number {
    let s = 0;
    for (const p of ps) s += p.x;
    return s;
  });
  function literal(n: number): number {
    return sumX([]) + n;
  }
  function local(n: number): number {
    const ps: P[] = [];
    return sumX(ps) + n;
  }
  // the advice: push what sumX reads into an array made here (even where no push runs)
  function advised(n: number): number {
    const ps = [];
    if (n > 5) ps.push({ x: n });
    return sumX(ps) + n;
  }
  for (const f of [literal, local]) {
    const e = compileError(f, [1]);
    assert.equal(e.construct, 'argument of sumX', f.name);
    assert.match(e.detail, /sumX does not compile for the empty array passed here \(a number has no property 'x' in compiled code\).*push what sumX reads into it/, f.name);
  }
  assert.equal(agreeCompiled(advised, 3), 3);
  assert.equal(agreeCompiled(advised, 7), 14);
  // numbers read from it are no error: an empty number[] is one
  function numbers(n: number): number {
    return memoJit(function first(xs: number[]) { return xs.length; })([]) + n;
  }
  assert.equal(numbers(2), 2);
});
