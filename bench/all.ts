/**
 * `npm run bench`: every benchmark in this folder, each in its own Node process (so JIT caches, pools and
 * GPU devices of one cannot skew another). Each prints its own table of medians and ratios against the
 * baselines it runs in the same process (plain JS, numba, multiprocessing, matplotlib where installed).
 * Usage: npm run bench [-- name ...]  (only benches whose file name contains a name; `--quick` is passed on)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(here)
  // Helper modules the benches import, not benches themselves.
  .filter((f) => f.endsWith('.ts') && !['all.ts', 'python.ts', 'numba.ts', 'measure.ts'].includes(f) && !f.startsWith('_'))
  .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n##### bench/${file}`);
  const r = spawnSync(process.execPath, [...process.execArgv, join(here, file), ...flags], {
    stdio: 'inherit',
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exitCode = failed ? 1 : 0;
