/**
 * JavaScript of the buffer nodes (`ir/buffers.ts`): the constructor or property as JS writes it, so views
 * alias and errors are V8's own.
 *
 * @module
 */
import type { Expr } from '../ir.js';
import type { BufferExpr } from '../ir/buffers.js';

/**
 * The JavaScript of a buffer expression, its operands emitted by `emit`.
 *
 * @example
 * ```ts
 * import { F64 } from '../types.js';
 * import type { Expr } from '../ir.js';
 * import { bufferSource } from './buffers.js';
 *
 * // Operands are emitted by the caller (codegen.ts); here locals print as their names.
 * const emit = (x: Expr): string => (x.op === 'local' ? x.name : x.op === 'const' ? String(x.value) : '?');
 * const n: Expr = { op: 'local', type: F64, name: 'n' };
 * bufferSource({ op: 'builtinNew', type: { kind: 'buffer' }, ctor: 'ArrayBuffer', args: [n] }, emit); // → 'new ArrayBuffer(n)'
 * const buf: Expr = { op: 'local', type: { kind: 'buffer' }, name: 'buf' };
 * bufferSource({ op: 'bufferProperty', type: F64, target: buf, name: 'byteLength' }, emit); // → 'buf.byteLength'
 * ```
 */
export function bufferSource(e: BufferExpr, emit: (x: Expr) => string): string {
  return e.op === 'builtinNew' ? `new ${e.ctor}(${e.args.map(emit).join(', ')})` : `${emit(e.target)}.${e.name}`;
}

