// Issue 11, item 5: the registry of memoJit functions by name holds them weakly, so a factory that returns a
// new memoJit kernel per call does not keep every one forever, and lookup by name still finds the live one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { memoJit } from '../../../src/index.js';
import { registeredCount } from '../../../src/jit/dispatch/registry.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Collects, then lets the finalization callbacks (which run in later tasks) remove dead entries. */
async function collect(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function factory(): (xs: Float64Array, k: number) => number {
  return memoJit(function scaledSum(xs: Float64Array, k: number): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i]! * k;
    return s;
  });
}

/** In a plain function: a suspended async function's frame would keep its last local alive. */
function makeAndDrop(count: number, xs: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const k = factory();
    if (i % 100 === 0) assert.equal(k(xs, i), 6 * i); // some of them compiled too
  }
}

test('memoJit functions a factory made and dropped leave the registry, the live one is still found by name', async () => {
  const xs = new Float64Array([1, 2, 3]);
  makeAndDrop(3000, xs);
  await collect();
  // None may stay: a registry that held them kept all 3000 (about 1 KB each, and each registration scanned them).
  assert.equal(registeredCount('scaledSum'), 0);

  const kept = factory();
  assert.equal(kept(xs, 2), 12);
  makeAndDrop(500, xs);
  await collect();
  assert.equal(registeredCount('scaledSum'), 1);
  // Compiled code calling `scaledSum` by name finds the one live function of this file.
  const caller = memoJit(function callsByName(xs: Float64Array): number {
    return scaledSum(xs, 3) + 1;
  });
  assert.equal(caller(xs), 19);
  assert.equal(kept(xs, 1), 6); // alive up to here, so it is the one found
});

// `callsByName` refers to `scaledSum` by name as compiled code does; plain JS needs the binding too.
declare function scaledSum(xs: Float64Array, k: number): number;
