/**
 * The IR of an inline callback (`xs.map((v, i) => v * k)`), kept beside `ir.ts`, whose `ArrayMethod` node
 * carries it: the callback's parameters are locals of the enclosing function, and its body reads and writes the
 * enclosing function's locals, as the JS closure does. The rows are in `ops/callbacks.ts`.
 *
 * @module
 */
import type { Stmt } from '../ir.js';

/**
 * A callback compiled in place: `return` in `body` returns from the callback (its value is what the method
 * uses), never from the enclosing function.
 *
 * @example
 * ```ts
 * import type { Expr } from '../ir.js';
 * import type { Callback } from './callbacks.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const v: Expr = { op: 'local', type: F64, name: 'v' };
 * const two: Expr = { op: 'const', type: F64, value: 2 };
 * // The callback of xs.map((v) => v * 2):
 * const twice: Callback = { params: ['v'], body: [{ kind: 'return', value: { op: 'binary', type: F64, operator: 'mul', left: v, right: two } }] };
 * ```
 */
export interface Callback {
  /** The parameters' local names, in order (value, index, array; the accumulator first for `reduce`). */
  readonly params: readonly string[];
  /** The body; an expression-bodied arrow is one `return`. */
  readonly body: readonly Stmt[];
}
