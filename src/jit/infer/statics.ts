/**
 * Static fields of classes from outside the function (`Body.G` with `class Body { static G = 6.674e-11; }`
 * beside it), read as `outer-objects.ts` reads fields of outside records: a number or boolean is read once, at
 * compile time, and frozen into the code as a constant (numba treats globals so; the generated source's header
 * lists it). JS looks a static field up through the class's own prototype chain (`class B extends A` reads
 * `A.G` as `B.G`), and so does this rule. Anything else is a located error naming what to write instead: a
 * static method, an object, a getter, a name no class on the chain defines.
 *
 * A class used as a value (`const K = Body`, `Body.G = 2`) is refused by `outer.ts` with {@link classValueMessage}.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { AnyFunction } from '../../decorate.js';
import { BOOLV, FLOAT, constAV, type AV } from './lattice.js';
import { recordFrozen, type Frozen, type OuterEnv } from './outer.js';
import type { OuterName } from '../frontend/closure.js';
import type { Declaration } from '../frontend/declarations.js';

/**
 * Whether `v` is a class (its source starts with `class`), not a plain function.
 *
 * @example
 * ```ts
 * import { isClassValue } from './statics.js';
 *
 * class Body {}
 * isClassValue(Body); // → true
 * isClassValue(function body() {}); // → false
 * ```
 */
export function isClassValue(v: unknown): v is AnyFunction {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

/**
 * The sentence for a class from outside used as a value: what compiled code does with classes instead.
 *
 * @example
 * ```ts
 * import { classValueMessage } from './statics.js';
 *
 * classValueMessage('Body'); // → "'Body' is a class; compiled code constructs it (new Body(…)) and reads its number and boolean static fields as constants (Body.field), but does not use the class itself or write its static fields: pass what you need as arguments"
 * ```
 */
export function classValueMessage(name: string): string {
  return `'${name}' is a class; compiled code constructs it (new ${name}(…)) and reads its number and boolean static fields as constants (${name}.field), but does not use the class itself or write its static fields: pass what you need as arguments`;
}

/** The own data descriptor of `key` on `C` or the first class up its chain that has one, with that class. */
function lookupStatic(C: AnyFunction, key: string): { readonly owner: AnyFunction; readonly d: PropertyDescriptor } | undefined {
  for (let c: unknown = C; isClassValue(c); c = Object.getPrototypeOf(c)) {
    const d = Object.getOwnPropertyDescriptor(c, key);
    if (d) return { owner: c, d };
  }
  return undefined;
}

/**
 * `C.key` where `C` (the identifier `obj`, bound outside to `binding`) is a class: the frozen constant of a number
 * or boolean static field, recorded for lowering; a located error for anything else.
 *
 * @example
 * ```ts
 * import { memoJit } from 'numbat';
 *
 * class Body {
 *   static G = 6.674e-11;
 * }
 * class Planet extends Body {}
 * // `Planet.G` is Body's static field, found up the class chain, frozen into the code:
 * const force = memoJit(function force(m1: number, m2: number, r: number) {
 *   return (Planet.G * m1 * m2) / (r * r);
 * });
 * force(1, 1, 1); // → 6.674e-11
 * Object.values(force.inspect())[0]!.split('\n')[0]; // → '// frozen from outside: Planet.G = 6.674e-11 (module class)'
 * ```
 */
export function staticField(
  origin: AnyFunction,
  e: Node,
  obj: Node,
  key: string,
  binding: { readonly found: OuterName; readonly declared: Declaration },
  outer: OuterEnv,
  fail: (message: string, node: Node, construct: string) => never,
): AV {
  const C = binding.found.value as AnyFunction;
  const name = `${obj.name as string}.${key}`;
  const found = lookupStatic(C, key);
  if (!found || key === 'prototype') {
    return fail(
      `the class ${obj.name as string} has no static field '${key}'${key === 'prototype' || key === 'name' || key === 'length' ? ' of its own (that name is every function\'s)' : ''}; compiled code reads number and boolean static fields (static ${key} = …) as constants, or pass the value as an argument`,
      e,
      `.${key}`,
    );
  }
  const { d } = found;
  if (!('value' in d)) return fail(`'${name}' is a static getter or setter; compiled code reads static data fields only (pass the value as an argument)`, e, `.${key}`);
  const base = { name, scope: binding.found.scope, declared: binding.declared.kind };
  let frozen: Frozen;
  let av: AV;
  if (typeof d.value === 'number') {
    frozen = { kind: 'number', value: d.value, ...base };
    av = Number.isNaN(d.value) ? FLOAT : constAV(d.value);
  } else if (typeof d.value === 'boolean') {
    frozen = { kind: 'boolean', value: d.value, ...base };
    av = BOOLV;
  } else {
    const what = typeof d.value === 'function' ? 'a static method' : d.value === null ? 'null' : typeof d.value === 'object' ? 'an object' : `a ${typeof d.value}`;
    return fail(
      `'${name}' is ${what}; compiled code reads number and boolean static fields of classes as constants (call static methods outside compiled code, or pass the value as an argument)`,
      e,
      `.${key}`,
    );
  }
  recordFrozen(origin, e, frozen, outer);
  return av;
}
