/**
 * `npm run bench:gpu`: the lecture's GPU-shaped kernels on `@gpu` against `@memoJit` on the CPU and numba on
 * one core, in one run. Monte Carlo π (1e8 points), saxpy (1e7 and 1e8 floats), closest pair (2e4 points).
 *
 * On a software adapter (lavapipe/llvmpipe) the "GPU" figures are CPU emulation and are labelled so: they
 * show that the path works, not how fast a GPU is. bench/README.md gives, per kernel, the bytes moved and the
 * dispatches issued (printed here from the launch statistics) and the time they imply on an H100.
 *
 * It first prints the host cost per launch against a raw Dawn submit on the same device (bench/_gpu-launch.ts).
 *
 * Options: `--quick` (1e7 points and floats only, for a smoke run), `--repeats=N` (default 3), `--launch`
 * (the launch-cost table only), `--vector` (the vec4 reduction table only, bench/_gpu-vector.ts), `--ops` (the
 * operations-per-element table only, bench/_gpu-ops.ts).
 */
import { gpu, type GpuInfo, type LaunchStats } from '../src/gpu/index.js';
import { memoJit, seedRandom } from '../src/jit/index.js';
import { fast_pi } from '../examples/pi.js';
import { runPython } from './python.js';
import { bestSeconds } from './measure.js';
import { launchCost } from './_gpu-launch.js';
import { vectorCost } from './_gpu-vector.js';
import { countLoads, countOps } from './_gpu-ops.js';
import { lowerKernel } from '../src/gpu/frontend.js';
import { generateWgsl } from '../src/gpu/wgsl/generate.js';
import { assembleShader } from '../src/gpu/wgsl/shader.js';
import type { Type } from '../src/jit/types.js';
import type { AnyFunction } from '../src/decorate.js';

const quick = process.argv.includes('--quick');
const repeats = Number(process.argv.find((a) => a.startsWith('--repeats='))?.split('=')[1] ?? 3);
const H100_BYTES_PER_S = 3.35e12; // HBM3, SXM
const PCIE_BYTES_PER_S = 50e9; // PCIe 5 x16, practical
const H100_INT32_OPS_PER_S = 16.7e12; // 132 SMs × 64 INT32 lanes × 1.98 GHz
const H100_FP32_OPS_PER_S = 33.5e12; // 132 SMs × 128 FP32 lanes × 1.98 GHz (67 TFLOPS counts an FMA as two)

// ------------------------------------------------------------------------------------------- the kernels

const piHits = gpu({ seed: 2024 })(function piHits(i: number): number {
  const x = Math.random();
  const y = Math.random();
  return x * x + y * y < 1 ? 1 : 0;
});
const saxpy = gpu(function saxpy(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) {
  out[i] = a * x[i]! + y[i]!;
});
const saxpyCpu = memoJit(function saxpyCpu(a: number, x: Float32Array, y: Float32Array, out: Float32Array) {
  for (let i = 0; i < x.length; i++) out[i] = a * x[i]! + y[i]!;
});

const closest = gpu({ reduce: 'min' })(function closest(i: number, xs: Float32Array, ys: Float32Array): number {
  let best = Infinity;
  for (let j = 0; j < xs.length; j++) {
    if (j === i) continue;
    const dx = xs[i]! - xs[j]!;
    const dy = ys[i]! - ys[j]!;
    best = Math.min(best, dx * dx + dy * dy);
  }
  return best;
});
const closestCpu = memoJit(function closestCpu(xs: Float32Array, ys: Float32Array): number {
  let best = Infinity;
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      const dx = xs[i]! - xs[j]!;
      const dy = ys[i]! - ys[j]!;
      best = Math.min(best, dx * dx + dy * dy);
    }
  }
  return best;
});

// ------------------------------------------------------------------------------------------- measuring

/** Best of `times` runs after one warm-up call (compilation, pipeline creation), in seconds. */
const best = (fn: () => unknown, times = repeats): Promise<number> => bestSeconds(times, fn, { warmup: true });

interface Row {
  kernel: string;
  gpuLabel: string;
  gpuSeconds: number;
  memoJitSeconds: number;
  numbaSeconds: number | undefined;
  launch: LaunchStats | undefined;
  /** Bytes the kernel itself reads and writes in device memory (the bandwidth bound). */
  deviceBytes: number;
  check: string;
}

function fmt(s: number | undefined): string {
  if (s === undefined) return '—';
  if (s < 1e-3) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(1)} ms`;
  return `${s.toFixed(2)} s`;
}

function bytes(b: number): string {
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(1)} MB`;
  if (b >= 1e3) return `${(b / 1e3).toFixed(1)} kB`;
  return `${b} B`;
}

/**
 * Operations per element of π and closest pair, counted in their generated WGSL (bench/_gpu-ops.ts), and the
 * H100 time that count implies at `nPi` points and `m` points (m² pairs). Launches each kernel once on a small
 * input first if it has no WGSL yet.
 */
async function opsRows(nPi: number, m: number): Promise<string[][]> {
  if (piHits.wgsl.size === 0) await piHits.launch(1024);
  if (closest.wgsl.size === 0) await closest.launch(64, new Float32Array(64), new Float32Array(64));
  // The PRNG refills its Philox block on every second draw (src/gpu/philox.ts).
  const weights = { 'numbat_rng_used >= 2u': 0.5 };
  const pi = countOps([...piHits.wgsl.values()][0]!, 'numbat_kernel', weights);
  const cp = countOps([...closest.wgsl.values()][0]!, 'numbat_kernel', weights);
  const perPair = cp.perLoopIteration ?? 0;
  const ops = (n: number): string => n.toExponential(2);
  return [
    [`Monte Carlo π, ${nPi.toExponential(0)} points`, `${pi.perInvocation} per point (mostly integer: Philox)`, ops(pi.perInvocation * nPi), fmt((pi.perInvocation * nPi) / H100_INT32_OPS_PER_S)],
    [`closest pair, ${m.toExponential(0)} points`, `${perPair} per (i, j) pair (+${cp.perInvocation} per point)`, ops(perPair * m * m + cp.perInvocation * m), fmt((perPair * m * m) / H100_FP32_OPS_PER_S)],
  ];
}

// Reductions whose arrays are read at the own index only (src/gpu/wgsl/vector.ts): their main loops' loads.
function sumLoad(i: number, xs: Float32Array): number {
  return xs[i]!;
}
function sumSquares(i: number, xs: Float32Array): number {
  return xs[i]! * xs[i]!;
}
function dot(i: number, a: Float32Array, b: Float32Array): number {
  return a[i]! * b[i]!;
}
function sumInts(i: number, ks: Int32Array): number {
  return ks[i]!;
}

/**
 * Loads per element in the main loop of each reduction's shader, scalar entry against vec4 entry (counted in
 * the WGSL by bench/_gpu-ops.ts `countLoads`): the scalar entry is what every reduction ran before the vec4
 * entry covered bodies computing on the loaded values, dot products and Int32Array sums.
 */
function loadRows(): string[][] {
  const f32: Type = { kind: 'array', element: 'f32' };
  const cases: Array<[string, AnyFunction, Type[]]> = [
    ['sum of a Float32Array (return xs[i])', sumLoad, [f32]],
    ['sum of squares (xs[i] * xs[i])', sumSquares, [f32]],
    ['dot product (a[i] * b[i])', dot, [f32, f32]],
    ['Int32Array sum (exact, 64-bit)', sumInts, [{ kind: 'array', element: 'i32' }]],
  ];
  return cases.map(([label, fn, arrays]) => {
    const spec = generateWgsl(lowerKernel(fn, [{ kind: 'i32' }, ...arrays], 1).module, { grid: 1, reduce: 'sum' });
    const scalar = countLoads(assembleShader(spec, 256, false).code);
    const vector = countLoads(assembleShader(spec, 256, true).code);
    const cell = (c: typeof scalar): string => `${c.loadsPerElement.toFixed(2)} × ${c.bytesPerLoad} B = ${c.bytesPerElement} B`;
    return [label, cell(scalar), cell(vector), `${(scalar.loadsPerElement / vector.loadsPerElement).toFixed(1)}×`];
  });
}

function printLoads(rows: string[][]): void {
  console.log('\nLoads per element in the main loop of reductions, counted in the generated WGSL (scalar entry = before the');
  console.log('vec4 entry covered these bodies; a repeated xs[i] is loaded once per lane in the vec4 entry):\n');
  console.log(table(['reduction', 'scalar entry: loads × width per element', 'vec4 entry: loads × width per element', 'fewer loads'], rows));
}

function printOps(rows: string[][]): void {
  console.log('\nOperations per element, counted in the generated WGSL (calls expanded, constant loops multiplied; loads and');
  console.log('stores not counted), and the compute bound they imply on an H100 (16.7e12 INT32, 33.5e12 FP32 instructions/s):\n');
  console.log(table(['kernel', 'WGSL operations', 'in all', 'H100 compute bound'], rows));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const info: GpuInfo = await gpu.info();
  const gpuLabel = !info.available ? 'CPU fallback (no adapter)' : info.software ? 'lavapipe (CPU emulation)' : 'GPU';
  console.log(`adapter: ${info.available ? `${info.description}${info.software ? ' — a software rasterizer: GPU figures below are CPU emulation' : ''}` : info.reason}`);
  const ops = process.argv.includes('--ops');
  if (info.available && !ops && !process.argv.includes('--vector')) {
    console.log('\nHost cost per launch, numbat against a raw Dawn submit of numbat\'s own shader on the same device');
    console.log('(2,000 paired samples in alternating order; ratio = median of the per-pair ratios, spread = its range over 4 rounds):\n');
    console.log(table(['launch', 'numbat', 'p99', 'raw Dawn', 'p99', 'numbat / Dawn', 'spread of rounds'], await launchCost()));
  }
  if (info.available && !ops && !process.argv.includes('--launch')) {
    console.log('\n`return xs[i]` reductions over a device Float32Array: vec4<f32> loads against the scalar entry (median of interleaved runs):\n');
    console.log(table(['reduce', 'n', 'vec4', 'scalar', 'scalar / vec4', 'spread of rounds'], await vectorCost(quick ? 1e6 : 1e7)));
  }
  if (process.argv.includes('--ops')) {
    printOps(await opsRows(quick ? 1e7 : 1e8, 2e4));
    printLoads(loadRows());
    gpu.release();
    return;
  }
  if (process.argv.includes('--launch') || process.argv.includes('--vector')) {
    gpu.release();
    return;
  }
  const rows: Row[] = [];

  // Monte Carlo π
  const nPi = quick ? 1e7 : 1e8;
  let hits = 0;
  const piGpu = await best(async () => (hits = await piHits.launch(nPi)), Math.min(repeats, 2));
  seedRandom(1);
  let piC = 0;
  const piMemo = await best(() => (piC = fast_pi(nPi)), Math.min(repeats, 2));
  const piNumba = runPython<{ seconds: number; result: number }>('gpu_kernels.py', ['pi', String(nPi), '2']);
  rows.push({
    kernel: `Monte Carlo π, ${nPi.toExponential(0)} points`, gpuLabel, gpuSeconds: piGpu, memoJitSeconds: piMemo, numbaSeconds: piNumba?.seconds,
    launch: piHits.lastLaunch, deviceBytes: 0,
    check: `π ≈ ${((4 * hits) / nPi).toFixed(5)} (@gpu), ${piC.toFixed(5)} (memoJit)${piNumba ? `, ${piNumba.result.toFixed(5)} (numba)` : ''}`,
  });

  // saxpy, host arrays in and out (what a call costs), and device-resident (the kernel alone)
  for (const n of quick ? [1e7] : [1e7, 1e8]) {
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.sin(i);
      y[i] = Math.cos(i);
    }
    const out = new Float32Array(n);
    const tHost = await best(() => saxpy.launch(n, 2.5, x, y, out));
    const hostLaunch = saxpy.lastLaunch;
    const dx = gpu.array(x);
    const dy = gpu.array(y);
    const dout = gpu.zeros(Float32Array, n);
    const tDevice = await best(() => saxpy.launch(n, 2.5, dx, dy, dout));
    const deviceLaunch = saxpy.lastLaunch;
    const back = await dout.read();
    dx.free();
    dy.free();
    dout.free();
    const outCpu = new Float32Array(n);
    const tMemo = await best(() => saxpyCpu(2.5, x, y, outCpu));
    let maxErr = 0;
    for (let i = 0; i < n; i += 997) maxErr = Math.max(maxErr, Math.abs(out[i]! - outCpu[i]!), Math.abs(back[i]! - outCpu[i]!));
    const numba = runPython<{ seconds: number }>('gpu_kernels.py', ['saxpy', String(n), String(repeats)]);
    const label = `saxpy, ${n.toExponential(0)} f32`;
    rows.push({ kernel: `${label}, host arrays`, gpuLabel, gpuSeconds: tHost, memoJitSeconds: tMemo, numbaSeconds: numba?.seconds, launch: hostLaunch, deviceBytes: 12 * n, check: `max |@gpu − memoJit| = ${maxErr.toExponential(1)}` });
    rows.push({ kernel: `${label}, device arrays`, gpuLabel, gpuSeconds: tDevice, memoJitSeconds: tMemo, numbaSeconds: numba?.seconds, launch: deviceLaunch, deviceBytes: 12 * n, check: 'same kernel, data stays on the device' });
  }

  // closest pair
  const m = 2e4;
  const xs = Float32Array.from({ length: m }, (_, k) => Math.sin(k * 1.7) * 100);
  const ys = Float32Array.from({ length: m }, (_, k) => Math.cos(k * 2.3) * 100);
  let dGpu = 0;
  let dCpu = 0;
  const tClosest = await best(async () => (dGpu = await closest.launch(m, xs, ys)), 1);
  const tClosestCpu = await best(() => (dCpu = closestCpu(xs, ys)), 1);
  const numbaClosest = runPython<{ seconds: number; result: number }>('gpu_kernels.py', ['closest', String(m), '1']);
  rows.push({
    kernel: `closest pair, ${m.toExponential(0)} points`, gpuLabel, gpuSeconds: tClosest, memoJitSeconds: tClosestCpu, numbaSeconds: numbaClosest?.seconds,
    launch: closest.lastLaunch, deviceBytes: 8 * m,
    check: `d² = ${dGpu.toExponential(4)} (@gpu), ${dCpu.toExponential(4)} (memoJit)${numbaClosest ? `, ${numbaClosest.result.toExponential(4)} (numba)` : ''}`,
  });

  console.log('\nTimes (best of runs after a warm-up; the machine is shared, rerun for stable figures):\n');
  console.log(table(
    ['kernel', gpuLabel, 'memoJit (1 core)', 'numba (1 core)', 'memoJit / gpu', 'numba / gpu'],
    rows.map((r) => [
      r.kernel, fmt(r.gpuSeconds), fmt(r.memoJitSeconds), fmt(r.numbaSeconds),
      `${(r.memoJitSeconds / r.gpuSeconds).toFixed(2)}×`, r.numbaSeconds ? `${(r.numbaSeconds / r.gpuSeconds).toFixed(2)}×` : '—',
    ]),
  ));
  console.log('\nTraffic of the last launch, and what it implies on an H100 (3.35 TB/s HBM3, ~50 GB/s PCIe 5):\n');
  console.log(table(
    ['kernel', 'dispatches', 'uploaded', 'read back', 'device traffic', 'H100 memory bound', 'PCIe bound'],
    rows.map((r) => [
      r.kernel, String(r.launch?.dispatches ?? '—'), bytes(r.launch?.bytesUploaded ?? 0), bytes(r.launch?.bytesDownloaded ?? 0), bytes(r.deviceBytes),
      fmt(r.deviceBytes / H100_BYTES_PER_S), fmt(((r.launch?.bytesUploaded ?? 0) + (r.launch?.bytesDownloaded ?? 0)) / PCIE_BYTES_PER_S),
    ]),
  ));
  printOps(await opsRows(nPi, m));
  printLoads(loadRows());
  console.log('\nChecks:');
  for (const r of rows) console.log(`  ${r.kernel}: ${r.check}`);
  if (info.available && info.software) {
    console.log('\nlavapipe runs WGSL on this machine\'s CPU cores (LLVM-compiled, SIMD, all cores): compare it with numba on');
    console.log('one core only as a check that the GPU path works end to end, never as a GPU speed-up.');
  }
  gpu.release();
}

await main();
