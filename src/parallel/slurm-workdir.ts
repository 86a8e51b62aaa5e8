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
 * writeRun(dir, { format: 1, label: 'f', target, self: undefined, workers: 4, env: undefined, maxMemoryMb: undefined, timeout: undefined, typescript: true, commonjs: false });
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
 * const { start, count, cols } = readChunk(dir, 3);
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
 * writeResult(dir, 3, { results: [1, 4], errors: [] });
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
 * paths('/scratch/run').result(3); // '/scratch/run/results/3.bin'
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
 * ensureLayout('/scratch/numbat-run');
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
 * writeAtomic('/scratch/run/results/3.bin', bytes);
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
 * const bytes = chunkBytes({ start: 0, count: 2, cols: [[1, 2]] });
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
 * readChunk(dir, 0).cols[0]; // first parameter's values
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
 * writeRun(dir, spec);
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
 * const spec = readRun(dir);
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
 * writeResult(dir, i, { results, errors: [] });
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
 * const done = readResult(dir, 3);
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
 * storedChunks(dir); // [0, 1, 2, 3]
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
 * const record: JobRecord = { id: '42', indices: [0, 1, 2] };
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
 * readJobs(dir).map((j) => j.id);
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
 * addJob(dir, { id: '42', indices: [0, 1] });
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
 * tail(paths(dir).err(3, '42'), 20);
 * ```
 */
export function tail(path: string, lines: number): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}
