// Two rules of the launch path (runtime/kernel.ts), observed directly rather than through timings:
// - error scopes are pushed only where a failure can be attributed to the launch: the first launch of a
//   pipeline, a launch that creates a buffer, or `debug: true`; a warm launch on device arrays pushes none;
// - a random seed (node:crypto's randomBytes) is drawn only for a kernel that calls Math.random.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { noAdapter } from '../_adapter.js';
import { toDevice } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import { acquireDevice } from '../../../src/gpu/runtime/device.js';
import type { KernelSpec } from '../../../src/gpu/abi.js';

const scale: KernelSpec = {
  name: 'scaleRules', grid: 1, usesRandom: false,
  params: [
    { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
    { kind: 'scalar', name: 'a', type: 'f32' },
  ],
  body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
};

test('error scopes: pushed on the first launch of a pipeline and with debug: true, not on warm launches', { skip: noAdapter }, async () => {
  const { device } = await acquireDevice();
  const push = device.pushErrorScope.bind(device);
  const pushed: string[] = [];
  device.pushErrorScope = (filter: GPUErrorFilter): undefined => { pushed.push(filter); push(filter); return undefined; };
  try {
    const xs = toDevice(new Float32Array(1000).fill(1));
    const k = new WgslKernel(scale);
    await k.launch(1000, [xs, 2]); // first launch of the pipeline (and first upload of xs)
    // The launch's two scopes, and those around building the pipeline (its compile errors are attributable too).
    assert.ok(pushed.includes('out-of-memory') && pushed.filter((f) => f === 'validation').length >= 1, pushed.join());
    pushed.length = 0;
    await k.launch(1000, [xs, 3]); // warm: same pipeline, xs resident, another scalar
    await k.launch(1000, [xs, 0.5]);
    assert.deepEqual(pushed, [], 'a warm launch on a device array pushes no error scope');
    await k.launch(1000, [xs, 1], { debug: true });
    assert.deepEqual(pushed.sort(), ['out-of-memory', 'validation'], 'debug: true scopes every launch');
    pushed.length = 0;
    const ys = toDevice(new Float32Array(500).fill(1)); // not yet on the device: its upload is scoped
    await k.launch(500, [ys, 2]);
    assert.deepEqual(pushed.sort(), ['out-of-memory', 'validation']);
    // Not vacuous: the launches ran (1 · 2 · 3 · 0.5 · 1 = 3).
    assert.deepEqual(await xs.read(), new Float32Array(1000).fill(3));
    xs.free();
    ys.free();
  } finally {
    device.pushErrorScope = push;
  }
});

test('a seed is drawn only for kernels that call Math.random', { skip: noAdapter }, async () => {
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const original = crypto.randomBytes;
  let draws = 0;
  crypto.randomBytes = ((size: number) => { draws++; return original(size); }) as typeof original;
  syncBuiltinESMExports();
  try {
    const k = new WgslKernel(scale);
    const host = new Float32Array(64).fill(1);
    for (let r = 0; r < 3; r++) await k.launch(64, [host, 2]);
    assert.deepEqual(host, new Float32Array(64).fill(8));
    assert.equal(draws, 0, 'no seed drawn for a kernel without Math.random');
    const noisy = new WgslKernel({
      name: 'noisyRules', grid: 1, usesRandom: true,
      params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }],
      body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = numbat_random(); }',
    });
    const out = new Float32Array(64);
    await noisy.launch(64, [out]);
    await noisy.launch(64, [out]);
    assert.equal(draws, 2, 'one seed per launch of an unseeded kernel that calls Math.random');
    assert.ok(out.every((v) => v >= 0 && v < 1) && new Set(out).size > 32, 'the draws ran');
    await noisy.launch(64, [out], { seed: 7 });
    assert.equal(draws, 2, 'a seeded launch draws none');
  } finally {
    crypto.randomBytes = original;
    syncBuiltinESMExports();
  }
});
