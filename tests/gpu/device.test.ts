// src/gpu/device.ts re-exports gpu/runtime/device.ts for imports from outside src/gpu (tests/_support/requires.ts
// among them): every runtime export is there and is the same object (one device state, not a second copy),
// and nothing else is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as outer from '../../src/gpu/device.js';
import * as runtime from '../../src/gpu/runtime/device.js';

test('the same exports as runtime/device.ts, each the same object', () => {
  assert.deepEqual(Object.keys(outer).sort(), Object.keys(runtime).sort());
  for (const name of Object.keys(runtime)) assert.equal((outer as Record<string, unknown>)[name], (runtime as Record<string, unknown>)[name], name);
  for (const name of ['acquireDevice', 'gpuInfo', 'gpuAvailable', 'releaseDevice', 'GpuUnavailableError', 'GpuDeviceLostError', 'GPU_ENV', 'IDLE_MS']) {
    assert.ok(name in outer, `${name} is exported`);
  }
});

test('one device state: a device released through one path is gone through the other', async () => {
  outer.releaseDevice('test');
  assert.equal(runtime.readyDevice(), undefined);
  // Without an adapter both report the same reason; with one, both give the same handle's info.
  const [a, b] = await Promise.all([outer.gpuInfo(), runtime.gpuInfo()]);
  assert.deepEqual(a, b);
  if (a.available) assert.equal(outer.readyDevice(), runtime.readyDevice());
  outer.releaseDevice('test done');
});
