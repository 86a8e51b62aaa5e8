// Faults of issue 11 (items 6–8): nothing left running after a run settles, one bad result fails one item,
// class instances coming back are reported.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { shutdownPools, ParallelMapError, ParallelTaskError, WorkerCrashError } from '../../src/parallel/index.js';
import { unsendableAt, makePoint, makePlain, exitOn } from './fixtures/math.js';

after(() => shutdownPools());
const root = fileURLToPath(new URL('../../', import.meta.url));

function runScript(mode: string): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  const script = join(root, 'tests/parallel/fixtures/early-exit.ts');
  // The timeout only detects a hang (the endless item never ends by itself); it is not a speed threshold.
  return spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8', timeout: 60_000, cwd: root });
}

for (const [mode, expected] of [
  ['throw', { settled: 'stuck failed on item 1: Error: early failure' }],
  ['break', { seen: [0] }],
  ['ubreak', { seen: [0] }],
] as const) {
  test(`a run that settles early (${mode}) stops the item still running, so the process exits by itself`, () => {
    const run = runScript(mode);
    assert.equal(run.signal, null, `killed after 60 s: a worker still ran the endless item (${run.stderr})`);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').pop()!), expected);
  });
}

test('one result that cannot be cloned fails only its item, named; the others arrive', async () => {
  const xs = Array.from({ length: 40 }, (_, i) => i);
  const error = await unsendableAt.with({ onError: 'collect', chunksize: 8 }).map(xs, xs.map(() => 2)).catch((e: unknown) => e);
  assert.ok(error instanceof ParallelMapError, String(error));
  assert.deepEqual(error.failed, [2]);
  assert.match(error.message, /1 of 40 items failed \(first: item 2: its result could not be sent back/);
  assert.ok(error.errors[0] instanceof ParallelTaskError);
  assert.equal(error.errors[0].errorName, 'DataCloneError');
  for (const i of xs) if (i !== 2) assert.equal(error.results[i], i);
  // Raise mode names the item too.
  await assert.rejects(unsendableAt.map([0, 1, 2, 3], [2, 2, 2, 2]), /unsendableAt failed on item 2: DataCloneError/);
});

test('a class instance returned from a worker arrives as a plain object, with one warning per run', async () => {
  const warnings: Error[] = [];
  const listen = (w: Error): void => void warnings.push(w);
  process.on('warning', listen);
  try {
    const points = await makePoint.with({ chunksize: 1 }).map([1, 2, 3], [false, false, true]);
    const nested = await makePoint.map([5], [true]);
    assert.deepEqual(await makePlain.map([1]), [{ x: 1, list: [1, { y: 1 }], when: new Date(0), tags: new Map([['k', new Set([1])]]) }]);
    // Warnings are emitted on the next tick: wait for that tick, not for a time.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(points[0], { x: 1, y: 2 });
    assert.equal(Object.getPrototypeOf(points[0]), Object.prototype, 'documented: the class is not rebuilt');
    assert.deepEqual(nested[0], { label: 'p5', points: [{ x: 5, y: 10 }] });
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'NUMBAT_PARALLEL_CLASS_INSTANCE');
    assert.equal(ours.length, 2, `one warning per run, none for plain data: ${ours.map((w) => w.message).join(' | ')}`);
    // The warning names the first item whose chunk came back: items 0 and 1 run on two workers, either may.
    assert.match(ours[0]!.message, /makePoint: item [01] returned an instance of Point, which arrives as a plain object without its methods/);
    assert.match(ours[1]!.message, /item 0 returned an instance of Point/);
  } finally {
    process.off('warning', listen);
  }
});

test('reference: a worker that calls process.exit() fails its task in piscina 5 and in numbat, and both pools go on', async () => {
  const filename = new URL('./fixtures/exit-worker.mjs', import.meta.url).href;
  const piscina = new Piscina({ filename, minThreads: 1, maxThreads: 1 });
  try {
    // piscina 5.3 settles the task (piscinajs/piscina#304, fixed by #361) and the pool goes on.
    await assert.rejects(piscina.run('exit'), /exited/);
    assert.equal(await piscina.run(21), 42);
  } finally {
    await piscina.destroy();
  }
  // numbat: the item fails with the exit code, and the pool goes on.
  await assert.rejects(exitOn(5, 5), (e: unknown) => e instanceof WorkerCrashError && /exited with code 7/.test(e.message));
  assert.equal(await exitOn(2, 5), 20);
});
