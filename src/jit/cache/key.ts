/**
 * What a persistent cache entry is keyed on: a content hash of everything that decides the generated code.
 * {@link cacheKeyParts} is the one list of those inputs; a compiler feature that reads something new (a module
 * constant, a plain function called by name) adds it there, or the cache would serve code compiled against the
 * old value. Callees found by name at compile time are not in the key: they are recorded in the entry and
 * checked when it is loaded (`store.ts`), because which functions a name reaches is known only by compiling.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyFunction } from '../../decorate.js';
import type { Type } from '../types.js';
import type { GenerateOptions } from '../js/codegen.js';

/**
 * Revision of what the JS backend generates and of the entry format: raise it when generated code changes
 * meaning in a way the package version does not capture (an installed package's version already does).
 */
export const CODEGEN_REVISION = 1;

/**
 * The inputs of one specialization's cache key.
 *
 * @example
 * ```ts
 * import type { CacheKeyInput } from './key.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const input: CacheKeyInput = { original: std, argTypes: [{ kind: 'array', element: 'f64' }], scope: undefined, generate: {} };
 * ```
 */
export interface CacheKeyInput {
  /** The plain function compiled. */
  readonly original: AnyFunction;
  /** The argument types of the specialization. */
  readonly argTypes: readonly Type[];
  /** The `scope` option: memoJit functions (and, as the compiler grows, values) named in the body. */
  readonly scope: Readonly<Record<string, unknown>> | undefined;
  /** Code generator options. */
  readonly generate: GenerateOptions;
}

/**
 * SHA-256 of a text, hex.
 *
 * @example
 * ```ts
 * import { hashText } from './key.js';
 *
 * hashText('a').length; // → 64
 * hashText('a') === hashText('a'); // → true
 * ```
 */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The source text a function is compiled from (a memoJit function's plain original is passed here).
 *
 * @example
 * ```ts
 * import { sourceHash } from './key.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * sourceHash(std) === sourceHash(std); // → true
 * sourceHash(std) === sourceHash(function std(xs: Float64Array) { return xs[0]!; }); // → false
 * ```
 */
export function sourceHash(fn: AnyFunction): string {
  // a function's source text never changes, and a cached first call hashes it several times
  let hash = sourceHashes.get(fn);
  if (hash === undefined) sourceHashes.set(fn, (hash = hashText(Function.prototype.toString.call(fn))));
  return hash;
}

const sourceHashes = new WeakMap<AnyFunction, string>();

const JIT_DIR = fileURLToPath(new URL('../', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
/** Running from the TypeScript sources: a development checkout, where the compiler changes without a new version. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const SOURCE_FILE = /\.[cm]?[jt]s$/;
let compilerId: string | undefined;
let prefetching: Promise<void> | undefined;

function baseIdentity(): string {
  let version = 'unknown';
  try {
    version = String((JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown }).version);
  } catch {
    // no package.json beside the sources (bundled): the revision (and the sources' fingerprint) remain
  }
  return `numbat ${version} / codegen ${CODEGEN_REVISION}`;
}

function fingerprint(files: ReadonlyArray<readonly [string, number, number]>): string {
  const lines = files.map(([path, size, mtime]) => `${path} ${size} ${mtime}`).sort();
  return ` / sources ${hashText(lines.join('\n')).slice(0, 16)}`;
}

/**
 * Identifies the compiler: numbat's version, {@link CODEGEN_REVISION}, and when running from its TypeScript
 * sources the size and modification time of every file of the compiler (`src/jit/`). Stat, not content:
 * hashing the sources took 16-20 ms on the loaded machine. Even the stats cost 3-15 ms of CPU there (31 files),
 * so {@link prefetchCompilerIdentity} starts them in the background when a cached function is decorated; this
 * synchronous path runs only if they have not finished by the first compilation. Computed once per process.
 *
 * @example
 * ```ts
 * import { compilerIdentity } from './key.js';
 *
 * compilerIdentity(); // → 'numbat 0.1.0 / codegen 1…'
 * ```
 */
export function compilerIdentity(): string {
  if (compilerId !== undefined) return compilerId;
  let id = baseIdentity();
  if (FROM_SOURCES) {
    const files: Array<[string, number, number]> = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (SOURCE_FILE.test(e.name)) {
          const st = statSync(path);
          files.push([path, st.size, st.mtimeMs]);
        }
      }
    };
    walk(JIT_DIR);
    id += fingerprint(files);
  }
  return (compilerId = id);
}

/**
 * Starts computing {@link compilerIdentity} in the background (file system calls on libuv's threads), so the
 * first cached call does not wait for them. Does nothing in an installed package, where the identity is the
 * version alone.
 *
 * @example
 * ```ts
 * import { compilerIdentity, prefetchCompilerIdentity } from './key.js';
 *
 * prefetchCompilerIdentity(); // when a memoJit({ cache: true }) function is decorated
 * // … later, at its first call, the identity is (usually) ready:
 * compilerIdentity().startsWith('numbat '); // → true
 * ```
 */
export function prefetchCompilerIdentity(): void {
  if (compilerId !== undefined || prefetching !== undefined) return;
  if (!FROM_SOURCES) {
    compilerId = baseIdentity();
    return;
  }
  const walk = async (dir: string): Promise<Array<[string, number, number]>> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(entries.map(async (e): Promise<Array<[string, number, number]>> => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      if (!SOURCE_FILE.test(e.name)) return [];
      const st = await stat(path);
      return [[path, st.size, st.mtimeMs]];
    }));
    return nested.flat();
  };
  prefetching = walk(JIT_DIR).then((files) => {
    compilerId ??= baseIdentity() + fingerprint(files);
  }, () => {
    // the synchronous path will compute it (and report what fails)
  });
}

/**
 * Settles once {@link compilerIdentity} can answer without file system calls: at once in an installed package or
 * when nothing was prefetched (the identity is then computed when first asked), else when the prefetch ends.
 *
 * @example
 * ```ts
 * import { compilerIdentity, compilerIdentitySettled, prefetchCompilerIdentity } from './key.js';
 *
 * prefetchCompilerIdentity();
 * await compilerIdentitySettled();
 * compilerIdentity().startsWith('numbat '); // → true
 * ```
 */
export function compilerIdentitySettled(): Promise<void> {
  return prefetching ?? Promise.resolve();
}

function describeScoped(value: unknown, originalOf: (fn: AnyFunction) => AnyFunction): string {
  if (typeof value === 'function') return `function ${sourceHash(originalOf(value as AnyFunction))}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} ${hashText(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'))}`;
  return `value ${JSON.stringify(value) ?? String(value)}`;
}

/**
 * Every input of a specialization's generated code, one string each: the compiler's identity, the function's
 * source, the argument types, the generator options, and the `scope` option's functions (by source) and values.
 * Extend this list, not a copy of it, when the compiler starts reading another input.
 *
 * @example
 * ```ts
 * import { cacheKeyParts, hashText } from './key.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const argTypes = [{ kind: 'array', element: 'f64' }] as const;
 * const parts = cacheKeyParts({ original: std, argTypes, scope: undefined, generate: {} }, (f) => f);
 * const key = hashText(parts.join('\0'));
 * parts[0]?.startsWith('numbat '); // → true
 * const other = cacheKeyParts({ original: std, argTypes: [{ kind: 'array', element: 'f32' }], scope: undefined, generate: {} }, (f) => f);
 * hashText(other.join('\0')) === key; // → false
 * ```
 */
export function cacheKeyParts(input: CacheKeyInput, originalOf: (fn: AnyFunction) => AnyFunction): string[] {
  const parts = [
    compilerIdentity(),
    `source ${sourceHash(input.original)}`,
    `arguments ${JSON.stringify(input.argTypes)}`,
    `generate ${JSON.stringify(input.generate)}`,
  ];
  for (const name of Object.keys(input.scope ?? {}).sort()) parts.push(`scope ${name} ${describeScoped(input.scope![name], originalOf)}`);
  return parts;
}

// With the cache on for the whole process, the fingerprint starts when numbat is loaded rather than at the first
// decoration: the script's own imports and setup then cover its file system calls.
if (process.env['NUMBAT_CACHE'] === '1' || process.env['NUMBAT_CACHE'] === 'true') prefetchCompilerIdentity();
