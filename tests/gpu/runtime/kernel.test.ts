import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter, info } from '../_adapter.js';
import { GpuLaunchError } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import type { KernelSpec } from '../../../src/gpu/abi.js';

const saxpySpec: KernelSpec = {
  name: 'saxpy',
  grid: 1,
  usesRandom: false,
  params: [
    { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true },
    { kind: 'array', name: 'x', element: 'f32', writes: false, elementwise: true },
    { kind: 'array', name: 'y', element: 'f32', writes: false, elementwise: true },
    { kind: 'scalar', name: 'a', type: 'f32' },
  ],
  body: 'fn numbat_kernel(i: i32) {\n  a_out[numbat_li] = numbat_P.s_a * a_x[numbat_li] + a_y[numbat_li];\n}',
};

test('adapter info names the adapter', { skip: noAdapter }, () => {
  assert.equal(info.available, true);
  assert.equal(typeof info.description, 'string');
  assert.ok((info.limits?.maxStorageBufferBindingSize ?? 0) > 0);
});

test('elementwise saxpy matches the CPU in f32', { skip: noAdapter }, async () => {
  const n = 100_003;
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
  const y = Float32Array.from({ length: n }, (_, i) => i % 7);
  const out = new Float32Array(n);
  const k = new WgslKernel(saxpySpec);
  const r = await k.launch(n, [out, x, y, 2.5]);
  assert.equal(r, undefined);
  for (let i = 0; i < n; i++) assert.equal(out[i], Math.fround(Math.fround(2.5 * x[i]!) + y[i]!));
  // only the written array comes back
  assert.equal(k.lastLaunch?.bytesDownloaded, n * 4);
  assert.equal(k.lastLaunch?.dispatches, 1);
});

test('workgroup sizes that do not divide n, and a size over the limit is refused', { skip: noAdapter }, async () => {
  const k = new WgslKernel(saxpySpec);
  for (const wg of [1, 7, 64, 1024]) {
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => i);
    const out = new Float32Array(n);
    await k.launch(n, [out, x, new Float32Array(n), 1], { workgroupSize: wg });
    assert.deepEqual(out, x, `workgroupSize ${wg}`);
  }
  const max = info.limits!.maxComputeInvocationsPerWorkgroup!;
  await assert.rejects(k.launch(4, [new Float32Array(4), new Float32Array(4), new Float32Array(4), 1], { workgroupSize: max + 1 }), RangeError);
});

test('more workgroups than one dispatch dimension allows: 2-D dispatch covers every index', { skip: noAdapter }, async () => {
  const spec: KernelSpec = {
    name: 'iota', grid: 1, usesRandom: false,
    params: [{ kind: 'array', name: 'out', element: 'u32', writes: true, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) { a_out[numbat_li] = u32(i) * 3u; }',
  };
  const max = info.limits!.maxComputeWorkgroupsPerDimension!;
  const n = max * 4 + 17; // with workgroupSize 2: more than `max` groups
  const out = new Uint32Array(n);
  await new WgslKernel(spec).launch(n, [out], { workgroupSize: 2 });
  for (let i = 0; i < n; i++) if (out[i] !== (i * 3) >>> 0) assert.fail(`out[${i}] = ${out[i]}`);
});

test('scalars of every type reach the shader', { skip: noAdapter }, async () => {
  const spec: KernelSpec = {
    name: 'scalars', grid: 1, usesRandom: false,
    params: [
      { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: false },
      { kind: 'scalar', name: 'f', type: 'f32' },
      { kind: 'scalar', name: 'k', type: 'i32' },
      { kind: 'scalar', name: 'u', type: 'u32' },
      { kind: 'scalar', name: 'b', type: 'bool' },
    ],
    body: 'fn numbat_kernel(i: i32) {\n  a_out[0] = numbat_P.s_f; a_out[1] = f32(numbat_P.s_k); a_out[2] = f32(numbat_P.s_u);\n  a_out[3] = select(0.0, 1.0, numbat_P.s_b != 0u); a_out[4] = f32(numbat_P.len_out);\n}',
  };
  const out = new Float32Array(5);
  await new WgslKernel(spec).launch(1, [out, 0.5, -7, 4000000000, true]);
  assert.deepEqual([...out], [0.5, -7, Math.fround(4000000000), 1, 5]);
});

test('2-D and 3-D grids give each invocation its coordinates', { skip: noAdapter }, async () => {
  const spec2: KernelSpec = {
    name: 'coords', grid: 2, usesRandom: false,
    params: [{ kind: 'array', name: 'out', element: 'i32', writes: true, elementwise: false }, { kind: 'scalar', name: 'w', type: 'i32' }],
    body: 'fn numbat_kernel(x: i32, y: i32) { a_out[y * numbat_P.s_w + x] = x * 1000 + y; }',
  };
  const [w, h] = [37, 19];
  const out = new Int32Array(w * h);
  await new WgslKernel(spec2).launch([w, h], [out, w]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) assert.equal(out[y * w + x], x * 1000 + y);
  const spec3: KernelSpec = {
    name: 'coords3', grid: 3, usesRandom: false,
    params: [{ kind: 'array', name: 'out', element: 'i32', writes: true, elementwise: false }],
    body: 'fn numbat_kernel(x: i32, y: i32, z: i32) { a_out[(z * 5 + y) * 4 + x] = x + 10 * y + 100 * z; }',
  };
  const out3 = new Int32Array(4 * 5 * 6);
  await new WgslKernel(spec3).launch([4, 5, 6], [out3]);
  for (let z = 0; z < 6; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 4; x++) assert.equal(out3[(z * 5 + y) * 4 + x], x + 10 * y + 100 * z);
  await assert.rejects(new WgslKernel(spec2).launch(10, [out, w]), /2-D grid/);
});

test('argument errors: count, Float64Array, element type, aliasing', { skip: noAdapter }, async () => {
  const k = new WgslKernel(saxpySpec);
  const f = new Float32Array(4);
  await assert.rejects(k.launch(4, [f, f, f]), /takes 4 argument/);
  await assert.rejects(k.launch(4, [f, new Float64Array(4), f, 1]), /Float64Array.*Float32Array/);
  await assert.rejects(k.launch(4, [f, new Int32Array(4), f, 1]), /must hold f32, got i32/);
  await assert.rejects(k.launch(4, [f, f, new Float32Array(4), 1]), /same \(or overlapping\) array/);
  // opt-in conversion of Float64Array
  const x64 = Float64Array.from([1, 2, 3, 4]);
  const out64 = new Float64Array(4);
  await k.launch(4, [out64, x64, new Float32Array(4), 0.1], { convertFloat64: true });
  assert.deepEqual([...out64], [...x64].map((v) => Math.fround(Math.fround(0.1) * v)));
});

test('an array over the storage binding limit is split across dispatches when accessed elementwise', { skip: noAdapter }, async (t) => {
  const limit = info.limits!.maxStorageBufferBindingSize!;
  const n = limit / 4 + 1000;
  if (n > 80_000_000) {
    // The chunk plan itself is unit-tested apart from the device (chunk-plan tests); this runs it for real.
    t.skip(`the storage binding limit is ${limit} bytes: an array past it would take ${(n * 12) / 2 ** 20 | 0} MiB of host memory in this test`);
    return;
  }
  const out = new Float32Array(n);
  const x = new Float32Array(n).fill(1);
  x[n - 1] = 5;
  const k = new WgslKernel(saxpySpec);
  await k.launch(n, [out, x, new Float32Array(n), 2]);
  assert.equal(k.lastLaunch?.dispatches, 2);
  assert.equal(out[0], 2);
  assert.equal(out[n - 1000], 2);
  assert.equal(out[n - 1], 10);
  const gather: KernelSpec = { ...saxpySpec, name: 'gather', params: saxpySpec.params.map((p) => (p.kind === 'array' && p.name === 'x' ? { ...p, elementwise: false } : p)) };
  await assert.rejects(new WgslKernel(gather).launch(n, [out, x, new Float32Array(n), 2]), (e: unknown) => e instanceof GpuLaunchError && /cannot be split/.test(e.message));
});

test('more array parameters than the device has storage-buffer slots is a clear error', { skip: noAdapter }, async () => {
  const max = info.limits!.maxStorageBuffersPerShaderStage!;
  const params = Array.from({ length: max + 1 }, (_, k) => ({ kind: 'array' as const, name: `x${k}`, element: 'f32' as const, writes: false, elementwise: true }));
  const spec: KernelSpec = { name: 'wide', grid: 1, usesRandom: false, params, body: 'fn numbat_kernel(i: i32) { }' };
  await assert.rejects(new WgslKernel(spec).launch(1, params.map(() => new Float32Array(1))), (e: unknown) => e instanceof GpuLaunchError && /storage buffers/.test(e.message));
});
