/**
 * `@parallel`'s SLURM backend, its public side: `slurm({...})` and its options. The same `map`, `imap`,
 * `uimap`, `starmap` as the local pool, run as one job array: the driver (`slurm-transport.ts`) splits the
 * input into one chunk per array task, writes the chunks to a working directory every node sees
 * (`slurm-workdir.ts`), submits `sbatch --array`, and follows the tasks with `squeue` and the result files
 * they write; each task (`slurm-task.ts`) maps its chunk over its node's cores with the local pool. It is a
 * transport under the same scheduler as worker threads (`transport.ts`): ordering, error policy, progress and
 * cancellation are the run's (`job.ts`), not repeated here.
 *
 * Driven through SLURM's command-line tools: no Node.js client exists, and `slurmrestd` needs a token and a
 * daemon that sites rarely open to users, while every login node has `sbatch`, `squeue` and `scancel`.
 *
 * @module
 */
import { describeValue } from '../decorate.js';
import type { Transport } from './transport.js';
import { SlurmTransport, findTool, type ResolvedSlurm } from './slurm-transport.js';

export { SlurmError } from './slurm-transport.js';

/**
 * Options of {@link slurm}.
 *
 * @example
 * ```ts
 * import { slurm, type SlurmOptions } from 'numbat';
 *
 * const options: SlurmOptions = { partition: 'g100_usr_prod', tasks: 16, cpusPerTask: 48, time: '00:30:00', memory: '16G', account: 'myproj' };
 * slurm(options).name; // → 'slurm'
 * ```
 */
export interface SlurmOptions {
  /** `--partition`. Default: the cluster's default partition. */
  readonly partition?: string;
  /**
   * Array tasks, one chunk of the input each (usually one per node). Default 4. An input of unknown length
   * (a generator) is read whole first and cut into chunks of 256 items, one task each.
   */
  readonly tasks?: number;
  /** `--cpus-per-task`: cores per task, and the worker threads of the local pool inside it. Default 1. */
  readonly cpusPerTask?: number;
  /** `--time` per task: a SLURM time string (`'01:30:00'`) or minutes. Default: the partition's. */
  readonly time?: string | number;
  /** `--mem` per task (`'4G'`). Default: the partition's. */
  readonly memory?: string;
  /** `--account` to charge. */
  readonly account?: string;
  /** At most this many array tasks run at once (`--array=…%N`). */
  readonly maxRunning?: number;
  /** More `sbatch` flags, as separate arguments (`['--qos=debug', '--exclusive']`). */
  readonly sbatchArgs?: readonly string[];
  /**
   * The working directory, on a file system every node sees. Default: a new directory under
   * `./.numbat-slurm/` in the current directory. Pass the same one again to resume an interrupted run.
   */
  readonly workdir?: string;
  /** Keep the working directory after a successful run (it is always kept after a failure, to resume). */
  readonly keep?: boolean;
  /** Times a failed array task is submitted again before its items fail. Default 1. */
  readonly retries?: number;
  /** Milliseconds between looks at the result files and `squeue`. Default 1000. */
  readonly poll?: number;
  /** The `node` the tasks run. Default: the driver's own (`process.execPath`). */
  readonly node?: string;
}

/**
 * A place to run a parallel function's chunks other than this machine's worker threads, given to
 * `parallel({ backend })`. {@link slurm} makes one.
 *
 * @example
 * ```ts
 * import { parallel, slurm } from 'numbat';
 *
 * export const f = parallel({ backend: slurm({ tasks: 8, cpusPerTask: 32 }) })(function f(x: number) { return x * x; });
 * ```
 */
export interface Backend {
  /** `'slurm'`. */
  readonly name: string;
  /**
   * The transport for one run; throws at once (the run rejects) if the backend cannot run anything here.
   *
   * @internal
   */
  open(config: BackendConfig): Transport;
}

/**
 * What a backend learns about the function it runs.
 *
 * @example
 * ```ts
 * import { slurm } from 'numbat';
 * import type { BackendConfig } from './slurm.js';
 *
 * const config: BackendConfig = { label: 'f', env: undefined, maxMemoryMb: undefined, typescript: true, commonjs: false };
 * const transport = slurm({ tasks: 2 }).open(config); // what parallel({ backend }) does when a run starts
 * void transport;
 * ```
 */
export interface BackendConfig {
  /** The function's label, for messages and job names. */
  readonly label: string;
  /** Extra environment variables of the workers. */
  readonly env: Readonly<Record<string, string>> | undefined;
  /** Heap limit of each worker, MB. */
  readonly maxMemoryMb: number | undefined;
  /** Workers must register tsx (the module or numbat itself is TypeScript). */
  readonly typescript: boolean;
  /** Workers also need tsx's CommonJS hooks. */
  readonly commonjs: boolean;
}

/**
 * A SLURM backend for `@parallel`: `parallel({ backend: slurm({...}) })` runs `map`, `imap`, `uimap` and
 * `starmap` as one job array, with the same results in the same order, `progress`, `signal` (which runs
 * `scancel`), per-item `timeout` and `onError` as on this machine. Each array task runs the function with
 * `node` (TypeScript through tsx, as local workers do) over `cpusPerTask` worker threads. A failed task is
 * submitted again up to `retries` times, then its items fail with its exit code and the end of its stderr.
 * Finished chunks are never run again: a driver restarted with the same `workdir` collects them and submits
 * only the missing ones (following tasks of the first driver that still run). Without `sbatch` on the
 * machine a run rejects at once with a {@link SlurmError}.
 *
 * @example
 * ```ts
 * import { parallel, slurm, isMain } from 'numbat';
 *
 * export const simulate = parallel({ backend: slurm({ tasks: 16, cpusPerTask: 48, time: '00:20:00' }) })(
 *   function simulate(seed: number): number {
 *     let x = seed;
 *     for (let i = 0; i < 1e8; i++) x = (x * 1103515245 + 12345) % 2147483648;
 *     return x;
 *   },
 * );
 * const seeds = Array.from({ length: 1000 }, (_, i) => i);
 * if (isMain(import.meta.url)) console.log(await simulate.with({ progress: true }).map(seeds));
 * ```
 */
export function slurm(options?: SlurmOptions): Backend {
  const resolved = check(options);
  return {
    name: 'slurm',
    open: (config) => new SlurmTransport(resolved, config),
  };
}

/**
 * Whether `sbatch` is on `PATH` (or at `path`).
 *
 * @example
 * ```ts
 * import { hasSbatch } from 'numbat';
 *
 * console.log(hasSbatch() ? 'SLURM is here' : 'no SLURM: sbatch not found');
 * ```
 */
export function hasSbatch(): boolean {
  return findTool('sbatch') !== undefined;
}

const KEYS = ['partition', 'tasks', 'cpusPerTask', 'time', 'memory', 'account', 'maxRunning', 'sbatchArgs', 'workdir', 'keep', 'retries', 'poll', 'node'];

function check(options: unknown): ResolvedSlurm {
  const fail = (m: string): never => {
    throw new TypeError(`slurm: ${m}`);
  };
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail(`expected an options object, got ${describeValue(options)}`);
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) fail(`unknown option '${k}' (known: ${KEYS.join(', ')})`);
  const int = (k: string, min: number, fallback: number | undefined): number | undefined => {
    const v = o[k];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${k} must be an integer >= ${min}, got ${describeValue(v)}`);
    return v as number;
  };
  const str = (k: string): string | undefined => {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'string' || v === '')) fail(`${k} must be a non-empty string, got ${describeValue(v)}`);
    return v as string | undefined;
  };
  if (o.time !== undefined && typeof o.time !== 'string' && !(typeof o.time === 'number' && o.time > 0)) fail(`time must be a SLURM time string or minutes, got ${describeValue(o.time)}`);
  if (o.sbatchArgs !== undefined && (!Array.isArray(o.sbatchArgs) || o.sbatchArgs.some((a) => typeof a !== 'string'))) fail('sbatchArgs must be an array of strings');
  if (o.keep !== undefined && typeof o.keep !== 'boolean') fail(`keep must be true or false, got ${describeValue(o.keep)}`);
  return {
    partition: str('partition'),
    tasks: int('tasks', 1, 4)!,
    cpusPerTask: int('cpusPerTask', 1, 1)!,
    time: o.time as string | number | undefined,
    memory: str('memory'),
    account: str('account'),
    maxRunning: int('maxRunning', 1, undefined),
    sbatchArgs: (o.sbatchArgs as string[] | undefined) ?? [],
    workdir: str('workdir'),
    keep: (o.keep as boolean | undefined) ?? false,
    retries: int('retries', 0, 1)!,
    poll: int('poll', 10, 1000)!,
    node: str('node') ?? process.execPath,
  };
}

