// @gpu end to end: JavaScript kernels through the JIT's front end, the WGSL backend, and Dawn on lavapipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu, GpuUnsupportedError, GpuUnavailableError, GPU_ENV, type GpuKernel } from '../../src/gpu/index.js';
import { releaseDevice } from '../../src/gpu/runtime/device.js';
import { timed } from '../../src/timed/index.js';

const saxpy = gpu(function saxpy(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) {
  out[i] = a * x[i]! + y[i]!;
});

test('saxpy: JavaScript kernel, launched on the GPU, agrees with JS in f32', { skip: noAdapter }, async () => {
  const n = 123_457;
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
  const y = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
  const out = new Float32Array(n);
  await saxpy.launch(n, 2.5, x, y, out);
  assert.equal(saxpy.lastBackend, 'gpu');
  for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i]! - (2.5 * x[i]! + y[i]!)) < 1e-6 * 4, `out[${i}]`);
  assert.equal(saxpy.lastLaunch?.bytesDownloaded, n * 4, 'only `out` is read back');
  assert.ok(saxpy.lastLaunch!.bytesUploaded < n * 8 + 4096, 'x and y are uploaded, `out` (overwritten in full) is not');
  const [signature, wgsl] = [...saxpy.wgsl][0]!;
  assert.equal(signature, 'f32, Float32Array, Float32Array, Float32Array');
  assert.match(wgsl, /@compute @workgroup_size\(256\)/);
  assert.match(wgsl, /a_out\[k\] = v/);
  // a scalar used only as a float keeps its f32 type for an integer value: no second shader or pipeline
  await saxpy.launch(n, 2, x, y, out);
  assert.equal(saxpy.wgsl.size, 1);
  assert.equal(out[7], Math.fround(2 * x[7]! + y[7]!));
});

test('Monte Carlo pi: Math.random per invocation, the returned 0/1 summed across invocations', { skip: noAdapter }, async () => {
  const hits = gpu({ seed: 11 })(function hits(i: number): number {
    const x = Math.random();
    const y = Math.random();
    return x * x + y * y < 1 ? 1 : 0;
  });
  const n = 2_000_000;
  const h = await hits.launch(n);
  const pi = (4 * h) / n;
  assert.ok(Math.abs(pi - Math.PI) < 5 * 4 * Math.sqrt((0.785 * 0.215) / n), `pi ≈ ${pi}`);
  const again = gpu({ seed: 11 })(function hits(i: number): number {
    const x = Math.random();
    const y = Math.random();
    return x * x + y * y < 1 ? 1 : 0;
  });
  assert.equal(await again.launch(n), h, 'same seed, same count');
});

test('2-D grid, loops and min/max reductions from JavaScript', { skip: noAdapter }, async () => {
  const blur = gpu({ grid: 2 })(function blur(x: number, y: number, w: number, h: number, src: Float32Array, dst: Float32Array) {
    let s = 0;
    let c = 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        s += src[yy * w + xx]!;
        c++;
      }
    }
    dst[y * w + x] = s / c;
  });
  const [w, h] = [41, 23];
  const src = Float32Array.from({ length: w * h }, (_, k) => (k * 37) % 11);
  const dst = new Float32Array(w * h);
  await blur.launch([w, h], w, h, src, dst);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0, c = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        s += src[yy * w + xx]!; c++;
      }
      assert.ok(Math.abs(dst[y * w + x]! - s / c) < 1e-5, `(${x}, ${y})`);
    }
  }
  const closest = gpu({ reduce: 'min' })(function closest(i: number, xs: Float32Array, ys: Float32Array): number {
    let best = Infinity;
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      const dx = xs[i]! - xs[j]!;
      const dy = ys[i]! - ys[j]!;
      best = Math.min(best, dx * dx + dy * dy);
    }
    return best;
  });
  const m = 700;
  const xs = Float32Array.from({ length: m }, (_, k) => Math.fround(Math.sin(k * 1.7) * 100));
  const ys = Float32Array.from({ length: m }, (_, k) => Math.fround(Math.cos(k * 2.3) * 100));
  let best = Infinity;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) best = Math.min(best, (xs[i]! - xs[j]!) ** 2 + (ys[i]! - ys[j]!) ** 2);
  const got = await closest.launch(m, xs, ys);
  assert.ok(Math.abs(got - best) <= 1e-5 * Math.max(best, 1), `${got} vs ${best}`);
});

test('device arrays through the decorator: a pipeline of launches without copies', { skip: noAdapter }, async () => {
  const addOne = gpu(function addOne(i: number, xs: Float32Array) {
    xs[i] = xs[i]! + 1;
  });
  const xs = gpu.array(new Float32Array(10_000));
  for (let k = 0; k < 5; k++) await addOne.launch(xs.length, xs);
  assert.equal(addOne.lastLaunch?.bytesDownloaded, 0);
  assert.deepEqual(await xs.read(), new Float32Array(10_000).fill(5));
  xs.free();
});

test('@gpu on a static method, and around @timed', { skip: noAdapter }, async () => {
  class Kernels {
    @gpu static fill(i: number, v: number, out: Int32Array) {
      out[i] = v * i;
    }
  }
  const out = new Int32Array(100);
  await (Kernels.fill as GpuKernel<typeof Kernels.fill>).launch(100, 3, out);
  assert.deepEqual([...out], Array.from({ length: 100 }, (_, i) => 3 * i));
  const twice = gpu(timed({ sink: 'silent' })(function twice(i: number, out: Int32Array) { out[i] = 2 * i; }));
  const o = new Int32Array(10);
  await twice.launch(10, o);
  assert.deepEqual([...o], Array.from({ length: 10 }, (_, i) => 2 * i));
});

test('errors: Float64Array argument, unsupported construct with its line, wrong grid extent', { skip: noAdapter }, async () => {
  await assert.rejects(saxpy.launch(4, 1, new Float64Array(4) as unknown as Float32Array, new Float32Array(4), new Float32Array(4)), /Float64Array.*Float32Array/);
  const alloc = gpu(function alloc(i: number, out: Float32Array) {
    const tmp = new Float32Array(4);
    out[i] = tmp[0]!;
  });
  await assert.rejects(alloc.launch(4, new Float32Array(4)), (e: unknown) => {
    assert.ok(e instanceof GpuUnsupportedError, String(e));
    assert.match(e.message, /gpu\.test\.ts:\d+:\d+/);
    assert.match(e.message, /cannot run a typed-array allocation on the GPU/);
    return true;
  });
  await assert.rejects(saxpy.launch([4, 4] as unknown as number, 1, new Float32Array(4), new Float32Array(4), new Float32Array(4)), /1-D grid/);
});

test('no adapter: one warning, the CPU (memoJit) runs the kernel with the same results; require: true throws', async () => {
  const before = process.env[GPU_ENV];
  process.env[GPU_ENV] = 'off';
  releaseDevice();
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => i / 7);
    const y = new Float32Array(n).fill(1);
    const out = new Float32Array(n);
    await saxpy.launch(n, 0.5, x, y, out);
    assert.equal(saxpy.lastBackend, 'cpu');
    for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i]! - (0.5 * x[i]! + 1)) < 1e-6 * Math.max(1, out[i]!));
    const count = gpu(function count(i: number, xs: Float32Array): number { return xs[i]! > 0.5 ? 1 : 0; });
    assert.equal(await count.launch(n, x), x.filter((v) => v > 0.5).length);
    const arr = gpu.array(Float32Array.from([1, 2, 3]));
    const inc = gpu(function inc(i: number, xs: Float32Array) { xs[i] = xs[i]! + 1; });
    await inc.launch(3, arr);
    assert.deepEqual([...(await arr.read())], [2, 3, 4]);
    await new Promise((r) => setImmediate(r));
    assert.equal(warnings.filter((m) => /run on the CPU/.test(m)).length, 1, `warnings: ${warnings.join(' | ')}`);
    const strict = gpu({ require: true })(function strict(i: number, out: Float32Array) { out[i] = i; });
    await assert.rejects(strict.launch(2, new Float32Array(2)), (e: unknown) => e instanceof GpuUnavailableError && /requires a GPU/.test(e.message));
  } finally {
    process.off('warning', onWarning);
    if (before === undefined) delete process.env[GPU_ENV];
    else process.env[GPU_ENV] = before;
  }
});

test('an output written only under a condition keeps its other elements (it is uploaded)', { skip: noAdapter }, async () => {
  const evens = gpu(function evens(i: number, out: Float32Array) {
    if (i % 2 === 0) out[i] = -1;
  });
  const out = Float32Array.from({ length: 1001 }, (_, i) => i);
  await evens.launch(out.length, out);
  out.forEach((v, i) => assert.equal(v, i % 2 === 0 ? -1 : i));
  const early = gpu(function early(i: number, n: number, out: Float32Array) {
    if (i >= n) return;
    out[i] = 0;
  });
  const o2 = Float32Array.from({ length: 10 }, (_, i) => i + 1);
  await early.launch(10, 5, o2);
  assert.deepEqual([...o2], [0, 0, 0, 0, 0, 6, 7, 8, 9, 10]);
  // launched over fewer indices than the array: the tail must survive
  const o3 = new Float32Array(10).fill(7);
  await saxpy.launch(4, 1, new Float32Array(10), new Float32Array(10), o3);
  assert.deepEqual([...o3], [0, 0, 0, 0, 7, 7, 7, 7, 7, 7]);
});

test('integer index arithmetic past 2^24 stays exact (computed in i32, not f32)', { skip: noAdapter }, async () => {
  const hash = gpu(function hash(i: number, out: Int32Array, pick: Float32Array, xs: Float32Array) {
    out[i] = (i * 1000003 + 7) | 0;
    pick[i] = xs[3 * i + 1]!;
  });
  const n = 4096;
  const out = new Int32Array(n);
  const xs = Float32Array.from({ length: 3 * n + 1 }, (_, k) => k);
  const pick = new Float32Array(n);
  await hash.launch(n, out, pick, xs);
  for (let i = 0; i < n; i++) {
    assert.equal(out[i], (i * 1000003 + 7) | 0, `out[${i}]`);
    assert.equal(pick[i], 3 * i + 1);
  }
});

test("numba's kernel[n](...) launch syntax", { skip: noAdapter }, async () => {
  const out = new Float32Array(5);
  await saxpy[5]!(2, Float32Array.from([1, 2, 3, 4, 5]), new Float32Array(5), out);
  assert.deepEqual([...out], [2, 4, 6, 8, 10]);
  const ones = gpu(function ones(i: number): number { return 1; });
  assert.equal(await ones[1000]!(), 1000);
  assert.equal(saxpy.name, 'saxpy');
});

test('the GPU and the CPU fallback agree within f32 tolerance', { skip: noAdapter }, async () => {
  const wave = gpu(function wave(i: number, x: Float32Array, out: Float32Array): number {
    const v = x[i]!;
    out[i] = Math.sin(v) * Math.exp(-v / 4) + Math.sqrt(v) - Math.round(v) / 3;
    return out[i]!;
  });
  const n = 5000;
  const x = Float32Array.from({ length: n }, (_, i) => (i / n) * 10);
  const onGpu = new Float32Array(n);
  const sumGpu = await wave.launch(n, x, onGpu);
  assert.equal(wave.lastBackend, 'gpu');
  const before = process.env[GPU_ENV];
  process.env[GPU_ENV] = 'off';
  releaseDevice();
  const onCpu = new Float32Array(n);
  let sumCpu: number;
  try {
    sumCpu = await wave.launch(n, x, onCpu);
    assert.equal(wave.lastBackend, 'cpu');
  } finally {
    if (before === undefined) delete process.env[GPU_ENV];
    else process.env[GPU_ENV] = before;
  }
  for (let i = 0; i < n; i++) assert.ok(Math.abs(onGpu[i]! - onCpu[i]!) <= 1e-3 * Math.max(1, Math.abs(onCpu[i]!)), `x = ${x[i]}: ${onGpu[i]} vs ${onCpu[i]}`);
  assert.ok(Math.abs(sumGpu - sumCpu) <= 1e-4 * n, `sums ${sumGpu} vs ${sumCpu}`);
});

test('CPU fallback: 2-D and 3-D grids and min/max reductions', async () => {
  const before = process.env[GPU_ENV];
  process.env[GPU_ENV] = 'off';
  releaseDevice();
  try {
    const grid2 = gpu({ grid: 2 })(function grid2(x: number, y: number, w: number, out: Int32Array) {
      out[y * w + x] = x - y;
    });
    const out = new Int32Array(6 * 4);
    await grid2.launch([6, 4], 6, out);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 6; x++) assert.equal(out[y * 6 + x], x - y);
    const grid3 = gpu({ grid: 3, reduce: 'max' })(function grid3(x: number, y: number, z: number): number {
      return x + 10 * y + 100 * z;
    });
    assert.equal(await grid3.launch([3, 4, 5]), 2 + 30 + 400);
    const lowest = gpu({ reduce: 'min' })(function lowest(i: number, xs: Float32Array): number {
      return xs[i]!;
    });
    assert.equal(await lowest.launch(4, Float32Array.from([3, -2, 5, 1])), -2);
    assert.equal(lowest.lastBackend, 'cpu');
  } finally {
    if (before === undefined) delete process.env[GPU_ENV];
    else process.env[GPU_ENV] = before;
  }
});
