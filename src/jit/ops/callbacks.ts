/**
 * Array methods that take a callback (`xs.map((v, i) => …)`), one row each: whether the method has an
 * initial value (`reduce`), and what the call gives from the receiver and the callback's result. Compiled
 * code emits the JS method itself with the callback compiled in place (`js/callbacks.ts`), so holes, the
 * length read once at the start, the species of a typed array's `map`/`filter` and the TypeError of an empty
 * `reduce` without an initial value are V8's own. Inference: `infer/callbacks.ts`; IR: `ir/callbacks.ts`.
 *
 * @module
 */
import { BOOLV, MAX_LENGTH, numAV, type AV } from '../infer/lattice.js';
import { plainElement } from '../types.js';

/**
 * One callback method.
 *
 * @example
 * ```ts
 * import { CALLBACK_METHODS, type CallbackMethodRow } from './callbacks.js';
 *
 * // The callback's first parameter is the accumulator.
 * const reduce: CallbackMethodRow = CALLBACK_METHODS.reduce!;
 * reduce.accumulates; // → true
 * ```
 */
export interface CallbackMethodRow {
  /** The callback's first parameter is an accumulator (`reduce`, `reduceRight`), the second argument its start. */
  readonly accumulates: boolean;
  /** The call's value from the receiver and what the callback returns, or a sentence for a located error. */
  readonly result: (array: Extract<AV, { k: 'array' }>, returned: AV) => AV | { readonly error: string };
}

const INDEX = numAV(-1, MAX_LENGTH - 1, true);

/** `map`: a typed array maps to its own class (numbers only); a plain array to number[] or boolean[]. */
function mapped(array: Extract<AV, { k: 'array' }>, returned: AV): AV | { readonly error: string } {
  if (plainElement(array.element) === undefined) {
    return returned.k === 'num' ? array : { error: `map on a typed array gives the same typed array, so the callback returns a number, not ${describeKind(returned)}` };
  }
  if (returned.k === 'num') return { k: 'array', element: 'num' };
  if (returned.k === 'bool') return { k: 'array', element: 'bool' };
  return { error: `the callback of map returns a number or a boolean in compiled code, not ${describeKind(returned)}` };
}

function describeKind(v: AV): string {
  return v.k === 'num' ? 'a number' : v.k === 'bool' ? 'a boolean' : v.k === 'void' ? 'undefined' : `a value of kind ${v.k}`;
}

/** What a test callback (`some`, `every`, `filter`, `findIndex`) may return: JS takes its truth value. */
function truthTest(returned: AV): string | undefined {
  return returned.k === 'num' || returned.k === 'bool' ? undefined : `the callback returns a number or a boolean (its truth value is used), not ${describeKind(returned)}`;
}

const tested = (returned: AV, value: AV): AV | { readonly error: string } => {
  const error = truthTest(returned);
  return error ? { error } : value;
};

/**
 * The table. A method not listed here (and not in `ops/arrays.ts`) is a located error.
 *
 * @example
 * ```ts
 * import { BOOLV } from '../infer/lattice.js';
 * import { CALLBACK_METHODS } from './callbacks.js';
 *
 * // xs.some((x) => …) on a Float64Array, with a callback returning a boolean: a boolean.
 * CALLBACK_METHODS.some!.result({ k: 'array', element: 'f64' }, BOOLV); // → { k: 'bool' }
 * ```
 */
export const CALLBACK_METHODS: Readonly<Record<string, CallbackMethodRow>> = {
  map: { accumulates: false, result: mapped },
  forEach: { accumulates: false, result: () => ({ k: 'void' }) },
  some: { accumulates: false, result: (_a, r) => tested(r, BOOLV) },
  every: { accumulates: false, result: (_a, r) => tested(r, BOOLV) },
  filter: { accumulates: false, result: (a, r) => tested(r, a) },
  findIndex: { accumulates: false, result: (_a, r) => tested(r, INDEX) },
  findLastIndex: { accumulates: false, result: (_a, r) => tested(r, INDEX) },
  // the value is the accumulator's, which inference joins over the start and every return (infer/callbacks.ts)
  reduce: { accumulates: true, result: (_a, r) => r },
  reduceRight: { accumulates: true, result: (_a, r) => r },
};

/**
 * The row of `name`, or undefined when it takes no callback.
 *
 * @example
 * ```ts
 * import { callbackMethod } from './callbacks.js';
 *
 * callbackMethod('map')?.accumulates; // → false
 * callbackMethod('fill'); // → undefined
 * ```
 */
export function callbackMethod(name: string): CallbackMethodRow | undefined {
  return Object.hasOwn(CALLBACK_METHODS, name) ? CALLBACK_METHODS[name] : undefined;
}
