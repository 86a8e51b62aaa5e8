/**
 * Functions as values, as numba specializes on a function argument's identity: a function passed as an argument
 * (plain or memoJit-ed), a parameter's default `Math.random`, and such a value passed on to other functions or
 * chosen with `f || Math.random`. A call through the value is a direct call of the function it is, compiled with
 * the caller; the value itself is never materialized in generated code (its variable may hold `undefined`
 * there), so the dispatcher checks the argument's identity on each call (`dispatch/functions.ts`).
 *
 * `Math.random` as a value is the one-line function `() => Math.random()`, which draws from memoJit's seeded
 * stream as every compiled `Math.random()` does. Any other `Math` function of fixed arity, by identity (a
 * module's `const { sqrt } = Math`, `mapInPlace(Math.abs, xs)`), is the one-line function that calls it by its own
 * name, `function sqrt(x) { return Math.sqrt(x); }`, so every backend compiles it as the Math call it is. A
 * callback method's argument is another rule: `xs.map(Math.abs)` in compiled code is a located error asking for
 * the callback written at the call (`infer/callbacks.ts`).
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import { parseFunction } from '../frontend/parse.js';
import { JitError } from '../errors.js';
import { originals, parsedOf } from '../dispatch/registry.js';
import { unwrap, type AnyFunction } from '../../decorate.js';
import type { AV } from './lattice.js';
import { MATH } from '../ops/math.js';

let randomFunction: ParsedFunction | undefined;

/** The function `Math.random` stands for as a value. */
function random(): ParsedFunction {
  return (randomFunction ??= parseFunction('function random() { return Math.random(); }'));
}

const mathFunctions = new Map<string, ParsedFunction>();

/**
 * The name of the `Math` function `value` is, by identity with the `Math` of this realm now, or undefined. A
 * user's function named `sqrt` is not `Math.sqrt`.
 *
 * @example
 * ```ts
 * import { mathFunctionName } from './functions.js';
 *
 * const { sqrt } = Math;
 * mathFunctionName(sqrt); // → 'sqrt'
 * mathFunctionName(function sqrt(x: number) { return x ** 0.5; }); // → undefined
 * ```
 */
export function mathFunctionName(value: unknown): string | undefined {
  if (typeof value !== 'function') return undefined;
  for (const name of Object.keys(MATH)) {
    if (MATH[name]!.kind !== 'constant' && (Math as unknown as Record<string, unknown>)[name] === value) return name;
  }
  return undefined;
}

/** `Math[name]` as the one-line function that calls it; a JitError for `min`, `max`, `hypot` (any arity). */
function mathFunction(name: string): ParsedFunction {
  const row = MATH[name]!;
  if (row.kind !== 'function' || row.arity === 'variadic') {
    throw new JitError(
      `this is Math.${name} under another name, which takes any number of arguments: compiled code calls it only by its own name, write Math.${name}(…)`,
      { construct: `Math.${name} as a value` },
    );
  }
  const params = row.arity === 1 ? 'x' : 'x, y';
  let parsed = mathFunctions.get(name);
  if (!parsed) mathFunctions.set(name, (parsed = parseFunction(`function ${name}(${params}) { return Math.${name}(${params}); }`)));
  return parsed;
}

/**
 * The value of a function compiled code may call: its source, specialized like a function called by name.
 * A built-in other than a `Math` function is a JitError (its source is not available).
 *
 * @example
 * ```ts
 * import { functionValue } from './functions.js';
 *
 * const random = functionValue(Math.random);
 * random.k === 'fn' && random.callee.kind === 'jit' && random.callee.parsed.source; // → 'function random() { return Math.random(); }'
 * functionValue(Math.sqrt).k; // → 'fn'
 * functionValue(Number.isFinite); // → throws JitError: …'isFinite' is a built-in or bound function…
 * ```
 */
export function functionValue(fn: object): AV {
  const math = mathFunctionName(fn);
  let parsed: ParsedFunction;
  if (math === 'random') parsed = random();
  else if (math !== undefined) parsed = mathFunction(math);
  else {
    try {
      parsed = parsedOf(originals.get(fn as AnyFunction) ?? unwrap(fn as AnyFunction).original);
    } catch (error) {
      if (!(error instanceof JitError)) throw error;
      const name = (fn as { name?: unknown }).name;
      throw new JitError(
        `the function argument ${typeof name === 'string' && name ? `'${name}' ` : ''}is a built-in or bound function, whose source compiled code cannot see (only Math's own functions are known); pass a function written in JavaScript, e.g. (x) => Number.isFinite(x)`,
        { construct: 'function argument' },
      );
    }
  }
  return { k: 'fn', callee: { kind: 'jit', parsed, scope: undefined, key: parsed.node } };
}

/**
 * A `Math` function read as a value (not called) when `Math` is the global: `Math.random` (`randomSource =
 * Math.random`) or any other (`apply(Math.cbrt, x)` in compiled code), the value {@link functionValue} gives for
 * it; undefined for other member expressions. `Math.max` and the other functions of any arity are a located error.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { mathValue } from './functions.js';
 *
 * const fail = (message: string): never => { throw new Error(message); };
 * const member = parseFunction('(draw = Math.random) => draw').params[0]!.right; // `Math.random`
 * mathValue(member, () => true, fail)?.k; // → 'fn'
 * // A local named Math shadows the global: not Math.random.
 * mathValue(member, (name) => name !== 'Math', fail); // → undefined
 * const cbrt = parseFunction('(x) => apply(Math.cbrt, x)').body.arguments[0]; // `Math.cbrt`
 * mathValue(cbrt, () => true, fail)?.k; // → 'fn'
 * const max = parseFunction('(x) => apply(Math.max, x)').body.arguments[0];
 * mathValue(max, () => true, fail); // → throws Error: this is Math.max under another name, which takes any number of arguments: compiled code calls it only by its own name, write Math.max(…)
 * ```
 */
export function mathValue(member: Node, isGlobal: (name: string) => boolean, fail: (message: string, node: Node, construct: string) => never): AV | undefined {
  const o = member.object as Node;
  if (member.computed || o.type !== 'Identifier' || o.name !== 'Math' || !isGlobal('Math')) return undefined;
  const name = (member.property as Node).name as string;
  const value: unknown = Object.hasOwn(Math, name) ? (Math as unknown as Record<string, unknown>)[name] : undefined;
  if (mathFunctionName(value) !== name) return undefined;
  try {
    return functionValue(value as object);
  } catch (error) {
    if (error instanceof JitError) fail(error.detail, member, `Math.${name} as a value`);
    throw error;
  }
}

/**
 * `resolve` (the names of memoJit's `scope` option and of memoJit functions) with a `Math` function listed in
 * `scope` under another name (`scope: { root: Math.sqrt }`) resolved as {@link functionValue} gives it: the
 * one-line function that calls it by its own name. Any other name is `resolve`'s.
 *
 * @example
 * ```ts
 * import { withScopeMath } from './functions.js';
 *
 * const resolve = withScopeMath(() => undefined, { root: Math.sqrt });
 * resolve('root')?.source; // → 'function sqrt(x) { return Math.sqrt(x); }'
 * resolve('other'); // → undefined
 * ```
 */
export function withScopeMath(
  resolve: (name: string) => ParsedFunction | undefined,
  scope: Readonly<Record<string, AnyFunction>> | undefined,
): (name: string) => ParsedFunction | undefined {
  return (name) => {
    const listed = scope && Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (listed === undefined || mathFunctionName(listed) === undefined) return resolve(name);
    const value = functionValue(listed);
    return value.k === 'fn' && value.callee.kind === 'jit' ? value.callee.parsed : resolve(name);
  };
}
