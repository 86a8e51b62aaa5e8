// Generated prange loops (tests/jit/generate-prange.ts) compiled with parallel: true give the plain function's
// results, reductions and written arrays, bit for bit, on 1, 2, 3 and 7 threads. NUMBAT_PRANGE_DIFF_SEED replays
// one seed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { generatePrange } from '../generate-prange.js';
import { rng } from '../../_support/rng.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

const replay = process.env['NUMBAT_PRANGE_DIFF_SEED'];
const SEEDS = replay ? [Number(replay)] : Array.from({ length: 24 }, (_, k) => 1000 + k);

function inputs(n: number, seed: number): [Float64Array, Int32Array] {
  const r = rng(seed);
  const xs = Float64Array.from({ length: n }, () => Math.floor(r() * 9) - 4);
  const ks = Int32Array.from({ length: n }, () => Math.floor(r() * 12));
  return [xs, ks];
}

test('generated prange loops with reductions under if: compiled = plain on 1, 2, 3 and 7 threads', async () => {
  const programs = SEEDS.map((seed) => {
    const { source } = generatePrange(seed);
    const plain = new Function('prange', `return ${source}`)(prange) as (xs: Float64Array, ks: Int32Array, out: Float64Array) => number[];
    return { seed, source, plain, compiled: memoJit({ parallel: true })(plain) };
  });
  for (const threads of [1, 2, 3, 7]) {
    memoJit.threads = threads;
    await memoJit.threadsReady();
    for (const { seed, source, plain, compiled } of programs) {
      for (const n of [0, 5, 4099, 20_011]) {
        const [xs, ks] = inputs(n, seed + n);
        const outPlain = new Float64Array(n), outJit = new Float64Array(n);
        const expected = plain(xs, ks, outPlain);
        const got = compiled(xs, ks, outJit);
        const where = `seed ${seed} (NUMBAT_PRANGE_DIFF_SEED=${seed}), n ${n}, ${threads} threads:\n${source}`;
        assert.equal(got.length, expected.length, where);
        got.forEach((g, k) => assert.ok(Object.is(g, expected[k]), `r${k}: ${g} vs ${expected[k]}, ${where}`));
        assert.deepEqual(outJit, outPlain, where);
      }
    }
  }
});
