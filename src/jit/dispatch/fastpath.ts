/**
 * The dispatch fast path: a call whose arguments fit the last specialization used runs it after a few inline
 * type tests, with no signature string, no array of arguments and no lookup, like an inline cache in V8.
 *
 * Two small functions, both generated with `new Function` for each memoJit function (each source numbered, since
 * V8 shares a cached source's feedback) so that V8 keeps separate type feedback for each (closures of one shared function literal would share feedback, and a call site that
 * has seen several memoJit functions' specializations is no longer inlined):
 *
 * - the **entry** users call, with the original's name and parameters (so its own `name` and `length`): a call
 *   with exactly that many arguments goes to the current inline cache, any other count to the full lookup. It
 *   reads `arguments` only as `arguments.length` and `$other.apply(this, arguments)`, which V8 forwards without
 *   building an arguments object; an entry that handed `arguments` to the slow path as a value made V8 build
 *   one on every call, fast path included (about 30 ns per call with two typed arrays, `bench/dispatch.ts`);
 * - one **inline cache** per specialization: the signature's guards (`guards.ts`), then the specialization
 *   called directly; a miss goes to the full lookup, which installs the cache of the specialization it finds.
 *
 * Both are a handful of bytecodes, so V8 inlines the entry, the cache and often the specialization itself into
 * the caller's loop; the guards then cost about what the plain function's own type checks cost. The cache takes
 * the receiver as its first argument instead of being called with `.call(this, …)`: the entry's cache variable
 * changes, and V8 inlines `f.call(…)` only when `f` is a constant, while a plain call of a variable is inlined
 * from its call feedback (measured: 94 ns per call with `.call`, a few ns without).
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { GUARD_CONSTANTS, signatureGuard } from './guards.js';

const CONSTANT_NAMES = Object.keys(GUARD_CONSTANTS);
const CONSTANT_VALUES = CONSTANT_NAMES.map((n) => GUARD_CONSTANTS[n]);

// V8 caches `new Function` by source text, and closures of a cached function share its type feedback: each
// generated function carries its own number so that no two memoJit functions share a call site's feedback.
let generated = 0;

function params(n: number): string {
  return Array.from({ length: n }, (_, i) => `a${i}`).join(', ');
}

/**
 * The entry a memoJit function exposes and the way to point it at another inline cache.
 *
 * @example
 * ```ts
 * import { inlineCache, makeEntry, type Entry } from './fastpath.js';
 *
 * const add = (a: number, b: number) => a + b; // stands for the compiled (i32, i32) specialization
 * const { entry, install, miss }: Entry = makeEntry(2, (self, args) => `slow path for ${args.length} arguments`);
 * install(inlineCache(['i32', 'i32'], add, miss)!);
 * entry(1, 2); // → 3
 * entry(1.5, 2); // → 'slow path for 2 arguments'
 * ```
 */
export interface Entry {
  /** The function users call. */
  readonly entry: AnyFunction;
  /** Replaces the inline cache calls with exactly `arity` arguments go to (called as `ic(this, a0, …)`). */
  readonly install: (ic: AnyFunction) => void;
  /**
   * Replaces the inline cache calls with exactly `count` arguments, another count than `arity`, go to (called as
   * `ic(this, args)`; see {@link countCache}). One such count at a time: a call that leaves out an optional
   * parameter (`extent(values)` of `extent(values, valueof)`) then takes a fast path too.
   */
  readonly installCount: (ic: AnyFunction, count: number) => void;
  /** The inline cache installed before any specialization: every call goes to the full lookup. */
  readonly miss: AnyFunction;
}

/**
 * Builds the entry for a function of `arity` parameters; `slow` is the full lookup (it receives the
 * arguments as an array and returns the result).
 *
 * @example
 * ```ts
 * import { makeEntry } from './fastpath.js';
 *
 * // Before anything is installed, every call takes the full lookup:
 * const { entry } = makeEntry(1, (self, args) => Math.sqrt(args[0] as number));
 * entry(16); // → 4
 * ```
 */
export function makeEntry(arity: number, slow: (thisArg: unknown, args: unknown[]) => unknown, name = ''): Entry {
  const a = params(arity);
  // The entry carries the original's name and parameter count by itself: redefining a function's `name` or
  // `length` gives it a map on which `f.apply(…)`/`f.call(…)` are looked up slowly (17 ns a call, jstat-gammaln
  // through the corpus harness). A name that is not a plain identifier (or a reserved word) keeps the generic one.
  const own = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'memoJitEntry';
  try {
    return buildEntry(arity, a, own, slow);
  } catch (error) {
    if (own === 'memoJitEntry' || !(error instanceof SyntaxError)) throw error;
    return buildEntry(arity, a, 'memoJitEntry', slow);
  }
}

function buildEntry(arity: number, a: string, name: string, slow: (thisArg: unknown, args: unknown[]) => unknown): Entry {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('$slow', `"use strict"; // memoJit entry ${++generated}
function $miss($self${arity ? ', ' : ''}${a}) { return $slow($self, [${a}]); }
let $ic = $miss;
let $countIc = $slow, $count = -1;
function $other(...$args) {
  if ($args.length === $count) return $countIc(this, $args);
  return $slow(this, $args);
}
function ${name}(${a}) {
  if (arguments.length === ${arity}) return $ic(this${arity ? ', ' : ''}${a});
  return $other.apply(this, arguments);
}
return { entry: ${name}, install(ic) { $ic = ic; }, installCount(ic, count) { $countIc = ic; $count = count; }, miss: $miss };`) as (slow: unknown) => Entry;
  return factory(slow);
}

/**
 * The inline cache of one specialization, called as `ic(thisArg, a0, a1, …)`: `fn` when every argument passes its
 * token's guard (and, for a method, `receiver(thisArg)` holds), else `miss` (with the same arguments).
 * Undefined when some token has no guard row (that signature always takes the full lookup).
 *
 * @example
 * ```ts
 * import { inlineCache } from './fastpath.js';
 *
 * const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
 * const miss = () => 'miss';
 * const ic = inlineCache(['Float64Array', 'Float64Array'], dot, miss)!;
 * const xs = new Float64Array([1, 2]);
 * ic(undefined, xs, xs); // → 5
 * ic(undefined, xs, [1, 2]); // → 'miss'
 * ```
 */
export function inlineCache(tokens: readonly string[], fn: AnyFunction, miss: AnyFunction, receiver?: (self: unknown) => boolean): AnyFunction | undefined {
  const guard = signatureGuard(tokens);
  if (guard === undefined) return undefined;
  const a = params(tokens.length);
  const rest = tokens.length ? ', ' + a : '';
  // A method's cache also checks the receiver's shape; the checker is a constant of this cache, so V8 inlines it.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...CONSTANT_NAMES, '$spec', '$miss', '$receiver', `"use strict"; // memoJit inline cache ${++generated}
return function memoJitInlineCache($self${rest}) {
  if (${receiver ? '$receiver($self) && ' : ''}${guard}) return $spec.call($self${rest});
  return $miss($self${rest});
};`) as (...values: unknown[]) => AnyFunction;
  return factory(...CONSTANT_VALUES, fn, miss, receiver);
}

/**
 * The inline cache of a specialization compiled for another argument count than the function's parameter count,
 * called as `ic(thisArg, args)` with the entry's argument array: `fn` when every argument passes its token's
 * guard, else `slow` (the full lookup, with the same array). Undefined when some token has no guard row.
 *
 * @example
 * ```ts
 * import { countCache } from './fastpath.js';
 *
 * const first = (xs: Float64Array) => xs[0]; // stands for the (Float64Array) specialization of f(xs, key?)
 * const ic = countCache(['Float64Array'], first, () => 'slow')!;
 * ic(undefined, [Float64Array.of(4, 5)]); // → 4
 * ic(undefined, [[4, 5]]); // → 'slow'
 * ```
 */
export function countCache(tokens: readonly string[], fn: AnyFunction, slow: (thisArg: unknown, args: unknown[]) => unknown): AnyFunction | undefined {
  const guard = signatureGuard(tokens);
  if (guard === undefined) return undefined;
  const a = params(tokens.length);
  const reads = Array.from({ length: tokens.length }, (_, i) => `a${i} = $args[${i}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...CONSTANT_NAMES, '$spec', '$slow', `"use strict"; // memoJit count cache ${++generated}
return function memoJitCountCache($self, $args) {
  ${tokens.length ? `const ${reads};` : ''}
  if (${guard}) return $spec.call($self${tokens.length ? ', ' + a : ''});
  return $slow($self, $args);
};`) as (...values: unknown[]) => AnyFunction;
  return factory(...CONSTANT_VALUES, fn, slow);
}
