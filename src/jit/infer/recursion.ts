/**
 * Recursion in inference (self and mutual, across memoJit functions and discovered callees): a call to a
 * specialization still being inferred gets its assumed return value, and the specialization is inferred again
 * until what it returns equals what was assumed (a fixed point, as numba types recursive functions).
 *
 * The first assumption is the empty integer range, the bottom of numbers (the join of it and any number is that
 * number), so `if (n < 2) return n; return fib(n - 1) + fib(n - 2)` settles on the base case's type widened by the
 * recursive one. A function whose returns are booleans or nothing fails that first round; the next assumptions
 * are a boolean, then nothing. After a few rounds a growing number range widens to any double. Everything
 * inferred during a round that did not settle is forgotten (it may rest on the old assumption).
 *
 * @module
 */
import { FLOAT, joinAV, type AV } from './lattice.js';
import type { InferEnv, Typing } from './scope.js';

/** The empty integer range: no value yet. */
export const NO_NUMBER: AV = Object.freeze({ k: 'num', int: true, lo: Infinity, hi: -Infinity });

/**
 * What a recursive specialization is assumed to return, in the order tried; `null` last, for a function building
 * a linked list (`makeList`: null at the end, else a node linking the rest).
 */
export const SEEDS: readonly AV[] = [NO_NUMBER, Object.freeze({ k: 'bool' }), Object.freeze({ k: 'void' }), Object.freeze({ k: 'null' })];

/**
 * What a recursive specialization with these arguments is assumed to return, in the order tried: {@link SEEDS},
 * then each object type it receives, as one that may be null (Are We Fast Yet's list `tail(x, y, z)`, which
 * returns `z` or its own result).
 *
 * @example
 * ```ts
 * import { makeShape } from '../ops/shapes.js';
 * import { FLOAT, describeAV } from './lattice.js';
 * import { seedsFor } from './recursion.js';
 *
 * const node = { k: 'obj', shape: makeShape([{ name: 'val', type: { kind: 'f64' } }]) } as const;
 * seedsFor([node, FLOAT, node]).map(describeAV); // → [ 'an integer', 'a boolean', 'undefined', 'null', '{val:f64} | null' ]
 * ```
 */
export function seedsFor(args: readonly AV[], thisArg?: AV): AV[] {
  const seeds = [...SEEDS];
  for (const a of thisArg ? [...args, thisArg] : args) {
    if (a.k !== 'obj' || seeds.some((s) => s.k === 'obj' && s.shape === a.shape)) continue;
    seeds.push({ k: 'obj', shape: a.shape, nullable: true });
  }
  return seeds;
}

/**
 * The typing of a specialization being inferred: recursive calls get it, and it becomes the final typing
 * (same object) once inferred, so every call site lowers against the final one.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newPending, type Pending } from './recursion.js';
 *
 * const pending: Pending = newPending(parseFunction('function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }'));
 * // What a recursive call returns in the first round: the empty integer range.
 * describeAV(pending.returns); // → 'an integer'
 * ```
 */
export interface Pending extends Typing {
  returns: AV;
  /** A call reached it while it was being inferred (this round). */
  recursive: boolean;
  pending: boolean;
}

/**
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newPending } from './recursion.js';
 *
 * newPending(parseFunction('function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }')).pending; // → true
 * ```
 */
export function newPending(parsed: Typing['parsed']): Pending {
  return {
    parsed, irName: '', params: [], bindings: [], refs: new Map(), decls: new Map(), values: new Map(), calls: new Map(),
    reached: new Set(), returns: NO_NUMBER, usesRandom: false, recursive: false, pending: true,
  };
}

/**
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { isPending, newPending } from './recursion.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const fib = parseFunction('function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }');
 * isPending(newPending(fib)); // → true
 * // Once inferred, the same object is the final typing:
 * isPending(inferFunction(fib, [{ kind: 'i32' }], newEnv(() => undefined))); // → false
 * ```
 */
export function isPending(t: Typing): t is Pending {
  return (t as Partial<Pending>).pending === true;
}

/**
 * Whether a round that returned `got` while its recursive calls were assumed to return `assumed` is a fixed point:
 * the same value, or a number-or-false where a number-or-boolean was assumed. Those two are one type in compiled
 * code, the JS value itself, and the wider assumption only narrows less, so the round stands; joining them again
 * gave the same assumption each round until the recursion was refused.
 *
 * @example
 * ```ts
 * import { settles } from './recursion.js';
 *
 * settles({ k: 'numbool', maybeTrue: false }, { k: 'numbool', maybeTrue: true }); // → true
 * settles({ k: 'numbool', maybeTrue: true }, { k: 'numbool', maybeTrue: false }); // → false
 * settles({ k: 'num', int: true, lo: 0, hi: 3 }, { k: 'num', int: true, lo: 0, hi: 3 }); // → true
 * ```
 */
export function settles(got: AV, assumed: AV): boolean {
  return sameReturn(got, assumed) || (got.k === 'numbool' && assumed.k === 'numbool' && assumed.maybeTrue);
}

/** Whether two return values are the same for the fixed point. */
export function sameReturn(a: AV, b: AV): boolean {
  if (a.k === 'num' && b.k === 'num') return a.int === b.int && Object.is(a.lo, b.lo) && Object.is(a.hi, b.hi);
  if (a.k === 'tuple' && b.k === 'tuple') return a.items.length === b.items.length && a.items.every((x, i) => sameReturn(x, b.items[i]!));
  return a.k === b.k && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The next assumption after a round returned `got` while `assumed` was assumed: their join, widened to any
 * double once a number keeps growing (`round` ≥ 3). Undefined if they cannot be joined.
 *
 * @example
 * ```ts
 * import { INT32, numAV } from './lattice.js';
 * import { NO_NUMBER, nextAssumption } from './recursion.js';
 *
 * nextAssumption(NO_NUMBER, INT32, 0); // → { k: 'num', int: true, lo: -2147483648, hi: 2147483647 }
 * // Still growing after three rounds: any double.
 * nextAssumption(numAV(0, 1, true), numAV(0, 2, true), 3); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * ```
 */
export function nextAssumption(assumed: AV, got: AV, round: number): AV | undefined {
  const j = joinAV(assumed, got);
  // the empty range assumed nothing about numbers: a boolean returned tries the boolean seed rather than joining
  // into a number-or-boolean (which the function would then not return)
  if (assumed === NO_NUMBER && j?.k === 'numbool') return undefined;
  if (j && j.k === 'num' && round >= 3) return FLOAT;
  // Assumed nothing and got a tuple or array (d3's tickSpec: `return tickSpec(…)` beside `return [i1, i2, inc]`):
  // the base case's value is the next assumption.
  if (!j && assumed.k === 'void' && (got.k === 'tuple' || got.k === 'array')) return got;
  return j;
}

/**
 * What a round may add to the compilation's caches, to take back if the round does not settle.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { markEnv, rollback } from './recursion.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const env = newEnv(() => undefined);
 * const mark = markEnv(env);
 * inferFunction(parseFunction('function half(x) { return x / 2; }'), [{ kind: 'f64' }], env);
 * env.order.length; // → 1
 * // The round did not settle: forget what it inferred.
 * rollback(env, mark);
 * env.order.length; // → 0
 * ```
 */
export function markEnv(env: InferEnv): { caches: Map<object, Map<string, Typing>>; order: number } {
  return { caches: new Map([...env.specializations].map(([k, v]) => [k, new Map(v)])), order: env.order.length };
}

/**
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { markEnv, rollback } from './recursion.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const env = newEnv(() => undefined);
 * const mark = markEnv(env);
 * inferFunction(parseFunction('function half(x) { return x / 2; }'), [{ kind: 'f64' }], env);
 * env.order.length; // → 1
 * // The round did not settle: forget what it inferred.
 * rollback(env, mark);
 * env.order.length; // → 0
 * ```
 */
export function rollback(env: InferEnv, mark: ReturnType<typeof markEnv>): void {
  env.specializations.clear();
  for (const [k, v] of mark.caches) env.specializations.set(k, v);
  env.order.length = mark.order;
}
