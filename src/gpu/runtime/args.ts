/**
 * A launch's arguments checked against the kernel's parameters before anything touches the device: count,
 * element types, scalar kinds, and written arrays passed twice (one array on the CPU, two buffers on a GPU).
 *
 * @module
 */
import type { KernelSpec } from '../abi.js';
import { convertedKindOf } from '../elements.js';
import { Array2D } from '../../jit/types.js';
import { DeviceArray, elementTypeOf } from './array.js';
import { nestedColumns } from './host.js';
import type { LaunchOptions } from './options.js';
import { dfRangeProblem } from '../wgsl/df32.js';

/**
 * Throws a TypeError naming the argument when `args` do not fit `spec`'s parameters.
 *
 * @example
 * ```ts
 * import type { KernelSpec } from 'numbat/internals';
 * import { checkArgs } from './args.js';
 *
 * const spec: KernelSpec = {
 *   name: 'scale', grid: 1, usesRandom: false,
 *   params: [{ kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true },
 *            { kind: 'scalar', name: 'a', type: 'f32' }],
 *   body: 'fn numbat_kernel(i: i32) { a_xs[numbat_li] = a_xs[numbat_li] * numbat_P.s_a; }',
 * };
 * checkArgs(spec, [new Float32Array(4), 2], {}); // fits: returns nothing
 * checkArgs(spec, [new Float64Array(4), 2], {}); // → throws TypeError: …xs…
 * ```
 */
export function checkArgs(spec: KernelSpec, args: readonly unknown[], options: LaunchOptions): void {
  if (args.length !== spec.params.length) {
    const names = spec.params.map((p) => p.name).join(', ');
    throw new TypeError(`gpu: kernel '${spec.name}' takes ${spec.params.length} argument(s) after the extent (${names}), got ${args.length}`);
  }
  spec.params.forEach((p, k) => {
    const arg = args[k];
    if (p.kind === 'array' && p.matrix) {
      if (!(arg instanceof Array2D)) nestedColumns(arg, `argument '${p.name}' of kernel '${spec.name}'`);
    } else if (p.kind === 'array') {
      if (p.pairs) {
        if (arg instanceof Float64Array || (arg instanceof DeviceArray && arg.element === 'f64')) return;
        throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' must be a Float64Array (precision 'f64-emulated'), got ${elementTypeOf(arg, `argument '${p.name}'`)}`);
      }
      if (options.convertFloat64 && convertedKindOf(arg)?.to === p.element) return;
      const element = elementTypeOf(arg, `argument '${p.name}' of kernel '${spec.name}'`);
      if (element !== p.element) {
        throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' must hold ${p.element}, got ${element}`);
      }
    } else {
      const ok = p.type === 'bool' ? typeof arg === 'boolean' || typeof arg === 'number' : typeof arg === 'number';
      if (!ok) throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' must be a ${p.type === 'bool' ? 'boolean' : 'number'}, got ${typeof arg}`);
      const problem = p.type === 'df' ? dfRangeProblem(arg as number) : undefined;
      if (problem) {
        throw new RangeError(`gpu: argument '${p.name}' of kernel '${spec.name}' is ${String(arg)}, ${problem}: precision 'f64-emulated' computes in double-f32, whose range is f32's`);
      }
      if ((p.type === 'i32' || p.type === 'u32') && !Number.isInteger(arg)) {
        throw new TypeError(`gpu: argument '${p.name}' of kernel '${spec.name}' is ${p.type}, got the non-integer ${String(arg)}`);
      }
    }
  });
  // A written array passed twice would become two buffers on the GPU but one array on the CPU.
  // An Array2D is its data: `m` and `m.data` are one array.
  const arrays = spec.params.flatMap((p, k) => (p.kind === 'array' ? [{ p, arg: args[k] instanceof Array2D ? args[k].data : args[k] }] : []));
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
