/**
 * Walking the JIT's IR as the WGSL backend needs it: every sub-expression with a visitor, statements and
 * expressions in one pass, and whether an expression has effects (draws random numbers or calls).
 *
 * @module
 */
import type { Expr, Stmt } from '../../jit/ir.js';

/**
 * Whether `e` draws random numbers or calls a function (so it must be evaluated exactly once, in order).
 *
 * @example
 * ```ts
 * import { lowerKernel } from '../frontend.js';
 * import { hasEffects } from './walk.js';
 *
 * function noise(i: number, xs: Float32Array) { xs[i] = Math.random() * 2; }
 * const { module } = lowerKernel(noise, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }], 1);
 * const store = module.functions.at(-1)!.body.find((s) => s.kind === 'store');
 * store?.kind === 'store' && hasEffects(store.value); // → true
 * ```
 */
export function hasEffects(e: Expr): boolean {
  let effects = false;
  const visit = (x: Expr): void => {
    if (x.op === 'random' || x.op === 'call') effects = true;
  };
  // forEachExpr works on statements; wrap the expression in one.
  walkExpr(e, visit);
  return effects;
}

/**
 * Whether evaluating `e` may read an element: such a read can flag an out-of-bounds access, so the expression
 * must not be evaluated where JavaScript would not evaluate it (the untaken side of `?:`, the right of `&&`).
 *
 * @example
 * ```ts
 * import { lowerKernel } from '../frontend.js';
 * import { readsElements } from './walk.js';
 *
 * function shift(i: number, xs: Int32Array, out: Int32Array) { out[i] = i > 0 ? xs[i - 1]! : 0; }
 * const i32 = { kind: 'array', element: 'i32' } as const;
 * const { module } = lowerKernel(shift, [{ kind: 'i32' }, i32, i32], 1);
 * const store = module.functions.at(-1)!.body.find((s) => s.kind === 'store')!;
 * store.kind === 'store' && store.value.op === 'select' && readsElements(store.value.then); // → true
 * ```
 */
export function readsElements(e: Expr): boolean {
  let reads = false;
  walkExpr(e, (x) => {
    if (x.op === 'load' || x.op === 'matrixLoad' || x.op === 'rowGet') reads = true;
  });
  return reads;
}

/**
 * Visits `e` and every sub-expression, parents first.
 *
 * @example
 * ```ts
 * import { lowerKernel } from '../frontend.js';
 * import { walkExpr } from './walk.js';
 *
 * function noise(i: number, xs: Float32Array) { xs[i] = Math.random() * 2; }
 * const { module } = lowerKernel(noise, [{ kind: 'i32' }, { kind: 'array', element: 'f32' }], 1);
 * let found = false;
 * for (const s of module.functions.at(-1)!.body) if (s.kind === 'store') walkExpr(s.value, (x) => { if (x.op === 'random') found = true; });
 * found; // → true
 * ```
 */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
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

/**
 * Visits every statement of `stmts` (nested ones too) and every expression in them.
 *
 * @example
 * ```ts
 * import { lowerKernel } from '../frontend.js';
 * import { walkStmts } from './walk.js';
 *
 * function both(i: number, xs: Float32Array, ys: Float32Array) { if (i > 0) { xs[i] = 1; ys[i] = 2; } }
 * const f32 = { kind: 'array', element: 'f32' } as const;
 * const fn = lowerKernel(both, [{ kind: 'i32' }, f32, f32], 1).module.functions.at(-1)!;
 * let stores = 0;
 * walkStmts(fn.body, (s) => { if (s.kind === 'store') stores++; }, () => undefined);
 * stores; // → 2
 * ```
 */
export function walkStmts(stmts: readonly Stmt[], visitStmt: (s: Stmt) => void, visitExpr: (e: Expr) => void): void {
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
