/**
 * What every part of the Wasm code generator shares: the types `generateWasm` (`codegen.ts`) takes and returns,
 * {@link WasmUnsupported}, how a variable is held in locals ({@link Slot}), and the small lookups from IR types
 * to Wasm value types. No module of the generator is imported here, so each of them can import this one.
 *
 * @module
 */
import type { IRModule } from '../ir.js';
import type { ElementKind, Type } from '../types.js';
import type { MathFunction } from '../ops/math.js';
import type { ValType, WasmModule } from './encode.js';
import { WASM_ELEMENTS, WASM_MATH, type WasmElementRow, type WasmMathRow } from './tables.js';

/**
 * A construct the Wasm backend does not compile; `reason` says which and why (shown by `inspect()`).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import { WasmUnsupported } from './codegen-types.js';
 *
 * function total(xs: number[]) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * try {
 *   generateWasm(lowerToIR(total, [{ kind: 'array', element: 'num' }]));
 * } catch (e) {
 *   if (e instanceof WasmUnsupported) console.log(e.reason); // plain number[] stays on the JS backend
 * }
 * ```
 */
export class WasmUnsupported extends Error {
  constructor(readonly reason: string) {
    super(`Wasm backend: ${reason}`);
    this.name = 'WasmUnsupported';
  }
}

/**
 * How the entry is called from JS: each parameter a scalar or a typed array (passed as pointer and length).
 *
 * @example
 * ```ts
 * import type { WasmParam } from './codegen-types.js';
 *
 * // A Float64Array argument: passed to Wasm as a pointer and a length.
 * const p: WasmParam = { kind: 'array', element: 'f64' };
 * ```
 */
export type WasmParam =
  | { readonly kind: 'scalar'; readonly type: 'i32' | 'f64' | 'bool' }
  | { readonly kind: 'array'; readonly element: ElementKind }
  /** A `number[][]`, packed per call (`nested.ts`): passed as pointer, rows and columns. */
  | { readonly kind: 'nested' };

/**
 * What `generateWasm` (`codegen.ts`) returns.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import type { GeneratedWasm } from './codegen-types.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const { params, result, written }: GeneratedWasm = generateWasm(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * [params, result, written]; // → [ [ { kind: 'array', element: 'f64' } ], { kind: 'f64' }, [ false ] ]
 * ```
 */
export interface GeneratedWasm {
  readonly module: WasmModule;
  /** The entry's parameters, in order. */
  readonly params: readonly WasmParam[];
  /** The entry's IR return type (`bool` results come back as 0/1; tuples as arrays). */
  readonly result: Type;
  /** Whether any function stores into an array (the arrays are then copied back after the call). */
  readonly writes: boolean;
  /** The entry's parameter names, and per parameter whether the code may write its array (`zero-copy.ts`). */
  readonly names: readonly string[];
  readonly written: readonly boolean[];
  /** `f64` locals kept in i64 (`integral.ts`), as `function.local`. */
  readonly integral: readonly string[];
  /** The `Math` functions called through imports. */
  readonly imported: readonly string[];
  /** Per counted loop: vectorized (`simd.ts`) or why not, as `function: …`. */
  readonly simd: readonly string[];
  /** Whether some loop over typed arrays only runs a reduction in lanes (reassociated under `fastmath`). */
  readonly reduces: boolean;
  /**
   * How many loops over typed arrays only run in v128 lanes (`simd.ts`); loops over rows of a `number[][]` are
   * left out, as that matrix is packed on every call whatever memory its rows are in (`index.ts`, rules 1 and 2).
   */
  readonly vectorized: number;
  /** How many loops draw `Math.random()` for two iterations and compute `Math.exp` of them in lanes (`random-lanes.ts`). */
  readonly randomLanes: number;
  /**
   * Whether no call can trap (no `unreachable` is reachable, no recursion that could exhaust the stack): arrays in
   * numbat memory the code writes are then written in place, since no rerun on the JS backend can follow.
   */
  readonly trapFree: boolean;
  /** The entry returns this `number[][]` parameter (the caller's own array): its index. */
  readonly returnsParam?: number;
}

/** Options of `generateWasm` (`codegen.ts`). */
export interface WasmOptions {
  /** Reserved for reassociating reductions (SIMD); scalar code is exact either way. */
  readonly fastmath?: boolean;
}

/**
 * Where a variable of the function being generated lives: the indices of the Wasm locals (parameters first)
 * that hold it.
 *
 * @example
 * ```ts
 * import type { Slot } from './codegen-types.js';
 *
 * // A Float64Array parameter, first of its function: its pointer in local 0, its length in local 1.
 * const xs: Slot = { kind: 'array', ptr: 0, len: 1, element: 'f64' };
 * ```
 */
export type Slot = { kind: 'scalar'; idx: number; vt: ValType } | { kind: 'int64'; idx: number } | { kind: 'array'; ptr: number; len: number; element: ElementKind }
  | { kind: 'nested'; ptr: number; rows: number; cols: number }
  /** An f64 local read only as an index (`element-index.ts`): the double in `idx`, its element number in `el`. */
  | { kind: 'element'; idx: number; el: number };


/**
 * The Wasm value type of a scalar IR type; throws {@link WasmUnsupported} (naming `where`) for any other.
 *
 * @example
 * ```ts
 * import { vt } from './codegen-types.js';
 *
 * vt({ kind: 'bool' }, 'a local'); // → 'i32'
 * ```
 */
export const vt = (t: Type, where: string): ValType => {
  if (t.kind === 'f64') return 'f64';
  if (t.kind === 'i32' || t.kind === 'bool') return 'i32';
  // a row of a number[][] is its index, -1 for null (nested.ts); resultTypes refuses rows as results
  if (t.kind === 'row') return 'i32';
  // a variable given both (`var fact = false; … fact = p / q`) holds JS's own value, which no Wasm type is
  if (t.kind === 'numbool') throw new WasmUnsupported(`${where} that holds a number or a boolean (the JS value itself; a Wasm value has one type)`);
  throw new WasmUnsupported(`${where} of type ${t.kind}`);
};

/**
 * The Wasm results of a function returning `t`: none, one value, a tuple's items, or an array's pointer and length.
 *
 * @example
 * ```ts
 * import { resultTypes } from './codegen-types.js';
 *
 * resultTypes({ kind: 'array', element: 'f64' }, 'the return value'); // → [ 'i32', 'i32' ]
 * ```
 */
export const resultTypes = (t: Type, where: string): ValType[] => {
  if (t.kind === 'void') return [];
  // the entry's own number[][] argument, returned by the wrapper (nested.ts); a row object has no Wasm form
  if (t.kind === 'matrix' && t.layout === 'nested') return [];
  if (t.kind === 'row' || (t.kind === 'tuple' && t.items.some((i) => i.kind === 'row'))) throw new WasmUnsupported(`${where}: a row of a number[][] (the caller's own row object)`);
  if (t.kind === 'tuple') return t.items.map((i) => vt(i, `${where} (a tuple item)`));
  // an array is its pointer and length
  if (t.kind === 'array') return elementRow(t.element) && ['i32', 'i32'];
  return [vt(t, where)];
};

/**
 * The load and store of a typed array's elements (`tables.ts`); throws {@link WasmUnsupported} for an element
 * kind only JS handles.
 *
 * @example
 * ```ts
 * import { elementRow } from './codegen-types.js';
 *
 * elementRow('f64').shift; // → 3
 * ```
 */
export const elementRow = (k: ElementKind): Exclude<WasmElementRow, { js: string }> => {
  const row = WASM_ELEMENTS[k] as WasmElementRow;
  if ('js' in row) throw new WasmUnsupported(row.js);
  return row;
};

/**
 * How a `Math` function is emitted (`tables.ts`).
 *
 * @example
 * ```ts
 * import { mathRow } from './codegen-types.js';
 *
 * 'import' in mathRow('sin'); // → true
 * ```
 */
export const mathRow = (fn: MathFunction): WasmMathRow => WASM_MATH[fn];

/**
 * The import name of a `Math` function: `hypot` gets one import per arity, as its Wasm type differs.
 *
 * @example
 * ```ts
 * import { importKey } from './codegen-types.js';
 *
 * importKey('hypot', 3); // → 'hypot_3'
 * ```
 */
export const importKey = (fn: string, arity: number): string => (fn === 'hypot' ? `hypot_${arity}` : fn);

/**
 * What the generators of a module's functions share: the IR, where the imports and helpers are, and what the
 * loops report.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import type { Context } from './codegen-types.js';
 *
 * const ir = lowerToIR((n: number) => n + 1, [{ kind: 'i32' }]);
 * const ctx: Context = { ir, base: 1, helpers: { toInt32: 2, fmod: 3 }, importIndex: new Map([['mod', 0]]), fastmath: false, simd: [], reduces: false, vectorized: 0, randomLanes: 0 };
 * ```
 */
export interface Context {
  readonly ir: IRModule;
  readonly base: number;
  readonly helpers: { readonly toInt32: number; readonly fmod: number };
  readonly importIndex: ReadonlyMap<string, number>;
  readonly fastmath: boolean;
  readonly simd: string[];
  reduces: boolean;
  vectorized: number;
  randomLanes: number;
}

/**
 * What a structured block of the generated code is for, so `br` finds the right depth (`exit` of a loop,
 * `top` to repeat it, `cont` to continue).
 *
 * @example
 * ```ts
 * import type { Label } from './codegen-types.js';
 *
 * const exit: Label = 'exit';
 * ```
 */
export type Label = 'exit' | 'top' | 'cont' | 'if' | 'block';
