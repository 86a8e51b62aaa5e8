/**
 * The entry of one SLURM array task: `node slurm-task.js <workdir> <index>` (under tsx when the user's module
 * or this file is TypeScript). It maps its chunk over a local pool of worker threads (the same scheduler and
 * workers as the local backend, so the function is found the same way: its workers import the user's
 * module), and writes the outcome of every item atomically to `results/<index>.bin`. Item failures are data
 * (the driver applies the run's error policy); a chunk that cannot run at all (the function cannot be found)
 * is written as a fatal error. The process exits non-zero only when it cannot write its result.
 *
 * @module
 */
import { ParallelMapError, serializeError } from './errors.js';
import { Job, type Feeder } from './job.js';
import { resolveOptions } from './options.js';
import { Pool } from './pool.js';
import { slice } from './transport.js';
import { readChunk, readRun, writeResult, type StoredResult } from './slurm-workdir.js';

function columns(cols: ReadonlyArray<ArrayLike<unknown>>, count: number): Feeder {
  let at = 0;
  return {
    total: count,
    next(n) {
      if (at >= count) return undefined;
      const end = Math.min(count, at + n);
      const out = { cols: cols.map((c) => slice(c, at, end)), count: end - at };
      at = end;
      return out;
    },
  };
}

async function main(): Promise<void> {
  const [dir, indexText] = process.argv.slice(2);
  const index = Number(indexText);
  if (!dir || !Number.isInteger(index) || index < 0) throw new Error('usage: slurm-task <workdir> <index>');
  const run = readRun(dir);
  if (!run) throw new Error(`${dir} has no run.bin: not a numbat SLURM working directory`);
  const chunk = readChunk(dir, index);
  const pool = new Pool(run.workers, { env: run.env, maxMemoryMb: run.maxMemoryMb, typescript: run.typescript, commonjs: run.commonjs });
  const options = resolveOptions('slurm task', { workers: run.workers, onError: 'collect', timeout: run.timeout });
  let outcome: StoredResult;
  try {
    const job = new Job(pool, { label: run.label, target: run.target, self: run.self, options, mode: 'map' }, columns(chunk.cols, chunk.count));
    outcome = { results: await job.start().promise, errors: [] };
  } catch (error) {
    if (error instanceof ParallelMapError) {
      outcome = {
        results: error.results,
        errors: error.errors.map((e) => ({
          at: e.index,
          error: { name: e.errorName, message: e.cause instanceof Error ? e.cause.message : e.message, stack: e.workerStack, code: e.code },
        })),
      };
    } else {
      outcome = { results: [], errors: [], fatal: serializeError(error) };
    }
  } finally {
    await pool.close();
  }
  writeResult(dir, index, outcome);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
