/**
 * The contract between a kernel's WGSL body (written by hand, or by the WGSL backend of the JIT) and the
 * runtime that launches it: how parameters are named and bound, the uniform layout and the binding numbers,
 * derived once here for the shader (`wgsl/shader.ts` assembles the entry point) and the runtime.
 *
 * A kernel body defines `fn numbat_kernel(<one i32 per grid dimension>)`, returning nothing or, for a reducing
 * kernel, one `f32`/`i32`/`u32`. Inside it:
 * - an array parameter `xs` is the storage buffer `a_xs` (`array<f32>` etc.);
 * - a scalar parameter `a` is `numbat_P.s_a` (a `bool` is a `u32`, 0 or 1); `xs.length` is `numbat_P.len_xs`;
 * - `numbat_li` is the invocation's index relative to the current array window: an array that is only ever accessed
 *   at the kernel's own index (`xs[i]`) must be accessed as `a_xs[numbat_li]`, which lets the runtime split an
 *   array larger than one storage binding across dispatches;
 * - `numbat_random()` returns the invocation's next f32 in [0, 1).
 * - a 2-D array parameter `m` (an `Array2D` or a rectangular `number[][]`) is the storage buffer `a_m` of its
 *   elements row-major, in f32, with `numbat_P.rows_m` and `numbat_P.cols_m` beside `numbat_P.len_m`.
 *
 * Over 400 lines, with a reason: it is the one contract between shader and runtime (names, uniform layout,
 * binding numbers, reduction identities), derived once here on purpose, and most of it is the documentation
 * of the kernel types.
 *
 * @module
 */
import { storageRow, type GpuStorageKind } from './elements.js';

/**
 * Element types of storage buffers: WGSL has no f64 (and no 8/16-bit storage without extensions). The storage
 * rows of the GPU's element table (`elements.ts`).
 *
 * @example
 * ```ts
 * import type { ElementType } from 'numbat/internals';
 *
 * // The typed array a kernel's array parameter takes for each element type:
 * const arrays: Record<ElementType, string> = { f32: 'Float32Array', i32: 'Int32Array', u32: 'Uint32Array' };
 * ```
 */
export type ElementType = GpuStorageKind;
/**
 * Scalar parameter types (passed in the uniform buffer).
 *
 * @example
 * ```ts
 * import type { GpuScalarType } from 'numbat/internals';
 *
 * const s: GpuScalarType = 'bool'; // passed as a u32 uniform
 * ```
 * `'df'` is a number under `precision: 'f64-emulated'`: two f32 words, its high and low parts (`wgsl/df32.ts`).
 */
export type ScalarType = ElementType | 'bool' | 'df';
/**
 * How invocation results are combined into one number.
 *
 * @example
 * ```ts
 * import { gpu, type Reduction } from 'numbat/gpu';
 *
 * const reduce: Reduction = 'max';
 * const peak = gpu({ reduce })(function peak(i: number, xs: Float32Array) { return xs[i]!; });
 * const highest = await peak.launch(3, new Float32Array([1, 5, 2])); // 5
 * ```
 */
export type Reduction = 'sum' | 'min' | 'max';

/**
 * What a reducing kernel returns per invocation: an element type, or `'df'` (double-f32, `precision: 'f64-emulated'`).
 *
 * @example
 * ```ts
 * import type { KernelReturn } from 'numbat/internals';
 *
 * const r: KernelReturn = 'df'; // partials are (hi, lo) pairs, joined in f64 on the host
 * ```
 */
export type KernelReturn = ElementType | 'df';

/**
 * A typed-array parameter: one storage buffer.
 *
 * @example
 * ```ts
 * import type { ArrayParam } from 'numbat/internals';
 *
 * // `xs` is written, and only at the invocation's own index.
 * const p: ArrayParam = { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true };
 * ```
 */
export interface ArrayParam {
  /** Tells array parameters from scalar ones in a {@link KernelParam}. */
  readonly kind: 'array';
  /** The JavaScript parameter name: the body sees the buffer as `a_<name>`, and errors name the argument by it. */
  readonly name: string;
  /** What the buffer holds; a launch refuses a typed array of another element type (bar `convertFloat64`). */
  readonly element: ElementType;
  /** Whether the kernel writes it: only written arrays are bound read-write and read back. */
  readonly writes: boolean;
  /** Whether every access is at the kernel's own 1-D index (`xs[i]`), so the array may be split across dispatches. */
  readonly elementwise: boolean;
  /**
   * Whether the kernel never reads the array and every invocation stores `xs[i]` before anything can end it:
   * a launch over at least `xs.length` indices then overwrites all of it, so its old contents are not uploaded.
   */
  readonly overwrites?: boolean;
  /**
   * Whether the kernel never reads the array but writes it where the analysis cannot prove every element is
   * written (`out[idx[i]] = …`, or a store after an early `return`). A host array is then not uploaded: each
   * store also sets the element's bit in a mask buffer (`numbat_wm_<name>`, one bit per element), and only
   * marked elements are copied back, so the others keep their values as in JavaScript.
   */
  readonly scattered?: boolean;
  /**
   * For integer arrays: whether the kernel uses an element as an integer where an out-of-bounds read would be
   * JavaScript's `undefined`, which no i32 can hold. Such reads set a flag on the GPU and the launch rejects
   * (see `GpuOutOfBoundsError` in `numbat/gpu`). `'own-index'` when every such read is at the kernel's own index (the
   * runtime then checks the flag only for launches longer than the array), `'any-index'` otherwise.
   */
  readonly checkedReads?: 'own-index' | 'any-index';
  /**
   * For a 2-D array parameter: where it comes from (`'array2d'`: an `Array2D`, `'nested'`: a rectangular
   * `number[][]`). The launch packs it row-major into f32 and writes back the elements the kernel changed; the
   * uniform block then also holds its `rows_<name>` and `cols_<name>`. Its `element` is `'f32'`.
   */
  readonly matrix?: 'array2d' | 'nested';
  /**
   * A Float64Array under `precision: 'f64-emulated'`: bound as `array<f32>` holding each element's (hi, lo)
   * pair (`wgsl/df32.ts`), split on the host and joined back (`runtime/host.ts`); `len_<name>` is the element count.
   */
  readonly pairs?: true;
}

/**
 * A scalar parameter: one field of the uniform buffer.
 *
 * @example
 * ```ts
 * import type { ScalarParam } from 'numbat/internals';
 *
 * const p: ScalarParam = { kind: 'scalar', name: 'a', type: 'f32' };
 * ```
 */
export interface ScalarParam {
  /** Tells scalar parameters from array ones in a {@link KernelParam}. */
  readonly kind: 'scalar';
  /** The JavaScript parameter name: the body reads the value as `numbat_P.s_<name>`, and errors name it. */
  readonly name: string;
  /** The uniform's type; a launch refuses anything but a number (or, for `bool`, a boolean), and non-integers for `i32`/`u32`. */
  readonly type: ScalarType;
}

/**
 * A kernel parameter after the index parameter(s).
 *
 * @example
 * ```ts
 * import type { KernelParam } from 'numbat/internals';
 *
 * const params: KernelParam[] = [
 *   { kind: 'scalar', name: 'a', type: 'f32' },
 *   { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 * ];
 * ```
 */
export type KernelParam = ArrayParam | ScalarParam;

/**
 * A kernel body and what the runtime needs to know to bind and launch it.
 *
 * @example
 * ```ts
 * import { WgslKernel, type KernelSpec } from 'numbat/internals';
 *
 * // A reducing kernel: every invocation returns 1, and the launch sums them.
 * const spec: KernelSpec = { name: 'one', grid: 1, usesRandom: false, params: [], reduce: 'sum',
 *   returns: 'u32', body: 'fn numbat_kernel(i: i32) -> u32 { return 1u; }' };
 * const count = await new WgslKernel(spec).launch(1000, []); // 1000
 * ```
 */
export interface KernelSpec {
  /** Kernel name, for messages. */
  readonly name: string;
  /** 1, 2 or 3: the number of leading index parameters, and of extents a launch takes. */
  readonly grid: 1 | 2 | 3;
  /** The parameters after the index parameters, in call order. */
  readonly params: readonly KernelParam[];
  /** WGSL defining `numbat_kernel` (and any helpers it calls), following the names above. */
  readonly body: string;
  /** For a reducing kernel: the type `numbat_kernel` returns (`'df'`: a double-f32 `vec2<f32>`, see `wgsl/df32.ts`). */
  readonly returns?: KernelReturn;
  /** For a reducing kernel: how invocation results combine (default `'sum'`). */
  readonly reduce?: Reduction;
  /** Whether the body calls `numbat_random()`. */
  readonly usesRandom: boolean;
  /**
   * Whether the body starts every loop iteration with `if (numbat_spin()) { break; }`: an invocation that runs
   * more than the launch's `maxLoopIterations` then breaks out of every loop and flags the launch, which
   * rejects. A kernel that never ends would otherwise hold the device's queue forever.
   */
  readonly boundedLoops?: boolean;
  /**
   * Whether the kernel checks that values stay where its answer is JavaScript's (the flags word's range bit): integer
   * expressions kept exact in i32, and under f64-emulated precision also its double-f32 arithmetic.
   */
  readonly rangeChecks?: 'integers' | 'f64-emulated';
  /** Where line `bodyLine` (0-based) of `body` came from in the JavaScript source, for error messages. */
  readonly locate?: (bodyLine: number) => SourcePosition | undefined;
  /**
   * For a 1-D reducing kernel: the arrays it only reads, and only at its own index (`xs[i]`, e.g. `return xs[i]`,
   * `a[i] * b[i]`), in parameter order. Each is also bound as `array<vec4<…>>`, and a launch whose lane arrays
   * are at least as long as it reduces with 16-byte loads (`wgsl/vector.ts`). The body then declares
   * `var<private> numbat_vl_<name>` and reads the element as that variable when the module constant
   * `numbat_vec` is true (the vector entry sets it per element), and as `a_<name>[numbat_li]` otherwise.
   */
  readonly laneReads?: readonly string[];
}

/**
 * A place in the user's JavaScript/TypeScript source.
 *
 * @example
 * ```ts
 * import type { SourcePosition } from 'numbat/gpu';
 *
 * const p: SourcePosition = { file: 'pi.ts', line: 12, column: 5, text: 'const x = Math.random();' };
 * ```
 */
export interface SourcePosition {
  /** File (or URL) when known. */
  readonly file?: string | undefined;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, when known. */
  readonly column?: number | undefined;
  /** The JavaScript text the WGSL came from (e.g. `xs[i] = a * xs[i]`). */
  readonly text?: string | undefined;
}

/**
 * `file:line:column` (or `line L` without a file) of a {@link SourcePosition}.
 *
 * @example
 * ```ts
 * import { formatPosition } from './abi.js';
 *
 * formatPosition({ file: 'pi.ts', line: 12, column: 5 }); // → 'pi.ts:12:5'
 * formatPosition({ line: 3 }); // → 'line 3'
 * ```
 */
export function formatPosition(p: SourcePosition): string {
  if (p.file) return `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}`;
  return `line ${p.line}${p.column ? `, column ${p.column}` : ''}`;
}

const WGSL_RESERVED = new Set(
  ('alias break case const const_assert continue continuing default diagnostic discard else enable false fn for ' +
    'if let loop override requires return struct switch true var while array atomic bool f16 f32 i32 u32 mat2x2 ' +
    'ptr sampler texture vec2 vec3 vec4 main').split(' '),
);

/**
 * A JavaScript identifier as a WGSL identifier: `$` is not allowed in WGSL, nor a leading `__`, nor keywords.
 * The mapping is one-to-one, so two JavaScript names never become one WGSL name (the JIT renames a shadowed
 * `x` to `x$1`, which must not meet a variable the user called `x_S1`): `_` becomes `_u` and `$` becomes `_S`,
 * so every `_` of the result starts an escape, except the `_` appended to a keyword (which has none).
 *
 * @example
 * ```ts
 * import { wgslIdent } from './abi.js';
 *
 * wgslIdent('x$1'); // → 'x_S1'
 * wgslIdent('x_S1'); // → 'x_uS1'
 * ```
 */
export function wgslIdent(name: string): string {
  const out = name.replace(/[_$]/g, (c) => (c === '$' ? '_S' : '_u'));
  return WGSL_RESERVED.has(out) ? out + '_' : out;
}

/**
 * Fixed fields at the start of the uniform struct, in order (all u32). `zero` is always 0: the double-f32
 * library ORs it into values the shader compiler must not see through (`wgsl/df32.ts`), and a whole word
 * the host writes has no bits a compiler could know.
 *
 * @example
 * ```ts
 * import { FIXED_UNIFORMS } from './abi.js';
 *
 * FIXED_UNIFORMS.indexOf('seed_lo'); // → 5
 * FIXED_UNIFORMS.length; // → 16
 * ```
 */
export const FIXED_UNIFORMS = [
  'start', 'end', 'base', 'partial_base', 'identity', 'seed_lo', 'seed_hi', 'launch', 'nx', 'ny', 'nz', 'ox', 'oy', 'oz', 'max_iters', 'zero',
] as const;

/**
 * The flag bit set when an invocation exceeds its loop budget (the others name arrays read out of bounds).
 *
 * @example
 * ```ts
 * import { GpuLoopLimitError } from 'numbat/gpu';
 * import { LOOP_LIMIT_FLAG } from './abi.js';
 *
 * // The flags word a launch reads back: bit 31 set by an invocation past its loop budget.
 * const flags = 0x80000000;
 * (flags & LOOP_LIMIT_FLAG) !== 0; // → true
 * ```
 */
export const LOOP_LIMIT_FLAG = 0x80000000;

/**
 * The flag bit set when a value left the range where the GPU's answer is JavaScript's: an integer expression
 * computed exactly in i32 (modulo 2^32) passed 2^53, where JS rounds it, or an f64-emulated operation of
 * finite values overflowed f32's exponent range, where JS's double is finite. Array flags use bits 0–29.
 *
 * @example
 * ```ts
 * import { RANGE_FLAG } from './abi.js';
 *
 * const flags = 0x40000000;
 * (flags & RANGE_FLAG) !== 0; // → true
 * ```
 */
export const RANGE_FLAG = 0x40000000;

/**
 * The flag bit of array parameter `k` read out of bounds: bit k, the last ones sharing bit 29 (bits 30 and 31
 * are `RANGE_FLAG` and `LOOP_LIMIT_FLAG`).
 *
 * @example
 * ```ts
 * import { arrayFlagBit } from './abi.js';
 *
 * [arrayFlagBit(0), arrayFlagBit(3), arrayFlagBit(40)]; // → [ 1, 8, 536870912 ]
 * ```
 */
export function arrayFlagBit(k: number): number {
  return 2 ** Math.min(k, 29);
}

/**
 * The uniform fields of one kernel parameter, in order (each a u32-sized word): `len_<name>` for an array,
 * then `rows_<name>` and `cols_<name>` for a 2-D one; `s_<name>` for a scalar.
 *
 * @example
 * ```ts
 * import { paramUniforms } from './abi.js';
 *
 * paramUniforms({ kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'array2d' }); // → [ 'len_m', 'rows_m', 'cols_m' ]
 * paramUniforms({ kind: 'scalar', name: 'a', type: 'f32' }); // → [ 's_a' ]
 * ```
 */
export function paramUniforms(p: KernelParam): readonly string[] {
  const id = wgslIdent(p.name);
  if (p.kind === 'scalar') return p.type === 'df' ? [`s_${id}`, `s_${id}_lo`] : [`s_${id}`];
  return p.matrix ? [`len_${id}`, `rows_${id}`, `cols_${id}`] : [`len_${id}`];
}

/**
 * Byte size of the uniform struct for a kernel (every field is 4 bytes; rounded up to 16 as WGSL requires).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { uniformSize } from './abi.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * uniformSize(spec); // → 80
 * ```
 */
export function uniformSize(spec: KernelSpec): number {
  const fields = FIXED_UNIFORMS.length + spec.params.reduce((n, p) => n + paramUniforms(p).length, 0);
  return Math.ceil((fields * 4) / 16) * 16;
}

/**
 * Binding numbers of a kernel, derived once from its spec for the shader, the bind group layout and the
 * bind groups: the uniform block at 0, then each array parameter in order, then the reduction's partials,
 * then the flags of checked reads.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { bindingsOf, type KernelBindings } from './abi.js';
 *
 * const spec: KernelSpec = {
 *   name: 'total', grid: 1, usesRandom: false, reduce: 'sum', returns: 'f32',
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: false, elementwise: true }],
 *   body: 'fn numbat_kernel(i: i32) -> f32 { return a_xs[numbat_li]; }',
 * };
 * const b: KernelBindings = bindingsOf(spec);
 * b; // → { uniform: 0, arrays: [ 1 ], partials: 2, count: 3 }
 * ```
 */
export interface KernelBindings {
  /** The uniform block. */
  readonly uniform: 0;
  /** Binding of each array parameter, in the order of the array parameters among `params`. */
  readonly arrays: readonly number[];
  /** The reduction's partials buffer, for a reducing kernel. */
  readonly partials?: number;
  /** The one-word flags buffer of checked integer reads, when any array has {@link ArrayParam.checkedReads}. */
  readonly flags?: number;
  /** The write mask of each {@link ArrayParam.scattered} array, by its position among the array parameters. */
  readonly masks?: readonly (number | undefined)[];
  /** In the vector entry's shader only: the vec4 view of each {@link KernelSpec.laneReads} array (read-only, the same buffer), in order. */
  readonly vectors?: readonly number[];
  /** How many bindings in all. */
  readonly count: number;
}

/**
 * The {@link KernelBindings} of a spec, for its scalar entry or (`vector`) its vector entry, whose shader
 * also binds the vec4 views of its lane arrays (`wgsl/vector.ts`).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { bindingsOf } from './abi.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * bindingsOf(spec).count; // → 2
 * ```
 */
export function bindingsOf(spec: KernelSpec, vector = false): KernelBindings {
  let next = 1;
  const arrays = spec.params.filter((p) => p.kind === 'array').map(() => next++);
  const partials = spec.returns ? next++ : undefined;
  const flags = spec.boundedLoops || spec.rangeChecks || spec.params.some((p) => p.kind === 'array' && p.checkedReads) ? next++ : undefined;
  const masks = spec.params.filter((p) => p.kind === 'array').map((p) => (p.scattered ? next++ : undefined));
  const vectors = vector && spec.returns ? (spec.laneReads ?? []).map(() => next++) : [];
  return {
    uniform: 0, arrays, ...(partials !== undefined ? { partials } : {}), ...(flags !== undefined ? { flags } : {}),
    ...(masks.some((m) => m !== undefined) ? { masks } : {}), ...(vectors.length > 0 ? { vectors } : {}), count: next,
  };
}

/**
 * The bit pattern of a reduction's identity (0 for sum, +∞/-∞ or the integer extremes for min/max).
 *
 * @example
 * ```ts
 * import { identityBits } from './abi.js';
 *
 * identityBits('min', 'f32').toString(16); // → '7f800000'
 * identityBits('sum', 'i32'); // → 0
 * ```
 */
export function identityBits(reduce: Reduction, type: KernelReturn): number {
  // A df reduction's identity is its high word, an f32 (the low word is 0).
  return storageRow(type === 'df' ? 'f32' : type).toWord(identityValue(reduce, type));
}

/**
 * The identity as a JavaScript number (the result of reducing over zero invocations).
 *
 * @example
 * ```ts
 * import { identityValue } from './abi.js';
 *
 * identityValue('max', 'f32'); // → -Infinity
 * identityValue('min', 'i32'); // → 2147483647
 * ```
 */
export function identityValue(reduce: Reduction, type: KernelReturn): number {
  if (reduce === 'sum') return 0;
  // A df value's range is f32's (the pair's high part).
  const [low, high] = storageRow(type === 'df' ? 'f32' : type).extremes;
  return reduce === 'min' ? high : low;
}
