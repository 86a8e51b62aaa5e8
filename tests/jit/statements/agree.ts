// Plain and compiled on copies of the same arguments: the same result (Object.is, element by element), the same
// writes to every array and object argument (copied deeply, aliases kept), the same exception class and message.
import assert from 'node:assert/strict';
import { assertSameValues as same, describeError } from '../../_support/outcome.js';
import { memoJit } from '../../../src/index.js';

type AnyFn = (...args: never[]) => unknown;

/**
 * A deep copy of one call's arguments: typed arrays, arrays (holes kept) and objects (their prototype kept), each
 * copied once, so arguments that alias each other (the same object twice in an array) still do in the copy.
 */
function copyArgs(args: readonly unknown[]): unknown[] {
  const seen = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (ArrayBuffer.isView(v)) {
      const c = (v as unknown as { slice(): unknown }).slice();
      seen.set(v, c);
      return c;
    }
    if (Array.isArray(v)) {
      const c: unknown[] = new Array(v.length);
      seen.set(v, c);
      for (let i = 0; i < v.length; i++) if (i in v) c[i] = copy(v[i]);
      return c;
    }
    const c = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
    seen.set(v, c);
    for (const k of Object.keys(v)) c[k] = copy((v as Record<string, unknown>)[k]);
    return c;
  };
  return args.map(copy);
}

/**
 * Asserts that `compiled(...args)` did what `plain(...args)` did, and returns what plain did.
 *
 * @example
 * ```ts
 * agree(mean, memoJit(mean), [Float64Array.of(1, 2)]);
 * ```
 */
export function agree(plain: AnyFn, compiled: AnyFn, args: readonly unknown[], label = ''): { value?: unknown; error?: unknown } {
  const a = copyArgs(args);
  const b = copyArgs(args);
  const run = (f: AnyFn, xs: unknown[]): { value?: unknown; error?: unknown } => {
    try {
      return { value: (f as (...x: unknown[]) => unknown)(...xs) };
    } catch (error) {
      return { error };
    }
  };
  const want = run(plain, a);
  const got = run(compiled, b);
  const where = `${label} on (${args.map((x) => (ArrayBuffer.isView(x) || Array.isArray(x) ? `[${Array.from(x as ArrayLike<unknown>).map(String).join(', ')}]` : String(x))).join(', ')})`;
  if ('error' in want) {
    assert.ok('error' in got, `plain threw ${describeError(want.error)}, compiled returned ${String(got.value)} ${where}`);
    assert.equal(describeError(got.error), describeError(want.error), where);
  } else {
    if ('error' in got) assert.fail(`compiled threw ${describeError(got.error)}, plain returned ${String(want.value)} ${where}`);
    same(got.value, want.value, `result ${where}`);
  }
  a.forEach((x, i) => same(b[i], x, `argument ${i} after the call ${where}`));
  return want;
}

/**
 * {@link agree} of `f` with `memoJit(f)` on `args`; returns what plain gave, an exception as `"Name: message"`.
 *
 * @example
 * ```ts
 * agreeCompiled(function half(x: number) { return x / 2; }, 3); // 1.5
 * ```
 */
export function agreeCompiled(f: AnyFn, ...args: unknown[]): unknown {
  const r = agree(f, memoJit(f) as unknown as AnyFn, args, f.name);
  return 'error' in r ? `${(r.error as Error).name}: ${(r.error as Error).message}` : r.value;
}
