/**
 * Stage 5: the dispatcher, the one object users touch. `memoJit(fn)` returns a function that classifies each
 * call's arguments into a type signature, compiles one specialization per signature on first use (parse once,
 * then infer → lower → hoist bounds checks → unroll → generate JS → `new Function`), caches it, and calls it.
 *
 * @module
 */
import { decorate, isDecoration, unwrap, innerOf, describeValue, type AnyFunction, type DecorationSite } from '../decorate.js';
import { parseFunction, type ParsedFunction } from './parse.js';
import { inferFunction, newEnv, MAX_LENGTH } from './infer.js';
import { lowerModule } from './lower.js';
import { hoistBoundsChecks } from './hoist.js';
import { generateJS, RUNTIME_PARAMS, type GenerateOptions } from './codegen-js.js';
import { unrollLoops } from './unroll.js';
import { JitError, locateError } from './errors.js';
import { RANDOM_STATE, seedRandom } from './random.js';
import { recordCodegen, recording } from './record.js';
import { Array2D, ELEMENT_BY_NAME, F64, I32, BOOL, typeName, type Type, type ElementKind } from './types.js';
import type { IRModule } from './ir.js';

/**
 * A declared argument type for eager compilation: a constructor or a type name.
 *
 * @example
 * ```ts
 * const specs: ArgSpec[] = [Float64Array, 'i32', Number, Array2D, 'number[][]'];
 * ```
 */
export type ArgSpec =
  | NumberConstructor | BooleanConstructor | ArrayConstructor | typeof Array2D
  | Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor
  | Int16ArrayConstructor | Uint16ArrayConstructor | Int8ArrayConstructor | Uint8ArrayConstructor | Uint8ClampedArrayConstructor
  | string;

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

// ------------------------------------------------------------------------------------ argument typing

const TYPED_BY_CONSTRUCTOR = new Map<unknown, ElementKind>(
  Object.entries(ELEMENT_BY_NAME).map(([name, el]) => [(globalThis as Record<string, unknown>)[name], el]),
);
const TOKEN_TYPES = new Map<string, Type>([
  ['i32', I32],
  ['f64', F64],
  ['bool', BOOL],
  ['number[][]', { kind: 'matrix', layout: 'nested' }],
  ['Array2D', { kind: 'matrix', layout: 'array2d' }],
  ...Object.entries(ELEMENT_BY_NAME).map(([name, el]): [string, Type] => [name, { kind: 'array', element: el }]),
]);

/** Signature token of one argument, or a reason it cannot be compiled. */
function tokenOf(v: unknown): string | { reason: string } {
  switch (typeof v) {
    case 'number':
      // An integer that fits int32 (and is not -0) specializes as i32: loop bounds then stay integers.
      return (v | 0) === v && (v !== 0 || 1 / v > 0) ? 'i32' : 'f64';
    case 'boolean':
      return 'bool';
    case 'object': {
      if (v === null) return { reason: 'null' };
      const el = TYPED_BY_CONSTRUCTOR.get((v as object).constructor);
      if (el !== undefined) {
        if ((v as ArrayLike<number>).length > MAX_LENGTH) return { reason: `a typed array longer than ${MAX_LENGTH} elements` };
        return (v as object).constructor.name;
      }
      if (v instanceof Array2D) return 'Array2D';
      if (Array.isArray(v)) {
        const first: unknown = v[0];
        if (v.length === 0 || Array.isArray(first) || (ArrayBuffer.isView(first) && !(first instanceof DataView))) {
          return v.length > MAX_LENGTH ? { reason: 'a very long array' } : 'number[][]';
        }
        return { reason: 'a plain number[] (use a Float64Array, or number[][] for 2-D data)' };
      }
      return { reason: describeValue(v) };
    }
    default:
      return { reason: describeValue(v) };
  }
}

const SPEC_NAMES: Readonly<Record<string, string>> = {
  f64: 'f64', number: 'f64', float64: 'f64', i32: 'i32', int32: 'i32', bool: 'bool', boolean: 'bool',
  'f64[]': 'Float64Array', 'f32[]': 'Float32Array', 'i32[]': 'Int32Array', 'u32[]': 'Uint32Array', 'i16[]': 'Int16Array',
  'u16[]': 'Uint16Array', 'i8[]': 'Int8Array', 'u8[]': 'Uint8Array', 'u8c[]': 'Uint8ClampedArray',
  'number[][]': 'number[][]', 'f64[][]': 'number[][]', Array2D: 'Array2D',
  ...Object.fromEntries(Object.keys(ELEMENT_BY_NAME).map((n) => [n, n])),
};

function tokenOfSpec(spec: ArgSpec): string {
  if (typeof spec === 'string') {
    const t = SPEC_NAMES[spec.trim()];
    if (!t) throw new TypeError(`memoJit: unknown argument type '${spec}' in signatures (try 'f64', 'i32', 'bool', 'f64[]', 'number[][]', 'Array2D')`);
    return t;
  }
  if (spec === Number) return 'f64';
  if (spec === Boolean) return 'bool';
  if (spec === Array) return 'number[][]';
  if (spec === Array2D) return 'Array2D';
  const el = TYPED_BY_CONSTRUCTOR.get(spec);
  if (el !== undefined) return spec.name;
  throw new TypeError(`memoJit: unsupported argument type ${describeValue(spec)} in signatures`);
}

// ---------------------------------------------------------------------------------------------- runtime

/** Packs a rectangular `number[][]` row-major; null if ragged or not all numbers (then the plain function runs). */
function pack(nested: ArrayLike<ArrayLike<unknown>>): Float64Array | null {
  const rows = nested.length;
  if (rows === 0) return new Float64Array(0);
  const cols = nested[0]!.length;
  if (rows * cols > MAX_LENGTH) return null;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = nested[i] as ArrayLike<unknown> | undefined;
    if (!row || typeof row !== 'object' || row.length !== cols) return null;
    for (let j = 0, o = i * cols; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') return null;
      out[o + j] = v;
    }
  }
  return out;
}

// `pack` runs once per call, so under V8's lazy feedback allocation it may have no type feedback yet when a
// compiled function that inlines it is optimized (after one or two long calls). That optimized code then
// deoptimizes on entry, and the function keeps running the slower code V8 compiled for its loop mid-call
// (markov: 175 ms instead of 113 ms per 1e7 days, in about half the runs). A few calls now give it feedback,
// for rows of integers and of doubles.
for (let i = 0; i < 16; i++) pack(i % 2 ? [[0.5, 1], [2, 3]] : [[1, 2], [3, 4]]);

function rowRange(index: number, rows: number): never {
  throw new RangeError(`memoJit: row index ${index} is outside the 2-D array's ${rows} rows (the plain function would read undefined)`);
}

/**
 * Audit hook of `generateJS({ checkTypes: true })`: an `i32` value must be an int32 and not -0.
 *
 * @example
 * ```ts
 * checkI32(3);      // 3
 * checkI32(2 ** 31); // throws: inference claimed an int32
 * ```
 */
export function checkI32(value: number): number {
  if ((value | 0) !== value || Object.is(value, -0)) {
    throw new TypeError(`memoJit internal error: a value typed i32 is ${Object.is(value, -0) ? '-0' : String(value)}`);
  }
  return value;
}

function nullRow(): never {
  throw new TypeError('memoJit: cannot read an element of a null row');
}

// ---------------------------------------------------------------------------------- memoJit registry

/**
 * Every memoJit function by name and the file it was decorated in, so compiled code can call another memoJit
 * function by its name. Only functions decorated in the same file are found this way: the compiler cannot see
 * the caller's lexical scope, and a same-named function from another module must never be picked by accident
 * (functions from other files are listed with the `scope` option).
 */
const registry = new Map<string, Array<{ ref: WeakRef<AnyFunction>; site: () => string | undefined }>>();
const parsedCache = new WeakMap<AnyFunction, ParsedFunction>();

function parsedOf(fn: AnyFunction): ParsedFunction {
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
function lazyCallerFile(): () => string | undefined {
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

/** Lists `original` under `name`; its site is formatted only if a same-named function is registered again. */
function register(name: string, original: AnyFunction, site: () => string | undefined): void {
  if (!name) return;
  let list = registry.get(name);
  if (!list) registry.set(name, (list = []));
  if (!list.some((e) => e.ref.deref() === original && (e.site === site || e.site() === site()))) list.push({ ref: new WeakRef(original), site });
}

function resolver(scope: Readonly<Record<string, AnyFunction>> | undefined, siteOf: () => string | undefined) {
  return (name: string): ParsedFunction | undefined => {
    const explicit = scope?.[name];
    if (explicit) return parsedOf(originalOfJitted(explicit));
    const list = registry.get(name);
    if (!list) return undefined;
    const site = siteOf();
    const alive = list.filter((e) => site === undefined || e.site() === site).map((e) => e.ref.deref());
    const distinct = [...new Set(alive.filter((f): f is AnyFunction => f !== undefined))];
    if (distinct.length === 1) return parsedOf(distinct[0]!);
    if (distinct.length > 1) {
      throw new JitError(`${distinct.length} memoJit functions are named '${name}'; say which with memoJit({ scope: { ${name} } })`, {
        construct: `call to ${name}`,
      });
    }
    return undefined;
  };
}

const originals = new WeakMap<AnyFunction, AnyFunction>();
function originalOfJitted(fn: AnyFunction): AnyFunction {
  return originals.get(fn) ?? unwrap(fn).original;
}

// ----------------------------------------------------------------------------------------- the dispatcher

/**
 * Compiles `fn` for argument types, without the dispatcher: the IR module, the generated source and the
 * compiled function. Throws a located {@link JitError} when it cannot.
 *
 * @example
 * ```ts
 * const { source, fn } = compileSpecialization(std, [{ kind: 'array', element: 'f64' }]);
 * fn(new Float64Array([1, 2, 3]));
 * ```
 */
export function compileSpecialization(
  original: AnyFunction,
  argTypes: readonly Type[],
  scope?: Readonly<Record<string, AnyFunction>>,
  generate: GenerateOptions = {},
  site?: string,
): CompiledSpecialization {
  return compileAt(original, argTypes, scope, generate, site !== undefined ? () => site : lazyCallerFile());
}

/**
 * What {@link compileSpecialization} returns.
 *
 * @example
 * ```ts
 * const { signature, source, fn }: CompiledSpecialization = compileSpecialization(std, [{ kind: 'array', element: 'f64' }]);
 * ```
 */
export interface CompiledSpecialization {
  /** The specialization's types as the dispatcher reports them, e.g. `(Float64Array) -> f64`. */
  signature: string;
  /** The IR the JS backend consumed: lowered, bounds checks hoisted out of loops (`hoist.ts`), small loops unrolled (`unroll.ts`). */
  module: IRModule;
  /** The generated JavaScript function body (runtime helpers arrive as parameters). */
  source: string;
  /** The compiled entry function; calls it with the same arguments as the original. */
  fn: AnyFunction;
}

/** {@link compileSpecialization} with the file that resolves calls to other memoJit functions given lazily. */
function compileAt(
  original: AnyFunction,
  argTypes: readonly Type[],
  scope: Readonly<Record<string, AnyFunction>> | undefined,
  generate: GenerateOptions,
  site: () => string | undefined,
): CompiledSpecialization {
  try {
    const parsed = parsedOf(original);
    const env = newEnv(resolver(scope, site));
    const typing = inferFunction(parsed, argTypes, env);
    const module = unrollLoops(hoistBoundsChecks(lowerModule(env.order, typing)));
    const { source } = generateJS(module, generate);
    if (recording) recordCodegen('js', original.name, `${original.toString()}\n${JSON.stringify(argTypes)}\n${JSON.stringify(generate)}`, source);
    const fallback = (thisArg: unknown, args: IArguments): unknown => original.apply(thisArg, args as unknown as unknown[]);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const factory = new Function(...RUNTIME_PARAMS, source) as (...runtime: unknown[]) => AnyFunction;
    const fn = factory(RANDOM_STATE, pack, fallback, rowRange, nullRow, checkI32);
    const ret = module.functions[module.functions.length - 1]!.returnType;
    const signature = `(${argTypes.map(typeName).join(', ')}) -> ${typeName(ret).replaceAll(/row<[^>]*>/g, 'row')}`;
    return { signature, module, source, fn };
  } catch (error) {
    if (error instanceof JitError) throw locateError(error, error.origin ?? original);
    throw error;
  }
}

/**
 * The IR module of `fn` specialized for argument types, without generating code: the entry point for other
 * backends (the WGSL backend of `@gpu` lowers the same IR). Throws a located {@link JitError} when it cannot.
 *
 * @example
 * ```ts
 * const module = lowerToIR(kernel, [{ kind: 'array', element: 'f32' }, { kind: 'i32' }]);
 * for (const f of module.functions) console.log(f.name, f.params, f.returnType);
 * ```
 */
export function lowerToIR(original: AnyFunction, argTypes: readonly Type[], scope?: Readonly<Record<string, AnyFunction>>): IRModule {
  try {
    const parsed = parsedOf(unwrap(original).original);
    const env = newEnv(resolver(scope, lazyCallerFile()));
    return lowerModule(env.order, inferFunction(parsed, argTypes, env));
  } catch (error) {
    if (error instanceof JitError) throw locateError(error, error.origin ?? original);
    throw error;
  }
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
      const { signature, module, source, fn: compiled } = compileAt(original, argTypes, options.scope, {}, decoratedIn);
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

  for (const sig of options.signatures ?? []) {
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

const spec = { name: 'memoJit', wrap: wrapJit };

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
  if (isDecoration(args)) return decorate(spec, args[0], args[1], {});
  const options = (args[0] ?? {}) as MemoJitOptions;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`memoJit: cannot decorate ${describeValue(args[0])}; it accepts a function, a class method, or an options object.`);
  }
  if (options.fallback !== undefined && options.fallback !== 'error' && options.fallback !== 'warn') {
    throw new TypeError(`memoJit: the fallback option must be 'error' or 'warn', got ${describeValue(options.fallback)}`);
  }
  if (options.signatures !== undefined && !Array.isArray(options.signatures)) {
    throw new TypeError('memoJit: signatures must be an array of argument type lists, e.g. [[Float64Array]]');
  }
  return (target: unknown, context?: unknown) => decorate(spec, target, context, options);
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
