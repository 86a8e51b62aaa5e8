/**
 * The lecture's parmap (Part 2) on a SLURM cluster: the same `fun(a, b)` (a 1 s sleep, then `a + b`) and the
 * same `a = b = linspace(0, 1, 10)`, mapped by one job array instead of this machine's threads. The
 * function is not changed, only the backend: `fun.with({ backend: slurm({...}) })`. Each of the 5 array
 * tasks takes 2 calls over its 2 cores, so the map's work is one round of 1 s; what it costs beyond that is
 * SLURM's scheduling and each task's `node` start-up (printed).
 *
 * On a cluster, run it from the login node in a directory every node sees (home or project space):
 *   npx tsx examples/slurm-map.ts [--partition NAME] [--account NAME]
 * Here, `scripts/slurm-local.sh start` (as root) makes this machine a one-node cluster first.
 */
import { isMain, slurm, hasSbatch, shutdownPools } from '../src/parallel/index.js';
import { fun, linspace } from './parmap.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (isMain(import.meta.url)) {
  if (!hasSbatch()) {
    console.log('slurm-map: no sbatch on this machine, so there is no cluster to run on. On a cluster login node this ' +
      'example maps the lecture\'s fun over a job array; here, `sudo scripts/slurm-local.sh start` makes a one-node cluster.');
    process.exit(0);
  }
  const N = 10;
  const a = linspace(0, 1, N);
  const b = linspace(0, 1, N);
  const partition = arg('partition');
  const account = arg('account');
  const backend = slurm({ tasks: 5, cpusPerTask: 2, time: 10, poll: 250, ...(partition ? { partition } : {}), ...(account ? { account } : {}) });
  let first = Number.NaN;
  const t0 = performance.now();
  const aplusb: number[] = [];
  // imap: results in order, as the array tasks finish.
  for await (const x of fun.with({ backend }).imap(a, b)) {
    if (Number.isNaN(first)) first = (performance.now() - t0) / 1000;
    aplusb.push(x);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log('fun.with({ backend: slurm }).imap(a, b):', aplusb);
  const expected = a.map((x, i) => x + b[i]!);
  if (!aplusb.every((x, i) => x === expected[i])) throw new Error('the cluster gave other sums than the formula');
  console.log(`5 array tasks × 2 cores: first result after ${first.toFixed(1)} s, all ${N} after ${seconds.toFixed(1)} s ` +
    `(1 s of work per task; a for loop takes ${N} s)`);
  await shutdownPools();
}
