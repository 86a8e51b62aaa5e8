/**
 * The machine's own ceiling for parallel efficiency, measured beside numbat's in `bench/prange.ts`: the same
 * compute-bound loop in plain JavaScript on worker threads that share nothing (no numbat, no reduction, no
 * chunking), started together through a shared counter. On a machine whose cores are not all free (a VM's
 * vCPUs on shared or hyper-threaded cores, a busy neighbour), even these independent threads slow each other
 * down; numbat's efficiency is then read against this ceiling rather than against 100%.
 *
 * Synchronous from the calling thread (it waits with `Atomics.wait`), so the bench's `time()` can time it.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';

// The loop of bench/prange.ts's `compute`, over [from, to): plain JS, in each worker.
const WORKER = `
const { workerData } = require('node:worker_threads');
const ctl = new Int32Array(workerData.control);
const out = new Float64Array(workerData.results);
const me = workerData.index;
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (ctl[1] < 0) break;
  const parts = ctl[1], n = ctl[2];
  if (me < parts) {
    const from = Math.floor((n * me) / parts), to = Math.floor((n * (me + 1)) / parts);
    let acc = 0;
    for (let i = from; i < to; i++) {
      const x = i * 1e-6;
      acc += Math.sin(x) * Math.cos(x) + Math.sqrt(x + 1) / (1 + x * x);
    }
    out[me] = acc;
    Atomics.add(ctl, 3, 1);
    Atomics.notify(ctl, 3);
  }
}
`;

/**
 * A pool of `threads` plain workers running the compute loop.
 *
 * @example
 * ```ts
 * import { ceilingPool } from './_ceiling.js';
 *
 * const pool = ceilingPool(2);
 * const total = pool.run(2e6, 2); // the loop's sum, computed in two halves on two threads
 * pool.close();
 * ```
 */
export function ceilingPool(threads: number): { run(n: number, parts: number): number; close(): void } {
  // [0] generation (bumped to start a run), [1] parts (-1: stop), [2] n, [3] finished parts.
  const control = new SharedArrayBuffer(16);
  const results = new SharedArrayBuffer(8 * threads);
  const ctl = new Int32Array(control);
  const out = new Float64Array(results);
  const workers = Array.from({ length: threads }, (_, index) => new Worker(WORKER, { eval: true, workerData: { control, results, index } }));
  return {
    run(n: number, parts: number): number {
      Atomics.store(ctl, 3, 0);
      ctl[1] = parts;
      ctl[2] = n;
      Atomics.add(ctl, 0, 1);
      Atomics.notify(ctl, 0);
      for (let done = Atomics.load(ctl, 3); done < parts; done = Atomics.load(ctl, 3)) Atomics.wait(ctl, 3, done);
      let sum = 0;
      for (let k = 0; k < parts; k++) sum += out[k]!;
      return sum;
    },
    close(): void {
      ctl[1] = -1;
      Atomics.add(ctl, 0, 1);
      Atomics.notify(ctl, 0);
      for (const w of workers) void w.terminate();
    },
  };
}
