// Plain and compiled on copies of the same arguments: the same result (Object.is, element by element), the same
// writes to every array argument, the same exception class and message.
import assert from 'node:assert/strict';
import { assertSameValues as same, describeError } from '../../_support/outcome.js';
import { memoJit } from '../../../src/index.js';

type AnyFn = (...args: never[]) => unknown;

function copy(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (Array.isArray(v)) return v.map(copy);
  return v;
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
  const a = args.map(copy);
  const b = args.map(copy);
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
