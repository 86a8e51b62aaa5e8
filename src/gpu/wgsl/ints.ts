/**
 * Integer arithmetic that lowering typed `f64` (it might leave int32) but that the WGSL backend computes
 * exactly in i32: in f32, `y * nx + x` would be exact only up to 2^24.
 *
 * @module
 */
import type { Expr, IRFunction } from '../../jit/ir.js';
import { hasEffects, walkStmts } from './walk.js';

/**
 * Whether `e` is integer arithmetic (`+ - *`, negation, `>>>`) of int32 values, constants and `intLocals`, without
 * effects: the WGSL backend computes such an `f64` expression exactly in i32.
 *
 * @example
 * ```ts
 * import { lowerKernel } from '../frontend.js';
 * import { isIntTree } from './ints.js';
 *
 * function at(x: number, y: number, nx: number, out: Float32Array) { out[y * nx + x] = 1; }
 * const { module } = lowerKernel(at, [{ kind: 'i32' }, { kind: 'i32' }, { kind: 'i32' }, { kind: 'array', element: 'f32' }], 2);
 * // Lowering gives the index `y * nx + x` an f64 temporary, declared first:
 * const index = module.functions.at(-1)!.body[0]!;
 * index.kind === 'declare' && index.init !== undefined && isIntTree(index.init, new Set()); // → true
 * ```
 */
export function isIntTree(e: Expr, intLocals: ReadonlySet<string>): boolean {
  if (e.type.kind === 'i32') return !hasEffects(e);
  if (e.op === 'local') return intLocals.has(e.name);
  if (e.op === 'convert') return e.arg.type.kind === 'i32' && !hasEffects(e.arg);
  if (e.op === 'const') return typeof e.value === 'number' && Number.isInteger(e.value) && Math.abs(e.value) <= 0x7fffffff;
  if (e.op === 'unary') return e.operator === 'neg' && isIntTree(e.arg, intLocals);
  // `x >>> k` is a uint32 typed f64: its bits in an i32 are its value modulo 2^32.
  if (e.op === 'binary' && e.operator === 'ushr') return !hasEffects(e);
  if (e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul')) {
    return isIntTree(e.left, intLocals) && isIntTree(e.right, intLocals);
  }
  return false;
}

/**
 * A bound on |e| for an {@link isIntTree} expression, from its leaves (int32 values 2^31, `>>>` results 2^32,
 * constants themselves; an integer local is unbounded, as a loop may grow it): below 2^53 every node of the
 * tree is exact in a double, so JS's value modulo 2^32 is the i32 arithmetic's.
 *
 * @example
 * ```ts
 * import type { Expr } from '../../jit/ir.js';
 * import { intBound } from './ints.js';
 *
 * const i: Expr = { op: 'local', name: 'i', type: { kind: 'i32' } };
 * const twice: Expr = { op: 'binary', operator: 'mul', type: { kind: 'f64' }, left: { op: 'const', type: { kind: 'f64' }, value: 2 }, right: i };
 * intBound(twice, new Set()); // → 4294967296
 * ```
 */
export function intBound(e: Expr, intLocals: ReadonlySet<string>): number {
  if (e.type.kind === 'i32') return 2 ** 31;
  if (e.op === 'local') return intLocals.has(e.name) ? Infinity : 2 ** 31;
  if (e.op === 'convert') return 2 ** 31;
  if (e.op === 'const') return typeof e.value === 'number' ? Math.abs(e.value) : 1;
  if (e.op === 'unary') return intBound(e.arg, intLocals);
  if (e.op === 'binary') {
    if (e.operator === 'ushr') return 2 ** 32;
    const a = intBound(e.left, intLocals);
    const b = intBound(e.right, intLocals);
    return e.operator === 'mul' ? a * b : a + b;
  }
  return Infinity;
}

/**
 * The `f64` locals of `fn` (not parameters) whose every assignment is an {@link isIntTree}: lowering gives a
 * computed index such as `y * nx + x` an `f64` temporary (it may leave int32), and in f32 it would be exact
 * only up to 2^24. Such a local also lives exactly (modulo 2^32) in an i32, which indexing uses.
 *
 * @example
 * ```ts
 * import { lowerKernel } from '../frontend.js';
 * import { integerLocals } from './ints.js';
 *
 * function at(x: number, y: number, nx: number, out: Float32Array) {
 *   const k = y * nx + x;
 *   out[k] = 1;
 * }
 * const { module } = lowerKernel(at, [{ kind: 'i32' }, { kind: 'i32' }, { kind: 'i32' }, { kind: 'array', element: 'f32' }], 2);
 * integerLocals(module.functions.at(-1)!).size; // → 1
 * ```
 */
export function integerLocals(fn: IRFunction): Set<string> {
  const candidates = new Set(fn.locals.filter((l) => l.type.kind === 'f64' && !fn.params.some((p) => p.name === l.name)).map((l) => l.name));
  const writes: Array<{ name: string; value: Expr }> = [];
  walkStmts(fn.body, (s) => {
    if (s.kind === 'declare') writes.push({ name: s.name, value: s.init });
    if (s.kind === 'assign') writes.push({ name: s.name, value: s.value });
  }, () => undefined);
  for (let changed = true; changed;) {
    changed = false;
    for (const w of writes) {
      if (candidates.has(w.name) && !isIntTree(w.value, candidates)) {
        candidates.delete(w.name);
        changed = true;
      }
    }
  }
  return candidates;
}
