// Split launches run for real on lavapipe: the `limits` option lowers the device's per-dimension workgroup
// limit and storage binding size, so launches of a few thousand elements split the way launches of billions
// would on a real GPU. Every element is checked against its expected value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { gpu } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import type { KernelSpec } from '../../../src/gpu/abi.js';

const small = { maxComputeWorkgroupsPerDimension: 4, maxStorageBufferBindingSize: 4096 };

const twiceSpec: KernelSpec = {
  name: 'twice', grid: 1, usesRandom: false,
  params: [
    { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true },
    { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true },
  ],
  body: 'fn numbat_kernel(i: i32) { a_out[numbat_li] = a_xs[numbat_li] * 2.0 + f32(i); }',
};

test('an elementwise launch over arrays larger than one binding: windows and dispatches give every element', { skip: noAdapter }, async () => {
  const n = 5003;
  const xs = Float32Array.from({ length: n }, (_, i) => (i % 97) - 40);
  const out = new Float32Array(n).fill(NaN);
  const k = new WgslKernel(twiceSpec);
  await k.launch(n, [out, xs], { workgroupSize: 64, limits: small });
  assert.ok(k.lastLaunch!.dispatches >= 5, `expected a split launch, got ${k.lastLaunch!.dispatches} dispatch(es)`);
  for (let i = 0; i < n; i++) if (out[i] !== xs[i]! * 2 + i) assert.fail(`out[${i}] = ${out[i]}, expected ${xs[i]! * 2 + i}`);
});

test('a kernel writing at computed indices, split by the per-dimension limit alone', { skip: noAdapter }, async () => {
  const n = 10_000;
  const spec: KernelSpec = {
    name: 'scatter', grid: 1, usesRandom: false,
    params: [{ kind: 'array', name: 'out', element: 'i32', writes: true, elementwise: false }],
    body: 'fn numbat_kernel(i: i32) { a_out[u32(numbat_P.s_n - 1 - i)] = i * 3; }'.replace('numbat_P.s_n', `${n}`),
  };
  const out = new Int32Array(n).fill(-1);
  const k = new WgslKernel(spec);
  await k.launch(n, [out], { workgroupSize: 64, limits: { maxComputeWorkgroupsPerDimension: 4 } });
  assert.equal(k.lastLaunch!.dispatches, 3);
  for (let i = 0; i < n; i++) if (out[n - 1 - i] !== i * 3) assert.fail(`out[${n - 1 - i}] = ${out[n - 1 - i]}`);
});

test('reductions split by both limits: an exact 64-bit integer sum past 2^32 and a float sum', { skip: noAdapter }, async () => {
  const n = 100_000;
  const sumSpec: KernelSpec = {
    name: 'sumIdx', grid: 1, usesRandom: false, params: [], returns: 'i32', reduce: 'sum',
    body: 'fn numbat_kernel(i: i32) -> i32 { return i; }',
  };
  const exact = (n * (n - 1)) / 2; // 4,999,950,000 > 2^32
  assert.equal(await new WgslKernel(sumSpec).launch(n, [], { workgroupSize: 64, limits: small }), exact);
  const xsSpec: KernelSpec = {
    name: 'sumXs', grid: 1, usesRandom: false, returns: 'f32', reduce: 'sum',
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) -> f32 { return a_xs[numbat_li]; }',
  };
  const m = 5000;
  const xs = Float32Array.from({ length: m }, (_, i) => i % 13); // small integers: every f32 partial sum is exact
  const k = new WgslKernel(xsSpec);
  assert.equal(await k.launch(m, [xs], { workgroupSize: 64, limits: small }), xs.reduce((s, v) => s + v, 0));
  assert.ok(k.lastLaunch!.dispatches >= 5);
});

test('2-D and 3-D grids run as native tiles, split when a tile row exceeds the per-dimension limit', { skip: noAdapter }, async () => {
  const fill2 = gpu({ grid: 2 })(function fill2(x: number, y: number, nx: number, out: Int32Array) {
    out[y * nx + x] = x * 1000 + y;
  });
  const [nx, ny] = [301, 203];
  const out = new Int32Array(nx * ny).fill(-1);
  await fill2.launch([nx, ny], nx, out);
  assert.equal(fill2.lastLaunch!.dispatches, 1);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) if (out[y * nx + x] !== x * 1000 + y) assert.fail(`(${x}, ${y}) = ${out[y * nx + x]}`);
  assert.match([...fill2.wgsl.values()][0]!, /@workgroup_size\(16, 16, 1\)/);
  assert.doesNotMatch([...fill2.wgsl.values()][0]!, /idx % numbat_P\.nx/);

  const spec3: KernelSpec = {
    name: 'fill3', grid: 3, usesRandom: false,
    params: [{ kind: 'array', name: 'out', element: 'i32', writes: true, elementwise: false }],
    body: 'fn numbat_kernel(x: i32, y: i32, z: i32) { a_out[u32(x + i32(numbat_P.nx) * (y + i32(numbat_P.ny) * z))] = x + 100 * y + 10000 * z; }',
  };
  const [a, b, c] = [37, 21, 13];
  for (const limits of [undefined, { maxComputeWorkgroupsPerDimension: 2 }]) {
    const out3 = new Int32Array(a * b * c).fill(-1);
    const k = new WgslKernel(spec3);
    await k.launch([a, b, c], [out3], limits ? { limits } : {});
    if (limits) assert.ok(k.lastLaunch!.dispatches > 1);
    for (let z = 0; z < c; z++) for (let y = 0; y < b; y++) for (let x = 0; x < a; x++) {
      if (out3[x + a * (y + b * z)] !== x + 100 * y + 10000 * z) assert.fail(`(${x}, ${y}, ${z}) = ${out3[x + a * (y + b * z)]}`);
    }
  }
});

test('a seeded Math.random stream does not depend on how the launch is split or tiled', { skip: noAdapter }, async () => {
  const spec: KernelSpec = {
    name: 'draws', grid: 1, usesRandom: true,
    params: [{ kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) { a_out[numbat_li] = numbat_random() + numbat_random(); }',
  };
  const n = 3000;
  const whole = new Float32Array(n);
  const parts = new Float32Array(n);
  await new WgslKernel(spec, { seed: 9 }).launch(n, [whole], { workgroupSize: 256 });
  await new WgslKernel(spec, { seed: 9 }).launch(n, [parts], { workgroupSize: 64, limits: small });
  assert.deepEqual(parts, whole);
  const draw2 = gpu({ grid: 2, seed: 9 })(function draw2(x: number, y: number, nx: number, out: Float32Array) {
    out[y * nx + x] = Math.random() + Math.random();
  });
  const grid = new Float32Array(n);
  await draw2.launch([60, 50], 60, grid);
  assert.deepEqual(grid, whole); // linear index x + 60·y seeds the same stream as the 1-D launch
});
