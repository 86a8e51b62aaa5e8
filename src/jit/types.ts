/**
 * The JIT's type lattice: what a value in compiled code can be, how runtime arguments map onto it, and the
 * shaped 2-D array type numbat exports so data can stay packed between calls.
 *
 * Numbers are `f64` (any JS number) unless inference proves a value is an integer that stays in int32 range
 * and is never `-0`; only then is it `i32`. Backends may therefore implement `i32` with machine integers
 * without ever changing a result.
 *
 * Over 400 lines, with a reason: `Array2D` (a quarter of it, the exported class) lives beside the lattice
 * because the matrix type, the dispatcher's signatures and the public export all name it from here.
 *
 * @module
 */
import { ELEMENTS } from './ops/elements.js';
import type { ObjectShape } from './ops/shapes.js';

/**
 * Element kinds of the typed arrays compiled code accepts, named for their storage.
 *
 * @example
 * ```ts
 * import type { JitElementKind } from 'numbat';
 *
 * const kind: JitElementKind = 'f64'; // Float64Array
 * ```
 */
export type ElementKind = keyof typeof ELEMENTS;

/**
 * A scalar: an int32-ranged integer (never `-0`), any JS number, or a boolean.
 *
 * @example
 * ```ts
 * import type { JitScalarType } from 'numbat';
 *
 * const counter: JitScalarType = { kind: 'i32' };
 * ```
 */
export type ScalarType =
  | {
      /** An integer proved to stay in int32 range and never `-0`. */
      readonly kind: 'i32';
    }
  | {
      /** Any JS number (IEEE-754 double). */
      readonly kind: 'f64';
    }
  | {
      /** A JS boolean. */
      readonly kind: 'bool';
    };

/**
 * A type in compiled code.
 * - `array`: a typed array of `element`s (a reference: writes are visible to the caller).
 * - `matrix`: a rectangular 2-D array, packed row-major into a Float64Array with `rows` and `cols`.
 *   `layout: 'nested'` came from a `number[][]` argument (packed once per call, read-only);
 *   `'array2d'` is an {@link Array2D} (its own `data`, writable).
 * - `row`: one row of the matrix held by the variable `matrix` (a parameter name). Backends hold it as an
 *   int32 row index, `-1` for `null` when `nullable`.
 * - `tuple`: a fixed-length JS array of scalars and rows (what `return [a, b, c]` builds).
 *
 * @example
 * ```ts
 * import type { JitType } from 'numbat';
 * import { lowerToIR } from 'numbat/internals';
 *
 * function scale(xs: Float64Array, k: number) {
 *   for (let i = 0; i < xs.length; i++) xs[i] = xs[i]! * k;
 * }
 * const args: JitType[] = [{ kind: 'array', element: 'f64' }, { kind: 'i32' }];
 * lowerToIR(scale, args).entry; // → 'scale'
 * ```
 */
export type Type =
  | ScalarType
  | {
      /** A typed array, passed by reference. */
      readonly kind: 'array';
      /** Its element storage (decides conversion on store). */
      readonly element: ElementKind;
    }
  | {
      /** A rectangular 2-D array, packed row-major. */
      readonly kind: 'matrix';
      /** `'nested'`: packed from `number[][]` per call, read-only; `'array2d'`: an {@link Array2D}, writable. */
      readonly layout: 'nested' | 'array2d';
    }
  | {
      /** One row of a matrix, held as its int32 index. */
      readonly kind: 'row';
      /** The matrix parameter the row belongs to (rows of different matrices are different types). */
      readonly matrix: string;
      /** Whether the value may be `null` (index `-1`); reading through it must then check. */
      readonly nullable: boolean;
    }
  | {
      /** A fixed-length JS array, as `return [a, b]` builds. */
      readonly kind: 'tuple';
      /** Item types, by position. */
      readonly items: readonly Type[];
    }
  | {
      /** A plain object, class instance or `this`, passed by reference (`ops/shapes.ts`). */
      readonly kind: 'object';
      /** Its fields in order; the shape's token is the type's name. */
      readonly shape: ObjectShape;
      /** Whether the value may be `null` (a linked list's `next`, `ops/shapes.ts`); its reads then throw JS's TypeError there. */
      readonly nullable?: boolean;
    }
  | {
      /** A JS array of objects of one shape (`bodies[i].x`), passed by reference. */
      readonly kind: 'objects';
      /** The shape every element has (checked on entry). */
      readonly shape: ObjectShape;
      /** Whether compiled code may have stored `null` in it (a list's `next` put in a pile, `infer/object-arrays.ts`). */
      readonly nullable?: boolean;
    }
  | {
      /** An `ArrayBuffer` made in compiled code, which typed arrays view (`infer/buffers.ts`). */
      readonly kind: 'buffer';
    }
  | {
      /** A function argument, known by identity: calls through it are direct calls (`infer/functions.ts`). */
      readonly kind: 'function';
      /** The function. */
      readonly fn: object;
      /** Its signature token (`fn(dydt)`). */
      readonly token: string;
    }
  | {
      /** A JS string: compared with `===`/`!==`/`switch`, passed through and returned (`ops/strings.ts`). */
      readonly kind: 'string';
    }
  | {
      /** The literal `null` before it joins a nullable row or object type. */
      readonly kind: 'null';
    }
  | {
      /**
       * A JS number or boolean: a variable assigned both (`var fact = false; … fact = p / q`, `infer/lattice.ts`).
       * Held as the JS value itself, so only the JS backend runs it; arithmetic converts it as JS does.
       */
      readonly kind: 'numbool';
    }
  | {
      /** No value: a function without `return expr`. */
      readonly kind: 'void';
    };

/**
 * The scalar types as shared constants.
 *
 * @example
 * ```ts
 * import { I32, sameType } from './types.js';
 *
 * sameType(I32, { kind: 'i32' }); // → true
 * ```
 */
export const I32: Type = Object.freeze({ kind: 'i32' });
export const F64: Type = Object.freeze({ kind: 'f64' });
export const BOOL: Type = Object.freeze({ kind: 'bool' });
export const VOID: Type = Object.freeze({ kind: 'void' });
export const NULL: Type = Object.freeze({ kind: 'null' });
export const STRING: Type = Object.freeze({ kind: 'string' });
export const NUMBOOL: Type = Object.freeze({ kind: 'numbool' });

/**
 * The typed array constructor of each element kind.
 *
 * @example
 * ```ts
 * import { ARRAY_CONSTRUCTORS } from './types.js';
 *
 * new ARRAY_CONSTRUCTORS.f32(4); // → Float32Array(4) [ 0, 0, 0, 0 ]
 * ```
 */
export const ARRAY_CONSTRUCTORS: { readonly [K in ElementKind]: (typeof ELEMENTS)[K]['array'] } = Object.fromEntries(
  Object.entries(ELEMENTS).map(([kind, row]) => [kind, row.array]),
) as { readonly [K in ElementKind]: (typeof ELEMENTS)[K]['array'] };

/**
 * Element kind by typed array constructor name.
 *
 * @example
 * ```ts
 * import { ELEMENT_BY_NAME } from './types.js';
 *
 * ELEMENT_BY_NAME.Uint8ClampedArray; // → 'u8c'
 * ELEMENT_BY_NAME[new Float64Array(1).constructor.name]; // → 'f64'
 * ```
 */
export const ELEMENT_BY_NAME: Readonly<Record<string, ElementKind>> = Object.fromEntries(
  Object.entries(ELEMENTS).filter(([, row]) => !('plain' in row)).map(([kind, row]) => [row.array.name, kind as ElementKind]),
);

/**
 * What every element of a plain JS array kind is (`'number'` for `number[]`), or undefined for typed arrays.
 *
 * @example
 * ```ts
 * import { plainElement } from './types.js';
 *
 * plainElement('num'); // → 'number'
 * plainElement('f64'); // → undefined
 * ```
 */
export function plainElement(kind: ElementKind): 'number' | 'boolean' | undefined {
  const row = ELEMENTS[kind];
  return 'plain' in row ? row.plain : undefined;
}

/**
 * Value range of each element kind, as loaded into compiled code (`f32` loads are exact doubles).
 *
 * @example
 * ```ts
 * import { ELEMENT_RANGE } from './types.js';
 *
 * ELEMENT_RANGE.u8; // → [ 0, 255 ]
 * ```
 */
export const ELEMENT_RANGE: Readonly<Record<ElementKind, readonly [number, number] | null>> = Object.fromEntries(
  Object.entries(ELEMENTS).map(([kind, row]) => [kind, row.range]),
) as Record<ElementKind, readonly [number, number] | null>;

/**
 * True for `i32` and `f64`.
 *
 * @example
 * ```ts
 * import { isNumeric } from './types.js';
 *
 * isNumeric({ kind: 'bool' }); // → false
 * isNumeric({ kind: 'i32' }); // → true
 * ```
 */
export function isNumeric(t: Type): t is { kind: 'i32' } | { kind: 'f64' } {
  return t.kind === 'i32' || t.kind === 'f64';
}

/**
 * True for the types whose values are JS arrays as a whole: `number[]`/`boolean[]`/typed arrays, `number[][]` and
 * `Array2D`, arrays of objects. Such a value is always truthy, and `===` compares it by reference.
 *
 * @example
 * ```ts
 * import { isArrayType } from './types.js';
 *
 * isArrayType({ kind: 'array', element: 'f64' }); // → true
 * isArrayType({ kind: 'f64' }); // → false
 * ```
 */
export function isArrayType(t: Type): boolean {
  return t.kind === 'array' || t.kind === 'matrix' || t.kind === 'objects';
}

/**
 * Structural equality of types.
 *
 * @example
 * ```ts
 * import { sameType } from './types.js';
 *
 * sameType({ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f32' }); // → false
 * sameType({ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }); // → true
 * ```
 */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'array':
      return a.element === (b as typeof a).element;
    case 'matrix':
      return a.layout === (b as typeof a).layout;
    case 'row':
      return a.matrix === (b as typeof a).matrix && a.nullable === (b as typeof a).nullable;
    case 'object':
    case 'objects':
      return a.shape.token === (b as typeof a).shape.token && !a.nullable === !(b as typeof a).nullable;
    case 'function':
      return a.fn === (b as typeof a).fn;
    case 'tuple': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((t, i) => sameType(t, bi[i]!));
    }
    default:
      return true;
  }
}

/**
 * Human-readable type, as used in signatures: `f64`, `Float64Array`, `number[][]`, `(row, row, f64)`.
 *
 * @example
 * ```ts
 * import { typeName } from './types.js';
 *
 * typeName({ kind: 'matrix', layout: 'nested' }); // → 'number[][]'
 * typeName({ kind: 'array', element: 'f64' }); // → 'Float64Array'
 * ```
 */
export function typeName(t: Type): string {
  switch (t.kind) {
    case 'array': {
      const plain = plainElement(t.element);
      return plain ? `${plain}[]` : ARRAY_CONSTRUCTORS[t.element].name;
    }
    case 'matrix':
      return t.layout === 'nested' ? 'number[][]' : 'Array2D';
    case 'row':
      return t.nullable ? `row<${t.matrix}> | null` : `row<${t.matrix}>`;
    case 'tuple':
      return `(${t.items.map(typeName).join(', ')})`;
    case 'object':
      return t.nullable ? `${t.shape.token} | null` : t.shape.token;
    case 'objects':
      return t.nullable ? `(${t.shape.token} | null)[]` : `${t.shape.token}[]`;
    case 'buffer':
      return 'ArrayBuffer';
    case 'function':
      return t.token;
    case 'numbool':
      return 'number | boolean';
    default:
      return t.kind;
  }
}

/**
 * The message of the RangeError that `Array2D.row` throws for an index that is not a row, shared with compiled
 * code so that both throw the same error.
 *
 * @example
 * ```ts
 * import { Array2D } from 'numbat';
 * import { rowRangeMessage } from './types.js';
 *
 * rowRangeMessage(3, 2); // → 'Array2D.row: row index 3 is outside the 2 rows'
 * Array2D.from([[1], [2]]).row(3); // → throws RangeError: Array2D.row: row index 3 is outside the 2 rows
 * ```
 */
export function rowRangeMessage(index: number, rows: number): string {
  return `Array2D.row: row index ${index} is outside the ${rows} rows`;
}

/**
 * A rectangular 2-D array of doubles stored row-major in one Float64Array, so compiled code reads it without
 * packing. Plain code can use it too: `.get(i, j)`, `.set(i, j, v)`, `.row(i)` (a live view), `for…of`
 * over its rows, and `.length` (the number of rows).
 *
 * @example
 * ```ts
 * import { Array2D } from 'numbat';
 *
 * const points = Array2D.from([[0, 0], [3, 4]]);
 * points.get(1, 0); // → 3
 * points.row(1); // → Float64Array(2) [ 3, 4 ]
 * points.row(1)[0] = 5; // a live view into points.data
 * points.get(1, 0); // → 5
 * const m = new Array2D(100, 2); // zeros
 * m.length; // → 100
 * ```
 */
export class Array2D {
  /** Row-major elements: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * @param rows number of rows
   * @param cols number of columns
   * @param data row-major elements (length `rows * cols`); zeros when omitted
   */
  constructor(readonly rows: number, readonly cols: number, data?: Float64Array | ArrayLike<number>) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols > 2 ** 31 - 1) {
      throw new RangeError(`Array2D: rows and cols must be non-negative integers (got ${rows} × ${cols}).`);
    }
    if (data === undefined) this.data = new Float64Array(rows * cols);
    else {
      if (data.length !== rows * cols) {
        throw new RangeError(`Array2D: data has ${data.length} elements, expected ${rows} × ${cols} = ${rows * cols}.`);
      }
      this.data = data instanceof Float64Array ? data : Float64Array.from(data);
    }
  }

  /**
   * Copies a rectangular `number[][]` into a new Array2D.
   *
   * @example
   * ```ts
   * import { Array2D } from 'numbat';
   *
   * const a = Array2D.from([[1, 2], [3, 4]]);
   * [a.rows, a.cols]; // → [ 2, 2 ]
   * Array2D.from([[1, 2], [3]]); // → throws RangeError: Array2D.from: row 1 has 1 elements, row 0 has 2.
   * ```
   */
  static from(nested: readonly (readonly number[])[]): Array2D {
    const rows = nested.length;
    const cols = rows === 0 ? 0 : nested[0]!.length;
    const out = new Array2D(rows, cols);
    for (let i = 0; i < rows; i++) {
      const row = nested[i]!;
      if (row.length !== cols) throw new RangeError(`Array2D.from: row ${i} has ${row.length} elements, row 0 has ${cols}.`);
      out.data.set(row, i * cols);
    }
    return out;
  }

  /** Number of rows, so `for (let i = 0; i < m.length; i++)` reads like nested arrays. */
  get length(): number {
    return this.rows;
  }

  /** Element (i, j). */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /** Sets element (i, j). */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /**
   * Row i as a live Float64Array view into {@link Array2D.data}. An index that is not a row (negative, past the
   * end, fractional, NaN) is a RangeError, in plain and compiled code alike: a view there would be empty or
   * straddle two rows.
   */
  row(i: number): Float64Array {
    if (!(i >= 0 && i < this.rows && i === Math.floor(i))) throw new RangeError(rowRangeMessage(i, this.rows));
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Nested copy, for printing or JSON. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /**
   * Iterates the rows as views (as {@link Array2D.row}), so `for (const r of m)` works like on `number[][]`.
   *
   * @example
   * ```ts
   * import { Array2D } from 'numbat';
   *
   * const m = Array2D.from([[1, 2], [3, 4]]);
   * let total = 0;
   * for (const r of m) total += r[0]!;
   * total; // → 4
   * ```
   */
  *[Symbol.iterator](): IterableIterator<Float64Array> {
    for (let i = 0; i < this.rows; i++) yield this.row(i);
  }
}
