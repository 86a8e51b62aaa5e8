import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { GpuCompileError } from '../../src/gpu/index.js';
import { WgslKernel } from '../../src/internals.js';
import { toDevice, deviceZeros } from '../../src/gpu/runtime/array.js';
import { acquireDevice, releaseDevice, GpuDeviceLostError } from '../../src/gpu/runtime/device.js';
import type { KernelSpec } from '../../src/gpu/abi.js';

/**
 * Runs `lose` right after the device's next queue submission, so the loss lands while that launch is in flight
 * on any machine: a timer after a few milliseconds loses the race to a fast device (and, before the launch has
 * submitted, would only make it request a new device). The submission itself goes through unchanged.
 */
function atFirstSubmit(device: GPUDevice, lose: () => void): void {
  const queue = device.queue;
  const submit = queue.submit.bind(queue);
  queue.submit = (buffers: Iterable<GPUCommandBuffer>): undefined => {
    queue.submit = submit;
    submit(buffers);
    lose();
    return undefined;
  };
}

const scale: KernelSpec = {
  name: 'scale', grid: 1, usesRandom: false,
  params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }, { kind: 'scalar', name: 'a', type: 'f32' }],
  body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
};
const copy: KernelSpec = {
  name: 'copy', grid: 1, usesRandom: false,
  params: [
    { kind: 'array', name: 'dst', element: 'f32', writes: true, elementwise: true },
    { kind: 'array', name: 'src', element: 'f32', writes: false, elementwise: true },
  ],
  body: 'fn numbat_kernel(i: i32) { a_dst[numbat_li] = a_src[numbat_li] + 1.0; }',
};

test('device arrays stay on the device across launches and are read explicitly', { skip: noAdapter }, async () => {
  const host = Float32Array.from([1, 2, 3, 4, 5]);
  const xs = toDevice(host);
  const k = new WgslKernel(scale);
  await k.launch(xs.length, [xs, 2]);
  assert.equal(k.lastLaunch!.bytesDownloaded, 0, 'nothing read back for a device array');
  await k.launch(xs.length, [xs, 3]);
  assert.deepEqual([...host], [1, 2, 3, 4, 5], 'the caller array is a copy, untouched');
  assert.deepEqual([...(await xs.read())], [6, 12, 18, 24, 30]);
  const out = deviceZeros(Float32Array, 5);
  await new WgslKernel(copy).launch(5, [out, xs]);
  assert.deepEqual([...(await out.read())], [7, 13, 19, 25, 31]);
  out.free();
  await assert.rejects(new WgslKernel(copy).launch(5, [out, xs]), /freed/);
  xs.free();
});

test('device arrays: second launch uploads nothing', { skip: noAdapter }, async () => {
  const xs = toDevice(new Float32Array(1000).fill(1));
  const k = new WgslKernel(scale);
  await k.launch(1000, [xs, 2]);
  const first = k.lastLaunch!.bytesUploaded;
  await k.launch(1000, [xs, 2]);
  assert.ok(first > 4000, 'the first launch uploads the array and the uniforms');
  assert.equal(k.lastLaunch!.bytesUploaded, 0, 'the array is uploaded once, unchanged uniforms are not written again');
  await k.launch(1000, [xs, 0.5]);
  assert.equal(k.lastLaunch!.bytesUploaded, first - 4000, 'a new scalar writes the uniforms only');
  assert.deepEqual(await xs.read(), new Float32Array(1000).fill(2));
  xs.free();
});

test('a WGSL compile error names the JavaScript line the WGSL came from', { skip: noAdapter }, async () => {
  const bad: KernelSpec = {
    ...scale,
    name: 'bad',

    body: 'fn numbat_kernel(i: i32) {\n  let y = 1.0;\n  a_xs[numbat_li] = y * nope;\n}',
    locate: (line) => ({ file: 'bad.ts', line: [1, 2, 7, 8][line]!, column: 3, text: 'xs[i] = y * nope' }),
  };
  await assert.rejects(new WgslKernel(bad).launch(4, [new Float32Array(4), 1]), (e: unknown) => {
    assert.ok(e instanceof GpuCompileError);
    assert.equal(e.sourceLine, 7);
    assert.match(e.message, /bad\.ts:7:3\nxs\[i\] = y \* nope/);
    assert.match(e.message, /nope/);
    return true;
  });
});

test('a device lost mid-launch rejects that launch clearly; the next launch gets a new device', { skip: noAdapter }, async () => {
  const slow: KernelSpec = {
    name: 'slow', grid: 1, usesRandom: false,
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) { var s = 0.0; for (var k = 0; k < 2000; k++) { s += sin(f32(k + i)); } a_xs[numbat_li] = s; }',
  };
  const k = new WgslKernel(slow);
  await k.launch(10, [new Float32Array(10)]); // compiled, device up
  const before = await acquireDevice();
  atFirstSubmit(before.device, () => releaseDevice('simulated loss'));
  const pending = k.launch(200_000, [new Float32Array(200_000)]);
  await assert.rejects(pending, (e: unknown) => {
    assert.ok(e instanceof GpuDeviceLostError, String(e));
    assert.match(e.message, /launch of kernel 'slow' failed.*lost.*next launch requests a new device/s);
    return true;
  });
  const xs = new Float32Array(3);
  await k.launch(3, [xs]);
  assert.notEqual(xs[1], 0);
  const after = await acquireDevice();
  assert.notEqual(after.generation, before.generation);
});

test('a device array whose only copy was on a lost device says so; one with a valid host copy is re-uploaded', { skip: noAdapter }, async () => {
  const written = toDevice(Float32Array.from([1, 2]));
  const untouched = toDevice(Float32Array.from([5, 6]));
  await new WgslKernel(scale).launch(2, [written, 2]);
  await new WgslKernel(copy).launch(2, [deviceZeros(Float32Array, 2), untouched]);
  releaseDevice('simulated loss');
  await assert.rejects(written.read(), /lost/);
  const out = new Float32Array(2);
  await new WgslKernel(copy).launch(2, [out, untouched]);
  assert.deepEqual([...out], [6, 7]);
});

test('a loss reported by the device itself (not numbat) also rejects the launch and recovers', { skip: noAdapter }, async () => {
  const slow: KernelSpec = {
    name: 'slow2', grid: 1, usesRandom: false,
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) { var s = 0.0; for (var k = 0; k < 2000; k++) { s += cos(f32(k - i)); } a_xs[numbat_li] = s; }',
  };
  const k = new WgslKernel(slow);
  await k.launch(10, [new Float32Array(10)]);
  const handle = await acquireDevice();
  atFirstSubmit(handle.device, () => handle.device.destroy()); // as a driver reset would: numbat learns of it from device.lost
  const pending = k.launch(200_000, [new Float32Array(200_000)]);
  await assert.rejects(pending, (e: unknown) => e instanceof GpuDeviceLostError && /launch of kernel 'slow2' failed/.test(e.message));
  const xs = new Float32Array(2);
  await k.launch(2, [xs]);
  assert.notEqual(xs[0], 0);
});
