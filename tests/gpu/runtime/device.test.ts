// src/gpu/runtime/device.ts: one device per process. Checked on lavapipe: concurrent and later acquires share
// one handle (and one request), readyDevice returns it without waiting, its info and limits are frozen copies
// of the device's; releaseDevice/retire/abandon mark it lost with the first reason, reject its lostPromise
// with a GpuDeviceLostError carrying it, and the next acquire gets a new generation; NUMBAT_GPU=off is an
// unavailable adapter (gpuInfo reports why); the idle release (a settable delay, a device requested only for
// gpuInfo included) waits for work in flight (beginWork) and for held data (holdDevice), and happens once the
// holder lets go; in a worker thread kernels run on the CPU. Waits are event-driven (lostPromise), with a
// generous cap only to keep a broken release from hanging the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { noAdapter } from '../_adapter.js';
import {
  acquireDevice, beginWork, GPU_ENV, GpuDeviceLostError, gpuAvailable, gpuInfo, GpuUnavailableError, holdDevice, IDLE_MS, readyDevice,
  releaseDevice, retire, setIdleRelease, type DeviceHandle,
} from '../../../src/gpu/runtime/device.js';
import { gpu } from '../../../src/gpu/index.js';

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
  const worker = new Worker(new URL('../_worker-boot.mjs', import.meta.url));
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Settles when `h` is lost, or after `cap` ms (the idle timer is unref'd: this timer keeps the loop alive). */
const lostOrAfter = (h: DeviceHandle, cap = 15_000): Promise<unknown> => Promise.race([h.lostPromise.catch(() => undefined), sleep(cap)]);

test('one handle for concurrent and later acquires (one request); readyDevice returns it; frozen info and limits', { skip: noAdapter }, async () => {
  releaseDevice('test: start afresh');
  assert.equal(readyDevice(), undefined);
  const [a, b] = await Promise.all([acquireDevice(), acquireDevice()]);
  assert.equal(a, b, 'a request in flight is shared');
  assert.equal(await acquireDevice(), a);
  assert.equal(readyDevice(), a);
  assert.equal(a.info.available, true);
  assert.equal(await gpuInfo(), a.info);
  assert.equal(await gpuAvailable(), true);
  assert.ok(Object.isFrozen(a.limits) && Object.isFrozen(a.info.limits));
  for (const key of ['maxStorageBufferBindingSize', 'maxComputeWorkgroupSizeX', 'minUniformBufferOffsetAlignment']) {
    const fromDevice = (a.device.limits as unknown as Record<string, number>)[key];
    assert.equal(a.info.limits![key], fromDevice, key);
    assert.equal((a.limits as unknown as Record<string, number>)[key], fromDevice, key);
  }
  if (/llvmpipe|lavapipe/i.test(`${a.info.device} ${a.info.description}`)) assert.equal(a.info.software, true, 'lavapipe is a software adapter');
});

test('releaseDevice and retire: lost with the first reason, lostPromise rejects with it, the next acquire is a new generation', { skip: noAdapter }, async () => {
  const h = await acquireDevice();
  releaseDevice('test release');
  assert.equal(readyDevice(), undefined);
  assert.equal(h.lost, 'test release');
  await assert.rejects(h.lostPromise, (e: unknown) =>
    e instanceof GpuDeviceLostError && e.name === 'GpuDeviceLostError' && e.reason === 'test release' &&
    /was lost \(test release\)/.test(e.message) && /must be re-created/.test(e.message));
  releaseDevice('nothing current: a no-op');
  const next = await acquireDevice();
  assert.notEqual(next, h);
  assert.ok(next.generation > h.generation);
  retire(h, 'retired again');
  assert.equal(h.lost, 'test release', 'the first reason is kept');
  assert.equal(readyDevice(), next, 'retiring an old handle leaves the current device alone');
  next.abandon('first');
  next.abandon('second');
  assert.equal(next.lost, 'first');
  assert.equal(readyDevice(), undefined, 'an abandoned device is no longer current');
  await assert.rejects(next.lostPromise, (e: unknown) => e instanceof GpuDeviceLostError && e.reason === 'first');
  retire(next, 'cleanup');
});

test(`${GPU_ENV}=off: acquiring rejects with GpuUnavailableError and gpuInfo says why; unset, a device is had again`, { skip: noAdapter }, async () => {
  assert.equal(GPU_ENV, 'NUMBAT_GPU');
  releaseDevice('test: off');
  const before = process.env[GPU_ENV];
  process.env[GPU_ENV] = 'off';
  try {
    await assert.rejects(acquireDevice(), (e: unknown) => e instanceof GpuUnavailableError && /disabled by NUMBAT_GPU=off/.test(e.message));
    const info = await gpuInfo();
    assert.equal(info.available, false);
    assert.match(info.reason!, /NUMBAT_GPU=off/);
    assert.equal(await gpuAvailable(), false);
  } finally {
    if (before === undefined) delete process.env[GPU_ENV];
    else process.env[GPU_ENV] = before;
  }
  assert.equal((await acquireDevice()).info.available, true);
});

test('setIdleRelease takes a non-negative delay (Infinity too) and refuses anything else', () => {
  for (const bad of [-1, NaN, -Infinity]) assert.throws(() => setIdleRelease(bad), (e: unknown) => e instanceof RangeError && /non-negative number of milliseconds/.test(e.message));
  try {
    setIdleRelease(Infinity);
    setIdleRelease(0);
  } finally {
    setIdleRelease(IDLE_MS);
  }
});

test('a device requested only for gpuInfo is released when idle too', { skip: noAdapter }, async () => {
  releaseDevice('test: info only');
  setIdleRelease(50);
  try {
    await gpuInfo();
    const h = readyDevice();
    assert.ok(h);
    await lostOrAfter(h);
    assert.equal(h.lost, 'released when idle');
  } finally {
    setIdleRelease(IDLE_MS);
  }
});

test('work in flight (beginWork) keeps an idle device; once done (idempotent), it is released, and so is the next one', { skip: noAdapter }, async () => {
  const h = await acquireDevice();
  setIdleRelease(50);
  try {
    const done = beginWork();
    await sleep(300); // several idle delays
    assert.equal(h.lost, undefined);
    done();
    done(); // a second call must not count another end of work
    await lostOrAfter(h);
    assert.equal(h.lost, 'released when idle');
    const next = await acquireDevice();
    await lostOrAfter(next);
    assert.equal(next.lost, 'released when idle', 'the work count is back to 0, not below');
  } finally {
    setIdleRelease(IDLE_MS);
  }
});

test('holdDevice keeps the idle device while its predicate is true, and lets it be released once it is not', { skip: noAdapter }, async () => {
  // Before the fix, a held device's idle timer was not re-armed: once the data was freed the device stayed
  // until the next launch, with Dawn's threads busy (the reason for the idle release).
  const h = await acquireDevice();
  let held = true;
  const unregister = holdDevice(() => held);
  setIdleRelease(50);
  try {
    beginWork()(); // arms the idle timer
    await sleep(300);
    assert.equal(h.lost, undefined, 'held');
    held = false;
    await lostOrAfter(h);
    assert.equal(h.lost, 'released when idle', 'released once nothing holds it');
  } finally {
    unregister();
    setIdleRelease(IDLE_MS);
  }
});
