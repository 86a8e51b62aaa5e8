/**
 * The Wasm function generator (`gen-state.ts` lists its parts, each a class this one extends): statements and
 * loops, and {@link FunctionGen.run}, which emits a whole IR function. A scalar loop whose element accesses
 * `passes/typed-bounds.ts` proves in range is emitted twice, unchecked and checked, chosen by its conditions.
 *
 * @module
 */
import type { Expr, Loop, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import { BOOL } from '../types.js';
import { elementBounds } from '../passes/typed-bounds.js';
import type { WasmFunction } from './encode.js';
import { describePlan, planSimd } from './simd.js';
import { describeRandomLanes, planRandomLanes } from './random-lanes.js';
import { emitMatrixStore, returnedMatrix } from './nested-emit.js';
import { WasmUnsupported, resultTypes, vt } from './codegen-types.js';
import { BranchlessGen } from './gen-branchless.js';
import { emitRandomLoad, emitRandomStore, type RandomLocals } from './gen-random.js';

/** Whether statements call `Math.random()` themselves (not only through a callee). */
function drawsItself(body: readonly Stmt[]): boolean {
  let found = false;
  walkIR(body, { expr: (e) => { if (e.op === 'random') found = true; } });
  return found;
}

/**
 * The generator of one IR function's Wasm code: `new FunctionGen(f, ctx).run()`.
 *
 * @example
 * ```ts
 * import { FunctionGen } from './gen-statements.js';
 * import { BranchlessGen } from './gen-branchless.js';
 *
 * FunctionGen.prototype instanceof BranchlessGen; // → true
 * ```
 */
export class FunctionGen extends BranchlessGen {
  /** Set by {@link run}: whether the function emitted a reachable trap (a check, or falling off its end). */
  mayTrap = false;

  run(): WasmFunction {
    for (const [name, idx] of this.widened) {
      this.emit('local.get', (this.slot(name) as { idx: number }).idx);
      this.emit('f64.convert_i32_s');
      this.emit('local.set', idx);
    }
    if (this.f.name === this.ctx.ir.entry && this.branchlessIfs().size > 0) {
      // 16 bytes above every array of the call, allocated as `new Float64Array(2)` is (zeroed, growing the memory)
      this.spare = this.arrayValue({ op: 'newArray', type: { kind: 'array', element: 'f64' }, element: 'f64', length: { op: 'const', type: { kind: 'i32' }, value: 2 } } as Expr).ptr;
    }
    if (drawsItself(this.f.body)) {
      this.random = [0, 1, 2, 3].map((k) => this.local('i32', `$rand${k}`)) as unknown as RandomLocals;
      emitRandomLoad(this.randomHost(), this.random);
    }
    this.block(this.f.body);
    // a void function falling off its end returns: its state goes back to the globals as at a `return`
    if (this.random && !this.type.results.length) emitRandomStore(this.randomHost(), this.random);
    const last = this.f.body[this.f.body.length - 1];
    this.mayTrap = this.code.some((i) => i.op === 'unreachable') || (this.type.results.length > 0 && last?.kind !== 'return');
    // Falling off the end returns undefined in JS, which a number result cannot hold: the JS backend answers.
    if (this.type.results.length) this.emit('unreachable');
    return { name: this.f.name, type: this.type, locals: this.locals, localNames: this.names, body: this.code };
  }

  protected override block(stmts: readonly Stmt[]): void {
    stmts.forEach((s, k) => {
      this.previous = stmts[k - 1];
      this.stmt(s);
    });
  }
  /** The statement before the one being emitted (a loop's counter is set there: `passes/typed-bounds.ts`). */
  protected previous: Stmt | undefined;

  protected override stmt(s: Stmt): void {
    switch (s.kind) {
      case 'declare':
      case 'assign': {
        const value = s.kind === 'declare' ? s.init : s.value;
        const slot = this.slot(s.name);
        if (slot.kind === 'nested') throw new WasmUnsupported(`an assignment to the number[][] ${s.name}`);
        // a function-level `var` holding an array starts as undefined, never read (inference proved every read
        // follows a write): the zeroed locals stand for it
        if (slot.kind === 'array' && value.op === 'unset') return;
        if (slot.kind !== 'array' && this.proved.has(s)) {
          // an index proved in [0, length) (passes/typed-bounds.ts): its int32 sum is exact, no i64 range traps
          const proved = this.provedIndex(value);
          this.emit('local.get', proved);
          if (slot.kind === 'int64') this.emit('i64.extend_i32_s');
          else if (slot.kind === 'element' || slot.vt === 'f64') this.emit('f64.convert_i32_s');
          this.emit('local.set', slot.idx);
          if (slot.kind === 'element') { this.emit('local.get', proved); this.emit('local.set', slot.el); }
          return;
        }
        if (slot.kind === 'array') {
          const from = this.arrayValue(value);
          this.emit('local.get', from.ptr); this.emit('local.set', slot.ptr);
          this.emit('local.get', from.len); this.emit('local.set', slot.len);
        } else if (slot.kind === 'int64') {
          this.int64(value);
          this.emit('local.set', slot.idx);
        } else if (slot.kind === 'element') {
          this.elementValue(value, slot);
        } else {
          this.as(value, slot.vt);
          this.emit('local.set', slot.idx);
        }
        return;
      }
      case 'store':
        this.store(s.element, s.array, s.index, s.value, this.proved.has(s));
        return;
      case 'expr':
        this.expr(s.expr);
        if (s.expr.type.kind !== 'void') for (let k = resultTypes(s.expr.type, 'a discarded value').length; k > 0; k--) this.emit('drop');
        return;
      case 'if': {
        const update = this.spare >= 0 ? this.branchlessIfs().get(s) : undefined;
        if (update) return this.adaptive(s, update);
        this.cond(s.cond);
        this.open('if', 'if');
        this.block(s.then);
        if (s.else.length) {
          this.emit('else');
          this.block(s.else);
        }
        this.close();
        return;
      }
      case 'loop': {
        const before = this.previous;
        this.outerLanes(s, before);
        const plan = planSimd(s, { fastmath: this.ctx.fastmath, distinct: (a, b) => this.distinct(a, b), separateMatrices: this.f.name === this.ctx.ir.entry });
        // a loop that draws: several iterations' draws in stream order, their values in lanes (random-lanes.ts)
        const drawn = typeof plan === 'string' && this.random && drawsItself(s.body) ? planRandomLanes(s) : undefined;
        if (drawn !== undefined && typeof drawn !== 'string' && this.randomLanes(drawn)) {
          this.ctx.simd.push(describeRandomLanes(this.f.name, drawn));
          this.ctx.randomLanes++;
        } else if (typeof plan === 'string') {
          const why = typeof drawn === 'string' ? drawn : plan;
          if (why !== 'not a counted loop') this.ctx.simd.push(`${this.f.name}: a loop stays scalar: ${why}`);
        } else {
          this.vectorLoop(plan);
          this.ctx.simd.push(describePlan(this.f.name, plan));
          if (!plan.arrays.some((a) => a.row)) {
            if (plan.reductions.some((r) => r.exactBound === undefined)) this.ctx.reduces = true;
            this.ctx.vectorized++;
          }
        }
        this.provedLoop(s, before);
        return;
      }
      case 'break':
        if (s.label) throw new WasmUnsupported(`a labelled break (break ${s.label}); the JS backend runs it`);
        this.emit('br', this.depthOf('exit'));
        return;
      case 'continue':
        if (s.label) throw new WasmUnsupported(`a labelled continue (continue ${s.label}); the JS backend runs it`);
        this.emit('br', this.depthOf('cont'));
        return;
      case 'return':
        if (s.value) {
          const t = this.f.returnType;
          if (t.kind === 'tuple' && s.value.op === 'tuple') s.value.items.forEach((item, k) => this.as(item, vt(t.items[k]!, 'a tuple item')));
          else if (t.kind === 'tuple') this.expr(s.value);
          else if (t.kind === 'matrix') returnedMatrix(this.f); // checked: the wrapper returns the argument itself
          else if (t.kind === 'array') {
            const a = this.arrayValue(s.value);
            this.emit('local.get', a.ptr);
            this.emit('local.get', a.len);
          }
          else this.as(s.value, vt(t, 'the return value'));
        }
        if (this.random) emitRandomStore(this.randomHost(), this.random);
        this.emit('return');
        return;
      case 'matrixStore':
        return emitMatrixStore(s, this.nestedHost());
      case 'throw':
        // A trap: the JS backend reruns the call (or a prange chunk) and throws the error itself.
        this.emit('unreachable');
        return;
      default:
        throw new WasmUnsupported(`the statement '${s.kind}'`);
    }
  }

  /**
   * The scalar loop, in two versions when `passes/typed-bounds.ts` proves element accesses of its body in range
   * under conditions asked once here: `if (conditions) { those accesses unchecked } else { every access checked }`.
   */
  protected provedLoop(s: Loop, before: Stmt | undefined): void {
    const { proved, conditions, always } = elementBounds(s, before);
    if (proved.size === 0) return this.scalarLoop(s);
    const version = (nodes: ReadonlySet<object>): void => {
      const added = [...nodes].filter((n) => !this.proved.has(n));
      for (const n of added) this.proved.add(n);
      this.scalarLoop(s);
      for (const n of added) this.proved.delete(n);
    };
    if (conditions.length === 0) return version(proved);
    this.cond(conditions.reduce((a, b) => ({ op: 'logical', type: BOOL, operator: 'and', left: a, right: b })));
    this.open('if', 'if');
    version(proved);
    this.emit('else');
    version(always);
    this.close();
  }

  protected scalarLoop(s: Loop): void {
    this.open('block', 'exit');
    this.open('loop', 'top');
    if (s.test) {
      this.cond(s.test);
      this.emit('i32.eqz');
      this.emit('br_if', this.depthOf('exit'));
    }
    this.open('block', 'cont');
    this.block(s.body);
    this.close();
    this.block(s.continuing);
    if (s.postTest) {
      this.cond(s.postTest);
      this.emit('br_if', this.depthOf('top'));
    } else this.emit('br', this.depthOf('top'));
    this.close();
    this.close();
  }
}
