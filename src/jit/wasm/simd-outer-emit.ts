/**
 * Emits the outer lanes of an {@link OuterPlan} (`simd-outer.ts` says which nests qualify and why it is exact): in
 * front of the unchanged scalar loop, a loop that runs outer iterations `i` and `i + 1` together while both are
 * below the bound, then leaves the counter where the scalar loop finishes (an odd last iteration, or none).
 *
 * Per pass: each lane value is an f64x2 local, lane 0 for iteration `i`, lane 1 for `i + 1`; the arithmetic is
 * one f64x2 instruction per scalar operation. A leaf (an element read, a converted integer) that depends on `i`
 * is computed by the scalar code twice, with the counter at `i` and then at `i + 1`, so its checks are the scalar
 * loop's own (a read out of range traps, and the call reruns on JS); a leaf the same in both lanes is computed
 * once and splatted. Inner loops run once per pass with the scalar counter, test and steps. Then the writes:
 * lane 0's in order with the counter at `i`, then lane 1's at `i + 1`, each through the scalar store.
 *
 * @module
 */
import type { Expr, Loop, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import type { Instr, OpName, ValType } from './encode.js';
import { LANE_OPS, isLaneOp, type OuterPlan, type OuterStep } from './simd-outer.js';

/**
 * What the emitter needs of the function generator around it.
 *
 * @example
 * ```ts
 * import type { OpName } from './encode.js';
 * import type { OuterHost } from './simd-outer-emit.js';
 *
 * // A host that records the instructions (the Wasm function generator is the real one):
 * const ops: OpName[] = [];
 * let next = 10;
 * const host: OuterHost = {
 *   emit: (op) => void ops.push(op), temp: () => next++, counter: () => 1, address: () => false, proved: () => false,
 *   value: () => void ops.push('f64.const'), cond: () => void ops.push('i32.const'), stmt: () => undefined,
 *   open: (op) => void ops.push(op), close: () => void ops.push('end'), storeFrom: () => void ops.push('f64.store'),
 *   bounds: () => ({ proved: new Set(), conditions: [], always: new Set() }), withProved: (_, emit) => emit(),
 * };
 * ```
 */
export interface OuterHost {
  emit(op: OpName, imm?: Instr['imm'], lane?: number): void;
  /**
   * For an f64 element read (`a[k]` of a Float64Array, `m[r][c]`): emits its byte address, with the checks of
   * reading it, and returns true; false, emitting nothing, for any other expression.
   */
  address(e: Expr): boolean;
  /** Whether the element read `e` is proved in range where it is being emitted (`passes/typed-bounds.ts`). */
  proved(e: Expr): boolean;
  /** A new local of type `t`. */
  temp(t: ValType): number;
  /** The i32 local of the outer counter; undefined when the counter is not kept in one (nothing is emitted then). */
  counter(name: string): number | undefined;
  /** Emits a scalar expression, as the scalar loop would, as an f64 or i32 value. */
  value(e: Expr, as: 'f64' | 'i32'): void;
  /** Emits a condition as the scalar loop would (an i32 0 or 1). */
  cond(e: Expr): void;
  /** Emits a scalar statement as the scalar loop would. */
  stmt(s: Stmt): void;
  open(op: 'block' | 'loop' | 'if'): void;
  close(): void;
  /**
   * The element accesses of `loop` proved in range under `conditions` (`passes/typed-bounds.ts`; `before` sets its
   * counter), and those proved with no condition.
   */
  bounds(loop: Loop, before: Stmt | undefined): { readonly proved: ReadonlySet<object>; readonly conditions: readonly Expr[]; readonly always: ReadonlySet<object> };
  /** Runs `emit` with the accesses `nodes` emitted unchecked. */
  withProved(nodes: ReadonlySet<object>, emit: () => void): void;
  /** Emits the store `s` as the scalar loop would, its value taken from the f64 local `value`. */
  storeFrom(s: Stmt, value: number): void;
}

/** A stable text key of a leaf (spans left out), so a leaf read twice in one step is read once. */
const keyOf = (e: Expr): string => JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined : typeof v === 'number' && Object.is(v, -0) ? '-0' : v));

/**
 * Emits the paired loop of `plan` (the scalar loop follows it; `before` is the statement before the nest, where
 * its counter is set); false, with nothing emitted, when the outer counter is not a plain i32 local.
 *
 * Accesses `passes/typed-bounds.ts` proves in range are emitted unchecked, as in the scalar loop: for the outer
 * loop under its conditions asked once (they hold for every iteration, so for both lanes), for an inner loop
 * under its conditions asked for both lanes (the counter at `i`, then at `i + 1`); else the checked version runs.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkStmts } from '../../gpu/wgsl/walk.js';
 * import type { Loop } from '../ir.js';
 * import type { OpName } from './encode.js';
 * import { planOuterLanes } from './simd-outer.js';
 * import { emitOuterLanes, type OuterHost } from './simd-outer-emit.js';
 *
 * function norms(x: number[][], out: Float64Array) {
 *   for (let i = 0; i < x.length; i++) {
 *     let s = 0;
 *     for (let j = 0; j < x[0]!.length; j++) s += x[i]![j]! * x[i]![j]!;
 *     out[i] = Math.sqrt(s);
 *   }
 * }
 * const fn = lowerToIR(norms, [{ kind: 'matrix', layout: 'nested' }, { kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * const loops: Loop[] = [];
 * walkStmts(fn.body, (s) => { if (s.kind === 'loop') loops.push(s); }, () => undefined);
 * const plan = planOuterLanes(loops[0]!, fn, { distinct: () => true, separateMatrices: true });
 * const ops: OpName[] = [];
 * let next = 10;
 * const host: OuterHost = {
 *   emit: (op) => void ops.push(op), temp: () => next++, counter: () => 1, address: () => false, proved: () => false,
 *   value: () => void ops.push('f64.const'), cond: () => void ops.push('i32.const'), stmt: () => undefined,
 *   open: (op) => void ops.push(op), close: () => void ops.push('end'), storeFrom: () => void ops.push('f64.store'),
 *   bounds: () => ({ proved: new Set(), conditions: [], always: new Set() }), withProved: (_, emit) => emit(),
 * };
 * if (typeof plan !== 'string') emitOuterLanes(plan, host, undefined);
 * // x[i][j] read once per lane per step, one multiply and one add for both rows, one square root, two stores:
 * [ops.filter((o) => o === 'f64x2.replace_lane').length, ops.filter((o) => o === 'f64x2.mul').length, ops.filter((o) => o === 'f64x2.sqrt').length, ops.filter((o) => o === 'f64.store').length]; // → [ 1, 1, 1, 2 ]
 * ```
 */
export function emitOuterLanes(plan: OuterPlan, h: OuterHost, before: Stmt | undefined): boolean {
  const i = h.counter(plan.index);
  if (i === undefined) return false;
  const step = (by: number): void => {
    h.emit('local.get', i);
    h.emit('i32.const', by);
    h.emit('i32.add');
    h.emit('local.set', i);
  };
  const BOOL = { kind: 'bool' } as const;
  const all = (conditions: readonly Expr[]): Expr => conditions.reduce((a, b) => ({ op: 'logical', type: BOOL, operator: 'and', left: a, right: b }));
  // `emit` once with the proved accesses unchecked when the conditions hold (in `lanes`: for both), once checked
  const versions = (loop: Loop, at: Stmt | undefined, lanes: boolean, emit: () => void): void => {
    const { proved, conditions, always } = h.bounds(loop, at);
    if (proved.size === 0) return emit();
    if (conditions.length === 0) return h.withProved(proved, emit);
    h.cond(all(conditions));
    if (lanes) {
      step(1);
      h.cond(all(conditions));
      step(-1);
      h.emit('i32.and');
    }
    h.open('if');
    h.withProved(proved, emit);
    h.emit('else');
    h.withProved(always, emit);
    h.close();
  };
  // `k` of an index `k·i + (terms without i)`, k a sum of integer constants times unchanged int32 locals: emits it
  // as a wrapping i32 (the exact index of both lanes is in range, so modulo 2^32 is exact), or undefined
  const assigned = new Set<string>();
  walkIR(plan.loop.body, { stmt: (t) => { if (t.kind === 'declare' || t.kind === 'assign') assigned.add(t.name); } });
  const uses = (e: Expr, name: string): boolean => {
    let found = false;
    walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'local' && x.name === name) found = true; } });
    return found;
  };
  type Term = { readonly c: number; readonly x?: Expr };
  const intConst = (e: Expr): number | undefined => (e.op === 'const' && typeof e.value === 'number' && Number.isInteger(e.value) && Math.abs(e.value) < 2 ** 31 ? e.value : undefined);
  const factor = (e: Expr): Term | undefined => {
    const c = intConst(e);
    if (c !== undefined) return { c };
    const x = e.op === 'convert' && e.arg.type.kind === 'i32' ? e.arg : e;
    return x.op === 'local' && x.type.kind === 'i32' && !assigned.has(x.name) && x.name !== plan.index ? { c: 1, x } : undefined;
  };
  const terms = (e: Expr): Term[] | undefined => {
    if (!uses(e, plan.index)) return [];
    if (e.op === 'local' && e.type.kind === 'i32') return [{ c: 1 }];
    if (e.op === 'convert' && e.arg.op === 'local' && e.arg.type.kind === 'i32') return [{ c: 1 }];
    if (e.op !== 'binary') return undefined;
    const l = terms(e.left), r = terms(e.right);
    if (e.operator === 'add' || e.operator === 'sub') return l && r ? [...l, ...r.map((t) => (e.operator === 'sub' ? { ...t, c: -t.c } : t))] : undefined;
    if (e.operator !== 'mul') return undefined;
    const [k, f] = !uses(e.left, plan.index) ? [r, factor(e.left)] : !uses(e.right, plan.index) ? [l, factor(e.right)] : [undefined, undefined];
    if (!k || !f) return undefined;
    return k.every((t) => !t.x || !f.x) ? k.map((t) => ({ c: t.c * f.c, ...(t.x ?? f.x ? { x: (t.x ?? f.x)! } : {}) })) : undefined;
  };
  const coefficient = (index: Expr): (() => void) | undefined => {
    const ts = terms(index);
    if (!ts || !ts.length || ts.some((t) => !Number.isSafeInteger(t.c))) return undefined;
    return () => {
      ts.forEach((t, k) => {
        h.emit('i32.const', t.c | 0);
        if (t.x) { h.value(t.x, 'i32'); h.emit('i32.mul'); }
        if (k) h.emit('i32.add');
      });
    };
  };
  // the paired loop: both lanes' compute steps, then lane 0's writes and lane 1's
  const pairs = (n: number): void => {
    h.open('block');
    h.open('loop');
    // both lanes are iterations: i < n and i + 1 < n (i + 1 cannot wrap while i < n)
    h.emit('local.get', i);
    h.emit('local.get', n);
    h.emit('i32.lt_s');
    h.emit('local.get', i);
    h.emit('i32.const', 1);
    h.emit('i32.add');
    h.emit('local.get', n);
    h.emit('i32.lt_s');
    h.emit('i32.and');
    h.emit('i32.eqz');
    h.emit('br_if', 1);

    const lanes = new Map<string, number>();
    const laneOf = (name: string): number => {
      let t = lanes.get(name);
      if (t === undefined) lanes.set(name, (t = h.temp('v128')));
      return t;
    };
    const perLane = (e: Expr): boolean => {
      let uses = false;
      walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'local' && x.name === plan.index) uses = true; } });
      return uses;
    };
    // leaves are read once per step: no assignment happens inside one
    const vec = (e: Expr, leaves: Map<string, number>): void => {
      if (e.op === 'local' && plan.lanes.has(e.name) && lanes.has(e.name)) return h.emit('local.get', lanes.get(e.name)!);
      if (isLaneOp(e)) {
        if (e.op === 'unary' && e.operator === 'square') {
          const t = h.temp('v128');
          vec(e.arg, leaves);
          h.emit('local.tee', t);
          h.emit('local.get', t);
          return h.emit('f64x2.mul');
        }
        const kids = e.op === 'binary' ? [e.left, e.right] : e.op === 'unary' ? [e.arg] : e.op === 'math' ? e.args : [];
        kids.forEach((k) => vec(k, leaves));
        return h.emit(LANE_OPS[e.op === 'binary' || e.op === 'unary' ? e.operator : e.op === 'math' ? e.fn : '']! as OpName);
      }
      const key = keyOf(e);
      const cached = leaves.get(key);
      if (cached !== undefined) return h.emit('local.get', cached);
      const t = h.temp('v128');
      const stride = perLane(e) && e.op === 'load' && h.proved(e) ? coefficient(e.index) : undefined;
      if (stride && h.address(e)) {
        // proved in range in both lanes, its index k·i + (terms without i): lane 1's element is k elements on
        const a = h.temp('i32');
        h.emit('local.tee', a);
        h.emit('v128.load64_zero', 0);
        h.emit('local.set', t);
        h.emit('local.get', a);
        stride();
        h.emit('i32.const', 3);
        h.emit('i32.shl');
        h.emit('i32.add');
        h.emit('local.get', t);
        h.emit('v128.load64_lane', 0, 1);
      } else if (perLane(e) && h.address(e)) {
        // an element per lane, each address computed (and checked) as the scalar loop does
        h.emit('v128.load64_zero', 0);
        h.emit('local.set', t);
        step(1);
        h.address(e);
        h.emit('local.get', t);
        h.emit('v128.load64_lane', 0, 1);
        step(-1);
      } else {
        h.value(e, 'f64');
        h.emit('f64x2.splat');
        if (perLane(e)) {
          step(1);
          h.value(e, 'f64');
          h.emit('f64x2.replace_lane', 1);
          step(-1);
        }
      }
      h.emit('local.tee', t);
      leaves.set(key, t);
    };
    const run = (steps: readonly OuterStep[]): void => {
      for (const s of steps) {
        if (s.kind === 'lane') {
          vec(s.value, new Map());
          h.emit('local.set', laneOf(s.name));
        } else if (s.kind === 'inner') {
          for (const t of s.init) h.stmt(t);
          versions(s.loop, s.init[s.init.length - 1], true, () => {
            h.open('block');
            h.open('loop');
            h.cond(s.loop.test!);
            h.emit('i32.eqz');
            h.emit('br_if', 1);
            run(s.body);
            for (const t of s.loop.continuing) h.stmt(t);
            h.emit('br', 0);
            h.close();
            h.close();
          });
        }
      }
    };
    run(plan.steps);

    // the writes: the stored values of both lanes first (pure), then lane 0's writes in order, then lane 1's
    const writes = plan.steps.filter((s): s is Extract<OuterStep, { kind: 'write' }> => s.kind === 'write');
    const values = new Map<Stmt, number>();
    const leaves = new Map<string, number>();
    for (const w of writes) {
      if (w.stmt.kind !== 'store' && w.stmt.kind !== 'matrixStore') continue;
      const v = h.temp('v128');
      vec(w.stmt.value, leaves);
      h.emit('local.set', v);
      values.set(w.stmt, v);
    }
    for (const lane of [0, 1]) {
      for (const w of writes) {
        const v = values.get(w.stmt);
        if (v === undefined) { h.stmt(w.stmt); continue; }
        const f = h.temp('f64');
        h.emit('local.get', v);
        h.emit('f64x2.extract_lane', lane);
        h.emit('local.set', f);
        h.storeFrom(w.stmt, f);
      }
      step(1);
    }
    h.emit('br', 0);
    h.close();
    h.close();
  };
  const n = h.temp('i32');
  h.value(plan.bound, 'i32');
  h.emit('local.set', n);
  versions(plan.loop, before, false, () => pairs(n));
  return true;
}
