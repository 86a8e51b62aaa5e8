/**
 * Operator rules shared by inference and lowering.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';

/**
 * Literal exponent of `x ** k` that lowering strength-reduces (only 2 is bit-exact: V8's pow special-cases it).
 *
 * @example
 * ```ts
 * squareExponent(literal2); // true for the `2` of `x ** 2`
 * ```
 */
export function squareExponent(node: Node): boolean {
  return node.type === 'Literal' && node.value === 2;
}
