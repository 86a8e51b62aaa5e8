/**
 * The arrays part of the Wasm function generator (`gen-state.ts` lists the parts): a typed array as a pointer and
 * a length, new arrays allocated above the `heap` global, element indices checked against the length (or not, where
 * `passes/typed-bounds.ts` proved them in range), and stores with JS's conversion to the element type.
 *
 * @module
 */
import type { Expr } from '../ir.js';
import { walkIR } from '../ir.js';
import type { ElementKind } from '../types.js';
import { elementNumber, elementRule } from './element-index.js';
import { WasmUnsupported, elementRow, type Slot } from './codegen-types.js';
import { GenState } from './gen-state.js';

/**
 * A double `a + b` or `a - b` of two int32 values (an i32 expression widened, or an integral constant in int32
 * range): its ToInt32 is the wrapping i32 operation. Undefined for anything else.
 */
function int32Sum(e: Expr): { operands: Array<Expr | number>; op: 'i32.add' | 'i32.sub' } | undefined {
  if (e.op !== 'binary' || (e.operator !== 'add' && e.operator !== 'sub')) return undefined;
  const operand = (x: Expr): Expr | number | undefined => {
    if (x.type.kind === 'i32') return x;
    if (x.op === 'convert' && x.arg.type.kind === 'i32') return x.arg;
    if (x.op === 'const' && typeof x.value === 'number' && Number.isInteger(x.value) && x.value >= -(2 ** 31) && x.value < 2 ** 31 && !Object.is(x.value, -0)) return x.value;
    return undefined;
  };
  const l = operand(e.left), r = operand(e.right);
  return l !== undefined && r !== undefined ? { operands: [l, r], op: e.operator === 'add' ? 'i32.add' : 'i32.sub' } : undefined;
}

/**
 * Whether evaluating `value` surely reads `array[index]` (both locals, no assignment inside `value`): the load
 * traps unless the index names an element, so the store of `a[k] += 1` after it needs no check of its own.
 */
function readsElement(value: Expr, array: Expr, index: Expr): boolean {
  if (array.op !== 'local' || index.op !== 'local') return false;
  let assigns = false;
  walkIR([{ kind: 'expr', expr: value }], { expr: (e) => { if (e.op === 'effect') assigns = true; } });
  if (assigns) return false;
  const surely = (e: Expr): boolean => {
    switch (e.op) {
      case 'load': return (e.array.op === 'local' && e.array.name === array.name && e.index.op === 'local' && e.index.name === index.name) || surely(e.index);
      case 'unary': case 'truthy': case 'convert': return surely(e.arg);
      case 'binary': case 'compare': return surely(e.left) || surely(e.right);
      // the right of `&&`/`||` and the arms of `?:` may not run
      case 'logical': return surely(e.left);
      case 'select': return surely(e.cond);
      case 'math': return e.args.some(surely);
      default: return false;
    }
  };
  return surely(value);
}

/**
 * Typed-array values, element addresses and bounds checks, and stores.
 *
 * @example
 * ```ts
 * import { ArrayGen } from './gen-arrays.js';
 * import { GenState } from './gen-state.js';
 *
 * ArrayGen.prototype instanceof GenState; // → true
 * ```
 */
export abstract class ArrayGen extends GenState {
  /**
   * An array-typed expression as a pointer and a length in locals: a variable as is; `new Float64Array(n)` and
   * friends allocated above the `heap` global (zero-filled, growing the shared memory if needed); a call's result.
   */
  protected arrayValue(e: Expr): Extract<Slot, { kind: 'array' }> {
    if (e.type.kind !== 'array') throw new Error('internal: not an array');
    const element = e.type.element;
    if (e.op === 'local') return this.array(e);
    if (e.op === 'call') {
      const ptr = this.temp('i32'), len = this.temp('i32');
      this.expr(e);
      this.emit('local.set', len);
      this.emit('local.set', ptr);
      return { kind: 'array', ptr, len, element };
    }
    if (e.op !== 'newArray') throw new WasmUnsupported(`an array expression (${e.op}) other than a variable, a call or a new typed array`);
    const shift = elementRow(element).shift;
    const ptr = this.temp('i32'), len = this.temp('i32'), end = this.temp('i32');
    if (e.length.type.kind === 'i32') {
      this.expr(e.length);
    } else {
      // JS truncates a fractional length (ToIndex): only whole lengths are taken here, the rest is JS's answer
      const x = this.temp('f64');
      this.as(e.length, 'f64');
      this.emit('local.tee', x);
      this.emit('i32.trunc_sat_f64_s');
      this.emit('local.tee', len);
      this.emit('f64.convert_i32_s');
      this.emit('local.get', x);
      this.emit('f64.ne');
      this.trapIf();
      this.emit('local.get', len);
    }
    this.emit('local.tee', len);
    // a negative length is JS's RangeError, and an array past 256 MiB elements is left to JS: both trap
    this.emit('i32.const', 1 << 28);
    this.emit('i32.gt_u');
    this.trapIf();
    this.emit('global.get', 0);
    this.emit('local.tee', ptr);
    this.emit('local.get', len);
    this.emit('i32.const', shift);
    this.emit('i32.shl');
    this.emit('i32.const', 15);
    this.emit('i32.add');
    this.emit('i32.const', -16);
    this.emit('i32.and');
    this.emit('i32.add');
    this.emit('local.tee', end);
    this.emit('i32.const', 65535);
    this.emit('i32.add');
    this.emit('i32.const', 16);
    this.emit('i32.shr_u');
    this.emit('memory.size');
    this.emit('i32.gt_u');
    this.emit('if', null);
    this.emit('local.get', end);
    this.emit('i32.const', 65535);
    this.emit('i32.add');
    this.emit('i32.const', 16);
    this.emit('i32.shr_u');
    this.emit('memory.size');
    this.emit('i32.sub');
    this.emit('memory.grow');
    this.emit('i32.const', -1);
    this.emit('i32.eq');
    this.trapIf();
    this.emit('end');
    this.emit('local.get', ptr);
    this.emit('i32.const', 0);
    this.emit('local.get', end);
    this.emit('local.get', ptr);
    this.emit('i32.sub');
    this.emit('memory.fill');
    this.emit('local.get', end);
    this.emit('global.set', 0);
    return { kind: 'array', ptr, len, element };
  }

  protected array(e: Expr): Extract<Slot, { kind: 'array' }> {
    if (e.op !== 'local') return this.arrayValue(e);
    const s = this.slot(e.name);
    // `m[i] = row` replaces a row object of the caller's number[][]: only JS can do that
    if (s.kind === 'nested') throw new WasmUnsupported(`a row stored into the number[][] ${e.name} (m[i] = row)`);
    if (s.kind !== 'array') throw new Error(`internal: ${e.name} is not an array`);
    return s;
  }

  /** The byte address of element `index` (an i32 local) of `a`. */
  protected address(a: Extract<Slot, { kind: 'array' }>, index: number): void {
    this.emit('local.get', a.ptr);
    this.emit('local.get', index);
    const shift = elementRow(a.element).shift;
    if (shift) {
      this.emit('i32.const', shift);
      this.emit('i32.shl');
    }
    this.emit('i32.add');
  }

  /** Sets an index-only local (`element-index.ts`): its double, and its element number once for every access. */
  protected elementValue(value: Expr, slot: Extract<Slot, { kind: 'element' }>): void {
    if (value.op === 'convert' && value.arg.type.kind === 'i32') {
      // an int32 widened: itself, as the i32 index of `index` below (a negative one is, unsigned, past every length)
      this.expr(value.arg);
      this.emit('local.tee', slot.el);
      this.emit('f64.convert_i32_s');
      this.emit('local.set', slot.idx);
      return;
    }
    const rule = elementRule(value);
    const x = this.temp('f64');
    this.as(rule.operand, 'f64');
    this.emit('local.tee', x);
    if (rule.rounding) this.emit(rule.rounding);
    this.emit('local.set', slot.idx);
    this.code.push(...elementNumber(x, rule));
    this.emit('local.set', slot.el);
  }

  /** Evaluates an index into an i32 local and leaves on the stack whether it names an element of `a`. */
  protected index(a: Extract<Slot, { kind: 'array' }>, index: Expr): number {
    const i = this.temp('i32');
    if (index.type.kind === 'i32') {
      this.expr(index);
      this.emit('local.tee', i);
      this.emit('local.get', a.len);
      this.emit('i32.lt_u');
      return i;
    }
    const slot = index.op === 'local' ? this.slot(index.name) : undefined;
    if (slot?.kind === 'element') {
      this.emit('local.get', slot.el);
      this.emit('local.tee', i);
      this.emit('local.get', a.len);
      this.emit('i32.lt_u');
      return i;
    }
    if (slot?.kind === 'int64') {
      // an integral double kept in i64 names an element iff 0 <= k < length: no round trip through f64
      const k = slot.idx;
      this.emit('local.get', k);
      this.emit('i32.wrap_i64');
      this.emit('local.set', i);
      this.emit('local.get', k);
      this.emit('local.get', a.len);
      this.emit('i64.extend_i32_u');
      this.emit('i64.lt_u');
      return i;
    }
    // A double index names an element only if it is an integer in range (-0 names element 0, as in JS).
    const x = this.temp('f64');
    this.as(index, 'f64');
    this.emit('local.tee', x);
    this.emit('i32.trunc_sat_f64_s');
    this.emit('local.tee', i);
    this.emit('f64.convert_i32_s');
    this.emit('local.get', x);
    this.emit('f64.eq');
    this.emit('local.get', i);
    this.emit('local.get', a.len);
    this.emit('i32.lt_u');
    this.emit('i32.and');
    return i;
  }

  /**
   * An index `passes/typed-bounds.ts` proved in `[0, length)`, into an i32 local. Sums of int32 parts are added
   * in wrapping i32: the exact sum is in range, so equal modulo 2^32 means equal.
   */
  protected provedIndex(index: Expr): number {
    const i = this.temp('i32');
    const emit = (e: Expr): void => {
      if (e.type.kind === 'i32') return this.expr(e);
      if (e.op === 'convert' && e.arg.type.kind === 'i32') return this.expr(e.arg);
      if (e.op === 'const' && typeof e.value === 'number' && Number.isInteger(e.value) && Math.abs(e.value) < 2 ** 31) return this.emit('i32.const', e.value);
      if (e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul')) {
        emit(e.left);
        emit(e.right);
        return this.emit(e.operator === 'add' ? 'i32.add' : e.operator === 'sub' ? 'i32.sub' : 'i32.mul');
      }
      const slot = e.op === 'local' ? this.slot(e.name) : undefined;
      if (slot?.kind === 'int64') {
        this.emit('local.get', slot.idx);
        return this.emit('i32.wrap_i64');
      }
      if (slot?.kind === 'element') return this.emit('local.get', slot.el);
      // not reached for the shapes typed-bounds.ts proves; exact anyway for an integer in range
      this.as(e, 'f64');
      this.emit('i32.trunc_sat_f64_s');
    };
    emit(index);
    this.emit('local.set', i);
    return i;
  }

  /** `at`: a local holding the address to store at (a branchless update's), so no index is evaluated here. */
  protected store(element: ElementKind, arrayExpr: Expr, index: Expr, value: Expr, proved = false, at?: number): void {
    const a = this.array(arrayExpr);
    const row = elementRow(element);
    // `a[k] += 1`: the value's read of the same element traps first when k names none, so no check of the store
    const checked = !proved && !readsElement(value, arrayExpr, index);
    const ok = checked ? this.temp('i32') : -1;
    const i = at !== undefined ? -1 : proved ? this.provedIndex(index) : this.index(a, index);
    if (!proved) this.emit(checked ? 'local.set' : 'drop', checked ? ok : undefined);
    // JS evaluates the value before it finds the index out of range: its effects (a call) happen either way.
    const wraps = row.convert === 'int32' ? int32Sum(value) : undefined;
    const v = this.temp(!wraps && (row.convert === 'f64' || row.convert === 'f32' || row.convert === 'clamp' || value.type.kind !== 'i32') ? 'f64' : 'i32');
    if (wraps) {
      // ToInt32 of a sum of two int32s is the wrapping i32 sum: the double sum is exact below 2^32
      for (const operand of wraps.operands) {
        if (typeof operand === 'number') this.emit('i32.const', operand);
        else this.expr(operand);
      }
      this.emit(wraps.op);
    } else if (this.locals[v - this.paramCount] === 'f64') this.as(value, 'f64');
    else this.expr(value);
    this.emit('local.set', v);
    if (checked) {
      this.emit('local.get', ok);
      this.open('if', 'if');
    }
    if (at !== undefined) this.emit('local.get', at);
    else this.address(a, i);
    this.emit('local.get', v);
    const isF64 = this.locals[v - this.paramCount] === 'f64';
    switch (row.convert) {
      case 'f64': break;
      case 'f32': this.emit('f32.demote_f64'); break;
      case 'int32': if (isF64) this.emit('call', this.ctx.helpers.toInt32, 'ToInt32'); break;
      case 'clamp':
        // ToUint8Clamp: NaN and below 0 give 0, above 255 give 255, halves round to even (f64.nearest)
        this.emit('f64.const', 0); this.emit('f64.max'); this.emit('f64.const', 255); this.emit('f64.min');
        this.emit('f64.nearest'); this.emit('i32.trunc_sat_f64_s');
        break;
    }
    this.emit(row.store, 0);
    if (checked) this.close();
  }
}
