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
 * import { parseFunction } from '../frontend/parse.js';
 * import { nullConflict, nullPlaceholder, RetryNullAsUnset } from './null-init.js';
 * import { RetryWithRows } from './retry.js';
 * import type { Binding } from './scope.js';
 *
 * const d = parseFunction('function f() { let labels = null; }').body.body[0].declarations[0];
 * nullPlaceholder(d, 'let'); // → false
 * const labels: Binding = { name: 'labels', unique: 'labels', kind: 'let', decl: d.id, slot: 0, value: undefined };
 * let retry: unknown;
 * try {
 *   nullConflict(labels, { k: 'null' }, { k: 'array', element: 'i32' });
 * } catch (error) {
 *   retry = error;
 * }
 * [retry instanceof RetryNullAsUnset, retry instanceof RetryWithRows]; // → [ true, true ]
 * nullPlaceholder(d, 'let'); // → true
 * ```
 */
export class RetryNullAsUnset extends RetryWithRows {}

/**
 * Notes a declarator `let x = null` / `var x = null` (`d`, a `VariableDeclarator` of kind `kind`); true when
 * that `null` is, after a retry, a placeholder: the declaration then leaves `x` unassigned.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { nullPlaceholder } from './null-init.js';
 *
 * const [lets, consts] = parseFunction('function f() { let a = null; const b = null; }').body.body;
 * // Noted, but a placeholder only after inference retried (nullConflict):
 * nullPlaceholder(lets.declarations[0], 'let'); // → false
 * nullPlaceholder(consts.declarations[0], 'const'); // → false
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
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { isNullPlaceholder } from './null-init.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // k-means' pattern: inference fails joining null with the array, retries, and the null becomes a placeholder.
 * const parsed = parseFunction(`function last(n) {
 *   let out = null;
 *   for (let k = 0; k < 3; k++) out = new Float64Array(n);
 *   return out;
 * }`);
 * const typing = inferFunction(parsed, [{ kind: 'i32' }], newEnv(() => undefined));
 * describeAV(typing.returns); // → 'Float64Array'
 * typing.bindings.filter((b) => isNullPlaceholder(b.decl)).map((b) => b.name); // → [ 'out' ]
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
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { isNullPlaceholder } from './null-init.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // k-means' pattern: inference fails joining null with the array, retries, and the null becomes a placeholder.
 * const parsed = parseFunction(`function last(n) {
 *   let out = null;
 *   for (let k = 0; k < 3; k++) out = new Float64Array(n);
 *   return out;
 * }`);
 * const typing = inferFunction(parsed, [{ kind: 'i32' }], newEnv(() => undefined));
 * describeAV(typing.returns); // → 'Float64Array'
 * typing.bindings.filter((b) => isNullPlaceholder(b.decl)).map((b) => b.name); // → [ 'out' ]
 * ```
 */
export function nullConflict(b: Binding, a: AV | undefined, c: AV | undefined): void {
  if (!a || !c || !nullInits.has(b.decl) || unsetNulls.has(b.decl)) return;
  const other = a.k === 'null' ? c : c.k === 'null' ? a : undefined;
  if (!other || !TAKES_OVER.has(other.k)) return;
  unsetNulls.add(b.decl);
  throw new RetryNullAsUnset(b.decl);
}
