/**
 * The two things JS code tests of an array as a whole: its truthiness (`holes && holes.length`, earcut) and its
 * identity (`out === data`, fft.js). Every array compiled code knows — `number[]`, `boolean[]`, typed arrays,
 * `number[][]`, `Array2D`, arrays of objects — is an object, so it is always truthy, and `===` compares
 * references, as in JS. An array that may be absent is a different specialization (a parameter not passed is
 * `void`, `type-tests.ts`), so no array value here is ever undefined or null.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { AV } from './lattice.js';

/**
 * The abstract values that are JS arrays (never null, never undefined), by their lattice kind.
 *
 * @example
 * ```ts
 * import { ARRAY_KINDS } from './array-tests.js';
 *
 * ARRAY_KINDS.has('matrix'); // → true
 * ```
 */
export const ARRAY_KINDS: ReadonlySet<AV['k']> = new Set<AV['k']>(['array', 'matrix', 'objs']);

/**
 * Whether `v` is an array, which JS always finds truthy.
 *
 * @example
 * ```ts
 * import { isArrayValue } from './array-tests.js';
 *
 * isArrayValue({ k: 'array', element: 'f64' }); // → true
 * isArrayValue({ k: 'num', int: true, lo: 0, hi: 1 }); // → false
 * ```
 */
export function isArrayValue(v: AV | undefined): boolean {
  return v !== undefined && ARRAY_KINDS.has(v.k);
}

/**
 * Whether evaluating `e` can have no effect and throw nothing, so that a test of its truthiness, known to be
 * true, can be dropped: a variable, or a field of `this` (a method's receiver is never null) or of a variable
 * holding an object that is never null (`valueOf` gives a node's inferred value). A field read on an object
 * that may be null may throw, a call may have effects: those are refused.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { droppableRead } from './array-tests.js';
 *
 * droppableRead(parseFunction('(xs) => xs').body); // → true
 * droppableRead(parseFunction('(f) => f()').body); // → false
 * ```
 */
export function droppableRead(e: Node, valueOf: (n: Node) => AV | undefined = () => undefined): boolean {
  if (e.type === 'Identifier') return true;
  if (e.type !== 'MemberExpression' || e.computed) return false;
  const o = e.object as Node;
  if (o.type === 'ThisExpression') return true;
  const held = o.type === 'Identifier' ? valueOf(o) : undefined;
  return held?.k === 'obj' && held.nullable !== true;
}

/**
 * Why the truthiness of the array `e` is not compiled (it is not a {@link droppableRead}), or undefined when
 * it is: compiled code then takes it as `true`. `valueOf` as for {@link droppableRead}.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { arrayTruthRefusal } from './array-tests.js';
 *
 * arrayTruthRefusal(parseFunction('(xs) => xs').body, 'number[]'); // → undefined
 * ```
 */
export function arrayTruthRefusal(e: Node, described: string, valueOf?: (n: Node) => AV | undefined): string | undefined {
  if (droppableRead(e, valueOf)) return undefined;
  return `a ${described} is always truthy; compiled code tests it only as a variable or a field of an object that is never null (store it in a variable first)`;
}

/**
 * Whether `l op r` is an identity test between arrays, or between an array and `null` (false for `===`, as an
 * array is never null): both are references, compared as JS compares them.
 *
 * @example
 * ```ts
 * import { arrayIdentity } from './array-tests.js';
 *
 * const xs = { k: 'array', element: 'f64' } as const;
 * arrayIdentity('===', xs, xs); // → true
 * arrayIdentity('<', xs, xs); // → false
 * ```
 */
export function arrayIdentity(op: string, l: AV, r: AV): boolean {
  if (op !== '===' && op !== '!==' && op !== '==' && op !== '!=') return false;
  const side = (v: AV): boolean => isArrayValue(v) || v.k === 'null' || v.k === 'void';
  return (isArrayValue(l) || isArrayValue(r)) && side(l) && side(r);
}
