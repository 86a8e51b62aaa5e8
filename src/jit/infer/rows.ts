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
import { calleeText } from '../frontend/call-text.js';
import { FLOAT, MAX_LENGTH, describeAV, numAV, type AV } from './lattice.js';
import { madeArraysOf, markArrayLiteral, markReturnedLiterals, type ArrayHost } from './arrays.js';
import { plainElement } from '../types.js';
import { callbackCallOn, type CallbackHost, type CallbackReceiver } from './callbacks.js';
import { callbackMethod } from '../ops/callbacks.js';
import { RetryWithRows } from './retry.js';
import { filledRowsRefusal } from './filled-rows.js';
import type { State } from './flow.js';

// not an identifier, so no parameter or local of the user's can have it
const MADE = '#rows';

/**
 * The name of the `number[][]` a callback method makes at `node`. Every such matrix has the same name: its
 * rows are row objects like any other's, so two of them may share a variable (`c ? a.map(f) : b.map(g)`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { madeMatrixName } from './rows.js';
 *
 * madeMatrixName(parseFunction('(a) => a.map((row) => row.slice())').body); // → '#rows'
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
 * import { parseFunction } from '../frontend/parse.js';
 * import { isMadeMatrix, madeMatrixName } from './rows.js';
 *
 * isMadeMatrix(madeMatrixName(parseFunction('(a) => a.map((row) => row.slice())').body)); // → true
 * // A parameter's name:
 * isMadeMatrix('points'); // → false
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
 * import { isRowsReceiver } from './rows.js';
 *
 * isRowsReceiver({ k: 'matrix', layout: 'nested', name: 'a' }); // → true
 * // An Array2D's rows are views, not row objects:
 * isRowsReceiver({ k: 'matrix', layout: 'array2d', name: 'a' }); // → false
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
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // numba's go_fast: the analysis calls rowsCallbackCall at `a.map(…)`, and again at `row.map(…)`.
 * const shift = parseFunction('function shift(a, t) { return a.map((row) => row.map((x) => x + t)); }');
 * const typing = inferFunction(shift, [{ kind: 'matrix', layout: 'nested' }, { kind: 'f64' }], newEnv(() => undefined));
 * typing.returns; // → { k: 'matrix', layout: 'nested', name: '#rows' }
 * ```
 */
export function rowsCallbackCall(node: Node, name: string, o: AV, state: State, host: CallbackHost): AV {
  const row = callbackMethod(name)!;
  if (o.k === 'matrix' && name === 'map') markReturnedLiterals((node.arguments as Node[])[0]); // `(r) => [r[0], r.length]`: rows
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

/**
 * What a function called from compiled code receives for an argument of value `v`: a row of a `number[][]` that
 * cannot be null (`f(points[i])`, `f(p)` in `points.map((p) => f(p, c))`) is the caller's row object itself, a JS
 * array or a typed array, so the callee sees a `number[]` and applies JS's own operations to it (as `row.map`'s
 * result is typed). A row that may be null stays a located error at the call.
 *
 * @example
 * ```ts
 * import { rowArgument } from './rows.js';
 *
 * rowArgument({ k: 'row', matrix: 'points', layout: 'nested', nullable: false }); // → { k: 'array', element: 'num' }
 * // A row that may be null keeps the row rules:
 * rowArgument({ k: 'row', matrix: 'points', layout: 'nested', nullable: true }).k; // → 'row'
 * ```
 */
export function rowArgument(v: AV): AV {
  return v.k === 'row' && v.layout === 'nested' && !v.nullable ? PLAIN : v;
}

// ------------------------------------------------------------------------------- local arrays of rows

export { RetryWithRows };

const rowArrays = new WeakSet<Node>();

/**
 * The value of an array made in compiled code when it is a `number[][]`: `[]` or `Array(n)` marked by
 * {@link RetryWithRows} (`items` empty; a hole of `Array(n)` reads `undefined`, as `[]` past its end does), or a
 * literal of arrays of numbers (`[sorted]` beside `return clusters`); else undefined.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { literalRows } from './rows.js';
 *
 * const literal = parseFunction('(a, b) => [a, b]').body;
 * literalRows(literal, [{ k: 'array', element: 'f64' }, { k: 'array', element: 'num' }]); // → { k: 'matrix', layout: 'nested', name: '#rows' }
 * literalRows(literal, [FLOAT, FLOAT]); // → undefined
 * // `Array(n)` that no row was stored into (yet):
 * literalRows(parseFunction('(n) => Array(n)').body, []); // → undefined
 * ```
 */
export function literalRows(node: Node, items: readonly AV[]): AV | undefined {
  const rows = items.length === 0 ? rowArrays.has(node) : items.every((i) => (i.k === 'array' && i.element !== 'bool') || (i.k === 'row' && i.layout === 'nested'));
  return rows ? { k: 'matrix', layout: 'nested', name: madeMatrixName(node) } : undefined;
}

/**
 * Called by `arrays.ts` when a variable is given another `[]` or `Array(n)`: if one it was given before holds
 * rows, this one does too (the variable keeps one type). A store marks only the constructions noted before it,
 * so without this `ret = []` after `ret[0] = row` stayed `number[]` and the assignment was refused.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const reset = parseFunction('function reset(n) { let ret = []; ret.push([n]); ret = []; ret.push([n, n]); return ret; }');
 * describeAV(inferFunction(reset, [{ kind: 'i32' }], newEnv(() => undefined)).returns); // → 'number[][]'
 * ```
 */
export function followRows(earlier: Iterable<Node>, made: Node): void {
  for (const e of earlier) if (rowArrays.has(e)) rowArrays.add(made);
}

/**
 * `xs.push(row)` or `xs[i] = row` where `xs` holds `number[]`: when `xs` was given `[]` or `Array(n)` (every such
 * construction of the variable, `arrays.ts`'s noteMadeArray) it becomes a `number[][]` ({@link RetryWithRows}),
 * else a located error.
 */
function becomeRows(receiver: Node, at: Node, host: ArrayHost): never {
  const decl = receiver.type === 'Identifier' ? host.declOf?.(receiver) : undefined;
  const unmarked = (decl ? madeArraysOf(decl) : []).filter((made) => !rowArrays.has(made));
  for (const made of unmarked) {
    const why = filledRowsRefusal(made);
    if (why) {
      const n = receiver.name as string;
      host.fail(`'${n}' is given numbers (Array(n).fill(…)) and then rows; JS reads a number where no row was stored yet, so compiled code holds it as rows only when the loop right after it stores a row at every index first (for (let i = 0; i < n; i++) ${n}[i] = row;), and here ${why}: write Array.from({ length: n }, () => row) or Array(n).fill(0).map(() => row)`, at, 'array of arrays');
    }
  }
  if (unmarked.length > 0) {
    for (const made of unmarked) rowArrays.add(made);
    throw new RetryWithRows(unmarked[0]!);
  }
  return host.fail('an array of numbers cannot hold arrays; an array of rows is made empty (`const rows = []`) or with holes (`Array(n)`) and filled with push or rows[i] = row', at, 'array of arrays');
}

/**
 * Called by `arrays.ts` for `push` on a `number[]` with its arguments' values: rows make the receiver a
 * `number[][]` (or a located error).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // `rows.push(row)` makes the empty literal a number[][] (inference runs again, RetryWithRows):
 * const grid = parseFunction('function grid(n) { const rows = []; for (let i = 0; i < n; i++) rows.push(new Float64Array(n)); return rows; }');
 * describeAV(inferFunction(grid, [{ kind: 'i32' }], newEnv(() => undefined)).returns); // → 'number[][]'
 * ```
 */
export function pushedRows(node: Node, values: readonly AV[], host: ArrayHost): void {
  if (values.some((v) => v.k === 'array' || v.k === 'matrix' || v.k === 'row')) becomeRows(node.callee.object as Node, node, host);
}

/**
 * Methods other than callbacks on a `number[][]` and its rows, one row each (what exists, and the call's value
 * from the receiver and its arguments' values). Compiled code emits the JS method itself, so `m.slice()` is JS's
 * shallow copy: the rows are the caller's own row objects, shared with `m` as in the plain function, and
 * `row.slice()` gives the row's own kind (a JS array or a typed array, typed `number[]` as `row.map` is).
 */
const ROWS_METHODS: Readonly<Record<string, {
  readonly on: 'matrix' | 'both';
  readonly arity: readonly [number, number];
  /** The arguments' kind ('row': a row to store; 'number': a position) and the call's value. */
  readonly args: 'row' | 'number';
  readonly result: (node: Node, o: AV) => AV;
}>> = {
  push: { on: 'matrix', arity: [1, 8], args: 'row', result: () => numAV(0, MAX_LENGTH, true) },
  slice: { on: 'both', arity: [0, 2], args: 'number', result: (node, o) => (o.k === 'matrix' ? { k: 'matrix', layout: 'nested', name: madeMatrixName(node) } : PLAIN) },
};

/**
 * Methods other than callbacks on a `number[][]` made or passed in (`push(row, …)`, `slice(start, end)`) and on
 * its rows (`slice`), from {@link ROWS_METHODS}; anything else is a located error naming what exists.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import type { ArrayHost } from './arrays.js';
 * import { rowsMethodCall } from './rows.js';
 *
 * // A host that types every operand as a Float64Array:
 * const host: ArrayHost = { expr: () => ({ k: 'array', element: 'f64' }), fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * const rows = { k: 'matrix', layout: 'nested', name: 'rows' } as const;
 * const push = parseFunction('(rows, r) => rows.push(r)').body;
 * rowsMethodCall(push, 'push', rows, [], host); // → { k: 'num', int: true, lo: 0, hi: 2147483647 }
 * rowsMethodCall(push, 'sort', rows, [], host); // → throws Error: a number[][] has no method 'sort' in compiled code (push, slice, and the callback methods)
 * ```
 */
export function rowsMethodCall(node: Node, name: string, o: AV, state: State, host: ArrayHost): AV {
  if (o.k === 'row' && name === 'push') return pushOntoRow(node, state, host);
  const row = Object.hasOwn(ROWS_METHODS, name) ? ROWS_METHODS[name]! : undefined;
  if (!row || (row.on === 'matrix' && o.k !== 'matrix')) {
    const names = (o.k === 'row' ? 'push, ' : '') + Object.entries(ROWS_METHODS).filter(([, r]) => o.k === 'matrix' || r.on === 'both').map(([n]) => `${n}, `).join('');
    return host.fail(`${o.k === 'row' ? 'a row of a number[][]' : 'a number[][]'} has no method '${name}' in compiled code (${names}and the callback methods)`, node, `.${name}()`);
  }
  const args = node.arguments as Node[];
  if (args.length < row.arity[0] || args.length > row.arity[1]) host.fail(`${name} takes ${row.arity[0] === 1 ? 'at least one row' : `at most ${row.arity[1]} arguments`} here`, node, `.${name}()`);
  for (const a of args) {
    if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
    if (row.args === 'row') markArrayLiteral(a);
    const v = host.expr(a, state);
    if (row.args === 'number' && v.k !== 'num') host.fail(`the positions of ${name} are numbers, not ${describeAV(v)}`, a, `.${name}()`);
    if (row.args === 'row' && !((v.k === 'array' && v.element !== 'bool') || (v.k === 'row' && v.layout === 'nested'))) host.fail(`a row of a number[][] is an array of numbers, not ${describeAV(v)}`, a, `.${name}()`);
  }
  return row.result(node, o);
}

/** `rows[i].push(v, …)`: numbers onto one row, which compiled code pushes onto as JS does (`js/codegen.ts`, `$rowPush`). */
function pushOntoRow(node: Node, state: State, host: ArrayHost): AV {
  // a row may be a typed array, which has no push: compiled code throws JS's TypeError, naming the callee as V8 does
  if (calleeText(node.callee as Node) === undefined) {
    host.fail('push onto a row chosen by this expression: hold the row in a variable first (const row = …; row.push(v))', node.callee as Node, '.push()');
  }
  const args = node.arguments as Node[];
  for (const a of args) {
    if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
    const v = host.expr(a, state);
    if (v.k !== 'num') host.fail(`a row of a number[][] holds numbers, not ${describeAV(v)}`, a, '.push()');
  }
  return numAV(0, MAX_LENGTH, true);
}

/**
 * `m[i] = row` on a `number[][]` (the row object stored as is, as JS does), or a row stored into a local
 * declared `[]` (which then holds rows); undefined when the target is neither.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import type { ArrayHost } from './arrays.js';
 * import { FLOAT } from './lattice.js';
 * import { rowStore } from './rows.js';
 *
 * // A host that types every operand as a Float64Array:
 * const host: ArrayHost = { expr: () => ({ k: 'array', element: 'f64' }), fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * const target = parseFunction('(rows, i, r) => { rows[i] = r; }').body.body[0].expression.left; // `rows[i]`
 * rowStore(target, { k: 'matrix', layout: 'nested', name: 'rows' }, FLOAT, { k: 'array', element: 'f64' }, host); // → { k: 'array', element: 'f64' }
 * // Not a store into rows: other rules apply.
 * rowStore(target, { k: 'array', element: 'f64' }, FLOAT, FLOAT, host); // → undefined
 * ```
 */
export function rowStore(target: Node, obj: AV, index: AV, value: AV, host: ArrayHost): AV | undefined {
  const isRow = (value.k === 'array' && value.element !== 'bool') || (value.k === 'row' && value.layout === 'nested');
  if (obj.k === 'array' && plainElement(obj.element) && (isRow || value.k === 'matrix')) return becomeRows(target.object as Node, target, host);
  if (obj.k !== 'matrix' || obj.layout !== 'nested') return undefined;
  if (index.k !== 'num') host.fail(`indices must be numbers, not ${describeAV(index)}`, target.property as Node, 'index');
  if (!isRow) host.fail(`a row of a number[][] is an array of numbers, not ${describeAV(value)}`, target, 'row assignment');
  return value;
}
