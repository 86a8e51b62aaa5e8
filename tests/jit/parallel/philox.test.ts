// Known answers for Math.random() in prange loops (src/jit/parallel/philox.ts): the block function against
// Random123's published Philox4x32-10 vectors, and the first draws of a seeded loop pinned as literals, read
// back from a compiled loop on 1, 2 and 3 threads and from the Wasm strip fill (philox-wasm.ts). A change of
// the stream's layout, of the double construction or of the fill fails here first. Then the layout itself,
// rebuilt from philoxBlock: draw j of iteration i is words 2(j % 2), 2(j % 2) + 1 of the block with counter
// (i, j / 2, seed_hi, 'numb') and key (seed_lo, launch); lateDraw gives the same numbers reusing one block per
// pair; seedWords splits a seed as @gpu does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { PHILOX_STREAM, lateDraw, philoxBlock, prangeRandom, seedWords } from '../../../src/jit/parallel/philox.js';
import { BATCH, DrawBatch } from '../../../src/jit/parallel/philox-wasm.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

type Quad = [number, number, number, number];
// Random123 tests/kat_vectors, "philox4x32 10": counter, key, result.
const KAT: ReadonlyArray<readonly [Quad, [number, number], Quad]> = [
  [[0x00000000, 0x00000000, 0x00000000, 0x00000000], [0x00000000, 0x00000000], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

/** Draws 0, 1, 2 of iterations 0, 1, 2 of the first prange loop after `memoJit.seed(42)`. */
const FIRST_DRAWS = [
  [0.21569602932205012, 0.028779216241451966, 0.26185531997481704],
  [0.186577246905286, 0.754856061709865, 0.2775385207620997],
  [0.5865982025525714, 0.7363078614171948, 0.2122834781459605],
];

test('philoxBlock gives Random123\'s known answers', () => {
  const out = new Uint32Array(4);
  for (const [[c0, c1, c2, c3], [k0, k1], expected] of KAT) {
    philoxBlock(out, 0, c0, c1, c2, c3, k0, k1);
    assert.deepEqual([...out], expected);
  }
});

test('the first draws of a seeded prange loop are the pinned literals: reference, Wasm fill, compiled loop on 1/2/3 threads', async () => {
  FIRST_DRAWS.forEach((row, i) => row.forEach((u, j) => assert.equal(prangeRandom(i, j, 42, 0), u, `iteration ${i}, draw ${j}`)));
  const batch = new DrawBatch();
  batch.fillExactly(0, 1, 3, 0, 42, 0);
  FIRST_DRAWS.forEach((row, i) => { assert.equal(batch.draws[i], row[0]); assert.equal(batch.draws[BATCH + i], row[1]); });
  function three(out: Float64Array): void {
    for (const i of prange(out.length / 3)) {
      out[3 * i] = Math.random();
      out[3 * i + 1] = Math.random();
      out[3 * i + 2] = Math.random();
    }
  }
  // Writes at 3i are a race for the compiler (an index other than the loop variable): three arrays instead.
  function draws(a: Float64Array, b: Float64Array, c: Float64Array): void {
    for (const i of prange(a.length)) {
      a[i] = Math.random();
      b[i] = Math.random();
      c[i] = Math.random();
    }
  }
  assert.throws(() => memoJit({ parallel: true })(three)(new Float64Array(9)), /race/);
  const f = memoJit({ parallel: { minIterations: 100 } })(draws);
  for (const threads of [1, 2, 3]) {
    await withThreads(threads, () => {
      const n = 5000;
      const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n);
      memoJit.seed(42);
      f(a, b, c);
      FIRST_DRAWS.forEach((row, i) => assert.deepEqual([a[i], b[i], c[i]], row, `${threads} threads, iteration ${i}`));
      // And every later iteration as the reference defines it.
      for (const i of [3, 1023, 1024, 1025, 2047, 4999]) assert.deepEqual([a[i], b[i], c[i]], [0, 1, 2].map((j) => prangeRandom(i, j, 42, 0)), `${threads} threads, iteration ${i}`);
    });
  }
});

/** The double of two words: the first as the top 32 bits, the second's top 21 bits below them. */
const toDouble = (hi: number, lo: number): number => hi / 2 ** 32 + Math.floor(lo / 2 ** 11) / 2 ** 53;

test('PHILOX_STREAM is ASCII "numb"; seedWords splits a seed into its low 32 bits and the bits above', () => {
  assert.equal(PHILOX_STREAM, (0x6e << 24) + (0x75 << 16) + (0x6d << 8) + 0x62);
  assert.equal(String.fromCharCode(...[24, 16, 8, 0].map((s) => (PHILOX_STREAM >>> s) & 255)), 'numb');
  assert.deepEqual(seedWords(42), [42, 0]);
  assert.deepEqual(seedWords(2 ** 32 + 5), [5, 1]);
  assert.deepEqual(seedWords(2 ** 53 - 1), [2 ** 32 - 1, 2 ** 21 - 1]);
  assert.deepEqual(seedWords(0), [0, 0]);
});

test('prangeRandom(i, j) is built from block (i, j/2, seed_hi, numb; seed_lo, launch), two draws per block', () => {
  const w = new Uint32Array(4);
  for (const [i, seed, launch] of [[0, 42, 0], [7, 2 ** 32 + 9, 3], [123_456, 2 ** 53 - 1, 1]] as const) {
    const [lo, hi] = [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
    for (let j = 0; j < 6; j++) {
      philoxBlock(w, 0, i, Math.floor(j / 2), hi, PHILOX_STREAM, lo, launch);
      const at = 2 * (j % 2);
      assert.equal(prangeRandom(i, j, seed, launch), toDouble(w[at]!, w[at + 1]!), `i ${i}, draw ${j}, seed ${seed}`);
    }
  }
});

test('draws are in [0, 1), differ by iteration, draw and launch, and an index wraps at 2^32 as a uint32', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 50; i++) {
    for (let j = 0; j < 4; j++) {
      const u = prangeRandom(i, j, 9, 0);
      assert.ok(u >= 0 && u < 1, String(u));
      seen.add(u);
    }
  }
  assert.equal(seen.size, 200);
  assert.notEqual(prangeRandom(5, 0, 9, 0), prangeRandom(5, 0, 9, 1));
  assert.equal(prangeRandom(2 ** 32 + 5, 0, 9, 0), prangeRandom(5, 0, 9, 0));
  assert.equal(prangeRandom(-1, 1, 9, 0), prangeRandom(2 ** 32 - 1, 1, 9, 0));
});

test('philoxBlock writes at its offset and nowhere else', () => {
  const out = new Uint32Array(8).fill(7);
  philoxBlock(out, 2, 0, 0, 0, 0, 0, 0);
  assert.deepEqual([...out], [7, 7, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8, 7, 7]);
});

test('lateDraw: an even draw computes its block, the odd draw after it reads the same block; both as prangeRandom', () => {
  const words = new Uint32Array(4);
  const [lo, hi] = seedWords(2 ** 40 + 3);
  for (const i of [0, 17, 2 ** 31 + 1]) {
    for (let j = 0; j < 8; j++) assert.equal(lateDraw(words, i, j, hi, lo, 4), prangeRandom(i, j, 2 ** 40 + 3, 4), `i ${i}, draw ${j}`);
  }
  // An odd draw uses whatever block the words hold: the one its even draw computed.
  lateDraw(words, 3, 2, hi, lo, 4);
  const held = [...words];
  assert.equal(lateDraw(words, 999, 3, hi, lo, 4), prangeRandom(3, 3, 2 ** 40 + 3, 4));
  assert.deepEqual([...words], held, 'an odd draw computes nothing');
});
