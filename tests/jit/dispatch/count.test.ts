// Calls with another argument count than the function's parameter count (src/jit/dispatch/fastpath.ts,
// `countCache`): an optional parameter left out (`extent(values)` of `extent(values, valueof)`) takes a fast path
// of its own. Differential: every call gives the plain function's result (Object.is), with counts and argument
// kinds switching in any order, so a cache used for the wrong count or kind would show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, JitError } from '../../../src/index.js';
import { countCache, makeEntry } from '../../../src/jit/dispatch/fastpath.js';
import { rng } from '../../_support/rng.js';

function scaled(xs: Float64Array | number[], k?: number, shift?: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    // Compiled for a typed array, an element is a number: `Number.isFinite('5')` would be true there, false here.
    const v = xs[i]!;
    if (Number.isFinite(v)) s += v * (k === undefined ? 2 : k);
  }
  return shift === undefined ? s : s + shift;
}

for (const backend of ['js', 'wasm'] as const) test(`leaving out optional parameters: every count and kind agrees with the plain function, in any order (${backend})`, () => {
  // On Wasm a typed array is copied in by its kind, so a specialization run on another kind gives another sum.
  const jitted = memoJit({ backend })(scaled) as (...args: unknown[]) => unknown;
  const plain = scaled as (...args: unknown[]) => unknown;
  const r = rng(12);
  const arrays = (): unknown[] => [Float64Array.of(1.5, -0, 3), [0.5, 4], Float32Array.of(0.1), new Float64Array(0), Int32Array.of(7, -2), [1, '5' as unknown as number, 3]];
  const numbers = [0.5, 3, -0, NaN, 2 ** 31];
  for (let i = 0; i < 300; i++) {
    const run = 1 + Math.floor(r() * 5); // runs of one signature (fast path) between switches
    const count = 1 + Math.floor(r() * 3);
    const xs = arrays()[Math.floor(r() * 6)];
    const args = [xs, numbers[Math.floor(r() * numbers.length)], numbers[Math.floor(r() * numbers.length)]].slice(0, count);
    for (let k = 0; k < run; k++) {
      let got: unknown;
      try {
        got = jitted(...args);
      } catch (e) {
        assert.ok(e instanceof JitError, String(e));
        continue;
      }
      assert.ok(Object.is(got, plain(...args)), `call ${i}.${k} with ${count} arguments`);
    }
  }
  assert.ok(jitted.length === 3);
});

test('a count cache runs its specialization only for arguments that pass its guards', () => {
  const slowCalls: unknown[][] = [];
  const ic = countCache(['Float64Array', 'i32'], function (this: unknown, xs: Float64Array, n: number) { return [this, xs[0]! + n]; }, (self, args) => {
    slowCalls.push([self, ...args]);
    return 'slow';
  })!;
  const xs = Float64Array.of(2);
  assert.deepEqual(ic('me', [xs, 3]), ['me', 5]);
  assert.equal(ic('me', [xs, 3.5]), 'slow');
  assert.equal(ic('me', [[2], 3]), 'slow');
  assert.deepEqual(slowCalls, [['me', xs, 3.5], ['me', [2], 3]]);
});

test('the entry sends only the installed count to the count cache', () => {
  const { entry, installCount } = makeEntry(3, (_self, args) => `slow ${args.length}`);
  installCount((_self: unknown, args: unknown[]) => `count ${args.length}`, 1);
  assert.equal(entry(1), 'count 1');
  assert.equal(entry(1, 2), 'slow 2');
  assert.equal(entry(1, 2, 3, 4), 'slow 4');
  assert.equal(entry(), 'slow 0');
});
