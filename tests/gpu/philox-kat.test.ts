// Known answers for the GPU's Math.random (issue 19). Philox4x32-10 on the CPU against Random123's published
// kat_vectors and against an independent model; then the first draws of a seeded WGSL launch, bit for bit,
// against the documented stream layout: invocation i's block b is philox(counter = (i, b, seed_hi, 'numb'),
// key = (seed_lo, launch)), and draw j reads word 2 (j % 2) of block j / 2, as one f32 (top 24 bits · 2^-24; the
// odd words are the low bits of a prange loop's doubles). Comparing the GPU with its own CPU
// reference alone would let a change to both pass; the pinned values do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { philox4x32 } from '../../src/gpu/philox.js';
import { WgslKernel } from '../../src/internals.js';
import type { KernelSpec } from '../../src/gpu/abi.js';
import { lavapipe, requireOrSkip } from '../_support/requires.js';

type Quad = [number, number, number, number];

// Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter (4 words), key (2 words), result.
const KAT: ReadonlyArray<readonly [Quad, [number, number], Quad]> = [
  [[0x00000000, 0x00000000, 0x00000000, 0x00000000], [0x00000000, 0x00000000], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

/**
 * Philox4x32 with R rounds, written from the paper's description in Random123's order (the key is bumped before
 * rounds 2..R) with BigInt products: a model independent of src/gpu/philox.ts.
 */
function model(rounds: number, counter: Quad, key: [number, number]): Quad {
  const M0 = 0xd2511f53n, M1 = 0xcd9e8d57n, W0 = 0x9e3779b9n, W1 = 0xbb67ae85n, MASK = 0xffffffffn;
  let [c0, c1, c2, c3] = counter.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0) & MASK;
      k1 = (k1 + W1) & MASK;
    }
    const p0 = M0 * c0, p1 = M1 * c2;
    [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32n) ^ c3 ^ k1) & MASK, p0 & MASK];
  }
  return [c0, c1, c2, c3].map(Number) as Quad;
}

test('philox4x32-10 (the CPU reference) matches Random123 kat_vectors', () => {
  for (const [counter, key, expected] of KAT) {
    assert.deepEqual(philox4x32(counter, key), expected);
    assert.deepEqual(model(10, counter, key), expected, 'the independent model reproduces the published vectors');
  }
});

test('philox4x32-10 equals the independent model on 500 pseudo-random counters and keys', () => {
  let s = 0x1234567;
  const word = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  for (let i = 0; i < 500; i++) {
    const counter: Quad = [word(), word(), word(), word()];
    const key: [number, number] = [word(), word()];
    assert.deepEqual(philox4x32(counter, key), model(10, counter, key), `counter ${counter} key ${key}`);
  }
});

const DRAWS = 6; // three Philox blocks per invocation (two draws each)
const NUMB = 0x6e756d62; // 'numb', the fourth counter word of every stream

const firstDraws: KernelSpec = {
  name: 'firstDraws', grid: 1, usesRandom: true,
  params: [{ kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: false }],
  body: `fn numbat_kernel(i: i32) { for (var j = 0u; j < ${DRAWS}u; j++) { a_out[u32(i) * ${DRAWS}u + j] = numbat_random(); } }`,
};

/** The documented stream: draw j of invocation i for a launch seeded with `seed` (launch index 0). */
function expectedDraw(seed: number, i: number, j: number): number {
  const seedLo = seed >>> 0, seedHi = Math.floor(seed / 2 ** 32) >>> 0;
  const block = philox4x32([i, Math.floor(j / 2), seedHi, NUMB], [seedLo, 0]);
  return (block[2 * (j % 2)]! >>> 8) * 2 ** -24;
}

// First draws of invocation 0 and 1 with seed 1234, as 24-bit integers (draw · 2^24), pinned from the model.
const PINNED_SEED = 1234;
const PINNED: readonly (readonly number[])[] = [
  [0x75fa44, 0x9f0d8b, 0xc0856c, 0xe3bb11, 0xfb90c5, 0x1176ee],
  [0xb58313, 0xf510ef, 0xea07ce, 0xf2b0f1, 0x054130, 0x2458a9],
];

test('the pinned first draws are the documented stream layout over Philox4x32-10', () => {
  PINNED.forEach((row, i) =>
    row.forEach((v, j) => {
      const seedLo = PINNED_SEED >>> 0;
      const block = model(10, [i, Math.floor(j / 2), 0, NUMB], [seedLo, 0]);
      assert.equal(v, block[2 * (j % 2)]! >>> 8, `invocation ${i} draw ${j}`);
    }),
  );
});

test('a seeded WGSL launch: the first draws of every invocation are the known answers, bit for bit', async (t) => {
  if (!(await requireOrSkip(t, lavapipe))) return;
  const n = 300; // several workgroups
  for (const seed of [PINNED_SEED, 0, 2 ** 32 + 7, 2 ** 53 - 1]) {
    const out = new Float32Array(n * DRAWS);
    await new WgslKernel(firstDraws).launch(n, [out], { seed, workgroupSize: 64 });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < DRAWS; j++) {
        const want = expectedDraw(seed, i, j);
        if (out[i * DRAWS + j] !== want) assert.fail(`seed ${seed}, invocation ${i}, draw ${j}: GPU ${out[i * DRAWS + j]}, expected ${want}`);
      }
    }
    if (seed === PINNED_SEED) {
      PINNED.forEach((row, i) => assert.deepEqual(Array.from(out.subarray(i * DRAWS, (i + 1) * DRAWS), (v) => v * 2 ** 24), row));
    }
  }
});
