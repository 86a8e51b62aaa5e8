/**
 * Method calls on objects (`this.step()`, `this.swap(i, j)`, `obj.f(x)`, a function held in a field such as
 * scijs's `this.deriv(…)`), as numba's `jitclass` methods: the method is found at compile time, through the
 * object's own function fields (known by identity, `ops/shapes.ts`) or its class's prototype (part of the
 * shape's token), and compiled with the caller as one more function of the module, specialized on the
 * receiver's shape. A method that reads `this` receives the object as a first, hidden parameter.
 *
 * The dispatcher checks the prototype and every function field by identity on each call, so a specialization
 * never runs for an object of another class. A method assigned to the prototype after compiling is not seen
 * (as numba freezes globals): the compiled caller keeps the method it was compiled with.
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import type { AnyFunction } from '../../decorate.js';
import { fieldOf } from '../ops/shapes.js';
import { parsedOf } from '../dispatch/registry.js';
import { store, type State } from './flow.js';
import type { AV, Callee } from './lattice.js';
import type { Binding } from './scope.js';

/**
 * What these rules need from the analysis.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv } from './outer.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * class Counter {
 *   declare n: number;
 *   constructor(start: number) {
 *     this.n = start;
 *   }
 *   add(x: number) {
 *     this.n += x;
 *   }
 * }
 * function total(xs: Float64Array) {
 *   const c = new Counter(0);
 *   for (let i = 0; i < xs.length; i++) c.add(xs[i]!);
 *   return c.n;
 * }
 * const env = newEnv(() => undefined);
 * env.outer = newOuterEnv(undefined);
 * const typing = inferFunction(parseFunction(total), [{ kind: 'array', element: 'f64' }], env);
 * // `c.add(…)` found on Counter's prototype (methodCallee), compiled with its receiver as a hidden first parameter:
 * [...typing.calls.values()].map((t) => [t.parsed.name, t.thisParam?.name]); // → [ [ 'add', 'this' ] ]
 * ```
 */
export interface MethodHost {
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
}

/**
 * The function `o.name(…)` calls, when `o` is an object whose own field holds that function, or whose class
 * defines it; `receiver` says whether the function reads `this` (it then gets the object). Undefined when
 * there is no such function (the caller's located errors apply).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv } from './outer.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * class Counter {
 *   declare n: number;
 *   constructor(start: number) {
 *     this.n = start;
 *   }
 *   add(x: number) {
 *     this.n += x;
 *   }
 * }
 * function total(xs: Float64Array) {
 *   const c = new Counter(0);
 *   for (let i = 0; i < xs.length; i++) c.add(xs[i]!);
 *   return c.n;
 * }
 * const env = newEnv(() => undefined);
 * env.outer = newOuterEnv(undefined);
 * const typing = inferFunction(parseFunction(total), [{ kind: 'array', element: 'f64' }], env);
 * // `c.add(…)` found on Counter's prototype (methodCallee), compiled with its receiver as a hidden first parameter:
 * [...typing.calls.values()].map((t) => [t.parsed.name, t.thisParam?.name]); // → [ [ 'add', 'this' ] ]
 * ```
 */
export function methodCallee(host: MethodHost, e: Node, o: AV, name: string): { callee: Callee; receiver: boolean } | undefined {
  if (o.k !== 'obj') return undefined;
  const own = fieldOf(o.shape, name);
  let fn: unknown;
  if (own) fn = own.fn;
  else if (o.shape.proto) fn = onPrototype(host, e, o.shape.proto, name);
  if (typeof fn !== 'function') return undefined;
  const source = Function.prototype.toString.call(fn);
  if (/^class\b/.test(source)) host.fail(`'${name}' is a class; calling it without new is a TypeError in JS`, e, `.${name}()`);
  let parsed: ParsedFunction;
  try {
    parsed = parsedOf(fn as AnyFunction);
  } catch {
    return host.fail(
      `'${name}' is a built-in or bound function, whose source compiled code cannot see; call it outside compiled code, or pass its result as an argument`,
      e,
      `.${name}()`,
    );
  }
  return { callee: { kind: 'jit', parsed, scope: undefined, key: parsed.node }, receiver: true };
}

/** `name` on the prototype chain below `Object.prototype`: a method's function, or a located error for an accessor. */
function onPrototype(host: MethodHost, e: Node, proto: object, name: string): unknown {
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (!d) continue;
    if (!('value' in d)) host.fail(`'${name}' is a getter or setter of the class; compiled code calls methods only`, e, `.${name}()`);
    return d.value;
  }
  return undefined;
}

const receivers = new WeakMap<Node, Node>();

/**
 * The hidden first parameter of a method compiled as a callee: its object, declared before the parameters
 * under the name `this`, which no user variable can have (`js/names.ts` emits it as `$u_this`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv } from './outer.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * class Counter {
 *   declare n: number;
 *   constructor(start: number) {
 *     this.n = start;
 *   }
 *   add(x: number) {
 *     this.n += x;
 *   }
 * }
 * function total(xs: Float64Array) {
 *   const c = new Counter(0);
 *   for (let i = 0; i < xs.length; i++) c.add(xs[i]!);
 *   return c.n;
 * }
 * const env = newEnv(() => undefined);
 * env.outer = newOuterEnv(undefined);
 * const typing = inferFunction(parseFunction(total), [{ kind: 'array', element: 'f64' }], env);
 * // `c.add(…)` found on Counter's prototype (methodCallee), compiled with its receiver as a hidden first parameter:
 * [...typing.calls.values()].map((t) => [t.parsed.name, t.thisParam?.name]); // → [ [ 'add', 'this' ] ]
 * ```
 */
export function receiverBinding(fn: ParsedFunction, thisArg: AV, declare: (id: Node) => Binding, state: State): Binding {
  let id = receivers.get(fn.node);
  if (!id) receivers.set(fn.node, (id = { type: 'Identifier', name: 'this', start: fn.node.start, end: fn.node.start }));
  const b = declare(id);
  b.value = thisArg;
  store(state, b, thisArg);
  return b;
}
