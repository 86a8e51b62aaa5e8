/**
 * The main-module guard: Python's `if __name__ == '__main__':` for numbat scripts.
 *
 * @module
 */
import { isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * True when the module whose `import.meta.url` is given is the script Node was started with, on the main
 * thread. `@parallel` workers import the module that defines the function they run, which runs its top-level
 * code again (like Python's spawn re-importing `__main__`): put the script's work under this guard.
 *
 * @example
 * ```ts
 * import { isMain } from 'numbat';
 *
 * async function main(): Promise<void> {
 *   console.log('only in the script Node started, never in a worker that imports it');
 * }
 * if (isMain(import.meta.url)) await main();
 * ```
 */
export function isMain(moduleUrl: string): boolean {
  if (!isMainThread) return false;
  const entry = process.argv[1];
  if (!entry) return false;
  const here = real(fileURLToPath(moduleUrl));
  const started = real(entry);
  return here === started || here.replace(/\.[cm]?[jt]s$/, '') === started.replace(/\.[cm]?[jt]s$/, '');
}
