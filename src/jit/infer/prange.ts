/**
 * What inference and lowering know about `for (const i of prange(…))` (see `parallel/prange.ts`): which calls
 * are the range, and the values the loop variable takes. The parallel machinery itself is `parallel/`.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { signedLiteral } from '../ops/constants.js';
import { FLOAT, INT_MAX, INT_MIN, numAV, type AV } from './lattice.js';

/**
 * A recognized `prange(…)` call: its start and stop expressions (start `undefined` means 0) and its constant
 * step.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { prangeCall, type PrangeCall } from './prange.js';
 *
 * const fail = (message: string): never => { throw new Error(message); };
 * const loop = parseFunction('function f(xs) { for (const i of prange(xs.length)) xs[i] = 0; }').body.body[0];
 * const range: PrangeCall = prangeCall(loop.right, () => false, fail)!;
 * range.start; // → undefined
 * range.stop.type; // → 'MemberExpression'
 * range.step; // → 1
 * ```
 */
export interface PrangeCall {
  /** The start expression, or `undefined` for `prange(stop)` (start 0). */
  readonly start: Node | undefined;
  /** The stop expression (never reached). */
  readonly stop: Node;
  /** The step: a nonzero integer constant. */
  readonly step: number;
  /** The call itself, for error positions. */
  readonly node: Node;
}

/**
 * `node` as a call of numbat's `prange` (an unbound name `prange`, called with 1 to 3 arguments), or
 * `undefined`. `bound(id)` says whether the name is a local of the compiled code (then it is not numbat's).
 * A step must be an integer literal (the loop's direction is then known at compile time); `fail` reports
 * other misuse.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { prangeCall } from './prange.js';
 *
 * const fail = (message: string): never => { throw new Error(message); };
 * const { body } = parseFunction(`function f(xs, k) {
 *   for (const i of prange(1, xs.length, 2)) xs[i] = 0;
 *   for (const i of prange(0, xs.length, k)) xs[i] = 1;
 * }`);
 * prangeCall(body.body[0].right, () => false, fail)?.step; // → 2
 * // A local named prange is not numbat's: not a parallel loop.
 * prangeCall(body.body[0].right, (id) => id.name === 'prange', fail); // → undefined
 * prangeCall(body.body[1].right, () => false, fail); // → throws Error: the step of a compiled prange must be a nonzero integer literal (e.g. 2 or -1)
 * ```
 */
export function prangeCall(node: Node, bound: (id: Node) => boolean, fail: (message: string, at: Node, construct: string) => never): PrangeCall | undefined {
  if (node.type !== 'CallExpression' || !isPrangeName(node.callee as Node, bound)) return undefined;
  const args = node.arguments as Node[];
  if (args.length < 1 || args.length > 3 || args.some((a) => a.type === 'SpreadElement')) {
    fail('prange takes 1 to 3 arguments: prange(stop) or prange(start, stop, step)', node, 'prange');
  }
  let step = 1;
  if (args.length === 3) {
    const s = args[2]!;
    const literal = signedLiteral(s);
    if (typeof literal !== 'number' || !Number.isInteger(literal) || literal === 0 || Math.abs(literal) > 2 ** 30) {
      fail('the step of a compiled prange must be a nonzero integer literal (e.g. 2 or -1)', s, 'prange step');
    }
    step = literal;
  }
  return args.length === 1 ? { start: undefined, stop: args[0]!, step, node } : { start: args[0]!, stop: args[1]!, step, node };
}

/**
 * The counted form `for (let i = start; i < prange(stop); i++)` (also `i += k`, or `>` with `i--`/`i -= k`):
 * the declared variable, its declaration kind and the range it walks; `undefined` for any other `for`.
 * The variable must not be assigned in the body (it is the iteration's number).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { countedPrange } from './prange.js';
 *
 * const fail = (message: string): never => { throw new Error(message); };
 * const { body } = parseFunction(`function f(xs) {
 *   for (let i = 10; i > prange(0); i -= 2) xs[i] = 0;
 *   for (let i = 0; i < xs.length; i++) xs[i] = 1;
 * }`);
 * const counted = countedPrange(body.body[0], () => false, fail)!;
 * [counted.id.name, counted.kind, counted.range.step]; // → [ 'i', 'let', -2 ]
 * countedPrange(body.body[1], () => false, fail); // → undefined
 * ```
 */
export function countedPrange(s: Node, bound: (id: Node) => boolean, fail: (message: string, at: Node, construct: string) => never): { id: Node; kind: string; range: PrangeCall } | undefined {
  const test = s.test as Node | null;
  if (!test || test.type !== 'BinaryExpression' || test.right.type !== 'CallExpression' || !isPrangeName(test.right.callee as Node, bound)) return undefined;
  const call = test.right as Node;
  const init = s.init as Node | null;
  const decl = init?.type === 'VariableDeclaration' && (init.declarations as Node[]).length === 1 ? (init.declarations as Node[])[0]! : undefined;
  const name = decl?.id.type === 'Identifier' ? (decl.id.name as string) : undefined;
  if (!decl?.init || name === undefined || test.left.type !== 'Identifier' || test.left.name !== name) {
    fail('the counted prange loop is for (let i = start; i < prange(stop); i++)', s, 'prange loop');
  }
  if ((call.arguments as Node[]).length !== 1) fail('in the counted form, prange takes the stop only: i < prange(stop)', call, 'prange');
  const u = s.update as Node | null;
  const onI = (n: Node | undefined): boolean => n?.type === 'Identifier' && n.name === name;
  let step: number | undefined;
  if (u?.type === 'UpdateExpression' && onI(u.argument)) step = u.operator === '++' ? 1 : -1;
  if (u?.type === 'AssignmentExpression' && onI(u.left) && (u.operator === '+=' || u.operator === '-=') && u.right.type === 'Literal' && Number.isInteger(u.right.value) && u.right.value !== 0) {
    step = u.operator === '+=' ? u.right.value : -u.right.value;
  }
  if (step === undefined || Math.abs(step) > 2 ** 30) fail('the counted prange loop steps by an integer literal: i++, i--, i += 2, i -= 3', u ?? s, 'prange step');
  if ((test.operator === '<') !== step > 0 || (test.operator !== '<' && test.operator !== '>')) {
    fail(`with a step of ${step} the test is i ${step > 0 ? '<' : '>'} prange(stop)`, test, 'prange loop');
  }
  if (assignsName(s.body as Node, name)) fail(`'${name}' counts the iterations of this prange loop and cannot be assigned in its body`, s.body as Node, 'prange loop');
  return { id: decl.id as Node, kind: init!.kind as string, range: { start: decl.init as Node, stop: (call.arguments as Node[])[0]!, step, node: call } };
}

function assignsName(node: unknown, name: string): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => assignsName(n, name));
  const n = node as Node;
  if ((n.type === 'AssignmentExpression' && n.left.type === 'Identifier' && n.left.name === name) || (n.type === 'UpdateExpression' && n.argument.type === 'Identifier' && n.argument.name === name)) return true;
  return Object.keys(n).some((k) => k !== 'type' && typeof n[k] === 'object' && assignsName(n[k], name));
}

/**
 * `prange`, `numbat.prange` (a namespace import) or `(0, numbat_1.prange)` (how TypeScript and esbuild emit a
 * named import in CommonJS), where the name is not a local of the compiled code.
 */
function isPrangeName(callee: Node, bound: (id: Node) => boolean): boolean {
  if (callee.type === 'Identifier') return callee.name === 'prange' && !bound(callee);
  if (callee.type === 'SequenceExpression') {
    const [zero, member] = callee.expressions as Node[];
    return (callee.expressions as Node[]).length === 2 && zero!.type === 'Literal' && isPrangeName(member!, bound) && member!.type === 'MemberExpression';
  }
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'prange' && callee.object.type === 'Identifier' && !bound(callee.object);
}

/**
 * The values the loop variable of `prange(start, stop, step)` takes: integers between start and stop when the
 * start is an integer, typed `i32` when the next value (one step further) still fits int32.
 *
 * @example
 * ```ts
 * import { constAV, numAV } from './lattice.js';
 * import { prangeIndex } from './prange.js';
 *
 * // prange(0, n) with n in [0, 100]: i is an integer in [0, 99], an i32.
 * prangeIndex(constAV(0), numAV(0, 100, true), 1); // → { k: 'num', int: true, lo: 0, hi: 99 }
 * // A fractional start: i is any number.
 * prangeIndex(constAV(0.5), numAV(0, 100, true), 1); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * ```
 */
export function prangeIndex(start: AV, stop: AV, step: number): AV {
  if (start.k !== 'num' || stop.k !== 'num' || !start.int) return FLOAT;
  const [lo, hi] = step > 0 ? [start.lo, Math.max(start.lo, Math.ceil(stop.hi) - 1)] : [Math.min(start.hi, Math.floor(stop.lo) + 1), start.hi];
  if (!(hi + Math.abs(step) <= INT_MAX && lo - Math.abs(step) >= INT_MIN)) return numAV(lo, hi, Number.isFinite(lo) && Number.isFinite(hi));
  return numAV(lo, hi, true);
}
