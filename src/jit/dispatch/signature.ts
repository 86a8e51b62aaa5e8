/**
 * Argument signatures: the type token of each call argument (`tokenOf`), of each declared eager signature
 * (`tokenOfSpec`), and the IR type of a token. One table serves the dispatcher's cache key and error messages.
 *
 * @module
 */
import { describeValue } from '../../decorate.js';
import { MAX_LENGTH } from '../infer/lattice.js';
import { ELEMENTS } from '../ops/elements.js';
import { Array2D, ELEMENT_BY_NAME, F64, I32, BOOL, STRING, type Type, type ElementKind } from '../types.js';
import { objectToken, objectsToken } from './objects.js';
import { functionToken } from './functions.js';
import { typedArrayToken } from './typed.js';


/**
 * A declared argument type for eager compilation: a constructor or a type name.
 *
 * @example
 * ```ts
 * import { Array2D, memoJit, type ArgSpec } from 'numbat';
 *
 * // Compiled at decoration, for these argument types, instead of at the first call:
 * const specs: ArgSpec[] = [Float64Array, 'i32'];
 * const head = memoJit({ signatures: [specs] })(function head(xs: Float64Array, n: number) {
 *   let s = 0;
 *   for (let i = 0; i < n; i++) s += xs[i]!;
 *   return s;
 * });
 * const more: ArgSpec[] = [Float64Array, 'i32', Number, Array2D, 'number[][]']; // every spelling accepted
 * ```
 */
export type ArgSpec =
  | NumberConstructor | BooleanConstructor | ArrayConstructor | typeof Array2D
  | (typeof ELEMENTS)[ElementKind]['array']
  | string;

const TYPED_BY_CONSTRUCTOR = new Map<unknown, ElementKind>(
  Object.entries(ELEMENT_BY_NAME).map(([name, el]) => [(globalThis as Record<string, unknown>)[name], el]),
);
/**
 * The IR type of each signature token.
 *
 * @example
 * ```ts
 * import { TOKEN_TYPES } from './signature.js';
 *
 * TOKEN_TYPES.get('Float64Array'); // → { kind: 'array', element: 'f64' }
 * ```
 */
export const TOKEN_TYPES = new Map<string, Type>([
  ['i32', I32],
  ['f64', F64],
  ['bool', BOOL],
  ['string', STRING],
  ['number[][]', { kind: 'matrix', layout: 'nested' }],
  ['Array2D', { kind: 'matrix', layout: 'array2d' }],
  ['number[]', { kind: 'array', element: 'num' }],
  ['boolean[]', { kind: 'array', element: 'bool' }],
  ...Object.entries(ELEMENT_BY_NAME).map(([name, el]): [string, Type] => [name, { kind: 'array', element: el }]),
]);

/**
 * Signature token of one argument, or a reason it cannot be compiled.
 *
 * @example
 * ```ts
 * import { tokenOf } from './signature.js';
 *
 * tokenOf(3); // → 'i32'
 * tokenOf(0.5); // → 'f64'
 * tokenOf(new Float64Array(2)); // → 'Float64Array'
 * ```
 */
export function tokenOf(v: unknown): string | { reason: string } {
  switch (typeof v) {
    case 'number':
      // An integer that fits int32 (and is not -0) specializes as i32: loop bounds then stay integers.
      return (v | 0) === v && (v !== 0 || 1 / v > 0) ? 'i32' : 'f64';
    case 'boolean':
      return 'bool';
    case 'object': {
      if (v === null) return { reason: 'null' };
      // Read from the array's internal slots, never from `constructor` (own or inherited, it may say anything).
      const typed = typedArrayToken(v);
      if (typed !== undefined) return typed;
      if (v instanceof Array2D) return 'Array2D';
      if (Array.isArray(v)) {
        const first: unknown = v[0];
        if (v.length === 0 || Array.isArray(first) || (ArrayBuffer.isView(first) && !(first instanceof DataView))) {
          return v.length > MAX_LENGTH ? { reason: 'a very long array' } : 'number[][]';
        }
        if (v.length > MAX_LENGTH) return { reason: 'a very long array' };
        // The first element names the kind; the compiled entry checks every element (see ops/elements.ts).
        if (typeof first === 'number') return 'number[]';
        if (typeof first === 'boolean') return 'boolean[]';
        if (typeof first === 'object' && first !== null) return objectsToken(v);
        return { reason: `an array whose first element is ${describeValue(first)} (compiled code takes number[], boolean[] and number[][])` };
      }
      return objectToken(v);
    }
    case 'function':
      return functionToken(v);
    case 'string':
      return 'string';
    default:
      return { reason: describeValue(v) };
  }
}

const SPEC_NAMES: Readonly<Record<string, string>> = {
  f64: 'f64', number: 'f64', float64: 'f64', i32: 'i32', int32: 'i32', bool: 'bool', boolean: 'bool',
  ...Object.fromEntries(Object.entries(ELEMENTS).filter(([, row]) => !('plain' in row)).map(([kind, row]) => [`${kind}[]`, row.array.name])),
  'number[]': 'number[]', 'boolean[]': 'boolean[]',
  'number[][]': 'number[][]', 'f64[][]': 'number[][]', Array2D: 'Array2D',
  ...Object.fromEntries(Object.keys(ELEMENT_BY_NAME).map((n) => [n, n])),
};

/**
 * Signature token of a declared argument type (the `signatures` option); throws a TypeError naming the
 * accepted spellings.
 *
 * @example
 * ```ts
 * import { tokenOfSpec } from './signature.js';
 *
 * tokenOfSpec('f64[]'); // → 'Float64Array'
 * tokenOfSpec(Float64Array); // → 'Float64Array'
 * ```
 */
export function tokenOfSpec(spec: ArgSpec): string {
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
