// The GPU against its CPU fallback on generated `precision: 'f64-emulated'` kernels (_generate-df.ts): the same
// kernel and inputs, double-f32 on the adapter and f64 (memoJit) on the CPU. Stored and returned numbers must
// agree within 2u·R (their running error bound, u = 2^-48), integers exactly. Also: computed indices past
// 2^24, where an index computed in f32 would lose writes, in f64-emulated and in f32 with float values.
//
// Seeds are pinned; NUMBAT_GPU_DIFF_SEED=<seed> replays one; a failure names its seed and kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAdapter } from './_adapter.js';
import { onCpu } from './_cpu.js';
import { gpu } from '../../src/gpu/index.js';
import { dfExactInput, generateDfKernel, K, YS_DF_LENGTH, type DfProgram } from './_generate-df.js';
import { rng } from '../_support/rng.js';

// 101: its kernel 101000 computes 0.001 * 0.001, which lost its low word when the shader compiler folded and
// reassociated the constants of an error term (fixed in wgsl/df32.ts by hiding every input of the transforms).
const SEEDS = process.env.NUMBAT_GPU_DIFF_SEED ? [Number(process.env.NUMBAT_GPU_DIFF_SEED)] : [17, 29, 101];
const BUDGET = Number(process.env.NUMBAT_GPU_DIFF_BUDGET ?? 5);
const N = 1024;
const U = 2 ** -48;

type Kernel = { launch(n: number, ...args: unknown[]): Promise<number | void>; lastBackend: string | undefined };
interface Inputs { a: number; ys: Int32Array; x: Float64Array; y: Float64Array }
interface Run { out: Float64Array; outI: Int32Array; total: number | void }

function inputs(seed: number): Inputs {
  const r = rng(seed ^ 0x51ed27);
  return {
    a: dfExactInput(r),
    ys: Int32Array.from({ length: YS_DF_LENGTH }, () => Math.floor(r() * 2001) - 1000),
    x: Float64Array.from({ length: N }, () => dfExactInput(r)),
    y: Float64Array.from({ length: N }, () => dfExactInput(r)),
  };
}

async function run(kernel: Kernel, input: Inputs): Promise<Run> {
  const out = new Float64Array(N).fill(-7);
  const outI = new Int32Array(N).fill(-7);
  const total = await kernel.launch(N, input.a, input.ys, input.x, input.y, out, outI);
  return { out, outI, total };
}

for (const seed of SEEDS) {
  test(`generated f64-emulated kernels agree on the GPU and the CPU fallback within their error bound (seed ${seed}, ${BUDGET} kernels)`, { skip: noAdapter, timeout: 1_800_000 }, async (t) => {
    const kernels: Array<{ p: DfProgram; kernel: Kernel; input: Inputs; label: string }> = [];
    for (let j = 0; j < BUDGET; j++) {
      const s = seed * 1000 + j;
      const p = generateDfKernel(s);
      const fn = new Function('i', 'a', 'ys', 'x', 'y', 'out', 'outI', p.source) as (...args: never[]) => unknown;
      // The first launch includes building the pipeline: lavapipe's LLVM takes minutes on a double-f32 shader
      // when the machine is loaded (one took over the default 2-minute timeout at load 32).
      const kernel = gpu({ precision: 'f64-emulated', timeout: 900_000, ...(p.returns ? { reduce: p.returns } : {}) })(fn) as unknown as Kernel;
      kernels.push({ p, kernel, input: inputs(s), label: `seed ${s}${p.returns ? ` (reduce ${p.returns})` : ''}:\n${p.source}` });
    }
    const onGpu: Run[] = [];
    for (const { kernel, input } of kernels) {
      onGpu.push(await run(kernel, input));
      assert.equal(kernel.lastBackend, 'gpu');
    }
    const onHost = await onCpu(async () => {
      const runs: Run[] = [];
      for (const { kernel, input } of kernels) runs.push(await run(kernel, input));
      return runs;
    });
    let worst = 0;
    kernels.forEach(({ p, input, label }, j) => {
      const g = onGpu[j]!, c = onHost[j]!;
      let sumBound = 0, sumAbs = 0, extremeBound = 0;
      for (let i = 0; i < N; i++) {
        const { bound } = p.reference(i, input.a, input.x, input.y, input.ys);
        if (g.outI[i] !== c.outI[i]) assert.fail(`outI[${i}]: GPU ${g.outI[i]}, CPU ${c.outI[i]}\n${label}`);
        const err = Math.abs(g.out[i]! - c.out[i]!);
        if (!(err <= 2 * U * bound)) assert.fail(`out[${i}]: GPU ${g.out[i]}, CPU ${c.out[i]} (error ${err}, bound ${2 * U * bound})\n${label}`);
        if (bound > 0) worst = Math.max(worst, err / (U * bound));
        sumBound += bound;
        sumAbs += Math.abs(c.out[i]!);
        extremeBound = Math.max(extremeBound, bound);
      }
      if (!p.returns) return;
      // A sum adds K u per partial sum (at most sumAbs each) to the values' own errors; min and max pick a value.
      const bound = p.returns === 'sum' ? sumBound + K * N * sumAbs : extremeBound;
      const err = Math.abs((g.total as number) - (c.total as number));
      assert.ok(err <= 2 * U * bound, `reduced ${p.returns}: GPU ${String(g.total)}, CPU ${String(c.total)} (error ${err}, bound ${2 * U * bound})\n${label}`);
    });
    t.diagnostic(`max |gpu − cpu| / (u·R) over ${BUDGET} kernels × ${N} invocations: ${worst.toFixed(3)} (asserted <= 2)`);
  });
}

test('computed indices past 2^24 agree with the CPU fallback: f64-emulated, and f32 with float values', { skip: noAdapter, timeout: 600_000 }, async () => {
  const n = 2 ** 24 + 4099;
  // An f64 offset: the index i + off is a double-f32 value, converted exactly (numbat_df_fidx).
  const spread = gpu({ precision: 'f64-emulated' })(function spread(i: number, off: number, xs: Float64Array, big: Float32Array) {
    big[i + off] = xs[i & 1023]! * 0.5 + i;
  });
  // f32: a float value stored at 2i + k, past 2^24 for the last 2,100 invocations.
  const stride = gpu(function stride(i: number, k: number, xs: Float32Array, big: Float32Array) {
    big[i * 2 + k] = xs[i & 1023]! + 0.25;
  });
  const r = rng(99);
  const xs64 = Float64Array.from({ length: 1024 }, () => dfExactInput(r));
  const xs32 = Float32Array.from({ length: 1024 }, () => r() * 4 - 2);
  const g = new Float32Array(n + 8).fill(-7);
  await spread.launch(n, 3, xs64, g);
  assert.equal(spread.lastBackend, 'gpu');
  const m = 2 ** 23 + 2100;
  const big2 = new Float32Array(2 * m + 8).fill(-7);
  await stride.launch(m, 3, xs32, big2);
  assert.equal(stride.lastBackend, 'gpu');
  const c = new Float32Array(n + 8).fill(-7);
  const c2 = new Float32Array(2 * m + 8).fill(-7);
  await onCpu(async () => {
    await spread.launch(n, 3, xs64, c);
    await stride.launch(m, 3, xs32, c2);
  });
  // Both store f32 values (a float computed in f64 on the CPU, double-f32 or f32 on the GPU, then rounded to f32).
  for (let k = 0; k < c.length; k++) {
    if (g[k] !== c[k] && Math.abs(g[k]! - c[k]!) > 2 ** -23 * Math.abs(c[k]!)) assert.fail(`spread: big[${k}] GPU ${g[k]}, CPU ${c[k]}`);
  }
  for (let k = 0; k < c2.length; k++) {
    if (big2[k] !== c2[k] && Math.abs(big2[k]! - c2[k]!) > 2 ** -22 * Math.abs(c2[k]!)) assert.fail(`stride: big[${k}] GPU ${big2[k]}, CPU ${c2[k]}`);
  }
  // Not vacuous: the last stores land where JavaScript puts them, past 2^24.
  assert.equal(c[n + 2], Math.fround(xs64[(n - 1) & 1023]! * 0.5 + (n - 1)));
  assert.equal(c2[2 * (m - 1) + 3], Math.fround(xs32[(m - 1) & 1023]! + 0.25));
});
