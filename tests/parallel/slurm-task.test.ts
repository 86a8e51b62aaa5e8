// The SLURM array task entry src/parallel/slurm-task.ts, run as SLURM would run it (`node slurm-task.ts <workdir>
// <index>`) but on a working directory made here, without SLURM: a bad command line or a directory without
// run.bin exits 1 and writes nothing; a chunk runs on the task's local pool and its outcome lands in
// results/<index>.bin, item failures as data at their offset in the chunk, a function that cannot be found as
// a fatal error of the whole chunk (still exit 0: only an unwritable result is a failed task).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNeeds } from '../../src/parallel/spawn.js';
import { chunkBytes, ensureLayout, paths, readResult, writeAtomic, writeRun, type RunSpec } from '../../src/parallel/slurm-workdir.js';

const ENTRY = fileURLToPath(new URL('../../src/parallel/slurm-task.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

const made: string[] = [];
function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-task-test-'));
  made.push(dir);
  return dir;
}
process.on('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

/** Runs the task entry as job.sh does, with tsx registered, and gives its exit code and stderr. */
function runTask(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, ENTRY, ...args], { timeout: 120_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

// As the driver writes it: numbat runs from source here, so the task's workers register tsx (spawnNeeds).
const spec = (target: RunSpec['target'], label: string): RunSpec => ({
  format: 1, label, target, self: undefined, workers: 1, env: undefined, maxMemoryMb: undefined, timeout: undefined,
  ...spawnNeeds(undefined),
});

test('a bad command line exits 1 with the usage', async () => {
  for (const args of [[], ['/tmp'], ['/tmp', '-1'], ['/tmp', '1.5'], ['/tmp', 'two']]) {
    const { code, stderr } = await runTask(args);
    assert.equal(code, 1, `args ${JSON.stringify(args)}`);
    assert.match(stderr, /usage: slurm-task <workdir> <index>/);
  }
});

test('a directory without run.bin is refused (exit 1) and nothing is written', async () => {
  const dir = fresh();
  ensureLayout(dir);
  const { code, stderr } = await runTask([dir, '0']);
  assert.equal(code, 1);
  assert.ok(stderr.includes(`${dir} has no run.bin: not a numbat SLURM working directory`), stderr);
  assert.deepEqual(readdirSync(join(dir, 'results')), []);
});

test('a chunk runs and its results land in results/<index>.bin; a failing item is an error at its offset', async () => {
  const dir = fresh();
  ensureLayout(dir);
  const source = 'function root(x) { if (x < 0) throw new RangeError("negative: " + x); return Math.sqrt(x); }';
  writeRun(dir, spec({ source }, 'root'));
  // Task 2 of the array: items 6-9 of the run, the third one negative.
  writeAtomic(paths(dir).chunk(2), chunkBytes({ start: 6, count: 4, cols: [[9, 16, -4, 0.25]] }));
  const { code, stderr } = await runTask([dir, '2']);
  assert.equal(code, 0, stderr);
  const out = readResult(dir, 2);
  assert.ok(out, 'result written');
  assert.equal(out.fatal, undefined);
  assert.equal(out.results.length, 4);
  assert.equal(out.results[0], 3);
  assert.equal(out.results[1], 4);
  assert.equal(out.results[3], 0.5);
  assert.equal(out.errors.length, 1);
  assert.equal(out.errors[0]!.at, 2, 'an offset in the chunk, not the run index 8');
  assert.equal(out.errors[0]!.error.name, 'RangeError');
  assert.equal(out.errors[0]!.error.message, 'negative: -4');
  assert.equal(readResult(dir, 0), undefined, 'only its own index is written');
});

test('a function that cannot be found fails the whole chunk as a fatal error, and the task still exits 0', async () => {
  const dir = fresh();
  ensureLayout(dir);
  // The module imports fine, but nothing in it registers under this key (as for a closure).
  const module = new URL('./fixtures/math.ts', import.meta.url).href;
  writeRun(dir, spec({ module, key: 'notDecoratedHere', line: 12 }, 'notDecoratedHere'));
  writeAtomic(paths(dir).chunk(0), chunkBytes({ start: 0, count: 2, cols: [[1, 2]] }));
  const { code, stderr } = await runTask([dir, '0']);
  assert.equal(code, 0, stderr);
  const out = readResult(dir, 0);
  assert.ok(out);
  assert.ok(out.fatal, `fatal expected, got ${JSON.stringify(out)}`);
  assert.equal(out.fatal.name, 'ParallelLocateError');
  assert.ok(out.fatal.message.includes("did not apply @parallel to 'notDecoratedHere' (decorated at line 12)"), out.fatal.message);
  assert.deepEqual(out.results, []);
  assert.deepEqual(out.errors, []);
});

test('a decorated function is found by its module and key, as the driver names it', async () => {
  const dir = fresh();
  ensureLayout(dir);
  const module = new URL('./fixtures/math.ts', import.meta.url).href;
  writeRun(dir, spec({ module, key: 'add' }, 'add'));
  writeAtomic(paths(dir).chunk(1), chunkBytes({ start: 3, count: 3, cols: [[1, 2, 3], [10, 20, 30]] }));
  const { code, stderr } = await runTask([dir, '1']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(readResult(dir, 1), { results: [11, 22, 33], errors: [] });
});
