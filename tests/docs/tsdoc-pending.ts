/**
 * Source files whose `@example` blocks are not yet complete modules (they use names they never import or
 * define, or `...` placeholders). The `@example` pass works through this list; tsdoc-examples.test.ts checks
 * every other file's examples, and fails when a file listed here has become complete, so the list only
 * shrinks.
 */
export const PENDING_EXAMPLES: readonly string[] = [];
