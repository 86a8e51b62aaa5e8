/**
 * Lowering of objects (beside `lower.ts`, which calls these rules through {@link ObjectLowerHost}): `this`,
 * object literals, field reads and writes, elements of arrays of objects and `for…of` over them, to the nodes
 * of `ir/objects.ts`. Inference (`infer/objects.ts`) already checked every field and type.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { fieldOf, staticKey } from '../ops/shapes.js';
import { F64, I32, type Type } from '../types.js';
import { protoReadType } from '../ops/proto-fields.js';
import { isAbsentRead } from '../ops/absent-fields.js';
import type { Expr, Stmt } from '../ir.js';
import { frozenOf } from '../infer/outer.js';

/**
 * What these rules need from the lowering of one function.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * // Objects in, fields read and written in place, a new object out:
 * const step = memoJit(function step(bodies: Body[], dt: number) {
 *   let e = 0;
 *   for (const b of bodies) {
 *     b.x += b.v * dt;
 *     e += b.v * b.v;
 *   }
 *   return { e, first: bodies[0]!.x };
 * });
 * step([new Body(0, 1), new Body(1, 2)], 0.5); // → { e: 5, first: 0.5 }
 * const source = Object.values(step.inspect())[0]!;
 * source.includes('b.x = (b.x + (b.v * dt));'); // → true
 * source.includes('return ({ e: e, first: bodies[0].x });'); // → true
 * ```
 */
export interface ObjectLowerHost {
  expr(node: Node): Expr;
  typeAt(node: Node): Type;
  coerce(e: Expr, type: Type, at: Node): Expr;
  once(e: Expr, out: Stmt[], base: string): Expr;
  arith(op: string, l: Expr, r: Expr, type: Type, rightNode: Node, e: Node): Expr;
  fail(message: string, node: Node, construct: string): never;
  /** The hidden parameter holding `this` in a method compiled as a callee (`infer/methods.ts`). */
  receiver?(): string | undefined;
}

function fieldType(h: ObjectLowerHost, object: Expr, name: string, at: Node): Type {
  const t = object.type;
  const f = t.kind === 'object' ? fieldOf(t.shape, name) : undefined;
  // a field that held null when called, given a value by the code: its type there (`infer/field-facts.ts`)
  if (f && !f.type && !f.fn && (f.holds === 'null' || f.holds === 'undefined')) return h.typeAt(at);
  // a field the object lacks, read as JS reads it (ops/absent-fields.ts): a number or undefined
  if (!f && t.kind === 'object' && isAbsentRead(t.shape, name)) return F64;
  // a field the object inherits, read through it as JS does (ops/proto-fields.ts)
  const inherited = !f && t.kind === 'object' ? protoReadType(t.shape, name) : undefined;
  if (inherited) return inherited;
  if (!f?.type) return h.fail(`internal: no field '${name}' was inferred here`, at, `.${name}`);
  return f.type;
}

/**
 * `this` and object literals; undefined for other nodes.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * // Objects in, fields read and written in place, a new object out:
 * const step = memoJit(function step(bodies: Body[], dt: number) {
 *   let e = 0;
 *   for (const b of bodies) {
 *     b.x += b.v * dt;
 *     e += b.v * b.v;
 *   }
 *   return { e, first: bodies[0]!.x };
 * });
 * step([new Body(0, 1), new Body(1, 2)], 0.5); // → { e: 5, first: 0.5 }
 * const source = Object.values(step.inspect())[0]!;
 * source.includes('b.x = (b.x + (b.v * dt));'); // → true
 * source.includes('return ({ e: e, first: bodies[0].x });'); // → true
 * ```
 */
export function lowerObjectExpr(h: ObjectLowerHost, e: Node): Expr | undefined {
  if (e.type === 'ThisExpression') {
    const receiver = h.receiver?.();
    return receiver ? { op: 'local', type: h.typeAt(e), name: receiver } : { op: 'this', type: h.typeAt(e) };
  }
  if (e.type !== 'ObjectExpression') return undefined;
  const type = h.typeAt(e);
  if (type.kind !== 'object') return h.fail('internal: an object literal was not typed as an object', e, 'object literal');
  const values = (e.properties as Node[]).map((p) => h.expr(p.value as Node));
  const fields = type.shape.fields.map((f, i) => ({ name: f.name, value: h.coerce(values[i]!, f.type!, (e.properties as Node[])[i]!) }));
  return { op: 'object', type, fields };
}

/**
 * `new C(…)` of a class from outside (`infer/classes.ts`): the class's own constructor, bound as a module global.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * const make = memoJit(function make(n: number) {
 *   return new Body(n, 2 * n);
 * });
 * make(3) instanceof Body; // → true
 * // The class is bound into the generated module by reference:
 * Object.values(make.inspect())[0]!.includes('return new $g'); // → true
 * ```
 */
export function lowerConstruct(h: ObjectLowerHost, e: Node): Expr | undefined {
  const type = h.typeAt(e);
  const bound = frozenOf(e.callee as Node);
  if (type.kind !== 'object' || bound?.kind !== 'class') return undefined;
  return { op: 'construct', type, ctor: bound.global, args: (e.arguments as Node[]).map((a) => h.expr(a)) };
}

/**
 * `o.name` on an object, `.length` of an array of objects; undefined when `o` is neither.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * // Objects in, fields read and written in place, a new object out:
 * const step = memoJit(function step(bodies: Body[], dt: number) {
 *   let e = 0;
 *   for (const b of bodies) {
 *     b.x += b.v * dt;
 *     e += b.v * b.v;
 *   }
 *   return { e, first: bodies[0]!.x };
 * });
 * step([new Body(0, 1), new Body(1, 2)], 0.5); // → { e: 5, first: 0.5 }
 * const source = Object.values(step.inspect())[0]!;
 * source.includes('b.x = (b.x + (b.v * dt));'); // → true
 * source.includes('return ({ e: e, first: bodies[0].x });'); // → true
 * ```
 */
export function lowerField(h: ObjectLowerHost, e: Node, o: Expr, name: string): Expr | undefined {
  if (o.type.kind === 'objects' && name === 'length') return { op: 'length', type: I32, array: o };
  if (o.type.kind !== 'object') return undefined;
  return { op: 'field', type: fieldType(h, o, name, e), object: o, name };
}

/**
 * `xs[i]` on an array of objects; undefined for other arrays.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * // Objects in, fields read and written in place, a new object out:
 * const step = memoJit(function step(bodies: Body[], dt: number) {
 *   let e = 0;
 *   for (const b of bodies) {
 *     b.x += b.v * dt;
 *     e += b.v * b.v;
 *   }
 *   return { e, first: bodies[0]!.x };
 * });
 * step([new Body(0, 1), new Body(1, 2)], 0.5); // → { e: 5, first: 0.5 }
 * const source = Object.values(step.inspect())[0]!;
 * source.includes('b.x = (b.x + (b.v * dt));'); // → true
 * source.includes('return ({ e: e, first: bodies[0].x });'); // → true
 * ```
 */
export function lowerObjectAt(o: Expr, index: Expr): Expr | undefined {
  if (o.type.kind !== 'objects') return undefined;
  return { op: 'objectAt', type: o.type.nullable ? { kind: 'object', shape: o.type.shape, nullable: true } : { kind: 'object', shape: o.type.shape }, array: o, index };
}

/**
 * `o.name op= right` (op `''` for `=`): the object is evaluated once, as JS does. `recordAt` holds the new
 * value's inferred type. Returns false when the target is not a field of an object.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * // Objects in, fields read and written in place, a new object out:
 * const step = memoJit(function step(bodies: Body[], dt: number) {
 *   let e = 0;
 *   for (const b of bodies) {
 *     b.x += b.v * dt;
 *     e += b.v * b.v;
 *   }
 *   return { e, first: bodies[0]!.x };
 * });
 * step([new Body(0, 1), new Body(1, 2)], 0.5); // → { e: 5, first: 0.5 }
 * const source = Object.values(step.inspect())[0]!;
 * source.includes('b.x = (b.x + (b.v * dt));'); // → true
 * source.includes('return ({ e: e, first: bodies[0].x });'); // → true
 * ```
 */
export function lowerFieldAssign(h: ObjectLowerHost, e: Node, op: string, right: Node, out: Stmt[], recordAt: Node): boolean {
  const target = e.left as Node;
  if (target.type !== 'MemberExpression') return false;
  const name = staticKey(target);
  if (name === undefined) return false;
  const object = h.once(h.expr(target.object as Node), out, 'o');
  if (object.type.kind !== 'object') return false;
  const type = fieldType(h, object, name, target);
  const current: Expr = { op: 'field', type, object, name };
  const value = op === '' ? h.expr(right) : h.arith(op, current, h.expr(right), h.typeAt(recordAt), right, e);
  out.push({ kind: 'fieldStore', object, name, value: h.coerce(value, type, e), span: { start: e.start, end: e.end } });
  return true;
}

/**
 * The length and element of `for (const b of xs)` over an array of objects; undefined for other iterables.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   declare x: number;
 *   declare v: number;
 *   constructor(x: number, v: number) {
 *     this.x = x;
 *     this.v = v;
 *   }
 * }
 * // Objects in, fields read and written in place, a new object out:
 * const step = memoJit(function step(bodies: Body[], dt: number) {
 *   let e = 0;
 *   for (const b of bodies) {
 *     b.x += b.v * dt;
 *     e += b.v * b.v;
 *   }
 *   return { e, first: bodies[0]!.x };
 * });
 * step([new Body(0, 1), new Body(1, 2)], 0.5); // → { e: 5, first: 0.5 }
 * const source = Object.values(step.inspect())[0]!;
 * source.includes('b.x = (b.x + (b.v * dt));'); // → true
 * source.includes('return ({ e: e, first: bodies[0].x });'); // → true
 * ```
 */
export function objectsForOf(source: Expr, index: Expr): { length: Expr; item: Expr } | undefined {
  if (source.type.kind !== 'objects') return undefined;
  return { length: { op: 'length', type: I32, array: source }, item: lowerObjectAt(source, index)! };
}
