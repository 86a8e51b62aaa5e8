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
 * What a loop implies (the counter's range, invariance, the conditions) is asked of `passes/bounds.ts`, the one
 * owner of bounds facts ({@link loopBounds}); this pass decides only where versioning pays and rewrites the loop.
 *
 * Loops are handled innermost first, each taking the reads whose innermost loop it is (a read in a nested
 * loop is that loop's business: whatever the outer loop does not assign is invariant there too), so each loop
 * is copied at most once per level.
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction, type IRModule, type Loop, type Stmt } from '../ir.js';
import { BOOL, I32, type Type } from '../types.js';
import { isMadeMatrix } from '../infer/rows.js';
import { loopBounds } from './bounds.js';

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
    // What the loop implies about its indices is bounds.ts's to say; this pass only rewrites.
    const facts = loopBounds(loop, previous, this.types);
    const conditions = new Map<string, Expr>();
    const unchecked = new Set<object>();
    let worthIt = false;
    const discharge = (node: object, index: Expr, limit: Expr, constantCounts: boolean): void => {
      const needs = facts.conditionsFor(index, limit);
      if (needs === undefined) return;
      unchecked.add(node);
      for (const c of needs) conditions.set(JSON.stringify(c), c);
      // The entry's constant columns are already checked once per call by the JS backend's prologue.
      if (constantCounts || !facts.isConstant(index)) worthIt = true;
    };
    const packed = (m: string): boolean => { const t = this.types.get(m); return !(t?.kind === 'matrix' && t.layout === 'nested') && !isMadeMatrix(m); }; // '#rows': a number[][] made in the function
    walkIR(loop.body, { intoLoops: false, expr: (e) => {
      if ((e.op === 'rowGet' || e.op === 'rowOf') && !packed(e.matrix)) return;
      if (e.op === 'rowGet' && !e.inBounds) discharge(e, e.col, { op: 'cols', type: I32, matrix: e.matrix }, !this.isEntry);
      else if (e.op === 'rowOf' && !e.inBounds) discharge(e, e.index, { op: 'rows', type: I32, matrix: e.matrix }, true);
    }, stmt: (s) => {
      if (s.kind === 'matrixStore' && s.checked && !s.inBounds && packed(s.matrix)) discharge(s, s.col, { op: 'cols', type: I32, matrix: s.matrix }, !this.isEntry);
      facts.note(s);
    } });
    if (!worthIt) return loop;
    if (conditions.size > 0 && countNodes(loop) > MAX_VERSIONED_NODES) return loop;
    const fast: Loop = { ...loop, body: markBlock(loop.body, unchecked) };
    this.changed = true;
    if (conditions.size === 0) return fast;
    const cond = [...conditions.values()].reduce((a, b) => ({ op: 'logical', type: BOOL, operator: 'and', left: a, right: b }));
    return { kind: 'if', cond, then: [fast], else: [loop] };
  }
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
