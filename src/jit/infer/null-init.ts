/**
 * A variable that starts as `null` and is later given an array, a `number[][]`, an object or a buffer
 * (`let labels = null; while (…) labels = labelPoints(…)`, simple-statistics' k-means): the `null` is a
 * placeholder the plain function never reads. Compiled variables keep one type, and no such type holds `null`,
 * so inference first fails joining `null` with the array; it then runs again ({@link RetryNullAsUnset}) with
 * that declaration's `null` treated as "not assigned yet": flow proves every read follows a real write, and a read
 * that may see the `null` is a located error (never a different value). A `null` that is read (a nullable row,
 * `best === null` on rows) keeps the rules of `lattice.ts`.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { RetryWithRows } from './retry.js';
import type { AV } from './lattice.js';
import type { Binding } from './scope.js';

const nullInits = new WeakSet<Node>();
const unsetNulls = new WeakSet<Node>();

/** What may replace the placeholder `null`: values whose compiled type has no `null` (rows have their own). */
const TAKES_OVER = new Set<AV['k']>(['array', 'matrix', 'obj', 'objs', 'buffer']);

/**
 * Raised when a `null` placeholder meets an array (or object, …): inference runs again with the declaration's
 * `null` as unassigned. A {@link RetryWithRows}, so `specialize.ts` retries it the same way (at most 40 rounds).
 *
 * @example
 * ```ts
 * if (error instanceof RetryWithRows) continue; // RetryNullAsUnset included
 * ```
 */
export class RetryNullAsUnset extends RetryWithRows {}

/**
 * Notes a declarator `let x = null` / `var x = null` (`d`, a `VariableDeclarator` of kind `kind`); true when
 * that `null` is, after a retry, a placeholder: the declaration then leaves `x` unassigned.
 *
 * @example
 * ```ts
 * if (nullPlaceholder(d, s.kind)) { state[b.slot] = undefined; continue; }
 * ```
 */
export function nullPlaceholder(d: Node, kind: string): boolean {
  const init = d.init as Node | null | undefined;
  if (kind === 'const' || d.id.type !== 'Identifier' || init?.type !== 'Literal' || init.value !== null) return false;
  nullInits.add(d.id as Node);
  return unsetNulls.has(d.id as Node);
}

/**
 * Whether the declaration at `decl` (its identifier) starts with a placeholder `null` (lowering then declares
 * the variable unassigned, as flow proved nothing reads it).
 *
 * @example
 * ```ts
 * isNullPlaceholder(d.id); // true for k-means' `let labels = null`
 * ```
 */
export function isNullPlaceholder(decl: Node): boolean {
  return unsetNulls.has(decl);
}

/**
 * Called where `b`'s values `a` and `c` do not join: when one is the `null` of `b`'s declaration and the other
 * may replace it, throws {@link RetryNullAsUnset}; else returns (the caller reports its located error).
 *
 * @example
 * ```ts
 * nullConflict(binding, { k: 'null' }, { k: 'array', element: 'num' }); // throws RetryNullAsUnset
 * ```
 */
export function nullConflict(b: Binding, a: AV | undefined, c: AV | undefined): void {
  if (!a || !c || !nullInits.has(b.decl) || unsetNulls.has(b.decl)) return;
  const other = a.k === 'null' ? c : c.k === 'null' ? a : undefined;
  if (!other || !TAKES_OVER.has(other.k)) return;
  unsetNulls.add(b.decl);
  throw new RetryNullAsUnset(b.decl);
}
