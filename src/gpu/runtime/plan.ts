/**
 * The dispatch plan of a launch, from the device's limits alone (no GPU needed, so it is unit-tested at
 * sizes no test could allocate): which dispatches cover the index space, with which workgroup counts, at
 * which offsets arrays too large for one storage binding are bound, and where each reducing dispatch writes
 * its partials. Every field a dispatch's shader needs is in its {@link Dispatch}; the runtime writes them into
 * one uniform slot per dispatch, in one buffer per launch.
 *
 * Three shapes:
 * - **linear** (1-D kernels): indices `[start, end)` per dispatch, workgroups laid out over x, y and z so that
 *   up to `maxComputeWorkgroupsPerDimension`³ groups fit one dispatch; more, or an array over
 *   `maxStorageBufferBindingSize`, split into several dispatches.
 * - **tiled** (2-D/3-D kernels that return nothing): native 2-D/3-D workgroups (16×16, 8×8×4 for 256), one
 *   tile of the grid per dispatch at origin `(ox, oy, oz)`, so the shader computes `x = ox + gid.x` instead
 *   of a divide and a modulo per invocation.
 * - **reducing**: a grid-stride loop over `[start, end)` by at most {@link REDUCE_MAX_WORKGROUPS} workgroups,
 *   each writing one partial (2-D/3-D indices come from the linear index there).
 *
 * Index arithmetic in the shader is u32 and never wraps: a launch has at most 2^31 - 1 invocations, and a
 * dispatch's workgroups overshoot its range by less than one row of groups (see {@link groupsFor}).
 *
 * @module
 */
import { REDUCE_MAX_WORKGROUPS } from './options.js';

/**
 * The device limits a plan depends on (a `GPUSupportedLimits` has them all).
 *
 * @example
 * ```ts
 * import { planLaunch, type PlanLimits } from './plan.js';
 *
 * // lavapipe's limits; pass the device's own (a GPUSupportedLimits has them all).
 * const limits: PlanLimits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
 * planLaunch({ extent: [1000, 1, 1], grid: 1, mode: 'linear', workgroupSize: 256, limits }).dispatches.length; // → 1
 * ```
 */
export interface PlanLimits {
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBufferBindingSize: number;
  readonly minStorageBufferOffsetAlignment: number;
}

/**
 * One `dispatchWorkgroups` call and the uniform fields its invocations read.
 *
 * @example
 * ```ts
 * import type { Dispatch } from './plan.js';
 *
 * // 1000 invocations in 4 workgroups of 256, all arrays bound from element 0.
 * const d: Dispatch = { start: 0, end: 1000, base: 0, bindLength: 1000, origin: [0, 0, 0], groups: [4, 1, 1], partialBase: 0 };
 * ```
 */
export interface Dispatch {
  /** Linear dispatches: the first linear index covered, and one past the last. */
  readonly start: number;
  readonly end: number;
  /** Linear dispatches: the index at which split arrays are bound (the shader's `numbat_li` is `idx - base`). */
  readonly base: number;
  /** Elements of a split array's window from `base` (the binding's length). */
  readonly bindLength: number;
  /** Tiled dispatches: the grid coordinates of the tile's first invocation. */
  readonly origin: readonly [number, number, number];
  /** Workgroups in x, y and z. */
  readonly groups: readonly [number, number, number];
  /** Reducing dispatches: where its first workgroup's partial goes. */
  readonly partialBase: number;
}

/**
 * A launch's dispatches and its workgroup shape.
 *
 * @example
 * ```ts
 * import { planLaunch, type LaunchPlan, type PlanLimits } from './plan.js';
 *
 * const limits: PlanLimits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
 * const { dispatches, workgroup, partials }: LaunchPlan = planLaunch({ extent: [1e6, 1, 1], grid: 1, mode: 'linear', workgroupSize: 256, limits });
 * [dispatches.length, workgroup, partials]; // → [ 1, [ 256, 1, 1 ], 0 ]
 * ```
 */
export interface LaunchPlan {
  readonly mode: PlanMode;
  /** The workgroup's x, y and z sizes (their product is the workgroup size). */
  readonly workgroup: readonly [number, number, number];
  readonly dispatches: readonly Dispatch[];
  /** Partials written in all (reducing plans). */
  readonly partials: number;
  /** Whether arrays are bound in windows (an elementwise array over one storage binding). */
  readonly split: boolean;
}

/**
 * How a kernel's invocations are laid out (see the module comment).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import type { PlanMode } from './plan.js';
 *
 * const modeOf = (spec: KernelSpec): PlanMode => (spec.returns ? 'reducing' : spec.grid > 1 ? 'tiled' : 'linear');
 * modeOf({ name: 'k', grid: 2, params: [], body: '', usesRandom: false }); // → 'tiled'
 * ```
 */
export type PlanMode = 'linear' | 'tiled' | 'reducing';

/**
 * What {@link planLaunch} needs.
 *
 * @example
 * ```ts
 * import { planLaunch, type PlanInput, type PlanLimits } from './plan.js';
 *
 * const limits: PlanLimits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
 * const input: PlanInput = { extent: [640, 480, 1], grid: 2, mode: 'tiled', workgroupSize: 256, limits };
 * planLaunch(input).workgroup; // → [ 16, 16, 1 ]
 * ```
 */
export interface PlanInput {
  readonly extent: readonly [number, number, number];
  readonly grid: 1 | 2 | 3;
  readonly mode: PlanMode;
  readonly workgroupSize: number;
  readonly limits: PlanLimits;
  /** Length in elements of the longest elementwise array, when it exceeds one storage binding (linear only). */
  readonly splitElements?: number;
  /** Bytes per element of the widest split array (default 4; 8 for double-f32 pairs): windows are sized by it. */
  readonly splitElementBytes?: number;
}

/**
 * Workgroup counts `[x, y, z]` for `count` groups within `maxPerDim` per dimension: x is filled first, then
 * y, then z. The product exceeds `count` by less than `x · y` (one z-slice), which keeps `local` indices in
 * u32 for any launch of at most 2^31 invocations; `count` must be at most `maxPerDim`³.
 *
 * @example
 * ```ts
 * import { groupsFor } from './plan.js';
 *
 * groupsFor(70000, 65535); // → [ 65535, 2, 1 ]
 * groupsFor(10, 65535); // → [ 10, 1, 1 ]
 * ```
 */
export function groupsFor(count: number, maxPerDim: number): [number, number, number] {
  if (count > maxPerDim ** 3) throw new RangeError(`gpu: ${count} workgroups do not fit one dispatch (at most ${maxPerDim}^3)`);
  const x = Math.min(count, maxPerDim);
  const y = Math.min(Math.ceil(count / x), maxPerDim);
  const z = Math.ceil(count / (x * y));
  return [x, y, z];
}

/**
 * The workgroup shape of a tiled 2-D/3-D launch: a power-of-two workgroup is split as evenly as it can be
 * between the dimensions (256 → 16×16 or 8×8×4), narrowed where the grid is narrower than a tile (a 3-wide
 * grid gets 4-wide workgroups, the rest going to y). Other sizes stay 1-D rows `[size, 1, 1]`.
 *
 * @example
 * ```ts
 * import { tileShape } from './plan.js';
 *
 * tileShape(256, 2, [640, 480, 1]); // → [ 16, 16, 1 ]
 * tileShape(256, 2, [3, 1000, 1]); // → [ 4, 64, 1 ]
 * ```
 */
export function tileShape(size: number, grid: 2 | 3, extent: readonly [number, number, number]): [number, number, number] {
  if ((size & (size - 1)) !== 0) return [size, 1, 1];
  const log = Math.log2(size);
  const shares = grid === 2 ? [Math.ceil(log / 2), Math.floor(log / 2), 0] : [Math.ceil(log / 3), Math.ceil((log - Math.ceil(log / 3)) / 2), 0];
  shares[2] = grid === 3 ? log - shares[0]! - shares[1]! : 0;
  // Give dimensions narrower than their share's tile the excess, in order x, y, z.
  const dims = [0, 1, 2].slice(0, grid);
  let spare = 0;
  for (const d of dims) {
    const need = Math.max(0, Math.ceil(Math.log2(Math.max(1, extent[d]!))));
    if (shares[d]! > need) {
      spare += shares[d]! - need;
      shares[d] = need;
    }
  }
  for (const d of dims) {
    const need = Math.max(0, Math.ceil(Math.log2(Math.max(1, extent[d]!))));
    const add = Math.min(spare, Math.max(0, need - shares[d]!));
    shares[d]! += add;
    spare -= add;
  }
  shares[0]! += spare; // a grid smaller than one workgroup: the rest along x, masked by the bounds test
  // WebGPU guarantees workgroups 256 high and 64 deep (x is bounded by the size itself): the excess goes to x.
  for (const [d, max] of [[2, 6], [1, 8]] as const) {
    if (shares[d]! > max) {
      shares[0]! += shares[d]! - max;
      shares[d] = max;
    }
  }
  return [2 ** shares[0]!, 2 ** shares[1]!, 2 ** shares[2]!];
}

function linear(input: PlanInput, reducing: boolean): LaunchPlan {
  const { limits, workgroupSize: wg } = input;
  const total = input.extent[0] * input.extent[1] * input.extent[2];
  const maxPerDim = limits.maxComputeWorkgroupsPerDimension;
  // Split arrays are bound in windows of whole alignment units, each window one or more dispatches.
  const align = Math.max(1, limits.minStorageBufferOffsetAlignment / 4);
  const split = input.splitElements !== undefined;
  const window = split ? Math.floor(limits.maxStorageBufferBindingSize / (input.splitElementBytes ?? 4) / align) * align : total;
  if (window < 1) throw new RangeError('gpu: the storage binding limit is smaller than one alignment unit');
  // A reducing dispatch loops over any range with few groups; a linear one needs a group per `wg` indices.
  const perDispatch = reducing ? window : Math.min(window, maxPerDim ** 3 * wg);
  const dispatches: Dispatch[] = [];
  let partials = 0;
  for (let base = 0; base < total; base += window) {
    const windowEnd = Math.min(total, base + window);
    for (let start = base; start < windowEnd; start += perDispatch) {
      const end = Math.min(windowEnd, start + perDispatch);
      let count = Math.ceil((end - start) / wg);
      if (reducing) count = Math.min(count, REDUCE_MAX_WORKGROUPS, maxPerDim ** 3);
      const groups = groupsFor(count, maxPerDim);
      dispatches.push({ start, end, base, bindLength: windowEnd - base, origin: [0, 0, 0], groups, partialBase: partials });
      if (reducing) partials += groups[0] * groups[1] * groups[2];
    }
  }
  return { mode: reducing ? 'reducing' : 'linear', workgroup: [wg, 1, 1], dispatches, partials, split };
}

function tiled(input: PlanInput): LaunchPlan {
  const { extent, limits } = input;
  const workgroup = tileShape(input.workgroupSize, input.grid as 2 | 3, extent);
  const maxPerDim = limits.maxComputeWorkgroupsPerDimension;
  const total = extent[0] * extent[1] * extent[2];
  const dispatches: Dispatch[] = [];
  // Tiles of at most maxPerDim workgroups per dimension, z outermost.
  const step = workgroup.map((w) => w * maxPerDim);
  for (let oz = 0; oz < extent[2]; oz += step[2]!) {
    for (let oy = 0; oy < extent[1]; oy += step[1]!) {
      for (let ox = 0; ox < extent[0]; ox += step[0]!) {
        const groups: [number, number, number] = [
          Math.ceil(Math.min(step[0]!, extent[0] - ox) / workgroup[0]),
          Math.ceil(Math.min(step[1]!, extent[1] - oy) / workgroup[1]),
          Math.ceil(Math.min(step[2]!, extent[2] - oz) / workgroup[2]),
        ];
        dispatches.push({ start: 0, end: total, base: 0, bindLength: total, origin: [ox, oy, oz], groups, partialBase: 0 });
      }
    }
  }
  return { mode: 'tiled', workgroup, dispatches, partials: 0, split: false };
}

/**
 * The plan of one launch (see the module comment). An empty extent gives no dispatches.
 *
 * @example
 * ```ts
 * import { planLaunch, type PlanLimits } from './plan.js';
 *
 * const limits: PlanLimits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
 * // 2e7 f32 = 80 MB fit one 128 MiB binding: one dispatch.
 * planLaunch({ extent: [2e7, 1, 1], grid: 1, mode: 'linear', workgroupSize: 256, limits }).dispatches.length; // → 1
 * planLaunch({ extent: [0, 1, 1], grid: 1, mode: 'linear', workgroupSize: 256, limits }).dispatches.length; // → 0
 * ```
 */
export function planLaunch(input: PlanInput): LaunchPlan {
  const total = input.extent[0] * input.extent[1] * input.extent[2];
  if (total === 0) return { mode: input.mode, workgroup: [input.workgroupSize, 1, 1], dispatches: [], partials: 0, split: false };
  if (input.mode === 'tiled') return tiled(input);
  return linear(input, input.mode === 'reducing');
}
