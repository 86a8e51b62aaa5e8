// slurm() and hasSbatch() (src/parallel/slurm.ts), without a cluster: the options are checked when slurm() is
// called (unknown keys listed, integer ranges, time as a string or positive minutes, sbatchArgs strings, keep a
// boolean, non-empty strings), the documented defaults are what a transport gets (tasks 4 → one chunk per task,
// cpusPerTask 1, retries 1, poll 1000, node = this node), hasSbatch() follows PATH, and a run on a machine
// without sbatch rejects at once with a SlurmError. The cluster runs themselves are slurm-transport.test.ts's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { slurm, hasSbatch, SlurmError, type BackendConfig } from '../../src/parallel/slurm.js';
import { parallel } from '../../src/parallel/index.js';
import type { ResolvedSlurm } from '../../src/parallel/slurm-transport.js';

const CONFIG: BackendConfig = { label: 'f', env: undefined, maxMemoryMb: undefined, typescript: true, commonjs: false };

/** The options a transport of `options` resolved to (the transport keeps them privately, as `o`). */
function resolved(options?: Parameters<typeof slurm>[0]): ResolvedSlurm {
  return (slurm(options).open(CONFIG) as unknown as { o: ResolvedSlurm }).o;
}

function refused(options: unknown, message: RegExp): void {
  assert.throws(() => slurm(options as Parameters<typeof slurm>[0]), (e: unknown) => e instanceof TypeError && message.test(e.message), String(JSON.stringify(options)));
}

test('a backend is named \'slurm\'; opening it makes a transport of one chunk per array task', () => {
  const b = slurm({ tasks: 3 });
  assert.equal(b.name, 'slurm');
  const t = b.open(CONFIG);
  assert.equal(t.size, 3);
  assert.equal(t.chunkSize?.(10), 4, 'ceil(10 / 3)');
  assert.equal(t.chunkSize?.(2), 1, 'never less than one item');
  assert.equal(t.chunkSize?.(undefined), 256, 'an input of unknown length: chunks of 256');
});

test('the documented defaults: 4 tasks, 1 core, 1 retry, poll 1000 ms, this node, keep false, no extra flags', () => {
  for (const o of [resolved(), resolved({})]) {
    assert.deepEqual(o, {
      partition: undefined, tasks: 4, cpusPerTask: 1, time: undefined, memory: undefined, account: undefined,
      maxRunning: undefined, sbatchArgs: [], workdir: undefined, keep: false, retries: 1, poll: 1000, node: process.execPath,
    });
  }
});

test('given options are kept as given', () => {
  const o = resolved({
    partition: 'p', tasks: 16, cpusPerTask: 48, time: '00:30:00', memory: '16G', account: 'acc', maxRunning: 2,
    sbatchArgs: ['--qos=debug'], workdir: '/w', keep: true, retries: 0, poll: 10, node: '/opt/node',
  });
  assert.deepEqual(o, {
    partition: 'p', tasks: 16, cpusPerTask: 48, time: '00:30:00', memory: '16G', account: 'acc', maxRunning: 2,
    sbatchArgs: ['--qos=debug'], workdir: '/w', keep: true, retries: 0, poll: 10, node: '/opt/node',
  });
  assert.equal(resolved({ time: 90 }).time, 90, 'minutes');
});

test('options that are not an object are refused, naming what was given', () => {
  refused(null, /^slurm: expected an options object, got null/);
  refused([], /^slurm: expected an options object, got an array/);
  refused(4, /^slurm: expected an options object, got the number 4/);
  refused('tasks', /^slurm: expected an options object/);
});

test('an unknown option is refused, listing the known ones', () => {
  refused({ nodes: 2 }, /^slurm: unknown option 'nodes' \(known: partition, tasks, cpusPerTask, time, memory, account, maxRunning, sbatchArgs, workdir, keep, retries, poll, node\)$/);
});

test('integer options: tasks, cpusPerTask, maxRunning >= 1, retries >= 0, poll >= 10', () => {
  for (const k of ['tasks', 'cpusPerTask', 'maxRunning']) {
    refused({ [k]: 0 }, new RegExp(`^slurm: ${k} must be an integer >= 1, got the number 0`));
    refused({ [k]: 1.5 }, new RegExp(`^slurm: ${k} must be an integer >= 1, got the number 1\\.5`));
    refused({ [k]: '2' }, new RegExp(`^slurm: ${k} must be an integer >= 1, got the string "2"`));
    assert.equal(resolved({ [k]: 1 })[k as 'tasks'], 1);
  }
  refused({ retries: -1 }, /^slurm: retries must be an integer >= 0, got the number -1/);
  refused({ poll: 9 }, /^slurm: poll must be an integer >= 10, got the number 9/);
  refused({ tasks: NaN }, /^slurm: tasks must be an integer >= 1/);
  refused({ tasks: Infinity }, /^slurm: tasks must be an integer >= 1/);
});

test('time is a SLURM time string or a positive number of minutes', () => {
  refused({ time: 0 }, /^slurm: time must be a SLURM time string or minutes, got the number 0/);
  refused({ time: -5 }, /^slurm: time must be a SLURM time string or minutes/);
  refused({ time: true }, /^slurm: time must be a SLURM time string or minutes/);
  assert.equal(resolved({ time: 0.5 }).time, 0.5);
});

test('string options must be non-empty strings; sbatchArgs an array of strings; keep a boolean', () => {
  for (const k of ['partition', 'memory', 'account', 'workdir', 'node']) {
    refused({ [k]: '' }, new RegExp(`^slurm: ${k} must be a non-empty string`));
    refused({ [k]: 5 }, new RegExp(`^slurm: ${k} must be a non-empty string, got the number 5`));
  }
  refused({ sbatchArgs: '--exclusive' }, /^slurm: sbatchArgs must be an array of strings$/);
  refused({ sbatchArgs: ['--qos=x', 3] }, /^slurm: sbatchArgs must be an array of strings$/);
  refused({ keep: 'yes' }, /^slurm: keep must be true or false/);
});

/** Runs `body` with PATH set to a new directory holding the given executables (removed afterwards). */
async function withPath<T>(tools: string[], body: () => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-path-'));
  for (const tool of tools) {
    writeFileSync(join(dir, tool), '#!/bin/sh\nexit 1\n');
    chmodSync(join(dir, tool), 0o755);
  }
  const saved = process.env.PATH;
  process.env.PATH = dir;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('hasSbatch() says whether an executable sbatch is on PATH', async () => {
  assert.equal(await withPath([], () => hasSbatch()), false);
  assert.equal(await withPath(['sbatch'], () => hasSbatch()), true);
  assert.equal(await withPath(['squeue', 'scancel'], () => hasSbatch()), false);
});

const echo = parallel({ backend: slurm({ tasks: 2, workdir: join(tmpdir(), 'numbat-slurm-never-made') }), source: true })(function echo(x: number): number {
  return x;
});

test('without sbatch on the machine, a run rejects at once with a SlurmError saying what is missing', async () => {
  await withPath([], () => assert.rejects(echo.map([1, 2, 3]), (e: unknown) => {
    assert.ok(e instanceof SlurmError, String(e));
    assert.match((e as Error).message, /needs sbatch and squeue on PATH, and this machine has no sbatch/);
    return true;
  }));
  await withPath(['sbatch'], () => assert.rejects(echo.map([1]), /this machine has no squeue/));
});
