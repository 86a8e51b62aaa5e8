// src/gpu/runtime/cache.ts: what a kernel keeps between launches. Checked directly on lavapipe: the uniform
// buffer is written only when its words change, reused while they fit, replaced when a larger plan needs more;
// bind groups are made once per (pipeline, buffers, offsets, sizes) and the cache starts again past 64 entries;
// without a remembered launch nothing repeats. (Repeats themselves, through real launches: repeat.test.ts and
// faults.test.ts beside this file.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { acquireDevice } from '../../../src/gpu/runtime/device.js';
import { KernelCache } from '../../../src/gpu/runtime/cache.js';
import { pipelineFor } from '../../../src/gpu/runtime/pipeline.js';
import { assembleShader } from '../../../src/gpu/wgsl/shader.js';
import type { KernelSpec } from '../../../src/internals.js';

test('the uniform buffer is written only when its words change, and replaced only when they outgrow it', { skip: noAdapter }, async () => {
  const handle = await acquireDevice();
  const cache = new KernelCache();
  let created = 0;
  const create = (): GPUBuffer => {
    created++;
    return handle.device.createBuffer({ size: 256, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  };
  const w1 = new Uint32Array([1, 2, 3, 4]);
  const a = cache.uniformBuffer(handle, w1, create);
  assert.equal(a.written, true);
  assert.equal(created, 1);
  const same = cache.uniformBuffer(handle, new Uint32Array([1, 2, 3, 4]), create);
  assert.deepEqual([same.buffer === a.buffer, same.written], [true, false], 'equal words: no write');
  const changed = cache.uniformBuffer(handle, new Uint32Array([1, 2, 3, 5]), create);
  assert.deepEqual([changed.buffer === a.buffer, changed.written], [true, true], 'changed words: written into the same buffer');
  const larger = cache.uniformBuffer(handle, new Uint32Array(8).fill(9), create);
  assert.deepEqual([larger.buffer === a.buffer, larger.written, created], [false, true, 2], 'more words: a new buffer');
});

test('bind groups are made once per pipeline and bound buffers, and the cache restarts past 64', { skip: noAdapter }, async () => {
  const handle = await acquireDevice();
  const spec: KernelSpec = {
    name: 'copyCache', grid: 1, usesRandom: false, body: 'fn numbat_kernel(i: i32) { a_out[numbat_li] = a_xs[numbat_li]; }',
    params: [
      { kind: 'array', name: 'out', element: 'f32', writes: true, elementwise: true },
      { kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true },
    ],
  };
  const compiled = await pipelineFor(handle, spec, assembleShader(spec, 64));
  const device = handle.device;
  const uniform = device.createBuffer({ size: 256, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const storage = (): GPUBuffer => device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
  const [out, xs, other] = [storage(), storage(), storage()];
  const entries = (x: GPUBuffer, size?: number): GPUBindGroupEntry[] => [
    { binding: 0, resource: { buffer: uniform, offset: 0, size: 80 } },
    { binding: 1, resource: { buffer: out } },
    { binding: 2, resource: size === undefined ? { buffer: x } : { buffer: x, size } },
  ];
  const cache = new KernelCache();
  const g = cache.bindGroup(handle, compiled, entries(xs));
  assert.equal(cache.bindGroup(handle, compiled, entries(xs)), g, 'the same buffers: the same group');
  assert.notEqual(cache.bindGroup(handle, compiled, entries(other)), g, 'another buffer: another group');
  assert.notEqual(cache.bindGroup(handle, compiled, entries(xs, 32)), g, 'another binding size: another group');
  const fresh = Array.from({ length: 64 }, storage);
  for (const b of fresh) cache.bindGroup(handle, compiled, entries(b));
  assert.notEqual(cache.bindGroup(handle, compiled, entries(xs)), g, 'past 64 entries the cache started again');
  for (const b of [uniform, out, xs, other, ...fresh]) b.destroy();
});

test('nothing repeats before a launch is remembered, nor after it is forgotten', { skip: noAdapter }, async () => {
  const handle = await acquireDevice();
  const cache = new KernelCache();
  const spec: KernelSpec = { name: 'none', grid: 1, usesRandom: false, body: '', params: [] };
  const take = (): GPUBuffer => { throw new Error('no staging buffer should be taken'); };
  assert.equal(cache.repeat(handle, spec, {}, [4, 1, 1], [], take), undefined);
  cache.remember(undefined);
  assert.equal(cache.repeat(handle, spec, {}, [4, 1, 1], [], take), undefined);
});
