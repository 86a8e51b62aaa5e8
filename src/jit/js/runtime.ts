/**
 * The JS backend's runtime: the values generated code receives as parameters (`RUNTIME_PARAMS` of
 * `codegen.ts`, in that order), and {@link instantiate}, the one place a generated source becomes a function.
 *
 * @module
 */
import type { AnyFunction } from '../../decorate.js';
import { MAX_LENGTH } from '../infer/lattice.js';
import { RANDOM_STATE } from '../random.js';
import { RUNTIME_PARAMS } from './codegen.js';
import { rowsAreArrays } from './nested.js';
import { rowRangeMessage } from '../types.js';

/**
 * Packs a rectangular `number[][]` row-major; null if ragged or not all numbers, or if a row is one of the
 * `written` arrays or shares its memory (a write through it must be seen by later reads): then the plain
 * function runs.
 */
function pack(nested: ArrayLike<ArrayLike<unknown>>, ...written: unknown[]): Float64Array | null {
  const rows = nested.length;
  if (rows === 0) return new Float64Array(0);
  const cols = nested[0]!.length;
  if (rows * cols > MAX_LENGTH) return null;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = nested[i] as ArrayLike<unknown> | undefined;
    if (!row || typeof row !== 'object' || row.length !== cols) return null;
    if (written.length !== 0 && aliases(row, written)) return null;
    for (let j = 0, o = i * cols; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') return null;
      out[o + j] = v;
    }
  }
  return out;
}

function aliases(row: object, written: readonly unknown[]): boolean {
  const buffer = ArrayBuffer.isView(row) ? row.buffer : undefined;
  return written.some((w) => w === row || (buffer !== undefined && ArrayBuffer.isView(w) && w.buffer === buffer));
}

// `pack` runs once per call, so under V8's lazy feedback allocation it may have no type feedback yet when a
// compiled function that inlines it is optimized (after one or two long calls). That optimized code then
// deoptimizes on entry, and the function keeps running the slower code V8 compiled for its loop mid-call
// (markov: 175 ms instead of 113 ms per 1e7 days, in about half the runs). A few calls now give it feedback,
// for rows of integers and of doubles.
for (let i = 0; i < 16; i++) pack(i % 2 ? [[0.5, 1], [2, 3]] : [[1, 2], [3, 4]]);

function rowRange(index: number, rows: number): never {
  throw new RangeError(rowRangeMessage(index, rows));
}

/**
 * Audit hook of `generateJS({ checkTypes: true })`: an `i32` value must be an int32 and not -0.
 *
 * @example
 * ```ts
 * checkI32(3);      // 3
 * checkI32(2 ** 31); // throws: inference claimed an int32
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

/** Whether every element of a plain array argument is of `kind` (a hole reads as undefined, so it is not). */
function allOf(xs: ArrayLike<unknown>, kind: 'number' | 'boolean'): boolean {
  for (let i = 0, n = xs.length; i < n; i++) if (typeof xs[i] !== kind) return false;
  return true;
}

const RUNTIME = { $S: RANDOM_STATE, $pack: pack, $rowRange: rowRange, $nullRow: nullRow, $checkI32: checkI32, $allOf: allOf, $rows: rowsAreArrays } as const;

/**
 * Turns generated source into the entry function: `fallback` runs the plain function when a call's data
 * cannot take the compiled path (a ragged `number[][]`); `globals` are the module's arrays from outside (`$G`);
 * `par` is `$par`, the runtime of prange regions.
 *
 * @example
 * ```ts
 * const entry = instantiate(generateJS(module).source, (self, args) => original.apply(self, args));
 * ```
 */
export function instantiate(source: string, fallback: (thisArg: unknown, args: ArrayLike<unknown>) => unknown, globals: readonly unknown[] = [], par?: object): AnyFunction {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...RUNTIME_PARAMS, source) as (...runtime: unknown[]) => AnyFunction;
  // `$par`: the prange regions' runtime of this specialization (`parallel/runtime.ts`), when it has any.
  return factory(...RUNTIME_PARAMS.map((p) => (p === '$fallback' ? fallback : p === '$G' ? globals : p === '$par' ? par : RUNTIME[p])));
}
