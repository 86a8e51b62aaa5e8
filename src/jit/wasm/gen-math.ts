/**
 * The `Math` part of the Wasm function generator (`gen-state.ts` lists the parts): a `Math` call as the
 * instructions of its row in `tables.ts` (exact ones such as `sqrt`, `floor`, `min`), else a call of V8's own
 * function, imported.
 *
 * @module
 */
import type { Expr } from '../ir.js';
import { importKey, mathRow } from './codegen-types.js';
import { ExprGen } from './gen-expressions.js';

/**
 * `Math` calls.
 *
 * @example
 * ```ts
 * import { MathGen } from './gen-math.js';
 * import { ExprGen } from './gen-expressions.js';
 *
 * MathGen.prototype instanceof ExprGen; // → true
 * ```
 */
export abstract class MathGen extends ExprGen {
  protected override math(e: Extract<Expr, { op: 'math' }>): void {
    const row = mathRow(e.fn);
    const int = e.type.kind === 'i32';
    if ('f64' in row) {
      const arg = e.args[0]!;
      if (row.roundsIntegers && arg.type.kind === 'i32') return this.as(arg, int ? 'i32' : 'f64');
      if (e.fn === 'abs' && int) {
        const x = this.temp('i32');
        this.as(arg, 'i32');
        this.emit('local.tee', x); this.emit('local.get', x); this.emit('i32.const', 31); this.emit('i32.shr_s');
        this.emit('local.tee', x, undefined); // x now holds the sign mask; the value is below it on the stack
        this.emit('i32.xor'); this.emit('local.get', x); this.emit('i32.sub');
        return;
      }
      this.as(arg, 'f64');
      for (const op of row.f64) this.emit(op);
      if (int) this.emit('i32.trunc_f64_s');
      return;
    }
    if ('fold' in row) {
      if (e.args.length === 0) {
        this.emit('f64.const', row.empty);
        if (int) this.emit('i32.trunc_f64_s');
        return;
      }
      if (int && e.args.every((a) => a.type.kind === 'i32')) {
        const a = this.temp('i32'), b = this.temp('i32');
        this.expr(e.args[0]!);
        for (const arg of e.args.slice(1)) {
          this.emit('local.set', a);
          this.expr(arg);
          this.emit('local.set', b);
          this.emit('local.get', a); this.emit('local.get', b);
          this.emit('local.get', a); this.emit('local.get', b);
          this.emit(e.fn === 'min' ? 'i32.lt_s' : 'i32.gt_s');
          this.emit('select');
        }
        return;
      }
      e.args.forEach((arg, k) => {
        this.as(arg, 'f64');
        if (k > 0) this.emit(row.fold);
      });
      if (int) this.emit('i32.trunc_f64_s');
      return;
    }
    if ('int32' in row) {
      for (const arg of e.args) this.int32(arg);
      this.emit(row.int32);
      if (!int) this.emit('f64.convert_i32_s');
      return;
    }
    for (const arg of e.args) this.as(arg, 'f64');
    this.emit('call', this.ctx.importIndex.get(importKey(e.fn, e.args.length))!, `Math.${e.fn}`);
    if (int) this.emit('i32.trunc_f64_s');
  }
}
