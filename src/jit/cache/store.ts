/**
 * The persistent cache on disk: one JSON file per specialization under `$NUMBAT_CACHE_DIR/jit/` (default
 * `$XDG_CACHE_HOME/numbat/jit` or `~/.cache/numbat/jit`), named by its key (`key.ts`).
 *
 * Writes go to a temporary file in the same directory, then `rename` over the entry: a reader sees the old
 * entry or the new one, never a part, and concurrent writers of one key each write a whole entry (the last
 * rename wins, and every candidate is equally valid). Each entry carries a hash of its own content, so a
 * truncated or corrupted file (a full disk, a crash without the rename's durability, an edit by hand) reads as
 * corrupt and is compiled and written again. Failing to write (a read-only directory) never fails the call.
 *
 * @module
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { hashText } from './key.js';
import type { StoredWasm } from '../wasm/index.js';

/**
 * One stored specialization.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readEntry, writeEntry, type CacheEntry } from './store.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-cache-'));
 * const key = 'a'.repeat(64);
 * const entry: CacheEntry = { key, signature: '(f64) -> f64', source: '"use strict"; return function half(x) { return x / 2; };',
 *   random: false, callees: [], compileMs: 12.5, reason: "backend: 'js' was requested" };
 * writeEntry(dir, entry);
 * (readEntry(dir, key) as CacheEntry).signature; // → '(f64) -> f64'
 * ```
 */
export interface CacheEntry {
  /** The key it was stored under (checked on load, so a renamed or copied file is not served). */
  readonly key: string;
  /** The signature the dispatcher reports, e.g. `(Float64Array) -> f64`. */
  readonly signature: string;
  /** The generated JavaScript (`js/codegen.ts`), instantiated as a compilation's would be. */
  readonly source: string;
  /** Whether the code draws random numbers (its plain-function fallback then draws from memoJit's stream). */
  readonly random: boolean;
  /** Functions its code calls, found by name when it was compiled: the name and the hash of the plain source. */
  readonly callees: ReadonlyArray<readonly [string, string]>;
  /** How long compiling it took, for the time-saved statistic. */
  readonly compileMs: number;
  /** Why it runs on the JavaScript backend, as `inspect()` says (for a Wasm specialization: why not Wasm's fallback). */
  readonly reason: string;
  /** A specialization that runs on Wasm: its module (`wasm/index.ts`); the source above is its JS fallback. */
  readonly wasm?: StoredWasm;
  /**
   * The argument types' JSON, as in the key: lets a later process recompute this entry's key before the call
   * (`compile.ts`'s rehearsal). Absent in entries written before it was stored; they are served as before.
   */
  readonly args?: string;
}

/**
 * The cache's directory: `$NUMBAT_CACHE_DIR/jit`, else `$XDG_CACHE_HOME/numbat/jit`, else `~/.cache/numbat/jit`
 * (an empty variable counts as unset).
 * Read on each use, so setting `NUMBAT_CACHE_DIR` in code before the first call works.
 *
 * @example
 * ```ts
 * import { cacheDirectory } from './store.js';
 *
 * const before = process.env['NUMBAT_CACHE_DIR'];
 * process.env['NUMBAT_CACHE_DIR'] = '/scratch/me/numbat';
 * cacheDirectory(); // → '/scratch/me/numbat/jit'
 * if (before === undefined) delete process.env['NUMBAT_CACHE_DIR'];
 * else process.env['NUMBAT_CACHE_DIR'] = before;
 * ```
 */
export function cacheDirectory(): string {
  // An empty variable counts as unset, as XDG's does: `NUMBAT_CACHE_DIR= node …` must not cache into ./jit.
  const root = process.env['NUMBAT_CACHE_DIR'] ||
    (process.env['XDG_CACHE_HOME'] ? join(process.env['XDG_CACHE_HOME'], 'numbat') : join(homedir(), '.cache', 'numbat'));
  return join(root, 'jit');
}

function entryPath(dir: string, key: string): string {
  return join(dir, `${key}.json`);
}

interface StoredFile extends CacheEntry {
  /** SHA-256 of the JSON of the other fields, in this order. */
  readonly check: string;
}

function payload(e: CacheEntry): string {
  // `args` came later: an entry without it hashes as it always did
  return JSON.stringify([e.key, e.signature, e.source, e.random, e.callees, e.compileMs, e.reason, e.wasm ?? null, ...(e.args !== undefined ? [e.args] : [])]);
}

/**
 * Reads the entry of `key`: the entry, `'absent'`, or `'corrupt'` (unreadable, truncated, or not matching its
 * own hash or key).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readEntry } from './store.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-cache-'));
 * readEntry(dir, 'b'.repeat(64)); // → 'absent'
 * ```
 */
export function readEntry(dir: string, key: string): CacheEntry | 'absent' | 'corrupt' {
  let text: string;
  try {
    text = readFileSync(entryPath(dir, key), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'corrupt';
  }
  return parseEntry(text, key);
}

/**
 * The entry a file's text holds if it is whole and stored under `key`, else `'corrupt'` ({@link readEntry}
 * without the read, for `prefetch.ts`'s asynchronous reads).
 *
 * @example
 * ```ts
 * import { parseEntry } from './store.js';
 *
 * parseEntry('{"key": "trunc', 'a'.repeat(64)); // → 'corrupt'
 * ```
 */
export function parseEntry(text: string, key: string): CacheEntry | 'corrupt' {
  try {
    const f = JSON.parse(text) as Partial<StoredFile>;
    if (typeof f.key !== 'string' || typeof f.signature !== 'string' || typeof f.source !== 'string' || typeof f.random !== 'boolean'
      || !Array.isArray(f.callees) || typeof f.compileMs !== 'number' || typeof f.reason !== 'string' || typeof f.check !== 'string') return 'corrupt';
    if (f.wasm !== undefined && (typeof f.wasm !== 'object' || f.wasm === null || typeof f.wasm.bytes !== 'string' || typeof f.wasm.wat !== 'string')) return 'corrupt';
    if (f.args !== undefined && typeof f.args !== 'string') return 'corrupt';
    const entry: CacheEntry = {
      key: f.key, signature: f.signature, source: f.source, random: f.random, callees: f.callees, compileMs: f.compileMs, reason: f.reason,
      ...(f.wasm ? { wasm: f.wasm } : {}), ...(f.args !== undefined ? { args: f.args } : {}),
    };
    if (entry.key !== key || hashText(payload(entry)) !== f.check) return 'corrupt';
    return entry;
  } catch {
    return 'corrupt';
  }
}

let temporaries = 0;

/**
 * Writes `entry` atomically (temporary file, then rename). Throws on failure; the caller decides what a
 * failed write means (for the dispatcher: nothing but a statistic and one warning).
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { hashText } from './key.js';
 * import { readEntry, writeEntry } from './store.js';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'numbat-cache-'));
 * const key = hashText('an example key');
 * writeEntry(dir, { key, signature: '() -> f64', source: '"use strict"; return function one() { return 1; };', random: false, callees: [], compileMs: 3, reason: 'example' });
 * typeof readEntry(dir, key); // → 'object'
 * ```
 */
export function writeEntry(dir: string, entry: CacheEntry): void {
  mkdirSync(dir, { recursive: true });
  const file: StoredFile = { ...entry, check: hashText(payload(entry)) };
  const tmp = join(dir, `.${entry.key}.${process.pid}.${++temporaries}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(file));
    renameSync(tmp, entryPath(dir, entry.key));
  } catch (error) {
    try { unlinkSync(tmp); } catch { /* never written */ }
    throw error;
  }
}
