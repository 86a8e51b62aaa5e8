import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Physics, timedSquare, squareTimedInside, nested } from './fixtures/methods.js';
import { shutdownPools, asParallel } from '../../src/parallel/index.js';
import { describe } from '../../src/decorate.js';

after(() => shutdownPools());
const root = fileURLToPath(new URL('../../', import.meta.url));

test('static method: runs in a worker with the class as `this`', async () => {
  assert.equal(await Physics.fallTime(4.905), 1);
  const times = await asParallel(Physics.fallTime).map([0, 4.905, 19.62]);
  assert.deepEqual(times.map((t) => Math.round(t * 1000) / 1000), [0, 1, 2]);
});

test('instance method: the instance fields travel with the call, prototype methods work', async () => {
  const ball = new Physics(2);
  assert.equal(await ball.energy(10), 2 * 9.81 * 10);
  assert.throws(() => asParallel((x: number) => x), /not a @parallel function/);
});

test('timed(parallel(f)) times each call in the main thread', async () => {
  timedSquare.resetStats();
  assert.equal(await timedSquare(6), 36);
  assert.equal(await timedSquare(7), 49);
  assert.equal(timedSquare.stats.count, 2);
  assert.deepEqual(describe(timedSquare).map((l) => l.decorator), ['timed', 'parallel']);
  // The parallel layer's map is reachable through the timed wrapper, as Timed<Parallel<F>> says.
  assert.deepEqual(await timedSquare.map([1, 2, 3]), [1, 4, 9]);
});

test('parallel(timed(f)) runs the timed function in the worker', async () => {
  assert.deepEqual(await squareTimedInside.map([1, 2, 3]), [1, 4, 9]);
  assert.deepEqual(describe(squareTimedInside).map((l) => l.decorator), ['parallel', 'timed']);
});

test('a parallel function called inside a task runs inline (no pool inside a worker)', async () => {
  assert.deepEqual(await nested.map([1, 2, 3]), [2, 5, 10]);
});

test('a plain JavaScript module (ESM .js) works under tsx', async () => {
  const { triple } = await import('./fixtures/plain.js');
  assert.deepEqual(await triple.map([1, 2, 3]), [3, 6, 9]);
});

test('an idle pool does not keep the process alive (script exits without close())', () => {
  // plain.js maps under its main guard and never closes its pool.
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tests/parallel/fixtures/plain.js')], { encoding: 'utf8', timeout: 30_000, cwd: root });
  assert.equal(run.signal, null, 'killed by the timeout: the pool kept the process alive');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual((JSON.parse(run.stdout.trim().split('\n').pop()!) as { results: number[] }).results, [3, 6, 9, 12]);
});

test("progress bar: off when stderr is not a terminal (or CI is set), drawn with 'force'", () => {
  const script = join(root, 'tests/parallel/fixtures/progress-script.ts');
  const run = (mode: string) => spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8', timeout: 30_000, cwd: root });
  const auto = run('auto');
  assert.equal(auto.status, 0, auto.stderr);
  assert.equal(auto.stdout.trim(), '[2,3,4,5,6]');
  assert.doesNotMatch(auto.stderr, /it\/s/);
  const forced = run('force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stderr, /inc: 100%\|██████████\| 5\/5 \[\d\d:\d\d<\d\d:\d\d, [\d.]+(it\/s|kit\/s|s\/it)\]/);
});

test('a CommonJS module (.cjs) works', async () => {
  const require = createRequire(import.meta.url);
  const { cube } = require('./fixtures/cjs-module.cjs') as { cube: { map(xs: number[]): Promise<number[]> } };
  assert.deepEqual(await cube.map([1, 2, 3]), [1, 8, 27]);
});

test('compiled JavaScript on plain Node: .js workers, no tsx', () => {
  const out = mkdtempSync(join(tmpdir(), 'numbat-dist-'));
  try {
    // Only the parallel capability and what it imports (and the worker entry, loaded by URL), emitted without
    // type checking (`npm run typecheck` does that): the build takes seconds, not the whole package's time.
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const files = ['src/parallel/index.ts', 'src/parallel/worker.ts'].map((f) => join(root, f));
    const flags = ['--outDir', out, '--rootDir', join(root, 'src'), '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
      '--noCheck', '--skipLibCheck', '--types', 'node', '--lib', 'ES2023,ESNext.Decorators,DOM', '--declaration', 'false'];
    const build = spawnSync(process.execPath, [tsc, ...files, ...flags], { encoding: 'utf8', cwd: root });
    assert.equal(build.status, 0, build.stdout + build.stderr);
    const run = spawnSync(process.execPath, [join(root, 'tests/parallel/fixtures/plain.js')], {
      encoding: 'utf8',
      env: { ...process.env, NUMBAT_PARALLEL: pathToFileURL(join(out, 'parallel/index.js')).href, NODE_OPTIONS: '' },
      timeout: 30_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as { results: number[]; threadId: number };
    assert.deepEqual(report.results, [3, 6, 9, 12]);
    assert.equal(report.threadId, 0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
