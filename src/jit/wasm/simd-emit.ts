/**
 * Emits the vector loop of a {@link SimdPlan} (`simd.ts` states which loops qualify and why each lane shape is
 * bit-exact): in front of the unchanged scalar loop, it runs `lanes × 2` elements per pass (two v128, in order)
 * while every read `a[i + c]` and store is provably in range, then one pass of one v128 if that fits, and leaves
 * the counter where the scalar loop takes over (fewer than `lanes` elements, or what is not provably in range).
 * A row of a `number[][]` is an array starting at `ptr + r * cols * 8`, `cols` long, its index `r` checked once
 * before the loop (a row out of range leaves every element to the scalar loop, which traps where JS throws).
 *
 * Reductions keep one accumulator per lane and per v128 of a pass: `s += t` adds t to an accumulator starting at
 * -0, `s -= t` subtracts t from one starting at -0 (so each lane holds the sum of the signed terms, -0 included),
 * and after the loop `s + lane0 + lane1 (+ …)`.
 *
 * @module
 */
import type { Expr, Stmt } from '../ir.js';
import type { ElementKind } from '../types.js';
import type { Instr, OpName, ValType } from './encode.js';
import { WASM_ELEMENTS, type WasmElementRow } from './tables.js';
import { LANES, indexOffset, type SimdPlan } from './simd.js';
import { emitLanesExp, emitLanesLog } from './lanes-math.js';

/**
 * What the emitter needs of the function generator around it.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import type { OpName } from './encode.js';
 * import { planSimd } from './simd.js';
 * import { emitVectorLoop, type VectorHost } from './simd-emit.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const fn = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
 * const plan = planSimd(loops[0]!, { fastmath: true, distinct: () => false });
 * // A host that records the instructions (the Wasm function generator is the real one):
 * const ops: OpName[] = [];
 * let next = 10;
 * const host: VectorHost = {
 *   emit: (op) => void ops.push(op),
 *   temp: () => next++,
 *   counter: () => 1,
 *   accumulator: () => ({ idx: 2, int64: false }),
 *   array: () => ({ ptr: 3, len: 4, element: 'f64' }),
 *   matrix: () => ({ ptr: 5, rows: 6, cols: 7 }),
 *   value: () => void ops.push('f64.const'),
 * };
 * if (typeof plan !== 'string') emitVectorLoop(plan, host);
 * // Two accumulators per pass of the loop, one add in the single-v128 tail pass, the join after them:
 * ops.filter((op) => op === 'f64x2.add').length; // → 4
 * ```
 */
export interface VectorHost {
  emit(op: OpName, imm?: Instr['imm'], lane?: number): void;
  /** A new local of type `t`. */
  temp(t: ValType): number;
  /** The i32 local of the counter. */
  counter(): number;
  /** The local of a reduction accumulator: an f64 local, or an i64 one (`integral.ts`). */
  accumulator(name: string): { readonly idx: number; readonly int64: boolean };
  /** The pointer and length locals of an array local. */
  array(name: string): { readonly ptr: number; readonly len: number; readonly element: ElementKind };
  /** The pointer, rows and columns locals of a `number[][]` parameter (`nested-emit.ts`). */
  matrix(name: string): { readonly ptr: number; readonly rows: number; readonly cols: number };
  /** Emits an unchanged (scalar) expression as an f64 or i32 value. */
  value(e: Expr, as: 'f64' | 'i32'): void;
}

const F64X2: Partial<Record<string, OpName>> = { add: 'f64x2.add', sub: 'f64x2.sub', mul: 'f64x2.mul', div: 'f64x2.div', sqrt: 'f64x2.sqrt', abs: 'f64x2.abs', min: 'f64x2.min', max: 'f64x2.max', neg: 'f64x2.neg' };
const F32X4: Partial<Record<string, OpName>> = { add: 'f32x4.add', sub: 'f32x4.sub', mul: 'f32x4.mul', div: 'f32x4.div', sqrt: 'f32x4.sqrt', abs: 'f32x4.abs', min: 'f32x4.min', max: 'f32x4.max', neg: 'f32x4.neg' };
const I32X4: Partial<Record<string, OpName>> = { add: 'i32x4.add', sub: 'i32x4.sub', mul: 'i32x4.mul', imul: 'i32x4.mul', and: 'v128.and', or: 'v128.or', xor: 'v128.xor', shl: 'i32x4.shl', shr: 'i32x4.shr_s', neg: 'i32x4.neg' };

const shiftOf = (k: ElementKind): number => (WASM_ELEMENTS[k] as Extract<WasmElementRow, { shift: number }>).shift;

/** A stable text key of an unchanged leaf, so each is splatted once. */
const keyOf = (e: Expr): string => JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined : typeof v === 'number' && Object.is(v, -0) ? '-0' : v));

/**
 * Emits the vector loop of `plan` (the scalar loop follows it unchanged).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import type { OpName } from './encode.js';
 * import { planSimd } from './simd.js';
 * import { emitVectorLoop, type VectorHost } from './simd-emit.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const fn = lowerToIR(sum, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (st) => { if (st.kind === 'loop') loops.push(st); }, () => undefined);
 * const plan = planSimd(loops[0]!, { fastmath: true, distinct: () => false });
 * // A host that records the instructions (the Wasm function generator is the real one):
 * const ops: OpName[] = [];
 * let next = 10;
 * const host: VectorHost = {
 *   emit: (op) => void ops.push(op),
 *   temp: () => next++,
 *   counter: () => 1,
 *   accumulator: () => ({ idx: 2, int64: false }),
 *   array: () => ({ ptr: 3, len: 4, element: 'f64' }),
 *   matrix: () => ({ ptr: 5, rows: 6, cols: 7 }),
 *   value: () => void ops.push('f64.const'),
 * };
 * if (typeof plan !== 'string') emitVectorLoop(plan, host);
 * // Two accumulators per pass of the loop, one add in the single-v128 tail pass, the join after them:
 * ops.filter((op) => op === 'f64x2.add').length; // → 4
 * ```
 */
export function emitVectorLoop(plan: SimdPlan, h: VectorHost): void {
  const { shape } = plan;
  const W = LANES[shape];
  // two v128 per pass: independent work for the CPU (a sum is bound by the latency of its additions, a map by
  // the loop's own compare and branch): jacobi's sweep ran about 25% faster than with one
  const U = 2;
  const bytes = (k: ElementKind): number => 1 << shiftOf(k);
  const i = h.counter();
  const limit = h.temp('i32');
  // each row: its index checked in [0, rows) (all together in `rowsOk`), its first element's address
  const rowSlots = new Map<string, { ptr: number; len: number; element: ElementKind }>();
  let rowsOk: number | undefined;
  for (const a of plan.arrays) {
    if (!a.row) continue;
    const m = h.matrix(a.row.matrix);
    const r = h.temp('i32'), ptr = h.temp('i32');
    h.value(a.row.at, 'i32');
    h.emit('local.tee', r);
    h.emit('local.get', m.rows); h.emit('i32.lt_u');
    if (rowsOk === undefined) rowsOk = h.temp('i32');
    else { h.emit('local.get', rowsOk); h.emit('i32.and'); }
    h.emit('local.set', rowsOk);
    h.emit('local.get', m.ptr);
    h.emit('local.get', r); h.emit('local.get', m.cols); h.emit('i32.mul'); h.emit('i32.const', 3); h.emit('i32.shl');
    h.emit('i32.add');
    h.emit('local.set', ptr);
    rowSlots.set(a.name, { ptr, len: m.cols, element: 'f64' });
  }
  const slot = (name: string): { readonly ptr: number; readonly len: number; readonly element: ElementKind } => rowSlots.get(name) ?? h.array(name);
  // a pass over [i, i + W·U) runs while i + min ≥ 0 and i + W·U - 1 < min(bound, length - max), every array
  h.value(plan.bound, 'i32');
  h.emit('local.set', limit);
  let lowest = 0;
  for (const a of plan.arrays) {
    const s = slot(a.name);
    lowest = Math.min(lowest, a.min);
    const t = h.temp('i32');
    h.emit('local.get', s.len);
    if (a.max) { h.emit('i32.const', a.max); h.emit('i32.sub'); }
    h.emit('local.tee', t);
    h.emit('local.get', limit);
    h.emit('local.get', t); h.emit('local.get', limit); h.emit('i32.lt_s');
    h.emit('select');
    h.emit('local.set', limit);
  }
  if (rowsOk !== undefined) {
    // a row out of range: no pass runs
    h.emit('local.get', limit); h.emit('i32.const', -(2 ** 31)); h.emit('local.get', rowsOk); h.emit('select');
    h.emit('local.set', limit);
  }

  // unchanged leaves are splatted once, before the loop
  const splats = new Map<string, number>();
  const lanes = new Map<string, number>();
  const leaf = (e: Expr): boolean => {
    if (e.op === 'const') return true;
    if (e.op === 'local') return !plan.lanes.has(e.name) && !lanes.has(e.name) && e.name !== plan.index;
    return e.op === 'convert' && e.arg.op !== 'load' && shape === 'f64x2';
  };
  const splat = (e: Expr): number => {
    const key = keyOf(e);
    let v = splats.get(key);
    if (v !== undefined) return v;
    v = h.temp('v128');
    if (shape === 'f64x2') { h.value(e, 'f64'); h.emit('f64x2.splat'); }
    else if (shape === 'f32x4') { h.value(e, 'f64'); h.emit('f32.demote_f64'); h.emit('f32x4.splat'); }
    else if (e.op === 'const') { h.emit('i32.const', (e.value as number) | 0); h.emit('i32x4.splat'); }
    else { h.value(e, 'i32'); h.emit('i32x4.splat'); }
    h.emit('local.set', v);
    splats.set(key, v);
    return v;
  };
  const hoist = (e: Expr): void => {
    if (e.op === 'local' && plan.lanes.has(e.name)) return;
    if (leaf(e)) { splat(e); return; }
    if (e.op === 'binary') {
      hoist(e.left);
      if (!(shape === 'i32x4' && (e.operator === 'shl' || e.operator === 'shr'))) hoist(e.right);
    } else if (e.op === 'unary' || e.op === 'convert') hoist(e.arg);
    else if (e.op === 'math') e.args.forEach(hoist);
    else if (e.op === 'select' && e.cond.op === 'compare') [e.then, e.else, e.cond.left, e.cond.right].forEach(hoist);
  };
  const own = (s: Stmt & { kind: 'assign' }): Expr => {
    const value = s.value as Extract<Expr, { op: 'binary' }>;
    return value.left.op === 'local' && value.left.name === s.name ? value.right : value.left;
  };
  for (const s of plan.body) {
    if (s.kind === 'declare') hoist(s.init);
    else if (s.kind === 'store' || s.kind === 'matrixStore') hoist(s.value);
    else if (s.kind === 'assign') hoist(own(s));
  }

  // reductions: accumulators, and the check that makes integer sums exact in any order
  const accs = plan.reductions.map((r) => {
    const acc = Array.from({ length: U }, () => {
      const a = h.temp('v128');
      h.emit('f64.const', -0); h.emit('f64x2.splat'); h.emit('local.set', a);
      return a;
    });
    return { ...r, acc, slot: h.accumulator(r.name) };
  });
  h.emit('block', null);
  for (const r of accs) {
    if (r.exactBound === undefined) continue;
    const s0 = h.temp('f64');
    h.emit('local.get', r.slot.idx);
    if (r.slot.int64) h.emit('f64.convert_i64_s');
    h.emit('local.tee', s0);
    h.emit('local.get', s0); h.emit('f64.trunc'); h.emit('f64.ne');
    h.emit('local.get', limit); h.emit('local.get', i); h.emit('i32.sub'); h.emit('f64.convert_i32_s');
    h.emit('f64.const', r.exactBound); h.emit('f64.mul');
    h.emit('local.get', s0); h.emit('f64.abs'); h.emit('f64.add');
    h.emit('f64.const', 2 ** 52); h.emit('f64.gt');
    h.emit('i32.or');
    h.emit('br_if', 0);
  }

  // addresses: element i + c of an array is `base + (i << shift)` plus the constant offset `(c - min) << shift`,
  // base = ptr + (min << shift) taken before the loop (i + min ≥ 0 in every pass, so the sum is the address)
  const bases = new Map<string, { base: number; min: number; element: ElementKind }>();
  for (const a of plan.arrays) {
    const s = slot(a.name);
    if (a.min === 0) { bases.set(a.name, { base: s.ptr, min: 0, element: s.element }); continue; }
    const base = h.temp('i32');
    h.emit('local.get', s.ptr); h.emit('i32.const', a.min * bytes(s.element)); h.emit('i32.add'); h.emit('local.set', base);
    bases.set(a.name, { base, min: a.min, element: s.element });
  }
  const scaled = new Map<number, number>();
  for (const b of bases.values()) {
    const shift = shiftOf(b.element);
    if (!scaled.has(shift)) scaled.set(shift, shift ? h.temp('i32') : i);
  }
  let group = 0;
  const address = (name: string, c: number): { element: ElementKind; offset: number } => {
    const a = bases.get(name)!;
    h.emit('local.get', a.base);
    h.emit('local.get', scaled.get(shiftOf(a.element))!);
    h.emit('i32.add');
    return { element: a.element, offset: (c - a.min) * bytes(a.element) };
  };
  const table = shape === 'f64x2' ? F64X2 : shape === 'f32x4' ? F32X4 : I32X4;
  const op = (name: string): OpName => {
    const o = table[name];
    if (!o) throw new Error(`internal: ${name} in a ${shape} loop`);
    return o;
  };
  const load = (e: Extract<Expr, { op: 'load' }>): void => {
    const { element, offset } = address((e.array as Extract<Expr, { op: 'local' }>).name, indexOffset(e.index, plan.index)!);
    if (shape !== 'f64x2' || element === 'f64') { h.emit('v128.load', offset + group * W * bytes(element)); return; }
    // two narrower elements, widened exactly to f64
    h.emit('v128.load64_zero', offset + group * W * bytes(element));
    h.emit(element === 'f32' ? 'f64x2.promote_low_f32x4' : element === 'u32' ? 'f64x2.convert_low_i32x4_u' : 'f64x2.convert_low_i32x4_s');
  };
  const v = (e: Expr): void => {
    if (e.op === 'local' && lanes.has(e.name)) { h.emit('local.get', lanes.get(e.name)!); return; }
    if (leaf(e)) { h.emit('local.get', splat(e)); return; }
    switch (e.op) {
      case 'load': return load(e);
      case 'rowGet':
        h.emit('v128.load', address(plan.rows.get(e.row)!, indexOffset(e.col, plan.index)!).offset + group * W * 8);
        return;
      case 'convert': return v(e.arg);
      case 'binary':
        v(e.left);
        if (shape === 'i32x4' && (e.operator === 'shl' || e.operator === 'shr')) h.value(e.right, 'i32');
        else v(e.right);
        h.emit(op(e.operator));
        return;
      case 'unary':
        if (e.operator === 'neg') { v(e.arg); h.emit(op('neg')); return; }
        {
          const t = h.temp('v128');
          v(e.arg); h.emit('local.tee', t); h.emit('local.get', t); h.emit(op('mul'));
        }
        return;
      case 'math':
        // Math.fround of one f32 lane operation: the lane operation already rounded to f32 (simd.ts)
        if (e.fn === 'fround') return v(e.args[0]!);
        e.args.forEach(v);
        if (e.fn === 'exp' || e.fn === 'log') return (e.fn === 'exp' ? emitLanesExp : emitLanesLog)(h);
        h.emit(op(e.fn));
        return;
      case 'select': {
        // an f64x2 select (simd.ts): both values, then the comparison's lane mask
        const c = e.cond as Extract<Expr, { op: 'compare' }>;
        v(e.then); v(e.else); v(c.left); v(c.right);
        h.emit(`f64x2.${c.operator}`);
        h.emit('v128.bitselect');
        return;
      }
      default:
        throw new Error(`internal: ${e.op} in a vector loop`);
    }
  };

  // passes of `u` v128 each while they fit (a loop), or one (the tail after the loop, so the scalar loop is left
  // fewer than `lanes` elements)
  const passes = (u: number, loop: boolean): void => {
    h.emit('block', null);
    if (loop) h.emit('loop', null);
    h.emit('local.get', i); h.emit('i32.const', -lowest); h.emit('i32.lt_s');
    // i ≥ limit first: limit is at most an array's length (below 2^30), so while i < limit, i + W·u - 1 cannot
    // wrap past 2^31 - 1 to a negative index (a start next to 2^31 - 1 ran a pass and stored below the array)
    h.emit('local.get', i); h.emit('local.get', limit); h.emit('i32.ge_s'); h.emit('i32.or');
    h.emit('local.get', i); h.emit('i32.const', W * u - 1); h.emit('i32.add'); h.emit('local.get', limit); h.emit('i32.ge_s');
    h.emit('i32.or');
    h.emit('br_if', loop ? 1 : 0);
    for (const [shift, t] of scaled) if (shift) { h.emit('local.get', i); h.emit('i32.const', shift); h.emit('i32.shl'); h.emit('local.set', t); }
    for (group = 0; group < u; group++) {
      for (const s of plan.body) {
        if (s.kind === 'declare') {
          // a row declared in the body was taken before the loop
          if (!plan.lanes.has(s.name)) continue;
          let lane = lanes.get(s.name);
          if (lane === undefined) { lane = h.temp('v128'); lanes.set(s.name, lane); }
          v(s.init);
          h.emit('local.set', lane);
        } else if (s.kind === 'store') {
          const { element, offset } = address((s.array as Extract<Expr, { op: 'local' }>).name, 0);
          v(s.value);
          if (shape === 'f64x2' && element === 'f32') {
            // one rounding to f32 per lane, as JS's store does
            h.emit('f32x4.demote_f64x2_zero');
            h.emit('v128.store64_lane', offset + group * W * 4, 0);
          } else h.emit('v128.store', offset + group * W * bytes(element));
        } else if (s.kind === 'matrixStore') {
          const { offset } = address(plan.rows.get(s.row)!, 0);
          v(s.value);
          h.emit('v128.store', offset + group * W * 8);
        } else if (s.kind === 'assign') {
          const r = accs.find((x) => x.name === s.name)!;
          h.emit('local.get', r.acc[group]!);
          v(own(s));
          h.emit(r.negate ? 'f64x2.sub' : 'f64x2.add');
          h.emit('local.set', r.acc[group]!);
        }
      }
    }
    h.emit('local.get', i); h.emit('i32.const', W * u); h.emit('i32.add'); h.emit('local.set', i);
    if (loop) { h.emit('br', 0); h.emit('end'); }
    h.emit('end');
  };
  passes(U, true);
  passes(1, false);

  for (const r of accs) {
    const acc = r.acc[0]!;
    for (const other of r.acc.slice(1)) {
      h.emit('local.get', acc); h.emit('local.get', other); h.emit('f64x2.add'); h.emit('local.set', acc);
    }
    if (r.slot.int64) {
      // an exact integer sum (the check above): added in i64
      h.emit('local.get', r.slot.idx);
      h.emit('local.get', acc); h.emit('f64x2.extract_lane', 0);
      h.emit('local.get', acc); h.emit('f64x2.extract_lane', 1);
      h.emit('f64.add');
      h.emit('i64.trunc_f64_s');
      h.emit('i64.add');
    } else {
      h.emit('local.get', r.slot.idx);
      h.emit('local.get', acc); h.emit('f64x2.extract_lane', 0); h.emit('f64.add');
      h.emit('local.get', acc); h.emit('f64x2.extract_lane', 1); h.emit('f64.add');
    }
    h.emit('local.set', r.slot.idx);
  }
  h.emit('end');
}
