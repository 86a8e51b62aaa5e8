// Generated reductions that read their arrays only at their own index (the vec4 entry, wgsl/vector.ts), each
// run three ways: the vec4 entry, the scalar entry (`vectorLoads: false`) and the CPU fallback (f64).
// min/max must give the same bits in both entries (the order cannot matter, NaN propagates) and agree with
// the CPU within the expression's f32 rounding; f32 sums agree with the CPU within the expression's rounding
// plus the summation's (a bound that a dropped or doubled element of magnitude 1 exceeds); Int32Array sums
// are exact everywhere.
//
// Seeds are pinned; NUMBAT_GPU_DIFF_SEED=<seed> replays one; a failure names its seed and kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { onCpu } from './_cpu.js';
import { gpu } from '../../src/gpu/index.js';
import { rng } from '../_support/rng.js';

const SEEDS = process.env.NUMBAT_GPU_DIFF_SEED ? [Number(process.env.NUMBAT_GPU_DIFF_SEED)] : [41, 83];
const BUDGET = Number(process.env.NUMBAT_GPU_DIFF_BUDGET ?? 6);
const U = 2 ** -23;

/** An expression over the lanes x[i], y[i] and the scalar a: its source, its f64 value and |·|-evaluation, depth. */
interface Gen { src: string; val: (x: number, y: number, a: number) => [value: number, abs: number]; depth: number }

function expr(r: () => number, depth: number): Gen {
  if (depth === 0 || r() < 0.3) {
    const leaf = Math.floor(r() * 4);
    if (leaf === 0) return { src: 'x[i]!', val: (x) => [x, Math.abs(x)], depth: 0 };
    if (leaf === 1) return { src: 'y[i]!', val: (_x, y) => [y, Math.abs(y)], depth: 0 };
    if (leaf === 2) return { src: 'a', val: (_x, _y, a) => [a, Math.abs(a)], depth: 0 };
    const c = [0.5, 3, -1.25, 2][Math.floor(r() * 4)]!;
    return { src: String(c), val: () => [c, Math.abs(c)], depth: 0 };
  }
  const p = expr(r, depth - 1), q = expr(r, depth - 1);
  const d = Math.max(p.depth, q.depth) + 1;
  switch (Math.floor(r() * 6)) {
    case 0: return { src: `(${p.src} + ${q.src})`, val: (...v) => { const [a, aa] = p.val(...v), [b, ba] = q.val(...v); return [a + b, aa + ba]; }, depth: d };
    case 1: return { src: `(${p.src} - ${q.src})`, val: (...v) => { const [a, aa] = p.val(...v), [b, ba] = q.val(...v); return [a - b, aa + ba]; }, depth: d };
    case 2: return { src: `(${p.src} * ${q.src})`, val: (...v) => { const [a, aa] = p.val(...v), [b, ba] = q.val(...v); return [a * b, aa * ba]; }, depth: d };
    case 3: return { src: `Math.abs(${p.src})`, val: (...v) => { const [a, aa] = p.val(...v); return [Math.abs(a), aa]; }, depth: p.depth };
    case 4: return { src: `Math.min(${p.src}, ${q.src})`, val: (...v) => { const [a, aa] = p.val(...v), [b, ba] = q.val(...v); return [Math.min(a, b), Math.max(aa, ba)]; }, depth: d };
    default: return { src: `Math.max(${p.src}, ${q.src})`, val: (...v) => { const [a, aa] = p.val(...v), [b, ba] = q.val(...v); return [Math.max(a, b), Math.max(aa, ba)]; }, depth: d };
  }
}

type Reduce = 'sum' | 'min' | 'max';
type FloatKernel = { launch(n: number, a: number, x: Float32Array, y: Float32Array): Promise<number>; lastLaunch?: { vectorLoads?: boolean }; lastBackend: string | undefined };
type IntKernel = { launch(n: number, m: number, k: Int32Array): Promise<number>; lastLaunch?: { vectorLoads?: boolean }; lastBackend: string | undefined };

for (const seed of SEEDS) {
  test(`generated vec4 reductions: vec4 entry, scalar entry and CPU fallback agree (seed ${seed}, ${BUDGET} kernels)`, { skip: noAdapter, timeout: 900_000 }, async (t) => {
    let worst = 0;
    for (let j = 0; j < BUDGET; j++) {
      const s = seed * 1000 + j;
      const r = rng(s);
      let g = expr(r, 3);
      if (!/[xy]\[i\]/.test(g.src)) {
        // Every kernel reads a lane: one that reads none has nothing to load (and runs the scalar entry).
        const inner = g;
        g = { src: `(x[i]! + ${inner.src})`, val: (x, y, a) => { const [b, ba] = inner.val(x, y, a); return [x + b, Math.abs(x) + ba]; }, depth: inner.depth + 1 };
      }
      const reduce = (['sum', 'min', 'max'] as const)[Math.floor(r() * 3)]! as Reduce;
      // Lengths around multiples of 4 and of a workgroup, so tails and partial quads occur.
      const n = 4 + Math.floor(r() * 3000) + (j % 4);
      const x = Float32Array.from({ length: n }, () => r() * 4 - 2);
      const y = Float32Array.from({ length: n }, () => r() * 4 - 2);
      if (j % 3 === 2) x[Math.floor(r() * n)] = NaN; // a NaN lane: min/max must give NaN, a sum NaN
      const a = Math.fround(r() * 2 - 1);
      const body = `return ${g.src.replace(/!/g, '')};`;
      const make = (vectorLoads: boolean): FloatKernel => gpu({ reduce, vectorLoads })(new Function('i', 'a', 'x', 'y', body) as (i: number, a: number, x: Float32Array, y: Float32Array) => number) as unknown as FloatKernel;
      const vec = make(true), scalar = make(false);
      const label = `seed ${s}, reduce ${reduce}, n = ${n}: ${body}`;
      const v = await vec.launch(n, a, x, y);
      assert.equal(vec.lastBackend, 'gpu');
      assert.equal(vec.lastLaunch?.vectorLoads, true, `the vec4 entry ran: ${label}`);
      const sc = await scalar.launch(n, a, x, y);
      assert.equal(scalar.lastLaunch?.vectorLoads, undefined, `the scalar entry ran: ${label}`);
      const c = await onCpu(() => vec.launch(n, a, x, y));
      let want = reduce === 'sum' ? 0 : reduce === 'min' ? Infinity : -Infinity;
      let absSum = 0, absMax = 0;
      for (let k = 0; k < n; k++) {
        const [value, abs] = g.val(x[k]!, y[k]!, a);
        want = reduce === 'sum' ? want + value : reduce === 'min' ? Math.min(want, value) : Math.max(want, value);
        absSum += abs;
        absMax = Math.max(absMax, abs);
      }
      assert.ok(Object.is(c, want) || Math.abs(c - want) <= 1e-12 * absSum, `the CPU fallback ${c}, f64 ${want}: ${label}`);
      if (Number.isNaN(want)) {
        assert.ok(Number.isNaN(v) && Number.isNaN(sc), `NaN expected: vec4 ${v}, scalar ${sc}: ${label}`);
        continue;
      }
      if (reduce === 'sum') {
        // Each term within depth·u of its |·|-evaluation; the sum adds at most (n/256 + 24) roundings of u·Σ|t|.
        const bound = U * (g.depth + 1) * absSum + U * (n / 256 + 24) * absSum;
        for (const [name, got] of [['vec4', v], ['scalar', sc]] as const) {
          assert.ok(Math.abs(got - want) <= bound, `${name} ${got}, f64 ${want} (error ${Math.abs(got - want)}, bound ${bound}): ${label}`);
          if (bound > 0) worst = Math.max(worst, Math.abs(got - want) / bound);
        }
      } else {
        assert.ok(Object.is(v, sc), `${reduce}: vec4 ${v}, scalar ${sc} must be the same bits: ${label}`);
        const bound = U * (g.depth + 1) * absMax;
        assert.ok(Math.abs(v - want) <= bound, `${reduce}: GPU ${v}, f64 ${want} (bound ${bound}): ${label}`);
      }
    }
    t.diagnostic(`worst sum error / bound: ${worst.toFixed(3)}`);
  });
}

test('generated Int32Array sums with vec4<i32> loads: exact in both entries and on the CPU, past 2^31', { skip: noAdapter, timeout: 600_000 }, async () => {
  const r = rng(977);
  for (let j = 0; j < 3; j++) {
    const m = [3, -7, 1000][j]!, c = Math.floor(r() * 100) - 50;
    // `| 0` makes the value an int32 (a number scalar times an element is a float otherwise, summed in f32).
    const body = `return (k[i] * m + ${c}) | 0;`;
    const make = (vectorLoads: boolean): IntKernel => gpu({ reduce: 'sum', vectorLoads })(new Function('i', 'm', 'k', body) as (i: number, m: number, k: Int32Array) => number) as unknown as IntKernel;
    const vec = make(true), scalar = make(false);
    const n = 5 + Math.floor(r() * 4000) + j;
    const k = Int32Array.from({ length: n }, () => Math.floor(r() * 2e6) - 5e5);
    let want = 0;
    for (let q = 0; q < n; q++) want += (k[q]! * m + c) | 0;
    const v = await vec.launch(n, m, k);
    assert.equal(vec.lastLaunch?.vectorLoads, true, body);
    assert.equal(v, want, `vec4: ${body}, n = ${n}: got ${v}`);
    assert.equal(await scalar.launch(n, m, k), want, `scalar: ${body}, n = ${n}`);
    assert.equal(await onCpu(() => vec.launch(n, m, k)), want, `CPU: ${body}, n = ${n}`);
    if (m === 1000) assert.ok(Math.abs(want) > 2 ** 31, `the sum passes 2^31: ${want}`);
  }
});
