// The host side of src/gpu/runtime/array.ts, without a device (device round trips are in array-errors.test.ts):
// elementTypeOf names f32/i32/u32 typed arrays and device arrays and refuses everything else with what to do;
// toDevice copies (never shares) and checks its input, a Float64Array against double-f32's range; deviceZeros
// checks its length; a DeviceArray's length, element and byteLength (8 bytes for an f64 pair); read() without a
// device resolves to a fresh copy; markWritten makes the host copy stale; free() makes every later use fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceArray, deviceZeros, elementTypeOf, toDevice } from '../../../src/gpu/runtime/array.js';

test('elementTypeOf: the WGSL element of f32, i32 and u32 arrays and of device arrays', () => {
  assert.equal(elementTypeOf(new Float32Array(4), 'xs'), 'f32');
  assert.equal(elementTypeOf(new Int32Array(4), 'ids'), 'i32');
  assert.equal(elementTypeOf(new Uint32Array(0), 'ids'), 'u32');
  assert.equal(elementTypeOf(new DeviceArray(new Int32Array(2)), 'ids'), 'i32');
});

test('elementTypeOf refuses other arrays and values, naming them and what to pass instead', () => {
  assert.throws(() => elementTypeOf(new Float64Array(2), 'xs'), { name: 'TypeError', message: /^xs is a Float64Array, but WGSL has no 64-bit floats: pass a Float32Array/ });
  assert.throws(() => elementTypeOf(new DeviceArray(new Float64Array(2)), 'xs'), {
    message: "xs is a Float64Array device array, which only kernels compiled with { precision: 'f64-emulated' } take (as double-f32)",
  });
  assert.throws(() => elementTypeOf([1, 2], 'xs'), { name: 'TypeError', message: /^xs is a Array; GPU kernels take .*gpu\.array\(\.\.\.\)/ });
  assert.throws(() => elementTypeOf(new Uint8Array(2), 'xs'), { message: /^xs is a Uint8Array/ });
  assert.throws(() => elementTypeOf(null, 'xs'), { message: /^xs is a object;/ });
  assert.throws(() => elementTypeOf(undefined, 'xs'), { message: /^xs is a undefined;/ });
});

test('a DeviceArray: length, element and bytes on the device', () => {
  const f = new DeviceArray(new Float32Array(10));
  assert.deepEqual([f.length, f.element, f.byteLength], [10, 'f32', 40]);
  const u = new DeviceArray(new Uint32Array(3));
  assert.deepEqual([u.length, u.element, u.byteLength], [3, 'u32', 12]);
  const d = new DeviceArray(new Float64Array(5));
  assert.deepEqual([d.length, d.element, d.byteLength], [5, 'f64', 40], 'an f64 element is a (hi, lo) pair of f32: 8 bytes');
  assert.equal(f.resident, false, 'nothing uploaded yet');
  assert.equal(f.onDeviceOnly, false);
  assert.throws(() => new DeviceArray(new Int16Array(2) as unknown as Int32Array), { message: /^gpu\.array\(data\) is a Int16Array/ });
});

test('toDevice copies the caller\'s array: later writes on either side do not reach the other', async () => {
  const host = Float32Array.of(1, 2, 3);
  const d = toDevice(host);
  host[0] = 99;
  assert.deepEqual([...(await d.read())], [1, 2, 3]);
  const got = await d.read();
  got[1] = -5;
  assert.deepEqual([...(await d.read())], [1, 2, 3], 'read() gives a new array each time');
  assert.notEqual(await d.read(), await d.read());
});

test('toDevice checks its input: WGSL element types, and Float64Arrays within double-f32\'s range', () => {
  assert.throws(() => toDevice(new Int8Array(2) as unknown as Int32Array), { name: 'TypeError', message: /^gpu\.array\(data\) is a Int8Array/ });
  assert.throws(() => toDevice(Float64Array.of(1, 1e39)), { name: 'RangeError', message: /^gpu\.array\(data\): element 1 is 1e\+39, past 3\.4e38/ });
  assert.throws(() => toDevice(Float64Array.of(1e-40)), { name: 'RangeError', message: /element 0 is 1e-40, below 1\.2e-38/ });
  const d = toDevice(Float64Array.of(0.1, -2.5));
  assert.equal(d.element, 'f64');
  assert.deepEqual([...d.hostArray()], [0.1, -2.5], 'the host copy keeps the doubles until a launch');
});

test('deviceZeros: a zero-filled array of the given type; the length must be a non-negative integer', async () => {
  const z = deviceZeros(Int32Array, 4);
  assert.equal(z.element, 'i32');
  assert.deepEqual([...(await z.read())], [0, 0, 0, 0]);
  assert.equal(deviceZeros(Float32Array, 0).length, 0);
  for (const bad of [-1, 1.5, Number.NaN]) {
    assert.throws(() => deviceZeros(Float32Array, bad), { name: 'RangeError', message: `gpu.zeros: length must be a non-negative integer, got ${bad}` });
  }
});

test('after a launch wrote the array, the host copy is stale until read', () => {
  const d = toDevice(Float32Array.of(1, 2));
  assert.deepEqual([...d.hostArray()], [1, 2]);
  d.markWritten();
  assert.throws(() => d.hostArray(), { message: 'this device array was written on the GPU: call `await arr.read()` before using it on the CPU' });
});

test('free() releases the array: later uses fail clearly, and freeing twice is harmless', async () => {
  const d = toDevice(Uint32Array.of(7));
  d.free();
  d.free();
  const freed = { message: 'this device array was freed (.free()); create a new one with gpu.array(...)' };
  assert.throws(() => d.hostArray(), freed);
  await assert.rejects(d.read(), freed);
});
