/**
 * Every typed-array element kind compiled code accepts, one row each: its constructor (whose name is the
 * argument's signature token and what `new X(n)` allocates) and the range of values a load gives (for
 * inference). The kinds, the constructor table, the name lookup, the ranges and the short spellings of the
 * `signatures` option (`'f64[]'`) are all derived from this table.
 *
 * @module
 */

/**
 * One element kind.
 *
 * @example
 * ```ts
 * import { ELEMENTS } from './elements.js';
 *
 * ELEMENTS.u8.range; // → [ 0, 255 ]
 * ```
 */
export interface ElementRow {
  /** The typed array constructor. */
  readonly array: { readonly name: string; new (length: number): ArrayLike<unknown> };
  /** Values a load gives, or null for floats (any number). `f32` loads are exact doubles. */
  readonly range: readonly [number, number] | null;
  /**
   * For a plain JS array argument (`number[]`, `boolean[]`): what every element is, checked on entry (a hole
   * or another kind runs the plain function). Such arrays are passed by reference and written in place with
   * JS's own semantics (a store past the end grows them); compiled code never allocates one.
   */
  readonly plain?: 'number' | 'boolean';
}

/**
 * The table, in the order signatures and messages list the kinds.
 *
 * @example
 * ```ts
 * import { ELEMENTS } from './elements.js';
 *
 * new ELEMENTS.f32.array(4); // → Float32Array(4) [ 0, 0, 0, 0 ]
 * ```
 */
export const ELEMENTS = {
  f64: { array: Float64Array, range: null },
  f32: { array: Float32Array, range: null },
  i32: { array: Int32Array, range: [-2147483648, 2147483647] },
  u32: { array: Uint32Array, range: [0, 4294967295] },
  i16: { array: Int16Array, range: [-32768, 32767] },
  u16: { array: Uint16Array, range: [0, 65535] },
  i8: { array: Int8Array, range: [-128, 127] },
  u8: { array: Uint8Array, range: [0, 255] },
  u8c: { array: Uint8ClampedArray, range: [0, 255] },
  num: { array: Array, range: null, plain: 'number' },
  bool: { array: Array, range: null, plain: 'boolean' },
} as const satisfies Record<string, ElementRow>;

/**
 * The statement that tests every element of the plain array `array` (an identifier in generated code) is a JS
 * `kind`, running `onOther` at the first that is not. Written into each generated function that needs it (the
 * entry of a specialization, a receiver's checker, a prototype read's check) rather than one shared checker: a
 * shared loop saw every caller's arrays (small-integer, double and generic elements) and both kinds, so its loads
 * were megamorphic (fft.js's receiver, 10,240 elements: about 40 µs a call through one), while each copy has its
 * own feedback and on an array of doubles V8 folds the `typeof` away.
 *
 * Four elements a step (in order, so the first that is not of `kind` is the same): V8 does not unroll the loop,
 * whose counter and exit test cost as much as the load (fft.js's two 8,192-element arguments: 7.8 µs a check one
 * by one, 4.9 µs four at a time; eight at a time was slower again, 6.0 µs).
 *
 * @example
 * ```ts
 * import { everyElementSource } from './elements.js';
 *
 * const check = new Function('xs', `${everyElementSource('xs', 'number', 'return false;')} return true;`);
 * check([1, 2, 3, 4, 5.5]); // → true
 * check([1, 2, 3, 4, 5, 'six']); // → false
 * ```
 */
export function everyElementSource(array: string, kind: 'number' | 'boolean', onOther: string, i = 'i', n = 'n'): string {
  const other = (at: string): string => `typeof ${array}[${at}] !== '${kind}'`;
  const four = [i, `${i} + 1`, `${i} + 2`, `${i} + 3`].map(other).join(' || ');
  return `{ const ${n} = ${array}.length; let ${i} = 0; for (; ${i} + 3 < ${n}; ${i} += 4) if (${four}) ${onOther} for (; ${i} < ${n}; ${i}++) if (${other(i)}) ${onOther} }`;
}
