/**
 * A quick look at the Markov example alone (`npm run bench:jit` runs it among the others, for about a minute):
 * plain JS against `memoJit(markov)` in one process, interleaved, best of several calls each.
 * Usage: `node --import tsx bench/_markov.ts [days=1e7] [rounds=10]`. The leading underscore keeps it out of
 * `npm run bench`.
 *
 * It prints both wall and CPU time: on a machine shared with other work the process's CPU time is the steadier
 * of the two, since waiting for a core counts in wall time only.
 */
import { memoJit } from '../src/index.js';
import { markov, P } from '../examples/markov.js';

const days = Number(process.argv[2] ?? 1e7);
const rounds = Number(process.argv[3] ?? 10);
const compiled = memoJit(markov);
compiled(P, 1000);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const variants: Array<[string, () => unknown]> = [
  ['plain JS', () => markov(P, days)],
  ['memoJit', () => compiled(P, days)],
];
const wall = variants.map(() => Infinity);
const cpu = variants.map(() => Infinity);
for (let r = 0; r < rounds; r++) {
  variants.forEach(([, run], i) => {
    const c0 = cpuMs();
    const t0 = performance.now();
    run();
    wall[i] = Math.min(wall[i]!, performance.now() - t0);
    cpu[i] = Math.min(cpu[i]!, cpuMs() - c0);
  });
}
console.log(`markov, ${days.toExponential(0)} days, best of ${rounds}`);
variants.forEach(([name], i) => console.log(`  ${name.padEnd(10)} wall ${wall[i]!.toFixed(1).padStart(7)} ms   cpu ${cpu[i]!.toFixed(1).padStart(7)} ms`));
console.log(`  plain JS / memoJit: ${(wall[0]! / wall[1]!).toFixed(2)} (wall), ${(cpu[0]! / cpu[1]!).toFixed(2)} (cpu)`);
