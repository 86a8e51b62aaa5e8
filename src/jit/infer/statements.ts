/**
 * Inference rules of the statements and operators of plain JavaScript that are not numeric arithmetic:
 * `throw new Error(message)` (the message built from strings and numbers), `typeof x === 'number'` and
 * `x === undefined` tests. The walker (`analyze.ts`) calls these through {@link StatementHost}.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { isErrorClass } from '../ops/throw.js';
import { describeAV, type AV } from './lattice.js';
import type { State } from './flow.js';

/**
 * What these rules need from the analysis that calls them.
 *
 * @example
 * ```ts
 * inferThrow(analysis, throwNode, state); // null: the path ends
 * ```
 */
export interface StatementHost {
  /** Infers (and records) an expression in `state`. */
  expr(e: Node, state: State): AV;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
  /** Whether `name` is declared by the function (so it is not the global of that name). */
  isBound(name: string): boolean;
}

const HOW_TO_THROW = "throw new Error('…'), or another built-in error class (TypeError, RangeError, …), with a message of strings and numbers";

/**
 * `throw new C(message)` with `C` a built-in error class ({@link isErrorClass}): checks the shape and infers
 * the message's numbers. The path ends here (`null`).
 *
 * @example
 * ```ts
 * state = inferThrow(analysis, s, state); // null
 * ```
 */
export function inferThrow(host: StatementHost, s: Node, state: State): null {
  const thrown = errorConstruction(host, s.argument as Node);
  const args = thrown.arguments as Node[];
  if (args.length > 1) host.fail(`${thrown.callee.name} takes one argument (the message) in compiled code`, args[1]!, 'throw statement');
  if (args.length === 1) inferMessage(host, args[0]!, state);
  return null;
}

/** The `new C(…)` (or `C(…)`, which constructs the same) a throw statement throws; a located error otherwise. */
export function errorConstruction(host: StatementHost, e: Node): Node {
  const callee = e.callee as Node | undefined;
  const ok = (e.type === 'NewExpression' || e.type === 'CallExpression') && callee?.type === 'Identifier' && isErrorClass(callee.name) && !host.isBound(callee.name);
  if (!ok) host.fail(`only a new built-in error can be thrown in compiled code: ${HOW_TO_THROW}`, e, 'throw statement');
  return e;
}

/**
 * Whether `node` is a string expression of a message: a string literal, a template literal, or `+` with a
 * string on either side (`'n = ' + n`; `a + b + 'x'` adds `a + b` as numbers first, as JS does).
 *
 * @example
 * ```ts
 * isStringy(parse("'n must be > ' + k")); // true
 * ```
 */
export function isStringy(node: Node): boolean {
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'TemplateLiteral') return true;
  if (node.type === 'BinaryExpression' && node.operator === '+') return isStringy(node.left) || isStringy(node.right);
  return false;
}

function inferMessage(host: StatementHost, node: Node, state: State): void {
  if (node.type === 'Literal' && typeof node.value === 'string') return;
  if (node.type === 'TemplateLiteral') {
    for (const x of node.expressions as Node[]) inferMessage(host, x, state);
    return;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+' && isStringy(node)) {
    inferMessage(host, node.left, state);
    inferMessage(host, node.right, state);
    return;
  }
  const v = host.expr(node, state);
  if (v.k !== 'num' && v.k !== 'bool' && v.k !== 'void') {
    host.fail(`a message is built from strings, numbers and booleans, not ${describeAV(v)}`, node, 'throw statement');
  }
}
