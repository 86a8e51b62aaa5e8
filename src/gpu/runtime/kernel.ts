/**
 * Over 400 lines, with a reason: `#run` is one launch's sequence (size checks, plan, buffers, uniforms, encode,
 * submit, read back) kept in one method, so that its ordering rules (error scopes opened before the first
 * buffer is created, no await between the uniform write and the submit) can be read in one place.
 *
 * `WgslKernel`: a kernel spec bound to the runtime. A launch checks its arguments, waits for earlier launches
 * on the same data (`order.ts`), plans its dispatches from the device's limits (`plan.ts`), binds storage
 * buffers (device arrays as they are, host arrays through pooled buffers; arrays the kernel overwrites are not
 * uploaded), writes its uniforms (`uniforms.ts`) into the kernel's one uniform buffer when they changed, and
 * reads back only written host arrays, the reduction's partials and the fault flags. A launch on device
 * arrays alone is queued, not waited for; if its kernel can raise a fault flag, the flag is read when the GPU
 * gets there and the fault travels with the arrays it wrote (`faults.ts`).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as nodeSetTimeout } from 'node:timers';
import { bindingsOf, identityValue, type ArrayParam, type ElementType, type KernelSpec } from '../abi.js';
import { storageRow } from '../elements.js';
import { reductionRule, combineOnHost } from '../reduction.js';
import { assembleShader, type AssembledShader } from '../wgsl/shader.js';
import { checkArgs } from './args.js';
import { packHostArgs } from './host.js';
import { DeviceArray, type GpuTypedArray } from './array.js';
import { recycle, takeBuffer, typedCtor } from './buffers.js';
import { KernelCache, type Repeat } from './cache.js';
import { acquireDevice, beginWork, GpuDeviceLostError, readyDevice, retire, type DeviceHandle } from './device.js';
import { GpuLaunchError, GpuTimeoutError } from './errors.js';
import { deferFault, faultOf, firstFault, mergeFaults, type DeferredFault } from './faults.js';
import {
  DEFAULT_LAUNCH_TIMEOUT, DEFAULT_MAX_LOOP_ITERATIONS, DEFAULT_WORKGROUP_SIZE, normalizeExtent, type GridExtent, type LaunchOptions, type LaunchStats,
} from './options.js';
import { inOrder, nothingPending, resourceOf } from './order.js';
import { pipelineFor, type CompiledPipeline } from './pipeline.js';
import { planLaunch, tileShape, type LaunchPlan, type PlanLimits } from './plan.js';
import { packUniforms } from './uniforms.js';
import { watch } from './watchdog.js';

/** The faults the device arrays among `args` may carry (`faults.ts`), each once. */
function faultsOfArgs(args: readonly unknown[]): readonly DeferredFault[] {
  return args.reduce<readonly DeferredFault[]>((all, a) => (a instanceof DeviceArray ? mergeFaults(all, a.faults) : all), []);
}

/** Attaches `faults` to every device array among `args` that `spec` writes. */
function carryFaults(spec: KernelSpec, args: readonly unknown[], faults: readonly DeferredFault[]): void {
  if (faults.length === 0) return;
  spec.params.forEach((p, k) => {
    const a = args[k];
    if (p.kind === 'array' && p.writes && a instanceof DeviceArray) a.addFaults(faults);
  });
}

/** The staging buffer a launch's 4-byte flags word is copied into. */
const flagsReadDescriptor = (): GPUBufferDescriptor => ({ label: 'flags-read', size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });

/** Abandons `handle`'s device for a launch of `kernel` past its `timeout` (retire never blocks on a hung queue). */
function retireTimedOut(handle: DeviceHandle, kernel: string, timeout: number): void {
  retire(handle, `a launch of kernel '${kernel}' timed out after ${timeout} ms`);
}

/** Set by a launch that was queued with a fault check still to come (`faults.ts`): when it settles. */
interface QueuedCheck {
  check?: Promise<unknown>;
}

interface BoundArray {
  readonly index: number;
  readonly buffer: GPUBuffer;
  readonly length: number;
  /** Bytes per element (the element's row in `elements.ts`). */
  readonly elementBytes: number;
  readonly elementwise: boolean;
  /** Where to copy the result back, for written host arrays. */
  readonly readback?: GpuTypedArray;
  /** The write mask of a scattered array (one bit per element, cleared before the dispatch). */
  readonly mask?: GPUBuffer;
}

/**
 * Workgroups a launch should have to fill the largest GPUs: an H100 has 132 SMs, each holding 8 resident
 * workgroups of 256 invocations.
 */
const FILL_WORKGROUPS = 1024;

function randomSeed(): number {
  const bytes = randomBytes(8);
  return bytes.readUInt32LE(0) + bytes.readUInt32LE(4) * 2 ** 32;
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => nodeSetTimeout(() => resolve(undefined), ms).unref());
}

function lengthOf(arg: unknown): number {
  return arg instanceof DeviceArray ? arg.length : (arg as GpuTypedArray).length;
}

/**
 * Elements of an array argument and their bytes in its buffer: a Float64Array under `f64-emulated` (a device
 * array, or a host one packed into pairs by host.ts) is 8 bytes an element, two f32 words.
 */
function extentOf(p: ArrayParam, arg: unknown): { length: number; elementBytes: number } {
  if (!p.pairs) return { length: lengthOf(arg), elementBytes: storageRow(p.element).bytes };
  return { length: arg instanceof DeviceArray ? arg.length : (arg as Float32Array).length / 2, elementBytes: 8 };
}

/**
 * A kernel body bound to the runtime: assembles its shader per workgroup shape and launches it. `gpu(kernel)`
 * builds one from the JIT's IR; it can also wrap hand-written WGSL that follows the ABI of `abi.ts`.
 *
 * @example
 * ```ts
 * import { WgslKernel } from 'numbat/internals';
 *
 * // Hand-written WGSL after the ABI of abi.ts: array `xs` is `a_xs`, scalar `a` is `numbat_P.s_a`,
 * // and `numbat_li` is the invocation's element index.
 * const scale = new WgslKernel({
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * });
 * const xs = new Float32Array([1, 2, 3]);
 * await scale.launch(xs.length, [xs, 2]);
 * console.log(xs); // Float32Array(3) [ 2, 4, 6 ]
 * ```
 */
export class WgslKernel {
  #launches = 0;
  readonly #shaders = new Map<string, AssembledShader>();
  /** Pipelines whose first launch was checked with error scopes. */
  readonly #validated = new WeakSet<GPUComputePipeline>();
  /** Bind groups, the uniform buffer and the last repeatable launch (see `cache.ts`). */
  readonly #cache = new KernelCache();
  readonly #seed: number | undefined;
  /** Statistics of the most recent launch. */
  lastLaunch: LaunchStats | undefined;

  constructor(
    /** The kernel body and its parameters; shaders are assembled from it per workgroup shape. */
    readonly spec: KernelSpec,
    /** Options for every launch (and the workgroup size {@link WgslKernel.wgsl} assembles for); options passed to a launch override them key by key. */
    readonly defaults: LaunchOptions = {},
  ) {
    this.#seed = defaults.seed;
  }

  /**
   * The complete WGSL shader for a workgroup size (for a 2-D/3-D kernel, the tiled shape of a large grid).
   */
  wgsl(workgroupSize = this.defaults.workgroupSize ?? DEFAULT_WORKGROUP_SIZE): string {
    const big = 1 << 16;
    const tiled = this.spec.grid > 1 && !this.spec.returns;
    return assembleShader(this.spec, tiled ? tileShape(workgroupSize, this.spec.grid as 2 | 3, [big, big, big]) : workgroupSize).code;
  }

  #workgroupSize(limits: GPUSupportedLimits, requested: number | undefined, total: number): number {
    const max = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
    if (requested === undefined) {
      // WebGPU does not say how many SMs a GPU has: a launch too small to give the largest GPUs
      // FILL_WORKGROUPS groups of 256 runs in groups of 64, four times as many (closest pair on 2e4 points:
      // 313 groups instead of 79 for an H100's 132 SMs). Same results: streams and indices do not depend on it.
      const size = Math.min(DEFAULT_WORKGROUP_SIZE, max);
      return total < FILL_WORKGROUPS * size ? Math.min(size, 64) : size;
    }
    if (!Number.isInteger(requested) || requested < 1 || requested > max) {
      throw new RangeError(`gpu: workgroupSize must be an integer from 1 to ${max} on this device, got ${requested}`);
    }
    const words = this.spec.returns ? reductionRule(this.spec.reduce ?? 'sum', this.spec.returns).words : 0;
    if (requested * 4 * words > limits.maxComputeWorkgroupStorageSize) {
      throw new RangeError(`gpu: workgroupSize ${requested} needs more workgroup memory for the reduction than this device has`);
    }
    return requested;
  }

  /** The device's limits, lowered (never raised) by the `limits` option. */
  #limits(device: GPUSupportedLimits, lowered: LaunchOptions['limits']): PlanLimits {
    const pick = (key: 'maxComputeWorkgroupsPerDimension' | 'maxStorageBufferBindingSize'): number => Math.min(device[key], lowered?.[key] ?? Infinity);
    return {
      maxComputeWorkgroupsPerDimension: pick('maxComputeWorkgroupsPerDimension'),
      maxStorageBufferBindingSize: pick('maxStorageBufferBindingSize'),
      minStorageBufferOffsetAlignment: device.minStorageBufferOffsetAlignment,
    };
  }

  /**
   * Runs the kernel over `extent` invocations. Resolves when written arrays have been copied back into the
   * caller's typed arrays (device arrays stay on the device), to the reduced total for a reducing kernel.
   */
  async launch(extent: GridExtent, args: readonly unknown[], options?: LaunchOptions): Promise<number | undefined> {
    const spec = this.spec;
    const opts = options === undefined ? this.defaults : { ...this.defaults, ...options };
    const [nx, ny, nz] = normalizeExtent(extent, spec.grid, spec.name);
    const total = nx * ny * nz;
    const timeout = opts.timeout ?? DEFAULT_LAUNCH_TIMEOUT;
    if (!(timeout > 0)) throw new RangeError(`gpu: timeout must be a positive number of milliseconds, got ${timeout}`);
    // A repeat has the very arguments of a launch that passed checkArgs (see cache.ts): only their count is checked.
    const handle = total > 0 && args.length === spec.params.length ? readyDevice() : undefined;
    const repeated = handle ? this.#repeatNow(handle, opts, [nx, ny, nz], args, timeout) : undefined;
    if (repeated) {
      this.#launches++;
      return repeated.partials ? this.#readRepeat(handle!, repeated, timeout) : undefined;
    }
    checkArgs(spec, args, opts);
    const launchIndex = this.#launches++;
    const reduce = spec.reduce ?? 'sum';
    if (total === 0) return spec.returns ? identityValue(reduce, spec.returns) : undefined;
    const resources = args.map(resourceOf).filter((r): r is object => r !== undefined);
    return inOrder(resources, async () => {
      // Packed when the launch runs, after earlier launches on the same arrays have written back.
      const packed = packHostArgs(spec, args);
      const result = await this.#launchNow(opts, [nx, ny, nz], packed.args, launchIndex, timeout);
      packed.commit();
      return result;
    });
  }

  /**
   * The fast path of a launch that repeats the last one on device arrays (see `cache.ts`): issued at once,
   * with no ordering chain, when no launch is pending on its arrays (a reduction then only maps its partials).
   * Undefined when the launch must take the full path.
   */
  #repeatNow(handle: DeviceHandle, opts: LaunchOptions, extent: [number, number, number], args: readonly unknown[], timeout: number): Repeat | undefined {
    if (!nothingPending(args)) return undefined;
    for (const a of args) if (typeof a === 'object' && !(a instanceof DeviceArray)) return undefined;
    const repeated = this.#issueRepeat(handle, opts, extent, args, timeout);
    if (!repeated) return undefined;
    this.lastLaunch = repeated.stats;
    if (!repeated.partials) beginWork()(); // counts as activity for the idle release (a reduction's read does too)
    return repeated;
  }

  /**
   * Repeats the remembered launch through the cache; for a kernel with fault flags, starts its deferred check
   * (attached to the arrays it writes) under a watch of `timeout`, as a queued full launch does.
   */
  #issueRepeat(handle: DeviceHandle, opts: LaunchOptions, extent: [number, number, number], args: readonly unknown[], timeout: number): Repeat | undefined {
    const inherited = faultsOfArgs(args);
    // A total computed from data that may be faulted waits for those checks: the full path does.
    if (inherited.length > 0 && this.spec.returns) return undefined;
    const device = handle.device;
    const repeated = this.#cache.repeat(handle, this.spec, opts, extent, args, () => takeBuffer(device, flagsReadDescriptor(), []));
    if (!repeated) return undefined;
    let carried = inherited;
    if (repeated.flagStaging) {
      const name = this.spec.name;
      const fault = deferFault(this.#flagCheck(handle, repeated.flagStaging, repeated.flags!.maxIters));
      carried = mergeFaults(inherited, [fault]);
      if (timeout !== Infinity) {
        const unwatch = watch(timeout, () => retireTimedOut(handle, name, timeout));
        void fault.settled.finally(unwatch);
      }
    }
    // As in a full launch: what it writes carries the faults of what it read, and its own.
    carryFaults(this.spec, args, carried);
    return repeated;
  }

  /**
   * Reads a repeated reduction's partials (the launch is already submitted) and combines them, under the same
   * guards as a full launch (timeout, device loss). One promise and one map per launch, no `await` chain: this
   * is most of a tiny reduction's host cost. Device loss needs no race with `device.lost` (a reaction added to
   * that long-lived promise per launch would be kept until the device goes): `mapAsync` rejects then.
   */
  #readRepeat(handle: DeviceHandle, repeated: Repeat, timeout: number): Promise<number> {
    const { staging, bytes } = repeated.partials!;
    const name = this.spec.name;
    const done = beginWork();
    return new Promise<number>((resolve, reject) => {
      let settled = false;
      const unwatch = timeout === Infinity ? undefined : watch(timeout, () => {
        if (settled) return;
        settled = true;
        done();
        // Dawn's destroy() would wait for the hung queue: abandon the device instead (retire never blocks).
        retireTimedOut(handle, name, timeout);
        reject(new GpuTimeoutError(name, timeout));
      });
      staging.mapAsync(GPUMapMode.READ).then(() => {
        if (settled) return void staging.unmap();
        settled = true;
        unwatch?.();
        try {
          resolve(this.#combine(new Uint32Array(staging.getMappedRange(), 0, bytes / 4), repeated.plan.partials));
        } catch (error) {
          reject(error);
        } finally {
          if (staging.mapState === 'mapped') staging.unmap();
          done();
        }
      }, (error: unknown) => {
        if (settled) return;
        settled = true;
        unwatch?.();
        done();
        this.#lostError(handle, error).then(reject, reject);
      });
    });
  }

  /** The error a launch rejects with when `error` ends it: a GpuDeviceLostError naming the kernel if the device went. */
  async #lostError(handle: DeviceHandle, error: unknown): Promise<unknown> {
    if (error instanceof GpuDeviceLostError || handle.lost) {
      // mapAsync rejects with an empty AbortError before `device.lost` resolves: wait for the reason.
      const lost = error instanceof GpuDeviceLostError ? error : await Promise.race([handle.lostPromise.catch((e: unknown) => e), delay(200)]);
      if (lost instanceof GpuDeviceLostError) {
        return new GpuDeviceLostError(`gpu: launch of kernel '${this.spec.name}' failed: ${lost.message}`, lost.reason);
      }
    }
    return error;
  }

  async #launchNow(
    opts: LaunchOptions, extent: [number, number, number], args: readonly unknown[], launchIndex: number, timeout: number,
  ): Promise<number | undefined> {
    const spec = this.spec;
    const handle = readyDevice() ?? (await acquireDevice());
    const done = beginWork();
    const temporaries: GPUBuffer[] = [];
    const queued: QueuedCheck = {};
    let ok = false;
    let unwatch: (() => void) | undefined;
    try {
      let expire: ((error: GpuTimeoutError) => void) | undefined;
      const expired = timeout === Infinity ? undefined : new Promise<never>((_, reject) => (expire = reject));
      // A queued launch's watch outlives the launch (below): its expiry then has no listener but this one.
      expired?.catch(() => undefined);
      // The clock starts once the pipeline exists (#run calls this): a first compile that is slow (a large
      // shader, a loaded machine) is not a hung kernel, and abandoning the device would not speed it up.
      const startClock = (): void => {
        if (!expire || unwatch) return;
        const reject = expire;
        unwatch = watch(timeout, () => {
          // Dawn's destroy() would wait for the hung queue: abandon the device instead (retire never blocks).
          retireTimedOut(handle, spec.name, timeout);
          reject(new GpuTimeoutError(spec.name, timeout));
        });
      };
      const run = this.#run(handle, opts, extent, args, launchIndex, temporaries, startClock, queued);
      let result: number | undefined;
      if (!expired) result = await run;
      else {
        run.catch(() => undefined); // after a timeout, its own rejection (device lost) is not reported
        result = await Promise.race([run, expired]);
      }
      ok = !handle.lost;
      return result;
    } catch (error) {
      if (error instanceof GpuTimeoutError) throw error;
      throw await this.#lostError(handle, error);
    } finally {
      // A queued launch that may fault stays under its timeout until the GPU has run it: a kernel looping for
      // minutes is retired (its device lost, which `.read()` reports) instead of holding the queue.
      if (queued.check && unwatch) void queued.check.finally(unwatch);
      else unwatch?.();
      for (const b of temporaries) {
        if (ok) recycle(handle.device, b);
        else b.destroy();
      }
      done();
    }
  }

  async #run(
    handle: DeviceHandle,
    opts: LaunchOptions,
    extent: [number, number, number],
    args: readonly unknown[],
    launchIndex: number,
    temporaries: GPUBuffer[],
    startClock: () => void,
    queued: QueuedCheck,
  ): Promise<number | undefined> {
    const repeated = this.#issueRepeat(handle, opts, extent, args, opts.timeout ?? DEFAULT_LAUNCH_TIMEOUT);
    if (repeated) {
      startClock();
      this.lastLaunch = repeated.stats;
      return repeated.partials ? this.#readRepeat(handle, repeated, Infinity) : undefined;
    }
    const spec = this.spec;
    const device = handle.device;
    const limits = this.#limits(handle.limits, opts.limits);
    const total = extent[0] * extent[1] * extent[2];
    const wg = this.#workgroupSize(handle.limits, opts.workgroupSize, total);
    const storageBindings = bindingsOf(spec).count - 1; // every binding but the uniform block
    if (storageBindings > handle.limits.maxStorageBuffersPerShaderStage) {
      throw new GpuLaunchError(
        `gpu: kernel '${spec.name}' needs ${storageBindings} storage buffers, this device allows ${handle.limits.maxStorageBuffersPerShaderStage} per shader; ` +
          'pack arrays together (e.g. x and y in one Float32Array)',
      );
    }

    // Size checks first, so a refused argument leaves no error scope open.
    let split = false;
    let splitBytes = 4;
    spec.params.forEach((p, k) => {
      if (p.kind !== 'array') return;
      const { length, elementBytes } = extentOf(p, args[k]);
      const bytes = length * elementBytes;
      // Split windows are counted in elements, the same for every elementwise array: sized by the widest.
      if (p.elementwise) splitBytes = Math.max(splitBytes, elementBytes);
      if (bytes > handle.limits.maxBufferSize) {
        throw new GpuLaunchError(`gpu: argument '${p.name}' of kernel '${spec.name}' is ${bytes} bytes, over this device's maxBufferSize of ${handle.limits.maxBufferSize}`);
      }
      if (bytes > limits.maxStorageBufferBindingSize) {
        if (!p.elementwise || spec.grid !== 1) {
          throw new GpuLaunchError(
            `gpu: argument '${p.name}' of kernel '${spec.name}' is ${bytes} bytes, over this device's storage binding limit ` +
              `(${limits.maxStorageBufferBindingSize} bytes), and the kernel reads it at indices other than its own 1-D index, ` +
              'so it cannot be split across dispatches; split the data yourself',
          );
        }
        split = true;
      }
    });
    const plan: LaunchPlan = planLaunch({
      extent, grid: spec.grid, mode: spec.returns ? 'reducing' : spec.grid > 1 ? 'tiled' : 'linear', workgroupSize: wg, limits,
      ...(split ? { splitElements: total, splitElementBytes: splitBytes } : {}),
    });
    const shape = plan.mode === 'tiled' ? plan.workgroup : wg;
    // The vector entry (wgsl/vector.ts): every dispatch starts at its window's base, no lane array is shorter
    // than the launch (so every lane is an element), and the device has bindings for the vec4 views too.
    const lanes = opts.vectorLoads === false ? [] : (spec.laneReads ?? []).map((name) => spec.params.findIndex((p) => p.name === name));
    const vector = lanes.length > 0 && plan.dispatches.every((d) => d.start === d.base) && lanes.every((k) => total <= lengthOf(args[k])) &&
      bindingsOf(spec, true).count - 1 <= handle.limits.maxStorageBuffersPerShaderStage;
    const shapeKey = `${String(shape)}${vector ? ':vec4' : ''}`;
    let shader = this.#shaders.get(shapeKey);
    if (!shader) this.#shaders.set(shapeKey, (shader = assembleShader(spec, shape, vector)));
    const compiled = await pipelineFor(handle, spec, shader);
    if (handle.lost) await handle.lostPromise;
    startClock();

    // Error scopes cost two awaited round trips: only where a failure can be attributed to this launch.
    const firstOfPipeline = opts.debug === true || !this.#validated.has(compiled.pipeline);
    let scoped = false;
    const ensureScope = (): void => {
      if (scoped) return;
      scoped = true;
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
    };
    if (firstOfPipeline) ensureScope();
    const take = (descriptor: GPUBufferDescriptor): GPUBuffer => takeBuffer(device, descriptor, temporaries, ensureScope);
    let bytesUploaded = 0;
    let bytesDownloaded = 0;

    // Storage buffers, one per array argument.
    const bound: BoundArray[] = [];
    spec.params.forEach((p, k) => {
      if (p.kind !== 'array') return;
      const arg = args[k];
      const { length, elementBytes } = extentOf(p, arg);
      const bytes = length * elementBytes;
      let buffer: GPUBuffer;
      let readback: GpuTypedArray | undefined;
      if (arg instanceof DeviceArray) {
        const wasResident = arg.residentOn(handle);
        if (!wasResident) ensureScope();
        buffer = arg.bufferOn(handle);
        if (!wasResident) bytesUploaded += bytes; // first use uploads (or re-uploads) the host copy
        if (p.writes) arg.markWritten();
      } else {
        const host = arg as GpuTypedArray; // Float64Arrays and 2-D arrays arrive packed (host.ts)
        buffer = take({
          label: p.name,
          size: Math.max(4, bytes),
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | (p.writes ? GPUBufferUsage.COPY_SRC : 0),
        });
        // An output the kernel overwrites in full needs no upload (its old contents are never read), nor does
        // a scattered one: only the elements its mask marks are copied back.
        const skipUpload = (p.overwrites === true && spec.grid === 1 && total >= length) || p.scattered === true;
        if (bytes > 0 && !skipUpload) {
          device.queue.writeBuffer(buffer, 0, host.buffer, host.byteOffset, bytes);
          bytesUploaded += bytes;
        }
        if (p.writes) readback = host;
      }
      const mask = p.scattered
        ? take({ label: `mask ${p.name}`, size: Math.max(4, Math.ceil(length / 32) * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST })
        : undefined;
      bound.push({ index: k, buffer, length, elementBytes, elementwise: p.elementwise, ...(readback ? { readback } : {}), ...(mask ? { mask } : {}) });
    });

    let partialBuffer: GPUBuffer | undefined;
    let partialStaging: GPUBuffer | undefined;
    const rule = spec.returns ? reductionRule(spec.reduce ?? 'sum', spec.returns) : undefined;
    const partialBytes = plan.partials * 4 * (rule?.words ?? 1);
    if (spec.returns) {
      partialBuffer = take({ label: 'partials', size: partialBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      partialStaging = take({ label: 'partials-read', size: partialBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    }

    const maxIters = opts.maxLoopIterations ?? DEFAULT_MAX_LOOP_ITERATIONS;
    if (!Number.isInteger(maxIters) || maxIters < 1 || maxIters > 2 ** 32 - 2) {
      throw new RangeError(`gpu: maxLoopIterations must be an integer from 1 to 2^32 - 2, got ${maxIters}`);
    }
    // A seed is drawn only for kernels that use Math.random (two crypto calls cost 10–40 µs a launch), and
    // the launch counter only matters to them: other kernels keep the same uniforms from launch to launch.
    const seed = !spec.usesRandom ? 0 : opts.seed ?? (this.#seed ?? randomSeed());
    const seedLo = seed >>> 0;
    const uniforms = packUniforms(spec, plan, args, {
      extent, seedLo, seedHi: Math.floor(seed / 2 ** 32) >>> 0, maxIters,
      launch: !spec.usesRandom ? 0 : opts.seed !== undefined ? launchIndex : launchIndex + (seedLo ^ 0x5bd1e995),
    }, handle.limits.minUniformBufferOffsetAlignment);

    // Checked integer reads: one flag word, cleared, read back only when a flag could have been set.
    const bindings = bindingsOf(spec, vector);
    let flagBuffer: GPUBuffer | undefined;
    let flagStaging: GPUBuffer | undefined;
    const encoder = device.createCommandEncoder({ label: spec.name });
    for (const b of bound) if (b.mask) encoder.clearBuffer(b.mask);
    if (bindings.flags !== undefined) {
      flagBuffer = take({ label: 'flags', size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      encoder.clearBuffer(flagBuffer);
      const mayFlag = spec.boundedLoops === true || spec.rangeChecks !== undefined || spec.params.some((p, k) => {
        if (p.kind !== 'array' || !p.checkedReads) return false;
        return p.checkedReads === 'any-index' || total > lengthOf(args[k]);
      });
      if (mayFlag) flagStaging = take(flagsReadDescriptor());
    }
    // Written right before the submit, with no await between: the queue orders it after earlier launches.
    const { buffer: uniformBuffer, written } = this.#cache.uniformBuffer(handle, uniforms.data, () => {
      ensureScope();
      return device.createBuffer({ label: 'uniforms', size: uniforms.data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    });
    if (written) bytesUploaded += uniforms.data.byteLength;
    let scratch: GPUBuffer | undefined;
    const pass = encoder.beginComputePass();
    pass.setPipeline(compiled.pipeline);
    const groups: GPUBindGroup[] = [];
    plan.dispatches.forEach((d, s) => {
      const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniformBuffer, offset: s * uniforms.slot, size: uniforms.size } }];
      bound.forEach((b, j) => {
        let resource: GPUBufferBinding = { buffer: b.buffer };
        if (plan.split && b.elementwise) {
          const remaining = b.length - d.base;
          if (remaining <= 0) {
            // The array is shorter than the launch: past its end, reads and writes are out of bounds anyway.
            scratch ??= take({ label: 'scratch', size: 16, usage: GPUBufferUsage.STORAGE });
            resource = { buffer: scratch };
          } else {
            resource = { buffer: b.buffer, offset: d.base * b.elementBytes, size: Math.min(remaining, d.bindLength) * b.elementBytes };
          }
        }
        entries.push({ binding: bindings.arrays[j]!, resource });
        if (b.mask) entries.push({ binding: bindings.masks![j]!, resource: { buffer: b.mask } });
      });
      if (partialBuffer) entries.push({ binding: bindings.partials!, resource: { buffer: partialBuffer } });
      if (flagBuffer) entries.push({ binding: bindings.flags!, resource: { buffer: flagBuffer } });
      lanes.forEach((k, j) => {
        if (!vector) return;
        // The same buffer (the dispatch's window of it when split), whole quads only.
        const b = bound.find((x) => x.index === k)!;
        const offset = plan.split ? d.base * b.elementBytes : 0;
        const bytes = (plan.split ? Math.min(b.length - d.base, d.bindLength) : b.length) * b.elementBytes;
        const size = bytes - (bytes % 16);
        // A window under one quad (a short last dispatch) loads no quad: any 16 bytes fill the binding.
        if (size < 16) scratch ??= take({ label: 'scratch', size: 16, usage: GPUBufferUsage.STORAGE });
        entries.push({ binding: bindings.vectors![j]!, resource: size < 16 ? { buffer: scratch! } : { buffer: b.buffer, offset, size } });
      });
      const group = this.#cache.bindGroup(handle, compiled, entries);
      groups.push(group);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    });
    pass.end();

    const reads: Array<{ staging: GPUBuffer; target: GpuTypedArray; element: ElementType; length: number; mask?: GPUBuffer }> = [];
    for (const b of bound) {
      if (!b.readback || b.length === 0) continue;
      const staging = take({ label: 'readback', size: b.length * b.elementBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      encoder.copyBufferToBuffer(b.buffer, 0, staging, 0, b.length * b.elementBytes);
      const p = spec.params[b.index]!;
      let mask: GPUBuffer | undefined;
      if (b.mask) {
        mask = take({ label: 'mask-read', size: b.mask.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        encoder.copyBufferToBuffer(b.mask, 0, mask, 0, b.mask.size);
        bytesDownloaded += b.mask.size;
      }
      const element = p.kind === 'array' ? p.element : 'f32';
      // In words of the target: a packed Float64Array holds two f32 words an element.
      reads.push({ staging, target: b.readback, element, length: (b.length * b.elementBytes) / storageRow(element).bytes, ...(mask ? { mask } : {}) });
      bytesDownloaded += b.length * b.elementBytes;
    }
    if (partialBuffer && partialStaging) {
      encoder.copyBufferToBuffer(partialBuffer, 0, partialStaging, 0, partialBytes);
      bytesDownloaded += partialBytes;
    }
    if (flagBuffer && flagStaging) {
      encoder.copyBufferToBuffer(flagBuffer, 0, flagStaging, 0, 4);
      bytesDownloaded += 4;
    }
    device.queue.submit([encoder.finish()]);
    const stats: LaunchStats = { bytesUploaded, bytesDownloaded, dispatches: plan.dispatches.length, workgroupSize: wg, ...(vector ? { vectorLoads: true } : {}) };
    if (scoped) {
      const [v, o] = await Promise.all([device.popErrorScope(), device.popErrorScope()]);
      if (v || o) throw new GpuLaunchError(`gpu: the device refused the launch of kernel '${spec.name}': ${(v ?? o)!.message}`);
      this.#validated.add(compiled.pipeline);
    }

    // Device arrays this launch writes carry the faults of what it read and, when it is not waited for, its own.
    const inherited = faultsOfArgs(args);
    const deferred = flagStaging !== undefined && reads.length === 0 && !partialStaging;
    let carried = inherited;
    if (deferred) {
      temporaries.splice(temporaries.indexOf(flagStaging!), 1);
      const fault = deferFault(this.#flagCheck(handle, flagStaging!, maxIters));
      queued.check = fault.settled;
      carried = mergeFaults(inherited, [fault]);
    }
    carryFaults(spec, args, carried);

    const staged = [...reads.flatMap((r) => (r.mask ? [r.staging, r.mask] : [r.staging])), ...(partialStaging ? [partialStaging] : []), ...(flagStaging && !deferred ? [flagStaging] : [])];
    // A mask is a pooled temporary: a bind group holding one is not kept for repeats.
    // A kernel with fault flags repeats only when queued (its flags are then checked later, not read here).
    const repeatable = !spec.usesRandom && (bindings.flags === undefined || deferred) && !opts.debug &&
      bound.every((b) => !b.readback && !b.mask && args[b.index] instanceof DeviceArray);
    if (repeatable || staged.length === 0) {
      let partials: { buffer: GPUBuffer; staging: GPUBuffer; bytes: number } | undefined;
      if (repeatable && partialBuffer && partialStaging) {
        // The cache keeps these two for the repeats: they leave the launch's pooled temporaries.
        for (const b of [partialBuffer, partialStaging]) temporaries.splice(temporaries.indexOf(b), 1);
        partials = { buffer: partialBuffer, staging: partialStaging, bytes: partialBytes };
      }
      let flags: { buffer: GPUBuffer; maxIters: number } | undefined;
      if (repeatable && flagBuffer) {
        temporaries.splice(temporaries.indexOf(flagBuffer), 1); // bound in the kept bind groups: the cache's now
        flags = { buffer: flagBuffer, maxIters };
      }
      this.#cache.remember(!repeatable ? undefined : {
        generation: handle.generation, requested: opts.workgroupSize, limits: opts.limits, vectorLoads: opts.vectorLoads, extent, args: [...args],
        buffers: args.map((a, k) => bound.find((b) => b.index === k)?.buffer), pipeline: compiled.pipeline, groups, plan,
        stats: { ...stats, bytesUploaded: 0 }, ...(partials ? { partials } : {}), ...(flags ? { flags } : {}),
      });
    }
    if (staged.length === 0) {
      // Every array is on the device and nothing is read back: the launch is queued, not waited for. The
      // queue orders it before any later upload, launch or `.read()`.
      this.lastLaunch = stats;
      return undefined;
    }
    await Promise.race([Promise.all(staged.map((b) => b.mapAsync(GPUMapMode.READ))), handle.lostPromise]);
    if (handle.lost) await handle.lostPromise;

    // A fault of an earlier queued launch whose results this one read, then this launch's own flags: either
    // way nothing is copied back.
    const fault = (await firstFault(inherited)) ?? (flagStaging ? this.#flagsOf(flagStaging, maxIters) : undefined);
    if (fault) {
      for (const b of staged) if (b.mapState === 'mapped') b.unmap();
      throw fault;
    }

    for (const r of reads) {
      const Ctor = typedCtor(r.element);
      const data = new Ctor(r.staging.getMappedRange(), 0, r.length);
      if (r.mask) {
        // Only the elements the kernel stored: the others were never uploaded and keep their host values.
        const bits = new Uint32Array(r.mask.getMappedRange());
        for (let w = 0; w < bits.length; w++) {
          for (let word = bits[w]!; word !== 0; word &= word - 1) {
            const k = w * 32 + (31 - Math.clz32(word & -word));
            r.target[k] = data[k]!;
          }
        }
        r.mask.unmap();
      } else r.target.set(data as unknown as ArrayLike<number>);
      r.staging.unmap();
    }
    this.lastLaunch = stats;
    if (!partialStaging || !spec.returns || !rule) return undefined;
    const result = this.#combine(new Uint32Array(partialStaging.getMappedRange(), 0, plan.partials * rule.words), plan.partials);
    partialStaging.unmap();
    return result;
  }

  /** The fault a mapped flags word stands for (unmapping it), or undefined when no flag is set. */
  #flagsOf(staging: GPUBuffer, maxIters: number): GpuLaunchError | undefined {
    const bits = new Uint32Array(staging.getMappedRange(), 0, 1)[0]!;
    staging.unmap();
    return bits === 0 ? undefined : faultOf(bits, this.spec, maxIters);
  }

  /**
   * The fault check of a queued launch: maps its flags word when the GPU has run it, then gives the staging
   * buffer back to the pool. A lost device settles it with no fault (reading the data raises the loss).
   */
  async #flagCheck(handle: DeviceHandle, staging: GPUBuffer, maxIters: number): Promise<GpuLaunchError | undefined> {
    try {
      await Promise.race([staging.mapAsync(GPUMapMode.READ), handle.lostPromise]);
      if (handle.lost) return undefined;
      const fault = this.#flagsOf(staging, maxIters);
      recycle(handle.device, staging);
      return fault;
    } catch {
      staging.destroy();
      return undefined;
    }
  }

  /** A reduction's total from its `count` partials (as u32 words). */
  #combine(words: Uint32Array, count: number): number {
    const spec = this.spec;
    const reduce = spec.reduce ?? 'sum';
    const rule = reductionRule(reduce, spec.returns!);
    // Partials are combined in f64 on the host: a second GPU pass would save nothing but a 4 KiB read.
    let result = identityValue(reduce, spec.returns!);
    for (let k = 0; k < count; k++) result = combineOnHost(reduce, result, rule.readPartial(words, k));
    return result;
  }
}
