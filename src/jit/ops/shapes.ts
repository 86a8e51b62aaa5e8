/**
 * Object shapes, as numba's records and `jitclass` give them: the field names of a plain object (or class
 * instance, or `this`) in their own order, each with the type compiled code may use it at. A shape is named by
 * its token (`{x:f64,y:f64,v:Float64Array}`), which is also the signature the dispatcher caches under, so two
 * objects with the same fields in the same order share one specialization and any other order or type is
 * another specialization.
 *
 * Numbers in fields are always `f64`: a field is storage the code may write any number into, so no `i32`
 * proof about it would survive a call. A field holding something compiled code cannot use (a string, a
 * function, `null`, a nested `number[][]`) stays in the shape as *opaque*: the object still compiles, and only
 * code that touches that field gets a located error naming it.
 *
 * @module
 */
import { typeName, type Type } from '../types.js';
import type { Node } from '../frontend/parse.js';

/**
 * One field of a shape: its name and type, or `type: null` with what it holds when compiled code cannot use it.
 *
 * @example
 * ```ts
 * import type { ObjectField } from 'numbat/jit';
 *
 * const f: ObjectField = { name: 'x', type: { kind: 'f64' } };
 * const g: ObjectField = { name: 'label', type: null, holds: 'a string' }; // compiled code cannot read it
 * ```
 */
export interface ObjectField {
  /** The property name (an own, enumerable string key). */
  readonly name: string;
  /** Its type in compiled code, or null for an opaque field. */
  readonly type: Type | null;
  /** For an opaque field: what it holds, for messages (`'a string'`, `'a function'`). */
  readonly holds?: string;
  /** Not writable (a frozen object's field): compiled code, which is strict, only reads it. */
  readonly readonly?: boolean;
  /**
   * For a field holding a function: that function. Its identity is part of the token (`f:fn#2`), so compiled
   * code may call it (`o.f(x)`, `this.deriv(…)`) as the function it is, checked by identity on each call.
   */
  readonly fn?: object;
  /**
   * The field holds `null` or an object of this same shape, as a linked list's `next` (token `next:self|null`):
   * give `type: null`, and `makeShape` sets `type` to that nullable object type, the shape itself.
   */
  readonly self?: boolean;
}

/**
 * The shape of an object: its fields in order, and the token naming it.
 *
 * @example
 * ```ts
 * import { makeShape, type ObjectShape } from './shapes.js';
 *
 * const s: ObjectShape = makeShape([{ name: 'x', type: { kind: 'f64' } }, { name: 'y', type: { kind: 'f64' } }]);
 * s.token; // → '{x:f64,y:f64}'
 * ```
 */
export interface ObjectShape {
  /** `{name:type,…}`: equal tokens are equal shapes (the dispatcher's cache key). */
  readonly token: string;
  /** Own enumerable fields, in the object's key order. */
  readonly fields: readonly ObjectField[];
  /**
   * The prototype of a class instance (not `Object.prototype`, `Function.prototype` or `null`): part of the
   * token (`{…}@Point`), so methods (`this.step()`) resolve through it at compile time.
   */
  readonly proto?: object;
}

const identities = new WeakMap<object, string>();
const perLabel = new Map<string, number>();

/**
 * A process-wide name for an object's identity, made of `label` (`Point`, `fn`) and, for a second object of the
 * same label, a number (`Point#2`): the part of a token that says which prototype or function it is.
 *
 * @example
 * ```ts
 * import { identityOf } from './shapes.js';
 *
 * // Two classes both named Point get two names, so their instances never share a specialization.
 * class Point { x = 0; }
 * const Other = class Point { y = 0; };
 * const first = identityOf(Point.prototype, 'Point');
 * first; // → 'Point…'
 * identityOf(Point.prototype, 'Point') === first; // → true
 * identityOf(Other.prototype, 'Point') === first; // → false
 * ```
 */
export function identityOf(x: object, label: string): string {
  let id = identities.get(x);
  if (id === undefined) {
    const clean = /^[A-Za-z_$][\w$]*$/.test(label) ? label : 'anonymous';
    const n = (perLabel.get(clean) ?? 0) + 1;
    perLabel.set(clean, n);
    identities.set(x, (id = n === 1 ? clean : `${clean}#${n}`));
  }
  return id;
}

/**
 * Whether a token names identities of this process (a class's prototype, a function in a field): such a
 * specialization is never kept in the persistent cache, where another process's `Point` may be another class.
 *
 * @example
 * ```ts
 * import { tokenHasIdentity } from './shapes.js';
 *
 * tokenHasIdentity('{x:f64}@Point'); // → true
 * tokenHasIdentity('(fn(dydt), f64) -> f64'); // → true
 * tokenHasIdentity('{x:f64,y:f64}'); // → false
 * ```
 */
export function tokenHasIdentity(token: string): boolean {
  return token.includes('}@') || token.includes('fn(');
}

/** The label of a function: its name. */
function fnLabel(fn: object): string {
  const name = (fn as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : 'fn';
}

/** The label of a prototype: its constructor's name. */
function protoLabel(proto: object): string {
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as { name?: unknown } | undefined;
  return typeof ctor?.name === 'string' && ctor.name ? ctor.name : 'anonymous';
}

const interned = new Map<string, ObjectShape>();

/**
 * The one shape object of these fields (interned by token, so shapes compare by identity or token alike).
 *
 * @example
 * ```ts
 * import { makeShape } from './shapes.js';
 *
 * makeShape([{ name: 'mean', type: { kind: 'f64' } }]) === makeShape([{ name: 'mean', type: { kind: 'f64' } }]); // → true
 * // `inherits`: what the prototype holds where it no longer holds what compiled code read (ops/proto-fields.ts)
 * makeShape([], Object.create(null), 'grad:Float64Array').token; // → '{}@anonymous…^{grad:Float64Array}'
 * ```
 */
export function makeShape(fields: readonly ObjectField[], proto?: object, inherits?: string): ObjectShape {
  const field = (f: ObjectField): string => (f.self ? 'self|null' : f.type ? typeName(f.type) : f.fn ? `fn(${identityOf(f.fn, fnLabel(f.fn))})` : `?${f.holds ?? 'other'}`);
  const token = `{${fields.map((f) => `${f.readonly ? 'readonly ' : ''}${keyText(f.name)}:${field(f)}`).join(',')}}${proto ? `@${identityOf(proto, protoLabel(proto))}` : ''}${inherits ? `^{${inherits}}` : ''}`;
  let shape = interned.get(token);
  if (shape) return shape;
  if (!fields.some((f) => f.self)) {
    interned.set(token, (shape = { token, fields, ...(proto ? { proto } : {}) }));
    return shape;
  }
  // a recursive shape: its self fields' type is the shape itself, so the object graph has a cycle, which
  // JSON.stringify (signature keys, recorded argument types) reads as the token
  const own: ObjectField[] = [];
  const recursive: ObjectShape = { token, fields: own, ...(proto ? { proto } : {}) };
  Object.defineProperty(recursive, 'toJSON', { value: () => token });
  for (const f of fields) own.push(f.self ? { ...f, type: { kind: 'object', shape: recursive, nullable: true } } : f);
  interned.set(token, recursive);
  return recursive;
}

const selfFields = new WeakMap<object, Set<string>>();

/**
 * Notes that instances of the class with prototype `proto` hold null or another instance in `name` (compiled code
 * linked one there, `infer/objects.ts`), so an instance passed in with `next: null` has the same shape as the nodes
 * compiled code builds ({@link isSelfField}, read by `dispatch/objects.ts`).
 *
 * @example
 * ```ts
 * import { isSelfField, noteSelfField } from './shapes.js';
 *
 * class Node { next: Node | null = null; }
 * isSelfField(Node.prototype, 'next'); // → false
 * noteSelfField(Node.prototype, 'next');
 * isSelfField(Node.prototype, 'next'); // → true
 * ```
 */
export function noteSelfField(proto: object, name: string): void {
  let names = selfFields.get(proto);
  if (!names) selfFields.set(proto, (names = new Set()));
  names.add(name);
}

/**
 * Whether {@link noteSelfField} noted `name` for instances of `proto`.
 *
 * @example
 * ```ts
 * import { isSelfField, noteSelfField } from './shapes.js';
 *
 * class Disk { next: Disk | null = null; }
 * noteSelfField(Disk.prototype, 'next');
 * [isSelfField(Disk.prototype, 'next'), isSelfField(Disk.prototype, 'size')]; // → [ true, false ]
 * ```
 */
export function isSelfField(proto: object, name: string): boolean {
  return selfFields.get(proto)?.has(name) === true;
}

/** The shape of a token made by {@link makeShape}, if one was made in this process. */
export function shapeOfToken(token: string): ObjectShape | undefined {
  return interned.get(token);
}

/**
 * The field called `name`, if the shape has it.
 *
 * @example
 * ```ts
 * import { fieldOf, makeShape } from './shapes.js';
 *
 * const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }]);
 * fieldOf(shape, 'x')?.type; // → { kind: 'f64' }
 * fieldOf(shape, 'z'); // → undefined
 * ```
 */
export function fieldOf(shape: ObjectShape, name: string): ObjectField | undefined {
  return shape.fields.find((f) => f.name === name);
}

/** A key as written in a token or an object literal: quoted when it is not a plain identifier. */
export function keyText(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Reads `name` of `object` in generated JS: `o.x`, or `o["a-b"]` for other keys. */
export function fieldAccess(object: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/**
 * The field a member expression names statically: `o.x`, or `o['n-seen']` with a string literal; undefined for
 * computed keys (`xs[i]`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { staticKey } from './shapes.js';
 *
 * // The member expression of `return o['a-b']`:
 * const member = parseFunction("function f(o) { return o['a-b']; }").body.body[0].argument;
 * staticKey(member); // → 'a-b'
 * ```
 */
export function staticKey(member: Node): string | undefined {
  if (!member.computed) return member.property.name as string;
  const key = member.property as Node;
  return key.type === 'Literal' && typeof key.value === 'string' ? key.value : undefined;
}
