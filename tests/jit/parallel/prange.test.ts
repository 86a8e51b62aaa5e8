// prange loops: the same results serially and on 1, 2, 3 and 7 threads, one Philox stream per iteration,
// races refused at compile time, errors located and never a hang.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange, JitError } from '../../../src/index.js';
import { pstd, withThreads } from './_fixtures.js';
import { prangeRandom } from '../../../src/jit/parallel/philox.js';
import { std as lectureStd, lcg } from '../lecture.js';
import { piSigma } from '../../_support/stats.js';

const THREADS = [1, 2, 3, 7] as const;
const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

function data(n: number, seed: number): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: n }, () => next() * 2 - 1);
}

// ------------------------------------------------------------------------------------ the plain function

test('prange uncompiled is a serial range, and a number where compared', () => {
  assert.deepEqual([...prange(4)], [0, 1, 2, 3]);
  assert.deepEqual([...prange(2, 10, 3)], [2, 5, 8]);
  assert.deepEqual([...prange(5, 0, -2)], [5, 3, 1]);
  assert.deepEqual([...prange(3, 3)], []);
  assert.throws(() => prange(0, 5, 0), RangeError);
  let n = 0;
  for (let i = 0; i < +prange(3); i++) n++;
  assert.equal(n, 3);
});

// ------------------------------------------------------------------------------- the lecture's examples

function ppi(npoints: number): number {
  let n_in_circle = 0;
  for (const i of prange(npoints)) {
    const x = Math.random();
    const y = Math.random();
    if (x ** 2 + y ** 2 < 1) n_in_circle += 1;
  }
  return 4 * n_in_circle / npoints;
}

test('std: parallel equals serial up to reassociation on every thread count, and bit for bit when deterministic', async () => {
  const xs = data(200_003, 7);
  const reference = lectureStd(xs);
  const serial = memoJit(pstd)(xs);
  assert.equal(serial, pstd(xs), 'without parallel: the serial loop, bit for bit');
  const free = memoJit({ parallel: true })(pstd);
  const fixed = memoJit({ parallel: { deterministic: true } })(pstd);
  const det: number[] = [];
  for (const t of THREADS) {
    const [a, b] = await withThreads(t, () => [free(xs), fixed(xs)] as const);
    assert.ok(Math.abs(a - reference) <= 1e-12 * reference, `${t} threads: ${a} vs ${reference}`);
    assert.equal(free(xs), a, `${t} threads: the same result run after run`);
    det.push(b);
  }
  assert.ok(det.every((d) => Object.is(d, det[0])), `deterministic: ${det.join(', ')}`);
  assert.ok(Math.abs(det[0]! - reference) <= 1e-12 * reference);
});

test('Monte Carlo pi: a seeded run gives the same estimate on 1, 2, 3 and 7 threads and serially', async () => {
  const serial = memoJit(ppi);
  const parallel = memoJit({ parallel: true })(ppi);
  memoJit.seed(42);
  const expected = serial(100_000);
  for (const t of THREADS) {
    const got = await withThreads(t, () => { memoJit.seed(42); return parallel(100_000); });
    assert.equal(got, expected, `${t} threads`);
  }
  // 5σ of 4·Binomial(n, π/4)/n (0.026 at n = 1e5): a generator stuck at one value, or a quarter of the points
  // dropped, lands far outside
  assert.ok(Math.abs(expected - Math.PI) < 5 * piSigma(100_000), `pi ≈ ${expected}, 5σ = ${5 * piSigma(100_000)}`);
  // the next run after a seed is another launch: other numbers
  memoJit.seed(42);
  parallel(100_000);
  assert.notEqual(parallel(100_000), expected);
});

test('Math.random in a prange loop is Philox keyed by the seed and the iteration (one stream per iteration)', async () => {
  function draws(out: Float64Array): void {
    for (const i of prange(out.length / 6)) {
      for (let j = 0; j < 6; j++) out[6 * i + j] = Math.random();
    }
  }
  // written at 6i + j, not at i: a race the compiler refuses
  assert.throws(() => memoJit({ parallel: true })(draws)(new Float64Array(12)), JitError);
  function draws2(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, e: Float64Array): void {
    for (const i of prange(a.length)) {
      a[i] = Math.random(); b[i] = Math.random(); c[i] = Math.random(); d[i] = Math.random(); e[i] = Math.random();
    }
  }
  const f = memoJit({ parallel: true })(draws2);
  for (const t of [1, 3]) {
    const arrays = Array.from({ length: 5 }, () => new Float64Array(5000));
    await withThreads(t, () => { memoJit.seed(7); f(...(arrays as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array])); });
    for (const i of [0, 1, 2499, 4999]) {
      arrays.forEach((a, j) => assert.equal(a[i], prangeRandom(i, j, 7, 0), `${t} threads, iteration ${i}, draw ${j}`));
    }
  }
});

// ----------------------------------------------------------------------------------------- reductions

test('every reduction, under if too, integer reductions exact, on 1, 2, 3 and 7 threads', async () => {
  function reduce(xs: Float64Array, ks: Int32Array): number[] {
    let sum = 0, count = 0, prod = 1, lo = Infinity, hi = -Infinity, all = true, any = false, diff = 0;
    for (const i of prange(xs.length)) {
      if (ks[i]! % 3 === 0) count += 1;
      else diff -= ks[i]!;
      if (xs[i]! > 0) {
        sum += ks[i]!;
        lo = Math.min(lo, xs[i]!);
      }
      hi = Math.max(xs[i]!, hi);
      if (i < 40) prod *= 1 + (ks[i]! % 2);
      all = all && ks[i]! < 1000;
      any = any || ks[i]! === 7;
    }
    return [sum, count, prod, lo, hi, all ? 1 : 0, any ? 1 : 0, diff];
  }
  const xs = data(50_000, 3);
  const ks = Int32Array.from(xs, (x) => Math.floor(x * 500 + 500));
  const expected = reduce(xs, ks);
  const compiled = memoJit({ parallel: true })(reduce);
  for (const t of THREADS) {
    const got = await withThreads(t, () => compiled(xs, ks));
    assert.deepEqual(got, expected, `${t} threads`);
  }
});

test('arrays: an ordinary typed array is written back, a shared one is written in place', async () => {
  function square(xs: Float64Array, out: Float64Array): void {
    for (const i of prange(xs.length)) out[i] = xs[i]! * xs[i]!;
  }
  const f = memoJit({ parallel: true })(square);
  const xs = data(30_000, 5);
  const plain = new Float64Array(xs.length);
  const shared = new Float64Array(new SharedArrayBuffer(xs.length * 8));
  await withThreads(3, () => { f(xs, plain); f(xs, shared); });
  const expected = xs.map((x) => x * x);
  assert.deepEqual(plain, expected);
  assert.deepEqual(Array.from(shared), Array.from(expected));
});

test('prange(start, stop, step) with a negative step, and a loop too small to share', async () => {
  function stepped(n: number, out: Int32Array): number {
    let s = 0;
    for (const i of prange(n, 0, -3)) { s += i; out[i] = i * 2; }
    return s;
  }
  const f = memoJit({ parallel: true })(stepped);
  for (const n of [10, 30_001]) {
    const a = new Int32Array(n + 1), b = new Int32Array(n + 1);
    const got = await withThreads(3, () => f(n, a));
    assert.equal(got, stepped(n, b));
    assert.deepEqual(a, b);
  }
});

// ---------------------------------------------------------------------------------------------- races

test('races the compiler can see are compile errors naming the line', () => {
  const cases: Array<[string, (...a: never[]) => unknown, unknown[]]> = [
    ['scalar that is not a reduction', function last(xs: Float64Array) { let v = 0; for (const i of prange(xs.length)) v = xs[i]!; return v; }, [new Float64Array(4)]],
    ['element indexed by something else', function shift(xs: Float64Array) { for (const i of prange(xs.length - 1)) xs[i + 1] = 1; }, [new Float64Array(4)]],
    ['reduction read elsewhere', function peek(xs: Float64Array) { let s = 0; for (const i of prange(xs.length)) { s += xs[i]!; xs[i] = s; } return s; }, [new Float64Array(4)]],
    ['written array read at another index', function smooth(xs: Float64Array) { for (const i of prange(1, xs.length)) xs[i] = xs[i - 1]!; }, [new Float64Array(4)]],
    ['return inside', function early(xs: Float64Array) { for (const i of prange(xs.length)) if (xs[i]! > 0) return i; return -1; }, [new Float64Array(4)]],
    ['nested prange', function nested(n: number) { let s = 0; for (const i of prange(n)) for (const j of prange(n)) s += i * j; return s; }, [4]],
  ];
  for (const [what, fn, args] of cases) {
    assert.throws(() => (memoJit({ parallel: true })(fn) as unknown as (...a: unknown[]) => unknown)(...args), (e: unknown) => {
      assert.ok(e instanceof JitError, `${what}: ${String(e)}`);
      assert.ok(typeof e.line === 'number', `${what}: located`);
      return true;
    }, what);
  }
});

// --------------------------------------------------------------------------------------------- errors

test('an exception in an iteration reaches the caller with its iteration and the loop position, on 1, 2, 3 and 7 threads', async () => {
  function fails(xs: Float64Array, out: Float64Array): void {
    for (const i of prange(xs.length)) {
      const tmp = new Float64Array(xs[i]! < -5 ? -1 : 2);
      tmp[0] = xs[i]!;
      out[i] = tmp[0]!;
    }
  }
  const f = memoJit({ parallel: true })(fails);
  const xs = data(40_000, 9);
  xs[31_234] = -10;
  for (const t of THREADS) {
    await withThreads(t, () => {
      assert.throws(() => f(xs, new Float64Array(xs.length)), (e: unknown) => {
        assert.ok(e instanceof RangeError, String(e));
        assert.equal(e.message, 'Invalid typed array length: -1', 'plain JS\'s message');
        assert.equal((e as RangeError & { prangeIteration?: number }).prangeIteration, 31234);
        assert.match(e.stack ?? '', /\n {4}at iteration 31234 of the prange loop \(.*prange\.test\.ts:\d+/);
        return true;
      }, `${t} threads`);
    });
    // the pool is still usable
    const out = new Float64Array(10);
    f(new Float64Array(10).fill(1), out);
    assert.deepEqual(Array.from(out), Array(10).fill(1));
  }
});

// ------------------------------------------------------------------------------------------- lifecycle

test('idle worker threads never keep the process alive', async () => {
  const { spawnSync } = await import('node:child_process');
  const index = new URL('../../../src/index.ts', import.meta.url).href;
  const script = `
    const { memoJit, prange } = await import(${JSON.stringify(index)});
    memoJit.threads = 3;
    await memoJit.threadsReady();
    const f = memoJit({ parallel: true })(function count(n) { let c = 0; for (const i of prange(n)) if (i % 3 === 0) c++; return c; });
    console.log('count', f(30000));
  `;
  // A hang would be this test's failure: the timeout only bounds it.
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.error, undefined, 'the process exits by itself');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /count 10000/);
});

test('the counted form: for (let i = start; i < prange(stop); i++ / i += k / i--) gives the same results', async () => {
  function counted(xs: Float64Array, out: Float64Array): number {
    let s = 0;
    for (let i = 0; i < prange(xs.length); i++) { s += xs[i]!; out[i] = 2 * xs[i]!; }
    let t = 0;
    for (let i = 1; i < prange(xs.length); i += 2) t = Math.max(t, xs[i]!);
    let u = 0;
    for (let i = xs.length - 1; i > prange(-1); i--) u += i;
    return s + t + u;
  }
  const xs = Float64Array.from(data(30_000, 11), (x) => Math.round(x * 100));
  const a = new Float64Array(xs.length), b = new Float64Array(xs.length);
  const expected = counted(xs, a);
  const got = await withThreads(3, () => memoJit({ parallel: true })(counted)(xs, b));
  assert.equal(got, expected);
  assert.deepEqual(b, a);
  function assigned(n: number): number { let s = 0; for (let i = 0; i < prange(n); i++) { s += i; i += 1; } return s; }
  assert.throws(() => memoJit({ parallel: true })(assigned)(10), JitError);
});

test('two views of one buffer, one written: the call runs serially and gives the serial result', async () => {
  function twice(src: Float64Array, dst: Float64Array): void {
    for (const i of prange(dst.length)) dst[i] = src[i]! + 1;
  }
  // dst is src shifted by one: each iteration reads what the previous one wrote (a running count)
  const xs = data(10_000, 13);
  const expected = xs.slice();
  twice(expected.subarray(0, -1), expected.subarray(1));
  const got = xs.slice();
  await withThreads(3, () => memoJit({ parallel: true })(twice)(got.subarray(0, -1), got.subarray(1)));
  assert.deepEqual(got, expected);
});
