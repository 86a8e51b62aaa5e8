/**
 * The JIT's intermediate representation: small, typed, structured, and backend-neutral.
 *
 * Over 400 lines on purpose: it is the contract between the front end and every backend, one node type per
 * construct with its exact semantics; nearly all of it is documentation. The walker is `ir/walk.ts`, and
 * `ir.ts` re-exports both, so every stage imports the IR from one path.
 *
 * `lower.ts` builds it from the typed AST; `js/codegen.ts` turns it into JavaScript, and a WGSL backend
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
 *      {@link RowGet} checks the column the same way and throws a TypeError on a `null` row. Their
 *      `inBounds` flags say a check was proved redundant (by lowering, or by the loop versioning of `hoist.ts`).
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
import type { ElementKind, Type } from '../types.js';
import type { MathFunction } from '../ops/math.js';
import type { ObjectExpr, FieldStore } from './objects.js';
import type { StringConst } from './strings.js';
import type { Callback } from './callbacks.js';
import type { BufferExpr } from './buffers.js';

// The object nodes live in ir/objects.ts; they are members of Expr and Stmt, so they are part of the IR too.
export type * from './objects.js';
// The inline callback of an array method (ir/callbacks.ts) is part of the IR as well.
export type * from './callbacks.js';
// ArrayBuffers and typed-array views (ir/buffers.ts) too.
export type * from './buffers.js';
// String constants (ir/strings.ts) too.
export type * from './strings.js';

/**
 * A position in the user's function: offsets into `fn.toString()`, for error messages.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { parseFunction } from '../frontend/parse.js';
 *
 * function half(x: number) {
 *   return x / 2;
 * }
 * const { body, source } = parseFunction(half);
 * const division = body.body[0].argument;
 * const span: IR.Span = { start: division.start, end: division.end };
 * // `x / 2`, as the source reads (tsx strips its spaces):
 * source.slice(span.start, span.end); // → 'x…2'
 * ```
 */
export interface Span {
  /** Offset of the construct's first character. */
  readonly start: number;
  /** Offset just past its last character (exclusive, as `slice`). */
  readonly end: number;
}

// ---------------------------------------------------------------------------------------------- expressions

/**
 * Arithmetic and bitwise operators, with the JS semantics described in the module comment.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const a: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'a' };
 * const b: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'b' };
 * // a % b, with JS's semantics (the sign of a):
 * const e: IR.Binary = { op: 'binary', type: { kind: 'f64' }, operator: 'mod', left: a, right: b };
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
 * import type { IR } from 'numbat/internals';
 *
 * const i: IR.Local = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * const n: IR.Local = { op: 'local', type: { kind: 'i32' }, name: 'n' };
 * // i < n
 * const test: IR.Compare = { op: 'compare', type: { kind: 'bool' }, operator: 'lt', left: i, right: n };
 * ```
 */
export type CompareOperator = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/**
 * Unary operators. `square` is JS `x ** 2`, which V8 computes exactly as `x * x` (the only exponent where
 * that holds bit for bit; `x ** 3` stays `pow`).
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const d: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'd' };
 * // d ** 2
 * const sq: IR.Unary = { op: 'unary', type: { kind: 'f64' }, operator: 'square', arg: d };
 * ```
 */
export type UnaryOperator = 'neg' | 'not' | 'bitnot' | 'square';

/**
 * `Math.*` functions available to compiled code: the function rows of the table in `ops/math.ts` (argument
 * counts as in JS; `min`/`max`/`hypot` are variadic).
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const variance: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'variance' };
 * // Math.sqrt(variance)
 * const root: IR.MathCall = { op: 'math', type: { kind: 'f64' }, fn: 'sqrt', args: [variance] };
 * ```
 */
export type { MathFunction };

/** A number or boolean literal. */
export interface Const {
  /** Discriminant. */
  readonly op: 'const';
  /** `i32`, `f64` or `bool`; an `i32` constant is an int32 and never `-0`. */
  readonly type: Type;
  /** Already the exact JS value (`Math.PI` and friends are folded here). */
  readonly value: number | boolean;
}
/** Reads a local or parameter. */
export interface Local {
  /** Discriminant. */
  readonly op: 'local';
  /** The local's single type, as listed in {@link IRFunction.locals} or {@link IRFunction.params}. */
  readonly type: Type;
  /** Unique within the function (shadowed bindings were renamed), so a backend can use it as is. */
  readonly name: string;
}
/** A unary operator; see {@link UnaryOperator}. */
export interface Unary {
  /** Discriminant. */
  readonly op: 'unary';
  /** `bool` for `not`; `i32` only when the exact JS result was proved int32 and not `-0`. */
  readonly type: Type;
  /** Which operator, with the JS semantics of the module comment. */
  readonly operator: UnaryOperator;
  /** The operand. */
  readonly arg: Expr;
}
/** An arithmetic or bitwise operator; see {@link BinaryOperator}. */
export interface Binary {
  /** Discriminant. */
  readonly op: 'binary';
  /** `i32` only when the exact JS result was proved int32 and not `-0`: integer instructions are then safe. */
  readonly type: Type;
  /** Which operator, with the JS semantics of the module comment. */
  readonly operator: BinaryOperator;
  /** Left operand, evaluated first. */
  readonly left: Expr;
  /** Right operand. */
  readonly right: Expr;
}
/** Numeric or boolean comparison; always `bool`. Operands have the same type (after {@link Convert}). */
export interface Compare {
  /** Discriminant. */
  readonly op: 'compare';
  /** Always `bool`. */
  readonly type: Type;
  /** Which comparison, IEEE on numbers: any comparison with NaN is false except `ne`; `-0` equals `0`. */
  readonly operator: CompareOperator;
  /** Left operand, evaluated first. */
  readonly left: Expr;
  /** Right operand, of the same type as `left`. */
  readonly right: Expr;
}
/** JS `&&` / `||`: yields one of the operands (both of this expression's type), right evaluated lazily. */
export interface Logical {
  /** Discriminant. */
  readonly op: 'logical';
  /** The type of both operands and of the result (not necessarily `bool`: `a || b` on numbers yields a number). */
  readonly type: Type;
  /** `and` is `&&`, `or` is `||`. */
  readonly operator: 'and' | 'or';
  /** Always evaluated; its truthiness decides whether `right` is. */
  readonly left: Expr;
  /** Evaluated only when `left` does not decide the result. */
  readonly right: Expr;
}
/** JS `cond ? a : b`, lazily evaluated. */
export interface Select {
  /** Discriminant. */
  readonly op: 'select';
  /** The type of both branches and of the result. */
  readonly type: Type;
  /** A `bool` expression. */
  readonly cond: Expr;
  /** Evaluated only when `cond` is true. */
  readonly then: Expr;
  /** Evaluated only when `cond` is false. */
  readonly else: Expr;
}
/** JS ToBoolean of a number: `x !== 0 && !isNaN(x)`. */
export interface Truthy {
  /** Discriminant. */
  readonly op: 'truthy';
  /** Always `bool`. */
  readonly type: Type;
  /** A numeric operand (`i32` or `f64`). */
  readonly arg: Expr;
}
/**
 * Exact conversion between `i32` and `f64`: widening `i32` → `f64`, or `f64` → `i32` where inference proved
 * the value is an int32 (e.g. `x % 10` computed in f64 on a large integer `x`). Never rounds or wraps.
 */
export interface Convert {
  /** Discriminant. */
  readonly op: 'convert';
  /** The target type (`i32` or `f64`). */
  readonly type: Type;
  /** The value, of the other numeric type. */
  readonly arg: Expr;
}
/** A `Math.*` call with the exact JS edge cases listed in the module comment. */
export interface MathCall {
  /** Discriminant. */
  readonly op: 'math';
  /** The result type: `i32` only where proved (e.g. `imul`, or `min`/`max` of `i32` operands). */
  readonly type: Type;
  /** Which `Math` function. */
  readonly fn: MathFunction;
  /** Arguments, evaluated left to right; `min`/`max`/`hypot` take any number. */
  readonly args: readonly Expr[];
}
/** A uniform double in [0, 1) from numbat's seedable PRNG. */
export interface Random {
  /** Discriminant. */
  readonly op: 'random';
  /** Always `f64`. */
  readonly type: Type;
}
/** `Math.PI`, `Math.E`, … are folded into {@link Const}; this is `.length` of a typed array (`i32`). */
export interface Length {
  /** Discriminant. */
  readonly op: 'length';
  /** Always `i32`. */
  readonly type: Type;
  /** An `array`-typed expression. */
  readonly array: Expr;
}
/**
 * Typed array element; `type` is `f64` or `i32` depending on the element kind. The index may be `f64`: a
 * non-integer or out-of-range index reads JS `undefined`, exactly as the plain code.
 */
export interface Load {
  /** Discriminant. */
  readonly op: 'load';
  /** `i32` or `f64` by element kind: kinds whose values may not fit int32 (`f32`, `f64`, …) load as `f64`. */
  readonly type: Type;
  /** The array's storage, so a backend need not inspect `array`'s type. */
  readonly element: ElementKind;
  /** An `array`-typed expression. */
  readonly array: Expr;
  /** `i32`, or `f64` when not proved integral (then a backend must treat non-integers as out of bounds). */
  readonly index: Expr;
}
/** `new Float64Array(length)` and friends: zero-filled. */
export interface NewArray {
  /** Discriminant. */
  readonly op: 'newArray';
  /** The `array` type built. */
  readonly type: Type;
  /** Which typed array constructor. */
  readonly element: ElementKind;
  /** The element count (a negative length throws a RangeError, as in JS). */
  readonly length: Expr;
}
/** Rows or columns of a matrix local (`i32`). */
export interface MatrixDim {
  /** Discriminant: which dimension. */
  readonly op: 'rows' | 'cols';
  /** Always `i32`. */
  readonly type: Type;
  /** Name of a `matrix` parameter. */
  readonly matrix: string;
  /**
   * For `row.length` (`cols`) on a row that needs checking (`m[i].length`, a nullable row): that row,
   * evaluated first for its checks, as plain JS evaluates `m[i]` (and fails on it) before reading `.length`.
   */
  readonly of?: Expr;
}
/** `m.get(row, col)` on an Array2D local (`f64`): unchecked, exactly `data[row * cols + col]` as `Array2D.get`. */
export interface MatrixLoad {
  /** Discriminant. */
  readonly op: 'matrixLoad';
  /** Always `f64`. */
  readonly type: Type;
  /** Name of a `matrix` parameter. */
  readonly matrix: string;
  /** Row index; not bounds-checked, matching `Array2D.get`. */
  readonly row: Expr;
  /** Column index; not bounds-checked, matching `Array2D.get`. */
  readonly col: Expr;
}
/** `points[i]` / `m.row(i)`: the row value (its index) after a bounds check, skipped when `inBounds` was proved. */
export interface RowOf {
  /** Discriminant. */
  readonly op: 'rowOf';
  /** A `row` type of `matrix`. */
  readonly type: Type;
  /** Name of a `matrix` parameter. */
  readonly matrix: string;
  /** The row index; out of `[0, rows)` throws a RangeError unless `inBounds`. */
  readonly index: Expr;
  /** Inference proved `0 <= index < rows`, so the check may be omitted. */
  readonly inBounds?: boolean;
}
/**
 * `row[k]`: element k of a row (`f64`). A column outside `[0, cols)` reads JS `undefined` (as the plain code
 * does on a row array); a null row throws a TypeError.
 */
export interface RowGet {
  /** Discriminant. */
  readonly op: 'rowGet';
  /** Always `f64`. */
  readonly type: Type;
  /** Name of the `matrix` parameter the row belongs to. */
  readonly matrix: string;
  /** A `row`-typed expression (an int32 index, `-1` for null). */
  readonly row: Expr;
  /** The column; checked against `[0, cols)` unless `inBounds`. */
  readonly col: Expr;
  /**
   * The column was proved in `[0, cols)` (by `hoist.ts`, e.g. under a loop version whose condition implies
   * it), so the column check may be omitted; a nullable row is still checked for null.
   */
  readonly inBounds?: boolean;
}
/** The `null` row (index -1). */
export interface NullRow {
  /** Discriminant. */
  readonly op: 'nullRow';
  /** A nullable `row` type. */
  readonly type: Type;
}
/** Calls another function of the same {@link IRModule}. */
export interface Call {
  /** Discriminant. */
  readonly op: 'call';
  /** The callee's {@link IRFunction.returnType}. */
  readonly type: Type;
  /** An {@link IRFunction.name} in the same module. */
  readonly callee: string;
  /** Arguments in parameter order, evaluated left to right; a matrix argument is a {@link Local}. */
  readonly args: readonly Expr[];
  /**
   * A method's name when `args[0]` is its receiver and may be a hole (`undefined`) or `null`: plain JS reads the
   * method from it first and throws naming that method, even when the method never touches `this`.
   */
  readonly receiverOf?: string;
}
/**
 * Builds a tuple (only as a returned value or a tuple local's initializer), or, typed `array` of a plain kind
 * (`num`, `bool`), a new JS array of the items (`[1, 2]`, `Array(a, b)`).
 */
export interface MakeTuple {
  /** Discriminant. */
  readonly op: 'tuple';
  /** A `tuple` type, or an `array` type of a plain element kind. */
  readonly type: Type;
  /** The items, evaluated left to right. */
  readonly items: readonly Expr[];
}
/** Item `index` (a constant) of a tuple-typed expression. */
export interface TupleGet {
  /** Discriminant. */
  readonly op: 'tupleGet';
  /** The item's type. */
  readonly type: Type;
  /** A `tuple`-typed expression. */
  readonly tuple: Expr;
  /** Position of the item, known at compile time. */
  readonly index: number;
}

/**
 * The JS value `undefined` or `null` where a value of `type` is expected: only as what a function returns
 * (`return null` beside `return out`, `return;` beside `return x`). Backends without such values reject it.
 */
export interface Absent {
  /** Discriminant. */
  readonly op: 'absent';
  /** The function's return type it stands in for. */
  readonly type: Type;
  /** Which JS value. */
  readonly value: 'undefined' | 'null';
}
/**
 * `typeof arg === is`, exact in the JS backend: a number-typed value may hold `undefined` there (a read past
 * the end), so this is only folded to a constant where lowering proved it cannot (`statements/`).
 */
export interface TypeTest {
  /** Discriminant. */
  readonly op: 'typeTest';
  /** Always `bool`. */
  readonly type: Type;
  /** The value tested. */
  readonly arg: Expr;
  /** What `typeof` must say (`'undefined'` also stands for `arg === undefined`). */
  readonly is: string;
}
/**
 * An expression with effects, as JS evaluates `(x = v)`, `i++` or `a[i] = b[i] = 0` inside an expression:
 * runs `stmts` (assignments, stores and expression statements only), then yields `value`.
 */
export interface Effect {
  /** Discriminant. */
  readonly op: 'effect';
  /** The type of `value`. */
  readonly type: Type;
  /** Run first, in order. */
  readonly stmts: readonly Stmt[];
  /** The expression's value, evaluated after `stmts`. */
  readonly value: Expr;
}

/**
 * A built-in method of an array, with exactly the JS method's semantics (`xs.fill(0)`, `xs.push(v)`,
 * `xs.slice(1)`, `xs.sort((a, b) => a - b)`): the methods and their typing are the rows of `ops/arrays.ts`.
 */
export interface ArrayMethod {
  /** Discriminant. */
  readonly op: 'method';
  /** What the method returns (the row's rule). */
  readonly type: Type;
  /** An `array`-typed expression, evaluated first. */
  readonly target: Expr;
  /** The method's name, a row of `ops/arrays.ts`. */
  readonly method: string;
  /** Arguments, evaluated left to right after the target. */
  readonly args: readonly Expr[];
  /** A comparator's JS source, for `sort` (checked to read only its own parameters and constants). */
  readonly comparator?: string;
  /** `push` on a row of a `number[][]`, which may be a typed array: the callee as V8 names it when it throws. */
  readonly notFunction?: string;
  /** The inline callback of `map`, `reduce`, … (`ir/callbacks.ts`); `args` then hold only a start value. */
  readonly callback?: Callback;
}

/**
 * Every IR expression, discriminated by `op`; each carries its {@link Type}.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * // xs[i] on a Float64Array
 * const x: IR.Expr = { op: 'load', type: { kind: 'f64' }, element: 'f64', array: { op: 'local', type: { kind: 'array', element: 'f64' }, name: 'xs' }, index: i };
 * ```
 */
export type Expr =
  | Const | Local | Unary | Binary | Compare | Logical | Select | Truthy | Convert | MathCall | Random
  | Length | Load | NewArray | MatrixDim | MatrixLoad | RowOf | RowGet | NullRow | Call | MakeTuple | TupleGet
  | ObjectExpr | Absent | TypeTest | Effect | ArrayMethod | BufferExpr | StringConst;

// ----------------------------------------------------------------------------------------------- statements

/** Marks where a local is (re)initialized, as JS `let`/`const`/`var` does. */
export interface Declare {
  /** Discriminant. */
  readonly kind: 'declare';
  /** A local of {@link IRFunction.locals}. */
  readonly name: string;
  /** The initial value (a `var` gets a zero of its type, declared once at the top of the function). */
  readonly init: Expr;
  /** Where in the user's source, for runtime error messages. */
  readonly span?: Span;
}
/** `name = value` on a local already declared. */
export interface Assign {
  /** Discriminant. */
  readonly kind: 'assign';
  /** A parameter or a local of {@link IRFunction.locals}. */
  readonly name: string;
  /** Of the local's type (lowering inserted any {@link Convert}). */
  readonly value: Expr;
  /** Where in the user's source. */
  readonly span?: Span;
}
/** `array[index] = value` with typed-array conversion of `value`. */
export interface Store {
  /** Discriminant. */
  readonly kind: 'store';
  /** The array's storage: decides the conversion (ToInt32 wrap, clamp, `fround`, …). */
  readonly element: ElementKind;
  /** An `array`-typed expression. */
  readonly array: Expr;
  /** `i32` or `f64`; an out-of-bounds or non-integer index writes nothing, as in JS. */
  readonly index: Expr;
  /** A numeric value, converted as a typed array store converts it. */
  readonly value: Expr;
  /** Where in the user's source. */
  readonly span?: Span;
}
/**
 * `m.set(row, col, value)` on an Array2D matrix local: unchecked, exactly `data[row * cols + col] = value` as
 * `Array2D.set` does. With `checked`, it is `row[col] = value` on a row view: a column outside `[0, cols)`
 * writes nothing (typed array semantics) and a null row throws a TypeError.
 */
export interface MatrixStore {
  /** Discriminant. */
  readonly kind: 'matrixStore';
  /** Name of the `matrix` parameter written (the one the row belongs to when `checked`). */
  readonly matrix: string;
  /** Row index, or a `row` value when `checked`. */
  readonly row: Expr;
  /** Column index. */
  readonly col: Expr;
  /** An `f64` value. */
  readonly value: Expr;
  /** Row-view semantics (`row[col] = value`) instead of unchecked `m.set`. */
  readonly checked?: boolean;
  /** With `checked`: the column was proved in `[0, cols)`, so only the null check of the row remains. */
  readonly inBounds?: boolean;
  /** Where in the user's source. */
  readonly span?: Span;
}
/** An expression evaluated for its effects (a call). */
export interface ExprStmt {
  /** Discriminant. */
  readonly kind: 'expr';
  /** The expression; its value is discarded. */
  readonly expr: Expr;
  /** Where in the user's source. */
  readonly span?: Span;
}
/** Structured `if`; also a plain block (condition the constant `true`, empty `else`) scoping loop variables. */
export interface If {
  /** Discriminant. */
  readonly kind: 'if';
  /** A `bool` expression. */
  readonly cond: Expr;
  /** Runs when `cond` is true. */
  readonly then: readonly Stmt[];
  /** Runs when `cond` is false; empty when there is no `else`. */
  readonly else: readonly Stmt[];
}
/**
 * The one loop: `while (test) { body; continuing }` with an optional post-test:
 * each iteration checks `test` (if any; false exits), runs `body`, then `continuing` (also reached by
 * `continue`), then checks `postTest` (if any; false exits). `for`, `while`, `do…while` and `for…of` all lower
 * to it; `for`'s update goes into `continuing`, `do…while`'s condition into `postTest`.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const i: IR.Local = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * const n: IR.Local = { op: 'local', type: { kind: 'i32' }, name: 'n' };
 * const one: IR.Const = { op: 'const', type: { kind: 'i32' }, value: 1 };
 * // for (; i < n; i++) s += i;
 * const loop: IR.Loop = {
 *   kind: 'loop',
 *   test: { op: 'compare', type: { kind: 'bool' }, operator: 'lt', left: i, right: n },
 *   body: [{ kind: 'assign', name: 's', value: { op: 'binary', type: { kind: 'f64' }, operator: 'add', left: { op: 'local', type: { kind: 'f64' }, name: 's' }, right: i } }],
 *   continuing: [{ kind: 'assign', name: 'i', value: { op: 'binary', type: { kind: 'i32' }, operator: 'add', left: i, right: one } }],
 *   postTest: null,
 * };
 * ```
 */
export interface Loop {
  /** Discriminant. */
  readonly kind: 'loop';
  /** A `bool` checked before each iteration, or `null` for none (`do…while`, `for (;;)`). */
  readonly test: Expr | null;
  /** The loop body; `break`/`continue` in it refer to this loop. */
  readonly body: readonly Stmt[];
  /** Runs after `body` and on `continue` (WGSL's `continuing` block). */
  readonly continuing: readonly Stmt[];
  /** A `bool` checked after `continuing`, or `null`. */
  readonly postTest: Expr | null;
  /** The JS label `break`/`continue` name it by (`outer: for …`; a labelled block is a loop run once). */
  readonly label?: string;
}
/** Leaves the innermost {@link Loop}, or the one labelled `label`. */
export interface Break {
  /** Discriminant. */
  readonly kind: 'break';
  /** `break outer`: the {@link Loop} of that label. */
  readonly label?: string;
}
/** Jumps to the innermost {@link Loop}'s `continuing` block, or that of the loop labelled `label`. */
export interface Continue {
  /** Discriminant. */
  readonly kind: 'continue';
  /** `continue outer`: the {@link Loop} of that label. */
  readonly label?: string;
}
/** Returns from the function. */
export interface Return {
  /** Discriminant. */
  readonly kind: 'return';
  /** Of the function's {@link IRFunction.returnType}; `null` for a bare `return;`. */
  readonly value: Expr | null;
  /** The `return` statement in the source, for errors a backend raises about it. */
  readonly span?: Span;
}

/**
 * `throw new <error>(message)`: `error` is a built-in error class (`Error`, `TypeError`, `RangeError`, …) and
 * the message the string concatenation of its parts, each number or boolean converted as JS `+` converts it.
 */
export interface Throw {
  /** Discriminant. */
  readonly kind: 'throw';
  /** The built-in error class's name. */
  readonly error: string;
  /** The message's parts in order, or `null` for `new Error()` (no message). */
  readonly message: readonly (
    | {
        /** Literal text of the message. */
        readonly text: string;
      }
    | {
        /** A number or boolean turned into text as JS's `+` does. */
        readonly value: Expr;
      }
  )[] | null;
  /** Where in the user's source. */
  readonly span?: Span;
}

/**
 * Every IR statement, discriminated by `kind`.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const mean: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'mean' };
 * const x: IR.Local = { op: 'local', type: { kind: 'f64' }, name: 'x' };
 * // mean = mean + x
 * const s: IR.Stmt = { kind: 'assign', name: 'mean', value: { op: 'binary', type: { kind: 'f64' }, operator: 'add', left: mean, right: x } };
 * ```
 */
export type Stmt = Declare | Assign | Store | MatrixStore | ExprStmt | If | Loop | Break | Continue | Return | FieldStore | Throw;

// ------------------------------------------------------------------------------------------------ functions

/**
 * A parameter or local: unique name and type.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 *
 * const p: IR.Param = { name: 'xs', type: { kind: 'array', element: 'f64' } };
 * ```
 */
export interface Param {
  /** Unique within the function. */
  readonly name: string;
  /** The single type the name has throughout the function. */
  readonly type: Type;
}

/**
 * One specialized function: typed parameters, every local with its type, a structured body.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const f = lowerToIR(std, [{ kind: 'array', element: 'f64' }]).functions.at(-1)!;
 * f.params; // → [ { name: 'xs', type: { kind: 'array', element: 'f64' } } ]
 * f.locals; // → [ { name: 's', type: { kind: 'f64' } }, { name: 'i', type: { kind: 'i32' } } ]
 * ```
 */
export interface IRFunction {
  /** Unique within the module (e.g. `std`, `cnd$1`). */
  readonly name: string;
  /** In call order. */
  readonly params: readonly Param[];
  /** Every local except parameters, with its single type. */
  readonly locals: readonly Param[];
  /** `void` for a function that returns no value. */
  readonly returnType: Type;
  /** Structured statements; see the module comment for scoping rules. */
  readonly body: readonly Stmt[];
  /** True if the body (not its callees) uses {@link Random}. */
  readonly usesRandom: boolean;
}

/**
 * A compiled specialization: the entry function and every helper or memoJit callee it calls.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * function cnd(x: number) {
 *   return 0.5 * (1 + Math.tanh(x));
 * }
 * function price(s: number, k: number) {
 *   return s * cnd(s - k);
 * }
 * // Callees first, the entry last:
 * const module = lowerToIR(price, [{ kind: 'f64' }, { kind: 'f64' }], { cnd });
 * module.functions.map((f) => f.name); // → [ 'cnd', 'price' ]
 * ```
 */
export interface IRModule {
  /** Name of the function the caller invoked (the last of `functions`). */
  readonly entry: string;
  /** Callees before callers; the entry last. */
  readonly functions: readonly IRFunction[];
  /** Arrays from outside the functions (`infer/outer.ts`), bound once when the module is instantiated. */
  readonly globals?: readonly {
    /** The name in the user's source. */
    readonly name: string;
    /** For a plain JS array, what its elements must be (checked on each call); undefined for a typed array. */
    readonly plain: 'number' | 'boolean' | undefined;
  }[];
}
