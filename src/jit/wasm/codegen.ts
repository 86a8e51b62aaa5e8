/**
 * Stage 4, Wasm: IR to a WebAssembly module (instruction lists for `encode.ts` and `wat.ts`).
 *
 * Over 400 lines on purpose: the emitter for every IR node the backend accepts, plus the i64 forms of
 * `integral.ts`, which share the emitter's state (locals, labels). Anything else throws {@link WasmUnsupported}
 * with the reason, and the specialization stays on the JS backend.
 *
 * Semantics are JavaScript's, bit for bit (the IR's module comment lists them): f64 arithmetic is IEEE as in JS;
 * `%` on doubles is exact (i64 remainder for integers, else V8's own `%`, imported); ToInt32 is exact for every
 * double; `min`/`max` are Wasm's (NaN-propagating, -0 < +0, as JS); transcendentals are V8's `Math.*` imported.
 * Where JS would produce something the Wasm values cannot hold (an out-of-bounds read's `undefined`, an integer
 * past 2^53 in an i64 local, falling off the end of a function that returns a number), the code traps:
 * `runtime.ts` then runs the same call on the JS backend, which is exact because the Wasm call is transactional.
 *
 * @module
 */
import type { Expr, IRFunction, IRModule, Loop, Stmt } from '../ir.js';
import { BOOL, isArrayType } from '../types.js';
import { elementBounds } from '../passes/typed-bounds.js';
import { walkIR } from '../ir.js';
import type { ElementKind, Type } from '../types.js';
import type { MathFunction } from '../ops/math.js';
import type { FuncType, Instr, OpName, ValType, WasmFunction, WasmModule } from './encode.js';
import { WASM_ELEMENTS, WASM_MATH, type WasmElementRow, type WasmMathRow } from './tables.js';
import { SAFE, integralExpr, integralLocals } from './integral.js';
import { elementNumber, elementRule, indexOnlyLocals } from './element-index.js';
import { SAMPLE, branchlessUpdate, eagerBool, type BranchlessUpdate } from './branchless.js';
import { describePlan, planSimd, type SimdPlan } from './simd.js';
import { emitVectorLoop } from './simd-emit.js';
import { describeOuter, planOuterLanes } from './simd-outer.js';
import { emitOuterLanes } from './simd-outer-emit.js';
import { writtenParams } from './zero-copy.js';
import { nestedWritten } from './nested.js';
import { emitMatrixStore, emitNestedExpr, emitRowGetAddress, returnedMatrix, type NestedEmitter } from './nested-emit.js';
import { BINARY_OPERATORS, COMPARE_OPERATORS, UNARY_OPERATORS } from '../ops/operators.js';

/**
 * A construct the Wasm backend does not compile; `reason` says which and why (shown by `inspect()`).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm, WasmUnsupported } from './codegen.js';
 *
 * function total(xs: number[]) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * try {
 *   generateWasm(lowerToIR(total, [{ kind: 'array', element: 'num' }]));
 * } catch (e) {
 *   if (e instanceof WasmUnsupported) console.log(e.reason); // plain number[] stays on the JS backend
 * }
 * ```
 */
export class WasmUnsupported extends Error {
  constructor(readonly reason: string) {
    super(`Wasm backend: ${reason}`);
    this.name = 'WasmUnsupported';
  }
}

/**
 * How the entry is called from JS: each parameter a scalar or a typed array (passed as pointer and length).
 *
 * @example
 * ```ts
 * import type { WasmParam } from './codegen.js';
 *
 * // A Float64Array argument: passed to Wasm as a pointer and a length.
 * const p: WasmParam = { kind: 'array', element: 'f64' };
 * ```
 */
export type WasmParam =
  | { readonly kind: 'scalar'; readonly type: 'i32' | 'f64' | 'bool' }
  | { readonly kind: 'array'; readonly element: ElementKind }
  /** A `number[][]`, packed per call (`nested.ts`): passed as pointer, rows and columns. */
  | { readonly kind: 'nested' };

/**
 * What {@link generateWasm} returns.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm, type GeneratedWasm } from './codegen.js';
 *
 * function sum(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s;
 * }
 * const { params, result, written }: GeneratedWasm = generateWasm(lowerToIR(sum, [{ kind: 'array', element: 'f64' }]));
 * [params, result, written]; // → [ [ { kind: 'array', element: 'f64' } ], { kind: 'f64' }, [ false ] ]
 * ```
 */
export interface GeneratedWasm {
  readonly module: WasmModule;
  /** The entry's parameters, in order. */
  readonly params: readonly WasmParam[];
  /** The entry's IR return type (`bool` results come back as 0/1; tuples as arrays). */
  readonly result: Type;
  /** Whether any function stores into an array (the arrays are then copied back after the call). */
  readonly writes: boolean;
  /** The entry's parameter names, and per parameter whether the code may write its array (`zero-copy.ts`). */
  readonly names: readonly string[];
  readonly written: readonly boolean[];
  /** `f64` locals kept in i64 (`integral.ts`), as `function.local`. */
  readonly integral: readonly string[];
  /** The `Math` functions called through imports. */
  readonly imported: readonly string[];
  /** Per counted loop: vectorized (`simd.ts`) or why not, as `function: …`. */
  readonly simd: readonly string[];
  /** Whether some loop over typed arrays only runs a reduction in lanes (reassociated under `fastmath`). */
  readonly reduces: boolean;
  /**
   * How many loops over typed arrays only run in v128 lanes (`simd.ts`); loops over rows of a `number[][]` are
   * left out, as that matrix is packed on every call whatever memory its rows are in (`index.ts`, rules 1 and 2).
   */
  readonly vectorized: number;
  /**
   * Whether no call can trap (no `unreachable` is reachable, no recursion that could exhaust the stack): arrays in
   * numbat memory the code writes are then written in place, since no rerun on the JS backend can follow.
   */
  readonly trapFree: boolean;
  /** The entry returns this `number[][]` parameter (the caller's own array): its index. */
  readonly returnsParam?: number;
}

/** Options of {@link generateWasm}. */
export interface WasmOptions {
  /** Reserved for reassociating reductions (SIMD); scalar code is exact either way. */
  readonly fastmath?: boolean;
}

type Slot = { kind: 'scalar'; idx: number; vt: ValType } | { kind: 'int64'; idx: number } | { kind: 'array'; ptr: number; len: number; element: ElementKind }
  | { kind: 'nested'; ptr: number; rows: number; cols: number }
  /** An f64 local read only as an index (`element-index.ts`): the double in `idx`, its element number in `el`. */
  | { kind: 'element'; idx: number; el: number };

const vt = (t: Type, where: string): ValType => {
  if (t.kind === 'f64') return 'f64';
  if (t.kind === 'i32' || t.kind === 'bool') return 'i32';
  // a row of a number[][] is its index, -1 for null (nested.ts); resultTypes refuses rows as results
  if (t.kind === 'row') return 'i32';
  // a variable given both (`var fact = false; … fact = p / q`) holds JS's own value, which no Wasm type is
  if (t.kind === 'numbool') throw new WasmUnsupported(`${where} that holds a number or a boolean (the JS value itself; a Wasm value has one type)`);
  throw new WasmUnsupported(`${where} of type ${t.kind}`);
};
const resultTypes = (t: Type, where: string): ValType[] => {
  if (t.kind === 'void') return [];
  // the entry's own number[][] argument, returned by the wrapper (nested.ts); a row object has no Wasm form
  if (t.kind === 'matrix' && t.layout === 'nested') return [];
  if (t.kind === 'row' || (t.kind === 'tuple' && t.items.some((i) => i.kind === 'row'))) throw new WasmUnsupported(`${where}: a row of a number[][] (the caller's own row object)`);
  if (t.kind === 'tuple') return t.items.map((i) => vt(i, `${where} (a tuple item)`));
  // an array is its pointer and length
  if (t.kind === 'array') return elementRow(t.element) && ['i32', 'i32'];
  return [vt(t, where)];
};
const elementRow = (k: ElementKind): Exclude<WasmElementRow, { js: string }> => {
  const row = WASM_ELEMENTS[k] as WasmElementRow;
  if ('js' in row) throw new WasmUnsupported(row.js);
  return row;
};
const mathRow = (fn: MathFunction): WasmMathRow => WASM_MATH[fn];
const importKey = (fn: string, arity: number): string => (fn === 'hypot' ? `hypot_${arity}` : fn);

/**
 * Generates the Wasm module of a compiled specialization, or throws {@link WasmUnsupported}.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateWasm } from './codegen.js';
 * import { encodeModule } from './encode.js';
 *
 * function collatz(n: number) {
 *   let steps = 0;
 *   while (n !== 1) { n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; }
 *   return steps;
 * }
 * const { module } = generateWasm(lowerToIR(collatz, [{ kind: 'i32' }]));
 * WebAssembly.validate(encodeModule(module)); // → true
 * ```
 */
export function generateWasm(ir: IRModule, options: WasmOptions = {}): GeneratedWasm {
  const imports: Array<{ key: string; fn: string; arity: number }> = [{ key: 'mod', fn: 'mod', arity: 2 }];
  let writes = false;
  for (const f of ir.functions) {
    walkIR(f.body, {
      expr: (e) => {
        if (e.op === 'math' && 'import' in mathRow(e.fn)) {
          const key = importKey(e.fn, e.args.length);
          if (!imports.some((i) => i.key === key)) imports.push({ key, fn: e.fn, arity: e.args.length });
        }
      },
      stmt: (s) => { if (s.kind === 'store' || s.kind === 'matrixStore') writes = true; },
    });
    walkIR(f.body, {
      expr: (e) => {
        const host = e.op === 'binary' && e.type.kind !== 'i32' ? BINARY_OPERATORS[e.operator].wasmImport : undefined;
        if (host && !imports.some((i) => i.key === host)) imports.push({ key: host, fn: host, arity: 2 });
      },
    });
  }
  const base = imports.length;
  const helpers = { toInt32: base + ir.functions.length, fmod: base + ir.functions.length + 1 };
  const importIndex = new Map(imports.map((imp, k) => [imp.key, k]));
  const ctx: Context = { ir, base, helpers, importIndex, fastmath: options.fastmath === true, simd: [], reduces: false, vectorized: 0 };
  const integral: string[] = [];
  let trapFree = !recursive(ir);
  const functions: WasmFunction[] = ir.functions.map((f) => {
    const gen = new FunctionGen(f, ctx);
    const out = gen.run();
    if (gen.mayTrap) trapFree = false;
    integral.push(...[...gen.ints].map((n) => `${f.name}.${n}`));
    return out;
  });
  functions.push(toInt32Helper(), fmodHelper(importIndex.get('mod')!));
  const entryIndex = ir.functions.findIndex((f) => f.name === ir.entry);
  const entry = ir.functions[entryIndex]!;
  const params: WasmParam[] = entry.params.map((p) => {
    if (p.type.kind === 'array') return { kind: 'array', element: p.type.element };
    if (p.type.kind === 'i32' || p.type.kind === 'f64' || p.type.kind === 'bool') return { kind: 'scalar', type: p.type.kind };
    if (p.type.kind === 'matrix') return { kind: 'nested' };
    throw new WasmUnsupported(`a parameter of type ${p.type.kind}`);
  });
  const module: WasmModule = {
    imports: imports.map((i) => ({ module: 'Math', name: i.key, type: { params: Array<ValType>(i.arity).fill('f64'), results: ['f64'] } })),
    memory: { module: 'env', name: 'memory', min: 1, max: 65536, shared: true },
    functions,
    globals: ['heap'],
    exports: [{ name: 'entry', func: base + entryIndex }, { name: 'heap', global: 0 }],
  };
  const rowsWritten = nestedWritten(entry, ir.functions);
  const written = writtenParams(entry).map((w, k) => w || rowsWritten[k] === true);
  const returnsParam = returnedMatrix(entry);
  return { module, params, result: entry.returnType, writes, names: entry.params.map((p) => p.name), written, ...(returnsParam === undefined ? {} : { returnsParam }), integral, imported: imports.slice(1).map((i) => i.fn), simd: ctx.simd, reduces: ctx.reduces, vectorized: ctx.vectorized, trapFree };
}

/** Whether some function of the module can reach itself through calls (a deep recursion traps on the stack). */
function recursive(ir: IRModule): boolean {
  const callees = new Map<string, Set<string>>();
  for (const f of ir.functions) {
    const out = new Set<string>();
    walkIR(f.body, { expr: (e) => { if (e.op === 'call') out.add(e.callee); } });
    callees.set(f.name, out);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycle = (name: string): boolean => {
    if (state.get(name) === 'open') return true;
    if (state.get(name) === 'done') return false;
    state.set(name, 'open');
    for (const c of callees.get(name) ?? []) if (cycle(c)) return true;
    state.set(name, 'done');
    return false;
  };
  return ir.functions.some((f) => cycle(f.name));
}

interface Context {
  readonly ir: IRModule;
  readonly base: number;
  readonly helpers: { readonly toInt32: number; readonly fmod: number };
  readonly importIndex: ReadonlyMap<string, number>;
  readonly fastmath: boolean;
  readonly simd: string[];
  reduces: boolean;
  vectorized: number;
}

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

/** ToInt32 of any double, exactly: the remainder modulo 2^32 is exact in doubles, NaN and ±Infinity give 0. */
function toInt32Helper(): WasmFunction {
  const body: Instr[] = [
    { op: 'local.get', imm: 0 }, { op: 'local.get', imm: 0 }, { op: 'f64.const', imm: 2 ** -32 }, { op: 'f64.mul' },
    { op: 'f64.trunc' }, { op: 'f64.const', imm: 2 ** 32 }, { op: 'f64.mul' }, { op: 'f64.sub' },
    { op: 'i64.trunc_sat_f64_s' }, { op: 'i32.wrap_i64' },
  ];
  return { name: '$toInt32', type: { params: ['f64'], results: ['i32'] }, locals: [], localNames: ['x'], body };
}

/** JS `%` on doubles: integers below 2^63 by i64 remainder (with the dividend's sign, so -4 % 2 is -0), else V8's `%`. */
function fmodHelper(modImport: number): WasmFunction {
  const g = (k: number): Instr => ({ op: 'local.get', imm: k });
  const integralSmall = (k: number): Instr[] => [
    g(k), { op: 'f64.trunc' }, g(k), { op: 'f64.eq' },
    g(k), { op: 'f64.abs' }, { op: 'f64.const', imm: 2 ** 63 }, { op: 'f64.lt' }, { op: 'i32.and' },
  ];
  const body: Instr[] = [
    ...integralSmall(0), ...integralSmall(1), { op: 'i32.and' }, g(1), { op: 'f64.const', imm: 0 }, { op: 'f64.ne' }, { op: 'i32.and' },
    { op: 'if', imm: 'f64' },
    g(0), { op: 'i64.trunc_f64_s' }, g(1), { op: 'i64.trunc_f64_s' }, { op: 'i64.rem_s' }, { op: 'f64.convert_i64_s' }, g(0), { op: 'f64.copysign' },
    { op: 'else' },
    g(0), g(1), { op: 'call', imm: modImport, note: 'JS %' },
    { op: 'end' },
  ];
  return { name: '$fmod', type: { params: ['f64', 'f64'], results: ['f64'] }, locals: [], localNames: ['a', 'b'], body };
}

type Label = 'exit' | 'top' | 'cont' | 'if' | 'block';

/** The modes of an adaptive branchless statement (0: still sampling). */
const BRANCHLESS = 1, BRANCHY = 2;

class FunctionGen {
  readonly ints: Set<string>;
  private readonly code: Instr[] = [];
  private readonly locals: ValType[] = [];
  private readonly names: string[] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly labels: Label[] = [];
  private readonly paramCount: number;
  private readonly type: FuncType;

  constructor(private readonly f: IRFunction, private readonly ctx: Context) {
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
  private readonly elements: ReadonlySet<string>;
  /** The private 16 bytes of a call that branchless updates read and write when they update nothing (`branchless.ts`). */
  private spare = -1;
  /** While a branchless update's value is emitted: its load of the element, and the local holding its address. */
  private redirect: { load: Expr; at: number } | undefined;

  /**
   * int32 parameters never assigned and read as doubles in a loop (`lo <= v` for an int32 `lo`): widened once on
   * entry into an f64 local, the loop reads that (V8 does not hoist the conversion out of a Wasm loop).
   */
  private readonly widened = new Map<string, number>();

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
    this.block(this.f.body);
    const last = this.f.body[this.f.body.length - 1];
    this.mayTrap = this.code.some((i) => i.op === 'unreachable') || (this.type.results.length > 0 && last?.kind !== 'return');
    // Falling off the end returns undefined in JS, which a number result cannot hold: the JS backend answers.
    if (this.type.results.length) this.emit('unreachable');
    return { name: this.f.name, type: this.type, locals: this.locals, localNames: this.names, body: this.code };
  }

  private local(t: ValType, name: string): number {
    this.locals.push(t);
    this.names.push(name);
    return this.paramCount + this.locals.length - 1;
  }

  private temp(t: ValType): number {
    return this.local(t, `$t${this.locals.length}`);
  }

  private emit(op: OpName, imm?: Instr['imm'], note?: string): void {
    this.code.push(imm === undefined ? { op } : note === undefined ? { op, imm } : { op, imm, note });
  }

  private depthOf(label: Label): number {
    for (let i = this.labels.length - 1; i >= 0; i--) if (this.labels[i] === label) return this.labels.length - 1 - i;
    throw new Error(`internal: no enclosing ${label}`);
  }

  private open(op: 'block' | 'loop' | 'if', label: Label, result: ValType | null = null): void {
    this.emit(op, result);
    this.labels.push(label);
  }

  private close(): void {
    this.emit('end');
    this.labels.pop();
  }

  /** Traps (so the JS backend answers) when the i32 on the stack is nonzero. */
  private trapIf(): void {
    this.emit('if', null);
    this.emit('unreachable');
    this.emit('end');
  }

  private slot(name: string): Slot {
    const s = this.slots.get(name);
    if (!s) throw new Error(`internal: unknown local ${name}`);
    return s;
  }

  /**
   * An array-typed expression as a pointer and a length in locals: a variable as is; `new Float64Array(n)` and
   * friends allocated above the `heap` global (zero-filled, growing the shared memory if needed); a call's result.
   */
  private arrayValue(e: Expr): Extract<Slot, { kind: 'array' }> {
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

  private array(e: Expr): Extract<Slot, { kind: 'array' }> {
    if (e.op !== 'local') return this.arrayValue(e);
    const s = this.slot(e.name);
    // `m[i] = row` replaces a row object of the caller's number[][]: only JS can do that
    if (s.kind === 'nested') throw new WasmUnsupported(`a row stored into the number[][] ${e.name} (m[i] = row)`);
    if (s.kind !== 'array') throw new Error(`internal: ${e.name} is not an array`);
    return s;
  }

  // ---------------------------------------------------------------------------------------- statements

  /** What `nested-emit.ts` needs of this generator. */
  private nestedHost(): NestedEmitter {
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

  private block(stmts: readonly Stmt[]): void {
    stmts.forEach((s, k) => {
      this.previous = stmts[k - 1];
      this.stmt(s);
    });
  }
  /** The statement before the one being emitted (a loop's counter is set there: `passes/typed-bounds.ts`). */
  private previous: Stmt | undefined;
  /** Element loads and stores proved in range where they are being emitted: no check (`passes/typed-bounds.ts`). */
  private readonly proved = new Set<object>();

  private stmt(s: Stmt): void {
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
        if (typeof plan === 'string') {
          if (plan !== 'not a counted loop') this.ctx.simd.push(`${this.f.name}: a loop stays scalar: ${plan}`);
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
  private provedLoop(s: Loop, before: Stmt | undefined): void {
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

  /** The `if` statements of the function that run branchless (`branchless.ts`), found once. */
  private branchlessIfs(): ReadonlyMap<Stmt, BranchlessUpdate> {
    if (!this.updates) {
      const found = new Map<Stmt, BranchlessUpdate>();
      walkIR(this.f.body, {
        stmt: (t) => {
          const u = t.kind === 'if' ? branchlessUpdate(t, this.f, this.elements) : undefined;
          if (u) found.set(t, u);
        },
      });
      this.updates = found;
    }
    return this.updates;
  }
  private updates: Map<Stmt, BranchlessUpdate> | undefined;

  /**
   * A {@link branchless} statement, chosen per call by how often `c` changes (`branchless.ts`, SAMPLE): the
   * first passes run the branch and count the changes; then the rest of the call runs branchless if they were
   * frequent (a branch predictor misses them), else keeps the branch. Both forms give the same writes.
   */
  private adaptive(s: Extract<Stmt, { kind: 'if' }>, u: BranchlessUpdate): void {
    const mode = this.temp('i32'), seen = this.temp('i32'), changes = this.temp('i32'), last = this.temp('i32'), c = this.temp('i32');
    const get = (k: number): void => this.emit('local.get', k);
    get(mode); this.emit('i32.const', BRANCHLESS); this.emit('i32.eq');
    this.open('if', 'if');
    this.branchless(s.cond, u);
    this.emit('else');
    this.cond(s.cond);
    this.emit('local.set', c);
    // sampling (mode 0): count the passes whose c differs from the one before
    get(mode); this.emit('i32.eqz');
    this.open('if', 'if');
    get(changes); get(c); get(last); this.emit('i32.xor'); this.emit('i32.add'); this.emit('local.set', changes);
    get(c); this.emit('local.set', last);
    get(seen); this.emit('i32.const', 1); this.emit('i32.add'); this.emit('local.tee', seen);
    this.emit('i32.const', SAMPLE.passes); this.emit('i32.eq');
    this.open('if', 'if');
    this.emit('i32.const', BRANCHLESS); this.emit('i32.const', BRANCHY);
    get(changes); this.emit('i32.const', SAMPLE.changes); this.emit('i32.gt_u');
    this.emit('select');
    this.emit('local.set', mode);
    this.close();
    this.close();
    get(c);
    this.open('if', 'if');
    this.block(s.then);
    this.close();
    this.close();
  }

  /**
   * `if (c) { const k = …; a[k] = f(a[k]); }` without a branch: everything computed, then the element or, when
   * `c` is false or `k` names no element, the call's spare slot read, updated and written.
   */
  private branchless(cond: Expr, u: BranchlessUpdate): void {
    const ok = this.temp('i32'), element = this.temp('i32'), from = this.temp('i32'), to = this.temp('i32');
    this.cond(cond);
    this.emit('local.set', ok);
    for (const d of u.declares) this.stmt(d);
    const a = this.array(u.store.array);
    const i = this.index(a, u.store.index);
    this.emit('local.get', ok);
    this.emit('i32.and');
    this.emit('local.set', ok);
    this.address(a, i);
    this.emit('local.set', element);
    // nothing to update: read the spare slot's first 8 bytes (never written) and write its last 8, so passes that
    // update nothing do not wait on each other through one memory word
    for (const [at, offset] of [[from, 0], [to, 8]] as const) {
      this.emit('local.get', element);
      this.emit('local.get', this.spare);
      if (offset) { this.emit('i32.const', offset); this.emit('i32.add'); }
      this.emit('local.get', ok);
      this.emit('select');
      this.emit('local.set', at);
    }
    this.redirect = { load: u.load, at: from };
    this.store(u.store.element, u.store.array, u.store.index, u.store.value, true, to);
    this.redirect = undefined;
  }

  private scalarLoop(s: Loop): void {
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

  /** Two outer iterations per v128 (`simd-outer.ts`, `simd-outer-emit.ts`) in front of the scalar loop of a nest. */
  private outerLanes(s: Loop, before: Stmt | undefined): void {
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
  private vectorLoop(plan: SimdPlan): void {
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

  /** Whether two array locals name different memory: parameters of the entry (never aliased by the runtime, never reassigned) or fresh arrays. */
  private distinct(a: string, b: string): boolean {
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
  private fresh: Set<string> | undefined;

  /** The byte address of element `index` (an i32 local) of `a`. */
  private address(a: Extract<Slot, { kind: 'array' }>, index: number): void {
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
  private elementValue(value: Expr, slot: Extract<Slot, { kind: 'element' }>): void {
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
  private index(a: Extract<Slot, { kind: 'array' }>, index: Expr): number {
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
  private provedIndex(index: Expr): number {
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
  private store(element: ElementKind, arrayExpr: Expr, index: Expr, value: Expr, proved = false, at?: number): void {
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

  /** A `bool` condition as an i32. */
  private cond(e: Expr): void {
    if (e.type.kind !== 'bool') throw new Error(`internal: condition of type ${e.type.kind}`);
    this.expr(e);
  }

  // --------------------------------------------------------------------------------------- expressions

  /** Emits `e` converted to `want` (`i32` values widen to f64 exactly; f64 to i32 only where the IR proved it). */
  private as(e: Expr, want: ValType): void {
    const widened = want === 'f64' && e.op === 'local' ? this.widened.get(e.name) : undefined;
    if (widened !== undefined) return this.emit('local.get', widened);
    this.expr(e);
    const have = e.type.kind === 'f64' ? 'f64' : 'i32';
    if (have === want) return;
    if (want === 'f64') this.emit(e.type.kind === 'bool' ? 'f64.convert_i32_u' : 'f64.convert_i32_s');
    else this.emit('i32.trunc_f64_s');
  }

  /** ToInt32 of a numeric or boolean expression, as JS bitwise operators apply it. */
  private int32(e: Expr): void {
    this.expr(e);
    if (e.type.kind === 'f64') this.emit('call', this.ctx.helpers.toInt32, 'ToInt32');
  }

  private expr(e: Expr): void {
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
        this.emit('call', this.ctx.base + k, e.callee);
        return;
      }
      case 'random':
        throw new WasmUnsupported('random numbers come from memoJit\'s seeded generator, which runs in JavaScript');
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
  private unary(e: Extract<Expr, { op: 'unary' }>): void {
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
  private binary(e: Extract<Expr, { op: 'binary' }>): void {
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

  private powImport(): never {
    throw new WasmUnsupported('internal: ** without a Math.pow import');
  }

  private compare(e: Extract<Expr, { op: 'compare' }>): void {
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

  private usesInts(e: Expr): boolean {
    let found = false;
    walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'local' && this.ints.has(x.name)) found = true; } });
    return found;
  }

  private logical(e: Extract<Expr, { op: 'logical' }>): void {
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
  private truthy(arg: Expr, fromLocal?: number): void {
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

  private math(e: Extract<Expr, { op: 'math' }>): void {
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

  // ------------------------------------------------------------------------------------ i64 (integral.ts)

  /** Traps unless the i64 in `r` is within ±2^53. */
  private checkSafe(r: number): void {
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
  private int64(e: Expr, signFree = false): void {
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

  private powerOfTwo(e: Expr): number | undefined {
    if (e.op !== 'const' || typeof e.value !== 'number') return undefined;
    const k = Math.log2(e.value);
    return Number.isInteger(k) && k >= 0 && k <= 52 ? k : undefined;
  }

  private int64Binary(e: Extract<Expr, { op: 'binary' }>, signFree: boolean): void {
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

