// src/parallel/slurm-transport.ts: the SLURM backend against a real one-node cluster (scripts/slurm-local.sh starts it, as root, and stops what
// it started). Without root and without SLURM these tests skip, saying why; as root they never skip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sq, failOn, crashy, gated } from './fixtures/slurm-math.js';
import { slurm, hasSbatch, SlurmError, ParallelMapError, ParallelTaskError, shutdownPools, type ProgressState } from '../../src/parallel/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'scripts/slurm-local.sh');
let unavailable: string | undefined;
let startedHere = false;
// Working directories live under the project (a file system the tasks see; /tmp would do on one node too).
const base = mkdtempSync(join(tmpdir(), 'numbat-slurm-test-'));

before(() => {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    if (!hasSbatch()) unavailable = 'no SLURM: sbatch is not installed and installing it needs root';
    else if (spawnSync('bash', [script, 'status']).status !== 0) unavailable = 'no SLURM: sbatch is installed but sinfo shows no usable node, and starting one needs root';
    return;
  }
  const r = spawnSync('bash', [script, 'start'], { encoding: 'utf8', timeout: 15 * 60_000 });
  // As root the cluster must come up: a failure here fails the tests rather than skipping them.
  assert.equal(r.status, 0, `scripts/slurm-local.sh start failed: ${r.stderr}`);
  startedHere = r.stdout.trim().split('\n').pop() === 'started';
});

after(async () => {
  await shutdownPools();
  rmSync(base, { recursive: true, force: true });
  if (startedHere) spawnSync('bash', [script, 'stop'], { encoding: 'utf8', timeout: 60_000 });
});

function workdir(name: string): string {
  return join(base, name);
}

let runs = 0;
// Every run gets a working directory under the test's temporary directory, never in the project.
const backend = (extra: Parameters<typeof slurm>[0] = {}) => slurm({ tasks: 2, poll: 200, workdir: workdir(`run-${++runs}`), ...extra });

test('map, starmap and uimap on a job array: same results in the same order, typed arrays exact', async (t) => {
  if (unavailable) return t.skip(unavailable);
  const scale = Float64Array.of(0.5);
  const xs = [1, 2, 3, 4, 5];
  const states: ProgressState[] = [];
  const f = sq.with({ backend: backend({ workdir: workdir('order') }), progress: (s) => states.push(s) });
  const got = await f.map(xs, xs.map(() => scale));
  assert.deepEqual(got, xs.map((x) => ({ y: x * x * 0.5, typed: true })));
  assert.deepEqual([states.at(-1)!.done, states.at(-1)!.total], [5, 5], 'progress reaches the total');
  assert.equal(existsSync(workdir('order')), false, 'the working directory is removed after a successful run');
  const star = await sq.with({ backend: backend({ tasks: 3 }) }).starmap(xs.map((x) => [x, scale] as [number, Float64Array]));
  assert.deepEqual(star.map((r) => r.y), xs.map((x) => x * x * 0.5));
  const seen: number[] = [];
  for await (const r of sq.with({ backend: backend() }).uimap(xs, xs.map(() => scale))) seen.push(r.y);
  assert.deepEqual(seen.sort((a, b) => a - b), xs.map((x) => x * x * 0.5));
});

test("item errors keep their index and class; onError 'collect' hands back the other results", async (t) => {
  if (unavailable) return t.skip(unavailable);
  const error = await failOn.with({ backend: backend(), onError: 'collect' }).map([0, 1, 2, 3], [2, 2, 2, 2]).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError, String(error));
  assert.deepEqual(error.failed, [2]);
  assert.equal(error.errors[0]!.errorName, 'RangeError');
  assert.match(error.errors[0]!.message, /failOn failed on item 2: RangeError: bad item 2/);
  assert.deepEqual(error.results, [0, 10, undefined, 30]);
  // timeout applies per item, inside the task: the item that never ends fails alone.
  const dir = mkdtempSync(join(base, 'timeout-'));
  const late = await gated.with({ backend: backend({ tasks: 1 }), timeout: 1500, onError: 'collect' }).map([0, 1, 2], [1, 1, 1], [dir, dir, dir]).catch((e: unknown) => e);
  assert.ok(late instanceof ParallelMapError, String(late));
  assert.deepEqual(late.failed, [1]);
  assert.equal(late.errors[0]!.errorName, 'TimeoutError');
  assert.deepEqual(late.results, [0, undefined, 4]);
});

test('a task that dies is retried; one that keeps dying fails its items with exit code and stderr', async (t) => {
  if (unavailable) return t.skip(unavailable);
  const dir = mkdtempSync(join(base, 'crash-'));
  const xs = [0, 1, 2, 3];
  const wd = workdir('retry');
  const ok = await crashy.with({ backend: backend({ retries: 1, workdir: wd, keep: true }) }).map(xs, xs.map(() => 3), xs.map(() => 1), xs.map(() => dir));
  assert.deepEqual(ok, [1, 2, 3, 4]);
  const jobs = JSON.parse(readFileSync(join(wd, 'jobs.json'), 'utf8')) as Array<{ indices: number[] }>;
  assert.deepEqual(jobs.map((j) => j.indices), [[0, 1], [1]], 'only the failed task was submitted again');
  // Items of the chunk that succeeded ran once; the dead task's items ran again.
  assert.equal(readFileSync(join(dir, 'ran-0'), 'utf8'), '1');

  const dir2 = mkdtempSync(join(base, 'crash-'));
  const error = await crashy.with({ backend: backend({ retries: 1 }) }).map(xs, xs.map(() => 0), xs.map(() => 5), xs.map(() => dir2)).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelTaskError, String(error));
  assert.equal(error.errorName, 'SlurmTaskError');
  assert.match(error.message, /SLURM array task \d+_0 \(items 0–1\) failed 2 times; last: exit code 137/);
  assert.match(error.message, /crashy: giving up on item 0 on purpose/);
});

test('abort runs scancel: the run rejects with AbortError and the array leaves the queue', async (t) => {
  if (unavailable) return t.skip(unavailable);
  const dir = mkdtempSync(join(base, 'cancel-'));
  const wd = workdir('cancel');
  const controller = new AbortController();
  const run = gated.with({ backend: backend({ workdir: wd }), signal: controller.signal }).map([1, 2, 3, 4], [1, 1, 1, 1], [dir, dir, dir, dir]);
  while (!existsSync(join(dir, 'ran-1'))) await new Promise((r) => setTimeout(r, 100)); // a task is running
  controller.abort();
  await assert.rejects(run, { name: 'AbortError' });
  const ids = (JSON.parse(readFileSync(join(wd, 'jobs.json'), 'utf8')) as Array<{ id: string }>).map((j) => j.id);
  const queued = (): string => execFileSync('squeue', ['-h', '-r', '-o', '%i'], { encoding: 'utf8' }).split('\n').filter((l) => ids.some((id) => l.startsWith(`${id}_`))).join(',');
  while (queued() !== '') await new Promise((r) => setTimeout(r, 200));
  writeFileSync(join(dir, 'release'), '');
});

test('a driver killed mid-run is resumed on the same workdir: finished chunks collected, nothing run twice', async (t) => {
  if (unavailable) return t.skip(unavailable);
  const dir = mkdtempSync(join(base, 'resume-'));
  const wd = workdir('resume');
  const driver = join(root, 'tests/parallel/fixtures/slurm-driver.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', driver, wd, dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise((r) => child.on('exit', r));
  // Chunk 0 (items 0, 1) finishes; chunk 1 waits on its gate item 3: then the first driver is killed.
  while (!existsSync(join(wd, 'results', '0.bin')) || !existsSync(join(dir, 'ran-3'))) {
    assert.equal(child.exitCode, null, `the first driver ended early: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  await exited;
  const xs = [0, 1, 2, 3];
  const resumed = gated.with({ backend: backend({ workdir: wd }) }).map(xs, xs.map(() => 3), xs.map(() => dir));
  writeFileSync(join(dir, 'release'), '');
  assert.deepEqual(await resumed, [0, 2, 4, 6]);
  for (const x of xs) assert.equal(readFileSync(join(dir, `ran-${x}`), 'utf8'), '1', `item ${x} ran more than once`);
  assert.equal(existsSync(wd), false);
});

test('without sbatch the SLURM backend fails at once with a clear error (no silent local fallback)', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const error = await sq.with({ backend: slurm() }).map([1], [Float64Array.of(1)]).catch((e: unknown) => e);
    assert.ok(error instanceof SlurmError, String(error));
    assert.match(error.message, /needs sbatch and squeue on PATH, and this machine has no sbatch/);
  } finally {
    process.env.PATH = path;
  }
  assert.equal(readdirSync(base).includes('.numbat-slurm'), false);
});
