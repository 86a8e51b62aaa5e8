/**
 * Inference's value lattice: what is known about a value ({@link AV}), its join, and its IR type. Numbers carry
 * an interval and an "integer, never -0" flag; a value is `i32` only when both hold and the interval fits int32.
 *
 * A number joined with a boolean is `numbool`, the JS value itself (`var fact = false; … fact = p / q`, jStat's
 * gammafn), as numba's `Optional` joins a value with `None`. It remembers whether the boolean may be `true`:
 * only a variable that holds `false` or a number is a number wherever it is truthy (`flow.ts` narrows
 * `if (fact)` so). Every stage reads it from here: `infer/num-or-bool.ts` says what operators take it, lowering
 * converts it to a number where JS does (`+fact`), and it runs on the JS backend only (`wasm/codegen-types.ts`).
 *
 * @module
 */
import type { ParsedFunction } from '../frontend/parse.js';
import { JitError } from '../errors.js';
import { ELEMENT_RANGE, F64, I32, BOOL, VOID, NULL, STRING, NUMBOOL, typeName, type ElementKind, type Type } from '../types.js';
import type { Scope } from './scope.js';
import type { ObjectShape } from '../ops/shapes.js';
import { functionValue } from './functions.js';

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
export const EXACT = 2 ** 53;
/**
 * Upper bound of any `.length` compiled code sees: the dispatcher refuses longer arrays (a JitError, or the plain
 * function with `fallback: 'warn'`).
 *
 * @example
 * ```ts
 * import { MAX_LENGTH } from './lattice.js';
 *
 * // `i < xs.length` keeps `i` an int32:
 * MAX_LENGTH; // → 2147483647
 * ```
 */
export const MAX_LENGTH = INT_MAX;

// --------------------------------------------------------------------------------------- abstract values

/**
 * What inference knows about a value.
 *
 * @example
 * ```ts
 * import { typeOf, type AV } from './lattice.js';
 *
 * const counter: AV = { k: 'num', int: true, lo: 0, hi: 99 };
 * typeOf(counter); // → { kind: 'i32' }
 * ```
 */
export type AV =
  | { readonly k: 'num'; readonly int: boolean; readonly lo: number; readonly hi: number }
  | { readonly k: 'bool' }
  | { readonly k: 'numbool'; readonly maybeTrue: boolean }
  | { readonly k: 'array'; readonly element: ElementKind }
  | { readonly k: 'matrix'; readonly layout: 'nested' | 'array2d'; readonly name: string }
  | { readonly k: 'row'; readonly matrix: string; readonly layout: 'nested' | 'array2d'; readonly nullable: boolean }
  | { readonly k: 'null' }
  | { readonly k: 'tuple'; readonly items: readonly AV[] }
  | { readonly k: 'obj'; readonly shape: ObjectShape; readonly nullable?: boolean }
  | { readonly k: 'objs'; readonly shape: ObjectShape; readonly nullable?: boolean }
  | { readonly k: 'fn'; readonly callee: Callee }
  | { readonly k: 'buffer' }
  | { readonly k: 'str' }
  | { readonly k: 'void' };

/**
 * A function compiled code may call: an inner helper (with its defining scope) or another memoJit function.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import type { Callee } from './lattice.js';
 *
 * function square(x: number) {
 *   return x * x;
 * }
 * const callee: Callee = { kind: 'jit', parsed: parseFunction(square), scope: undefined, key: square };
 * ```
 */
export interface Callee {
  readonly kind: 'helper' | 'jit';
  readonly parsed: ParsedFunction;
  /** For helpers: the scope the helper was defined in (to find sibling helpers). */
  readonly scope: Scope | undefined;
  /** A stable identity for caching specializations. */
  readonly key: object;
}

/**
 * @example
 * ```ts
 * import { FLOAT, typeOf } from './lattice.js';
 *
 * typeOf(FLOAT); // → { kind: 'f64' }
 * ```
 */
export const FLOAT: AV = Object.freeze({ k: 'num', int: false, lo: -Infinity, hi: Infinity });
export const INT32: AV = Object.freeze({ k: 'num', int: true, lo: INT_MIN, hi: INT_MAX });
export const BOOLV: AV = Object.freeze({ k: 'bool' });
/**
 * The literal `false`: a boolean, known to be `false` (by identity, as {@link constAV}'s constants), so that a
 * variable joining it with numbers is never `true`.
 *
 * @example
 * ```ts
 * import { BOOLV, FALSEV, FLOAT, joinAV } from './lattice.js';
 *
 * joinAV(FALSEV, FLOAT); // → { k: 'numbool', maybeTrue: false }
 * joinAV(FALSEV, BOOLV) === BOOLV; // → true
 * ```
 */
export const FALSEV: AV = Object.freeze({ k: 'bool' });
const NUM_OR_FALSE: AV = Object.freeze({ k: 'numbool', maybeTrue: false });
const NUM_OR_BOOL: AV = Object.freeze({ k: 'numbool', maybeTrue: true });

/**
 * @example
 * ```ts
 * import { numAV } from './lattice.js';
 *
 * numAV(0, 10, true); // → { k: 'num', int: true, lo: 0, hi: 10 }
 * // Not integers: any double (the bounds of doubles are not tracked).
 * numAV(0, 10, false); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * ```
 */
export function numAV(lo: number, hi: number, int: boolean): AV {
  // Bounds are computed with the same rounded arithmetic as the values, which is monotone, so they stay sound
  // beyond 2^53; a NaN bound (Infinity - Infinity, 0 * Infinity) means nothing is known.
  if (!int || Number.isNaN(lo) || Number.isNaN(hi)) return FLOAT;
  return { k: 'num', int: true, lo, hi };
}

export function constAV(value: number): AV {
  if (Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) <= EXACT) return { k: 'num', int: true, lo: value, hi: value };
  // any f64 to every rule, but its own object, so flow can still decide `change !== 0` on the path where it holds
  // exactly this constant (`exactNumber`); a join of two different objects is FLOAT itself
  const av: AV = Object.freeze({ k: 'num', int: false, lo: -Infinity, hi: Infinity });
  exactFloats.set(av, value);
  return av;
}

const exactFloats = new WeakMap<AV, number>();

/**
 * The one number `av` stands for, if it is known exactly: an integer interval of one value, or a constant that
 * is not such an integer (`Number.MAX_VALUE`, `0.5`, `-0`, `NaN`) as {@link constAV} made it; else undefined.
 *
 * @example
 * ```ts
 * import { FLOAT, constAV, exactNumber } from './lattice.js';
 *
 * exactNumber(constAV(Number.MAX_VALUE)); // → 1.7976931348623157e+308
 * exactNumber(FLOAT); // → undefined
 * ```
 */
export function exactNumber(av: AV | undefined): number | undefined {
  if (av?.k !== 'num') return undefined;
  if (av.int) return av.lo === av.hi ? av.lo : undefined;
  return exactFloats.get(av);
}

/**
 * @example
 * ```ts
 * import { isI32, numAV } from './lattice.js';
 *
 * isI32(numAV(0, 255, true)); // → true
 * // 2^31 does not fit:
 * isI32(numAV(0, 2 ** 31, true)); // → false
 * ```
 */
export function isI32(av: AV): boolean {
  return av.k === 'num' && av.int && av.lo >= INT_MIN && av.hi <= INT_MAX;
}

/**
 * The IR type of an abstract value.
 *
 * @example
 * ```ts
 * import { typeOf } from './lattice.js';
 *
 * typeOf({ k: 'bool' }); // → { kind: 'bool' }
 * typeOf({ k: 'num', int: true, lo: 0, hi: 255 }); // → { kind: 'i32' }
 * ```
 */
export function typeOf(av: AV): Type {
  switch (av.k) {
    case 'num':
      return isI32(av) ? I32 : F64;
    case 'bool':
      return BOOL;
    case 'numbool':
      return NUMBOOL;
    case 'array':
      return { kind: 'array', element: av.element };
    case 'matrix':
      return { kind: 'matrix', layout: av.layout };
    case 'row':
      return { kind: 'row', matrix: av.matrix, nullable: av.nullable };
    case 'null':
      return NULL;
    case 'tuple':
      return { kind: 'tuple', items: av.items.map(typeOf) };
    case 'obj':
      return av.nullable ? { kind: 'object', shape: av.shape, nullable: true } : { kind: 'object', shape: av.shape };
    case 'objs':
      return av.nullable ? { kind: 'objects', shape: av.shape, nullable: true } : { kind: 'objects', shape: av.shape };
    case 'void':
      return VOID;
    case 'fn':
      return VOID;
    case 'buffer':
      return { kind: 'buffer' };
    case 'str':
      return STRING;
  }
}

export function describeAV(av: AV): string {
  if (av.k === 'fn') return 'a function';
  if (av.k === 'num') return isI32(av) ? 'an integer' : 'a number';
  if (av.k === 'bool') return 'a boolean';
  if (av.k === 'numbool') return av.maybeTrue ? 'a number or a boolean' : 'a number or false';
  if (av.k === 'void') return 'undefined';
  if (av.k === 'str') return 'a string';
  return typeName(typeOf(av));
}

/**
 * Least upper bound, or `undefined` if the two cannot share a variable.
 *
 * @example
 * ```ts
 * import { BOOLV, FLOAT, joinAV, numAV } from './lattice.js';
 *
 * joinAV(numAV(0, 1, true), numAV(5, 9, true)); // → { k: 'num', int: true, lo: 0, hi: 9 }
 * joinAV(numAV(0, 1, true), FLOAT); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * // A number and a boolean share a variable as the JS value itself:
 * joinAV(FLOAT, BOOLV); // → { k: 'numbool', maybeTrue: true }
 * ```
 */
export function joinAV(a: AV, b: AV): AV | undefined {
  if (a === b) return a;
  const union = numOrBool(a, b);
  if (union) return union;
  if (a.k === 'num' && b.k === 'num') {
    if (!a.int || !b.int) return FLOAT;
    // the join is the hull; return an operand when it already is the hull (loop heads join mostly equal values)
    if (a.lo <= b.lo && a.hi >= b.hi) return a;
    if (b.lo <= a.lo && b.hi >= a.hi) return b;
    return { k: 'num', int: true, lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
  }
  if (a.k === 'null' && b.k === 'row') return nullableRow(b);
  if (b.k === 'null' && a.k === 'row') return nullableRow(a);
  // an object or null: a linked list's `next` (`ops/shapes.ts`), a search's `best = null` before the first find
  if (a.k === 'null' && b.k === 'obj') return nullableObject(b);
  if (b.k === 'null' && a.k === 'obj') return nullableObject(a);
  if (a.k !== b.k) return undefined;
  switch (a.k) {
    case 'bool':
      return a === FALSEV || b === FALSEV ? BOOLV : a; // `false` joined with another boolean may be true
    case 'null':
    case 'void':
    case 'buffer':
    case 'str':
      return a;
    case 'array':
      return a.element === (b as typeof a).element ? a : undefined;
    case 'matrix':
      return a.name === (b as typeof a).name ? a : undefined;
    case 'row': {
      const r = b as typeof a;
      if (a.matrix !== r.matrix) return undefined;
      return a.nullable || !r.nullable ? a : r.layout === a.layout ? r : nullableRow(a);
    }
    case 'tuple': {
      const t = b as typeof a;
      if (a.items.length !== t.items.length) return undefined;
      const items: AV[] = [];
      for (let i = 0; i < a.items.length; i++) {
        const j = joinAV(a.items[i]!, t.items[i]!);
        if (!j) return undefined;
        items.push(j);
      }
      return { k: 'tuple', items };
    }
    case 'fn':
      return a.callee.key === (b as typeof a).callee.key ? a : undefined;
    case 'numbool':
      return a; // joined above
    case 'obj':
    case 'objs': {
      const o = b as typeof a;
      if (a.shape.token !== o.shape.token) return undefined;
      return a.nullable || !o.nullable ? a : o;
    }
  }
}

/** The join of numbers, booleans and their unions when it is a union (and not a number or a boolean), else undefined. */
function numOrBool(a: AV, b: AV): AV | undefined {
  // joins are hot (every loop head): kinds first, no allocation
  const union = a.k === 'numbool' ? isScalar(b) : b.k === 'numbool' ? isScalar(a) : (a.k === 'num' && b.k === 'bool') || (a.k === 'bool' && b.k === 'num');
  if (!union) return undefined;
  return mayBeTrue(a) || mayBeTrue(b) ? NUM_OR_BOOL : NUM_OR_FALSE;
}

const isScalar = (v: AV): boolean => v.k === 'num' || v.k === 'bool' || v.k === 'numbool';
const mayBeTrue = (v: AV): boolean => (v.k === 'bool' && v !== FALSEV) || (v.k === 'numbool' && v.maybeTrue);

function nullableObject(o: Extract<AV, { k: 'obj' }>): AV {
  return o.nullable ? o : { k: 'obj', shape: o.shape, nullable: true };
}

function nullableRow(r: Extract<AV, { k: 'row' }>): AV {
  return r.nullable ? r : { k: 'row', matrix: r.matrix, layout: r.layout, nullable: true };
}

export function sameAV(a: AV | undefined, b: AV | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.k !== b.k) return false;
  if (a.k === 'num') {
    const n = b as typeof a;
    return a.int === n.int && a.lo === n.lo && a.hi === n.hi;
  }
  if (a.k === 'row') return a.nullable === (b as typeof a).nullable && a.matrix === (b as typeof a).matrix;
  // `false` (FALSEV) is not every boolean, and a union that may be true is not one that may not
  if (a.k === 'bool') return (a === FALSEV) === (b === FALSEV);
  if (a.k === 'numbool') return a.maybeTrue === (b as typeof a).maybeTrue;
  if (a.k === 'obj' || a.k === 'objs') return !a.nullable === !(b as typeof a).nullable && a.shape.token === (b as typeof a).shape.token;
  if (a.k === 'tuple') {
    const t = b as typeof a;
    return a.items.length === t.items.length && a.items.every((x, i) => sameAV(x, t.items[i]));
  }
  return joinAV(a, b) === a;
}

/**
 * Converts a declared or runtime type into what inference assumes about such an argument.
 *
 * @example
 * ```ts
 * import { avOfType } from './lattice.js';
 *
 * avOfType({ kind: 'i32' }, 'n'); // → { k: 'num', int: true, lo: -2147483648, hi: 2147483647 }
 * avOfType({ kind: 'array', element: 'f64' }, 'xs'); // → { k: 'array', element: 'f64' }
 * ```
 */
export function avOfType(t: Type, matrixName: string): AV {
  switch (t.kind) {
    case 'i32':
      return INT32;
    case 'f64':
      return FLOAT;
    case 'bool':
      return BOOLV;
    case 'array':
      return { k: 'array', element: t.element };
    case 'matrix':
      return { k: 'matrix', layout: t.layout, name: matrixName };
    case 'null':
      return { k: 'null' };
    case 'object':
      return t.nullable ? { k: 'obj', shape: t.shape, nullable: true } : { k: 'obj', shape: t.shape };
    case 'objects':
      return t.nullable ? { k: 'objs', shape: t.shape, nullable: true } : { k: 'objs', shape: t.shape };
    case 'function':
      return functionValue(t.fn);
    case 'string':
      return { k: 'str' };
    default:
      throw new JitError(`arguments of type ${typeName(t)} are not supported`, { construct: 'argument' });
  }
}

// -------------------------------------------------------------------------------------------------- scopes

/**
 * What inference knows about an element read from an array of `element`s: its range for integer kinds.
 *
 * @example
 * ```ts
 * import { elementAV } from './lattice.js';
 *
 * elementAV('u8'); // → { k: 'num', int: true, lo: 0, hi: 255 }
 * ```
 */
export function elementAV(element: ElementKind): AV {
  if (element === 'bool') return BOOLV;
  const r = ELEMENT_RANGE[element];
  return r ? numAV(r[0], r[1], true) : FLOAT;
}
