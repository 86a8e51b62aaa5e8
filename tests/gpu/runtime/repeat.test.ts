// A launch repeated with the same device arrays and scalars only encodes and submits (no plan, no uniform
// write, no bind group lookup): the results must be those of full launches, whatever comes in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { toDevice } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import type { KernelSpec } from '../../../src/gpu/abi.js';

const scale: KernelSpec = {
  name: 'scaleRepeat', grid: 1, usesRandom: false,
  params: [
    { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
    { kind: 'scalar', name: 'a', type: 'f32' },
  ],
  body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
};

test('repeated launches on device arrays give the results of full launches, with other launches in between', { skip: noAdapter }, async () => {
  const n = 1000;
  const xs = toDevice(new Float32Array(n).fill(1));
  const ys = toDevice(new Float32Array(n).fill(1));
  const k = new WgslKernel(scale);
  await k.launch(n, [xs, 2]);
  await k.launch(n, [xs, 2]); // repeated
  assert.equal(k.lastLaunch!.bytesUploaded, 0);
  await k.launch(n, [ys, 3]); // other array and scalar: a full launch
  await k.launch(n, [xs, 2]); // not the last launch's arguments: a full launch again
  await k.launch(n, [xs, 2]); // repeated
  await k.launch(n - 1, [xs, 2]); // another extent: the last element is left alone
  await k.launch(n, [new Float32Array(n).fill(5), 2]); // a host array: nothing to repeat
  await k.launch(n, [xs, 0.5]);
  const back = await xs.read();
  assert.equal(back[0], 16);
  assert.equal(back[n - 1], 8);
  assert.deepEqual(await ys.read(), new Float32Array(n).fill(3));
  ys.free();
  await assert.rejects(k.launch(n, [ys, 3]), /freed/);
  xs.free();
});

test('repeated reductions read their own partials: interleaved with writes, and several in flight at once', { skip: noAdapter }, async () => {
  const { gpu } = await import('../../../src/gpu/index.js');
  const n = 5000;
  const inc = gpu(function incRepeat(i: number, xs: Float32Array) {
    xs[i] = xs[i]! + 1;
  });
  const total = gpu({ reduce: 'sum' })(function totalRepeat(i: number, xs: Float32Array): number {
    return xs[i]!;
  });
  const xs = toDevice(new Float32Array(n));
  for (let k = 1; k <= 4; k++) {
    await inc.launch(n, xs);
    assert.equal(await total.launch(n, xs), k * n); // the first is a full launch, the others repeats
    assert.equal(await total.launch(n, xs), k * n);
    assert.equal(total.lastLaunch!.bytesUploaded, 0);
  }
  // No array argument, so nothing orders these launches: each must still read its own partials while the
  // kept staging buffer is busy with another.
  const constant = gpu({ reduce: 'sum' })(function constantRepeat(i: number, a: number): number {
    return a;
  });
  assert.equal(await constant.launch(n, 2), 2 * n);
  const totals = await Promise.all([1, 2, 2, 2, 3].map((a) => constant.launch(n, a)));
  assert.deepEqual(totals, [n, 2 * n, 2 * n, 2 * n, 3 * n]);
  xs.free();
});

test('a repeat skips the argument checks only for the very same arguments: a missing or extra one is still refused', { skip: noAdapter }, async () => {
  const total: KernelSpec = {
    name: 'totalArgs', grid: 1, usesRandom: false, reduce: 'sum', returns: 'f32',
    params: [{ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }],
    body: 'fn numbat_kernel(i: i32) -> f32 { return a_xs[numbat_li]; }',
  };
  const k = new WgslKernel(total);
  const xs = toDevice(new Float32Array(256).fill(1));
  assert.equal(await k.launch(256, [xs]), 256);
  assert.equal(await k.launch(256, [xs]), 256); // repeated: only encoded, submitted and mapped
  await assert.rejects(k.launch(256, []), TypeError);
  await assert.rejects(k.launch(256, [xs, 1]), TypeError);
  // Options given to one launch (its own timeout) go through the same path and give the same total.
  assert.equal(await k.launch(256, [xs], { timeout: 60_000 }), 256);
  xs.free();
});
