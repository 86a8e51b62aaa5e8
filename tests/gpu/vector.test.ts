// Reductions read the arrays they only read at their own index with vec4 loads (src/gpu/wgsl/vector.ts):
// `return xs[i]`, a body computing on the loaded value, dot products, Int32Array sums, split launches. min and max
// and integer sums must agree bit for bit with the scalar entry and with JS (NaN included); an f32 sum is another
// f32 order, so it agrees with the f64 sum within f32 rounding and gives the same bits on every launch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';
import { WgslKernel } from '../../src/internals.js';
import { generateWgsl } from '../../src/gpu/wgsl/generate.js';
import { lowerKernel } from '../../src/gpu/frontend.js';
import type { Type } from '../../src/jit/types.js';
import type { AnyFunction } from '../../src/decorate.js';

const sizes = [4, 5, 6, 7, 8, 1023, 1024, 65_537, 1_000_003];

function data(n: number, nanAt?: number): Float32Array {
  const xs = Float32Array.from({ length: n }, (_, k) => Math.sin(k * 0.37) * 100 + (k % 7));
  if (nanAt !== undefined) xs[nanAt] = NaN;
  return xs;
}

for (const reduce of ['min', 'max'] as const) {
  test(`reduce '${reduce}' with vec4 loads equals the scalar entry and Math.${reduce}, NaN in a quad or in the tail`, { skip: noAdapter }, async () => {
    const vec = gpu({ reduce })(function peakVec(i: number, xs: Float32Array): number {
      return xs[i]!;
    });
    const scalar = gpu({ reduce, vectorLoads: false })(function peakScalar(i: number, xs: Float32Array): number {
      return xs[i]!;
    });
    for (const n of sizes) {
      for (const nanAt of [undefined, 1, n - 1]) {
        const xs = data(n, nanAt);
        const expected = reduce === 'min' ? xs.reduce((a, b) => Math.min(a, b), Infinity) : xs.reduce((a, b) => Math.max(a, b), -Infinity);
        const v = await vec.launch(n, xs);
        assert.equal(vec.lastLaunch!.vectorLoads, true, `n = ${n}: the vec4 entry ran`);
        const s = await scalar.launch(n, xs);
        assert.equal(scalar.lastLaunch!.vectorLoads, undefined);
        assert.ok(Object.is(v, expected), `n = ${n}, NaN at ${nanAt}: ${v} against ${expected}`);
        assert.ok(Object.is(v, s), `n = ${n}: vec4 ${v}, scalar ${s}`);
      }
    }
  });
}

test("reduce 'sum' with vec4 loads: within f32 rounding of the f64 sum, the same bits launch after launch, host and device arrays", { skip: noAdapter }, async () => {
  const total = gpu({ reduce: 'sum' })(function sumVec(i: number, xs: Float32Array): number {
    return xs[i]!;
  });
  for (const n of sizes) {
    const xs = data(n);
    let exact = 0;
    let magnitude = 0;
    for (const x of xs) {
      exact += x;
      magnitude += Math.abs(x);
    }
    const first = await total.launch(n, xs);
    assert.equal(total.lastLaunch!.vectorLoads, true);
    // Each element passes through at most log2(n) + 3 f32 additions: |error| <= (log2 n + 3) · 2^-24 · Σ|x|.
    assert.ok(Math.abs(first - exact) <= (Math.log2(n) + 3) * 2 ** -24 * magnitude, `n = ${n}: ${first} against ${exact}`);
    const dev = gpu.array(xs);
    assert.equal(await total.launch(n, dev), first, 'a device array gives the same bits');
    assert.equal(await total.launch(n, dev), first, 'and so does the repeated launch');
    dev.free();
  }
});

test('vec4 loads only where they are exact: a launch past the array keeps the scalar entry; shorter and tiny launches, computed values', { skip: noAdapter }, async () => {
  const total = gpu({ reduce: 'sum' })(function sumEdges(i: number, xs: Float32Array): number {
    return xs[i]!;
  });
  const xs = data(10);
  // Past the end an element reads NaN, as xs[10] is undefined in JS: the scalar entry keeps that rule.
  assert.ok(Number.isNaN(await total.launch(11, xs)));
  assert.equal(total.lastLaunch!.vectorLoads, undefined);
  // Any order of n f32 additions is within (n - 1)·2^-24·Σ|x| of the exact sum (the standard γ bound), so that
  // is the tolerance, not a fixed 1e-3.
  const within = (got: number, n: number, scale = 1): boolean => {
    let exact = 0;
    let mass = 0;
    for (let k = 0; k < n; k++) { exact += scale * xs[k]!; mass += Math.abs(scale * xs[k]!); }
    return Math.abs(got - exact) <= (n - 1) * 2 ** -24 * mass;
  };
  const nine = await total.launch(9, xs);
  assert.ok(within(nine, 9), `${nine}`);
  assert.equal(total.lastLaunch!.vectorLoads, true);
  // Under one quad: no quad is loaded, the tail alone gives the sum.
  const three = await total.launch(3, xs);
  assert.ok(within(three, 3), `${three}`);
  assert.equal(total.lastLaunch!.vectorLoads, true);
  const doubled = gpu({ reduce: 'sum' })(function sumDoubled(i: number, xs: Float32Array): number {
    return 2 * xs[i]!;
  });
  const ten = await doubled.launch(10, xs);
  assert.ok(within(ten, 10, 2), `${ten}`);
  assert.equal(doubled.lastLaunch!.vectorLoads, true, 'a body computing on the loaded value is vectorized too');
});

/** |f32 sum − exact| bound for n terms of magnitude sum `magnitude` (each term passes ≤ log2 n + 3 additions, plus its own product). */
const f32Bound = (n: number, magnitude: number): number => (Math.log2(Math.max(n, 2)) + 5) * 2 ** -24 * magnitude;

test('bodies computing on the loaded values: sum of squares, dot product, a scaled max; vec4 against the scalar entry and f64', { skip: noAdapter }, async () => {
  const squares = gpu({ reduce: 'sum' })(function sumSquares(i: number, xs: Float32Array): number {
    return xs[i]! * xs[i]!;
  });
  const dot = gpu({ reduce: 'sum' })(function dotProduct(i: number, a: Float32Array, b: Float32Array): number {
    return a[i]! * b[i]!;
  });
  const dotScalar = gpu({ reduce: 'sum', vectorLoads: false })(function dotScalar(i: number, a: Float32Array, b: Float32Array): number {
    return a[i]! * b[i]!;
  });
  const peak = gpu({ reduce: 'max' })(function scaledPeak(i: number, s: number, xs: Float32Array, w: Float32Array): number {
    // w is read at another index: bound as it is, only xs is a lane.
    return s * xs[i]! + w[i % 3]!;
  });
  const peakScalar = gpu({ reduce: 'max', vectorLoads: false })(function scaledPeakScalar(i: number, s: number, xs: Float32Array, w: Float32Array): number {
    return s * xs[i]! + w[i % 3]!;
  });
  const w = Float32Array.from([0.5, -0.25, 2]);
  for (const n of [4, 7, 1023, 65_537, 1_000_003]) {
    const a = data(n);
    const b = Float32Array.from({ length: n }, (_, k) => Math.cos(k * 0.11));
    let sq = 0;
    let sqMag = 0;
    let ab = 0;
    let abMag = 0;
    let best = -Infinity;
    for (let k = 0; k < n; k++) {
      sq += a[k]! * a[k]!;
      sqMag += a[k]! * a[k]!;
      ab += a[k]! * b[k]!;
      abMag += Math.abs(a[k]! * b[k]!);
      best = Math.max(best, Math.fround(Math.fround(1.5 * a[k]!) + w[k % 3]!));
    }
    const s = await squares.launch(n, a);
    assert.equal(squares.lastLaunch!.vectorLoads, true, `n = ${n}: squares ran the vec4 entry`);
    assert.ok(Math.abs(s - sq) <= f32Bound(n, sqMag), `n = ${n}: Σ x² = ${s} against ${sq}`);
    const d = await dot.launch(n, a, b);
    assert.equal(dot.lastLaunch!.vectorLoads, true, `n = ${n}: dot ran the vec4 entry`);
    assert.ok(Math.abs(d - ab) <= f32Bound(n, abMag), `n = ${n}: a·b = ${d} against ${ab}`);
    const ds = await dotScalar.launch(n, a, b);
    assert.equal(dotScalar.lastLaunch!.vectorLoads, undefined);
    assert.ok(Math.abs(d - ds) <= 2 * f32Bound(n, abMag), `n = ${n}: vec4 ${d}, scalar ${ds}`);
    const p = await peak.launch(n, 1.5, a, w);
    assert.equal(peak.lastLaunch!.vectorLoads, true);
    assert.ok(Object.is(p, best), `n = ${n}: max ${p} against ${best}`);
    assert.ok(Object.is(p, await peakScalar.launch(n, 1.5, a, w)), 'max: the scalar entry gives the same bits');
  }
  // One lane array shorter than the launch: JS reads undefined past it, so the scalar entry runs (NaN).
  const short = data(5);
  assert.ok(Number.isNaN(await dot.launch(6, short, data(6))));
  assert.equal(dot.lastLaunch!.vectorLoads, undefined);
});

test('Int32Array sums with vec4<i32> loads are exact past 2^32 (no i32 wrap) and equal to the scalar entry; checked integer reads', { skip: noAdapter, timeout: 300_000 }, async () => {
  const total = gpu({ reduce: 'sum' })(function intSum(i: number, xs: Int32Array): number {
    return xs[i]!;
  });
  const totalScalar = gpu({ reduce: 'sum', vectorLoads: false })(function intSumScalar(i: number, xs: Int32Array): number {
    return xs[i]!;
  });
  // 4e6 values of 1e6: 4e12, which an i32 (or u32) accumulator would wrap.
  const big = gpu.array(new Int32Array(4_000_000).fill(1_000_000));
  assert.equal(await total.launch(4_000_000, big), 4e12);
  assert.equal(total.lastLaunch!.vectorLoads, true);
  big.free();
  for (const n of [5, 1023, 65_539]) {
    const xs = Int32Array.from({ length: n }, (_, k) => (k % 3 === 0 ? -2_000_000_000 : 1_999_999_999 - k));
    let exact = 0;
    for (const x of xs) exact += x;
    assert.equal(await total.launch(n, xs), exact, `n = ${n}`);
    assert.equal(total.lastLaunch!.vectorLoads, true);
    assert.equal(await totalScalar.launch(n, xs), exact, `n = ${n}, scalar entry`);
  }
  // Integer comparisons read elements as integers (checked reads): in range in the vec4 entry, flagged past the end.
  const positives = gpu({ reduce: 'sum' })(function countPositive(i: number, xs: Int32Array): number {
    return xs[i]! > 0 ? 1 : 0;
  });
  const ks = Int32Array.from({ length: 1001 }, (_, k) => (k % 4 === 1 ? -k : k));
  assert.equal(await positives.launch(1001, ks), ks.filter((k) => k > 0).length);
  assert.equal(positives.lastLaunch!.vectorLoads, true);
  await assert.rejects(positives.launch(1002, ks), /out of bounds|undefined/);
});

test('vec4 loads over split launches: each dispatch loads its own window, tails included, same result as the scalar entry', { skip: noAdapter, timeout: 300_000 }, async () => {
  const n = 100_003;
  // A 64 KiB binding limit: 16,384 f32 a window, so 7 dispatches whose last window holds 1,699 elements.
  const limits = { maxStorageBufferBindingSize: 65_536 };
  // The launch option `limits` lowers the device's binding limit: kernels compiled by the GPU backend, launched directly.
  const kernel = (fn: (i: number, ...rest: never[]) => number, element: 'f32' | 'i32', arrays: number, reduce: 'sum' | 'min', vectorLoads = true): WgslKernel => {
    const types: Type[] = [{ kind: 'i32' }, ...Array.from({ length: arrays }, (): Type => ({ kind: 'array', element }))];
    const spec = generateWgsl(lowerKernel(fn as unknown as AnyFunction, types, 1).module, { grid: 1, reduce });
    return new WgslKernel(spec, { limits, vectorLoads });
  };
  const dot = kernel(function splitDot(i: number, a: Float32Array, b: Float32Array): number {
    return a[i]! * b[i]!;
  } as never, 'f32', 2, 'sum');
  const double = function splitMin(i: number, xs: Float32Array): number {
    return xs[i]! * 2;
  } as never;
  const low = kernel(double, 'f32', 1, 'min');
  const lowScalar = kernel(double, 'f32', 1, 'min', false);
  const ints = kernel(function splitInts(i: number, xs: Int32Array): number {
    return xs[i]!;
  } as never, 'i32', 1, 'sum');
  const a = data(n);
  const b = Float32Array.from({ length: n }, (_, k) => ((k * 7919) % 101) / 50 - 1);
  let ab = 0;
  let mag = 0;
  for (let k = 0; k < n; k++) {
    ab += a[k]! * b[k]!;
    mag += Math.abs(a[k]! * b[k]!);
  }
  const d = (await dot.launch(n, [a, b]))!;
  assert.equal(dot.lastLaunch!.vectorLoads, true);
  assert.ok(dot.lastLaunch!.dispatches > 1, `${dot.lastLaunch!.dispatches} dispatches`);
  assert.ok(Math.abs(d - ab) <= f32Bound(n, mag), `${d} against ${ab}`);
  // The smallest element in the last window's tail, then in a middle window's first quad.
  for (const at of [n - 1, 16_384 * 3]) {
    const xs = data(n);
    xs[at] = -1e6;
    assert.equal(await low.launch(n, [xs]), -2e6, `minimum at ${at}`);
    assert.equal(low.lastLaunch!.vectorLoads, true);
    xs[at + (at === n - 1 ? -1 : 1)] = NaN;
    assert.ok(Number.isNaN(await low.launch(n, [xs])), `NaN beside ${at}`);
    assert.ok(Number.isNaN(await lowScalar.launch(n, [xs])));
    assert.equal(lowScalar.lastLaunch!.vectorLoads, undefined);
  }
  const ks = Int32Array.from({ length: n }, (_, k) => k * 40_000 - 7);
  let exact = 0;
  for (const k of ks) exact += k;
  assert.equal(await ints.launch(n, [ks]), exact);
  assert.equal(ints.lastLaunch!.vectorLoads, true);
  assert.ok(ints.lastLaunch!.dispatches > 1);
});

test('vec4 entry keeps per-element streams and loop budgets: a seeded Math.random() body gives the scalar entry\'s max', { skip: noAdapter }, async () => {
  const vec = gpu({ reduce: 'max', seed: 7 })(function noisyPeak(i: number, xs: Float32Array): number {
    let s = 0;
    for (let k = 0; k < 3; k++) s += Math.random();
    return xs[i]! * s;
  });
  const scalar = gpu({ reduce: 'max', seed: 7, vectorLoads: false })(function noisyPeakScalar(i: number, xs: Float32Array): number {
    let s = 0;
    for (let k = 0; k < 3; k++) s += Math.random();
    return xs[i]! * s;
  });
  const xs = data(4099);
  const v = await vec.launch(4099, xs);
  assert.equal(vec.lastLaunch!.vectorLoads, true);
  assert.ok(Object.is(v, await scalar.launch(4099, xs)), 'the same numbers per element, so the same maximum');
});
