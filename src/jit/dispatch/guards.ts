/**
 * Guards of the dispatch fast path: for each signature token (`signature.ts`), a JavaScript expression that is
 * true when an argument may take a specialization compiled for that token. The dispatcher pastes these into a
 * small function per specialization (`fastpath.ts`), like V8's inline caches and numba's typeof fast path, so a
 * call that repeats the last signature costs a few type tests instead of a signature string.
 *
 * A guard must never accept a value the specialization cannot take: it accepts exactly the values whose token
 * is its own, or one its row lists in `widens` (an `f64` specialization is correct for any number, so it takes
 * integers too). A token with no row here simply has no fast path: every call then goes through the full
 * lookup, which is slower but never wrong. `tests/jit/dispatch/guards.test.ts` checks each row against
 * `tokenOf` on a set of sample values.
 *
 * @module
 */
import { MAX_LENGTH } from '../infer/lattice.js';
import { Array2D, ELEMENT_BY_NAME } from '../types.js';
import { TYPED_GUARD_CONSTANTS, typedArrayGuard } from './typed.js';

/**
 * One guard row: `test(a)` is a JavaScript expression over the argument named `a`. It may use the names of
 * {@link GUARD_CONSTANTS} (bound once per generated function, so user code that replaces a global cannot
 * change what a guard compares against).
 *
 * @example
 * ```ts
 * import type { GuardRow } from './guards.js';
 *
 * const row: GuardRow = { test: (a) => `typeof ${a} === 'boolean'` };
 * row.test('a0'); // → "typeof a0 === 'boolean'"
 * ```
 */
export interface GuardRow {
  /** The guard as a JavaScript expression over the argument `a` (a plain identifier). */
  readonly test: (a: string) => string;
  /** Tokens of other values this row's specialization is also correct for (an `f64` specialization takes `i32` values). */
  readonly widens?: readonly string[];
}

/**
 * Names a guard may use, with their values: those of the typed-array guard (`typed.ts`: prototypes such as
 * `Float64Array_prototype`, the built-in tag and length getters), `Array2D`, the longest length compiled code
 * takes, and `isView` for `number[][]` rows given as typed arrays.
 *
 * @example
 * ```ts
 * import { GUARD_CONSTANTS } from './guards.js';
 *
 * GUARD_CONSTANTS['MAX_LENGTH']; // → 2147483647
 * ```
 */
export const GUARD_CONSTANTS: Readonly<Record<string, unknown>> = {
  MAX_LENGTH,
  Array2D,
  isArray: Array.isArray,
  isView: ArrayBuffer.isView,
  DataView,
  ...TYPED_GUARD_CONSTANTS,
};

// A typed array of exactly this class, attached, from this realm: the test and why it is written so are in typed.ts.
const typed = (ctor: string): GuardRow => ({ test: (a) => typedArrayGuard(ctor, a) });
// A plain array whose first element names the kind; the compiled entry checks every element (ops/elements.ts).
const plain = (kind: 'number' | 'boolean'): GuardRow => ({
  test: (a) => `(isArray(${a}) && ${a}.length !== 0 && ${a}.length <= MAX_LENGTH && typeof ${a}[0] === '${kind}')`,
});

/**
 * The rows, by signature token. Another argument kind adds its row here (and its token to `signature.ts`).
 *
 * @example
 * ```ts
 * import { GUARDS } from './guards.js';
 *
 * GUARDS.get('bool')!.test('a0'); // → "typeof a0 === 'boolean'"
 * ```
 */
export const GUARDS: ReadonlyMap<string, GuardRow> = new Map<string, GuardRow>([
  // int32 and not -0, as tokenOf decides; `(a | 0) === a` is one instruction on a small integer.
  ['i32', { test: (a) => `(typeof ${a} === 'number' && (${a} | 0) === ${a} && (${a} !== 0 || 1 / ${a} > 0))` }],
  ['f64', { test: (a) => `typeof ${a} === 'number'`, widens: ['i32'] }],
  ['bool', { test: (a) => `typeof ${a} === 'boolean'` }],
  ['number[]', plain('number')],
  ['boolean[]', plain('boolean')],
  ['number[][]', {
    test: (a) => `(isArray(${a}) && ${a}.length <= MAX_LENGTH && (${a}.length === 0 || isArray(${a}[0]) || (isView(${a}[0]) && !(${a}[0] instanceof DataView))))`,
  }],
  ['Array2D', { test: (a) => `${a} instanceof Array2D` }],
  ...Object.keys(ELEMENT_BY_NAME).map((name): [string, GuardRow] => [name, typed(name)]),
]);

/**
 * The guard expression for a whole signature over arguments `a0, a1, …`, or undefined if some token has no
 * row (that signature then has no fast path).
 *
 * @example
 * ```ts
 * import { signatureGuard } from './guards.js';
 *
 * signatureGuard(['i32', 'Float64Array'])?.startsWith('('); // → true
 * console.log(signatureGuard(['i32', 'Float64Array'])); // one test per argument a0, a1, joined with &&
 * ```
 */
export function signatureGuard(tokens: readonly string[]): string | undefined {
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const row = GUARDS.get(tokens[i]!);
    if (!row) return undefined;
    parts.push(row.test(`a${i}`));
  }
  return parts.length ? parts.join(' && ') : 'true';
}
