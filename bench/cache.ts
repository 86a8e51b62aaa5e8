/**
 * `npm run bench:cache`: what memoJit's persistent cache saves on the first call of a fresh process. For each
 * program, fresh child processes time the first call three ways, alternating: **cold** (cache off: parse, infer,
 * lower, generate), **cached** (`NUMBAT_CACHE=1` with the entry on disk: load and instantiate), and, in the cached
 * child, the **warm** call after it (the median of later calls). The target of issue 13: cached − warm ≤ 2 ms.
 * A fourth child calls the **plain** function the same way, for reference: its first call minus its warm call is what
 * V8 itself spends on a first call (bytecode, the first runs in the interpreter), which a JavaScript specialization's
 * first call pays as well, cache or not.
 * First calls are given as wall time and as the process's CPU time (user + system) during the call: on a shared
 * machine the wall time also holds the time other processes ran.
 *
 * Usage: npm run bench:cache [-- --runs=7] [--settle] [name-substring ...]. `--settle` waits between decoration and the
 * first call until the cache's background work is done (`memoJit.cacheReady()`), as a script's own setup would
 * give it time to (the compiler's fingerprint, in a development checkout, and the stored entries are read meanwhile). Module loading is not counted (each child imports
 * numbat and the program before timing); the cache directory is a fresh temporary one, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain, memoJit } from '../src/index.js';
import type { CorpusProgram } from './corpus/program.js';
import { median } from './corpus/check.js';

const PROGRAMS = ['ss-error-function', 'ss-inverse-error-function', 'jstat-betacf', 'gl-mat4-multiply', 'numba-monte-carlo-pi', 'awfy-mandelbrot'];

/** What one child reports, in ms. */
interface ChildReport {
  readonly first: number;
  /** CPU time of the first call (user + system), ms: what it costs, without the waits of a shared machine. */
  readonly firstCpu: number;
  readonly warm: number;
  readonly hits: number;
  readonly misses: number;
  readonly lookupMs: number;
  /** Whether the hit was read, compiled and instantiated before the call (the cache's prefetch). */
  readonly prefetched: number;
}

async function child(name: string): Promise<void> {
  const program = ((await import(`./corpus/programs/${name}.js`)) as { default: CorpusProgram }).default;
  const plain = process.argv.includes('--plain');
  const jitted = (plain ? program.fn : memoJit(program.fn)) as unknown as (...args: unknown[]) => unknown;
  const input = program.input('small');
  // --settle: let the background work started at decoration finish first, as a script's own setup would; waiting
  // for it rather than a fixed 50 ms, which a loaded machine outlasted (the prefetch then counted in the call).
  if (process.argv.includes('--settle')) await memoJit.cacheReady();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  jitted.apply(input.self, input.args);
  const first = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const firstCpu = (c1.user + c1.system) / 1000;
  const warm: number[] = [];
  for (let i = 0; i < 50; i++) {
    const again = program.input('small');
    const t = performance.now();
    jitted.apply(again.self, again.args);
    warm.push(performance.now() - t);
  }
  const stats = memoJit.cacheStats();
  const report: ChildReport = { first, firstCpu, warm: median(warm), hits: stats.hits, misses: stats.misses, lookupMs: stats.lookupMs, prefetched: stats.prefetched };
  process.stdout.write(JSON.stringify(report) + '\n');
}

let settle = false;

function run(name: string, env: Record<string, string>, plain = false): ChildReport {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', name, ...(settle ? ['--settle'] : []), ...(plain ? ['--plain'] : [])], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`child for ${name} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildReport;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childAt = args.indexOf('--child');
  if (childAt >= 0) return child(args[childAt + 1]!);
  settle = args.includes('--settle');
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  const names = args.filter((a) => !a.startsWith('--'));
  const dir = mkdtempSync(join(tmpdir(), 'numbat-bench-cache-'));
  console.log(`memoJit persistent cache: first call in a fresh process, cold (cache off) vs cached vs warm; medians of ${runs} child processes each.`);
  console.log(`Node ${process.version}; a shared machine: compare within a row. Cache directory: ${dir} (removed afterwards).\n`);
  const rows: string[][] = [];
  try {
    for (const name of PROGRAMS.filter((p) => names.length === 0 || names.some((n) => p.includes(n)))) {
      const on = { NUMBAT_CACHE: '1', NUMBAT_CACHE_DIR: dir };
      const filled = run(name, on); // fills the entry
      if (filled.misses !== 1) throw new Error(`${name}: expected one miss filling the cache, got ${JSON.stringify(filled)}`);
      const cold: number[] = [], coldCpu: number[] = [], cached: number[] = [], cachedCpu: number[] = [], warm: number[] = [], lookup: number[] = [], plainExtra: number[] = [];
      let prefetched = 0;
      for (let r = 0; r < runs; r++) {
        const k = run(name, { NUMBAT_CACHE: '0', NUMBAT_CACHE_DIR: dir });
        cold.push(k.first);
        coldCpu.push(k.firstCpu);
        const c = run(name, on);
        if (c.hits !== 1 || c.misses !== 0) throw new Error(`${name}: expected a cache hit, got ${JSON.stringify(c)}`);
        cached.push(c.first);
        cachedCpu.push(c.firstCpu);
        warm.push(c.warm);
        lookup.push(c.lookupMs);
        prefetched += c.prefetched;
        const p = run(name, { NUMBAT_CACHE: '0', NUMBAT_CACHE_DIR: dir }, true);
        plainExtra.push(p.first - p.warm);
      }
      const [mc, mcc, mh, mhc, mw, ml] = [median(cold), median(coldCpu), median(cached), median(cachedCpu), median(warm), median(lookup)];
      rows.push([name, `${mc.toFixed(2)} / ${mcc.toFixed(2)}`, `${mh.toFixed(2)} / ${mhc.toFixed(2)}`, ml.toFixed(2), mw.toFixed(3), `${(mh - mw).toFixed(2)} / ${(mhc - mw).toFixed(2)}`, median(plainExtra).toFixed(2), (mc / mh).toFixed(1) + '×', `${prefetched} of ${runs}`]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['program', 'cold first call ms (wall / cpu)', 'cached first call ms (wall / cpu)', 'cache lookup ms (wall)', 'warm call ms', 'cached − warm ms (wall / cpu)', 'plain: first − warm ms (wall)', 'cold / cached (wall)', 'hits prefetched'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]): string => '| ' + cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join(' | ') + ' |';
  console.log([line(head), '|' + widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n'));
}

if (isMain(import.meta.url)) await main();
