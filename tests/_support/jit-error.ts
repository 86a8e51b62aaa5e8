// The JitError a call throws, for tests that look at its message, construct and location.
import assert from 'node:assert/strict';
import { JitError } from '../../src/index.js';

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
