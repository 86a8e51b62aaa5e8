/**
 * Inference of array methods with an inline callback (`xs.map((v, i) => v * k)`, `xs.reduce((s, v) => s + v, 0)`),
 * the rows of `ops/callbacks.ts`. The callback is analyzed in the enclosing function's scope, so it reads and
 * writes the outer locals as JS does; it may run any number of times, so its effects are a loop's: the state
 * after the call is the fixed point of "not run" joined with "run once more", and a `reduce` accumulator is the
 * join of its start and every value the callback returns.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { MAX_LENGTH, describeAV, elementAV, joinAV, numAV, type AV } from './lattice.js';
import { joinStates, statesEqual, widen, type FlowHost, type State } from './flow.js';
import { callbackMethod } from '../ops/callbacks.js';
import { madeMatrixName } from './rows.js';
import { markReturnedLiterals } from './arrays.js';
import { plainElement } from '../types.js';

/**
 * What running a callback's body once gives (`analyze.ts` runs it, in a scope of its own).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis, as the CallbackHost, runs each callback until its effects settle:
 * const f = parseFunction('function f(xs, k) { const ys = xs.map((v) => v * k); return ys.reduce((s, v) => s + v, 0); }');
 * const typing = inferFunction(f, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * typing.bindings.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'xs: Float64Array', 'k: a number', 'ys: Float64Array', 'v: a number', 's: a number', 'v: a number' ]
 * ```
 */
export interface CallbackRun {
  /** The state after the body (null: it always throws). */
  readonly state: State | null;
  /** The join of what it returns (`void` when it returns nothing). */
  readonly returned: AV;
  /** Some path returns nothing beside paths that return a value. */
  readonly absent: boolean;
}

/**
 * What these rules need from the walker (`analyze.ts`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis, as the CallbackHost, runs each callback until its effects settle:
 * const f = parseFunction('function f(xs, k) { const ys = xs.map((v) => v * k); return ys.reduce((s, v) => s + v, 0); }');
 * const typing = inferFunction(f, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * typing.bindings.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'xs: Float64Array', 'k: a number', 'ys: Float64Array', 'v: a number', 's: a number', 'v: a number' ]
 * ```
 */
export interface CallbackHost {
  expr(node: Node, state: State): AV;
  fail(message: string, node: Node, construct: string): never;
  /** The walker, for joining states. */
  readonly flow: FlowHost;
  /** Runs the callback's body once with its parameters bound to `params` (fewer parameters take fewer). */
  run(fn: Node, params: readonly (AV | undefined)[], state: State): CallbackRun;
  /** Records `value` as what the callback `fn` returns (lowering converts its returns to that type). */
  note(fn: Node, value: AV): void;
}

/**
 * Whether `name` is a method whose argument is a callback.
 *
 * @example
 * ```ts
 * import { isCallbackMethod } from './callbacks.js';
 *
 * isCallbackMethod('map'); // → true
 * isCallbackMethod('push'); // → false
 * ```
 */
export function isCallbackMethod(name: string): boolean {
  return callbackMethod(name) !== undefined;
}

/**
 * The checks of a callback's form, shared with lowering: an inline arrow or function expression with at most
 * `max` plain parameters. Anything else is a located error saying what to write.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { checkCallback } from './callbacks.js';
 *
 * const host = { fail: (message: string): never => { throw new Error(message); } };
 * const inline = parseFunction('(xs) => xs.map((v, i) => v * i)').body;
 * checkCallback(inline.arguments[0], 'map', 3, host, inline).type; // → 'ArrowFunctionExpression'
 * const byName = parseFunction('(xs) => xs.map(square)').body;
 * checkCallback(byName.arguments[0], 'map', 3, host, byName); // → throws Error: the callback of map is compiled in place, so it must be written at the call ('square' is passed by name)…
 * ```
 */
export function checkCallback(fn: Node | undefined, name: string, max: number, host: Pick<CallbackHost, 'fail'>, at: Node): Node {
  const write = `write it inline: xs.${name}((${max === 4 ? 'acc, ' : ''}v, i) => …)`;
  if (!fn) return host.fail(`${name} takes a callback; ${write}`, at, `.${name}()`);
  if (fn.type === 'SpreadElement') return host.fail('spread arguments are not supported', fn, 'spread argument');
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') {
    const what = fn.type === 'Identifier' ? `'${fn.name}' is passed by name` : 'the callback is not a function written here';
    return host.fail(`the callback of ${name} is compiled in place, so it must be written at the call (${what}); ${write}, calling the function from it if need be`, fn, `${name} callback`);
  }
  if (fn.async || fn.generator) host.fail('async and generator callbacks cannot be compiled', fn, `${name} callback`);
  const params = fn.params as Node[];
  if (params.length > max) host.fail(`the callback of ${name} takes at most ${max} parameters (${max === 4 ? 'accumulator, ' : ''}value, index, array)`, fn, `${name} callback`);
  for (const p of params) if (p.type !== 'Identifier') host.fail('callback parameters are plain names (no defaults, destructuring or rest)', p, `${name} callback`);
  if (fn.type === 'FunctionExpression') {
    // `this` and `arguments` of a function expression are its own (undefined, and the callback's arguments)
    const own = findOwn(fn.body);
    if (own) host.fail(`'${own.type === 'ThisExpression' ? 'this' : 'arguments'}' inside a function callback is the callback's own; use an arrow function`, own, `${name} callback`);
  }
  return fn;
}

/** `this` or `arguments` in a function's body, not inside a nested non-arrow function. */
function findOwn(n: Node): Node | undefined {
  if (!n || typeof n !== 'object') return undefined;
  if (n.type === 'ThisExpression' || (n.type === 'Identifier' && n.name === 'arguments')) return n;
  if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return undefined;
  for (const key of Object.keys(n)) {
    if (key === 'start' || key === 'end' || key === 'loc') continue;
    const v = n[key];
    if (Array.isArray(v)) {
      for (const x of v) {
        const f = x && typeof x === 'object' && typeof x.type === 'string' ? findOwn(x) : undefined;
        if (f) return f;
      }
    } else if (v && typeof v === 'object' && typeof v.type === 'string') {
      const f = findOwn(v);
      if (f) return f;
    }
  }
  return undefined;
}

/**
 * `xs.name(callback[, start])` on an array value: the call's value. `state` is updated in place to what holds
 * after the call (the callback's writes to outer locals included).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis, as the CallbackHost, runs each callback until its effects settle:
 * const f = parseFunction('function f(xs, k) { const ys = xs.map((v) => v * k); return ys.reduce((s, v) => s + v, 0); }');
 * const typing = inferFunction(f, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * typing.bindings.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'xs: Float64Array', 'k: a number', 'ys: Float64Array', 'v: a number', 's: a number', 'v: a number' ]
 * ```
 */
export function callbackCall(node: Node, name: string, array: Extract<AV, { k: 'array' }>, state: State, host: CallbackHost): AV {
  const row = callbackMethod(name)!;
  // a plain array's map to arrays (`Array(n).fill(0).map(() => Array(n).fill(0))`, `xs.map((v) => [v, 2 * v])`):
  // a new number[][] of what the callback returned, as `Array.from` makes one (a typed array's map keeps numbers)
  const rows = name === 'map' && plainElement(array.element) !== undefined;
  if (rows) markReturnedLiterals((node.arguments as Node[])[0]);
  const result = (returned: AV): AV | { readonly error: string } => {
    if (rows && returned.k === 'array' && returned.element !== 'bool') return { k: 'matrix', layout: 'nested', name: madeMatrixName(node) };
    return row.result(array, returned);
  };
  return callbackCallOn(node, name, { value: elementAV(array.element), self: array, result }, state, host);
}

/**
 * What a callback method's receiver gives its callback and what the call makes of the callback's result: for an
 * array, its element and the row of `ops/callbacks.ts`; for the rows of a `number[][]`, a row (`infer/rows.ts`).
 *
 * @example
 * ```ts
 * import { FLOAT } from './lattice.js';
 * import type { CallbackReceiver } from './callbacks.js';
 *
 * // `row.map(…)` on a row of a number[][] (rows.ts): each value a number, the result a number[].
 * const row = { k: 'row', matrix: 'points', layout: 'nested', nullable: false } as const;
 * const receiver: CallbackReceiver = {
 *   value: FLOAT,
 *   self: row,
 *   result: (returned) => (returned.k === 'num' ? { k: 'array', element: 'num' } : { error: 'map on a row returns numbers' }),
 * };
 * ```
 */
export interface CallbackReceiver {
  /** The callback's value parameter. */
  readonly value: AV;
  /** The callback's third parameter (the receiver itself). */
  readonly self: AV;
  /** The call's value from what the callback returns (not used by `reduce`, whose value is the accumulator). */
  result(returned: AV): AV | { readonly error: string };
}

/**
 * {@link callbackCall} on any receiver.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis, as the CallbackHost, runs each callback until its effects settle:
 * const f = parseFunction('function f(xs, k) { const ys = xs.map((v) => v * k); return ys.reduce((s, v) => s + v, 0); }');
 * const typing = inferFunction(f, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }], newEnv(() => undefined));
 * typing.bindings.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'xs: Float64Array', 'k: a number', 'ys: Float64Array', 'v: a number', 's: a number', 'v: a number' ]
 * ```
 */
export function callbackCallOn(node: Node, name: string, receiver: CallbackReceiver, state: State, host: CallbackHost): AV {
  const row = callbackMethod(name)!;
  const args = node.arguments as Node[];
  const max = row.accumulates ? 2 : 1;
  if (args.length > max) host.fail(`${name} takes ${row.accumulates ? 'a callback and a start value' : 'one callback (no thisArg)'} in compiled code`, node, `.${name}()`);
  const fn = checkCallback(args[0], name, row.accumulates ? 4 : 3, host, node);
  const start = row.accumulates && args[1] ? host.expr(args[1], state) : undefined;
  if (start && start.k !== 'num' && start.k !== 'bool') host.fail(`the start value of ${name} is a number or a boolean in compiled code, not ${describeAV(start)}`, args[1]!, `.${name}()`);
  const value = receiver.value;
  const array = receiver.self;
  const index = numAV(0, MAX_LENGTH - 1, true);
  let acc: AV = start ?? value;
  let head: State = state.slice();
  let returned: AV | undefined;
  for (let iter = 0; ; iter++) {
    const run = host.run(fn, row.accumulates ? [acc, value, index, array] : [value, index, array], head.slice());
    if (run.absent && name !== 'forEach') host.fail(`the callback of ${name} must return a value on every path`, fn, `${name} callback`);
    const r = returned === undefined ? run.returned : joinAV(returned, run.returned);
    if (!r) return host.fail(`the callback of ${name} returns ${describeAV(returned!)} on one path and ${describeAV(run.returned)} on another`, fn, `${name} callback`);
    returned = r;
    let nextAcc = acc;
    if (row.accumulates) {
      const j = joinAV(acc, run.returned);
      if (!j) return host.fail(`the accumulator of ${name} starts as ${describeAV(acc)} but the callback returns ${describeAV(run.returned)}; compiled values keep one type`, fn, `${name} callback`);
      nextAcc = iter >= 2 ? widen([acc], [j])[0]! : j;
    }
    let next = joinStates(state, run.state, fn, host.flow) ?? state.slice();
    if (iter >= 2) next = widen(head, next);
    if ((statesEqual(next, head) && statesEqual([nextAcc], [acc])) || iter > 40) break;
    head = next;
    acc = nextAcc;
  }
  state.splice(0, state.length, ...head);
  host.note(fn, row.accumulates ? acc : returned);
  if (row.accumulates) return acc;
  const result = receiver.result(returned);
  if ('error' in result) return host.fail(result.error, fn, `${name} callback`);
  return result;
}

/**
 * `Array.from({ length: n }, (_, i) => …)`, `Array.from(xs)` and `Array.from(xs, (v, i) => …)`: a new plain
 * array (number[] or boolean[]), or undefined when `node` is not a call of the global `Array.from`. For the
 * `{ length: n }` form the callback's first parameter is `undefined`: reading it is a located error.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const squares = parseFunction('function squares(n) { return Array.from({ length: n }, (_, i) => i * i); }');
 * describeAV(inferFunction(squares, [{ kind: 'i32' }], newEnv(() => undefined)).returns); // → 'number[]'
 * ```
 */
export function arrayFrom(node: Node, state: State, host: CallbackHost, isGlobal: (name: string) => boolean): AV | undefined {
  const from = arrayFromForm(node, isGlobal);
  if (!from) return undefined;
  const args = node.arguments as Node[];
  if (args.length < 1 || args.length > 2) host.fail('Array.from takes a source and an optional callback in compiled code', node, 'Array.from');
  let element: AV;
  let array: AV | undefined;
  if (from === 'length') {
    const n = host.expr((args[0]!.properties as Node[])[0]!.value as Node, state);
    if (n.k !== 'num') host.fail(`the length of Array.from({ length }) is a number, not ${describeAV(n)}`, args[0]!, 'Array.from');
    if (args.length === 1) host.fail('Array.from({ length: n }) without a callback is n undefineds; write new Array(n).fill(x), or give a callback', node, 'Array.from');
    element = { k: 'void' };
  } else {
    array = host.expr(args[0]!, state);
    if (array.k !== 'array') return host.fail(`Array.from copies an array or typed array in compiled code, not ${describeAV(array)}`, args[0]!, 'Array.from');
    element = elementAV(array.element);
    if (args.length === 1) return { k: 'array', element: array.element === 'bool' ? 'bool' : 'num' };
  }
  const fn = checkCallback(args[1], 'Array.from', 2, host, node);
  markReturnedLiterals(fn); // `(_, i) => [i, 2 * i]`: rows, as `map`'s
  // the callback's first parameter of the `{ length }` form is never assigned: a read is flow's located error
  const returned = runToFixedPoint(fn, element.k === 'void' ? [undefined, INDEX_VALUE] : [element, INDEX_VALUE], state, host);
  if (run0Absent.has(fn)) host.fail('the callback of Array.from must return a value on every path', fn, 'Array.from callback');
  host.note(fn, returned);
  if (returned.k === 'num') return { k: 'array', element: 'num' };
  if (returned.k === 'bool') return { k: 'array', element: 'bool' };
  // rows (`Array.from({ length: M }, () => new Float64Array(M))`, numba's `np.empty((M, M))`): a new number[][]
  // holding the callback's own array objects, as `rows.map` makes one (rows.ts)
  if (returned.k === 'array' && returned.element !== 'bool') return { k: 'matrix', layout: 'nested', name: madeMatrixName(node) };
  return host.fail(`the callback of Array.from returns a number, a boolean or an array of numbers in compiled code, not ${describeAV(returned)}`, fn, 'Array.from callback');
}

const INDEX_VALUE = numAV(0, MAX_LENGTH - 1, true);
const run0Absent = new WeakSet<Node>();

/** Runs a (non-accumulating) callback to its fixed point, updating `state`; returns the join of its returns. */
function runToFixedPoint(fn: Node, params: readonly (AV | undefined)[], state: State, host: CallbackHost): AV {
  let head: State = state.slice();
  let returned: AV | undefined;
  for (let iter = 0; ; iter++) {
    const run = host.run(fn, params, head.slice());
    if (run.absent) run0Absent.add(fn);
    const r = returned === undefined ? run.returned : joinAV(returned, run.returned);
    if (!r) return host.fail(`the callback returns ${describeAV(returned!)} on one path and ${describeAV(run.returned)} on another`, fn, 'callback');
    returned = r;
    let next = joinStates(state, run.state, fn, host.flow) ?? state.slice();
    if (iter >= 2) next = widen(head, next);
    if (statesEqual(next, head) || iter > 40) break;
    head = next;
  }
  state.splice(0, state.length, ...head);
  return returned;
}

/**
 * Which form of `Array.from` `node` calls: `'length'` for `Array.from({ length: n }, …)`, `'array'` for a source
 * array, undefined when it is not a call of the global `Array.from`. Shared with lowering.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { arrayFromForm } from './callbacks.js';
 *
 * arrayFromForm(parseFunction('(n) => Array.from({ length: n }, (_, i) => i)').body, () => true); // → 'length'
 * arrayFromForm(parseFunction('(xs) => Array.from(xs)').body, () => true); // → 'array'
 * // A local named Array:
 * arrayFromForm(parseFunction('(xs) => Array.from(xs)').body, () => false); // → undefined
 * ```
 */
export function arrayFromForm(node: Node, isGlobal: (name: string) => boolean): 'length' | 'array' | undefined {
  const callee = node.callee as Node;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier' || callee.object.name !== 'Array' || callee.property.name !== 'from' || !isGlobal('Array')) return undefined;
  const source = (node.arguments as Node[])[0];
  const props = source?.type === 'ObjectExpression' ? (source.properties as Node[]) : undefined;
  if (props && props.length === 1 && props[0]!.type === 'Property' && !props[0]!.computed && props[0]!.kind === 'init' && (props[0]!.key.name ?? props[0]!.key.value) === 'length') return 'length';
  return 'array';
}
