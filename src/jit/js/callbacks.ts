/**
 * The JS backend's rule for an inline callback (`ir/callbacks.ts`): the method itself with the callback
 * compiled in place as an arrow, `xs.map((v, i) => (v * k))`. The method is V8's own, so what it does with holes,
 * the length (read once), a typed array's class and an empty `reduce` is exactly the plain function's; the arrow
 * closes over the generated locals, so the callback's reads and writes of outer locals are the plain ones
 * (V8 inlines such callbacks into the method's loop).
 *
 * @module
 */
import type { ArrayMethod, Expr, Stmt } from '../ir.js';
import { userName } from './names.js';

/**
 * What the rule needs from the code generator.
 *
 * @example
 * ```ts
 * import type { ArrayMethod, Expr, Stmt } from '../ir.js';
 * import { callbackSource, type CallbackCodeHost } from './callbacks.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const local = (name: string): Expr => ({ op: 'local', type: F64, name });
 * // A host that prints locals by name and `return`s plainly (the code generator's expr and lines do this):
 * const host: CallbackCodeHost = {
 *   expr: (e) => (e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : e.op === 'binary' ? `${host.expr(e.left)} + ${host.expr(e.right)}` : '?'),
 *   block: (stmts: readonly Stmt[]) => stmts.map((s) => (s.kind === 'return' && s.value ? `return ${host.expr(s.value)};` : '')).join(' '),
 * };
 * // xs.reduce((s, v) => s + v, 0):
 * const call: ArrayMethod = {
 *   op: 'method', type: F64, target: { op: 'local', type: { kind: 'array', element: 'f64' }, name: 'xs' }, method: 'reduce',
 *   args: [{ op: 'const', type: F64, value: 0 }],
 *   callback: { params: ['s', 'v'], body: [{ kind: 'return', value: { op: 'binary', type: F64, operator: 'add', left: local('s'), right: local('v') } }] },
 * };
 * callbackSource(call, host)?.startsWith('xs.reduce('); // → true
 * ```
 */
export interface CallbackCodeHost {
  expr(e: Expr): string;
  /** The statements' code, one string (the arrow's block body). */
  block(stmts: readonly Stmt[]): string;
}

/**
 * The code of a method call with a callback, else `undefined`.
 *
 * @example
 * ```ts
 * import type { ArrayMethod, Expr, Stmt } from '../ir.js';
 * import { callbackSource, type CallbackCodeHost } from './callbacks.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const local = (name: string): Expr => ({ op: 'local', type: F64, name });
 * // A host that prints locals by name and `return`s plainly (the code generator's expr and lines do this):
 * const host: CallbackCodeHost = {
 *   expr: (e) => (e.op === 'local' ? e.name : e.op === 'const' ? String(e.value) : e.op === 'binary' ? `${host.expr(e.left)} + ${host.expr(e.right)}` : '?'),
 *   block: (stmts: readonly Stmt[]) => stmts.map((s) => (s.kind === 'return' && s.value ? `return ${host.expr(s.value)};` : '')).join(' '),
 * };
 * // xs.reduce((s, v) => s + v, 0):
 * const call: ArrayMethod = {
 *   op: 'method', type: F64, target: { op: 'local', type: { kind: 'array', element: 'f64' }, name: 'xs' }, method: 'reduce',
 *   args: [{ op: 'const', type: F64, value: 0 }],
 *   callback: { params: ['s', 'v'], body: [{ kind: 'return', value: { op: 'binary', type: F64, operator: 'add', left: local('s'), right: local('v') } }] },
 * };
 * callbackSource(call, host); // → 'xs.reduce((s, v) => (s + v), 0)'
 * ```
 */
export function callbackSource(e: ArrayMethod, host: CallbackCodeHost): string | undefined {
  const cb = e.callback;
  // `Array.from` (lower/callbacks.ts): the source is an array, or `{ length }` for `fromLength`
  if (e.method === 'from' && !cb) return `Array.from(${host.expr(e.target)})`;
  if (!cb) return undefined;
  const params = `(${cb.params.map(userName).join(', ')})`;
  const only = cb.body.length === 1 ? cb.body[0]! : undefined;
  // an object literal's braces would read as a block: the value is parenthesized
  const arrow = only?.kind === 'return' && only.value ? `${params} => (${host.expr(only.value)})` : `${params} => {\n${host.block(cb.body)}\n}`;
  if (e.method === 'from') return `Array.from(${host.expr(e.target)}, ${arrow})`;
  if (e.method === 'fromLength') return `Array.from({ length: ${host.expr(e.target)} }, ${arrow})`;
  return `${host.expr(e.target)}.${e.method}(${[arrow, ...e.args.map((a) => host.expr(a))].join(', ')})`;
}
