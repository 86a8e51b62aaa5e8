// prange regions in WebAssembly (src/jit/parallel/wasm-regions.ts): the same loops with their chunks run in
// Wasm on every thread and as JavaScript, on 1, 2 and 3 threads, equal to each other and to the plain serial
// function, bit for bit; arrays in numbat memory used in place (no copy); a chunk that traps rerun in JS;
// inspect() naming each region's backend. Counted through wasmRegionStats() and copyStats(), never timed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange, f64 as numbatF64, i32 as numbatI32, free } from '../../../src/index.js';
import { wasmRegionStats } from '../../../src/jit/parallel/wasm-regions.js';
import { copyStats } from '../../../src/jit/parallel/session.js';
import { generatePrange } from '../generate-prange.js';
import { rng } from '../../_support/rng.js';
import { lcg } from '../lecture.js';
import { throwsInSecondLoop, withThreads } from './_fixtures.js';

const THREADS = [1, 2, 3] as const;
const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

/** Chunks run in Wasm (and reruns after a trap) during `run`. */
function wasmChunks<T>(run: () => T): { value: T; chunks: number; traps: number } {
  const before = wasmRegionStats();
  const value = run();
  const after = wasmRegionStats();
  return { value, chunks: after.chunks - before.chunks, traps: after.traps - before.traps };
}

const inspectText = (f: { inspect(): Record<string, string> }): string => Object.values(f.inspect()).join('\n');

test('generated loops with reductions under if: Wasm regions = JS regions = plain, 1/2/3 threads, numbat and ordinary arrays', async () => {
  const parallel = { minIterations: 100 };
  const programs = Array.from({ length: 10 }, (_, k) => {
    const { source } = generatePrange(2000 + k);
    const plain = new Function('prange', `return ${source}`)(prange) as (xs: Float64Array, ks: Int32Array, out: Float64Array) => number[];
    return { source, plain, wasm: memoJit({ parallel, backend: 'wasm' })(plain), js: memoJit({ parallel, backend: 'js' })(plain) };
  });
  for (const threads of THREADS) {
    await withThreads(threads, () => {
      for (const [k, { source, plain, wasm, js }] of programs.entries()) {
        for (const n of [7, 4099]) {
          const r = rng(k * 7919 + n);
          const xs0 = Float64Array.from({ length: n }, () => Math.floor(r() * 9) - 4);
          const ks0 = Int32Array.from({ length: n }, () => Math.floor(r() * 12));
          const where = `program ${k}, n ${n}, ${threads} threads:\n${source}`;
          const outPlain = new Float64Array(n), outJs = new Float64Array(n), outOrdinary = new Float64Array(n);
          const expected = plain(xs0, ks0, outPlain);
          const viaJs = js(xs0, ks0, outJs);
          const xs = numbatF64(xs0), ks = numbatI32(ks0), out = numbatF64(n);
          try {
            const inNumbat = wasmChunks(() => wasm(xs, ks, out));
            const ordinary = wasmChunks(() => wasm(xs0, ks0, outOrdinary));
            for (const [name, got] of [['js', viaJs], ['wasm, numbat memory', inNumbat.value], ['wasm, ordinary arrays', ordinary.value]] as const) {
              assert.equal(got.length, expected.length, `${name}, ${where}`);
              got.forEach((g, j) => assert.ok(Object.is(g, expected[j]), `${name} r${j}: ${g} vs ${expected[j]}, ${where}`));
            }
            assert.deepEqual(outJs, outPlain, where);
            assert.deepEqual(Float64Array.from(out), outPlain, where);
            assert.deepEqual(outOrdinary, outPlain, where);
            // Arrays in numbat memory run in Wasm whatever the size; ordinary ones only when they are copied
            // for the threads (a serial run reads them where they are, in JavaScript).
            assert.ok(inNumbat.chunks > 0, `numbat memory ran in Wasm: ${where}`);
            assert.equal(inNumbat.traps, 0, where);
            if (threads > 1 && n >= parallel.minIterations) assert.ok(ordinary.chunks > 0, `ordinary arrays, copied, ran in Wasm: ${where}`);
          } finally {
            free(xs); free(ks); free(out);
          }
        }
      }
    });
  }
  assert.match(inspectText(programs[0]!.wasm), /prange loop 1 \([^)]*\): Wasm on every thread/);
  assert.match(inspectText(programs[0]!.js), /prange loop 1 \([^)]*\): JavaScript on every thread — backend: 'js' was requested/);
});

function psum(xs: Float64Array): number {
  let s = 0;
  for (const i of prange(xs.length)) s += Math.sqrt(Math.abs(xs[i]!)) * 1.1;
  return s;
}

test('deterministic float sums: Wasm regions bit-identical to JS regions and across 1, 2 and 3 threads', async () => {
  const next = lcg(17);
  const xs = numbatF64(Float64Array.from({ length: 30_011 }, () => next() * 2 - 1));
  try {
    const options = { deterministic: true, minIterations: 100 } as const;
    const wasm = memoJit({ parallel: options, backend: 'wasm' })(psum);
    const js = memoJit({ parallel: options, backend: 'js' })(psum);
    const results: number[] = [];
    for (const threads of THREADS) {
      const { value, chunks } = await withThreads(threads, () => wasmChunks(() => wasm(xs)));
      assert.ok(chunks > 0, `${threads} threads ran in Wasm`);
      assert.ok(Object.is(value, js(xs)), `${threads} threads: wasm ${value} vs js ${js(xs)}`);
      results.push(value);
    }
    assert.ok(results.every((r) => Object.is(r, results[0])), results.join(', '));
    // Equal to the plain loop up to reassociation (documented): the deterministic chunks add in another order.
    const plain = psum(xs);
    assert.ok(Math.abs(results[0]! - plain) <= 1e-9 * Math.abs(plain), `${results[0]} vs ${plain}`);
  } finally {
    free(xs);
  }
});

function ppi(n: number): number {
  let inside = 0;
  for (const i of prange(n)) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y < 1) inside++;
  }
  return (4 * inside) / n;
}

test('Monte Carlo pi: the strip of draws is filled in numbat memory; seeded runs equal on Wasm and JS, every thread count, and serially', async () => {
  const serial = memoJit(ppi);
  const wasm = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(ppi);
  const js = memoJit({ parallel: { minIterations: 100 }, backend: 'js' })(ppi);
  memoJit.seed(42);
  const expected = serial(50_003);
  for (const threads of THREADS) {
    const { value, chunks } = await withThreads(threads, () => { memoJit.seed(42); return wasmChunks(() => wasm(50_003)); });
    assert.ok(chunks > 0, `${threads} threads ran in Wasm`);
    assert.equal(value, expected, `wasm, ${threads} threads`);
    memoJit.seed(42);
    assert.equal(js(50_003), expected, `js, ${threads} threads`);
  }
  assert.match(inspectText(wasm), /prange loop 1 \([^)]*wasm-regions\.test\.ts:\d+:\d+\): Wasm on every thread/);
});

test('a draw under if is numbered at run time: that region stays JavaScript, with the reason, and still agrees', async () => {
  function halves(out: Float64Array): void {
    for (const i of prange(out.length)) {
      if (i % 2 === 0) out[i] = Math.random();
    }
  }
  const wasm = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(halves);
  const js = memoJit({ parallel: { minIterations: 100 }, backend: 'js' })(halves);
  const a = new Float64Array(5000), b = new Float64Array(5000);
  await withThreads(2, () => { memoJit.seed(3); const { chunks } = wasmChunks(() => wasm(a)); assert.equal(chunks, 0); memoJit.seed(3); js(b); });
  assert.deepEqual(a, b);
  assert.match(inspectText(wasm), /prange loop 1 \([^)]*wasm-regions\.test\.ts:\d+:\d+\): JavaScript on every thread — not Wasm: a draw is numbered at run time/);
});

test('numbat memory arrays are used in place by Wasm regions: no copy, the written array filled where it is', async () => {
  function scaleInto(xs: Float64Array, out: Float64Array, k: number): number {
    let m = -Infinity;
    for (const i of prange(xs.length)) { out[i] = xs[i]! * k; m = Math.max(m, xs[i]!); }
    for (const i of prange(out.length)) out[i] = out[i]! + 1;
    return m;
  }
  const f = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(scaleInto);
  const xs = numbatF64(Float64Array.from({ length: 8000 }, (_, i) => (i * 37) % 101));
  const out = numbatF64(8000);
  try {
    const got = await withThreads(2, () => {
      copyStats(true);
      const r = wasmChunks(() => f(xs, out, 3));
      const s = copyStats();
      assert.deepEqual([s.copiesIn, s.copiesOut], [0, 0], 'nothing copied');
      return r;
    });
    assert.equal(got.value, 100);
    assert.ok(got.chunks > 0);
    for (const i of [0, 1, 4321, 7999]) assert.equal(out[i], xs[i]! * 3 + 1, `out[${i}]`);
    // The second loop reads what it writes: Wasm too, its chunks' ranges of `out` saved first.
    assert.match(inspectText(f), /prange loop 1 \([^)]*wasm-regions\.test\.ts:\d+:\d+\): Wasm on every thread/);
    assert.match(inspectText(f), /prange loop 2 \([^)]*wasm-regions\.test\.ts:\d+:\d+\): Wasm on every thread/);
  } finally {
    free(xs); free(out);
  }
});

test('a chunk whose Wasm code traps (a read past the end, undefined in JS) is run again in JS: the plain result', async () => {
  function nextDiff(xs: Float64Array, out: Float64Array): number {
    let s = 0;
    for (const i of prange(xs.length)) { out[i] = xs[i + 1]! - xs[i]!; s += xs[i]!; }
    return s;
  }
  const f = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(nextDiff);
  const xs0 = Float64Array.from({ length: 3000 }, (_, i) => i * i);
  const plainOut = new Float64Array(3000);
  const expected = nextDiff(xs0, plainOut);
  const xs = numbatF64(xs0), out = numbatF64(3000);
  try {
    for (const threads of THREADS) {
      out.fill(0);
      const { value, traps, chunks } = await withThreads(threads, () => wasmChunks(() => f(xs, out)));
      assert.equal(value, expected, `${threads} threads`);
      assert.deepEqual(Float64Array.from(out), plainOut, `${threads} threads`);
      assert.ok(Number.isNaN(out[2999]), 'the last difference reads undefined: NaN, as in JS');
      assert.equal(traps, 1, `${threads} threads: only the chunk holding the last iteration traps`);
      if (threads > 1) assert.ok(chunks > 0, `${threads} threads: the other chunks ran in Wasm`);
    }
  } finally {
    free(xs); free(out);
  }
});

test('a throw in a Wasm region: its chunk reruns in JS, the error reaches the caller with the iteration, other loops\' writes kept', async () => {
  const f = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(throwsInSecondLoop);
  const xs = numbatF64(Float64Array.from({ length: 5000 }, (_, i) => i % 9));
  const out = numbatF64(5000);
  try {
    for (const threads of THREADS) {
      out.fill(0);
      const before = wasmRegionStats();
      await withThreads(threads, () => assert.throws(() => f(xs, out), { name: 'RangeError', message: 'stop here', prangeIteration: 4321 }));
      assert.ok(wasmRegionStats().traps > before.traps, `${threads} threads: the throwing chunk trapped in Wasm`);
      assert.deepEqual(Float64Array.from(out), Float64Array.from(xs, (x) => x + 1), `${threads} threads`);
    }
  } finally {
    free(xs); free(out);
  }
});

function doubleAndShift(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (const i of prange(a.length)) {
    a[i] = a[i]! * 2 + b[i + 1]!; // reads a where it writes it, and b one past i: undefined (NaN) at the end
    s += a[i]!;
  }
  return s;
}

test('a region that reads what it writes runs in Wasm; a chunk that traps is put back and rerun in JS: the plain result, 1/2/3 threads', async () => {
  const n = 6000;
  const a0 = Float64Array.from({ length: n }, (_, i) => (i % 13) - 6);
  const b0 = Float64Array.from({ length: n }, (_, i) => i % 5);
  const plainA = Float64Array.from(a0);
  const expected = doubleAndShift(plainA, b0);
  assert.ok(Number.isNaN(expected) && Number.isNaN(plainA[n - 1]!));
  const f = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(doubleAndShift);
  // Without the last element's read past the end: no trap, every chunk in Wasm.
  const g = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(function stencil(a: Float64Array, b: Float64Array, out: Float64Array): void {
    for (const i of prange(1, a.length - 1)) out[i] = b[i - 1]! - 2 * b[i]! + b[i + 1]! + a[i]!;
    for (const i of prange(a.length)) a[i] = a[i]! * a[i]! - 1;
  });
  for (const threads of THREADS) {
    const a = numbatF64(a0), b = numbatF64(b0), out = numbatF64(n);
    try {
      const { value, chunks, traps } = await withThreads(threads, () => wasmChunks(() => f(a, b)));
      assert.ok(Object.is(value, expected), `${threads} threads: ${value}`);
      // Each element doubled once, not twice: the trapping chunk's earlier iterations were put back before the rerun.
      assert.deepEqual(Float64Array.from(a), plainA, `${threads} threads`);
      assert.equal(traps, 1, `${threads} threads: only the last chunk traps`);
      if (threads > 1) assert.ok(chunks > traps, `${threads} threads: the other chunks ran in Wasm`);
      a.set(a0);
      const stencilPlain = { a: Float64Array.from(a0), out: new Float64Array(n) };
      for (let i = 1; i < n - 1; i++) stencilPlain.out[i] = b0[i - 1]! - 2 * b0[i]! + b0[i + 1]! + a0[i]!;
      for (let i = 0; i < n; i++) stencilPlain.a[i] = a0[i]! * a0[i]! - 1;
      const run = await withThreads(threads, () => wasmChunks(() => g(a, b, out)));
      assert.equal(run.traps, 0);
      assert.ok(run.chunks > 0);
      assert.deepEqual(Float64Array.from(out), stencilPlain.out, `stencil, ${threads} threads`);
      assert.deepEqual(Float64Array.from(a), stencilPlain.a, `a[i] = a[i] * a[i] - 1, ${threads} threads`);
    } finally {
      free(a); free(b); free(out);
    }
  }
  assert.match(inspectText(f), /prange loop 1 \([^)]*\): Wasm on every thread/);
});

test('regions that allocate stay JavaScript, with the reason, and agree with the plain loop', async () => {
  function window3(xs: Float64Array, out: Float64Array): void {
    for (const i of prange(xs.length)) {
      const w = new Float64Array(3);
      for (let k = 0; k < 3; k++) w[k] = xs[Math.min(xs.length - 1, i + k)]!;
      out[i] = w[0]! + w[1]! * w[2]!;
    }
  }
  const f = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(window3);
  const xs0 = Float64Array.from({ length: 3000 }, (_, i) => i % 7);
  const expected = new Float64Array(3000);
  window3(xs0, expected);
  const xs = numbatF64(xs0), out = numbatF64(3000);
  try {
    const { chunks } = await withThreads(2, () => wasmChunks(() => f(xs, out)));
    assert.equal(chunks, 0);
    assert.deepEqual(Float64Array.from(out), expected);
    assert.match(inspectText(f), /prange loop 1 \([^)]*\): JavaScript on every thread — not Wasm: it makes arrays \(the Wasm allocator has one heap pointer per instance/);
  } finally {
    free(xs); free(out);
  }
});
