// src/gpu/runtime/buffers.ts: the per-device pool of launch buffers. Checked on lavapipe: a recycled buffer comes
// back for the same usage and size (and only then), creating one calls the launch's `beforeCreate` (its
// out-of-memory scope) while reusing one does not, every buffer taken is listed in the launch's `owned`, a
// buffer still mapped (or being mapped) is destroyed rather than pooled, and pools are per device. bufferId and
// typedCtor are checked without a device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { acquireDevice } from '../../../src/gpu/runtime/device.js';
import { bufferId, recycle, takeBuffer, typedCtor } from '../../../src/gpu/runtime/buffers.js';

test('bufferId is stable per object and distinct between objects; typedCtor follows the element', () => {
  const a = {}, b = {};
  assert.equal(bufferId(a), bufferId(a));
  assert.notEqual(bufferId(a), bufferId(b));
  assert.equal(typedCtor('f32'), Float32Array);
  assert.equal(typedCtor('i32'), Int32Array);
  assert.equal(typedCtor('u32'), Uint32Array);
});

test('a recycled buffer is reused for the same usage and size only; creating one opens the launch\'s scope', { skip: noAdapter }, async () => {
  const { device } = await acquireDevice();
  const storage = { size: 64, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST };
  let created = 0;
  const owned: GPUBuffer[] = [];
  const first = takeBuffer(device, storage, owned, () => created++);
  assert.equal(created, 1);
  assert.deepEqual(owned, [first]);
  recycle(device, first);
  const again: GPUBuffer[] = [];
  assert.equal(takeBuffer(device, storage, again, () => created++), first, 'the pooled buffer');
  assert.equal(created, 1, 'no creation, so no out-of-memory scope');
  assert.deepEqual(again, [first]);
  const other = takeBuffer(device, { ...storage, size: 128 }, [], () => created++);
  assert.notEqual(other, first, 'another size: a new buffer');
  const otherUsage = takeBuffer(device, { ...storage, usage: GPUBufferUsage.STORAGE }, [], () => created++);
  assert.notEqual(otherUsage, first, 'another usage: a new buffer');
  assert.equal(created, 3);
  // Taken once: the pool gives it to one launch only.
  recycle(device, first);
  const x = takeBuffer(device, storage, []);
  const y = takeBuffer(device, storage, []);
  assert.ok(x === first && y !== first);
  for (const b of [x, y, other, otherUsage]) b.destroy();
});

test('a mapped or pending-map buffer is destroyed, not pooled', { skip: noAdapter }, async () => {
  const { device } = await acquireDevice();
  const staging = { size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST };
  const mapped = takeBuffer(device, staging, []);
  await mapped.mapAsync(GPUMapMode.READ);
  recycle(device, mapped);
  assert.notEqual(takeBuffer(device, staging, []), mapped, 'a mapped buffer never reaches another launch');
  const pending = takeBuffer(device, staging, []);
  const mapping = pending.mapAsync(GPUMapMode.READ);
  recycle(device, pending);
  await mapping.catch(() => undefined); // destroyed while mapping: the map is aborted
  assert.notEqual(takeBuffer(device, staging, []), pending);
  const unmapped = takeBuffer(device, staging, []);
  await unmapped.mapAsync(GPUMapMode.READ);
  unmapped.unmap();
  recycle(device, unmapped);
  assert.equal(takeBuffer(device, staging, []), unmapped, 'unmapped again: pooled');
});
