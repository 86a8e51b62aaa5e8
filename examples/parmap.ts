/**
 * The lecture's parmap (Part 2): `fun(a, b)` sleeps 1 s and returns `a + b`; N = 10 calls with
 * `a = b = linspace(0, 1, 10)`. A for loop takes 10 s; `parallel(4)` maps it in 3.0 s once its workers are up
 * (warm: ceil(10 / 4) rounds of 1 s), and in 4.3 s including worker start-up (each worker loads tsx and this
 * module; 6.6 s when the 2-core machine was shared by other jobs), with a tqdm-like progress bar on a terminal.
 *
 * Python:                                     numbat:
 *   parmap = ProcessingPool(4).imap             export const fun = parallel(4)(function fun(a, b) { ... });
 *   list(tqdm(parmap(fun, a, b), total=N))      await fun.with({ progress: true }).map(a, b);
 *
 * Run: npx tsx examples/parmap.ts
 */
import { parallel, isMain, shutdownPools } from '../src/parallel/index.js';
import { original } from '../src/decorate.js';
import type { DemoReport } from './_demo.js';

/** Blocks the thread like Python's `time.sleep` (an async timer would let one thread overlap calls). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lecture's `fun`: a stand-in for "a complicated thing of thousands of lines". */
export const fun = parallel(4)(function fun(a: number, b: number): number {
  sleepSync(1000); // So that it takes a bit longer...
  return a + b;
});

/** numpy's `linspace(start, stop, n)`. */
export function linspace(start: number, stop: number, n: number): number[] {
  // numpy's arithmetic (i · step + start), so the sums print exactly as in the lecture.
  const step = n > 1 ? (stop - start) / (n - 1) : 0;
  return Array.from({ length: n }, (_, i) => (i === n - 1 && n > 1 ? stop : i * step + start));
}

/** Serial loop, then the 4-worker map; checks both give the same sums. */
export async function demo(): Promise<DemoReport> {
  const N = 10;
  const a = linspace(0, 1, N);
  const b = linspace(0, 1, N);

  const plain = original(fun) as (a: number, b: number) => number;
  let t0 = performance.now();
  const serial: number[] = [];
  for (let i = 0; i < N; i++) serial.push(plain(a[i]!, b[i]!));
  const serialSeconds = (performance.now() - t0) / 1000;

  // Timed from a cold pool, as the lecture's cell (which creates the ProcessingPool) is.
  t0 = performance.now();
  const aplusb = await fun.with({ progress: true, chunksize: 1 }).map(a, b);
  const parallelSeconds = (performance.now() - t0) / 1000;
  console.log('parallel(4).map(a, b):', aplusb);
  const same = aplusb.every((x, i) => x === serial[i]);
  if (!same) throw new Error('parallel and serial results differ');
  // Again with the workers up: what the map costs once the pool exists.
  t0 = performance.now();
  await fun.with({ chunksize: 1 }).map(a, b);
  const warmSeconds = (performance.now() - t0) / 1000;
  await shutdownPools();
  return {
    rows: [
      {
        example: 'fun(a, b) with a 1 s sleep, N = 10',
        baseline: 'for loop',
        baselineSeconds: serialSeconds,
        numbat: 'parallel(4).map',
        numbatSeconds: parallelSeconds,
        note: 'same sums as the loop; ideal with 4 workers: 3 s (ceil(10/4) rounds of 1 s); worker start-up included, as in the lecture cell',
      },
      {
        example: 'fun(a, b) with a 1 s sleep, N = 10',
        baseline: 'for loop',
        baselineSeconds: serialSeconds,
        numbat: 'parallel(4).map, warm pool',
        numbatSeconds: warmSeconds,
        note: 'the same map again, workers already started',
      },
    ],
  };
}

if (isMain(import.meta.url)) {
  const report = await demo();
  const [cold, warm] = report.rows;
  console.log(`for loop: ${cold!.baselineSeconds.toFixed(2)} s; parallel(4).map: ${cold!.numbatSeconds.toFixed(2)} s ` +
    `with worker start-up, ${warm!.numbatSeconds.toFixed(2)} s warm (the pool already up)`);
}
