// The JitError a call throws, for tests that look at its message, construct and location.
import assert from 'node:assert/strict';
import { JitError, memoJit } from '../../src/index.js';

/** Runs `f` and returns the JitError it throws; fails the test if it throws nothing, rethrows anything else. */
export function catchJit(f: () => unknown): JitError {
  try {
    f();
  } catch (e) {
    if (e instanceof JitError) return e;
    throw e;
  }
  assert.fail('expected a JitError');
}

/**
 * Compiles `fn` with memoJit and calls it with `args` (and `self` as `this`): returns the JitError that must
 * come out, with a line and a column; fails the test on any other outcome (another error, or a result).
 */
export function compileError(fn: (...args: never[]) => unknown, args: readonly unknown[], self?: unknown): JitError {
  try {
    (memoJit(fn) as unknown as (...a: unknown[]) => unknown).apply(self, args as unknown[]);
  } catch (e) {
    assert.ok(e instanceof JitError, `expected a JitError, got ${String(e)}`);
    assert.ok(e.line !== undefined && e.column !== undefined, 'the error has a location (line and column)');
    return e;
  }
  return assert.fail('compiled without an error');
}
