// The batched Philox of prange loops (src/jit/parallel/philox-wasm.ts): the WebAssembly SIMD fill gives the
// stream's documented doubles (philox.ts, prangeRandom) bit for bit, for any start, step and seed, and compiled
// loops that draw irregularly (under if, a varying number of draws, steps other than 1) read the right ones;
// fill sizes its batches (16, doubling to BATCH while consecutive, never past the stop) and a batch on a shared
// memory (a Wasm region's strip) writes at its base offset only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { PHILOX_STREAM, philoxBlock, prangeRandom, seedWords } from '../../../src/jit/parallel/philox.js';
import { BATCH, DrawBatch, simdPhilox } from '../../../src/jit/parallel/philox-wasm.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

test('WebAssembly SIMD is available on Node 20, so batches are filled in Wasm', () => {
  assert.equal(simdPhilox(), true);
});

test('a batch holds draws 0 and 1 of each of its iterations, as prangeRandom defines them', () => {
  const batch = new DrawBatch();
  const cases: Array<[number, number, number]> = [
    [0, 1, 42], [5, 3, 2 ** 32 + 9], [2 ** 32 - 40, 1, 7], [-7, -2, 0], [100, 7, 2 ** 53 - 1], [0.5, 1, 3], [2 ** 53 - 10, 1, 1],
  ];
  for (const [first, step, seed] of cases) {
    const [lo, hi] = seedWords(seed);
    const stop = first + step * 3000;
    let base = first, checked = 0;
    // Consecutive fills grow up to BATCH iterations; the last one stops at `stop`.
    while (step > 0 ? base < stop : base > stop) {
      const d = batch.fill(base, step, stop, hi, lo, 5);
      for (let k = 0; k < batch.count; k++) {
        const i = base + k * step;
        if (d[k] !== prangeRandom(i, 0, seed, 5) || d[BATCH + k] !== prangeRandom(i, 1, seed, 5)) {
          assert.fail(`first ${first}, step ${step}, seed ${seed}: iteration ${i}`);
        }
        checked++;
      }
      base += batch.count * step;
    }
    assert.equal(checked, 3000, `first ${first}, step ${step}`);
  }
});

test('a fill writes exactly its iterations: every count from 1 to BATCH, through the vector steps and the one-at-a-time tail', () => {
  // The main loop takes 15 blocks a step (12 in vectors, 3 in scalar i64; it took 18 before) and the rest one at a
  // time; a fill that rounded up would overwrite draw 1 of the first iterations, or the next thread's strip in
  // numbat memory.
  const batch = new DrawBatch();
  const counts = [1, 2, 14, 15, 16, 17, 18, 19, 29, 30, 31, 35, 36, 37, 100, BATCH - 18, BATCH - 15, BATCH - 1, BATCH];
  for (const count of counts) {
    batch.draws.fill(-1);
    batch.fillExactly(1000, 3, count, 1, 99, 4);
    for (let k = 0; k < BATCH; k++) {
      const inside = k < count;
      const [d0, d1] = inside ? [prangeRandom(1000 + 3 * k, 0, 99 + 2 ** 32, 4), prangeRandom(1000 + 3 * k, 1, 99 + 2 ** 32, 4)] : [-1, -1];
      if (batch.draws[k] !== d0 || batch.draws[BATCH + k] !== d1) assert.fail(`count ${count}: slot ${k} holds ${batch.draws[k]}, ${batch.draws[BATCH + k]}`);
    }
  }
});

test('draws whose words are at their extremes (next to 0 and next to 1) are exact: 2^17 iterations against the reference', () => {
  // The fill builds each double from exponent words (2^20 + w·2^-32 and 0.5 + (v >>> 11)·2^-53) instead of
  // converting w and v: a wrong offset or interleave shows first at the ends of the range.
  const batch = new DrawBatch();
  const words = new Uint32Array(4);
  let low = 0, high = 0;
  for (let base = 0; base < 2 ** 17; base += BATCH) {
    const d = batch.fillExactly(base, 1, BATCH, 0, 7, 2);
    for (let k = 0; k < BATCH; k++) {
      philoxBlock(words, 0, base + k, 0, 0, PHILOX_STREAM, 7, 2);
      for (const [at, got] of [[0, d[k]!], [2, d[BATCH + k]!]] as const) {
        const w = words[at]!, v = words[at + 1]!;
        const want = w * 2 ** -32 + (v >>> 11) * 2 ** -53;
        if (got !== want) assert.fail(`iteration ${base + k}, words ${w.toString(16)} ${v.toString(16)}: ${got} instead of ${want}`);
        if (w < 2 ** 16) low++;
        if (w >= 2 ** 32 - 2 ** 16) high++;
      }
    }
  }
  assert.ok(low > 0 && high > 0, `the sample reached both ends (${low} near 0, ${high} near 1)`);
});

function irregular(a: Float64Array, b: Float64Array): void {
  for (const i of prange(a.length)) {
    // Every third iteration draws nothing; the others draw 1 to 5 numbers.
    if (i % 3 === 0) {
      a[i] = -1;
    } else {
      let acc = 0;
      for (let j = 0; j < (i % 5) + 1; j++) acc = acc * 2 + Math.random();
      a[i] = acc;
    }
    b[i] = i % 11 === 0 ? Math.random() : -2;
  }
}

function stepped(a: Float64Array): void {
  for (let i = 1; i < prange(a.length); i += 3) a[i] = Math.random() + 4 * Math.random();
  for (let i = a.length - 2; i > prange(-1); i -= 3) a[i] = Math.random();
}

test('irregular draws, steps of 3 and -3, across batch boundaries, on 1, 2 and 3 threads, match the stream', async () => {
  const n = 3 * BATCH + 17;
  // The reference, from the definition, in the same order of draws (each region is one launch).
  const ea = new Float64Array(n), eb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let draw = 0;
    if (i % 3 === 0) ea[i] = -1;
    else {
      let acc = 0;
      for (let j = 0; j < (i % 5) + 1; j++) acc = acc * 2 + prangeRandom(i, draw++, 99, 0);
      ea[i] = acc;
    }
    eb[i] = i % 11 === 0 ? prangeRandom(i, draw++, 99, 0) : -2;
  }
  const es = new Float64Array(n);
  for (let i = 1; i < n; i += 3) es[i] = prangeRandom(i, 0, 99, 0) + 4 * prangeRandom(i, 1, 99, 0);
  for (let i = n - 2; i > -1; i -= 3) es[i] = prangeRandom(i, 0, 99, 1);

  const f = memoJit({ parallel: { minIterations: 100 } })(irregular);
  const g = memoJit({ parallel: { minIterations: 100 } })(stepped);
  for (const threads of [1, 2, 3]) {
    memoJit.threads = threads;
    await memoJit.threadsReady();
    const a = new Float64Array(n), b = new Float64Array(n), s = new Float64Array(n);
    memoJit.seed(99);
    f(a, b);
    assert.deepEqual(a, ea, `${threads} threads: varying draws`);
    assert.deepEqual(b, eb, `${threads} threads: a draw under if after them`);
    memoJit.seed(99);
    g(s);
    assert.deepEqual(s, es, `${threads} threads: steps 3 and -3`);
  }
});

test('fill sizes batches: 16 iterations at first, doubling up to BATCH while the loop asks for the next ones', () => {
  const batch = new DrawBatch();
  const sizes: number[] = [];
  for (let base = 0; base < 5000 && sizes.length < 8;) {
    batch.fill(base, 1, 1_000_000, 0, 1, 0);
    sizes.push(batch.count);
    base += batch.count;
  }
  assert.deepEqual(sizes, [16, 32, 64, 128, 256, 512, 1024, 1024]);
});

test('fill starts again at 16 when the loop skips ahead, and never runs past the stop (at least one iteration)', () => {
  const batch = new DrawBatch();
  batch.fill(0, 1, 1000, 0, 1, 0);
  batch.fill(16, 1, 1000, 0, 1, 0);
  assert.equal(batch.count, 32);
  batch.fill(500, 1, 1000, 0, 1, 0);
  assert.equal(batch.count, 16, 'not the next batch: back to 16');
  batch.fill(990, 1, 1000, 0, 1, 0);
  assert.equal(batch.count, 10, 'only the iterations left before the stop');
  const d = batch.fill(7, 4, 20, 0, 1, 0);
  assert.equal(batch.count, 4, 'iterations 7, 11, 15, 19');
  assert.equal(d[3], prangeRandom(19, 0, 1, 0));
  batch.fill(20, 1, 20, 0, 1, 0);
  assert.equal(batch.count, 1, 'an empty range still fills one iteration');
  batch.fill(10, -3, 0, 0, 1, 0);
  assert.equal(batch.count, 4, 'a negative step: 10, 7, 4, 1');
});

test('a batch on a shared memory writes its draws at its base offset, and nothing before it', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
  const base = 4096;
  const all = new Float64Array(memory.buffer);
  all.fill(-1);
  const batch = new DrawBatch({ memory, base });
  assert.equal(batch.draws.byteOffset, base);
  assert.equal(batch.draws.length, 2 * BATCH);
  batch.fillExactly(50, 1, 20, 0, 5, 1);
  for (let k = 0; k < 20; k++) {
    assert.equal(all[base / 8 + k], prangeRandom(50 + k, 0, 5, 1), `draw 0 of ${50 + k}`);
    assert.equal(all[base / 8 + BATCH + k], prangeRandom(50 + k, 1, 5, 1), `draw 1 of ${50 + k}`);
  }
  assert.ok(all.subarray(0, base / 8).every((x) => x === -1), 'the memory before the base is untouched');
  assert.equal(all[base / 8 + 20], -1, 'nor the slot after the last iteration');
});
