/**
 * The expressions part of the Wasm function generator (`gen-state.ts` lists the parts): every IR expression the
 * backend accepts, with JS's semantics (the operators' Wasm forms are their rows in `ops/operators.ts`); any other
 * throws {@link WasmUnsupported}. `Math` calls are `gen-math.ts`.
 *
 * @module
 */
import type { Expr } from '../ir.js';
import { walkIR } from '../ir.js';
import { isArrayType } from '../types.js';
import type { ValType } from './encode.js';
import { integralExpr } from './integral.js';
import { eagerBool } from './branchless.js';
import { emitNestedExpr } from './nested-emit.js';
import { BINARY_OPERATORS, COMPARE_OPERATORS, UNARY_OPERATORS } from '../ops/operators.js';
import { WasmUnsupported, elementRow, vt } from './codegen-types.js';
import { Int64Gen } from './gen-int64.js';
import { emitRandom, emitRandomLoad, emitRandomStore } from './gen-random.js';

/**
 * Expressions, conversions between Wasm value types, and conditions.
 *
 * @example
 * ```ts
 * import { ExprGen } from './gen-expressions.js';
 * import { Int64Gen } from './gen-int64.js';
 *
 * ExprGen.prototype instanceof Int64Gen; // → true
 * ```
 */
export abstract class ExprGen extends Int64Gen {
  /** A `bool` condition as an i32. */
  protected override cond(e: Expr): void {
    if (e.type.kind !== 'bool') throw new Error(`internal: condition of type ${e.type.kind}`);
    this.expr(e);
  }

  /** Emits `e` converted to `want` (`i32` values widen to f64 exactly; f64 to i32 only where the IR proved it). */
  protected override as(e: Expr, want: ValType): void {
    const widened = want === 'f64' && e.op === 'local' ? this.widened.get(e.name) : undefined;
    if (widened !== undefined) return this.emit('local.get', widened);
    this.expr(e);
    const have = e.type.kind === 'f64' ? 'f64' : 'i32';
    if (have === want) return;
    if (want === 'f64') this.emit(e.type.kind === 'bool' ? 'f64.convert_i32_u' : 'f64.convert_i32_s');
    else this.emit('i32.trunc_f64_s');
  }

  /** ToInt32 of a numeric or boolean expression, as JS bitwise operators apply it. */
  protected int32(e: Expr): void {
    this.expr(e);
    if (e.type.kind === 'f64') this.emit('call', this.ctx.helpers.toInt32, 'ToInt32');
  }

  protected override expr(e: Expr): void {
    switch (e.op) {
      case 'const':
        if (e.type.kind === 'f64') this.emit('f64.const', e.value as number);
        else this.emit('i32.const', typeof e.value === 'boolean' ? Number(e.value) : e.value);
        return;
      case 'local': {
        const s = this.slot(e.name);
        if (s.kind === 'array') throw new WasmUnsupported('an array used as a value');
        if (s.kind === 'nested') throw new WasmUnsupported('a number[][] used as a value');
        this.emit('local.get', s.idx);
        if (s.kind === 'int64') this.emit('f64.convert_i64_s');
        return;
      }
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
      case 'compare':
        return this.compare(e);
      case 'logical':
        return this.logical(e);
      case 'select': {
        const t = vt(e.type, 'a ?: value');
        this.cond(e.cond);
        this.open('if', 'if', t);
        this.as(e.then, t);
        this.emit('else');
        this.as(e.else, t);
        this.close();
        return;
      }
      case 'truthy':
        return this.truthy(e.arg);
      case 'convert':
        return this.as(e.arg, vt(e.type, 'a conversion'));
      case 'math':
        return this.math(e);
      case 'length':
        this.emit('local.get', this.array(e.array).len);
        return;
      case 'load': {
        const a = this.array(e.array);
        const row = elementRow(e.element);
        if (this.redirect?.load === e) {
          this.emit('local.get', this.redirect.at);
        } else if (this.proved.has(e)) {
          this.address(a, this.provedIndex(e.index));
        } else {
          const i = this.index(a, e.index);
          // out of range: JS reads undefined, which no Wasm number can stand for; the JS backend answers
          this.emit('i32.eqz');
          this.trapIf();
          this.address(a, i);
        }
        this.emit(row.load, 0);
        if (row.value === 'f32') this.emit('f64.promote_f32');
        else if (row.value !== 'f64' && e.type.kind === 'f64') this.emit(row.value === 'u32' ? 'f64.convert_i32_u' : 'f64.convert_i32_s');
        return;
      }
      case 'call': {
        const k = this.ctx.ir.functions.findIndex((f) => f.name === e.callee);
        const callee = this.ctx.ir.functions[k]!;
        e.args.forEach((arg, j) => {
          const p = callee.params[j]!;
          if (p.type.kind === 'array') {
            const a = this.arrayValue(arg);
            this.emit('local.get', a.ptr);
            this.emit('local.get', a.len);
          } else if (p.type.kind === 'matrix') {
            const m = this.nestedHost().matrix(arg.op === 'local' ? arg.name : '');
            for (const k of [m.ptr, m.rows, m.cols]) this.emit('local.get', k);
          } else this.as(arg, vt(p.type, `argument ${j + 1} of ${e.callee}`));
        });
        // the callee draws from the globals: this function's state goes there first, and comes back after
        const shared = this.random && callee.usesRandom ? this.random : undefined;
        if (shared) emitRandomStore(this.randomHost(), shared);
        this.emit('call', this.ctx.base + k, e.callee);
        if (shared) emitRandomLoad(this.randomHost(), shared);
        return;
      }
      case 'random':
        emitRandom(this.randomHost(), this.random!);
        return;
      case 'newArray':
        throw new WasmUnsupported('a new typed array used other than as a variable\'s value, an argument or a result');
      case 'rows': case 'cols': case 'matrixLoad': case 'rowOf': case 'rowGet': case 'nullRow':
        return emitNestedExpr(e, this.nestedHost());
      case 'tuple': case 'tupleGet':
        throw new WasmUnsupported('tuples other than a returned [a, b, …]');
      case 'unset': // a variable read before any write holds undefined, which no Wasm value is (infer/unset.ts)
        throw new WasmUnsupported('a variable that may be read before it is assigned (undefined)');
      case 'builtinNew': case 'bufferProperty':
        throw new WasmUnsupported('ArrayBuffers and typed-array views over them (JS objects, ir/buffers.ts)');
      case 'effect': // `bits--` in a condition: the assignments, then the value (lower/statements.ts)
        this.block(e.stmts);
        return this.expr(e.value);
    }
    // Any other node (JS objects, methods, type tests) has no Wasm form: the JS backend answers. Emitting
    // nothing here would make an invalid module, a crash at instantiation.
    throw new WasmUnsupported(`the expression '${e.op}'`);
  }

  /** A unary operator: its row in `ops/operators.ts`. */
  protected unary(e: Extract<Expr, { op: 'unary' }>): void {
    UNARY_OPERATORS[e.operator].wasm({
      int: e.type.kind === 'i32',
      operand: (as) => (as === 'int32' ? this.int32(e.arg) : as === 'value' ? this.expr(e.arg) : this.as(e.arg, as)),
      emit: (op, immediate) => this.emit(op, immediate),
      twice: () => {
        const t = vt(e.type, 'x ** 2');
        const x = this.temp(t);
        this.as(e.arg, t);
        this.emit('local.tee', x);
        this.emit('local.get', x);
      },
    });
  }

  /** `a op b`: its row in `ops/operators.ts`, which refuses an int32 form without an exact instruction. */
  protected binary(e: Extract<Expr, { op: 'binary' }>): void {
    const { left, right } = e;
    BINARY_OPERATORS[e.operator].wasm({
      int: e.type.kind === 'i32',
      operands: (as) => {
        if (as === 'int32') {
          this.int32(left);
          this.int32(right);
        } else {
          this.as(left, as);
          this.as(right, as);
        }
      },
      emit: (op) => this.emit(op),
      call: (helper) => {
        if (helper === 'pow') this.emit('call', this.ctx.importIndex.get('pow') ?? this.powImport(), 'Math.pow');
        else this.emit('call', this.ctx.helpers.fmod, 'JS %');
      },
      unsupported: (what) => {
        throw new WasmUnsupported(what);
      },
    });
  }

  protected powImport(): never {
    throw new WasmUnsupported('internal: ** without a Math.pow import');
  }

  protected compare(e: Extract<Expr, { op: 'compare' }>): void {
    const { operator: o, left, right } = e;
    const l = left.type.kind, r = right.type.kind;
    // Wasm sees an array as its copy in linear memory, so two copies of one array would compare unequal
    if (isArrayType(left.type) || isArrayType(right.type)) throw new WasmUnsupported('=== between arrays (identity of the JS arrays, which Wasm sees as copies)');
    if (l === 'bool' || r === 'bool') {
      if (l !== r) throw new WasmUnsupported('a comparison of a boolean with a number');
      this.expr(left);
      this.expr(right);
      this.emit(COMPARE_OPERATORS[o].wasm.bool);
      return;
    }
    if (l === 'i32' && r === 'i32') {
      this.expr(left);
      this.expr(right);
      this.emit(COMPARE_OPERATORS[o].wasm.i32);
      return;
    }
    if (this.usesInts(left) || this.usesInts(right)) {
      if (integralExpr(left, this.ints) && integralExpr(right, this.ints)) {
        // both exact integers: comparing them as i64 is comparing the doubles (and -0 equals 0 here)
        this.int64(left, true);
        this.int64(right, true);
        this.emit(COMPARE_OPERATORS[o].wasm.i64);
        return;
      }
    }
    this.as(left, 'f64');
    this.as(right, 'f64');
    this.emit(COMPARE_OPERATORS[o].wasm.f64);
  }

  protected usesInts(e: Expr): boolean {
    let found = false;
    walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'local' && this.ints.has(x.name)) found = true; } });
    return found;
  }

  protected logical(e: Extract<Expr, { op: 'logical' }>): void {
    const t = vt(e.type, 'a && / || value');
    const and = e.operator === 'and';
    if (e.type.kind === 'bool' && e.left.type.kind === 'bool' && eagerBool(e.right)) {
      this.expr(e.left);
      this.expr(e.right);
      this.emit(and ? 'i32.and' : 'i32.or');
      return;
    }
    if (e.type.kind === 'bool' && e.left.type.kind === 'bool' && e.right.type.kind === 'bool') {
      this.expr(e.left);
      this.open('if', 'if', 'i32');
      if (and) this.expr(e.right); else this.emit('i32.const', 1);
      this.emit('else');
      if (and) this.emit('i32.const', 0); else this.expr(e.right);
      this.close();
      return;
    }
    // `a && b` is b when a is truthy, else a itself (and `||` the other way round)
    const left = this.temp(vt(e.left.type, 'a && / || operand'));
    this.expr(e.left);
    this.emit('local.set', left);
    this.truthy({ op: 'local', type: e.left.type, name: '' }, left);
    this.open('if', 'if', t);
    const leftAs = (): void => {
      this.emit('local.get', left);
      const have = e.left.type.kind === 'f64' ? 'f64' : 'i32';
      if (have !== t) this.emit(t === 'f64' ? (e.left.type.kind === 'bool' ? 'f64.convert_i32_u' : 'f64.convert_i32_s') : 'i32.trunc_f64_s');
    };
    if (and) this.as(e.right, t); else leftAs();
    this.emit('else');
    if (and) leftAs(); else this.as(e.right, t);
    this.close();
  }

  /** JS ToBoolean of a number (`x !== 0 && x === x`) or a boolean; `fromLocal` reads an already evaluated value. */
  protected truthy(arg: Expr, fromLocal?: number): void {
    const load = (): void => { if (fromLocal !== undefined) this.emit('local.get', fromLocal); else this.expr(arg); };
    if (arg.type.kind === 'bool') return load();
    if (arg.type.kind === 'i32') {
      load();
      this.emit('i32.const', 0);
      this.emit('i32.ne');
      return;
    }
    let x = fromLocal;
    if (x === undefined) {
      x = this.temp('f64');
      this.expr(arg);
      this.emit('local.set', x);
    }
    this.emit('local.get', x); this.emit('f64.const', 0); this.emit('f64.ne');
    this.emit('local.get', x); this.emit('local.get', x); this.emit('f64.eq');
    this.emit('i32.and');
  }
}
