/**
 * The JS backend's rule for `number[][]` (a `matrix` of layout `'nested'`): read and written in place.
 *
 * Such a matrix is the caller's own array of rows, and a row value is the row object itself (a JS array or a
 * typed array), not an index into a packed copy. Every access is emitted as the very JS operation the plain
 * function performs (`m[i]`, `row[j]`, `row.length`, `row[j] = v`, `m.length`), so out-of-range reads give
 * `undefined`, a read through a missing row throws the same TypeError, stores into plain rows grow them and
 * stores into typed rows convert, and a write through another argument that aliases a row is seen at once.
 * The only check is on entry, once per row ({@link rowsAreArrays}): each row must be an array or a numeric
 * typed array, because inference takes `row.length` for an int32 length (anything else runs the plain
 * function). Elements are not checked: compiled code applies to them the same operations as the plain code.
 *
 * `Array2D` (layout `'array2d'`) keeps the packed, index-based form of `codegen.ts`.
 *
 * @module
 */
import type { Expr, Stmt } from '../ir.js';
import type { Type } from '../types.js';
import { MAX_LENGTH } from '../infer/lattice.js';
import { GENERATED, userName } from './names.js';

/**
 * What the rule needs from the code generator.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { nestedExpr, type NestedHost } from './nested.js';
 *
 * // `points` is a number[][] parameter; sub-expressions print as their names.
 * const host: NestedHost = { isNested: (m) => m === 'points', expr: (e) => (e.op === 'local' ? e.name : '…') };
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * nestedExpr({ op: 'rows', type: { kind: 'i32' }, matrix: 'points' }, host); // → 'points.length'
 * ```
 */
export interface NestedHost {
  /** Whether the matrix named (a parameter or local) is a `number[][]` held in place. */
  isNested(matrix: string): boolean;
  /** The code of a sub-expression. */
  expr(e: Expr): string;
}

/**
 * Whether `t` is a `matrix` of layout `'nested'`.
 *
 * @example
 * ```ts
 * import { isNestedType } from './nested.js';
 *
 * isNestedType({ kind: 'matrix', layout: 'nested' }); // → true
 * isNestedType({ kind: 'matrix', layout: 'array2d' }); // → false
 * ```
 */
export function isNestedType(t: Type | undefined): boolean {
  return t?.kind === 'matrix' && t.layout === 'nested';
}

/**
 * The code of `e` when it reads a nested matrix or one of its rows, else `undefined` (the generator's own
 * rules apply).
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { nestedExpr, type NestedHost } from './nested.js';
 *
 * // `points` is a number[][] parameter; sub-expressions print as their names.
 * const host: NestedHost = { isNested: (m) => m === 'points', expr: (e) => (e.op === 'local' ? e.name : '…') };
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * nestedExpr({ op: 'rows', type: { kind: 'i32' }, matrix: 'points' }, host); // → 'points.length'
 * nestedExpr({ op: 'rowGet', type: { kind: 'f64' }, matrix: 'points', row: { op: 'local', type: { kind: 'f64' }, name: 'p' }, col: i }, host); // → 'p[i]'
 * // An Array2D's rows are the JS backend's own:
 * nestedExpr({ op: 'rows', type: { kind: 'i32' }, matrix: 'grid' }, host); // → undefined
 * ```
 */
export function nestedExpr(e: Expr, host: NestedHost): string | undefined {
  switch (e.op) {
    case 'rows':
      return host.isNested(e.matrix) ? `${userName(e.matrix)}.length` : undefined;
    case 'cols':
      if (!host.isNested(e.matrix)) return undefined;
      if (!e.of) throw new Error(`internal: the length of a row of ${e.matrix} without the row`);
      return `${host.expr(e.of)}.length`;
    case 'rowOf':
      return host.isNested(e.matrix) ? `${userName(e.matrix)}[${host.expr(e.index)}]` : undefined;
    case 'rowGet':
      return host.isNested(e.matrix) ? `${host.expr(e.row)}[${host.expr(e.col)}]` : undefined;
    case 'nullRow':
      return e.type.kind === 'row' && host.isNested(e.type.matrix) ? 'null' : undefined;
    default:
      return undefined;
  }
}

/**
 * The code of `row[col] = value` on a nested row, else `undefined`.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { nestedStore, type NestedHost } from './nested.js';
 *
 * // `points` is a number[][] parameter; sub-expressions print as their names.
 * const host: NestedHost = { isNested: (m) => m === 'points', expr: (e) => (e.op === 'local' ? e.name : '…') };
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * const store: IR.Stmt = { kind: 'matrixStore', matrix: 'points', row: { op: 'local', type: { kind: 'f64' }, name: 'r' }, col: i, value: { op: 'local', type: { kind: 'f64' }, name: 'v' } };
 * nestedStore(store, host); // → 'r[i] = v'
 * ```
 */
export function nestedStore(s: Stmt, host: NestedHost): string | undefined {
  if (s.kind !== 'matrixStore' || !host.isNested(s.matrix)) return undefined;
  return `${host.expr(s.row)}[${host.expr(s.col)}] = ${host.expr(s.value)}`;
}

/**
 * Entry check of a `number[][]` argument: every row is a JS array or a typed array of numbers (not BigInt, not
 * a DataView), no longer than compiled code's lengths. Rows are not copied and elements are not visited. The
 * entry itself runs the loop ({@link rowsCheck}) and calls {@link rowIsArray} only for a row that is not a plain
 * array; this function is the same test in one call.
 *
 * @example
 * ```ts
 * import { rowsAreArrays } from './nested.js';
 *
 * rowsAreArrays([[1, 2], new Float64Array(3)]); // → true
 * // A row that is not an array: the plain function runs.
 * rowsAreArrays([[1, 2], 3]); // → false
 * ```
 */
export function rowsAreArrays(m: ArrayLike<unknown>): boolean {
  for (let i = 0, n = m.length; i < n; i++) if (!rowIsArray(m[i])) return false;
  return true;
}

/**
 * One row of {@link rowsAreArrays}: a JS array or a numeric typed array, no longer than compiled code's lengths.
 *
 * @example
 * ```ts
 * import { rowIsArray } from './nested.js';
 *
 * rowIsArray(new Float32Array(2)); // → true
 * rowIsArray(new BigInt64Array(2)); // → false
 * ```
 */
export function rowIsArray(row: unknown): boolean {
  const array = Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView) && !(row instanceof BigInt64Array) && !(row instanceof BigUint64Array));
  return array && (row as ArrayLike<unknown>).length <= MAX_LENGTH;
}

/**
 * The entry's loop of {@link rowsAreArrays} over the `number[][]` parameter `m`, written out in each
 * specialization: `onFail` runs (a statement returning the plain function's result) at the first row that is no
 * array. A plain array row is tested inline with `$isArray` (`Array.isArray`, bound once: V8 inlines it); only
 * other rows call `$rows` (`rowIsArray`). One shared loop over every specialization's matrices was a call per
 * row with polymorphic feedback: about 2 ns a row, 40 of the 83 ns a call of ss-linear-regression on 20 points.
 *
 * @example
 * ```ts
 * import { rowsCheck } from './nested.js';
 *
 * rowsCheck('m', 'return $fallback(this, [m]);').startsWith('for (let $s_r = 0'); // → true
 * ```
 */
export function rowsCheck(m: string, onFail: string): string {
  const i = GENERATED.scan('r'), n = GENERATED.scan('rn'), row = GENERATED.scan('row');
  return `for (let ${i} = 0, ${n} = ${m}.length; ${i} < ${n}; ${i}++) { const ${row} = ${m}[${i}]; if (!(${rowTest(row)})) ${onFail} }`;
}

/**
 * The generated test that the value in `row` is a row compiled code takes ({@link rowIsArray}): a plain array
 * inline, anything else through `$rows`. `read` is the first mention of the row, when that is where it is
 * loaded (`$t0 = m[i]`). Shared by the entry's pass ({@link rowsCheck}) and the check where a row is read
 * (`lazy-elements.ts`).
 *
 * @example
 * ```ts
 * import { rowTest } from './nested.js';
 *
 * rowTest('r'); // → '$isArray(r) && r.length <= 2147483647 || $rows(r)'
 * rowTest('$t0', '$t0 = m[i]'); // → '$isArray($t0 = m[i]) && $t0.length <= 2147483647 || $rows($t0)'
 * ```
 */
export function rowTest(row: string, read = row): string {
  return `$isArray(${read}) && ${row}.length <= ${MAX_LENGTH} || $rows(${row})`;
}
