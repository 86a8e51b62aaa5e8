/**
 * The Wasm backend's columns of the compiler's tables, kept beside them rather than inside them (so the Math and
 * element tables keep one owner while several backends grow): one row per element kind of `ops/elements.ts`
 * and one per function of `ops/math.ts`, each checked against the full key set with `satisfies`, so a new kind
 * or function there is a type error here until it has a row (or a stated reason to stay on the JS backend).
 *
 * @module
 */
import type { ElementKind } from '../types.js';
import type { MathFunction } from '../ops/math.js';
import type { OpName } from './encode.js';

/**
 * How a typed array kind lives in linear memory.
 *
 * @example
 * ```ts
 * import { WASM_ELEMENTS, type WasmElementRow } from './tables.js';
 *
 * const f32: WasmElementRow = WASM_ELEMENTS.f32;
 * console.log(f32); // loaded with f32.load, then promoted to f64
 * ```
 */
export type WasmElementRow =
  | {
      /** log2 of the element size in bytes. */
      readonly shift: 0 | 1 | 2 | 3;
      /** The load instruction. */
      readonly load: OpName;
      /** The store instruction. */
      readonly store: OpName;
      /** What a load leaves: `f64`, `f32` (promoted to f64), `i32` (signed bits) or `u32` (bits of an unsigned). */
      readonly value: 'f64' | 'f32' | 'i32' | 'u32';
      /** How a stored number is converted: as a double, to f32, ToInt32 (then truncated by the store), clamped. */
      readonly convert: 'f64' | 'f32' | 'int32' | 'clamp';
    }
  | {
      /** Not in linear memory: why the specialization stays on the JS backend. */
      readonly js: string;
    };

/**
 * The table of element kinds.
 *
 * @example
 * ```ts
 * import { WASM_ELEMENTS } from './tables.js';
 *
 * 'js' in WASM_ELEMENTS.num; // → true
 * ```
 */
export const WASM_ELEMENTS = {
  f64: { shift: 3, load: 'f64.load', store: 'f64.store', value: 'f64', convert: 'f64' },
  f32: { shift: 2, load: 'f32.load', store: 'f32.store', value: 'f32', convert: 'f32' },
  i32: { shift: 2, load: 'i32.load', store: 'i32.store', value: 'i32', convert: 'int32' },
  u32: { shift: 2, load: 'i32.load', store: 'i32.store', value: 'u32', convert: 'int32' },
  i16: { shift: 1, load: 'i32.load16_s', store: 'i32.store16', value: 'i32', convert: 'int32' },
  u16: { shift: 1, load: 'i32.load16_u', store: 'i32.store16', value: 'i32', convert: 'int32' },
  i8: { shift: 0, load: 'i32.load8_s', store: 'i32.store8', value: 'i32', convert: 'int32' },
  u8: { shift: 0, load: 'i32.load8_u', store: 'i32.store8', value: 'i32', convert: 'int32' },
  u8c: { shift: 0, load: 'i32.load8_u', store: 'i32.store8', value: 'i32', convert: 'clamp' },
  num: { js: 'a plain number[] is passed by reference and may grow; it is not copied into linear memory' },
  bool: { js: 'a plain boolean[] is passed by reference; it is not copied into linear memory' },
} as const satisfies Record<ElementKind, WasmElementRow>;

/**
 * How a `Math` function runs in Wasm: exact instructions on f64 (`f64`), a fold of one instruction over the
 * arguments (`fold`, `min`/`max`: Wasm's f64.min/max propagate NaN and order -0 < +0 exactly as JS), an int32
 * instruction on ToInt32 of the arguments (`int32`), or V8's own `Math` function imported (`import`), which is
 * bit-exact by construction and costs a call out of Wasm (see `bench/wasm.ts`).
 *
 * @example
 * ```ts
 * import { WASM_MATH, type WasmMathRow } from './tables.js';
 *
 * const sqrt: WasmMathRow = WASM_MATH.sqrt;
 * sqrt; // → { f64: [ 'f64.sqrt' ] }
 * ```
 */
export type WasmMathRow =
  | { readonly f64: readonly OpName[]; readonly roundsIntegers?: true }
  | { readonly fold: OpName; readonly empty: number }
  | { readonly int32: OpName }
  | { readonly import: true };

const IMPORT = { import: true } as const;

/**
 * The table: every function row of `ops/math.ts`.
 *
 * @example
 * ```ts
 * import { WASM_MATH } from './tables.js';
 *
 * 'import' in WASM_MATH.exp; // → true
 * ```
 */
export const WASM_MATH = {
  abs: { f64: ['f64.abs'] },
  acos: IMPORT, acosh: IMPORT, asin: IMPORT, asinh: IMPORT, atan: IMPORT, atanh: IMPORT, atan2: IMPORT, cbrt: IMPORT,
  ceil: { f64: ['f64.ceil'], roundsIntegers: true },
  clz32: { int32: 'i32.clz' },
  cos: IMPORT, cosh: IMPORT, exp: IMPORT, expm1: IMPORT,
  floor: { f64: ['f64.floor'], roundsIntegers: true },
  fround: { f64: ['f32.demote_f64', 'f64.promote_f32'] },
  hypot: IMPORT,
  imul: { int32: 'i32.mul' },
  log: IMPORT, log10: IMPORT, log1p: IMPORT, log2: IMPORT,
  max: { fold: 'f64.max', empty: -Infinity },
  min: { fold: 'f64.min', empty: Infinity },
  pow: IMPORT,
  // Math.round (half up, keeping -0) has no single instruction (f64.nearest is half to even): imported.
  round: IMPORT,
  sign: IMPORT,
  sin: IMPORT, sinh: IMPORT,
  sqrt: { f64: ['f64.sqrt'] },
  tan: IMPORT, tanh: IMPORT,
  trunc: { f64: ['f64.trunc'], roundsIntegers: true },
} as const satisfies Record<MathFunction, WasmMathRow>;
