/**
 * How a worker finds the function it runs, without a worker file: the decorator notes the module it was
 * applied in (from the call stack) and a key; a worker imports that module, whose top-level code applies the
 * same decorator again, and the decorator, seeing it runs in a worker, registers the function under the
 * same key. This finds exported and unexported top-level functions and methods of classes alike, and it
 * works for ESM and CommonJS, TypeScript (under tsx) and compiled JavaScript.
 *
 * @module
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { findSourceMap } from 'node:module';
import type { AnyFunction } from '../decorate.js';

/**
 * Marker in `workerData` of numbat's parallel workers.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { WORKER_MARKER } from './locate.js';
 *
 * // A thread started with the marker counts as a numbat worker (inParallelWorker is true there).
 * const w = new Worker(`const { workerData } = require('node:worker_threads'); console.log(workerData[${JSON.stringify(WORKER_MARKER)}]);`,
 *   { eval: true, workerData: { [WORKER_MARKER]: true } });
 * w.on('exit', () => undefined); // prints true
 * ```
 */
export const WORKER_MARKER = 'numbat.parallel.worker';

/**
 * What the worker registry holds per decorated function.
 *
 * @example
 * ```ts
 * import { lookup, register, type RegisteredFunction } from './locate.js';
 *
 * function square(x: number) { return x * x; }
 * const url = 'file:///home/me/model.ts';
 * const entry: RegisteredFunction = { fn: square, owner: undefined, wrapper: undefined, kind: 'function' };
 * register(url, 'square', entry);
 * lookup(url, 'square')?.fn(3); // → 9
 * ```
 */
export interface RegisteredFunction {
  /** The function under `@parallel` (itself possibly decorated by inner layers, which then run in the worker). */
  readonly fn: AnyFunction;
  /** For static methods: the class, once defined (the `this` of the call). */
  owner: object | undefined;
  /** The decorated wrapper as installed on the class or returned to the module. */
  wrapper: AnyFunction | undefined;
  /** `'function'`, `'static'` or `'instance'`. */
  readonly kind: 'function' | 'static' | 'instance';
}

interface ParallelGlobal {
  /** Module URL → key → function, filled in workers while they import modules. */
  readonly registry: Map<string, Map<string, RegisteredFunction>>;
  /** Module URL → base key → how many times seen, so that two functions of the same name get distinct keys. */
  readonly counters: Map<string, Map<string, number>>;
  /** >0 while a worker imports a module: a parallel run started now comes from module top-level code. */
  importing: number;
  /** The module being imported, for the guard's error message. */
  importingModule: string | undefined;
}

// On globalThis: numbat may be loaded twice in one thread (compiled copy and source copy, ESM and CommonJS),
// and the worker entry must see the registrations of whichever copy the user's module imported.
const GLOBAL_KEY = Symbol.for('numbat.parallel.state');
const state: ParallelGlobal = ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as ParallelGlobal | undefined) ??
  ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = {
    registry: new Map(),
    counters: new Map(),
    importing: 0,
    importingModule: undefined,
  } satisfies ParallelGlobal) as ParallelGlobal;

/**
 * Shared state of the parallel machinery in this thread.
 *
 * @example
 * ```ts
 * import { parallelState } from './locate.js';
 *
 * // Nonzero while a worker imports a module: a parallel run started now would come from its top-level code.
 * parallelState().importing; // → 0
 * parallelState() === parallelState(); // → true
 * ```
 */
export function parallelState(): ParallelGlobal {
  return state;
}

/**
 * True in a thread started by a numbat parallel pool.
 *
 * @example
 * ```ts
 * import { inParallelWorker } from './locate.js';
 *
 * // On the main thread; a nested parallel call inside a worker runs inline instead of starting a pool there.
 * inParallelWorker; // → false
 * ```
 */
export const inParallelWorker: boolean =
  !isMainThread && typeof workerData === 'object' && workerData !== null && (workerData as Record<string, unknown>)[WORKER_MARKER] === true;

// numbat's own files: frames inside them are skipped when looking for the module that applied the decorator.
const OWN_ROOT = fileURLToPath(new URL('../', import.meta.url));

interface CallSiteLike {
  getFileName(): string | undefined | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

/**
 * Where the decorator was applied: the first stack frame outside numbat.
 *
 * @example
 * ```ts
 * import { callerLocation, type CallerLocation } from './locate.js';
 *
 * const where: CallerLocation | undefined = callerLocation(); // this module: { url: 'file:///…', line: … }
 * where?.url.startsWith('file://'); // → true
 * ```
 */
export interface CallerLocation {
  /** `file:` URL of the module. */
  readonly url: string;
  /** Line of the decoration, for messages. */
  readonly line: number | undefined;
}

function toUrl(file: string): string | undefined {
  if (file.startsWith('file:')) return file;
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return pathToFileURL(file).href;
  return undefined; // node:internal, evalmachine, REPL: nothing a worker could import
}

// Call sites give positions in the code as run; under tsx (or compiled code with source maps enabled) the
// line of the source is the one a message should name, so it is mapped back when a source map is known.
function sourceLine(file: string, line: number | null, column: number | null): number | undefined {
  if (line === null) return undefined;
  const entry = findSourceMap(file)?.findEntry(line - 1, (column ?? 1) - 1) as { originalLine?: number } | undefined;
  return typeof entry?.originalLine === 'number' ? entry.originalLine + 1 : line;
}

/**
 * Finds the module that applied the decorator from the call stack. Under tsx the frames name the `.ts`
 * file itself; in compiled code the `.js` file; in CommonJS a path.
 *
 * @example
 * ```ts
 * import { callerLocation } from './locate.js';
 *
 * // Called by parallel(4)(fn): the first frame outside numbat is the module that applied the decorator.
 * callerLocation()?.url.endsWith('.ts'); // → true
 * ```
 */
export function callerLocation(): CallerLocation | undefined {
  const original = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  let sites: CallSiteLike[] = [];
  try {
    Error.stackTraceLimit = 50;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerLocation);
    sites = (holder.stack as CallSiteLike[] | undefined) ?? [];
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = limit;
  }
  for (const site of sites) {
    const file = site.getFileName();
    if (!file) continue;
    const url = toUrl(file);
    if (!url) continue;
    const path = fileURLToPath(url);
    if (path.startsWith(OWN_ROOT)) continue;
    return { url, line: sourceLine(file, site.getLineNumber(), site.getColumnNumber()) };
  }
  return undefined;
}

/**
 * The key of a decorated function inside its module: the function's or method's name, its kind, and a
 * counter that tells apart two decorations of the same name. Top-level code runs in the same order in a
 * worker as in the main thread, so both compute the same key.
 *
 * @example
 * ```ts
 * import { nextKey } from './locate.js';
 *
 * const url = 'file:///home/me/keys-example.ts';
 * nextKey(url, 'function', 'square'); // → 'square'
 * nextKey(url, 'function', 'square'); // → 'square#1'
 * nextKey(url, 'static', 'fallTime'); // → 'static fallTime'
 * ```
 */
export function nextKey(moduleUrl: string, kind: RegisteredFunction['kind'], name: string): string {
  const base = kind === 'function' ? name || '(anonymous)' : `${kind === 'static' ? 'static ' : ''}${name}`;
  let counters = state.counters.get(moduleUrl);
  if (!counters) state.counters.set(moduleUrl, (counters = new Map()));
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}#${n}`;
}

/**
 * Records a function in this worker's registry (called by the decorator in workers only).
 *
 * @example
 * ```ts
 * import { inParallelWorker, lookup, nextKey, register } from './locate.js';
 *
 * function energy(v: number) { return 0.5 * v * v; }
 * const url = 'file:///home/me/physics.ts';
 * const key = nextKey(url, 'function', 'energy');
 * // The decorator registers only in workers; here it is done by hand to show the lookup.
 * if (!inParallelWorker) register(url, key, { fn: energy, owner: undefined, wrapper: undefined, kind: 'function' });
 * lookup(url, 'energy')?.fn(2); // → 2
 * ```
 */
export function register(moduleUrl: string, key: string, entry: RegisteredFunction): void {
  let byKey = state.registry.get(moduleUrl);
  if (!byKey) state.registry.set(moduleUrl, (byKey = new Map()));
  byKey.set(key, entry);
}

/**
 * Looks a function up after its module was imported, or `undefined`.
 *
 * @example
 * ```ts
 * import { lookup } from './locate.js';
 *
 * // What a worker does for each chunk: import the function's module (which registers it), then look it up.
 * const url = 'file:///home/me/nothing-registered.ts';
 * lookup(url, 'square'); // → undefined
 * ```
 */
export function lookup(moduleUrl: string, key: string): RegisteredFunction | undefined {
  return state.registry.get(moduleUrl)?.get(key);
}

/**
 * Keys registered for a module (for error messages).
 *
 * @example
 * ```ts
 * import { register, registeredKeys } from './locate.js';
 *
 * const url = 'file:///home/me/bodies.ts';
 * const fn = (x: number) => x;
 * register(url, 'square', { fn, owner: undefined, wrapper: undefined, kind: 'function' });
 * register(url, 'static fallTime', { fn, owner: undefined, wrapper: undefined, kind: 'static' });
 * registeredKeys(url); // → [ 'square', 'static fallTime' ]
 * ```
 */
export function registeredKeys(moduleUrl: string): string[] {
  return [...(state.registry.get(moduleUrl)?.keys() ?? [])];
}

/**
 * Rebuilds a function from its source text (the `source: true` option). Method shorthand (`name(x) {…}`)
 * becomes a function expression; esbuild's `__name` helper, which tsx adds to named functions, is supplied.
 *
 * @example
 * ```ts
 * import { compileSource } from './locate.js';
 *
 * compileSource('square(x){return x*x}')(3); // → 9
 * compileSource('(a, b) => a + b')(1, 2); // → 3
 * compileSource('42'); // → throws TypeError: source did not evaluate to a function
 * ```
 */
export function compileSource(source: string): AnyFunction {
  let text = source.trim();
  const isExpression = /^(async\s+)?function\b/.test(text) || /^(async\s*)?(\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/.test(text);
  if (!isExpression) {
    // Method shorthand: `name(a) {…}`, `async name(a) {…}`, `*gen() {…}`.
    const m = /^(async\s+)?(\*\s*)?([A-Za-z_$][\w$]*)\s*\(/.exec(text);
    if (m) text = `${m[1] ?? ''}function${m[2] ? '*' : ''} ${text.slice((m[1]?.length ?? 0) + (m[2]?.length ?? 0))}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('__name', `"use strict"; return (${text});`) as (name: (f: unknown) => unknown) => unknown;
  const fn = make((f) => f);
  if (typeof fn !== 'function') throw new TypeError('source did not evaluate to a function');
  return fn as AnyFunction;
}
