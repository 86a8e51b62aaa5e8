/**
 * The working directory a SLURM run shares between the driver and its array tasks (on a file system every
 * node sees). Everything is written atomically (a temporary file, then a rename), so a reader never sees half
 * a file and a task killed mid-write leaves nothing that looks finished. Values travel with `v8.serialize`,
 * which keeps typed arrays, `Map`, `Set`, `Date`, `BigInt` and nested structures exact.
 *
 * Layout:
 * ```
 * run.bin           what to run: label, target, instance fields, per-task pool options
 * chunks/<i>.bin    chunk i: its first input index and argument columns
 * results/<i>.bin   chunk i's outcome: results by offset, per-item errors, or a fatal error
 * jobs.json         SLURM job ids submitted for this directory, so a restarted driver can follow them
 * exit/<i>.<job>    exit code of array task i of that job, written by job.sh when node ends
 * logs/<job>_<i>.err, .out   the task's stderr and stdout
 * ```
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SerializedError } from './errors.js';
import type { RunMessage, Target } from './protocol.js';

/**
 * What every array task of a run needs besides its chunk.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readRun, writeRun, type RunSpec } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * // What every task of the job array reads first: the function and how to run it (4 threads per task).
 * const spec: RunSpec = {
 *   format: 1, label: 'square', target: { source: 'function square(x) { return x * x; }' }, self: undefined,
 *   workers: 4, env: undefined, maxMemoryMb: undefined, timeout: 60_000, typescript: false, commonjs: false,
 * };
 * writeRun(dir, spec);
 * readRun(dir)?.label; // → 'square'
 * ```
 */
export interface RunSpec {
  readonly format: 1;
  readonly label: string;
  readonly target: Target;
  readonly self: RunMessage['self'];
  /** Worker threads of the local pool inside each task (its `cpusPerTask`). */
  readonly workers: number;
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly maxMemoryMb: number | undefined;
  /** Per-item timeout, applied by the local pool inside each task. */
  readonly timeout: number | undefined;
  readonly typescript: boolean;
  readonly commonjs: boolean;
}

/**
 * One chunk of the input as stored.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { chunkBytes, ensureLayout, paths, readChunk, writeAtomic, type StoredChunk } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * // Items 0–2 of square(x), one column per parameter: task 0 of the array runs them.
 * const chunk: StoredChunk = { start: 0, count: 3, cols: [[1, 2, 3]] };
 * writeAtomic(paths(dir).chunk(0), chunkBytes(chunk));
 * readChunk(dir, 0); // → { start: 0, count: 3, cols: [ [ 1, 2, 3 ] ] }
 * ```
 */
export interface StoredChunk {
  readonly start: number;
  readonly count: number;
  readonly cols: ReadonlyArray<ArrayLike<unknown>>;
}

/**
 * A chunk's outcome as stored: `errors[k].at` is an offset in the chunk; `fatal` fails the whole chunk.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { ensureLayout, readResult, writeResult, type StoredResult } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * const result: StoredResult = { results: [1, 4, undefined], errors: [{ at: 2, error: { name: 'TypeError', message: 'not a number', stack: undefined } }] };
 * writeResult(dir, 0, result);
 * readResult(dir, 0)?.errors[0]?.at; // → 2
 * ```
 */
export interface StoredResult {
  readonly results: unknown[];
  readonly errors: ReadonlyArray<{ readonly at: number; readonly error: SerializedError }>;
  readonly fatal?: SerializedError | undefined;
}

/**
 * Paths inside a run's directory.
 *
 * @example
 * ```ts
 * import { paths } from './slurm-workdir.js';
 *
 * paths('/scratch/run1').chunk(3); // → '/scratch/run1/chunks/3.bin'
 * paths('/scratch/run1').err(3, '1234'); // → '/scratch/run1/logs/1234_3.err'
 * ```
 */
export function paths(dir: string) {
  return {
    run: join(dir, 'run.bin'),
    jobs: join(dir, 'jobs.json'),
    script: join(dir, 'job.sh'),
    chunk: (i: number) => join(dir, 'chunks', `${i}.bin`),
    result: (i: number) => join(dir, 'results', `${i}.bin`),
    exit: (i: number, job: string) => join(dir, 'exit', `${i}.${job}`),
    err: (i: number, job: string) => join(dir, 'logs', `${job}_${i}.err`),
    logs: join(dir, 'logs'),
  };
}

/**
 * Creates the directory and its subdirectories (nothing if they exist).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { existsSync } from 'node:fs';
 * import { ensureLayout } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * ['chunks', 'results', 'exit', 'logs'].every((d) => existsSync(join(dir, d))); // → true
 * ```
 */
export function ensureLayout(dir: string): void {
  for (const sub of ['chunks', 'results', 'exit', 'logs']) mkdirSync(join(dir, sub), { recursive: true });
}

let tmpCounter = 0;

/**
 * Writes a file atomically: a temporary name beside it, then a rename (atomic on one file system).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readFileSync } from 'node:fs';
 * import { writeAtomic } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * // A task on another node never reads half a file: it is written beside, then renamed into place.
 * writeAtomic(join(dir, 'note.txt'), 'done');
 * readFileSync(join(dir, 'note.txt'), 'utf8'); // → 'done'
 * ```
 */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * The bytes of a chunk as stored (compared byte for byte when a driver resumes on an existing directory).
 *
 * @example
 * ```ts
 * import { deserialize } from 'node:v8';
 * import { chunkBytes } from './slurm-workdir.js';
 *
 * const bytes = chunkBytes({ start: 10, count: 2, cols: [new Float64Array([0.5, 1.5])] });
 * // v8 serialization keeps typed arrays typed:
 * deserialize(bytes).cols[0]; // → Float64Array(2) [ 0.5, 1.5 ]
 * ```
 */
export function chunkBytes(chunk: StoredChunk): Buffer {
  return serialize({ start: chunk.start, count: chunk.count, cols: chunk.cols });
}

/**
 * Reads chunk `i`.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { chunkBytes, ensureLayout, paths, readChunk, writeAtomic } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * writeAtomic(paths(dir).chunk(5), chunkBytes({ start: 50, count: 1, cols: [[7]] }));
 * // What task 5 of the job array does first ($SLURM_ARRAY_TASK_ID = 5):
 * readChunk(dir, 5).start; // → 50
 * ```
 */
export function readChunk(dir: string, i: number): StoredChunk {
  return deserialize(readFileSync(paths(dir).chunk(i))) as StoredChunk;
}

/**
 * Writes the run's description.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { paths, writeRun, type RunSpec } from './slurm-workdir.js';
 * import { existsSync } from 'node:fs';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * const spec: RunSpec = {
 *   format: 1, label: 'square', target: { source: 'function square(x) { return x * x; }' }, self: undefined,
 *   workers: 4, env: undefined, maxMemoryMb: undefined, timeout: 60_000, typescript: false, commonjs: false,
 * };
 * writeRun(dir, spec);
 * existsSync(paths(dir).run); // → true
 * ```
 */
export function writeRun(dir: string, spec: RunSpec): void {
  writeAtomic(paths(dir).run, serialize(spec));
}

/**
 * Reads the run's description, or `undefined` if the directory has none yet.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readRun } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * readRun(dir); // → undefined
 * ```
 */
export function readRun(dir: string): RunSpec | undefined {
  const p = paths(dir).run;
  return existsSync(p) ? (deserialize(readFileSync(p)) as RunSpec) : undefined;
}

/**
 * Writes chunk `i`'s outcome (atomically: its presence means the chunk is done).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { ensureLayout, readResult, writeResult } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * writeResult(dir, 0, { results: [1, 4, 9], errors: [] });
 * readResult(dir, 0)?.results; // → [ 1, 4, 9 ]
 * ```
 */
export function writeResult(dir: string, i: number, result: StoredResult): void {
  writeAtomic(paths(dir).result(i), serialize(result));
}

/**
 * Reads chunk `i`'s outcome, or `undefined` if the chunk has not finished.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { ensureLayout, readResult } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * // No result yet: the task has not finished (or died; its exit file and log then say why).
 * readResult(dir, 0); // → undefined
 * ```
 */
export function readResult(dir: string, i: number): StoredResult | undefined {
  const p = paths(dir).result(i);
  return existsSync(p) ? (deserialize(readFileSync(p)) as StoredResult) : undefined;
}

/**
 * Indices of the chunk files present.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { chunkBytes, ensureLayout, paths, storedChunks, writeAtomic } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * ensureLayout(dir);
 * for (const i of [2, 0, 10]) writeAtomic(paths(dir).chunk(i), chunkBytes({ start: i, count: 1, cols: [[i]] }));
 * storedChunks(dir); // → [ 0, 2, 10 ]
 * ```
 */
export function storedChunks(dir: string): number[] {
  const d = join(dir, 'chunks');
  if (!existsSync(d)) return [];
  return readdirSync(d).filter((f) => /^\d+\.bin$/.test(f)).map((f) => Number.parseInt(f, 10)).sort((a, b) => a - b);
}

/**
 * One `sbatch` of this directory: its job id and the array indices it runs.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { addJob, readJobs, type JobRecord } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * // sbatch --array=0-3 answered job 1234; a resubmission of the failed tasks 1 and 3 got 1240.
 * const first: JobRecord = { id: '1234', indices: [0, 1, 2, 3] };
 * addJob(dir, first);
 * addJob(dir, { id: '1240', indices: [1, 3] });
 * readJobs(dir).map((j) => j.id); // → [ '1234', '1240' ]
 * ```
 */
export interface JobRecord {
  readonly id: string;
  readonly indices: readonly number[];
}

/**
 * The jobs submitted for this directory so far.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readJobs } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * readJobs(dir); // → []
 * ```
 */
export function readJobs(dir: string): JobRecord[] {
  const p = paths(dir).jobs;
  if (!existsSync(p)) return [];
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as JobRecord[];
  } catch {
    return [];
  }
}

/**
 * Records one more submitted job.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { addJob, readJobs } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * addJob(dir, { id: '1234', indices: [0, 1] });
 * readJobs(dir); // → [ { id: '1234', indices: [ 0, 1 ] } ]
 * ```
 */
export function addJob(dir: string, record: JobRecord): void {
  writeAtomic(paths(dir).jobs, JSON.stringify([...readJobs(dir), record]));
}

/**
 * The last `lines` lines of a text file ('' if it does not exist).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeFileSync } from 'node:fs';
 * import { tail } from './slurm-workdir.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-slurm-'));
 * writeFileSync(join(dir, 'task.err'), 'loading\nrunning\nError: out of memory\n');
 * // The end of a failed task's log, for the error message:
 * tail(join(dir, 'task.err'), 2); // → 'running\nError: out of memory'
 * tail(join(dir, 'missing.err'), 2); // → ''
 * ```
 */
export function tail(path: string, lines: number): string {
  if (lines <= 0 || !existsSync(path)) return ''; // slice(-0) would keep every line
  const text = readFileSync(path, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}
