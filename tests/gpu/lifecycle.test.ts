import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { noAdapter } from './_adapter.js';
import { acquireDevice, IDLE_MS, setIdleRelease } from '../../src/gpu/runtime/device.js';
import { gpu } from '../../src/gpu/index.js';

test('an idle device is released after the idle delay (settable); the next launch requests a new one', { skip: noAdapter }, async () => {
  assert.equal(IDLE_MS, 5000);
  setIdleRelease(100);
  try {
  const inc = gpu(function inc(i: number, xs: Int32Array) {
    xs[i] = xs[i]! + 1;
  });
  const xs = new Int32Array(4);
  await inc.launch(4, xs);
  const first = await acquireDevice();
  // Event-driven: settles when the idle release happens; the generous timer only keeps the event loop alive
  // (the idle timer is unref'd, so that a process never waits for it).
  await Promise.race([first.lostPromise.catch(() => undefined), new Promise((r) => setTimeout(r, 30_000))]);
  assert.match(first.lost ?? '', /idle/);
  await inc.launch(4, xs);
  assert.deepEqual([...xs], [2, 2, 2, 2]);
  assert.ok((await acquireDevice()).generation > first.generation);
  } finally {
    setIdleRelease(IDLE_MS);
  }
});

test('a device array holding data keeps the device alive while idle', { skip: noAdapter }, async () => {
  const arr = gpu.array(Int32Array.from([1, 2]));
  const inc = gpu(function inc2(i: number, xs: Int32Array) {
    xs[i] = xs[i]! + 1;
  });
  await inc.launch(2, arr);
  const handle = await acquireDevice();
  setIdleRelease(100);
  try {
    await new Promise((r) => setTimeout(r, 600)); // several idle delays pass
  } finally {
    setIdleRelease(IDLE_MS);
  }
  assert.equal(handle.lost, undefined);
  assert.deepEqual([...(await arr.read())], [2, 3]);
  arr.free();
});

test('in a worker thread, kernels run on the CPU (Dawn is used from the main thread only)', async () => {
  const worker = new Worker(new URL('./_worker-boot.mjs', import.meta.url));
  const message = await new Promise<{ backend: string; xs: number[]; info: { available: boolean; reason: string } }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(message.backend, 'cpu');
  assert.deepEqual(message.xs, [2, 4, 6]);
  assert.equal(message.info.available, false);
  assert.match(message.info.reason, /main thread/);
});
