// The step of a compiled prange is a nonzero integer literal no larger than 2^30 in magnitude (issue 19,
// infer mutant in src/jit/infer/prange.ts): a fractional step, a zero step (a loop that never ends) and a huge
// one are located errors naming the rule, never a loop that runs with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { catchJit } from '../../_support/jit-error.js';

test('prange steps that are not nonzero integer literals within 2^30 are located errors', () => {
  const bad = [
    (0, eval)('(function half(n, out) { for (const i of prange(0, n, 1.5)) out[i] = 1; return 0; })'),
    (0, eval)('(function zero(n, out) { for (const i of prange(0, n, 0)) out[i] = 1; return 0; })'),
    (0, eval)('(function huge(n, out) { for (const i of prange(0, n, 2147483648)) out[i] = 1; return 0; })'),
    (0, eval)('(function named(n, out, s) { for (const i of prange(0, n, s)) out[i] = 1; return 0; })'),
  ] as Array<(n: number, out: Int32Array, s?: number) => number>;
  // The sources reach prange through the global the eval'd functions see.
  (globalThis as { prange?: unknown }).prange = prange;
  try {
    for (const f of bad) {
      const e = catchJit(() => memoJit({ parallel: true })(f)(8, new Int32Array(8), 2));
      assert.match(e.message, /the step of a compiled prange must be a nonzero integer literal/, f.name);
    }
  } finally {
    delete (globalThis as { prange?: unknown }).prange;
  }
});

test('a literal step of -1 and of 2^30 within range compile and agree with the plain loop', () => {
  function down(n: number, out: Int32Array): number {
    for (const i of prange(n - 1, -1, -1)) out[i] = i * 2;
    return out[0]!;
  }
  const a = new Int32Array(9);
  const b = new Int32Array(9);
  assert.equal(memoJit({ parallel: true })(down)(9, a), down(9, b));
  assert.deepEqual([...a], [...b]);
  function wide(n: number, out: Int32Array): number {
    for (const i of prange(0, n, 1073741824)) out[i] = 7;
    return out[0]!;
  }
  const c = new Int32Array(3);
  assert.equal(memoJit({ parallel: true })(wide)(3, c), 7);
  assert.deepEqual([...c], [7, 0, 0]);
});
