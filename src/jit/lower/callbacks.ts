/**
 * Lowering of array methods with an inline callback (`infer/callbacks.ts` typed them): the callback's
 * parameters become locals of the enclosing function and its body is lowered in place, its `return`s
 * converted to the callback's result type (for `reduce`, the accumulator's).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { Expr, Stmt } from '../ir.js';
import type { Callback } from '../ir/callbacks.js';
import type { Type } from '../types.js';
import { callbackMethod } from '../ops/callbacks.js';

/**
 * What this needs from the lowering (`lower.ts`).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function scaled(xs: Float64Array, k: number) {
 *   return xs.map((v) => v * k);
 * }
 * const { source } = compileSpecialization(scaled, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]);
 * // The callback stays inline, compiled with the enclosing function's types:
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return xs.map((v) => ((v * k)));'
 * ```
 */
export interface CallbackLowerHost {
  expr(node: Node): Expr;
  typeAt(node: Node): Type;
  /** The local a callback parameter became (registered as a local of the function). */
  param(id: Node): string;
  /** Lowers `body` with `return` converting to `type` (the callback's result), not the function's. */
  returning(type: Type, body: () => Stmt[]): Stmt[];
  /** Lowers statements of a block. */
  stmts(list: readonly Node[]): Stmt[];
  coerce(e: Expr, type: Type, at: Node): Expr;
}

/**
 * The `method` node of `xs.name(callback[, start])` with the callback lowered in place.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function scaled(xs: Float64Array, k: number) {
 *   return xs.map((v) => v * k);
 * }
 * const { source } = compileSpecialization(scaled, [{ kind: 'array', element: 'f64' }, { kind: 'f64' }]);
 * // The callback stays inline, compiled with the enclosing function's types:
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return xs.map((v) => ((v * k)));'
 * ```
 */
export function lowerCallbackCall(node: Node, name: string, target: Expr, type: Type, host: CallbackLowerHost): Expr {
  const row = callbackMethod(name)!;
  const [fn, startNode] = node.arguments as Node[];
  const returns = host.typeAt(fn!);
  const callback = lowerCallback(fn!, returns, host);
  const args = row.accumulates && startNode ? [host.coerce(host.expr(startNode), returns, startNode)] : [];
  return { op: 'method', type, target, method: name, args, callback };
}

/**
 * `Array.from({ length: n }, fn)`, `Array.from(xs)` or `Array.from(xs, fn)` (`infer/callbacks.ts` typed it) as a
 * `method` node named `fromLength` (target: the length) or `from` (target: the source array).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function squares(n: number) {
 *   return Array.from({ length: n }, (_, i) => i * i);
 * }
 * const { source } = compileSpecialization(squares, [{ kind: 'i32' }]);
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return Array.from({ length: n }, (_, i) => ((i * i)));'
 * ```
 */
export function lowerArrayFrom(node: Node, form: 'length' | 'array', type: Type, host: CallbackLowerHost): Expr {
  const [source, fn] = node.arguments as Node[];
  const target = host.expr(form === 'length' ? ((source!.properties as Node[])[0]!.value as Node) : source!);
  if (!fn) return { op: 'method', type, target, method: 'from', args: [] };
  return { op: 'method', type, target, method: form === 'length' ? 'fromLength' : 'from', args: [], callback: lowerCallback(fn, host.typeAt(fn), host) };
}

/** A callback's parameters as locals and its body, `return`s converted to `returns`. */
function lowerCallback(fn: Node, returns: Type, host: CallbackLowerHost): Callback {
  const params = (fn.params as Node[]).map((p) => host.param(p));
  const body = host.returning(returns, () => (fn.expression
    ? [{ kind: 'return', value: host.coerce(host.expr(fn.body), returns, fn.body) }]
    : host.stmts(fn.body.body as Node[])));
  return { params, body };
}
