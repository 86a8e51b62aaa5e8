/**
 * Source files whose `@example` blocks are not yet complete modules (they use names they never import or
 * define, or `...` placeholders). The `@example` pass works through this list; tsdoc-examples.test.ts checks
 * every other file's examples, and fails when a file listed here has become complete, so the list only
 * shrinks. Left: `lower.ts` and the `src/jit/lower/` files split from it.
 */
export const PENDING_EXAMPLES: readonly string[] = [
  'src/jit/lower.ts',
  'src/jit/lower/calls.ts',
  'src/jit/lower/effects.ts',
  'src/jit/lower/expressions.ts',
  'src/jit/lower/for-of.ts',
];
