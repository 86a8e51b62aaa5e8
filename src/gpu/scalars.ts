/**
 * Which scalar parameters a kernel uses only as floats. A launch argument's type follows its value (2 is an
 * int32, 2.5 a double), so `k.launch(n, 2, …)` then `k.launch(n, 2.5, …)` would build two shaders and two
 * pipelines for what is one kernel. A parameter whose every use converts it to a float gains nothing from
 * being an i32: it is given the float type for every launch, and the kernel keeps one signature. A parameter
 * used as an integer (an index, a bitwise operand, a loop bound compared with an int) stays an i32.
 *
 * @module
 */
import { forEachExpr, walkIR, type Expr, type IRModule } from '../jit/ir.js';
import { isIntTree } from './wgsl/ints.js';

/**
 * Names of the entry's `i32` parameters (after the `grid` index parameters) used only through a conversion
 * to `f64`, and never assigned.
 *
 * @example
 * ```ts
 * import { lowerKernel } from './frontend.js';
 * import { floatOnlyScalars } from './scalars.js';
 *
 * function saxpy(i: number, a: number, x: Float32Array, y: Float32Array) { y[i] = a * x[i]! + y[i]!; }
 * // The index `i`, then `a` = 2 (an integer, but only ever used as a float: it can be passed as f32).
 * const types = [{ kind: 'i32' }, { kind: 'i32' }, { kind: 'array', element: 'f32' }, { kind: 'array', element: 'f32' }] as const;
 * floatOnlyScalars(lowerKernel(saxpy, types, 1).module, 1); // → Set(1) { 'a' }
 * ```
 */
export function floatOnlyScalars(module: IRModule, grid: number): Set<string> {
  const entry = module.functions.find((f) => f.name === module.entry);
  const out = new Set<string>();
  if (!entry) return out;
  const candidates = entry.params.slice(grid).filter((p) => p.type.kind === 'i32').map((p) => p.name);
  if (candidates.length === 0) return out;
  const uses = new Map<string, number>();
  const asFloat = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  const assigned = new Set<string>();
  walkIR(entry.body, { stmt: (st) => void (st.kind === 'assign' && assigned.add(st.name)) });
  // A conversion inside integer arithmetic (`i + off`, an index, a value kept in a local) is there only
  // because the sum might leave int32: the WGSL backend computes it exactly in i32, which needs `off` an i32.
  const integral = new Set<string>();
  const markInside = (e: Expr): void => forEachExpr([{ kind: 'expr', expr: e }], (x) => {
    if (x.op === 'convert' && x.arg.op === 'local') integral.add(x.arg.name);
  });
  walkIR(entry.body, {
    stmt: (st) => {
      const value = st.kind === 'declare' ? st.init : st.kind === 'assign' ? st.value : undefined;
      if (value && isIntTree(value, new Set())) markInside(value);
    },
  });
  forEachExpr(entry.body, (e) => {
    if (e.op === 'local') bump(uses, e.name);
    if (e.op === 'convert' && e.type.kind === 'f64' && e.arg.op === 'local') bump(asFloat, e.arg.name);
    if ((e.op === 'binary' || e.op === 'unary') && e.type.kind === 'f64' && isIntTree(e, new Set())) markInside(e);
  });
  for (const name of candidates) {
    if (!assigned.has(name) && !integral.has(name) && (uses.get(name) ?? 0) === (asFloat.get(name) ?? 0)) out.add(name);
  }
  return out;
}
