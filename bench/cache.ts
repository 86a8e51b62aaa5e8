/**
 * `npm run bench:cache`: what memoJit's persistent cache saves on the first call of a fresh process. For each
 * program, fresh child processes time the first call three ways, alternating: **cold** (cache off: parse, infer,
 * lower, generate), **cached** (`NUMBAT_CACHE=1` with the entry on disk: load and instantiate), and, in the cached
 * child, the **warm** call after it (the median of later calls). The target of issue 13: cached − warm ≤ 2 ms.
 *
 * Usage: npm run bench:cache [-- --runs=7] [name-substring ...]. Module loading is not counted (each child imports
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
  readonly warm: number;
  readonly hits: number;
  readonly misses: number;
  readonly lookupMs: number;
}

async function child(name: string): Promise<void> {
  const program = ((await import(`./corpus/programs/${name}.js`)) as { default: CorpusProgram }).default;
  const jitted = memoJit(program.fn) as unknown as (...args: unknown[]) => unknown;
  const input = program.input('small');
  const t0 = performance.now();
  jitted.apply(input.self, input.args);
  const first = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < 50; i++) {
    const again = program.input('small');
    const t = performance.now();
    jitted.apply(again.self, again.args);
    warm.push(performance.now() - t);
  }
  const stats = memoJit.cacheStats();
  const report: ChildReport = { first, warm: median(warm), hits: stats.hits, misses: stats.misses, lookupMs: stats.lookupMs };
  process.stdout.write(JSON.stringify(report) + '\n');
}

function run(name: string, env: Record<string, string>): ChildReport {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', name], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`child for ${name} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildReport;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childAt = args.indexOf('--child');
  if (childAt >= 0) return child(args[childAt + 1]!);
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
      const cold: number[] = [], cached: number[] = [], warm: number[] = [], lookup: number[] = [];
      for (let r = 0; r < runs; r++) {
        cold.push(run(name, { NUMBAT_CACHE: '0', NUMBAT_CACHE_DIR: dir }).first);
        const c = run(name, on);
        if (c.hits !== 1 || c.misses !== 0) throw new Error(`${name}: expected a cache hit, got ${JSON.stringify(c)}`);
        cached.push(c.first);
        warm.push(c.warm);
        lookup.push(c.lookupMs);
      }
      const [mc, mh, mw, ml] = [median(cold), median(cached), median(warm), median(lookup)];
      rows.push([name, mc.toFixed(2), mh.toFixed(2), ml.toFixed(2), mw.toFixed(3), (mh - mw).toFixed(2), (mc / mh).toFixed(1) + '×']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['program', 'cold first call ms', 'cached first call ms', 'of which cache lookup ms', 'warm call ms', 'cached − warm ms', 'cold / cached'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]): string => '| ' + cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join(' | ') + ' |';
  console.log([line(head), '|' + widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n'));
}

if (isMain(import.meta.url)) await main();
