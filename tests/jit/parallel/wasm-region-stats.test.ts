// wasmRegionStats() (src/jit/parallel/wasm-regions.ts), the counters tests and the bench read, starts at zero in a
// fresh process. Written for the jit-parallel survivor wasm-regions.ts:255 (now :410, `chunks: 0` / `traps: 0`
// → 1): every test that reads the counters resets them first, so a miscount before the first reset went unseen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

test('a fresh process reports no Wasm chunks and no traps before any prange loop runs', () => {
  const source = "import { wasmRegionStats } from './src/jit/parallel/wasm-regions.ts'; console.log(JSON.stringify(wasmRegionStats()));";
  // A hang-guard only (a process start takes a few seconds at load), not a measurement.
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { encoding: 'utf8', cwd: root, timeout: 600_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim()), { chunks: 0, traps: 0 });
});
