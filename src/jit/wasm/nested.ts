/**
 * `number[][]` (a `matrix` of layout `'nested'`) on the Wasm backend: packed once per call into linear memory,
 * row-major f64, and written back after the call when the code writes it.
 *
 * Which calls Wasm answers (any other call runs the JS backend, which reads the rows in place, `js/nested.ts`):
 * - every row is a JS array or a numeric typed array, all of one length (rectangular: Wasm indexes
 *   `ptr + (row * cols + col) * 8`), and every element read is a number (`typeof`, so holes, strings and
 *   `undefined` go to JS, where the plain code's own conversions apply);
 * - the rows of a matrix the code writes are plain extensible arrays (a typed row would convert what is stored);
 *   when the code writes some `number[][]`, no row object appears twice (`m[0] === m[1]`, or one row in two
 *   arguments): writes through one alias must be seen through the other, which copies would hide;
 * - when the code writes a typed array argument, no row is a typed array (it might share that buffer).
 * Reads out of range (a row index past the end, a column past the row's length) trap, and the call reruns on JS,
 * which gives the plain function's `undefined` or TypeError: the copies make the Wasm call transactional.
 * A written matrix is copied back element by element (`row[j] = value`), only after a call that did not trap.
 *
 * @module
 */
import type { IRFunction, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';

/** A row is a JS array or a numeric typed array (not BigInt, not a DataView). */
type Row = ArrayLike<unknown>;

/**
 * Per `number[][]` parameter of `entry` (in parameter order, `false` for others): whether the module may write
 * its rows. Writes in a callee are not traced to the argument: any store in a callee marks every matrix written.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { nestedWritten } from './nested.js';
 *
 * function copy(a: number[][], b: number[][]) {
 *   for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i]!.length; j++) b[i]![j] = a[i]![j]!;
 * }
 * const ir = lowerToIR(copy, [{ kind: 'matrix', layout: 'nested' }, { kind: 'matrix', layout: 'nested' }]);
 * nestedWritten(ir.functions.at(-1)!, ir.functions); // → [ false, true ]
 * ```
 */
export function nestedWritten(entry: IRFunction, functions: readonly IRFunction[]): boolean[] {
  const stored = new Set<string>();
  let inCallee = false;
  for (const f of functions) {
    walkIR(f.body, {
      stmt: (s: Stmt) => {
        if (s.kind !== 'matrixStore') return;
        if (f === entry) stored.add(s.matrix);
        else inCallee = true;
      },
    });
  }
  return entry.params.map((p) => p.type.kind === 'matrix' && (inCallee || stored.has(p.name)));
}

/**
 * What one call's `number[][]` argument needs in linear memory, or the reason the JS backend answers the call.
 *
 * @example
 * ```ts
 * import { measureNested } from './nested.js';
 *
 * measureNested([[1, 2], [3, 4]], false, true); // → { rows: 2, cols: 2 }
 * measureNested([[1, 2], [3]], false, true); // → 'ragged rows (lengths 2 and 1)'
 * measureNested([Float64Array.of(1)], true, true); // → 'a typed-array row, where the code writes'
 * ```
 */
export function measureNested(m: unknown, written: boolean, typedRows: boolean): { rows: number; cols: number } | string {
  if (!Array.isArray(m)) return 'not an array of rows';
  const rows = m.length;
  if (rows === 0) return { rows: 0, cols: 0 };
  let cols = -1;
  for (let i = 0; i < rows; i++) {
    const row: unknown = m[i];
    if (Array.isArray(row)) {
      if (written && !Object.isExtensible(row)) return 'a frozen, sealed or non-extensible row, which the code writes';
    } else if (written || !typedRows || !numericView(row)) return numericView(row) ? 'a typed-array row, where the code writes' : 'a row that is not an array';
    const length = (row as Row).length;
    if (cols < 0) cols = length;
    else if (length !== cols) return `ragged rows (lengths ${cols} and ${length})`;
  }
  // row * cols * 8 bytes must be addressable in 32 bits
  if (rows * cols > 2 ** 28) return 'more than 2^28 elements';
  return { rows, cols };
}

function numericView(row: unknown): boolean {
  return ArrayBuffer.isView(row) && !(row instanceof DataView) && !(row instanceof BigInt64Array) && !(row instanceof BigUint64Array);
}

/**
 * Whether some row object appears twice among `matrices` (within one or across several): a call that writes
 * then runs on JS.
 *
 * @example
 * ```ts
 * import { sharedRows } from './nested.js';
 *
 * const r = [1, 2];
 * sharedRows([[r, [3, 4]], [[5, 6], r]]); // → true
 * sharedRows([[[1, 2]], [[1, 2]]]); // → false
 * ```
 */
export function sharedRows(matrices: readonly (readonly unknown[])[]): boolean {
  let total = 0;
  for (const m of matrices) total += m.length;
  const seen = new Set<unknown>();
  for (const m of matrices) for (let i = 0; i < m.length; i++) seen.add(m[i]);
  return seen.size !== total;
}

/**
 * Copies a measured `number[][]` into `f64` from element index `at` on; false (nothing to undo: only scratch
 * memory was written) when some element is not a number.
 *
 * @example
 * ```ts
 * import { packNested } from './nested.js';
 *
 * const f64 = new Float64Array(4);
 * packNested([[1, 2], [3, -0]], 2, f64, 0); // → true
 * Object.is(f64[3], -0); // → true
 * packNested([[1, 2], [3, '4']], 2, f64, 0); // → false
 * ```
 */
export function packNested(m: readonly unknown[], cols: number, f64: Float64Array, at: number): boolean {
  for (let i = 0, o = at; i < m.length; i++, o += cols) {
    const row = m[i];
    if (row instanceof Float64Array) {
      f64.set(row, o);
      continue;
    }
    const r = row as Row;
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      if (typeof v !== 'number') return false;
      f64[o + j] = v;
    }
  }
  return true;
}

/**
 * Writes a packed matrix back into the caller's rows (plain arrays, `measureNested` with `written`), leaving each
 * row's old element where its new one was, so a second call with the same arguments puts the rows back. A row
 * may refuse a write that `measureNested` cannot see without reading every property's descriptor (an element
 * defined read-only, a setter that throws): then the rows written so far are put back and the result is false,
 * so the call can run on JS from the caller's own rows, as plain JS would (writing them once, then throwing).
 *
 * @example
 * ```ts
 * import { unpackNested } from './nested.js';
 *
 * const m = [[0, 0], [0, 0]];
 * const packed = Float64Array.of(1, 2, 3, 4);
 * unpackNested(m, 2, packed, 0); // → true
 * m; // → [ [ 1, 2 ], [ 3, 4 ] ]
 * Array.from(packed); // → [ 0, 0, 0, 0 ]
 * const fixed = [0, 0];
 * Object.defineProperty(fixed, 1, { value: 0, writable: false });
 * const n = [[0, 0], fixed];
 * unpackNested(n, 2, Float64Array.of(1, 2, 3, 4), 0); // → false
 * n; // → [ [ 0, 0 ], [ 0, 0 ] ]
 * ```
 */
export function unpackNested(m: readonly unknown[], cols: number, f64: Float64Array, at: number): boolean {
  let i = 0, j = 0;
  try {
    for (let o = at; i < m.length; i++, o += cols) {
      const r = m[i] as number[];
      for (j = 0; j < cols; j++) {
        const old = r[j]!;
        r[j] = f64[o + j]!;
        f64[o + j] = old;
      }
    }
    return true;
  } catch {
    // element (i, j) refused its write: every element before it holds the new value, its old one in f64
    for (let ii = 0, o = at; ii <= i; ii++, o += cols) {
      const r = m[ii] as number[];
      for (let jj = 0, end = ii === i ? j : cols; jj < end; jj++) r[jj] = f64[o + jj]!;
    }
    return false;
  }
}

/**
 * The deepest loop nesting at which some function reads or writes an element of a `number[][]` (0: outside
 * loops; -1: never). `'auto'` takes Wasm when it is 3 or more: each element is then visited many times per
 * packed copy (jacobi's sweeps, pairwise distances), while a single pass (row norms) costs JS one read per
 * element, about what packing alone costs.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { nestedLoopDepth } from './nested.js';
 *
 * function total(m: number[][]) {
 *   let s = 0;
 *   for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i]!.length; j++) s += m[i]![j]!;
 *   return s;
 * }
 * nestedLoopDepth(lowerToIR(total, [{ kind: 'matrix', layout: 'nested' }]).functions); // → 2
 * ```
 */
export function nestedLoopDepth(functions: readonly IRFunction[]): number {
  let best = -1;
  const visit = (stmts: readonly Stmt[], depth: number): void => {
    for (const s of stmts) {
      if (s.kind === 'loop') {
        visit(s.body, depth + 1);
        visit(s.continuing, depth + 1);
        for (const e of [s.test, s.postTest]) if (e) walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'rowGet') best = Math.max(best, depth + 1); } });
      } else if (s.kind === 'if') {
        walkIR([{ kind: 'expr', expr: s.cond }], { expr: (x) => { if (x.op === 'rowGet') best = Math.max(best, depth); } });
        visit(s.then, depth);
        visit(s.else, depth);
      } else {
        walkIR([s], {
          expr: (x) => { if (x.op === 'rowGet') best = Math.max(best, depth); },
          stmt: (t) => { if (t.kind === 'matrixStore') best = Math.max(best, depth); },
        });
      }
    }
  };
  for (const f of functions) visit(f.body, 0);
  return best;
}
