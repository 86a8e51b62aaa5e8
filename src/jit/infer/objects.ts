/**
 * Inference rules for objects (`ops/shapes.ts`): `this`, field reads and writes (`p.x += p.vx * dt`),
 * elements of arrays of objects (`bodies[i]`), object literals (`return { mean, std }`), and the located errors
 * for what compiled code does not do with objects (methods, missing fields, fields of other kinds).
 *
 * Objects are references, as in JS: compiled code reads and writes the caller's own objects, so aliasing
 * behaves as in the plain function; fields keep the type the shape gives them for the whole call.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { CALLBACK_METHODS } from '../ops/callbacks.js';
import { BOOL, F64, typeName, type Type } from '../types.js';
import { fieldOf, makeShape, noteSelfField, staticKey, type ObjectField, type ObjectShape } from '../ops/shapes.js';
import { readAbsent, readUndefinedField } from '../ops/absent-fields.js';
import { protoHolds, protoReadRefused, readProtoField } from '../ops/proto-fields.js';
import { MAX_LENGTH, avOfType, describeAV, numAV, type AV } from './lattice.js';
import type { State } from './flow.js';

/**
 * What these rules need from the analysis that calls them.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT, describeAV } from './lattice.js';
 * import { objectLiteral, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * describeAV(objectLiteral(host, parseFunction('(p, dt) => ({ x: p.x, t: dt })').body, [])); // → '{x:f64,t:f64}'
 * ```
 */
export interface ObjectHost {
  /** Infers an expression (recording its value). */
  expr(e: Node, state: State): AV;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
}

const USABLE = 'numbers, booleans, typed arrays, number[]/boolean[], objects and arrays of objects';

/**
 * The value of `this`: the receiver's shape in the method memoJit compiles; an error anywhere else.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT } from './lattice.js';
 * import { thisValue, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * const self = parseFunction('function step(dt) { this.x += this.v * dt; }').body.body[0].expression.left.object;
 * thisValue(host, self, point) === point; // → true
 * // Not called on an object (an inner function, a callee):
 * thisValue(host, self, undefined); // → throws Error: `this` is only compiled in the method memoJit decorates…
 * ```
 */
export function thisValue(host: ObjectHost, e: Node, thisArg: AV | undefined): AV {
  if (thisArg) return thisArg;
  return host.fail(
    '`this` is only compiled in the method memoJit decorates, called on an object; inner functions and the functions it calls cannot use it (pass the object as an argument)',
    e,
    'this',
  );
}

/** The type a value has as a field: numbers are always f64 (a field may later hold any number). */
function fieldType(host: ObjectHost, v: AV, at: Node, name: string): Type {
  switch (v.k) {
    case 'num':
      return F64;
    case 'bool':
      return BOOL;
    case 'array':
      return { kind: 'array', element: v.element };
    case 'obj':
      return { kind: 'object', shape: v.shape };
    case 'objs':
      return v.nullable ? { kind: 'objects', shape: v.shape, nullable: true } : { kind: 'objects', shape: v.shape };
    case 'matrix':
      // a new object's number[][] (`return { labels, centroids }`): the rows object itself, for the caller; compiled
      // code does not read it back (usableField), since a matrix is known by the local or parameter holding it
      if (v.layout === 'nested') return { kind: 'matrix', layout: 'nested' };
      return host.fail(`object fields hold ${USABLE}, not ${describeAV(v)}`, at, `field ${name}`);
    case 'tuple':
      // `{ b: [1, 2, 3] }`: a literal of numbers reads as a number[] to the user, who should learn what works instead
      return host.fail(`object fields hold ${USABLE}, not ${describeAV(v)}: an array literal written in place is a fixed tuple to compiled code; build the array first and give the field its name (\`const b = new Array(3).fill(0); b[0] = 1; …; const o = { a, b }\`) or pass a typed array as an argument`, at, `field ${name}`);
    default:
      return host.fail(`object fields hold ${USABLE}, not ${describeAV(v)}`, at, `field ${name}`);
  }
}

/**
 * `{ mean, std: s, 'n': k }`: a new object whose shape lists the keys in the order written.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT, describeAV } from './lattice.js';
 * import { objectLiteral, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * describeAV(objectLiteral(host, parseFunction('(m, s) => ({ mean: m, std: s })').body, [])); // → '{mean:f64,std:f64}'
 * ```
 */
export function objectLiteral(host: ObjectHost, e: Node, state: State): AV {
  const fields: ObjectField[] = [];
  for (const p of e.properties as Node[]) {
    if (p.type !== 'Property') host.fail('spread in object literals is not supported; list the fields', p, 'object spread');
    if (p.kind !== 'init' || p.method) host.fail('object literals in compiled code hold data fields, not methods, getters or setters', p, 'method in an object literal');
    const key = p.key as Node;
    let name: string;
    if (!p.computed && key.type === 'Identifier') name = key.name as string;
    else if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) name = String(key.value);
    else return host.fail('object keys must be names or literal strings', key, 'computed key');
    if (/^(?:0|[1-9]\d*)$/.test(name)) host.fail('integer keys reorder an object\'s fields in JS; use a name', key, `key ${name}`);
    if (name === '__proto__') host.fail('`__proto__` in an object literal sets its prototype; compiled objects are plain records', key, 'key __proto__');
    if (fields.some((f) => f.name === name)) host.fail(`the key '${name}' is written twice`, key, `key ${name}`);
    const value = p.value as Node;
    if (value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') {
      host.fail('object literals in compiled code hold data fields, not functions', value, 'method in an object literal');
    }
    fields.push({ name, type: fieldType(host, host.expr(value, state), value, name) });
  }
  return { k: 'obj', shape: makeShape(fields) };
}

/** `this.#x` names a private field, never the public `x`: compiled code does not reach private fields. */
function noPrivate(host: ObjectHost, member: Node, o: AV): void {
  if ((o.k === 'obj' || o.k === 'objs') && (member.property as Node).type === 'PrivateIdentifier') {
    host.fail(`private fields and methods (#${member.property.name as string}) are not compiled; make the field public, or pass its value as an argument`, member, `#${member.property.name as string}`);
  }
}

function fieldList(shape: ObjectShape): string {
  return shape.fields.length ? shape.fields.map((f) => f.name).join(', ') : 'none';
}

/** The field `name` of `shape`, usable by compiled code, or a located error saying why not. */
function usableField(host: ObjectHost, shape: ObjectShape, name: string, at: Node, writing: boolean): Type {
  const f = fieldOf(shape, name);
  // a field the object inherits from its class's prototype reads the prototype's value, as in JS (ops/proto-fields.ts)
  const inherited = !f && !writing ? readProtoField(shape, name) : undefined;
  if (inherited) return inherited;
  // a field the object does not have reads undefined, as in JS: a number-or-undefined (ops/absent-fields.ts)
  if (!f && !writing && readAbsent(shape, name)) return F64;
  if (!f) {
    const onProto = protoHolds(shape, name);
    const refused = onProto && protoReadRefused(shape);
    if (refused && !writing) host.fail(`the object has no own field '${name}' (its fields: ${fieldList(shape)}), and compiled code does not read its prototype's '${name}' here: ${refused}`, at, `.${name}`);
    return host.fail(
      writing
        ? `the object has no field '${name}' (its fields: ${fieldList(shape)}); adding a field changes its shape${onProto ? ` (in JS this write would shadow its prototype's '${name}')` : ''}: give the object every field before the call`
        : onProto
          ? `the object has no own field '${name}' (its fields: ${fieldList(shape)}), and its prototype's '${name}' holds ${onProto}; compiled code reads prototype fields holding numbers, booleans, typed arrays and number[]/boolean[]`
          : `the object has no own field '${name}' (its fields: ${fieldList(shape)}); plain JS would read undefined or its prototype's '${name}', which compiled code does not`,
      at,
      `.${name}`,
    );
  }
  // a field holding undefined reads undefined, as in JS: a number-or-undefined (ops/absent-fields.ts)
  if (!f.type && !writing && readUndefinedField(shape, name)) return F64;
  if (!f.type) return host.fail(`the field '${name}' holds ${f.holds}; compiled code uses fields holding ${USABLE}${f.holds === 'undefined' ? ' (it reads one holding undefined; give the field a number before the call to write it)' : ''}`, at, `.${name}`);
  if (f.type.kind === 'matrix') return host.fail(`the field '${name}' holds a number[][], which compiled code puts into new objects but does not read back; keep it in a variable`, at, `.${name}`);
  return f.type;
}

/**
 * `o.name` on an object, or `.length` of an array of objects; undefined when `o` is neither.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT } from './lattice.js';
 * import { fieldRead, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * const read = parseFunction('(p, dt) => p.x + p.v * dt').body.left; // `p.x`
 * fieldRead(host, read, point, 'x'); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * ```
 */
export function fieldRead(host: ObjectHost, e: Node, o: AV, name: string): AV | undefined {
  noPrivate(host, e, o);
  if (o.k === 'objs') {
    if (name === 'length') return numAV(0, MAX_LENGTH, true);
    return host.fail(`an array of objects has no property '${name}' in compiled code (index it: xs[i].${name})`, e, `.${name}`);
  }
  if (o.k !== 'obj') return undefined;
  return avOfType(usableField(host, o.shape, name, e, false), name);
}

/**
 * `xs[i]` on an array of objects: the element (an index outside the array gives `undefined` in JS, and so
 * the same TypeError on its first field access as the plain function).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT, describeAV } from './lattice.js';
 * import { elementRead, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * const points = { k: 'objs', shape: point.shape } as const;
 * describeAV(elementRead(host, parseFunction('(ps, i) => ps[i]').body, points, FLOAT)!); // → '{x:f64,v:f64}'
 * ```
 */
export function elementRead(host: ObjectHost, e: Node, o: AV, index: AV): AV | undefined {
  if (o.k !== 'objs') return undefined;
  if (index.k !== 'num') host.fail(`indices must be numbers, not ${describeAV(index)}`, e.property, 'index');
  return o.nullable ? { k: 'obj', shape: o.shape, nullable: true } : { k: 'obj', shape: o.shape };
}

/**
 * Checks `o.name = value` (or `o.name op= value`, whose new value is `value`): the field exists and keeps its
 * type. Returns false when `target` is not a field of an object, so other rules apply.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT } from './lattice.js';
 * import { fieldWrite, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * const assign = parseFunction('(p, dt) => { p.x = p.x + dt; }').body.body[0].expression;
 * fieldWrite(host, assign, assign.left, FLOAT, []); // → true
 * fieldWrite(host, assign, assign.left, { k: 'bool' }, []); // → throws Error: the field 'x' holds f64; compiled code keeps each field's type, and this writes a boolean
 * ```
 */
export function fieldWrite(host: ObjectHost, e: Node, target: Node, value: AV, state: State): boolean {
  if (target.type !== 'MemberExpression') return false;
  const o = host.expr(target.object, state);
  noPrivate(host, target, o);
  const name = staticKey(target);
  if (name === undefined) {
    if (o.k === 'objs') host.fail(`an array of objects holds objects of its one shape (${describeAV(o)}) in compiled code, and this stores ${describeAV(value)}`, target, 'element assignment');
    return false;
  }
  if (o.k === 'objs') host.fail(`an array of objects has no property '${name}' to write`, target, `.${name}`);
  if (o.k !== 'obj') return false;
  const type = usableField(host, o.shape, name, target, true);
  if (fieldOf(o.shape, name)?.readonly) {
    host.fail(`the field '${name}' is read-only (a frozen object, or defined non-writable): plain JS would ignore or reject the write`, target, `assignment to .${name}`);
  }
  const fits =
    (type.kind === 'f64' && value.k === 'num') ||
    (type.kind === 'bool' && value.k === 'bool') ||
    (type.kind === 'array' && value.k === 'array' && value.element === type.element) ||
    ((type.kind === 'object' && value.k === 'obj' && (type.nullable || !value.nullable)) || (type.kind === 'objects' && value.k === 'objs' && (type.nullable || !value.nullable))) && value.shape.token === type.shape.token ||
    (type.kind === 'object' && type.nullable === true && value.k === 'null');
  if (!fits) {
    host.fail(`the field '${name}' holds ${typeName(type)}; compiled code keeps each field's type, and this writes ${describeAV(value)}`, e, `assignment to .${name}`);
  }
  // an instance linked into a self field: from now on one passed in with `next: null` has this shape too
  // (dispatch/objects.ts); noted at a link, not at `this.next = null`, which a field for other things may do
  if (value.k === 'obj' && o.shape.proto && fieldOf(o.shape, name)?.self) noteSelfField(o.shape.proto, name);
  return true;
}

/**
 * The located error for `o.m(…)` on an object: compiled code does not call methods.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT } from './lattice.js';
 * import { methodCall, type ObjectHost } from './objects.js';
 *
 * const point = { k: 'obj', shape: makeShape([{ name: 'x', type: F64 }, { name: 'v', type: F64 }]) } as const;
 * // A host for functions of `(p, dt)`: `p` is the point, anything else a number.
 * const host: ObjectHost = { expr: (n) => (n.type === 'Identifier' && n.name === 'p' ? point : FLOAT), fail: (m) => { throw new Error(m); } };
 * methodCall(host, parseFunction('(p) => p.step()').body, point, 'step'); // → throws Error: compiled code does not call methods of objects (the method step())…
 * ```
 */
export function methodCall(host: ObjectHost, e: Node, o: AV, name: string): void {
  if (o.k !== 'obj' && o.k !== 'objs') return;
  noPrivate(host, e.callee as Node, o);
  if (o.k === 'objs') {
    // an array of objects: its array methods (`ps.reduce((a, p) => a + p.m, 0)`) are not its objects' methods
    host.fail(`an array of objects has no method '${name}' in compiled code (push, ${Object.keys(CALLBACK_METHODS).join(', ')}); write it as a loop over its objects (for (const p of ${(e.callee as Node).object.type === 'Identifier' ? (e.callee as Node).object.name as string : 'ps'}) { … }), which compiles`, e, `.${name}()`);
  }
  const f = o.k === 'obj' ? fieldOf(o.shape, name) : undefined;
  const what = f && !f.type ? `a function field ('${name}' holds ${f.holds})` : `the method ${name}()`;
  host.fail(
    `compiled code does not call methods of objects (${what}); write what it does as a function taking the object (function ${name}(self, …) { … }) and call it by name, or call the method outside compiled code`,
    e,
    `.${name}()`,
  );
}

/**
 * The element of `for (const b of bodies)` over an array of objects, or undefined for other iterables.
 *
 * @example
 * ```ts
 * import { makeShape } from '../ops/shapes.js';
 * import { F64 } from '../types.js';
 * import { FLOAT, describeAV } from './lattice.js';
 * import { forOfItem } from './objects.js';
 *
 * const points = { k: 'objs', shape: makeShape([{ name: 'x', type: F64 }]) } as const;
 * describeAV(forOfItem(points)!); // → '{x:f64}'
 * forOfItem(FLOAT); // → undefined
 * ```
 */
export function forOfItem(iterable: AV): AV | undefined {
  if (iterable.k !== 'objs') return undefined;
  return iterable.nullable ? { k: 'obj', shape: iterable.shape, nullable: true } : { k: 'obj', shape: iterable.shape };
}
