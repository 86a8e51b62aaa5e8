// Generated prange loops drawing Math.random() in every position (tests/jit/generate-prange-random.ts):
// compiled, serially and on 1, 2 and 3 threads, they give exactly what their reference gives, which draws
// from the stream's definition (prangeRandom: draw j of iteration i). This covers the draws numbered at
// compile time and read from a strip (src/jit/parallel/draws.ts, strips.ts) as well as the dynamic ones after
// them, across strip and chunk boundaries, with steps ±1, 2, 3 and a fractional start.
// NUMBAT_PRANGE_RANDOM_SEED replays one seed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';
import { BATCH } from '../../../src/jit/parallel/philox-wasm.js';
import { generatePrangeRandom, stepOf } from '../generate-prange-random.js';
import { rng } from '../../_support/rng.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

const replay = process.env['NUMBAT_PRANGE_RANDOM_SEED'];
const SEEDS = replay ? [Number(replay)] : Array.from({ length: 16 }, (_, k) => 2000 + k);
const RANDOM_SEED = 4242;

type Kernel = (xs: Float64Array, ks: Int32Array, out: Float64Array, lo: number, hi: number) => [number, number];

/** The reference's `draw(i)`: draw j of iteration i of launch 0, j counted within the iteration. */
function referenceDraws(): (i: number) => number {
  let last = NaN, j = 0;
  return (i) => {
    if (i !== last) { last = i; j = 0; }
    return prangeRandom(i, j++, RANDOM_SEED, 0);
  };
}

function inputs(n: number, seed: number): [Float64Array, Int32Array] {
  const r = rng(seed);
  return [Float64Array.from({ length: n }, () => Math.floor(r() * 7) - 3), Int32Array.from({ length: n }, () => Math.floor(r() * 12))];
}

test('generated loops drawing Math.random(): compiled = the stream\'s definition, serially and on 1, 2 and 3 threads', async () => {
  const n = 3 * BATCH + 41;
  const programs = SEEDS.map((seed) => {
    const { source, reference } = generatePrangeRandom(seed);
    const step = stepOf(source);
    const plain = new Function('prange', `return ${source}`)(prange) as Kernel;
    const ranges: Array<[number, number]> = step > 0 ? [[0, n], [5, n - 3], [0.5, 300]] : [[n - 1, -1], [n - 4, 7]];
    return {
      seed, source, reference, ranges,
      serial: memoJit(plain),
      parallel: memoJit({ parallel: { minIterations: 100 } })(plain),
    };
  });
  const run = (f: Kernel, lo: number, hi: number, seed: number): [[number, number], Float64Array] => {
    const [xs, ks] = inputs(n, seed);
    const out = new Float64Array(n);
    memoJit.seed(RANDOM_SEED);
    return [f(xs, ks, out, lo, hi), out];
  };
  for (const threads of [1, 2, 3]) {
    memoJit.threads = threads;
    await memoJit.threadsReady();
    for (const p of programs) {
      for (const [lo, hi] of p.ranges) {
        const where = `seed ${p.seed} (NUMBAT_PRANGE_RANDOM_SEED=${p.seed}), prange(${lo}, ${hi}), ${threads} threads:\n${p.source}`;
        const [expected, outExpected] = run(
          new Function('prange', 'draw', `return ${p.reference}`)(prange, referenceDraws()) as Kernel, lo, hi, p.seed);
        for (const [name, f] of [['serial', p.serial], ['parallel', p.parallel]] as const) {
          const [got, out] = run(f, lo, hi, p.seed);
          assert.ok(Object.is(got[0], expected[0]) && Object.is(got[1], expected[1]), `${name}: [${got}] vs [${expected}], ${where}`);
          assert.deepEqual(out, outExpected, `${name} out, ${where}`);
        }
      }
    }
  }
});

test('the Monte Carlo π loop reads both its draws from the strip: no call and no test per draw', () => {
  function ppi(npoints: number): number {
    let inside = 0;
    for (const i of prange(npoints)) {
      const x = Math.random();
      const y = Math.random();
      if (x ** 2 + y ** 2 < 1) inside += 1;
    }
    return 4 * inside / npoints;
  }
  const f = memoJit({ parallel: true })(ppi);
  f(10);
  const source = Object.values(f.inspect())[0]!;
  const region = source.slice(0, source.indexOf('function ppi'));
  // at the iteration's position in the strip, `counter - lo` (step 1: strip-bounds.test.ts)
  assert.match(region, /\$pdr\[\(\$\w+ - \$lo\)\]/, region);
  assert.match(region, new RegExp(`\\$pdr\\[\\(\\(\\$\\w+ - \\$lo\\) \\+ ${BATCH}\\)\\]`), region);
  assert.doesNotMatch(region, /\$par\.(batch|late)/, region);
  // and the numbers are the stream's
  memoJit.seed(5);
  let inside = 0;
  for (let i = 0; i < 5000; i++) {
    const x = prangeRandom(i, 0, 5, 0), y = prangeRandom(i, 1, 5, 0);
    if (x ** 2 + y ** 2 < 1) inside += 1;
  }
  assert.equal(f(5000), 4 * inside / 5000);
});
