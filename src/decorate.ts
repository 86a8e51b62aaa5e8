/**
 * The plumbing every numbat decorator shares: one entry point that accepts a plain function, a TC39 stage-3
 * method decoration (`value, context`), or an options object; clear errors for anything else; and a record of
 * what was applied, readable with {@link describe}.
 *
 * @module
 */

// Node 20 has no `Symbol.metadata`. TypeScript's and esbuild's decorator helpers read it when a class is
// defined, so it must exist before any decorated class is evaluated: importing numbat is enough.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

/** Any callable: decorators accept functions of every shape and keep their exact type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;

/** One decorator applied to a function: its name and the options it was applied with. */
export interface AppliedDecorator {
  /** The decorator's name, e.g. `'timed'` or `'memoJit'`. */
  readonly decorator: string;
  /** The normalized options it was applied with (defaults filled in). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Where a decorator is being applied: a plain function, or a class method. */
export interface DecorationSite {
  /** `'function'` for `timed(fn)`, `'method'` for `@timed` on a class method. */
  readonly kind: 'function' | 'method';
  /** The function's or method's name (`''` for anonymous functions; a symbol's description for symbol keys). */
  readonly name: string;
  /** For methods: whether the method is static. */
  readonly static: boolean;
  /** For methods: whether the method is `#private`. */
  readonly private: boolean;
  /** For methods: the property key as written. */
  readonly key?: string | symbol;
  /** For methods: TC39 `context.addInitializer`, to run code once the class (or instance) exists. */
  readonly addInitializer?: (initializer: (this: unknown) => void) => void;
}

/** Internal record kept per wrapper: what was applied and to what. */
interface Layer extends AppliedDecorator {
  readonly inner: AnyFunction;
  /** Rebuilds this layer around another function (used by source-compiling decorators, see {@link unwrap}). */
  readonly reapply: (inner: AnyFunction) => AnyFunction;
}

const layers = new WeakMap<AnyFunction, Layer>();
const METADATA_KEY = Symbol.for('numbat.decorators');

/** How a decorator wraps a function: given the function (already decorated by inner decorators, if any). */
export type WrapFunction<O> = (fn: AnyFunction, options: O, site: DecorationSite) => AnyFunction;

/** Static description of one numbat decorator, consumed by {@link decorate}. */
export interface DecoratorSpec<O> {
  /** Name used in errors and in {@link describe}, e.g. `'timed'`. */
  readonly name: string;
  /** Wraps a function. Must return a new function; numbat copies `name` and `length` onto it. */
  readonly wrap: WrapFunction<O>;
}

const DESCRIBE_TARGETS =
  'a function (`name(fn)`), or a static or instance class method (`@name`), or options (`name({...})(fn)`)';

/** Describes a value for error messages: "the number 42", "the class Foo", "a Map". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') {
    if (isClass(value)) return `the class ${value.name || '(anonymous)'}`;
    return `the function ${value.name || '(anonymous)'}`;
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `the ${typeof value} ${String(value)}`;
  }
  if (typeof value === 'symbol') return `the symbol ${value.toString()}`;
  if (Array.isArray(value)) return 'an array';
  const name = (value as object).constructor?.name || 'object';
  // 'an Object', 'an Int32Array', but 'a Uint8Array' and 'a URL' (read as 'you')
  return `${/^[AEIOaeio]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** True for `class` syntax, which can't be called, so wrapping it as a function would only fail later. */
export function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function isDecoratorContext(value: unknown): value is DecoratorContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    'name' in value
  );
}

function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? (key.description ?? '') : key;
}

/** Copies `name` and `length` so a wrapper prints, reflects and documents like the function it replaced. */
export function copyIdentity(wrapper: AnyFunction, original: AnyFunction, name = original.name): void {
  // Only what differs is redefined: a function whose `name` or `length` was redefined gets a map on which
  // `f.apply(…)` and `f.call(…)` are looked up slowly (17 ns a call), so a wrapper generated with the right
  // name and parameters keeps V8's own.
  if (wrapper.name !== name) Object.defineProperty(wrapper, 'name', { value: name, configurable: true });
  if (wrapper.length !== original.length) Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
}

const INTRINSIC_KEYS = new Set<string | symbol>(['name', 'length', 'prototype', 'arguments', 'caller']);

/**
 * Makes what an inner decorator added (`.map` of `parallel`, `.signatures` of `memoJit`, `.stats` of `timed`)
 * reachable through the outer wrapper too, so `timed(parallel(4)(f)).map(...)` works as its type says.
 * Getters, not copies: the inner values stay live (statistics keep changing). Values are returned as they
 * are, not bound: `.original` must stay the very function, and a method reading `this` finds the same
 * forwarded properties on the outer wrapper.
 */
function forwardExtras(wrapper: AnyFunction, inner: AnyFunction): void {
  for (const key of Reflect.ownKeys(inner)) {
    if (INTRINSIC_KEYS.has(key) || Object.prototype.hasOwnProperty.call(wrapper, key)) continue;
    Object.defineProperty(wrapper, key, {
      configurable: true,
      enumerable: Object.getOwnPropertyDescriptor(inner, key)?.enumerable ?? false,
      get: () => (inner as unknown as Record<string | symbol, unknown>)[key],
    });
  }
}

/**
 * Applies a numbat decorator to a target, in whichever form the target came: a plain function (with
 * `context` undefined), or a method under TC39 decorators. Throws a clear error for anything else.
 *
 * @example
 * ```ts
 * import { decorate, type AnyFunction } from './decorate.js';
 *
 * export function traced(fn: AnyFunction, context?: ClassMethodDecoratorContext): unknown {
 *   const wrap = (f: AnyFunction): AnyFunction => function (this: unknown, ...a: unknown[]) { return f.apply(this, a); };
 *   return decorate({ name: 'traced', wrap }, fn, context, {});
 * }
 * (traced((x: number) => x + 1) as (x: number) => number)(1); // → 2
 * ```
 */
export function decorate<O extends object>(
  spec: DecoratorSpec<O>,
  target: unknown,
  context: unknown,
  options: O,
): AnyFunction {
  let site: DecorationSite;
  if (context === undefined) {
    if (typeof target !== 'function') {
      throw new TypeError(`${spec.name}: cannot decorate ${describeValue(target)}; it accepts ${DESCRIBE_TARGETS.replaceAll('name', spec.name)}.`);
    }
    if (isClass(target)) {
      throw new TypeError(
        `${spec.name}: cannot decorate ${describeValue(target)}: it decorates functions and class methods, not classes. ` +
          `Put @${spec.name} on a method of the class instead.`,
      );
    }
    site = { kind: 'function', name: target.name, static: false, private: false };
  } else if (isDecoratorContext(context)) {
    const name = keyName(context.name as string | symbol);
    if (context.kind !== 'method') {
      const label: Record<string, string> = {
        class: 'class',
        field: 'class field',
        getter: 'getter',
        setter: 'setter',
        accessor: 'auto-accessor',
      };
      const extra =
        context.kind === 'field'
          ? ` To decorate a function stored in a field, wrap the value: \`${name} = ${spec.name}(fn)\`.`
          : '';
      throw new TypeError(
        `@${spec.name} cannot decorate the ${label[context.kind] ?? context.kind} ${name ? `'${name}'` : ''}`.trimEnd() +
          `: it decorates functions and class methods (static or instance).${extra}`,
      );
    }
    if (typeof target !== 'function') {
      throw new TypeError(`@${spec.name}: the method '${name}' is ${describeValue(target)}, not a function.`);
    }
    const methodContext = context as ClassMethodDecoratorContext;
    site = {
      kind: 'method',
      name,
      static: methodContext.static,
      private: methodContext.private,
      key: methodContext.name,
      addInitializer: (init) => methodContext.addInitializer(init),
    };
  } else {
    throw new TypeError(
      `${spec.name}: unexpected second argument ${describeValue(context)}; it accepts ${DESCRIBE_TARGETS.replaceAll('name', spec.name)}.`,
    );
  }

  const fn = target as AnyFunction;
  const wrapped = spec.wrap(fn, options, site);
  // A decorator that chose not to wrap adds no layer: recorded, it would be its own inner function, and
  // describe() and unwrap() would follow it forever.
  if (wrapped === fn) return fn;
  if (!layers.has(wrapped)) {
    copyIdentity(wrapped, fn, site.name || fn.name);
    forwardExtras(wrapped, fn);
  }
  const recorded = { ...options } as Record<string, unknown>;
  layers.set(wrapped, {
    decorator: spec.name,
    options: Object.freeze(recorded),
    inner: fn,
    reapply: (inner) => decorate(spec, inner, undefined, options),
  });
  if (context !== undefined && isDecoratorContext(context) && context.metadata) {
    const metadata = context.metadata as Record<symbol, unknown>;
    // Own map per class: inherited metadata is read through the prototype chain, not mutated.
    const own = Object.prototype.hasOwnProperty.call(metadata, METADATA_KEY)
      ? (metadata[METADATA_KEY] as Map<string | symbol, AppliedDecorator[]>)
      : (metadata[METADATA_KEY] = new Map<string | symbol, AppliedDecorator[]>());
    const key = (context as ClassMethodDecoratorContext).name;
    own.set(key, describe(wrapped));
  }
  return wrapped;
}

/**
 * Lists the numbat decorators applied to a function, outermost first. For a class, lists every decorated
 * method (read from the class's decorator metadata).
 *
 * @example
 * ```ts
 * import { describe, memoJit, timed } from 'numbat';
 *
 * const f = timed({ sink: 'silent' })(memoJit(function add(a: number, b: number) { return a + b; }));
 * describe(f).map((d) => d.decorator); // → [ 'timed', 'memoJit' ]
 * ```
 */
export function describe(fn: AnyFunction): AppliedDecorator[];
export function describe(cls: abstract new (...args: never[]) => unknown): Map<string | symbol, AppliedDecorator[]>;
export function describe(target: unknown): AppliedDecorator[] | Map<string | symbol, AppliedDecorator[]> {
  if (typeof target !== 'function') {
    throw new TypeError(`describe: expected a function or a class, got ${describeValue(target)}.`);
  }
  if (isClass(target) && !layers.has(target as AnyFunction)) {
    const metadata = (target as { [Symbol.metadata]?: Record<symbol, unknown> | null })[
      (Symbol as unknown as { metadata: typeof Symbol.metadata }).metadata
    ];
    const result = new Map<string | symbol, AppliedDecorator[]>();
    // Walk the metadata prototype chain so subclasses list inherited decorated methods too.
    const chain: Array<Map<string | symbol, AppliedDecorator[]>> = [];
    for (let m: Record<symbol, unknown> | null | undefined = metadata; m; m = Object.getPrototypeOf(m)) {
      if (Object.prototype.hasOwnProperty.call(m, METADATA_KEY)) {
        chain.unshift(m[METADATA_KEY] as Map<string | symbol, AppliedDecorator[]>);
      }
    }
    for (const map of chain) for (const [k, v] of map) result.set(k, v);
    return result;
  }
  const out: AppliedDecorator[] = [];
  for (let layer = layers.get(target as AnyFunction); layer; layer = layers.get(layer.inner)) {
    out.push({ decorator: layer.decorator, options: layer.options });
  }
  return out;
}

/** What {@link unwrap} returns. */
export interface Unwrapped {
  /** The function under every numbat decorator. */
  readonly original: AnyFunction;
  /** Applies the same decorators, with the same options and in the same order, around `replacement`. */
  readonly rewrap: (replacement: AnyFunction) => AnyFunction;
}

/**
 * Peels numbat decorators off a function: returns the undecorated original and a function that puts the
 * same decorators back around a replacement. Decorators that compile the function's source (`memoJit`, `gpu`)
 * use it so that `memoJit(timed(f))` compiles `f` and still times every call.
 *
 * @example
 * ```ts
 * import { memoJit, timed, unwrap } from 'numbat';
 *
 * const { original, rewrap } = unwrap(timed({ sink: 'silent' })(function sq(x: number) { return x * x; }));
 * const timedCompiled = rewrap(memoJit(original)); // timed around the compiled function
 * timedCompiled(4); // → 16
 * ```
 */
export function unwrap(fn: AnyFunction): Unwrapped {
  const stack: Layer[] = [];
  let current = fn;
  for (let layer = layers.get(current); layer; layer = layers.get(current)) {
    stack.push(layer);
    current = layer.inner;
  }
  return {
    original: current,
    rewrap: (replacement) => stack.reduceRight<AnyFunction>((inner, layer) => layer.reapply(inner), replacement),
  };
}

/** The plain function under all numbat decorators (the function itself if it is not decorated). */
export function original<F extends AnyFunction>(fn: F): AnyFunction {
  return unwrap(fn).original;
}

/** The function one numbat decorator wrapped to make `fn`, or `undefined` if `fn` is not decorated. */
export function innerOf(fn: AnyFunction): AnyFunction | undefined {
  return layers.get(fn)?.inner;
}

/** True if `fn` was produced by a numbat decorator. */
export function isDecorated(fn: unknown): boolean {
  return typeof fn === 'function' && layers.has(fn as AnyFunction);
}

/**
 * Splits the arguments a numbat decorator received into "decorate this now" or "these are options".
 * `timed(fn)`, `timed(fn, context)` decorate; `timed({...})` and `timed()` return a decorator.
 *
 * @example
 * ```ts
 * import { isDecoration } from './decorate.js';
 *
 * isDecoration([(x: number) => x]); // → true
 * isDecoration([{ label: 'std' }]); // → false
 * ```
 */
export function isDecoration(args: readonly unknown[]): args is [unknown, unknown?] {
  return typeof args[0] === 'function' || args[0] === undefined && args.length === 2 || isDecoratorContext(args[1]);
}

/**
 * The one entry point of every numbat decorator: `name(fn)`, `name(fn, context)` (TC39 `@name`) decorate at
 * once with the defaults; `name(options)` and `name()` return a decorator. `options` turns what the factory
 * was given (`undefined` for the defaults) into the decorator's resolved options, or throws a TypeError
 * naming what was given (see {@link optionsObject}); it runs once per factory call, before any target.
 *
 * @example
 * ```ts
 * import { defineDecorator, optionsObject, type AnyFunction } from './decorate.js';
 *
 * interface TracedOptions { readonly prefix?: string }
 * const wrapTraced = (f: AnyFunction, o: TracedOptions): AnyFunction => function (this: unknown, ...a: unknown[]) {
 *   console.log(`${o.prefix ?? ''}${f.name}(${a.join(', ')})`);
 *   return f.apply(this, a);
 * };
 * const entry = defineDecorator({ name: 'traced', wrap: wrapTraced }, (given) => optionsObject<TracedOptions>('traced', given));
 * export function traced(...args: unknown[]): unknown {
 *   return entry(args);
 * }
 * const add = traced({ prefix: '> ' }) as (f: AnyFunction) => AnyFunction;
 * add(function plus(a: number, b: number) { return a + b; })(1, 2); // → 3
 * ```
 */
export function defineDecorator<O extends object>(spec: DecoratorSpec<O>, options: (given: unknown) => O): (args: readonly unknown[]) => unknown {
  return (args) => {
    if (isDecoration(args)) return decorate(spec, args[0], args[1], options(undefined));
    const resolved = options(args[0]);
    return (target: unknown, context?: unknown) => decorate(spec, target, context, resolved);
  };
}

/**
 * The options object a decorator factory was given (`{}` for none), or a TypeError saying what was given
 * and what the decorator accepts.
 *
 * @example
 * ```ts
 * import { optionsObject } from './decorate.js';
 * import type { TimedOptions } from 'numbat';
 *
 * optionsObject<TimedOptions>('timed', undefined); // → {}
 * optionsObject('timed', 42); // → throws TypeError: timed: …42…
 * ```
 */
export function optionsObject<O extends object>(name: string, given: unknown): O {
  if (given === undefined) return {} as O;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError(`${name}: cannot decorate ${describeValue(given)}; it accepts a function, a class method, or an options object.`);
  }
  return given as O;
}
