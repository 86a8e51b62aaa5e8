/**
 * JavaScript of the buffer nodes (`ir-buffers.ts`): the constructor or property as JS writes it, so views
 * alias and errors are V8's own.
 *
 * @module
 */
import type { Expr } from '../ir.js';
import type { BufferExpr } from '../ir-buffers.js';

/**
 * The JavaScript of a buffer expression, its operands emitted by `emit`.
 *
 * @example
 * ```ts
 * bufferSource({ op: 'builtinNew', type, ctor: 'ArrayBuffer', args: [n] }, emit); // 'new ArrayBuffer(n)'
 * ```
 */
export function bufferSource(e: BufferExpr, emit: (x: Expr) => string): string {
  return e.op === 'builtinNew' ? `new ${e.ctor}(${e.args.map(emit).join(', ')})` : `${emit(e.target)}.${e.name}`;
}

