/**
 * The JS backend's runtime: the values generated code receives as parameters (`RUNTIME_PARAMS` of
 * `codegen.ts`, in that order), and {@link instantiate}, the one place a generated source becomes a function.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { RANDOM_STATE } from '../random.js';
import { RUNTIME_PARAMS } from './codegen.js';
import { rowIsArray } from './nested.js';
import { numbatResult } from './results.js';
import { rowRangeMessage } from '../types.js';

function rowRange(index: number, rows: number): never {
  throw new RangeError(rowRangeMessage(index, rows));
}

/**
 * Audit hook of `generateJS({ checkTypes: true })`: an `i32` value must be an int32 and not -0.
 *
 * @example
 * ```ts
 * import { checkI32 } from './runtime.js';
 *
 * checkI32(3); // → 3
 * checkI32(2 ** 31); // → throws TypeError: memoJit internal error: a value typed i32 is 2147483648
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

// Thrown by an element read that finds a hole or another kind (codegen.ts lazyLoad), and caught by the entry,
// which runs the plain function: itself, so no other value can be mistaken for it.
function lazyMiss(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw lazyMiss;
}

const RUNTIME = { $S: RANDOM_STATE, $rowRange: rowRange, $nullRow: nullRow, $checkI32: checkI32, $rows: rowIsArray, $isArray: Array.isArray, $R: numbatResult, $lazyMiss: lazyMiss } as const;

/**
 * Turns generated source into the entry function: `fallback` runs the plain function when a call's data
 * cannot take the compiled path (a ragged `number[][]`); `globals` are the module's arrays from outside (`$G`);
 * `par` is `$par`, the runtime of prange regions.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 * import { instantiate } from './runtime.js';
 *
 * function total(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const { source } = compileSpecialization(total, [{ kind: 'array', element: 'f64' }]);
 * const entry = instantiate(source, (self, args) => total.apply(self, args as [Float64Array]));
 * entry(new Float64Array([1, 2, 3])); // → 6
 * ```
 */
export function instantiate(source: string, fallback: (thisArg: unknown, args: ArrayLike<unknown>) => unknown, globals: readonly unknown[] = [], par?: object): AnyFunction {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...RUNTIME_PARAMS, source) as (...runtime: unknown[]) => AnyFunction;
  // `$par`: the prange regions' runtime of this specialization (`parallel/runtime.ts`), when it has any.
  return factory(...RUNTIME_PARAMS.map((p) => (p === '$fallback' ? fallback : p === '$G' ? globals : p === '$par' ? par : RUNTIME[p])));
}
