/**
 * Stage 4: IR to specialized JavaScript, compiled with `new Function` (by `runtime.ts`).
 *
 * Over 400 lines on purpose: the emitter for every IR node plus the peephole forms V8 needs (branchless
 * counters, the matrix prologue), which read the same emitter state.
 *
 * The output is what a careful person would write by hand for V8: indexed loops with the length read once,
 * 2-D data as one Float64Array indexed `row * cols + col`, the PRNG state in local variables, `x ** 2` as
 * `x * x`. Every operation is the same JS operation the plain function performs, so results are bit-exact.
 *
 * @module
 */
import { walkIR, type Expr, type If, type IRFunction, type IRModule, type Stmt } from '../ir.js';
import type { Type } from '../types.js';
import { ARRAY_CONSTRUCTORS, plainElement } from '../types.js';
import { RANDOM_LOCALS, randomExpressionSource } from '../random.js';
import { mathFunction } from '../ops/math.js';
import { everyElementSource } from '../ops/elements.js';
import { GENERATED, userName } from './names.js';
import { fieldStoreCode, isObjectExpr, objectExprCode } from './objects.js';
import { absentSource, effectSource, throwSource, typeTestSource } from './statements.js';
import { isNestedType, nestedExpr, nestedStore, rowsCheck, type NestedHost } from './nested.js';
import { regionCall, regionRandom, regionTable } from '../parallel/codegen.js';
import { callbackSource } from './callbacks.js';
import { bufferSource } from './buffers.js';
import { isMadeMatrix } from '../infer/rows.js';
import { isBufferExpr } from '../ir/buffers.js';
import type { ParallelOptions } from '../parallel/runtime.js';
import { BINARY_OPERATORS, COMPARE_OPERATORS, UNARY_OPERATORS } from '../ops/operators.js';
import { constantColumnGuards, rowReadProved } from '../passes/bounds.js';
import { branchlessCounter } from '../passes/branchless.js';
import { returnedAllocations } from './results.js';
import { lazyCheckedArrays, lazyCheckedRows, lazyRowElement, lazyRowSource, uncheckedArrays } from './lazy-elements.js';
import { labelName } from './names.js';
import { MAX_LENGTH } from '../infer/lattice.js';

export { RUNTIME_PARAMS } from './names.js';

/**
 * Options of the JavaScript code generator (`generateJS`), as {@link compileSpecialization} accepts them.
 *
 * @example
 * ```ts
 * import { compileSpecialization, type JitGenerateOptions } from 'numbat/internals';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * // Audit every i32 at run time (a test of inference's integer proofs; slow):
 * const options: JitGenerateOptions = { checkTypes: true };
 * const { fn } = compileSpecialization(std, [{ kind: 'array', element: 'f64' }], undefined, options);
 * fn(new Float64Array([1, 2, 3])); // → 2
 * ```
 */
export interface GenerateOptions {
  /**
   * Wraps every `i32`-typed expression in `$checkI32(value)`, which must throw unless the value is an int32
   * and not `-0`: a runtime audit of inference's integer proofs (used by tests; slow).
   */
  readonly checkTypes?: boolean;
  /**
   * `memoJit`'s `parallel` option: prange loops run on the worker threads (`parallel/runtime.ts`). Without it
   * they run on the calling thread, with the same random stream.
   */
  readonly parallel?: boolean | ParallelOptions;
}

/**
 * The generated module source.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateJS, type GeneratedJS } from './codegen.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const { source }: GeneratedJS = generateJS(lowerToIR(std, [{ kind: 'array', element: 'f64' }]));
 * source.split('\n').slice(0, 2); // → [ '"use strict";', 'function std(xs) {' ]
 * source.endsWith('return std;'); // → true
 * ```
 */
export interface GeneratedJS {
  /** Body of `new Function(...RUNTIME_PARAMS, source)`, which returns the entry function. */
  readonly source: string;
}

const { data, rows: rowsOf, cols: colsOf } = GENERATED;
const fnName = (f: string, entry: string): string => (f === entry ? userName(f) : GENERATED.callee(f));

/**
 * Generates the JavaScript module of a compiled specialization.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { generateJS, type GeneratedJS } from './codegen.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const { source }: GeneratedJS = generateJS(lowerToIR(std, [{ kind: 'array', element: 'f64' }]));
 * source.split('\n').slice(0, 2); // → [ '"use strict";', 'function std(xs) {' ]
 * source.endsWith('return std;'); // → true
 * ```
 */
export function generateJS(module: IRModule, options: GenerateOptions = {}): GeneratedJS {
  const sharedRandom = module.functions.some((f) => f.name !== module.entry && f.usesRandom);
  const lines: string[] = ['"use strict";'];
  for (const [i, g] of (module.globals ?? []).entries()) lines.push(`const ${userName(g.name)} = $G[${i}];`);
  if (module.functions.some((f) => hasReceiverCheck(f))) {
    // reading the method from a null/undefined receiver throws JS's own TypeError, naming it as plain code does
    lines.push('function $recv(o, m) { if (o == null) o[m]; return o; }');
  }
  if (module.functions.some((f) => hasRowPush(f))) {
    // a row may be a typed array: JS's own TypeError, naming the callee as V8 does, thrown after the arguments
    lines.push("function $rowPush(r, text) { return r == null || typeof r.push === 'function' ? r : { push() { throw new TypeError(text + ' is not a function'); } }; }");
  }
  if (sharedRandom) {
    // A callee draws random numbers too: the state lives in the module so caller and callee share it.
    lines.push(`let ${[...RANDOM_LOCALS.s, RANDOM_LOCALS.out, RANDOM_LOCALS.hi].map((n) => `${n} = 0`).join(', ')};`);
  }
  // Plain arrays checked at each read instead of on entry (lazy-elements.ts), per function: a callee reads an
  // array from outside, or one handed to it, as the entry does, and a miss anywhere reruns the whole call.
  const entry = module.functions.find((f) => f.name === module.entry);
  const plainParams = (entry?.params ?? []).filter((p) => p.type.kind === 'array' && plainElement(p.type.element)).map((p) => p.name);
  const plainGlobals = (module.globals ?? []).filter((g) => g.plain).map((g) => g.name);
  const unchecked = uncheckedArrays(module, [...plainParams, ...plainGlobals]);
  const lazy = lazyCheckedArrays(module, [...plainParams, ...plainGlobals].filter((name) => !unchecked.has(name)));
  const lazyRows = lazyCheckedRows(module);
  // A module that checks anything where it is read may be abandoned for the plain function halfway: then no
  // element of a number[][] row (unchecked: an object's valueOf would run twice) may reach arithmetic unchecked.
  const checkRowElements = lazyRows.size > 0 || (entry !== undefined && (lazy.get(entry.name)?.size ?? 0) > 0);
  for (const f of module.functions) {
    const own = new Set(lazy.get(f.name) ?? []);
    if (f.name === module.entry) for (const m of lazyRows) own.add(m);
    lines.push(new FunctionGen(f, module, sharedRandom, options.checkTypes === true, own, unchecked, checkRowElements).run());
  }
  lines.push(...regionTable(module, (f) => fnName(f, module.entry)));
  lines.push(`return ${fnName(module.entry, module.entry)};`);
  return { source: lines.join('\n') };
}

/** Whether a call in `f` reads its method from a receiver that may be a hole (ir/nodes.ts `Call.receiverOf`). */
function hasReceiverCheck(f: IRFunction): boolean {
  let found = false;
  walkIR(f.body, { expr: (e) => { if (e.op === 'call' && e.receiverOf !== undefined) found = true; } });
  return found;
}

/** Whether `f` pushes onto a row of a `number[][]` (ir/nodes.ts `MethodCall.notFunction`). */
function hasRowPush(f: IRFunction): boolean {
  let found = false;
  walkIR(f.body, { expr: (e) => { if (e.op === 'method' && e.notFunction !== undefined) found = true; } });
  return found;
}

class FunctionGen {
  private readonly out: string[] = [];
  private readonly temps: string[] = [];
  private readonly isEntry: boolean;
  private readonly types = new Map<string, Type>();
  /** Constant columns every row of an entry matrix must have (checked once in the prologue). */
  private readonly guardedCols = new Map<string, number>();
  private readonly random: boolean;
  /** `f64` locals that never hold `undefined`, computed on first use. */
  private numeric: ReadonlySet<string> | undefined;

  constructor(
    private readonly f: IRFunction,
    private readonly module: IRModule,
    private readonly sharedRandom: boolean,
    private readonly checkTypes: boolean,
    /** This function's plain arrays whose elements are checked at each read (lazy-elements.ts), by IR name. */
    private readonly lazy: ReadonlySet<string>,
    /** The entry's plain arrays whose reads are only tested for truthiness: no element check (lazy-elements.ts). */
    private readonly unchecked: ReadonlySet<string>,
    /** Whether each element read of a `number[][]` row is checked to be a number (lazy-elements.ts, `lazyRowElement`). */
    private readonly checkRowElements: boolean,
  ) {
    this.isEntry = f.name === module.entry;
    for (const p of [...f.params, ...f.locals]) this.types.set(p.name, p.type);
    this.random = f.usesRandom || (this.isEntry && sharedRandom);
  }

  /** The rule for `number[][]` held in place (`nested.ts`). */
  private readonly nested: NestedHost = {
    isNested: (m) => isNestedType(this.types.get(m)) || isMadeMatrix(m), // a number[][] made by a callback (infer/rows.ts)
    expr: (e) => this.expr(e),
  };

  private temp(): string {
    const name = GENERATED.temp(this.temps.length);
    this.temps.push(name);
    return name;
  }

  run(): string {
    const f = this.f;
    const params: string[] = [];
    const prologue: string[] = [];
    for (const p of f.params) {
      const own = userName(p.name);
      const plain = this.isEntry && p.type.kind === 'array' ? plainElement(p.type.element) : undefined;
      // A hole or an element of another kind would load as something inference did not assume: the plain
      // function runs instead (same result). One pass over the array, before anything is written, unless each
      // read checks its element (lazy-elements.ts).
      if (plain && !this.lazy.has(p.name) && !this.unchecked.has(p.name)) prologue.push(this.elementCheck(own, plain));
      if (p.type.kind !== 'matrix') {
        params.push(own);
        continue;
      }
      if (isNestedType(p.type)) {
        // number[][] is read and written in place (nested.ts): only its rows' kinds are checked, on entry
        params.push(own);
        if (this.isEntry && !this.lazy.has(p.name)) prologue.push(rowsCheck(own, `return $fallback(this, ${this.given()});`));
        continue;
      }
      if (!this.isEntry) {
        params.push(data(p.name), rowsOf(p.name), colsOf(p.name));
        continue;
      }
      params.push(own);
      // an Array2D: its packed data is read in place (number[][] took the nested path above)
      prologue.push(`const ${data(p.name)} = ${own}.data, ${rowsOf(p.name)} = ${own}.rows, ${colsOf(p.name)} = ${own}.cols;`);
    }
    if (this.isEntry) this.collectGuards();
    // Arrays read from outside: a plain one may have changed since the last call, so it is checked as an argument is.
    for (const g of this.isEntry ? this.module.globals ?? [] : []) if (g.plain && !this.lazy.has(g.name) && !this.unchecked.has(g.name)) prologue.push(this.elementCheck(userName(g.name), g.plain));
    // A read that finds a hole or another kind throws $lazyMiss (lazyLoad), and the plain function runs on the
    // arguments as given: they are kept before the body may reassign a parameter.
    const saved = f.params.map((p, k) => [GENERATED.scan(`p${k}`), userName(p.name)] as const);
    const lazy = this.isEntry && this.lazy.size > 0;
    if (lazy) prologue.push(`const ${saved.map(([k, v]) => `${k} = ${v}`).join(', ') || `${GENERATED.scan('none')} = 0`};`);
    for (const [m, k] of this.guardedCols) {
      // Rows shorter than a constant index the code reads: the plain function would see `undefined` there.
      prologue.push(`if (${colsOf(m)} <= ${k}) return $fallback(this, ${this.given()});`);
    }
    const [s0, s1, s2, s3] = RANDOM_LOCALS.s;
    if (this.random && this.isEntry) {
      const decl = this.sharedRandom ? '' : 'let ';
      prologue.push(`${decl}${s0} = $S[0], ${s1} = $S[1], ${s2} = $S[2], ${s3} = $S[3];`);
      if (!this.sharedRandom) prologue.push(`let ${RANDOM_LOCALS.out} = 0, ${RANDOM_LOCALS.hi} = 0;`);
    } else if (f.usesRandom && !this.sharedRandom) {
      prologue.push(`let ${s0} = $S[0], ${s1} = $S[1], ${s2} = $S[2], ${s3} = $S[3];`);
      prologue.push(`let ${RANDOM_LOCALS.out} = 0, ${RANDOM_LOCALS.hi} = 0;`);
    }
    // An exception leaves without a return: the draws made so far must still reach the shared stream, as in plain
    // JS. Not only a throw statement: JS raises some itself (an invalid array length, a read-only element written).
    const guarded = this.writesBack();
    if (guarded || lazy) this.out.push('  try {');
    this.block(f.body, guarded || lazy ? 2 : 1);
    if (guarded) this.out.push(`  } finally { ${this.writeBack()}; }`);
    else if (lazy) {
      const e = GENERATED.scan('e');
      this.out.push(`  } catch (${e}) { if (${e} === $lazyMiss) return $fallback(this, [${saved.map(([k]) => k).join(', ')}]); throw ${e}; }`);
    }
    const header = `function ${fnName(f.name, this.module.entry)}(${params.join(', ')}) {`;
    const tempDecl = this.temps.length ? [`  let ${this.temps.map((t) => `${t} = 0`).join(', ')};`] : [];
    return [header, ...prologue.map((l) => `  ${l}`), ...tempDecl, ...this.out, '}'].join('\n');
  }

  /**
   * The arguments the plain fallback gets: the parameters, read in the prologue before any is reassigned. Naming
   * `arguments` instead would make V8 build an arguments object on every call (about 30 ns with two typed
   * arrays, measured in bench/dispatch.ts); compiled code never reads `arguments`, so a missing argument and
   * an explicit `undefined` are the same to the plain function, and so are extra arguments it has no name for.
   */
  private given(): string {
    return `[${this.f.params.map((p) => userName(p.name)).join(', ')}]`;
  }

  /** The entry's check that every element of a plain array is of `kind`, written out in this specialization (`ops/elements.ts`). */
  private elementCheck(array: string, kind: 'number' | 'boolean'): string {
    return everyElementSource(array, kind, `return $fallback(this, ${this.given()});`, GENERATED.scan('i'), GENERATED.scan('n'));
  }

  /**
   * An element read of a plain array checked where it happens (lazy-elements.ts): the element when it is of
   * `kind`; what JS reads (undefined, or an own property) at an index that is not one of the array's elements;
   * and at a hole or an element of another kind, a throw of `$lazyMiss` (runtime.ts), which the entry turns
   * into a run of the plain function.
   */
  private lazyLoad(array: Expr, index: Expr, kind: string): string {
    const a = this.expr(array), i = this.temp(), v = this.temp();
    const miss = `(typeof ${i} === 'number' && ${i} >= 0 && ${i} < ${a}.length && ${i} % 1 === 0 ? $lazyMiss() : ${v})`;
    return `(typeof (${v} = ${a}[${i} = ${this.expr(index)}]) === '${kind}' ? ${v} : ${miss})`;
  }

  private writesBack(): boolean {
    return this.random && (this.isEntry || !this.sharedRandom);
  }

  private writeBack(): string {
    const [s0, s1, s2, s3] = RANDOM_LOCALS.s;
    return `$S[0] = ${s0}, $S[1] = ${s1}, $S[2] = ${s2}, $S[3] = ${s3}`;
  }

  /** Constant column reads of the entry's own matrices: checked once up front instead of at every read. */
  private collectGuards(): void {
    const guards = constantColumnGuards(this.f.body, (m) => this.f.params.some((p) => p.name === m && !isNestedType(p.type)));
    for (const [m, k] of guards) this.guardedCols.set(m, k);
  }

  // ---------------------------------------------------------------------------------------- statements

  private block(stmts: readonly Stmt[], depth: number): void {
    for (const s of stmts) this.stmt(s, depth);
  }

  private line(depth: number, text: string): void {
    this.out.push(`${'  '.repeat(depth)}${text}`);
  }

  private stmt(s: Stmt, depth: number): void {
    switch (s.kind) {
      case 'declare':
        this.line(depth, `let ${userName(s.name)} = ${this.expr(s.init)};`);
        return;
      case 'assign':
      case 'store':
      case 'matrixStore':
      case 'expr':
      case 'fieldStore':
        this.line(depth, `${this.effect(s)};`);
        return;
      case 'if':
        if (s.cond.op === 'const' && s.cond.value === true && s.else.length === 0) {
          this.line(depth, '{');
          this.block(s.then, depth + 1);
          this.line(depth, '}');
          return;
        }
        const counted = this.branchlessCount(s);
        if (counted !== undefined) {
          this.line(depth, `${counted};`);
          return;
        }
        this.line(depth, `if (${this.expr(s.cond)}) {`);
        this.block(s.then, depth + 1);
        if (s.else.length) {
          this.line(depth, '} else {');
          this.block(s.else, depth + 1);
        }
        this.line(depth, '}');
        return;
      case 'loop': {
        const update = s.continuing.map((c) => this.effect(c)).join(', ');
        const label = s.label ? `${labelName(s.label)}: ` : ''; // `outer: for …` (js/names.ts)
        if (s.postTest) {
          this.line(depth, `${label}do {`);
          this.block(s.body, depth + 1);
          this.line(depth, `} while (${update ? `(${update}, ${this.expr(s.postTest)})` : this.expr(s.postTest)});`);
          return;
        }
        this.line(depth, `${label}for (; ${s.test ? this.expr(s.test) : ''}; ${update}) {`);
        this.block(s.body, depth + 1);
        this.line(depth, '}');
        return;
      }
      case 'throw':
        this.line(depth, `${throwSource(s, (e) => this.expr(e))};`);
        return;
      case 'break':
        this.line(depth, s.label ? `break ${labelName(s.label)};` : 'break;');
        return;
      case 'continue':
        this.line(depth, s.label ? `continue ${labelName(s.label)};` : 'continue;');
        return;
      case 'return': {
        const value = s.value ? this.returnValue(s.value) : undefined;
        if (this.writesBack()) {
          if (value === undefined) this.line(depth, `{ ${this.writeBack()}; return; }`);
          else {
            const t = this.temp();
            this.line(depth, `{ ${t} = ${value}; ${this.writeBack()}; return ${t}; }`);
          }
        } else this.line(depth, value === undefined ? 'return;' : `return ${value};`);
        return;
      }
    }
  }

  /**
   * `if (c) n += k` as straight-line code: V8 compiles `+(c)` to a flag-to-integer move instead of a branch.
   * When the form applies, and why it is exact, is `passes/branchless.ts`'s rule (shared with the Wasm regions);
   * counters must hold numbers ({@link numericLocals}).
   */
  private branchlessCount(s: If): string | undefined {
    const c = branchlessCounter(s, (name) => (this.numeric ??= numericLocals(this.f)).has(name));
    if (c === undefined) return undefined;
    // The condition is generated only once the form is settled: generating it may allocate temporaries.
    if (c.form === 'i32') {
      const flag = this.flag(c.cond);
      const sign = c.operator === 'add' ? '+' : '-';
      const step = c.step.op === 'const' && c.step.value === 1 ? flag : `${flag} * ${this.expr(c.step)}`;
      return `${userName(c.name)} = ${userName(c.name)} ${sign} ${step}`;
    }
    return `${userName(c.name)} = ${userName(c.name)} - (${this.flag(c.cond)} * ${literal(c.m)} + 0)`;
  }

  /**
   * 1 or 0 for a condition. A comparison or negation is a boolean; an element of a boolean[] (or a local or
   * `&&` that may hold one) may be a hole or past the end, `undefined`, where `+undefined` is NaN: `!!` first.
   */
  private flag(cond: Expr): string {
    const boolean = cond.op === 'compare' || cond.op === 'truthy' || cond.op === 'const' || (cond.op === 'unary' && cond.operator === 'not');
    return boolean ? `+(${this.expr(cond)})` : `+!!(${this.expr(cond)})`;
  }

  /** A statement that is also an expression (loop `continuing` blocks are comma lists of these). */
  private effect(s: Stmt): string {
    switch (s.kind) {
      case 'assign':
        return `${userName(s.name)} = ${this.expr(s.value)}`;
      case 'store':
        // a plain array keeps the value as is: `num` may turn an undefined into NaN, which only a typed array may
        return `${this.expr(s.array)}[${this.expr(s.index)}] = ${plainElement(s.element) ? this.expr(s.value) : this.num(s.value)}`;
      case 'matrixStore': {
        const inPlace = nestedStore(s, this.nested);
        if (inPlace !== undefined) return inPlace;
        const m = s.matrix;
        if (!s.checked) return `${data(m)}[${this.expr(s.row)} * ${colsOf(m)} + ${this.expr(s.col)}] = ${this.num(s.value)}`;
        if (s.inBounds) return `${data(m)}[${this.nullChecked(s.row)} * ${colsOf(m)} + ${this.expr(s.col)}] = ${this.num(s.value)}`;
        const row = this.checkedRow(s.row);
        const col = this.simple(s.col);
        return `((${row.setup}${col.setup}${col.value} >= 0 && ${col.value} < ${colsOf(m)}) ? (${data(m)}[${row.value} * ${colsOf(m)} + ${col.value}] = ${this.expr(s.value)}) : ${this.expr(s.value)})`;
      }
      case 'expr':
        return this.expr(s.expr);
      case 'fieldStore':
        return fieldStoreCode(s, (x) => this.expr(x));
      default:
        throw new Error(`internal: ${s.kind} cannot be an expression`);
    }
  }

  /** Rows and tuples handed back to JS: a row becomes the caller's own row object (or `null`). */
  private returnValue(e: Expr): string {
    if (!this.isEntry || e.op === 'absent') return this.expr(e);
    const t = e.type;
    if (t.kind === 'row') return this.rowObject(this.expr(e), t.matrix);
    if (t.kind === 'tuple' && t.items.some((i) => i.kind === 'row')) {
      if (e.op === 'tuple') {
        return `[${e.items.map((item) => (item.type.kind === 'row' ? this.rowObject(this.expr(item), item.type.matrix) : this.expr(item))).join(', ')}]`;
      }
      const tmp = this.temp();
      const items = t.items.map((it, i) => (it.kind === 'row' ? this.rowObject(`${tmp}[${i}]`, it.matrix) : `${tmp}[${i}]`));
      return `(${tmp} = ${this.expr(e)}, [${items.join(', ')}])`;
    }
    return this.expr(e);
  }

  private rowObject(index: string, matrix: string): string {
    if (this.nested.isNested(matrix)) return index; // already the caller's row object (or null, or undefined)
    const param = this.f.params.find((p) => p.name === matrix);
    const t = this.temp();
    const access = param?.type.kind === 'matrix' && param.type.layout === 'array2d' ? `${userName(matrix)}.row(${t})` : `${userName(matrix)}[${t}]`;
    return `((${t} = ${index}) < 0 ? null : ${access})`;
  }

  // --------------------------------------------------------------------------------------- expressions

  /** An expression usable twice: locals and constants as is, anything else assigned to a temp first. */
  private simple(e: Expr): { setup: string; value: string } {
    const code = this.expr(e);
    if (e.op === 'local' || e.op === 'const') return { setup: '', value: code };
    const t = this.temp();
    return { setup: `${t} = ${code}, `, value: t };
  }

  private nullChecked(row: Expr): string {
    if (row.type.kind !== 'row' || !row.type.nullable) return this.expr(row);
    const r = this.simple(row);
    return `(${r.setup}${r.value} < 0 ? $nullRow() : ${r.value})`;
  }

  /**
   * `e` where it is only converted to a number (arithmetic, relational comparison, Math, a store): an
   * out-of-range row element may then be NaN instead of undefined, which keeps the value a double for V8.
   */
  private num(e: Expr): string {
    return e.op === 'rowGet' && !this.checkTypes && !this.nested.isNested(e.matrix) ? this.rowGet(e, 'NaN') : this.expr(e);
  }

  /**
   * A row element: the packed data when the column is in range, else `missing` (what plain JS reads there).
   * The row is evaluated (and checked) first, whatever the column: plain JS throws on a bad row before it looks
   * at the column.
   */
  private rowGet(e: Extract<Expr, { op: 'rowGet' }>, missing: 'undefined' | 'NaN'): string {
    const m = e.matrix;
    const guarded = rowReadProved(e, this.guardedCols);
    if (guarded) return `${data(m)}[${this.nullChecked(e.row)} * ${colsOf(m)} + ${this.expr(e.col)}]`;
    const r = this.checkedRow(e.row);
    const c = this.simple(e.col);
    return `(${r.setup}${c.setup}${c.value} >= 0 && ${c.value} < ${colsOf(m)} ? ${data(m)}[${r.value} * ${colsOf(m)} + ${c.value}] : ${missing})`;
  }

  /** A row value usable after a column test: a non-null local as is, anything else checked into a temp first. */
  private checkedRow(row: Expr): { setup: string; value: string };
  private checkedRow(row: Expr, emit: false): { plain: boolean };
  private checkedRow(row: Expr, emit = true): { setup: string; value: string } | { plain: boolean } {
    const plain = (row.op === 'local' && row.type.kind === 'row' && !row.type.nullable) || (row.op === 'rowOf' && row.inBounds === true && row.index.op === 'local');
    if (!emit) return { plain };
    if (plain) return { setup: '', value: this.expr(row) };
    const t = this.temp();
    return { setup: `${t} = ${this.nullChecked(row)}, `, value: t };
  }

  private expr(e: Expr): string {
    const code = this.exprCode(e);
    return this.checkTypes && e.type.kind === 'i32' ? `$checkI32(${code})` : code;
  }

  private exprCode(e: Expr): string {
    if (e.op === 'rowOf' && this.lazy.has(e.matrix) && this.nested.isNested(e.matrix)) return lazyRowSource(userName(e.matrix), this.expr(e.index), this.temp());
    if (e.op === 'rowGet' && this.checkRowElements && this.nested.isNested(e.matrix)) {
      return lazyRowElement(this.expr(e.row), this.expr(e.col), () => this.temp());
    }
    const inPlace = nestedExpr(e, this.nested);
    if (inPlace !== undefined) return inPlace;
    switch (e.op) {
      case 'const':
        return literal(e.value);
      case 'string':
        return JSON.stringify(e.value);
      case 'local':
        return userName(e.name);
      case 'unary':
        return UNARY_OPERATORS[e.operator].js({ num: () => this.num(e.arg), value: () => this.expr(e.arg), simple: () => this.simple(e.arg) });
      case 'binary':
        return `(${this.num(e.left)} ${BINARY_OPERATORS[e.operator].js} ${this.num(e.right)})`;
      case 'compare':
        // undefined === undefined but NaN !== NaN: only relational comparisons may see NaN for undefined
        if (e.operator === 'eq' || e.operator === 'ne') return `(${this.expr(e.left)} ${COMPARE_OPERATORS[e.operator].js} ${this.expr(e.right)})`;
        return `(${this.num(e.left)} ${COMPARE_OPERATORS[e.operator].js} ${this.num(e.right)})`;
      case 'logical':
        return `(${this.expr(e.left)} ${e.operator === 'and' ? '&&' : '||'} ${this.expr(e.right)})`;
      case 'select':
        return `(${this.expr(e.cond)} ? ${this.expr(e.then)} : ${this.expr(e.else)})`;
      case 'truthy':
        return `(!!${this.expr(e.arg)})`;
      case 'convert':
        // a boolean or number-or-boolean becomes the number JS converts it to (`false` is 0); numbers are themselves
        return (e.arg.type.kind === 'numbool' || e.arg.type.kind === 'bool') && e.type.kind !== 'numbool' ? `(+${this.expr(e.arg)})` : this.expr(e.arg);
      case 'math':
        return mathFunction(e.fn).js(e.args.map((a) => this.num(a)));
      case 'random':
        return regionRandom(this.f) ?? randomExpressionSource();
      case 'length':
        return `${this.expr(e.array)}.length`;
      case 'load':
        if (e.array.op === 'local' && this.lazy.has(e.array.name)) return this.lazyLoad(e.array, e.index, plainElement(e.element)!);
        // a callee's plain array may be a row handed to it (f(ps[i])), whose elements no entry pass checked
        if (e.array.op === 'local' && this.checkRowElements && !this.isEntry && plainElement(e.element)) return this.lazyLoad(e.array, e.index, plainElement(e.element)!);
        return `${this.expr(e.array)}[${this.expr(e.index)}]`;
      case 'newArray':
        // a returned array is made in numbat memory (results.ts)
        if (returnedAllocations(this.f).has(e)) return `$R('${e.element}', ${this.expr(e.length)})`;
        return `new ${ARRAY_CONSTRUCTORS[e.element].name}(${this.expr(e.length)})`;
      case 'rows':
        return rowsOf(e.matrix);
      case 'cols':
        return e.of && !this.checkedRow(e.of, false).plain ? `(${this.nullChecked(e.of)}, ${colsOf(e.matrix)})` : colsOf(e.matrix);
      case 'matrixLoad':
        return `${data(e.matrix)}[${this.expr(e.row)} * ${colsOf(e.matrix)} + ${this.expr(e.col)}]`;
      case 'rowOf': {
        if (e.inBounds) return this.expr(e.index);
        const i = this.simple(e.index);
        const ok = e.index.type.kind === 'i32'
          ? `(${i.value} >>> 0) < ${rowsOf(e.matrix)}`
          : `${i.value} >= 0 && ${i.value} < ${rowsOf(e.matrix)} && ${i.value} === Math.floor(${i.value})`;
        return `(${i.setup}${ok} ? ${i.value} : $rowRange(${i.value}, ${rowsOf(e.matrix)}))`;
      }
      case 'rowGet':
        return this.rowGet(e, 'undefined');
      case 'nullRow':
        // -1 is a packed row's "no row"; a value of type null (`return null`) or an object's null is JS's null
        return e.type.kind === 'row' ? '-1' : 'null';
      case 'call': {
        const callee = this.module.functions.find((f) => f.name === e.callee)!;
        const args = e.args.map((a, i) => {
          const p = callee.params[i]!;
          if (p.type.kind === 'matrix' && a.op === 'local' && !isNestedType(p.type)) return `${data(a.name)}, ${rowsOf(a.name)}, ${colsOf(a.name)}`;
          const x = this.expr(a);
          return i === 0 && e.receiverOf !== undefined ? `$recv(${x}, ${JSON.stringify(e.receiverOf)})` : x;
        });
        return regionCall(callee, fnName(e.callee, this.module.entry), args) ?? `${fnName(e.callee, this.module.entry)}(${args.join(', ')})`;
      }
      case 'tuple':
        return `[${e.items.map((i) => this.expr(i)).join(', ')}]`;
      case 'tupleGet':
        return `${this.expr(e.tuple)}[${e.index}]`;
      case 'typeTest':
        return typeTestSource(e, (x) => this.expr(x));
      case 'absent':
        return absentSource(e);
      case 'effect':
        return effectSource(e, (x) => this.effect(x), (x) => this.expr(x));
      case 'method':
        if (e.callback || e.method === 'from') return callbackSource(e, { expr: (x) => this.expr(x), block: (stmts) => { const at = this.out.length; this.block(stmts, 1); return this.out.splice(at).join('\n'); } })!;
        if (e.notFunction !== undefined) return `$rowPush(${this.expr(e.target)}, ${JSON.stringify(e.notFunction)}).push(${e.args.map((a) => this.expr(a)).join(', ')})`;
        return `${this.expr(e.target)}.${e.method}(${e.comparator ?? e.args.map((a) => this.expr(a)).join(', ')})`;
    }
    if (isObjectExpr(e)) return objectExprCode(e, (x) => this.expr(x));
    if (isBufferExpr(e)) return bufferSource(e, (x) => this.expr(x));
    throw new Error(`internal: unknown IR expression ${(e as Expr).op}`);
  }
}

/**
 * The `f64` and `i32` parameters and locals of `f` that always hold a number, never `undefined`: every value
 * assigned to them is arithmetic, a constant, a `Math` call or another such local. An out-of-bounds read (of
 * an integer array too, though typed `i32`), a row element or a call's result may be `undefined` in the JS
 * backend, exactly as in the plain function, and an `i32`→`f64` conversion emits nothing, so it is a number
 * only when what it converts is.
 */
function numericLocals(f: IRFunction): ReadonlySet<string> {
  const numeric = new Set([...f.params, ...f.locals].filter((p) => p.type.kind === 'f64' || p.type.kind === 'i32').map((p) => p.name));
  const isNumber = (e: Expr): boolean => {
    switch (e.op) {
      case 'const': case 'binary': case 'unary': case 'math': case 'random': case 'length':
      case 'rows': case 'cols':
        return true;
      case 'convert':
        return isNumber(e.arg);
      case 'local':
        return numeric.has(e.name);
      case 'select':
        return isNumber(e.then) && isNumber(e.else);
      default:
        return false;
    }
  };
  const assignments: Array<{ name: string; value: Expr }> = [];
  walkIR(f.body, {
    stmt: (s) => {
      if (s.kind === 'declare') assignments.push({ name: s.name, value: s.init });
      else if (s.kind === 'assign') assignments.push(s);
    },
  });
  for (let changed = true; changed;) {
    changed = false;
    for (const { name, value } of assignments) {
      if (numeric.has(name) && !isNumber(value)) {
        numeric.delete(name);
        changed = true;
      }
    }
  }
  return numeric;
}

function literal(value: number | boolean): string {
  if (typeof value === 'boolean') return String(value);
  if (Object.is(value, -0)) return '(-0)';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '(-Infinity)';
  return value < 0 ? `(${value})` : String(value);
}

