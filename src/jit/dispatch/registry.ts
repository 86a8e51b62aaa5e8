/**
 * The registry of memoJit functions: which functions exist by name and in which file they were decorated, so
 * compiled code can call another memoJit function by its name, and the parse of each function, cached.
 *
 * @module
 */
import { unwrap, type AnyFunction } from '../../decorate.js';
import { parseFunction, type ParsedFunction } from '../frontend/parse.js';
import { JitError } from '../errors.js';


/** One registration: a function under one name, held weakly, with the file it was decorated in. */
interface Entry {
  readonly name: string;
  readonly ref: WeakRef<AnyFunction>;
  readonly site: () => string | undefined;
}

/**
 * Every live memoJit function by name and the file it was decorated in, so compiled code can call another
 * memoJit function by its name. Only functions decorated in the same file are found this way: the compiler cannot
 * see the caller's lexical scope, and a same-named function from another module must never be picked by accident
 * (functions from other files are listed with the `scope` option).
 *
 * Held weakly: a factory that returns `memoJit(function kernel(…) {…})` per call must not keep every kernel (and
 * its captured decoration stack) forever, nor make each registration scan all the dead ones. An entry leaves its
 * name's set when its function is collected ({@link collected}); registering checks only the function's own
 * entries ({@link entriesOf}), so both cost the same whatever the count.
 */
const registry = new Map<string, Set<Entry>>();
const entriesOf = new WeakMap<AnyFunction, Entry[]>();
const collected = new FinalizationRegistry<Entry>((entry) => {
  const set = registry.get(entry.name);
  if (!set) return;
  set.delete(entry);
  if (set.size === 0) registry.delete(entry.name);
});
const parsedCache = new WeakMap<AnyFunction, ParsedFunction>();

/**
 * The parse of `fn`, cached per function.
 *
 * @example
 * ```ts
 * import { parsedOf } from './registry.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * parsedOf(std).params.length; // → 1
 * parsedOf(std) === parsedOf(std); // → true
 * ```
 */
export function parsedOf(fn: AnyFunction): ParsedFunction {
  let p = parsedCache.get(fn);
  if (!p) parsedCache.set(fn, (p = parseFunction(fn)));
  return p;
}

const INTERNAL_FRAME = /[\\/](?:src|dist)[\\/](?:jit|timed|gpu|parallel|plot)[\\/]|[\\/](?:src|dist)[\\/]decorate\.|^node:|\(node:/;

/**
 * The file of the first stack frame outside numbat (where memoJit was applied or the compiler called), read
 * when first asked: the stack is captured now, but formatting it (source maps included) costs more than a
 * whole compilation, and compiling needs the site only to resolve calls to other memoJit functions.
 */
export function lazyCallerFile(): () => string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const here = new Error();
  Error.stackTraceLimit = limit;
  let file: string | undefined | null = null;
  return () => (file === null ? (file = fileOfStack(here.stack ?? '')) : file);
}

function fileOfStack(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?([^()\s]+?):\d+:\d+\)?\s*$/.exec(line.trim());
    if (m && !INTERNAL_FRAME.test(m[1]!) && !INTERNAL_FRAME.test(line)) return m[1];
  }
  return undefined;
}

/**
 * Lists `original` under `name`; its site is formatted only if a same-named function is registered again.
 *
 * @example
 * ```ts
 * import { lazyCallerFile, register, registeredCount } from './registry.js';
 *
 * function stdRegistered(xs: Float64Array) { return xs.length; }
 * const before = registeredCount('stdRegistered');
 * register('stdRegistered', stdRegistered, lazyCallerFile()); // what memoJit(std) does at decoration
 * registeredCount('stdRegistered') - before; // → 1
 * ```
 */
export function register(name: string, original: AnyFunction, site: () => string | undefined): void {
  if (!name) return;
  let own = entriesOf.get(original);
  if (!own) entriesOf.set(original, (own = []));
  if (own.some((e) => e.name === name && (e.site === site || e.site() === site()))) return;
  const entry: Entry = { name, ref: new WeakRef(original), site };
  own.push(entry);
  let set = registry.get(name);
  if (!set) registry.set(name, (set = new Set()));
  set.add(entry);
  collected.register(original, entry);
}

/**
 * How many registrations `name` has not yet released (live functions, and collected ones whose cleanup has not
 * run yet): for tests and leak checks.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { registeredCount } from './registry.js';
 *
 * const kernel = memoJit(function countedKernel(x: number) { return x + 1; });
 * registeredCount('countedKernel'); // → 1
 * ```
 */
export function registeredCount(name: string): number {
  return registry.get(name)?.size ?? 0;
}

/**
 * How a compilation finds the memoJit functions its code calls by name: the `scope` option first, then the
 * functions registered from the same file.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { lazyCallerFile, resolver } from './registry.js';
 *
 * const fastTwice = memoJit(function twice(x: number) { return 2 * x; });
 * // How a compilation of this file finds `twice` when compiled code calls it by name:
 * const resolve = resolver(undefined, lazyCallerFile());
 * resolve('twice')?.name; // → 'twice'
 * resolve('nothingByThatName'); // → undefined
 * ```
 */
export function resolver(scope: Readonly<Record<string, AnyFunction>> | undefined, siteOf: () => string | undefined) {
  const find = resolveFunction(scope, siteOf);
  return (name: string): ParsedFunction | undefined => {
    const fn = find(name);
    if (fn === undefined) return undefined;
    resolutions?.set(name, fn);
    return parsedOf(fn);
  };
}

/**
 * The plain function a name resolves to as {@link resolver} resolves it, without parsing it (the persistent
 * cache checks that a stored specialization's callees are still the same functions). Throws a JitError when
 * several memoJit functions of the same file have that name.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { lazyCallerFile, resolveFunction } from './registry.js';
 *
 * function halve(x: number) { return x / 2; }
 * const fast = memoJit(halve);
 * resolveFunction({ halve: fast }, lazyCallerFile())('halve') === halve; // → true
 * ```
 */
export function resolveFunction(scope: Readonly<Record<string, AnyFunction>> | undefined, siteOf: () => string | undefined) {
  return (name: string): AnyFunction | undefined => {
    // own entries only: `scope.toString` is Object.prototype's, not the user's
    const explicit: unknown = scope !== undefined && Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (typeof explicit === 'function') return originalOfJitted(explicit as AnyFunction);
    if (explicit !== undefined) {
      // parsing it would fail inside Function.prototype.toString, with a message that names nothing of the user's
      throw new JitError(`'${name}' is listed in memoJit's scope as ${explicit === null ? 'null' : typeof explicit === 'object' ? 'an object' : `a ${typeof explicit}`}, but scope lists only functions the code calls; compiled code reads numbers, booleans, arrays and objects from outside (module and closure constants) by itself: leave '${name}' out of scope`, {
        construct: `scope entry ${name}`,
      });
    }
    const list = registry.get(name);
    if (!list) return undefined;
    const site = siteOf();
    const found = new Set<AnyFunction>();
    for (const e of list) {
      // deref first: a dead function's site is never formatted
      const f = e.ref.deref();
      if (f !== undefined && (site === undefined || e.site() === site)) found.add(f);
    }
    const distinct = [...found];
    if (distinct.length === 1) return distinct[0]!;
    if (distinct.length > 1) {
      throw new JitError(`${distinct.length} memoJit functions are named '${name}'; say which with memoJit({ scope: { ${name} } })`, {
        construct: `call to ${name}`,
      });
    }
    return undefined;
  };
}

/**
 * The live memoJit functions registered under `name`, from any file, without formatting any decoration site
 * (formatting one maps the stack through source maps, which under tsx costs tens of milliseconds).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { liveFunctions } from './registry.js';
 *
 * function cnd(x: number) { return 0.5 * (1 + Math.tanh(x)); }
 * const fast = memoJit(cnd);
 * liveFunctions('cnd').includes(cnd); // → true
 * ```
 */
export function liveFunctions(name: string): AnyFunction[] {
  const found = new Set<AnyFunction>();
  for (const e of registry.get(name) ?? []) {
    const f = e.ref.deref();
    if (f !== undefined) found.add(f);
  }
  return [...found];
}

let resolutions: Map<string, AnyFunction> | undefined;

/**
 * Runs `body` (a compilation) and returns what it returned with every name a {@link resolver} resolved meanwhile,
 * mapped to the plain function: what a cached specialization depends on besides its own source.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { lazyCallerFile, recordingResolutions, resolver } from './registry.js';
 *
 * function sq(x: number) { return x * x; }
 * const fastSq = memoJit(sq);
 * const [found, callees] = recordingResolutions(() => resolver({ sq: fastSq }, lazyCallerFile())('sq'));
 * found?.name; // → 'sq'
 * callees.get('sq') === sq; // → true
 * ```
 */
export function recordingResolutions<T>(body: () => T): [T, ReadonlyMap<string, AnyFunction>] {
  const outer = resolutions;
  const mine = new Map<string, AnyFunction>();
  resolutions = mine;
  try {
    return [body(), mine];
  } finally {
    resolutions = outer;
    if (outer) for (const [k, v] of mine) outer.set(k, v);
  }
}

/** Each memoJit wrapper (and each outer layer put back around one) → the plain function it compiles. */
export const originals = new WeakMap<AnyFunction, AnyFunction>();

/**
 * The plain function under a memoJit function (or under any numbat decorators).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 * import { originalOfJitted } from './registry.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * originalOfJitted(memoJit(std)) === std; // → true
 * ```
 */
export function originalOfJitted(fn: AnyFunction): AnyFunction {
  return originals.get(fn) ?? unwrap(fn).original;
}
