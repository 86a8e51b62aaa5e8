/**
 * Compilation through the persistent cache: `memoJit({ cache: true })`, or every memoJit function with
 * `NUMBAT_CACHE=1`. A stored specialization whose key (`key.ts`) matches and whose callees are still the same
 * functions is instantiated from its generated JavaScript without parsing, inferring or lowering; anything else
 * is compiled and stored (`store.ts`).
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { compileForBackend, instantiateSource, usesRandom } from '../pipeline.js';
import { defaultBackend, restoreWasm, type BackendChoice, type BackendOptions } from '../wasm/index.js';
import { outsideContent } from '../infer/content.js';
import type { IRModule } from '../ir.js';
import type { Type } from '../types.js';
import { liveFunctions, originalOfJitted, recordingResolutions, resolveFunction } from '../dispatch/registry.js';
import { cacheKeyParts, compilerIdentitySettled, hashText, sourceHash } from './key.js';
import { cacheDirectory, readEntry, writeEntry, type CacheEntry } from './store.js';
import { entryPrefix, prefetchEntries, preparedEntries, takePrefetched } from './prefetch.js';

/**
 * Counts of the persistent cache, for one function (`fn.cacheStats()`) or the process (`memoJit.cacheStats()`).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import type { CacheStats } from 'numbat/jit';
 *
 * // Use the numbers after a run with NUMBAT_CACHE=1 (or memoJit({ cache: true })):
 * const { hits, misses, savedMs }: CacheStats = memoJit.cacheStats();
 * console.log(`${hits} hits, ${misses} misses, ${savedMs.toFixed(1)} ms of compiling saved`);
 * ```
 */
export interface CacheStats {
  /** Specializations loaded from the cache. */
  hits: number;
  /** Specializations compiled with the cache on (absent, stale or corrupt entry). */
  misses: number;
  /** Of the misses: entries that were unreadable, truncated or failed their hash (each rewritten). */
  corrupt: number;
  /** Entries written. */
  writes: number;
  /** Writes that failed (the call itself is unaffected; the first failure is reported once on stderr). */
  failedWrites: number;
  /** Compile time the hits saved: each stored compile time minus what loading it took, in ms. */
  savedMs: number;
  /** Time spent looking up and loading entries, hits and misses, in ms. */
  lookupMs: number;
  /** Of the hits: entries read, compiled and instantiated before the call (`prefetch.ts`). */
  prefetched: number;
}

/**
 * Zeroed {@link CacheStats}.
 *
 * @example
 * ```ts
 * import { emptyCacheStats } from './compile.js';
 *
 * const mine = emptyCacheStats(); // one function's counters, passed to compileCached
 * mine.hits; // → 0
 * ```
 */
export function emptyCacheStats(): CacheStats {
  return { hits: 0, misses: 0, corrupt: 0, writes: 0, failedWrites: 0, savedMs: 0, lookupMs: 0, prefetched: 0 };
}

const totals = emptyCacheStats();

/**
 * A copy of the process-wide counts, with the directory in use.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * typeof memoJit.cacheStats().directory; // → 'string'
 * ```
 */
export function cacheStats(): CacheStats & {
  /** The cache's directory (`NUMBAT_CACHE_DIR`/jit, by default `~/.cache/numbat/jit`). */
  directory: string;
} {
  return { ...totals, directory: cacheDirectory() };
}

/**
 * Whether a function compiles through the cache: its `cache` option if given, else `NUMBAT_CACHE=1` (read at
 * each compilation, like `NUMBAT_DISABLE_JIT`).
 *
 * @example
 * ```ts
 * import { cacheEnabled } from './compile.js';
 *
 * cacheEnabled(false); // → false
 * const before = process.env['NUMBAT_CACHE'];
 * process.env['NUMBAT_CACHE'] = '1';
 * cacheEnabled(undefined); // → true
 * if (before === undefined) delete process.env['NUMBAT_CACHE'];
 * else process.env['NUMBAT_CACHE'] = before;
 * ```
 */
export function cacheEnabled(option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  const v = process.env['NUMBAT_CACHE'];
  return v === '1' || v === 'true';
}

/**
 * What {@link compileCached} returns: a compilation's fields (no IR module for a hit) and where it came from.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { compileCached, emptyCacheStats, type CachedSpecialization } from './compile.js';
 *
 * process.env['NUMBAT_CACHE_DIR'] = mkdtempSync(join(tmpdir(), 'numbat-cache-'));
 * function half(x: number) { return x / 2; }
 * const first: CachedSpecialization = compileCached(half, [{ kind: 'f64' }], undefined, () => undefined, emptyCacheStats());
 * first.cache; // → 'miss'
 * compileCached(half, [{ kind: 'f64' }], undefined, () => undefined, emptyCacheStats()).cache; // → 'hit'
 * delete process.env['NUMBAT_CACHE_DIR'];
 * ```
 */
export interface CachedSpecialization {
  readonly signature: string;
  readonly source: string;
  readonly fn: AnyFunction;
  readonly module: IRModule | undefined;
  readonly cache: 'hit' | 'miss';
  /** The backend chosen for a freshly compiled specialization (a hit runs the stored JavaScript). */
  readonly choice?: BackendChoice;
}

/** A key text for what the function reads from outside itself: callees' sources, frozen values (-0 kept). */
function outsideKey(original: AnyFunction): string {
  const { sources, constants } = outsideContent(original);
  return [...sources.map((s) => `${s.name}=${s.source}`), ...constants.map((c) => `${c.name}:${Object.is(c.value, -0) ? '-0' : String(c.value)}`)].join('\0');
}

/**
 * The key of one specialization: the function's {@link entryPrefix}, then a hash of everything else its code
 * depends on (`key.ts`'s parts, what it reads from outside, the backend options). One formula for the call and
 * for the rehearsal below.
 */
function specializationKey(original: AnyFunction, argTypes: readonly Type[], scope: Readonly<Record<string, AnyFunction>> | undefined, backend: BackendOptions): string {
  // the backend options decide the backend, so they are part of the key
  const route = `${backend.backend ?? defaultBackend()}${backend.fastmath ? ' fastmath' : ''}`;
  // the prefix names the function's entries, so that prefetch.ts finds them before the arguments are known
  return entryPrefix(original) + hashText([...cacheKeyParts({ original, argTypes, scope, generate: {} }, originalOfJitted), outsideKey(original), route].join('\0')).slice(16);
}

/**
 * Told, before the first call, of each stored specialization whose key matches what this process would look up
 * for its argument types (the dispatcher then prepares its fast path, `dispatch/prepared.ts`). A hint only: the
 * call still looks the entry up and checks it as usual.
 *
 * @example
 * ```ts
 * import type { PrepareHit } from './compile.js';
 *
 * const seen: PrepareHit = (argTypes, fn) => console.log(argTypes.length, typeof fn);
 * ```
 */
export type PrepareHit = (argTypes: readonly Type[], fn: AnyFunction) => void;

/**
 * Warms, after decoration, what the first call's cache lookup needs of `original` (its parse, the names it reads
 * from outside, their closure facts) and reads its stored entries, compiling their Wasm modules
 * (`prefetch.ts`), so that a cached first call costs little more than a warm one. The key itself is still
 * computed at the call, from the values the names hold then.
 *
 * Once the entries are ready and the compiler's identity known, it also rehearses each entry's lookup: it
 * recomputes the key from the argument types stored in the entry and, when it matches, calls `prepare` (the
 * promise returned settles after that; it never rejects). Most of
 * what a cached first call still cost after the prefetch was V8 compiling, on first use, the functions that
 * compute a key and build the fast path (with `--no-lazy` the first call of ss-error-function took 0.6 ms, without
 * 1.3–1.9 ms); the rehearsal runs them before the call, while the script is idle.
 *
 * @example
 * ```ts
 * import { prefetchOutside } from './compile.js';
 *
 * const SCALE = 2.5;
 * function scaled(x: number) { return SCALE * x; }
 * // At decoration, when the cache is on: the parse and the outside names (SCALE) are ready before the first call.
 * await prefetchOutside(scaled, undefined, {}, (argTypes) => console.log('stored for', argTypes));
 * ```
 */
export function prefetchOutside(original: AnyFunction, scope?: Readonly<Record<string, AnyFunction>>, backend: BackendOptions = {}, prepare?: PrepareHit): Promise<void> {
  const read = prefetchEntries(original, cacheDirectory());
  // The outside names are read on the next turn (not now, at decoration, while the module is still loading);
  // `cacheReady()` waits for that too.
  const outside = new Promise<void>((resolve) => {
    setImmediate(() => {
      try {
        outsideContent(original);
      } catch {
        // the call reports whatever fails
      }
      resolve();
    }).unref();
  });
  const rehearsed = prepare ? Promise.all([read, compilerIdentitySettled()]).then(() => rehearse(original, scope, backend, prepare)) : read;
  const done = Promise.all([rehearsed, outside]).then(() => undefined, () => undefined);
  pending.add(done);
  void done.finally(() => pending.delete(done));
  return done;
}

/** Background work of the cache started at decoration (prefetchOutside) and not yet settled. */
const pending = new Set<Promise<void>>();

/**
 * Resolves once the cache's background work started so far has finished: stored entries read, checked and
 * instantiated, the compiler's fingerprint and every decorated function's outside names computed, first calls
 * rehearsed. A first call after it costs what `npm run bench:cache` reports as cached; a call before it is just
 * as correct, and does the unfinished part itself. Never rejects (failures are left to the call to report).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * const half = memoJit({ cache: true })(function half(x: number) { return x / 2; });
 * await memoJit.cacheReady();
 * half(3); // → 1.5
 * ```
 */
export async function cacheReady(): Promise<void> {
  if (pending.size === 0) return;
  // The outside names wait on an unref'd immediate (decoration must not keep a script alive): while someone
  // awaits this, the process stays up until it has run.
  const alive = setInterval(() => undefined, 1 << 30);
  try {
    while (pending.size) await Promise.allSettled([...pending]);
  } finally {
    clearInterval(alive);
  }
}

function rehearse(original: AnyFunction, scope: Readonly<Record<string, AnyFunction>> | undefined, backend: BackendOptions, prepare: PrepareHit): void {
  for (const { entry, choice } of preparedEntries(original)) {
    if (entry.args === undefined) continue;
    try {
      const argTypes = JSON.parse(entry.args) as Type[];
      if (specializationKey(original, argTypes, scope, backend) === entry.key) prepare(argTypes, choice.fn);
    } catch {
      // the call looks it up for itself, and reports whatever fails
    }
  }
}

function restored(original: AnyFunction, found: CacheEntry): BackendChoice {
  const fn = instantiateSource(original, found.source, found.random);
  return found.wasm ? restoreWasm(found.wasm, fn) : { backend: 'js', reason: found.reason, fn };
}

let warnedWrite = false;

function add(stats: readonly CacheStats[], field: keyof CacheStats, amount = 1): void {
  for (const s of stats) s[field] += amount;
}

function calleesCurrent(entry: CacheEntry, scope: Readonly<Record<string, AnyFunction>> | undefined, site: () => string | undefined): boolean {
  if (entry.callees.length === 0) return true;
  // Quick check: the name reaches one live function in the whole process and it is the same source. Compiling
  // would also require it to be decorated in the caller's file; a callee moved unchanged to another file is
  // still served, which computes what the plain function computes. Anything else takes the exact check, which
  // formats decoration sites (slow under tsx).
  const quick = entry.callees.every(([name, hash]) => {
    const explicit = scope?.[name];
    const live = explicit ? [originalOfJitted(explicit)] : liveFunctions(name);
    return live.length === 1 && sourceHash(live[0]!) === hash;
  });
  if (quick) return true;
  try {
    const find = resolveFunction(scope, site);
    return entry.callees.every(([name, hash]) => {
      const fn = find(name);
      return fn !== undefined && sourceHash(fn) === hash;
    });
  } catch {
    return false; // now ambiguous: compiling reports it
  }
}

/**
 * Compiles `original` for `argTypes` as `compileForBackend` does, through the persistent cache. Compilation errors
 * are thrown as they are (failures are not stored); cache read and write problems never fail the call.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { compileCached, emptyCacheStats } from './compile.js';
 *
 * process.env['NUMBAT_CACHE_DIR'] = mkdtempSync(join(tmpdir(), 'numbat-cache-'));
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const spec = compileCached(std, [{ kind: 'array', element: 'f64' }], undefined, () => undefined, emptyCacheStats());
 * spec.cache; // → 'miss'
 * spec.fn(new Float64Array([1, 2, 3])); // → 2
 * delete process.env['NUMBAT_CACHE_DIR'];
 * ```
 */
export function compileCached(
  original: AnyFunction,
  argTypes: readonly Type[],
  scope: Readonly<Record<string, AnyFunction>> | undefined,
  site: () => string | undefined,
  own: CacheStats,
  backend: BackendOptions = {},
): CachedSpecialization {
  const stats = [totals, own];
  const t0 = performance.now();
  const dir = cacheDirectory();
  const key = specializationKey(original, argTypes, scope, backend);
  const ready = takePrefetched(original, key);
  const found = ready?.entry ?? readEntry(dir, key);
  if (typeof found === 'object' && calleesCurrent(found, scope, site)) {
    const choice = ready?.choice ?? restored(original, found);
    const ms = performance.now() - t0;
    if (ready?.choice) add(stats, 'prefetched');
    add(stats, 'hits');
    add(stats, 'lookupMs', ms);
    add(stats, 'savedMs', Math.max(0, found.compileMs - ms));
    return { signature: found.signature, source: found.source, fn: choice.fn, module: undefined, cache: 'hit', choice };
  }
  add(stats, 'lookupMs', performance.now() - t0);
  const c0 = performance.now();
  const [compiled, callees] = recordingResolutions(() => compileForBackend(original, argTypes, scope, site, backend));
  const compileMs = performance.now() - c0;
  add(stats, 'misses');
  if (found === 'corrupt') add(stats, 'corrupt');
  const { choice } = compiled;
  // Not stored: a specialization that reads arrays from outside (bound when instantiated, in this process).
  // A Wasm one is stored with its module's bytes beside its JS fallback.
  if ((compiled.module.globals?.length ?? 0) > 0 || (choice.backend !== 'js' && !choice.stored)) return { ...compiled, cache: 'miss' };
  try {
    writeEntry(dir, {
      key,
      signature: compiled.signature,
      source: compiled.source,
      random: usesRandom(compiled.module),
      callees: [...callees].map(([name, fn]): [string, string] => [name, sourceHash(fn)]),
      compileMs,
      reason: choice.reason,
      ...(choice.backend !== 'js' ? { wasm: choice.stored! } : {}),
      args: JSON.stringify(argTypes),
    });
    add(stats, 'writes');
  } catch (error) {
    add(stats, 'failedWrites');
    if (!warnedWrite) {
      warnedWrite = true;
      console.warn(`memoJit: cannot write the compilation cache in ${dir} (${(error as Error).message}); compiled code still runs. Set NUMBAT_CACHE_DIR to a writable directory.`);
    }
  }
  return { ...compiled, cache: 'miss' };
}
