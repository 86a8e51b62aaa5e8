/**
 * Lowering of `ArrayBuffer`s and typed-array views (`infer/buffers.ts` typed them) to the nodes of
 * `ir/buffers.ts`.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { Expr } from '../ir.js';
import type { Type } from '../types.js';
import type { AV } from '../infer/lattice.js';
import { constructionForm } from '../infer/buffers.js';
import { BUFFER_PROPERTIES } from '../ops/buffers.js';

/**
 * What this needs from the lowering (`lower.ts`).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * // Drom's FFT makes its sine table over a fresh buffer:
 * function table(n: number) {
 *   const sin = new Float64Array(new ArrayBuffer(8 * n));
 *   for (let i = 0; i < n; i++) sin[i] = Math.sin(i);
 *   return sin.buffer.byteLength;
 * }
 * const { source } = compileSpecialization(table, [{ kind: 'i32' }]);
 * source.split('\n').map((l) => l.trim()).filter((l) => /buffer|Buffer/.test(l)); // → [ 'let sin = new Float64Array(new ArrayBuffer((8 * n)));', 'return sin.buffer.byteLength;' ]
 * ```
 */
export interface BufferLowerHost {
  expr(node: Node): Expr;
  typeAt(node: Node): Type;
  avAt(node: Node): AV | undefined;
  /** Whether the identifier `id` names a local, parameter or helper (not a global). */
  isLocal(id: Node): boolean;
}

/**
 * The `builtinNew` node of `new ArrayBuffer(n)`, `new T(buffer, …)` or `new T(xs)`, or undefined for any other
 * `new` (`new Float64Array(n)` is a `newArray`).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * // Drom's FFT makes its sine table over a fresh buffer:
 * function table(n: number) {
 *   const sin = new Float64Array(new ArrayBuffer(8 * n));
 *   for (let i = 0; i < n; i++) sin[i] = Math.sin(i);
 *   return sin.buffer.byteLength;
 * }
 * const { source } = compileSpecialization(table, [{ kind: 'i32' }]);
 * source.split('\n').map((l) => l.trim()).filter((l) => /buffer|Buffer/.test(l)); // → [ 'let sin = new Float64Array(new ArrayBuffer((8 * n)));', 'return sin.buffer.byteLength;' ]
 * ```
 */
export function lowerConstruction(node: Node, host: BufferLowerHost): Expr | undefined {
  const args = node.arguments as Node[];
  const form = constructionForm(node, args[0] ? host.avAt(args[0]) : undefined, () => !host.isLocal(node.callee as Node));
  if (!form) return undefined;
  return { op: 'builtinNew', type: host.typeAt(node), ctor: node.callee.name as string, args: args.map((a) => host.expr(a)) };
}

/**
 * The `bufferProperty` node of `target.name` for a row of `ops/buffers.ts` on a buffer or typed array, or
 * undefined.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * // Drom's FFT makes its sine table over a fresh buffer:
 * function table(n: number) {
 *   const sin = new Float64Array(new ArrayBuffer(8 * n));
 *   for (let i = 0; i < n; i++) sin[i] = Math.sin(i);
 *   return sin.buffer.byteLength;
 * }
 * const { source } = compileSpecialization(table, [{ kind: 'i32' }]);
 * source.split('\n').map((l) => l.trim()).filter((l) => /buffer|Buffer/.test(l)); // → [ 'let sin = new Float64Array(new ArrayBuffer((8 * n)));', 'return sin.buffer.byteLength;' ]
 * ```
 */
export function lowerBufferProperty(node: Node, target: Expr, name: string, host: BufferLowerHost): Expr | undefined {
  const t = target.type;
  if (t.kind !== 'buffer' && t.kind !== 'array') return undefined;
  if (!Object.hasOwn(BUFFER_PROPERTIES, name)) return undefined;
  return { op: 'bufferProperty', type: host.typeAt(node), target, name };
}
