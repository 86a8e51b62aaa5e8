// Issue 11, item 5: the registry of memoJit functions by name holds them weakly, so a factory that returns a
// new memoJit kernel per call does not keep every one forever, and lookup by name still finds the live one.
// How the `scope` option resolves names: only its own entries, and one that is not a function is a located error.
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

test("a scope entry that is not a function (scope: { K }, { m: Math }) is an error located at the name that says to leave it out, and leaving it out compiles; scope's inherited names are not entries", async () => {
  const { resolveFunction } = await import('../../../src/jit/dispatch/registry.js');
  const K = 3;
  const box = { k: 2 };
  const m = Math;
  const scaled = (x: number): number => K * x * box.k;
  const floored = (x: number): number => m.floor(x);
  for (const [f0, name, value, kind] of [[scaled, 'K', K, 'a number'], [scaled, 'box', box, 'an object'], [floored, 'm', Math, 'an object']] as const) {
    const f = memoJit({ scope: { [name]: value } as never })(f0);
    assert.throws(() => f(2.5), (e: Error) => e.name === 'JitError' && e.message.includes(`'${name}' is listed in memoJit's scope as ${kind}, but scope lists only functions the code calls`) && e.message.includes(`leave '${name}' out of scope`) && !e.message.includes('Function.prototype.toString'), name);
  }
  assert.equal(memoJit(scaled)(2), 12, 'the advice followed');
  // m left out: the error that follows says what to write (Math.floor), and that compiles
  assert.throws(() => memoJit(floored)(2.5), /'m' is Math under another name/);
  // `toString` is Object.prototype's, not an entry: the name resolves as it would without scope
  assert.equal(resolveFunction({}, () => undefined)('toString'), undefined);
});
