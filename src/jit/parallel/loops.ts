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
 * import { lowerToIR } from 'numbat/internals';
 * import { prange } from 'numbat';
 * import { walkIR, type Loop } from '../ir.js';
 * import { prangeOf, type PrangeLoop } from './loops.js';
 *
 * function fill(xs: Float64Array) {
 *   for (const i of prange(1, xs.length, 2)) xs[i] = i;
 * }
 * const loops: Loop[] = [];
 * walkIR(lowerToIR(fill, [{ kind: 'array', element: 'f64' }]).functions[0]!.body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
 * const mark: PrangeLoop = prangeOf(loops[0]!)!;
 * [mark.variable, mark.counter, mark.step, mark.functionName]; // → [ 'i', '$pk', 2, 'fill' ]
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
 * import { I32 } from '../types.js';
 * import type { Loop } from '../ir.js';
 * import { markPrange, prangeOf } from './loops.js';
 *
 * // What lowering does for `for (const i of prange(n))`: the IR loop, then its mark.
 * const loop: Loop = { kind: 'loop', test: null, body: [], continuing: [], postTest: null };
 * const source = 'function f(n) { for (const i of prange(n)) {} }';
 * const info = {
 *   counter: '$pk', variable: 'i', first: { op: 'const', type: I32, value: 0 }, last: { op: 'local', type: I32, name: 'n' },
 *   step: 1, span: { start: 16, end: 45 }, source, functionName: 'f', origin: undefined,
 * } as const;
 * markPrange(loop, info);
 * prangeOf(loop) === info; // → true
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
 * import { lowerToIR } from 'numbat/internals';
 * import { walkIR, type Loop } from '../ir.js';
 * import { prangeOf } from './loops.js';
 *
 * // An ordinary loop has no mark.
 * function total(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const loops: Loop[] = [];
 * walkIR(lowerToIR(total, [{ kind: 'array', element: 'f64' }]).functions[0]!.body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
 * prangeOf(loops[0]!); // → undefined
 * ```
 */
export function prangeOf(loop: Loop): PrangeLoop | undefined {
  return marks.get(loop);
}
