/**
 * The IR nodes of `ArrayBuffer`s and typed-array views (`ops/buffers.ts`), kept beside `ir.ts`, whose `Expr`
 * union includes them. Both name a JS construct that every backend emits as JS writes it, so the semantics
 * (aliasing views, V8's RangeErrors and their messages) are V8's; a backend without JS objects (Wasm, WGSL)
 * leaves such a function to the JS backend.
 *
 * @module
 */
import type { Type } from '../types.js';
import type { Expr } from '../ir.js';

/** `new ArrayBuffer(n)` (type `buffer`), `new T(buffer, byteOffset?, length?)` or `new T(xs)` (type `array`). */
export interface BuiltinNew {
  /** Discriminant. */
  readonly op: 'builtinNew';
  /** `buffer`, or the `array` type of the view or copy. */
  readonly type: Type;
  /** The global constructor: `ArrayBuffer` or a typed array class name (`Float64Array`). */
  readonly ctor: string;
  /** Arguments, evaluated left to right, passed as they are. */
  readonly args: readonly Expr[];
}

/** `target.name` for the rows of `ops/buffers.ts`: `byteLength`, `byteOffset` (numbers), `buffer`. */
export interface BufferProperty {
  /** Discriminant. */
  readonly op: 'bufferProperty';
  /** The row's type (`f64` for byte counts, `buffer` for `.buffer`). */
  readonly type: Type;
  /** A `buffer`- or `array`-typed expression. */
  readonly target: Expr;
  /** The property's name. */
  readonly name: string;
}

/** The buffer expressions, for `ir.ts`'s `Expr` union. */
export type BufferExpr = BuiltinNew | BufferProperty;

/**
 * The operands of a buffer expression, in evaluation order (for `walkIR`).
 *
 * @example
 * ```ts
 * import { F64 } from '../types.js';
 * import type { Expr } from '../ir.js';
 * import { bufferOperands } from './buffers.js';
 *
 * // `buf.byteLength` reads one operand; `new Float64Array(buf, 8, 2)` evaluates its three arguments in order.
 * const buf: Expr = { op: 'local', type: { kind: 'buffer' }, name: 'buf' };
 * bufferOperands({ op: 'bufferProperty', type: F64, target: buf, name: 'byteLength' }).length; // → 1
 * const view = bufferOperands({
 *   op: 'builtinNew', type: { kind: 'array', element: 'f64' }, ctor: 'Float64Array',
 *   args: [buf, { op: 'const', type: F64, value: 8 }, { op: 'const', type: F64, value: 2 }],
 * });
 * view.map((e) => e.op); // → [ 'local', 'const', 'const' ]
 * ```
 */
export function bufferOperands(e: BufferExpr): readonly Expr[] {
  return e.op === 'builtinNew' ? e.args : [e.target];
}

/** Whether `e` is one of the buffer expressions. */
export function isBufferExpr(e: Expr): e is BufferExpr {
  return e.op === 'builtinNew' || e.op === 'bufferProperty';
}
