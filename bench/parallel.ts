/**
 * `npm run bench:parallel`: what a parallel map costs, against Python's multiprocessing measured in the same
 * run. Three numbers:
 *  1. throughput of trivial tasks with automatic chunks (`f.map`) vs `multiprocessing.Pool.map`;
 *  2. throughput with one task per message (`f.imap`, chunksize 1) vs `Pool.imap(chunksize=1)`;
 *  3. parallel efficiency at 2 workers on a CPU-bound function of >= 10 ms per item (goal >= 90%).
 * Pools are started before the clocks run, on both sides. Prints tables, then one JSON line.
 *
 * With `sbatch` on the machine, a fourth: what the SLURM backend adds per map (submit to first result, and
 * per chunk), against the same map on local threads in the same run.
 *
 * Options: --workers N (default 2), --map N (1e6), --imap N (50000), --cpu N (items, 24), --quick,
 * --slurm-tasks N (4), --slurm-only (skip the rest).
 */
import { parallel, isMain, shutdownPools, slurm, hasSbatch } from '../src/parallel/index.js';
import { original } from '../src/decorate.js';
import { runPython } from './python.js';
import { bestSeconds } from './measure.js';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Tinypool from 'tinypool';
import { Piscina } from 'piscina';

const TINYPOOL_VERSION = (createRequire(import.meta.url)('tinypool/package.json') as { version: string }).version;
// piscina's exports map hides its package.json: read it next to its resolved entry.
const PISCINA_VERSION = (JSON.parse(readFileSync(new URL('../package.json', new URL(import.meta.resolve('piscina'))), 'utf8')) as { version: string }).version;

/** The trivial task: Python's `square`. */
export const square = parallel({ workers: 2 })(function square(x: number): number {
  return x * x;
});

/** A CPU-bound task, deterministic work per item (calibrated at start-up to >= 10 ms). */
export const burn = parallel({ workers: 2 })(function burn(iterations: number, seed: number): number {
  let s = seed;
  for (let i = 0; i < iterations; i++) s += Math.sin(s + i) * 1e-3;
  return s;
});

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function rate(n: number, seconds: number): string {
  const r = n / seconds;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`;
}

/** Best of `runs` runs, in seconds; pools and workers are warmed explicitly before each measurement. */
const best = (runs: number, body: () => Promise<void>): Promise<number> => bestSeconds(runs, body);

interface PythonResult {
  readonly start_method: string;
  readonly map: { readonly per_second: number; readonly seconds: number };
  readonly imap: { readonly per_second: number; readonly seconds: number };
}

/**
 * The SLURM backend's overhead: `uimap` of the trivial task over `tasks` array tasks (one core each), timed
 * from the call to the first result and to the last, next to the same map on local threads. What it
 * measures is scheduling plus each task's `node` start-up; the work itself is microseconds.
 */
export async function benchSlurm(tasks: number, runs: number): Promise<Record<string, number> | undefined> {
  if (!hasSbatch()) {
    console.log('SLURM backend: no sbatch on this machine, not measured (scripts/slurm-local.sh start makes a one-node cluster)');
    return undefined;
  }
  const xs = Array.from({ length: 1000 }, (_, i) => i);
  const firsts: number[] = [];
  const totals: number[] = [];
  const locals: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    await square.map(xs);
    locals.push((performance.now() - t0) / 1000);
    t0 = performance.now();
    let first = Number.NaN;
    let n = 0;
    for await (const _ of square.with({ backend: slurm({ tasks, cpusPerTask: 1, poll: 100 }) }).uimap(xs)) {
      if (n++ === 0) first = (performance.now() - t0) / 1000;
    }
    if (n !== xs.length) throw new Error('the SLURM map lost items');
    totals.push((performance.now() - t0) / 1000);
    firsts.push(first);
  }
  const med = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const out = { tasks, firstResultSeconds: med(firsts), totalSeconds: med(totals), perChunkSeconds: med(totals) / tasks, localSeconds: med(locals) };
  console.log(`SLURM backend, 1000 trivial items in ${tasks} array tasks (median of ${runs}; shared machine, one node):`);
  console.log(`  submit → first result ${out.firstResultSeconds.toFixed(2)} s, all results ${out.totalSeconds.toFixed(2)} s ` +
    `(${out.perChunkSeconds.toFixed(2)} s per chunk); the same map on local threads ${(out.localSeconds * 1000).toFixed(1)} ms ` +
    `(${(out.totalSeconds / out.localSeconds).toFixed(0)}× : worth it only for maps of minutes or more)`);
  return out;
}

/** Runs the benchmark and returns its numbers. */
export async function benchParallel(): Promise<Record<string, unknown>> {
  const slurmTasks = arg('slurm-tasks', 4);
  if (process.argv.includes('--slurm-only')) return { slurm: await benchSlurm(slurmTasks, 3) };
  const quick = process.argv.includes('--quick');
  const workers = arg('workers', 2);
  const nMap = arg('map', quick ? 200_000 : 1_000_000);
  const nImap = arg('imap', quick ? 10_000 : 50_000);
  const nCpu = arg('cpu', quick ? 8 : 24);
  const sq = square.with({ workers });
  const cpu = burn.with({ workers });

  // Start the pool (one task per worker) before timing, as the Python side does.
  await sq.with({ chunksize: 1 }).map(Array.from({ length: 4 * workers }, (_, i) => i));
  const xs = Array.from({ length: nMap }, (_, i) => i);
  const typed = Float64Array.from(xs);
  let check = 0;
  const tMap = await best(3, async () => {
    const out = await sq.map(xs);
    check = out[nMap - 1]!;
  });
  if (check !== (nMap - 1) ** 2) throw new Error('map gave a wrong result');
  const tTyped = await best(3, async () => {
    await sq.map(typed);
  });
  const ys = xs.slice(0, nImap);
  const tImap = await best(2, async () => {
    let count = 0;
    for await (const _ of sq.with({ chunksize: 1 }).imap(ys)) count += 1;
    if (count !== nImap) throw new Error('imap lost items');
  });

  // CPU-bound: calibrate the iterations for >= 10 ms per item on this machine, then serial vs 2 workers.
  const plain = original(burn) as (iterations: number, seed: number) => number;
  let iterations = 200_000;
  for (;;) {
    const t0 = performance.now();
    plain(iterations, 1);
    if (performance.now() - t0 >= 12) break;
    iterations *= 2;
  }
  const its = Array.from({ length: nCpu }, () => iterations);
  const seeds = Array.from({ length: nCpu }, (_, i) => i);
  const tSerial = await best(2, async () => {
    for (let i = 0; i < nCpu; i++) plain(its[i]!, seeds[i]!);
  });
  // Warm each worker with one real item, as the serial loop was warmed by calibration: both sides time
  // optimized code.
  await cpu.with({ chunksize: 1 }).map(its.slice(0, workers), seeds.slice(0, workers));
  const tPar = await best(2, async () => {
    await cpu.map(its, seeds);
  });
  const efficiency = tSerial / (workers * tPar);

  // tinypool, the pool numbat's design follows, with one run() per task and every task in flight: the
  // one-message-per-task baseline the issue quotes (numbat does not run on it: see src/parallel/pool.ts).
  const tinypool = new Tinypool({ filename: new URL('./pool-square.mjs', import.meta.url).href, minThreads: workers, maxThreads: workers });
  await Promise.all(Array.from({ length: 4 * workers }, (_, i) => tinypool.run(i)));
  const tTiny = await best(2, async () => {
    const out = await Promise.all(ys.map((y) => tinypool.run(y) as Promise<number>));
    if (out[nImap - 1] !== (nImap - 1) ** 2) throw new Error('tinypool gave a wrong result');
  });
  await tinypool.destroy();
  // piscina 5 (tinypool's parent; it settles a task whose worker exits, see the fault tests), same shape.
  const piscina = new Piscina({ filename: new URL('./pool-square.mjs', import.meta.url).href, minThreads: workers, maxThreads: workers });
  await Promise.all(Array.from({ length: 4 * workers }, (_, i) => piscina.run(i)));
  const tPiscina = await best(2, async () => {
    const out = await Promise.all(ys.map((y) => piscina.run(y) as Promise<number>));
    if (out[nImap - 1] !== (nImap - 1) ** 2) throw new Error('piscina gave a wrong result');
  });
  await piscina.destroy();

  const py = runPython<PythonResult>('parallel_throughput.py', [String(workers), String(nMap), String(nImap)], 'multiprocessing');

  const rows: Array<[string, string, string, string]> = [
    ['trivial tasks, auto-chunked map (JS array)', rate(nMap, tMap), py ? rate(nMap, py.map.seconds) : '-', py ? (nMap / tMap / py.map.per_second).toFixed(2) : '-'],
    ['trivial tasks, auto-chunked map (Float64Array)', rate(nMap, tTyped), py ? rate(nMap, py.map.seconds) : '-', py ? (nMap / tTyped / py.map.per_second).toFixed(2) : '-'],
    ['trivial tasks, imap chunksize 1', rate(nImap, tImap), py ? rate(nImap, py.imap.seconds) : '-', py ? (nImap / tImap / py.imap.per_second).toFixed(2) : '-'],
  ];
  const head: [string, string, string, string] = ['', 'numbat', `python ${py ? `(${py.start_method})` : '(absent)'}`, 'numbat/python'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`parallel throughput, ${workers} workers (pools started before timing; best of runs)`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`tinypool ${TINYPOOL_VERSION}, one run() per task, all in flight: ${rate(nImap, tTiny)} ` +
    `(numbat imap chunksize 1 is ${(tTiny / tImap).toFixed(2)}× that)`);
  console.log(`piscina ${PISCINA_VERSION}, one run() per task, all in flight: ${rate(nImap, tPiscina)} ` +
    `(numbat imap chunksize 1 is ${(tPiscina / tImap).toFixed(2)}× that)`);
  console.log();
  console.log(`CPU-bound (${nCpu} items, ${(tSerial / nCpu * 1000).toFixed(1)} ms each serially): serial ${tSerial.toFixed(3)} s, ` +
    `${workers} workers ${tPar.toFixed(3)} s, speed-up ${(tSerial / tPar).toFixed(2)}, efficiency ${(efficiency * 100).toFixed(1)}% (goal >= 90%)`);
  console.log();
  const slurmNumbers = await benchSlurm(slurmTasks, process.argv.includes('--quick') ? 1 : 3);
  const result = {
    slurm: slurmNumbers,
    workers,
    map: { n: nMap, perSecond: nMap / tMap, perSecondTyped: nMap / tTyped, pythonPerSecond: py?.map.per_second },
    imap: { n: nImap, perSecond: nImap / tImap, pythonPerSecond: py?.imap.per_second, tinypoolPerSecond: nImap / tTiny, piscinaPerSecond: nImap / tPiscina },
    cpu: { items: nCpu, msPerItem: (tSerial / nCpu) * 1000, serialSeconds: tSerial, parallelSeconds: tPar, efficiency },
  };
  console.log(JSON.stringify(result));
  return result;
}

if (isMain(import.meta.url)) {
  await benchParallel();
  await shutdownPools();
}
