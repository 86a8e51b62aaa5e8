// Comparing what a plain function and its compiled version did, exceptions included.
//
// When the plain function throws, "the compiled one threw too" is not agreement: an internal compiler crash
// would pass. The compiled exception must have the plain one's class and message, or be one of the JIT's
// documented run-time errors for the same event (an element read from a null row). Those translations are the
// one table below.

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

/**
 * Whether two results are the same to the last detail: numbers by `Object.is`, arrays and typed arrays element by
 * element (holes included), a plain array never equal to a typed one, typed arrays only of one class.
 */
export function sameValues(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (!(Array.isArray(b) || ArrayBuffer.isView(b)) || x.length !== y.length || Array.isArray(a) !== Array.isArray(b)) return false;
    if (!Array.isArray(a) && (a as object).constructor !== (b as object).constructor) return false;
    for (let k = 0; k < x.length; k++) if ((k in (x as object)) !== (k in (y as object)) || !sameValues(x[k], y[k])) return false;
    return true;
  }
  return Object.is(a, b);
}
