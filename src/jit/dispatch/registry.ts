/**
 * The registry of memoJit functions: which functions exist by name and in which file they were decorated, so
 * compiled code can call another memoJit function by its name, and the parse of each function, cached.
 *
 * @module
 */
import { unwrap, type AnyFunction } from '../../decorate.js';
import { parseFunction, type ParsedFunction } from '../frontend/parse.js';
import { JitError } from '../errors.js';


/**
 * Every memoJit function by name and the file it was decorated in, so compiled code can call another memoJit
 * function by its name. Only functions decorated in the same file are found this way: the compiler cannot see
 * the caller's lexical scope, and a same-named function from another module must never be picked by accident
 * (functions from other files are listed with the `scope` option).
 */
const registry = new Map<string, Array<{ ref: WeakRef<AnyFunction>; site: () => string | undefined }>>();
const parsedCache = new WeakMap<AnyFunction, ParsedFunction>();

/**
 * The parse of `fn`, cached per function.
 *
 * @example
 * ```ts
 * parsedOf(std).params.length; // 1
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
 * register('std', std, lazyCallerFile());
 * ```
 */
export function register(name: string, original: AnyFunction, site: () => string | undefined): void {
  if (!name) return;
  let list = registry.get(name);
  if (!list) registry.set(name, (list = []));
  if (!list.some((e) => e.ref.deref() === original && (e.site === site || e.site() === site()))) list.push({ ref: new WeakRef(original), site });
}

/**
 * How a compilation finds the memoJit functions its code calls by name: the `scope` option first, then the
 * functions registered from the same file.
 *
 * @example
 * ```ts
 * const env = newEnv(resolver(options.scope, lazyCallerFile()));
 * ```
 */
export function resolver(scope: Readonly<Record<string, AnyFunction>> | undefined, siteOf: () => string | undefined) {
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

/** Each memoJit wrapper (and each outer layer put back around one) → the plain function it compiles. */
export const originals = new WeakMap<AnyFunction, AnyFunction>();
function originalOfJitted(fn: AnyFunction): AnyFunction {
  return originals.get(fn) ?? unwrap(fn).original;
}
