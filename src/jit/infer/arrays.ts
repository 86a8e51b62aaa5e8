/**
 * Inference of JS arrays made and changed in compiled code: `new Array(n)`, `Array(n)`, `Array(a, b)`,
 * `[…]` literals held in variables, and the methods of `ops/arrays.ts` (with `sort` and its comparator).
 * A local array is a plain JS array (`number[]` or `boolean[]`, the `num`/`bool` rows of `ops/elements.ts`):
 * holes and reads past the end are `undefined`, exactly as in the plain function.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { describeAV, type AV } from './lattice.js';
import { arrayMethod } from '../ops/arrays.js';
import type { State } from './flow.js';
import { followRows, literalRows, pushedRows } from './rows.js';
import { objectArrayAt, objectPush } from './object-arrays.js';
import { isNotedFill } from './filled-rows.js';
import { RetryWithRows } from './retry.js';

/**
 * What these rules need from the walker (`analyze.ts`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { arrayConstruction, type ArrayHost } from './arrays.js';
 *
 * // A host where every operand is a number and no local shadows a global (the analysis is the real one):
 * const host: ArrayHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * arrayConstruction(parseFunction('(n) => new Array(n)').body, [], host); // → { k: 'array', element: 'num' }
 * ```
 */
export interface ArrayHost {
  expr(node: Node, state: State): AV;
  fail(message: string, node: Node, construct: string): never;
  /** Whether `name` is the global of that name (no local, parameter or helper shadows it). */
  isGlobal(name: string): boolean;
  /** The declaring identifier of the variable `id` names, if it is a local (`rows.ts`). */
  declOf?(id: Node): Node | undefined;
}

const literalContexts = new WeakSet<Node>();

/**
 * Marks an array literal held in a variable (`let xs = [1, 2]`, `xs = []`): it becomes a JS array. A literal
 * returned or destructured directly stays a tuple (`return [a, b]`, `[a, b] = [b, a]`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { arrayLiteral, markArrayLiteral } from './arrays.js';
 *
 * const pair = parseFunction('function f() { const pair = [1, 2]; }').body.body[0].declarations[0];
 * // Not held in a variable yet: a tuple's literal, other rules.
 * arrayLiteral(pair.init, [FLOAT, FLOAT]); // → undefined
 * markArrayLiteral(pair.init);
 * arrayLiteral(pair.init, [FLOAT, FLOAT]); // → { k: 'array', element: 'num' }
 * ```
 */
export function markArrayLiteral(node: Node | null | undefined): void {
  if (node?.type === 'ArrayExpression') {
    literalContexts.add(node);
    // `const rows = [[], [1, 2]]`: its items are the rows of a number[][], arrays too
    for (const item of node.elements as (Node | null)[]) if (item?.type === 'ArrayExpression') markArrayLiteral(item);
  }
  // either branch of `xs = c ? [] : Array(0)` is what the variable holds
  if (node?.type === 'ConditionalExpression') {
    markArrayLiteral(node.consequent);
    markArrayLiteral(node.alternate);
  }
}

/**
 * Marks the array literals a callback returns (`xs.map((v) => [v, v * 2])`, `return [a, b];`, either branch of
 * `c ? [a] : [b]`) as arrays ({@link markArrayLiteral}): `map` and `Array.from` keep what the callback returns as
 * the rows of the array they make, JS arrays, never a tuple. Nested functions keep their own returns.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { arrayLiteral, markReturnedLiterals } from './arrays.js';
 *
 * const fn = parseFunction('(xs) => xs.map((v) => [v, v * 2])').body.arguments[0];
 * markReturnedLiterals(fn);
 * arrayLiteral(fn.body, [FLOAT, FLOAT]); // → { k: 'array', element: 'num' }
 * ```
 */
export function markReturnedLiterals(fn: Node | undefined): void {
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return;
  const returned = (e: Node | null | undefined): void => {
    if (e?.type === 'ConditionalExpression') {
      returned(e.consequent);
      returned(e.alternate);
    } else markArrayLiteral(e);
  };
  if (fn.expression) return returned(fn.body);
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const x = n as Node;
    if (x.type === 'ArrowFunctionExpression' || x.type === 'FunctionExpression' || x.type === 'FunctionDeclaration') return;
    if (x.type === 'ReturnStatement') return returned(x.argument);
    for (const [key, value] of Object.entries(x)) if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(fn.body);
}

/** Per declaring identifier, the constructions its variable is given whose kind what is stored decides. */
const madeArrays = new WeakMap<Node, Set<Node>>();

/**
 * Notes that the variable declared by `id` is given `init` (`const rows = []`, `var ret; … ret = Array(p)`) when
 * `init` makes an array whose kind the function decides by what it stores into it: the empty literal `[]` or a
 * holey `Array(n)` / `new Array(n)`. Rows stored into it make it a `number[][]` (`rows.ts`), objects an array of
 * objects (`object-arrays.ts`); both find the construction through {@link madeArraysOf}.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { madeArraysOf, noteMadeArray, type ArrayHost } from './arrays.js';
 *
 * const host: ArrayHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * const [out, ret, pair] = parseFunction('function f(n) { const out = [], ret = Array(n), pair = [1, 2]; }').body.body[0].declarations;
 * for (const d of [out, ret, pair]) noteMadeArray(d.id, d.init, host);
 * madeArraysOf(out.id)[0] === out.init; // → true
 * madeArraysOf(ret.id)[0] === ret.init; // → true
 * // A literal with items has its items' kind:
 * madeArraysOf(pair.id); // → []
 * ```
 */
export function noteMadeArray(id: Node | undefined, init: Node | null | undefined, host: ArrayHost): void {
  if (id?.type !== 'Identifier' || !init) return;
  if (init.type === 'ConditionalExpression') { // `c ? [] : Array(0)`: either is what the variable holds
    noteMadeArray(id, init.consequent, host);
    noteMadeArray(id, init.alternate, host);
    return;
  }
  // `Array(n).fill(x)` declared and then given rows too, where filled-rows.ts looked at what follows
  if (!(init.type === 'ArrayExpression' && (init.elements as unknown[]).length === 0) && !isFreshArray(init, host) && !isEmptyArrayCall(init, host) && !isNotedFill(init)) return;
  const known = madeArrays.get(id) ?? new Set<Node>();
  followRows(known, init); // `ret = []` again after rows were stored: rows too
  known.add(init);
  madeArrays.set(id, known);
}

/**
 * The constructions noted for the variable declared by `id` ({@link noteMadeArray}), in the order first noted.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { madeArraysOf } from './arrays.js';
 *
 * madeArraysOf(parseFunction('function f() { const out = []; }').body.body[0].declarations[0].id); // → []
 * ```
 */
export function madeArraysOf(id: Node): readonly Node[] {
  return [...(madeArrays.get(id) ?? [])];
}

/**
 * A literal's value when it is an array (marked, with items all numbers or all booleans), else undefined.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { arrayLiteral, markArrayLiteral } from './arrays.js';
 *
 * const literal = parseFunction('function f() { const flags = [true, false]; }').body.body[0].declarations[0].init;
 * markArrayLiteral(literal);
 * arrayLiteral(literal, [{ k: 'bool' }, { k: 'bool' }]); // → { k: 'array', element: 'bool' }
 * // Numbers and booleans mixed are no array of compiled code:
 * arrayLiteral(literal, [FLOAT, { k: 'bool' }]); // → undefined
 * ```
 */
export function arrayLiteral(node: Node, items: readonly AV[]): AV | undefined {
  if (!literalContexts.has(node)) return undefined;
  const objects = objectArrayAt(node); // `[]` that objects are stored into (object-arrays.ts)
  if (objects) return objects;
  const rows = literalRows(node, items); // `[]` that rows are pushed into, `[sorted]` (rows.ts)
  if (rows) return rows;
  if (items.length === 0 && boolArrays.has(node)) return { k: 'array', element: 'bool' };
  if (items.every((i) => i.k === 'num')) return { k: 'array', element: 'num' };
  if (items.every((i) => i.k === 'bool')) return { k: 'array', element: 'bool' };
  return undefined;
}

/**
 * `Array(n)` / `new Array(n)` (a holey array of length n) and `Array(a, b, …)` (those items), or undefined when
 * `node` is not a call of the global `Array`.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { arrayConstruction, type ArrayHost } from './arrays.js';
 *
 * const host: ArrayHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * arrayConstruction(parseFunction('(n) => new Array(n)').body, [], host); // → { k: 'array', element: 'num' }
 * // A typed array is the analysis's own rule:
 * arrayConstruction(parseFunction('(n) => new Float64Array(n)').body, [], host); // → undefined
 * ```
 */
export function arrayConstruction(node: Node, state: State, host: ArrayHost): AV | undefined {
  const callee = node.callee as Node;
  if (callee.type !== 'Identifier' || callee.name !== 'Array' || !host.isGlobal('Array')) return undefined;
  const args = node.arguments as Node[];
  for (const a of args) if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
  const values = args.map((a) => host.expr(a, state));
  const objects = objectArrayAt(node); // `new Array(n)` that objects are stored into (object-arrays.ts)
  if (objects) return objects;
  const empty: AV = { k: 'array', element: boolArrays.has(node) ? 'bool' : 'num' }; // booleans stored: becomeBooleans
  if (values.length === 0) return literalRows(node, []) ?? empty; // `Array()`: as `[]`
  if (values.length === 1) {
    if (values[0]!.k !== 'num') host.fail(`Array(n) takes a length, not ${describeAV(values[0]!)}`, args[0]!, 'Array(n)');
    // holes until written, as `[]` is empty: what the function stores decides its kind, rows too (rows.ts)
    return literalRows(node, []) ?? empty;
  }
  if (values.every((v) => v.k === 'num')) return { k: 'array', element: 'num' };
  if (values.length > 0 && values.every((v) => v.k === 'bool')) return { k: 'array', element: 'bool' };
  return host.fail('Array(a, b, …) holds numbers or booleans', node, 'Array(…)');
}

/** The `[]`, `Array()` and `Array(n)` that booleans are stored into: `boolean[]` ({@link becomeBooleans}). */
const boolArrays = new WeakSet<Node>();

/**
 * `flags.push(x > 0)` or `flags[i] = x > 0` where `flags` is typed `number[]`: when every construction the variable
 * was given is `[]`, `Array()` or `Array(n)` ({@link noteMadeArray}) and one of them is not yet a `boolean[]`, they
 * all become `boolean[]` and inference runs again ({@link RetryWithRows}); otherwise this returns and the store is
 * judged as before (an element of number[] is a number).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const signs = parseFunction('function signs(xs) { const flags = []; for (const x of xs) flags.push(x > 0); return flags; }');
 * describeAV(inferFunction(signs, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined)).returns); // → 'boolean[]'
 * ```
 */
export function becomeBooleans(receiver: Node, host: ArrayHost): void {
  const decl = receiver.type === 'Identifier' ? host.declOf?.(receiver) : undefined;
  const made = decl ? madeArraysOf(decl) : [];
  // `Array(n).fill(0)` holds numbers already; only constructions that hold nothing yet take booleans
  if (made.length === 0 || made.some((m) => isNotedFill(m) || (m.type === 'ArrayExpression' && (m.elements as unknown[]).length > 0))) return;
  const unmarked = made.filter((m) => !boolArrays.has(m));
  if (unmarked.length === 0) return;
  for (const m of unmarked) boolArrays.add(m);
  throw new RetryWithRows(unmarked[0]!);
}

/**
 * `c ? [true, false] : []`: an empty literal held or returned as an array beside a `boolean[]` is one too. When
 * `node` is such a literal not yet marked, marks it and throws {@link RetryWithRows} (inference runs again).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { adoptBooleans, arrayLiteral, markArrayLiteral } from './arrays.js';
 *
 * const empty = parseFunction('(c) => c ? [true] : []').body.alternate;
 * markArrayLiteral(empty);
 * adoptBooleans(empty, { k: 'array', element: 'bool' }); // → throws Error: internal: an empty array literal holds rows; inference runs again
 * arrayLiteral(empty, []); // → { k: 'array', element: 'bool' }
 * ```
 */
export function adoptBooleans(node: Node, other: AV): void {
  if (other.k !== 'array' || other.element !== 'bool' || node.type !== 'ArrayExpression' || (node.elements as unknown[]).length > 0) return;
  if (!literalContexts.has(node) || boolArrays.has(node)) return;
  boolArrays.add(node);
  throw new RetryWithRows(node);
}

/** `Array()` or `new Array()`: an empty array, as `[]` is. */
function isEmptyArrayCall(node: Node, host: ArrayHost): boolean {
  return (node.type === 'NewExpression' || node.type === 'CallExpression') && node.callee.type === 'Identifier' &&
    node.callee.name === 'Array' && (node.arguments as Node[]).length === 0 && host.isGlobal('Array');
}

/** Whether `node` makes a new holey array (`Array(n)`, `new Array(n)`), whose `.fill(x)` decides its kind. */
export function isFreshArray(node: Node, host: ArrayHost): boolean {
  return (node.type === 'NewExpression' || node.type === 'CallExpression') && node.callee.type === 'Identifier' &&
    node.callee.name === 'Array' && (node.arguments as Node[]).length === 1 && host.isGlobal('Array');
}

/**
 * `xs.method(…)` on an array value `array`: the row of `ops/arrays.ts`, or `sort` with an optional
 * comparator `(a, b) => expression` (or `function (a, b) { return expression; }`) that reads only its two
 * parameters, numbers and `Math`.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { arrayCall, type ArrayHost } from './arrays.js';
 *
 * const host: ArrayHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isGlobal: () => true };
 * const push = parseFunction('(xs, v) => xs.push(v)').body;
 * // The new length:
 * arrayCall(push, 'push', { k: 'array', element: 'num' }, [], host); // → { k: 'num', int: true, lo: 0, hi: 2147483647 }
 * arrayCall(push, 'splice', { k: 'array', element: 'f64' }, [], host); // → throws Error: arrays have no method 'splice' in compiled code…
 * ```
 */
export function arrayCall(node: Node, name: string, array: Extract<AV, { k: 'array' }>, state: State, host: ArrayHost): AV {
  const args = node.arguments as Node[];
  for (const a of args) if (a.type === 'SpreadElement') host.fail('spread arguments are not supported', a, 'spread argument');
  if (name === 'sort') {
    if (array.element === 'bool') host.fail('sort boolean arrays in plain code', node, '.sort()');
    if (args.length > 1) host.fail('sort takes one comparator', node, '.sort()');
    if (args.length === 1) checkComparator(args[0]!, host);
    return array;
  }
  const row = arrayMethod(name, array);
  if (typeof row === 'string') return host.fail(row, node, `.${name}()`);
  if (args.length < row.arity[0] || args.length > row.arity[1]) {
    host.fail(`${name} takes ${row.arity[0] === row.arity[1] ? row.arity[0] : `${row.arity[0]} to ${row.arity[1]}`} arguments in compiled code`, node, `.${name}()`);
  }
  args.forEach((a) => markArrayLiteral(a)); // `s.set([1, 2])`, `xs.push(…)`: a literal argument is an array
  const values = args.map((a) => host.expr(a, state));
  if (name === 'push') pushedRows(node, values, host); // rows pushed into `[]` make it a number[][] (rows.ts)
  const objects = name === 'push' ? objectPush(node, array, values, host) : undefined; // objects into `[]` (object-arrays.ts)
  if (objects) return objects;
  if (name === 'push' && array.element === 'num' && values.length > 0 && values.every((v) => v.k === 'bool')) becomeBooleans(node.callee.object as Node, host);
  const rows = name === 'fill' ? literalRows(node, []) : undefined; // rows replace every number (filled-rows.ts)
  if (rows) return rows;
  const fresh = name === 'fill' && isFreshArray(node.callee.object as Node, host) && values[0]?.k === 'bool';
  const result = row.result(fresh ? { k: 'array', element: 'bool' } : array, values);
  if ('error' in result) return host.fail(result.error, node, `.${name}()`);
  return result;
}

/** A comparator compiled code emits as written: `(a, b) => a - b` and the like, nothing from outside. */
function checkComparator(fn: Node, host: ArrayHost): void {
  const bad = (why: string): never => host.fail(`a sort comparator in compiled code is an arrow (a, b) => expression, or function (a, b) { return expression; }, of a, b, numbers and Math (${why})`, fn, 'sort comparator');
  // `function (a, b) { return a - b; }` is the same comparator (simple-statistics writes it so)
  const body = fn.type === 'FunctionExpression' && !fn.async && !fn.generator ? comparatorReturn(fn.body) : undefined;
  if (!body && (fn.type !== 'ArrowFunctionExpression' || !fn.expression || fn.async)) bad('not such a function');
  const params = (fn.params as Node[]).map((p) => (p.type === 'Identifier' ? (p.name as string) : bad('destructured parameter')));
  if (params.length !== 2) bad('two parameters');
  const visit = (n: Node): void => {
    switch (n.type) {
      case 'Identifier':
        if (!params.includes(n.name) && !(['NaN', 'Infinity'].includes(n.name) && host.isGlobal(n.name))) bad(`'${n.name}' is not a parameter`);
        return;
      case 'Literal':
        if (typeof n.value !== 'number') bad('only number literals');
        return;
      case 'BinaryExpression': case 'LogicalExpression':
        visit(n.left); visit(n.right); return;
      case 'UnaryExpression':
        if (n.operator === 'delete' || n.operator === 'typeof' || n.operator === 'void') bad(n.operator);
        visit(n.argument); return;
      case 'ConditionalExpression':
        visit(n.test); visit(n.consequent); visit(n.alternate); return;
      case 'CallExpression': case 'MemberExpression': {
        const member = n.type === 'CallExpression' ? (n.callee as Node) : n;
        if (member.type !== 'MemberExpression' || member.computed || member.object.type !== 'Identifier' || member.object.name !== 'Math' || !host.isGlobal('Math') || params.includes('Math')) bad('only Math.* calls');
        if (n.type === 'CallExpression') (n.arguments as Node[]).forEach(visit);
        return;
      }
      default:
        bad(n.type);
    }
  };
  visit(body ?? fn.body);
}

/** The expression of a function body that is one `return expression;`, else undefined. */
function comparatorReturn(body: Node): Node | undefined {
  const stmts = body.body as Node[];
  return stmts.length === 1 && stmts[0]!.type === 'ReturnStatement' && stmts[0]!.argument ? (stmts[0]!.argument as Node) : undefined;
}
