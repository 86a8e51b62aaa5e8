/**
 * Monte Carlo π on the GPU, the lecture's `pi(npoints)` as a kernel: each invocation draws one point from its
 * own random stream and returns 1 if it falls in the quarter circle; `@gpu` sums the 1s across invocations.
 * Where there is no WebGPU adapter, the same kernel runs on the CPU through `@memoJit` (and says so).
 *
 * Run alone: `npx tsx examples/gpu-pi.ts [npoints]`.
 */
import { gpu } from '../src/gpu/index.js';
import { isMain } from '../src/guard.js';
import { runPython } from '../bench/python.js';
import type { DemoReport } from './_demo.js';
import { pi, fast_pi } from './pi.js';

/** One point per invocation; the returned 0/1 are summed over all invocations. */
export const inside = gpu({ seed: 42 })(function inside(i: number): number {
  const x = Math.random();
  const y = Math.random();
  return x * x + y * y < 1 ? 1 : 0;
});

async function seconds<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [(performance.now() - t0) / 1000, value];
}

/** Runs the example at its demo size (1e7 points). */
export async function demo(npoints = 1e7): Promise<DemoReport> {
  const info = await gpu.info();
  const where = !info.available
    ? `CPU fallback via memoJit (no WebGPU adapter: ${info.reason})`
    : info.software
      ? `lavapipe, a software Vulkan driver: CPU emulation (${info.description})`
      : `GPU: ${info.description}`;
  await inside.launch(1000); // compile outside the timing
  const [tGpu, hits] = await seconds(() => inside.launch(npoints));
  const piGpu = (4 * hits) / npoints;
  const [tPlain, piPlain] = await seconds(() => pi(npoints));
  fast_pi(1000);
  const [tJit] = await seconds(() => fast_pi(npoints));
  const numba = runPython<{ seconds: number; result: number }>('gpu_kernels.py', ['pi', String(npoints), '1']);
  // The estimator's standard deviation is 4·sqrt(p(1-p)/n) with p = π/4.
  const sigma = 4 * Math.sqrt(((Math.PI / 4) * (1 - Math.PI / 4)) / npoints);
  const note = `ran on ${where}; π ≈ ${piGpu.toFixed(5)} (|error| = ${(Math.abs(piGpu - Math.PI) / sigma).toFixed(1)} σ), plain JS ${piPlain.toFixed(5)}, memoJit ${tJit.toFixed(3)} s`;
  return {
    rows: [
      {
        example: `Monte Carlo π, ${npoints.toExponential(0)} points`,
        baseline: 'plain JS (Math.random loop)',
        baselineSeconds: tPlain,
        numbat: inside.lastBackend === 'gpu' ? (info.software ? '@gpu on lavapipe (CPU emulation)' : '@gpu') : '@gpu → CPU fallback (memoJit)',
        numbatSeconds: tGpu,
        numbaSeconds: numba?.seconds,
        note,
      },
    ],
  };
}

if (isMain(import.meta.url)) {
  const n = Number(process.argv[2] ?? 1e7);
  const report = await demo(n);
  for (const row of report.rows) {
    console.log(`${row.example}: ${row.numbat} ${row.numbatSeconds.toFixed(3)} s, ${row.baseline} ${row.baselineSeconds.toFixed(3)} s` +
      `${row.numbaSeconds !== undefined ? `, numba ${row.numbaSeconds.toFixed(3)} s` : ''}`);
    console.log(`  ${row.note}`);
  }
  gpu.release();
}
