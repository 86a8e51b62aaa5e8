/**
 * `ArrayBuffer`s and the typed arrays that view them, one row each: what compiled code may construct
 * (`new ArrayBuffer(n)`, `new Float64Array(buffer[, byteOffset[, length]])`, a copy `new Float64Array(xs)`) and
 * which of their properties it reads (`byteLength`, `byteOffset`, `buffer`). Every backend that runs them emits
 * the JS constructor or property itself, so the semantics are V8's: a view shares its buffer's bytes (two views
 * alias), a misaligned offset or a length past the end is V8's RangeError with V8's message, `ToIndex` of a
 * fractional length. Inference: `infer/buffers.ts`; the IR nodes: `ir/buffers.ts`.
 *
 * @module
 */
import { EXACT, numAV, type AV } from '../infer/lattice.js';

/** A byte count or offset: a non-negative integer (beyond int32 for large arrays, so `f64` unless narrowed). */
const BYTES = numAV(0, EXACT, true);

/**
 * One readable property of a buffer or a typed array.
 *
 * @example
 * ```ts
 * import { BUFFER_PROPERTIES, type BufferPropertyRow } from './buffers.js';
 *
 * // `.byteLength` is read on an ArrayBuffer and on a typed array; `.byteOffset` only on a typed array.
 * const row: BufferPropertyRow = BUFFER_PROPERTIES['byteLength']!;
 * row.on; // → 'both'
 * BUFFER_PROPERTIES['byteOffset']!.on; // → 'typed'
 * ```
 */
export interface BufferPropertyRow {
  /** `'buffer'`: of an ArrayBuffer; `'typed'`: of a typed array; `'both'`. */
  readonly on: 'buffer' | 'typed' | 'both';
  /** What the read gives. */
  readonly value: AV;
}

/**
 * The properties. Others are a located error naming these.
 *
 * @example
 * ```ts
 * import { BUFFER_PROPERTIES } from './buffers.js';
 *
 * Object.keys(BUFFER_PROPERTIES); // → [ 'byteLength', 'byteOffset', 'buffer' ]
 * BUFFER_PROPERTIES['buffer']!.value; // → { k: 'buffer' }
 * ```
 */
export const BUFFER_PROPERTIES: Readonly<Record<string, BufferPropertyRow>> = {
  byteLength: { on: 'both', value: BYTES },
  byteOffset: { on: 'typed', value: BYTES },
  buffer: { on: 'typed', value: { k: 'buffer' } },
};

/**
 * The forms of `new T(…)` for a typed array constructor `T`, by what its first argument is.
 *
 * @example
 * ```ts
 * import { VIEW_FORMS } from './buffers.js';
 *
 * VIEW_FORMS.buffer.arity; // → [ 1, 3 ]
 * VIEW_FORMS.array.arity; // → [ 1, 1 ]
 * ```
 */
export const VIEW_FORMS = {
  /** `new T(buffer, byteOffset?, length?)`: a view of the buffer's bytes, no copy. */
  buffer: { arity: [1, 3] as const },
  /** `new T(xs)`: a new typed array holding `xs`'s elements converted as a store converts them. */
  array: { arity: [1, 1] as const },
} as const;
