/**
 * The one walker of the IR ({@link walkIR}) and its shorthand for expressions ({@link forEachExpr}): every pass
 * and backend that looks into a function body uses these, so a new node kind is taught to walking once.
 *
 * @module
 */
import { objectOperands } from './objects.js';
import { bufferOperands } from './buffers.js';
import type { Expr, Stmt } from './nodes.js';

// ----------------------------------------------------------------------------------------------- utilities

/**
 * What {@link walkIR} calls back, and whether it enters nested loops.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkIR, type IRVisitor } from './walk.js';
 *
 * // The locals assigned outside nested loops (the loops themselves are still visited).
 * function count(xs: Float64Array) {
 *   let n = 0, s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   n = xs.length;
 *   return s / n;
 * }
 * const names = new Set<string>();
 * const visitor: IRVisitor = { stmt: (s) => { if (s.kind === 'assign') names.add(s.name); }, intoLoops: false };
 * walkIR(lowerToIR(count, [{ kind: 'array', element: 'f64' }]).functions[0]!.body, visitor);
 * [...names]; // → [ 'n' ]
 * ```
 */
export interface IRVisitor {
  /** Called on every expression, before its operands. */
  readonly expr?: (e: Expr) => void;
  /** Called on every statement, before what it contains. */
  readonly stmt?: (s: Stmt) => void;
  /** Enter the test, body and `continuing` of nested loops (default true; the loops themselves are visited). */
  readonly intoLoops?: boolean;
}

/**
 * Visits the statements and expressions of a statement list, depth first.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkIR } from './walk.js';
 *
 * function matmulTrace(a: Float64Array, n: number) {
 *   let t = 0;
 *   for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i === j) t += a[i * n + j]!;
 *   return t;
 * }
 * let loops = 0;
 * walkIR(lowerToIR(matmulTrace, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]).functions[0]!.body, { stmt: (s) => { if (s.kind === 'loop') loops++; } });
 * loops; // → 2
 * ```
 */
export function walkIR(stmts: readonly Stmt[], visitor: IRVisitor): void {
  const { expr: visitExpr, stmt: visitStmt, intoLoops = true } = visitor;
  const expr = (e: Expr | null): void => {
    // a stmt-only walk still enters expressions: an `effect` expression holds statements
    if (!e) return;
    visitExpr?.(e);
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
      case 'rows': case 'cols': expr(e.of ?? null); break;
      case 'tuple': e.items.forEach(expr); break;
      case 'tupleGet': expr(e.tuple); break;
      case 'this': case 'field': case 'object': case 'objectAt': case 'unset': case 'construct': objectOperands(e).forEach(expr); break;
      case 'typeTest': expr(e.arg); break;
      case 'effect': e.stmts.forEach(stmt); expr(e.value); break;
      case 'method': expr(e.target); e.args.forEach(expr); e.callback?.body.forEach(stmt); break;
      case 'builtinNew': case 'bufferProperty': bufferOperands(e).forEach(expr); break;
      default: break;
    }
  };
  const stmt = (s: Stmt): void => {
    visitStmt?.(s);
    switch (s.kind) {
      case 'declare': expr(s.init); break;
      case 'assign': expr(s.value); break;
      case 'store': expr(s.array); expr(s.index); expr(s.value); break;
      case 'matrixStore': expr(s.row); expr(s.col); expr(s.value); break;
      case 'expr': expr(s.expr); break;
      case 'if': expr(s.cond); s.then.forEach(stmt); s.else.forEach(stmt); break;
      case 'loop':
        if (!intoLoops) break;
        expr(s.test); s.body.forEach(stmt); s.continuing.forEach(stmt); expr(s.postTest);
        break;
      case 'return': expr(s.value); break;
      case 'fieldStore': expr(s.object); expr(s.value); break;
      case 'throw': s.message?.forEach((p) => { if ('value' in p) expr(p.value); }); break;
      default: break;
    }
  };
  stmts.forEach(stmt);
}

/**
 * Calls `visit` on every expression in a statement list, depth first.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { forEachExpr } from './walk.js';
 *
 * function pi(n: number) {
 *   let inside = 0;
 *   for (let i = 0; i < n; i++) if (Math.random() ** 2 + Math.random() ** 2 <= 1) inside++;
 *   return (4 * inside) / n;
 * }
 * let draws = 0;
 * forEachExpr(lowerToIR(pi, [{ kind: 'i32' }]).functions[0]!.body, (e) => { if (e.op === 'random') draws++; });
 * draws; // → 2
 * ```
 */
export function forEachExpr(stmts: readonly Stmt[], visit: (e: Expr) => void): void {
  walkIR(stmts, { expr: visit });
}

/**
 * Whether an expression has an {@link Effect} inside (it assigns while it is evaluated): the one rule the passes
 * and backends ask (a branchless counter's condition, for one). The WGSL backend's `hasEffects` asks another
 * question (random draws and calls, which must be evaluated exactly once), and inference's `sourceHasEffects`
 * asks it of source before any IR exists.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { hasEffect } from './walk.js';
 *
 * const i: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'i' };
 * hasEffect(i); // → false
 * // `(i = 1) > 0`:
 * hasEffect({ op: 'compare', type: { kind: 'bool' }, operator: 'gt', left: { op: 'effect', type: { kind: 'i32' }, stmts: [{ kind: 'assign', name: 'i', value: { op: 'const', type: { kind: 'i32' }, value: 1 } }], value: i }, right: { op: 'const', type: { kind: 'i32' }, value: 0 } }); // → true
 * ```
 */
export function hasEffect(e: Expr): boolean {
  let found = false;
  walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'effect') found = true; } });
  return found;
}

/**
 * The names of the object fields `stmts` read or write (`o.name`, `o.name = v`), callbacks included: the fields
 * compiled code depends on, whatever object they belong to.
 *
 * @example
 * ```ts
 * import type { Expr, Stmt } from './nodes.js';
 * import { fieldNames } from './walk.js';
 *
 * const self: Expr = { op: 'this', type: { kind: 'f64' } };
 * const x: Expr = { op: 'field', type: { kind: 'f64' }, object: self, name: 'x' };
 * const body: Stmt[] = [{ kind: 'fieldStore', object: self, name: 'y', value: x }];
 * [...fieldNames(body)]; // → [ 'y', 'x' ]
 * ```
 */
export function fieldNames(stmts: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  walkIR(stmts, {
    stmt: (s) => { if (s.kind === 'fieldStore') names.add(s.name); },
    expr: (e) => { if (e.op === 'field') names.add(e.name); },
  });
  return names;
}
