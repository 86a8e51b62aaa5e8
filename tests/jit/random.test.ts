import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit } from '../../src/index.js';
import { nextRandom, seedRandom } from '../../src/jit/random.js';

function draws(n: number) { const out = new Float64Array(n); for (let i = 0; i < n; i++) out[i] = Math.random(); return out; }

test('memoJit.seed makes compiled Math.random reproducible', () => {
  const jd = memoJit(draws);
  memoJit.seed(42);
  const a = jd(1000);
  memoJit.seed(42);
  const b = jd(1000);
  assert.deepEqual(a, b);
  memoJit.seed(43);
  assert.notDeepEqual(jd(1000), a);
});

test('the inlined generator is exactly the reference generator, and the state carries across calls', () => {
  const jd = memoJit(draws);
  seedRandom(7);
  const compiled = [...jd(5), ...jd(5)];
  seedRandom(7);
  const reference = Array.from({ length: 10 }, nextRandom);
  assert.deepEqual(compiled, reference);
});

test('the inlined generator stays the reference over a long stream, through V8 tiering and on-stack replacement', () => {
  // Long enough that V8 optimizes the loop mid-call (OSR) and then as a whole: every tier must draw the same.
  const jd = memoJit(draws);
  seedRandom(11);
  const compiled = [...jd(300_000), ...jd(300_000), ...jd(300_000)];
  seedRandom(11);
  const reference = Array.from({ length: compiled.length }, nextRandom);
  let mismatches = 0;
  for (let i = 0; i < compiled.length; i++) if (!Object.is(compiled[i], reference[i])) mismatches++;
  assert.equal(mismatches, 0);
});

test('draws are uniform doubles in [0, 1) with 53-bit resolution', () => {
  const jd = memoJit(draws);
  memoJit.seed(1);
  const n = 200_000;
  const xs = jd(n);
  let sum = 0;
  const bins = new Array<number>(10).fill(0);
  let fineBits = 0;
  for (const x of xs) {
    assert.ok(x >= 0 && x < 1);
    sum += x;
    bins[Math.floor(x * 10)]! += 1;
    // a double with more than 32 significant bits below 1: the low bits are used
    if ((x * 2 ** 53) % 2 ** 21 !== 0) fineBits += 1;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 6 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  // chi-square with 9 degrees of freedom: 40 is far beyond the 0.9999 quantile (~33.7)
  const chi2 = bins.reduce((acc, c) => acc + (c - n / 10) ** 2 / (n / 10), 0);
  assert.ok(chi2 < 40, `chi2 ${chi2}`);
  assert.ok(fineBits > n * 0.99, 'doubles use more than 32 random bits');
});

test('a memoJit callee that draws shares the stream with its caller', () => {
  const coin = memoJit(function coin(p: number) { return Math.random() < p ? 1 : 0; });
  void coin;
  function flips(n: number) { let heads = 0; for (let i = 0; i < n; i++) { const u = Math.random(); heads += coin(0.5) + u * 0; } return heads; }
  function coinRef(p: number) { return Math.random() < p ? 1 : 0; }
  void coinRef;
  const jf = memoJit({ scope: { coin } })(flips);
  seedRandom(9);
  const heads = jf(1000);
  seedRandom(9);
  let expected = 0;
  for (let i = 0; i < 1000; i++) { nextRandom(); expected += nextRandom() < 0.5 ? 1 : 0; }
  assert.equal(heads, expected);
});

test('seed validates its argument', () => {
  assert.throws(() => memoJit.seed(Number.NaN), TypeError);
});
