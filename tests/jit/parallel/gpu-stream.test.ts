// A seeded prange loop draws what the seeded @gpu kernel draws: invocation i's f32 value is iteration i's
// double truncated to 24 bits (src/jit/parallel/philox.ts states the layout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoJit, prange } from '../../../src/index.js';
import { gpu } from '../../../src/gpu/index.js';
import { releaseDevice } from '../../../src/gpu/device.js';
import { lavapipe, requireOrSkip } from '../../_support/requires.js';

test('iteration i of a prange loop after memoJit.seed(s) draws invocation i of gpu({ seed: s }), to 24 bits', async (t) => {
  if (!(await requireOrSkip(t, lavapipe))) return;
  // Six draws: the fifth and sixth come from each stream's second Philox block.
  const kernel = gpu({ seed: 42 })(function six(i: number, a: Float32Array, b: Float32Array, c: Float32Array, d: Float32Array, e: Float32Array, f: Float32Array) {
    a[i] = Math.random(); b[i] = Math.random(); c[i] = Math.random(); d[i] = Math.random(); e[i] = Math.random(); f[i] = Math.random();
  });
  const cpu = memoJit({ parallel: true })(function six(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, e: Float64Array, f: Float64Array) {
    for (const i of prange(a.length)) {
      a[i] = Math.random(); b[i] = Math.random(); c[i] = Math.random(); d[i] = Math.random(); e[i] = Math.random(); f[i] = Math.random();
    }
  });
  const n = 20_000;
  const onGpu = Array.from({ length: 6 }, () => new Float32Array(n));
  const onCpu = Array.from({ length: 6 }, () => new Float64Array(n));
  try {
    await kernel.launch(n, ...(onGpu as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array]));
    assert.equal(kernel.lastBackend, 'gpu');
  } finally {
    releaseDevice();
  }
  memoJit.seed(42);
  cpu(...(onCpu as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]));
  let finer = 0;
  for (let j = 0; j < 6; j++) {
    for (let i = 0; i < n; i++) {
      const x = onCpu[j]![i]!;
      assert.equal(onGpu[j]![i], Math.floor(x * 2 ** 24) / 2 ** 24, `draw ${j} of invocation ${i}`);
      if (x * 2 ** 24 !== Math.floor(x * 2 ** 24)) finer++;
    }
  }
  assert.ok(finer > 6 * n * 0.99, 'the CPU values carry more than 24 bits');
});
