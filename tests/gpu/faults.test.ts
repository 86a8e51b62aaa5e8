// Kernels that never end and concurrent launches (issue 11, items 9 and 10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu, GpuLoopLimitError, GpuTimeoutError } from '../../src/gpu/index.js';
import { WgslKernel } from '../../src/internals.js';
import { acquireDevice } from '../../src/gpu/runtime/device.js';
import type { KernelSpec } from '../../src/gpu/abi.js';

// "Does not block": the kernels below hold lavapipe's queue for 17 s (300M iterations, measured 2026-12-02 at
// load 21) to 23 s (400M), so a release that waited for them would take that long. 5 s is far below that and far
// above any pause of a loaded machine (a synchronous call cannot be observed by an event).
const RETURNS_AT_ONCE_MS = 5000;

test('a kernel whose loop never ends rejects with GpuLoopLimitError; the device goes on', { skip: noAdapter, timeout: 120_000 }, async () => {
  const forever = gpu({ maxLoopIterations: 1_000_000 })(function forever(i: number, xs: Float32Array) {
    let s = 0;
    while (true) {
      s += 1;
      if (s < -1) break;
    }
    xs[i] = s;
  });
  const xs = new Float32Array(64).fill(-1);
  const device = await acquireDevice();
  await assert.rejects(forever.launch(64, xs), (e: unknown) => e instanceof GpuLoopLimitError && e.limit === 1_000_000 && /never ends/.test(e.message));
  assert.deepEqual([...xs], new Array(64).fill(-1), 'results of a stopped launch are not copied back');
  // The same device runs the next launch: every loop broke, so its queue was never held.
  const ok = gpu(function finite(i: number, xs: Float32Array) {
    let s = 0;
    for (let k = 0; k < 10; k++) s += k;
    xs[i] = s;
  });
  await ok.launch(64, xs);
  assert.deepEqual([...xs], new Array(64).fill(45));
  assert.equal((await acquireDevice()).generation, device.generation);
});

test('a launch past its timeout rejects, release() does not block, and the next launch gets a new device', { skip: noAdapter, timeout: 120_000 }, async () => {
  // Hand-written WGSL with no loop budget: the device's queue really is held until the loop ends on its own.
  const spec: KernelSpec = {
    name: 'spin', grid: 1, usesRandom: false,
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) { var s = 0u; loop { s += 1u; if (s > 400000000u) { break; } } a_xs[numbat_li] = f32(s); }',
  };
  const before = await acquireDevice();
  const hung = new WgslKernel(spec).launch(1, [new Float32Array(1)], { timeout: 50 });
  await assert.rejects(hung, (e: unknown) => e instanceof GpuTimeoutError && e.timeout === 50 && /did not finish within 50 ms/.test(e.message));
  assert.ok(before.lost, 'the device was abandoned');
  const t0 = process.hrtime.bigint();
  gpu.release(); // nothing current to release, and it must return at once either way
  before.abandon('again');
  const tookAbandon = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(tookAbandon < RETURNS_AT_ONCE_MS, `release and abandon blocked for ${tookAbandon} ms`);
  const inc = gpu(function incr(i: number, xs: Int32Array) {
    xs[i] = xs[i]! + 1;
  });
  const xs = Int32Array.from([1, 2, 3]);
  await inc.launch(3, xs);
  assert.deepEqual([...xs], [2, 3, 4]);
  assert.ok((await acquireDevice()).generation > before.generation);
});

test('gpu.release() with a launch in flight returns at once and that launch rejects', { skip: noAdapter, timeout: 120_000 }, async () => {
  const spec: KernelSpec = {
    name: 'spin2', grid: 1, usesRandom: false,
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }, { kind: 'scalar', name: 'm', type: 'u32' }],
    body: 'fn numbat_kernel(i: i32) { var s = 0u; loop { s += 1u; if (s > numbat_P.s_m) { break; } } a_xs[numbat_li] = f32(s); }',
  };
  const k = new WgslKernel(spec);
  await k.launch(1, [new Float32Array(1), 10]); // compiled: the next launch reaches the queue within a few turns
  const pending = k.launch(1, [new Float32Array(1), 300_000_000]);
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  const t0 = process.hrtime.bigint();
  gpu.release();
  const took = Number(process.hrtime.bigint() - t0) / 1e6;
  await assert.rejects(pending, /lost|destroyed/);
  assert.ok(took < RETURNS_AT_ONCE_MS, `release blocked for ${took} ms`);
});

test('two concurrent launches writing one host array both apply, in call order', { skip: noAdapter, timeout: 120_000 }, async () => {
  const mul = gpu(function mul(i: number, s: Float32Array, k: number) {
    s[i] = s[i]! * k;
  });
  const n = 100_000;
  const s = new Float32Array(n).fill(1);
  await Promise.all([mul.launch(n, s, 2), mul.launch(n, s, 5)]);
  assert.equal(s[0], 10);
  assert.equal(s[n - 1], 10);
  // Call order, not completion order: (1 + 1) * 3 = 6, where the other order gives 1 * 3 + 1 = 4.
  const add = gpu(function add(i: number, s: Float32Array, k: number) {
    s[i] = s[i]! + k;
  });
  const t = new Float32Array(n).fill(1);
  await Promise.all([add.launch(n, t, 1), mul.launch(n, t, 3)]);
  assert.equal(t[123], 6);
  // A view of the same buffer is the same data.
  const u = new Float32Array(n).fill(1);
  await Promise.all([mul.launch(n / 2, u.subarray(0, n / 2), 2), mul.launch(n, u, 5)]);
  assert.equal(u[0], 10);
  assert.equal(u[n - 1], 5);
});

test('the timeout starts once the pipeline exists: a slow first compile is not a hung kernel', { skip: noAdapter, timeout: 120_000 }, async () => {
  const handle = await acquireDevice();
  const device = handle.device;
  // A compile that takes 3 s (a large shader on a loaded machine), against a 1 s timeout that the kernel
  // itself (three elements) keeps easily: before the fix the clock ran during the compile and the launch
  // rejected with GpuTimeoutError, abandoning a healthy device.
  const compile = device.createComputePipelineAsync.bind(device);
  let slowed = 0;
  Object.defineProperty(device, 'createComputePipelineAsync', {
    configurable: true,
    value: async (descriptor: GPUComputePipelineDescriptor): Promise<GPUComputePipeline> => {
      slowed++;
      await new Promise((r) => setTimeout(r, 3000));
      return compile(descriptor);
    },
  });
  try {
    const affine = gpu({ timeout: 1000 })(function slowCompile(i: number, xs: Float32Array) {
      xs[i] = xs[i]! * 3 + 1;
    });
    const xs = Float32Array.from([1, 2, 3]);
    await affine.launch(3, xs);
    assert.deepEqual([...xs], [4, 7, 10]);
    assert.equal(slowed, 1, 'the launch went through the slowed compile');
    assert.ok(!handle.lost, 'the device was not abandoned');
    assert.equal((await acquireDevice()).generation, handle.generation);
  } finally {
    delete (device as unknown as Record<string, unknown>).createComputePipelineAsync;
  }
});
