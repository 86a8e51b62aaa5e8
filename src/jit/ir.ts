/**
 * The JIT's intermediate representation: small, typed, structured, and backend-neutral.
 *
 * `lower.ts` builds it from the typed AST; `codegen-js.ts` turns it into JavaScript, and a WGSL backend
 * (`@gpu`) lowers the same tree. Three rules make that possible:
 *
 * 1. **Every expression carries its {@link Type}.** Conversions are explicit ({@link Convert} from `i32` to
 *    `f64`), so a backend with distinct integer and float types never guesses.
 * 2. **Control flow is structured**: `if`, `loop` (with optional pre-test, `continuing` block and post-test),
 *    `break`, `continue`, `return`. No gotos and no labels: `break`/`continue` refer to the innermost loop.
 *    This is exactly the shape WGSL's `loop { … continuing { break if … } }` accepts.
 * 3. **Operators name exact JavaScript semantics**, so each backend implements them bit for bit:
 *    - arithmetic on `f64` is IEEE-754 double arithmetic as in JS; `mod` is JS `%` (C `fmod`: the result has
 *      the dividend's sign, `x % 0` is NaN); `pow` is JS `**` / `Math.pow` (`NaN ** 0 === 1`,
 *      `(±1) ** ±Infinity` is NaN).
 *    - an expression is typed `i32` only when inference proved the exact JS result is an int32 that is never
 *      `-0`: on `i32`, `add`/`sub`/`mul`/`mod`/`neg` never overflow and a backend may use integer instructions.
 *      `div` always yields `f64`.
 *    - bitwise operators (`and or xor shl shr ushr bitnot`) apply JS ToInt32 to operands of any numeric type
 *      (modular conversion of the double, NaN/±Infinity → 0) and wrap like JS; `ushr` yields a uint32 and is
 *      therefore typed `f64` unless proved to fit int32. `imul` is `Math.imul`.
 *    - comparisons on numbers follow IEEE (NaN compares false, `-0 === 0`); `eq`/`ne` on booleans compare
 *      booleans. {@link Truthy} is JS ToBoolean of a number (`x !== 0 && x === x`).
 *    - `logical` (`&&`, `||`) and `select` (`?:`) evaluate lazily, like JS.
 *    - math functions are the JS `Math.*` functions of the same name with their exact edge cases
 *      (`round` rounds half up toward +∞ and keeps `-0`: `Math.round(-0.4) === -0`; `min`/`max` propagate NaN
 *      and order `-0 < +0`; `sign` keeps `-0`). Transcendentals (`sin`, `exp`, …) are whatever the platform's
 *      `Math` gives: backends without the same libm document their ulp error.
 *    - `random` is numbat's seedable PRNG (see `random.ts`): uniform in [0, 1), 53-bit resolution on the JS
 *      backend.
 *    - typed array `load`/`store` follow typed-array element conversion on store (ToInt32 wraparound for
 *      `i32`, ToUint8Clamp with round-half-even for `u8c`, `Math.fround` for `f32`, …); a load never returns
 *      `-0` for integer kinds. Out-of-bounds typed array loads are JS `undefined` in the JS backend (exactly
 *      as the plain function); other backends must bounds-check.
 *    - matrices are row-major f64 (`data[row * cols + col]`); a `row` value is an int32 row index, `-1` for
 *      `null`. {@link RowOf} checks the index (a RangeError where the plain code would read `undefined`),
 *      {@link RowGet} checks the column the same way and throws a TypeError on a `null` row.
 *
 * Locals are unique per function (lowering renames shadowed bindings, `x$1`; lowering's temporaries start
 * with `$`) and listed with their types in {@link IRFunction.locals}; a {@link Declare} marks where JS scoping
 * (re)initializes one (a `let` inside a loop body is re-declared each iteration). A `var` is declared once at
 * the top of its function with a zero of its type (inference proved every read follows an assignment); a
 * `if` on the constant `true` with no `else` wraps a `for`/`for…of` to scope its loop variables (a block).
 *
 * Matrices exist only as parameters: `matrix` fields name a parameter of type `matrix`, and a `Call` passes a
 * matrix argument as a `Local` of that parameter (the JS backend expands it to data, rows, cols). Only the
 * entry function returns rows (as the caller's own row objects); callees return scalars, tuples or arrays.
 * `Random` draws from one stream shared by the entry and its callees.
 *
 * @module
 */
import type { ElementKind, Type } from './types.js';

/**
 * A position in the user's function: offsets into `fn.toString()`, for error messages.
 *
 * @example
 * ```ts
 * const span: Span = { start: 12, end: 30 }; // fn.toString().slice(12, 30)
 * ```
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

// ---------------------------------------------------------------------------------------------- expressions

/**
 * Arithmetic and bitwise operators, with the JS semantics described in the module comment.
 *
 * @example
 * ```ts
 * const e: Binary = { op: 'binary', type: F64, operator: 'mod', left: a, right: b }; // a % b
 * ```
 */
export type BinaryOperator =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow'
  | 'and' | 'or' | 'xor' | 'shl' | 'shr' | 'ushr';

/**
 * Comparisons; `eq`/`ne` are `===`/`!==`.
 *
 * @example
 * ```ts
 * const test: Compare = { op: 'compare', type: BOOL, operator: 'lt', left: i, right: n };
 * ```
 */
export type CompareOperator = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/**
 * Unary operators. `square` is JS `x ** 2`, which V8 computes exactly as `x * x` (the only exponent where
 * that holds bit for bit; `x ** 3` stays `pow`).
 *
 * @example
 * ```ts
 * const sq: Unary = { op: 'unary', type: F64, operator: 'square', arg: d }; // d ** 2
 * ```
 */
export type UnaryOperator = 'neg' | 'not' | 'bitnot' | 'square';

/**
 * `Math.*` functions available to compiled code (argument counts as in JS; `min`/`max`/`hypot` are variadic).
 *
 * @example
 * ```ts
 * const root: MathCall = { op: 'math', type: F64, fn: 'sqrt', args: [variance] };
 * ```
 */
export type MathFunction =
  | 'sqrt' | 'abs' | 'exp' | 'log' | 'sin' | 'cos' | 'tan' | 'atan2' | 'floor' | 'ceil' | 'round'
  | 'min' | 'max' | 'pow' | 'hypot' | 'trunc' | 'sign' | 'imul' | 'fround' | 'asin' | 'acos' | 'atan'
  | 'sinh' | 'cosh' | 'tanh' | 'log2' | 'log10' | 'log1p' | 'expm1' | 'cbrt';

/** A number or boolean literal (`value` already a JS number for numeric types). */
export interface Const { readonly op: 'const'; readonly type: Type; readonly value: number | boolean }
/** Reads a local or parameter. */
export interface Local { readonly op: 'local'; readonly type: Type; readonly name: string }
export interface Unary { readonly op: 'unary'; readonly type: Type; readonly operator: UnaryOperator; readonly arg: Expr }
export interface Binary {
  readonly op: 'binary'; readonly type: Type; readonly operator: BinaryOperator; readonly left: Expr; readonly right: Expr;
}
/** Numeric or boolean comparison; always `bool`. Operands have the same type (after {@link Convert}). */
export interface Compare {
  readonly op: 'compare'; readonly type: Type; readonly operator: CompareOperator; readonly left: Expr; readonly right: Expr;
}
/** JS `&&` / `||`: yields one of the operands (both of this expression's type), right evaluated lazily. */
export interface Logical {
  readonly op: 'logical'; readonly type: Type; readonly operator: 'and' | 'or'; readonly left: Expr; readonly right: Expr;
}
/** JS `cond ? a : b`, lazily evaluated. */
export interface Select { readonly op: 'select'; readonly type: Type; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
/** JS ToBoolean of a number: `x !== 0 && !isNaN(x)`. */
export interface Truthy { readonly op: 'truthy'; readonly type: Type; readonly arg: Expr }
/**
 * Exact conversion between `i32` and `f64`: widening `i32` → `f64`, or `f64` → `i32` where inference proved
 * the value is an int32 (e.g. `x % 10` computed in f64 on a large integer `x`). Never rounds or wraps.
 */
export interface Convert { readonly op: 'convert'; readonly type: Type; readonly arg: Expr }
export interface MathCall { readonly op: 'math'; readonly type: Type; readonly fn: MathFunction; readonly args: readonly Expr[] }
/** A uniform double in [0, 1) from numbat's seedable PRNG. */
export interface Random { readonly op: 'random'; readonly type: Type }
/** `Math.PI`, `Math.E`, … are folded into {@link Const}; this is `.length` of a typed array (`i32`). */
export interface Length { readonly op: 'length'; readonly type: Type; readonly array: Expr }
/**
 * Typed array element; `type` is `f64` or `i32` depending on the element kind. The index may be `f64`: a
 * non-integer or out-of-range index reads JS `undefined`, exactly as the plain code.
 */
export interface Load {
  readonly op: 'load'; readonly type: Type; readonly element: ElementKind; readonly array: Expr; readonly index: Expr;
}
/** `new Float64Array(length)` and friends: zero-filled. */
export interface NewArray { readonly op: 'newArray'; readonly type: Type; readonly element: ElementKind; readonly length: Expr }
/** Rows or columns of a matrix local (`i32`). */
export interface MatrixDim { readonly op: 'rows' | 'cols'; readonly type: Type; readonly matrix: string }
/** `m.get(row, col)` on an Array2D local (`f64`): unchecked, exactly `data[row * cols + col]` as `Array2D.get`. */
export interface MatrixLoad { readonly op: 'matrixLoad'; readonly type: Type; readonly matrix: string; readonly row: Expr; readonly col: Expr }
/** `points[i]` / `m.row(i)`: the row value (its index) after a bounds check, skipped when `inBounds` was proved. */
export interface RowOf {
  readonly op: 'rowOf'; readonly type: Type; readonly matrix: string; readonly index: Expr; readonly inBounds?: boolean;
}
/**
 * `row[k]`: element k of a row (`f64`). A column outside `[0, cols)` reads JS `undefined` (as the plain code
 * does on a row array); a null row throws a TypeError.
 */
export interface RowGet { readonly op: 'rowGet'; readonly type: Type; readonly matrix: string; readonly row: Expr; readonly col: Expr }
/** The `null` row (index -1). */
export interface NullRow { readonly op: 'nullRow'; readonly type: Type }
/** Calls another function of the same {@link IRModule}. */
export interface Call { readonly op: 'call'; readonly type: Type; readonly callee: string; readonly args: readonly Expr[] }
/** Builds a tuple (only as a returned value or a tuple local's initializer). */
export interface MakeTuple { readonly op: 'tuple'; readonly type: Type; readonly items: readonly Expr[] }
/** Item `index` (a constant) of a tuple-typed expression. */
export interface TupleGet { readonly op: 'tupleGet'; readonly type: Type; readonly tuple: Expr; readonly index: number }

/**
 * Every IR expression, discriminated by `op`; each carries its {@link Type}.
 *
 * @example
 * ```ts
 * const x: Expr = { op: 'load', type: F64, element: 'f64', array: { op: 'local', type: F64A, name: 'xs' }, index: i };
 * ```
 */
export type Expr =
  | Const | Local | Unary | Binary | Compare | Logical | Select | Truthy | Convert | MathCall | Random
  | Length | Load | NewArray | MatrixDim | MatrixLoad | RowOf | RowGet | NullRow | Call | MakeTuple | TupleGet;

// ----------------------------------------------------------------------------------------------- statements

/** Marks where a local is (re)initialized, as JS `let`/`const`/`var` does. */
export interface Declare { readonly kind: 'declare'; readonly name: string; readonly init: Expr; readonly span?: Span }
export interface Assign { readonly kind: 'assign'; readonly name: string; readonly value: Expr; readonly span?: Span }
/** `array[index] = value` with typed-array conversion of `value`. */
export interface Store {
  readonly kind: 'store'; readonly element: ElementKind; readonly array: Expr; readonly index: Expr; readonly value: Expr; readonly span?: Span;
}
/**
 * `m.set(row, col, value)` on an Array2D matrix local: unchecked, exactly `data[row * cols + col] = value` as
 * `Array2D.set` does. With `checked`, it is `row[col] = value` on a row view: a column outside `[0, cols)`
 * writes nothing (typed array semantics) and a null row throws a TypeError.
 */
export interface MatrixStore {
  readonly kind: 'matrixStore'; readonly matrix: string; readonly row: Expr; readonly col: Expr; readonly value: Expr;
  readonly checked?: boolean; readonly span?: Span;
}
/** An expression evaluated for its effects (a call). */
export interface ExprStmt { readonly kind: 'expr'; readonly expr: Expr; readonly span?: Span }
export interface If { readonly kind: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else: readonly Stmt[] }
/**
 * The one loop: `while (test) { body; continuing }` with an optional post-test:
 * each iteration checks `test` (if any; false exits), runs `body`, then `continuing` (also reached by
 * `continue`), then checks `postTest` (if any; false exits). `for`, `while`, `do…while` and `for…of` all lower
 * to it; `for`'s update goes into `continuing`, `do…while`'s condition into `postTest`.
 *
 * @example
 * ```ts
 * // for (let i = 0; i < n; i++) body
 * const loop: Loop = { kind: 'loop', test: iLessN, body, continuing: [incrementI], postTest: null };
 * ```
 */
export interface Loop {
  readonly kind: 'loop';
  readonly test: Expr | null;
  readonly body: readonly Stmt[];
  readonly continuing: readonly Stmt[];
  readonly postTest: Expr | null;
}
export interface Break { readonly kind: 'break' }
export interface Continue { readonly kind: 'continue' }
export interface Return { readonly kind: 'return'; readonly value: Expr | null }

/**
 * Every IR statement, discriminated by `kind`.
 *
 * @example
 * ```ts
 * const s: Stmt = { kind: 'assign', name: 'mean', value: { op: 'binary', type: F64, operator: 'add', left: mean, right: x } };
 * ```
 */
export type Stmt = Declare | Assign | Store | MatrixStore | ExprStmt | If | Loop | Break | Continue | Return;

// ------------------------------------------------------------------------------------------------ functions

/**
 * A parameter or local: unique name and type.
 *
 * @example
 * ```ts
 * const p: Param = { name: 'xs', type: { kind: 'array', element: 'f64' } };
 * ```
 */
export interface Param { readonly name: string; readonly type: Type }

/**
 * One specialized function: typed parameters, every local with its type, a structured body.
 *
 * @example
 * ```ts
 * const f = lowerToIR(std, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * f.params; // [{ name: 'xs', type: { kind: 'array', element: 'f64' } }]
 * ```
 */
export interface IRFunction {
  /** Unique within the module (e.g. `std`, `cnd$1`). */
  readonly name: string;
  readonly params: readonly Param[];
  /** Every local except parameters, with its single type. */
  readonly locals: readonly Param[];
  readonly returnType: Type;
  readonly body: readonly Stmt[];
  /** True if the body (not its callees) uses {@link Random}. */
  readonly usesRandom: boolean;
}

/**
 * A compiled specialization: the entry function and every helper or memoJit callee it calls.
 *
 * @example
 * ```ts
 * const module = lowerToIR(blackScholes, argTypes);
 * module.functions.map((f) => f.name); // ['cnd', 'blackScholes']
 * ```
 */
export interface IRModule {
  readonly entry: string;
  /** Callees before callers; the entry last. */
  readonly functions: readonly IRFunction[];
}

// ----------------------------------------------------------------------------------------------- utilities

/**
 * Calls `visit` on every expression in a statement list, depth first.
 *
 * @example
 * ```ts
 * let draws = 0;
 * forEachExpr(f.body, (e) => { if (e.op === 'random') draws++; });
 * ```
 */
export function forEachExpr(stmts: readonly Stmt[], visit: (e: Expr) => void): void {
  const expr = (e: Expr): void => {
    visit(e);
    switch (e.op) {
      case 'unary': case 'truthy': case 'convert': expr(e.arg); break;
      case 'binary': case 'compare': case 'logical': expr(e.left); expr(e.right); break;
      case 'select': expr(e.cond); expr(e.then); expr(e.else); break;
      case 'math': case 'call': e.args.forEach(expr); break;
      case 'length': expr(e.array); break;
      case 'load': expr(e.array); expr(e.index); break;
      case 'newArray': expr(e.length); break;
      case 'matrixLoad': case 'rowGet': expr(e.row); expr(e.col); break;
      case 'rowOf': expr(e.index); break;
      case 'tuple': e.items.forEach(expr); break;
      case 'tupleGet': expr(e.tuple); break;
      default: break;
    }
  };
  const stmt = (s: Stmt): void => {
    switch (s.kind) {
      case 'declare': expr(s.init); break;
      case 'assign': expr(s.value); break;
      case 'store': expr(s.array); expr(s.index); expr(s.value); break;
      case 'matrixStore': expr(s.row); expr(s.col); expr(s.value); break;
      case 'expr': expr(s.expr); break;
      case 'if': expr(s.cond); s.then.forEach(stmt); s.else.forEach(stmt); break;
      case 'loop':
        if (s.test) expr(s.test);
        s.body.forEach(stmt); s.continuing.forEach(stmt);
        if (s.postTest) expr(s.postTest);
        break;
      case 'return': if (s.value) expr(s.value); break;
      default: break;
    }
  };
  stmts.forEach(stmt);
}
