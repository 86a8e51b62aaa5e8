/**
 * Over 400 lines, for now: pipelines, the buffer pool, the chunk plan and the launch orchestration are still
 * one module; they are to move apart into `gpu/runtime/` (issue 10), with the chunk plan unit-tested alone.
 *
 * Launching a kernel: storage buffers for typed arrays, one uniform buffer for scalars and launch fields,
 * a pipeline cached per shader and device, dispatches split to fit the device's limits, readback of the arrays
 * the kernel writes (and only those) into the caller's typed arrays.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as nodeSetTimeout } from 'node:timers';
import {
  assembleShader,
  bindingsOf,
  formatPosition,
  FIXED_UNIFORMS,
  identityBits,
  identityValue,
  LOOP_LIMIT_FLAG,
  uniformSize,
  type AssembledShader,
  type ElementType,
  type KernelSpec,
} from './abi.js';
import { DeviceArray, elementTypeOf, type GpuTypedArray } from './array.js';
import { combineOnHost, reductionRule } from './reduction.js';
import { acquireDevice, beginWork, GpuDeviceLostError, retire, type DeviceHandle } from './device.js';
import { inOrder, resourceOf } from './order.js';

/**
 * A WGSL compile error, reported against the JavaScript source line the offending WGSL came from.
 *
 * @example
 * ```ts
 * try { await k.launch(n, xs); } catch (e) {
 *   if (e instanceof GpuCompileError) console.log(e.sourceLine, e.wgsl);
 * }
 * ```
 */
export class GpuCompileError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name = 'GpuCompileError';
  constructor(
    message: string,
    /** The whole generated shader. */
    readonly wgsl: string,
    /** The JavaScript source line, when the WGSL line maps to one. */
    readonly sourceLine?: number,
  ) {
    super(message);
  }
}

/**
 * A launch the device refused (validation or out-of-memory), or arguments that do not fit the device.
 *
 * @example
 * ```ts
 * try { await k.launch(n, huge); } catch (e) {
 *   if (e instanceof GpuLaunchError) console.log(e.message); // e.g. over maxBufferSize
 * }
 * ```
 */
export class GpuLaunchError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name: string = 'GpuLaunchError';
}

/**
 * A kernel read an integer array out of bounds and used the element as an integer. JavaScript (and the CPU
 * fallback) would read `undefined` there, which no i32 on the GPU can hold, so the launch rejects rather than
 * give another answer. Written host arrays are left as they were; device arrays may hold partial results.
 *
 * @example
 * ```ts
 * try { await k.launch(n, ids); } catch (e) {
 *   if (e instanceof GpuOutOfBoundsError) console.log(e.arrays); // ['ids']
 * }
 * ```
 */
export class GpuOutOfBoundsError extends GpuLaunchError {
  override readonly name = 'GpuOutOfBoundsError';
  constructor(
    kernel: string,
    /** The integer array parameters read out of bounds. */
    readonly arrays: readonly string[],
  ) {
    super(
      `gpu: kernel '${kernel}' read ${arrays.map((a) => `'${a}'`).join(', ')} out of bounds and used the element as an integer; ` +
        'in JavaScript that element is undefined, which an i32 on the GPU cannot hold, so the results would differ from the CPU. ' +
        'Check the index before reading (e.g. `k < xs.length ? xs[k] : 0`)',
    );
  }
}

/**
 * A launch's extent: `n` invocations, or `[nx, ny]` / `[nx, ny, nz]` for 2-D/3-D grids.
 *
 * @example
 * ```ts
 * await blur.launch([640, 480] satisfies GridExtent, src, dst);
 * ```
 */
export type GridExtent = number | readonly [number, number] | readonly [number, number, number];

/**
 * Per-launch options.
 *
 * @example
 * ```ts
 * await new WgslKernel(spec).launch(n, args, { workgroupSize: 64, seed: 1 });
 * ```
 */
export interface LaunchOptions {
  /** Invocations per workgroup. Default {@link DEFAULT_WORKGROUP_SIZE}, lowered to the device's limit. */
  readonly workgroupSize?: number;
  /** Seed of `Math.random()` streams: with a seed, launch k of a kernel draws the same numbers on every run. */
  readonly seed?: number;
  /** Convert Float64Array arguments to f32 for the GPU (and written ones back). Off: a Float64Array is an error. */
  readonly convertFloat64?: boolean;
  /**
   * Milliseconds a launch may take before it rejects with {@link GpuTimeoutError} (default
   * {@link DEFAULT_LAUNCH_TIMEOUT}; `Infinity` waits forever). The device is then abandoned and replaced.
   */
  readonly timeout?: number;
  /**
   * Loop iterations one invocation may run, all loops together, before the launch rejects with
   * {@link GpuLoopLimitError} (default {@link DEFAULT_MAX_LOOP_ITERATIONS}, at most 2^32 - 2).
   */
  readonly maxLoopIterations?: number;
  /**
   * Check every launch for validation and out-of-memory errors (error scopes). Off, only a pipeline's first
   * launch and launches that allocate new buffers are checked, which is where a failure can be attributed.
   */
  readonly debug?: boolean;
}

/**
 * Default {@link LaunchOptions.timeout}: two minutes, generous for lavapipe running a big kernel on a
 * shared CPU, and far past what a real GPU's watchdog (about 2 s on a display GPU) allows.
 *
 * @example
 * ```ts
 * gpu({ timeout: DEFAULT_LAUNCH_TIMEOUT * 5 })(longKernel);
 * ```
 */
export const DEFAULT_LAUNCH_TIMEOUT = 120_000;
/**
 * Default {@link LaunchOptions.maxLoopIterations}: 2^31, seconds of one invocation's work on any GPU.
 *
 * @example
 * ```ts
 * gpu({ maxLoopIterations: DEFAULT_MAX_LOOP_ITERATIONS * 1.5 })(kernel);
 * ```
 */
export const DEFAULT_MAX_LOOP_ITERATIONS = 2 ** 31;

/**
 * A launch that did not finish within its {@link LaunchOptions.timeout}. The device it ran on is abandoned
 * (destroyed once its queue drains; device arrays on it lose their data) and the next launch gets a new one.
 *
 * @example
 * ```ts
 * try { await k.launch(n, xs); } catch (e) { if (e instanceof GpuTimeoutError) console.log(e.timeout); }
 * ```
 */
export class GpuTimeoutError extends GpuLaunchError {
  override readonly name = 'GpuTimeoutError';
  constructor(
    kernel: string,
    /** The timeout that expired, in milliseconds. */
    readonly timeout: number,
  ) {
    super(
      `gpu: the launch of kernel '${kernel}' did not finish within ${timeout} ms (the timeout option); the device was ` +
        'abandoned and the next launch requests a new one. A kernel that should take longer: raise `timeout`',
    );
  }
}

/**
 * An invocation ran more loop iterations than {@link LaunchOptions.maxLoopIterations}: most likely a loop
 * that never ends. Every loop of the kernel then breaks, so the device stays usable; results are not copied back.
 *
 * @example
 * ```ts
 * try { await k.launch(n, xs); } catch (e) { if (e instanceof GpuLoopLimitError) console.log(e.limit); }
 * ```
 */
export class GpuLoopLimitError extends GpuLaunchError {
  override readonly name = 'GpuLoopLimitError';
  constructor(
    kernel: string,
    /** The iteration budget per invocation that was exceeded. */
    readonly limit: number,
  ) {
    super(
      `gpu: an invocation of kernel '${kernel}' ran more than ${limit} loop iterations (maxLoopIterations) and was stopped: ` +
        'a loop that never ends? If it is meant to run longer, raise maxLoopIterations',
    );
  }
}

/**
 * Default invocations per workgroup: 256 fills a warp/wavefront multiple on every vendor and keeps the
 * reduction's shared array at 1 KiB; lowered when the device allows fewer.
  *
  * @example
  * ```ts
  * gpu({ workgroupSize: DEFAULT_WORKGROUP_SIZE / 4 })(kernel);
  * ```
  */
export const DEFAULT_WORKGROUP_SIZE = 256;
/**
 * Upper bound on workgroups of a reducing launch: each writes one partial, read back and combined in f64.
 *
 * @example
 * ```ts
 * // a reducing launch reads back at most REDUCE_MAX_WORKGROUPS * 4 bytes
 * ```
 */
export const REDUCE_MAX_WORKGROUPS = 1024;

/**
 * What one launch did, for benches and for checking that nothing extra was moved.
 *
 * @example
 * ```ts
 * await k.launch(n, xs);
 * const { bytesUploaded, bytesDownloaded, dispatches } = k.lastLaunch!;
 * ```
 */
export interface LaunchStats {
  /** Bytes written to the device (arrays, uniforms). */
  readonly bytesUploaded: number;
  /** Bytes read back from the device. */
  readonly bytesDownloaded: number;
  /** `dispatchWorkgroups` calls. */
  readonly dispatches: number;
  /** Workgroup size used. */
  readonly workgroupSize: number;
}

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<CompiledPipeline>>>();

interface CompiledPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

function mapCompileError(spec: KernelSpec, shader: AssembledShader, messages: readonly GPUCompilationMessage[]): GpuCompileError {
  const lines = shader.code.split('\n');
  const first = messages.find((m) => m.type === 'error') ?? messages[0]!;
  const bodyLine = first.lineNum - shader.bodyFirstLine;
  const inBody = bodyLine >= 0 && bodyLine < shader.bodyLineCount;
  const position = inBody ? spec.locate?.(bodyLine) : undefined;
  const where = position
    ? `${formatPosition(position)}${position.text ? `\n${position.text}\n ` : ''}`
    : `generated WGSL line ${first.lineNum}${inBody ? '' : ' (runtime preamble: a numbat bug)'}`;
  const rest = messages.filter((m) => m !== first && m.type === 'error').map((m) => `\n  also WGSL line ${m.lineNum}: ${m.message}`);
  return new GpuCompileError(
    `gpu: the WGSL for kernel '${spec.name}' does not compile, at ${where}: ${first.message}\n` +
      `  WGSL line ${first.lineNum}: ${(lines[first.lineNum - 1] ?? '').trim()}${rest.join('')}`,
    shader.code,
    position?.line,
  );
}

async function compilePipeline(handle: DeviceHandle, spec: KernelSpec, shader: AssembledShader): Promise<CompiledPipeline> {
  const device = handle.device;
  const bindings = bindingsOf(spec);
  const entries: GPUBindGroupLayoutEntry[] = [{ binding: bindings.uniform, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }];
  spec.params.filter((p) => p.kind === 'array').forEach((p, k) => {
    entries.push({ binding: bindings.arrays[k]!, visibility: GPUShaderStage.COMPUTE, buffer: { type: p.writes ? 'storage' : 'read-only-storage' } });
  });
  for (const b of [bindings.partials, bindings.flags]) {
    if (b !== undefined) entries.push({ binding: b, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
  }
  // Shader errors surface as validation errors too; the scope keeps Dawn from printing them as uncaptured.
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: shader.code, label: spec.name });
  const info = await module.getCompilationInfo();
  const moduleError = await device.popErrorScope();
  if (info.messages.some((m) => m.type === 'error')) throw mapCompileError(spec, shader, info.messages);
  if (moduleError) throw new GpuCompileError(`gpu: kernel '${spec.name}': ${moduleError.message}`, shader.code);
  device.pushErrorScope('validation');
  const layout = device.createBindGroupLayout({ entries });
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({
      label: spec.name,
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
  } catch (error) {
    await device.popErrorScope();
    throw new GpuCompileError(`gpu: kernel '${spec.name}' cannot be made a compute pipeline: ${(error as Error).message}`, shader.code);
  }
  const layoutError = await device.popErrorScope();
  if (layoutError) throw new GpuCompileError(`gpu: kernel '${spec.name}': ${layoutError.message}`, shader.code);
  return { pipeline, layout };
}

function pipelineFor(handle: DeviceHandle, spec: KernelSpec, shader: AssembledShader): Promise<CompiledPipeline> {
  let cache = pipelines.get(handle.device);
  if (!cache) pipelines.set(handle.device, (cache = new Map()));
  let entry = cache.get(shader.code);
  if (!entry) {
    entry = compilePipeline(handle, spec, shader);
    cache.set(shader.code, entry);
    // A failed compile is not cached: the error is reported on every launch, not once.
    entry.catch(() => cache.delete(shader.code));
  }
  return entry;
}

/**
 * The `[nx, ny, nz]` of a launch, checked against the kernel's grid dimensionality.
 *
 * @example
 * ```ts
 * normalizeExtent([640, 480], 2, 'blur'); // [640, 480, 1]
 * ```
 */
export function normalizeExtent(extent: GridExtent, grid: 1 | 2 | 3, name: string): [number, number, number] {
  const dims = typeof extent === 'number' ? [extent] : [...extent];
  if (dims.length !== grid) {
    throw new TypeError(
      `gpu: kernel '${name}' has a ${grid}-D grid (its first ${grid} parameter${grid > 1 ? 's are indices' : ' is the index'}); ` +
        `launch it with ${grid === 1 ? 'n' : grid === 2 ? '[nx, ny]' : '[nx, ny, nz]'}, got ${JSON.stringify(extent)}`,
    );
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`gpu: launch extent must be non-negative integers, got ${JSON.stringify(extent)}`);
  }
  const [nx = 1, ny = 1, nz = 1] = dims;
  if (nx * ny * nz > 0x7fffffff) {
    throw new RangeError(`gpu: a launch has at most 2^31-1 invocations (indices are i32), got ${nx * ny * nz}`);
  }
  return [nx, ny, nz];
}

function typedCtor(element: ElementType): Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor {
  return element === 'f32' ? Float32Array : element === 'i32' ? Int32Array : Uint32Array;
}

interface BoundArray {
  readonly index: number;
  readonly buffer: GPUBuffer;
  readonly length: number;
  /** Owned by this launch (destroyed after it); device arrays are not. */
  readonly temporary: boolean;
  readonly elementwise: boolean;
  /** Where to copy the result back, for written host arrays. */
  readonly readback?: GpuTypedArray | Float64Array;
}

// Buffers of finished launches, per device, by usage and size: repeated launches of the same shapes reuse
// them instead of allocating. They die with the device, which is released when idle.
const pools = new WeakMap<GPUDevice, { bytes: number; free: Map<string, GPUBuffer[]> }>();
/** Bytes of idle buffers kept per device for reuse. */
const POOL_MAX_BYTES = 512 * 1024 * 1024;

const bufferIds = new WeakMap<object, number>();
let nextBufferId = 1;
function bufferId(buffer: object): number {
  let id = bufferIds.get(buffer);
  if (id === undefined) bufferIds.set(buffer, (id = nextBufferId++));
  return id;
}

function takeBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor, owned: GPUBuffer[], beforeCreate?: () => void): GPUBuffer {
  const pool = pools.get(device);
  const list = pool?.free.get(`${descriptor.usage}:${descriptor.size}`);
  const reused = list?.pop();
  if (reused && pool) pool.bytes -= reused.size;
  // A launch that creates a buffer checks for out-of-memory (see the error scopes in WgslKernel).
  if (!reused) beforeCreate?.();
  const buffer = reused ?? device.createBuffer(descriptor);
  owned.push(buffer);
  return buffer;
}

function recycle(device: GPUDevice, buffer: GPUBuffer): void {
  let pool = pools.get(device);
  if (!pool) pools.set(device, (pool = { bytes: 0, free: new Map() }));
  if (buffer.mapState !== 'unmapped' || pool.bytes + buffer.size > POOL_MAX_BYTES) {
    buffer.destroy();
    return;
  }
  const key = `${buffer.usage}:${buffer.size}`;
  let list = pool.free.get(key);
  if (!list) pool.free.set(key, (list = []));
  list.push(buffer);
  pool.bytes += buffer.size;
}

function randomSeed(): number {
  const bytes = randomBytes(8);
  return bytes.readUInt32LE(0) + bytes.readUInt32LE(4) * 2 ** 32;
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => nodeSetTimeout(() => resolve(undefined), ms).unref());
}

/**
 * A kernel body bound to the runtime: assembles its shader per workgroup size and launches it. `gpu(kernel)`
 * builds one from the JIT's IR; it can also wrap hand-written WGSL that follows the ABI of `abi.ts`.
 *
 * @example
 * ```ts
 * const scale = new WgslKernel({
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * });
 * await scale.launch(xs.length, [xs, 2]);
 * ```
 */
export class WgslKernel {
  #launches = 0;
  readonly #shaders = new Map<number, AssembledShader>();
  /** Pipelines whose first launch was checked with error scopes. */
  readonly #validated = new WeakSet<GPUComputePipeline>();
  /** Bind groups by device generation, pipeline and every bound (buffer, offset, size): most launches reuse one. */
  readonly #bindGroups = new Map<string, GPUBindGroup>();
  readonly #seed: number | undefined;
  /** Statistics of the most recent launch. */
  lastLaunch: LaunchStats | undefined;

  constructor(
    /** The kernel body and its parameters; shaders are assembled from it per workgroup size. */
    readonly spec: KernelSpec,
    /** Options for every launch (and the workgroup size {@link WgslKernel.wgsl} assembles for); options passed to a launch override them key by key. */
    readonly defaults: LaunchOptions = {},
  ) {
    this.#seed = defaults.seed;
  }

  /**
   * The complete WGSL shader for a workgroup size.
   */
  wgsl(workgroupSize = this.defaults.workgroupSize ?? DEFAULT_WORKGROUP_SIZE): string {
    return assembleShader(this.spec, workgroupSize).code;
  }

  #workgroupSize(limits: GPUSupportedLimits, requested: number | undefined): number {
    const max = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
    if (requested === undefined) return Math.min(DEFAULT_WORKGROUP_SIZE, max);
    if (!Number.isInteger(requested) || requested < 1 || requested > max) {
      throw new RangeError(`gpu: workgroupSize must be an integer from 1 to ${max} on this device, got ${requested}`);
    }
    if (this.spec.returns && requested * 4 > limits.maxComputeWorkgroupStorageSize) {
      throw new RangeError(`gpu: workgroupSize ${requested} needs more workgroup memory for the reduction than this device has`);
    }
    return requested;
  }

  #checkArgs(args: readonly unknown[], options: LaunchOptions): void {
    const spec = this.spec;
    if (args.length !== spec.params.length) {
      const names = spec.params.map((p) => p.name).join(', ');
      throw new TypeError(`gpu: kernel '${spec.name}' takes ${spec.params.length} argument(s) after the extent (${names}), got ${args.length}`);
    }
    spec.params.forEach((p, k) => {
      const arg = args[k];
      if (p.kind === 'array') {
        if (arg instanceof Float64Array && options.convertFloat64 && p.element === 'f32') return;
        const element = elementTypeOf(arg, `argument '${p.name}' of kernel '${spec.name}'`);
        if (element !== p.element) {
          throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' must hold ${p.element}, got ${element}`);
        }
      } else {
        const ok = p.type === 'bool' ? typeof arg === 'boolean' || typeof arg === 'number' : typeof arg === 'number';
        if (!ok) throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' must be a ${p.type === 'bool' ? 'boolean' : 'number'}, got ${typeof arg}`);
        if ((p.type === 'i32' || p.type === 'u32') && !Number.isInteger(arg)) {
          throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' is ${p.type}, got the non-integer ${String(arg)}`);
        }
      }
    });
    // A written array passed twice would become two buffers on the GPU but one array on the CPU.
    const arrays = spec.params.flatMap((p, k) => (p.kind === 'array' ? [{ p, arg: args[k] }] : []));
    for (let a = 0; a < arrays.length; a++) {
      for (let b = a + 1; b < arrays.length; b++) {
        const x = arrays[a]!, y = arrays[b]!;
        if (!x.p.writes && !y.p.writes) continue;
        const same =
          x.arg === y.arg ||
          (ArrayBuffer.isView(x.arg) && ArrayBuffer.isView(y.arg) && x.arg.buffer === y.arg.buffer &&
            x.arg.byteOffset < y.arg.byteOffset + y.arg.byteLength && y.arg.byteOffset < x.arg.byteOffset + x.arg.byteLength);
        if (same) {
          throw new TypeError(`gpu: kernel '${spec.name}' writes '${x.p.writes ? x.p.name : y.p.name}', and '${x.p.name}' and '${y.p.name}' are the same (or overlapping) array; pass distinct arrays`);
        }
      }
    }
  }

  /**
   * Runs the kernel over `extent` invocations. Resolves when written arrays have been copied back into the
   * caller's typed arrays (device arrays stay on the device), to the reduced total for a reducing kernel.
   */
  async launch(extent: GridExtent, args: readonly unknown[], options: LaunchOptions = {}): Promise<number | undefined> {
    const spec = this.spec;
    const opts = { ...this.defaults, ...options };
    const [nx, ny, nz] = normalizeExtent(extent, spec.grid, spec.name);
    const total = nx * ny * nz;
    this.#checkArgs(args, opts);
    const launchIndex = this.#launches++;
    const reduce = spec.reduce ?? 'sum';
    if (total === 0) return spec.returns ? identityValue(reduce, spec.returns) : undefined;
    const timeout = opts.timeout ?? DEFAULT_LAUNCH_TIMEOUT;
    if (!(timeout > 0)) throw new RangeError(`gpu: timeout must be a positive number of milliseconds, got ${timeout}`);
    const resources = args.map(resourceOf).filter((r): r is object => r !== undefined);
    return inOrder(resources, () => this.#launchNow(opts, total, nx, ny, args, launchIndex, timeout));
  }

  async #launchNow(
    opts: LaunchOptions, total: number, nx: number, ny: number, args: readonly unknown[], launchIndex: number, timeout: number,
  ): Promise<number | undefined> {
    const spec = this.spec;
    const handle = await acquireDevice();
    const done = beginWork();
    const temporaries: GPUBuffer[] = [];
    let ok = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const run = this.#run(handle, opts, total, nx, ny, args, launchIndex, temporaries);
      let result: number | undefined;
      if (timeout === Infinity) result = await run;
      else {
        const expired = new Promise<never>((_, reject) => {
          timer = nodeSetTimeout(() => {
            // Dawn's destroy() would wait for the hung queue: abandon the device instead (retire never blocks).
            retire(handle, `a launch of kernel '${spec.name}' timed out after ${timeout} ms`);
            reject(new GpuTimeoutError(spec.name, timeout));
          }, Math.min(timeout, 2 ** 31 - 1));
        });
        run.catch(() => undefined); // after a timeout, its own rejection (device lost) is not reported
        result = await Promise.race([run, expired]);
      }
      ok = !handle.lost;
      return result;
    } catch (error) {
      if (error instanceof GpuTimeoutError) throw error;
      if (error instanceof GpuDeviceLostError || handle.lost) {
        // mapAsync rejects with an empty AbortError before `device.lost` resolves: wait for the reason.
        const lost = error instanceof GpuDeviceLostError ? error : await Promise.race([handle.lostPromise.catch((e: unknown) => e), delay(200)]);
        if (lost instanceof GpuDeviceLostError) {
          throw new GpuDeviceLostError(`gpu: launch of kernel '${spec.name}' failed: ${lost.message}`, lost.reason);
        }
      }
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
      for (const b of temporaries) {
        if (ok) recycle(handle.device, b);
        else b.destroy();
      }
      done();
    }
  }

  #bindGroup(handle: DeviceHandle, compiled: CompiledPipeline, entries: readonly GPUBindGroupEntry[]): GPUBindGroup {
    let key = `${handle.generation}:${bufferId(compiled.pipeline)}`;
    for (const e of entries) {
      const r = e.resource as GPUBufferBinding;
      key += `|${e.binding}:${bufferId(r.buffer)}:${r.offset ?? 0}:${r.size ?? -1}`;
    }
    let group = this.#bindGroups.get(key);
    if (!group) {
      // A kernel launched over many different buffers: start again rather than grow without bound.
      if (this.#bindGroups.size >= 64) this.#bindGroups.clear();
      group = handle.device.createBindGroup({ layout: compiled.layout, entries });
      this.#bindGroups.set(key, group);
    }
    return group;
  }

  async #run(
    handle: DeviceHandle,
    opts: LaunchOptions,
    total: number,
    nx: number,
    ny: number,
    args: readonly unknown[],
    launchIndex: number,
    temporaries: GPUBuffer[],
  ): Promise<number | undefined> {
    const spec = this.spec;
    const device = handle.device;
    const limits = handle.limits;
    const wg = this.#workgroupSize(limits, opts.workgroupSize);
    const storageBindings = spec.params.filter((p) => p.kind === 'array').length + (spec.returns ? 1 : 0);
    if (storageBindings > limits.maxStorageBuffersPerShaderStage) {
      throw new GpuLaunchError(
        `gpu: kernel '${spec.name}' needs ${storageBindings} storage buffers, this device allows ${limits.maxStorageBuffersPerShaderStage} per shader; ` +
          'pack arrays together (e.g. x and y in one Float32Array)',
      );
    }
    let shader = this.#shaders.get(wg);
    if (!shader) this.#shaders.set(wg, (shader = assembleShader(spec, wg)));
    const compiled = await pipelineFor(handle, spec, shader);
    if (handle.lost) await handle.lostPromise;

    // Size checks first, so a refused argument leaves no error scope open.
    let splitNeeded = false;
    spec.params.forEach((p, k) => {
      if (p.kind !== 'array') return;
      const arg = args[k];
      const bytes = (arg instanceof DeviceArray ? arg.length : (arg as GpuTypedArray).length) * 4;
      if (bytes > limits.maxBufferSize) {
        throw new GpuLaunchError(`gpu: argument '${p.name}' of kernel '${spec.name}' is ${bytes} bytes, over this device's maxBufferSize of ${limits.maxBufferSize}`);
      }
      if (bytes > limits.maxStorageBufferBindingSize) {
        if (!p.elementwise || spec.grid !== 1) {
          throw new GpuLaunchError(
            `gpu: argument '${p.name}' of kernel '${spec.name}' is ${bytes} bytes, over this device's storage binding limit ` +
              `(${limits.maxStorageBufferBindingSize} bytes), and the kernel reads it at indices other than its own 1-D index, ` +
              'so it cannot be split across dispatches; split the data yourself',
          );
        }
        splitNeeded = true;
      }
    });

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
      const length = arg instanceof DeviceArray ? arg.length : (arg as GpuTypedArray).length;
      const bytes = length * 4;
      let buffer: GPUBuffer;
      let temporary = false;
      let readback: GpuTypedArray | Float64Array | undefined;
      if (arg instanceof DeviceArray) {
        const wasResident = arg.residentOn(handle);
        if (!wasResident) ensureScope();
        buffer = arg.bufferOn(handle);
        if (!wasResident) bytesUploaded += bytes; // first use uploads (or re-uploads) the host copy
        if (p.writes) arg.markWritten();
      } else {
        const host = arg as GpuTypedArray | Float64Array;
        const upload = host instanceof Float64Array ? Float32Array.from(host) : host;
        buffer = take({
          label: p.name,
          size: Math.max(4, bytes),
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | (p.writes ? GPUBufferUsage.COPY_SRC : 0),
        });
        temporary = true;
        // An output the kernel overwrites in full needs no upload (its old contents are never read).
        const skipUpload = p.overwrites === true && spec.grid === 1 && total >= length;
        if (bytes > 0 && !skipUpload) {
          device.queue.writeBuffer(buffer, 0, upload.buffer, upload.byteOffset, bytes);
          bytesUploaded += bytes;
        }
        if (p.writes) readback = host;
      }
      bound.push({ index: k, buffer, length, temporary, elementwise: p.elementwise, ...(readback ? { readback } : {}) });
    });

    // Dispatch plan: one dispatch unless an array exceeds a storage binding; then one per binding-sized chunk,
    // each binding every elementwise array at the chunk's start (the shader indexes them by `numbat_li`).
    const align = Math.max(1, limits.minStorageBufferOffsetAlignment / 4);
    const chunkLen = splitNeeded ? Math.floor(limits.maxStorageBufferBindingSize / 4 / align) * align : total;
    const chunks: Array<{ start: number; end: number; groups: number; partialBase: number }> = [];
    let partials = 0;
    for (let start = 0; start < total; start += chunkLen) {
      const end = Math.min(total, start + chunkLen);
      let groups = Math.ceil((end - start) / wg);
      if (spec.returns) groups = Math.min(groups, REDUCE_MAX_WORKGROUPS);
      chunks.push({ start, end, groups, partialBase: partials });
      partials += groups;
    }

    let partialBuffer: GPUBuffer | undefined;
    let partialStaging: GPUBuffer | undefined;
    const rule = spec.returns ? reductionRule(spec.reduce ?? 'sum', spec.returns) : undefined;
    const partialBytes = partials * 4 * (rule?.words ?? 1);
    if (spec.returns) {
      partialBuffer = take({ label: 'partials', size: partialBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      partialStaging = take({ label: 'partials-read', size: partialBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    }

    // Uniforms: one slot per dispatch, at the device's uniform offset alignment.
    const size = uniformSize(spec);
    const slot = Math.ceil(size / limits.minUniformBufferOffsetAlignment) * limits.minUniformBufferOffsetAlignment;
    const uniformData = new ArrayBuffer(slot * chunks.length);
    const view = new DataView(uniformData);
    const maxIters = opts.maxLoopIterations ?? DEFAULT_MAX_LOOP_ITERATIONS;
    if (!Number.isInteger(maxIters) || maxIters < 1 || maxIters > 2 ** 32 - 2) {
      throw new RangeError(`gpu: maxLoopIterations must be an integer from 1 to 2^32 - 2, got ${maxIters}`);
    }
    // A seed is drawn only for kernels that use Math.random (two crypto calls cost 10–40 µs a launch).
    const seed = !spec.usesRandom ? 0 : opts.seed ?? (this.#seed ?? randomSeed());
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / 2 ** 32) >>> 0;
    chunks.forEach((c, s) => {
      const base = s * slot;
      const fixed: Record<(typeof FIXED_UNIFORMS)[number], number> = {
        start: c.start,
        end: c.end,
        partial_base: c.partialBase,
        identity: spec.returns ? identityBits(spec.reduce ?? 'sum', spec.returns) : 0,
        seed_lo: seedLo,
        seed_hi: seedHi,
        launch: opts.seed !== undefined ? launchIndex : launchIndex + (seedLo ^ 0x5bd1e995),
        nx,
        ny,
        max_iters: maxIters,
      };
      let offset = base;
      for (const f of FIXED_UNIFORMS) {
        view.setUint32(offset, fixed[f] >>> 0, true);
        offset += 4;
      }
      spec.params.forEach((p, k) => {
        const arg = args[k];
        if (p.kind === 'array') view.setUint32(offset, arg instanceof DeviceArray ? arg.length : (arg as GpuTypedArray).length, true);
        else if (p.type === 'f32') view.setFloat32(offset, arg as number, true);
        else if (p.type === 'i32') view.setInt32(offset, arg as number, true);
        else if (p.type === 'u32') view.setUint32(offset, (arg as number) >>> 0, true);
        else view.setUint32(offset, arg ? 1 : 0, true);
        offset += 4;
      });
    });
    const uniformBuffer = take({ label: 'uniforms', size: uniformData.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniformBuffer, 0, uniformData);
    bytesUploaded += uniformData.byteLength;

    // Checked integer reads: one flag word, cleared, read back only when a flag could have been set.
    const bindings = bindingsOf(spec);
    let flagBuffer: GPUBuffer | undefined;
    let flagStaging: GPUBuffer | undefined;
    const encoder = device.createCommandEncoder({ label: spec.name });
    if (bindings.flags !== undefined) {
      flagBuffer = take({ label: 'flags', size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      encoder.clearBuffer(flagBuffer);
      const mayFlag = spec.boundedLoops === true || spec.params.some((p, k) => {
        if (p.kind !== 'array' || !p.checkedReads) return false;
        if (p.checkedReads === 'any-index') return true;
        const arg = args[k];
        return total > (arg instanceof DeviceArray ? arg.length : (arg as GpuTypedArray).length);
      });
      if (mayFlag) flagStaging = take({ label: 'flags-read', size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    }
    let scratch: GPUBuffer | undefined;
    const pass = encoder.beginComputePass();
    pass.setPipeline(compiled.pipeline);
    const maxPerDim = limits.maxComputeWorkgroupsPerDimension;
    chunks.forEach((c, s) => {
      const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniformBuffer, offset: s * slot, size } }];
      bound.forEach((b, j) => {
        let resource: GPUBufferBinding = { buffer: b.buffer };
        if (splitNeeded && b.elementwise) {
          const remaining = b.length - c.start;
          if (remaining <= 0) {
            // The array is shorter than the launch: past its end, reads and writes are out of bounds anyway.
            scratch ??= take({ label: 'scratch', size: 16, usage: GPUBufferUsage.STORAGE });
            resource = { buffer: scratch };
          } else {
            resource = { buffer: b.buffer, offset: c.start * 4, size: Math.min(remaining, chunkLen) * 4 };
          }
        }
        entries.push({ binding: bindings.arrays[j]!, resource });
      });
      if (partialBuffer) entries.push({ binding: bindings.partials!, resource: { buffer: partialBuffer } });
      if (flagBuffer) entries.push({ binding: bindings.flags!, resource: { buffer: flagBuffer } });
      pass.setBindGroup(0, this.#bindGroup(handle, compiled, entries));
      const x = Math.min(c.groups, maxPerDim);
      const y = Math.ceil(c.groups / x);
      if (y > maxPerDim) throw new GpuLaunchError(`gpu: ${c.groups} workgroups exceed this device's dispatch limits`);
      pass.dispatchWorkgroups(x, y);
    });
    pass.end();

    const reads: Array<{ staging: GPUBuffer; target: GpuTypedArray | Float64Array; element: ElementType; length: number }> = [];
    for (const b of bound) {
      if (!b.readback || b.length === 0) continue;
      const staging = take({ label: 'readback', size: b.length * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      encoder.copyBufferToBuffer(b.buffer, 0, staging, 0, b.length * 4);
      const p = spec.params[b.index]!;
      reads.push({ staging, target: b.readback, element: p.kind === 'array' ? p.element : 'f32', length: b.length });
      bytesDownloaded += b.length * 4;
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
    if (scoped) {
      const [v, o] = await Promise.all([device.popErrorScope(), device.popErrorScope()]);
      if (v || o) throw new GpuLaunchError(`gpu: the device refused the launch of kernel '${spec.name}': ${(v ?? o)!.message}`);
      this.#validated.add(compiled.pipeline);
    }

    const staged = [...reads.map((r) => r.staging), ...(partialStaging ? [partialStaging] : []), ...(flagStaging ? [flagStaging] : [])];
    if (staged.length === 0) {
      // Every array is on the device and nothing is read back: the launch is queued, not waited for. The
      // queue orders it before any later upload, launch or `.read()`.
      this.lastLaunch = { bytesUploaded, bytesDownloaded, dispatches: chunks.length, workgroupSize: wg };
      return undefined;
    }
    const maps = staged.map((b) => b.mapAsync(GPUMapMode.READ));
    await Promise.race([Promise.all(maps.length ? maps : [device.queue.onSubmittedWorkDone()]), handle.lostPromise]);
    if (handle.lost) await handle.lostPromise;

    if (flagStaging) {
      const bits = new Uint32Array(flagStaging.getMappedRange(), 0, 1)[0]!;
      flagStaging.unmap();
      if (bits !== 0) {
        for (const b of staged) if (b.mapState === 'mapped') b.unmap();
        if (bits & LOOP_LIMIT_FLAG) throw new GpuLoopLimitError(spec.name, maxIters);
        const names = spec.params.filter((p) => p.kind === 'array').filter((_, k) => (bits >>> Math.min(k, 30)) & 1).map((p) => p.name);
        throw new GpuOutOfBoundsError(spec.name, names);
      }
    }

    for (const r of reads) {
      const Ctor = typedCtor(r.element);
      r.target.set(new Ctor(r.staging.getMappedRange(), 0, r.length) as unknown as ArrayLike<number>);
      r.staging.unmap();
    }
    this.lastLaunch = { bytesUploaded, bytesDownloaded, dispatches: chunks.length, workgroupSize: wg };
    if (!partialStaging || !spec.returns || !rule) return undefined;
    const words = new Uint32Array(partialStaging.getMappedRange(), 0, partials * rule.words);
    // Partials are combined in f64 on the host: a second GPU pass would save nothing but a 4 KiB read.
    const reduce = spec.reduce ?? 'sum';
    let result = identityValue(reduce, spec.returns);
    for (let k = 0; k < partials; k++) result = combineOnHost(reduce, result, rule.readPartial(words, k));
    partialStaging.unmap();
    return result;
  }
}
