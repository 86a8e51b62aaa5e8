/**
 * Built-in array methods compiled code calls, one row each: on which arrays a method exists, what its
 * arguments must be and what it returns (for inference). Every backend that runs them emits the JS method
 * itself (`xs.fill(0)`, `xs.push(v)`), so the semantics are V8's own: holes, growth, `NaN` in `indexOf` and
 * `includes`, conversion on typed-array stores, the sort order. The IR node is `ArrayMethod` (`ir.ts`).
 *
 * @module
 */
import { FLOAT, BOOLV, MAX_LENGTH, numAV, type AV } from '../infer/lattice.js';
import { plainElement, type ElementKind } from '../types.js';

/** What a row may reject, as a sentence for a located error, or the value the call gives. */
export type MethodResult = AV | { readonly error: string };

/**
 * One array method.
 *
 * @example
 * ```ts
 * import { ARRAY_METHODS, type ArrayMethodRow } from './arrays.js';
 *
 * const push: ArrayMethodRow = ARRAY_METHODS.push!;
 * push.on; // → 'plain'
 * ```
 */
export interface ArrayMethodRow {
  /** `'plain'`: JS arrays only; `'typed'`: typed arrays only; `'any'`: both. */
  readonly on: 'plain' | 'typed' | 'any';
  /** Allowed argument counts, inclusive. */
  readonly arity: readonly [number, number];
  /** The call's value from the receiver and the arguments' values. */
  readonly result: (array: Extract<AV, { k: 'array' }>, args: readonly AV[]) => MethodResult;
  /** Whether the method changes the receiver's elements or length (a prange loop may not, on a shared array). */
  readonly writes?: true;
}

/** What one element of `element` is, as an argument must be to store or find it. */
function holds(element: ElementKind): 'num' | 'bool' {
  return element === 'bool' ? 'bool' : 'num';
}

const LENGTH = numAV(0, MAX_LENGTH, true);
const INDEX = numAV(-1, MAX_LENGTH - 1, true);

function numbers(args: readonly AV[], from = 0): string | undefined {
  return args.slice(from).some((a) => a.k !== 'num') ? 'its positions are numbers' : undefined;
}

function elementArgs(array: Extract<AV, { k: 'array' }>, args: readonly AV[], count: number): string | undefined {
  const want = holds(array.element);
  return args.slice(0, count).some((a) => a.k !== want) ? `an element of ${plainElement(array.element) ?? 'a typed array'}${plainElement(array.element) ? '[]' : ''} is ${want === 'bool' ? 'a boolean' : 'a number'}` : undefined;
}

const either = (error: string | undefined, value: AV): MethodResult => (error ? { error } : value);

/**
 * The table. A method not listed here is a located error naming the ones that are.
 *
 * @example
 * ```ts
 * import { FLOAT } from '../infer/lattice.js';
 * import { ARRAY_METHODS } from './arrays.js';
 *
 * // xs.indexOf(v) on a Float64Array: an integer from -1 up to the longest array's last index.
 * ARRAY_METHODS.indexOf!.result({ k: 'array', element: 'f64' }, [FLOAT]); // → { k: 'num', int: true, lo: -1, hi: … }
 * ```
 */
export const ARRAY_METHODS: Readonly<Record<string, ArrayMethodRow>> = {
  fill: { on: 'any', arity: [1, 3], writes: true, result: (a, args) => either(elementArgs(a, args, 1) ?? numbers(args, 1), a) },
  push: { on: 'plain', arity: [1, 8], writes: true, result: (a, args) => either(elementArgs(a, args, args.length), LENGTH) },
  pop: { on: 'plain', arity: [0, 0], writes: true, result: (a) => (a.element === 'bool' ? BOOLV : FLOAT) },
  indexOf: { on: 'any', arity: [1, 2], result: (a, args) => either(elementArgs(a, args, 1) ?? numbers(args, 1), INDEX) },
  lastIndexOf: { on: 'any', arity: [1, 2], result: (a, args) => either(elementArgs(a, args, 1) ?? numbers(args, 1), INDEX) },
  includes: { on: 'any', arity: [1, 2], result: (a, args) => either(elementArgs(a, args, 1) ?? numbers(args, 1), BOOLV) },
  slice: { on: 'any', arity: [0, 2], result: (a, args) => either(numbers(args), a) },
  subarray: { on: 'typed', arity: [0, 2], result: (a, args) => either(numbers(args), a) },
  set: {
    on: 'typed',
    arity: [1, 2],
    writes: true,
    result: (_a, args) => either(args[0]?.k !== 'array' || args[0].element === 'bool' ? 'set copies from an array of numbers' : numbers(args, 1), { k: 'void' }),
  },
  reverse: { on: 'any', arity: [0, 0], writes: true, result: (a) => a },
};

/**
 * The row of `name`, or a sentence saying why `array` has no such method in compiled code.
 *
 * @example
 * ```ts
 * import { arrayMethod } from './arrays.js';
 *
 * typeof arrayMethod('push', { k: 'array', element: 'f64' }); // → 'string'
 * console.log(arrayMethod('push', { k: 'array', element: 'f64' })); // why a Float64Array cannot push
 * ```
 */
export function arrayMethod(name: string, array: Extract<AV, { k: 'array' }>): ArrayMethodRow | string {
  const row = Object.hasOwn(ARRAY_METHODS, name) ? ARRAY_METHODS[name] : undefined;
  if (!row) return `arrays have no method '${name}' in compiled code (${[...Object.keys(ARRAY_METHODS), 'sort'].join(', ')})`;
  const plain = plainElement(array.element) !== undefined;
  if (row.on === 'plain' && !plain) return `${name} exists on number[] and boolean[] only (typed arrays have a fixed length)`;
  if (row.on === 'typed' && plain) return `${name} exists on typed arrays only`;
  return row;
}

/**
 * Whether array method `name` changes its receiver (`fill`, `push`, `pop`, `set`, `reverse`, `sort`).
 *
 * @example
 * ```ts
 * import { arrayMethodWrites } from './arrays.js';
 *
 * [arrayMethodWrites('fill'), arrayMethodWrites('sort'), arrayMethodWrites('slice')]; // → [ true, true, false ]
 * ```
 */
export function arrayMethodWrites(name: string): boolean {
  return name === 'sort' || (Object.hasOwn(ARRAY_METHODS, name) && ARRAY_METHODS[name]!.writes === true);
}
