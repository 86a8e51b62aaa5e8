/**
 * The base of the Wasm function generator (`gen-statements.ts` is the whole of it): a function's locals (its
 * parameters first), how each variable is held ({@link Slot}), the structured blocks open around the code being
 * emitted, and what the other parts set for each other. Each part of the generator is a class of its own file,
 * extending the one before: state, arrays (`gen-arrays.ts`), i64 (`gen-int64.ts`), expressions
 * (`gen-expressions.ts`), `Math` (`gen-math.ts`), vector loops (`gen-vectors.ts`), branchless updates
 * (`gen-branchless.ts`), statements; what a part calls of a later one is declared abstract here.
 *
 * @module
 */
import type { Expr, IRFunction, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import type { FuncType, Instr, OpName, ValType } from './encode.js';
import { integralLocals } from './integral.js';
import { indexOnlyLocals } from './element-index.js';
import type { NestedEmitter } from './nested-emit.js';
import type { RandomHost, RandomLocals } from './gen-random.js';
import { WasmUnsupported, elementRow, resultTypes, vt, type Context, type Label, type Slot } from './codegen-types.js';

/** The int32 parameters of `f` never assigned and converted to doubles inside a loop. */
function widenedInLoops(f: IRFunction): string[] {
  const assigned = new Set<string>(), widened = new Set<string>();
  walkIR(f.body, { stmt: (s) => { if (s.kind === 'assign') assigned.add(s.name); } });
  walkIR(f.body, {
    stmt: (s) => {
      if (s.kind !== 'loop') return;
      walkIR([s], { expr: (e) => { if (e.op === 'convert' && e.type.kind === 'f64' && e.arg.op === 'local') widened.add(e.arg.name); } });
    },
  });
  return f.params.filter((p) => p.type.kind === 'i32' && widened.has(p.name) && !assigned.has(p.name)).map((p) => p.name);
}

/**
 * A function's locals and open blocks, and the emitting of instructions into its body.
 *
 * @example
 * ```ts
 * import { GenState } from './gen-state.js';
 *
 * typeof GenState; // → 'function'
 * ```
 */
export abstract class GenState {
  readonly ints: Set<string>;
  protected readonly code: Instr[] = [];
  protected readonly locals: ValType[] = [];
  protected readonly names: string[] = [];
  protected readonly slots = new Map<string, Slot>();
  protected readonly labels: Label[] = [];
  protected readonly paramCount: number;
  protected readonly type: FuncType;

  constructor(protected readonly f: IRFunction, protected readonly ctx: Context) {
    const elements = indexOnlyLocals(f);
    this.elements = elements;
    this.ints = integralLocals(f);
    for (const name of elements) this.ints.delete(name);
    const params: ValType[] = [];
    for (const p of f.params) {
      if (p.type.kind === 'array') {
        elementRow(p.type.element);
        this.slots.set(p.name, { kind: 'array', ptr: params.length, len: params.length + 1, element: p.type.element });
        params.push('i32', 'i32');
        this.names.push(`${p.name}.ptr`, `${p.name}.len`);
      } else if (p.type.kind === 'matrix') {
        if (p.type.layout !== 'nested') throw new WasmUnsupported(`parameter ${p.name}: an Array2D (its data is not in linear memory)`);
        this.slots.set(p.name, { kind: 'nested', ptr: params.length, rows: params.length + 1, cols: params.length + 2 });
        params.push('i32', 'i32', 'i32');
        this.names.push(`${p.name}.ptr`, `${p.name}.rows`, `${p.name}.cols`);
      } else {
        if (p.type.kind === 'row') throw new WasmUnsupported(`parameter ${p.name}: a row of a number[][] passed to a function (its matrix is not in scope there)`);
        const t = vt(p.type, `parameter ${p.name}`);
        this.slots.set(p.name, { kind: 'scalar', idx: params.length, vt: t });
        params.push(t);
        this.names.push(p.name);
      }
    }
    this.paramCount = params.length;
    this.type = { params, results: resultTypes(f.returnType, 'the return value') };
    for (const name of widenedInLoops(f)) this.widened.set(name, this.local('f64', `${name}:f64`));
    for (const l of f.locals) {
      if (l.type.kind === 'array') {
        elementRow(l.type.element);
        this.slots.set(l.name, { kind: 'array', ptr: this.local('i32', `${l.name}.ptr`), len: this.local('i32', `${l.name}.len`), element: l.type.element });
      } else if (this.ints.has(l.name)) {
        this.slots.set(l.name, { kind: 'int64', idx: this.local('i64', `${l.name}:i64`) });
      } else if (elements.has(l.name)) {
        this.slots.set(l.name, { kind: 'element', idx: this.local('f64', l.name), el: this.local('i32', `${l.name}:element`) });
      } else {
        const t = vt(l.type, `local ${l.name}`);
        this.slots.set(l.name, { kind: 'scalar', idx: this.local(t, l.name), vt: t });
      }
    }
  }

  /** Locals read only as an index (`element-index.ts`). */
  protected readonly elements: ReadonlySet<string>;
  /** The private 16 bytes of a call that branchless updates read and write when they update nothing (`branchless.ts`). */
  protected spare = -1;
  /** While a branchless update's value is emitted: its load of the element, and the local holding its address. */
  protected redirect: { load: Expr; at: number } | undefined;

  /**
   * int32 parameters never assigned and read as doubles in a loop (`lo <= v` for an int32 `lo`): widened once on
   * entry into an f64 local, the loop reads that (V8 does not hoist the conversion out of a Wasm loop).
   */
  protected readonly widened = new Map<string, number>();

  protected local(t: ValType, name: string): number {
    this.locals.push(t);
    this.names.push(name);
    return this.paramCount + this.locals.length - 1;
  }

  protected temp(t: ValType): number {
    return this.local(t, `$t${this.locals.length}`);
  }

  protected emit(op: OpName, imm?: Instr['imm'], note?: string): void {
    this.code.push(imm === undefined ? { op } : note === undefined ? { op, imm } : { op, imm, note });
  }

  protected depthOf(label: Label): number {
    for (let i = this.labels.length - 1; i >= 0; i--) if (this.labels[i] === label) return this.labels.length - 1 - i;
    throw new Error(`internal: no enclosing ${label}`);
  }

  protected open(op: 'block' | 'loop' | 'if', label: Label, result: ValType | null = null): void {
    this.emit(op, result);
    this.labels.push(label);
  }

  protected close(): void {
    this.emit('end');
    this.labels.pop();
  }

  /** Traps (so the JS backend answers) when the i32 on the stack is nonzero. */
  protected trapIf(): void {
    this.emit('if', null);
    this.emit('unreachable');
    this.emit('end');
  }

  protected slot(name: string): Slot {
    const s = this.slots.get(name);
    if (!s) throw new Error(`internal: unknown local ${name}`);
    return s;
  }

  /** What `gen-random.ts` needs of this generator. */
  protected randomHost(): RandomHost {
    return { emit: (op, imm) => this.emit(op, imm), temp: (t) => this.temp(t) };
  }

  /** What `nested-emit.ts` needs of this generator. */
  protected nestedHost(): NestedEmitter {
    return {
      emit: (op, imm) => this.emit(op, imm),
      temp: (t) => this.temp(t),
      expr: (e) => this.expr(e),
      as: (e, t) => this.as(e, t),
      trapIf: () => this.trapIf(),
      matrix: (name) => {
        const s = this.slots.get(name);
        if (s?.kind !== 'nested') throw new WasmUnsupported(`a number[][] (${name}) that is not a parameter of ${this.f.name}`);
        return s;
      },
    };
  }

  /** The locals holding Math.random()'s state words, in a function that draws (`gen-random.ts`). */
  protected random: RandomLocals | undefined;

  /** Element loads and stores proved in range where they are being emitted: no check (`passes/typed-bounds.ts`). */
  protected readonly proved = new Set<object>();

  // what the parts call of later ones (gen-expressions.ts, gen-math.ts, gen-int64.ts, gen-statements.ts)
  protected abstract expr(e: Expr): void;
  protected abstract as(e: Expr, want: ValType): void;
  protected abstract cond(e: Expr): void;
  protected abstract math(e: Extract<Expr, { op: 'math' }>): void;
  protected abstract int64(e: Expr, signFree?: boolean): void;
  protected abstract block(stmts: readonly Stmt[]): void;
  protected abstract stmt(s: Stmt): void;
}
