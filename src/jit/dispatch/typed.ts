/**
 * Which values a typed-array specialization takes: a typed array of exactly that class, made in this realm, whose
 * buffer is attached. One definition, read by the slow path's `tokenOf` (`signature.ts`) and by the fast path's
 * guard (`guards.ts`), so the two never disagree.
 *
 * The test uses V8's own internal slots through the built-in getters of `%TypedArray%.prototype`, captured at load:
 * `[Symbol.toStringTag]` gives the real element kind (undefined for anything else, Proxies included, and a Float64Array
 * whose `constructor` or prototype was changed still says 'Float64Array'), and the prototype must be this realm's
 * `Float64Array.prototype` (a subclass or an array from a `vm` context has another). None of it runs user code: no
 * `constructor` read, no `length` getter a subclass could override, no Proxy trap.
 *
 * Why the guard is written the way it is (measured in isolation, Node 20, minimum of 300 batches of 1e5 calls):
 * `Object.getPrototypeOf(a)` costs a builtin call per argument unless V8 already knows `a`'s map, and a guard
 * that tests it first knows nothing yet (11.5 ns over plain for two Float64Arrays, 22 ns for three Float32Arrays).
 * An element load `a[0]`, safe once the tag says `a` is a real typed array (integer-indexed elements never reach
 * a getter or the prototype), gives V8 map feedback; the prototype test, the tag and the length then fold into
 * that one map check (0.05 ns and 2.9 ns over plain, the cost of the calls themselves).
 *
 * @module
 */
import { MAX_LENGTH } from '../infer/lattice.js';
import { ELEMENT_BY_NAME } from '../types.js';

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Int8Array.prototype) as object;

function getterOf(owner: object, key: string | symbol): (this: unknown) => unknown {
  return Object.getOwnPropertyDescriptor(owner, key)!.get!;
}

const tagOf = getterOf(TYPED_ARRAY_PROTOTYPE, Symbol.toStringTag) as (this: unknown) => string | undefined;
const lengthOf = getterOf(TYPED_ARRAY_PROTOTYPE, 'length') as (this: unknown) => number;
const bufferOf = getterOf(TYPED_ARRAY_PROTOTYPE, 'buffer') as (this: unknown) => ArrayBufferLike;

/** This realm's prototype of each typed-array class compiled code takes, by class name. */
const PROTOTYPES: ReadonlyMap<string, object> = new Map(
  Object.keys(ELEMENT_BY_NAME).map((name) => [name, ((globalThis as Record<string, unknown>)[name] as { prototype: object }).prototype]),
);

/**
 * Whether the buffer under a typed array (known to be one) was detached (transferred, `structuredClone`d away).
 * Only asked for arrays of length 0, the length a detached array reports; making a view of a detached buffer
 * throws, of any other buffer it does not.
 *
 * @example
 * ```ts
 * import { isDetached } from './typed.js';
 *
 * const buffer = new ArrayBuffer(8);
 * const xs = new Float64Array(buffer);
 * structuredClone(buffer, { transfer: [buffer] });
 * isDetached(xs); // → true
 * isDetached(new Float64Array(0)); // → false
 * ```
 */
export function isDetached(a: unknown): boolean {
  try {
    new Uint8Array(bufferOf.call(a), 0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * The class name of a typed array compiled code takes as such, or why a typed array is refused, or undefined
 * when `v` is no typed array at all.
 *
 * @example
 * ```ts
 * import { typedArrayToken } from './typed.js';
 *
 * typedArrayToken(new Float32Array(2)); // → 'Float32Array'
 * typedArrayToken([1, 2]); // → undefined
 * class Sub extends Float64Array {}
 * typeof typedArrayToken(new Sub(1)); // → 'object'
 * ```
 */
export function typedArrayToken(v: unknown): string | { reason: string } | undefined {
  const tag = tagOf.call(v);
  if (tag === undefined) return undefined;
  const prototype = PROTOTYPES.get(tag);
  if (prototype === undefined) return { reason: `a ${tag} (compiled functions take ${[...PROTOTYPES.keys()].join(', ')})` };
  if (Object.getPrototypeOf(v) !== prototype) {
    return { reason: `a ${tag} whose prototype is not this realm's ${tag}.prototype (a subclass, an array made in another realm such as a vm context, or a changed prototype); pass a ${tag} made here, e.g. ${tag}.from(xs)` };
  }
  const length = lengthOf.call(v);
  if (length > MAX_LENGTH) return { reason: `a typed array longer than ${MAX_LENGTH} elements` };
  if (length === 0 && isDetached(v)) return { reason: `a ${tag} whose buffer is detached (transferred to a worker or structuredClone)` };
  return tag;
}

/**
 * Whether JavaScript reads another `.length` from a typed array (one {@link typedArrayToken} accepted) than the
 * number of its elements: an own `length` property (`Object.defineProperty(xs, 'length', { value: 2 })`).
 * Compiled JavaScript reads `.length` as the plain function does; a backend that takes the length from the
 * array's elements (Wasm) hands such a call to the JavaScript code instead.
 *
 * @example
 * ```ts
 * import { lengthShadowed } from './typed.js';
 *
 * const xs = new Float64Array(4);
 * lengthShadowed(xs); // → false
 * Object.defineProperty(xs, 'length', { value: 2 });
 * lengthShadowed(xs); // → true
 * ```
 */
export function lengthShadowed(a: { readonly length: unknown }): boolean {
  return a.length !== lengthOf.call(a);
}

/**
 * The fast-path guard for typed-array class `name` over argument `a`, as a JavaScript expression over the
 * names of {@link TYPED_GUARD_CONSTANTS}; true exactly when {@link typedArrayToken} gives `name`.
 *
 * @example
 * ```ts
 * import { typedArrayGuard } from './typed.js';
 *
 * typedArrayGuard('Float64Array', 'a0').startsWith("(typedTag.call(a0) === 'Float64Array'"); // → true
 * ```
 */
export function typedArrayGuard(name: string, a: string): string {
  // `${a}[0]` only feeds V8 the map (see the module comment); its value is unused.
  return `(typedTag.call(${a}) === '${name}' && (${a}[0], getProto(${a}) === ${name}_prototype) && typedLength.call(${a}) <= MAX_LENGTH && (typedLength.call(${a}) !== 0 || !detached(${a})))`;
}

/**
 * The names {@link typedArrayGuard}'s expressions use, with their values (the guard module adds them to its own).
 *
 * @example
 * ```ts
 * import { TYPED_GUARD_CONSTANTS } from './typed.js';
 *
 * Object.keys(TYPED_GUARD_CONSTANTS).includes('Float64Array_prototype'); // → true
 * ```
 */
export const TYPED_GUARD_CONSTANTS: Readonly<Record<string, unknown>> = {
  typedTag: tagOf,
  typedLength: lengthOf,
  detached: isDetached,
  getProto: Object.getPrototypeOf,
  ...Object.fromEntries([...PROTOTYPES].map(([name, prototype]) => [`${name}_prototype`, prototype])),
};
