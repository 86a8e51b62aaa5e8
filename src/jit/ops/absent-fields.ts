/**
 * Fields a shape lacks that compiled code reads anyway (`o.w` on `{x, y}`): JavaScript reads `undefined` there,
 * and compiled code reads the property as the plain function does, typed as a number that may be `undefined`
 * (`f64`, which carries `undefined` through arithmetic, comparisons, `??`, `||` and tests exactly as JS does, as
 * `infer/unset.ts` relies on). An object with the field (`{x, y, w}`) has another shape, so another
 * specialization, which reads it as an ordinary field: two specializations, no presence test in the code.
 *
 * The property must stay absent or a number for the read to be right. The shape is checked for that when the
 * read is compiled (the name is on no prototype the object can have, and the dispatcher puts non-enumerable own
 * properties into shapes as opaque fields); later the dispatcher's checker for the shape
 * (`dispatch/objects.ts`) tests each name listed here, so an object given such a property since it was
 * classified (`p.w = 'x'`) is classified again, and compiled code reading it is then a located error.
 *
 * A field that is present but holds `undefined` (`{ x: undefined }`, a class-body field `y;` never assigned) reads
 * the same way ({@link readUndefinedField}), with the same check on later calls.
 *
 * @module
 */
import type { ObjectShape } from './shapes.js';

const absent = new Map<string, string[]>();

/**
 * The names compiled code reads as absent from objects of shape `token`: one live array per token, which the
 * dispatcher's checkers keep a reference to, so a name noted after a checker was made is tested too.
 *
 * @example
 * ```ts
 * import { absentReads } from './absent-fields.js';
 *
 * // Nothing compiled so far reads a missing field of `{x}` objects:
 * absentReads('{x:f64}'); // → []
 * ```
 */
export function absentReads(token: string): readonly string[] {
  let names = absent.get(token);
  if (!names) absent.set(token, (names = []));
  return names;
}

/** Names no object may read as absent: what every object or function inherits, and a function's own `prototype`. */
function inherited(name: string): boolean {
  return name in Object.prototype || name in Function.prototype || name === 'prototype';
}

/**
 * Whether compiled code may read `name` from an object of `shape`, which has no such field, as JS reads an
 * absent property: no prototype the object can have holds the name. Notes the read (see {@link absentReads}).
 *
 * @example
 * ```ts
 * import { readAbsent } from './absent-fields.js';
 * import { makeShape } from './shapes.js';
 *
 * const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }]);
 * readAbsent(shape, 'w'); // → true
 * // every object inherits toString:
 * readAbsent(shape, 'toString'); // → false
 * ```
 */
export function readAbsent(shape: ObjectShape, name: string): boolean {
  if (inherited(name) || (shape.proto !== undefined && name in shape.proto)) return false;
  const names = absent.get(shape.token) ?? (absentReads(shape.token) as string[]);
  if (!names.includes(name)) names.push(name);
  return true;
}

/**
 * Whether compiled code may read the field `name` of `shape`, present but holding `undefined` (`{ x: undefined }`),
 * as JS reads it: `undefined`, typed as a number that may be `undefined` like an absent field. Notes the read in the
 * same list as {@link readAbsent}, so the dispatcher's checker for the shape tests that the field still holds
 * `undefined` or a number on later calls (otherwise the object is classified again). Writes stay refused.
 *
 * @example
 * ```ts
 * import { readUndefinedField } from './absent-fields.js';
 * import { makeShape } from './shapes.js';
 *
 * const shape = makeShape([{ name: 'x', type: null, holds: 'undefined' }, { name: 's', type: null, holds: 'a string' }]);
 * readUndefinedField(shape, 'x'); // → true
 * readUndefinedField(shape, 's'); // → false
 * ```
 */
export function readUndefinedField(shape: ObjectShape, name: string): boolean {
  const f = shape.fields.find((x) => x.name === name);
  if (!f || f.type || f.fn || f.holds !== 'undefined') return false;
  const names = absent.get(shape.token) ?? (absentReads(shape.token) as string[]);
  if (!names.includes(name)) names.push(name);
  return true;
}

/**
 * Whether `name` was noted by {@link readAbsent} for `shape` (lowering then reads it as a number or `undefined`).
 *
 * @example
 * ```ts
 * import { isAbsentRead, readAbsent } from './absent-fields.js';
 * import { makeShape } from './shapes.js';
 *
 * const shape = makeShape([{ name: 'x', type: { kind: 'f64' } }]);
 * isAbsentRead(shape, 'depth'); // → false
 * readAbsent(shape, 'depth');
 * isAbsentRead(shape, 'depth'); // → true
 * ```
 */
export function isAbsentRead(shape: ObjectShape, name: string): boolean {
  return absent.get(shape.token)?.includes(name) === true;
}

/**
 * Whether `o` still reads every name of `names` as JS would where compiled code expects a number or `undefined`:
 * the dispatcher's checkers call it (a false classifies the object again).
 *
 * @example
 * ```ts
 * import { absentStillFit } from './absent-fields.js';
 *
 * absentStillFit({ x: 1 }, ['w']); // → true
 * absentStillFit({ x: 1, w: 'late' }, ['w']); // → false
 * ```
 */
export function absentStillFit(o: object, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) {
    const v: unknown = (o as Record<string, unknown>)[names[i]!];
    if (v !== undefined && typeof v !== 'number') return false;
  }
  return true;
}
