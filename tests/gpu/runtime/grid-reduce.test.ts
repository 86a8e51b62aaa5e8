// 2-D and 3-D reductions walk their grid-stride loop by adding each stride's (sx, sy, sz) with a carry, where
// they used to divide the linear index by nx (and ny) for every element (shader.ts, gridWalk). Checked on
// lavapipe: every (x, y[, z]) is visited exactly once and with the right coordinates, for widths that are
// smaller, equal to, just above and far above the stride, with the default plan and with forced small limits
// (many dispatches, each with its own window), against the exact integer sum computed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from '../_adapter.js';
import { gpu } from '../../../src/gpu/index.js';
import { WgslKernel } from '../../../src/internals.js';
import type { KernelSpec } from '../../../src/gpu/abi.js';

const small = { maxComputeWorkgroupsPerDimension: 4, maxStorageBufferBindingSize: 4096 };
// Position-sensitive weights: swapping x and y, or an off-by-one carry, changes the sum.
const w2 = (x: number, y: number): number => ((x * 7 + 3) * (y * 11 + 5)) % 1009;
const w3 = (x: number, y: number, z: number): number => ((x * 7 + 3) * (y * 11 + 5) * (z * 13 + 1)) % 2003;

const spec2: KernelSpec = {
  name: 'weights2', grid: 2, usesRandom: false, params: [], returns: 'i32', reduce: 'sum',
  body: 'fn numbat_kernel(x: i32, y: i32) -> i32 { return ((x * 7 + 3) * (y * 11 + 5)) % 1009; }',
};
const spec3: KernelSpec = {
  name: 'weights3', grid: 3, usesRandom: false, params: [], returns: 'i32', reduce: 'sum',
  body: 'fn numbat_kernel(x: i32, y: i32, z: i32) -> i32 { return ((x * 7 + 3) * (y * 11 + 5) * (z * 13 + 1)) % 2003; }',
};

test('2-D reductions visit each (x, y) once with its own coordinates, across strides and split dispatches', { skip: noAdapter }, async () => {
  const k = new WgslKernel(spec2);
  for (const [nx, ny] of [[1, 700], [3, 5], [63, 64], [64, 64], [65, 33], [257, 31], [1000, 7], [5000, 3]] as const) {
    let want = 0;
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) want += w2(x, y);
    assert.equal(await k.launch([nx, ny], [], { workgroupSize: 64 }), want, `${nx} × ${ny}`);
    assert.equal(await k.launch([nx, ny], [], { workgroupSize: 64, limits: small }), want, `${nx} × ${ny}, small limits`);
  }
});

test('3-D reductions carry x into y and y into z', { skip: noAdapter }, async () => {
  const k = new WgslKernel(spec3);
  for (const [nx, ny, nz] of [[1, 1, 300], [5, 3, 40], [17, 19, 23], [64, 4, 9], [300, 2, 5]] as const) {
    let want = 0;
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) want += w3(x, y, z);
    assert.equal(await k.launch([nx, ny, nz], [], { workgroupSize: 64 }), want, `${nx} × ${ny} × ${nz}`);
    assert.equal(await k.launch([nx, ny, nz], [], { workgroupSize: 64, limits: small }), want, `${nx} × ${ny} × ${nz}, small limits`);
  }
});

test('a decorated 2-D reduction over an Array-like grid equals the plain double loop', { skip: noAdapter }, async () => {
  const peak = gpu({ grid: 2, reduce: 'max' })(function peak(x: number, y: number, nx: number, xs: Float32Array): number {
    return xs[y * nx + x]! * (x + 1) - y;
  });
  const nx = 333;
  const ny = 41;
  const xs = Float32Array.from({ length: nx * ny }, (_, k) => ((k * 2654435761) % 1000) / 8);
  let want = -Infinity;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) want = Math.max(want, Math.fround(Math.fround(xs[y * nx + x]! * (x + 1)) - y));
  assert.equal(await peak.launch([nx, ny], nx, xs), want);
});
