// src/jit/parallel/strips.ts: a region whose first draws are precomputed runs strip by strip: each strip's
// draws are filled in one Wasm call, then the region runs over exactly those iterations. Checked with a stand-in
// region that verifies, iteration by iteration, that the strip holds that iteration's draws 0 and 1 of the
// Philox stream (prangeRandom, the reference), counts the iterations, and threads a reduction: strips of at most
// BATCH iterations cover [lo, hi) (or (hi, lo] for a negative step) exactly once, the last ending at hi;
// reductions pass from strip to strip; a non-integer start runs strips of one iteration; an empty range calls the
// region once; a region without a strip is called directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invokeRegion } from '../../../src/jit/parallel/strips.js';
import { BATCH } from '../../../src/jit/parallel/philox-wasm.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';

const SEEDS = [42, 0, 3] as const; // seed 42 (low word, high word), launch 3

/** A region over [lo, hi) by `step` that checks its strip's draws and returns [count + acc, sum of indices + acc2]. */
function standIn(step: number, calls: Array<[number, number]>) {
  return (lo: unknown, hi: unknown, s0: unknown, s1: unknown, s2: unknown, draws: unknown, acc: unknown, acc2: unknown, capture: unknown): unknown[] => {
    assert.deepEqual([s0, s1, s2], [...SEEDS]);
    assert.equal(capture, 'captured');
    calls.push([lo as number, hi as number]);
    const d = draws as Float64Array;
    let count = acc as number, sum = acc2 as number;
    let k = 0;
    for (let i = lo as number; step > 0 ? i < (hi as number) : i > (hi as number); i += step, k++) {
      assert.equal(d[k], prangeRandom(i, 0, 42, 3), `draw 0 of iteration ${i}`);
      assert.equal(d[BATCH + k], prangeRandom(i, 1, 42, 3), `draw 1 of iteration ${i}`);
      count += 1;
      sum += i;
    }
    assert.ok(k <= BATCH, `a strip of ${k} iterations`);
    return [count, sum];
  };
}

test('strips cover the range once, at most BATCH iterations each, with each iteration\'s own draws', () => {
  for (const [lo, hi, step] of [[0, 2500, 1], [7, 7 + 3 * BATCH, 3], [5000, -10, -7], [0, 1, 1]] as const) {
    const calls: Array<[number, number]> = [];
    const result = invokeRegion(standIn(step, calls), true, step, lo, hi, SEEDS, [100, 0], ['captured']) as number[];
    const trips = Math.ceil(Math.abs(hi - lo) / Math.abs(step));
    assert.equal(result[0], 100 + trips, `[${lo}, ${hi}) by ${step}: every iteration once, the reduction threaded`);
    let expectSum = 0;
    for (let t = 0; t < trips; t++) expectSum += lo + t * step;
    assert.equal(result[1], expectSum);
    assert.equal(calls.length, Math.ceil(trips / BATCH), 'strips of BATCH');
    assert.equal(calls[0]![0], lo);
    assert.equal(calls.at(-1)![1], hi, 'the last strip ends at hi');
    for (let c = 1; c < calls.length; c++) assert.equal(calls[c]![0], calls[c - 1]![1], 'each strip starts where the last ended');
  }
});

test('a non-integer start runs strips of one iteration; an empty range calls the region once', () => {
  const calls: Array<[number, number]> = [];
  const result = invokeRegion(standIn(1, calls), true, 1, 0.5, 4, SEEDS, [0, 0], ['captured']) as number[];
  assert.deepEqual(result, [4, 0.5 + 1.5 + 2.5 + 3.5]);
  assert.deepEqual(calls, [[0.5, 1.5], [1.5, 2.5], [2.5, 3.5], [3.5, 4]]);
  const none: Array<[number, number]> = [];
  assert.deepEqual(invokeRegion(standIn(1, none), true, 1, 10, 10, SEEDS, [5, 6], ['captured']), [5, 6]);
  assert.deepEqual(none, [[10, 10]]);
});

test('a region without a strip is called once with its arguments as given', () => {
  const seen: unknown[][] = [];
  const direct = (...args: unknown[]): unknown[] => {
    seen.push(args);
    return ['done'];
  };
  assert.deepEqual(invokeRegion(direct, false, 1, 0, 10, SEEDS, [1, 2], ['c']), ['done']);
  assert.deepEqual(seen, [[0, 10, 42, 0, 3, 1, 2, 'c']]);
});
