// Known answers for contracts that comparing compiled code against plain code (or against the JIT's own
// reference functions) cannot catch: the exact seeded Math.random stream, and the exact exception of a
// fractional row index. Each test here killed a mutant that survived the rest of the suite (issue 19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../src/index.js';
import { describeError, exceptionDisagreement, outcomeOf } from '../_support/outcome.js';

// ------------------------------------------------------------------------------------------------ row index

function firstOfHalfRow(m: number[][], k: number): number {
  return m[k / 2]![0]!;
}

test('a fractional row index m[k / 2][0] (k = 1) throws plain JS\'s own TypeError; it never reads row 0', () => {
  const compiled = memoJit(firstOfHalfRow);
  const m = [[1, 2], [3, 4]];
  const plain = outcomeOf(() => firstOfHalfRow(m, 1));
  assert.ok('error' in plain, 'plain m[0.5] is undefined, and undefined[0] throws');
  assert.equal(describeError(plain.error), "TypeError: Cannot read properties of undefined (reading '0')");
  const got = outcomeOf(() => compiled(m, 1));
  assert.ok('error' in got, `compiled returned ${'value' in got ? String(got.value) : ''} instead of throwing`);
  // number[][] is read in place (js/nested.ts): the very same exception, no translation
  assert.equal(describeError(got.error), describeError(plain.error));
  assert.equal(compiled(m, 0), 1);
  assert.equal(compiled(m, 2), 3);
});

test('fractional, negative and past-the-end row indices in a number[][] all throw what plain JS throws', () => {
  const compiled = memoJit(firstOfHalfRow);
  const m = [[1, 2], [3, 4], [5, 6]];
  for (const k of [3, 5, -2, 6, -1]) {
    const got = outcomeOf(() => compiled(m, k));
    const plain = outcomeOf(() => firstOfHalfRow(m, k));
    assert.ok('error' in got && 'error' in plain, `k = ${k}: both throw`);
    assert.equal(describeError(got.error), describeError(plain.error));
  }
});

test('an internal error never counts as agreement with a plain exception', () => {
  const plain = new TypeError("Cannot read properties of undefined (reading '0')");
  assert.match(exceptionDisagreement(plain, new TypeError('memoJit internal error: a value typed i32 is 0.5')) ?? '', /compiled threw/);
  assert.match(exceptionDisagreement(new RangeError('Invalid typed array length: -1'), new RangeError('Invalid typed array length: -2')) ?? '', /compiled threw/);
  assert.match(exceptionDisagreement(plain, new Error("Cannot read properties of undefined (reading '0')")) ?? '', /compiled threw Error/);
  assert.equal(exceptionDisagreement(new RangeError('Invalid typed array length: -1'), new RangeError('Invalid typed array length: -1')), undefined);
});

// ------------------------------------------------------------------------------------------------ PRNG stream

/**
 * An independent model of the documented generator, written from the published algorithms rather than from
 * src/jit/random.ts: splitmix32 (murmur3's finalizer) fills the four words a, b, c, counter; SFC32 (PractRand)
 * steps 15 times to warm up; each double is (top 27 bits of one output · 2^26 + top 26 bits of the next) · 2^-53.
 */
function modelStream(seed: number, n: number): number[] {
  let x = (Math.trunc(seed) % 4294967296) >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), counter = splitmix();
  const sfc32 = (): number => {
    const t = (a + b + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 15; i++) sfc32();
  return Array.from({ length: n }, () => ((sfc32() >>> 5) * 2 ** 26 + (sfc32() >>> 6)) / 2 ** 53);
}

/** First four draws after `memoJit.seed(s)`, as 53-bit integers (draw · 2^53), pinned from the model above. */
const FIRST_DRAWS: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0, [0x16b464d85c4a6c, 0x12abe0d0af4310, 0x1df9ae52df32ca, 0x7ac98db39e386]],
  [1, [0x10c5871fdd1f9b, 0x1e3798eb00c73e, 0x1b7fb9d9099ec2, 0x400acc8487cde]],
  [42, [0x65b8065c9d501, 0x1abd15af64f79d, 0x1dbba2f1dbf5bb, 0x1fb65d10e020d9]],
  [-1, [0x105280bf7db2a8, 0x1ca31e55d065d7, 0xd2904b7261d13, 0x1f763ef1ff30b]],
  [2 ** 32 + 5, [0x1aa63bb17a7201, 0x13d9c7249c355a, 0x36fedec7ef670, 0x5b4a563511177]],
];

function draws(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.random();
  return out;
}

test('memoJit.seed(s) then Math.random in compiled code: the first draws are known answers, bit for bit', () => {
  const compiled = memoJit(draws);
  for (const [seed, expected] of FIRST_DRAWS) {
    memoJit.seed(seed);
    const got = Array.from(compiled(4), (v) => v * 2 ** 53);
    assert.deepEqual(got, expected, `seed ${seed}`);
    assert.deepEqual(expected.map((v) => v / 2 ** 53), modelStream(seed, 4), `seed ${seed}: the pinned values are the model's`);
  }
});

test('a long seeded compiled stream equals the independent model (through every V8 tier)', () => {
  const compiled = memoJit(draws);
  memoJit.seed(2024);
  const got = [...compiled(50_000), ...compiled(50_000)];
  const want = modelStream(2024, got.length);
  let firstMismatch = -1;
  for (let i = 0; i < got.length && firstMismatch < 0; i++) if (!Object.is(got[i], want[i])) firstMismatch = i;
  assert.equal(firstMismatch, -1, `first mismatch at draw ${firstMismatch}: ${got[firstMismatch]} vs ${want[firstMismatch]}`);
});
