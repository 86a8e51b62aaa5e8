// Object shapes (src/jit/ops/shapes.ts): the token makeShape writes for each kind of field (typed, nested,
// opaque with what it holds, read-only, a function by identity, a quoted key, the class after `@`), interning
// by token, shapeOfToken, the process-wide identity names (a second object of one label is `#2`, bad labels are
// `anonymous`), tokenHasIdentity, fieldOf, and the key spellings in tokens and generated JS, which must read
// exactly the named own field for any key; staticKey on parsed member expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fieldAccess, fieldOf, identityOf, isSelfField, keyText, makeShape, noteSelfField, shapeOfToken, staticKey, tokenHasIdentity, type ObjectField,
} from '../../../src/jit/ops/shapes.js';
import { parseFunction } from '../../../src/jit/frontend/parse.js';
import type { Node } from '../../../src/jit/frontend/parse.js';

const f64 = (name: string): ObjectField => ({ name, type: { kind: 'f64' } });

test('a token lists the fields in order, name:type, each type as compiled code names it', () => {
  const inner = makeShape([f64('y')]);
  const s = makeShape([
    f64('x'),
    { name: 'ok', type: { kind: 'bool' } },
    { name: 'v', type: { kind: 'array', element: 'f64' } },
    { name: 'w', type: { kind: 'array', element: 'u8c' } },
    { name: 'xs', type: { kind: 'array', element: 'num' } },
    { name: 'bs', type: { kind: 'array', element: 'bool' } },
    { name: 'p', type: { kind: 'object', shape: inner } },
    { name: 'ps', type: { kind: 'objects', shape: inner } },
  ]);
  assert.equal(s.token, '{x:f64,ok:bool,v:Float64Array,w:Uint8ClampedArray,xs:number[],bs:boolean[],p:{y:f64},ps:{y:f64}[]}');
  assert.equal(makeShape([]).token, '{}');
  assert.notEqual(makeShape([f64('a'), f64('b')]).token, makeShape([f64('b'), f64('a')]).token, 'order is part of the shape');
});

test('opaque fields say what they hold (or "other"); read-only fields are marked; odd keys are quoted', () => {
  const s = makeShape([
    { name: 'label', type: null, holds: 'a string' },
    { name: 'mystery', type: null },
    { name: 'k', type: { kind: 'f64' }, readonly: true },
    { name: 'a-b', type: { kind: 'f64' } },
    { name: '1st', type: { kind: 'f64' } },
  ]);
  assert.equal(s.token, '{label:?a string,mystery:?other,readonly k:f64,"a-b":f64,"1st":f64}');
});

test('a function field is named by identity: its name, numbered when another function had that name', () => {
  function integrandForShapeTest(x: number): number { return x; }
  const first = makeShape([{ name: 'f', type: null, holds: 'a function', fn: integrandForShapeTest }]);
  assert.equal(first.token, '{f:fn(integrandForShapeTest)}');
  const other = function integrandForShapeTest(x: number): number { return 2 * x; };
  assert.equal(makeShape([{ name: 'f', type: null, fn: other }]).token, '{f:fn(integrandForShapeTest#2)}');
  assert.equal(makeShape([{ name: 'f', type: null, fn: integrandForShapeTest }]), first, 'the same function: the same shape');
});

test('a class instance\'s shape ends with @ and its class; a prototype without an own constructor is anonymous', () => {
  class BodyForShapeTest { m = 1; }
  const s = makeShape([f64('m')], BodyForShapeTest.prototype);
  assert.equal(s.token, '{m:f64}@BodyForShapeTest');
  assert.equal(s.proto, BodyForShapeTest.prototype);
  assert.equal('proto' in makeShape([f64('m')]), false, 'a plain shape has no prototype');
  const bare = Object.create(null) as object;
  assert.match(makeShape([f64('m')], bare).token, /^\{m:f64\}@anonymous(#\d+)?$/);
});

test('shapes are interned by token: equal fields give the very same shape, found again by shapeOfToken', () => {
  const a = makeShape([f64('meanForIntern'), { name: 'n', type: { kind: 'f64' } }]);
  const b = makeShape([f64('meanForIntern'), f64('n')]);
  assert.equal(a, b);
  assert.equal(shapeOfToken('{meanForIntern:f64,n:f64}'), a);
  assert.equal(shapeOfToken('{neverMadeForShapeTest:f64}'), undefined);
  assert.deepEqual(a.fields.map((f) => f.name), ['meanForIntern', 'n']);
});

test('identityOf: one name per object; a second object of one label is #2, a third #3; a bad label is anonymous', () => {
  const p1 = {}, p2 = {}, p3 = {};
  assert.equal(identityOf(p1, 'LabelForIdentityTest'), 'LabelForIdentityTest');
  assert.equal(identityOf(p2, 'LabelForIdentityTest'), 'LabelForIdentityTest#2');
  assert.equal(identityOf(p1, 'LabelForIdentityTest'), 'LabelForIdentityTest', 'asked again');
  assert.equal(identityOf(p1, 'SomethingElse'), 'LabelForIdentityTest', 'the first label given stays');
  assert.equal(identityOf(p3, 'LabelForIdentityTest'), 'LabelForIdentityTest#3');
  for (const label of ['', 'has space', '1x', 'a-b', '{x}']) {
    assert.match(identityOf({}, label), /^anonymous(#\d+)?$/, JSON.stringify(label));
  }
});

test('tokenHasIdentity: a class or a function field in a token names this process', () => {
  assert.equal(tokenHasIdentity('{x:f64}@Point'), true);
  assert.equal(tokenHasIdentity('{p:{x:f64}@Point}'), true, 'a nested class instance');
  assert.equal(tokenHasIdentity('{f:fn(integrand)}'), true);
  assert.equal(tokenHasIdentity('(fn(dydt), f64) -> f64'), true);
  assert.equal(tokenHasIdentity('{x:f64,y:f64}'), false);
  assert.equal(tokenHasIdentity('{xs:number[],ps:{a:f64}[]}'), false);
  assert.equal(tokenHasIdentity('f64'), false);
});

test('fieldOf finds a field by name, or undefined', () => {
  const s = makeShape([f64('x'), { name: 'label', type: null, holds: 'a string' }]);
  assert.deepEqual(fieldOf(s, 'x'), f64('x'));
  assert.equal(fieldOf(s, 'label')?.type, null);
  assert.equal(fieldOf(s, 'z'), undefined);
  assert.equal(fieldOf(s, 'toString'), undefined);
});

test('keyText and fieldAccess: identifiers as written, any other key quoted; the generated read is the named field', () => {
  assert.equal(keyText('x'), 'x');
  assert.equal(keyText('$_a1'), '$_a1');
  assert.equal(keyText('a-b'), '"a-b"');
  assert.equal(keyText(''), '""');
  assert.equal(fieldAccess('o', 'x'), 'o.x');
  assert.equal(fieldAccess('o', 'n-seen'), 'o["n-seen"]');
  const names = ['x', '$y', '_z9', 'a-b', '1st', '', 'a b', 'quote"s', "it's", 'back\\slash', 'line\nbreak', 'sep\u2028x', 'ünï', 'class'];
  const o: Record<string, number> = {};
  names.forEach((n, i) => { o[n] = i; });
  names.forEach((n, i) => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const read = new Function('o', `"use strict"; return ${fieldAccess('o', n)};`) as (o: object) => unknown;
    assert.equal(read(o), i, `${JSON.stringify(n)} read as ${fieldAccess('o', n)}`);
    // the token's spelling is a valid object-literal key for the same name
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const literal = new Function(`"use strict"; return { ${keyText(n)}: 1 };`)() as Record<string, number>;
    assert.deepEqual(Object.keys(literal), [n]);
  });
});

test('staticKey: o.x and o[\'a-b\'] name a field; a computed key does not', () => {
  const member = (src: string): Node => {
    const fn = parseFunction(src);
    return (fn.body.body as Node[])[0]!.argument as Node;
  };
  assert.equal(staticKey(member('function f(o) { return o.x; }')), 'x');
  assert.equal(staticKey(member("function f(o) { return o['a-b']; }")), 'a-b');
  assert.equal(staticKey(member('function f(o) { return o["x"]; }')), 'x');
  assert.equal(staticKey(member('function f(o, i) { return o[i]; }')), undefined);
  assert.equal(staticKey(member('function f(o) { return o[1]; }')), undefined);
  assert.equal(staticKey(member('function f(o) { return o[`x`]; }')), undefined);
});

test('a self field: token next:self|null, its type the shape itself (or null), JSON as the token; noted per class', () => {
  class ShapesListNode {}
  const fields: ObjectField[] = [{ name: 'val', type: { kind: 'f64' } }, { name: 'next', type: null, self: true }];
  const shape = makeShape(fields, ShapesListNode.prototype);
  assert.equal(shape.token, '{val:f64,next:self|null}@ShapesListNode');
  assert.equal(makeShape(fields, ShapesListNode.prototype), shape, 'interned like any shape');
  const next = fieldOf(shape, 'next')!;
  assert.equal(next.self, true);
  assert.deepEqual(next.type, { kind: 'object', shape, nullable: true });
  assert.equal((next.type as { shape: unknown }).shape, shape, 'the cycle is the shape object itself');
  // the cycle would stop JSON.stringify; a recursive shape writes its token (signature keys, recorded types)
  assert.equal(JSON.stringify({ kind: 'object', shape }), '{"kind":"object","shape":"{val:f64,next:self|null}@ShapesListNode"}');
  assert.equal(tokenHasIdentity(shape.token), true);
  // the field list passed in is left as it was
  assert.equal(fields[1]!.type, null);
  // noteSelfField/isSelfField: per prototype and field name
  class ShapesOther {}
  assert.equal(isSelfField(ShapesListNode.prototype, 'next'), false);
  noteSelfField(ShapesListNode.prototype, 'next');
  assert.equal(isSelfField(ShapesListNode.prototype, 'next'), true);
  assert.equal(isSelfField(ShapesListNode.prototype, 'val'), false);
  assert.equal(isSelfField(ShapesOther.prototype, 'next'), false);
});
