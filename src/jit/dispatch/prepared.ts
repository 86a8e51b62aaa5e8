/**
 * Fast paths made before a function's first call. When the persistent cache holds a specialization for a
 * function, its rehearsal (`cache/compile.ts`) names the argument types and the specialization it would serve;
 * the inline cache of that specialization (`fastpath.ts`) is generated then, while the script is idle, instead
 * of at the first call, where generating it cost 0.2–0.4 ms on the shared machine (`new Function`, and V8
 * compiling the guard builders on first use).
 *
 * It is a hint only: the first call still takes the full lookup and the cache's checks; the prepared inline cache
 * is used only if that lookup lands on the very specialization it was made for, with the same tokens, and it is
 * then exactly the cache the dispatcher would have generated.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import type { Type } from '../types.js';
import { inlineCache } from './fastpath.js';
import { TOKEN_TYPES } from './signature.js';

/** The token of each IR type that has exactly one (objects and functions have per-process tokens: none here). */
const TOKEN_OF_TYPE = new Map<string, string>([...TOKEN_TYPES].map(([token, type]) => [JSON.stringify(type), token]));

/**
 * One function's prepared inline caches.
 *
 * @example
 * ```ts
 * import { preparedCaches, type PreparedCaches } from './prepared.js';
 *
 * const half = (x: number) => x / 2; // stands for a cached (f64) specialization
 * const prepared: PreparedCaches = preparedCaches(1, () => 'miss');
 * prepared.prepare([{ kind: 'f64' }], half);
 * prepared.take(['f64'], half)!(undefined, 3); // → 1.5
 * ```
 */
export interface PreparedCaches {
  /** Generates the inline cache of `fn` for the tokens of `argTypes` (nothing if some type has no single token). */
  readonly prepare: (argTypes: readonly Type[], fn: AnyFunction) => void;
  /** The inline cache prepared for `fn` with exactly these tokens, handed out once; else undefined. */
  readonly take: (tokens: readonly string[], fn: AnyFunction) => AnyFunction | undefined;
}

/**
 * The prepared inline caches of a function of `arity` parameters whose misses go to `miss` (`fastpath.ts`).
 *
 * @example
 * ```ts
 * import { preparedCaches } from './prepared.js';
 *
 * const half = (x: number) => x / 2;
 * const prepared = preparedCaches(1, () => 'miss');
 * prepared.prepare([{ kind: 'f64' }], half);
 * prepared.take(['i32'], half); // → undefined
 * prepared.take(['f64'], half)!(undefined, 'one'); // → 'miss'
 * ```
 */
export function preparedCaches(arity: number, miss: AnyFunction): PreparedCaches {
  const ready = new WeakMap<AnyFunction, { readonly key: string; readonly ic: AnyFunction }>();
  return {
    prepare(argTypes, fn) {
      if (argTypes.length !== arity) return;
      const tokens: string[] = [];
      for (const t of argTypes) {
        const token = TOKEN_OF_TYPE.get(JSON.stringify(t));
        if (token === undefined) return;
        tokens.push(token);
      }
      const ic = inlineCache(tokens, fn, miss);
      if (ic) ready.set(fn, { key: tokens.join(','), ic });
    },
    take(tokens, fn) {
      const found = ready.get(fn);
      if (found === undefined || found.key !== tokens.join(',')) return undefined;
      ready.delete(fn);
      return found.ic;
    },
  };
}
