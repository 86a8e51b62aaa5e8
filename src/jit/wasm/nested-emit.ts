/**
 * The Wasm code of `number[][]` accesses (`nested.ts` packs the argument): a matrix is three i32 locals (pointer,
 * rows, columns), a row is its index (`-1` for `null`), element `(r, c)` is the f64 at `ptr + (r * cols + c) * 8`.
 * Every access JS would answer with `undefined` or a TypeError (a row index or a column out of range, a
 * fractional index, a `null` row) traps, and the call reruns on the JS backend; checks proved redundant by
 * lowering or `hoist.ts` (`inBounds`) are left out, except the `null` test of a nullable row.
 *
 * @module
 */
import type { Expr, IRFunction, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import type { Instr, OpName, ValType } from './encode.js';
import { WasmUnsupported } from './codegen-types.js';

/**
 * What the emitter needs of the function generator (`gen-state.ts`).
 *
 * @example
 * ```ts
 * import type { NestedEmitter } from './nested-emit.js';
 *
 * const code: string[] = [];
 * const host: NestedEmitter = {
 *   emit: (op) => { code.push(op); }, temp: () => 9, expr: () => {}, as: () => {}, trapIf: () => { code.push('trap?'); },
 *   matrix: () => ({ ptr: 0, rows: 1, cols: 2 }),
 * };
 * ```
 */
export interface NestedEmitter {
  emit(op: OpName, imm?: Instr['imm']): void;
  temp(t: ValType): number;
  expr(e: Expr): void;
  as(e: Expr, t: ValType): void;
  /** Traps when the i32 on the stack is nonzero. */
  trapIf(): void;
  /** The locals of a `number[][]` parameter of the current function (throws `WasmUnsupported` otherwise). */
  matrix(name: string): { readonly ptr: number; readonly rows: number; readonly cols: number };
}

/**
 * The index of the entry's `number[][]` parameter every `return` gives back, when the entry returns a matrix
 * (jacobi's `return u`); undefined when it returns something else. Throws `WasmUnsupported` for any other
 * matrix result (a callee's, or two different ones).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { returnedMatrix } from './nested-emit.js';
 *
 * function same(m: number[][]) { return m; }
 * returnedMatrix(lowerToIR(same, [{ kind: 'matrix', layout: 'nested' }]).functions.at(-1)!); // → 0
 * ```
 */
export function returnedMatrix(f: IRFunction): number | undefined {
  if (f.returnType.kind !== 'matrix') return undefined;
  const names = new Set<string>();
  walkIR(f.body, { stmt: (s) => { if (s.kind === 'return' && s.value) names.add(s.value.op === 'local' ? s.value.name : '?'); } });
  const k = f.params.findIndex((p) => names.has(p.name));
  if (names.size !== 1 || k < 0) throw new WasmUnsupported('a number[][] result other than one argument returned as is');
  return k;
}

/** Leaves an index (i32, or f64 checked to be an integer) in a new i32 local; traps unless `0 <= index < bound`. */
function checkedIndex(index: Expr, bound: number, proved: boolean, host: NestedEmitter): number {
  const i = host.temp('i32');
  if (proved || index.type.kind !== 'f64') {
    host.as(index, 'i32');
    host.emit('local.set', i);
    if (proved) return i;
    host.emit('local.get', i);
    host.emit('local.get', bound);
    host.emit('i32.ge_u');
    host.trapIf();
    return i;
  }
  // a double names a row or column only if it is an integer in range (-0 names 0, as in JS)
  const x = host.temp('f64');
  host.as(index, 'f64');
  host.emit('local.tee', x);
  host.emit('i32.trunc_sat_f64_s');
  host.emit('local.tee', i);
  host.emit('f64.convert_i32_s');
  host.emit('local.get', x);
  host.emit('f64.ne');
  host.emit('local.get', i);
  host.emit('local.get', bound);
  host.emit('i32.ge_u');
  host.emit('i32.or');
  host.trapIf();
  return i;
}

/** A row value in a new i32 local; traps on `null` (-1) when the row's type allows it. */
function rowIndex(row: Expr, host: NestedEmitter): number {
  const r = host.temp('i32');
  host.expr(row);
  host.emit('local.set', r);
  if (row.type.kind === 'row' && row.type.nullable) {
    host.emit('local.get', r);
    host.emit('i32.const', 0);
    host.emit('i32.lt_s');
    host.trapIf();
  }
  return r;
}

/** Leaves the byte address of element (row, col) of the matrix `name` on the stack. */
function elementAddress(name: string, row: Expr, col: Expr, proved: boolean, host: NestedEmitter): void {
  const m = host.matrix(name);
  const r = rowIndex(row, host);
  const c = checkedIndex(col, m.cols, proved, host);
  host.emit('local.get', m.ptr);
  host.emit('local.get', r);
  host.emit('local.get', m.cols);
  host.emit('i32.mul');
  host.emit('local.get', c);
  host.emit('i32.add');
  host.emit('i32.const', 3);
  host.emit('i32.shl');
  host.emit('i32.add');
}

/**
 * Leaves the byte address of the element a `rowGet` reads on the stack, with the same checks as reading it (for
 * a load into a vector lane, `simd-outer-emit.ts`).
 *
 * @example
 * ```ts
 * import { emitRowGetAddress, type NestedEmitter } from './nested-emit.js';
 *
 * const code: string[] = [];
 * const host: NestedEmitter = {
 *   emit: (op, imm) => { code.push(imm === undefined ? op : `${op} ${String(imm)}`); }, temp: () => 9, expr: () => {}, as: () => {},
 *   trapIf: () => { code.push('trap?'); }, matrix: () => ({ ptr: 0, rows: 1, cols: 2 }),
 * };
 * const i = { op: 'local', type: { kind: 'i32' }, name: 'i' } as const;
 * emitRowGetAddress({ op: 'rowGet', type: { kind: 'f64' }, matrix: 'm', row: { op: 'rowOf', type: { kind: 'row', matrix: 'm', nullable: false }, matrix: 'm', index: i, inBounds: true }, col: i, inBounds: true }, host);
 * code.at(-1); // → 'i32.add'
 * ```
 */
export function emitRowGetAddress(e: Extract<Expr, { op: 'rowGet' }>, host: NestedEmitter): void {
  elementAddress(e.matrix, e.row, e.col, e.inBounds === true, host);
}

/**
 * Emits a `number[][]` expression (`rows`, `cols`, `rowOf`, `rowGet`, `nullRow`); throws `WasmUnsupported` for an
 * Array2D's (`matrixLoad`).
 *
 * @example
 * ```ts
 * import { emitNestedExpr, type NestedEmitter } from './nested-emit.js';
 *
 * const code: string[] = [];
 * const host: NestedEmitter = {
 *   emit: (op, imm) => { code.push(imm === undefined ? op : `${op} ${String(imm)}`); }, temp: () => 9, expr: () => {}, as: () => {},
 *   trapIf: () => { code.push('trap?'); }, matrix: () => ({ ptr: 0, rows: 1, cols: 2 }),
 * };
 * emitNestedExpr({ op: 'rows', type: { kind: 'i32' }, matrix: 'm' }, host);
 * code; // → [ 'local.get 1' ]
 * ```
 */
export function emitNestedExpr(e: Expr, host: NestedEmitter): void {
  switch (e.op) {
    case 'rows':
      host.emit('local.get', host.matrix(e.matrix).rows);
      return;
    case 'cols': {
      const m = host.matrix(e.matrix);
      // `m[i].length`: the row is evaluated (and checked) first, as JS reads m[i] before its length
      if (e.of) rowIndex(e.of, host);
      host.emit('local.get', m.cols);
      return;
    }
    case 'rowOf': {
      const m = host.matrix(e.matrix);
      host.emit('local.get', checkedIndex(e.index, m.rows, e.inBounds === true, host));
      return;
    }
    case 'rowGet':
      elementAddress(e.matrix, e.row, e.col, e.inBounds === true, host);
      host.emit('f64.load', 0);
      return;
    case 'nullRow':
      host.emit('i32.const', -1);
      return;
    default:
      throw new WasmUnsupported(`an Array2D access (${e.op}): its data is not in linear memory`);
  }
}

/**
 * Emits `row[col] = value` on a `number[][]` row (a column out of range traps: JS would grow the row).
 *
 * @example
 * ```ts
 * import { emitMatrixStore, type NestedEmitter } from './nested-emit.js';
 *
 * const code: string[] = [];
 * const host: NestedEmitter = {
 *   emit: (op) => { code.push(op); }, temp: () => 9, expr: () => {}, as: () => {},
 *   trapIf: () => { code.push('trap?'); }, matrix: () => ({ ptr: 0, rows: 1, cols: 2 }),
 * };
 * const zero = { op: 'const', type: { kind: 'i32' }, value: 0 } as const;
 * emitMatrixStore({ kind: 'matrixStore', matrix: 'm', row: zero, col: zero, value: zero, checked: true }, host);
 * code.at(-1); // → 'f64.store'
 * ```
 */
export function emitMatrixStore(s: Extract<Stmt, { kind: 'matrixStore' }>, host: NestedEmitter): void {
  if (!s.checked) throw new WasmUnsupported('an Array2D store (m.set): its data is not in linear memory');
  elementAddress(s.matrix, s.row, s.col, s.inBounds === true, host);
  host.as(s.value, 'f64');
  host.emit('f64.store', 0);
}
