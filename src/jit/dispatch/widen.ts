/**
 * Integer guards widened where the code does not depend on them. A specialization compiled for `i32` arguments
 * whose generated JavaScript is, character for character, the code compiled for the same arguments as `f64` is
 * that f64 specialization, correct for every number (`-0` and `1.5` included); its fast-path guard may then test
 * `typeof a === 'number'` instead of the exact int32 test (`(a | 0) === a` and the `-0` test). Those tests were
 * 1.9 of the 6.1 ns an earcut `zOrder` call cost compiled, against 3.9 ns plain; with `typeof` alone the call
 * costs what the plain one does.
 *
 * Only the guard changes: the specialization and its signature stay the integer ones, and a signature whose two
 * codes differ (an `i32` loop bound, `x / 2` kept an int32) keeps its exact guard.
 *
 * @module
 */

/**
 * The tokens the fast path should guard `tokens`' specialization with: `tokens` with each `i32` an `f64` when
 * `sourceFor` gives that signature the same generated code `source` is, else `tokens` as they are (also when
 * `sourceFor` throws: that signature does not compile, so nothing says the code would be the same).
 *
 * @example
 * ```ts
 * import { widenedGuardTokens } from './widen.js';
 *
 * const same = () => 'return (a + b);';
 * widenedGuardTokens(['i32', 'Float64Array'], 'return (a + b);', same); // → [ 'f64', 'Float64Array' ]
 * widenedGuardTokens(['i32'], 'return (a | 0);', () => 'return a;'); // → [ 'i32' ]
 * ```
 */
export function widenedGuardTokens(tokens: readonly string[], source: string, sourceFor: (tokens: readonly string[]) => string | undefined): readonly string[] {
  if (!tokens.includes('i32')) return tokens;
  const widened = tokens.map((t) => (t === 'i32' ? 'f64' : t));
  let other: string | undefined;
  try {
    other = sourceFor(widened);
  } catch {
    return tokens;
  }
  return other === source ? widened : tokens;
}
