// Types of the typedoc plugin scripts/typedoc-categories.mjs, for the tests that check its table.
/** One row of the table: an export's name, error classes, or a path prefix under src/. */
export type CategoryRule = { readonly name: string } | { readonly errors: true } | { readonly path: string };
/** The table, first match wins. */
export const CATEGORIES: ReadonlyArray<readonly [CategoryRule, string]>;
/** The category of an export declared at `path` (relative to src/), or undefined when no row matches. */
export function categoryOf(path: string, name: string, isError: boolean): string | undefined;
/** Registers the plugin with a typedoc application. */
export function load(app: unknown): void;
