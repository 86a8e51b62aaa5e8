/**
 * What a kernel keeps from one launch to the next on the same device: bind groups by the buffers they bind,
 * its one uniform buffer and the words last written to it, and the last launch that the next may repeat
 * as it is (only encoding and submitting, as a hand-written Dawn loop does).
 *
 * @module
 */
import type { KernelSpec } from '../abi.js';
import { DeviceArray } from './array.js';
import { bufferId } from './buffers.js';
import type { DeviceHandle } from './device.js';
import { DEFAULT_MAX_LOOP_ITERATIONS, type LaunchOptions, type LaunchStats } from './options.js';
import type { CompiledPipeline } from './pipeline.js';
import type { LaunchPlan } from './plan.js';

/**
 * What a launch on device arrays alone (no fault flags, no `Math.random`) needs to be issued again with the
 * same arguments: the same buffers, plan, bind groups and uniform words (and a reduction's partials). The next
 * launch with identical arguments only encodes and submits (and maps the partials), as a hand-written Dawn
 * loop does.
 *
 * @example
 * ```ts
 * import { gpu, toDevice } from 'numbat/gpu';
 *
 * const k = gpu(function k(i: number, xs: Float32Array) { xs[i] = xs[i]! + 1; });
 * const xs = toDevice(new Float32Array(1024));
 * await k.launch(xs.length, xs); // planned, bound, remembered as a Repeat
 * await k.launch(xs.length, xs); // the same arguments: only encoded and submitted again
 * ```
 */
export interface Repeat {
  readonly generation: number;
  readonly requested: number | undefined;
  readonly limits: LaunchOptions['limits'];
  readonly vectorLoads: boolean | undefined;
  readonly extent: readonly [number, number, number];
  readonly args: readonly unknown[];
  /** The buffer of each device-array argument (undefined for scalars). */
  readonly buffers: readonly (GPUBuffer | undefined)[];
  readonly pipeline: GPUComputePipeline;
  readonly groups: readonly GPUBindGroup[];
  readonly plan: LaunchPlan;
  readonly words: Uint32Array;
  readonly stats: LaunchStats;
  /**
   * For a reduction: its partials buffer and the staging buffer they are copied into, owned by the cache (not
   * pooled). A repeat is refused while the staging buffer is mapped or being mapped by an earlier launch.
   */
  readonly partials?: { readonly buffer: GPUBuffer; readonly staging: GPUBuffer; readonly bytes: number };
  /**
   * For a kernel that can raise a fault flag (queued on device arrays, `faults.ts`): its flags word, owned by
   * the cache and bound in `groups`, cleared before each repeat and copied out into a fresh staging buffer;
   * and the loop budget its uniforms hold, which a repeat must ask for too.
   */
  readonly flags?: { readonly buffer: GPUBuffer; readonly maxIters: number };
}

/**
 * A repeat as issued: the remembered launch, and for a kernel with fault flags the staging buffer its flags
 * word is being copied into (the caller maps it: `faults.ts`).
 *
 * @example
 * ```ts
 * import type { Repeated } from './cache.js';
 *
 * const checkFlags = (r: Repeated): boolean => r.flagStaging !== undefined;
 * ```
 */
export interface Repeated extends Repeat {
  readonly flagStaging?: GPUBuffer;
}

/**
 * The per-kernel caches of {@link WgslKernel}'s launches (see the module comment).
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { assembleShader } from '../wgsl/shader.js';
 * import { KernelCache } from './cache.js';
 * import { acquireDevice } from './device.js';
 * import { pipelineFor } from './pipeline.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * const handle = await acquireDevice();
 * const compiled = await pipelineFor(handle, spec, assembleShader(spec, 256));
 * const uniforms = handle.device.createBuffer({ size: 256, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
 * const data = handle.device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
 * const entries = [{ binding: 0, resource: { buffer: uniforms } }, { binding: 1, resource: { buffer: data } }];
 * const cache = new KernelCache();
 * const group = cache.bindGroup(handle, compiled, entries);
 * console.log(cache.bindGroup(handle, compiled, entries) === group); // true: made once
 * ```
 */
export class KernelCache {
  /** Bind groups by device generation, pipeline and every bound (buffer, offset, size): most launches reuse one. */
  readonly #groups = new Map<string, GPUBindGroup>();
  /**
   * The kernel's uniform buffer on the current device and the words last written to it. A launch writes it
   * only when its words differ; `queue.writeBuffer` is ordered on the queue, so launches already submitted
   * still read their own values.
   */
  #uniforms: { generation: number; buffer: GPUBuffer; words: Uint32Array<ArrayBuffer> } | undefined;
  #repeat: Repeat | undefined;

  /**
   * The bind group of `entries` for `compiled`, made once per (device, pipeline, buffers, offsets).
   */
  bindGroup(handle: DeviceHandle, compiled: CompiledPipeline, entries: readonly GPUBindGroupEntry[]): GPUBindGroup {
    let key = `${handle.generation}:${bufferId(compiled.pipeline)}`;
    for (const e of entries) {
      const r = e.resource as GPUBufferBinding;
      key += `|${e.binding}:${bufferId(r.buffer)}:${r.offset ?? 0}:${r.size ?? -1}`;
    }
    let group = this.#groups.get(key);
    if (!group) {
      // A kernel launched over many different buffers: start again rather than grow without bound.
      if (this.#groups.size >= 64) this.#groups.clear();
      group = handle.device.createBindGroup({ layout: compiled.layout, entries });
      this.#groups.set(key, group);
    }
    return group;
  }

  /**
   * Issues `args` again as the remembered launch did, when nothing differs (see {@link Repeat}), and returns
   * what it repeated (a reduction's caller then maps `partials.staging`); undefined when the launch must be
   * planned and bound in full.
   */
  repeat(
    handle: DeviceHandle, spec: KernelSpec, opts: LaunchOptions, extent: readonly [number, number, number], args: readonly unknown[],
    flagStaging: () => GPUBuffer,
  ): Repeated | undefined {
    const r = this.#repeat;
    if (!r || r.generation !== handle.generation || handle.lost || opts.debug || r.requested !== opts.workgroupSize || r.limits !== opts.limits || r.vectorLoads !== opts.vectorLoads) return undefined;
    if (r.flags && r.flags.maxIters !== (opts.maxLoopIterations ?? DEFAULT_MAX_LOOP_ITERATIONS)) return undefined;
    if (r.partials && r.partials.staging.mapState !== 'unmapped') return undefined;
    if (r.extent[0] !== extent[0] || r.extent[1] !== extent[1] || r.extent[2] !== extent[2]) return undefined;
    // Another launch of this kernel may have rewritten the uniform buffer since.
    if (this.#uniforms?.words !== r.words) return undefined;
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a instanceof DeviceArray) {
        if (!a.residentOn(handle) || a.bufferOn(handle) !== r.buffers[k]) return undefined;
      } else if (!Object.is(a, r.args[k])) return undefined;
    }
    spec.params.forEach((p, k) => {
      if (p.kind === 'array' && p.writes) (args[k] as DeviceArray).markWritten();
    });
    const encoder = handle.device.createCommandEncoder();
    if (r.flags) encoder.clearBuffer(r.flags.buffer);
    const pass = encoder.beginComputePass();
    pass.setPipeline(r.pipeline);
    r.plan.dispatches.forEach((d, s) => {
      pass.setBindGroup(0, r.groups[s]!);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    });
    pass.end();
    if (r.partials) encoder.copyBufferToBuffer(r.partials.buffer, 0, r.partials.staging, 0, r.partials.bytes);
    const staging = r.flags ? flagStaging() : undefined;
    if (r.flags) encoder.copyBufferToBuffer(r.flags.buffer, 0, staging!, 0, 4);
    handle.device.queue.submit([encoder.finish()]);
    return staging ? { ...r, flagStaging: staging } : r;
  }

  /** Remembers a launch that the next one with the same arguments may repeat (undefined: none). */
  remember(launch: Omit<Repeat, 'words'> | undefined): void {
    const old = this.#repeat?.partials;
    // The replaced launch's partials die with it, unless it is still reading them (then they are collected).
    if (old && old !== launch?.partials && old.staging.mapState === 'unmapped') {
      old.buffer.destroy();
      old.staging.destroy();
    }
    // Queued work still using it keeps it alive: destroy() takes effect once the queue is done with it.
    const oldFlags = this.#repeat?.flags;
    if (oldFlags && oldFlags.buffer !== launch?.flags?.buffer) oldFlags.buffer.destroy();
    this.#repeat = launch && this.#uniforms ? { ...launch, words: this.#uniforms.words } : undefined;
  }

  /** The kernel's uniform buffer holding `words`: written only when they differ from what it holds. */
  uniformBuffer(handle: DeviceHandle, words: Uint32Array<ArrayBuffer>, create: () => GPUBuffer): { buffer: GPUBuffer; written: boolean } {
    const held = this.#uniforms;
    if (held && held.generation === handle.generation && held.words.length >= words.length) {
      let same = held.words.length === words.length;
      for (let k = 0; same && k < words.length; k++) same = held.words[k] === words[k];
      if (same) return { buffer: held.buffer, written: false };
      handle.device.queue.writeBuffer(held.buffer, 0, words);
      this.#uniforms = { generation: handle.generation, buffer: held.buffer, words };
      return { buffer: held.buffer, written: true };
    }
    // A larger plan: a new buffer; the old one stays alive while queued work uses it, then is collected.
    const buffer = create();
    handle.device.queue.writeBuffer(buffer, 0, words);
    this.#uniforms = { generation: handle.generation, buffer, words };
    return { buffer, written: true };
  }
}
