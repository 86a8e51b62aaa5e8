/**
 * The SLURM backend's dealings with the machine outside node: its error class, finding and running the SLURM
 * commands, the job-array index list and shell quoting of the task script, and removing a finished run's
 * working directory. The driver (`slurm-transport.ts`) decides when.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, rmSync, rmdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/**
 * The backend cannot run: no `sbatch` on this machine, or `sbatch` refused the job. Never a silent fallback
 * to local threads.
 *
 * @example
 * ```ts
 * import { isMain, parallel, slurm, SlurmError } from 'numbat';
 *
 * export const square = parallel({ backend: slurm({ tasks: 4 }) })(function square(x: number) { return x * x; });
 * if (isMain(import.meta.url)) {
 *   // Without sbatch on this machine the run rejects at once: never a silent fallback to local threads.
 *   await square.map([1, 2, 3]).catch((e) => {
 *     if (e instanceof SlurmError) console.error(e.message);
 *     else throw e;
 *   });
 * }
 * ```
 */
export class SlurmError extends Error {
  /** Always `'SlurmError'`. */
  override name = 'SlurmError';
}

/**
 * The path of a command on `PATH`, or `undefined`.
 *
 * @example
 * ```ts
 * import { findTool } from './slurm-commands.js';
 *
 * findTool('node')?.endsWith('/node'); // → true
 * findTool('no-such-tool-here'); // → undefined
 * ```
 */
export function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Runs a SLURM command (`sbatch`, `squeue`, `scancel`, `scontrol`) with a minute's limit; its failure rejects
 * with a {@link SlurmError} that quotes the command and its stderr.
 *
 * @example
 * ```ts
 * import { run } from './slurm-commands.js';
 *
 * run(process.execPath, ['-e', 'process.stdout.write("4")']).then(({ stdout }) => console.log(stdout)); // prints 4
 * ```
 */
export function run(tool: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(tool, args, { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new SlurmError(`${tool} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

/**
 * SLURM's array index list for the given task indices, runs written as ranges.
 *
 * @example
 * ```ts
 * import { arraySpec } from './slurm-commands.js';
 *
 * arraySpec([9, 0, 1, 2, 3, 7, 10]); // → '0-3,7,9-10'
 * ```
 */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === k ? `${sorted[k]}` : `${sorted[k]}-${sorted[j]}`);
    k = j + 1;
  }
  return parts.join(',');
}

/**
 * A string quoted for the task script's `sh`: single quotes, with each `'` written as `'\\''`.
 *
 * @example
 * ```ts
 * import { quote } from './slurm-commands.js';
 *
 * quote("it's"); // → "'it'\\''s'"
 * ```
 */
export const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Removes a finished run's working directory. The last result can be read while its task's `job.sh` still
 * writes the exit code beside it, and a file created during the removal makes it fail (ENOTEMPTY): it is tried
 * again a few times, then later, and if it still will not go a warning names it. Never throws: the run's
 * results are whole whatever happens to its directory. `ownParent`: the parent is numbat's default
 * `.numbat-slurm`, removed too once empty.
 *
 * @example
 * ```ts
 * import { mkdtempSync, existsSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * import { removeWorkdir } from './slurm-commands.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-run-'));
 * removeWorkdir(dir, false, 'square');
 * existsSync(dir); // → false
 * ```
 */
export function removeWorkdir(dir: string, ownParent: boolean, label: string, attempt = 0): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  } catch (error) {
    if (attempt < 5) {
      setTimeout(() => removeWorkdir(dir, ownParent, label, attempt + 1), 200 * (attempt + 1));
      return;
    }
    process.emitWarning(`${label}: could not remove the SLURM working directory ${dir}: ${(error as Error).message}`, { type: 'NumbatWarning', code: 'NUMBAT_PARALLEL_CLEANUP' });
    return;
  }
  // The default parent goes too once empty (another run may still use it: then rmdir fails, harmlessly).
  if (ownParent) {
    try {
      rmdirSync(dirname(dir));
    } catch {
      // not empty
    }
  }
}

