/**
 * The mark lowering puts on the IR loop of a `prange` loop, read by `outline.ts`. A side table instead of a
 * field of the IR's `Loop`: only the JavaScript pipeline's outlining reads it, and the passes that copy loops
 * run after outlining.
 *
 * @module
 */
import type { Expr, Loop, Span } from '../ir.js';

/**
 * What outlining needs to know about one prange loop.
 *
 * @example
 * ```ts
 * markPrange(loop, { counter: '$pk', variable: 'i', first, last, step: 1, span, source, functionName: 'f' });
 * ```
 */
export interface PrangeLoop {
  /** The lowering temporary that counts (declared before the loop, stepped in `continuing`). */
  readonly counter: string;
  /** The user's loop variable (declared from the counter at the top of each iteration). */
  readonly variable: string;
  /** The loop's first value (a local or constant, evaluated before the loop). */
  readonly first: Expr;
  /** Its bound, never reached (a local or constant). */
  readonly last: Expr;
  /** The constant nonzero integer step. */
  readonly step: number;
  /** The `for…of` statement, for errors. */
  readonly span: Span;
  /** The function's source, name and the function itself, to locate errors. */
  readonly source: string;
  readonly functionName: string | undefined;
  readonly origin: Function | undefined;
}

const marks = new WeakMap<Loop, PrangeLoop>();

/**
 * Marks `loop` as the lowering of a prange loop.
 *
 * @example
 * ```ts
 * markPrange(loop, info); prangeOf(loop) === info; // true
 * ```
 */
export function markPrange(loop: Loop, info: PrangeLoop): void {
  marks.set(loop, info);
}

/**
 * The prange mark of `loop`, if it has one.
 *
 * @example
 * ```ts
 * if (prangeOf(stmt)) outline(stmt);
 * ```
 */
export function prangeOf(loop: Loop): PrangeLoop | undefined {
  return marks.get(loop);
}
