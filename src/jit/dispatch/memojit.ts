/**
 * The dispatcher, the one object users touch. `memoJit(fn)` returns a function that classifies each call's
 * arguments into a type signature (`signature.ts`), compiles one specialization per signature on first use
 * (`../pipeline.ts`), caches it, and calls it.
 *
 * Over 400 lines, with a reason: about a third is the documented public surface (`MemoJitOptions`, `JitExtras`,
 * the `memoJit` overloads), and `wrapJit` is one closure over the per-function cache that the fast path, the
 * compiling path, `inspect()` and the method views share.
 *
 * @module
 */
import { defineDecorator, optionsObject, unwrap, innerOf, describeValue, type AnyFunction, type DecorationSite } from '../../decorate.js';
import { compileAt, compileForBackend } from '../pipeline.js';
import { describeArgs, type Backend, type BackendChoice } from '../wasm/index.js';
import { JitError, locateError } from '../errors.js';
import { seedRandom } from '../random.js';
import { F64, typeName, type Type } from '../types.js';
import type { IRModule } from '../ir.js';
import { fieldNames } from '../ir/walk.js';
import { lazyCallerFile, originals, register } from './registry.js';
import { TOKEN_TYPES, tokenOf, tokenOfSpec, type ArgSpec } from './signature.js';
import { countCache, inlineCache, makeEntry } from './fastpath.js';
import { preparedCaches } from './prepared.js';
import { widenedGuardTokens } from './widen.js';
import { cacheEnabled, cacheReady, cacheStats, compileCached, emptyCacheStats, prefetchOutside, type CacheStats } from '../cache/compile.js';
import { prefetchCompilerIdentity } from '../cache/key.js';
import { forgetClassification, objectTokenType, strictFunction, thisChecker, thisToken } from './objects.js';
import { tokenHasIdentity } from '../ops/shapes.js';
import { functionTokenType } from './functions.js';
import { readsThis } from '../infer/this.js';
import { getThreads, setThreads, threadsReady, type ParallelOptions } from '../parallel/runtime.js';


/**
 * Options of {@link memoJit}.
 *
 * @example
 * ```ts
 * import { memoJit, type MemoJitOptions } from 'numbat';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   const m = s / xs.length;
 *   let v = 0;
 *   for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
 *   return Math.sqrt(v / xs.length);
 * }
 * const xs = new Float64Array([1, 2, 3, 4]);
 * const options: MemoJitOptions = { fallback: 'warn', signatures: [[Float64Array], ['f32[]']] };
 * const cstd = memoJit(options)(std); // both signatures compiled now, not at the first call
 * cstd(xs); // → 1.118033988749895
 * ```
 */
export interface MemoJitOptions {
  /**
   * What happens when a call's argument types cannot be compiled: `'error'` (default) throws a located
   * {@link JitError}; `'warn'` prints the error once and runs the plain function for that signature.
   */
  readonly fallback?: 'error' | 'warn';
  /**
   * Signatures to compile now, at decoration, instead of on the first call (numba's eager compilation).
   * Each is a list of argument types: constructors (`Number` is f64, `Boolean`, `Float64Array` and the other
   * typed arrays, `Array` is `number[][]`, `Array2D`) or names (`'f64'`, `'i32'`, `'bool'`, `'f64[]'`,
   * `'f32[]'`, `'i32[]'`, `'u32[]'`, `'i16[]'`, `'u16[]'`, `'i8[]'`, `'u8[]'`, `'u8c[]'`, `'number[][]'`,
   * `'Array2D'`, or a typed array's name). Calls whose integers fit an eager `f64` slot use it.
   */
  readonly signatures?: ReadonlyArray<ReadonlyArray<ArgSpec>>;
  /**
   * Other memoJit functions this one calls, by the name used in its body. memoJit functions decorated in the
   * same file are found by name without it; list callees from other files here (the compiler cannot see the
   * caller's imports), or to choose between same-named functions.
   */
  readonly scope?: Readonly<Record<string, AnyFunction>>;
  /**
   * Keep each specialization's generated code on disk and reuse it in later processes (`src/jit/cache/`), keyed
   * on a hash of the function's source, its callees, the `scope` option, the argument types and the compiler.
   * Default: on when `NUMBAT_CACHE=1`; `NUMBAT_CACHE_DIR` moves the directory (default `~/.cache/numbat`).
   */
  readonly cache?: boolean;
  /**
   * Which backend runs each specialization: `'auto'` (default; Wasm only for integer loop work past int32, see
   * `jit/wasm/index.ts` for the rules), `'js'`, or `'wasm'` (Wasm wherever the function is in its subset, JS
   * otherwise, with the reason in `inspect()`). `NUMBAT_JIT_BACKEND` changes the default.
   */
  readonly backend?: Backend;
  /**
   * Allows reassociating floating-point reductions, like numba's `fastmath`: a sum may then differ from the
   * plain function's in the last bits. Off by default: results are bit-identical to plain JavaScript.
   */
  readonly fastmath?: boolean;
  /**
   * Run `prange` loops on every thread (`memoJit.threads`, default one per core or `NUMBAT_NUM_THREADS`), like
   * numba's `parallel=True`; `{ deterministic: true }` also makes floating-point reductions bit-identical
   * for every thread count, `{ minIterations }` sets the size below which a loop stays on the calling thread.
   */
  readonly parallel?: boolean | ParallelOptions;
}

/**
 * What memoJit adds to a function.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   const m = s / xs.length;
 *   let v = 0;
 *   for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
 *   return Math.sqrt(v / xs.length);
 * }
 * const xs = new Float64Array([1, 2, 3, 4]);
 * const cstd = memoJit(std);
 * cstd(xs);
 * cstd.signatures; // → [ '(Float64Array) -> f64' ]
 * Object.keys(cstd.inspect()); // → [ '(Float64Array) -> f64' ]
 * cstd.original === std; // → true
 * ```
 */
export interface JitExtras<F extends AnyFunction> {
  /** Compiled signatures, in compilation order, e.g. `'(Float64Array) -> f64'`. */
  readonly signatures: readonly string[];
  /** Generated JavaScript per signature (`'(plain function)'` for signatures that fell back). */
  inspect(): Record<string, string>;
  /** The plain, uncompiled function. */
  readonly original: F;
  /** This function's persistent-cache counts: hits, misses, corrupt entries rewritten, time saved. */
  cacheStats(): CacheStats;
}

/**
 * A memoJit-compiled function: same call signature, plus {@link JitExtras}.
 *
 * @example
 * ```ts
 * import { memoJit, type Jitted } from 'numbat';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   const m = s / xs.length;
 *   let v = 0;
 *   for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
 *   return Math.sqrt(v / xs.length);
 * }
 * const xs = new Float64Array([1, 2, 3, 4]);
 * const cstd: Jitted<typeof std> = memoJit(std);
 * const sigma: number = cstd(xs);
 * sigma; // → 1.118033988749895
 * ```
 */
export type Jitted<F extends AnyFunction> = F & JitExtras<F>;

interface Specialization {
  readonly signature: string;
  readonly argTypes: readonly Type[];
  /** Replaced once, when a measured choice settles on a backend (`wasm/measured.ts`). */
  fn: AnyFunction;
  readonly source: string | undefined;
  readonly module: IRModule | undefined;
  /** The signature tokens it was compiled for (its fast-path guards), when it was compiled for some. */
  readonly tokens?: readonly string[];
  /** Its inline cache (`fastpath.ts`), made when first installed. */
  ic?: AnyFunction | undefined;
  readonly choice?: BackendChoice;
}


/**
 * Whether `NUMBAT_DISABLE_JIT=1` is set (like numba's `NUMBA_DISABLE_JIT`): memoJit and `@gpu` functions then
 * run as the plain function, so breakpoints and `console.log` work inside them (a `@gpu` launch calls the plain
 * kernel per invocation on the CPU). Read on each first call of a
 * signature, so setting it in code before the first call works too.
 *
 * @example
 * ```ts
 * import { jitDisabled } from './memojit.js';
 *
 * const before = process.env.NUMBAT_DISABLE_JIT;
 * process.env.NUMBAT_DISABLE_JIT = '1';
 * jitDisabled(); // → true
 * if (before === undefined) delete process.env.NUMBAT_DISABLE_JIT;
 * else process.env.NUMBAT_DISABLE_JIT = before;
 * ```
 */
export function jitDisabled(): boolean {
  return process.env['NUMBAT_DISABLE_JIT'] === '1';
}

function wrapJit(fn: AnyFunction, options: MemoJitOptions, site: DecorationSite): AnyFunction {
  const { original, rewrap } = unwrap(fn);
  const name = site.name || original.name;
  for (let layer: AnyFunction | undefined = fn; layer; layer = innerOf(layer)) {
    if (originals.has(layer)) {
      throw new TypeError(`memoJit: ${name || 'the function'} is already compiled by memoJit (memoJit applied twice); apply it once`);
    }
  }
  // Formatting the stack maps it through source maps, which under tsx costs more than a compilation: the site
  // is read only when a compilation resolves a call to another memoJit function by name.
  const decoratedIn = lazyCallerFile();
  register(name, original, decoratedIn);
  register(original.name, original, decoratedIn);
  const cache = new Map<string, Specialization>();
  const eager: Specialization[] = [];
  let warned = false;
  const cacheCounts = emptyCacheStats();
  if (cacheEnabled(options.cache)) prefetchCompilerIdentity();
  const arity = original.length;
  // The fast path (fastpath.ts): the entry sends calls to the inline cache of the specialization last looked up.
  const slow = (thisArg: unknown, args: unknown[]): unknown => classified(args, undefined, thisArg).fn.apply(thisArg, args);
  const { entry, install, installCount, miss } = makeEntry(arity, slow, name);
  // With the cache on, the inline caches of stored specializations are made before the first call (prepared.ts).
  const prepared = preparedCaches(arity, miss);
  if (cacheEnabled(options.cache)) void prefetchOutside(original, options.scope, options, prepared.prepare);
  const use = (spec: Specialization): void => {
    if (spec.tokens === undefined) return;
    if (spec.tokens.length !== arity) {
      // A call with another argument count (an optional parameter left out) gets a fast path of its own.
      spec.ic ??= countCache(spec.tokens, spec.fn, slow);
      if (spec.ic) installCount(spec.ic, spec.tokens.length);
      return;
    }
    spec.ic ??= prepared.take(spec.tokens, spec.fn) ?? inlineCache(guardTokens(spec, spec.tokens), spec.fn, miss);
    if (spec.ic) install(spec.ic);
  };
  // A JS specialization for integers whose code is the f64 one's takes any number through its fast path (widen.ts).
  // Not with the disk cache: the comparison compiles the f64 code, in every process, which the cache exists to
  // spare, and a number that is no int32 then gets its own stored specialization, as each signature does.
  const guardTokens = (spec: Specialization, tokens: readonly string[]): readonly string[] =>
    spec.choice?.backend !== 'js' || spec.source === undefined || options.parallel || cacheEnabled(options.cache) || !tokens.every((t) => TOKEN_TYPES.has(t))
      ? tokens
      : widenedGuardTokens(tokens, spec.source, (wide) => compileAt(original, wide.map((t) => TOKEN_TYPES.get(t)!), options.scope, {}, decoratedIn).source);

  const compileFor = (key: string, tokens: readonly string[], self?: string): Specialization => {
    const argTypes = tokens.map((t) => TOKEN_TYPES.get(t) ?? objectTokenType(t) ?? functionTokenType(t)!);
    try {
      // A method's specialization depends on its receiver's shape, which the disk cache's key does not hold; a
      // parallel one holds its regions' thread runtime, which is made in this process.
      const { signature, module, source, fn: compiled, choice } = self !== undefined
        ? compileForBackend(original, argTypes, options.scope, decoratedIn, options, objectTokenType(self))
        : cacheEnabled(options.cache) && (options.backend ?? 'auto') !== 'wasm' && !options.parallel && !tokens.some(tokenHasIdentity)
          ? compileCached(original, argTypes, options.scope, decoratedIn, cacheCounts, options)
          : compileForBackend(original, argTypes, options.scope, decoratedIn, options);
      const spec: Specialization = { signature, argTypes, fn: compiled, source, module, ...(choice ? { choice } : {}), ...(self === undefined ? { tokens } : {}) };
      // Once measured, calls go straight to the chosen backend's function, not through the measuring wrapper.
      choice?.measured?.onSettle((settled) => {
        spec.fn = settled;
        spec.ic = undefined;
        use(spec);
      });
      return spec;
    } catch (error) {
      if (options.fallback === 'warn' && error instanceof JitError) {
        if (!warned) {
          warned = true;
          console.warn(`memoJit: running ${name || 'the function'} uncompiled: ${error.message}`);
        }
        return { signature: `(${argTypes.map(typeName).join(', ')}) -> (plain function)`, argTypes, fn: original, source: undefined, module: undefined, tokens };
      }
      throw error;
    }
  };

  const lookup = (args: readonly unknown[], self?: string): Specialization => {
    if (jitDisabled()) return plainFor(args);
    const tokens: string[] = [];
    // a trailing undefined is what a left-out argument is to the plain function (compiled code never reads
    // `arguments`): f(xs, undefined) takes f(xs)'s specialization, default values included
    let given = args.length;
    while (given > 0 && args[given - 1] === undefined) given--;
    for (let i = 0; i < given; i++) {
      const t = tokenOf(args[i]);
      if (typeof t !== 'string') {
        const error = locateError(
          new JitError(`argument ${i + 1} is ${t.reason}; compiled functions take numbers, booleans, typed arrays, number[][] and Array2D`, {
            construct: `argument ${i + 1}`,
            functionName: name || undefined,
          }),
          original,
        );
        if (options.fallback === 'warn') {
          if (!warned) {
            warned = true;
            console.warn(`memoJit: running ${name || 'the function'} uncompiled: ${error.message}`);
          }
          return { signature: '(unsupported arguments)', argTypes: [], fn: original, source: undefined, module: undefined };
        }
        throw error;
      }
      tokens.push(t);
    }
    const empty = emptyArrays(args);
    const key = (self === undefined ? tokens.join(',') : `this=${self};${tokens.join(',')}`) + (empty.length ? `;[]@${empty.join(',')}` : '');
    let spec = cache.get(key);
    if (!spec) {
      // An integer argument may use an eager f64 specialization instead of compiling another one.
      if (self === undefined) spec = eager.find((e) => e.argTypes.length === tokens.length && e.argTypes.every((t, i) => TOKEN_TYPES.get(tokens[i]!) === t || (t === F64 && tokens[i] === 'i32')));
      spec ??= empty.length ? compileEmpty(key, tokens, empty, self) : compileFor(key, tokens, self);
      cache.set(key, spec);
    }
    if (self === undefined) use(spec);
    return spec;
  };

  // A refused call forgets how its objects were classified: fixed since (a field given a usable value), the next
  // call classifies them afresh rather than meeting the same refusal (objects.ts forgetClassification).
  const classified = (args: readonly unknown[], self: string | undefined, thisArg: unknown): Specialization => {
    try {
      return lookup(args, self);
    } catch (error) {
      forgetClassification(thisArg);
      for (const a of args) forgetClassification(a);
      throw error;
    }
  };

  // An empty `[]` has no element to name its kind: it is a `number[][]` (no rows) as before, and when the
  // function does not compile for that, a `number[]` (a sum of no numbers). Either is exact for an empty array.
  // When neither compiles, the function reads its elements as something else (the fields of an array of objects,
  // `ps[i].x`, `ps.map((p) => p.m)`), whose shape no element gives: nothing is compiled for this key, and the plain
  // function answers it, exactly. The key marks the empty positions so that a later non-empty array never reuses
  // this specialization (it compiles for its own elements, or meets the refusal there).
  const compileEmpty = (key: string, tokens: readonly string[], empty: readonly number[], self?: string): Specialization => {
    try {
      return compileFor(key, tokens, self);
    } catch (error) {
      if (!(error instanceof JitError)) throw error;
      const flat = tokens.map((t, i) => (empty.includes(i) ? 'number[]' : t));
      try {
        return compileFor(key, flat, self);
      } catch (again) {
        if (!(again instanceof JitError)) throw again;
        return { signature: `(${tokens.map((t, i) => (empty.includes(i) ? '[]' : t)).join(', ')}) -> (plain function: an empty array, whose elements' kind no element gives)`, argTypes: [], fn: original, source: undefined, module: undefined };
      }
    }
  };

  // Under NUMBAT_DISABLE_JIT every call of this signature runs the plain function, and nothing is compiled.
  const plainFor = (args: readonly unknown[]): Specialization => {
    const key = args.map((a) => { const t = tokenOf(a); return typeof t === 'string' ? t : '?'; }).join(',');
    const spec = cache.get(key) ?? { signature: `(${key}) -> (plain function: NUMBAT_DISABLE_JIT)`, argTypes: [], fn: original, source: undefined, module: undefined };
    cache.set(key, spec);
    return spec;
  };

  for (const sig of jitDisabled() ? [] : options.signatures ?? []) {
    const tokens = sig.map(tokenOfSpec);
    const key = tokens.join(',');
    const spec = compileFor(key, tokens);
    cache.set(key, spec);
    eager.push(spec);
  }

  // Whether the body reads `this` (a method): its shape is then part of the signature (see `infer/this.ts`), and
  // calls go through `method` below instead of the fast path's entry.
  let lastSelf = '';
  let lastTokens: ReturnType<typeof tokenOf>[] = [];
  let lastThis: Specialization | undefined;
  // A strict method needs no frozen test on its receiver (objects.ts, thisChecker).
  const strict = strictFunction(original);
  const methodSlow = (thisArg: unknown, args: unknown[]): unknown => {
    const self = thisToken(thisArg);
    // `this` is not an object: the plain function runs, with JS's own outcome (a TypeError on `this.x`).
    if (self === undefined) return original.apply(thisArg, args);
    // Tokens are interned strings, so comparing them with the last call's is a pointer check, no key built.
    let same = lastThis !== undefined && self === lastSelf && args.length === lastTokens.length;
    for (let i = 0; same && i < args.length; i++) same = tokenOf(args[i]) === lastTokens[i];
    if (!same) {
      lastThis = classified(args, self, thisArg);
      lastSelf = self;
      lastTokens = args.map(tokenOf);
    }
    // The next calls with a receiver of this shape and these argument kinds skip all of the above (fastpath.ts).
    if (args.length === arity && !jitDisabled()) {
      lastThis!.ic ??= methodCache(self, lastTokens, lastThis!.fn, methodEntry.miss, strict, lastThis!.module);
      if (lastThis!.ic) methodEntry.install(lastThis!.ic);
    }
    return lastThis!.fn.apply(thisArg, args);
  };
  const methodEntry = makeEntry(arity, methodSlow, name);
  const method = methodEntry.entry;
  const jitted = readsThis(original) ? method : entry;
  const seen = (): Specialization[] => [...new Set(cache.values())];
  signaturesOf.set(jitted, () => seen().map((s) => s.signature));
  Object.defineProperty(jitted, 'signatures', { get: sharedSignatures, enumerable: true });
  Object.defineProperty(jitted, 'inspect', {
    value: () => Object.fromEntries(seen().map((s) => [s.signature, describeSpec(s)])),
  });
  Object.defineProperty(jitted, 'original', { value: original });
  Object.defineProperty(jitted, 'cacheStats', { value: (): CacheStats => ({ ...cacheCounts }) });
  originals.set(jitted, original);
  if (jitted as AnyFunction === fn) return jitted;
  const result = rewrap(jitted);
  if (result !== jitted) {
    // Outer decorators (e.g. timed) were put back around the compiled function: expose the JIT's view too.
    for (const key of ['signatures', 'inspect', 'original', 'cacheStats'] as const) {
      Object.defineProperty(result, key, Object.getOwnPropertyDescriptor(jitted, key)!);
    }
    originals.set(result, original);
    signaturesOf.set(result, signaturesOf.get(jitted)!);
  }
  return result;
}

/** Each memoJit function's list of signatures, for the getter all of them share. */
const signaturesOf = new WeakMap<object, () => string[]>();

/**
 * The `signatures` getter, one function for every memoJit function: V8 gives an object that receives another
 * getter than its map's a dictionary map of its own, and on such a function `f.apply(…)` and `f.call(…)` cost
 * about 17 ns more a call (every memoJit function after the first, through the corpus harness).
 */
function sharedSignatures(this: unknown): string[] {
  const list = signaturesOf.get(this as object);
  if (!list) throw new TypeError('memoJit: `signatures` was read on something that is not a memoJit function');
  return list();
}

/**
 * The inline cache of a method's specialization: the receiver must still have the shape `self` names (its
 * checker, `objects.ts`) and each argument its token's guard. Undefined when some token has no guard row.
 */
function methodCache(self: string, tokens: readonly ReturnType<typeof tokenOf>[], fn: AnyFunction, miss: AnyFunction, strict: boolean, module: IRModule | undefined): AnyFunction | undefined {
  // only the fields the specialization's code uses by name are tested (simplex-noise's receiver holds a table
  // its noise2D never reads); without the IR (a specialization from the disk cache), every usable field
  const check = thisChecker(self, strict, module && new Set(module.functions.flatMap((f) => [...fieldNames(f.body)])));
  if (check === undefined || !tokens.every((t) => typeof t === 'string')) return undefined;
  return inlineCache(tokens as string[], fn, miss, check);
}

/** Positions of the arguments that are empty plain arrays (`[]`). */
function emptyArrays(args: readonly unknown[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < args.length; i++) if (Array.isArray(args[i]) && (args[i] as unknown[]).length === 0) out.push(i);
  return out;
}

/** What `inspect()` shows of a specialization: the generated JS or WAT, and which backend runs it and why. */
function describeSpec(s: Specialization): string {
  if (s.source === undefined) return '(plain function)';
  const c = s.choice;
  if (c?.measured) {
    const m = c.measured;
    const head = `// backend: ${m.settled ?? 'measuring'} — ${c.reason}; ${m.describe()}`;
    return m.settled === 'js' ? `${s.source}\n${head}` : `${head}\n${c.wat!}${m.stats ? `\n;; so far: ${m.stats.calls} calls in Wasm${describeArgs(m.stats)}` : ''}\n// the JS backend:\n${s.source}`;
  }
  if (c?.backend === 'wasm') {
    const st = c.stats!;
    return `${c.wat!}\n;; so far: ${st.calls} calls in Wasm, ${st.traps} answered by JS after a trap, ${st.aliased} with aliased arrays on JS; ${st.bytesIn} bytes copied in, ${st.bytesOut} out${st.onJs ? '; now on the JS backend (too many traps)' : ''}${describeArgs(st)}${st.outside !== undefined ? `\n// the JS backend, which runs calls with an array outside numbat memory:\n${s.source}` : ''}`;
  }
  return c ? `${s.source}\n// backend: js — ${c.reason}` : s.source;
}

const entry = defineDecorator({ name: 'memoJit', wrap: wrapJit }, (given) => {
  const options = optionsObject<MemoJitOptions>('memoJit', given ?? undefined);
  if (options.fallback !== undefined && options.fallback !== 'error' && options.fallback !== 'warn') {
    throw new TypeError(`memoJit: the fallback option must be 'error' or 'warn', got ${describeValue(options.fallback)}`);
  }
  if (options.cache !== undefined && typeof options.cache !== 'boolean') {
    throw new TypeError(`memoJit: the cache option must be true or false, got ${describeValue(options.cache)}`);
  }
  if (options.backend !== undefined && options.backend !== 'auto' && options.backend !== 'js' && options.backend !== 'wasm') {
    throw new TypeError(`memoJit: the backend option must be 'auto', 'js' or 'wasm', got ${describeValue(options.backend)}`);
  }
  const par = options.parallel;
  if (par !== undefined && typeof par !== 'boolean' && (typeof par !== 'object' || par === null || Object.keys(par).some((k) => k !== 'deterministic' && k !== 'minIterations'))) {
    throw new TypeError(`memoJit: parallel must be true, false or { deterministic?, minIterations? }, got ${describeValue(par)}`);
  }
  if (typeof par === 'object' && par.minIterations !== undefined && !(Number.isInteger(par.minIterations) && par.minIterations >= 0)) {
    throw new TypeError(`memoJit: parallel.minIterations must be a non-negative integer, got ${describeValue(par.minIterations)}`);
  }
  if (options.signatures !== undefined && !Array.isArray(options.signatures)) {
    throw new TypeError('memoJit: signatures must be an array of argument type lists, e.g. [[Float64Array]]');
  }
  return options;
});

/**
 * Compiles a numeric function to specialized JavaScript, one specialization per argument type signature,
 * like numba's `njit`. Works as `memoJit(fn)`, `memoJit({ fallback: 'warn' })(fn)`, and as a TC39 method
 * decorator on static and instance methods (`@memoJit`). `memoJit(timed(f))` compiles `f` and keeps timing.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   const m = s / xs.length;
 *   let v = 0;
 *   for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
 *   return Math.sqrt(v / xs.length);
 * }
 * const xs = new Float64Array([1, 2, 3, 4]);
 * const cstd = memoJit(std);
 * cstd(xs); // → 1.118033988749895
 * // compiled for (Float64Array) at the first call, then runs the compiled code
 * cstd.signatures; // → [ '(Float64Array) -> f64' ]
 * cstd.inspect()['(Float64Array) -> f64']!.startsWith('"use strict";'); // → true
 * memoJit.seed(42); // reproducible Math.random() in compiled code
 *
 * class Stats {
 *   @memoJit static mean(xs: Float64Array): number {
 *     let s = 0;
 *     for (const x of xs) s += x;
 *     return s / xs.length;
 *   }
 * }
 * Stats.mean(xs); // → 2.5
 * const eager = memoJit({ signatures: [[Float64Array]] })(std); // compiled now
 * ```
 */
export function memoJit<F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): Jitted<F>;
export function memoJit(options?: MemoJitOptions): <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext) => Jitted<F>;
export function memoJit(...args: unknown[]): unknown {
  return entry(args);
}

/**
 * Seeds `Math.random()` inside compiled code (see {@link seedRandom}).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * const draw = memoJit(function draw(n: number) { let s = 0; for (let i = 0; i < n; i++) s += Math.random(); return s; });
 * memoJit.seed(42);
 * const a = draw(3);
 * memoJit.seed(42);
 * draw(3) === a; // → true
 * ```
 */
memoJit.seed = seedRandom;
/**
 * The persistent cache's counts for this process (hits, misses, corrupt entries rewritten, writes, time saved)
 * and its directory.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * console.log(memoJit.cacheStats()); // { hits: 2, misses: 0, savedMs: 180.4, directory: '/home/me/.cache/numbat/jit', … }
 * ```
 */
memoJit.cacheStats = cacheStats;
/**
 * Resolves when the persistent cache's background work (entries read, first calls rehearsed) has finished, so
 * that the first calls after it cost what a warm call does plus the last checks (see `cache/compile.ts`).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * await memoJit.cacheReady(); // resolves at once when nothing is pending
 * ```
 */
memoJit.cacheReady = cacheReady;

/**
 * Threads that `prange` loops of `memoJit({ parallel: true })` functions use, the calling one included:
 * `NUMBAT_NUM_THREADS`, else one per core. Setting it starts missing worker threads in the background.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * memoJit.threads = 2;
 * memoJit.threads; // → 2
 * ```
 */
export declare namespace memoJit {
  /** Threads of prange loops, the calling one included (`NUMBAT_NUM_THREADS`, else one per core). */
  let threads: number;
}
Object.defineProperty(memoJit, 'threads', { get: getThreads, set: setThreads, enumerable: true });

/**
 * Starts the worker threads of prange loops now and resolves with the thread count once they all take work
 * (before that, loops run on the threads that are ready: same results, less speed).
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * memoJit.threads = 2;
 * console.log(await memoJit.threadsReady()); // 2
 * ```
 */
memoJit.threadsReady = threadsReady;
