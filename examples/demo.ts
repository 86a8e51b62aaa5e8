/**
 * `npm run demo`: runs every example in this folder (each in its own Node process, so one example's JIT
 * caches, worker pools or GPU device cannot skew another's timings), then prints one table:
 * example, baseline, numbat, speed-up, and numba's time where `/usr/bin/python3` has numba.
 * Figures land in `out/`; the table is also saved as `out/demo.json` and `out/demo.md`.
 *
 * Usage: npm run demo [-- name ...]   (only examples whose file name contains one of the names)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatSeconds } from '../src/timed/format.js';
import { OUT_DIR, type DemoReport, type DemoRow } from './_demo.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = fileURLToPath(OUT_DIR);

async function runOne(file: string, reportPath: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { demo?: () => Promise<DemoReport> };
  if (typeof mod.demo !== 'function') throw new Error(`${file} does not export demo()`);
  const report = await mod.demo();
  writeFileSync(reportPath, JSON.stringify(report));
}

function exampleFiles(filters: readonly string[]): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'demo.ts')
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort();
}

/** Whether an example takes part in the demo: it exports `demo()` (slurm-map.ts, for one, needs a cluster and runs on its own). */
function hasDemo(file: string): boolean {
  return /^export (?:async )?function demo\(/m.test(readFileSync(join(here, file), 'utf8'));
}

function ratio(a: number, b: number): string {
  if (!(a > 0) || !(b > 0)) return '-';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}

/** Formats the rows as an aligned text table (also valid Markdown). */
export function demoTable(rows: readonly (DemoRow & { file: string })[]): string {
  const header = ['example', 'baseline', 'time', 'numbat', 'time', 'speed-up', 'numba', 'numbat/numba'];
  const body = rows.map((r) => [
    r.example,
    r.baseline,
    formatSeconds(r.baselineSeconds),
    r.numbat,
    formatSeconds(r.numbatSeconds),
    ratio(r.baselineSeconds, r.numbatSeconds),
    r.numbaSeconds === undefined ? 'n/a' : formatSeconds(r.numbaSeconds),
    r.numbaSeconds === undefined ? '-' : ratio(r.numbatSeconds, r.numbaSeconds),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--one') {
    await runOne(argv[1]!, argv[2]!);
    return;
  }
  mkdirSync(out, { recursive: true });
  const matching = exampleFiles(argv);
  if (matching.length === 0) throw new Error(`demo: no example matches ${argv.join(', ')}`);
  const files = matching.filter(hasDemo);
  for (const file of matching.filter((f) => !hasDemo(f))) {
    console.log(`(not part of the demo: ${file} exports no demo(); run it on its own: npx tsx examples/${file})`);
  }
  const rows: Array<DemoRow & { file: string }> = [];
  const figures: string[] = [];
  const failures: string[] = [];
  for (const file of files) {
    console.log(`\n=== ${basename(file, '.ts')} ===`);
    const reportPath = join(tmpdir(), `numbat-demo-${process.pid}-${basename(file, '.ts')}.json`);
    const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--one', file, reportPath], {
      stdio: 'inherit',
      env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
    });
    if (result.status !== 0) {
      failures.push(`${file} (exit ${result.status ?? result.signal})`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as DemoReport;
    rmSync(reportPath, { force: true });
    for (const row of report.rows) rows.push({ ...row, file });
    figures.push(...(report.figures ?? []));
  }
  const table = demoTable(rows);
  console.log(`\nsummary (each row timed in one process; speed-up = baseline time / numbat time; numba runs the Python original):\n${table}`);
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.example}: ${r.note}`);
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  if (figures.length) console.log(`\nfigures and data written:\n${figures.map((f) => `  ${f}`).join('\n')}`);
  writeFileSync(join(out, 'demo.json'), JSON.stringify({ rows, figures }, null, 2));
  writeFileSync(join(out, 'demo.md'), `${table}\n\n${notes.join('\n')}\n`);
  if (failures.length) {
    console.error(`\ndemo: ${failures.length} example(s) failed: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
