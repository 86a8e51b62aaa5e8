/**
 * The GPU's column of the element table: one row per element kind of `jit/ops/elements.ts`, kept beside it (as
 * `jit/wasm/tables.ts` keeps the Wasm column), checked against the full key set with `satisfies`, so a new kind
 * there is a type error here until it has a row. Every GPU stage reads its rules from here: the WGSL generator
 * (storage type, out-of-bounds value, load and store conversions), the shader (binding types), the reduction
 * (accumulator, combine, identity, reading partials), the runtime (constructor, byte size, uniform words,
 * conversion of a `convertFloat64` argument) and the decorator's CPU fallback.
 *
 * A row is one of three shapes:
 * - a storage kind (`wgsl`): a storage buffer holds it as is;
 * - a converted kind (`convertedTo`): refused, unless the launch converts it (`convertFloat64`) into a storage
 *   kind per launch, with the elements the kernel changed written back; the CPU fallback runs the kernel on the
 *   array itself (compiled for its own kind, so nothing is rounded);
 * - a refused kind (`why`): a launch, and the CPU fallback (the same argument rules), refuse it with the list of
 *   storage kinds; `why` is the documented reason, as TypeGPU's Math table says why a function is missing.
 *
 * @module
 */
import { ELEMENTS } from '../jit/ops/elements.js';
import type { ElementKind } from '../jit/types.js';

/**
 * A kind that storage buffers hold as is.
 *
 * @example
 * ```ts
 * import { GPU_ELEMENTS, type GpuStorageRow } from './elements.js';
 *
 * const i32: GpuStorageRow = GPU_ELEMENTS.i32;
 * i32.load('f32', 'x'); // → 'f32(x)'
 * ```
 */
export interface GpuStorageRow {
  /** The host typed-array constructor (the CPU row's): device arrays, readback views, converted arguments. */
  readonly array: Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor;
  /** The WGSL element type of its storage buffers, of a scalar uniform and of a kernel returning this kind. */
  readonly wgsl: 'f32' | 'i32' | 'u32';
  /**
   * Bytes per element in a storage buffer. Every kind is 4 bytes today: the split window (`runtime/plan.ts`),
   * the bit comparison of packed arguments written back (`runtime/host.ts`) and the u32 uniform words assume it,
   * so widening this type is where a 2- or 8-byte kind starts.
   */
  readonly bytes: 4;
  /**
   * Whether it is a float: a load past the end (JavaScript's `undefined`) reads NaN with no check, and min/max
   * reductions propagate NaN by bits. An integer kind reads past the end through a zeroing or flagging helper.
   */
  readonly float: boolean;
  /** WGSL of what the bounds-checked load helper returns past the end. */
  readonly outOfBounds: string;
  /** The smallest and largest values (the identities of `max` and `min`): the CPU row's range, or ±Infinity. */
  readonly extremes: readonly [number, number];
  /** WGSL: a loaded element `raw` as the expression type `to` (`'f32'` or `'i32'`). */
  load(to: string, raw: string): string;
  /** WGSL: the value `v` of WGSL type `from` (`'f32'`, `'i32'` or `'bool'`) as this kind, to store or return. */
  from(from: 'f32' | 'i32' | 'bool', v: string): string;
  /**
   * WGSL: a loaded element `raw` as an exact double-f32 value (`vec2<f32>`, `wgsl/df32.ts`) under
   * `precision: 'f64-emulated'`.
   */
  df(raw: string): string;
  /** The u32 word holding a value of this kind (scalar uniforms, reduction identities). */
  toWord(value: number): number;
  /** The value a u32 word holds (a reduction's partials read back). */
  fromWord(word: number): number;
  /**
   * How a sum accumulates: `'self'` in this type, or exactly in 64 bits (`vec2u`, two words), with `lift`
   * giving the WGSL of a value widened to that (an integer sum past 2^31 would wrap in 32 bits).
   */
  readonly sum: 'self' | {
    /** The WGSL of the value `v` widened to the 64-bit accumulator. */
    readonly lift: (v: string) => string;
  };
}

/**
 * A kind converted into a storage kind when the launch asks for it (see the module comment).
 *
 * @example
 * ```ts
 * import { GPU_ELEMENTS } from './elements.js';
 *
 * GPU_ELEMENTS.f64.convertedTo; // → 'f32'
 * ```
 */
export interface GpuConvertedRow {
  /** The storage kind it is packed into for a launch with `convertFloat64` (checked by {@link convertedKindOf}). */
  readonly convertedTo: ElementKind;
  /** Why the GPU does not hold it as is. */
  readonly why: string;
  /** What to do instead, in the compiler's error for a parameter of this kind. */
  readonly instead: string;
  /** What to do instead, in a launch's error for an argument of this kind (with what each choice does). */
  readonly insteadAtLaunch: string;
}

/**
 * A kind the GPU refuses (see the module comment).
 *
 * @example
 * ```ts
 * import { GPU_ELEMENTS } from './elements.js';
 *
 * GPU_ELEMENTS.u8.why; // → 'WGSL storage holds 32-bit elements (8- and 16-bit storage needs extensions)'
 * ```
 */
export interface GpuRefusedRow {
  /** The documented reason. */
  readonly why: string;
}

/**
 * A row of {@link GPU_ELEMENTS}.
 *
 * @example
 * ```ts
 * import { GPU_ELEMENTS, type GpuElementRow } from './elements.js';
 *
 * const row: GpuElementRow = GPU_ELEMENTS.num;
 * 'wgsl' in row; // → false
 * ```
 */
export type GpuElementRow = GpuStorageRow | GpuConvertedRow | GpuRefusedRow;

const f32Scratch = new Float32Array(1);
const f32Word = new Uint32Array(f32Scratch.buffer);
const SMALL = 'WGSL storage holds 32-bit elements (8- and 16-bit storage needs extensions)';
const PLAIN = 'a plain JavaScript array is not a contiguous buffer of one element type: pass a typed array';

/**
 * The table: every element kind of `jit/ops/elements.ts`, in its order.
 *
 * @example
 * ```ts
 * import { GPU_ELEMENTS } from './elements.js';
 *
 * GPU_ELEMENTS.f32.wgsl; // → 'f32'
 * GPU_ELEMENTS.u32.extremes; // → [ 0, 4294967295 ]
 * ```
 */
export const GPU_ELEMENTS = {
  f64: {
    convertedTo: 'f32',
    why: 'WGSL has no 64-bit floats',
    instead: "pass a Float32Array (Float32Array.from(xs)), launch with { convertFloat64: true }, or compile with { precision: 'f64-emulated' }",
    insteadAtLaunch:
      'pass a Float32Array (Float32Array.from(xs)), launch with { convertFloat64: true } to convert (and round) it on each launch, ' +
      "or compile with { precision: 'f64-emulated' } to compute in double-f32",
  },
  f32: {
    array: ELEMENTS.f32.array, wgsl: 'f32', bytes: 4, float: true, outOfBounds: 'numbat_nan()', extremes: [-Infinity, Infinity],
    load: (to, raw) => (to === 'f32' ? raw : `numbat_toint32(${raw})`),
    from: (from, v) => (from === 'i32' ? `f32(${v})` : from === 'bool' ? `select(0.0f, 1.0f, ${v})` : v),
    df: (raw) => `vec2<f32>(${raw}, 0.0)`,
    toWord: (value) => {
      f32Scratch[0] = value;
      return f32Word[0]!;
    },
    fromWord: (word) => {
      f32Word[0] = word;
      return f32Scratch[0]!;
    },
    sum: 'self',
  },
  i32: {
    array: ELEMENTS.i32.array, wgsl: 'i32', bytes: 4, float: false, outOfBounds: '0i', extremes: ELEMENTS.i32.range,
    load: (to, raw) => (to === 'i32' ? raw : `f32(${raw})`),
    from: (from, v) => (from === 'bool' ? `select(0i, 1i, ${v})` : from === 'i32' ? v : `numbat_toint32(${v})`),
    df: (raw) => `numbat_df_i32(${raw})`,
    toWord: (value) => value >>> 0,
    fromWord: (word) => word | 0,
    sum: { lift: (v) => `vec2u(bitcast<u32>(${v}), select(0u, 0xffffffffu, ${v} < 0i))` },
  },
  u32: {
    array: ELEMENTS.u32.array, wgsl: 'u32', bytes: 4, float: false, outOfBounds: '0u', extremes: ELEMENTS.u32.range,
    load: (to, raw) => (to === 'i32' ? `bitcast<i32>(${raw})` : `f32(${raw})`),
    from: (from, v) => (from === 'bool' ? `select(0u, 1u, ${v})` : `bitcast<u32>(${from === 'i32' ? v : `numbat_toint32(${v})`})`),
    df: (raw) => `numbat_df_u32(${raw})`,
    toWord: (value) => value >>> 0,
    fromWord: (word) => word,
    sum: { lift: (v) => `vec2u(${v}, 0u)` },
  },
  i16: { why: SMALL },
  u16: { why: SMALL },
  i8: { why: SMALL },
  u8: { why: SMALL },
  u8c: { why: SMALL },
  num: { why: PLAIN },
  bool: { why: PLAIN },
} as const satisfies Record<ElementKind, GpuElementRow>;

/**
 * The kinds storage buffers hold (the `ElementType` of `abi.ts`).
 *
 * @example
 * ```ts
 * import type { GpuStorageKind } from 'numbat/internals';
 *
 * const k: GpuStorageKind = 'u32';
 * ```
 */
export type GpuStorageKind = {
  [K in ElementKind]: (typeof GPU_ELEMENTS)[K] extends GpuStorageRow ? K : never;
}[ElementKind];

/**
 * Whether `kind` is a storage kind.
 *
 * @example
 * ```ts
 * import { isStorageKind } from './elements.js';
 *
 * isStorageKind('i32'); // → true
 * isStorageKind('f64'); // → false
 * ```
 */
export function isStorageKind(kind: string): kind is GpuStorageKind {
  return Object.hasOwn(GPU_ELEMENTS, kind) && 'wgsl' in GPU_ELEMENTS[kind as ElementKind];
}

/**
 * The row of a storage kind.
 *
 * @example
 * ```ts
 * import { storageRow } from './elements.js';
 *
 * storageRow('f32').outOfBounds; // → 'numbat_nan()'
 * ```
 */
export function storageRow(kind: GpuStorageKind): GpuStorageRow {
  return GPU_ELEMENTS[kind];
}

/**
 * The storage kinds, in table order.
 *
 * @example
 * ```ts
 * import { STORAGE_KINDS } from './elements.js';
 *
 * STORAGE_KINDS; // → [ 'f32', 'i32', 'u32' ]
 * ```
 */
export const STORAGE_KINDS: readonly GpuStorageKind[] = (Object.keys(GPU_ELEMENTS) as ElementKind[]).filter(isStorageKind);

/**
 * The constructor names of the storage kinds, for messages (`Float32Array, Int32Array or Uint32Array`).
 *
 * @example
 * ```ts
 * import { storageArrayNames } from './elements.js';
 *
 * storageArrayNames(' or '); // → 'Float32Array, Int32Array or Uint32Array'
 * storageArrayNames(', ', ' or gpu.array(...)'); // → 'Float32Array, Int32Array, Uint32Array or gpu.array(...)'
 * ```
 */
export function storageArrayNames(last: string, tail = ''): string {
  const names = STORAGE_KINDS.map((k) => storageRow(k).array.name);
  if (tail) return `${names.join(', ')}${tail}`;
  return `${names.slice(0, -1).join(', ')}${last}${names[names.length - 1]!}`;
}

/**
 * The storage kind of a host typed array (by `instanceof`, in table order), if it has one.
 *
 * @example
 * ```ts
 * import { storageKindOf } from './elements.js';
 *
 * storageKindOf(new Int32Array(2)); // → 'i32'
 * storageKindOf(new Float64Array(2)); // → undefined
 * ```
 */
export function storageKindOf(value: unknown): GpuStorageKind | undefined {
  return STORAGE_KINDS.find((k) => value instanceof storageRow(k).array);
}

/**
 * The converted kind of a host array (a `Float64Array`), with its row, if it is one.
 *
 * @example
 * ```ts
 * import { convertedKindOf } from './elements.js';
 *
 * convertedKindOf(new Float64Array(2))?.to; // → 'f32'
 * convertedKindOf(new Float32Array(2)); // → undefined
 * ```
 */
export function convertedKindOf(value: unknown): { readonly kind: ElementKind; readonly row: GpuConvertedRow; readonly to: GpuStorageKind } | undefined {
  for (const kind of Object.keys(GPU_ELEMENTS) as ElementKind[]) {
    const row: GpuElementRow = GPU_ELEMENTS[kind];
    if (!('convertedTo' in row) || !(value instanceof ELEMENTS[kind].array)) continue;
    const to = row.convertedTo;
    if (!isStorageKind(to)) throw new Error(`internal: the GPU row of ${kind} converts to ${to}, which is not a storage kind`);
    return { kind, row, to };
  }
  return undefined;
}
