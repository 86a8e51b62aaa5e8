// Reductions of `return xs[i]` over a Float32Array read it as vec4<f32> (src/gpu/wgsl/vector.ts). min and max
// must agree bit for bit with the scalar entry and with JS (NaN included); a sum is another f32 order, so it
// agrees with the f64 sum within f32 rounding and gives the same bits on every launch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';

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

test('vec4 loads only where they are exact: a launch past the array, a shorter launch, under 4 elements, a computed value', { skip: noAdapter }, async () => {
  const total = gpu({ reduce: 'sum' })(function sumEdges(i: number, xs: Float32Array): number {
    return xs[i]!;
  });
  const xs = data(10);
  // Past the end an element reads NaN, as xs[10] is undefined in JS: the scalar entry keeps that rule.
  assert.ok(Number.isNaN(await total.launch(11, xs)));
  assert.equal(total.lastLaunch!.vectorLoads, undefined);
  let head = 0;
  for (let k = 0; k < 9; k++) head += xs[k]!;
  assert.ok(Math.abs((await total.launch(9, xs)) - head) < 1e-3);
  assert.equal(total.lastLaunch!.vectorLoads, true);
  assert.ok(Math.abs((await total.launch(3, xs)) - (xs[0]! + xs[1]! + xs[2]!)) < 1e-4);
  assert.equal(total.lastLaunch!.vectorLoads, undefined);
  const doubled = gpu({ reduce: 'sum' })(function sumDoubled(i: number, xs: Float32Array): number {
    return 2 * xs[i]!;
  });
  await doubled.launch(10, xs);
  assert.equal(doubled.lastLaunch!.vectorLoads, undefined, 'only a body that is exactly `return xs[i]` is vectorized');
});
