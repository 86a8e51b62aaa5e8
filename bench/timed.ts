/**
 * Overhead of `@timed`: cost per call of a silent timed function against the bare function, same process.
 * Goal (issue 2): under 1 µs per call.  Run: `node --import tsx bench/timed.ts`
 */
import { timed, timeitWith, setTimingSink, formatSeconds } from '../src/timed/index.js';
import { isMain } from '../src/guard.js';

export interface TimedBenchRow {
  readonly case: string;
  readonly bareSeconds: number;
  readonly timedSeconds: number;
  readonly overheadSeconds: number;
}

function add(a: number, b: number): number {
  return a + b;
}

async function sleepless(a: number): Promise<number> {
  return a;
}

/** Measures per-call overhead for a trivial sync function and an async one. */
export async function benchTimed(): Promise<TimedBenchRow[]> {
  setTimingSink('silent');
  const timedAdd = timed(add);
  const timedAsync = timed(sleepless);
  // Call sites in loops so V8 sees the same shapes the user's code would.
  const loopBare = (n: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += add(i, 1);
    return s;
  };
  const loopTimed = (n: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += timedAdd(i, 1);
    return s;
  };
  const N = 100_000;
  const bare = timeitWith({ print: false, repeat: 7 }, loopBare, N).best / N;
  const wrapped = timeitWith({ print: false, repeat: 7 }, loopTimed, N).best / N;
  const M = 10_000;
  const asyncBare = (await timeitWith({ print: false, repeat: 5 }, async () => {
    for (let i = 0; i < M; i++) await sleepless(i);
  })).best / M;
  const asyncTimed = (await timeitWith({ print: false, repeat: 5 }, async () => {
    for (let i = 0; i < M; i++) await timedAsync(i);
  })).best / M;
  return [
    { case: 'sync add(a, b)', bareSeconds: bare, timedSeconds: wrapped, overheadSeconds: wrapped - bare },
    { case: 'async fn, awaited', bareSeconds: asyncBare, timedSeconds: asyncTimed, overheadSeconds: asyncTimed - asyncBare },
  ];
}

export function printTimedBench(rows: readonly TimedBenchRow[]): void {
  console.log('\n@timed overhead per call (best of repeats; goal < 1 µs)');
  console.log('| case | bare | timed (silent) | overhead | goal met |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.case} | ${formatSeconds(r.bareSeconds)} | ${formatSeconds(r.timedSeconds)} | ${formatSeconds(r.overheadSeconds)} | ${r.overheadSeconds < 1e-6 ? 'yes' : 'NO'} |`);
  }
}

if (isMain(import.meta.url)) printTimedBench(await benchTimed());
