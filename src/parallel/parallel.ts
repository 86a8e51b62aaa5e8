/**
 * `@parallel(workers)`: pathos's `ProcessingPool(n).map/imap/uimap` as a decorator, over worker threads,
 * with no worker file to write.
 *
 * Over 400 lines: the run methods, the per-instance views of instance methods and the hand-off through outer
 * decorators share the `Core` and `view` closures, which a split would have to export as internals.
 *
 * @module
 */
import { decorate, defineDecorator, describeValue, innerOf, unwrap, type AnyFunction, type DecorationSite } from '../decorate.js';
import { ParallelGuardError, ParallelLocateError } from './errors.js';
import { Job, starFeeder, zipFeeder, type Feeder, type JobMode } from './job.js';
import { callerLocation, inParallelWorker, nextKey, parallelState, register, type CallerLocation, type RegisteredFunction } from './locate.js';
import { resolveOptions, type ParallelOptions, type ResolvedOptions, type RunOptions } from './options.js';
import { acquirePool, releasePool, spawnNeeds, type Pool } from './pool.js';
import type { Transport } from './transport.js';
import type { Target } from './protocol.js';

/**
 * The parameters of `F` as iterables, one per parameter: what `f.map(a, b)` zips.
 *
 * @example
 * ```ts
 * import type { Zipped } from 'numbat';
 *
 * type Z = Zipped<[number, string]>; // [Iterable<number>, Iterable<string>]
 * const z: Z = [[1, 2], new Set(['a', 'b'])];
 * ```
 */
export type Zipped<P extends readonly unknown[]> = { [K in keyof P]: Iterable<P[K]> };

/**
 * What `@parallel` adds to a function besides running a call in a worker.
 *
 * @example
 * ```ts
 * import { isMain, parallel } from 'numbat';
 *
 * export const slowSquare = parallel(2)(async function slowSquare(x: number) {
 *   await new Promise((r) => setTimeout(r, 100 * (4 - x)));
 *   return x * x;
 * });
 * if (isMain(import.meta.url)) {
 *   for await (const r of slowSquare.uimap([1, 2, 3])) console.log(r); // as they finish: 9, 4, 1
 *   console.log(await slowSquare.starmap([[1], [2]])); // [1, 4]
 * }
 * ```
 */
export interface ParallelMethods<F extends AnyFunction> {
  /**
   * Calls `f` on the items of the iterables zipped together (pathos `map(f, a, b)`), in the pool; results
   * in input order.
   */
  map(...iterables: Zipped<Parameters<F>>): Promise<Array<Awaited<ReturnType<F>>>>;
  /** Like {@link ParallelMethods.map}, as an async iterator that yields results in input order as they come. */
  imap(...iterables: Zipped<Parameters<F>>): AsyncIterableIterator<Awaited<ReturnType<F>>>;
  /** Like {@link ParallelMethods.imap}, yielding results as they finish (any order): pathos `uimap`. */
  uimap(...iterables: Zipped<Parameters<F>>): AsyncIterableIterator<Awaited<ReturnType<F>>>;
  /** Calls `f(...tuple)` for each argument tuple (Python's `starmap`); results in input order. */
  starmap(tuples: Iterable<Parameters<F>>): Promise<Array<Awaited<ReturnType<F>>>>;
  /** The same function with other run options (`progress`, `signal`, `timeout`, `chunksize`, `onError`, `workers`…). */
  with(options: ParallelOptions): Parallel<F>;
  /**
   * Releases this function's workers: its pool ends unless another parallel function with the same
   * configuration (workers, env, memory limit) shares it. A later call starts workers again.
   */
  close(): Promise<void>;
  /** Number of workers its pool has (or will have). */
  readonly workers: number;
}

/**
 * A function decorated with {@link parallel}: calling it runs one call in a worker and returns a promise;
 * `map`, `imap`, `uimap`, `starmap` spread many calls over the pool.
 *
 * @example
 * ```ts
 * import { isMain, parallel, type Parallel } from 'numbat';
 *
 * export const add: Parallel<(a: number, b: number) => number> = parallel(2)(function add(a: number, b: number) { return a + b; });
 * if (isMain(import.meta.url)) {
 *   console.log(await add(1, 2)); // 3, computed in a worker
 *   console.log(await add.map([1, 2], [3, 4])); // [4, 6]
 * }
 * ```
 */
export type Parallel<F extends AnyFunction> = ((...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>) & ParallelMethods<F>;

/**
 * What `parallel(4)` and `parallel({...})` return. On a function it gives a {@link Parallel}; on a method it
 * keeps the method's declared type (TypeScript does not let a decorator change it): an `async` method runs
 * each direct call in a worker, a synchronous one (say, `@parallel(2) @memoJit`, the lecture's compiled
 * kernel mapped over a pool) runs direct calls in the calling thread; both get `asParallel(m).map(...)`.
 *
 * @example
 * ```ts
 * import { asParallel, isMain, memoJit, parallel } from 'numbat';
 *
 * export class Kernels {
 *   @parallel(2) @memoJit static pi(n: number): number {
 *     let inside = 0;
 *     for (let i = 0; i < n; i++) {
 *       const x = Math.random();
 *       const y = Math.random();
 *       if (x * x + y * y < 1) inside++;
 *     }
 *     return (4 * inside) / n;
 *   }
 * }
 * if (isMain(import.meta.url)) {
 *   console.log(Kernels.pi(1e6)); // compiled, here: 3.14…
 *   console.log(await asParallel(Kernels.pi).map([1e7, 1e7, 1e7])); // compiled, in the pool
 * }
 * ```
 */
export interface ParallelDecorator {
  /** As a method decorator: the method keeps its declared type. */
  <This, F extends AnyFunction>(fn: F, context: ClassMethodDecoratorContext<This, F>): F;
  /** On a function: calls return promises and the function gains `map`, `imap`, `uimap`, `starmap`. */
  <F extends AnyFunction>(fn: F): Parallel<F>;
}

/** Everything a decorated function and its `with(...)` views share. */
class Core {
  private readonly pools = new Set<Pool>();
  ownerName: string | undefined;
  /** The decorated function as returned by the decorator (outer layers wrap this one). */
  wrapper: AnyFunction | undefined;
  /** Whether the undecorated function is `async`: a method that is not keeps synchronous direct calls. */
  readonly asyncOriginal: boolean;

  constructor(
    readonly fn: AnyFunction,
    readonly site: DecorationSite,
    readonly kind: RegisteredFunction['kind'],
    readonly location: CallerLocation | undefined,
    readonly key: string | undefined,
  ) {
    this.asyncOriginal = isAsyncFunction(unwrap(fn).original);
  }

  get label(): string {
    const name = this.site.name || this.fn.name || 'anonymous';
    if (this.kind === 'function') return name;
    const owner = this.ownerName ?? '(class)';
    return this.kind === 'static' ? `${owner}.${name}` : `${owner}.prototype.${name}`;
  }

  target(options: ResolvedOptions): Target {
    if (options.source) return { source: Function.prototype.toString.call(unwrap(this.fn).original) };
    if (!this.location || !this.key) {
      throw new ParallelLocateError(
        `${this.label}: cannot tell which module applied @parallel (no file on the call stack: REPL, eval, or a ` +
          'bundled script), so a worker cannot import it. Define the function at the top level of a module file, ' +
          'or pass { source: true } if it uses nothing from outside its own body.',
      );
    }
    return { module: this.location.url, key: this.key, line: this.location.line };
  }

  pool(options: ResolvedOptions): Transport {
    const needs = spawnNeeds(options.source ? undefined : this.location?.url);
    if (options.backend) return options.backend.open({ label: this.label, env: options.env, maxMemoryMb: options.maxMemoryMb, ...needs });
    const pool = acquirePool(this, options.workers, {
      env: options.env,
      maxMemoryMb: options.maxMemoryMb,
      ...needs,
    });
    this.pools.add(pool);
    return pool;
  }

  /** Releases this function's pools; a pool shared with other functions ends when the last one lets go. */
  async close(): Promise<void> {
    const pools = [...this.pools];
    this.pools.clear();
    await Promise.all(pools.map((p) => releasePool(this, p)));
  }

  /** In a worker: a run started while the worker imports a module is that module's unguarded top-level code. */
  guard(): void {
    const state = parallelState();
    if (state.importing > 0) {
      throw new ParallelGuardError(
        `${this.label}: a parallel run was started by top-level code while a worker imported ` +
          `${state.importingModule ?? 'a module'}. Workers import the module that defines the function, which runs ` +
          'its top-level code again (as Python\'s spawn re-imports __main__); unguarded, every worker would start ' +
          'its own pool. Put the script\'s work under a guard: `if (isMain(import.meta.url)) { ... }` (isMain from ' +
          'numbat) or `if (isMainThread) { ... }` (node:worker_threads).',
      );
    }
  }

  run<R>(self: unknown, mode: JobMode, feeder: Feeder, options: ResolvedOptions): Job<R> {
    const fields = this.kind === 'instance' && typeof self === 'object' && self !== null ? { fields: { ...(self as object) } } : undefined;
    const job = new Job<R>(this.pool(options), { label: this.label, target: this.target(options), self: fields, options, mode }, feeder);
    return job.start();
  }
}

/**
 * A parallel function called from inside a task, in a worker: the calls run one after the other in this
 * thread. Starting a pool here would nest pools in workers, multiplying threads beyond the cores.
 */
async function* inline(core: Core, self: unknown, feeder: Feeder): AsyncGenerator<unknown> {
  for (let got = feeder.next(1); got; got = feeder.next(1)) {
    yield await core.fn.apply(self, got.cols.map((c) => c[0]));
  }
}

async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/**
 * A map handed through the decorators applied around `@parallel` (`@timed @parallel`), so that they see it as
 * one call: the outer wrapper is called with no arguments, and when the call reaches this core's wrapper, it
 * runs the map instead of a call. Set and consumed synchronously, within one call of the outer wrapper.
 */
let handoff: { readonly core: Core; readonly run: () => unknown; taken: boolean } | undefined;

/** The outer decorated function `f` if `core`'s wrapper is somewhere under it, else `undefined`. */
function outerOf(f: unknown, core: Core): AnyFunction | undefined {
  if (typeof f !== 'function' || f === core.wrapper) return undefined;
  for (let g: AnyFunction | undefined = innerOf(f as AnyFunction); g; g = innerOf(g)) if (g === core.wrapper) return f as AnyFunction;
  return undefined;
}

/**
 * Runs a map as one call of `outer` (see {@link handoff}); the outer layers time or count it, and the caller
 * gets the map's own result. An outer layer that does not call through (a cache) leaves the map to run here.
 */
function through<T>(core: Core, outer: AnyFunction | undefined, self: unknown, run: () => T, settled: (r: T) => Promise<unknown>): T {
  if (!outer) return run();
  let outcome: { value: T } | { error: unknown } | undefined;
  const h = {
    core,
    taken: false,
    run: (): Promise<unknown> => {
      try {
        const value = run();
        outcome = { value };
        return settled(value);
      } catch (error) {
        outcome = { error };
        throw error;
      }
    },
  };
  const previous = handoff;
  handoff = h;
  let outerResult: unknown;
  try {
    outerResult = outer.apply(self, []);
  } catch {
    // An outer layer failed around the hand-off (a throwing sink, say): the map's own outcome decides.
  } finally {
    handoff = previous;
  }
  if (!outcome) return run(); // the outer layer did not call through (a cache): run the map here
  if ('error' in outcome) throw outcome.error;
  // The outer layer's promise settles as the map does; its rejection is the map's, which the caller gets.
  if (typeof (outerResult as { then?: unknown } | null)?.then === 'function') (outerResult as Promise<unknown>).then(undefined, () => undefined);
  return outcome.value;
}

/**
 * Where a run method was called from: `bound` is set on the per-instance view of an instance method
 * (`obj.m.map`), which knows its instance and the method as installed (with the layers around it).
 */
interface Binding {
  /** The instance (`undefined` on a `with` view of a function reached through outer decorators). */
  readonly self: unknown;
  /** The outermost decorated function whose call runs this wrapper. */
  readonly installed: AnyFunction;
}

function view(core: Core, options: ResolvedOptions, bound?: Binding): AnyFunction {
  const where = (m: string): string => `${core.label}.${m}`;
  const start = (self: unknown, mode: JobMode, feeder: Feeder): Job => core.run(self, mode, feeder, options);
  const sync = core.kind !== 'function' && !core.asyncOriginal;

  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const self = bound?.self ?? this;
    const h = handoff;
    if (h && h.core === core && !h.taken) {
      h.taken = true;
      handoff = undefined;
      return h.run();
    }
    // A method declared without `async` keeps its declared (synchronous) type: a direct call runs here, in
    // the calling thread; map, imap, uimap and starmap use the pool.
    if (sync) return core.fn.apply(self, args);
    if (inParallelWorker) {
      core.guard();
      return (async () => core.fn.apply(self, args))();
    }
    try {
      const job = start(self, 'call', { total: 1, next: once(args) });
      return job.promise.then((r) => r[0]);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  /** `this` of a run method is the function it was read from: an outer decorated function, or the view. */
  const context = (m: string, caller: unknown): { self: unknown; outer: AnyFunction | undefined } => {
    const self = bound?.self;
    if (core.kind === 'instance' && (typeof self !== 'object' || self === null)) {
      throw new TypeError(
        `${where(m)}: an instance method needs its instance, and ${core.label} was reached through the class. ` +
          `Map over an instance's method: \`asParallel(obj.${core.site.name}).${m}(...)\` (or make the method static).`,
      );
    }
    return { self, outer: outerOf(bound ? bound.installed : caller, core) };
  };
  // Inside a worker the items run inline (no pool inside a worker); the feeder is built after the guard,
  // and outside a worker a bad argument rejects the promise rather than throwing, as the call form does.
  const all = (m: string, caller: unknown, feed: () => Feeder): Promise<unknown[]> => {
    let at: ReturnType<typeof context>;
    try {
      at = context(m, caller);
    } catch (error) {
      return Promise.reject(error);
    }
    const run = (): Promise<unknown[]> => {
      try {
        if (inParallelWorker) {
          core.guard();
          return collect(inline(core, at.self, feed()));
        }
        return start(at.self, 'map', feed()).promise;
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return through(core, at.outer, at.self, run, (p) => p);
  };
  const each = (mode: 'imap' | 'uimap', caller: unknown, feed: () => Feeder): AsyncIterableIterator<unknown> => {
    const at = context(mode, caller);
    if (inParallelWorker) {
      core.guard();
      return inline(core, at.self, feed());
    }
    let job: Job | undefined;
    const it = through(core, at.outer, at.self, () => (job = start(at.self, mode, feed())).iterator(), () => job!.promise);
    return it;
  };
  const methods = {
    map(this: unknown, ...iterables: unknown[]): Promise<unknown[]> {
      return all('map', this, () => zipFeeder(iterables, where('map')));
    },
    imap(this: unknown, ...iterables: unknown[]): AsyncIterableIterator<unknown> {
      return each('imap', this, () => zipFeeder(iterables, where('imap')));
    },
    uimap(this: unknown, ...iterables: unknown[]): AsyncIterableIterator<unknown> {
      return each('uimap', this, () => zipFeeder(iterables, where('uimap')));
    },
    starmap(this: unknown, tuples: unknown): Promise<unknown[]> {
      return all('starmap', this, () => starFeeder(tuples, where('starmap')));
    },
    with(this: unknown, more: ParallelOptions): AnyFunction {
      const merged = resolveOptions(where('with'), more, options);
      // A view made from an outer decorated function (`timed(f).with(...)`) keeps going through it.
      const outer = bound ? undefined : outerOf(this, core);
      const v = view(core, merged, bound ?? (outer ? { self: undefined, installed: outer } : undefined));
      Object.defineProperty(v, 'name', { value: wrapper.name, configurable: true });
      return v;
    },
    close(): Promise<void> {
      return core.close();
    },
  };
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(wrapper, name, { value, configurable: true, writable: true });
  }
  Object.defineProperty(wrapper, 'workers', { get: () => options.workers, enumerable: true });
  return wrapper;
}

function once(args: unknown[]): Feeder['next'] {
  let used = false;
  return () => {
    if (used) return undefined;
    used = true;
    return { cols: args.map((a) => [a]), count: 1 };
  };
}

function wrapParallel(fn: AnyFunction, options: ResolvedOptions, site: DecorationSite): AnyFunction {
  const kind: RegisteredFunction['kind'] = site.kind === 'function' ? 'function' : site.static ? 'static' : 'instance';
  if (site.private) {
    throw new TypeError(`@parallel cannot decorate the private method #${site.name}: a worker could not reach it. Make it a normal (or static) method.`);
  }
  const location = options.source ? undefined : callerLocation();
  const key = location ? nextKey(location.url, kind, site.name || fn.name) : undefined;
  const core = new Core(fn, site, kind, location, key);
  const record: RegisteredFunction = { fn, owner: undefined, wrapper: undefined, kind };
  if (site.kind === 'method') {
    site.addInitializer?.(function (this: unknown) {
      // The class exists now (esbuild's lowering renames it until then): name it in labels, and, for static
      // methods, it is the `this` of calls run in a worker.
      const owner = site.static ? (this as { name?: string }) : ((this as object).constructor as { name?: string });
      core.ownerName ??= owner.name;
      if (site.static) record.owner = this as object;
    });
  }
  const wrapper = view(core, options);
  core.wrapper = wrapper;
  record.wrapper = wrapper;
  if (site.kind === 'method' && !site.static && site.key !== undefined) {
    const key = site.key;
    site.addInitializer?.(function (this: unknown) {
      bindInstance(core, options, this as object, key);
    });
  }
  if (inParallelWorker && location && key) register(location.url, key, record);
  return wrapper;
}

function isAsyncFunction(fn: AnyFunction): boolean {
  const name = (Object.getPrototypeOf(fn) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name === 'AsyncFunction' || name === 'AsyncGeneratorFunction';
}

/**
 * Gives an instance its own view of a parallel instance method, so that `obj.m.map(xs)` and
 * `asParallel(obj.m).map(xs)` run with `obj` as `this` (a function read off an object does not know the
 * object). The view goes through every decorator applied around `@parallel` (it is a numbat layer over the
 * method as installed, so `describe` and `timingStats` find them), and is not enumerable, so the instance's
 * fields sent to workers stay its data.
 */
function bindInstance(core: Core, options: ResolvedOptions, instance: object, key: string | symbol): void {
  const installed = (instance as Record<string | symbol, unknown>)[key];
  // A subclass that overrides the method without @parallel keeps its own method.
  if (typeof installed !== 'function' || outerOf(installed, core) === undefined && installed !== core.wrapper) return;
  const bound = decorate(instanceSpec, installed, undefined, { core, options, instance });
  Object.defineProperty(instance, key, { value: bound, configurable: true, writable: true, enumerable: false });
}

interface InstanceOptions {
  readonly core: Core;
  readonly options: ResolvedOptions;
  readonly instance: object;
}

const instanceSpec = {
  name: 'parallel (instance)',
  wrap: (installed: AnyFunction, o: InstanceOptions): AnyFunction => {
    const v = view(o.core, o.options, { self: o.instance, installed });
    if (installed === o.core.wrapper) return v;
    // Outer layers (`@timed`): a direct call goes through them, with the instance as `this`.
    const call = function (this: unknown, ...args: unknown[]): unknown {
      return installed.apply(o.instance, args);
    };
    for (const key of ['map', 'imap', 'uimap', 'starmap', 'with', 'close', 'workers']) {
      Object.defineProperty(call, key, Object.getOwnPropertyDescriptor(v, key)!);
    }
    return call;
  },
};

const entry = defineDecorator({ name: 'parallel', wrap: wrapParallel }, (first): ResolvedOptions => {
  if (first === undefined) return resolveOptions('parallel', {});
  if (typeof first === 'number') return resolveOptions('parallel', { workers: first });
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) return resolveOptions('parallel', first);
  throw new TypeError(
    `parallel: cannot decorate ${describeValue(first)}; it accepts a function, a class method, a worker count ` +
      '(`parallel(4)(fn)`) or an options object.',
  );
});

/**
 * The {@link Parallel} type of a decorated method. TypeScript keeps a decorated method's declared type, so
 * `Cls.method.map` does not type-check; `asParallel(Cls.method).map(...)` does. Throws if `fn` is not a
 * `@parallel` function.
 *
 * @example
 * ```ts
 * import { asParallel, isMain, parallel } from 'numbat';
 *
 * export class Physics {
 *   @parallel(2) static async fallTime(h: number): Promise<number> { return Math.sqrt((2 * h) / 9.81); }
 * }
 * if (isMain(import.meta.url)) console.log(await asParallel(Physics.fallTime).map([1, 2, 3])); // [0.45…, 0.63…, 0.78…]
 * ```
 */
export function asParallel<F extends AnyFunction>(fn: F): Parallel<F> {
  const candidate = fn as unknown as Partial<ParallelMethods<F>>;
  if (typeof fn !== 'function' || typeof candidate.map !== 'function' || typeof candidate.with !== 'function') {
    throw new TypeError(`asParallel: ${describeValue(fn)} is not a @parallel function`);
  }
  return fn as unknown as Parallel<F>;
}

/**
 * Runs a function in a pool of worker threads: `await f(x)` runs one call in a worker, `f.map(a, b)` zips
 * its iterables and spreads the calls over `workers` threads (pathos's `ProcessingPool(n).map`), `f.imap`
 * and `f.uimap` yield results as they come, in order or as they finish.
 *
 * No worker file: a worker imports the module that applied the decorator and finds the function there, so
 * the function must be decorated at the top level of a module (a plain function, or a static or instance
 * method of a class); for a closure that captures nothing, pass `{ source: true }`. The module's top-level
 * code runs again in each worker, as in Python's spawn: put the script's work under
 * `if (isMain(import.meta.url))`.
 *
 * On a method the declared type stays: an `async` method runs direct calls in a worker, a synchronous one
 * (`@parallel(2) @memoJit`) runs them in the calling thread; both map over the pool through
 * `asParallel(obj.method)`, which keeps the instance as `this`.
 *
 * Results come back by structured clone: a class instance arrives as a plain object without its methods
 * (warned once per run, `NUMBAT_PARALLEL_CLASS_INSTANCE`), and a result that cannot be cloned (a function)
 * fails its own item with a `DataCloneError`. `backend: slurm({...})` runs the same maps as a SLURM job array.
 *
 * @example
 * ```ts
 * import { setTimeout as sleep } from 'node:timers/promises';
 * import { asParallel, isMain, parallel } from 'numbat';
 *
 * export const fun = parallel(4)(async function fun(a: number, b: number) {
 *   await sleep(1000);
 *   return a + b;
 * });
 *
 * export class Model {
 *   @parallel(2) static async loss(theta: number): Promise<number> { return (theta - 1) ** 2; }
 * }
 *
 * if (isMain(import.meta.url)) {
 *   const a = Array.from({ length: 10 }, (_, i) => i);
 *   const sums = await fun.with({ progress: true }).map(a, a); // 10 calls of 1 s on 4 workers: about 3 s
 *   console.log(sums); // [0, 2, 4, …, 18]
 *   console.log(await Model.loss(0.5)); // 0.25, one call in a worker
 *   console.log(await asParallel(Model.loss).map([0, 1, 2])); // [1, 0, 1], a typed map over a decorated method
 * }
 * ```
 */
export function parallel<This, F extends AnyFunction>(fn: F, context: ClassMethodDecoratorContext<This, F>): F;
export function parallel<F extends AnyFunction>(fn: F): Parallel<F>;
export function parallel(workersOrOptions?: number | ParallelOptions): ParallelDecorator;
export function parallel(...args: unknown[]): unknown {
  return entry(args);
}

export type { RunOptions };
