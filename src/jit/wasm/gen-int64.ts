/**
 * The i64 part of the Wasm function generator (`gen-state.ts` lists the parts): the exact integer forms of
 * `integral.ts`, for doubles it proved always integral and kept in i64 locals. Every result JS would make
 * inexact (past 2^53) or -0 traps, so the JS backend answers.
 *
 * @module
 */
import type { Expr } from '../ir.js';
import type { OpName } from './encode.js';
import { SAFE, integralExpr } from './integral.js';
import { ArrayGen } from './gen-arrays.js';

/**
 * Integral expressions as exact i64 values.
 *
 * @example
 * ```ts
 * import { Int64Gen } from './gen-int64.js';
 * import { ArrayGen } from './gen-arrays.js';
 *
 * Int64Gen.prototype instanceof ArrayGen; // → true
 * ```
 */
export abstract class Int64Gen extends ArrayGen {
  /** Traps unless the i64 in `r` is within ±2^53. */
  protected checkSafe(r: number): void {
    this.emit('local.get', r);
    this.emit('i64.const', BigInt(SAFE));
    this.emit('i64.add');
    this.emit('i64.const', BigInt(2 * SAFE));
    this.emit('i64.gt_u');
    this.trapIf();
  }

  /**
   * Emits an {@link integralExpr} as an exact i64. `signFree`: the consumer cannot tell -0 from 0 (a
   * comparison), so a result that JS would make -0 need not trap.
   */
  protected override int64(e: Expr, signFree = false): void {
    switch (e.op) {
      case 'const':
        this.emit('i64.const', BigInt(e.value as number));
        return;
      case 'local': {
        const s = this.slot(e.name);
        if (s.kind === 'int64') this.emit('local.get', s.idx);
        else {
          this.expr(e);
          this.emit('i64.extend_i32_s');
        }
        return;
      }
      case 'select':
        this.cond(e.cond);
        this.open('if', 'if', 'i64');
        this.int64(e.then, signFree);
        this.emit('else');
        this.int64(e.else, signFree);
        this.close();
        return;
      case 'unary': {
        const r = this.temp('i64');
        this.emit('i64.const', 0n);
        this.int64(e.arg);
        this.emit('i64.sub');
        this.emit('local.tee', r);
        if (!signFree) {
          this.emit('i64.eqz'); // -0
          this.trapIf();
          this.emit('local.get', r);
        }
        return;
      }
      case 'binary':
        return this.int64Binary(e, signFree);
      case 'math': {
        const arg = e.args[0]!;
        const r = this.temp('f64');
        if (e.fn === 'floor' && arg.op === 'binary' && arg.operator === 'div' && integralExpr(arg.left, this.ints) && this.powerOfTwo(arg.right) !== undefined) {
          // floor(a / 2^k) of an integer is an arithmetic shift, exactly
          this.int64(arg.left);
          this.emit('i64.const', BigInt(this.powerOfTwo(arg.right)!));
          this.emit('i64.shr_s');
          return;
        }
        this.math(e);
        this.emit('local.tee', r);
        // -0 (e.g. Math.ceil(-0.5)), NaN, ±Infinity or beyond 2^53: not an i64 JS number can equal
        this.emit('f64.abs'); this.emit('f64.const', SAFE); this.emit('f64.le');
        if (!signFree) {
          this.emit('f64.const', 1); this.emit('local.get', r); this.emit('f64.copysign'); this.emit('f64.const', 0); this.emit('f64.gt');
          this.emit('i32.and');
        }
        this.emit('i32.eqz');
        this.trapIf();
        this.emit('local.get', r);
        this.emit('i64.trunc_f64_s');
        return;
      }
      case 'convert':
        this.expr(e.arg);
        this.emit('i64.extend_i32_s');
        return;
      default:
        this.expr(e);
        if (e.type.kind !== 'i32') throw new Error(`internal: ${e.op} is not integral`);
        this.emit('i64.extend_i32_s');
    }
  }

  protected powerOfTwo(e: Expr): number | undefined {
    if (e.op !== 'const' || typeof e.value !== 'number') return undefined;
    const k = Math.log2(e.value);
    return Number.isInteger(k) && k >= 0 && k <= 52 ? k : undefined;
  }

  protected int64Binary(e: Extract<Expr, { op: 'binary' }>, signFree: boolean): void {
    const { operator: o, left, right } = e;
    const a = this.temp('i64'), b = this.temp('i64'), r = this.temp('i64');
    this.int64(left);
    this.emit('local.set', a);
    this.int64(right);
    this.emit('local.set', b);
    if (o === 'mul') {
      const small = (x: Expr): boolean => x.op === 'const' && Math.abs(x.value as number) < 1024;
      if (!small(left) && !small(right)) {
        // the i64 product could wrap: the double product tells whether it stays near 2^53 first
        this.emit('local.get', a); this.emit('f64.convert_i64_s'); this.emit('local.get', b); this.emit('f64.convert_i64_s');
        this.emit('f64.mul'); this.emit('f64.abs'); this.emit('f64.const', SAFE); this.emit('f64.gt');
        this.trapIf();
      }
    }
    if (o === 'mod') {
      // x % 0 is NaN in JS
      this.emit('local.get', b); this.emit('i64.eqz'); this.trapIf();
    }
    this.emit('local.get', a);
    this.emit('local.get', b);
    this.emit(({ add: 'i64.add', sub: 'i64.sub', mul: 'i64.mul', mod: 'i64.rem_s' } as Record<string, OpName>)[o]!);
    this.emit('local.set', r);
    if (o !== 'mod') this.checkSafe(r);
    if (!signFree && (o === 'mul' || o === 'mod')) {
      // JS gives -0 for 0 * negative and for negative % divisor-of-it
      this.emit('local.get', r); this.emit('i64.eqz');
      this.emit('local.get', a); this.emit('i64.const', 0n); this.emit('i64.lt_s');
      if (o === 'mul') { this.emit('local.get', b); this.emit('i64.const', 0n); this.emit('i64.lt_s'); this.emit('i32.or'); }
      this.emit('i32.and');
      this.trapIf();
    }
    this.emit('local.get', r);
  }
}
