// An array the kernel only writes, at indices it cannot prove cover the array (`out[idx[i]] = …`, a store
// after an early return), is not uploaded: stores mark their element in a bit mask and only marked elements
// are copied back. Observed through the launch statistics, and checked against plain JS and the CPU fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { gpu } from '../../src/gpu/index.js';
import { WgslKernel } from '../../src/internals.js';

test('out[idx[i]] = src[i]: `out` is not uploaded, unwritten elements keep their values, written ones are exact', { skip: noAdapter }, async () => {
  function scatter(i: number, idx: Int32Array, src: Float32Array, out: Float32Array): void {
    out[idx[i]!] = src[i]!;
  }
  const k = gpu(scatter);
  const n = 10_000;
  const m = 3 * n + 17; // most of `out` is never written
  const idx = Int32Array.from({ length: n }, (_, i) => (i * 7919) % m);
  const src = Float32Array.from({ length: n }, (_, i) => i + 0.5);
  const out = Float32Array.from({ length: m }, (_, i) => -i);
  const expected = Float32Array.from(out);
  for (let i = 0; i < n; i++) scatter(i, idx, src, expected);
  await k.launch(n, idx, src, out);
  assert.deepEqual(out, expected);
  const stats = k.lastLaunch!;
  // idx and src (4 bytes each per invocation) and the uniform block; not out's 4·m bytes.
  assert.ok(stats.bytesUploaded < 8 * n + 512, `uploaded ${stats.bytesUploaded} bytes`);
  assert.ok(stats.bytesUploaded >= 8 * n);
  // out comes back with its mask (one bit per element).
  assert.ok(stats.bytesDownloaded >= 4 * m + Math.ceil(m / 32) * 4);
});

test('a store after an early return is scattered too; an array that is also read is uploaded as before', { skip: noAdapter }, async () => {
  function half(i: number, xs: Float32Array, out: Float32Array): void {
    if (xs[i]! < 0) return;
    out[i] = 2 * xs[i]!;
  }
  function bump(i: number, idx: Int32Array, out: Float32Array): void {
    out[idx[i]!] = out[idx[i]!]! + 1;
  }
  const n = 4096;
  const xs = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : i));
  const out = new Float32Array(n).fill(7);
  const expected = Float32Array.from(out);
  for (let i = 0; i < n; i++) half(i, xs, expected);
  const h = gpu(half);
  await h.launch(n, xs, out);
  assert.deepEqual(out, expected);
  assert.ok(h.lastLaunch!.bytesUploaded < 4 * n + 512, `uploaded ${h.lastLaunch!.bytesUploaded} bytes: out was not`);

  const b = gpu(bump);
  const idx = Int32Array.from({ length: n }, (_, i) => (i * 31) % n);
  const counts = new Float32Array(n).fill(1);
  await b.launch(n, idx, counts);
  assert.deepEqual(counts, new Float32Array(n).fill(2));
  assert.ok(b.lastLaunch!.bytesUploaded >= 8 * n, 'a read-modify-write array is uploaded');
});

test('a scattered device array keeps its unwritten elements on the device; the mask is not kept for repeats', { skip: noAdapter }, async () => {
  const k = gpu(function scatterDev(i: number, idx: Int32Array, out: Float32Array): void {
    out[idx[i]!] = i;
  });
  const out = gpu.array(new Float32Array(100).fill(-1));
  const idx = gpu.array(Int32Array.from([5, 50, 95]));
  await k.launch(3, idx, out);
  await k.launch(3, idx, out);
  const back = await out.read();
  const expected = new Float32Array(100).fill(-1);
  expected[5] = 0;
  expected[50] = 1;
  expected[95] = 2;
  assert.deepEqual(back, expected);
  out.free();
  idx.free();
});

test('the WGSL of a scattered array marks its stores; a hand-written spec follows the same ABI', { skip: noAdapter }, async () => {
  const spec = {
    name: 'everyOther', grid: 1 as const, usesRandom: false,
    params: [{ kind: 'array' as const, name: 'out', element: 'f32' as const, writes: true, elementwise: false, scattered: true }],
    body: 'fn numbat_kernel(i: i32) { let k = u32(i) * 2u; a_out[k] = f32(i); atomicOr(&numbat_wm_out[k >> 5u], 1u << (k & 31u)); }',
  };
  const kernel = new WgslKernel(spec);
  const out = new Float32Array(4096).fill(9);
  await kernel.launch(2048, [out]);
  assert.deepEqual(out, Float32Array.from({ length: 4096 }, (_, k) => (k % 2 === 0 ? k / 2 : 9)));
  assert.ok(kernel.lastLaunch!.bytesUploaded < 4096 * 4, 'only the uniform block is uploaded');
  assert.match(kernel.wgsl(), /numbat_wm_out: array<atomic<u32>>/);
});
