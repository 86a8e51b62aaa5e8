/**
 * Walking the JIT's IR as the WGSL backend needs it: every sub-expression with a visitor, statements and
 * expressions in one pass (both the JIT's one walker, `jit/ir/walk.ts`, under the names this backend uses), and
 * the backend's own questions: whether an expression draws random numbers or calls (so it must be evaluated
 * exactly once), and whether it reads elements.
 *
 * @module
 */
import type { Expr, Stmt } from '../../jit/ir.js';
import { walkIR } from '../../jit/ir/walk.js';

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
  walkIR([{ kind: 'expr', expr: e }], { expr: visit });
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
  walkIR(stmts, { stmt: visitStmt, expr: visitExpr });
}
