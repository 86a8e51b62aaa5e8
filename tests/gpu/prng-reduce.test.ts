import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { WgslKernel } from '../../src/internals.js';
import { philox4x32 } from '../../src/gpu/philox.js';
import type { KernelSpec } from '../../src/gpu/abi.js';

// Random123 kat_vectors for philox4x32_10.
const KAT: Array<[[number, number, number, number], [number, number], [number, number, number, number]]> = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

test('philox4x32-10 on the CPU matches Random123 known answers', () => {
  for (const [ctr, key, expected] of KAT) assert.deepEqual(philox4x32(ctr, key), expected);
});

test('philox4x32-10 in WGSL matches the known answers bit for bit', { skip: noAdapter }, async () => {
  const spec: KernelSpec = {
    name: 'kat', grid: 1, usesRandom: true,
    params: [{ kind: 'array', name: 'io', element: 'u32', writes: true, elementwise: false }],
    body: [
      'fn numbat_kernel(i: i32) {',
      '  let b = u32(i) * 6u;',
      '  let r = numbat_philox(vec4u(a_io[b], a_io[b + 1u], a_io[b + 2u], a_io[b + 3u]), vec2u(a_io[b + 4u], a_io[b + 5u]));',
      '  a_io[b] = r.x; a_io[b + 1u] = r.y; a_io[b + 2u] = r.z; a_io[b + 3u] = r.w;',
      '}',
    ].join('\n'),
  };
  const io = new Uint32Array(KAT.flatMap(([c, k]) => [...c, ...k]));
  await new WgslKernel(spec).launch(KAT.length, [io]);
  KAT.forEach(([, , expected], j) => assert.deepEqual([...io.slice(j * 6, j * 6 + 4)], expected));
});

const uniforms: KernelSpec = {
  name: 'uniforms', grid: 1, usesRandom: true,
  params: [{ kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true }],
  body: 'fn numbat_kernel(i: i32) { let a = numbat_random(); let b = numbat_random(); a_out[numbat_li] = select(a, b, (i & 1) == 1); }',
};

test('Math.random streams: in [0, 1), uniform, reproducible with a seed, independent of workgroup size', { skip: noAdapter }, async () => {
  const n = 200_000;
  const k = new WgslKernel(uniforms, { seed: 1234 });
  const a = new Float32Array(n);
  await k.launch(n, [a], { workgroupSize: 64 });
  let mean = 0;
  const bins = new Array<number>(10).fill(0);
  for (const v of a) {
    assert.ok(v >= 0 && v < 1, `value ${v} outside [0, 1)`);
    mean += v / n;
    bins[Math.floor(v * 10)]! += 1;
  }
  // 5σ of the mean of n uniforms (σ = sqrt(1/12/n), 0.0032 at n = 2e5), not a fixed 0.005 (7.7σ)
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  const chi2 = bins.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
  assert.ok(chi2 < 30, `chi-square ${chi2} over 10 bins`); // 9 dof: p ≈ 4e-4
  // Same seed, first launch of another kernel object, another workgroup size: same numbers.
  const b = new Float32Array(n);
  await new WgslKernel(uniforms, { seed: 1234 }).launch(n, [b], { workgroupSize: 256 });
  assert.deepEqual(b, a);
  // Second launch of the same kernel: a new stream.
  const c = new Float32Array(n);
  await k.launch(n, [c]);
  let same = 0;
  for (let i = 0; i < n; i++) if (c[i] === a[i]) same++;
  assert.ok(same < n / 1000, `${same} equal values between launches`);
  // Neighbouring invocations are not correlated.
  let cov = 0;
  for (let i = 0; i + 1 < n; i++) cov += (a[i]! - 0.5) * (a[i + 1]! - 0.5);
  // 5σ of the lag-1 covariance of independent uniforms (each term has σ = 1/12: σ = 1/(12·sqrt(n)), 0.00093 at
  // n = 2e5), not a fixed 0.002 (10.7σ)
  assert.ok(Math.abs(cov / n) < 5 / (12 * Math.sqrt(n)), `lag-1 covariance ${cov / n}`);
});

function reducer(returns: 'f32' | 'i32' | 'u32', reduce: 'sum' | 'min' | 'max', expr: string): KernelSpec {
  return {
    name: `${reduce}_${returns}`, grid: 1, usesRandom: false, returns, reduce,
    params: [{ kind: 'array', name: 'xs', element: returns, writes: false, elementwise: true }],
    body: `fn numbat_kernel(i: i32) -> ${returns} { return ${expr}; }`,
  };
}

test('reductions: sum, min, max over f32, i32 and u32, any n and workgroup size', { skip: noAdapter }, async () => {
  for (const n of [1, 255, 256, 257, 100_000, 1_000_003]) {
    const xs = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.37) * 10);
    const is = Int32Array.from({ length: n }, (_, i) => ((i * 7919) % 2001) - 1000);
    const us = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) % 1000);
    for (const wg of [64, 256, 100]) {
      const sumF = await new WgslKernel(reducer('f32', 'sum', 'a_xs[numbat_li]')).launch(n, [xs], { workgroupSize: wg });
      const exact = xs.reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sumF! - exact) <= 1e-5 * xs.reduce((s, v) => s + Math.abs(v), 0) + 1e-6, `f32 sum n=${n} wg=${wg}: ${sumF} vs ${exact}`);
      assert.equal(await new WgslKernel(reducer('f32', 'min', 'a_xs[numbat_li]')).launch(n, [xs], { workgroupSize: wg }), xs.reduce((m, v) => Math.min(m, v), Infinity));
      assert.equal(await new WgslKernel(reducer('f32', 'max', 'a_xs[numbat_li]')).launch(n, [xs], { workgroupSize: wg }), xs.reduce((m, v) => Math.max(m, v), -Infinity));
      assert.equal(await new WgslKernel(reducer('i32', 'sum', 'a_xs[numbat_li]')).launch(n, [is], { workgroupSize: wg }), is.reduce((s, v) => s + v, 0));
      assert.equal(await new WgslKernel(reducer('i32', 'min', 'a_xs[numbat_li]')).launch(n, [is], { workgroupSize: wg }), is.reduce((m, v) => Math.min(m, v), Infinity));
      assert.equal(await new WgslKernel(reducer('u32', 'max', 'a_xs[numbat_li]')).launch(n, [us], { workgroupSize: wg }), us.reduce((m, v) => Math.max(m, v), 0));
      assert.equal(await new WgslKernel(reducer('u32', 'sum', 'a_xs[numbat_li]')).launch(n, [us], { workgroupSize: wg }), us.reduce((s, v) => s + v, 0));
    }
  }
  // zero invocations: the identity, no dispatch
  assert.equal(await new WgslKernel(reducer('f32', 'min', '0.0')).launch(0, [new Float32Array(0)]), Infinity);
  assert.equal(await new WgslKernel(reducer('f32', 'sum', '0.0')).launch(0, [new Float32Array(0)]), 0);
});

test('a reduction reads back one partial per workgroup, not per invocation', { skip: noAdapter }, async () => {
  const k = new WgslKernel(reducer('u32', 'sum', '1u'));
  const n = 5_000_000;
  assert.equal(await k.launch(n, [new Uint32Array(1)]), n);
  assert.equal(k.lastLaunch!.dispatches, 1);
  // an integer sum's partials are 64-bit (two u32 words), so they never wrap
  assert.ok(k.lastLaunch!.bytesDownloaded <= 1024 * 8, `${k.lastLaunch!.bytesDownloaded} bytes read back`);
});

test('Monte Carlo pi with per-invocation streams', { skip: noAdapter }, async () => {
  const spec: KernelSpec = {
    name: 'pi', grid: 1, usesRandom: true, returns: 'u32', reduce: 'sum', params: [],
    body: 'fn numbat_kernel(i: i32) -> u32 { let x = numbat_random(); let y = numbat_random(); return select(0u, 1u, x * x + y * y < 1.0); }',
  };
  const n = 4_000_000;
  const hits = await new WgslKernel(spec, { seed: 7 }).launch(n, []);
  const pi = (4 * hits!) / n;
  // 5 standard deviations of the estimator: 4·sqrt(p(1-p)/n), p = π/4
  assert.ok(Math.abs(pi - Math.PI) < 5 * 4 * Math.sqrt((Math.PI / 4) * (1 - Math.PI / 4) / n), `pi ≈ ${pi}`);
});
