// invokeRegion (src/jit/parallel/strips.ts), with regions written here as prange's code generator emits them:
// without draws, one call over the whole range with (lo, hi, seed words, reductions…, captures…); with draws,
// strips of at most BATCH iterations (bounds worked out by hand for steps 1, 3 and -2), each after the strip was
// filled with draws 0 and 1 of exactly its iterations (checked against prangeRandom, the reference stream),
// reductions carried strip to strip so the result is the serial loop's bit for bit, an empty range one call,
// and strips of one iteration where counting by step would stop being exact (a fractional start, past 2^53).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invokeRegion } from '../../../src/jit/parallel/strips.js';
import { BATCH, DrawBatch } from '../../../src/jit/parallel/philox-wasm.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';

type Region = Parameters<typeof invokeRegion>[0];
const SEED = 42; // seed words: low 42, high 0 (seedWords(42)), launch 0
const SEEDS = [42, 0, 0] as const;

interface Call { lo: number; hi: number; seeds: number[]; inits: unknown[]; captures: unknown[]; iterations: number[]; drawsOk: boolean; draws?: Float64Array }

/**
 * A strip region: iterates lo, lo + step, … before hi as the emitted loop does, checks each iteration's draws
 * against the reference stream, sums draw 0 + draw 1 into `s` and counts iterations into `c`.
 */
function stripRegion(step: number, calls: Call[]): Region {
  return ((lo: number, hi: number, seedLo: number, seedHi: number, launch: number, draws: Float64Array, s: number, c: number, ...captures: unknown[]) => {
    const call: Call = { lo, hi, seeds: [seedLo, seedHi, launch], inits: [s, c], captures, iterations: [], drawsOk: true, draws };
    let k = 0;
    for (let i = lo; step > 0 ? i < hi : i > hi; i += step, k++) {
      call.iterations.push(i);
      const d0 = draws[k]!, d1 = draws[BATCH + k]!;
      if (d0 !== prangeRandom(i, 0, SEED, 0) || d1 !== prangeRandom(i, 1, SEED, 0)) call.drawsOk = false;
      s += d0 + d1;
      c++;
    }
    calls.push(call);
    return [s, c];
  }) as Region;
}

/** The serial loop's result: the same sum in iteration order. */
function serial(lo: number, hi: number, step: number): [number, number] {
  let s = 0, c = 0;
  for (let i = lo; step > 0 ? i < hi : i > hi; i += step) { s += prangeRandom(i, 0, SEED, 0) + prangeRandom(i, 1, SEED, 0); c++; }
  return [s, c];
}

test('without draws: one call with lo, hi, the seed words, the reductions and the captures, and its result', () => {
  const seen: unknown[][] = [];
  const region = ((...args: unknown[]) => { seen.push(args); return [7, true]; }) as Region;
  const xs = Float64Array.of(1);
  assert.deepEqual(invokeRegion(region, false, 3, 10, 5000, [1, 2, 3], [0.5, false], [xs, 'cap']), [7, true]);
  assert.deepEqual(seen, [[10, 5000, 1, 2, 3, 0.5, false, xs, 'cap']]);
  const none = ((..._args: unknown[]) => undefined) as Region;
  assert.equal(invokeRegion(none, false, 1, 0, 10, [0, 0, 0], [], []), undefined);
});

for (const [lo, hi, step, bounds] of [
  [0, 2500, 1, [[0, 1024], [1024, 2048], [2048, 2500]]],
  [5, 5000, 3, [[5, 5 + 3 * 1024], [5 + 3 * 1024, 5000]]], // ceil(4995 / 3) = 1665 iterations
  [3000, -1, -2, [[3000, 3000 - 2 * 1024], [3000 - 2 * 1024, -1]]], // 1501 iterations
  [0, 1024, 1, [[0, 1024]]],
  [0, 1025, 1, [[0, 1024], [1024, 1025]]],
] as const) {
  test(`strips of range(${lo}, ${hi}, ${step}): bounds, draws and carried reductions`, () => {
    const calls: Call[] = [];
    const xs = Float64Array.of(9);
    const result = invokeRegion(stripRegion(step, calls), true, step, lo, hi, SEEDS, [0, 0], [xs]);
    assert.deepEqual(calls.map((c) => [c.lo, c.hi]), bounds, 'strip bounds by hand; the last ends at hi');
    const want = serial(lo, hi, step);
    assert.deepEqual(result, want, 'the serial loop\'s sum, bit for bit, and its iteration count');
    assert.ok(calls.every((c) => c.drawsOk), 'every iteration read its own draws 0 and 1');
    assert.ok(calls.every((c) => c.iterations.length <= BATCH));
    assert.deepEqual(calls.flatMap((c) => c.iterations).length, want[1]);
    // Each strip starts from the previous strip's result; the first from the inits.
    let carried: unknown[] = [0, 0];
    for (const c of calls) {
      assert.deepEqual(c.inits, carried);
      let s = c.inits[0] as number, n = c.inits[1] as number;
      for (const i of c.iterations) { s += prangeRandom(i, 0, SEED, 0) + prangeRandom(i, 1, SEED, 0); n++; }
      carried = [s, n];
    }
    assert.ok(calls.every((c) => c.captures.length === 1 && c.captures[0] === xs), 'captures after the reductions');
    assert.ok(calls.every((c) => c.seeds.join() === '42,0,0'));
  });
}

test('an empty range is one call over it, with the strip, and its result', () => {
  for (const [lo, hi, step] of [[7, 7, 1], [10, 3, 1], [3, 10, -1]] as const) {
    const calls: Call[] = [];
    assert.deepEqual(invokeRegion(stripRegion(step, calls), true, step, lo, hi, SEEDS, [1.5, 4], []), [1.5, 4]);
    assert.deepEqual(calls.map((c) => [c.lo, c.hi, c.iterations.length]), [[lo, hi, 0]]);
    assert.ok(calls[0]!.draws instanceof Float64Array && calls[0]!.draws.length === 2 * BATCH);
  }
});

test('a fractional start, or a range reaching past 2^53, runs in strips of one iteration', () => {
  const calls: Call[] = [];
  const result = invokeRegion(stripRegion(1, calls), true, 1, 0.5, 5.5, SEEDS, [0, 0], []);
  assert.deepEqual(calls.map((c) => [c.lo, c.hi]), [[0.5, 1.5], [1.5, 2.5], [2.5, 3.5], [3.5, 4.5], [4.5, 5.5]]);
  assert.deepEqual(result, serial(0.5, 5.5, 1));
  assert.ok(calls.every((c) => c.drawsOk));
  // 2^53 - 2 + 2 = 2^53 passes MAX_SAFE_INTEGER: one iteration per strip. 2^53 - 3 + 2 does not: one strip.
  const big: Call[] = [];
  invokeRegion(stripRegion(1, big), true, 1, 2 ** 53 - 2, 2 ** 53, SEEDS, [0, 0], []);
  assert.deepEqual(big.map((c) => [c.lo, c.hi]), [[2 ** 53 - 2, 2 ** 53 - 1], [2 ** 53 - 1, 2 ** 53]]);
  const safe: Call[] = [];
  invokeRegion(stripRegion(1, safe), true, 1, 2 ** 53 - 3, 2 ** 53 - 1, SEEDS, [0, 0], []);
  assert.deepEqual(safe.map((c) => [c.lo, c.hi]), [[2 ** 53 - 3, 2 ** 53 - 1]]);
  assert.ok(big.every((c) => c.drawsOk) && safe.every((c) => c.drawsOk));
});

test('the given batch is the one filled and passed; the seed words pick the stream', () => {
  const batch = new DrawBatch();
  const calls: Call[] = [];
  invokeRegion(stripRegion(1, calls), true, 1, 100, 110, SEEDS, [0, 0], [], batch);
  assert.equal(calls[0]!.draws, batch.draws);
  assert.equal(batch.count, 10);
  // Another launch number is another stream: the region's check against launch 0 fails.
  const other: Call[] = [];
  invokeRegion(stripRegion(1, other), true, 1, 100, 110, [42, 0, 1], [0, 0], []);
  assert.equal(other[0]!.drawsOk, false);
  assert.equal(batch.draws[0], prangeRandom(100, 0, SEED, 0), 'the given batch kept its own strip');
});

test('a region without reductions returns undefined after every strip ran', () => {
  let iterations = 0;
  const region = ((lo: number, hi: number) => { iterations += hi - lo; return undefined; }) as Region;
  assert.equal(invokeRegion(region, true, 1, 0, 3000, SEEDS, [], []), undefined);
  assert.equal(iterations, 3000);
});
