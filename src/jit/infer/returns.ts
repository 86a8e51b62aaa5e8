/**
 * Returned array literals as JS arrays: `return []`, `return [start]` and `return ticks` in one function (d3's
 * `ticks`) all return a plain `number[]`, so the literals there are arrays (`infer/arrays.ts`), not tuples of a
 * fixed length. A function whose returned literals all have one length (`return [a, b]`), or whose other returns
 * are calls (`return tickSpec(…)`, recursion), keeps its tuples: the caller destructures them by position.
 * The branches of a returned `?:` are returns of their own (`return c ? [1, 2] : []`, `return c ? [] : Array(0)`).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { markArrayLiteral } from './arrays.js';

/** The `return` arguments of a function body, not those of functions nested in it. */
function returnArguments(node: unknown, out: Node[] = []): Node[] {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const n of node) returnArguments(n, out);
    return out;
  }
  const n = node as Node;
  if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return out;
  if (n.type === 'ReturnStatement') {
    if (n.argument) branches(n.argument as Node, out);
    return out;
  }
  for (const [key, value] of Object.entries(n)) if (key !== 'type' && value && typeof value === 'object') returnArguments(value, out);
  return out;
}

/** `c ? a : b` returns `a` or `b`, each a return of its own (nested choices too). */
function branches(e: Node, out: Node[]): void {
  if (e.type === 'ConditionalExpression') {
    branches(e.consequent as Node, out);
    branches(e.alternate as Node, out);
  } else out.push(e);
}

/** `Array(n)`, `new Array(n)`, `Array()`: an array made here, as a returned variable is one (not a call's tuple). */
function isArrayConstruction(e: Node): boolean {
  return (e.type === 'CallExpression' || e.type === 'NewExpression') && (e.callee as Node).type === 'Identifier' && (e.callee as Node).name === 'Array';
}

/**
 * Marks the returned array literals of `body` as arrays when the function returns arrays of more than one
 * length: literals of different lengths, or a literal beside a returned variable or `Array(n)`.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { markArrayReturns } from './returns.js';
 *
 * // `[a]` beside `return out`: both become number[] (a returned literal alone would stay a tuple).
 * const parsed = parseFunction(`function ticks(a, b) {
 *   if (a === b) return [a];
 *   const out = [];
 *   for (let x = a; x <= b; x++) out.push(x);
 *   return out;
 * }`);
 * markArrayReturns(parsed.body);
 * ```
 */
export function markArrayReturns(body: Node): void {
  const returned = returnArguments(body.type === 'BlockStatement' ? body.body : []);
  const literals = returned.filter((r) => r.type === 'ArrayExpression');
  if (literals.length === 0) return;
  const lengths = new Set(literals.map((l) => (l.elements as unknown[]).length));
  const variables = returned.some((r) => (r.type === 'Identifier' && r.name !== 'undefined') || isArrayConstruction(r));
  if (lengths.size > 1 || variables) for (const l of literals) markArrayLiteral(l);
}
