/**
 * Stage 3½: an IR-to-IR pass between lowering and the backends that takes matrix bounds checks out of loops
 * by **loop versioning**.
 *
 * A row read `P[state][j]` checks, every time, that `state` is a row and that `j` is a column, because the
 * plain function would read `undefined` (a RangeError here for the row, `undefined` for the column) where the
 * index is out of range. Inside a loop most of those checks ask the same question at every iteration:
 *
 * - an index that the loop never assigns (`state` in the inner loop of the Markov chain) is the same at every
 *   iteration, so `0 <= state < rows` can be asked once, before the loop;
 * - the loop's counter of a counted loop (`for (let j = s; j < n; j += c)`, `c > 0`, `j` not assigned in the
 *   body) takes values in `[s, n)`, so `0 <= j + k < cols` holds at every iteration when `s + k >= 0` and
 *   `n + k <= cols` hold before it. The same goes for a local the body declares as `j + k`.
 *
 * The loop then runs in two versions: `if (conditions) { loop with those reads unchecked } else { the
 * original loop }`. The conditions read only locals, constants and dimensions (no effect, no exception), and
 * under them the unchecked loop computes exactly what the original does; where they fail, the original loop
 * runs and throws or reads `undefined` at the same iteration as before. Conditions that hold by construction
 * (`j < cols` with `j` from 0) mark the reads without a second copy.
 *
 * Loops are handled innermost first, each taking the reads whose innermost loop it is (a read in a nested
 * loop is that loop's business: whatever the outer loop does not assign is invariant there too), so each loop
 * is copied at most once per level.
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction, type IRModule, type Loop, type Stmt } from '../ir.js';
import { BOOL, F64, I32, type Type } from '../types.js';
import { isMadeMatrix } from '../infer/rows.js';

/** Loops larger than this (IR nodes) are not copied: the check is cheap next to such a body anyway. */
const MAX_VERSIONED_NODES = 4000;

/**
 * Versions loops so that matrix reads and row-element stores whose bounds the loop implies run unchecked (see
 * the module comment). Returns `module` itself when nothing changed.
 *
 * @example
 * ```ts
 * import type { Array2D } from 'numbat';
 * import { lowerToIR } from 'numbat/internals';
 * import { generateJS } from '../js/codegen.js';
 * import { hoistBoundsChecks } from './hoist.js';
 *
 * // Row elements read up to a bound that may exceed the columns: checked, unless n <= m.cols.
 * function firstColumns(m: Array2D, n: number) {
 *   let s = 0;
 *   for (let i = 0; i < m.rows; i++) {
 *     const r = m.row(i);
 *     for (let j = 0; j < n; j++) s += r[j]! * (j + 1);
 *   }
 *   return s;
 * }
 * const module = lowerToIR(firstColumns, [{ kind: 'matrix', layout: 'array2d' }, { kind: 'i32' }]);
 * const hoisted = hoistBoundsChecks(module);
 * hoisted === module; // → false
 * console.log(generateJS(hoisted).source); // the inner loop twice: unchecked reads when n <= cols, else checked
 * // number[][] rows are read in place, with nothing to check: the module comes back as is.
 * function sumNested(m: number[][], n: number) {
 *   let s = 0;
 *   for (let i = 0; i < m.length; i++) for (let j = 0; j < n; j++) s += m[i]![j]!;
 *   return s;
 * }
 * const nested = lowerToIR(sumNested, [{ kind: 'matrix', layout: 'nested' }, { kind: 'i32' }]);
 * hoistBoundsChecks(nested) === nested; // → true
 * ```
 */
export function hoistBoundsChecks(module: IRModule): IRModule {
  let changed = false;
  const functions = module.functions.map((f) => {
    const g = hoistFunction(f, f.name === module.entry);
    if (g !== f) changed = true;
    return g;
  });
  return changed ? { ...module, functions } : module;
}

function hoistFunction(f: IRFunction, isEntry: boolean): IRFunction {
  const types = new Map<string, Type>();
  for (const p of [...f.params, ...f.locals]) types.set(p.name, p.type);
  // A number[][] is read in place with JS's own checks (js/nested.ts): nothing of it to hoist.
  const packed = (m: string): boolean => { const t = types.get(m); return !(t?.kind === 'matrix' && t.layout === 'nested'); };
  let checks = false;
  walkIR(f.body, {
    expr: (e) => {
      if ((e.op === 'rowGet' || e.op === 'rowOf') && !e.inBounds && packed(e.matrix)) checks = true;
    },
    stmt: (s) => {
      if (s.kind === 'matrixStore' && s.checked && !s.inBounds && packed(s.matrix)) checks = true;
    },
  });
  if (!checks) return f;
  const pass = new Versioner(types, isEntry);
  const body = pass.block(f.body);
  return pass.changed ? { ...f, body } : f;
}

/** What a counted loop guarantees about its counter inside the body: `start <= j` and `j < bound` (or `<=`). */
interface Counter {
  readonly name: string;
  /** The counter's value on entry when it is a constant set just before the loop. */
  readonly start: number | undefined;
  readonly bounds: ReadonlyArray<{ readonly bound: Expr; readonly strict: boolean }>;
}

/** An index of the form `base + k`: the loop counter, a loop-invariant int32 local, or nothing (a constant). */
interface Affine {
  readonly base: { readonly kind: 'counter' } | { readonly kind: 'invariant'; readonly local: Expr } | { readonly kind: 'const' };
  readonly k: number;
}

/** The facts of one loop, for deciding which checks its body can skip. */
interface LoopFacts {
  readonly counter: Counter | undefined;
  /** How often the loop (re)declares or assigns each local, nested loops included: those are not invariant. */
  readonly writes: ReadonlyMap<string, number>;
  /** Locals the body declares once as `counter + k` and never assigns. */
  readonly derived: Map<string, number>;
}

class Versioner {
  changed = false;

  constructor(private readonly types: ReadonlyMap<string, Type>, private readonly isEntry: boolean) {}

  block(stmts: readonly Stmt[]): Stmt[] {
    return stmts.map((s, i) => this.stmt(s, stmts[i - 1]));
  }

  private stmt(s: Stmt, previous: Stmt | undefined): Stmt {
    if (s.kind === 'if') {
      const then = this.block(s.then);
      const otherwise = this.block(s.else);
      return then.every((t, i) => t === s.then[i]) && otherwise.every((t, i) => t === s.else[i]) ? s : { ...s, then, else: otherwise };
    }
    if (s.kind !== 'loop') return s;
    const body = this.block(s.body);
    const loop: Loop = body.every((b, i) => b === s.body[i]) ? s : { ...s, body };
    return this.version(loop, previous);
  }

  /** `loop` with the checks it implies removed, behind a run-time test when they are not implied statically. */
  private version(loop: Loop, previous: Stmt | undefined): Stmt {
    const writes = new Map<string, number>();
    walkIR([...loop.body, ...loop.continuing], {
      stmt: (s) => {
        if (s.kind === 'declare' || s.kind === 'assign') writes.set(s.name, (writes.get(s.name) ?? 0) + 1);
      },
    });
    const facts: LoopFacts = { counter: this.counterOf(loop, previous, writes), writes, derived: new Map() };

    const conditions = new Map<string, Expr>();
    const unchecked = new Set<object>();
    let worthIt = false;
    const discharge = (node: object, index: Expr, limit: Expr, constantCounts: boolean): void => {
      const needs = this.conditionsFor(index, limit, facts);
      if (needs === undefined) return;
      unchecked.add(node);
      for (const c of needs) conditions.set(JSON.stringify(c), c);
      // The entry's constant columns are already checked once per call by the JS backend's prologue.
      if (constantCounts || affineOf(index, facts, this.types)?.base.kind !== 'const') worthIt = true;
    };
    const packed = (m: string): boolean => { const t = this.types.get(m); return !(t?.kind === 'matrix' && t.layout === 'nested') && !isMadeMatrix(m); }; // '#rows': a number[][] made in the function
    walkIR(loop.body, { intoLoops: false, expr: (e) => {
      if ((e.op === 'rowGet' || e.op === 'rowOf') && !packed(e.matrix)) return;
      if (e.op === 'rowGet' && !e.inBounds) discharge(e, e.col, { op: 'cols', type: I32, matrix: e.matrix }, !this.isEntry);
      else if (e.op === 'rowOf' && !e.inBounds) discharge(e, e.index, { op: 'rows', type: I32, matrix: e.matrix }, true);
    }, stmt: (s) => {
      if (s.kind === 'matrixStore' && s.checked && !s.inBounds && packed(s.matrix)) discharge(s, s.col, { op: 'cols', type: I32, matrix: s.matrix }, !this.isEntry);
      // A local declared once as `counter + k`: the same facts as the counter, shifted.
      if (s.kind === 'declare' && writes.get(s.name) === 1 && this.types.get(s.name)?.kind === 'i32') {
        const a = affineOf(s.init, facts, this.types);
        if (a?.base.kind === 'counter') facts.derived.set(s.name, a.k);
      }
    } });
    if (!worthIt) return loop;
    if (conditions.size > 0 && countNodes(loop) > MAX_VERSIONED_NODES) return loop;
    const fast: Loop = { ...loop, body: markBlock(loop.body, unchecked) };
    this.changed = true;
    if (conditions.size === 0) return fast;
    const cond = [...conditions.values()].reduce((a, b) => ({ op: 'logical', type: BOOL, operator: 'and', left: a, right: b }));
    return { kind: 'if', cond, then: [fast], else: [loop] };
  }

  /**
   * `for (…; j < n; j += c)` with `c` a positive constant, `j` an int32 assigned nowhere else in the loop and
   * `n` loop-invariant. The test may be a conjunction; every `j < n` / `j <= n` conjunct bounds `j`.
   */
  private counterOf(loop: Loop, previous: Stmt | undefined, writes: ReadonlyMap<string, number>): Counter | undefined {
    if (loop.test === null) return undefined;
    const step = loop.continuing.find((s) => s.kind === 'assign' && isIncrement(s.name, s.value));
    if (!step || step.kind !== 'assign' || this.types.get(step.name)?.kind !== 'i32') return undefined;
    const name = step.name;
    // `j` changes only by that step: written once in `continuing` and nowhere in the body.
    if (writes.get(name) !== 1) return undefined;
    const bounds: Array<{ bound: Expr; strict: boolean }> = [];
    for (const c of conjuncts(loop.test)) {
      if (c.op !== 'compare') continue;
      const isJ = (e: Expr): boolean => e.op === 'local' && e.name === name;
      let bound: Expr | undefined;
      let strict = false;
      if (isJ(c.left) && (c.operator === 'lt' || c.operator === 'le')) [bound, strict] = [c.right, c.operator === 'lt'];
      else if (isJ(c.right) && (c.operator === 'gt' || c.operator === 'ge')) [bound, strict] = [c.left, c.operator === 'gt'];
      // An int32 bound keeps `n + k` exact in the conditions (a fractional f64 bound could round).
      if (bound && bound.type.kind === 'i32' && isInvariant(bound, writes)) bounds.push({ bound: dimensionsOnly(bound), strict });
    }
    if (bounds.length === 0) return undefined;
    let start: number | undefined;
    if ((previous?.kind === 'declare' || previous?.kind === 'assign') && previous.name === name) {
      const init = previous.kind === 'declare' ? previous.init : previous.value;
      if (init.op === 'const' && typeof init.value === 'number') start = init.value;
    }
    return { name, start, bounds };
  }

  /**
   * Run-time conditions (evaluated just before the loop) under which `0 <= index < limit` at every iteration
   * of the body; `[]` when that always holds, `undefined` when this loop cannot tell.
   */
  private conditionsFor(index: Expr, limit: Expr, facts: LoopFacts): Expr[] | undefined {
    const a = affineOf(index, facts, this.types);
    if (!a) return undefined;
    const { k } = a;
    switch (a.base.kind) {
      case 'const':
        return k >= 0 ? [compare('lt', constant(k), limit)] : undefined;
      case 'invariant':
        // x + k >= 0 as x >= -k in int32 (|k| < 2^31); x + k < limit in f64, exact for int32 x and k
        return [compare('ge', a.base.local, constant(-k)), compare('lt', plus(a.base.local, k), limit)];
      case 'counter': {
        const counter = facts.counter!;
        const out: Expr[] = [];
        if (counter.start !== undefined) {
          if (counter.start + k < 0) return undefined;
        } else out.push(compare('ge', { op: 'local', type: I32, name: counter.name }, constant(-k)));
        // j < n implies j + k < limit when n + k <= limit; j <= n when n + k < limit.
        const implied = counter.bounds.find((b) => sameValue(b.bound, limit) && (b.strict ? k <= 0 : k < 0));
        if (implied) return out;
        const { bound, strict } = counter.bounds[0]!;
        out.push(compare(strict ? 'le' : 'lt', plus(bound, k), limit));
        return out;
      }
    }
  }
}

// --------------------------------------------------------------------------------------------- index shapes

/** `index` as `base + k` with an integer `k`, when it has that shape over int32 values. */
function affineOf(e: Expr, facts: LoopFacts, types: ReadonlyMap<string, Type>): Affine | undefined {
  switch (e.op) {
    case 'const':
      return typeof e.value === 'number' && isSmallInt(e.value) ? { base: { kind: 'const' }, k: e.value } : undefined;
    case 'local': {
      if (facts.counter?.name === e.name) return { base: { kind: 'counter' }, k: 0 };
      const d = facts.derived.get(e.name);
      if (d !== undefined) return { base: { kind: 'counter' }, k: d };
      if (!facts.writes.has(e.name) && types.get(e.name)?.kind === 'i32' && e.type.kind === 'i32') return { base: { kind: 'invariant', local: e }, k: 0 };
      return undefined;
    }
    case 'convert':
      return affineOf(e.arg, facts, types);
    case 'binary': {
      if (e.operator !== 'add' && e.operator !== 'sub') return undefined;
      const l = affineOf(e.left, facts, types);
      const r = affineOf(e.right, facts, types);
      if (!l || !r) return undefined;
      let sum: Affine | undefined;
      if (r.base.kind === 'const') sum = { base: l.base, k: e.operator === 'add' ? l.k + r.k : l.k - r.k };
      else if (l.base.kind === 'const' && e.operator === 'add') sum = { base: r.base, k: l.k + r.k };
      return sum && isSmallInt(sum.k) ? sum : undefined;
    }
    default:
      return undefined;
  }
}

const isSmallInt = (v: number): boolean => Number.isInteger(v) && Math.abs(v) < 2 ** 31;

/** `j = j + c` (or `c + j`) with `c` a positive int32 constant. */
function isIncrement(name: string, value: Expr): boolean {
  if (value.op !== 'binary' || value.operator !== 'add' || value.type.kind !== 'i32') return false;
  const isJ = (e: Expr): boolean => e.op === 'local' && e.name === name;
  const isStep = (e: Expr): boolean => e.op === 'const' && typeof e.value === 'number' && e.value > 0;
  return (isJ(value.left) && isStep(value.right)) || (isStep(value.left) && isJ(value.right));
}

/** An expression with no effect that cannot throw and yields the same value anywhere in the loop. */
function isInvariant(e: Expr, writes: ReadonlyMap<string, number>): boolean {
  switch (e.op) {
    case 'const': case 'rows': case 'cols':
      return true;
    case 'local':
      return !writes.has(e.name);
    case 'length':
      return e.array.op === 'local' && !writes.has(e.array.name);
    case 'convert':
      return isInvariant(e.arg, writes);
    case 'binary':
      return (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul') && isInvariant(e.left, writes) && isInvariant(e.right, writes);
    default:
      return false;
  }
}

/**
 * `e` without the rows `row.length` reads for their checks: the loop's own test still performs those checks
 * at every iteration, and the number of columns does not depend on the row.
 */
function dimensionsOnly(e: Expr): Expr {
  switch (e.op) {
    case 'rows': case 'cols': return e.of ? { op: e.op, type: e.type, matrix: e.matrix } : e;
    case 'convert': return { ...e, arg: dimensionsOnly(e.arg) };
    case 'binary': return { ...e, left: dimensionsOnly(e.left), right: dimensionsOnly(e.right) };
    default: return e;
  }
}

function sameValue(a: Expr, b: Expr): boolean {
  if ((a.op === 'rows' || a.op === 'cols') && b.op === a.op) return a.matrix === b.matrix;
  if (a.op === 'local' && b.op === 'local') return a.name === b.name;
  return a.op === 'convert' ? sameValue(a.arg, b) : false;
}

function conjuncts(e: Expr): Expr[] {
  return e.op === 'logical' && e.operator === 'and' && e.type.kind === 'bool' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

// ---------------------------------------------------------------------------------------- building conditions

const constant = (value: number): Expr => ({ op: 'const', type: I32, value: value === 0 ? 0 : value });

/** `e + k`: `e` itself for k = 0, else in f64 (int32 operands: exact, and no int32 overflow to prove). */
function plus(e: Expr, k: number): Expr {
  if (k === 0) return e;
  const wide: Expr = e.type.kind === 'i32' ? { op: 'convert', type: F64, arg: e } : e;
  return { op: 'binary', type: F64, operator: 'add', left: wide, right: { op: 'const', type: F64, value: k } };
}

/** A comparison, widening an int32 side to f64 when the other is f64 (the IR compares equal types). */
function compare(operator: 'lt' | 'le' | 'ge', left: Expr, right: Expr): Expr {
  const widen = (e: Expr): Expr => (e.type.kind === 'i32' ? { op: 'convert', type: F64, arg: e } : e);
  const mixed = left.type.kind !== right.type.kind;
  return { op: 'compare', type: BOOL, operator, left: mixed ? widen(left) : left, right: mixed ? widen(right) : right };
}

// ------------------------------------------------------------------------------------------------ rewriting

/** The body with the checks in `unchecked` marked as proved; nested loops are left as they are. */
function markBlock(stmts: readonly Stmt[], unchecked: ReadonlySet<object>): Stmt[] {
  const expr = (e: Expr): Expr => markExpr(e, unchecked);
  const stmt = (s: Stmt): Stmt => {
    switch (s.kind) {
      case 'declare': return { ...s, init: expr(s.init) };
      case 'assign': return { ...s, value: expr(s.value) };
      case 'store': return { ...s, array: expr(s.array), index: expr(s.index), value: expr(s.value) };
      case 'matrixStore': {
        const out = { ...s, row: expr(s.row), col: expr(s.col), value: expr(s.value) };
        return unchecked.has(s) ? { ...out, inBounds: true } : out;
      }
      case 'expr': return { ...s, expr: expr(s.expr) };
      case 'if': return { ...s, cond: expr(s.cond), then: s.then.map(stmt), else: s.else.map(stmt) };
      case 'return': return s.value ? { ...s, value: expr(s.value) } : s;
      default: return s; // loops (their own business), break, continue
    }
  };
  return stmts.map(stmt);
}

/** `e` rebuilt bottom-up with the row reads of `unchecked` marked `inBounds`. */
function markExpr(e: Expr, unchecked: ReadonlySet<object>): Expr {
  const m = (x: Expr): Expr => markExpr(x, unchecked);
  switch (e.op) {
    case 'unary': case 'truthy': case 'convert': return { ...e, arg: m(e.arg) };
    case 'binary': case 'compare': case 'logical': return { ...e, left: m(e.left), right: m(e.right) };
    case 'select': return { ...e, cond: m(e.cond), then: m(e.then), else: m(e.else) };
    case 'math': case 'call': return { ...e, args: e.args.map(m) };
    case 'length': return { ...e, array: m(e.array) };
    case 'load': return { ...e, array: m(e.array), index: m(e.index) };
    case 'newArray': return { ...e, length: m(e.length) };
    case 'matrixLoad': return { ...e, row: m(e.row), col: m(e.col) };
    case 'rowGet': return { ...e, row: m(e.row), col: m(e.col), ...(unchecked.has(e) ? { inBounds: true } : {}) };
    case 'rowOf': return { ...e, index: m(e.index), ...(unchecked.has(e) ? { inBounds: true } : {}) };
    case 'rows': case 'cols': return e.of ? { ...e, of: m(e.of) } : e;
    case 'tuple': return { ...e, items: e.items.map(m) };
    case 'tupleGet': return { ...e, tuple: m(e.tuple) };
    default: return e;
  }
}

// ------------------------------------------------------------------------------------------------- walking

function countNodes(loop: Loop): number {
  let n = 0;
  walkIR([loop], { expr: () => n++, stmt: () => n++ });
  return n;
}
