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
 * hashText('a').length; // 64
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
 * sourceHash(std) === sourceHash(std); // true; any edit of std changes it
 * ```
 */
export function sourceHash(fn: AnyFunction): string {
  return hashText(Function.prototype.toString.call(fn));
}

const JIT_DIR = fileURLToPath(new URL('../', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
let compilerId: string | undefined;

/**
 * Identifies the compiler: numbat's version, {@link CODEGEN_REVISION}, and when running from its TypeScript
 * sources (a development checkout, where the compiler changes without a new version) the size and modification
 * time of every file of the compiler. Stat, not content: hashing the sources took 16-20 ms on a loaded machine,
 * stat about 2 ms, and the first cached call should cost at most 2 ms in all. Computed once per process.
 *
 * @example
 * ```ts
 * compilerIdentity(); // 'numbat 0.1.0 / codegen 1 / sources 3f2a…'
 * ```
 */
export function compilerIdentity(): string {
  if (compilerId !== undefined) return compilerId;
  let version = 'unknown';
  try {
    version = String((JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown }).version);
  } catch {
    // no package.json beside the sources (bundled): the revision and the sources' fingerprint remain
  }
  let id = `numbat ${version} / codegen ${CODEGEN_REVISION}`;
  if (import.meta.url.endsWith('.ts')) {
    const parts: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.[cm]?[jt]s$/.test(e.name)) {
          const s = statSync(path);
          parts.push(`${path} ${s.size} ${s.mtimeMs}`);
        }
      }
    };
    walk(JIT_DIR);
    id += ` / sources ${hashText(parts.join('\n')).slice(0, 16)}`;
  }
  return (compilerId = id);
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
 * const key = hashText(cacheKeyParts({ original: std, argTypes, scope: undefined, generate: {} }, (f) => f).join('\0'));
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
