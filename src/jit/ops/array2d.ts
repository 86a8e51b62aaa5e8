/**
 * The methods of `Array2D` compiled code calls, one row each, read by inference (how many numbers a call takes
 * and what it gives) and by lowering (the IR it becomes). `get` and `set` are unchecked, exactly as
 * `Array2D.get`/`set` index `data[row * cols + col]`; `row` gives a row view, bounds-checked unless lowering
 * proved the index a valid row (`passes/bounds.ts`). `set` gives nothing and is lowered as a statement.
 *
 * @module
 */
import { FLOAT, type AV } from '../infer/lattice.js';
import type { Expr, Stmt } from '../ir.js';
import { F64 } from '../types.js';

/**
 * One `Array2D` method: its arity (numbers only), the value inference gives the call, and its IR: an expression,
 * or for `set` a statement whose last argument is the stored value (an `f64`).
 *
 * @example
 * ```ts
 * import { ARRAY2D_METHODS, type Array2DMethodRow } from './array2d.js';
 *
 * const get: Array2DMethodRow = ARRAY2D_METHODS.get;
 * get.arity; // → 2
 * get.value('m'); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * ```
 */
export interface Array2DMethodRow {
  /** How many numeric arguments the method takes. */
  readonly arity: number;
  /** The call's value; `matrix` is the name inference knows the receiver by. */
  readonly value: (matrix: string) => AV;
  /** The IR of a call used as a value; `inBounds()` says whether lowering proved the first argument a valid row. */
  readonly expr?: (matrix: string, args: readonly Expr[], inBounds: () => boolean) => Expr;
  /** The IR of a call used as a statement (the last argument already an `f64`). */
  readonly statement?: (matrix: string, args: readonly Expr[], span: { start: number; end: number }) => Stmt;
}

/**
 * The table, in the order error messages list the methods.
 *
 * @example
 * ```ts
 * import { ARRAY2D_METHODS } from './array2d.js';
 *
 * Object.keys(ARRAY2D_METHODS); // → [ 'get', 'set', 'row' ]
 * ARRAY2D_METHODS.row.value('m'); // → { k: 'row', matrix: 'm', layout: 'array2d', nullable: false }
 * ```
 */
export const ARRAY2D_METHODS = {
  get: {
    arity: 2,
    value: () => FLOAT,
    expr: (matrix, [row, col]) => ({ op: 'matrixLoad', type: F64, matrix, row: row!, col: col! }),
  },
  set: {
    arity: 3,
    value: () => ({ k: 'void' }),
    statement: (matrix, [row, col, value], span) => ({ kind: 'matrixStore', matrix, row: row!, col: col!, value: value!, span }),
  },
  row: {
    arity: 1,
    value: (matrix) => ({ k: 'row', matrix, layout: 'array2d', nullable: false }),
    expr: (matrix, [index], inBounds) => {
      const proved = inBounds();
      return { op: 'rowOf', type: { kind: 'row', matrix, nullable: false }, matrix, index: index!, ...(proved ? { inBounds: proved } : {}) };
    },
  },
} as const satisfies Record<string, Array2DMethodRow>;

/**
 * The row of an `Array2D` method, or undefined for a name compiled code does not call.
 *
 * @example
 * ```ts
 * import { array2dMethod } from './array2d.js';
 *
 * array2dMethod('get')?.arity; // → 2
 * array2dMethod('toString'); // → undefined
 * ```
 */
export function array2dMethod(name: string): Array2DMethodRow | undefined {
  return Object.hasOwn(ARRAY2D_METHODS, name) ? ARRAY2D_METHODS[name as keyof typeof ARRAY2D_METHODS] : undefined;
}

/** The method names, for messages: `'get, set, row'`. */
export const ARRAY2D_METHOD_NAMES: string = Object.keys(ARRAY2D_METHODS).join(', ');
