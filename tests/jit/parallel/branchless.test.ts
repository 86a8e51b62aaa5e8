// `if (c) n += k` made straight-line for Wasm regions (src/jit/parallel/branchless.ts): which statements it
// rewrites, and that regions with such counters give the plain loop's result bit for bit on Wasm and JS regions,
// 1/2/3 threads, including -0 kept where no step runs, negative and fractional steps and NaN conditions.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lowerToIR } from '../../../src/internals.js';
import { memoJit, prange, f64 as numbatF64, free } from '../../../src/index.js';
import type { IRFunction, Stmt } from '../../../src/jit/ir.js';
import { walkIR } from '../../../src/jit/ir.js';
import { branchlessCounts } from '../../../src/jit/parallel/branchless.js';
import { wasmRegionStats } from '../../../src/jit/parallel/wasm-regions.js';
import { withThreads } from './_fixtures.js';

const initialThreads = memoJit.threads;
after(() => { memoJit.threads = initialThreads; });

const ifs = (body: readonly Stmt[]): number => {
  let n = 0;
  walkIR(body, { stmt: (s) => { if (s.kind === 'if') n++; } });
  return n;
};
const F64A = { kind: 'array', element: 'f64' } as const;
const lower = (fn: (...a: never[]) => unknown, params: ReadonlyArray<{ kind: string; element?: string }>): IRFunction =>
  lowerToIR(fn, params as Parameters<typeof lowerToIR>[1]).functions.at(-1)!;

test('rewrites if (c) n ±= k on an f64 local with a finite nonzero constant step, at any depth, and nothing else', () => {
  function counts(xs: Float64Array, n: number, m: number, q: number, r: number, w: number) {
    for (let i = 0; i < xs.length; i++) {
      if (xs[i]! < 0.5) n += 1; // rewritten
      if (xs[i]! > 2) m -= 0.25; // rewritten
      for (let j = 0; j < 2; j++) if (xs[j]! > i) q += 3; // rewritten, in a nested loop
      if (xs[i]! > 1) r += xs[i]!; // a step that is not a constant: kept
      if (xs[i]! > 1) w += 1; else w -= 1; // an else: kept
      if ((n = n * 2) > 1) n += 1; // a condition with an effect: kept
    }
    return n + m + q + r + w;
  }
  const f = lower(counts, [F64A, { kind: 'f64' }, { kind: 'f64' }, { kind: 'f64' }, { kind: 'f64' }, { kind: 'f64' }]);
  // The `if (i % 2 === 0)` style statements above: 6, plus none added by lowering the loops.
  const before = ifs(f.body);
  assert.equal(before - ifs(branchlessCounts(f).body), 3);
  // A step of Infinity is kept: where c is false, 0 · -Infinity would be NaN.
  function infinite(xs: Float64Array) {
    let c = 0;
    for (let i = 0; i < xs.length; i++) if (xs[i]! > 0) c += Infinity;
    return c;
  }
  const g = lower(infinite, [F64A]);
  assert.equal(ifs(branchlessCounts(g).body), ifs(g.body));
});

function pcount(xs: Float64Array): number[] {
  let above = -0;
  let below = 0;
  let frac = 0.1;
  for (const i of prange(xs.length)) {
    if (xs[i]! > 100) above += 1; // never true below: stays -0
    if (xs[i]! < 0.3) below -= 1;
    if (xs[i]! >= 0.5) frac += 0.1; // rounds at every step, as n + 0.1 does
    if (!(xs[i]! < 2)) frac -= 7; // NaN elements make the condition true
  }
  return [above, below, frac];
}

test('Wasm regions with straight-line counters equal the plain loop bit for bit (-0, fractions, NaN), 1/2/3 threads', async () => {
  const n = 20_011;
  const data = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : ((i * 7919) % 1000) / 1000));
  const expected = pcount(data);
  assert.ok(Object.is(expected[0], -0));
  const deterministic = { minIterations: 100, deterministic: true } as const;
  const wasm = memoJit({ parallel: deterministic, backend: 'wasm' })(pcount);
  const js = memoJit({ parallel: deterministic, backend: 'js' })(pcount);
  const xs = numbatF64(data);
  try {
    for (const threads of [1, 2, 3]) {
      await withThreads(threads, () => {
        const before = wasmRegionStats().chunks;
        const got = wasm(xs);
        assert.ok(wasmRegionStats().chunks > before, `${threads} threads: ran in Wasm`);
        const viaJs = js(xs);
        // Counts of ±1 are exact in any order; the fractional sum is exact here only because deterministic chunks
        // make it the same sum on every thread count: compare it to the JS regions, and the counts to plain.
        assert.ok(Object.is(got[0], -0), `${threads} threads: -0 kept, got ${got[0]}`);
        assert.equal(got[1], expected[1]);
        assert.ok(Object.is(got[2], viaJs[2]), `${threads} threads: ${got[2]} vs JS regions ${viaJs[2]}`);
        assert.ok(Math.abs(got[2]! - expected[2]!) < 1e-9 * Math.abs(expected[2]!), `${got[2]} vs plain ${expected[2]}`);
      });
    }
    // On one thread without deterministic chunks the loop is the serial loop itself: bit for bit the plain result.
    const serial = memoJit({ parallel: { minIterations: 100 }, backend: 'wasm' })(pcount);
    await withThreads(1, () => {
      const got = serial(xs);
      got.forEach((g, j) => assert.ok(Object.is(g, expected[j]), `r${j}: ${g} vs ${expected[j]}`));
    });
  } finally {
    free(xs);
  }
});
