/**
 * Over 400 lines, for now: the split into `gpu/wgsl/` (emission apart from array-use analysis, integer locals
 * and conversions) waits for issue 10's Math table, which takes over the one function that emits `Math.*`
 * calls (`FunctionEmitter.math`, kept whole here); moving the file around it meanwhile would conflict.
 *
 * The WGSL backend of the JIT: lowers the same typed, structured IR that `codegen-js` turns into JavaScript
 * into the body of a compute kernel (see `abi.ts` for the contract with the runtime). Each rule is small:
 *
 * | IR                          | WGSL                                                                 |
 * | --------------------------- | -------------------------------------------------------------------- |
 * | `f64` / `i32` / `bool`      | `f32` (WGSL has no f64: arithmetic is single precision) / `i32` / `bool` |
 * | index parameter(s)          | the invocation's global index (`i32`), from the entry point          |
 * | typed-array parameter       | storage buffer `a_<name>` (`f32`, `i32`, `u32` elements)              |
 * | scalar parameter            | field `s_<name>` of the uniform struct (`bool` as `u32`)             |
 * | `load` / `store`            | bounds-checked helpers: out of bounds reads NaN (0 for integer arrays), writes are dropped, as typed arrays do |
 * | `xs[i]` with the own index  | `a_xs[numbat_li]`: lets the runtime split arrays over dispatches     |
 * | `Math.random()`             | `numbat_random()`: Philox4x32-10 stream per invocation, 24-bit f32   |
 * | `Math.round`                | half up like JS (WGSL's `round` is half to even)                     |
 * | `Math.min`/`max`            | NaN-propagating like JS (WGSL's are not specified for NaN)           |
 * | `%` on floats, `**`         | WGSL `%` is JS's truncated remainder; `pow` handles negative bases   |
 * | bitwise operators           | JS ToInt32 (modular) of f32 operands, shift counts masked to 5 bits  |
 * | `&&` `||` `?:`              | `&&`/`||`/`select` when operands have no side effects, else `if`     |
 * | callees                     | WGSL functions (scalar parameters only)                              |
 *
 * Locals are declared at the top of each function (`var`), so JS block scoping and WGSL's `continuing` rules
 * never conflict. Every emitted line remembers the IR statement's source span, so a WGSL compile error points
 * at the JavaScript line it came from.
 *
 * @module
 */
import type { Expr, IRFunction, IRModule, MathCall, Span, Stmt } from '../jit/ir.js';
import type { Type } from '../jit/types.js';
import { recordCodegen, recording } from '../jit/record.js';
import { emitWgslMath } from '../jit/ops/math.js';
import { wgslIdent, type ArrayParam, type ElementType, type KernelParam, type KernelSpec, type Reduction, type SourcePosition } from './abi.js';

/**
 * A construct the GPU backend cannot lower, with where it is.
 *
 * @example
 * ```ts
 * try { await kernel.launch(n, xs); } catch (e) {
 *   if (e instanceof GpuUnsupportedError) console.log(e.construct, e.position?.line);
 * }
 * ```
 */
export class GpuUnsupportedError extends Error {
  /** Set so stack traces and `console.error` name this class rather than plain `Error`. */
  override readonly name = 'GpuUnsupportedError';
  constructor(
    /** What was rejected, e.g. `'Float64Array parameter xs'`. */
    readonly construct: string,
    detail: string,
    /** Where, when the IR statement carried a span. */
    readonly position?: SourcePosition,
    /** The statement's span in the function's source. */
    readonly span?: Span,
  ) {
    super(`${position ? `${position.file ? `${position.file}:` : 'line '}${position.line}${position.column ? `:${position.column}` : ''}: ` : ''}` +
      `cannot run ${construct} on the GPU: ${detail}${position?.text ? `\n${position.text}` : ''}`);
  }
}

/**
 * Options of {@link generateWgsl}.
 *
 * @example
 * ```ts
 * generateWgsl(module, { grid: 2, reduce: 'min', locate });
 * ```
 */
export interface WgslBackendOptions {
  /** Number of leading index parameters (1-D, 2-D or 3-D grid). */
  readonly grid: 1 | 2 | 3;
  /** How a returning kernel's values combine across invocations. Default `'sum'`. */
  readonly reduce?: Reduction;
  /** Maps an IR span to the user's source position (the JIT's locator); without it, errors carry no line. */
  readonly locate?: (span: Span) => SourcePosition | undefined;
}

const WGSL_HELPERS = /* wgsl */ `
var<private> numbat_bits_inf: u32 = 0x7f800000u;
var<private> numbat_bits_nan: u32 = 0x7fc00000u;
fn numbat_inf() -> f32 { return bitcast<f32>(numbat_bits_inf); }
fn numbat_nan() -> f32 { return bitcast<f32>(numbat_bits_nan); }
// NaN and infinity tested on the bits: WGSL lets an implementation assume floats are never NaN or infinite,
// so a real GPU compiler may fold \`x != x\` to false (lavapipe does not).
fn numbat_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn numbat_truthy(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) - 1u < 0x7f800000u; }
// JS ToInt32: truncate, then wrap modulo 2^32. Past 2^31 an f32 is a multiple of 256, so the wrap is exact.
fn numbat_toint32(x: f32) -> i32 {
  if ((bitcast<u32>(x) & 0x7fffffffu) >= 0x7f800000u) { return 0; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}
// An integer index kept exactly in i32 (w, modulo 2^32) with its f32 approximation (f): |f| >= 2^31 means the
// exact value is outside [-2^31, 2^31), past any array, even when w wrapped back into range.
fn numbat_iidx(w: i32, f: f32) -> u32 { if (abs(f) < 2147483648.0) { return bitcast<u32>(w); } return 0xffffffffu; }
// The f32 value of an integer local from its exact i32 (correctly rounded), unless the value left int32.
fn numbat_ifix(w: i32, f: f32) -> f32 { return select(f, f32(w), abs(f) < 2147483648.0); }
fn numbat_fidx(x: f32) -> u32 { if (x >= 0.0 && x < 4294967040.0 && trunc(x) == x) { return u32(x); } return 0xffffffffu; }
fn numbat_round(x: f32) -> f32 { let f = floor(x); return select(f, f + 1.0, x - f >= 0.5); }
fn numbat_min(a: f32, b: f32) -> f32 { return select(select(min(a, b), b, numbat_isnan(b)), a, numbat_isnan(a)); }
fn numbat_max(a: f32, b: f32) -> f32 { return select(select(max(a, b), b, numbat_isnan(b)), a, numbat_isnan(a)); }
fn numbat_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// JS's Math.pow special cases (ES2024 Number::exponentiate), then WGSL pow for finite positive bases.
fn numbat_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (numbat_isnan(x) || numbat_isnan(y)) { return numbat_nan(); }
  let odd = !numbat_isinf(y) && trunc(y) == y && trunc(y * 0.5) * 2.0 != y;
  let negative = (bitcast<u32>(x) >> 31u) == 1u;
  if (numbat_isinf(y)) {
    let ax = abs(x);
    if (ax == 1.0) { return numbat_nan(); }
    return select(0.0, numbat_inf(), (ax > 1.0) == (y > 0.0));
  }
  if (x == 0.0 || numbat_isinf(x)) {
    // 0^y and ∞^y: 0 or ∞ by the sign of y (inverted for a zero base), negative only for a negative base and odd y
    let r = select(0.0, numbat_inf(), (y > 0.0) == numbat_isinf(x));
    return select(r, -r, negative && odd);
  }
  if (x < 0.0) {
    if (trunc(y) != y) { return numbat_nan(); }
    let r = pow(-x, y);
    return select(r, -r, odd);
  }
  return pow(x, y);
}
// (u - 1) / log(u) keeps log1p and expm1 accurate near 0; the ratio is taken first so that nothing overflows
// before the result does.
fn numbat_log1p(x: f32) -> f32 { let u = 1.0 + x; if (u == 1.0) { return x; } if (u == numbat_inf()) { return u; } return log(u) * (x / (u - 1.0)); }
fn numbat_expm1(x: f32) -> f32 {
  let u = exp(x);
  if (u == 1.0) { return x; }
  if (u - 1.0 == -1.0) { return -1.0; }
  if (numbat_isinf(u)) { return u; }
  return (u - 1.0) * (x / log(u));
}
// Math.hypot of two: any ∞ gives ∞ even beside NaN; scaled by the larger magnitude so the squares neither
// overflow past 1.8e19 nor underflow below 1e-19.
fn numbat_hypot(a: f32, b: f32) -> f32 {
  if (numbat_isinf(a) || numbat_isinf(b)) { return numbat_inf(); }
  if (numbat_isnan(a) || numbat_isnan(b)) { return numbat_nan(); }
  let m = max(abs(a), abs(b));
  if (m == 0.0) { return 0.0; }
  let p = abs(a) / m;
  let q = abs(b) / m;
  return m * sqrt(p * p + q * q);
}
// atan2 with JS's answers for two zeros, which WGSL leaves unspecified: ±0 for a +0 x, ±π for a -0 x.
fn numbat_atan2(y: f32, x: f32) -> f32 {
  if (y == 0.0 && x == 0.0) {
    if ((bitcast<u32>(x) >> 31u) == 1u) { return select(3.14159265358979, -3.14159265358979, (bitcast<u32>(y) >> 31u) == 1u); }
    return y;
  }
  return atan2(y, x);
}
fn numbat_cbrt(x: f32) -> f32 { return sign(x) * pow(abs(x), 1.0 / 3.0); }
`;

const GPU_ELEMENTS: readonly string[] = ['f32', 'i32', 'u32'];

function hasEffects(e: Expr): boolean {
  let effects = false;
  const visit = (x: Expr): void => {
    if (x.op === 'random' || x.op === 'call') effects = true;
  };
  // forEachExpr works on statements; wrap the expression in one.
  walkExpr(e, visit);
  return effects;
}

function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.op) {
    case 'unary': case 'truthy': case 'convert': walkExpr(e.arg, visit); break;
    case 'binary': case 'compare': case 'logical': walkExpr(e.left, visit); walkExpr(e.right, visit); break;
    case 'select': walkExpr(e.cond, visit); walkExpr(e.then, visit); walkExpr(e.else, visit); break;
    case 'math': case 'call': e.args.forEach((a) => walkExpr(a, visit)); break;
    case 'length': walkExpr(e.array, visit); break;
    case 'load': walkExpr(e.array, visit); walkExpr(e.index, visit); break;
    case 'newArray': walkExpr(e.length, visit); break;
    case 'matrixLoad': case 'rowGet': walkExpr(e.row, visit); walkExpr(e.col, visit); break;
    case 'rowOf': walkExpr(e.index, visit); break;
    case 'tuple': e.items.forEach((a) => walkExpr(a, visit)); break;
    case 'tupleGet': walkExpr(e.tuple, visit); break;
    default: break;
  }
}

function walkStmts(stmts: readonly Stmt[], visitStmt: (s: Stmt) => void, visitExpr: (e: Expr) => void): void {
  for (const s of stmts) {
    visitStmt(s);
    switch (s.kind) {
      case 'declare': walkExpr(s.init, visitExpr); break;
      case 'assign': walkExpr(s.value, visitExpr); break;
      case 'store': walkExpr(s.array, visitExpr); walkExpr(s.index, visitExpr); walkExpr(s.value, visitExpr); break;
      case 'matrixStore': walkExpr(s.row, visitExpr); walkExpr(s.col, visitExpr); walkExpr(s.value, visitExpr); break;
      case 'expr': walkExpr(s.expr, visitExpr); break;
      case 'if': walkExpr(s.cond, visitExpr); walkStmts(s.then, visitStmt, visitExpr); walkStmts(s.else, visitStmt, visitExpr); break;
      case 'loop':
        if (s.test) walkExpr(s.test, visitExpr);
        walkStmts(s.body, visitStmt, visitExpr);
        walkStmts(s.continuing, visitStmt, visitExpr);
        if (s.postTest) walkExpr(s.postTest, visitExpr);
        break;
      case 'return': if (s.value) walkExpr(s.value, visitExpr); break;
      default: break;
    }
  }
}

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

class Emitter {
  readonly lines: string[] = [];
  readonly spans: (Span | undefined)[] = [];
  indent = 1;
  span: Span | undefined;
  temps = 0;

  constructor(private readonly fail: (construct: string, detail: string, span?: Span) => never) {}

  line(text: string): void {
    this.lines.push('  '.repeat(this.indent) + text);
    this.spans.push(this.span);
  }

  unsupported(construct: string, detail: string): never {
    return this.fail(construct, detail, this.span);
  }
}

interface FunctionContext {
  readonly fn: IRFunction;
  /** Array parameter name → its binding (entry only). */
  readonly arrays: ReadonlyMap<string, ArrayParam>;
  /** The entry's 1-D index parameter when it is never reassigned: `xs[i]` then uses `numbat_li`. */
  readonly ownIndex: string | undefined;
  readonly isEntry: boolean;
  /** For the entry of a reducing kernel: the WGSL type it returns. */
  readonly returns: ElementType | undefined;
  /** `f64` locals holding only integer arithmetic of int32 values: each also lives exactly in an i32 `w_<name>`. */
  readonly intLocals: ReadonlySet<string>;
  /** Filled while emitting: integer arrays read as integers where JS could read `undefined` (see checkedReads). */
  readonly checked: Map<string, 'own-index' | 'any-index'>;
  /** Filled while emitting: how many loops the kernel has. */
  readonly loops: { count: number };
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
 * Whether `e` is integer arithmetic (`+ - *`, negation) of int32 values, constants and `intLocals`, without
 * effects: the WGSL backend computes such an `f64` expression exactly in i32.
 *
 * @example
 * ```ts
 * isIntTree(lowered `y * nx + x`, new Set()); // true
 * ```
 */
export function isIntTree(e: Expr, intLocals: ReadonlySet<string>): boolean {
  if (e.type.kind === 'i32') return !hasEffects(e);
  if (e.op === 'local') return intLocals.has(e.name);
  if (e.op === 'convert') return e.arg.type.kind === 'i32' && !hasEffects(e.arg);
  if (e.op === 'const') return typeof e.value === 'number' && Number.isInteger(e.value) && Math.abs(e.value) <= 0x7fffffff;
  if (e.op === 'unary') return e.operator === 'neg' && isIntTree(e.arg, intLocals);
  if (e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul')) {
    return isIntTree(e.left, intLocals) && isIntTree(e.right, intLocals);
  }
  return false;
}

/**
 * The `f64` locals of `fn` (not parameters) whose every assignment is an {@link isIntTree}: lowering gives a
 * computed index such as `y * nx + x` an `f64` temporary (it may leave int32), and in f32 it would be exact
 * only up to 2^24. Such a local also lives exactly (modulo 2^32) in an i32, which indexing uses.
 */
function integerLocals(fn: IRFunction): Set<string> {
  const candidates = new Set(fn.locals.filter((l) => l.type.kind === 'f64' && !fn.params.some((p) => p.name === l.name)).map((l) => l.name));
  const writes: Array<{ name: string; value: Expr }> = [];
  walkStmts(fn.body, (s) => {
    if (s.kind === 'declare') writes.push({ name: s.name, value: s.init });
    if (s.kind === 'assign') writes.push({ name: s.name, value: s.value });
  }, () => undefined);
  for (let changed = true; changed;) {
    changed = false;
    for (const w of writes) {
      if (candidates.has(w.name) && !isIntTree(w.value, candidates)) {
        candidates.delete(w.name);
        changed = true;
      }
    }
  }
  return candidates;
}

function wgslType(t: Type, em: Emitter, what: string): 'f32' | 'i32' | 'bool' {
  if (t.kind === 'f64') return 'f32';
  if (t.kind === 'i32' || t.kind === 'bool') return t.kind;
  const names: Record<string, string> = {
    array: 'a typed array', matrix: 'a 2-D array (Array2D or number[][])', row: 'a matrix row', tuple: 'an array literal (tuple)',
    null: 'null', void: 'a void value',
  };
  return em.unsupported(`${names[t.kind] ?? t.kind} as ${what}`, 'GPU kernels take typed arrays as parameters and compute with numbers and booleans');
}

function local(name: string): string {
  return `v_${wgslIdent(name)}`;
}

class FunctionEmitter {
  constructor(
    private readonly em: Emitter,
    private readonly ctx: FunctionContext,
    private readonly module: IRModule,
  ) {}

  // ----------------------------------------------------------------------------------------- expressions

  private temp(type: string, pre: string[], init?: string): string {
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

  /** Converts an i32/f64 expression to i32 the JS ToInt32 way. */
  private toInt32(e: Expr, pre: string[]): string {
    const exact = e.type.kind === 'f64' ? this.intTree(e, pre) : undefined;
    if (exact !== undefined) return exact;
    // `x >>> k` is a uint32 typed f64; going through f32 would round it, so keep its bits.
    if (e.op === 'binary' && e.operator === 'ushr') {
      return `bitcast<i32>(bitcast<u32>(${this.toInt32(e.left, pre)}) >> (u32(${this.toInt32(e.right, pre)}) & 31u))`;
    }
    const s = this.expr(e, pre);
    if (e.type.kind === 'i32') return s;
    if (e.type.kind === 'bool') return `select(0i, 1i, ${s})`;
    return `numbat_toint32(${s})`;
  }

  private truthy(e: Expr, pre: string[]): string {
    const s = this.expr(e, pre);
    if (e.type.kind === 'bool') return s;
    if (e.type.kind === 'i32') return `(${s} != 0i)`;
    return `numbat_truthy(${s})`;
  }

  private arrayOf(e: Expr): ArrayParam {
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

  private index(e: Expr, pre: string[]): string {
    if (this.ctx.ownIndex !== undefined && e.op === 'local' && e.name === this.ctx.ownIndex) return 'numbat_li';
    if (e.type.kind === 'f64') {
      // An integer-valued index is computed exactly in i32 (modulo 2^32; negative values become huge, out of
      // bounds, as in JS), with its f32 value telling a wrapped value from a real one.
      if (isIntTree(e, this.ctx.intLocals)) {
        const exact = this.intTree(e, pre)!;
        return `numbat_iidx(${exact}, ${this.expr(e, pre)})`;
      }
      // A float index that is not a non-negative integer reads `undefined` in JS: make it out of bounds.
      return `numbat_fidx(${this.expr(e, pre)})`;
    }
    return `u32(${this.toInt32(e, pre)})`;
  }

  /** Lowers `e`, pushing any statements it needs first (temporaries for lazy operators) onto `pre`. */
  expr(e: Expr, pre: string[]): string {
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
      case 'unary': {
        if (e.operator === 'neg') return `(-${this.expr(e.arg, pre)})`;
        if (e.operator === 'not') return `(!${this.truthy(e.arg, pre)})`;
        if (e.operator === 'bitnot') {
          const r = `(~${this.toInt32(e.arg, pre)})`;
          return e.type.kind === 'i32' ? r : `f32${r}`;
        }
        if (String(e.operator) === 'square') {
          const t = this.temp(wgslType(e.type, em, 'a value'), pre, this.expr(e.arg, pre));
          return `(${t} * ${t})`;
        }
        return em.unsupported(`the operator ${String(e.operator)}`, 'not supported by the WGSL backend');
      }
      case 'binary':
        return this.binary(e, pre);
      case 'compare': {
        const ops = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' } as const;
        return `(${this.expr(e.left, pre)} ${ops[e.operator]} ${this.expr(e.right, pre)})`;
      }
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
        if (!preThen.length && !preElse.length && !hasEffects(e.then) && !hasEffects(e.else)) return `select(${b}, ${a}, ${cond})`;
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
        const test = type === 'bool' ? t : type === 'i32' ? `(${t} != 0i)` : `numbat_truthy(${t})`;
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
        const args = e.args.map((a) => this.expr(a, pre));
        return `f_${wgslIdent(e.callee)}(${args.join(', ')})`;
      }
      case 'newArray':
        return em.unsupported('a typed-array allocation', 'GPU kernels cannot allocate memory; pass an output array as a parameter');
      case 'rows': case 'cols': case 'matrixLoad': case 'rowOf': case 'rowGet': case 'nullRow':
        return em.unsupported('a 2-D array (Array2D or number[][])', 'pass a flat Float32Array and index it as data[row * cols + col]');
      case 'tuple': case 'tupleGet':
        return em.unsupported('an array literal (tuple)', 'a GPU kernel returns one number, reduced across invocations');
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
    if (a.element === 'f32') {
      const raw = `numbat_ld_${id}(${index})`;
      return to === 'f32' ? raw : `numbat_toint32(${raw})`;
    }
    if (mode === 'nan') return `numbat_ldf_${id}(${index})`;
    let raw = `numbat_ld_${id}(${index})`;
    if (mode === 'checked') {
      raw = `numbat_ldc_${id}(${index})`;
      const where = index === 'numbat_li' ? 'own-index' : 'any-index';
      if (this.ctx.checked.get(a.name) !== 'any-index') this.ctx.checked.set(a.name, where);
    }
    if (a.element === 'i32') return to === 'i32' ? raw : `f32(${raw})`;
    return to === 'i32' ? `bitcast<i32>(${raw})` : `f32(${raw})`;
  }

  private binary(e: Extract<Expr, { op: 'binary' }>, pre: string[]): string {
    const op = e.operator;
    if (op === 'add' || op === 'sub' || op === 'mul' || op === 'div' || op === 'mod') {
      const sym = { add: '+', sub: '-', mul: '*', div: '/', mod: '%' }[op];
      return `(${this.expr(e.left, pre)} ${sym} ${this.expr(e.right, pre)})`;
    }
    if (op === 'pow') {
      const a = this.expr(e.left, pre);
      const b = this.expr(e.right, pre);
      const asF = (x: string, t: Type): string => (t.kind === 'i32' ? `f32(${x})` : x);
      const r = `numbat_pow(${asF(a, e.left.type)}, ${asF(b, e.right.type)})`;
      return e.type.kind === 'i32' ? `i32(${r})` : r;
    }
    const a = this.toInt32(e.left, pre);
    const b = this.toInt32(e.right, pre);
    let r: string;
    switch (op) {
      case 'and': r = `(${a} & ${b})`; break;
      case 'or': r = `(${a} | ${b})`; break;
      case 'xor': r = `(${a} ^ ${b})`; break;
      case 'shl': r = `(${a} << (u32(${b}) & 31u))`; break;
      case 'shr': r = `(${a} >> (u32(${b}) & 31u))`; break;
      case 'ushr': {
        const u = `(bitcast<u32>(${a}) >> (u32(${b}) & 31u))`;
        return e.type.kind === 'i32' ? `bitcast<i32>${u}` : `f32${u}`;
      }
      default:
        return this.em.unsupported(`the operator ${String(op)}`, 'not supported by the WGSL backend');
    }
    return e.type.kind === 'i32' ? r : `f32${r}`;
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
          em.line(`{ let w = ${w}; let f = ${v}; w_${wgslIdent(s.name)} = w; ${local(s.name)} = numbat_ifix(w, f); }`);
          return;
        }
        this.withPre(pre);
        em.line(`${local(s.name)} = ${v};`);
        return;
      }
      case 'store': {
        const a = this.arrayOf(s.array);
        if (!GPU_ELEMENTS.includes(a.element)) em.unsupported(`storing into ${a.element}`, 'unsupported element type');
        const idx = this.index(s.index, pre);
        const from = s.value.type.kind;
        let v: string;
        if (s.value.op === 'load' && s.value.type.kind === 'i32') {
          // undefined stored: NaN in a float array, 0 in an integer one, as typed arrays do
          const l = this.load(s.value, a.element === 'f32' ? 'nan' : 'zero', pre);
          v = a.element === 'u32' ? `bitcast<u32>(${l})` : l;
        } else if (a.element === 'f32') {
          v = this.expr(s.value, pre);
          v = from === 'i32' ? `f32(${v})` : from === 'bool' ? `select(0.0f, 1.0f, ${v})` : v;
        } else {
          const i = this.toInt32(s.value, pre);
          v = a.element === 'i32' ? i : `bitcast<u32>(${i})`;
        }
        this.withPre(pre);
        em.line(`numbat_st_${wgslIdent(a.name)}(${idx}, ${v});`);
        return;
      }
      case 'matrixStore':
        em.unsupported('a 2-D array (Array2D) store', 'pass a flat Float32Array and index it as data[row * cols + col]');
        return;
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
        em.line('break;');
        return;
      case 'continue':
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
    const want = this.ctx.returns!;
    const from = value.type.kind;
    if (want === 'f32') return from === 'i32' ? `f32(${v})` : from === 'bool' ? `select(0.0f, 1.0f, ${v})` : v;
    if (want === 'u32') return from === 'bool' ? `select(0u, 1u, ${v})` : `bitcast<u32>(${from === 'i32' ? v : `numbat_toint32(${v})`})`;
    return from === 'bool' ? `select(0i, 1i, ${v})` : from === 'i32' ? v : `numbat_toint32(${v})`;
  }
}

/** The element types a GPU array parameter may have; anything else gets a specific error. */
function checkArrayElement(name: string, element: string, fail: (c: string, d: string) => never): ElementType {
  if (element === 'f32' || element === 'i32' || element === 'u32') return element;
  if (element === 'f64') {
    return fail(
      `the Float64Array parameter '${name}'`,
      'WGSL has no 64-bit floats: pass a Float32Array (Float32Array.from(xs)), or launch with { convertFloat64: true }',
    );
  }
  return fail(`the ${element} array parameter '${name}'`, 'GPU storage buffers hold Float32Array, Int32Array or Uint32Array');
}

/**
 * Lowers one specialization of a kernel (the JIT's {@link IRModule}, entry last) to a {@link KernelSpec}: the
 * WGSL body, its parameters (which arrays are written, which are accessed only at the kernel's own index),
 * whether it draws random numbers, what it returns and how that is reduced.
 *
 * @example
 * ```ts
 * const spec = generateWgsl(irModule, { grid: 1 });
 * console.log(spec.body); // fn numbat_kernel(numbat_g0: i32) { ... }
 * ```
 */
export function generateWgsl(module: IRModule, options: WgslBackendOptions): KernelSpec {
  const entry = module.functions.find((f) => f.name === module.entry);
  if (!entry) throw new Error(`gpu: the IR module has no entry function ${module.entry}`);
  const fail = (construct: string, detail: string, span?: Span): never => {
    throw new GpuUnsupportedError(construct, detail, span ? options.locate?.(span) : undefined, span);
  };
  const em = new Emitter(fail);
  const grid = options.grid;
  if (entry.params.length < grid) {
    fail(`a ${grid}-D kernel with ${entry.params.length} parameter(s)`, `its first ${grid} parameters are the invocation's indices`);
  }
  for (const p of entry.params.slice(0, grid)) {
    if (p.type.kind !== 'i32' && p.type.kind !== 'f64') fail(`the index parameter '${p.name}' of type ${p.type.kind}`, 'index parameters are integers');
  }

  // What each array parameter needs: written? accessed only at the own index?
  const assigned = new Set<string>();
  const stored = new Set<string>();
  const foreign = new Set<string>(); // arrays accessed at some other index
  const indexName = grid === 1 ? entry.params[0]!.name : undefined;
  walkStmts(
    entry.body,
    (s) => {
      if (s.kind === 'assign' || s.kind === 'declare') assigned.add(s.name);
      if (s.kind === 'store' && s.array.op === 'local') {
        stored.add(s.array.name);
        if (!(s.index.op === 'local' && s.index.name === indexName)) foreign.add(s.array.name);
      }
    },
    (e) => {
      if (e.op === 'load' && e.array.op === 'local' && !(e.index.op === 'local' && e.index.name === indexName)) foreign.add(e.array.name);
    },
  );
  const ownIndex = indexName !== undefined && !assigned.has(indexName) ? indexName : undefined;

  // Output-only arrays stored at the own index by a top-level statement, before any statement that could end
  // the invocation or skip the store: every element < n is written, so the launch need not upload them.
  const loaded = new Set<string>();
  walkStmts(entry.body, () => undefined, (e) => {
    if ((e.op === 'load' || e.op === 'length') && e.array.op === 'local') loaded.add(e.array.name);
  });
  const overwritten = new Set<string>();
  const mayExit = (s: Stmt): boolean => {
    let exits = false;
    walkStmts([s], (x) => { if (x.kind === 'return' || x.kind === 'break' || x.kind === 'continue') exits = true; }, () => undefined);
    return exits;
  };
  if (ownIndex !== undefined) {
    for (const s of entry.body) {
      if (s.kind === 'store' && s.array.op === 'local' && s.index.op === 'local' && s.index.name === ownIndex) overwritten.add(s.array.name);
      if (mayExit(s)) break;
    }
  }

  const params: KernelParam[] = [];
  const arrays = new Map<string, ArrayParam>();
  for (const p of entry.params.slice(grid)) {
    if (p.type.kind === 'array') {
      const element = checkArrayElement(p.name, p.type.element, (c, d) => fail(c, d));
      const param: ArrayParam = {
        kind: 'array', name: p.name, element, writes: stored.has(p.name), elementwise: ownIndex !== undefined && !foreign.has(p.name),
        overwrites: overwritten.has(p.name) && !loaded.has(p.name) && !foreign.has(p.name),
      };
      params.push(param);
      arrays.set(p.name, param);
    } else if (p.type.kind === 'i32' || p.type.kind === 'f64' || p.type.kind === 'bool') {
      params.push({ kind: 'scalar', name: p.name, type: p.type.kind === 'f64' ? 'f32' : p.type.kind });
    } else {
      wgslType(p.type, em, `the parameter '${p.name}'`);
    }
  }

  let returns: ElementType | undefined;
  if (entry.returnType.kind !== 'void') {
    const t = entry.returnType.kind;
    if (t === 'f64') returns = 'f32';
    else if (t === 'i32') returns = 'i32';
    else if (t === 'bool') returns = 'u32';
    else fail(`returning ${t === 'tuple' ? 'an array literal (tuple)' : t}`, 'a GPU kernel returns one number per invocation, reduced across invocations');
  }
  if (options.reduce && !returns) fail('a reduce option on a kernel that returns nothing', "return a number from the kernel to reduce it with 'sum', 'min' or 'max'");

  let usesRandom = false;
  const checked = new Map<string, 'own-index' | 'any-index'>();
  const loops = { count: 0 };
  const out: string[] = [];
  const spans: (Span | undefined)[] = [];
  const flush = (): void => {
    out.push(...em.lines);
    spans.push(...em.spans);
    em.lines.length = 0;
    em.spans.length = 0;
  };
  out.push(...WGSL_HELPERS.trim().split('\n'));
  spans.push(...out.map(() => undefined));

  // Bounds-checked accessors, one per array: out of bounds reads NaN (0 for integers), writes are dropped.
  for (const a of arrays.values()) {
    const id = wgslIdent(a.name);
    const oob = a.element === 'f32' ? 'numbat_nan()' : a.element === 'i32' ? '0i' : '0u';
    out.push(`fn numbat_ld_${id}(k: u32) -> ${a.element} { if (k < arrayLength(&a_${id})) { return a_${id}[k]; } return ${oob}; }`);
    spans.push(undefined);
    if (a.element !== 'f32') {
      out.push(`fn numbat_ldf_${id}(k: u32) -> f32 { if (k < arrayLength(&a_${id})) { return f32(a_${id}[k]); } return numbat_nan(); }`);
      spans.push(undefined);
    }
    if (a.writes) {
      out.push(`fn numbat_st_${id}(k: u32, v: ${a.element}) { if (k < arrayLength(&a_${id})) { a_${id}[k] = v; } }`);
      spans.push(undefined);
    }
  }

  for (const fn of module.functions) {
    const isEntry = fn === entry;
    if (fn.usesRandom) usesRandom = true;
    em.span = undefined;
    em.indent = 1;
    const intLocals = integerLocals(fn);
    const ctx: FunctionContext = {
      fn, arrays: isEntry ? arrays : new Map(), ownIndex: isEntry ? ownIndex : undefined, isEntry, returns: isEntry ? returns : undefined, intLocals, checked, loops,
    };
    const fe = new FunctionEmitter(em, ctx, module);
    const signature: string[] = [];
    const copies: string[] = [];
    fn.params.forEach((p, k) => {
      if (isEntry && k < grid) {
        signature.push(`numbat_g${k}: i32`);
        copies.push(`var ${local(p.name)}: ${p.type.kind === 'i32' ? 'i32' : 'f32'} = ${p.type.kind === 'i32' ? `numbat_g${k}` : `f32(numbat_g${k})`};`);
        return;
      }
      if (isEntry && arrays.has(p.name)) return;
      if (isEntry) {
        const t = wgslType(p.type, em, `the parameter '${p.name}'`);
        const id = wgslIdent(p.name);
        copies.push(`var ${local(p.name)}: ${t} = ${t === 'bool' ? `numbat_P.s_${id} != 0u` : `numbat_P.s_${id}`};`);
        return;
      }
      const t = wgslType(p.type, em, `a parameter of the helper ${fn.name}`);
      signature.push(`p_${wgslIdent(p.name)}: ${t}`);
      copies.push(`var ${local(p.name)}: ${t} = p_${wgslIdent(p.name)};`);
    });
    const ret = isEntry ? returns : fn.returnType.kind === 'void' ? undefined : wgslType(fn.returnType, em, `the result of ${fn.name}`);
    const fname = isEntry ? 'numbat_kernel' : `f_${wgslIdent(fn.name)}`;
    em.lines.push(`fn ${fname}(${signature.join(', ')})${ret ? ` -> ${ret}` : ''} {`);
    em.spans.push(undefined);
    for (const c of copies) em.line(c);
    for (const l of fn.locals) {
      if (fn.params.some((p) => p.name === l.name)) continue;
      if (l.type.kind === 'array') continue; // rejected at its declaration, with its line
      em.line(`var ${local(l.name)}: ${wgslType(l.type, em, `the variable '${l.name}'`)};`);
      if (intLocals.has(l.name)) em.line(`var w_${wgslIdent(l.name)}: i32;`);
    }
    fe.stmts(fn.body);
    const last = fn.body[fn.body.length - 1];
    // WGSL requires a function with a result to end in a return; JS would return undefined (NaN in a sum).
    if (ret && last?.kind !== 'return') em.line(`return ${ret === 'f32' ? 'numbat_nan()' : ret === 'bool' ? 'false' : `${ret}(0)`};`);
    em.lines.push('}');
    em.spans.push(undefined);
    flush();
  }

  // Checked integer reads: flag bit k (k-th array parameter) and read 0; the launch then rejects.
  const arrayParams = params.filter((p): p is ArrayParam => p.kind === 'array');
  arrayParams.forEach((a, k) => {
    if (!checked.has(a.name)) return;
    const id = wgslIdent(a.name);
    out.push(
      `fn numbat_ldc_${id}(k: u32) -> ${a.element} { if (k < arrayLength(&a_${id})) { return a_${id}[k]; } numbat_flag_oob(${2 ** Math.min(k, 30)}u); return ${a.element}(0); }`,
    );
    spans.push(undefined);
  });
  const finalParams = params.map((p) => (p.kind === 'array' && checked.has(p.name) ? { ...p, checkedReads: checked.get(p.name)! } : p));

  const locate = options.locate;
  return recordKernel(module, options, {
    name: entry.name,
    grid,
    params: finalParams,
    body: out.join('\n'),
    usesRandom,
    ...(loops.count > 0 ? { boundedLoops: true } : {}),
    ...(returns ? { returns, reduce: options.reduce ?? 'sum' } : {}),
    ...(locate
      ? {
          locate: (line: number) => {
            // A line without a span (a brace, a helper) takes the nearest statement above it.
            for (let k = Math.min(line, spans.length - 1); k >= 0; k--) {
              const s = spans[k];
              if (s) return locate(s);
            }
            return undefined;
          },
        }
      : {}),
  });
}

/** Hands the spec to the code-generation recorder (`NUMBAT_RECORD_CODEGEN`, see `jit/record.ts`) when it is on. */
function recordKernel(module: IRModule, options: WgslBackendOptions, spec: KernelSpec): KernelSpec {
  if (recording) {
    const { locate: _, ...rest } = spec;
    recordCodegen('wgsl', spec.name, `${JSON.stringify(module)}\n${options.grid} ${options.reduce ?? ''}`, `${spec.body}\n${JSON.stringify({ ...rest, body: undefined })}\n`);
  }
  return spec;
}
