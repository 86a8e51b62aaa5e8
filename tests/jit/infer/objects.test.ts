// src/jit/infer/objects.ts: the rules for objects. Each exported rule is called with a fake host that types
// identifiers by name (`p` a point, `ps` an array of points, anything else a number): this, object literals
// (field order, numbers as f64, every refusal), field reads (absent fields, `.length` of arrays of objects),
// element reads, field writes (type kept, no new fields, read-only fields), method calls and for…of items.
// Then through memoJit against the plain function: writes land in the caller's objects, literals come back
// equal, and a write of a new field is a located error. Linked lists (a field holding null or an instance of its
// class): built by recursion and by loops, walked, cut with next = null, compared with === null, passed in and
// reached through arrays, a number put into next by the caller (the plain outcome or a located error, never
// another value), and when a lone node passed in counts as a list. Fields inherited from the prototype: read at
// the prototype value's type on a shape the dispatcher checks, refused with the reason otherwise, never written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { parseFunction, type Node } from '../../../src/jit/frontend/parse.js';
import { makeShape } from '../../../src/jit/ops/shapes.js';
import { noteChecked, noteBuilt } from '../../../src/jit/ops/proto-fields.js';
import { BOOL, F64 } from '../../../src/jit/types.js';
import { BOOLV, FLOAT, MAX_LENGTH, describeAV, numAV, type AV } from '../../../src/jit/infer/lattice.js';
import {
  elementRead, fieldRead, fieldWrite, forOfItem, methodCall, objectLiteral, thisValue, type ObjectHost,
} from '../../../src/jit/infer/objects.js';
import { JitError, memoJit } from '../../../src/index.js';
import { compileError } from '../../_support/jit-error.js';
import { differs } from '../_support/same.js';
import { thrownMessage as failure } from '../../_support/outcome.js';

const here = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
const lineOf = (marker: string): number => here.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;

const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
const points = { k: 'objs', shape: point.shape } as const;
const odd = {
  k: 'obj',
  shape: makeShape([
    { name: 'on', type: BOOL },
    { name: 'label', type: null, holds: 'a string' },
    { name: 'gap', type: null, holds: 'undefined' },
    { name: 'rows', type: { kind: 'matrix', layout: 'nested' } },
    { name: 'fixed', type: F64, readonly: true },
    { name: 'xs', type: { kind: 'array', element: 'f64' } },
  ]),
} as const;
const VALUES: Record<string, AV> = { p: point, ps: points, o: odd, b: BOOLV, xs: { k: 'array', element: 'f64' }, t: { k: 'tuple', items: [FLOAT, FLOAT] }, s: { k: 'str' } };
const host: ObjectHost = {
  expr: (n) => (n.type === 'Identifier' && VALUES[n.name as string]) || FLOAT,
  fail: (m) => {
    throw new Error(m);
  },
};
const body = (src: string): Node => parseFunction(src).body;

test('this: the receiver in the method memoJit compiles, an error anywhere else', () => {
  const self = body('function step(dt) { this.x += this.v * dt; }').body[0].expression.left.object;
  assert.equal(thisValue(host, self, point), point);
  assert.match(failure(() => thisValue(host, self, undefined)), /^`this` is only compiled in the method memoJit decorates, called on an object/);
});

test('object literals: keys in the order written, numbers as f64, other kinds as they are', () => {
  assert.equal(describeAV(objectLiteral(host, body('(m, d) => ({ std: d, mean: m })'), [])), '{std:f64,mean:f64}');
  const lit = objectLiteral(host, body("(n, b, xs, p, ps) => ({ 'n': n, b, xs, p, ps, k: 1 })"), []);
  assert.equal(lit.k, 'obj');
  const fields = lit.k === 'obj' ? lit.shape.fields.map((f) => `${f.name}:${f.type!.kind}`) : [];
  assert.deepEqual(fields, ['n:f64', 'b:bool', 'xs:array', 'p:object', 'ps:objects', 'k:f64']);
  assert.equal(describeAV(objectLiteral(host, body('() => ({})'), [])), '{}');
  // the same keys and types make the same shape
  const a = objectLiteral(host, body('(m, d) => ({ mean: m, std: d })'), []);
  const b = objectLiteral(host, body('(u, w) => ({ mean: w * 2, std: u })'), []);
  assert.ok(a.k === 'obj' && b.k === 'obj' && a.shape === b.shape);
});

test('object literals: spreads, methods, computed or integer keys, __proto__, repeats and functions are refused', () => {
  const refuse = (src: string): string => failure(() => objectLiteral(host, body(src), []));
  assert.equal(refuse('(p) => ({ ...p })'), 'spread in object literals is not supported; list the fields');
  assert.equal(refuse('(m) => ({ f() { return m; } })'), 'object literals in compiled code hold data fields, not methods, getters or setters');
  assert.equal(refuse('(m) => ({ get g() { return m; } })'), 'object literals in compiled code hold data fields, not methods, getters or setters');
  assert.equal(refuse('(m, k) => ({ [k]: m })'), 'object keys must be names or literal strings');
  assert.equal(refuse("(m) => ({ '0': m })"), "integer keys reorder an object's fields in JS; use a name");
  assert.equal(refuse('(m) => ({ 12: m })'), "integer keys reorder an object's fields in JS; use a name");
  assert.equal(refuse('(m) => ({ __proto__: m })'), '`__proto__` in an object literal sets its prototype; compiled objects are plain records');
  assert.equal(refuse("(m) => ({ a: m, 'a': 2 })"), "the key 'a' is written twice");
  assert.equal(refuse('(m) => ({ f: (x) => x * m })'), 'object literals in compiled code hold data fields, not functions');
  assert.match(refuse('(t) => ({ b: t })'), /^object fields hold .*, not \(f64, f64\): an array literal written in place is a fixed tuple/);
  assert.match(refuse('(s) => ({ name: s })'), /^object fields hold numbers, booleans, typed arrays, number\[\]\/boolean\[\], objects and arrays of objects, not a string$/);
  // '01' and '1.5' are not integer keys: JS keeps them in order
  assert.equal(describeAV(objectLiteral(host, body("(m) => ({ '01': m, '1.5': m })"), [])), '{"01":f64,"1.5":f64}');
});

test('field reads: an own field\'s type, .length of an array of objects, undefined for non-objects', () => {
  const read = (src: string, o: AV, name: string): AV | undefined => fieldRead(host, body(src), o, name);
  assert.deepEqual(read('(p) => p.x', point, 'x'), FLOAT);
  assert.deepEqual(read('(o) => o.on', odd, 'on'), BOOLV);
  assert.deepEqual(read('(o) => o.xs', odd, 'xs'), { k: 'array', element: 'f64' });
  assert.deepEqual(read('(ps) => ps.length', points, 'length'), numAV(0, MAX_LENGTH, true));
  assert.equal(read('(xs) => xs.length', { k: 'array', element: 'f64' }, 'length'), undefined, 'other rules');
  // a field the object lacks, or one holding undefined, reads as a number that may be undefined (as in JS)
  assert.deepEqual(read('(p) => p.w', point, 'w'), FLOAT);
  assert.deepEqual(read('(o) => o.gap', odd, 'gap'), FLOAT);
});

test('field reads that compiled code refuses name the field and why', () => {
  const refuse = (src: string, o: AV, name: string): string => failure(() => fieldRead(host, body(src), o, name));
  assert.equal(refuse('(p) => p.toString', point, 'toString'), "the object has no own field 'toString' (its fields: x, v); plain JS would read undefined or its prototype's 'toString', which compiled code does not");
  assert.match(refuse('(o) => o.label', odd, 'label'), /^the field 'label' holds a string; compiled code uses fields holding numbers/);
  assert.match(refuse('(o) => o.rows', odd, 'rows'), /^the field 'rows' holds a number\[\]\[\], which compiled code puts into new objects but does not read back/);
  assert.equal(refuse('(ps) => ps.x', points, 'x'), "an array of objects has no property 'x' in compiled code (index it: xs[i].x)");
  // `this.#x` in a class's method: a private name is never the public field
  const klass = parse('class K { #x = 1; m() { return this.#x; } }', { ecmaVersion: 'latest' }) as unknown as Node;
  const priv = klass.body[0].body.body[1].value.body.body[0].argument;
  assert.match(failure(() => fieldRead(host, priv, point, 'x')), /^private fields and methods \(#x\) are not compiled/);
});

test('element reads: an array of objects gives its shape\'s object for a numeric index', () => {
  const e = body('(ps, i) => ps[i]');
  assert.deepEqual(elementRead(host, e, points, FLOAT), point);
  assert.equal(elementRead(host, e, { k: 'array', element: 'f64' }, FLOAT), undefined);
  assert.equal(failure(() => elementRead(host, e, points, BOOLV)), 'indices must be numbers, not a boolean');
  assert.deepEqual(forOfItem(points), point);
  assert.equal(forOfItem(FLOAT), undefined);
  assert.equal(forOfItem({ k: 'array', element: 'f64' }), undefined);
});

test('field writes: the field keeps its type; new, read-only and array-of-objects properties are refused', () => {
  const assignment = (src: string): Node => body(src).body[0].expression;
  const write = (src: string, value: AV): boolean => {
    const e = assignment(src);
    return fieldWrite(host, e, e.left, value, []);
  };
  assert.equal(write('(p, dt) => { p.x = p.x + dt; }', FLOAT), true);
  assert.equal(write('(p) => { p.v = 3; }', numAV(3, 3, true)), true, 'any number into an f64 field');
  assert.equal(write("(p) => { p['x'] = 3; }", FLOAT), true);
  assert.equal(write('(o, b) => { o.on = b; }', BOOLV), true);
  assert.equal(write('(xs, i) => { xs[i] = 1; }', FLOAT), false, 'not a field: other rules');
  assert.equal(write('(q) => { q.x = 1; }', FLOAT), false, 'not an object: other rules');
  const e = assignment('(x) => { x = 1; }');
  assert.equal(fieldWrite(host, e, e.left, FLOAT, []), false);
  const refuse = (src: string, value: AV): string => failure(() => write(src, value));
  assert.equal(refuse('(p, b) => { p.x = b; }', BOOLV), "the field 'x' holds f64; compiled code keeps each field's type, and this writes a boolean");
  assert.equal(refuse('(p) => { p.w = 1; }', FLOAT), "the object has no field 'w' (its fields: x, v); adding a field changes its shape: give the object every field before the call");
  assert.match(refuse('(o) => { o.fixed = 1; }', FLOAT), /^the field 'fixed' is read-only \(a frozen object, or defined non-writable\)/);
  assert.match(refuse('(o) => { o.gap = 1; }', FLOAT), /^the field 'gap' holds undefined; .*give the field a number before the call to write it/);
  assert.equal(refuse('(ps) => { ps.x = 1; }', FLOAT), "an array of objects has no property 'x' to write");
  assert.equal(refuse('(ps, i) => { ps[i] = 1; }', FLOAT), 'an array of objects holds objects of its one shape ({x:f64,v:f64}[]) in compiled code, and this stores a number');
});

test('method calls on objects are refused, naming the method or the function field', () => {
  const call = body('(p) => p.step()');
  assert.equal(methodCall(host, call, FLOAT, 'step'), undefined, 'not an object: other rules');
  assert.match(failure(() => methodCall(host, call, point, 'step')), /^compiled code does not call methods of objects \(the method step\(\)\); write what it does as a function taking the object \(function step\(self, …\)/);
  assert.match(failure(() => methodCall(host, body('(o) => o.label()'), odd, 'label')), /\(a function field \('label' holds a string\)\)/);
  assert.match(failure(() => methodCall(host, body('(ps) => ps.step()'), points, 'step')), /^an array of objects has no method 'step' in compiled code \(push, map, forEach, [a-zA-Z, ]*\); write it as a loop over its objects \(for \(const p of ps\)/);
});

test('compiled: field writes land in the caller\'s objects, aliasing as in JS', () => {
  type P = { x: number; v: number };
  function step(ps: P[], q: P, dt: number): number {
    let e = 0;
    for (const p of ps) {
      p.x += p.v * dt;
      q.v -= 1;
      e += p.x;
    }
    return e + ps.length;
  }
  const make = (): [P[], P] => {
    const shared = { x: 1, v: 2 };
    return [[shared, { x: -0, v: 0.5 }, shared], shared];
  };
  const [a, qa] = make();
  const [b, qb] = make();
  const want = step(a, qa, 0.5);
  const got = memoJit(step)(b, qb, 0.5);
  assert.ok(Object.is(got, want));
  assert.equal(differs(a, b), undefined);
  assert.equal(b[0], b[2], 'the same object, written twice');
});

test('compiled: a returned object literal equals the plain one; writing a new field is located', () => {
  function stats(xs: Float64Array): { mean: number; n: number; empty: boolean } {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]!;
    return { mean: s / xs.length, n: xs.length, empty: xs.length === 0 };
  }
  const c = memoJit(stats);
  for (const xs of [Float64Array.from([1, 2, 4]), new Float64Array(0)]) assert.equal(differs(c(xs), stats(xs)), undefined);
  function grow(p: { x: number }): number {
    (p as { x: number; w?: number }).w = p.x; // MARK-new-field
    return p.x;
  }
  const e = compileError(grow, [{ x: 1 }]);
  assert.match(e.detail, /^the object has no field 'w' \(its fields: x\)/);
  assert.equal(e.construct, '.w');
  assert.equal(e.line, lineOf('MARK-new-field'));
});

// ---- linked lists: a field holding null or another instance of its class (`next`), lattice.ts and shapes.ts

class Cell {
  declare val: number;
  declare next: Cell | null;
  constructor(v: number) {
    this.val = v;
    this.next = null;
  }
  length(): number {
    if (this.next === null) return 1;
    return 1 + this.next.length();
  }
}
/** Cells n, n-1, …, 1 by recursion (Are We Fast Yet's makeList); null for 0. */
function makeCells(n: number): Cell | null {
  if (n === 0) return null;
  const e = new Cell(n);
  e.next = makeCells(n - 1);
  return e;
}
/** Cells 0, 1, …, n-1 by a loop that links each new cell in front. */
function cellsByLoop(n: number): Cell | null {
  let head: Cell | null = null;
  for (let i = n - 1; i >= 0; i--) {
    const c = new Cell(i);
    c.next = head;
    head = c;
  }
  return head;
}
function sumCells(list: Cell | null): number {
  let s = 0;
  for (let x = list; x !== null; x = x.next) s += x.val;
  return s;
}

test('compiled linked lists: built by recursion and by a loop, traversed, measured by a recursive method', () => {
  function viaRecursion(n: number): number {
    const l = makeCells(n)!;
    return l.length() * 1000 + sumCells(l);
  }
  function viaLoop(n: number): number {
    return sumCells(cellsByLoop(n));
  }
  const r = memoJit(viaRecursion), l = memoJit(viaLoop);
  // n cells: length n; values n..1 sum to n(n+1)/2; 0..n-1 to n(n-1)/2
  assert.equal(r(5), 5015);
  assert.equal(r(1), 1001);
  assert.equal(l(6), 15);
  assert.equal(l(0), 0, 'no cell: the loop never runs');
  assert.match(r.signatures[0]!, /^\(i32\) -> f64$/);
  // the list itself returned: the same cells, of the class, as the plain function builds
  const build = memoJit(cellsByLoop);
  assert.equal(differs(build(4), cellsByLoop(4)), undefined);
  assert.ok(build(2) instanceof Cell);
  assert.equal(build(0), null);
  assert.match(build.signatures.join(' '), /\{val:f64,next:self\|null\}@Cell \| null/);
});

test('compiled linked lists: === null and !== null tests, a next set to null again, identity of nodes', () => {
  /** Cuts the list after k cells (next = null again), then counts what is left and whether the head changed. */
  function cut(n: number, k: number): number {
    const head = cellsByLoop(n);
    let x = head;
    for (let i = 1; i < k && x !== null; i++) x = x.next;
    if (x !== null) x.next = null;
    let count = 0;
    for (let y = head; y !== null; y = y.next) count++;
    const same = head === x ? 100 : 0;
    return count + same + (head === null ? 1000 : 0);
  }
  const c = memoJit(cut);
  for (const [n, k] of [[5, 2], [5, 9], [1, 1], [0, 3], [4, 1]] as const) assert.equal(c(n, k), cut(n, k), `cut(${n}, ${k})`);
  // by hand: 5 cells cut after 2 leave 2; cut after 1 leaves the head alone, which is x (+100); no cell: head
  // and x are both null, so also the same (+100), and the head is null (+1000)
  assert.equal(c(5, 2), 2);
  assert.equal(c(4, 1), 101);
  assert.equal(c(0, 3), 1100);
  // == between objects that may be null is refused: null == undefined (a hole) holds, null === undefined does not
  function loose(n: number): number {
    const a = cellsByLoop(n), b = cellsByLoop(n);
    return a == b ? 1 : 2; // MARK-loose
  }
  const e = compileError(loose, [0]);
  assert.match(e.detail, /^an object that may be null is compared with == here, which compiled code does not do; write ===/);
  assert.equal(e.line, lineOf('MARK-loose'));
  // `!` and a truthiness test of such an object, as JS: null is falsy, an object truthy
  function truthy(n: number): number {
    let x = cellsByLoop(n), k = 0;
    while (x) {
      k++;
      x = x.next;
    }
    return !cellsByLoop(n) ? -1 : k;
  }
  assert.equal(memoJit(truthy)(3), 3);
  assert.equal(memoJit(truthy)(0), -1);
});

test('compiled linked lists: lists passed in, and reached through an array, give the plain results', () => {
  const sum = memoJit(sumCells);
  assert.equal(sum(cellsByLoop(5)), 10);
  assert.equal(sum(cellsByLoop(200_000)), 199_999 * 200_000 / 2, 'a long list: its check walks it without recursion');
  function sumAll(heads: Cell[]): number {
    let s = 0;
    for (let i = 0; i < heads.length; i++) {
      let x: Cell | null = heads[i]!;
      while (x !== null) {
        s += x.val;
        x = x.next;
      }
    }
    return s;
  }
  const all = memoJit(sumAll);
  // lists of different lengths share one shape: 3+2+1 and 0+1+2+3
  assert.equal(all([makeCells(3)!, cellsByLoop(4)!]), 12);
  function pilesOf(n: number): number {
    const heads = new Array(2);
    heads[0] = makeCells(n);
    heads[1] = cellsByLoop(n);
    return heads[0].length() + sumCells(heads[1]);
  }
  assert.equal(memoJit(pilesOf)(4), pilesOf(4));
  assert.equal(pilesOf(4), 4 + 6);
});

test('compiled linked lists: a number put into next by the caller gives the plain outcome or a located error', () => {
  const broken = (): Cell => {
    const l = cellsByLoop(4)!;
    (l.next!.next as unknown as { next: unknown }).next = 42; // the third cell's next
    return l;
  };
  /** The compiled outcome is the plain one (value by Object.is, or the same error class and message) or a located JitError. */
  const check = (compiled: () => unknown, plain: () => unknown): void => {
    let want: unknown;
    try {
      want = plain();
    } catch (e) {
      want = e;
    }
    try {
      const got = compiled();
      assert.ok(Object.is(got, want), `compiled gave ${String(got)}, plain ${String(want)}`);
    } catch (e) {
      if (e instanceof JitError) assert.ok(e.line !== undefined && e.column !== undefined, 'a located error');
      else assert.equal(`${(e as Error).name}: ${(e as Error).message}`, `${(want as Error).name}: ${(want as Error).message}`);
    }
  };
  // plain: 0 + 1 + 2, then 42 !== null and (42).val is undefined: NaN, then undefined.val throws a TypeError
  assert.throws(() => sumCells(broken()), TypeError);
  const fresh = memoJit(sumCells);
  check(() => fresh(broken()), () => sumCells(broken()));
  // after a list of the right shape was compiled for: the entry check walks the list and sees the number
  const sum = memoJit(sumCells);
  const good = cellsByLoop(4)!;
  assert.equal(sum(good), 6);
  (good.next!.next as unknown as { next: unknown }).next = 42;
  check(() => sum(good), () => sumCells(good));
  const len = memoJit(function len(l: Cell): number {
    return l.length();
  });
  assert.equal(len(cellsByLoop(3)!), 3);
  check(() => len(broken()), () => broken().length());
});

test('a lone node passed in (next null) has the list shape once compiled code linked nodes of its class, not before', () => {
  class Solo {
    declare val: number;
    declare next: Solo | null;
    constructor(v: number) {
      this.val = v;
      this.next = null;
    }
  }
  function sumSolo(list: Solo): number {
    let s = 0;
    for (let x: Solo | null = list; x !== null; x = x.next) s += x.val;
    return s;
  }
  // before: a null field of an instance passed in is opaque (it may be meant for anything)
  assert.match(compileError(sumSolo, [new Solo(5)]).detail, /^the field 'next' holds null/);
  // compiled code links a Solo into next: from then on null there is the list's end
  const link = memoJit(function link(n: number): number {
    const a = new Solo(n);
    a.next = new Solo(n + 1);
    return a.val + a.next.val;
  });
  assert.equal(link(1), 3);
  const sum = memoJit(sumSolo);
  assert.equal(sum(new Solo(5)), 5);
  // a field its constructor sets to null but compiled code never links into stays a tracked field of `this`
  // (field-facts.ts), even after an instance was constructed in compiled code
  class Holder {
    declare v: Float64Array | null;
    constructor() {
      this.v = null;
    }
    run(n: number): number {
      this.v = new Float64Array(n);
      return this.v.length;
    }
  }
  assert.equal(memoJit(function made(): number {
    const h = new Holder();
    return h.v === null ? 1 : 0;
  })(), 1);
  assert.equal(memoJit(Holder.prototype.run).call(new Holder(), 3), 3);
});

test('fieldRead and fieldWrite: a field inherited from the prototype reads at its value\'s type where the dispatcher checks the shape', () => {
  function Noise(this: { p: number }) { this.p = 1; }
  Noise.prototype = { grad: new Float32Array([1, -1]), scale: 0.5, on: true, label: 'n', get size() { return 2; } };
  const checked = { k: 'obj', shape: makeShape([{ name: 'p', type: F64 }], Noise.prototype) } as const;
  const built = { k: 'obj', shape: makeShape([{ name: 'p', type: F64 }, { name: 'q', type: F64 }], Noise.prototype) } as const;
  noteChecked(checked.shape.token);
  noteChecked(built.shape.token);
  noteBuilt(built.shape.token);
  const read = (o: AV, name: string): AV | undefined => fieldRead(host, body(`(o) => o.${name}`), o, name);
  assert.deepEqual(read(checked, 'grad'), { k: 'array', element: 'f32' });
  assert.equal(describeAV(read(checked, 'scale')!), 'a number');
  assert.deepEqual(read(checked, 'on'), BOOLV);
  assert.match(failure(() => read(checked, 'label')), /^the object has no own field 'label' \(its fields: p\), and its prototype's 'label' holds a string; compiled code reads prototype fields holding numbers, booleans, typed arrays and number\[\]\/boolean\[\]/);
  assert.match(failure(() => read(checked, 'size')), /its prototype's 'size' holds a getter or setter/);
  assert.match(failure(() => read(built, 'grad')), /compiled code does not read its prototype's 'grad' here: compiled code constructs objects of this shape/);
  const assign = body('(o, x) => { o.scale = x; }').body[0].expression;
  assert.match(failure(() => fieldWrite({ ...host, expr: () => checked }, assign, assign.left, FLOAT, [])), /the object has no field 'scale' \(its fields: p\); adding a field changes its shape \(in JS this write would shadow its prototype's 'scale'\)/);
});
