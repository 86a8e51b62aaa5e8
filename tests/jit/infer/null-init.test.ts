// src/jit/infer/null-init.ts: a variable that starts as `null` and is later given an array or object, the `null`
// a placeholder the plain function never reads (simple-statistics' k-means). Checked through memoJit against the
// plain functions: the placeholder replaced before every read (in a loop, on both branches), and a read that may
// see the `null` is a located error, never a different value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';

test('a null placeholder replaced by an array before every read', () => {
  function lastRun(n: number): number {
    let labels = null;
    let total = 0;
    for (let round = 0; round < 3; round++) {
      labels = new Float64Array(n);
      for (let i = 0; i < n; i++) labels[i] = (i * (round + 1)) % 3;
      total += labels[n - 1] ?? -1;
    }
    return total;
  }
  const jit = memoJit(lastRun);
  for (const n of [1, 4, 7]) assert.ok(Object.is(jit(n), lastRun(n)), `n = ${n}`);
});

test('written on both branches of an if, then read', () => {
  function pick(flag: boolean, n: number): number[] {
    let out = null;
    if (flag) out = [n, n + 1];
    else out = [-n];
    return out;
  }
  const jit = memoJit(pick);
  assert.deepEqual(jit(true, 3), pick(true, 3));
  assert.deepEqual(jit(false, 3), pick(false, 3));
});

test('a read that may see the null is a located error', () => {
  function maybe(flag: boolean): number {
    let xs = null;
    if (flag) xs = new Float64Array(2);
    return xs === null ? -1 : xs.length;
  }
  // Plain JS reads the null (the test compares it): compiled code has no type holding null beside a
  // Float64Array (nullable objects are the everyday-JavaScript issue's), so numbat refuses the read, located.
  assert.equal(maybe(false), -1);
  assert.throws(() => memoJit(maybe)(false), (e: unknown) =>
    e instanceof JitError && /null-init\.test\.ts:\d+:\d+: .*'xs' may be read while it still holds its initial null/.test(e.message));
});
