/**
 * Over 400 lines, with a reason: about half is the documented public types of a kernel's launch arguments and
 * extents (`DropLeading`, `HostOrDevice`, `LaunchArgs`, …) and the decorator's documented helpers.
 *
 * `@gpu`: a function of the JIT's numeric subset becomes a compute kernel. Its first parameter is the
 * invocation index (the first two or three for 2-D/3-D grids), the others are typed arrays (storage buffers)
 * and numbers or booleans (uniforms). `await kernel.launch(n, ...args)` runs it for every index; arrays it
 * writes are copied back into the caller's typed arrays; a kernel that returns a number returns the sum (or
 * min, max) over all invocations. Without a WebGPU adapter, it runs on the CPU with one warning.
 *
 * What differs from the same function under `@memoJit` (the WGSL backend's rules are in `wgsl/generate.ts`):
 * - **f32, not f64.** WGSL has no double precision: numbers are f32 (integers proved int32 stay i32), so
 *   results agree with the CPU within f32 tolerance: each `+ - *` is a correctly rounded f32 operation
 *   (exactly `Math.fround` of the step), `/` is within 2.5 ulp (`tests/gpu/precision.test.ts`). With
 *   `precision: 'f64-emulated'`, numbers and Float64Arrays are double-f32 instead (`wgsl/df32.ts`, about 1e-14
 *   relative). Otherwise Float64Array arguments are refused (or converted with `convertFloat64: true`). Transcendentals have WGSL's accuracy (e.g. `sin` within 2^-11 absolute,
 *   `atan2` within 4096 ulp); `Math.round`, `Math.min`/`max` (NaN), `%`, `**` and bitwise operators keep their
 *   JS semantics.
 * - **Math.random()** draws from a Philox4x32-10 stream per invocation (24-bit floats in [0, 1)), seeded per
 *   launch (`seed` makes launches reproducible); the CPU fallback uses memoJit's seedable generator, so the
 *   two agree statistically, not number for number.
 * - **Out-of-bounds** reads give NaN (0 for integer arrays) and writes are dropped, like typed arrays.
 * - **No allocation, no strings or objects** in kernels (2-D arrays are `Array2D` or `number[][]` parameters):
 * the error names the construct and line.
 * - Integer values beyond int32 that JS keeps exact in doubles are f32 on the GPU, except index arithmetic
 *   (`xs[2 * i + 1]`), which is computed in i32.
 *
 * @module
 */
import { defineDecorator, optionsObject, describeValue, unwrap, type AnyFunction, type DecorationSite } from '../decorate.js';
import { typeName, type Type } from '../jit/types.js';
import { seedRandom } from '../jit/random.js';
import { jitDisabled } from '../jit/dispatch/memojit.js';
import { tokenOf, TOKEN_TYPES } from '../jit/dispatch/signature.js';
import { identityValue, type Reduction } from './abi.js';
import { convertedKindOf, isStorageKind } from './elements.js';
import { DeviceArray, deviceZeros, elementTypeOf, toDevice } from './runtime/array.js';
import { generateWgsl } from './wgsl/generate.js';
import { acquireDevice, gpuInfo, GpuUnavailableError, readyDevice, releaseDevice, setIdleRelease } from './runtime/device.js';
import { cpuBackendName, cpuKernelOf, lowerKernel } from './frontend.js';
import { floatOnlyScalars } from './scalars.js';
import { WgslKernel } from './runtime/kernel.js';
import { normalizeExtent, type GridExtent, type LaunchStats } from './runtime/options.js';

/**
 * Options of {@link gpu}.
 *
 * @example
 * ```ts
 * import { gpu, type GpuOptions } from 'numbat';
 *
 * const options: GpuOptions = { workgroupSize: 64, grid: 2, require: true, seed: 7 };
 * const fill = gpu(options)(function fill(i: number, j: number, m: Float32Array) { m[i * 4 + j] = i + j; });
 * ```
 */
export interface GpuOptions<G extends 1 | 2 | 3 = 1 | 2 | 3> {
  /** Invocations per workgroup (default 256, bounded by the device). */
  readonly workgroupSize?: number;
  /** Throw {@link GpuUnavailableError} instead of running on the CPU when there is no adapter. */
  readonly require?: boolean;
  /** 1 (default), 2 or 3: how many leading parameters are indices; `launch` then takes `[nx, ny(, nz)]`. */
  readonly grid?: G;
  /** How a returning kernel's values combine: `'sum'` (default), `'min'` or `'max'`. */
  readonly reduce?: Reduction;
  /** Seed of `Math.random()`: with it, launch k of the kernel draws the same numbers on every run. */
  readonly seed?: number;
  /** Accept Float64Array arguments, converted to f32 for the GPU (written ones converted back). */
  readonly convertFloat64?: boolean;
  /** Milliseconds a launch may take before it rejects and the device is replaced (default two minutes). */
  readonly timeout?: number;
  /** Loop iterations one invocation may run before the launch rejects (default 2^31): a loop that never ends cannot hang the GPU. */
  readonly maxLoopIterations?: number;
  /** For 1-D reductions of arrays read only at the own index (`return xs[i]`, `a[i] * b[i]`): 16-byte `vec4` loads (default true; false to compare). */
  readonly vectorLoads?: boolean;
  /**
   * `'f32'` (default): numbers are f32 on the GPU. `'f64-emulated'`: numbers and Float64Array arguments are
   * double-f32 (two f32s per value, about 48 bits, relative error about 1e-14) for `+ - * /`, `Math.sqrt`,
   * comparisons and `abs`/`min`/`max`/`floor`/`ceil`/`trunc`; other functions, `%` and `**` on doubles are
   * located errors. Float64Arrays (host arrays, split into pairs per launch, or `gpu.array(float64s)`, kept as
   * pairs on the device) hold values of f32's range (about 1.2e-38 to 3.4e38; others are a RangeError). See
   * `gpu/wgsl/df32.ts`.
   */
  readonly precision?: 'f32' | 'f64-emulated';
}

/**
 * The tuple `T` without its first `N` elements: a kernel's parameters after its `N` index parameters. A tuple
 * shorter than `N`, or an array type that is not a tuple, is left as it is.
 *
 * @typeParam Acc - Counts the elements dropped so far (type-level recursion has no numbers); leave it out.
 *
 * @example
 * ```ts
 * import type { DropLeading } from 'numbat';
 *
 * type P = DropLeading<[number, number, Float32Array], 2>; // [Float32Array]
 * const p: P = [new Float32Array(4)];
 * ```
 */
export type DropLeading<T extends readonly unknown[], N extends number, Acc extends unknown[] = []> = Acc['length'] extends N
  ? T
  : T extends readonly [unknown, ...infer Rest]
    ? DropLeading<Rest, N, [...Acc, unknown]>
    : T;
/**
 * A launch argument's type widened to accept a {@link DeviceArray} wherever the kernel takes a typed array of
 * the same kind, so data can stay on the GPU between launches; other types are unchanged.
 *
 * @example
 * ```ts
 * import { gpu, type HostOrDevice } from 'numbat';
 *
 * type A = HostOrDevice<Float32Array>; // Float32Array | DeviceArray<Float32Array>
 * const onHost: A = new Float32Array(4);
 * const onDevice: A = gpu.array(new Float32Array(4));
 * ```
 */
export type HostOrDevice<T> = T extends Float32Array ? T | DeviceArray<Float32Array>
  : T extends Int32Array ? T | DeviceArray<Int32Array>
  : T extends Uint32Array ? T | DeviceArray<Uint32Array>
  : T extends Float64Array ? T | DeviceArray<Float64Array>
  : T;
/**
 * {@link HostOrDevice} applied to every element of a tuple of launch arguments.
 *
 * @example
 * ```ts
 * import type { DeviceArgs } from 'numbat';
 *
 * type A = DeviceArgs<[number, Int32Array]>; // [number, Int32Array | DeviceArray<Int32Array>]
 * const a: A = [2, new Int32Array(8)];
 * ```
 */
export type DeviceArgs<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? [HostOrDevice<H>, ...DeviceArgs<R>] : T;
/**
 * A kernel's launch arguments: its parameters after the index parameter(s), typed arrays or device arrays.
 *
 * @example
 * ```ts
 * import type { LaunchArgs } from 'numbat';
 *
 * type A = LaunchArgs<(i: number, a: number, xs: Float32Array) => void, 1>; // [number, Float32Array | DeviceArray<Float32Array>]
 * const a: A = [2, new Float32Array(8)];
 * ```
 */
export type LaunchArgs<F extends AnyFunction, G extends number> = DeviceArgs<DropLeading<Parameters<F>, G>>;
/**
 * The extent a kernel with a `G`-dimensional grid is launched over: a count for 1-D kernels, `[nx, ny]` for
 * 2-D and `[nx, ny, nz]` for 3-D, so passing the wrong shape is a type error rather than a launch-time one.
 *
 * @example
 * ```ts
 * import type { LaunchExtent } from 'numbat';
 *
 * const e: LaunchExtent<2> = [640, 480];
 * ```
 */
export type LaunchExtent<G extends number> = G extends 2 ? readonly [number, number] : G extends 3 ? readonly [number, number, number] : number;

/**
 * Where the last launch ran.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * await scale.launch(xs.length, 2, xs);
 * if (scale.lastBackend === 'cpu') console.log('ran on the CPU fallback');
 * ```
 */
export type GpuBackend = 'gpu' | 'cpu';

/**
 * What {@link gpu} adds to a function. Calling the function itself still runs the plain code for one index.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * await scale.launch(xs.length, 2, xs);
 * console.log(scale.lastBackend, scale.lastLaunch?.dispatches, [...scale.wgsl.keys()]);
 * ```
 */
export interface GpuKernelExtras<F extends AnyFunction, G extends number = 1> {
  /**
   * Runs the kernel for every index in `extent` (a count, or `[nx, ny]`/`[nx, ny, nz]` for grids). Resolves
   * when written arrays are back in the caller's typed arrays, to the reduced total when the kernel returns a
   * number.
   */
  launch(extent: LaunchExtent<G>, ...args: LaunchArgs<F, G>): Promise<ReturnType<F> extends number | boolean ? number : void>;
  /** Generated WGSL per argument signature (e.g. `'f32, Float32Array, Float32Array'`), once launched on a GPU. */
  readonly wgsl: ReadonlyMap<string, string>;
  /** Bytes moved and dispatches issued by the last GPU launch. */
  readonly lastLaunch: LaunchStats | undefined;
  /** Where the last launch ran. */
  readonly lastBackend: GpuBackend | undefined;
  /** numba's launch syntax for 1-D kernels: `kernel[n](...args)` is `kernel.launch(n, ...args)`. */
  readonly [n: number]: (...args: LaunchArgs<F, G>) => Promise<ReturnType<F> extends number | boolean ? number : void>;
}

/**
 * A function decorated with {@link gpu}.
 *
 * @example
 * ```ts
 * import { gpu, type GpuKernel } from 'numbat';
 *
 * function saxpy(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) { out[i] = a * x[i]! + y[i]!; }
 * const k: GpuKernel<typeof saxpy> = gpu(saxpy);
 * const x = new Float32Array([1, 2]);
 * const y = new Float32Array([3, 4]);
 * const out = new Float32Array(2);
 * await k.launch(x.length, 2, x, y, out); // out: [5, 8]
 * ```
 */
export type GpuKernel<F extends AnyFunction, G extends number = 1> = F & GpuKernelExtras<F, G>;

let warned = false;

type Driver = (f: AnyFunction, nx: number, ny: number, nz: number, args: readonly unknown[]) => number | undefined;
const drivers = new Map<string, Driver>();

/**
 * The CPU fallback's loop over the grid, generated per grid, arity and reduction: a plain `for` calling the
 * memoJit-compiled kernel with fixed arguments is several times faster than spreading an argument array per
 * index.
 */
function cpuDriver(grid: 1 | 2 | 3, arity: number, reduce: Reduction | undefined): Driver {
  const key = `${grid}:${arity}:${reduce}`;
  let driver = drivers.get(key);
  if (driver) return driver;
  const names = Array.from({ length: arity }, (_, k) => `a${k}`);
  const index = grid === 1 ? ['x'] : grid === 2 ? ['x', 'y'] : ['x', 'y', 'z'];
  // As the GPU and a plain loop do: an empty grid gives the identity, and an undefined result (a read past
  // the end, a bare `return;`) is NaN in the total, as `t + undefined` is.
  const identity = reduce === 'sum' ? '0' : reduce === 'min' ? 'Infinity' : '-Infinity';
  const combine = reduce === 'sum' ? 't + v' : `Math.${reduce}(t, v)`;
  const call = `f(${[...index, ...names].join(', ')})`;
  const body = [
    ...names.map((n, k) => `const ${n} = args[${k}];`),
    reduce === undefined ? '' : `let t = ${identity};`,
    grid === 3 ? 'for (let z = 0; z < nz; z++)' : '',
    grid >= 2 ? 'for (let y = 0; y < ny; y++)' : '',
    'for (let x = 0; x < nx; x++) {',
    reduce === undefined ? `  ${call};` : `  const v = +${call};\n  t = ${combine};`,
    '}',
    reduce === undefined ? 'return undefined;' : 'return t;',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  driver = new Function('f', 'nx', 'ny', 'nz', 'args', body) as Driver;
  drivers.set(key, driver);
  return driver;
}

/**
 * The plain kernel (NUMBAT_DISABLE_JIT), with whether it returns a value as the compiler sees it; a kernel the
 * compiler cannot read is taken to return one (its reduction then sums what it returns).
 */
function plainKernel(fn: AnyFunction, types: readonly Type[]): { readonly fn: AnyFunction; readonly returns: boolean } {
  const original = unwrap(fn).original;
  try {
    return { fn: original, returns: cpuKernelOf(fn, types).returns };
  } catch {
    return { fn: original, returns: true };
  }
}

/**
 * The JIT type of a launch argument, from the CPU dispatcher's own table (`jit/dispatch/signature.ts`: an
 * integer in int32 is `i32`, other numbers `f64`, typed arrays by constructor), narrowed to what a GPU holds:
 * device arrays by their element, a Float64Array as f32 when converting (the element rows of `elements.ts`),
 * anything else the GPU's own error.
 */
function argType(value: unknown, name: string, convertFloat64: boolean, pairs = false): Type {
  if (value instanceof DeviceArray) {
    // A Float64Array device array holds double-f32 pairs: only f64-emulated kernels take it.
    if (value.element === 'f64' && !pairs) elementTypeOf(value, name);
    return { kind: 'array', element: value.element };
  }
  // f64-emulated: a Float64Array is bound as (hi, lo) f32 pairs and typed as itself, before any conversion.
  if (pairs && value instanceof Float64Array) return { kind: 'array', element: 'f64' };
  const converted = convertFloat64 ? convertedKindOf(value) : undefined;
  if (converted) return { kind: 'array', element: converted.to };
  const token = tokenOf(value);
  const type = typeof token === 'string' ? TOKEN_TYPES.get(token) : undefined;
  if (type && (type.kind !== 'array' || isStorageKind(type.element))) return type;
  return { kind: 'array', element: elementTypeOf(value, name) };
}

function signatureOf(types: readonly Type[]): string {
  return types.map((t) => (t.kind === 'array' || t.kind === 'matrix' ? typeName(t) : t.kind === 'f64' ? 'f32' : t.kind)).join(', ');
}

function wrapGpu(decorated: AnyFunction, options: GpuOptions, site: DecorationSite): AnyFunction {
  // Compile the plain function under any other numbat decorators (`gpu(timed(f))` compiles f).
  const fn = unwrap(decorated).original;
  const grid = options.grid ?? 1;
  const name = site.name || fn.name || 'kernel';
  const kernels = new Map<string, WgslKernel>();
  const wgsl = new Map<string, string>();
  const cpuKernels = new Map<string, { readonly fn: AnyFunction; readonly returns: boolean }>();
  let cpuLaunches = 0;
  const indexTypes: Type[] = Array.from({ length: grid }, (): Type => ({ kind: 'i32' }));
  let lastLaunch: LaunchStats | undefined;
  let lastBackend: GpuBackend | undefined;
  // Argument positions of scalars the kernel uses only as floats: typed f32 whatever their value (scalars.ts).
  const floatScalars = new Set<number>();
  let lastCall: { args: readonly unknown[]; kernel: WgslKernel } | undefined;

  async function runOnCpu(extent: GridExtent, args: unknown[]): Promise<number | undefined> {
    const [nx, ny, nz] = normalizeExtent(extent, grid, name);
    // The same argument rules as on the GPU, so code that runs here also runs on a GPU.
    const types = indexTypes.concat(args.map((a, k) => argType(a, `argument ${k + 1} of kernel '${name}'`, options.convertFloat64 ?? false, options.precision === 'f64-emulated')));
    const host = args.map((a) => (a instanceof DeviceArray ? a.hostArray() : a));
    // A converted kind runs on the CPU as it is, compiled for its own kind: nothing is rounded.
    host.forEach((a, k) => {
      const converted = convertedKindOf(a);
      if (converted) types[grid + k] = { kind: 'array', element: converted.kind };
    });
    const key = signatureOf(types);
    // NUMBAT_DISABLE_JIT: the plain kernel, called per invocation like the compiled one, for debugging.
    const plain = jitDisabled();
    let compiled = cpuKernels.get(key);
    if (!compiled) cpuKernels.set(key, (compiled = plain ? plainKernel(fn, types) : cpuKernelOf(fn, types)));
    const cpu = compiled.fn;
    if (options.seed !== undefined) seedRandom(options.seed + cpuLaunches);
    cpuLaunches++;
    const total = cpuDriver(grid, host.length, compiled.returns ? options.reduce ?? 'sum' : undefined)(cpu, nx, ny, nz, host);
    lastBackend = 'cpu';
    return total;
  }

  function launch(extent: GridExtent, ...args: unknown[]): Promise<number | undefined> {
    // A time-stepping loop's repeat (the same device arrays and scalars, device ready): no async layer of its own.
    const last = lastCall;
    if (last && last.args.length === args.length && readyDevice() && !jitDisabled() && args.every((a, k) => Object.is(a, last.args[k]))) {
      return last.kernel.launch(extent, args).then((result) => finish(last.kernel, result));
    }
    return launchFull(extent, args);
  }

  async function launchFull(extent: GridExtent, args: unknown[]): Promise<number | undefined> {
    if (jitDisabled()) return runOnCpu(extent, args);
    try {
      if (!readyDevice()) await acquireDevice();
    } catch (error) {
      if (!(error instanceof GpuUnavailableError)) throw error;
      if (options.require) {
        throw new GpuUnavailableError(`gpu: kernel '${name}' requires a GPU (require: true), but ${error.message}`);
      }
      if (!warned) {
        warned = true;
        process.emitWarning(`${error.message}; @gpu kernels run on the CPU (${cpuBackendName}) instead`, { code: 'NUMBAT_GPU_FALLBACK' });
      }
      return runOnCpu(extent, args);
    }
    // Arguments identical to the last launch's (the same device arrays and scalars, as in a time-stepping loop)
    // have the same signature: the kernel is reused without typing them again.
    if (lastCall && lastCall.args.length === args.length && args.every((a, k) => Object.is(a, lastCall!.args[k]))) {
      return finish(lastCall.kernel, await lastCall.kernel.launch(extent, args));
    }
    const convert = options.convertFloat64 ?? false;
    const pairs = options.precision === 'f64-emulated';
    const typeOf = (a: unknown, k: number): Type =>
      floatScalars.has(k) && typeof a === 'number' ? { kind: 'f64' } : argType(a, `argument ${k + 1} of kernel '${name}'`, convert, pairs);
    let types: Type[] = [...indexTypes, ...args.map(typeOf)];
    let signature = signatureOf(types.slice(grid));
    let kernel = kernels.get(signature);
    let lowered = kernel ? undefined : lowerKernel(fn, types, grid);
    const floats = lowered ? floatOnlyScalars(lowered.module, grid) : new Set<string>();
    if (lowered && floats.size > 0) {
      const entry = lowered.module.functions.find((f) => f.name === lowered!.module.entry)!;
      entry.params.forEach((p, k) => {
        if (k >= grid && floats.has(p.name)) floatScalars.add(k - grid);
      });
      lastCall = undefined; // the same arguments may now type differently
      types = [...indexTypes, ...args.map(typeOf)];
      signature = signatureOf(types.slice(grid));
      kernel = kernels.get(signature);
      lowered = kernel ? undefined : lowerKernel(fn, types, grid);
    }
    if (!kernel && lowered) {
      const spec = generateWgsl(lowered.module, {
        grid, ...(options.reduce ? { reduce: options.reduce } : {}), ...(lowered.locate ? { locate: lowered.locate } : {}),
        ...(options.precision ? { precision: options.precision } : {}),
      });
      kernel = new WgslKernel({ ...spec, name }, {
        ...(options.workgroupSize !== undefined ? { workgroupSize: options.workgroupSize } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
        ...(options.maxLoopIterations !== undefined ? { maxLoopIterations: options.maxLoopIterations } : {}),
        ...(options.vectorLoads !== undefined ? { vectorLoads: options.vectorLoads } : {}),
        convertFloat64: convert,
      });
      kernels.set(signature, kernel);
      wgsl.set(signature, kernel.wgsl());
    }
    if (!kernel) throw new Error(`gpu: internal error: no kernel for signature ${signature}`);
    // Only device arrays and scalars are remembered: a host array is not kept alive by it.
    lastCall = args.every((a) => typeof a !== 'object' || a instanceof DeviceArray) ? { args: [...args], kernel } : undefined;
    return finish(kernel, await kernel.launch(extent, args));
  }

  function finish(ready: WgslKernel, result: number | undefined): number | undefined {
    lastLaunch = ready.lastLaunch;
    lastBackend = 'gpu';
    if (result === undefined && ready.spec.returns) return identityValue(ready.spec.reduce ?? 'sum', ready.spec.returns);
    return result;
  }

  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    return decorated.apply(this, args);
  };
  Object.defineProperties(wrapper, {
    launch: { value: launch },
    wgsl: { get: () => wgsl, enumerable: true },
    lastLaunch: { get: () => lastLaunch, enumerable: true },
    lastBackend: { get: () => lastBackend, enumerable: true },
  });
  // numba's `kernel[n](...)`: a numeric property is a launcher over that many invocations (1-D kernels).
  return new Proxy(wrapper, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && !(key in target)) {
        return (...args: unknown[]) => launch(Number(key), ...args);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const entry = defineDecorator({ name: 'gpu', wrap: wrapGpu }, (given) => {
  const options = optionsObject<GpuOptions>('gpu', given ?? undefined);
  checkOptions(options);
  return options;
});

function checkOptions(options: GpuOptions): void {
  if (options.grid !== undefined && options.grid !== 1 && options.grid !== 2 && options.grid !== 3) {
    throw new TypeError(`gpu: grid must be 1, 2 or 3, got ${describeValue(options.grid)}`);
  }
  if (options.reduce !== undefined && !['sum', 'min', 'max'].includes(options.reduce)) {
    throw new TypeError(`gpu: reduce must be 'sum', 'min' or 'max', got ${describeValue(options.reduce)}`);
  }
  if (options.precision !== undefined && options.precision !== 'f32' && options.precision !== 'f64-emulated') {
    throw new TypeError(`gpu: precision must be 'f32' or 'f64-emulated', got ${describeValue(options.precision)}`);
  }
  if (options.workgroupSize !== undefined && (!Number.isInteger(options.workgroupSize) || options.workgroupSize < 1)) {
    throw new TypeError(`gpu: workgroupSize must be a positive integer, got ${describeValue(options.workgroupSize)}`);
  }
}

/**
 * Compiles a function to a WGSL compute kernel (through the JIT's IR), run by Dawn's WebGPU. Works as
 * `gpu(fn)`, `gpu({ workgroupSize, require, grid, reduce, seed })(fn)`, and `@gpu` / `@gpu({...})` on methods.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * const saxpy = gpu(function saxpy(i: number, a: number, x: Float32Array, y: Float32Array, out: Float32Array) {
 *   out[i] = a * x[i]! + y[i]!;
 * });
 * const x = new Float32Array([1, 2, 3]);
 * const y = new Float32Array([1, 1, 1]);
 * const out = new Float32Array(3);
 * await saxpy.launch(x.length, 2, x, y, out); // out now holds [3, 5, 7]
 *
 * const hits = gpu({ seed: 1 })(function hits(i: number) {
 *   const x = Math.random(), y = Math.random();
 *   return x * x + y * y < 1 ? 1 : 0; // summed over all invocations
 * });
 * const pi = (4 * (await hits.launch(1e7))) / 1e7; // 3.141…
 * ```
 */
export function gpu<F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext): GpuKernel<F, 1>;
export function gpu<G extends 1 | 2 | 3 = 1>(
  options?: GpuOptions<G>,
): <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext) => GpuKernel<F, G>;
export function gpu(...args: unknown[]): unknown {
  return entry(args);
}

/**
 * Which adapter kernels run on (`await gpu.info()`); see {@link gpuInfo}.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * const info = await gpu.info();
 * console.log(info.available ? info.description : info.reason);
 * ```
 */
gpu.info = gpuInfo;
/**
 * Puts a typed array on the GPU for several launches (`numba.cuda.to_device`); see {@link toDevice}.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * const step = gpu(function step(i: number, xs: Float32Array) { xs[i] = xs[i]! / 2; });
 * const xs = gpu.array(Float32Array.from([2, 4, 8]));
 * await step.launch(xs.length, xs);
 * await step.launch(xs.length, xs); // no copy between the launches
 * const result = await xs.read(); // Float32Array [0.5, 1, 2]
 * ```
 */
gpu.array = toDevice;
/**
 * A zero-filled device array; see {@link deviceZeros}.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * const out = gpu.zeros(Float32Array, 1024);
 * out.length; // 1024
 * ```
 */
gpu.zeros = deviceZeros;
/**
 * Destroys the device now; the next launch requests a new one. See {@link releaseDevice}.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * gpu.release(); // before a long CPU phase; the next launch requests a new device
 * ```
 */
gpu.release = releaseDevice;
/**
 * How long an idle device is kept, in milliseconds (default 5 s); see {@link setIdleRelease}.
 *
 * @example
 * ```ts
 * import { gpu } from 'numbat';
 *
 * gpu.idleRelease(60_000); // keep the device for a minute between launches
 * ```
 */
gpu.idleRelease = setIdleRelease;
