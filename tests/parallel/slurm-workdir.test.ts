// The SLURM working directory of src/parallel/slurm-workdir.ts, on a temporary directory (no SLURM): the layout's
// paths, ensureLayout, atomic writes (nothing left beside the file), chunk bytes that are the same for the same
// chunk (a resumed driver compares them), v8 round trips of the run, chunks and results (typed arrays, Map, BigInt,
// undefined holes), storedChunks in numeric order ignoring anything else, the jobs list (missing or corrupt → []),
// and tail's last lines of a log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addJob, chunkBytes, ensureLayout, paths, readChunk, readJobs, readResult, readRun, storedChunks, tail, writeAtomic, writeResult, writeRun,
  type RunSpec, type StoredResult,
} from '../../src/parallel/slurm-workdir.js';

const made: string[] = [];
function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'numbat-workdir-test-'));
  made.push(dir);
  return dir;
}
process.on('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

const spec: RunSpec = {
  format: 1, label: 'square', target: { source: 'function square(x) { return x * x; }' }, self: undefined,
  workers: 4, env: { OMP_NUM_THREADS: '1' }, maxMemoryMb: 512, timeout: 60_000, typescript: true, commonjs: false,
};

test('paths: every file of the layout under the directory', () => {
  const p = paths('/scratch/run1');
  assert.equal(p.run, '/scratch/run1/run.bin');
  assert.equal(p.jobs, '/scratch/run1/jobs.json');
  assert.equal(p.script, '/scratch/run1/job.sh');
  assert.equal(p.chunk(3), '/scratch/run1/chunks/3.bin');
  assert.equal(p.result(12), '/scratch/run1/results/12.bin');
  assert.equal(p.exit(3, '1234'), '/scratch/run1/exit/3.1234');
  assert.equal(p.err(3, '1234'), '/scratch/run1/logs/1234_3.err');
  assert.equal(p.logs, '/scratch/run1/logs');
  assert.equal(paths('/scratch/run1/').chunk(0), '/scratch/run1/chunks/0.bin', 'a trailing slash changes nothing');
});

test('ensureLayout creates the directory and its four subdirectories, and may run again', () => {
  const dir = join(fresh(), 'deep', 'run');
  ensureLayout(dir);
  for (const sub of ['chunks', 'results', 'exit', 'logs']) assert.ok(statSync(join(dir, sub)).isDirectory(), sub);
  writeFileSync(join(dir, 'chunks', 'keep.txt'), 'x');
  ensureLayout(dir);
  assert.equal(readFileSync(join(dir, 'chunks', 'keep.txt'), 'utf8'), 'x', 'existing content is left alone');
});

test('writeAtomic writes text and bytes, replaces a file, and leaves no temporary file beside it', () => {
  const dir = fresh();
  const file = join(dir, 'note.txt');
  writeAtomic(file, 'first');
  writeAtomic(file, 'done');
  assert.equal(readFileSync(file, 'utf8'), 'done');
  writeAtomic(join(dir, 'bytes.bin'), Uint8Array.of(0, 255, 7));
  assert.deepEqual([...readFileSync(join(dir, 'bytes.bin'))], [0, 255, 7]);
  assert.deepEqual(readdirSync(dir).sort(), ['bytes.bin', 'note.txt']);
});

test('writeAtomic into a missing directory throws and creates nothing', () => {
  const dir = fresh();
  assert.throws(() => writeAtomic(join(dir, 'absent', 'x.bin'), 'x'), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(dir), []);
});

test('writeRun and readRun round-trip the spec; a directory without run.bin has none', () => {
  const dir = fresh();
  assert.equal(readRun(dir), undefined);
  writeRun(dir, spec);
  assert.ok(existsSync(join(dir, 'run.bin')));
  assert.deepEqual(readRun(dir), spec);
});

test('chunks keep typed arrays, Maps, BigInts and nested values exact through the file', () => {
  const dir = fresh();
  ensureLayout(dir);
  const cols = [Float64Array.of(0.1, -0, 2 ** -1074), [new Map([['k', 1n << 70n]]), { when: new Date(0), set: new Set([1]) }], Int8Array.of(-128, 127)];
  writeAtomic(paths(dir).chunk(5), chunkBytes({ start: 50, count: 2, cols }));
  const back = readChunk(dir, 5);
  assert.equal(back.start, 50);
  assert.equal(back.count, 2);
  assert.ok(back.cols[0] instanceof Float64Array);
  assert.ok(Object.is(back.cols[0]![1], -0));
  assert.equal(back.cols[0]![2], 5e-324);
  assert.deepEqual(back.cols[1], cols[1]);
  assert.equal((back.cols[1]![0] as Map<string, bigint>).get('k'), 1180591620717411303424n);
  assert.ok(back.cols[2] instanceof Int8Array);
  assert.deepEqual([...(back.cols[2] as Int8Array)], [-128, 127]);
  assert.throws(() => readChunk(dir, 6), { code: 'ENOENT' }, 'a chunk never written');
});

test('chunkBytes: the same chunk gives the same bytes, and only start, count and cols are stored', () => {
  const a = chunkBytes({ start: 10, count: 2, cols: [[1, 2], Float32Array.of(3, 4)] });
  const b = chunkBytes({ start: 10, count: 2, cols: [[1, 2], Float32Array.of(3, 4)] });
  assert.ok(a.equals(b), 'byte for byte');
  assert.ok(!a.equals(chunkBytes({ start: 11, count: 2, cols: [[1, 2], Float32Array.of(3, 4)] })), 'another start');
  assert.ok(!a.equals(chunkBytes({ start: 10, count: 2, cols: [[1, 2], Float32Array.of(3, 5)] })), 'another value');
  const extra = { start: 10, count: 2, cols: [[1, 2], Float32Array.of(3, 4)], note: 'ignored' };
  assert.ok(a.equals(chunkBytes(extra)), 'other properties do not change the bytes');
  const reordered = { cols: [[1, 2], Float32Array.of(3, 4)], count: 2, start: 10 };
  assert.ok(a.equals(chunkBytes(reordered)), 'nor does the order the caller wrote the fields in');
});

test('writeResult and readResult: results by offset, per-item errors, a fatal error; none before the task ends', () => {
  const dir = fresh();
  ensureLayout(dir);
  assert.equal(readResult(dir, 0), undefined);
  const result: StoredResult = {
    results: [1, 4, undefined, new Float64Array([9])],
    errors: [{ at: 2, error: { name: 'TypeError', message: 'not a number', stack: undefined } }],
  };
  writeResult(dir, 0, result);
  const back = readResult(dir, 0)!;
  assert.equal(back.results.length, 4);
  assert.equal(back.results[2], undefined);
  assert.ok(back.results[3] instanceof Float64Array);
  assert.deepEqual(back, result);
  const fatal: StoredResult = { results: [], errors: [], fatal: { name: 'Error', message: 'square not found', stack: 'Error: square not found' } };
  writeResult(dir, 7, fatal);
  assert.deepEqual(readResult(dir, 7)?.fatal, fatal.fatal);
  assert.equal(readResult(dir, 1), undefined, 'other chunks still unfinished');
});

test('storedChunks: indices of chunk files in numeric order, anything else ignored', () => {
  const dir = fresh();
  assert.deepEqual(storedChunks(dir), [], 'no chunks directory yet');
  ensureLayout(dir);
  assert.deepEqual(storedChunks(dir), []);
  for (const i of [2, 0, 10, 1]) writeAtomic(paths(dir).chunk(i), chunkBytes({ start: i, count: 1, cols: [[i]] }));
  for (const name of ['3.bin.123.1.tmp', 'x.bin', '4.txt', '-1.bin', '5.bin.bak']) writeFileSync(join(dir, 'chunks', name), '');
  assert.deepEqual(storedChunks(dir), [0, 1, 2, 10], '10 after 2: numbers, not text');
});

test('addJob appends to jobs.json; readJobs gives [] for a missing or unreadable file', () => {
  const dir = fresh();
  assert.deepEqual(readJobs(dir), []);
  addJob(dir, { id: '1234', indices: [0, 1, 2, 3] });
  addJob(dir, { id: '1240', indices: [1, 3] });
  assert.deepEqual(readJobs(dir), [{ id: '1234', indices: [0, 1, 2, 3] }, { id: '1240', indices: [1, 3] }]);
  assert.deepEqual(JSON.parse(readFileSync(paths(dir).jobs, 'utf8')), readJobs(dir), 'plain JSON on disk');
  writeFileSync(paths(dir).jobs, '[{"id": "12');
  assert.deepEqual(readJobs(dir), [], 'a corrupt file reads as no jobs');
  addJob(dir, { id: '1300', indices: [0] });
  assert.deepEqual(readJobs(dir), [{ id: '1300', indices: [0] }]);
});

test('tail: the last lines of a log without the trailing newline; a missing file is empty', () => {
  const dir = fresh();
  const log = join(dir, 'task.err');
  writeFileSync(log, 'loading\nrunning\nError: out of memory\n\n');
  assert.equal(tail(log, 2), 'running\nError: out of memory');
  assert.equal(tail(log, 1), 'Error: out of memory');
  assert.equal(tail(log, 15), 'loading\nrunning\nError: out of memory', 'fewer lines than asked: all of them');
  assert.equal(tail(log, 0), '', 'zero lines asked: nothing');
  assert.equal(tail(join(dir, 'missing.err'), 2), '');
  writeFileSync(join(dir, 'empty.err'), '');
  assert.equal(tail(join(dir, 'empty.err'), 3), '');
});
