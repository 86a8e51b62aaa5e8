// src/parallel/slurm-workdir.ts: the files a SLURM run keeps in its work directory (the run, chunks, results,
// jobs, logs), each written atomically so that a task on another node never reads half a file. Checked on a
// temporary directory: the layout, round trips of chunks (typed-array columns keep their type), run specs and
// results (errors and a fatal error included), chunk numbering in numeric order with temporaries ignored, job
// records appended, and `tail`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addJob, chunkBytes, ensureLayout, paths, readChunk, readJobs, readResult, readRun, storedChunks, tail, writeAtomic, writeResult, writeRun,
  type RunSpec,
} from '../../src/parallel/slurm-workdir.js';

function workdir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-wd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  ensureLayout(dir);
  return dir;
}

test('the layout: four folders, and the paths of every file', (t) => {
  const dir = workdir(t);
  for (const sub of ['chunks', 'results', 'exit', 'logs']) assert.ok(existsSync(join(dir, sub)), sub);
  ensureLayout(dir); // again: no error
  const p = paths(dir);
  assert.equal(p.chunk(3), join(dir, 'chunks', '3.bin'));
  assert.equal(p.result(3), join(dir, 'results', '3.bin'));
  assert.equal(p.exit(3, '42'), join(dir, 'exit', '3.42'));
  assert.equal(p.err(3, '42'), join(dir, 'logs', '42_3.err'));
  assert.equal(p.run, join(dir, 'run.bin'));
});

test('chunks round-trip with their columns\' types; they are numbered in numeric order', (t) => {
  const dir = workdir(t);
  const chunk = { start: 20, count: 3, cols: [Float64Array.from([0.5, -0, NaN]), ['a', { b: [1] }, null]] };
  for (const i of [10, 2, 9]) writeAtomic(paths(dir).chunk(i), chunkBytes({ ...chunk, start: i }));
  writeFileSync(join(dir, 'chunks', '11.bin.123.1.tmp'), 'partial');
  assert.deepEqual(storedChunks(dir), [2, 9, 10], 'numbers, not strings (10 after 9); a temporary is not a chunk');
  const back = readChunk(dir, 9);
  assert.equal(back.start, 9);
  assert.equal(back.count, 3);
  assert.ok(back.cols[0] instanceof Float64Array);
  assert.ok(Object.is((back.cols[0] as Float64Array)[1], -0) && Number.isNaN((back.cols[0] as Float64Array)[2]));
  assert.deepEqual(back.cols[1], ['a', { b: [1] }, null]);
  assert.deepEqual(storedChunks(join(dir, 'nowhere')), []);
});

test('the run spec and results round-trip; missing ones read as undefined', (t) => {
  const dir = workdir(t);
  assert.equal(readRun(dir), undefined);
  const spec = {
    format: 1, label: 'sim', target: { kind: 'module', url: 'file:///x.ts', key: 'f' }, self: undefined, workers: 4, env: { A: '1' },
    maxMemoryMb: 512, timeout: undefined, typescript: true, commonjs: false,
  } as unknown as RunSpec;
  writeRun(dir, spec);
  assert.deepEqual(readRun(dir), spec);
  assert.equal(readResult(dir, 0), undefined);
  const result = { results: [1, undefined, 'x'], errors: [{ at: 1, error: { name: 'RangeError', message: 'bad', stack: 'RangeError: bad' } }] };
  writeResult(dir, 0, result as never);
  assert.deepEqual(readResult(dir, 0), result);
});

test('writeAtomic replaces the whole file and leaves no temporary', (t) => {
  const dir = workdir(t);
  const target = join(dir, 'x.json');
  writeAtomic(target, 'first, and longer');
  writeAtomic(target, 'second');
  assert.equal(tail(target, 10), 'second');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('x.json')), ['x.json']);
});

test('jobs are appended; an unreadable jobs file reads as none', (t) => {
  const dir = workdir(t);
  assert.deepEqual(readJobs(dir), []);
  addJob(dir, { id: '101', indices: [0, 1] });
  addJob(dir, { id: '102', indices: [2] });
  assert.deepEqual(readJobs(dir), [{ id: '101', indices: [0, 1] }, { id: '102', indices: [2] }]);
  writeFileSync(paths(dir).jobs, '[{"id":');
  assert.deepEqual(readJobs(dir), []);
});

test('tail: the last lines of a log, empty for a missing file', (t) => {
  const dir = workdir(t);
  const log = join(dir, 'logs', 'a.err');
  writeFileSync(log, 'one\ntwo\nthree\nfour\n\n');
  assert.equal(tail(log, 2), 'three\nfour', 'trailing blank lines dropped first');
  assert.equal(tail(log, 10), 'one\ntwo\nthree\nfour');
  assert.equal(tail(join(dir, 'missing.err'), 3), '');
});
