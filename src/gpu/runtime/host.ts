/**
 * Host arguments a GPU holds in another form: 2-D arrays (`Array2D`, rectangular `number[][]`) and, with
 * `convertFloat64`, Float64Arrays (the converted rows of `elements.ts`; under `precision: 'f64-emulated'`, as
 * (hi, lo) pairs of f32). Each is packed into a Float32Array (the storage kind the row converts to, or the pairs)
 * for the launch; after it, only the
 * elements the kernel changed are written back. Writing back everything would round every element the kernel
 * never touched to f32, and a `number[][]` would lose its rows' identity.
 *
 * @module
 */
import type { KernelSpec } from '../abi.js';
import { convertedKindOf, storageRow } from '../elements.js';
import type { GpuTypedArray } from './array.js';
import { Array2D } from '../../jit/types.js';
import { packPairs } from '../wgsl/df32.js';

/**
 * Rows and columns of a packed 2-D argument.
 *
 * @example
 * ```ts
 * import { Array2D } from 'numbat';
 * import { packHostArgs, packedDims } from './host.js';
 * import type { KernelSpec } from '../abi.js';
 * const spec: KernelSpec = { name: 'k', grid: 1, usesRandom: false, body: '',
 *   params: [{ kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'array2d' }] };
 * packedDims(packHostArgs(spec, [Array2D.from([[1, 2]])]).args[0])?.cols; // → 2
 * ```
 */
export interface PackedDims {
  readonly rows: number;
  readonly cols: number;
}

const dims = new WeakMap<Float32Array, PackedDims>();

/**
 * The rows and columns of a Float32Array that {@link packHostArgs} packed from a 2-D argument.
 *
 * @example
 * ```ts
 * import { Array2D } from 'numbat';
 * import { packHostArgs, packedDims } from './host.js';
 * import type { KernelSpec } from '../abi.js';
 * const spec: KernelSpec = { name: 'k', grid: 1, usesRandom: false, body: '',
 *   params: [{ kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'array2d' }] };
 * packedDims(packHostArgs(spec, [Array2D.from([[1, 2]])]).args[0])?.rows; // → 1
 * ```
 */
export function packedDims(arg: unknown): PackedDims | undefined {
  return arg instanceof Float32Array ? dims.get(arg) : undefined;
}

/**
 * The columns of a rectangular `number[][]` of numbers, or a TypeError naming what is wrong.
 *
 * @example
 * ```ts
 * import { nestedColumns } from './host.js';
 * nestedColumns([[1, 2], [3, 4]], 'm'); // → 2
 * ```
 */
export function nestedColumns(value: unknown, what: string): number {
  if (!Array.isArray(value)) throw new TypeError(`gpu: ${what} must be an Array2D or a number[][]`);
  const rows = value as unknown[];
  let cols = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) throw new TypeError(`gpu: ${what} must be an Array2D or a number[][]; row ${i} is not an array`);
    if (i === 0) cols = row.length;
    else if (row.length !== cols) {
      throw new TypeError(`gpu: ${what} is ragged (row ${i} has ${row.length} elements, row 0 has ${cols}); a GPU kernel takes a rectangular number[][] or an Array2D`);
    }
    for (let j = 0; j < row.length; j++) {
      if (typeof row[j] !== 'number') throw new TypeError(`gpu: ${what}[${i}][${j}] is ${typeof row[j]}, not a number`);
    }
  }
  return cols;
}

/**
 * A launch's arguments in the form the GPU runtime binds, and how to put the kernel's writes back.
 *
 * @example
 * ```ts
 * import { packHostArgs } from './host.js';
 * import type { KernelSpec } from '../abi.js';
 * const spec: KernelSpec = { name: 'k', grid: 1, usesRandom: false, body: '',
 *   params: [{ kind: 'array', name: 'm', element: 'f32', writes: true, elementwise: false, matrix: 'nested' }] };
 * const m = [[0.1, 0.2]];
 * const packed = packHostArgs(spec, [m]);
 * (packed.args[0] as Float32Array)[1] = 5; // as a launch's readback would
 * packed.commit();
 * m[0]; // → [ 0.1, 5 ]
 * ```
 */
export interface PackedArgs {
  readonly args: readonly unknown[];
  /** Writes the elements the kernel changed back into the caller's arrays (after the readback). */
  commit(): void;
}

/**
 * Packs the 2-D and Float64Array arguments of a launch of `spec` (see the module comment); other arguments
 * pass through as they are.
 *
 * @example
 * ```ts
 * import { Array2D } from 'numbat';
 * import { packHostArgs } from './host.js';
 * import type { KernelSpec } from '../abi.js';
 * const spec: KernelSpec = { name: 'k', grid: 1, usesRandom: false, body: '', params: [
 *   { kind: 'array', name: 'm', element: 'f32', writes: false, elementwise: false, matrix: 'array2d' },
 *   { kind: 'scalar', name: 'a', type: 'f32' }] };
 * const { args } = packHostArgs(spec, [Array2D.from([[1, 2], [3, 4]]), 2]);
 * args[0]; // → Float32Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export function packHostArgs(spec: KernelSpec, args: readonly unknown[]): PackedArgs {
  let out: unknown[] | undefined;
  const commits: Array<() => void> = [];
  spec.params.forEach((p, k) => {
    if (p.kind !== 'array') return;
    const arg = args[k];
    let packed: GpuTypedArray;
    let write: (index: number, value: number) => void;
    if (p.matrix) {
      if (arg instanceof Array2D) {
        packed = Float32Array.from(arg.data);
        dims.set(packed, { rows: arg.rows, cols: arg.cols });
        const data = arg.data;
        write = (index, value) => { data[index] = value; };
      } else {
        const cols = nestedColumns(arg, `argument '${p.name}' of kernel '${spec.name}'`);
        const rows = arg as number[][];
        packed = new Float32Array(rows.length * cols);
        for (let i = 0; i < rows.length; i++) packed.set(rows[i]!, i * cols);
        dims.set(packed, { rows: rows.length, cols });
        write = (index, value) => { rows[Math.floor(index / cols)]![index % cols] = value; };
      }
    } else if (p.pairs && arg instanceof Float64Array) {
      // precision 'f64-emulated': each element as its (hi, lo) f32 pair (wgsl/df32.ts), joined back as hi + lo.
      packed = packPairs(arg, `argument '${p.name}' of kernel '${spec.name}'`);
      write = (index, value) => { arg[index >> 1] = packed[index & ~1]! + packed[index | 1]!; };
    } else if (convertedKindOf(arg)?.to === p.element) {
      const host = arg as Float64Array;
      packed = storageRow(p.element).array.from(host);
      write = (index, value) => { host[index] = value; };
    } else return;
    (out ??= [...args])[k] = packed;
    if (!p.writes) return;
    const sent = new Uint32Array(packed.slice().buffer);
    const bits = new Uint32Array(packed.buffer, packed.byteOffset, packed.length);
    commits.push(() => {
      for (let i = 0; i < bits.length; i++) if (bits[i] !== sent[i]) write(i, packed[i]!);
    });
  });
  return { args: out ?? args, commit: () => { for (const c of commits) c(); } };
}
