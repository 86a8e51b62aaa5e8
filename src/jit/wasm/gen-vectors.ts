/**
 * The vector-loop part of the Wasm function generator (`gen-state.ts` lists the parts): what `simd-emit.ts` and
 * `simd-outer-emit.ts` need of the generator to put v128 loops in front of a scalar loop, and which arrays are
 * surely apart in memory.
 *
 * @module
 */
import type { Expr, Loop, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import { elementBounds } from '../passes/typed-bounds.js';
import type { SimdPlan } from './simd.js';
import { emitVectorLoop } from './simd-emit.js';
import { describeOuter, planOuterLanes } from './simd-outer.js';
import { emitOuterLanes } from './simd-outer-emit.js';
import { emitRowGetAddress } from './nested-emit.js';
import { MathGen } from './gen-math.js';
import { emitRandomLanes, type RandomLanesPlan } from './random-lanes.js';
import { emitRandom } from './gen-random.js';

/**
 * Vector loops (`simd-emit.ts`, `simd-outer-emit.ts`) in front of scalar loops.
 *
 * @example
 * ```ts
 * import { VectorGen } from './gen-vectors.js';
 * import { MathGen } from './gen-math.js';
import { emitRandomLanes, type RandomLanesPlan } from './random-lanes.js';
import { emitRandom } from './gen-random.js';
 *
 * VectorGen.prototype instanceof MathGen; // → true
 * ```
 */
export abstract class VectorGen extends MathGen {
  /** Two outer iterations per v128 (`simd-outer.ts`, `simd-outer-emit.ts`) in front of the scalar loop of a nest. */
  protected outerLanes(s: Loop, before: Stmt | undefined): void {
    const plan = planOuterLanes(s, this.f, { distinct: (a, b) => this.distinct(a, b), separateMatrices: this.f.name === this.ctx.ir.entry });
    if (typeof plan === 'string') {
      if (!plan.startsWith('not a counted loop') && plan !== 'no inner loop') this.ctx.simd.push(`${this.f.name}: a loop nest runs one outer iteration at a time: ${plan}`);
      return;
    }
    const emitted = emitOuterLanes(plan, {
      emit: (op, imm, lane) => { this.code.push(lane === undefined ? (imm === undefined ? { op } : { op, imm }) : { op, imm: imm ?? 0, lane }); },
      proved: (e) => this.proved.has(e),
      address: (e) => {
        if (e.op === 'rowGet') { emitRowGetAddress(e, this.nestedHost()); return true; }
        if (e.op !== 'load' || e.element !== 'f64' || e.type.kind !== 'f64' || this.redirect) return false;
        // as the `load` case of expr, without the load
        const a = this.array(e.array);
        if (this.proved.has(e)) this.address(a, this.provedIndex(e.index));
        else {
          const i = this.index(a, e.index);
          this.emit('i32.eqz');
          this.trapIf();
          this.address(a, i);
        }
        return true;
      },
      temp: (t) => this.temp(t),
      counter: (name) => { const c = this.slot(name); return c.kind === 'scalar' && c.vt === 'i32' ? c.idx : undefined; },
      value: (e, as) => this.as(e, as),
      cond: (e) => this.cond(e),
      stmt: (t) => this.stmt(t),
      open: (op) => this.open(op, 'block'),
      close: () => this.close(),
      storeFrom: (t, idx) => {
        // the store as the scalar loop runs it (unchecked where proved), its value a lane extracted into `idx`
        const copy = { ...t, value: { op: 'local', type: { kind: 'f64' }, name: '$$lane' } } as Stmt;
        this.slots.set('$$lane', { kind: 'scalar', idx, vt: 'f64' });
        if (this.proved.has(t)) this.proved.add(copy);
        this.stmt(copy);
        this.proved.delete(copy);
        this.slots.delete('$$lane');
      },
      bounds: (l, b) => elementBounds(l, b),
      withProved: (nodes, emit) => {
        const added = [...nodes].filter((n) => !this.proved.has(n));
        for (const n of added) this.proved.add(n);
        emit();
        for (const n of added) this.proved.delete(n);
      },
    }, before);
    if (emitted) this.ctx.simd.push(describeOuter(this.f.name, plan));
  }

  /** The vector loop of a {@link SimdPlan} (`simd-emit.ts`), in front of the scalar loop. */
  protected vectorLoop(plan: SimdPlan): void {
    const i = this.slot(plan.index);
    if (i.kind !== 'scalar') throw new Error('internal: vector counter');
    emitVectorLoop(plan, {
      emit: (op, imm, lane) => { this.code.push(lane === undefined ? (imm === undefined ? { op } : { op, imm }) : { op, imm: imm ?? 0, lane }); },
      temp: (t) => this.temp(t),
      counter: () => i.idx,
      accumulator: (name) => {
        const s = this.slot(name);
        if (s.kind === 'array' || s.kind === 'nested') throw new Error('internal: reduction slot');
        return { idx: s.idx, int64: s.kind === 'int64' };
      },
      array: (name) => this.array({ op: 'local', type: { kind: 'array', element: 'f64' }, name }),
      matrix: (name) => this.nestedHost().matrix(name),
      value: (e, as) => this.as(e, as),
    });
  }

  /**
   * The pairs of iterations of a loop that draws (`random-lanes.ts`) in front of its scalar loop; false (nothing
   * emitted) when a value or sum of it is not a plain f64 local here.
   */
  protected randomLanes(plan: RandomLanesPlan): boolean {
    const i = this.slot(plan.index);
    const f64 = (name: string): number | undefined => { const s = this.slot(name); return s.kind === 'scalar' && s.vt === 'f64' ? s.idx : undefined; };
    const state = this.random;
    if (!state || i.kind !== 'scalar' || i.vt !== 'i32' || [...plan.lanes, ...plan.reductions.map((r) => r.name)].some((n) => f64(n) === undefined)) return false;
    emitRandomLanes(plan, {
      emit: (op, imm) => this.emit(op, imm),
      temp: (t) => this.temp(t),
      counter: () => i.idx,
      scalar: (name) => f64(name)!,
      value: (e, as) => this.as(e, as),
      draw: () => emitRandom(this.randomHost(), state, 'bits'),
    });
    return true;
  }

  /** Whether two array locals name different memory: parameters of the entry (never aliased by the runtime, never reassigned) or fresh arrays. */
  protected distinct(a: string, b: string): boolean {
    if (a === b) return false;
    if (!this.fresh) {
      const entry = this.f.name === this.ctx.ir.entry;
      const values = new Map<string, Expr[]>();
      walkIR(this.f.body, { stmt: (s) => { if (s.kind === 'declare' || s.kind === 'assign') values.set(s.name, [...(values.get(s.name) ?? []), s.kind === 'declare' ? s.init : s.value]); } });
      this.fresh = new Set<string>();
      for (const p of this.f.params) if (entry && p.type.kind === 'array' && !values.has(p.name)) this.fresh.add(p.name);
      for (const l of this.f.locals) if (l.type.kind === 'array' && (values.get(l.name) ?? []).every((v) => v.op === 'newArray') && values.has(l.name)) this.fresh.add(l.name);
    }
    return this.fresh.has(a) && this.fresh.has(b);
  }
  protected fresh: Set<string> | undefined;
}
