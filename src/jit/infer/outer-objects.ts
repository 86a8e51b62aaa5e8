/**
 * Fields of plain objects from outside the function (`glMatrix.EPSILON` with `const glMatrix = { EPSILON: 1e-6 }`
 * beside it): a number or boolean field is read once, at compile time, and frozen into the code as a constant,
 * as numba treats globals. The binding must be one nothing assigns again (the rule of `outer.ts`); the field
 * itself is not watched: a later `glMatrix.EPSILON = …` is not seen by code already compiled (numba behaves the
 * same way), which the generated source's header says. Writing such a field inside compiled code is an error.
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import type { AnyFunction } from '../../decorate.js';
import { staticKey } from '../ops/shapes.js';
import { BOOLV, FLOAT, constAV, type AV } from './lattice.js';
import { frozenBinding, recordFrozen, type Frozen, type OuterEnv } from './outer.js';
import { isClassValue, staticField } from './statics.js';

/**
 * Whether `v` is a plain record: an object whose prototype is `Object.prototype` or null, not an array. That is a
 * literal `{ … }` or `Object.create(null)`, and also a namespace such as `Math` or a module's `import * as ns`,
 * whose prototypes are the same two; a class instance or a typed array is not.
 *
 * @example
 * ```ts
 * import { isPlainRecord } from './outer-objects.js';
 *
 * [isPlainRecord({ EPSILON: 1e-6 }), isPlainRecord(Math), isPlainRecord([1]), isPlainRecord(new Map())]; // → [ true, true, false, false ]
 * ```
 */
export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The value of `o.p` (or `o['p']`) when `o` is a free name of `parsed` bound outside it to a plain object and
 * `p` is an own number or boolean data field; `undefined` when `e` is not such a read (other rules apply).
 * Throws a located error for a field compiled code cannot freeze (a getter, a missing field, another kind).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { exactNumber } from './lattice.js';
 * import { newOuterEnv } from './outer.js';
 * import { outerField } from './outer-objects.js';
 *
 * const glMatrix = { EPSILON: 0.000001 };
 * function apart(cosom: number) {
 *   return 1.0 - cosom > glMatrix.EPSILON;
 * }
 * const parsed = parseFunction(apart); // parsed from the function itself, so its outside names can be found
 * const fail = (message: string): never => { throw new Error(message); };
 * const read = parsed.body.body[0].argument.right; // `glMatrix.EPSILON`
 * exactNumber(outerField(parsed, read, newOuterEnv(undefined), fail)); // → 0.000001
 * ```
 */
export function outerField(
  parsed: ParsedFunction,
  e: Node,
  outer: OuterEnv,
  fail: (message: string, node: Node, construct: string) => never,
): AV | undefined {
  const obj = e.object as Node;
  const origin = parsed.origin as AnyFunction | undefined;
  if (!origin || obj.type !== 'Identifier' || outer.explicit.has(obj.name as string)) return undefined;
  const key = staticKey(e);
  if (key === undefined) return undefined;
  const binding = frozenBinding(origin, obj, fail);
  if (binding && isClassValue(binding.found.value)) return staticField(origin, e, obj, key, binding, outer, fail); // `Body.G` (statics.ts)
  if (!binding || !isPlainRecord(binding.found.value)) return undefined;
  const record = binding.found.value;
  const name = `${obj.name as string}.${key}`;
  const d = Object.getOwnPropertyDescriptor(record, key);
  if (!d) {
    return fail(
      `'${obj.name as string}' has no own field '${key}'; plain JS would read undefined (or a field of Object.prototype) there, which compiled code does not: give the object the field, or pass the value as an argument`,
      e,
      `.${key}`,
    );
  }
  if (!('value' in d)) return fail(`'${name}' is a getter or setter; compiled code reads outside data fields only (pass the value as an argument)`, e, `.${key}`);
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
    return fail(
      `'${name}' holds ${d.value === null ? 'null' : typeof d.value}; compiled code reads number and boolean fields of outside objects (pass other values as arguments)`,
      e,
      `.${key}`,
    );
  }
  recordFrozen(origin, e, frozen, outer);
  return av;
}
