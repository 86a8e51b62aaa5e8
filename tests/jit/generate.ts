/**
 * Random programs in memoJit's numeric subset, as JavaScript source, for differential testing.
 *
 * A program is drawn from a seed and a size (fast-check shrinks both, so a failure shrinks toward a short
 * program). Every program terminates: loop counters are never assigned by the body, `while`/`do` loops bump
 * their counter first (so `continue` cannot skip it), every small loop bound is at most 8, and loops whose
 * counters approach the int32 limits carry a guard counter that breaks out after 40 trips (so a compiled
 * counter that wraps gives a wrong answer, never a hang).
 *
 * The signature is always `(a, b, k, xs)`: two doubles, an integer-ish number, and a typed array. The body may
 * write `xs` (inside index loops over it) and a local `buf = new Float64Array(4)`; the caller compares `xs`
 * after the call too.
 */

import { rng } from '../_support/rng.js';
import { MATH } from '../../src/jit/ops/math.js';
import { statementsStmt, type StatementsContext } from './generate-statements.js';
import { callbacksStmt, type CallbacksContext } from './generate-callbacks.js';
import { arraysStmt, type ArraysContext } from './generate-arrays.js';

/** What the generator may use at a point of the program. */
interface Scope {
  /** Readable numeric names (params, locals, loop variables, block lets). */
  readonly readable: readonly string[];
  /** Names the body may assign (top-level and block `let`s, never loop counters). */
  readonly mutable: readonly string[];
  /** Index variables that are in bounds for `xs` (from `for (let i = 0; i < xs.length; i++)`). */
  readonly xsIndex: readonly string[];
  /** Inside a loop (`break`/`continue` allowed). */
  readonly inLoop: boolean;
  /** Inside a helper: only its own parameters (compiled helpers cannot capture `xs`, `buf` or locals). */
  readonly pure?: boolean;
  /** Helpers callable here: name and arity. */
  readonly helpers?: ReadonlyArray<readonly [string, number]>;
  /** Row variables of `m` in scope (each has at least 2 columns). */
  readonly rows?: readonly string[];
  /** Boolean locals in scope, and those the body may assign. */
  readonly bools?: readonly string[];
  /** Flags in scope that start `false` and are given numbers (or `true`), with `numOrBool`. */
  readonly flags?: readonly string[];
}

/** Options that switch families of constructs on or off (to isolate a failure). */
export interface GenerateOptions {
  /** Include `**` (default true). */
  readonly pow?: boolean;
  /** Include bitwise operators and `| 0` (default true). */
  readonly bitwise?: boolean;
  /** Include out-of-bounds `xs` reads, which are `undefined` in JS (default true). */
  readonly outOfBounds?: boolean;
  /** Include stores into `xs` and `buf` (default true). */
  readonly stores?: boolean;
  /** Include Math.floor/ceil/trunc/round (default true). */
  readonly rounding?: boolean;
  /**
   * Include the wider language (default false): assignments to parameters, every compound assignment
   * (`%= /= **= |= &= ^= <<= >>= >>>=`), inner arrow and function helpers and calls to them, `var`,
   * counting-down and strided loops.
   */
  readonly extended?: boolean;
  /** With `extended`: also inner helpers and calls to them (default true). */
  readonly helpers?: boolean;
  /**
   * Add a fifth parameter `m`, a rectangular `number[][]` with 2 or 3 columns: `m.length`, `for (const r of m)`,
   * indexed row loops, `m[i][j]`, `r[0]`, `const [p, q] = r` (default false).
   */
  readonly matrix?: boolean;
  /** With `matrix`: `m` is an `Array2D`, read with `m.get(i, j)`, `m.row(i)`, `m.rows`, `m.cols`, written with `m.set` (default false). */
  readonly array2d?: boolean;
  /**
   * With `array2d`: `m.row(q)` for a `q` that may be no row (default false). Plain `Array2D.row` then returns an
   * empty or misaligned view and reads give `undefined`; compiled code throws a RangeError instead (reported to
   * the lead as a JIT finding), so the default keeps row indices in range.
   */
  readonly array2dRowsOutOfRange?: boolean;
  /**
   * Element stores at any index and with compound operators: `xs[k / 2] += e`, `xs[-1] = e`, `xs[xs.length] -= e`,
   * `buf[a] *= e` (default false; in-bounds `=` stores come with `stores`).
   */
  readonly elementStores?: boolean;
  /** `Math.random()` in expressions (and in callees); the caller must seed plain and compiled alike (default false). */
  readonly random?: boolean;
  /** Boolean locals (`let f = a < b`), assigned, negated, compared and used as conditions (default false). */
  readonly booleans?: boolean;
  /**
   * Flags that are `false` or a number (jStat's `var fact = false; … fact = e; … if (fact) res = fact / res`):
   * declared `false` (or without a value), given numbers, `true` or `false`, updated with `+=`, read as
   * conditions, with `===`, `!`, in arithmetic and as a `switch`'s value (default false). Never with `==` (a
   * located refusal) nor `++` (numbers only).
   */
  readonly numOrBool?: boolean;
  /**
   * What every `return` returns (default 'number'): a number, a boolean, a tuple `[x, y]` (shape fixed per
   * program), a row of `m` (with `matrix`; the program then needs `m` to have a row: {@link Program.needsRow}),
   * or one of these per program ('mixed').
   */
  readonly returns?: 'number' | 'boolean' | 'tuple' | 'row' | 'mixed';
  /** Calls to the memoJit callees of {@link CALLEES} (default false). */
  readonly calls?: boolean;
  /** Loops whose counters start or end near ±2^31, with a guard counter (default false). */
  readonly int32Loops?: boolean;
  /**
   * Locals named from the compiler's own name space and from globals generated code reads (`$t0`, `$d_m`, `$S`,
   * `$s0`, `$pack`, `$fallback`, `$u_v0`, `Infinity`, `NaN`, …): compiled code must keep them apart from its own
   * (issue 11 item 3; default false).
   */
  readonly compilerNames?: boolean;
  /** Issue 12's statements and operators (`generate-statements.ts`): throw, switch, assignments in expressions, `??`, … (default false). */
  readonly statements?: boolean;
  /** Issue 12's array callbacks (`generate-callbacks.ts`): map, forEach, reduce, some, every, filter, findIndex (default false). */
  readonly callbacks?: boolean;
  /** Issue 12's ArrayBuffer views, callbacks on `number[][]` rows and local arrays of rows (`generate-arrays.ts`; default false). */
  readonly arrays?: boolean;
}

/** What the generator's closure lends a construct row: the union of what each row's file asks for. */
type ConstructContext = StatementsContext & CallbacksContext & ArraysContext;

/**
 * A family of statements kept in its own file and switched on by one boolean option: when the option is on and the
 * statement is nested, the row is tried with probability `p` (in table order), and a row returning `undefined`
 * lets the next row or the built-in constructs choose. `inPure`: also inside helpers' pure scopes.
 */
interface ConstructRow {
  readonly option: 'statements' | 'callbacks' | 'arrays';
  readonly p: number;
  readonly inPure: boolean;
  readonly statement: (c: ConstructContext) => string[] | undefined;
}

/**
 * The construct families of other files, one row each: a new family is a new file and one row here. (The object,
 * prange and language generators are not rows: they draw whole programs of other signatures, with inputs and
 * oracles of their own, see tests/jit/README.md.)
 */
const CONSTRUCT_ROWS: readonly ConstructRow[] = [
  { option: 'statements', p: 0.2, inPure: true, statement: (c) => statementsStmt(c)?.code },
  { option: 'callbacks', p: 0.2, inPure: false, statement: (c) => callbacksStmt(c) },
  { option: 'arrays', p: 0.2, inPure: false, statement: (c) => arraysStmt(c) },
];

/** Names generated code uses or reads, offered as user locals by {@link GenerateOptions.compilerNames}. */
const COMPILER_NAMES = ['$t0', '$t1', '$d_m', '$c_m', '$r_m', '$S', '$s0', '$ro', '$pack', '$fallback', '$allOf', '$u_v0', 'Infinity', 'NaN'];

/**
 * Functions generated programs may call (with `calls`): each is compiled on its own by memoJit and handed to
 * the compiled program through `memoJit({ scope })`; the plain program calls the plain function.
 */
export const CALLEES = {
  c_sq: function c_sq(p: number): number {
    return p * p;
  },
  c_mix: function c_mix(p: number, q: number): number {
    return p < q ? p - q : Math.floor(p) + q;
  },
  c_count: function c_count(p: number): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      if (p > i) n += 1;
    }
    return n;
  },
  c_idx: function c_idx(p: number, q: number): number {
    return (p | 0) % 3 + q;
  },
} as const;

/** A callee that draws: only offered with `random`. */
export const RANDOM_CALLEES = {
  c_rnd: function c_rnd(p: number): number {
    return p < 0.5 ? Math.random() : p + Math.random();
  },
} as const;

const CALLEE_ARITY: Record<string, number> = { c_sq: 1, c_mix: 2, c_count: 1, c_idx: 2, c_rnd: 1 };

/** A generated program: its source, the body alone, and the parameter names. */
export interface Program {
  readonly params: readonly string[];
  readonly body: string;
  /** `function f(a, b, k, xs[, m]) { … }`, for failure messages. */
  readonly source: string;
  /** Names of {@link CALLEES} (and {@link RANDOM_CALLEES}) the program may call. */
  readonly callees: readonly string[];
  /** The program returns a row of `m`, so it must be called with at least one row. */
  readonly needsRow: boolean;
}

const LITERALS = ['0', '1', '2', '3', '0.5', '-1', '-0', '1e308', '5e-324', '2147483647', '-2147483648', '4294967296', '0.1', '1e-300', '7'];
/** `Math` functions of one arity, from the compiler's own table (src/jit/ops/math.ts): a new row is drawn here at once. */
const mathNames = (arity: 1 | 2 | 'variadic'): string[] => Object.entries(MATH).flatMap(([fn, row]) => (row.kind === 'function' && row.arity === arity ? [fn] : []));
const MATH1 = mathNames(1);
/** Loops near the int32 limits: start, comparison, end, update. The guard counter keeps each under 40 trips. */
const INT32_LOOPS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['2147483644', '<=', '2147483647', '++'],
  ['2147483640', '<', '2147483647 + (k & 3)', ' += 3'],
  ['-2147483645', '>=', '-2147483648', '--'],
  ['-2147483648', '<', '-2147483648 + 3', '++'],
  ['k', '<', 'k + 3', '++'],
  ['2147483647 - (k & 7)', '<=', '2147483647', '++'],
  ['0', '<', 'k', ' += 1073741824'],
  ['2147483646', '!==', '2147483650', ' += 2'],
];
/** Indices of element stores: fractional, negative, past the end, or anything. */
const STORE_INDICES = ['k', 'a', '(k / 2)', '-1', 'xs.length', '((k & 7) - 2)', '0.5', '(xs.length - 1)', '-0', '(k >>> 0)'];
const MATH2 = mathNames(2);
const MATHN = mathNames('variadic');
const EXPONENTS = ['0', '1', '2', '3', '4', '-1', '-2', '0.5', '5'];

/** Draws one program. */
export function generateProgram(seed: number, size: number, options: GenerateOptions = {}): Program {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number): boolean => r() < p;
  const usePow = options.pow ?? true;
  const useBits = options.bitwise ?? true;
  const useOob = options.outOfBounds ?? true;
  const useStores = options.stores ?? true;
  const extended = options.extended ?? false;
  const matrix = options.matrix ?? false;
  const a2d = matrix && (options.array2d ?? false);
  const useElementStores = options.elementStores ?? false;
  const useRandom = options.random ?? false;
  const useBools = options.booleans ?? false;
  const useFlags = options.numOrBool ?? false;
  const useInt32Loops = options.int32Loops ?? false;
  const callees = options.calls ? [...Object.keys(CALLEES), ...(useRandom ? Object.keys(RANDOM_CALLEES) : [])] : [];
  // Matrix access, written for number[][] or Array2D.
  const cellOf = (i: string, j: string): string => (a2d ? `m.get(${i}, ${j})` : `m[${i}][${j}]`);
  const rowOf = (i: string): string => (a2d ? `m.row(${i})` : `m[${i}]`);
  const math1 = options.rounding === false ? MATH1.filter((f) => !['floor', 'ceil', 'trunc', 'round'].includes(f)) : MATH1;
  let fresh = 0;
  const name = (prefix: string): string => `${prefix}${fresh++}`;
  let budget = size * 6; // total statements+expressions, so size bounds the program

  // A flag read as a number: arithmetic converts it as JS does (false is 0, true is 1).
  const flagNumber = (f: string): string => pick([`(+${f})`, `(${f} * 2)`, `(${f} + ${pick(LITERALS)})`, `(${f} / 2)`, `Math.abs(${f})`, `(${f} - ${f})`]);

  const leaf = (s: Scope): string => {
    if (useFlags && s.flags && s.flags.length > 0 && chance(0.12)) return flagNumber(pick(s.flags));
    const roll = r();
    if (roll < 0.2) return pick(LITERALS);
    if (roll < 0.65 || s.pure) return s.readable.length > 0 && roll < 0.65 ? pick(s.readable) : pick(LITERALS);
    if (roll < 0.72) return 'xs.length';
    if (roll < 0.78) return `buf[${Math.floor(r() * 4)}]`;
    if (roll < 0.8) return useRandom && chance(0.5) ? 'Math.random()' : pick(['Math.PI', 'Math.E']);
    if (matrix && !s.pure && roll < 0.88) {
      if (s.rows && s.rows.length > 0 && chance(0.7)) return chance(0.15) ? `${pick(s.rows)}.length` : `${pick(s.rows)}[${pick(['0', '1'])}]`;
      if (a2d && chance(0.3)) return pick(['m.rows', 'm.cols']);
      return chance(0.5) ? 'm.length' : `(m.length > 0 ? ${cellOf('0', pick(['0', '1']))} : ${pick(LITERALS)})`;
    }
    if (s.xsIndex.length > 0 && roll < 0.95) return `xs[${pick(s.xsIndex)}]`;
    if (useOob) return pick(['xs[0]', 'xs[xs.length - 1]', 'xs[k & 7]']);
    return pick(s.readable);
  };

  const expr = (s: Scope, depth: number): string => {
    budget--;
    if (depth <= 0 || budget <= 0 || chance(0.25)) return leaf(s);
    const e = (): string => expr(s, depth - 1);
    const roll = r();
    if (roll < 0.35) return `(${e()} ${pick(['+', '-', '*', '/', '%', '+', '-', '*'])} ${e()})`;
    if (roll < 0.42) return `-(${e()})`;
    if (roll < 0.5 && usePow) return chance(0.8) ? `((${e()}) ** ${pick(EXPONENTS)})` : `((${e()}) ** ${e()})`;
    if (roll < 0.58 && useBits) {
      return chance(0.4) ? `(${e()} | 0)` : `(${e()} ${pick(['&', '|', '^', '<<', '>>', '>>>'])} ${chance(0.5) ? pick(['1', '3', '31', '0']) : e()})`;
    }
    if (roll < 0.61 && useBits) return `~(${e()})`;
    if (roll < 0.75) return `Math.${pick(math1)}(${e()})`;
    if (roll < 0.8) return `Math.${pick(MATH2)}(${e()}, ${e()})`;
    if (roll < 0.85) return `Math.${pick(MATHN)}(${chance(0.5) ? `${e()}, ${e()}` : `${e()}, ${e()}, ${e()}`})`;
    if (roll < 0.93) return `(${cond(s, depth - 1)} ? ${e()} : ${e()})`;
    if (callees.length > 0 && !s.pure && chance(0.5)) {
      const c = pick(callees);
      return `${c}(${Array.from({ length: CALLEE_ARITY[c]! }, e).join(', ')})`;
    }
    if (s.helpers && s.helpers.length > 0) {
      const [h, arity] = pick(s.helpers);
      return `${h}(${Array.from({ length: arity }, e).join(', ')})`;
    }
    return leaf(s);
  };

  // `bare`: a number may stand as the whole condition (JS truthiness: 0, -0 and NaN are false). Not as an
  // operand of && / ||, where memoJit requires both sides to have one type (a documented restriction).
  const cond = (s: Scope, depth: number, bare = true): string => {
    budget--;
    const e = (): string => expr(s, Math.max(depth - 1, 0));
    const roll = r();
    if (depth > 0 && roll < 0.12) return `!(${cond(s, depth - 1)})`;
    if (depth > 0 && roll < 0.24) return `(${cond(s, depth - 1, false)} ${pick(['&&', '||'])} ${cond(s, depth - 1, false)})`;
    if (roll < 0.3) return bare ? e() : `!!(${e()})`;
    if (useFlags && s.flags && s.flags.length > 0 && chance(0.2)) {
      const f = pick(s.flags);
      return pick([f, `!${f}`, `(${f} === false)`, `(${f} !== 0)`, `(${f} === true)`, `(${f} > 1)`, `(${f} === ${pick(s.flags)})`]);
    }
    if (s.bools && s.bools.length > 0 && roll < 0.45) {
      const f = pick(s.bools);
      const r2 = r();
      if (r2 < 0.4) return f;
      if (r2 < 0.6) return `!${f}`;
      return `(${f} ${pick(['===', '!=='])} ${chance(0.5) ? pick(s.bools) : pick(['true', 'false'])})`;
    }
    return `${e()} ${pick(['<', '<=', '>', '>=', '===', '!=='])} ${e()}`;
  };

  // What `return` returns in this program: one kind and (for tuples) one shape for every return.
  const kinds = ['number', 'boolean', 'tuple', ...(matrix ? ['row'] : [])] as const;
  const requested = options.returns ?? 'number';
  const returnKind = requested === 'mixed' ? pick(kinds) : requested === 'row' && !matrix ? 'number' : requested;
  const tupleShape = returnKind === 'tuple' ? pick([['n', 'n'], ['n', 'n', 'n'], ...(useBools ? [['n', 'b']] : [])]) : [];
  const returned = (s: Scope, depth: number): string => {
    // Not `bare`: a bare number is a fine condition but not a boolean value.
    if (returnKind === 'boolean') return cond(s, depth, false);
    if (returnKind === 'tuple') return `[${tupleShape.map((t) => (t === 'b' ? cond(s, 1, false) : expr(s, depth))).join(', ')}]`;
    if (returnKind === 'row') {
      // A row that exists whenever m has one (the caller passes at least one row).
      if (s.rows && s.rows.length > 0 && chance(0.5)) return pick(s.rows);
      return rowOf(pick(['0', 'm.length - 1', '(m.length > 1 ? 1 : 0)']));
    }
    return expr(s, depth);
  };

  const block = (s: Scope, depth: number, indent: string): string[] => {
    const out: string[] = [];
    let scope = s;
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n && budget > 0; i++) {
      const lines = stmt(scope, depth, indent);
      out.push(...lines.code);
      scope = lines.scope;
    }
    return out;
  };

  const stmt = (s: Scope, depth: number, ind: string): { code: string[]; scope: Scope } => {
    budget--;
    const e = (): string => expr(s, 2 + Math.floor(r() * 2));
    const inner = ind + '  ';
    const roll = r();
    const nested = depth > 0 && budget > 0;
    // Building the context draws nothing; each row draws its chance only when its option is on (as before the table).
    const context: ConstructContext = {
      r, pick, chance, name, e, cond: () => cond(s, 1), block: (indent, inLoop) => block({ ...s, inLoop }, depth - 1, indent),
      mutable: s.mutable, readable: s.readable, inLoop: s.inLoop, nested: matrix && !options.array2d, ind,
    };
    for (const row of CONSTRUCT_ROWS) {
      if (!options[row.option] || !nested || (s.pure && !row.inPure) || !chance(row.p)) continue;
      const code = row.statement(context);
      if (code !== undefined) return { code, scope: s };
    }
    if (matrix && nested && (useOob || (s.rows?.length ?? 0) > 0) && chance(0.08)) {
      // A column loop over one row, as in the Markov chain's inner loop: the row is a row variable or
      // `m[q]` with `q` fixed before the loop; with out-of-bounds reads, bounds and offsets may pass the
      // 2 or 3 columns (plain JS reads undefined) and `q` may be no row (both versions throw).
      const j = name('j');
      const lead: string[] = [];
      let row: string;
      if ((s.rows?.length ?? 0) > 0 && chance(0.5)) row = pick(s.rows!);
      else {
        const q = name('q');
        const index = pick(['0', 'm.length - 1', 'k & 1']);
        if (a2d && !(options.array2dRowsOutOfRange ?? false)) {
          // A row that exists (the loop is skipped when m has none).
          lead.push(`${ind}const ${q} = m.length > 0 ? Math.min(Math.max(${index}, 0), m.length - 1) : 0;`);
          row = `m.row(${q})`;
          const jj = name('j');
          const body2 = block({ ...s, readable: [...s.readable, jj, `${row}[${jj}]`], inLoop: true }, depth - 1, inner);
          return {
            code: [...lead, `${ind}for (let ${jj} = 0; m.length > 0 && ${jj} < ${pick(['2', 'm.cols', `${row}.length`])}; ${jj}++) {`, `${inner}${pick(s.mutable)} += ${row}[${jj}];`, ...body2, `${ind}}`],
            scope: s,
          };
        }
        lead.push(`${ind}const ${q} = ${index};`);
        row = rowOf(q);
      }
      const bound = useOob ? pick(['2', '3', '4', '(k & 3)', 'm.length', `${row}.length`]) : pick(['2', `${row}.length`]);
      const start = pick(['0', '1']);
      const cells = [`${row}[${j}]`, ...(useOob && chance(0.5) ? [`${row}[${j} ${pick(['+', '-'])} 1]`] : [])];
      const body = block({ ...s, readable: [...s.readable, j, ...cells], inLoop: true }, depth - 1, inner);
      return {
        code: [...lead, `${ind}for (let ${j} = ${start}; ${j} < ${bound}; ${j}++) {`, `${inner}${pick(s.mutable)} += ${pick(cells)};`, ...body, `${ind}}`],
        scope: s,
      };
    }
    if (matrix && nested && chance(0.2)) {
      const rv = name('r');
      const destructure = chance(0.5);
      const pv = name('p');
      const qv = name('q');
      const rowScope = (extra: string[]): Scope => ({
        ...s, readable: [...s.readable, ...extra], rows: [...(s.rows ?? []), rv], inLoop: true,
      });
      const vars = destructure ? [pv, qv] : [];
      const lead = destructure ? [`${inner}const [${pv}, ${qv}] = ${rv};`] : [];
      if (chance(0.5)) {
        const body = block(rowScope(vars), depth - 1, inner);
        return { code: [`${ind}for (const ${rv} of m) {`, ...lead, ...body, `${ind}}`], scope: s };
      }
      const i = name('i');
      const body = block(rowScope([i, ...vars]), depth - 1, inner);
      const cell = chance(0.5) ? [`${inner}${pick(s.mutable)} += ${cellOf(i, pick(['0', '1']))};`] : [];
      const store = a2d && useStores && chance(0.3) ? [`${inner}m.set(${i}, ${pick(['0', '1', 'k', '(k / 2)', 'm.cols'])}, ${e()});`] : [];
      return {
        code: [`${ind}for (let ${i} = 0; ${i} < m.length; ${i}++) {`, `${inner}const ${rv} = ${rowOf(i)};`, ...lead, ...cell, ...store, ...body, `${ind}}`],
        scope: s,
      };
    }
    if (useInt32Loops && nested && chance(0.06)) {
      const i = name('i');
      const g = name('g');
      const [start, cmp, end, update] = pick(INT32_LOOPS);
      const body = block({ ...s, readable: [...s.readable, i, g], inLoop: true }, depth - 1, inner);
      return {
        code: [`${ind}let ${g} = 0;`, `${ind}for (let ${i} = ${start}; ${i} ${cmp} ${end}; ${i}${update}) {`, `${inner}${g}++;`, `${inner}if (${g} > 40) break;`, ...body, `${ind}}`],
        scope: s,
      };
    }
    if (useElementStores && chance(0.08)) {
      const target = chance(0.7) ? 'xs' : 'buf';
      const index = chance(0.3) && s.xsIndex.length > 0 && target === 'xs' ? pick(s.xsIndex) : chance(0.8) ? pick(STORE_INDICES) : e();
      return { code: [`${ind}${target}[${index}] ${pick(['=', '+=', '-=', '*=', '/=', '+='])} ${e()};`], scope: s };
    }
    if (useFlags && !s.pure && chance(0.1)) {
      const flags = s.flags ?? [];
      if (flags.length === 0 || chance(0.3)) {
        const g = name('fl');
        // or declared without a value: undefined until written, as JS reads it (infer/unset.ts)
        return { code: [chance(0.3) ? `${ind}let ${g};` : `${ind}let ${g} = false;`], scope: { ...s, flags: [...flags, g] } };
      }
      const f = pick(flags);
      if (chance(0.4)) {
        // switch compares type, then value: a number case never matches a boolean (infer/statements.ts)
        const cases = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(['true', 'false', '0', '1', '-0', 'NaN', '2'])))];
        const code = [`${ind}switch (${f}) {`];
        for (const k of cases) code.push(`${inner}case ${k}:`, `${inner}  ${pick(s.mutable)} += ${e()};`, ...(chance(0.7) ? [`${inner}  break;`] : []));
        if (chance(0.6)) code.push(`${inner}default:`, `${inner}  ${pick(s.mutable)} -= ${e()};`);
        code.push(`${ind}}`);
        return { code, scope: s };
      }
      const roll2 = r();
      if (roll2 < 0.45) return { code: [`${ind}${f} = ${chance(0.15) ? pick(['true', 'false']) : e()};`], scope: s };
      if (roll2 < 0.85) {
        // the jStat idiom: where the flag is truthy it is a number (or true, which / and * take as 1)
        return { code: [`${ind}if (${f}) {`, `${inner}${pick(s.mutable)} = ${f} ${pick(['/', '*', '+', '-'])} ${e()};`, `${ind}}`], scope: s };
      }
      return { code: [`${ind}${f} ${pick(['+=', '-=', '*='])} ${e()};`], scope: s };
    }
    if (useBools && chance(0.08)) {
      const bools = s.bools ?? [];
      if (bools.length > 0 && chance(0.4)) return { code: [`${ind}${pick(bools)} = ${cond(s, 1, false)};`], scope: s };
      const f = name('f');
      return { code: [`${ind}let ${f} = ${cond(s, 1, false)};`], scope: { ...s, bools: [...bools, f] } };
    }
    if (roll < 0.3 || !nested) {
      const target = pick(s.mutable);
      if (chance(0.1)) return { code: [`${ind}${target}${pick(['++', '--'])};`], scope: s };
      if (extended && chance(0.4)) {
        const op = pick(['%=', '/=', '**=', '|=', '&=', '^=', '<<=', '>>=', '>>>=']);
        return { code: [`${ind}${target} ${op} ${op === '**=' ? pick(EXPONENTS) : e()};`], scope: s };
      }
      const op = pick(['=', '+=', '-=', '*=', '=', '+=']);
      return { code: [`${ind}${target} ${op} ${e()};`], scope: s };
    }
    if (roll < 0.38) {
      const t = name('t');
      const keyword = extended && chance(0.3) ? 'var' : 'let';
      return { code: [`${ind}${keyword} ${t} = ${e()};`], scope: { ...s, readable: [...s.readable, t], mutable: [...s.mutable, t] } };
    }
    if (roll < 0.44) {
      // a conditional counter: the JS backend compiles it without a branch, which must not change a bit
      const target = pick(s.mutable);
      const update = chance(0.3) ? pick(['++', '--']) : ` ${pick(['+=', '-='])} ${pick(['1', '2', '-1', '0.5', '-0', 'k', 'a'])}`;
      return { code: [`${ind}if (${cond(s, 1)}) {`, `${inner}${target}${update};`, `${ind}}`], scope: s };
    }
    if (roll < 0.5) {
      const code = [`${ind}if (${cond(s, 2)}) {`, ...block(s, depth - 1, inner)];
      if (chance(0.5)) code.push(`${ind}} else {`, ...block(s, depth - 1, inner));
      code.push(`${ind}}`);
      return { code, scope: s };
    }
    if (roll < 0.6) {
      const i = name('i');
      const body = block({ ...s, readable: [...s.readable, i], xsIndex: [...s.xsIndex, i], inLoop: true }, depth - 1, inner);
      if (useStores && chance(0.3)) body.push(`${inner}xs[${i}] = ${e()};`);
      const header = extended && chance(0.4)
        ? `for (let ${i} = xs.length - 1; ${i} >= 0; ${i}--)`
        : `for (let ${i} = 0; ${i} < xs.length; ${i}++)`;
      return { code: [`${ind}${header} {`, ...body, `${ind}}`], scope: s };
    }
    if (roll < 0.67) {
      const i = name('i');
      const bound = pick(['0', '1', '3', '5', '8']);
      const step = extended && chance(0.3) ? ` += ${pick(['2', '3'])}` : '++';
      return {
        code: [`${ind}for (let ${i} = 0; ${i} < ${bound}; ${i}${step}) {`, ...block({ ...s, readable: [...s.readable, i], inLoop: true }, depth - 1, inner), `${ind}}`],
        scope: s,
      };
    }
    if (roll < 0.74) {
      const x = name('x');
      return {
        code: [`${ind}for (const ${x} of xs) {`, ...block({ ...s, readable: [...s.readable, x], inLoop: true }, depth - 1, inner), `${ind}}`],
        scope: s,
      };
    }
    if (roll < 0.8) {
      const w = name('w');
      const bound = pick(['1', '3', '6']);
      const body = block({ ...s, readable: [...s.readable, w], inLoop: true }, depth - 1, inner);
      if (chance(0.5)) {
        return { code: [`${ind}let ${w} = 0;`, `${ind}while (${w} < ${bound}) {`, `${inner}${w}++;`, ...body, `${ind}}`], scope: s };
      }
      return { code: [`${ind}let ${w} = 0;`, `${ind}do {`, `${inner}${w} += 1;`, ...body, `${ind}} while (${w} < ${bound});`], scope: s };
    }
    if (roll < 0.87 && s.inLoop) return { code: [`${ind}if (${cond(s, 1)}) ${pick(['break', 'continue'])};`], scope: s };
    if (roll < 0.91) return { code: [`${ind}if (${cond(s, 1)}) return ${returned(s, 2 + Math.floor(r() * 2))};`], scope: s };
    if (roll < 0.96 && useStores) return { code: [`${ind}buf[${e()} & 3] = ${e()};`], scope: s };
    return { code: [`${ind}${pick(s.mutable)} = ${e()};`], scope: s };
  };

  const params = ['a', 'b', 'k'];
  const lines: string[] = ['  const buf = new Float64Array(4);'];
  const locals: string[] = [];
  const helpers: Array<readonly [string, number]> = [];
  if (extended && (options.helpers ?? true)) {
    const nHelpers = Math.floor(r() * 3);
    for (let h = 0; h < nHelpers; h++) {
      const hn = `h${h}`;
      const arity = 1 + Math.floor(r() * 2);
      const ps = arity === 1 ? ['p'] : ['p', 'q'];
      // A helper may call the helpers defined before it (never itself: no recursion).
      const hs: Scope = { readable: ps, mutable: [], xsIndex: [], inLoop: false, pure: true, helpers: [...helpers] };
      if (chance(0.5)) lines.push(`  const ${hn} = (${ps.join(', ')}) => ${expr(hs, 3)};`);
      else {
        lines.push(`  function ${hn}(${ps.join(', ')}) {`, `    let u = ${expr(hs, 2)};`);
        lines.push(`    for (let j = 0; j < 3; j++) u ${pick(['+=', '*=', '-='])} ${expr({ ...hs, readable: [...ps, 'u', 'j'] }, 2)};`);
        lines.push(`    return ${expr({ ...hs, readable: [...ps, 'u'] }, 2)};`, '  }');
      }
      helpers.push([hn, arity]);
    }
  }
  const nLocals = 1 + Math.floor(r() * 3);
  for (let i = 0; i < nLocals; i++) {
    const v = options.compilerNames ? COMPILER_NAMES.filter((n) => !locals.includes(n))[Math.floor(r() * (COMPILER_NAMES.length - i))]! : `v${i}`;
    // Integer-valued starts on purpose: they tempt inference to pick i32.
    const init = chance(0.5) ? pick(['0', '1', 'k', 'xs.length']) : expr({ readable: [...params, ...locals], mutable: [], xsIndex: [], inLoop: false, helpers }, 2);
    lines.push(`  let ${v} = ${init};`);
    locals.push(v);
  }
  const top: Scope = { readable: [...params, ...locals], mutable: extended ? [...locals, 'a', 'k'] : locals, xsIndex: [], inLoop: false, helpers };
  lines.push(...block(top, 3, '  '));
  if (budget > 0) lines.push(...block(top, 2, '  '));
  // The final return reads an argument: a program whose every path returns a constant tests little (before
  // this, a quarter of the programs returned the same value for every input).
  let final = returned(top, 3);
  for (let tries = 0; tries < 8 && returnKind !== 'row' && !/\b(a|b|k|xs|m)\b/.test(final); tries++) final = returned(top, 3);
  lines.push(`  return ${final};`);
  const body = lines.join('\n');
  const names = matrix ? ['a', 'b', 'k', 'xs', 'm'] : ['a', 'b', 'k', 'xs'];
  return {
    params: names,
    body,
    source: `function f(${names.join(', ')}) {\n${body}\n}`,
    callees,
    needsRow: returnKind === 'row',
  };
}
