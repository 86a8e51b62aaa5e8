/**
 * The dispatcher, the one object users touch. `memoJit(fn)` returns a function that classifies each call's
 * arguments into a type signature (`signature.ts`), compiles one specialization per signature on first use
 * (`../pipeline.ts`), caches it, and calls it.
 *
 * @module
 */
import { defineDecorator, optionsObject, unwrap, innerOf, describeValue, type AnyFunction, type DecorationSite } from '../../decorate.js';
import { compileAt } from '../pipeline.js';
import { JitError, locateError } from '../errors.js';
import { seedRandom } from '../random.js';
import { F64, typeName, type Type } from '../types.js';
import type { IRModule } from '../ir.js';
import { lazyCallerFile, originals, register } from './registry.js';
import { TOKEN_TYPES, tokenOf, tokenOfSpec, type ArgSpec } from './signature.js';
import { getThreads, setThreads, threadsReady, type ParallelOptions } from '../parallel/runtime.js';


/**
 * Options of {@link memoJit}.
 *
 * @example
 * ```ts
 * const options: MemoJitOptions = { fallback: 'warn', signatures: [[Float64Array], ['f32[]']] };
 * const cstd = memoJit(options)(std);
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
 * const cstd = memoJit(std);
 * cstd(xs);
 * cstd.signatures;  // ['(Float64Array) -> f64']
 * cstd.inspect();   // { '(Float64Array) -> f64': '"use strict";\nfunction std(xs) {…}' }
 * cstd.original;    // std
 * ```
 */
export interface JitExtras<F extends AnyFunction> {
  /** Compiled signatures, in compilation order, e.g. `'(Float64Array) -> f64'`. */
  readonly signatures: readonly string[];
  /** Generated JavaScript per signature (`'(plain function)'` for signatures that fell back). */
  inspect(): Record<string, string>;
  /** The plain, uncompiled function. */
  readonly original: F;
}

/**
 * A memoJit-compiled function: same call signature, plus {@link JitExtras}.
 *
 * @example
 * ```ts
 * const cstd: Jitted<typeof std> = memoJit(std);
 * const sigma: number = cstd(xs);
 * ```
 */
export type Jitted<F extends AnyFunction> = F & JitExtras<F>;

interface Specialization {
  readonly signature: string;
  readonly argTypes: readonly Type[];
  readonly fn: AnyFunction;
  readonly source: string | undefined;
  readonly module: IRModule | undefined;
}


/**
 * Whether `NUMBAT_DISABLE_JIT=1` is set (like numba's `NUMBA_DISABLE_JIT`): memoJit and `@gpu` functions then
 * run as the plain function, so breakpoints and `console.log` work inside them (a `@gpu` launch calls the plain
 * kernel per invocation on the CPU). Read on each first call of a
 * signature, so setting it in code before the first call works too.
 *
 * @example
 * ```ts
 * process.env.NUMBAT_DISABLE_JIT = '1';
 * jitDisabled(); // true
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
  let lastKey = '';
  let last: Specialization | undefined;

  const compileFor = (key: string, tokens: readonly string[]): Specialization => {
    const argTypes = tokens.map((t) => TOKEN_TYPES.get(t)!);
    try {
      const { signature, module, source, fn: compiled } = compileAt(original, argTypes, options.scope, options.parallel ? { parallel: options.parallel } : {}, decoratedIn);
      return { signature, argTypes, fn: compiled, source, module };
    } catch (error) {
      if (options.fallback === 'warn' && error instanceof JitError) {
        if (!warned) {
          warned = true;
          console.warn(`memoJit: running ${name || 'the function'} uncompiled: ${error.message}`);
        }
        return { signature: `(${argTypes.map(typeName).join(', ')}) -> (plain function)`, argTypes, fn: original, source: undefined, module: undefined };
      }
      throw error;
    }
  };

  const lookup = (args: readonly unknown[]): Specialization => {
    if (jitDisabled()) return plainFor(args);
    const tokens: string[] = [];
    for (let i = 0; i < args.length; i++) {
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
    const key = tokens.join(',');
    let spec = cache.get(key);
    if (!spec) {
      // An integer argument may use an eager f64 specialization instead of compiling another one.
      spec = eager.find((e) => e.argTypes.length === tokens.length && e.argTypes.every((t, i) => TOKEN_TYPES.get(tokens[i]!) === t || (t === F64 && tokens[i] === 'i32')));
      spec ??= compileFor(key, tokens);
      cache.set(key, spec);
    }
    lastKey = key;
    last = spec;
    return spec;
  };

  // Under NUMBAT_DISABLE_JIT every call of this signature runs the plain function, and nothing is compiled.
  const plainFor = (args: readonly unknown[]): Specialization => {
    const key = args.map((a) => { const t = tokenOf(a); return typeof t === 'string' ? t : '?'; }).join(',');
    const spec = cache.get(key) ?? { signature: `(${key}) -> (plain function: NUMBAT_DISABLE_JIT)`, argTypes: [], fn: original, source: undefined, module: undefined };
    cache.set(key, spec);
    lastKey = key;
    last = spec;
    return spec;
  };

  for (const sig of jitDisabled() ? [] : options.signatures ?? []) {
    const tokens = sig.map(tokenOfSpec);
    const key = tokens.join(',');
    const spec = compileFor(key, tokens);
    cache.set(key, spec);
    eager.push(spec);
  }

  const jitted = function (this: unknown, ...args: unknown[]): unknown {
    let spec: Specialization;
    if (last !== undefined && args.length <= 4) {
      // fast path: same signature as the previous call, checked without building the key string
      let key = '';
      for (let i = 0; i < args.length; i++) {
        const t = tokenOf(args[i]);
        key += (i ? ',' : '') + (typeof t === 'string' ? t : '?');
      }
      spec = key === lastKey ? last : lookup(args);
    } else spec = lookup(args);
    return spec.fn.apply(this, args);
  };
  const seen = (): Specialization[] => [...new Set(cache.values())];
  Object.defineProperty(jitted, 'signatures', { get: () => seen().map((s) => s.signature), enumerable: true });
  Object.defineProperty(jitted, 'inspect', {
    value: () => Object.fromEntries(seen().map((s) => [s.signature, s.source ?? '(plain function)'])),
  });
  Object.defineProperty(jitted, 'original', { value: original });
  originals.set(jitted, original);
  if (jitted as AnyFunction === fn) return jitted;
  const result = rewrap(jitted);
  if (result !== jitted) {
    // Outer decorators (e.g. timed) were put back around the compiled function: expose the JIT's view too.
    for (const key of ['signatures', 'inspect', 'original'] as const) {
      Object.defineProperty(result, key, Object.getOwnPropertyDescriptor(jitted, key)!);
    }
    originals.set(result, original);
  }
  return result;
}

const entry = defineDecorator({ name: 'memoJit', wrap: wrapJit }, (given) => {
  const options = optionsObject<MemoJitOptions>('memoJit', given ?? undefined);
  if (options.fallback !== undefined && options.fallback !== 'error' && options.fallback !== 'warn') {
    throw new TypeError(`memoJit: the fallback option must be 'error' or 'warn', got ${describeValue(options.fallback)}`);
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
 * function std(xs: Float64Array) { ... }
 * const cstd = memoJit(std);
 * cstd(xs);            // compiles for (Float64Array), then runs the compiled code
 * cstd.signatures;     // ['(Float64Array) -> f64']
 * cstd.inspect();      // { '(Float64Array) -> f64': 'function std(xs) { ... }' }
 * memoJit.seed(42);    // reproducible Math.random() in compiled code
 *
 * class Stats { @memoJit static std(xs: Float64Array): number { ... } }
 * const eager = memoJit({ signatures: [[Float64Array]] })(std);
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
 * memoJit.seed(42);
 * ```
 */
memoJit.seed = seedRandom;

/**
 * Threads that `prange` loops of `memoJit({ parallel: true })` functions use, the calling one included:
 * `NUMBAT_NUM_THREADS`, else one per core. Setting it starts missing worker threads in the background.
 *
 * @example
 * ```ts
 * memoJit.threads = 2;
 * ```
 */
export declare namespace memoJit {
  let threads: number;
}
Object.defineProperty(memoJit, 'threads', { get: getThreads, set: setThreads, enumerable: true });

/**
 * Starts the worker threads of prange loops now and resolves with the thread count once they all take work
 * (before that, loops run on the threads that are ready: same results, less speed).
 *
 * @example
 * ```ts
 * await memoJit.threadsReady(); // 2
 * ```
 */
memoJit.threadsReady = threadsReady;
