// An exception in a prange loop names the iteration that threw (issue 19, jit-parallel mutant in
// parallel/runtime.ts): with a step other than 1 the iteration is first + t·step, as plain JS would reach it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';

test('a throw in a prange loop with step 2 names iteration 6, with plain JS\'s class and message first', () => {
  function boom(n: number, out: Int32Array): number {
    for (const i of prange(0, n, 2)) {
      if (i === 6) throw new RangeError('bad item');
      out[i] = 1;
    }
    return 0;
  }
  const compiled = memoJit({ parallel: true })(boom);
  assert.throws(() => compiled(20, new Int32Array(20)), (e: unknown) => e instanceof RangeError && /^bad item \(in iteration 6 of the prange loop at /.test(e.message));
});
