// Known answers for Math.random() in prange loops (src/jit/parallel/philox.ts): the block function against
// Random123's published Philox4x32-10 vectors, and the first draws of a seeded loop pinned as literals, read
// back from a compiled loop on 1, 2 and 3 threads and from the Wasm strip fill (philox-wasm.ts). A change of
// the stream's layout, of the double construction or of the fill fails here first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { philoxBlock, prangeRandom } from '../../../src/jit/parallel/philox.js';
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
