/**
 * The errors a launch can end with, each naming the kernel and what to change.
 *
 * @module
 */
/**
 * A WGSL compile error, reported against the JavaScript source line the offending WGSL came from.
 *
 * @example
 * ```ts
 * import { gpu, GpuCompileError } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * try {
 *   await scale.launch(xs.length, 2, xs);
 * } catch (e) {
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
 * import { gpu, GpuLaunchError } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * try {
 *   await scale.launch(xs.length, 2, xs);
 * } catch (e) {
 *   if (e instanceof GpuLaunchError) console.log(e.message); // e.g. an array over maxBufferSize
 * }
 * ```
 */
export class GpuLaunchError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name: string = 'GpuLaunchError';
}

/**
 * A kernel read an integer array out of bounds and used the element as an integer, or used a 2-D array
 * (`Array2D`, `number[][]`) outside its rows and columns. JavaScript (and the CPU fallback) would read
 * `undefined`, another element, or throw there, which the GPU cannot reproduce, so the launch rejects rather
 * than give another answer. Written host arrays are left as they were; device arrays may hold partial results.
 *
 * @example
 * ```ts
 * import { gpu, GpuOutOfBoundsError } from 'numbat/gpu';
 *
 * // ids[i + 1] is past the end for the last i: JavaScript's undefined, which cannot index xs on the GPU.
 * const gather = gpu(function gather(i: number, ids: Int32Array, xs: Float32Array, out: Float32Array) { out[i] = xs[ids[i + 1]!]!; });
 * try {
 *   await gather.launch(2, new Int32Array([0, 1]), new Float32Array(4), new Float32Array(2));
 * } catch (e) {
 *   if (e instanceof GpuOutOfBoundsError) console.log(e.arrays); // ['ids']
 * }
 * ```
 */
export class GpuOutOfBoundsError extends GpuLaunchError {
  override readonly name = 'GpuOutOfBoundsError';
  constructor(
    kernel: string,
    /** The array parameters read out of bounds (integer arrays) or used outside their rows and columns (2-D arrays). */
    readonly arrays: readonly string[],
    /** Which of `arrays` are 2-D (`Array2D`, `number[][]`). */
    matrices: readonly string[] = [],
  ) {
    const flat = arrays.filter((a) => !matrices.includes(a));
    const list = (names: readonly string[]): string => names.map((a) => `'${a}'`).join(', ');
    const parts: string[] = [];
    if (flat.length) {
      parts.push(
        `read ${list(flat)} out of bounds and used the element as an integer; ` +
          'in JavaScript that element is undefined, which an i32 on the GPU cannot hold, so the results would differ from the CPU. ' +
          'Check the index before reading (e.g. `k < xs.length ? xs[k] : 0`)',
      );
    }
    if (matrices.length) {
      parts.push(
        `used the 2-D array ${list(matrices)} outside its rows and columns (or a null row); JavaScript would read another ` +
          'element, undefined, or throw there, so the launch rejects rather than give a different answer. ' +
          'Check indices against m.rows and m.cols (m.length and m[i].length for a number[][])',
      );
    }
    super(`gpu: kernel '${kernel}' ${parts.join('; and ')}`);
  }
}


/**
 * A launch that did not finish within its {@link LaunchOptions.timeout}. The device it ran on is abandoned
 * (destroyed once its queue drains; device arrays on it lose their data) and the next launch gets a new one.
 *
 * @example
 * ```ts
 * import { gpu, GpuTimeoutError } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * try {
 *   await scale.launch(xs.length, 2, xs);
 * } catch (e) {
 *   if (e instanceof GpuTimeoutError) console.log(e.timeout);
 * }
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
 * import { gpu, GpuLoopLimitError } from 'numbat/gpu';
 *
 * const scale = gpu(function scale(i: number, a: number, xs: Float32Array) { xs[i] = a * xs[i]!; });
 * const xs = new Float32Array([1, 2, 3]);
 * try {
 *   await scale.launch(xs.length, 2, xs);
 * } catch (e) {
 *   if (e instanceof GpuLoopLimitError) console.log(e.limit);
 * }
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
 * A value left the range where the GPU's answer is JavaScript's, so the launch rejects rather than differ:
 * an integer expression the GPU computes exactly (modulo 2^32, as JS's ToInt32 and indices need) passed 2^53,
 * where JS rounds it first (`a * b` of two large int32s stored into an Int32Array), or, under
 * `precision: 'f64-emulated'`, an operation of finite values overflowed f32's exponent range (about 3.4e38),
 * where JS's double is finite (`1e30 * 1e30` is 1e60). Results are not copied back.
 *
 * @example
 * ```ts
 * import { gpu, GpuRangeError } from 'numbat/gpu';
 *
 * const square = gpu(function square(i: number, xs: Int32Array, out: Int32Array) { out[i] = xs[i]! * xs[i]! * 3; });
 * try {
 *   await square.launch(1, new Int32Array([2147483647]), new Int32Array(1));
 * } catch (e) {
 *   if (e instanceof GpuRangeError) console.log(e.message);
 * }
 * ```
 */
export class GpuRangeError extends GpuLaunchError {
  override readonly name = 'GpuRangeError';
  constructor(kernel: string, emulated: boolean) {
    super(
      `gpu: kernel '${kernel}' computed ${emulated ? 'a value past f32\'s exponent range (about 3.4e38) from finite ones, where JavaScript\'s double is finite, or ' : ''}` +
        'an integer past 2^53 that it keeps exact where JavaScript rounds it, so its results would differ from the CPU\'s. ' +
        'Scale the values, use Math.imul for a 32-bit integer product, or run it on the CPU (NUMBAT_GPU=off)',
    );
  }
}
