// Comparing what a plain function and its compiled version did, exceptions included.
//
// When the plain function throws, "the compiled one threw too" is not agreement: an internal compiler crash
// would pass. The compiled exception must have the plain one's class and message, or be one of the JIT's
// documented run-time errors for the same event (an element read from a null row). Those translations are the
// one table below.

import { AssertionError } from 'node:assert';

/** What a call did: returned a value, or threw. */
export type Outcome = { readonly value: unknown } | { readonly error: unknown };

/** Calls `f` and records its outcome instead of throwing. */
export function outcomeOf(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** The message of what `f` throws; fails the test when it returns instead (a refusal that did not happen). */
export function thrownMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new AssertionError({ message: 'expected an error, but it returned' });
}

/** `ClassName: message` of a thrown value (`String(value)` for a non-Error). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : `(non-Error) ${String(error)}`;
}

/**
 * Where the JIT deliberately throws a clearer error than plain JS for the same event: plain's error (class and
 * message pattern) on the left, the compiled one on the right. Anything else must match exactly.
 */
export const DOCUMENTED_TRANSLATIONS: ReadonlyArray<{ readonly plain: RegExp; readonly compiled: RegExp; readonly why: string }> = [
  {
    plain: /^TypeError: Cannot read properties of (null|undefined) \(reading '[^']*'\)$/,
    compiled: /^TypeError: memoJit: cannot read an element of a null row$/,
    why: 'an element read from a row that is null or a hole',
  },
];

/**
 * Whether a compiled exception stands for the plain one: same class and message, or a documented translation.
 * Returns `undefined` when they agree, else a sentence saying how they differ.
 */
export function exceptionDisagreement(plainError: unknown, compiledError: unknown): string | undefined {
  const plain = describeError(plainError);
  const compiled = describeError(compiledError);
  if (plain === compiled) return undefined;
  if (DOCUMENTED_TRANSLATIONS.some((t) => t.plain.test(plain) && t.compiled.test(compiled))) return undefined;
  return `plain threw ${plain}, compiled threw ${compiled}`;
}

/** A number as a reader needs it in a message: `-0` is not `0`. */
function show(v: unknown): string {
  if (Object.is(v, -0)) return '-0';
  if (Array.isArray(v)) return `[${v.length} elements]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<unknown>).length})`;
  return typeof v === 'object' && v !== null ? `{${Object.keys(v).join(', ')}}` : String(v);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof Map) && !(v instanceof Set) &&
  !(v instanceof ArrayBuffer) && !(v instanceof Error);

/**
 * Where two results first differ (`path: got …, want …`), or `undefined` when they are the same to the last
 * detail: numbers by `Object.is`, arrays and typed arrays element by element (holes included), a plain array never
 * equal to a typed one, typed arrays only of one class, plain objects and class instances of one prototype key by
 * key (own enumerable fields: a compiled call runs on copies of the caller's objects); anything else only itself.
 *
 * @example
 * ```ts
 * firstDifference([1, -0], [1, 0]); // 'value[1]: got -0, want 0'
 * ```
 */
export function firstDifference(got: unknown, want: unknown, path = 'value'): string | undefined {
  if (Array.isArray(want) || ArrayBuffer.isView(want)) {
    const x = got as ArrayLike<unknown>;
    const y = want as ArrayLike<unknown>;
    if (!(Array.isArray(got) || ArrayBuffer.isView(got)) || Array.isArray(got) !== Array.isArray(want) ||
        (!Array.isArray(want) && (got as object).constructor !== (want as object).constructor)) {
      return `${path}: got ${show(got)}, want ${show(want)}`;
    }
    if (x.length !== y.length) return `${path}: length ${x.length}, want ${y.length}`;
    for (let k = 0; k < y.length; k++) {
      if ((k in (x as object)) !== (k in (y as object))) return `${path}[${k}]: ${k in (x as object) ? 'an element' : 'a hole'} where the other has ${k in (y as object) ? 'an element' : 'a hole'}`;
      const d = firstDifference(x[k], y[k], `${path}[${k}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isPlainObject(want) && isPlainObject(got) && want !== got) {
    if (Object.getPrototypeOf(got) !== Object.getPrototypeOf(want)) return `${path}: got ${show(got)}, want ${show(want)} (another prototype)`;
    const keys = Object.keys(want);
    if (Object.keys(got).join('\0') !== keys.join('\0')) return `${path}: keys ${Object.keys(got).join(', ')}, want ${keys.join(', ')}`;
    for (const k of keys) {
      const d = firstDifference(got[k], want[k], `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `${path}: got ${show(got)}, want ${show(want)}`;
}

/**
 * Whether two results are the same to the last detail (see {@link firstDifference}).
 *
 * @example
 * ```ts
 * sameValues(new Float64Array([NaN]), new Float64Array([NaN])); // true
 * ```
 */
export function sameValues(a: unknown, b: unknown): boolean {
  return firstDifference(a, b) === undefined;
}

/**
 * Asserts {@link sameValues}, naming the first difference and `what` was compared.
 *
 * @example
 * ```ts
 * assertSameValues(compiled(xs), plain(xs), 'std of xs');
 * ```
 */
export function assertSameValues(got: unknown, want: unknown, what: string): void {
  const d = firstDifference(got, want);
  if (d !== undefined) throw new AssertionError({ message: `${what}: ${d}`, actual: got, expected: want, operator: 'sameValues' });
}

/**
 * Asserts that a compiled call agreed with the plain one: both threw errors with the same class and message, or
 * both returned values that are the same to the last detail ({@link assertSameValues}).
 *
 * @example
 * ```ts
 * assertSameOutcome(outcomeOf(() => compiled(xs)), outcomeOf(() => plain(xs)));
 * ```
 */
export function assertSameOutcome(got: Outcome, want: Outcome): void {
  if ('error' in want) {
    if (!('error' in got)) throw new AssertionError({ message: `plain threw ${describeError(want.error)}`, actual: got, expected: want });
    const [g, w] = [describeError(got.error), describeError(want.error)];
    if (g !== w) throw new AssertionError({ message: `compiled threw ${g}, plain threw ${w}`, actual: g, expected: w, operator: 'strictEqual' });
  } else {
    if (!('value' in got)) throw new AssertionError({ message: `compiled threw ${describeError(got.error)}`, actual: got, expected: want });
    assertSameValues(got.value, want.value, 'the result');
  }
}
