/**
 * Every member of `Math`, one row each: how inference types it (arity, result range), how lowering treats
 * its arguments, and what each backend emits. The table is checked against `keyof Math`, so a member missing
 * here is a type error, and it is the documented subset: inference (`infer/analyze.ts`), lowering
 * (`lower.ts`), the JS backend (`js/codegen.ts`) and the WGSL backend (`gpu/codegen-wgsl.ts`) all read it.
 *
 * WGSL computes in f32 with its built-ins, whose accuracy the WGSL spec states per function (most are
 * "inherited" from a formula, e.g. `acosh(x) = log(x + sqrt(x*x - 1))`). Each row's `wgslAccuracy` says what
 * to expect beyond f32 rounding; `tests/gpu/math-table.test.ts` checks every row on lavapipe against
 * JavaScript's own `Math` within that tolerance. Where a built-in is undefined outside its domain (WGSL's
 * `acosh(x < 1)`, `atanh(|x| >= 1)`), the emission selects JS's answer (NaN, ±Infinity) explicitly.
 *
 * Over 400 lines, with a reason: it is the one table of every `Math` member, checked against `keyof Math` and
 * read as the documented subset; splitting the table would defeat its purpose.
 *
 * @module
 */
import { FLOAT, INT32, numAV } from '../infer/lattice.js';

/**
 * A number as inference sees it (`infer/lattice.ts`): an interval, and whether it is an integer that is never -0.
 *
 * @example
 * ```ts
 * import { mathFunction, type NumAV } from './math.js';
 *
 * // A loop counter over -5..99: Math.abs of it is an integer in [0, 99], Math.sign one in [-1, 1].
 * const counter: NumAV = { k: 'num', int: true, lo: -5, hi: 99 };
 * mathFunction('abs').range?.([counter]); // → { k: 'num', int: true, lo: 0, hi: 99 }
 * mathFunction('sign').range?.([counter]); // → { k: 'num', int: true, lo: -1, hi: 1 }
 * ```
 */
export interface NumAV {
  /** Discriminant of inference's values (`infer/lattice.ts`). */
  readonly k: 'num';
  /** An integer, never -0. */
  readonly int: boolean;
  /** Lower bound. */
  readonly lo: number;
  /** Upper bound. */
  readonly hi: number;
}

// numAV and FLOAT are number values; typed here as such so the table's range rules say what they return. Read
// when a rule runs, not when this module loads: the lattice imports the table through infer/functions.ts.
const num = (lo: number, hi: number, int: boolean): NumAV => numAV(lo, hi, int) as NumAV;
const any = (): NumAV => FLOAT as NumAV;

/**
 * What a row's WGSL emission receives: its arguments, already emitted, and ways to convert or bind them.
 *
 * @example
 * ```ts
 * import { MATH, type MathFunctionRow, type WgslMathArgs } from './math.js';
 *
 * const args: WgslMathArgs = { count: 1, int: false, isInt: () => false, raw: () => 'x', f32: () => 'x', int32: () => 'i32(x)', bind: (x: string) => x };
 * (MATH.sqrt as MathFunctionRow).wgsl(args); // → 'sqrt(x)'
 * ```
 */
export interface WgslMathArgs {
  /** How many arguments the call has. */
  readonly count: number;
  /** Whether the call is typed `i32` (its IR type), i.e. the WGSL expression must be an `i32`. */
  readonly int: boolean;
  /** Whether argument `k` is typed `i32`. */
  isInt(k: number): boolean;
  /** Argument `k` as emitted: an `i32` or `f32` expression, as typed. */
  raw(k: number): string;
  /** Argument `k` as an `f32` expression. */
  f32(k: number): string;
  /** Argument `k` converted with JS ToInt32, as an `i32` expression (emits the argument again). */
  int32(k: number): string;
  /** Binds an `f32` expression to a fresh variable (for emissions that use a value several times). */
  bind(f32: string): string;
}

/**
 * One `Math` function: typing, lowering, and emission per backend.
 *
 * @example
 * ```ts
 * import { MATH, type MathFunctionRow } from './math.js';
 *
 * const row = MATH.sqrt as MathFunctionRow;
 * row.arity; // → 1
 * row.js(['x']); // → 'Math.sqrt(x)'
 * ```
 */
export interface MathFunctionRow {
  /** Discriminant. */
  readonly kind: 'function';
  /** Argument count; `'variadic'` takes one or more in compiled code (`min`, `max`, `hypot`). */
  readonly arity: 1 | 2 | 'variadic';
  /** `floor`, `ceil`, `round`, `trunc`: an integer argument rounds to itself (every stage relies on it). */
  readonly roundsIntegers?: true;
  /**
   * `imul`, `clz32`: the arguments go through JS ToInt32 and the result is an int32, so lowering passes the
   * arguments as they are (any number) and types the call `i32`.
   */
  readonly int32Result?: true;
  /** The result's range from the arguments' (inference); absent: any `f64`. */
  readonly range?: (args: readonly NumAV[]) => NumAV;
  /** The JS backend's emission, from the emitted arguments. */
  readonly js: (args: readonly string[]) => string;
  /** The WGSL backend's emission. */
  readonly wgsl: (a: WgslMathArgs) => string;
  /** Where the WGSL result differs from JS beyond rounding to f32 (documentation, and the GPU test's tolerance). */
  readonly wgslAccuracy: string;
}

/**
 * `Math.random()`: numbat's seedable generator on every backend.
 *
 * @example
 * ```ts
 * import { MATH } from './math.js';
 *
 * MATH.random?.kind; // → 'random'
 * ```
 */
export interface MathRandomRow {
  /** Discriminant. */
  readonly kind: 'random';
  /** What each backend draws. */
  readonly note: string;
}

/**
 * A `Math` constant, folded into an IR constant where it is read (so every backend has it for free).
 *
 * @example
 * ```ts
 * import { MATH } from './math.js';
 *
 * MATH.PI; // → { kind: 'constant', value: 3.141592653589793 }
 * ```
 */
export interface MathConstantRow {
  /** Discriminant. */
  readonly kind: 'constant';
  /** The exact JS value. */
  readonly value: number;
}

/**
 * A row of {@link MATH}.
 *
 * @example
 * ```ts
 * import { MATH, type MathRow } from './math.js';
 *
 * const row: MathRow | undefined = MATH.E;
 * row?.kind; // → 'constant'
 * ```
 */
export type MathRow = MathFunctionRow | MathRandomRow | MathConstantRow;

/** Every string-keyed member of `Math` in the TypeScript library this project compiles against. */
type MathMember = Exclude<keyof Math, symbol>;

const jsCall = (name: string) => (args: readonly string[]): string => `Math.${name}(${args.join(', ')})`;
const allF32 = (a: WgslMathArgs): string => Array.from({ length: a.count }, (_, k) => a.f32(k)).join(', ');
/** A WGSL built-in (or numbat helper) of the same meaning; an `i32`-typed call converts its f32 result. */
const builtin = (name: string) => (a: WgslMathArgs): string => {
  const r = `${name}(${allF32(a)})`;
  return a.int ? `i32(${r})` : r;
};
/** `|x|`'s result with `x`'s sign bit: exact for ±0 and keeps NaN a NaN (odd functions: asinh, atanh). */
const withSignOf = (x: string, magnitude: string): string =>
  `bitcast<f32>(bitcast<u32>(${magnitude}) | (bitcast<u32>(${x}) & 0x80000000u))`;
/**
 * Whether an f32 is NaN, tested on its bits: drivers may assume floats are never NaN (WGSL allows it), and
 * lavapipe folds `x != x` to false, so a float comparison cannot tell.
 */
const isNaN32 = (x: string): string => `numbat_isnan(${x})`;
/** Below this magnitude asinh(x) and atanh(x) equal x to f32 precision (the next term is x³/6, x³/3). */
const ODD_SMALL = '0.000244140625f';

/** One row for a function of floats with no integer rule: inference gives `f64`, WGSL a built-in. */
function float(arity: 1 | 2, name: string, wgslAccuracy: string, wgsl: (a: WgslMathArgs) => string = builtin(name)): MathFunctionRow {
  return { kind: 'function', arity, js: jsCall(name), wgsl, wgslAccuracy };
}

function rounding(name: string, wgslName: string, wgslAccuracy: string): MathFunctionRow {
  return { kind: 'function', arity: 1, roundsIntegers: true, js: jsCall(name), wgsl: builtin(wgslName), wgslAccuracy };
}

function minmax(name: 'min' | 'max'): MathFunctionRow {
  return {
    kind: 'function',
    arity: 'variadic',
    range: (args) => (args.every((v) => v.int) ? num(Math[name](...args.map((v) => v.lo)), Math[name](...args.map((v) => v.hi)), true) : any()),
    js: jsCall(name),
    wgsl: (a) => {
      if (a.count === 0) return name === 'min' ? 'numbat_inf()' : '(-numbat_inf())';
      if (a.int) return Array.from({ length: a.count }, (_, k) => a.raw(k)).reduce((acc, x) => `${name}(${acc}, ${x})`);
      // numbat_min/numbat_max propagate NaN like JS (WGSL's own are not specified for NaN), testing the bits
      return Array.from({ length: a.count }, (_, k) => a.f32(k)).reduce((acc, x) => `numbat_${name}(${acc}, ${x})`);
    },
    wgslAccuracy: 'exact; NaN-propagating like JS (WGSL\'s own min/max are not specified for NaN); -0 and +0 are not ordered',
  };
}

/** Where numbat's helper scales f32 subnormals into the normal range (`gpu/wgsl/helpers.ts`). */
const SUBNORMAL = "subnormal arguments are scaled by 2^24 first (lavapipe's built-in reads them as normal)";
const ULP_LIBM = 'f32 built-in: a few ulp (WGSL: inherited from its formula or 2 ulp / absolute 2^-11 for sin and cos on [-π, π])';

// The rows, with their literal types (for MathFunction); exported below as MATH.
const TABLE = {
  abs: {
    kind: 'function',
    arity: 1,
    range: ([v]) => {
      if (!v!.int) return any();
      const lo = v!.lo <= 0 && v!.hi >= 0 ? 0 : Math.min(Math.abs(v!.lo), Math.abs(v!.hi));
      return num(lo, Math.max(Math.abs(v!.lo), Math.abs(v!.hi)), true);
    },
    js: jsCall('abs'),
    wgsl: (a) => (a.int ? `abs(${a.int32(0)})` : `abs(${a.f32(0)})`),
    wgslAccuracy: 'exact',
  },
  acos: float(1, 'acos', `${ULP_LIBM}; outside [-1, 1] WGSL's result is unspecified (JS: NaN; lavapipe gives NaN)`),
  acosh: float(1, 'acosh', 'WGSL inherits log(x + sqrt(x*x - 1)); below 1 (JS: NaN) and past 1e4 (where x*x would overflow f32) the emission selects NaN and log(x) + ln 2', (a) => {
    const x = a.bind(a.f32(0));
    return `select(numbat_nan(), select(acosh(${x}), log(${x}) + 0.6931471805599453f, ${x} > 10000.0f), ${x} >= 1.0f)`;
  }),
  asin: float(1, 'asin', `${ULP_LIBM}; outside [-1, 1] WGSL's result is unspecified (JS: NaN; lavapipe gives NaN)`),
  asinh: float(1, 'asinh', 'WGSL inherits log(x + sqrt(x*x + 1)), which cancels for negative x and overflows past 1.8e19: the emission uses |x| (with x\'s sign), x itself below 2^-12 and log(|x|) + ln 2 past 1e4', (a) => {
    const x = a.bind(a.f32(0));
    const m = a.bind(`abs(${x})`);
    return withSignOf(x, `select(select(asinh(${m}), log(${m}) + 0.6931471805599453f, ${m} > 10000.0f), ${m}, ${m} < ${ODD_SMALL})`);
  }),
  atan: float(1, 'atan', ULP_LIBM),
  atanh: float(1, 'atanh', 'WGSL inherits log((1 + x) / (1 - x)) / 2 and leaves |x| >= 1 unspecified: the emission selects ±Infinity at ±1 and NaN beyond, as JS, uses |x| (with x\'s sign), and x itself below 2^-12', (a) => {
    const x = a.bind(a.f32(0));
    const m = a.bind(`abs(${x})`);
    return withSignOf(x, `select(numbat_nan(), select(select(atanh(${m}), ${m}, ${m} < ${ODD_SMALL}), numbat_inf(), ${m} == 1.0f), ${m} <= 1.0f)`);
  }),
  atan2: float(2, 'atan2', `${ULP_LIBM}; numbat_atan2 gives JS's ±0 and ±π for two zeros, which WGSL leaves unspecified, and scales both arguments by 2^24 (exact) so that no subnormal reaches the built-in, which lavapipe answers with NaN`, builtin('numbat_atan2')),
  cbrt: float(1, 'cbrt', 'numbat_cbrt: sign(x) * pow(|x|, 1/3), a few ulp; a subnormal |x| is scaled by 2^24 first (lavapipe\'s pow reads it as normal)', builtin('numbat_cbrt')),
  ceil: rounding('ceil', 'ceil', 'exact'),
  clz32: {
    kind: 'function',
    arity: 1,
    int32Result: true,
    range: () => num(0, 32, true),
    js: jsCall('clz32'),
    wgsl: (a) => `i32(countLeadingZeros(bitcast<u32>(${a.int32(0)})))`,
    wgslAccuracy: 'exact for integer arguments (i32 on the GPU); a non-integer f64 argument is an f32 there first, which can change its ToUint32 past 2^24',
  },
  cos: float(1, 'cos', ULP_LIBM),
  cosh: float(1, 'cosh', ULP_LIBM),
  exp: float(1, 'exp', ULP_LIBM),
  expm1: float(1, 'expm1', 'numbat_expm1: its Taylor series below |x| = 1/8, else (e^x - 1) * x / log(e^x), a few ulp', builtin('numbat_expm1')),
  floor: rounding('floor', 'floor', 'exact'),
  fround: { kind: 'function', arity: 1, js: jsCall('fround'), wgsl: (a) => a.f32(0), wgslAccuracy: 'exact: every GPU float is an f32' },
  hypot: {
    kind: 'function',
    arity: 'variadic',
    js: jsCall('hypot'),
    wgsl: (a) => {
      if (a.count === 0) return '0.0f';
      if (a.count === 1) return `abs(${a.f32(0)})`;
      return Array.from({ length: a.count }, (_, k) => a.f32(k)).reduce((acc, x) => `numbat_hypot(${acc}, ${x})`);
    },
    wgslAccuracy: 'numbat_hypot, scaled by the larger magnitude as JS does (no overflow or underflow of the squares); more than two arguments fold pairwise, a few ulp',
  },
  imul: {
    kind: 'function',
    arity: 2,
    int32Result: true,
    range: () => INT32 as NumAV,
    js: jsCall('imul'),
    wgsl: (a) => `(${a.int32(0)} * ${a.int32(1)})`,
    wgslAccuracy: 'exact (i32 multiplication wraps like Math.imul)',
  },
  log: float(1, 'log', `${ULP_LIBM}; numbat_log: ${SUBNORMAL}`, builtin('numbat_log')),
  log10: float(1, 'log10', `numbat_log2(x) * log10(2): a few ulp; ${SUBNORMAL}`, (a) => `(numbat_log2(${a.f32(0)}) * 0.30102999566398120f)`),
  log1p: float(1, 'log1p', 'numbat_log1p: its Taylor series below |x| = 1/8, else log(1 + x) * x / ((1 + x) - 1), a few ulp', builtin('numbat_log1p')),
  log2: float(1, 'log2', `${ULP_LIBM}; numbat_log2: ${SUBNORMAL}`, builtin('numbat_log2')),
  max: minmax('max'),
  min: minmax('min'),
  pow: float(2, 'pow', 'numbat_pow: JS\'s special cases, then WGSL pow (inherited from exp2(y * log2(x))), whose error grows with |y log2 x|; numbat_pow tests NaN on the bits, since drivers may fold x != x, and computes a subnormal base\'s power as exp2(y * numbat_log2(x))', (a) => {
    const r = `numbat_pow(${a.f32(0)}, ${a.f32(1)})`;
    return a.int ? `i32(${r})` : r;
  }),
  random: { kind: 'random', note: 'JS: SFC32 inlined, 53-bit doubles (memoJit.seed); WGSL: Philox4x32-10 per invocation, 24-bit f32' },
  round: rounding('round', 'numbat_round', 'exact; half up like JS (WGSL\'s round is half to even), and -0 for -0.5 <= x <= -0 as JS gives'),
  sign: {
    kind: 'function',
    arity: 1,
    range: ([v]) => (v!.int ? num(-1, 1, true) : any()),
    js: jsCall('sign'),
    wgsl: (a) => {
      if (a.int) return `sign(${a.raw(0)})`;
      const x = a.bind(a.f32(0));
      // ±0 is returned as itself: WGSL's sign(-0.0) is 0.0, and JS's Math.sign(-0) is -0.
      return `select(select(sign(${x}), ${x}, ${x} == 0.0f), numbat_nan(), ${isNaN32(x)})`;
    },
    wgslAccuracy: 'exact; NaN stays NaN (tested on the bits: WGSL\'s sign of NaN is unspecified) and ±0 keep their sign',
  },
  sin: float(1, 'sin', ULP_LIBM),
  sinh: float(1, 'sinh', ULP_LIBM),
  sqrt: float(1, 'sqrt', 'correctly rounded f32 on most devices'),
  tan: float(1, 'tan', ULP_LIBM),
  tanh: float(1, 'tanh', ULP_LIBM),
  trunc: rounding('trunc', 'trunc', 'exact'),
  E: { kind: 'constant', value: Math.E },
  LN10: { kind: 'constant', value: Math.LN10 },
  LN2: { kind: 'constant', value: Math.LN2 },
  LOG10E: { kind: 'constant', value: Math.LOG10E },
  LOG2E: { kind: 'constant', value: Math.LOG2E },
  PI: { kind: 'constant', value: Math.PI },
  SQRT1_2: { kind: 'constant', value: Math.SQRT1_2 },
  SQRT2: { kind: 'constant', value: Math.SQRT2 },
} as const satisfies Record<MathMember, MathRow>;

/**
 * The table: the 28 one-argument functions, `atan2`, `hypot`, `imul`, `max`, `min`, `pow`, `random` and the
 * 8 constants.
 *
 * @example
 * ```ts
 * import { MATH } from './math.js';
 *
 * Object.values(MATH).filter((r) => r.kind === 'constant').length; // → 8
 * 'clz32' in MATH; // → true
 * ```
 */
export const MATH: Readonly<Record<string, MathRow>> = TABLE;

/**
 * The name of a `Math` function compiled code calls (the IR's `MathCall.fn`).
 *
 * @example
 * ```ts
 * import { mathFunction, type MathFunction } from './math.js';
 *
 * const fn: MathFunction = 'hypot';
 * mathFunction(fn).arity; // → 'variadic'
 * ```
 */
export type MathFunction =
  | 'abs'
  | 'acos'
  | 'acosh'
  | 'asin'
  | 'asinh'
  | 'atan'
  | 'atanh'
  | 'atan2'
  | 'cbrt'
  | 'ceil'
  | 'clz32'
  | 'cos'
  | 'cosh'
  | 'exp'
  | 'expm1'
  | 'floor'
  | 'fround'
  | 'hypot'
  | 'imul'
  | 'log'
  | 'log10'
  | 'log1p'
  | 'log2'
  | 'max'
  | 'min'
  | 'pow'
  | 'round'
  | 'sign'
  | 'sin'
  | 'sinh'
  | 'sqrt'
  | 'tan'
  | 'tanh'
  | 'trunc';

/** The function rows of the table; the check below makes the list above exactly these, in both directions. */
type FunctionRows = { [K in MathMember]: (typeof TABLE)[K] extends MathFunctionRow ? K : never }[MathMember];
const exactlyTheFunctionRows: [MathFunction, FunctionRows] extends [FunctionRows, MathFunction] ? true : never = true;
void exactlyTheFunctionRows;

/**
 * The row of `Math.<name>`, or undefined when `Math` has no such member (own members only: `Math.toString`
 * is not a row).
 *
 * @example
 * ```ts
 * import { mathRow } from './math.js';
 *
 * mathRow('sqrt')?.kind; // → 'function'
 * mathRow('toString'); // → undefined
 * ```
 */
export function mathRow(name: string): MathRow | undefined {
  return Object.hasOwn(MATH, name) ? (MATH as Record<string, MathRow>)[name] : undefined;
}

/**
 * The row of a function the IR calls.
 *
 * @example
 * ```ts
 * import { mathFunction } from './math.js';
 *
 * mathFunction('imul').int32Result; // → true
 * ```
 */
export function mathFunction(fn: MathFunction): MathFunctionRow {
  return TABLE[fn];
}

/**
 * The WGSL of a `Math` call, for the WGSL backend: an integer argument of a rounding function is itself,
 * everything else is the row's emission.
 *
 * @example
 * ```ts
 * import { emitWgslMath } from './math.js';
 *
 * emitWgslMath('sqrt', { count: 1, int: false, isInt: () => false, raw: () => 'x', f32: () => 'x', int32: () => 'i32(x)', bind: (x: string) => x }); // → 'sqrt(x)'
 * // Math.floor of an integer argument is the argument itself:
 * emitWgslMath('floor', { count: 1, int: true, isInt: () => true, raw: () => 'k', f32: () => 'f32(k)', int32: () => 'k', bind: (x: string) => x }); // → 'k'
 * ```
 */
export function emitWgslMath(fn: MathFunction, a: WgslMathArgs): string {
  const row = mathFunction(fn);
  if (row.roundsIntegers && a.int && a.isInt(0)) return a.raw(0);
  return row.wgsl(a);
}
