/**
 * Runs a Python baseline (numba, multiprocessing, matplotlib) with Debian's `/usr/bin/python3`, in the same
 * run as the JavaScript side, so both are measured on the same machine at the same moment.
 * A script prints one JSON object as its last stdout line; absence of python or of a module gives `undefined`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Debian's python, which `apt-get install python3-numba python3-matplotlib` provides for. */
export const PYTHON = process.env.NUMBAT_PYTHON ?? '/usr/bin/python3';

const available = new Map<string, boolean>();

/** Whether `PYTHON` can import `module` (cached). */
export function hasPythonModule(module: string): boolean {
  let ok = available.get(module);
  if (ok === undefined) {
    ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
    available.set(module, ok);
  }
  return ok;
}

/**
 * Runs `bench/python/<script>` with arguments and returns its last stdout line parsed as JSON, or `undefined`
 * when `requires` cannot be imported. A script that fails is an error (its stderr is included).
 */
export function runPython<T = Record<string, unknown>>(script: string, args: readonly string[] = [], requires = 'numba'): T | undefined {
  if (!hasPythonModule(requires)) return undefined;
  const path = fileURLToPath(new URL(`./python/${script}`, import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OMP_NUM_THREADS: '1', NUMBA_NUM_THREADS: '1' };
  const result = spawnSync(PYTHON, [path, ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`python baseline ${script} failed (exit ${result.status}):\n${result.stderr}`);
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
