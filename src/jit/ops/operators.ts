/**
 * Every operator of the compiled subset, one row each: the source token(s), how inference types it (its range
 * rule), how lowering treats its operands, and what the JS, WGSL and Wasm backends emit. Inference
 * (`infer/analyze.ts`), lowering (`lower.ts`), `js/codegen.ts`, `gpu/wgsl/emit.ts` and `wasm/codegen.ts` read
 * these rows instead of switching on the operator; compound assignment (`x op= y`, `x++`) goes through the
 * binary row of its operator. The tables are checked with `satisfies Record<…Operator, …Row>`, so an IR
 * operator without a row is a type error. Logical `&&`/`||`/`??` are control flow, not rows (inference
 * narrows through them, `flow.ts`); unary `+` is the identity on numbers and has no IR operator.
 *
 * Over 400 lines on purpose: the three tables and the host interfaces their rows emit through are the
 * documented operator subset, and read best side by side (as `math.ts`).
 *
 * `tests/jit/ops/operators.test.ts` runs every row through JS and Wasm against plain JavaScript on edge values,
 * and `tests/gpu/operators-table.test.ts` through WGSL on lavapipe where f32 is exact.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { BinaryOperator, CompareOperator, UnaryOperator } from '../ir.js';
import type { OpName } from '../wasm/encode.js';
import { BOOLV, FLOAT, INT32, INT_MAX, isI32, numAV, type AV } from '../infer/lattice.js';
import type { NumAV } from './math.js';

/**
 * Literal exponent of `x ** k` that lowering strength-reduces (only 2 is bit-exact: V8's pow special-cases it).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { squareExponent } from './operators.js';
 *
 * // The right operand of `x ** 2` in `return x ** 2`:
 * const power = parseFunction('function sq(x) { return x ** 2; }').body.body[0].argument;
 * squareExponent(power.right); // → true
 * ```
 */
export function squareExponent(node: Node): boolean {
  return node.type === 'Literal' && node.value === 2;
}

/**
 * What a binary row's WGSL emission receives: both operands already emitted (as `i32`/`f32` expressions, or
 * through JS ToInt32 when the row's operands are `int32`), and the types involved.
 *
 * @example
 * ```ts
 * import { BINARY_OPERATORS, type WgslOperands } from './operators.js';
 *
 * const a: WgslOperands = { left: 'v_x', right: '1.0', int: false, leftInt: false, rightInt: false };
 * BINARY_OPERATORS.add.wgsl(a); // → '(v_x + 1.0)'
 * ```
 */
export interface WgslOperands {
  /** The left operand, emitted. */
  readonly left: string;
  /** The right operand, emitted. */
  readonly right: string;
  /** Whether the result is typed `i32` (else `f32`). */
  readonly int: boolean;
  /** Whether the left operand is typed `i32`. */
  readonly leftInt: boolean;
  /** Whether the right operand is typed `i32`. */
  readonly rightInt: boolean;
}

/**
 * What a binary row's Wasm emission may do, in the order it is called: push both operands as one type, emit
 * an instruction, call a helper, or refuse (the function then routes to JS).
 *
 * @example
 * ```ts
 * import type { OpName } from '../wasm/encode.js';
 * import { BINARY_OPERATORS, type WasmOperands } from './operators.js';
 *
 * // Record what a row asks the Wasm backend for:
 * const steps: string[] = [];
 * const w: WasmOperands = {
 *   int: false,
 *   operands: (as) => steps.push(`operands ${as}`),
 *   emit: (op: OpName) => steps.push(op),
 *   call: (helper) => steps.push(`call ${helper}`),
 *   unsupported: (what) => { throw new Error(what); },
 * };
 * BINARY_OPERATORS.add.wasm(w);
 * steps; // → [ 'operands f64', 'f64.add' ]
 * ```
 */
export interface WasmOperands {
  /** Whether the result is typed `i32` (inference proved the exact JS result an int32, never -0). */
  readonly int: boolean;
  /** Pushes both operands, converted to `i32` or `f64`, or through JS ToInt32 (`int32`). */
  operands(as: 'i32' | 'f64' | 'int32'): void;
  /** Emits one instruction without immediates. */
  emit(op: OpName): void;
  /** Calls `Math.pow` (imported) or numbat's `fmod` (JS `%` on doubles). */
  call(helper: 'pow' | 'fmod'): void;
  /** Refuses this expression: the function runs on the JS backend instead. */
  unsupported(what: string): never;
}

/**
 * One arithmetic or bitwise operator.
 *
 * @example
 * ```ts
 * import { BINARY_OPERATORS, type BinaryOperatorRow } from './operators.js';
 *
 * const row: BinaryOperatorRow = BINARY_OPERATORS.add;
 * row.source; // → '+'
 * ```
 */
export interface BinaryOperatorRow {
  /** The JS token (also `token=` for compound assignment). */
  readonly source: string;
  /**
   * `number`: the operands are numbers and the result is computed in the result's type (i32 when inference
   * proved it exact, else f64). `int32`: the operands go through JS ToInt32 (booleans are 1 or 0 first) and
   * keep their own types in the IR.
   */
  readonly operands: 'number' | 'int32';
  /** The result's range from the operands' (inference); `right` is the right operand's AST, for literal rules. */
  readonly range: (l: NumAV, r: NumAV, right: Node) => AV;
  /** The JS backend's token. */
  readonly js: string;
  /** The WGSL backend's emission. */
  readonly wgsl: (a: WgslOperands) => string;
  /** The Wasm backend's emission. */
  readonly wasm: (w: WasmOperands) => void;
  /** A host function the Wasm module must import for this row's f64 form. */
  readonly wasmImport?: 'pow';
}

/**
 * One comparison; operands are both numbers (`i32` or `f64` alike), both booleans, or rows against `null`.
 *
 * @example
 * ```ts
 * import { COMPARE_OPERATORS, type CompareOperatorRow } from './operators.js';
 *
 * const eq: CompareOperatorRow = COMPARE_OPERATORS.eq;
 * eq.sources; // → [ '===', '==' ]
 * ```
 */
export interface CompareOperatorRow {
  /** The JS tokens that lower to this operator (`==` is `===` on the values compiled code compares). */
  readonly sources: readonly string[];
  /** Equality (booleans and rows may be compared), as opposed to ordering. */
  readonly equality: boolean;
  /** The JS backend's token. */
  readonly js: string;
  /**
   * The WGSL backend's comparison of two emitted operands. `!=` is written `!(a == b)`: lavapipe (WGSL lets a
   * driver assume floats are never NaN) gives `NaN != x` false, and JS's `!==` is true there.
   */
  readonly wgsl: (left: string, right: string) => string;
  /** The Wasm instruction per operand type: booleans, int32s, exact integers held as i64, doubles. */
  readonly wasm: { readonly bool: OpName; readonly i32: OpName; readonly i64: OpName; readonly f64: OpName };
}

/**
 * What a unary row's JS emission receives: its operand, emitted as a number, as a value, or bound once.
 *
 * @example
 * ```ts
 * import { UNARY_OPERATORS, type JsUnaryOperand } from './operators.js';
 *
 * const a: JsUnaryOperand = { num: () => 'x', value: () => 'x', simple: () => ({ setup: '', value: 'x' }) };
 * UNARY_OPERATORS.neg.js(a); // → '(-x)'
 * ```
 */
export interface JsUnaryOperand {
  /** The operand as a number (`undefined` reads become NaN). */
  num(): string;
  /** The operand as it is. */
  value(): string;
  /** The operand bound to a temporary when it is not a plain name: `setup` (ends in a comma) and the name. */
  simple(): { readonly setup: string; readonly value: string };
}

/**
 * What a unary row's WGSL emission receives.
 *
 * @example
 * ```ts
 * import { UNARY_OPERATORS, type WgslUnaryOperand } from './operators.js';
 *
 * const a: WgslUnaryOperand = { int: false, value: () => 'v_x', truthy: () => 'numbat_truthy(v_x)', int32: () => 'numbat_toint32(v_x)', bind: () => 'v_x' };
 * UNARY_OPERATORS.neg.wgsl(a); // → '(-v_x)'
 * ```
 */
export interface WgslUnaryOperand {
  /** Whether the result is typed `i32`. */
  readonly int: boolean;
  /** The operand, emitted. */
  value(): string;
  /** The operand as a WGSL `bool` (JS truthiness). */
  truthy(): string;
  /** The operand through JS ToInt32, as an `i32` expression. */
  int32(): string;
  /** The operand bound to a fresh variable of the result's type. */
  bind(): string;
}

/**
 * What a unary row's Wasm emission may do.
 *
 * @example
 * ```ts
 * import type { OpName } from '../wasm/encode.js';
 * import { UNARY_OPERATORS, type WasmUnaryOperand } from './operators.js';
 *
 * const steps: string[] = [];
 * const w: WasmUnaryOperand = {
 *   int: false,
 *   operand: (as) => steps.push(`operand ${as}`),
 *   emit: (op: OpName) => steps.push(op),
 *   twice: () => steps.push('twice'),
 * };
 * UNARY_OPERATORS.neg.wasm(w);
 * steps; // → [ 'operand f64', 'f64.neg' ]
 * ```
 */
export interface WasmUnaryOperand {
  /** Whether the result is typed `i32`; `f64` results are the other case of numeric rows. */
  readonly int: boolean;
  /** Pushes the operand as `i32` or `f64`, through JS ToInt32 (`int32`), or as it is (`value`). */
  operand(as: 'i32' | 'f64' | 'int32' | 'value'): void;
  /** Emits one instruction, with an optional immediate. */
  emit(op: OpName, immediate?: number): void;
  /** Pushes the operand once and leaves it twice on the stack (`local.tee` then `local.get` of a temporary). */
  twice(): void;
}

/**
 * One unary operator.
 *
 * @example
 * ```ts
 * import { UNARY_OPERATORS, type UnaryOperatorRow } from './operators.js';
 *
 * const neg: UnaryOperatorRow = UNARY_OPERATORS.neg;
 * neg.source; // → '-'
 * ```
 */
export interface UnaryOperatorRow {
  /** The JS token; `square` has none (it is `x ** 2`, see {@link squareExponent}). */
  readonly source?: string;
  /**
   * `number`: the operand must be a number, and lowering converts it to the result's type. `int32`: a number
   * that goes through ToInt32, passed as it is. `condition`: any value JS tests for truthiness.
   */
  readonly operand: 'number' | 'int32' | 'condition';
  /** Inference's message for an operand of the wrong kind, and the error's context. */
  readonly refusal: { readonly message: (operand: string) => string; readonly context: string };
  /** The result's value from the operand's (inference). */
  readonly range: (v: AV) => AV;
  /** The JS backend's emission. */
  readonly js: (a: JsUnaryOperand) => string;
  /** The WGSL backend's emission. */
  readonly wgsl: (a: WgslUnaryOperand) => string;
  /** The Wasm backend's emission. */
  readonly wasm: (w: WasmUnaryOperand) => void;
}

// A WGSL int32 result that JS types as a double (not proved int32) is converted to f32.
const intOrF32 = (r: string, int: boolean): string => (int ? r : `f32${r}`);

/** `a op b` in the result's type; `i32` only where the operator has an exact integer instruction. */
function wasmArith(name: string, i32: OpName | undefined, f64: OpName | 'pow' | 'fmod'): (w: WasmOperands) => void {
  return (w) => {
    if (w.int) {
      if (!i32) return w.unsupported(`an int32 ${name}`);
      w.operands('i32');
      w.emit(i32);
      return;
    }
    w.operands('f64');
    if (f64 === 'pow' || f64 === 'fmod') w.call(f64);
    else w.emit(f64);
  };
}

/** A bitwise operator: int32 operands, and an unsigned or signed int32 result converted to f64 when not typed i32. */
function wasmBits(op: OpName, unsigned = false): (w: WasmOperands) => void {
  return (w) => {
    w.operands('int32');
    w.emit(op);
    if (!w.int) w.emit(unsigned ? 'f64.convert_i32_u' : 'f64.convert_i32_s');
  };
}

const wgslInfix = (symbol: string) => (a: WgslOperands): string => `(${a.left} ${symbol} ${a.right})`;
const wgslBits = (symbol: string) => (a: WgslOperands): string => intOrF32(`(${a.left} ${symbol} ${a.right})`, a.int);
// JS masks the shift count to 5 bits; WGSL leaves a count >= 32 undefined, so the mask is explicit.
const wgslShift = (symbol: string) => (a: WgslOperands): string => intOrF32(`(${a.left} ${symbol} (u32(${a.right}) & 31u))`, a.int);

// Inference's range rules: an i32-typed result must be the exact JS value, an integer and never -0.
const bothInt = (l: NumAV, r: NumAV): boolean => l.int && r.int;
const literalShift = (right: Node): number | undefined => (right.type === 'Literal' && typeof right.value === 'number' ? right.value & 31 : undefined);

// The rows; the typed export below is what the stages read.
const BINARY_TABLE = {
  add: {
    source: '+', operands: 'number', js: '+', wgsl: wgslInfix('+'), wasm: wasmArith('add', 'i32.add', 'f64.add'),
    range: (l, r) => (bothInt(l, r) ? numAV(l.lo + r.lo, l.hi + r.hi, true) : FLOAT),
  },
  sub: {
    source: '-', operands: 'number', js: '-', wgsl: wgslInfix('-'), wasm: wasmArith('sub', 'i32.sub', 'f64.sub'),
    range: (l, r) => (bothInt(l, r) ? numAV(l.lo - r.hi, l.hi - r.lo, true) : FLOAT),
  },
  mul: {
    source: '*', operands: 'number', js: '*', wgsl: wgslInfix('*'), wasm: wasmArith('mul', 'i32.mul', 'f64.mul'),
    range: (l, r) => {
      if (!bothInt(l, r)) return FLOAT;
      // 0 * negative is -0 in JS, which is not an integer value
      const lZero = l.lo <= 0 && l.hi >= 0;
      const rZero = r.lo <= 0 && r.hi >= 0;
      if ((lZero && r.lo < 0) || (rZero && l.lo < 0)) return FLOAT;
      const products = [l.lo * r.lo, l.lo * r.hi, l.hi * r.lo, l.hi * r.hi];
      return numAV(Math.min(...products), Math.max(...products), true);
    },
  },
  div: {
    source: '/', operands: 'number', js: '/', wgsl: wgslInfix('/'), wasm: wasmArith('div', undefined, 'f64.div'),
    range: () => FLOAT,
  },
  mod: {
    source: '%', operands: 'number', js: '%', wasm: wasmArith('mod', 'i32.rem_s', 'fmod'),
    // WGSL's f32 % is x - y * trunc(x / y), which rounds (and gives NaN for x % Infinity): numbat_fmod is exact
    wgsl: (a) => (a.int ? `(${a.left} % ${a.right})` : `numbat_fmod(${a.leftInt ? `f32(${a.left})` : a.left}, ${a.rightInt ? `f32(${a.right})` : a.right})`),
    range: (l, r) => {
      // Infinity % k is NaN: only a finite non-negative dividend gives an integer
      if (bothInt(l, r) && l.lo >= 0 && l.hi < Infinity && (r.lo > 0 || r.hi < 0)) {
        const m = Math.max(Math.abs(r.lo), Math.abs(r.hi)) - 1;
        return numAV(0, Math.min(l.hi, m), true);
      }
      return FLOAT;
    },
  },
  pow: {
    source: '**', operands: 'number', js: '**', wasm: wasmArith('pow', undefined, 'pow'), wasmImport: 'pow',
    // WGSL's pow is undefined for x < 0; numbat_pow gives JS's answers (gpu/wgsl/helpers.ts)
    wgsl: (a) => {
      const r = `numbat_pow(${a.leftInt ? `f32(${a.left})` : a.left}, ${a.rightInt ? `f32(${a.right})` : a.right})`;
      return a.int ? `i32(${r})` : r;
    },
    range: (l, _r, right) => {
      if (l.int && squareExponent(right)) {
        const a = Math.max(Math.abs(l.lo), Math.abs(l.hi));
        const b = l.lo <= 0 && l.hi >= 0 ? 0 : Math.min(Math.abs(l.lo), Math.abs(l.hi));
        return numAV(b * b, a * a, true);
      }
      return FLOAT;
    },
  },
  and: {
    source: '&', operands: 'int32', js: '&', wgsl: wgslBits('&'), wasm: wasmBits('i32.and'),
    range: (l, r) => {
      // a non-negative int32 operand bounds the result (ToInt32 leaves it unchanged)
      const lNonNeg = l.int && l.lo >= 0 && l.hi <= INT_MAX;
      const rNonNeg = r.int && r.lo >= 0 && r.hi <= INT_MAX;
      if (lNonNeg || rNonNeg) return numAV(0, Math.min(lNonNeg ? l.hi : INT_MAX, rNonNeg ? r.hi : INT_MAX), true);
      return INT32;
    },
  },
  or: { source: '|', operands: 'int32', js: '|', wgsl: wgslBits('|'), wasm: wasmBits('i32.or'), range: () => INT32 },
  xor: { source: '^', operands: 'int32', js: '^', wgsl: wgslBits('^'), wasm: wasmBits('i32.xor'), range: () => INT32 },
  shl: { source: '<<', operands: 'int32', js: '<<', wgsl: wgslShift('<<'), wasm: wasmBits('i32.shl'), range: () => INT32 },
  shr: {
    source: '>>', operands: 'int32', js: '>>', wgsl: wgslShift('>>'), wasm: wasmBits('i32.shr_s'),
    range: (l, _r, right) => {
      const s = literalShift(right);
      return s !== undefined && isI32(l) ? numAV(l.lo >> s, l.hi >> s, true) : INT32;
    },
  },
  ushr: {
    source: '>>>', operands: 'int32', js: '>>>', wasm: wasmBits('i32.shr_u', true),
    // the result is a uint32: an i32-typed result was proved below 2^31, else it is converted unsigned
    wgsl: (a) => {
      const u = `(bitcast<u32>(${a.left}) >> (u32(${a.right}) & 31u))`;
      return a.int ? `bitcast<i32>${u}` : `f32${u}`;
    },
    range: (l, _r, right) => {
      const s = literalShift(right);
      if (s === undefined) return numAV(0, 4294967295, true);
      if (isI32(l) && l.lo >= 0) return numAV(l.lo >>> s, l.hi >>> s, true);
      return numAV(0, 4294967295 >>> s, true);
    },
  },
} satisfies Record<BinaryOperator, BinaryOperatorRow>;
/**
 * The arithmetic and bitwise operators, keyed by the IR's {@link BinaryOperator}.
 *
 * @example
 * ```ts
 * import { BINARY_OPERATORS } from './operators.js';
 *
 * BINARY_OPERATORS.ushr.js; // → '>>>'
 * ```
 */
export const BINARY_OPERATORS: Readonly<Record<BinaryOperator, BinaryOperatorRow>> = BINARY_TABLE;

// The rows; the typed export below is what the stages read.
const wgslCompare = (symbol: string) => (left: string, right: string): string => `(${left} ${symbol} ${right})`;
const COMPARE_TABLE = {
  lt: { sources: ['<'], equality: false, js: '<', wgsl: wgslCompare('<'), wasm: { bool: 'i32.lt_u', i32: 'i32.lt_s', i64: 'i64.lt_s', f64: 'f64.lt' } },
  le: { sources: ['<='], equality: false, js: '<=', wgsl: wgslCompare('<='), wasm: { bool: 'i32.le_u', i32: 'i32.le_s', i64: 'i64.le_s', f64: 'f64.le' } },
  gt: { sources: ['>'], equality: false, js: '>', wgsl: wgslCompare('>'), wasm: { bool: 'i32.gt_u', i32: 'i32.gt_s', i64: 'i64.gt_s', f64: 'f64.gt' } },
  ge: { sources: ['>='], equality: false, js: '>=', wgsl: wgslCompare('>='), wasm: { bool: 'i32.ge_u', i32: 'i32.ge_s', i64: 'i64.ge_s', f64: 'f64.ge' } },
  eq: { sources: ['===', '=='], equality: true, js: '===', wgsl: wgslCompare('=='), wasm: { bool: 'i32.eq', i32: 'i32.eq', i64: 'i64.eq', f64: 'f64.eq' } },
  ne: { sources: ['!==', '!='], equality: true, js: '!==', wgsl: (left, right) => `(!(${left} == ${right}))`, wasm: { bool: 'i32.ne', i32: 'i32.ne', i64: 'i64.ne', f64: 'f64.ne' } },
} satisfies Record<CompareOperator, CompareOperatorRow>;
/**
 * The comparisons, keyed by the IR's {@link CompareOperator}.
 *
 * @example
 * ```ts
 * import { COMPARE_OPERATORS } from './operators.js';
 *
 * COMPARE_OPERATORS.ne.wgsl('a', 'b'); // → '(!(a == b))'
 * ```
 */
export const COMPARE_OPERATORS: Readonly<Record<CompareOperator, CompareOperatorRow>> = COMPARE_TABLE;

// The rows; the typed export below is what the stages read.
const UNARY_TABLE = {
  neg: {
    source: '-', operand: 'number', refusal: { message: (v) => `cannot negate ${v}`, context: 'unary -' },
    // -0 is not an integer value: only a range without 0 negates to an integer
    range: (v) => (v.k === 'num' && v.int && (v.lo > 0 || v.hi < 0) ? numAV(-v.hi, -v.lo, true) : FLOAT),
    js: (a) => `(-${a.num()})`,
    wgsl: (a) => `(-${a.value()})`,
    wasm: (w) => {
      if (w.int) {
        w.emit('i32.const', 0);
        w.operand('i32');
        w.emit('i32.sub');
      } else {
        w.operand('f64');
        w.emit('f64.neg');
      }
    },
  },
  not: {
    source: '!', operand: 'condition', refusal: { message: (v) => `cannot apply ! to ${v}`, context: '! operator' },
    range: () => BOOLV,
    js: (a) => `(!${a.value()})`,
    wgsl: (a) => `(!${a.truthy()})`,
    wasm: (w) => {
      w.operand('value');
      w.emit('i32.eqz');
    },
  },
  bitnot: {
    source: '~', operand: 'int32', refusal: { message: (v) => `cannot apply ~ to ${v}`, context: '~ operator' },
    range: () => INT32,
    js: (a) => `(~${a.num()})`,
    wgsl: (a) => intOrF32(`(~${a.int32()})`, a.int),
    wasm: (w) => {
      w.operand('int32');
      w.emit('i32.const', -1);
      w.emit('i32.xor');
      if (!w.int) w.emit('f64.convert_i32_s');
    },
  },
  square: {
    operand: 'number', refusal: { message: (v) => `cannot square ${v}`, context: '** operator' },
    range: (v) => v, // typed by the `**` row: square is `x ** 2`, which lowering emits only with that row's type
    js: (a) => {
      const s = a.simple();
      return `(${s.setup}${s.value} * ${s.value})`;
    },
    wgsl: (a) => {
      const t = a.bind();
      return `(${t} * ${t})`;
    },
    wasm: (w) => {
      w.twice();
      w.emit(w.int ? 'i32.mul' : 'f64.mul');
    },
  },
} satisfies Record<UnaryOperator, UnaryOperatorRow>;
/**
 * The unary operators, keyed by the IR's {@link UnaryOperator}.
 *
 * @example
 * ```ts
 * import { UNARY_OPERATORS } from './operators.js';
 *
 * UNARY_OPERATORS.bitnot.source; // → '~'
 * ```
 */
export const UNARY_OPERATORS: Readonly<Record<UnaryOperator, UnaryOperatorRow>> = UNARY_TABLE;

const bySource = <K extends string>(rows: Readonly<Record<K, { readonly source?: string }>>): ReadonlyMap<string, K> =>
  new Map(Object.entries<{ readonly source?: string }>(rows).flatMap(([k, r]) => (r.source ? [[r.source, k as K] as const] : [])));
const BINARY_BY_SOURCE = bySource<BinaryOperator>(BINARY_OPERATORS);
const UNARY_BY_SOURCE = bySource<UnaryOperator>(UNARY_OPERATORS);
const COMPARE_BY_SOURCE: ReadonlyMap<string, CompareOperator> = new Map(
  Object.entries(COMPARE_OPERATORS).flatMap(([k, r]) => r.sources.map((s) => [s, k as CompareOperator] as const)),
);

/**
 * The IR operator of a JS binary token (`'+'` → `'add'`), or `undefined` when the subset has none.
 *
 * @example
 * ```ts
 * import { binaryOperator } from './operators.js';
 *
 * binaryOperator('>>>'); // → 'ushr'
 * binaryOperator('in'); // → undefined
 * ```
 */
export function binaryOperator(source: string): BinaryOperator | undefined {
  return BINARY_BY_SOURCE.get(source);
}

/**
 * The IR comparison of a JS token (`'=='` and `'==='` → `'eq'`), or `undefined`.
 *
 * @example
 * ```ts
 * import { compareOperator } from './operators.js';
 *
 * compareOperator('<='); // → 'le'
 * compareOperator('=='); // → 'eq'
 * ```
 */
export function compareOperator(source: string): CompareOperator | undefined {
  return COMPARE_BY_SOURCE.get(source);
}

/**
 * The IR operator of a JS unary token (`'-'` → `'neg'`), or `undefined` (`+`, `typeof`, `void`, `delete`).
 *
 * @example
 * ```ts
 * import { unaryOperator } from './operators.js';
 *
 * unaryOperator('~'); // → 'bitnot'
 * unaryOperator('typeof'); // → undefined
 * ```
 */
export function unaryOperator(source: string): UnaryOperator | undefined {
  return UNARY_BY_SOURCE.get(source);
}
