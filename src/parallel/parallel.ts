/**
 * `@parallel(workers)`: pathos's `ProcessingPool(n).map/imap/uimap` as a decorator, over worker threads,
 * with no worker file to write.
 *
 * @module
 */
import { defineDecorator, describeValue, unwrap, type AnyFunction, type DecorationSite } from '../decorate.js';
import { ParallelGuardError, ParallelLocateError } from './errors.js';
import { Job, starFeeder, zipFeeder, type Feeder, type JobMode } from './job.js';
import { callerLocation, inParallelWorker, nextKey, parallelState, register, type CallerLocation, type RegisteredFunction } from './locate.js';
import { resolveOptions, type ParallelOptions, type ResolvedOptions, type RunOptions } from './options.js';
import { acquirePool, releasePool, spawnNeeds, type Pool } from './pool.js';
import type { Target } from './protocol.js';

/**
 * The parameters of `F` as iterables, one per parameter: what `f.map(a, b)` zips.
 *
 * @example
 * ```ts
 * type Z = Zipped<[number, string]>; // [Iterable<number>, Iterable<string>]
 * ```
 */
export type Zipped<P extends readonly unknown[]> = { [K in keyof P]: Iterable<P[K]> };

/**
 * What `@parallel` adds to a function besides running a call in a worker.
 *
 * @example
 * ```ts
 * for await (const r of f.uimap(xs)) console.log(r); // as they finish
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
 * const add: Parallel<(a: number, b: number) => number> = parallel(2)(function add(a: number, b: number) { return a + b; });
 * await add(1, 2); await add.map([1, 2], [3, 4]);
 * ```
 */
export type Parallel<F extends AnyFunction> = ((...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>) & ParallelMethods<F>;

/** Everything a decorated function and its `with(...)` views share. */
class Core {
  private readonly pools = new Set<Pool>();
  ownerName: string | undefined;

  constructor(
    readonly fn: AnyFunction,
    readonly site: DecorationSite,
    readonly kind: RegisteredFunction['kind'],
    readonly location: CallerLocation | undefined,
    readonly key: string | undefined,
  ) {}

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

  pool(options: ResolvedOptions): Pool {
    const pool = acquirePool(this, options.workers, {
      env: options.env,
      maxMemoryMb: options.maxMemoryMb,
      ...spawnNeeds(options.source ? undefined : this.location?.url),
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

function view(core: Core, options: ResolvedOptions): AnyFunction {
  const where = (m: string): string => `${core.label}.${m}`;
  const start = (self: unknown, mode: JobMode, feeder: Feeder): Job => core.run(self, mode, feeder, options);

  const wrapper = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    if (inParallelWorker) {
      core.guard();
      return (async () => core.fn.apply(this, args))();
    }
    try {
      const job = start(this, 'call', { total: 1, next: once(args) });
      return job.promise.then((r) => r[0]);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  // Inside a worker the items run inline (no pool inside a worker); the feeder is built after the guard,
  // and outside a worker a bad argument rejects the promise rather than throwing, as the call form does.
  const all = (feed: () => Feeder): Promise<unknown[]> => {
    if (inParallelWorker) {
      core.guard();
      return collect(inline(core, undefined, feed()));
    }
    try {
      return start(undefined, 'map', feed()).promise;
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const each = (mode: 'imap' | 'uimap', feed: () => Feeder): AsyncIterableIterator<unknown> => {
    if (inParallelWorker) {
      core.guard();
      return inline(core, undefined, feed());
    }
    return start(undefined, mode, feed()).iterator();
  };
  const methods = {
    map(...iterables: unknown[]): Promise<unknown[]> {
      return all(() => zipFeeder(iterables, where('map')));
    },
    imap(...iterables: unknown[]): AsyncIterableIterator<unknown> {
      return each('imap', () => zipFeeder(iterables, where('imap')));
    },
    uimap(...iterables: unknown[]): AsyncIterableIterator<unknown> {
      return each('uimap', () => zipFeeder(iterables, where('uimap')));
    },
    starmap(tuples: unknown): Promise<unknown[]> {
      return all(() => starFeeder(tuples, where('starmap')));
    },
    with(more: ParallelOptions): AnyFunction {
      const merged = resolveOptions(where('with'), more, options);
      const v = view(core, merged);
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
  record.wrapper = wrapper;
  if (inParallelWorker && location && key) register(location.url, key, record);
  return wrapper;
}

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
 * class Physics { @parallel(2) static async fallTime(h: number): Promise<number> { ... } }
 * await asParallel(Physics.fallTime).map([1, 2, 3]);
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
 * On a method, TypeScript requires the method to be declared `async` (or to return a `Promise`), since the
 * decorated method returns one.
 *
 * @example
 * ```ts
 * import { parallel, isMain } from 'numbat';
 *
 * export const fun = parallel(4)(async function fun(a: number, b: number) {
 *   await sleep(1000);
 *   return a + b;
 * });
 *
 * if (isMain(import.meta.url)) {
 *   const sums = await fun.with({ progress: true }).map(a, b); // ~3 s instead of 10 s
 * }
 *
 * class Model {
 *   @parallel(2) static async loss(theta: number): Promise<number> { ... }
 * }
 * await Model.loss(0.5);                       // one call, in a worker
 * await asParallel(Model.loss).map(thetas);    // typed map over a decorated method
 * ```
 */
export function parallel<F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): Parallel<F>;
export function parallel(
  workersOrOptions?: number | ParallelOptions,
): <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext) => Parallel<F>;
export function parallel(...args: unknown[]): unknown {
  return entry(args);
}

export type { RunOptions };
