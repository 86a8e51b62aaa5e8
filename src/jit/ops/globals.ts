/**
 * The built-in globals compiled code may read besides `Math` (`ops/math.ts`): one row each, read by inference
 * (`infer/globals.ts`: what the name gives), lowering (the IR it becomes) and, through that IR, every backend.
 * A name listed with a `reason` is a located error that says what to write instead; a global not listed at all
 * is named as a built-in compiled code does not support, never with a suggestion that would not work.
 *
 * Predicates take a number that may be `undefined` at run time (a read past the end of an array), so each is
 * lowered to operations that give JavaScript's answer for `undefined` too: `Number.isFinite(x)` is
 * `Math.abs(x) < Infinity`, `isNaN(x)` is `!(Math.abs(x) >= 0)`, `Number.isInteger(x)` is `x % 1 === 0`
 * (true for -0, false for ±Infinity, NaN and undefined). `Number.isNaN` and `Number.isSafeInteger` read their
 * argument twice, so they take an argument without calls (a local, an element, arithmetic).
 *
 * The WGSL backend receives the same `abs`, `%` and comparisons (not yet checked on lavapipe for NaN inputs).
 *
 * @module
 */
import type { Expr } from '../ir.js';
import { BOOL, F64 } from '../types.js';

/**
 * One built-in global: a constant, a predicate on one number, or a name compiled code rejects with a reason.
 *
 * @example
 * ```ts
 * import { GLOBALS, type GlobalRow } from './globals.js';
 *
 * const row: GlobalRow | undefined = GLOBALS['Number.EPSILON'];
 * row; // → { kind: 'constant', value: 2.220446049250313e-16 }
 * ```
 */
export type GlobalRow =
  | { readonly kind: 'constant'; readonly value: number }
  | {
    readonly kind: 'predicate';
    /** The IR of the test; `x` is the argument (an `f64`/`i32` expression), `again` the same expression once more. */
    readonly lower: (x: Expr, again: () => Expr) => Expr;
    /** Reads its argument twice: the argument may not contain calls. */
    readonly twice?: true;
  }
  | { readonly kind: 'unsupported'; readonly reason: string };

const num = (value: number): Expr => ({ op: 'const', type: F64, value });
const abs = (x: Expr): Expr => ({ op: 'math', type: F64, fn: 'abs', args: [toF64(x)] });
const toF64 = (x: Expr): Expr => (x.type.kind === 'f64' ? x : { op: 'convert', type: F64, arg: x });
const cmp = (operator: 'lt' | 'le' | 'ge' | 'eq' | 'ne', left: Expr, right: Expr): Expr => ({ op: 'compare', type: BOOL, operator, left, right });
const not = (arg: Expr): Expr => ({ op: 'unary', type: BOOL, operator: 'not', arg });
const isWhole = (x: Expr): Expr => cmp('eq', { op: 'binary', type: F64, operator: 'mod', left: toF64(x), right: num(1) }, num(0));

/**
 * The table, keyed by how the code names the global (`'NaN'`, `'Number.isFinite'`).
 *
 * @example
 * ```ts
 * import { GLOBALS } from './globals.js';
 *
 * GLOBALS['Number.isInteger']?.kind; // → 'predicate'
 * ```
 */
export const GLOBALS: Readonly<Record<string, GlobalRow>> = {
  NaN: { kind: 'constant', value: NaN },
  Infinity: { kind: 'constant', value: Infinity },
  undefined: { kind: 'unsupported', reason: 'undefined is not a value compiled code holds; to test for a read past the end of an array, compare the index with .length' },
  'Number.MAX_VALUE': { kind: 'constant', value: Number.MAX_VALUE },
  'Number.MIN_VALUE': { kind: 'constant', value: Number.MIN_VALUE },
  'Number.EPSILON': { kind: 'constant', value: Number.EPSILON },
  'Number.MAX_SAFE_INTEGER': { kind: 'constant', value: Number.MAX_SAFE_INTEGER },
  'Number.MIN_SAFE_INTEGER': { kind: 'constant', value: Number.MIN_SAFE_INTEGER },
  'Number.POSITIVE_INFINITY': { kind: 'constant', value: Infinity },
  'Number.NEGATIVE_INFINITY': { kind: 'constant', value: -Infinity },
  'Number.NaN': { kind: 'constant', value: NaN },
  'Number.isFinite': { kind: 'predicate', lower: (x) => cmp('lt', abs(x), num(Infinity)) },
  isFinite: { kind: 'predicate', lower: (x) => cmp('lt', abs(x), num(Infinity)) },
  isNaN: { kind: 'predicate', lower: (x) => not(cmp('ge', abs(x), num(0))) },
  'Number.isNaN': { kind: 'predicate', lower: (x, again) => cmp('ne', x, again()), twice: true },
  'Number.isInteger': { kind: 'predicate', lower: isWhole },
  'Number.isSafeInteger': {
    kind: 'predicate',
    lower: (x, again) => ({ op: 'logical', type: BOOL, operator: 'and', left: isWhole(x), right: cmp('le', abs(again()), num(Number.MAX_SAFE_INTEGER)) }),
    twice: true,
  },
  'Number.parseFloat': { kind: 'unsupported', reason: 'strings cannot be used in compiled code; parse before calling' },
  'Number.parseInt': { kind: 'unsupported', reason: 'strings cannot be used in compiled code; parse before calling' },
  parseFloat: { kind: 'unsupported', reason: 'strings cannot be used in compiled code; parse before calling' },
  parseInt: { kind: 'unsupported', reason: 'strings cannot be used in compiled code; parse before calling' },
  Number: { kind: 'unsupported', reason: 'Number(x) and Number as a value are not supported; use +x, or read a member such as Number.EPSILON' },
  arguments: { kind: 'unsupported', reason: '`arguments` is not supported in compiled code; name the parameters' },
  console: { kind: 'unsupported', reason: 'console output cannot run in compiled code; return the value and print it outside, or set NUMBAT_DISABLE_JIT=1 to debug' },
  // `Array(n)`, `new Array(n)`, `Array(a, b)` and `Array.from(…)` are calls the analysis types before this table
  Array: { kind: 'unsupported', reason: 'only Array(n), new Array(n), Array(a, b, …) and Array.from(…) make arrays in compiled code; Array as a value and its other members (Array.of, Array.isArray) are not supported' },
};

/**
 * The row of a global, or undefined.
 *
 * @example
 * ```ts
 * import { globalRow } from './globals.js';
 *
 * globalRow('Infinity'); // → { kind: 'constant', value: Infinity }
 * globalRow('window'); // → undefined
 * ```
 */
export function globalRow(name: string): GlobalRow | undefined {
  return Object.hasOwn(GLOBALS, name) ? GLOBALS[name] : undefined;
}

/**
 * The `Number` members compiled code may read as constants, derived from {@link GLOBALS}.
 *
 * @example
 * ```ts
 * import { NUMBER_CONSTANTS } from './globals.js';
 *
 * NUMBER_CONSTANTS.EPSILON === Number.EPSILON; // → true
 * ```
 */
export const NUMBER_CONSTANTS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(GLOBALS).flatMap(([name, row]) => (name.startsWith('Number.') && row.kind === 'constant' ? [[name.slice(7), row.value]] : [])),
);
