/**
 * Reading a function's cache entries before its first call. The key of a specialization needs the argument
 * types, known only at the call, but every entry of one function starts with the same prefix (a hash of its
 * source, {@link entryPrefix}), so at decoration the entries a previous process stored for it can be read,
 * checked, their Wasm modules compiled and instantiated, all off the call: file reads on libuv's threads and
 * `WebAssembly.compile` on V8's compiler threads. The first call then only computes its key and picks the
 * prepared specialization; one that is not ready yet is read and compiled synchronously at the call, as before.
 * An entry prepared and never called costs its instance and its JavaScript function, for this function's
 * entries only.
 *
 * Why: a synchronous `new WebAssembly.Module` took 1.7–2.8 ms on the loaded machine, reading and checking an
 * entry 0.3–1.7 ms, instantiating its module (and numbat memory, the first time) 0.5–1.2 ms and its JavaScript
 * 0.3–0.5 ms, against a target of 2 ms for the whole cached first call (issue 13).
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyFunction } from '../../decorate.js';
import { instantiateSource } from '../pipeline.js';
import { restoreWasm, storedBytes, type BackendChoice } from '../wasm/index.js';
import { sourceHash } from './key.js';
import { parseEntry, type CacheEntry } from './store.js';

/**
 * A stored entry read ahead of its call, with its Wasm module once compiled.
 *
 * @example
 * ```ts
 * import { takePrefetched, type Prefetched } from './prefetch.js';
 *
 * function half(x: number) { return x / 2; }
 * // at a call: the specialization of this key, if a previous process stored it and it was read in time
 * const ready: Prefetched | undefined = takePrefetched(half, 'a'.repeat(64));
 * ready?.choice?.backend; // → undefined
 * ```
 */
export interface Prefetched {
  readonly entry: CacheEntry;
  /** The specialization made of it (its JavaScript, and its Wasm instance), once ready. */
  choice?: BackendChoice;
}

interface FunctionEntries {
  readonly entries: Map<string, Prefetched>;
  readonly done: Promise<void>;
}

const byFunction = new WeakMap<AnyFunction, FunctionEntries>();

/**
 * The first 16 hex digits of a function's source hash: every cache key of that function starts with them.
 *
 * @example
 * ```ts
 * import { entryPrefix } from './prefetch.js';
 *
 * entryPrefix(function half(x: number) { return x / 2; }).length; // → 16
 * ```
 */
export function entryPrefix(original: AnyFunction): string {
  return sourceHash(original).slice(0, 16);
}

/**
 * Starts reading the entries stored for `original` in `dir` and compiling their Wasm modules; once per function.
 * Failures (no directory, an unreadable or corrupt entry, a module that does not compile) leave that entry to
 * the call's own synchronous path, which reports or rewrites it. Returns when everything started has settled.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { prefetchEntries } from './prefetch.js';
 *
 * function half(x: number) { return x / 2; }
 * await prefetchEntries(half, mkdtempSync(join(tmpdir(), 'numbat-cache-'))); // nothing stored yet: nothing read
 * ```
 */
export function prefetchEntries(original: AnyFunction, dir: string): Promise<void> {
  const known = byFunction.get(original);
  if (known) return known.done;
  const entries = new Map<string, Prefetched>();
  const prefix = entryPrefix(original);
  const readOne = async (name: string): Promise<void> => {
    const key = name.slice(0, -'.json'.length);
    const entry = parseEntry(await readFile(join(dir, name), 'utf8'), key);
    if (entry === 'corrupt') return;
    const ready: Prefetched = { entry };
    entries.set(key, ready);
    const module = entry.wasm ? await WebAssembly.compile(storedBytes(entry.wasm)) : undefined;
    const fn = instantiateSource(original, entry.source, entry.random);
    ready.choice = entry.wasm ? restoreWasm(entry.wasm, fn, module) : { backend: 'js', reason: entry.reason, fn };
  };
  const done = readdir(dir).then(
    (names) => Promise.allSettled(names.filter((n) => n.startsWith(prefix) && n.endsWith('.json')).map(readOne)).then(() => undefined),
    () => undefined,
  );
  byFunction.set(original, { entries, done });
  return done;
}

/**
 * The prefetched entry of `key`, if read in time; it is handed out once (the dispatcher keeps the
 * specialization it makes of it).
 *
 * @example
 * ```ts
 * import { takePrefetched } from './prefetch.js';
 *
 * takePrefetched(function half(x: number) { return x / 2; }, 'a'.repeat(64)); // → undefined
 * ```
 */
export function takePrefetched(original: AnyFunction, key: string): Prefetched | undefined {
  const entries = byFunction.get(original)?.entries;
  const found = entries?.get(key);
  if (found) entries!.delete(key);
  return found;
}

/**
 * The entries read ahead for `original` that are ready (read, checked, instantiated) and not yet handed out,
 * for the rehearsal of their first call (`compile.ts`). Reading them hands nothing out.
 *
 * @example
 * ```ts
 * import { preparedEntries } from './prefetch.js';
 *
 * preparedEntries(function half(x: number) { return x / 2; }); // → []
 * ```
 */
export function preparedEntries(original: AnyFunction): Array<Required<Prefetched>> {
  const out: Array<Required<Prefetched>> = [];
  for (const ready of byFunction.get(original)?.entries.values() ?? []) {
    if (ready.choice !== undefined) out.push(ready as Required<Prefetched>);
  }
  return out;
}
