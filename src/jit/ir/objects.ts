/**
 * The IR nodes of objects (see `ops/shapes.ts`), kept beside `ir.ts`, whose unions include them.
 *
 * Objects are references with JS semantics in every node: a field read is JS `o.name` (an object that is
 * `undefined` throws the same TypeError as the plain code), a field write is JS `o.name = value` (the value as
 * is, never converted), `objectAt` is JS `xs[i]` on an array of objects (`undefined` outside it). A backend
 * without references (WGSL) rejects them.
 *
 * @module
 */
import type { Type } from '../types.js';
import type { Expr, Span } from '../ir.js';

/** `this` of the entry function (an `object` type). */
export interface ThisRef {
  /** Discriminant. */
  readonly op: 'this';
  /** The receiver's `object` type. */
  readonly type: Type;
}
/** `object.name`: a field of an `object`-typed expression, of the field's type. */
export interface FieldGet {
  /** Discriminant. */
  readonly op: 'field';
  /** The field's type in the object's shape (`f64`, `bool`, `array`, `object`, `objects`). */
  readonly type: Type;
  /** An `object`-typed expression, evaluated first. */
  readonly object: Expr;
  /** The property name. */
  readonly name: string;
}
/** `{ a: x, b: y }`: a new object, its fields in this order, values evaluated left to right. */
export interface MakeObject {
  /** Discriminant. */
  readonly op: 'object';
  /** The `object` type built. */
  readonly type: Type;
  /** Fields in the shape's order, each of the field's type. */
  readonly fields: ReadonlyArray<{
    /** The key, as written. */
    readonly name: string;
    /** Its value. */
    readonly value: Expr;
  }>;
}
/** `array[index]` on an `objects`-typed array: the element, or `undefined` outside it, as in JS. */
export interface ObjectAt {
  /** Discriminant. */
  readonly op: 'objectAt';
  /** The element's `object` type. */
  readonly type: Type;
  /** An `objects`-typed expression. */
  readonly array: Expr;
  /** Any number; a non-integer or out-of-range index gives `undefined`. */
  readonly index: Expr;
}
/** `object.name = value`: stores the value as is (inference proved it is of the field's type). */
export interface FieldStore {
  /** Discriminant. */
  readonly kind: 'fieldStore';
  /** An `object`-typed expression, evaluated first. */
  readonly object: Expr;
  /** The property name. */
  readonly name: string;
  /** The new value. */
  readonly value: Expr;
  /** Where in the user's source. */
  readonly span?: Span;
}

/**
 * What a function-level `var` holding an object starts as (JS `undefined`), declared at the top so later
 * blocks assign it, as JS scopes `var`; inference proved no read comes before an assignment.
 */
export interface Unset {
  /** Discriminant. */
  readonly op: 'unset';
  /** The variable's `object` or `objects` type. */
  readonly type: Type;
}

/** `new C(…)` of a class from outside (`infer/classes.ts`): its own constructor runs, as in the plain function. */
export interface Construct {
  /** Discriminant. */
  readonly op: 'construct';
  /** The instance's `object` type (its shape's prototype is `C.prototype`). */
  readonly type: Type;
  /** The module global the class is bound to (`infer/outer.ts`). */
  readonly ctor: string;
  /** The constructor's arguments, evaluated left to right. */
  readonly args: readonly Expr[];
}

/** The object expressions, for `ir.ts`'s `Expr` union. */
export type ObjectExpr = ThisRef | FieldGet | MakeObject | ObjectAt | Unset | Construct;

/**
 * The operands of an object expression, in evaluation order (for `walkIR`).
 *
 * @example
 * ```ts
 * import type { Expr } from '../ir.js';
 * import { makeShape } from '../ops/shapes.js';
 * import { objectOperands } from './objects.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const point = { kind: 'object', shape: makeShape([{ name: 'x', type: F64 }, { name: 'y', type: F64 }]) } as const;
 * const p: Expr = { op: 'local', type: point, name: 'p' };
 * objectOperands({ op: 'field', type: F64, object: p, name: 'x' })[0] === p; // → true
 * ```
 */
export function objectOperands(e: ObjectExpr): readonly Expr[] {
  switch (e.op) {
    case 'this': case 'unset': return [];
    case 'field': return [e.object];
    case 'object': return e.fields.map((f) => f.value);
    case 'objectAt': return [e.array, e.index];
    case 'construct': return e.args;
  }
}
