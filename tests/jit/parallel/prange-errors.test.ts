// An exception in a prange loop names the iteration that threw (issue 19, jit-parallel mutant in
// parallel/runtime.ts): with a step other than 1 the iteration is first + t·step, as plain JS would reach it.
// The class and message stay plain JS's (issue 14); the iteration is in `prangeIteration` and the stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';

test('a throw in a prange loop with step 2 keeps plain JS\'s class and message; iteration 6 is in prangeIteration and the stack', () => {
  function boom(n: number, out: Int32Array): number {
    for (const i of prange(0, n, 2)) {
      if (i === 6) throw new RangeError('bad item');
      out[i] = 1;
    }
    return 0;
  }
  const compiled = memoJit({ parallel: true })(boom);
  let plain: unknown;
  try { boom(20, new Int32Array(20)); } catch (e) { plain = e; }
  assert.throws(() => compiled(20, new Int32Array(20)), (e: unknown) => {
    assert.ok(e instanceof RangeError);
    assert.deepStrictEqual(e, plain, 'class, message and enumerable properties equal plain JS\'s');
    const marked = e as RangeError & { prangeIteration?: number; prangeLoop?: string };
    assert.equal(marked.prangeIteration, 6);
    assert.match(marked.prangeLoop ?? '', /prange-errors\.test\.ts:\d+:\d+$/);
    assert.match(e.stack ?? '', /^RangeError: bad item\n {4}at iteration 6 of the prange loop \(.*prange-errors\.test\.ts:\d+:\d+\)\n/);
    return true;
  });
});

test('a throw with an empty message keeps it empty; the iteration frame still heads the stack', () => {
  function quiet(n: number, out: Int32Array): number {
    for (const i of prange(n)) {
      if (i === 3) throw new TypeError();
      out[i] = 1;
    }
    return 0;
  }
  const compiled = memoJit({ parallel: true })(quiet);
  assert.throws(() => compiled(10, new Int32Array(10)), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, '');
    assert.equal((e as TypeError & { prangeIteration?: number }).prangeIteration, 3);
    assert.match(e.stack ?? '', /^TypeError\n {4}at iteration 3 of the prange loop \(/);
    return true;
  });
});
