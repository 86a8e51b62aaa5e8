/**
 * The driver side of the SLURM backend (see `slurm.ts`): one run as one job array. Writes the chunks, submits
 * `sbatch --array`, follows the tasks with `squeue` and their result files, resubmits failed tasks, runs
 * `scancel` when the run ends early, and on a directory an earlier driver used, collects what it finished
 * and follows what still runs.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { SerializedError } from './errors.js';
import type { Chunk, PoolJob, Transport } from './transport.js';
import type { BackendConfig, SlurmOptions } from './slurm.js';
import {
  addJob, chunkBytes, ensureLayout, paths, readJobs, readResult, readRun, storedChunks, tail, writeAtomic, writeRun, type RunSpec,
} from './slurm-workdir.js';
import { SlurmError, arraySpec, findTool, quote, removeWorkdir, run } from './slurm-commands.js';

export { SlurmError, findTool };


/**
 * {@link SlurmOptions} checked, with defaults.
 *
 * @example
 * ```ts
 * import type { ResolvedSlurm } from './slurm-transport.js';
 *
 * // slurm({ tasks: 8 }) with every default filled in, as SlurmTransport receives it:
 * const o: ResolvedSlurm = {
 *   tasks: 8, cpusPerTask: 1, sbatchArgs: [], keep: false, retries: 1, poll: 1000, node: process.execPath,
 *   partition: undefined, time: undefined, memory: undefined, account: undefined, maxRunning: undefined, workdir: undefined,
 * };
 * ```
 */
export interface ResolvedSlurm extends Required<Omit<SlurmOptions, 'partition' | 'time' | 'memory' | 'account' | 'maxRunning' | 'workdir'>> {
  readonly partition: string | undefined;
  readonly time: string | number | undefined;
  readonly memory: string | undefined;
  readonly account: string | undefined;
  readonly maxRunning: number | undefined;
  readonly workdir: string | undefined;
}


const ENTRY = fileURLToPath(new URL(`./slurm-task${extname(new URL(import.meta.url).pathname) || '.js'}`, import.meta.url));

/** The `--import` flag that registers tsx in a task's `node` (its hooks also reach the task's workers). */
function tsxImport(): string[] {
  try {
    return ['--import', import.meta.resolve('tsx')];
  } catch {
    return [];
  }
}

interface Tracked {
  readonly chunk: Chunk;
  /** SLURM job whose array task `i` runs this chunk now. */
  job: string | undefined;
  attempts: number;
}

/**
 * One run as a job array.
 *
 * @example
 * ```ts
 * import type { BackendConfig } from './slurm.js';
 * import { SlurmTransport, type ResolvedSlurm } from './slurm-transport.js';
 *
 * const o: ResolvedSlurm = {
 *   tasks: 4, cpusPerTask: 8, sbatchArgs: [], keep: false, retries: 1, poll: 500, node: process.execPath,
 *   partition: undefined, time: '00:10:00', memory: undefined, account: undefined, maxRunning: undefined, workdir: undefined,
 * };
 * const config: BackendConfig = { label: 'square', env: undefined, maxMemoryMb: undefined, typescript: true, commonjs: false };
 * // One run as one job array of 4 tasks; the pool then calls transport.submit(job).
 * const transport = new SlurmTransport(o, config);
 * transport.size; // → 4
 * ```
 */
export class SlurmTransport implements Transport {
  readonly size: number;
  private job: PoolJob | undefined;
  private dir = '';
  private readonly pending = new Map<number, Tracked>();
  private readonly jobIds = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private polling = false;

  constructor(private readonly o: ResolvedSlurm, private readonly config: BackendConfig) {
    this.size = o.tasks;
  }

  chunkSize(total: number | undefined): number {
    // One chunk per array task; an input of unknown length is read whole first, in chunks of 256 items.
    return total === undefined ? 256 : Math.max(1, Math.ceil(total / this.o.tasks));
  }

  submit(job: PoolJob): void {
    if (this.job) throw new SlurmError('a SLURM transport serves one run');
    if (!findTool('sbatch') || !findTool('squeue')) {
      throw new SlurmError(
        `${job.label}: the SLURM backend needs sbatch and squeue on PATH, and this machine has ${findTool('sbatch') ? 'no squeue' : 'no sbatch'}. ` +
          'Run the driver on the cluster\'s login node, or drop the backend option to use this machine\'s cores.',
      );
    }
    this.job = job;
    this.dir = resolve(this.o.workdir ?? join('.numbat-slurm', `${job.label.replace(/[^\w.-]+/g, '_')}-${Date.now()}-${randomBytes(3).toString('hex')}`));
    const chunks: Chunk[] = [];
    for (let c = job.take(); c; c = job.take()) chunks.push(c);
    this.prepare(job, chunks);
    // Chunks finished by an earlier driver on this directory are collected now, never run again.
    for (const [i, t] of [...this.pending]) {
      const done = readResult(this.dir, i);
      if (done) this.deliver(i, t, done);
    }
    if (this.pending.size > 0) void this.launch();
  }

  private prepare(job: PoolJob, chunks: Chunk[]): void {
    ensureLayout(this.dir);
    const spec: RunSpec = {
      format: 1, label: job.label, target: job.target, self: job.self, workers: this.o.cpusPerTask, env: this.config.env,
      maxMemoryMb: this.config.maxMemoryMb, timeout: job.timeout, typescript: this.config.typescript, commonjs: this.config.commonjs,
    };
    const before = readRun(this.dir);
    if (before && (before.label !== spec.label || JSON.stringify(before.target) !== JSON.stringify(spec.target))) {
      throw new SlurmError(`${job.label}: the working directory ${this.dir} holds a run of ${before.label}, not this one; use another workdir`);
    }
    const stored = storedChunks(this.dir);
    if (before && stored.length > 0 && stored.length !== chunks.length) {
      throw new SlurmError(`${job.label}: the working directory ${this.dir} holds ${stored.length} chunks of an earlier run, this input makes ${chunks.length}: same input and tasks to resume, or another workdir`);
    }
    writeRun(this.dir, spec);
    const p = paths(this.dir);
    chunks.forEach((chunk, i) => {
      const bytes = chunkBytes(chunk);
      if (existsSync(p.chunk(i))) {
        if (!readFileSync(p.chunk(i)).equals(bytes)) {
          throw new SlurmError(`${job.label}: chunk ${i} in ${this.dir} holds other input than this run's: same input to resume, or another workdir`);
        }
      } else {
        writeAtomic(p.chunk(i), bytes);
      }
      this.pending.set(i, { chunk, job: undefined, attempts: 0 });
    });
    const node = quote(this.o.node);
    const flags = this.config.typescript || this.config.commonjs || ENTRY.endsWith('.ts') ? tsxImport().map(quote).join(' ') : '';
    writeAtomic(p.script, [
      '#!/bin/sh',
      `# numbat @parallel: array task $SLURM_ARRAY_TASK_ID of ${job.label.replace(/\n/g, ' ')}`,
      `cd ${quote(process.cwd())} || exit 1`,
      `${node} ${flags} ${quote(ENTRY)} ${quote(this.dir)} "$SLURM_ARRAY_TASK_ID"`,
      'code=$?',
      `out=${quote(join(this.dir, 'exit'))}/"$SLURM_ARRAY_TASK_ID.$SLURM_ARRAY_JOB_ID"`,
      'echo "$code" > "$out.tmp" && mv "$out.tmp" "$out"',
      'exit "$code"',
      '',
    ].join('\n'));
  }

  /** Follows tasks an earlier driver submitted that still run; submits the rest; then polls. */
  private async launch(): Promise<void> {
    try {
      const alive = await this.alive();
      for (const record of readJobs(this.dir)) {
        for (const i of record.indices) {
          const t = this.pending.get(i);
          if (t && alive?.has(`${record.id}_${i}`)) t.job = record.id;
        }
      }
      if (this.stopped) return;
      const fresh = [...this.pending].filter(([, t]) => t.job === undefined).map(([i]) => i);
      if (fresh.length > 0) await this.sbatch(fresh);
      this.schedule();
    } catch (error) {
      this.job?.abandon(error as Error);
    }
  }

  private async sbatch(indices: number[]): Promise<void> {
    const o = this.o;
    const p = paths(this.dir);
    const args = [
      '--parsable',
      `--array=${arraySpec(indices)}${o.maxRunning ? `%${o.maxRunning}` : ''}`,
      `--job-name=numbat-${this.job!.label.replace(/[^\w.-]+/g, '_')}`,
      `--output=${join(p.logs, '%A_%a.out')}`,
      `--error=${join(p.logs, '%A_%a.err')}`,
      `--cpus-per-task=${o.cpusPerTask}`,
      ...(o.partition ? [`--partition=${o.partition}`] : []),
      ...(o.time !== undefined ? [`--time=${o.time}`] : []),
      ...(o.memory ? [`--mem=${o.memory}`] : []),
      ...(o.account ? [`--account=${o.account}`] : []),
      ...o.sbatchArgs,
      p.script,
    ];
    const { stdout } = await run('sbatch', args);
    const id = stdout.trim().split(';')[0]!;
    if (!/^\d+$/.test(id)) throw new SlurmError(`sbatch printed no job id: ${stdout.trim()}`);
    this.jobIds.add(id);
    addJob(this.dir, { id, indices });
    if (this.stopped) {
      await run('scancel', [id]).catch(() => undefined); // cancelled while sbatch ran
      return;
    }
    for (const i of indices) {
      const t = this.pending.get(i);
      if (t) {
        t.job = id;
        t.attempts += 1;
      }
    }
  }

  /** `jobid_index` of every array task of this user that SLURM still holds (pending, running, completing). */
  private async alive(): Promise<Set<string> | undefined> {
    try {
      const { stdout } = await run('squeue', ['-h', '-r', '-u', userInfo().username, '-o', '%i']);
      return new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean));
    } catch {
      return undefined; // the controller did not answer this time: look again at the next poll
    }
  }

  private schedule(): void {
    if (this.stopped || this.pending.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.o.poll);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      this.collect();
      if (this.pending.size === 0 || this.stopped) return;
      const alive = await this.alive();
      if (!alive || this.stopped) return;
      // Read results again: a task may have written its result and left the queue since the first look.
      this.collect();
      const failed: number[] = [];
      for (const [i, t] of this.pending) if (t.job !== undefined && !alive.has(`${t.job}_${i}`)) failed.push(i);
      const again: number[] = [];
      for (const i of failed) {
        const t = this.pending.get(i)!;
        const why = await this.describeFailure(i, t.job!);
        if (t.attempts <= this.o.retries) {
          again.push(i);
          continue;
        }
        this.pending.delete(i);
        const error: SerializedError = {
          name: 'SlurmTaskError',
          message: `SLURM array task ${t.job}_${i} (items ${t.chunk.start}–${t.chunk.start + t.chunk.count - 1}) failed ${t.attempts} time${t.attempts > 1 ? 's' : ''}; last: ${why}`,
          stack: undefined,
        };
        this.job!.failAll(t.chunk, error);
        if (this.stopped) return;
      }
      if (again.length > 0) await this.sbatch(again);
    } catch (error) {
      this.job?.abandon(error as Error);
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private collect(): void {
    for (const [i, t] of [...this.pending]) {
      if (this.stopped) return;
      const done = readResult(this.dir, i);
      if (done) this.deliver(i, t, done);
    }
  }

  private deliver(i: number, t: Tracked, done: ReturnType<typeof readResult> & object): void {
    this.pending.delete(i);
    if (done.fatal) this.job!.failAll(t.chunk, done.fatal);
    else this.job!.complete(t.chunk, { type: 'done', id: t.chunk.id, results: done.results, errors: done.errors }, 0);
  }

  private async describeFailure(i: number, job: string): Promise<string> {
    const p = paths(this.dir);
    let code = existsSync(p.exit(i, job)) ? readFileSync(p.exit(i, job), 'utf8').trim() : undefined;
    let state = '';
    if (code === undefined) {
      // Killed before job.sh could write the code (time limit, memory, scancel, node failure): ask SLURM.
      const shown = await run('scontrol', ['show', 'job', `${job}_${i}`]).catch(() => undefined);
      const m = /JobState=(\S+)(?:.*?Reason=(\S+))?/s.exec(shown?.stdout ?? '');
      const e = /ExitCode=(\d+):(\d+)/.exec(shown?.stdout ?? '');
      if (e) code = e[2] !== '0' ? `${e[1]} (signal ${e[2]})` : e[1];
      if (m) state = `, state ${m[1]}${m[2] && m[2] !== 'None' ? ` (${m[2]})` : ''}`;
    }
    const err = tail(p.err(i, job), 15);
    return `exit code ${code ?? 'unknown'}${state}${code === '0' ? ', but it wrote no result' : ''}` +
      (err ? `; stderr ends with:\n${err}` : '; its stderr is empty');
  }

  retire(): void {
    this.stop();
    if (!this.o.keep && this.pending.size === 0 && this.dir) removeWorkdir(this.dir, this.o.workdir === undefined, this.job?.label ?? 'slurm');
  }

  cancel(): void {
    this.stop();
    const ids = [...this.jobIds];
    if (ids.length > 0) void run('scancel', ids).catch(() => undefined);
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  running(): Iterable<Chunk> {
    return [];
  }

  partial(): number {
    return 0;
  }

  /** The working directory of the run (once submitted). */
  get workdir(): string {
    return this.dir;
  }
}

/** For tests and tools: the entry each array task runs. */
export const SLURM_TASK_ENTRY = ENTRY;
