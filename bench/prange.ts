/**
 * `npm run bench:prange`: prange loops against numba `parallel=True` on the Python originals
 * (`bench/python/prange.py`), in the same run, plus the costs the parallel runtime adds:
 *
 * - Monte Carlo π (1e8 points): memoJit serial (inlined SFC32) and parallel (Philox per iteration) on 1 and
 *   `threads` threads, with JS and with Wasm regions; numba `njit` (one thread) and `njit(parallel=True)`;
 * - std of 1e7 doubles on a `SharedArrayBuffer` and in numbat memory (no copy; JS and Wasm regions), and on an
 *   ordinary Float64Array (copied into shared memory once per call, not once per loop: `copyStats` counts);
 * - a compute-bound loop (sin, cos, sqrt, a division per iteration): parallel efficiency = speed-up / threads,
 *   beside the machine's own ceiling: the same loop in plain JS on independent worker threads (`_ceiling.ts`);
 * - the per-region overhead: a region of a few trivial iterations forced onto the threads
 *   (`minIterations: 0`) against the same call on one thread.
 *
 * Every time is a median of repeated calls in this process; ratios are what to read, because the machine may
 * be shared. Beside each wall time, the process's CPU time per call (all threads): on a shared machine a
 * parallel run whose CPU time matches the one-thread run's did no extra work (no contention between its
 * threads), and CPU / wall says how many cores it actually got. `--quick` uses sizes 10× to 100× smaller.
 * `--threads N` sets the thread count (default: cores).
 */
import { availableParallelism, loadavg } from 'node:os';
import { memoJit, prange, isMain, f64 as numbatF64, free } from '../src/index.js';
import { runPython } from './python.js';
import { copyStats } from '../src/jit/parallel/session.js';
import { pi as piFor } from '../examples/pi.js';
import { ceilingPool } from './_ceiling.js';

function ppi(npoints: number): number {
  let n_in_circle = 0;
  for (const i of prange(npoints)) {
    const x = Math.random();
    const y = Math.random();
    if (x ** 2 + y ** 2 < 1) n_in_circle += 1;
  }
  return 4 * n_in_circle / npoints;
}

// The same kernel as tests/jit/parallel/_fixtures.ts's `pstd`, kept here on purpose: no bench imports from the
// test tree, and a bench's kernels are read beside their Python originals (bench/python/), so they stay in view.
function pstd(xs: Float64Array): number {
  let mean = 0;
  for (const i of prange(xs.length)) mean += xs[i]!;
  mean /= xs.length;
  let ms = 0;
  for (const i of prange(xs.length)) ms += (xs[i]! - mean) ** 2;
  return Math.sqrt(ms / xs.length);
}

function compute(n: number): number {
  let acc = 0;
  for (const i of prange(n)) {
    const x = i * 1e-6;
    acc += Math.sin(x) * Math.cos(x) + Math.sqrt(x + 1) / (1 + x * x);
  }
  return acc;
}

function tiny(out: Float64Array): void {
  for (const i of prange(out.length)) out[i] = i;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Process CPU seconds per call of the last {@link time} call's batches (median), all threads. */
let lastCpu = NaN;

/** Median seconds per call of `fn` over `runs` timed batches of `loops` calls (after one warm-up call). */
function time(fn: () => unknown, runs: number, loops = 1): number {
  fn();
  const per: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < loops; k++) fn();
    per.push((performance.now() - t0) / 1000 / loops);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6 / loops);
  }
  lastCpu = median(cpu);
  return median(per);
}

interface NumbaPrange { single_s: number; parallel_s: number; threads: number; result_single: number; result_parallel: number }

/** Runs the bench and prints its tables. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--threads');
  const threads = at >= 0 ? Number(argv[at + 1]) : availableParallelism();
  const runs = quick ? 3 : 5;
  const sizes = quick ? { pi: 1e7, std: 1e6, compute: 2e6 } : { pi: 1e8, std: 1e7, compute: 2e7 };
  console.log(`prange bench: ${threads} threads, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: read ratios)`);
  memoJit.threads = threads;
  await memoJit.threadsReady();

  // `serial.pi` is the lecture's for loop (inlined SFC32); a prange loop always draws from Philox.
  const serial = { pi: memoJit(piFor), std: memoJit(pstd), compute: memoJit(compute) };
  const par = { pi: memoJit({ parallel: true })(ppi), std: memoJit({ parallel: true })(pstd), compute: memoJit({ parallel: true })(compute) };
  // The same loops with their regions in Wasm on every thread (`src/jit/parallel/wasm-regions.ts`).
  const wasm = { pi: memoJit({ parallel: true, backend: 'wasm' })(ppi), std: memoJit({ parallel: true, backend: 'wasm' })(pstd) };
  const onThreads = <T>(n: number, run: () => T): T => {
    memoJit.threads = n;
    try {
      return run();
    } finally {
      memoJit.threads = threads;
    }
  };

  // Each row: kernel, variant, wall seconds, CPU seconds (NaN for numba's, timed in Python), note.
  const rows: Array<[string, string, number, number, string]> = [];
  const add = (kernel: string, what: string, seconds: number, note = '', cpu = NaN): void => { rows.push([kernel, what, seconds, cpu, note]); };
  const timed = (fn: () => unknown, loops = 1): [number, number] => { const wall = time(fn, runs, loops); return [wall, lastCpu]; };

  // π
  const nb = (kernel: string, size: number): NumbaPrange | undefined => runPython<NumbaPrange>('prange.py', [kernel, String(size), String(threads), String(runs)]);
  const [piSerial, piSerialCpu] = timed(() => serial.pi(sizes.pi));
  const [pi1, pi1Cpu] = onThreads(1, () => timed(() => par.pi(sizes.pi)));
  const [piN, piNCpu] = timed(() => par.pi(sizes.pi));
  const nbPi = nb('pi', sizes.pi);
  add('pi', 'memoJit, serial for loop (SFC32)', piSerial, '', piSerialCpu);
  add('pi', 'memoJit parallel, 1 thread (Philox)', pi1, '', pi1Cpu);
  add('pi', `memoJit parallel, ${threads} threads`, piN, `${nbPi ? `${(piN / nbPi.single_s).toFixed(2)}× numba's single-thread time (target ≤ 0.5×); ` : ''}` +
    `efficiency ${((pi1 / piN / threads) * 100).toFixed(0)}%, CPU ${(piNCpu / pi1Cpu).toFixed(2)}× the 1-thread run's, ${(piNCpu / piN).toFixed(2)} cores used`, piNCpu);
  const [piWasm, piWasmCpu] = timed(() => wasm.pi(sizes.pi));
  add('pi', `memoJit parallel, ${threads} threads, Wasm regions`, piWasm, `${(piWasm / piN).toFixed(2)}× the JS regions' time, CPU ${(piWasmCpu / piNCpu).toFixed(2)}×`, piWasmCpu);
  if (nbPi) {
    add('pi', 'numba njit (1 thread)', nbPi.single_s);
    add('pi', `numba parallel=True (${nbPi.threads} threads)`, nbPi.parallel_s);
  }

  // std
  const n = sizes.std;
  const shared = new Float64Array(new SharedArrayBuffer(n * 8));
  const plainXs = new Float64Array(n);
  for (let i = 0; i < n; i++) plainXs[i] = shared[i] = Math.sin(i) * 3 + Math.cos(i * 0.7);
  const stdSerial = time(() => serial.std(plainXs), runs, 3);
  const stdShared = time(() => par.std(shared), runs, 3);
  const stdCopied = time(() => par.std(plainXs), runs, 3);
  copyStats(true);
  par.std(plainXs);
  const copiesPerCall = copyStats().copiesIn;
  const inNumbat = numbatF64(plainXs);
  const stdNumbatJs = time(() => par.std(inNumbat), runs, 3);
  const stdNumbatWasm = time(() => wasm.std(inNumbat), runs, 3);
  free(inNumbat);
  const nbStd = nb('std', n);
  add('std', 'memoJit, prange without parallel', stdSerial);
  add('std', `memoJit parallel, ${threads} threads, SharedArrayBuffer`, stdShared, nbStd ? `${(stdShared / nbStd.parallel_s).toFixed(2)}× numba parallel` : '');
  add('std', `memoJit parallel, ${threads} threads, numbat memory, JS regions`, stdNumbatJs, `${(stdNumbatJs / stdShared).toFixed(2)}× SharedArrayBuffer`);
  add('std', `memoJit parallel, ${threads} threads, numbat memory, Wasm regions`, stdNumbatWasm, `${(stdNumbatWasm / stdNumbatJs).toFixed(2)}× the JS regions' time`);
  add('std', `memoJit parallel, ${threads} threads, ordinary array (copied)`, stdCopied, `${copiesPerCall} cop${copiesPerCall === 1 ? 'y' : 'ies'} of ${(n * 8 / 2 ** 20).toFixed(0)} MiB per call (two loops), ≈ ${((stdCopied - stdShared) * 1e3).toFixed(2)} ms`);
  if (nbStd) {
    add('std', 'numba njit (1 thread)', nbStd.single_s);
    add('std', `numba parallel=True (${nbStd.threads} threads)`, nbStd.parallel_s);
  }

  // compute-bound: parallel efficiency
  const [c1, c1Cpu] = onThreads(1, () => timed(() => par.compute(sizes.compute)));
  const [cN, cNCpu] = timed(() => par.compute(sizes.compute));
  const efficiency = c1 / cN / threads;
  const nbC = nb('compute', sizes.compute);
  const [cSerial, cSerialCpu] = timed(() => serial.compute(sizes.compute));
  add('compute', 'memoJit, prange without parallel', cSerial, '', cSerialCpu);
  add('compute', 'memoJit parallel, 1 thread', c1, '', c1Cpu);
  add('compute', `memoJit parallel, ${threads} threads`, cN, `efficiency ${(efficiency * 100).toFixed(0)}% (target ≥ 90%), CPU ${(cNCpu / c1Cpu).toFixed(2)}× the 1-thread run's, ${(cNCpu / cN).toFixed(2)} cores used`, cNCpu);
  // The machine's ceiling (bench/_ceiling.ts): the same loop in plain JS on independent worker threads, timed
  // in alternation with memoJit's 1- and N-thread runs so that a slow spell of the machine hits all four.
  const pool = ceilingPool(threads);
  const once = (fn: () => unknown): number => { const t0 = performance.now(); fn(); return (performance.now() - t0) / 1000; };
  const alt = { m1: [] as number[], mN: [] as number[], p1: [] as number[], pN: [] as number[] };
  pool.run(sizes.compute, 1);
  pool.run(sizes.compute, threads);
  for (let r = 0; r < runs; r++) {
    alt.m1.push(once(() => onThreads(1, () => par.compute(sizes.compute))));
    alt.mN.push(once(() => par.compute(sizes.compute)));
    alt.p1.push(once(() => pool.run(sizes.compute, 1)));
    alt.pN.push(once(() => pool.run(sizes.compute, threads)));
  }
  pool.close();
  const ceiling = median(alt.p1) / median(alt.pN) / threads;
  const paired = median(alt.m1) / median(alt.mN) / threads;
  add('compute', `plain JS on ${threads} independent worker threads (the machine's ceiling)`, median(alt.pN),
    `efficiency ${(ceiling * 100).toFixed(0)}% (1 worker: ${median(alt.p1).toPrecision(4)} s); memoJit in the same rounds ${(paired * 100).toFixed(0)}% = ${((paired / ceiling) * 100).toFixed(0)}% of the ceiling`);
  if (nbC) {
    add('compute', 'numba njit (1 thread)', nbC.single_s);
    add('compute', `numba parallel=True (${nbC.threads} threads)`, nbC.parallel_s, `efficiency ${((nbC.single_s / nbC.parallel_s / nbC.threads) * 100).toFixed(0)}%`);
  }

  // per-region overhead
  const forced = memoJit({ parallel: { minIterations: 0 } })(tiny);
  const out = new Float64Array(new SharedArrayBuffer(64 * 8));
  const r1 = onThreads(1, () => time(() => forced(out), runs, 2000));
  const rN = time(() => forced(out), runs, 2000);
  add('region', 'a region of 64 trivial iterations, 1 thread', r1);
  add('region', `the same region on ${threads} threads`, rN, `overhead ≈ ${((rN - r1) * 1e6).toFixed(1)} µs per region`);

  const width = Math.max(...rows.map((r) => r[1].length));
  console.log(`\n${'kernel'.padEnd(8)} ${'variant'.padEnd(width)} ${'seconds'.padStart(10)} ${'CPU s'.padStart(10)}  note`);
  for (const [k, what, s, cpu, note] of rows) console.log(`${k.padEnd(8)} ${what.padEnd(width)} ${s.toPrecision(4).padStart(10)} ${(Number.isNaN(cpu) ? '' : cpu.toPrecision(4)).padStart(10)}  ${note}`);
  const overhead = rN - r1;
  console.log(`\nprojection for a 64-core node, compute-bound loop of ${sizes.compute.toExponential(0)} iterations: ` +
    `T64 ≈ T1/64 + overhead = ${((c1 / 64 + overhead) * 1e3).toFixed(2)} ms (speed-up ≈ ${(c1 / (c1 / 64 + overhead)).toFixed(1)}×, assuming the per-region overhead measured here and no memory-bandwidth limit)`);
}

if (isMain(import.meta.url)) await main();
