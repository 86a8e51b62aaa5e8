/**
 * Over 400 lines, with a reason: `FunctionEmitter` is one class whose expression and statement methods share
 * the function's context (arrays, integer locals, checked reads) and its temporaries; the analyses it reads
 * (`walk.ts`, `ints.ts`) and the helpers it calls (`helpers.ts`) are apart.
 *
 * Emitting one IR function as WGSL: expressions (with the statements they need first, for lazy operators),
 * statements, element loads and stores through bounds-checked helpers, and `Math` calls through the JIT's
 * Math table (`jit/ops/math.ts`).
 *
 * @module
 */
import type { Expr, IRFunction, IRModule, MathCall, Span, Stmt } from '../../jit/ir.js';
import type { Type } from '../../jit/types.js';
import { emitWgslMath } from '../../jit/ops/math.js';
import { BINARY_OPERATORS, COMPARE_OPERATORS, UNARY_OPERATORS } from '../../jit/ops/operators.js';
import { wgslIdent, type ArrayParam, type KernelReturn } from '../abi.js';
import { isStorageKind, storageRow } from '../elements.js';
import { intBound, isIntTree } from './ints.js';
import { DF_TYPE, dfExpr, type DfHost } from './df32.js';
import { hasEffects, readsElements } from './walk.js';

function f32Literal(v: number): string {
  const f = Math.fround(v);
  if (Number.isNaN(f)) return 'numbat_nan()';
  if (!Number.isFinite(f)) return f > 0 ? 'numbat_inf()' : '(-numbat_inf())';
  if (Object.is(f, -0)) return '(-0.0f)';
  const text = Number.isInteger(f) && Math.abs(f) < 1e21 ? `${f}.0` : String(f);
  return f < 0 ? `(${text}f)` : `${text}f`;
}

function i32Literal(v: number): string {
  if (v === -2147483648) return '(-2147483647i - 1i)';
  return v < 0 ? `(${v}i)` : `${v}i`;
}

/**
 * The lines of the WGSL being written, each with the IR span it came from (for compile errors).
 *
 * @example
 * ```ts
 * import { Emitter } from './emit.js';
 *
 * const em = new Emitter((construct, detail) => { throw new Error(`${construct}: ${detail}`); });
 * em.line('return;');
 * em.lines; // → [ '  return;' ]
 * em.unsupported('a string', 'WGSL has no strings'); // → throws Error: a string: WGSL has no strings
 * ```
 */
export class Emitter {
  readonly lines: string[] = [];
  readonly spans: (Span | undefined)[] = [];
  indent = 1;
  span: Span | undefined;
  temps = 0;
  /** `precision: 'f64-emulated'`: f64 values are double-f32 `vec2<f32>` (`df32.ts`). */
  df = false;

  constructor(private readonly fail: (construct: string, detail: string, span?: Span) => never) {}

  line(text: string): void {
    this.lines.push('  '.repeat(this.indent) + text);
    this.spans.push(this.span);
  }

  unsupported(construct: string, detail: string): never {
    return this.fail(construct, detail, this.span);
  }
}

/**
 * What the emitter of one function knows about it and fills in while emitting.
 *
 * @example
 * ```ts
 * import type { ArrayParam } from 'numbat/internals';
 * import { lowerKernel } from '../frontend.js';
 * import type { FunctionContext } from './emit.js';
 * import { integerLocals } from './ints.js';
 *
 * function fill(i: number, xs: Float32Array) { xs[i] = i * 2; }
 * const { module } = lowerKernel(fill, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }], 1);
 * const fn = module.functions.at(-1)!;
 * const xsParam: ArrayParam = { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true };
 * const ctx: FunctionContext = {
 *   fn, arrays: new Map([['xs', xsParam]]), ownIndex: 'i', isEntry: true, returns: undefined,
 *   intLocals: integerLocals(fn), checked: new Map(), loops: { count: 0 },
 *   variant: (callee) => `f_${callee.name}`, // a kernel without helper functions never calls it
 * };
 * ```
 */
export interface FunctionContext {
  readonly fn: IRFunction;
  /** Array parameter name → its binding (entry only). */
  readonly arrays: ReadonlyMap<string, ArrayParam>;
  /** The entry's 1-D index parameter when it is never reassigned: `xs[i]` then uses `numbat_li`. */
  readonly ownIndex: string | undefined;
  readonly isEntry: boolean;
  /** For the entry of a reducing kernel: the WGSL type it returns. */
  readonly returns: KernelReturn | undefined;
  /** `f64` locals holding only integer arithmetic of int32 values: each also lives exactly in an i32 `w_<name>`. */
  readonly intLocals: ReadonlySet<string>;
  /** Filled while emitting: integer arrays read as integers where JS could read `undefined` (see checkedReads). */
  readonly checked: Map<string, 'own-index' | 'any-index'>;
  /** Filled while emitting: how many loops the kernel has. */
  readonly loops: { count: number };
  /**
   * Filled while emitting: how many integer range checks the kernel has (see {@link FunctionEmitter.intTree});
   * absent, none are emitted (a context built outside generate.ts has no flags binding to set).
   */
  readonly ranges?: { count: number };
  /** The WGSL name of `callee` emitted for these kernel arrays in place of its array parameters (generate.ts). */
  readonly variant: (callee: IRFunction, arrays: ReadonlyMap<string, ArrayParam>) => string;
  /** The entry's lane arrays (`KernelSpec.laneReads`): `xs[i]` at the own index reads `numbat_own_xs()` (`vector.ts`). */
  readonly lanes?: ReadonlySet<string>;
}

/**
 * How an integer array's element is read, by what JavaScript would make of an out-of-bounds `undefined`:
 * - `'nan'`: the value becomes a number (`xs[k] + 0.5`, a store into a float array): NaN, exactly as JS;
 * - `'zero'`: stored straight into an integer array: ToInt32(undefined) is 0, exactly as JS;
 * - `'checked'`: used as an integer (a comparison, integer arithmetic, an index): an i32 cannot be `undefined`,
 *   so the read flags the launch, which rejects instead of giving a different answer.
 */
type IntReadMode = 'nan' | 'zero' | 'checked';

/**
 * The WGSL type of a scalar IR type, or an error naming what the GPU cannot hold.
 *
 * @example
 * ```ts
 * import { Emitter, wgslType } from './emit.js';
 *
 * const em = new Emitter((construct, detail) => { throw new Error(`${construct}: ${detail}`); });
 * wgslType({ kind: 'f64' }, em, 'a value'); // → 'f32'
 * wgslType({ kind: 'i32' }, em, 'a value'); // → 'i32'
 * ```
 */
export function wgslType(t: Type, em: Emitter, what: string): 'f32' | 'i32' | 'bool' | typeof DF_TYPE {
  if (t.kind === 'f64') return em.df ? DF_TYPE : 'f32';
  if (t.kind === 'i32' || t.kind === 'bool') return t.kind;
  if (t.kind === 'row') return 'i32'; // a row of a 2-D parameter is its index, -1 for null (as on the CPU)
  const names: Record<string, string> = {
    array: 'a typed array', matrix: 'a 2-D array (Array2D or number[][])', row: 'a matrix row', tuple: 'an array literal (tuple)',
    null: 'null', void: 'a void value', numbool: 'a variable holding a number or a boolean',
  };
  return em.unsupported(`${names[t.kind] ?? t.kind} as ${what}`, 'GPU kernels take typed arrays as parameters and compute with numbers and booleans');
}

/**
 * The WGSL name of a JavaScript local.
 *
 * @example
 * ```ts
 * import { local } from './emit.js';
 *
 * local('x$1'); // → 'v_x_S1'
 * ```
 */
export function local(name: string): string {
  return `v_${wgslIdent(name)}`;
}

/**
 * Emits one IR function's statements into an {@link Emitter}.
 *
 * @example
 * ```ts
 * import type { ArrayParam } from 'numbat/internals';
 * import { lowerKernel } from '../frontend.js';
 * import { Emitter, FunctionEmitter } from './emit.js';
 * import { integerLocals } from './ints.js';
 *
 * function fill(i: number, xs: Float32Array) { xs[i] = i * 2; }
 * const { module } = lowerKernel(fill, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }], 1);
 * const fn = module.functions.at(-1)!;
 * const em = new Emitter((construct, detail) => { throw new Error(`${construct}: ${detail}`); });
 * const xsParam: ArrayParam = { kind: 'array', name: 'xs', element: 'f32', writes: true, elementwise: true };
 * const ctx = { fn, arrays: new Map([['xs', xsParam]]), ownIndex: 'i', isEntry: true, returns: undefined,
 *   intLocals: integerLocals(fn), checked: new Map(), loops: { count: 0 }, variant: () => 'unused' };
 * new FunctionEmitter(em, ctx, module).stmts(fn.body);
 * em.lines; // → [ '  numbat_st_xs(numbat_li, (f32(v_i) * 2.0f));' ]
 * ```
 */
export class FunctionEmitter implements DfHost {
  constructor(
    private readonly em: Emitter,
    private readonly ctx: FunctionContext,
    private readonly module: IRModule,
  ) {}

  // ----------------------------------------------------------------------------------------- expressions

  temp(type: string, pre: string[], init?: string): string {
    const name = `t_${this.em.temps++}`;
    pre.push(init === undefined ? `var ${name}: ${type};` : `var ${name}: ${type} = ${init};`);
    return name;
  }

  /**
   * An `f64` expression built only from int32 values, integer constants, `+`, `-`, `*` and negation is an
   * integer typed `f64` only because it might leave the int32 range (`2 * i + 1`). In f32 it would be exact
   * only up to 2^24, so it is computed in i32 instead: its value modulo 2^32, which is exactly what JS
   * ToInt32 and typed-array indices (out of range either way) need. Returns undefined for other expressions.
   */
  private intTree(e: Expr, pre: string[]): string | undefined {
    if (e.type.kind === 'i32') return this.expr(e, pre);
    if (e.op === 'local' && this.ctx.intLocals.has(e.name)) return `w_${wgslIdent(e.name)}`;
    if (e.op === 'convert' && e.arg.type.kind === 'i32') return this.expr(e.arg, pre);
    if (e.op === 'const' && typeof e.value === 'number' && Number.isInteger(e.value) && Math.abs(e.value) <= 0x7fffffff) return i32Literal(e.value);
    if (e.op === 'unary' && e.operator === 'neg') {
      const a = this.intTree(e.arg, pre);
      return a === undefined ? undefined : `(-${a})`;
    }
    if (e.op === 'binary' && e.operator === 'ushr') return this.ushr(e.left, e.right, pre);
    if (e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul')) {
      const probe: string[] = [];
      const a = this.intTree(e.left, probe);
      const b = a === undefined ? undefined : this.intTree(e.right, probe);
      if (a === undefined || b === undefined) return undefined;
      pre.push(...probe);
      return `(${a} ${{ add: '+', sub: '-', mul: '*' }[e.operator]} ${b})`;
    }
    return undefined;
  }

  /**
   * An integer tree's value modulo 2^32 is JavaScript's ToInt32 only while JS computes every node exactly:
   * past 2^53 a double rounds (2147483647 * 2147483647 * 3 is 0 modulo 2^32 in JS, 3 exactly). Each node
   * whose operands' bound allows that, and each integer local (a loop may grow it), has its f32 value tested
   * against 2^53 less 2^37 (f32's rounding on a few operations is far below that margin, so no value past
   * 2^53 passes) and the launch rejects with a GpuRangeError. Only where the value is used as ToInt32 (a store
   * into an integer array, a bitwise operand): an index past 2^31 is out of bounds, rounded by JS or not. A
   * local's own assignment is not checked node by node, so `a * b + 1 - a * b` past 2^53 inside one
   * assignment is the one shape this misses.
   */
  private checkExact(e: Expr, pre: string[]): void {
    const ranges = this.ctx.ranges;
    if (!ranges || intBound(e, this.ctx.intLocals) < 2 ** 53) return;
    const isLocal = e.op === 'local' && this.ctx.intLocals.has(e.name);
    if (e.op === 'binary' && e.operator !== 'ushr') {
      this.checkExact(e.left, pre);
      this.checkExact(e.right, pre);
    } else if (e.op === 'unary') {
      this.checkExact(e.arg, pre);
      return;
    } else if (!isLocal) return;
    ranges.count++;
    const f = this.em.df ? `(${this.expr(e, pre)}).x` : this.expr(e, pre);
    pre.push(`if (abs(${f}) >= 9007061364721664.0) { numbat_flag_range(); }`);
  }

  /** `x >>> k`, a uint32 typed f64, as its bits in an i32: going through f32 would round it past 2^24. */
  private ushr(left: Expr, right: Expr, pre: string[]): string {
    return `bitcast<i32>(bitcast<u32>(${this.toInt32(left, pre)}) >> (u32(${this.toInt32(right, pre)}) & 31u))`;
  }

  /** Converts an i32/f64 expression to i32 the JS ToInt32 way. */
  toInt32(e: Expr, pre: string[]): string {
    const exact = e.type.kind === 'f64' ? this.intTree(e, pre) : undefined;
    if (exact !== undefined) {
      this.checkExact(e, pre);
      return exact;
    }
    const s = this.expr(e, pre);
    if (e.type.kind === 'i32') return s;
    if (e.type.kind === 'bool') return `select(0i, 1i, ${s})`;
    return this.em.df ? `numbat_df_toint32(${s})` : `numbat_toint32(${s})`;
  }

  private truthy(e: Expr, pre: string[]): string {
    const s = this.expr(e, pre);
    if (e.type.kind === 'bool') return s;
    if (e.type.kind === 'i32') return `(${s} != 0i)`;
    return this.em.df ? `numbat_truthy((${s}).x)` : `numbat_truthy(${s})`;
  }

  arrayOf(e: Expr): ArrayParam {
    if (e.op === 'local') {
      const a = this.ctx.arrays.get(e.name);
      if (a) return a;
    }
    return this.em.unsupported(
      'an array that is not a kernel parameter',
      this.ctx.isEntry
        ? 'index typed arrays passed to the kernel directly (no aliases, no arrays created inside the kernel)'
        : 'helper functions called from a GPU kernel take numbers and booleans only; index arrays in the kernel itself',
    );
  }

  /** The binding of a 2-D array parameter (`m` of `m.get(i, j)`, `m[i][j]`), or an error saying what works. */
  private matrixOf(name: string): ArrayParam {
    const a = this.ctx.arrays.get(name);
    if (a?.matrix) return a;
    return this.em.unsupported(
      'a 2-D array that is not a kernel parameter',
      this.ctx.isEntry ? 'index Array2D and number[][] parameters of the kernel directly' : 'helper functions called from a GPU kernel take numbers and booleans only; index 2-D arrays in the kernel itself',
    );
  }

  unsupported(construct: string, detail: string): never {
    return this.em.unsupported(construct, detail);
  }

  index(e: Expr, pre: string[]): string {
    if (this.ctx.ownIndex !== undefined && e.op === 'local' && e.name === this.ctx.ownIndex) return 'numbat_li';
    if (e.type.kind === 'f64') {
      // An integer-valued index is computed exactly in i32 (modulo 2^32; negative values become huge, out of
      // bounds, as in JS), with its f32 value telling a wrapped value from a real one.
      if (isIntTree(e, this.ctx.intLocals)) {
        const exact = this.intTree(e, pre)!;
        return `numbat_iidx(${exact}, ${this.em.df ? `(${this.expr(e, pre)}).x` : this.expr(e, pre)})`;
      }
      // A float index that is not a non-negative integer reads `undefined` in JS: make it out of bounds.
      return `${this.em.df ? 'numbat_df_fidx' : 'numbat_fidx'}(${this.expr(e, pre)})`;
    }
    return `u32(${this.toInt32(e, pre)})`;
  }

  /** Lowers `e`, pushing any statements it needs first (temporaries for lazy operators) onto `pre`. */
  expr(e: Expr, pre: string[]): string {
    // `flag === 0`, `flag < 1` on a boolean: JS compares type or converts, WGSL has no comparison across types
    if (e.op === 'compare' && (e.left.type.kind === 'bool') !== (e.right.type.kind === 'bool')) {
      return this.em.unsupported('a comparison of a boolean with a number', 'compare numbers with numbers, booleans with booleans');
    }
    return (this.em.df ? dfExpr(e, pre, this) : undefined) ?? this.plain(e, pre);
  }

  /** The f32 rule of `e` (double-f32 values go through `df32.ts` first, see {@link FunctionEmitter.expr}). */
  plain(e: Expr, pre: string[]): string {
    const em = this.em;
    switch (e.op) {
      case 'const':
        if (e.type.kind === 'bool') return String(e.value);
        if (e.type.kind === 'i32') return i32Literal(e.value as number);
        return f32Literal(e.value as number);
      case 'local': {
        if (this.ctx.arrays.has(e.name)) return this.em.unsupported('a typed array used as a value', 'index it, or read its .length');
        return local(e.name);
      }
      case 'unary':
        // each operator's WGSL is its row in the JIT's table (`jit/ops/operators.ts`)
        return UNARY_OPERATORS[e.operator].wgsl({
          int: e.type.kind === 'i32',
          value: () => this.expr(e.arg, pre),
          truthy: () => this.truthy(e.arg, pre),
          int32: () => this.toInt32(e.arg, pre),
          bind: () => this.temp(wgslType(e.type, em, 'a value'), pre, this.expr(e.arg, pre)),
        });
      case 'binary':
        return this.binary(e, pre);
      case 'compare':
        return COMPARE_OPERATORS[e.operator].wgsl(this.expr(e.left, pre), this.expr(e.right, pre));
      case 'truthy':
        return this.truthy(e.arg, pre);
      case 'convert': {
        if (e.arg.op === 'load' && e.type.kind === 'f64') return this.load(e.arg, 'nan', pre);
        const to = wgslType(e.type, em, 'a value');
        const from = wgslType(e.arg.type, em, 'a value');
        const s = this.expr(e.arg, pre);
        if (to === from) return s;
        if (to === 'f32') return from === 'bool' ? `select(0.0f, 1.0f, ${s})` : `f32(${s})`;
        if (to === 'i32') return from === 'bool' ? `select(0i, 1i, ${s})` : `numbat_toint32(${s})`;
        return from === 'i32' ? `(${s} != 0i)` : `numbat_truthy(${s})`;
      }
      case 'select': {
        const type = wgslType(e.type, em, 'a conditional value');
        const cond = this.truthy(e.cond, pre);
        const preThen: string[] = [];
        const preElse: string[] = [];
        const a = this.expr(e.then, preThen);
        const b = this.expr(e.else, preElse);
        // select() evaluates both sides; a side that reads an element could flag an out-of-bounds read that
        // JavaScript never makes (`i > 0 ? m.get(i - 1, j) : 0`), so such sides are branches.
        const eager = (x: Expr): boolean => !hasEffects(x) && !readsElements(x);
        if (!preThen.length && !preElse.length && eager(e.then) && eager(e.else)) return `select(${b}, ${a}, ${cond})`;
        const t = this.temp(type, pre);
        pre.push(`if (${cond}) {`, ...preThen.map((l) => `  ${l}`), `  ${t} = ${a};`, '} else {', ...preElse.map((l) => `  ${l}`), `  ${t} = ${b};`, '}');
        return t;
      }
      case 'logical': {
        const type = wgslType(e.type, em, 'a logical value');
        const left = this.expr(e.left, pre);
        const preRight: string[] = [];
        const right = this.expr(e.right, preRight);
        const lazy = preRight.length > 0 || hasEffects(e.right);
        if (type === 'bool' && !lazy) return `(${left} ${e.operator === 'and' ? '&&' : '||'} ${right})`;
        const t = this.temp(type, pre, left);
        const test = type === 'bool' ? t : type === 'i32' ? `(${t} != 0i)` : `numbat_truthy(${type === 'f32' ? t : `${t}.x`})`;
        pre.push(`if (${e.operator === 'and' ? test : `!${test}`}) {`, ...preRight.map((l) => `  ${l}`), `  ${t} = ${right};`, '}');
        return t;
      }
      case 'math':
        return this.math(e, pre);
      case 'random':
        return 'numbat_random()';
      case 'length': {
        const a = this.arrayOf(e.array);
        return `i32(numbat_P.len_${wgslIdent(a.name)})`;
      }
      case 'load':
        return this.load(e, e.type.kind === 'i32' ? 'checked' : 'nan', pre);
      case 'call': {
        const callee = this.module.functions.find((f) => f.name === e.callee);
        if (!callee) return em.unsupported(`a call to ${e.callee}`, 'the callee is not part of the compiled module');
        const bound = new Map<string, ArrayParam>();
        const args: string[] = [];
        callee.params.forEach((p, k) => {
          const a = e.args[k]!;
          if (p.type.kind !== 'array' && p.type.kind !== 'matrix') args.push(this.expr(a, pre));
          else if (a.op === 'local' && this.ctx.arrays.has(a.name)) bound.set(p.name, this.ctx.arrays.get(a.name)!);
          else em.unsupported(`an array argument of ${e.callee} that is not a kernel parameter`, 'pass the kernel\'s own array parameters to helper functions');
        });
        return bound.size > 0 ? `${this.ctx.variant(callee, bound)}(${args.join(', ')})` : `f_${wgslIdent(e.callee)}(${args.join(', ')})`;
      }
      case 'newArray':
        return em.unsupported('a typed-array allocation', 'GPU kernels cannot allocate memory; pass an output array as a parameter');
      case 'rows': case 'cols': {
        const id = wgslIdent(this.matrixOf(e.matrix).name);
        // `m[i].length` evaluates m[i] first, for its checks, as JS does.
        if (e.of) pre.push(`_ = ${this.expr(e.of, pre)};`);
        return `i32(numbat_P.${e.op}_${id})`;
      }
      case 'matrixLoad': {
        const id = wgslIdent(this.matrixOf(e.matrix).name);
        return `numbat_mget_${id}(${this.index(e.row, pre)}, ${this.index(e.col, pre)})`;
      }
      case 'rowOf': {
        const id = wgslIdent(this.matrixOf(e.matrix).name);
        const index = this.index(e.index, pre);
        return e.inBounds ? `i32(${index})` : `numbat_row_${id}(${index})`;
      }
      case 'rowGet': {
        const id = wgslIdent(this.matrixOf(e.matrix).name);
        const row = this.expr(e.row, pre);
        return `numbat_rget_${id}(${row}, ${this.index(e.col, pre)})`;
      }
      case 'nullRow':
        return '(-1i)';
      case 'tuple': case 'tupleGet':
        return em.unsupported('an array literal (tuple)', 'a GPU kernel returns one number, reduced across invocations');
      case 'absent':
        return em.unsupported(
          e.value === 'null' ? '`return null` in a kernel that returns a number' : 'a bare `return;` in a kernel that returns a number',
          `JavaScript gives ${e.value} there, which a reduction turns into NaN and the GPU cannot hold; return a number on every path ` +
            "(the reduction's identity leaves an element out: 0 for 'sum', Infinity for 'min', -Infinity for 'max')",
        );
      default:
        return em.unsupported(`the IR operation ${(e as Expr).op}`, 'not supported by the WGSL backend');
    }
  }

  /** An element read; `mode` says what an integer array's out-of-bounds read becomes (see {@link IntReadMode}). */
  private load(e: Extract<Expr, { op: 'load' }>, mode: IntReadMode, pre: string[]): string {
    const a = this.arrayOf(e.array);
    const id = wgslIdent(a.name);
    const index = this.index(e.index, pre);
    const to = wgslType(e.type, this.em, 'an element');
    const row = storageRow(a.element);
    // A lane array's own element: the lane reader (vector.ts), which loads through the same loader in the scalar entry.
    const lane = index === 'numbat_li' && this.ctx.lanes?.has(a.name) === true;
    const read = (loader: 'ld' | 'ldf' | 'ldc'): string => (lane ? `numbat_${loader.replace('ld', 'own')}_${id}()` : `numbat_${loader}_${id}(${index})`);
    if (row.float) return row.load(to, read('ld'));
    if (mode === 'nan') return read('ldf');
    let raw = read('ld');
    if (mode === 'checked') {
      raw = read('ldc');
      const where = index === 'numbat_li' ? 'own-index' : 'any-index';
      if (this.ctx.checked.get(a.name) !== 'any-index') this.ctx.checked.set(a.name, where);
    }
    return row.load(to, raw);
  }

  /** `a op b`: the operator's row in `jit/ops/operators.ts`, with its operands converted as the row says. */
  private binary(e: Extract<Expr, { op: 'binary' }>, pre: string[]): string {
    const row = BINARY_OPERATORS[e.operator];
    const bits = row.operands === 'int32';
    const left = bits ? this.toInt32(e.left, pre) : this.expr(e.left, pre);
    const right = bits ? this.toInt32(e.right, pre) : this.expr(e.right, pre);
    return row.wgsl({ left, right, int: e.type.kind === 'i32', leftInt: e.left.type.kind === 'i32', rightInt: e.right.type.kind === 'i32' });
  }

  /** A `Math` call: each function's WGSL is its row in the JIT's table (`jit/ops/math.ts`). */
  private math(e: MathCall, pre: string[]): string {
    const args = e.args.map((a) => this.expr(a, pre));
    const isInt = (k: number): boolean => e.args[k]!.type.kind === 'i32';
    return emitWgslMath(e.fn, {
      count: args.length,
      int: e.type.kind === 'i32',
      isInt,
      raw: (k) => args[k]!,
      f32: (k) => (isInt(k) ? `f32(${args[k]})` : args[k]!),
      int32: (k) => this.toInt32(e.args[k]!, pre),
      bind: (value) => this.temp('f32', pre, value),
    });
  }

  // ------------------------------------------------------------------------------------------ statements

  private withPre(pre: string[]): void {
    for (const l of pre) this.em.line(l);
  }

  stmts(list: readonly Stmt[]): void {
    for (const s of list) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    const em = this.em;
    if ('span' in s && s.span) em.span = s.span;
    const pre: string[] = [];
    switch (s.kind) {
      case 'declare':
      case 'assign': {
        const value = s.kind === 'declare' ? s.init : s.value;
        const target = this.ctx.fn.locals.find((l) => l.name === s.name) ?? this.ctx.fn.params.find((p) => p.name === s.name);
        const v = this.expr(value, pre); // first, so `new Float32Array(n)` is named as such
        if (target && (target.type.kind === 'array' || this.ctx.arrays.has(s.name))) {
          em.unsupported('a typed-array variable', 'index the kernel parameter directly');
        }
        if (this.ctx.intLocals.has(s.name)) {
          // Both values from the old ones, then both assigned: `k = k + 1` reads k on each side.
          const w = this.intTree(value, pre)!;
          this.withPre(pre);
          em.line(`{ let w = ${w}; let f = ${v}; w_${wgslIdent(s.name)} = w; ${local(s.name)} = ${em.df ? 'numbat_df_ifix' : 'numbat_ifix'}(w, f); }`);
          return;
        }
        this.withPre(pre);
        em.line(`${local(s.name)} = ${v};`);
        return;
      }
      case 'store': {
        const a = this.arrayOf(s.array);
        if (!isStorageKind(a.element)) em.unsupported(`storing into ${a.element}`, 'unsupported element type');
        const row = storageRow(a.element);
        const idx = this.index(s.index, pre);
        const from = s.value.type.kind;
        let v: string;
        if (a.pairs) {
          v = this.expr({ op: 'convert', type: { kind: 'f64' }, arg: s.value }, pre); // double-f32 (df32.ts)
        } else if (s.value.op === 'load' && s.value.type.kind === 'i32') {
          // undefined stored: NaN in a float array, 0 in an integer one, as typed arrays do
          const l = this.load(s.value, row.float ? 'nan' : 'zero', pre);
          v = row.from(row.float ? 'f32' : 'i32', l);
        } else if (row.float) {
          const e = this.expr(s.value, pre);
          // f64-emulated: a double-f32 value stored into a float array is its high part.
          v = em.df && from === 'f64' ? `(${e}).x` : row.from(from === 'i32' || from === 'bool' ? from : 'f32', e);
        } else {
          v = row.from('i32', this.toInt32(s.value, pre));
        }
        this.withPre(pre);
        em.line(`numbat_st_${wgslIdent(a.name)}(${idx}, ${v});`);
        return;
      }
      case 'matrixStore': {
        const id = wgslIdent(this.matrixOf(s.matrix).name);
        const first = s.checked ? this.expr(s.row, pre) : this.index(s.row, pre);
        const col = this.index(s.col, pre);
        const from = s.value.type.kind;
        let v = this.expr(s.value, pre);
        v = from === 'i32' ? `f32(${v})` : from === 'bool' ? `select(0.0f, 1.0f, ${v})` : em.df && from === 'f64' ? `(${v}).x` : v;
        this.withPre(pre);
        em.line(`numbat_${s.checked ? 'rset' : 'mset'}_${id}(${first}, ${col}, ${v});`);
        return;
      }
      case 'expr': {
        const v = this.expr(s.expr, pre);
        this.withPre(pre);
        if (s.expr.op === 'call') em.line(`${v};`);
        else if (hasEffects(s.expr)) em.line(`_ = ${v};`);
        return;
      }
      case 'if': {
        const c = this.truthy(s.cond, pre);
        this.withPre(pre);
        em.line(`if (${c}) {`);
        em.indent++;
        this.stmts(s.then);
        em.indent--;
        if (s.else.length) {
          em.line('} else {');
          em.indent++;
          this.stmts(s.else);
          em.indent--;
        }
        em.line('}');
        return;
      }
      case 'loop': {
        em.line('loop {');
        em.indent++;
        // The loop budget (see abi.ts): every loop ends, so a kernel can never hang the device's queue.
        em.line('if (numbat_spin()) { break; }');
        this.ctx.loops.count++;
        if (s.test) {
          const c = this.truthy(s.test, pre);
          this.withPre(pre);
          em.line(`if (!${c}) { break; }`);
        }
        this.stmts(s.body);
        if (s.continuing.length || s.postTest) {
          em.line('continuing {');
          em.indent++;
          this.stmts(s.continuing);
          if (s.postTest) {
            const post: string[] = [];
            const c = this.truthy(s.postTest, post);
            this.withPre(post);
            em.line(`break if !${c};`);
          }
          em.indent--;
          em.line('}');
        }
        em.indent--;
        em.line('}');
        return;
      }
      case 'throw':
        em.unsupported('a throw statement', 'a GPU kernel cannot raise an exception; check the inputs before the launch');
        return;
      case 'break':
        if (s.label) em.unsupported(`a labelled break (break ${s.label})`, 'WGSL has no labels: set a flag, break the inner loop and test the flag in the outer one');
        em.line('break;');
        return;
      case 'continue':
        if (s.label) em.unsupported(`a labelled continue (continue ${s.label})`, 'WGSL has no labels: set a flag, break the inner loop and test the flag in the outer one');
        em.line('continue;');
        return;
      case 'return': {
        if (!s.value) {
          em.line('return;');
          return;
        }
        const v = this.expr(s.value, pre);
        this.withPre(pre);
        em.line(`return ${this.ctx.returns ? this.asReturn(s.value, v) : v};`);
        return;
      }
    }
  }

  asReturn(value: Expr, v: string): string {
    const from = value.type.kind;
    const want = this.ctx.returns!;
    // f64-emulated: a df return (vec2<f32>) is not a storage row.
    if (want === 'df') return from === 'f64' ? v : from === 'bool' ? `select(vec2<f32>(0.0, 0.0), vec2<f32>(1.0, 0.0), ${v})` : `numbat_df_i32(${v})`;
    return storageRow(want).from(from === 'i32' || from === 'bool' ? from : 'f32', v);
  }
}

