/**
 * Callback methods on a `number[][]` and on its rows (`a.map((row) => row.map((x) => x + t))`, numba's
 * `go_fast`), typed through the rows of `ops/callbacks.ts` with the receiver of `infer/callbacks.ts`.
 *
 * - On the matrix, the callback's value is a row (the caller's own row object, as in the plain function).
 *   `map` returning numbers or booleans gives `number[]`/`boolean[]`; returning arrays gives a new `number[][]`
 *   (its rows are what the callback returned); `filter` gives a new `number[][]` of the same row objects.
 * - On a row, the value is a number. A row of a `number[][]` may be a JS array or a typed array (the entry
 *   check accepts both), and `row.map`/`row.filter` give the row's own kind, which the signature does not say:
 *   the result is typed `number[]`, and compiled code applies JS's own operations to it, so either kind
 *   behaves as in the plain function. A `map` to booleans (a typed row would hold 1 and 0) is a located error.
 *
 * A `number[][]` made here has no parameter name; its synthetic name ({@link madeMatrixName}, one for all of
 * them) tells the JS backend that its rows are row objects, like a `number[][]` argument's.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { FLOAT, describeAV, type AV } from './lattice.js';
import { callbackCallOn, type CallbackHost, type CallbackReceiver } from './callbacks.js';
import { callbackMethod } from '../ops/callbacks.js';
import type { State } from './flow.js';

const MADE = '$rows';

/**
 * The name of the `number[][]` a callback method makes at `node`. Every such matrix has the same name: its
 * rows are row objects like any other's, so two of them may share a variable (`c ? a.map(f) : b.map(g)`).
 *
 * @example
 * ```ts
 * madeMatrixName(mapNode); // '$rows'
 * ```
 */
export function madeMatrixName(node: Node): string {
  void node;
  return MADE;
}

/**
 * Whether `name` is a matrix made in compiled code ({@link madeMatrixName}): a `number[][]` of row objects.
 *
 * @example
 * ```ts
 * isMadeMatrix('$rows'); // true
 * ```
 */
export function isMadeMatrix(name: string): boolean {
  return name === MADE;
}

/**
 * Whether `o` is a `number[][]` or one of its rows, whose callback methods this module types.
 *
 * @example
 * ```ts
 * isRowsReceiver({ k: 'matrix', layout: 'nested', name: 'a' }); // true
 * ```
 */
export function isRowsReceiver(o: AV | undefined): boolean {
  return (o?.k === 'matrix' || o?.k === 'row') && o.layout === 'nested';
}

/**
 * `m.method(callback[, start])` on a `number[][]` or a row of one: the call's value; `state` is updated as
 * {@link callbackCallOn} does.
 *
 * @example
 * ```ts
 * rowsCallbackCall(callNode, 'map', { k: 'matrix', layout: 'nested', name: 'a' }, state, host);
 * ```
 */
export function rowsCallbackCall(node: Node, name: string, o: AV, state: State, host: CallbackHost): AV {
  const row = callbackMethod(name)!;
  const receiver: CallbackReceiver = o.k === 'matrix'
    ? { value: { k: 'row', matrix: o.name, layout: 'nested', nullable: false }, self: o, result: (r) => matrixResult(name, r, node, row.result) }
    : { value: FLOAT, self: o, result: (r) => rowResult(name, r, row.result) };
  return callbackCallOn(node, name, receiver, state, host);
}

type RowRule = (array: Extract<AV, { k: 'array' }>, returned: AV) => AV | { readonly error: string };
const PLAIN: Extract<AV, { k: 'array' }> = { k: 'array', element: 'num' };

function matrixResult(name: string, returned: AV, node: Node, rule: RowRule): AV | { readonly error: string } {
  if (name === 'filter') {
    const tested = rule(PLAIN, returned);
    return 'error' in tested ? tested : { k: 'matrix', layout: 'nested', name: madeMatrixName(node) };
  }
  if (name !== 'map') return rule(PLAIN, returned);
  if (returned.k === 'array') {
    if (returned.element === 'bool') return { error: 'map over the rows of a number[][] returns numbers, booleans or arrays of numbers, not boolean[]' };
    return { k: 'matrix', layout: 'nested', name: madeMatrixName(node) };
  }
  if (returned.k === 'num' || returned.k === 'bool') return rule(PLAIN, returned);
  return { error: `map over the rows of a number[][] returns numbers, booleans or arrays of numbers in compiled code, not ${describeAV(returned)}` };
}

function rowResult(name: string, returned: AV, rule: RowRule): AV | { readonly error: string } {
  if (name === 'map' && returned.k !== 'num') {
    return { error: `map on a row of a number[][] returns numbers in compiled code (a typed-array row maps to its own class, which holds numbers only), not ${describeAV(returned)}` };
  }
  return rule(PLAIN, returned);
}
