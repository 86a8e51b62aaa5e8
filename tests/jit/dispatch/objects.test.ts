// Classifying objects at call time (src/jit/dispatch/objects.ts): the shape token of a plain object, a class
// instance, `this` and an array of objects, written out by hand for each field kind (numbers always f64,
// booleans, typed and plain arrays, nested objects and arrays of them, functions by identity, opaque fields with
// what they hold, quoted keys, read-only fields of frozen objects, the class after `@`); the depth limit and
// cycles; the remembered classification re-done when a field changes type, is deleted, or the object is frozen,
// and kept when a field is added; thisChecker with and without the frozen test, and on an array-of-objects field
// (each element, its class, names read as absent noted later); strictFunction; the IR type of a token; and linked
// lists (a self field, any length, cycles, a node further on that differs); fields read from the prototype
// (a checker fails once the prototype's value changes type or an own field shadows it, and the object then gets a
// token naming what it inherits now); a refused call forgets its objects' classification, so a receiver refused
// for a getter on its prototype, then given that field as its own, and an argument refused while a field held
// null, then given an array there, compile (the same objects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import {
  forgetClassification, objectToken, objectsToken, objectTokenType, strictFunction, thisChecker, thisToken,
} from '../../../src/jit/dispatch/objects.js';
import { shapeOfToken } from '../../../src/jit/ops/shapes.js';
import { readAbsent } from '../../../src/jit/ops/absent-fields.js';
import { readProtoField } from '../../../src/jit/ops/proto-fields.js';
import { JitError, memoJit } from '../../../src/index.js';

test('field kinds: numbers are f64, booleans bool, typed and plain arrays by kind, nested objects by shape', () => {
  assert.equal(objectToken({ x: 1, y: 2.5, z: -0 }), '{x:f64,y:f64,z:f64}');
  assert.equal(objectToken({ ok: true, v: new Float64Array(2), w: new Uint8ClampedArray(1) }), '{ok:bool,v:Float64Array,w:Uint8ClampedArray}');
  assert.equal(objectToken({ xs: [1, 2], bs: [false] }), '{xs:number[],bs:boolean[]}');
  assert.equal(objectToken({ p: { x: 1 }, ps: [{ a: 1, b: true }, { a: 2, b: false }] }), '{p:{x:f64},ps:{a:f64,b:bool}[]}');
  assert.equal(objectToken({}), '{}');
  assert.equal(objectToken(Object.create(null) as object), '{}', 'a null-prototype record is a plain shape');
  // key order is part of the shape
  assert.notEqual(objectToken({ a: 1, b: 2 }), objectToken({ b: 2, a: 1 }));
  // keys that are not identifiers are quoted
  assert.equal(objectToken({ 'a-b': 1, $ok: 2 }), '{"a-b":f64,$ok:f64}');
});

test('fields compiled code cannot use stay in the shape as opaque, saying what they hold', () => {
  assert.equal(objectToken({ s: 'a', n: null, u: undefined, x: 1 }), '{s:?a string,n:?null,u:?undefined,x:f64}');
  assert.equal(objectToken({ e: [] }), '{e:?an empty array (its element type is unknown)}');
  assert.equal(objectToken({ m: [1, 'a'] }), '{m:?an array mixing numbers with other values}');
  assert.equal(objectToken({ g: [[1]] }), '{g:?an array of an array}');
  assert.equal(objectToken({ get x() { return 1; } }), '{x:?a getter or setter}');
  const hidden = {};
  Object.defineProperty(hidden, 'z', { value: 1, enumerable: false });
  assert.equal(objectToken(hidden), '{z:?a non-enumerable property}');
  assert.equal(objectToken(JSON.parse('{"__proto__": 1, "x": 2}') as object), '{__proto__:?an own field named __proto__,x:f64}');
  // typed arrays compiled code does not take, and subclasses, are opaque with the typed-array test's reason
  const t = objectToken({ big: new BigInt64Array(1), sub: new (class Sub extends Float64Array {})(1) });
  assert.match(t, /^\{big:\?a BigInt64Array .*,sub:\?a Float64Array whose prototype is not this realm's/);
  // a string changed for another string keeps the token: opaque fields say what they hold only coarsely
  assert.equal(objectToken({ s: 'one' }), objectToken({ s: 'another' }));
});

test('cycles and nesting deeper than four objects are opaque; the rest of the object still has its shape', () => {
  const cyclic: Record<string, unknown> = { x: 1 };
  cyclic['self'] = cyclic;
  assert.equal(objectToken(cyclic), '{x:f64,self:?an object that contains itself}');
  // four levels of objects are kept (the top one and three nested), the fifth is opaque
  assert.equal(objectToken({ a: { b: { c: { d: 1 } } } }), '{a:{b:{c:{d:f64}}}}');
  assert.equal(objectToken({ a: { b: { c: { d: { e: 1 } } } } }), '{a:{b:{c:{d:?an object nested more than 4 deep}}}}');
  // the same object twice (not a cycle) is a shape both times
  const shared = { k: 2 };
  assert.equal(objectToken({ p: shared, q: shared }), '{p:{k:f64},q:{k:f64}}');
});

test('a function field is known by identity: its name in the token, another function another token', () => {
  function scaleForTokenTest(x: number): number { return 2 * x; }
  const first = objectToken({ f: scaleForTokenTest });
  assert.equal(first, '{f:fn(scaleForTokenTest)}');
  assert.equal(objectToken({ f: scaleForTokenTest }), first, 'the same function: the same token');
  const other = objectToken({ f: (x: number) => x });
  assert.notEqual(other, first);
  assert.match(other, /^\{f:fn\(f(#\d+)?\)\}$/, 'an arrow takes the field name it was assigned to as its name');
});

test('class instances carry their class after @; two classes of one name are told apart; frozen fields are readonly', () => {
  class PointForTokenTest { constructor(public x: number, public y: number) {} }
  const token = objectToken(new PointForTokenTest(1, 2));
  assert.equal(token, '{x:f64,y:f64}@PointForTokenTest');
  const Again = class PointForTokenTest { constructor(public x: number, public y: number) {} };
  assert.equal(objectToken(new Again(1, 2)), '{x:f64,y:f64}@PointForTokenTest#2');
  assert.equal(objectToken(Object.freeze({ x: 1, s: 'a' })), '{readonly x:f64,readonly s:?a string}');
});

test('the remembered classification is re-done when a field changes type, is deleted or the object is frozen', () => {
  const o: Record<string, unknown> = { x: 1, v: new Float64Array(2) };
  assert.equal(objectToken(o), '{x:f64,v:Float64Array}');
  o['x'] = 'now a string';
  assert.equal(objectToken(o), '{x:?a string,v:Float64Array}');
  o['x'] = 3;
  o['v'] = new Float32Array(2);
  assert.equal(objectToken(o), '{x:f64,v:Float32Array}');
  delete o['v'];
  assert.equal(objectToken(o), '{x:f64}');
  Object.freeze(o);
  assert.equal(objectToken(o), '{readonly x:f64}');
});

test('a field added since the first classification keeps the remembered token (compiled code reads fields by name)', () => {
  const o: Record<string, unknown> = { x: 1 };
  assert.equal(objectToken(o), '{x:f64}');
  o['y'] = 2;
  assert.equal(objectToken(o), '{x:f64}');
  // a fresh object with both fields has the longer shape
  assert.equal(objectToken({ x: 1, y: 2 }), '{x:f64,y:f64}');
});

test('objectsToken: one shape for every element, else a reason naming the first element that differs', () => {
  assert.equal(objectsToken([{ x: 1 }, { x: 2.5 }]), '{x:f64}[]');
  assert.deepEqual(objectsToken([{ x: 1 }, { y: 1 }]), { reason: 'an array of objects of different shapes (element 0 is {x:f64}, element 1 is {y:f64})' });
  assert.deepEqual(objectsToken([{ x: 1 }, { x: 2 }, 3]), { reason: 'an array of objects whose element 2 is the number 3' });
  const r = objectsToken([{ x: 1 }, null]);
  assert.equal(typeof r, 'object');
  assert.match((r as { reason: string }).reason, /element 1 is/);
  // remembered, then re-done when one element changes
  const xs: Array<Record<string, unknown>> = [{ x: 1 }, { x: 2 }];
  assert.equal(objectsToken(xs), '{x:f64}[]');
  xs[1]!['x'] = true;
  assert.deepEqual(objectsToken(xs), { reason: 'an array of objects of different shapes (element 0 is {x:f64}, element 1 is {x:bool})' });
});

test('thisToken: objects and functions (statics) have a shape; primitives, arrays and typed arrays none', () => {
  for (const v of [undefined, null, 3, 'x', true, [1], [{ x: 1 }], new Float64Array(1)]) assert.equal(thisToken(v), undefined);
  assert.equal(thisToken({ k: 1 }), '{k:f64}');
  class StaticsForTokenTest { static k = 2; static m(): number { return 1; } }
  // a function's own length, name and prototype are left out; the static method is non-enumerable: opaque
  assert.equal(thisToken(StaticsForTokenTest), '{k:f64,m:?a non-enumerable property}');
});

test('thisChecker: true while a receiver keeps the shape\'s fields and types; the frozen test only when not strict', () => {
  const token = thisToken({ x: 1, v: new Float64Array(1) })!;
  const check = thisChecker(token)!;
  assert.equal(check({ x: 2, v: new Float64Array(3) }), true);
  assert.equal(check({ x: 2, v: new Float32Array(3) }), false);
  assert.equal(check({ x: 'two', v: new Float64Array(3) }), false);
  assert.equal(check({ v: new Float64Array(3) }), false, 'a missing number field');
  assert.equal(check(null), false);
  assert.equal(check(7), false);
  assert.equal(check(Object.freeze({ x: 2, v: new Float64Array(1) })), false);
  assert.equal(thisChecker(token, true)!(Object.freeze({ x: 2, v: new Float64Array(1) })), true);
  assert.equal(thisChecker(token, true)!({ x: 'two', v: new Float64Array(1) }), false);
  assert.equal(thisChecker('{never:f64,madeForThis:bool}'), undefined);
  assert.equal(thisChecker('{never:f64,madeForThis:bool}', true), undefined);
  // a class's receiver must keep its prototype
  class BodyForCheckTest { constructor(public m: number) {} }
  const bodyCheck = thisChecker(thisToken(new BodyForCheckTest(1))!)!;
  assert.equal(bodyCheck(new BodyForCheckTest(5)), true);
  assert.equal(bodyCheck({ m: 5 }), false, 'the same fields without the class');
});

test('strictFunction: strict functions of this module, sloppy ones from new Function or a script, arrows unknown', () => {
  assert.equal(strictFunction(function (this: { x: number }) { return this.x; }), true);
  assert.equal(strictFunction(new Function('return this.x')), false);
  assert.equal(strictFunction(() => 1), false);
  assert.equal(strictFunction({ m() { return 1; } }.m), false, 'a method shorthand: its mode is not visible');
  assert.equal(strictFunction(vm.runInThisContext('(function sloppy() { return this; })') as object), false);
  assert.equal(strictFunction(vm.runInThisContext('(function inner() { "use strict"; return this; })') as object), true);
  // sloppy async functions, generators and bound functions lack caller/arguments too: their mode is unknown
  assert.equal(strictFunction(vm.runInThisContext('(async function sloppyAsync() { return this; })') as object), false);
  assert.equal(strictFunction(vm.runInThisContext('(function* sloppyGen() { yield this; })') as object), false);
  assert.equal(strictFunction(vm.runInThisContext('(function sloppy() { return this; })').bind({}) as object), false);
  assert.equal(strictFunction(Math.max), false, 'a built-in');
});

test('objectTokenType: object and objects types of tokens made here, undefined for others', () => {
  const one = objectTokenType(objectToken({ x: 1, ok: true }));
  assert.equal(one?.kind, 'object');
  assert.equal((one as { shape: { token: string } }).shape.token, '{x:f64,ok:bool}');
  const many = objectTokenType(objectsToken([{ x: 1, ok: true }]) as string);
  assert.equal(many?.kind, 'objects');
  assert.equal((many as { shape: { token: string } }).shape, (one as { shape: unknown }).shape, 'the one interned shape');
  assert.equal(objectTokenType('{never:f64,made:f64}'), undefined);
  assert.equal(objectTokenType('{never:f64,made:f64}[]'), undefined);
  for (const t of ['f64', 'Float64Array', 'number[][]', '']) assert.equal(objectTokenType(t), undefined);
});

test('linked lists: a field holding an instance of the same class is a self field; the checker walks every node', () => {
  class DispatchLink {
    constructor(public val: number, public next: DispatchLink | null) {}
  }
  const list = (n: number): DispatchLink | null => {
    let head: DispatchLink | null = null;
    for (let i = 0; i < n; i++) head = new DispatchLink(i, head);
    return head;
  };
  const token = '{val:f64,next:self|null}@DispatchLink';
  assert.equal(objectToken(list(3)!), token);
  assert.equal(objectToken(list(50_000)!), token, 'any length: one shape, no depth limit, no recursion');
  // a node whose next is null: still opaque until compiled code links instances there (noteSelfField)
  assert.equal(objectToken(list(1)!), '{val:f64,next:?null}@DispatchLink');
  // lists in an array share the shape
  assert.equal(objectsToken([list(2)!, list(4)!]), `${token}[]`);
  // a cycle is a list too: each node is checked once
  const ring = list(3)!;
  ring.next!.next!.next = ring;
  assert.equal(objectToken(ring), token);
  // a node further on that differs (a number in next, a string in val): the fields are classified one by one
  const bad = list(3)!;
  (bad.next!.next as unknown as { next: unknown }).next = 42;
  assert.equal(objectToken(bad), '{val:f64,next:{val:f64,next:{val:f64,next:f64}@DispatchLink}@DispatchLink}@DispatchLink');
  // the remembered classification of a good list is done again once a node changes, wherever it is
  const good = list(4)!;
  assert.equal(objectToken(good), token);
  const check = thisChecker(token)!;
  assert.equal(check(good), true);
  good.next!.next!.next!.val = 'x' as unknown as number;
  assert.equal(check(good), false);
  assert.notEqual(objectToken(good), token);
  // an instance of another class in the field is not a self field
  class DispatchOther {
    constructor(public val: number) {}
  }
  assert.equal(objectToken(new DispatchLink(1, new DispatchOther(2) as unknown as DispatchLink)), '{val:f64,next:{val:f64}@DispatchOther}@DispatchLink');
  // the IR type of the token: the recursive shape, its next an object of that shape or null
  const t = objectTokenType(token)!;
  assert.equal(t.kind, 'object');
  const next = (t as { shape: { fields: readonly { name: string; type: unknown }[] } }).shape.fields[1]!;
  assert.deepEqual(next.type, { kind: 'object', shape: (t as { shape: unknown }).shape, nullable: true });
});

test('thisChecker on an array-of-objects field: every element keeps the element shape, its class, and absent names', () => {
  class Planet { constructor(public x: number, public m: number) {} }
  const token = thisToken({ bodies: [new Planet(1, 2), new Planet(3, 4)] })!;
  const check = thisChecker(token, true)!;
  const planets = (): Planet[] => [new Planet(0.5, 1), new Planet(-2, 3), new Planet(7, 0.25)];
  assert.equal(check({ bodies: planets() }), true, 'another array, more elements, same shape');
  assert.equal(check({ bodies: [] }), true, 'no element: compiled code reads none');
  const withElement = (k: number, e: unknown): { bodies: unknown[] } => {
    const bodies: unknown[] = planets();
    bodies[k] = e;
    return { bodies };
  };
  assert.equal(check(withElement(2, Object.assign(new Planet(1, 1), { m: 'heavy' }))), false, 'the last element\'s field is a string');
  assert.equal(check(withElement(1, { x: 1, m: 2 })), false, 'the same fields without the class');
  assert.equal(check(withElement(0, null)), false);
  assert.equal(check(withElement(2, 4)), false);
  const holey = planets();
  delete (holey as unknown[])[1];
  assert.equal(check({ bodies: holey }), false, 'a hole reads undefined');
  assert.equal(check({ bodies: { length: 1, 0: new Planet(1, 1) } }), false, 'an array-like object is no array');
  assert.equal(check({ bodies: new Float64Array(2) }), false);
  // A name compiled code reads as absent from the elements, noted after this checker was made, is tested too.
  const element = shapeOfToken(thisToken(new Planet(1, 2))!)!;
  assert.equal(readAbsent(element, 'spin'), true);
  assert.equal(check(withElement(1, Object.assign(new Planet(1, 1), { spin: 2.5 }))), true, 'an absent name now a number');
  assert.equal(check(withElement(1, Object.assign(new Planet(1, 1), { spin: 'fast' }))), false, 'an absent name now a string');
});

test('prototype fields: the checker tests each name read from the prototype (not own, same type); a changed type is another token', () => {
  function Grid(this: { n: number }) { this.n = 3; }
  Grid.prototype = { cells: new Float32Array(4), k: 2 };
  const proto = Grid.prototype as Record<string, unknown>;
  const o = new (Grid as unknown as new () => Record<string, unknown>)();
  const token = thisToken(o)!;
  assert.equal(token, '{n:f64}@anonymous', 'the object literal prototype has no own constructor');
  const check = thisChecker(token, true)!;
  // what compiling `this.cells`, `this.k` notes (infer/objects.ts)
  const shape = shapeOfToken(token)!;
  assert.deepEqual(readProtoField(shape, 'cells'), { kind: 'array', element: 'f32' });
  assert.deepEqual(readProtoField(shape, 'k'), { kind: 'f64' });
  assert.equal(check(o), true);
  proto.k = 5;
  assert.equal(check(o), true, 'another number');
  o.k = 1;
  assert.equal(check(o), false, 'an own k shadows the prototype\'s');
  assert.equal(thisToken(o), '{n:f64,k:f64}@anonymous');
  const p = new (Grid as unknown as new () => Record<string, unknown>)();
  assert.equal(thisToken(p), token);
  proto.cells = new Float64Array(4);
  assert.equal(check(p), false, 'the prototype holds a Float64Array now');
  assert.equal(thisToken(p), '{n:f64}@anonymous^{cells:Float64Array}');
  const fresh = (): Record<string, unknown> => new (Grid as unknown as new () => Record<string, unknown>)();
  proto.cells = 'none';
  assert.equal(thisToken(fresh()), '{n:f64}@anonymous^{cells:?other}');
  proto.cells = new Float32Array(1);
  assert.equal(thisToken(fresh()), token, 'the type compiled code read again: the first token');
});

// A refused call forgets how its objects were classified (forgetClassification, called by memojit.ts): the
// remembered token's checker tests only fields compiled code could use, so the fix went unseen before.
test('a receiver refused for what its prototype holds, then given the field as its own, compiles (the same object, as the error advises)', () => {
  class Noise {
    seed = 2;
    declare table: Float64Array;
    sample(i: number): number {
      return this.table[i]! * this.seed;
    }
  }
  Object.defineProperty(Noise.prototype, 'table', { configurable: true, get: () => new Float64Array([1, 2]) });
  const sample = memoJit(Noise.prototype.sample);
  const o = new Noise();
  assert.throws(() => sample.call(o, 1), /its prototype's 'table' holds a getter or setter/);
  // the fix the message asks for, on the same object: an own data field
  Object.defineProperty(o, 'table', { value: new Float64Array([3, -5]), writable: true, enumerable: true });
  assert.equal(thisToken(o), '{seed:f64,table:Float64Array}@Noise');
  assert.equal(sample.call(o, 1), -5 * 2);
});

test('an object argument refused while a field held null compiles once the field holds an array (the same object)', () => {
  function first(s: { out: Float64Array | null }): number {
    return s.out![0]!;
  }
  const compiled = memoJit(first);
  const state: { out: Float64Array | null } = { out: null };
  assert.throws(() => compiled(state), JitError);
  state.out = new Float64Array([-0, 1]);
  assert.ok(Object.is(compiled(state), first(state)), 'plain gives -0');
  assert.equal(objectToken(state), '{out:Float64Array}');
});

test('forgetClassification: the object is classified afresh, seeing a field given a usable value since', () => {
  const o: Record<string, unknown> = { x: 1, out: null };
  assert.equal(objectToken(o), '{x:f64,out:?null}');
  o.out = new Float64Array(2);
  assert.equal(objectToken(o), '{x:f64,out:?null}', 'remembered: the opaque field is not tested');
  forgetClassification(o);
  assert.equal(objectToken(o), '{x:f64,out:Float64Array}');
  forgetClassification(3);
  forgetClassification(null);
});

test('thisChecker with the names a specialization uses tests those fields only (and the function fields, always)', () => {
  const step = (x: number): number => x + 1;
  const make = (): Record<string, unknown> => ({ a: 1, table: [1, 2, 3], f: step, nested: { b: 2, c: [4] } });
  const token = thisToken(make())!;
  const full = thisChecker(token)!, used = thisChecker(token, false, new Set(['a', 'nested', 'b']))!;
  assert.equal(full(make()), true);
  assert.equal(used(make()), true);
  // a field no compiled code names, at the top or nested: only the full checker cares
  assert.equal(full({ ...make(), table: ['x'] }), false);
  assert.equal(used({ ...make(), table: ['x'] }), true);
  assert.equal(used({ ...make(), nested: { b: 2, c: 'no' } }), true);
  // a used field of another kind, a nested used field, or a function field replaced: rejected
  assert.equal(used({ ...make(), a: 'one' }), false);
  assert.equal(used({ ...make(), nested: { b: '2', c: [4] } }), false);
  assert.equal(used({ ...make(), f: (x: number) => x }), false);
  assert.equal(used(Object.freeze(make())), false, 'frozen since: classified again (not strict)');
  assert.equal(thisChecker(token, true, new Set(['a']))!(Object.freeze(make())), true, 'a strict method lets it through');
});
