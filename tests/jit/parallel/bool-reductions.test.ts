// Boolean reductions of a prange loop (`all = all && c`, `any = any || c`) give the caller a boolean: false when
// no iteration made them true (or one made them false), on every thread count. Written for the jit-parallel
// survivor src/jit/parallel/runtime.ts:520 (now :534, `acc !== 0 && acc !== false` → `||`: a false reduction came
// back true); prange.test.ts's reductions all ended true.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

function flags(ks: Int32Array, k: number): [boolean, boolean] {
  let all = true;
  let any = false;
  for (const i of prange(ks.length)) {
    all = all && ks[i]! !== k;
    any = any || ks[i]! === k;
  }
  return [all, any];
}

test('boolean prange reductions come back false when they end false, true when they end true, on 1, 2 and 3 threads', async () => {
  const ks = Int32Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 1000);
  const compiled = memoJit({ parallel: true })(flags);
  for (const t of [1, 2, 3]) {
    for (const k of [-1, 0, 999, 5000]) { // absent, first element, present late, absent
      const expected = flags(ks, k);
      const got = await withThreads(t, () => compiled(ks, k));
      assert.deepEqual(got, expected, `${t} threads, k = ${k}`);
    }
  }
  assert.deepEqual(flags(ks, -1), [true, false]); // the case the survivor got wrong is in the table
});
