/**
 * Runs corpus programs in child processes (`child.ts`), so a program that hangs or crashes the process is reported
 * as such instead of stopping the run, and one program's effect on V8 (deoptimizations, protectors) cannot skew
 * another's timing when each gets its own process.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from './check.js';

/** Options of {@link runPrograms}. */
export interface RunOptions {
  /** Flags for the child: `--size=…`, `--time`, `--repeats=…`. */
  readonly flags: readonly string[];
  /** One process per program (timing) or one for all that resumes after a failure (checking). */
  readonly processPerProgram: boolean;
  /** A program with no result after this long is reported as hung, and its process killed. */
  readonly timeoutMs: number;
  /** Called with each result as it arrives. */
  readonly onResult?: (file: string, result: CheckResult) => void;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const STARTUP_MS = 120_000;

/**
 * Checks (or times) every file and returns the results in the files' order.
 *
 * @example
 * ```ts
 * const results = await runPrograms(programFiles('programs'), { flags: ['--size=small'], processPerProgram: false, timeoutMs: 60_000 });
 * ```
 */
export async function runPrograms(files: readonly string[], options: RunOptions): Promise<Map<string, CheckResult>> {
  const results = new Map<string, CheckResult>();
  let queue = [...files];
  while (queue.length > 0) {
    const batch = options.processPerProgram ? queue.slice(0, 1) : queue;
    await runBatch(batch, options, results);
    queue = queue.filter((f) => !results.has(f));
  }
  return results;
}

/** One child over `files`; stops at the first hang or crash, recording it, so the caller resumes after it. */
function runBatch(files: readonly string[], options: RunOptions, results: Map<string, CheckResult>): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...options.flags, ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
    });
    let current: string | undefined;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const record = (file: string, result: CheckResult): void => {
      results.set(file, result);
      options.onResult?.(file, result);
    };
    // Until the first program starts, the child is loading tsx and numbat, which on a loaded machine can take
    // longer than a program may: that wait has its own, longer limit, and is never blamed on a program.
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const blamed = current ?? files.find((f) => !results.has(f));
        if (blamed !== undefined) {
          const why = current !== undefined ? `hung: no result within ${ms / 1000} s` : `the child process did not start within ${ms / 1000} s`;
          record(blamed, { name: blamed, origin: '?', status: 'error', difference: why });
        }
        child.kill('SIGKILL');
      }, ms);
    };
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg: { start?: string; file?: string; result?: CheckResult };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return; // a program's own console output
      }
      if (msg.start !== undefined) {
        current = msg.start;
        arm(options.timeoutMs);
      } else if (msg.file !== undefined && msg.result !== undefined) {
        record(msg.file, msg.result);
        current = undefined;
      }
    });
    arm(Math.max(options.timeoutMs, STARTUP_MS));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A crash (or a child that died before its first program): blame the program it was running.
      const blamed = current ?? files.find((f) => !results.has(f));
      if (blamed !== undefined && !results.has(blamed)) {
        record(blamed, { name: blamed, origin: '?', status: 'error', difference: `process exited (${signal ?? code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
      }
      resolve();
    });
  });
}
