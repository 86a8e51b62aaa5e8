/**
 * What a corpus program is, and how the runner finds them. Each file under `bench/corpus/programs/` (public
 * programs, kept as written) or `bench/corpus/kernels/` (this project's literal ports of numba's classic kernels)
 * default-exports a {@link CorpusProgram}; the runner discovers the files, so adding a program is adding a file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Input sizes: `small` for the test suite (milliseconds), `full` for the bench. */
export type Size = 'small' | 'full';

/** One call's inputs: the arguments, and `this` for a method. Made fresh for every call that needs them. */
export interface CallInput {
  readonly args: unknown[];
  readonly self?: unknown;
}

/**
 * One program of the corpus: the function as written, where it comes from, and a deterministic input maker.
 *
 * @example
 * ```ts
 * const program: CorpusProgram = {
 *   name: 'sum2d', origin: 'numba docs', url: 'https://numba.readthedocs.io/…', licence: 'BSD-2-Clause',
 *   fn: sum2d, input: (size) => ({ args: [matrix(size === 'small' ? 8 : 1000, 1000, 1)] }),
 * };
 * ```
 */
export interface CorpusProgram {
  /** Short unique name, the table's first column. */
  readonly name: string;
  /** Where it comes from, in a few words (`'Benchmarks Game'`, `'simple-statistics'`). */
  readonly origin: string;
  /** Repository and path (or page) it was taken from. */
  readonly url: string;
  /** SPDX identifier of its licence. */
  readonly licence: string;
  /** The function compiled as written (a function, or a method called with {@link CallInput.self}). */
  readonly fn: (...args: never[]) => unknown;
  /** Deterministic inputs: two calls with the same size give equal, unshared values. */
  input(size: Size): CallInput;
  /** The function changes its own workload through its arguments (sorts in place): time each call on new inputs. */
  readonly fresh?: boolean;
  /** The function calls `Math.random()` (the check feeds every plain function memoJit's seeded stream anyway; this marks results that only agree statistically across languages). */
  readonly random?: boolean;
  /** For the numba kernels: the `bench/python/` script running the Python original. */
  readonly python?: string;
}

/** The folders of programs, relative to this file. */
export const CORPUS_DIRS = { programs: 'programs', kernels: 'kernels' } as const;

/** Paths of every program file in one of {@link CORPUS_DIRS}, sorted by name. */
export function programFiles(dir: keyof typeof CORPUS_DIRS): string[] {
  const root = fileURLToPath(new URL(`./${CORPUS_DIRS[dir]}/`, import.meta.url));
  return readdirSync(root)
    .filter((f) => /\.(?:js|ts)$/.test(f) && !f.startsWith('_'))
    .sort()
    .map((f) => join(root, f));
}

/** Imports one program file and checks the shape of its default export. */
export async function loadProgram(file: string): Promise<CorpusProgram> {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const p = mod.default as Partial<CorpusProgram> | undefined;
  const missing = (['name', 'origin', 'url', 'licence'] as const).filter((k) => typeof p?.[k] !== 'string' || p[k] === '');
  if (!p || missing.length || typeof p.fn !== 'function' || typeof p.input !== 'function') {
    throw new TypeError(`${file}: the default export is not a corpus program (missing ${missing.join(', ') || 'fn or input'})`);
  }
  return p as CorpusProgram;
}
