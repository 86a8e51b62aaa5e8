/**
 * The uniform block of a launch: one slot per dispatch of its plan (at the device's uniform offset
 * alignment), each with the fixed fields of `abi.ts` and the kernel's scalars and array lengths. Packed in
 * one `ArrayBuffer`, written to one buffer per launch, bound at each slot's offset.
 *
 * @module
 */
import { FIXED_UNIFORMS, identityBits, uniformSize, type KernelSpec } from '../abi.js';
import { storageRow } from '../elements.js';
import { DeviceArray, type GpuTypedArray } from './array.js';
import type { LaunchPlan } from './plan.js';
import { packedDims } from './host.js';
import { splitF64 } from '../wgsl/df32.js';

/**
 * The per-launch values of the fixed uniforms that do not vary between dispatches.
 *
 * @example
 * ```ts
 * import type { LaunchFields } from './uniforms.js';
 *
 * // A 640 × 480 launch without Math.random, the first of its kernel, with the default loop bound.
 * const fields: LaunchFields = { extent: [640, 480, 1], seedLo: 0, seedHi: 0, launch: 0, maxIters: 2 ** 31 };
 * ```
 */
export interface LaunchFields {
  readonly extent: readonly [number, number, number];
  readonly seedLo: number;
  readonly seedHi: number;
  readonly launch: number;
  readonly maxIters: number;
}

/**
 * The uniform data of a launch, and the stride and size of its slots.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { planLaunch } from './plan.js';
 * import { packUniforms, type PackedUniforms } from './uniforms.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * const limits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
 * const plan = planLaunch({ extent: [1000, 1, 1], grid: 1, mode: 'linear', workgroupSize: 256, limits });
 * const fields = { extent: [1000, 1, 1] as const, seedLo: 0, seedHi: 0, launch: 0, maxIters: 2 ** 31 };
 * const u: PackedUniforms = packUniforms(spec, plan, [new Float32Array(1000), 2.5], fields, 256);
 * u.data.byteLength === u.slot * plan.dispatches.length; // → true
 * ```
 */
export interface PackedUniforms {
  readonly data: Uint32Array<ArrayBuffer>;
  /** Bytes from one dispatch's slot to the next (a multiple of the offset alignment). */
  readonly slot: number;
  /** Bytes of the uniform struct (the binding size). */
  readonly size: number;
}

/**
 * Packs the uniform slots of `plan`'s dispatches for `args` (see the module comment).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { FIXED_UNIFORMS } from '../abi.js';
 * import { planLaunch } from './plan.js';
 * import { packUniforms } from './uniforms.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * const limits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
 * const plan = planLaunch({ extent: [1000, 1, 1], grid: 1, mode: 'linear', workgroupSize: 256, limits });
 * const fields = { extent: [1000, 1, 1] as const, seedLo: 0, seedHi: 0, launch: 0, maxIters: 2 ** 31 };
 * const u = packUniforms(spec, plan, [new Float32Array(1000), 2.5], fields, 256);
 * // Fields in parameter order after the fixed ones: xs's length, then the scalar `a` as f32 bits.
 * u.data[FIXED_UNIFORMS.length]; // → 1000
 * new Float32Array(u.data.buffer, (FIXED_UNIFORMS.length + 1) * 4, 1)[0]; // → 2.5
 * ```
 */
export function packUniforms(spec: KernelSpec, plan: LaunchPlan, args: readonly unknown[], fields: LaunchFields, alignment: number): PackedUniforms {
  const size = uniformSize(spec);
  const slot = Math.ceil(size / alignment) * alignment;
  const data = new Uint32Array((slot / 4) * Math.max(1, plan.dispatches.length));
  const identity = spec.returns ? identityBits(spec.reduce ?? 'sum', spec.returns) : 0;
  // The kernel's own words are the same in every slot: computed once.
  const own = spec.params.flatMap((p, k) => {
    const arg = args[k];
    if (p.kind === 'array') {
      const length = arg instanceof DeviceArray ? arg.length : (arg as GpuTypedArray).length;
      if (p.pairs && !(arg instanceof DeviceArray)) return [length / 2]; // packed as (hi, lo) pairs (host.ts)
      if (!p.matrix) return [length];
      const dims = packedDims(arg);
      if (!dims) throw new TypeError(`gpu: internal error: the 2-D argument '${p.name}' was not packed`);
      return [length, dims.rows, dims.cols];
    }
    if (p.type === 'df') {
      // Double-f32 (wgsl/df32.ts): the nearest f32, then the nearest f32 to the rest, each as its f32 word.
      const f32 = storageRow('f32');
      return splitF64(arg as number).map((v) => f32.toWord(v));
    }
    if (p.type === 'bool') return [arg ? 1 : 0];
    return [storageRow(p.type).toWord(arg as number)];
  });
  plan.dispatches.forEach((d, s) => {
    const values: Record<(typeof FIXED_UNIFORMS)[number], number> = {
      start: d.start, end: d.end, base: d.base, partial_base: d.partialBase, identity,
      seed_lo: fields.seedLo, seed_hi: fields.seedHi, launch: fields.launch,
      nx: fields.extent[0], ny: fields.extent[1], nz: fields.extent[2],
      ox: d.origin[0], oy: d.origin[1], oz: d.origin[2], max_iters: fields.maxIters, zero: 0,
    };
    let at = (s * slot) / 4;
    for (const f of FIXED_UNIFORMS) data[at++] = values[f] >>> 0;
    for (const w of own) data[at++] = w;
  });
  return { data, slot, size };
}
