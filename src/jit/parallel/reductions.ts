/**
 * The reductions a prange loop may perform on a scalar declared outside it, one row each: how an assignment
 * in the loop body is recognized, the row's identity, and how two partial results combine. Partials are
 * combined in chunk order, so a result never changes from run to run; integer reductions are exact, and a
 * floating-point sum or product equals the serial one up to reassociation (bit for bit with one chunk, and
 * across thread counts under `parallel: { deterministic: true }`).
 *
 * @module
 */
import type { Assign, Expr } from '../ir.js';

/**
 * The name of a {@link REDUCTIONS} row.
 *
 * @example
 * ```ts
 * import { REDUCTIONS, type ReductionKind } from './reductions.js';
 *
 * // `s += x` and `s -= x` in a prange loop are sums; `s = Math.max(s, x)` a max.
 * const kinds: ReductionKind[] = ['sum', 'max'];
 * kinds.map((k) => REDUCTIONS[k].spelling); // → [ 's += x, s -= x', 's = Math.max(s, x)' ]
 * ```
 */
export type ReductionKind = 'sum' | 'product' | 'min' | 'max' | 'and' | 'or';

/**
 * One reduction: its identity (what chunks after the first start from) and how partials combine.
 *
 * @example
 * ```ts
 * import { REDUCTIONS, type ReductionRow } from './reductions.js';
 *
 * // A chunk after the first starts from the identity; partials combine in chunk order.
 * const max: ReductionRow = REDUCTIONS.max;
 * max.combine(max.identity, 3); // → 3
 * max.combine(max.combine(max.identity, 3), 1); // → 3
 * ```
 */
export interface ReductionRow {
  /** The value a partial starts from; `-0` for sums, the one value with `-0 + x === x` for every x (+0 for i32). */
  readonly identity: number | boolean;
  /** Combines the partial of an earlier chunk with a later one's (in chunk order). */
  readonly combine: (earlier: number | boolean, later: number | boolean) => number | boolean;
  /** In words, for error messages. */
  readonly spelling: string;
  /** The operand `e` if `value` (assigned to `name`) is this reduction's update of `name`, else `undefined`. */
  readonly operand: (name: string, value: Expr) => Expr | undefined;
}

const isLocal = (e: Expr, name: string): boolean => e.op === 'local' ? e.name === name : e.op === 'convert' && isLocal(e.arg, name);
const strip = (e: Expr): Expr => (e.op === 'convert' ? e.arg : e);

function binaryOperand(name: string, value: Expr, operators: readonly string[], commutative: boolean): Expr | undefined {
  const v = strip(value);
  if (v.op !== 'binary' || !operators.includes(v.operator)) return undefined;
  if (isLocal(v.left, name)) return v.right;
  if (commutative && v.operator !== 'sub' && isLocal(v.right, name)) return v.left;
  return undefined;
}

function mathOperand(name: string, value: Expr, fn: 'min' | 'max'): Expr | undefined {
  const v = strip(value);
  if (v.op !== 'math' || v.fn !== fn || v.args.length !== 2) return undefined;
  if (isLocal(v.args[0]!, name)) return v.args[1];
  if (isLocal(v.args[1]!, name)) return v.args[0];
  return undefined;
}

function logicalOperand(name: string, value: Expr, operator: 'and' | 'or'): Expr | undefined {
  if (value.op !== 'logical' || value.operator !== operator || value.type.kind !== 'bool' || !isLocal(value.left, name)) return undefined;
  return value.right;
}

/**
 * Every reduction, by kind.
 *
 * @example
 * ```ts
 * import { REDUCTIONS } from './reductions.js';
 *
 * REDUCTIONS.sum.combine(1, 2); // → 3
 * // -0 is the sum's identity: -0 + x is x for every x, -0 included.
 * Object.is(REDUCTIONS.sum.combine(REDUCTIONS.sum.identity, -0), -0); // → true
 * REDUCTIONS.and.combine(true, false); // → false
 * ```
 */
export const REDUCTIONS: Readonly<Record<ReductionKind, ReductionRow>> = {
  sum: { identity: -0, combine: (a, b) => (a as number) + (b as number), spelling: 's += x, s -= x', operand: (n, v) => binaryOperand(n, v, ['add', 'sub'], true) },
  product: { identity: 1, combine: (a, b) => (a as number) * (b as number), spelling: 's *= x', operand: (n, v) => binaryOperand(n, v, ['mul'], true) },
  min: { identity: Infinity, combine: (a, b) => Math.min(a as number, b as number), spelling: 's = Math.min(s, x)', operand: (n, v) => mathOperand(n, v, 'min') },
  max: { identity: -Infinity, combine: (a, b) => Math.max(a as number, b as number), spelling: 's = Math.max(s, x)', operand: (n, v) => mathOperand(n, v, 'max') },
  and: { identity: true, combine: (a, b) => a && b, spelling: 'b = b && c', operand: (n, v) => logicalOperand(n, v, 'and') },
  or: { identity: false, combine: (a, b) => a || b, spelling: 'b = b || c', operand: (n, v) => logicalOperand(n, v, 'or') },
};

/**
 * Which reduction `assign` performs on its target, with the operand, or `undefined`.
 *
 * @example
 * ```ts
 * import { F64 } from '../types.js';
 * import type { Expr } from '../ir.js';
 * import { reductionOf } from './reductions.js';
 *
 * const s: Expr = { op: 'local', type: F64, name: 's' };
 * const x: Expr = { op: 'local', type: F64, name: 'x' };
 * // s = s + x (what `s += x` lowers to) is a sum of x; s = x - s is no reduction.
 * reductionOf({ kind: 'assign', name: 's', value: { op: 'binary', type: F64, operator: 'add', left: s, right: x } })?.kind; // → 'sum'
 * reductionOf({ kind: 'assign', name: 's', value: { op: 'binary', type: F64, operator: 'sub', left: x, right: s } }); // → undefined
 * ```
 */
export function reductionOf(assign: Assign): { kind: ReductionKind; operand: Expr } | undefined {
  for (const kind of Object.keys(REDUCTIONS) as ReductionKind[]) {
    const operand = REDUCTIONS[kind].operand(assign.name, assign.value);
    if (operand) return { kind, operand };
  }
  return undefined;
}

/**
 * The identity of `kind` for a variable of type `type` (`i32` sums start at +0: an int32 is never -0).
 *
 * @example
 * ```ts
 * import { identityOf } from './reductions.js';
 *
 * identityOf('sum', 'i32'); // → 0
 * identityOf('sum', 'f64'); // → -0
 * identityOf('min', 'f64'); // → Infinity
 * ```
 */
export function identityOf(kind: ReductionKind, type: 'i32' | 'f64' | 'bool'): number | boolean {
  return kind === 'sum' && type === 'i32' ? 0 : REDUCTIONS[kind].identity;
}
