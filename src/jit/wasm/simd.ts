/**
 * Which counted loops the Wasm backend runs several elements at a time (v128 lanes), and in which lane shape: the
 * plan `simd-emit.ts` emits as a vector loop in front of the unchanged scalar loop, which then finishes the last
 * elements (and anything the vector loop could not prove in range, with its own checks).
 *
 * Over 400 lines, with a reason: the lane-loop recognizer is one pattern match whose cases share their checks;
 * 205 of its lines are comments and examples.
 *
 * A loop qualifies when it is `for (; i < n; i++)` (`n` an i32 expression of lengths, unchanged locals and
 * constants) and every statement of its body is a lane value (`const x = e`), a store `out[i] = e`, or a
 * reduction `s += e` / `s -= e` on a local used nowhere else in the body. Reads are `a[i + c]` for a constant `c`
 * (stencils); a read at `c ≠ 0` needs an array the loop does not store, provably distinct from every stored one
 * (parameters of the entry, which the runtime never lets alias, or fresh `new …Array(n)` locals).
 *
 * Rows of a `number[][]` (packed per call, `nested.ts`) are 1-D arrays to the lanes: a read `m[r][i + c]` and a
 * store `m[r][i] = e` (also through `const row = m[r]` declared in the body, or a row local the loop leaves
 * alone) where the row `r` is an unchanged int32 expression, so it is one row for the whole loop
 * (`simd-rows.ts`). Before the vector loop each row is checked once in `[0, rows)` (else only the scalar loop
 * runs, and traps where JS throws) and its columns are bounded by `cols` as an array's elements by its length. A
 * read at a column offset `c ≠ 0` needs memory the loop does not write, as for arrays: a row of a packed matrix
 * never shares memory with a typed array; two different matrices of the entry never share a row where the code
 * writes one (the runtime runs such a call on JS); two rows `m[x + a]`, `m[x + b]` of one matrix with `a ≠ b`
 * are different rows. A read at offset 0 of a stored row is element `i` of the same iteration, as for arrays.
 *
 * Each shape is bit-exact with plain JS, by one rule per shape:
 * - **f64x2** (2 lanes): every value is the double JS computes, lane by lane: `+ - * /`, negation, `x ** 2`,
 *   `Math.sqrt/abs/min/max` are the scalar IEEE operations; `Math.exp/log` are V8's fdlibm algorithms, the same
 *   IEEE operations in the same order with lane masks for its branches (`lanes-math.ts`); `c ? a : b` with `c` a
 *   comparison of doubles computes both (lane values cannot throw or store) and picks per lane by the `f64x2`
 *   comparison. Float32Array and Int32Array/Uint32Array elements are widened exactly (`f64x2.promote_low_f32x4`,
 *   `convert_low_i32x4`); a store into a Float32Array rounds once to f32 (`f32x4.demote_f64x2_zero`), exactly
 *   `Math.fround` at the store, as JS does.
 * - **f32x4** (4 lanes): every store into a Float32Array whose value is one rounding operation (`+ - * /`,
 *   `Math.sqrt`) of f32 values (Float32Array elements, constants that are floats, and `abs/min/max`/negation of
 *   those, which do not round). JS computes it in f64 and rounds at the store; for these five operations,
 *   rounding to f64 first and then to f32 equals rounding to f32 once (53 ≥ 2·24 + 2: Figueroa, "When is double
 *   rounding innocuous?"), so the f32 lane operation is bit-identical. Two rounding operations in one expression
 *   (`a[i] * b[i] + c[i]`) would round once in JS and twice in f32 lanes: such a loop runs in f64x2 instead.
 * - **i32x4** (4 lanes): every store into an Int32Array/Uint32Array whose value is an integer expression (int32
 *   elements, integer constants, unchanged int32 locals, `+ - *`, `& | ^ << >>` with an unchanged shift count,
 *   `Math.imul`) whose every intermediate JS value stays within ±2^53: JS's ToInt32 at the store of an exact
 *   integer is that integer modulo 2^32, which is what wrapping i32 lane arithmetic gives.
 *
 * Reductions change the order of additions. They run in f64x2 lanes only when the result cannot change:
 * - with `fastmath: true` (the user allowed reassociation; the sum may then differ in the last bits, as with
 *   numba's `fastmath`);
 * - or, without it, when every term is an integer of magnitude at most B (e.g. Int32Array elements, B = 2^31):
 *   before the vector loop, a check that the start value is an integer and |s| + count·B ≤ 2^52 makes every
 *   partial sum exact in any order, so the result is bit-identical; when the check fails the scalar loop does
 *   all the work in order.
 *
 * @module
 */
import type { Expr, Loop, Stmt } from '../ir.js';
import type { ElementKind } from '../types.js';
import { LaneRows, rowsApart, type LaneRow } from './simd-rows.js';

/**
 * The lane shape of a vector loop: how many elements a v128 holds and of what.
 *
 * @example
 * ```ts
 * import type { LaneShape } from './simd.js';
 *
 * // A Float32Array loop: four lanes per v128, each rounded to f32 as JS's Math.fround would.
 * const shape: LaneShape = 'f32x4';
 * ```
 */
export type LaneShape = 'f64x2' | 'f32x4' | 'i32x4';

/** Elements per v128 of each shape. */
export const LANES: Readonly<Record<LaneShape, number>> = { f64x2: 2, f32x4: 4, i32x4: 4 };

/**
 * A vectorizable loop.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planSimd, type SimdPlan } from './simd.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const fn = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * const plan: SimdPlan | string = planSimd(loops[0]!, { fastmath: true, distinct: () => false });
 * typeof plan !== 'string' && plan.reductions; // → [ { name: 's', negate: false } ]
 * ```
 */
export interface SimdPlan {
  readonly shape: LaneShape;
  /** The i32 counter. */
  readonly index: string;
  /** The loop bound, evaluated once before the vector loop. */
  readonly bound: Expr;
  /**
   * Arrays read or written, with the range of constant offsets they are read at (stores are at 0); `row` when
   * the "array" is a row of a `number[][]` (its `name` is then the row's, e.g. `u[i-1]`).
   */
  readonly arrays: readonly { readonly name: string; readonly element: ElementKind; readonly min: number; readonly max: number; readonly row?: LaneRow }[];
  /** Which entry of `arrays` each row expression of the body (a `rowGet`'s or `matrixStore`'s row) names. */
  readonly rows: ReadonlyMap<Expr, string>;
  /** Locals declared in the body: lane values. */
  readonly lanes: ReadonlySet<string>;
  /**
   * Reduction accumulators; `negate` for `s -= e`. `exactBound`: the terms are integers of at most this
   * magnitude, and the vector loop runs only behind the exactness check (no fastmath needed).
   */
  readonly reductions: readonly { readonly name: string; readonly negate: boolean; readonly exactBound?: number }[];
  /** The body, in order. */
  readonly body: readonly Stmt[];
}

/**
 * What the planner needs to know of the function around the loop.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planSimd, type SimdContext } from './simd.js';
 *
 * function smooth(xs: Float64Array, out: Float64Array) {
 *   for (let i = 1; i < xs.length - 1; i++) out[i] = (xs[i - 1]! + xs[i]! + xs[i + 1]!) / 3;
 * }
 * const fn = lowerToIR(smooth, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
 * // Reads at an offset next to stores need the arrays to be different memory:
 * const unknown: SimdContext = { fastmath: false, distinct: () => false };
 * planSimd(loops[0]!, unknown); // → 'xs is read at an offset and may be the array out the loop writes'
 * const apart: SimdContext = { fastmath: false, distinct: (a, b) => a !== b };
 * typeof planSimd(loops[0]!, apart); // → 'object'
 * ```
 */
export interface SimdContext {
  readonly fastmath: boolean;
  /** Whether two array locals provably name different memory (for reads at an offset next to stores). */
  readonly distinct: (a: string, b: string) => boolean;
  /**
   * Whether different `number[][]` parameters are different memory where the loop writes one: true in the entry
   * function, whose calls run on JS when a row object repeats among the matrices of a call that writes
   * (`nested.ts`); a callee may get one matrix twice.
   */
  readonly separateMatrices?: boolean;
}

const EXACT = 2 ** 53;
const MAX_OFFSET = 1024;
const F64_MATH = new Set(['sqrt', 'abs', 'min', 'max', 'exp', 'log']);
const INT_LOADS = new Set<ElementKind>(['i32', 'u32']);
const F64_LOADS = new Set<ElementKind>(['f64', 'f32', 'i32', 'u32']);

function refs(e: Expr, name: string): boolean {
  switch (e.op) {
    case 'local': return e.name === name;
    case 'binary': case 'compare': case 'logical': return refs(e.left, name) || refs(e.right, name);
    case 'unary': case 'convert': case 'truthy': return refs(e.arg, name);
    case 'math': return e.args.some((a) => refs(a, name));
    case 'load': return refs(e.index, name) || refs(e.array, name);
    case 'rowGet': return refs(e.row, name) || refs(e.col, name);
    case 'rowOf': return refs(e.index, name);
    case 'cols': return e.of !== undefined && refs(e.of, name);
    case 'length': return refs(e.array, name);
    case 'select': return refs(e.cond, name) || refs(e.then, name) || refs(e.else, name);
    default: return false;
  }
}

/**
 * The constant offset of an index `i`, `i + c` or `i - c`, or undefined.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { indexOffset } from './simd.js';
 *
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * const iMinus1: IR.Expr = { op: 'binary', type: { kind: 'i32' }, operator: 'sub', left: i, right: { op: 'const', type: { kind: 'i32' }, value: 1 } };
 * indexOffset(iMinus1, 'i'); // → -1
 * indexOffset(i, 'i'); // → 0
 * indexOffset(i, 'j'); // → undefined
 * ```
 */
export function indexOffset(e: Expr, index: string): number | undefined {
  if (e.op === 'local' && e.name === index) return 0;
  // `i + c` is typed f64 where inference could not rule out passing 2^31; in the vector loop it is in range
  if (e.op !== 'binary' || (e.type.kind !== 'i32' && e.type.kind !== 'f64') || (e.operator !== 'add' && e.operator !== 'sub')) return undefined;
  const c = (x: Expr): number | undefined => (x.op === 'const' && typeof x.value === 'number' && Number.isInteger(x.value) && !Object.is(x.value, -0) && Math.abs(x.value) <= MAX_OFFSET ? x.value : undefined);
  const isI = (x: Expr): boolean => (x.op === 'local' && x.name === index) || (x.op === 'convert' && x.arg.op === 'local' && x.arg.name === index);
  if (isI(e.left) && c(e.right) !== undefined) return e.operator === 'add' ? c(e.right)! : -c(e.right)!;
  if (e.operator === 'add' && isI(e.right) && c(e.left) !== undefined) return c(e.left)!;
  return undefined;
}

/**
 * Whether `x` is a double that is also a float (so an f32 lane holds it exactly).
 *
 * @example
 * ```ts
 * import { isFloat32 } from './simd.js';
 *
 * isFloat32(0.5); // → true
 * isFloat32(0.1); // → false
 * ```
 */
export function isFloat32(x: number): boolean {
  return Object.is(Math.fround(x), x) || Number.isNaN(x);
}

/**
 * The plan of a loop, or why it stays scalar.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { planSimd } from './simd.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const fn = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * planSimd(loops[0]!, { fastmath: false, distinct: () => false }); // → 'an in-order floating reduction (s): fastmath is off, so it stays scalar and exact'
 * ```
 */
export function planSimd(loop: Loop, context: SimdContext): SimdPlan | string {
  const t = loop.test;
  if (!t || loop.postTest || t.op !== 'compare' || t.operator !== 'lt' || t.left.op !== 'local' || t.left.type.kind !== 'i32') return 'not a counted loop';
  const index = t.left.name;
  const bound = t.right;
  const step = loop.continuing;
  const inc = step[0];
  if (step.length !== 1 || inc?.kind !== 'assign' || inc.name !== index || inc.value.op !== 'binary' || inc.value.operator !== 'add'
    || inc.value.left.op !== 'local' || inc.value.left.name !== index || inc.value.right.op !== 'const' || inc.value.right.value !== 1) {
    return 'the counter does not step by 1';
  }
  const assigned = new Set<string>();
  const writes = new Map<string, number>();
  for (const s of loop.body) {
    if (s.kind === 'declare' || s.kind === 'assign') {
      assigned.add(s.name);
      writes.set(s.name, (writes.get(s.name) ?? 0) + 1);
    }
  }
  if (assigned.has(index)) return 'the body changes the counter';
  const invariantI32 = (e: Expr): boolean => {
    switch (e.op) {
      case 'const': return e.type.kind === 'i32';
      case 'local': return e.type.kind === 'i32' && e.name !== index && !assigned.has(e.name);
      case 'length': return e.array.op === 'local' && !assigned.has(e.array.name);
      case 'rows': return true;
      case 'cols': return !e.of || (e.of.op === 'local' ? !assigned.has(e.of.name) : e.of.op === 'rowOf' && invariantI32(e.of.index));
      case 'binary': return e.type.kind === 'i32' && (e.operator === 'add' || e.operator === 'sub') && invariantI32(e.left) && invariantI32(e.right);
      default: return false;
    }
  };
  // rows of number[][]: `const row = m[r]` declared once in the body, and the rows used, one entry each
  const rowDecls = new Map<string, Extract<Expr, { op: 'rowOf' }>>();
  for (const s of loop.body) {
    if (s.kind === 'declare' && s.init.op === 'rowOf' && writes.get(s.name) === 1 && invariantI32(s.init.index)) rowDecls.set(s.name, s.init);
  }
  const rows = new LaneRows();
  const rowNames = new Map<Expr, string>();
  const laneRow = (row: Expr, matrix: string): LaneRow | undefined => {
    const decl = row.op === 'local' ? rowDecls.get(row.name) : undefined;
    const found = row.op === 'rowOf' ? (row.matrix === matrix && invariantI32(row.index) ? rows.of(matrix, row.index, row.index) : undefined)
      : row.op !== 'local' || row.type.kind !== 'row' ? undefined
      : decl ? (decl.matrix === matrix ? rows.of(matrix, decl.index, decl.index) : undefined)
      : assigned.has(row.name) ? undefined : rows.of(matrix, row, undefined);
    if (found) rowNames.set(row, found.name);
    return found;
  };
  if (!invariantI32(bound)) return 'the bound is not an unchanged int32 expression (lengths, locals, constants, + and -)';

  // what the body reads and writes
  const reads = new Map<string, { element: ElementKind; min: number; max: number }>();
  const stored = new Map<string, ElementKind>();
  const note = (name: string, element: ElementKind, c: number): true => {
    const r = reads.get(name) ?? { element, min: c, max: c };
    r.min = Math.min(r.min, c);
    r.max = Math.max(r.max, c);
    reads.set(name, r);
    return true;
  };
  const read = (e: Extract<Expr, { op: 'load' }>): boolean => {
    if (e.array.op !== 'local' || assigned.has(e.array.name)) return false;
    const c = indexOffset(e.index, index);
    return c !== undefined && note(e.array.name, e.element, c);
  };
  const readRow = (e: Extract<Expr, { op: 'rowGet' }>): boolean => {
    const row = laneRow(e.row, e.matrix);
    const c = indexOffset(e.col, index);
    return row !== undefined && c !== undefined && note(row.name, 'f64', c);
  };
  const invariantNumber = (e: Expr): boolean =>
    (e.op === 'const' && typeof e.value === 'number')
    || (e.op === 'local' && e.name !== index && !assigned.has(e.name) && (e.type.kind === 'f64' || e.type.kind === 'i32'))
    || (e.op === 'convert' && e.type.kind === 'f64' && invariantI32(e.arg));

  // f64x2: every value a double, lane by lane
  const lanes = new Set<string>();
  const f64 = (e: Expr): boolean => {
    if (invariantNumber(e)) return true;
    switch (e.op) {
      case 'local': return lanes.has(e.name);
      case 'convert': return e.type.kind === 'f64' && e.arg.op === 'load' && INT_LOADS.has(e.arg.element) && read(e.arg);
      case 'load': return e.type.kind === 'f64' && F64_LOADS.has(e.element) && read(e);
      case 'rowGet': return readRow(e);
      case 'binary': return e.type.kind === 'f64' && (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul' || e.operator === 'div') && f64(e.left) && f64(e.right);
      case 'unary': return e.type.kind === 'f64' && (e.operator === 'neg' || e.operator === 'square') && f64(e.arg);
      case 'math': return e.type.kind === 'f64' && F64_MATH.has(e.fn) && e.args.length === (e.fn === 'min' || e.fn === 'max' ? 2 : 1) && e.args.every(f64);
      // both sides computed, a lane mask picks (lane values cannot throw or store: inline-lanes.ts)
      case 'select': return e.type.kind === 'f64' && e.cond.op === 'compare' && e.cond.left.type.kind === 'f64' && f64(e.cond.left) && f64(e.cond.right) && f64(e.then) && f64(e.else);
      default: return false;
    }
  };

  // integers: the magnitude bound of an expression every intermediate of which is exact (undefined if none)
  const laneBounds = new Map<string, number>();
  const intBound = (e: Expr): number | undefined => {
    const b = ((): number | undefined => {
      switch (e.op) {
        case 'const': return typeof e.value === 'number' && Number.isInteger(e.value) && !Object.is(e.value, -0) ? Math.abs(e.value) : undefined;
        case 'local':
          if (laneBounds.has(e.name)) return laneBounds.get(e.name);
          return e.type.kind === 'i32' && e.name !== index && !assigned.has(e.name) ? 2 ** 31 : undefined;
        case 'convert': return e.type.kind === 'f64' ? intBound(e.arg) : undefined;
        case 'load': return INT_LOADS.has(e.element) && read(e) ? (e.element === 'u32' ? 2 ** 32 : 2 ** 31) : undefined;
        case 'unary': return e.operator === 'neg' ? intBound(e.arg) : undefined;
        case 'binary': {
          const l = intBound(e.left), r = intBound(e.right);
          if (l === undefined || r === undefined) return undefined;
          if (e.operator === 'add' || e.operator === 'sub') return l + r;
          if (e.operator === 'mul') return l * r;
          if (e.type.kind !== 'i32') return undefined;
          if (e.operator === 'and' || e.operator === 'or' || e.operator === 'xor') return 2 ** 31;
          // a shift by an unchanged count: i32x4 shifts take the count as a scalar, modulo 32 as JS
          if ((e.operator === 'shl' || e.operator === 'shr') && invariantI32(e.right)) return 2 ** 31;
          return undefined;
        }
        case 'math': return e.fn === 'imul' && e.args.length === 2 && e.args.every((a) => intBound(a) !== undefined) ? 2 ** 31 : undefined;
        default: return undefined;
      }
    })();
    return b !== undefined && b <= EXACT ? b : undefined;
  };

  // f32x4: one rounding operation of floats
  const f32 = (e: Expr): boolean => {
    switch (e.op) {
      case 'const': return typeof e.value === 'number' && isFloat32(e.value);
      case 'load': return e.element === 'f32' && read(e);
      case 'unary': return e.operator === 'neg' && f32(e.arg);
      case 'math':
        if (e.fn === 'abs') return e.args.length === 1 && f32(e.args[0]!);
        if (e.fn === 'min' || e.fn === 'max') return e.args.length === 2 && e.args.every(f32);
        if (e.fn === 'fround') return e.args.length === 1 && rounds(e.args[0]!);
        return false;
      default: return false;
    }
  };
  const rounds = (e: Expr): boolean => {
    if (f32(e)) return true;
    if (e.op === 'binary') return (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul' || e.operator === 'div') && f32(e.left) && f32(e.right);
    return e.op === 'math' && e.fn === 'sqrt' && e.args.length === 1 && f32(e.args[0]!);
  };

  for (const s of loop.body) {
    if (s.kind === 'store') {
      if (s.array.op !== 'local' || assigned.has(s.array.name) || indexOffset(s.index, index) !== 0) return 'a store at an index other than the counter';
      stored.set(s.array.name, s.element);
    } else if (s.kind === 'matrixStore') {
      if (!s.checked || indexOffset(s.col, index) !== 0) return 'a store at a column other than the counter';
      const row = laneRow(s.row, s.matrix);
      if (!row) return 'a store into a row of a number[][] that is not one row for the whole loop';
      stored.set(row.name, 'f64');
    }
  }
  const reductionOf = (s: Stmt): { own: Expr; negate: boolean } | undefined => {
    if (s.kind !== 'assign' || s.value.op !== 'binary' || s.value.type.kind !== 'f64' || (s.value.operator !== 'add' && s.value.operator !== 'sub')) return undefined;
    const { left, right, operator } = s.value;
    const own = left.op === 'local' && left.name === s.name ? right : operator === 'add' && right.op === 'local' && right.name === s.name ? left : undefined;
    const elsewhere = loop.body.some((o) => o !== s && ((o.kind === 'declare' && refs(o.init, s.name)) || ((o.kind === 'store' || o.kind === 'matrixStore') && refs(o.value, s.name)) || (o.kind === 'assign' && (o.name === s.name || refs(o.value, s.name)))));
    return own && !refs(own, s.name) && !elsewhere ? { own, negate: operator === 'sub' } : undefined;
  };

  const shapes: LaneShape[] = [];
  const stores32 = [...stored.values()];
  if (stores32.length && stores32.every((k) => k === 'i32' || k === 'u32')) shapes.push('i32x4');
  if (stores32.length && stores32.every((k) => k === 'f32')) shapes.push('f32x4');
  shapes.push('f64x2');
  let why = '';
  for (const shape of shapes) {
    why = '';
    reads.clear();
    lanes.clear();
    laneBounds.clear();
    const reductions: Array<{ name: string; negate: boolean; exactBound?: number }> = [];
    const ok = loop.body.every((s) => {
      if (shape === 'i32x4') {
        if (s.kind === 'declare') {
          const b = intBound(s.init);
          if (b === undefined) { why = `a lane value (${s.name}) that is not an exact integer expression`; return false; }
          laneBounds.set(s.name, b);
          lanes.add(s.name);
          return true;
        }
        if (s.kind === 'store' && intBound(s.value) !== undefined) return true;
        why = `a ${s.kind} that is not an exact integer store`;
        return false;
      }
      if (shape === 'f32x4') {
        if (s.kind === 'store' && rounds(s.value)) return true;
        why = `a ${s.kind} that is not one rounding operation of floats`;
        return false;
      }
      if (s.kind === 'declare' && s.init.type.kind === 'f64' && f64(s.init)) {
        lanes.add(s.name);
        return true;
      }
      // a row, taken once before the vector loop
      if (s.kind === 'declare' && rowDecls.get(s.name) === s.init) return true;
      if (s.kind === 'store' && (s.element === 'f64' || s.element === 'f32') && f64(s.value)) return true;
      if (s.kind === 'matrixStore' && f64(s.value)) return true;
      const r = reductionOf(s);
      if (r && s.kind === 'assign') {
        if (!f64(r.own)) { why = `a reduction term (${s.name}) the lanes cannot compute`; return false; }
        const exactBound = intBound(r.own);
        if (exactBound === undefined && !context.fastmath) {
          why = `an in-order floating reduction (${s.name}): fastmath is off, so it stays scalar and exact`;
          return false;
        }
        reductions.push({ name: s.name, negate: r.negate, ...(exactBound !== undefined && !context.fastmath ? { exactBound } : {}) });
        return true;
      }
      why = why || `a ${s.kind} the vector loop cannot run lane by lane`;
      return false;
    });
    if (!ok) continue;
    if (!reads.size && !stored.size) return 'no array access';
    const names = new Set([...reads.keys(), ...stored.keys()]);
    const arrays: Array<{ name: string; element: ElementKind; min: number; max: number; row?: LaneRow }> = [];
    // different memory: two arrays as the context says; a packed row and a typed array always; two matrices as
    // the context says; two rows of one matrix when provably different rows
    const apart = (a: string, b: string): boolean => {
      const ra = rows.named(a), rb = rows.named(b);
      if (!ra && !rb) return context.distinct(a, b);
      if (!ra || !rb) return true;
      return ra.matrix !== rb.matrix ? context.separateMatrices === true : rowsApart(ra, rb);
    };
    for (const name of names) {
      const r = reads.get(name);
      const element = stored.get(name) ?? r!.element;
      const min = Math.min(r?.min ?? 0, stored.has(name) ? 0 : Infinity), max = Math.max(r?.max ?? 0, stored.has(name) ? 0 : -Infinity);
      if (r && (r.min !== 0 || r.max !== 0)) {
        // a stencil read: the array must not be one the loop writes, or the lanes would read values the
        // in-order loop had already changed
        if (stored.has(name)) return `${name} is read at an offset and written in the same loop`;
        for (const w of stored.keys()) if (!apart(name, w)) return `${name} is read at an offset and may be the ${rows.named(w) ? 'row' : 'array'} ${w} the loop writes`;
      }
      const row = rows.named(name);
      arrays.push({ name, element, min, max, ...(row ? { row } : {}) });
    }
    return { shape, index, bound, arrays, rows: rowNames, lanes: new Set(lanes), reductions, body: loop.body };
  }
  return why || 'no lane shape fits';
}

/**
 * The line `inspect()` shows for a vectorized loop.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import { describePlan, planSimd } from './simd.js';
 *
 * function smooth(xs: Float64Array, out: Float64Array) {
 *   for (let i = 1; i < xs.length - 1; i++) out[i] = (xs[i - 1]! + xs[i]! + xs[i + 1]!) / 3;
 * }
 * const fn = lowerToIR(smooth, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
 * const plan = planSimd(loops[0]!, { fastmath: false, distinct: (a, b) => a !== b });
 * typeof plan !== 'string' && describePlan('smooth', plan); // → 'smooth: the loop over i runs 2 f64 lanes at a time (f64x2), a stencil reading xs[i-1..i+1]'
 * ```
 */
export function describePlan(fn: string, plan: SimdPlan): string {
  const what = { f64x2: '2 f64 lanes at a time (f64x2)', f32x4: '4 f32 lanes at a time (f32x4, one rounding per element as JS)', i32x4: '4 i32 lanes at a time (i32x4, wrapping as ToInt32)' }[plan.shape];
  const i = plan.index;
  const at = (c: number): string => `${i}${c < 0 ? c : c > 0 ? `+${c}` : ''}`;
  const stencil = plan.arrays.filter((a) => a.min !== 0 || a.max !== 0).map((a) => `${a.name}[${at(a.min)}..${at(a.max)}]`);
  const rows = plan.arrays.filter((a) => a.row).map((a) => a.name);
  const fast = plan.reductions.filter((r) => r.exactBound === undefined).map((r) => r.name);
  const exact = plan.reductions.filter((r) => r.exactBound !== undefined).map((r) => r.name);
  return `${fn}: the loop over ${plan.index} runs ${what}`
    + (stencil.length ? `, a stencil reading ${stencil.join(', ')}` : '')
    + (rows.length ? `, on number[][] rows ${rows.join(', ')}` : '')
    + (fast.length ? ` (reductions ${fast.join(', ')} reassociated: fastmath)` : '')
    + (exact.length ? ` (integer sums ${exact.join(', ')} in lanes, exact: checked before the loop that no partial sum passes 2^52)` : '');
}
