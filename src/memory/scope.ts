/**
 * A scope of numbat arrays freed together: `using s = numbat.scope()` frees every array made through `s` (or
 * handed to `s.adopt`) when the block ends, by `Symbol.dispose`. Node 20 has `Symbol.dispose`, and tsx
 * (esbuild) and TypeScript 5.2+ compile `using` (`Symbol.dispose` is typed by `@types/node`). The arrays themselves carry nothing extra: a property on a typed array
 * would change its hidden class, and every compiled loop reading it.
 *
 * @module
 */
import type { Array2D } from '../jit/types.js';
import { f32, f64, free, i32, isOwned, u32, u8, zeros, type NumbatArray } from './index.js';

/**
 * Arrays freed together; see {@link scope}.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * import type { MemoryScope } from 'numbat';
 * const s: MemoryScope = numbat.scope();
 * s.f64(3).length; // → 3
 * s.free();
 * ```
 */
export interface MemoryScope {
  /** `numbat.f64(n)`, owned by the scope. */
  f64(n: number | ArrayLike<number>): Float64Array;
  /** `numbat.f32(n)`, owned by the scope. */
  f32(n: number | ArrayLike<number>): Float32Array;
  /** `numbat.i32(n)`, owned by the scope. */
  i32(n: number | ArrayLike<number>): Int32Array;
  /** `numbat.u32(n)`, owned by the scope. */
  u32(n: number | ArrayLike<number>): Uint32Array;
  /** `numbat.u8(n)`, owned by the scope. */
  u8(n: number | ArrayLike<number>): Uint8Array;
  /** `numbat.zeros(n)`, owned by the scope. */
  zeros(n: number): Float64Array;
  /** `numbat.zeros(rows, cols)`, owned by the scope. */
  zeros(rows: number, cols: number): Array2D;
  /** Hands an array made elsewhere in numbat memory (a compiled function's result) to the scope; returns it. */
  adopt<A extends NumbatArray | Array2D>(array: A): A;
  /** Frees every array of the scope not freed already (also what `using` calls). Later calls do nothing. */
  free(): void;
}

/**
 * A {@link MemoryScope} that `using` frees at the end of its block.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * import type { DisposableMemoryScope } from 'numbat';
 * const s: DisposableMemoryScope = numbat.scope();
 * s[Symbol.dispose](); // what `using` calls when the block ends
 * ```
 */
export interface DisposableMemoryScope extends MemoryScope {
  /** Frees the scope's arrays, as {@link MemoryScope.free}. */
  [Symbol.dispose](): void;
}

/**
 * A new {@link MemoryScope}. With `using`, its arrays are freed when the block ends, even by an exception.
 *
 * @example
 * ```ts
 * import * as numbat from 'numbat';
 * {
 *   using s = numbat.scope();
 *   const xs = s.f64(1_000_000);
 *   xs.fill(1);
 * } // xs's memory is back in the heap here
 * ```
 */
export function scope(): DisposableMemoryScope {
  let owned: Array<NumbatArray | Array2D> = [];
  const keep = <A extends NumbatArray | Array2D>(a: A): A => {
    owned.push(a);
    return a;
  };
  const release = (): void => {
    const all = owned;
    owned = [];
    for (const a of all) if (isOwned(a)) free(a);
  };
  return {
    f64: (n: number | ArrayLike<number>) => keep(f64(n)),
    f32: (n: number | ArrayLike<number>) => keep(f32(n)),
    i32: (n: number | ArrayLike<number>) => keep(i32(n)),
    u32: (n: number | ArrayLike<number>) => keep(u32(n)),
    u8: (n: number | ArrayLike<number>) => keep(u8(n)),
    zeros: ((rows: number, cols?: number) => keep(cols === undefined ? zeros(rows) : zeros(rows, cols))) as MemoryScope['zeros'],
    adopt: <A extends NumbatArray | Array2D>(a: A): A => {
      if (!isOwned(a)) throw new TypeError('numbat.scope().adopt: not an array numbat allocated (numbat.f64(), a compiled function\'s result, …), or already freed');
      return keep(a);
    },
    free: release,
    [Symbol.dispose]: release,
  };
}
