// The GPU against its CPU fallback on generated kernels (issue 19): the same kernel, the same inputs, run on
// the adapter (WGSL, f32) and on the CPU (memoJit, f64). Integer results must be identical, float results
// within f32 tolerance, out-of-bounds reads identical (NaN/0) or, where JavaScript would compute with
// `undefined` as an integer, a GpuOutOfBoundsError: never a different answer.
//
// Seeds are pinned (SEEDS, BUDGET kernels each) so a run is reproducible; NUMBAT_GPU_DIFF_SEED=<seed> replays
// one seed; every failure message names its seed and kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { onCpu } from './_cpu.js';
import { gpu, GpuOutOfBoundsError } from '../../src/gpu/index.js';
import { generateKernel, rng, XS_LENGTH, YS_LENGTH } from './_generate.js';

const SEEDS = process.env.NUMBAT_GPU_DIFF_SEED ? [Number(process.env.NUMBAT_GPU_DIFF_SEED)] : [101, 202, 303, 404];
const BUDGET = Number(process.env.NUMBAT_GPU_DIFF_BUDGET ?? 12);
const N = 512;

type Kernel = { launch(n: number, ...args: unknown[]): Promise<number | void>; lastBackend: string | undefined };

interface Run { out: Float32Array; outI: Int32Array; total: number | void; error?: unknown }

function inputs(seed: number): { a: number; k: number; xs: Float32Array; ys: Int32Array } {
  const r = rng(seed ^ 0x9e3779b9);
  return {
    a: Math.fround(r() * 4 - 2),
    k: Math.floor(r() * 7),
    xs: Float32Array.from({ length: XS_LENGTH }, () => r() * 4 - 2),
    ys: Int32Array.from({ length: YS_LENGTH }, () => Math.floor(r() * 2001) - 1000),
  };
}

async function run(kernel: Kernel, seed: number): Promise<Run> {
  const { a, k, xs, ys } = inputs(seed);
  const out = new Float32Array(N).fill(-7);
  const outI = new Int32Array(N).fill(-7);
  try {
    const total = await kernel.launch(N, a, k, xs, ys, out, outI);
    return { out, outI, total };
  } catch (error) {
    return { out, outI, total: undefined, error };
  }
}

function close(g: number, c: number): boolean {
  if (Number.isNaN(c) || Number.isNaN(g)) return Number.isNaN(c) && Number.isNaN(g);
  return Math.abs(g - c) <= 2e-3 * Math.max(1, Math.abs(c));
}

for (const seed of SEEDS) {
  test(`generated kernels agree on the GPU and the CPU fallback (seed ${seed}, ${BUDGET} kernels)`, { skip: noAdapter, timeout: 600_000 }, async () => {
    const kernels: Array<{ source: string; kernel: Kernel; seed: number }> = [];
    for (let j = 0; j < BUDGET; j++) {
      const p = generateKernel(seed * 1000 + j);
      const fn = new Function(...p.params, p.body) as (...args: never[]) => unknown;
      const kernel = (p.returns ? gpu({ reduce: 'sum' })(fn) : gpu(fn)) as unknown as Kernel;
      kernels.push({ source: `seed ${seed}, kernel ${j}:\nfunction (${p.params.join(', ')}) {\n${p.body}\n}`, kernel, seed: seed * 1000 + j });
    }
    const onGpu: Run[] = [];
    for (const { kernel, seed: s } of kernels) {
      const r = await run(kernel, s);
      onGpu.push(r);
      if (r.error === undefined) assert.equal(kernel.lastBackend, 'gpu');
    }
    const onHost = await onCpu(async () => {
      const runs: Run[] = [];
      for (const { kernel, seed: s } of kernels) runs.push(await run(kernel, s));
      return runs;
    });
    let rejected = 0;
    kernels.forEach(({ source }, j) => {
      const g = onGpu[j]!, c = onHost[j]!;
      assert.equal(c.error, undefined, `the CPU fallback threw (${String(c.error)})\n${source}`);
      if (g.error !== undefined) {
        assert.ok(g.error instanceof GpuOutOfBoundsError, `the GPU threw ${String(g.error)}\n${source}`);
        rejected++;
        return;
      }
      for (let i = 0; i < N; i++) {
        if (g.outI[i] !== c.outI[i]) assert.fail(`outI[${i}]: GPU ${g.outI[i]}, CPU ${c.outI[i]}\n${source}`);
        if (!close(g.out[i]!, c.out[i]!)) assert.fail(`out[${i}]: GPU ${g.out[i]}, CPU ${c.out[i]}\n${source}`);
      }
      assert.equal(g.total, c.total, `reduced total\n${source}`);
    });
    // Not a vacuous pass: most kernels must run to completion on the GPU.
    assert.ok(rejected <= Math.ceil(BUDGET / 2), `${rejected} of ${BUDGET} kernels were rejected for out-of-bounds integer reads`);
  });
}

test('generated integer stores at computed indices past 2^24 agree exactly', { skip: noAdapter, timeout: 600_000 }, async () => {
  const n = 2 ** 24 + 4099; // 2i + k runs past 2^24, then past the end of big2
  const seeds = SEEDS.slice(0, 2);
  for (const seed of seeds) {
    const p = generateKernel(seed, true);
    const kernel = gpu(new Function(...p.params, p.body) as (...args: never[]) => void) as unknown as Kernel;
    const { ys } = inputs(seed);
    const source = `seed ${seed}:\nfunction (${p.params.join(', ')}) {\n${p.body}\n}`;
    const g = new Int32Array(n + 8).fill(-7), g2 = new Int32Array(n + 8).fill(-7);
    await kernel.launch(n, 5, 3, ys, g, g2);
    assert.equal(kernel.lastBackend, 'gpu');
    const c = new Int32Array(n + 8).fill(-7), c2 = new Int32Array(n + 8).fill(-7);
    await onCpu(() => kernel.launch(n, 5, 3, ys, c, c2));
    for (let k = 0; k < c2.length; k++) if (g2[k] !== c2[k]) assert.fail(`big2[${k}]: GPU ${g2[k]}, CPU ${c2[k]}\n${source}`);
    for (let k = 0; k < c.length; k++) if (g[k] !== c[k]) assert.fail(`big[${k}]: GPU ${g[k]}, CPU ${c[k]}\n${source}`);
  }
});
