/**
 * The own name of a function expression (`memoJit(function fact(n) { … fact(n - 1) … })`): in JS it names the
 * function itself, in a scope between its locals and everything outside, so a call through it is recursion, not a
 * lookup of some other function of that name. This matters under tsx: esbuild renames such an expression to
 * `fact2` when a `const fact` holds it, so the body calls `fact2`, which no registry lists.
 *
 * @module
 */
import type { ParsedFunction } from '../frontend/parse.js';
import type { AV } from './lattice.js';

/**
 * The function value `name` denotes when it is the own name of `fn`, a function expression memoJit compiles
 * (`topLevel`: not an inner helper, whose own name would need its defining scope); else undefined.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { ownName } from './own-name.js';
 *
 * // What esbuild leaves of `const fact = function fact(n) { … }`: the body calls the expression's own name.
 * const parsed = parseFunction('(function fact2(n) { return n <= 1 ? 1 : n * fact2(n - 1); })');
 * ownName(parsed, 'fact2', true)?.k; // → 'fn'
 * ownName(parsed, 'fact2', false); // → undefined
 * ownName(parsed, 'fact', true); // → undefined
 * ```
 */
export function ownName(fn: ParsedFunction, name: string, topLevel: boolean): AV | undefined {
  const node = fn.node;
  if (!topLevel || node.type !== 'FunctionExpression' || node.id?.name !== name) return undefined;
  return { k: 'fn', callee: { kind: 'jit', parsed: fn, scope: undefined, key: node } };
}
