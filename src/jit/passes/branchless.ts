/**
 * Conditional counters without a branch: the one rule deciding when `if (c) n += k` may run as straight-line
 * code, read by the JavaScript backend (`js/codegen.ts`, `branchlessCount`, which emits it as text) and by the
 * Wasm regions of prange loops (`parallel/branchless.ts`, which rewrites the IR). A branch on a coin flip
 * (`x*x + y*y < 1` in Monte Carlo pi) mispredicts about a fifth of the time; branchless, pi ran about 1.6×
 * faster in JavaScript, and the Wasm region was 1.5× slower than the JavaScript one without it.
 *
 * Evaluating the step unconditionally must change nothing, so it is a constant or (`i32`) another local, the
 * condition has no effect (`n = n + +(c)` reads `n` before `c` runs, so `(n = f()) > 0` keeps its branch), and
 * the result is `n` bit for bit where the branch does not run:
 * - an `i32` counter is never `-0`, so `n + 0` is `n`: `n = n ± +(c) * k`;
 * - an `f64` one may be `-0` (and `-0 + 0` is `+0`), so it subtracts a term that is `+0` when `c` is false,
 *   which is exact for every number `n`: `n = n - (+(c) * m + 0)` with `m = -k` (a finite nonzero constant;
 *   `x - y` is `x + (-y)` in IEEE arithmetic, so the true branch rounds exactly as `n + k`).
 * A counter (and an `i32` step local) must always hold a number: in JavaScript an `f64` or `i32` local may hold
 * `undefined` (an out-of-bounds read), which `- 0` would turn into NaN, so the caller says which locals are
 * numeric (the JS backend's `numericLocals`; in Wasm every `f64` local, since an out-of-range read traps).
 *
 * @module
 */
import { hasEffect, walkIR, type Expr, type Stmt } from '../ir.js';

/** A counter `if (c) n ±= k` that may run without a branch, in one of the two exact forms above. */
export type BranchlessCounter =
  /** `n = n ± +(c) * step` (`operator` is the assignment's). */
  | { readonly form: 'i32'; readonly name: string; readonly cond: Expr; readonly operator: 'add' | 'sub'; readonly step: Expr }
  /** `n = n - (+(c) * m + 0)`. */
  | { readonly form: 'f64'; readonly name: string; readonly cond: Expr; readonly m: number };

/**
 * The branch-free form of `s`, or `undefined` when `s` is not a counter that may drop its branch; `numeric`
 * says whether a local always holds a number.
 *
 * @example
 * ```ts
 * import type { Stmt } from '../ir.js';
 * import { branchlessCounter } from './branchless.js';
 *
 * const F64 = { kind: 'f64' } as const;
 * const n = { op: 'local', type: F64, name: 'n' } as const;
 * const x = { op: 'local', type: F64, name: 'x' } as const;
 * // if (x < 1) n += 2
 * const s: Stmt = {
 *   kind: 'if', cond: { op: 'compare', type: { kind: 'bool' }, operator: 'lt', left: x, right: { op: 'const', type: F64, value: 1 } },
 *   then: [{ kind: 'assign', name: 'n', value: { op: 'binary', type: F64, operator: 'add', left: n, right: { op: 'const', type: F64, value: 2 } } }],
 *   else: [],
 * };
 * branchlessCounter(s, () => true)?.form; // → 'f64'
 * branchlessCounter(s, (name) => name !== 'n'); // → undefined
 * ```
 */
export function branchlessCounter(s: Stmt, numeric: (name: string) => boolean): BranchlessCounter | undefined {
  if (s.kind !== 'if' || s.else.length !== 0 || s.then.length !== 1) return undefined;
  if (hasEffect(s.cond)) return undefined;
  const only = s.then[0]!;
  if (only.kind !== 'assign' || only.value.op !== 'binary') return undefined;
  const { operator, left, right, type } = only.value;
  if (operator !== 'add' && operator !== 'sub') return undefined;
  if (left.op !== 'local' || left.name !== only.name) return undefined;
  if (type.kind === 'i32') {
    if (right.op !== 'const' && (right.op !== 'local' || right.name === only.name)) return undefined;
    // `n + +(c) * k` is NaN where the plain code leaves an undefined n (or skips an undefined k) alone
    if (!numeric(only.name) || (right.op === 'local' && !numeric(right.name))) return undefined;
    return { form: 'i32', name: only.name, cond: s.cond, operator, step: right };
  }
  if (type.kind !== 'f64' || right.op !== 'const' || typeof right.value !== 'number') return undefined;
  if (!numeric(only.name)) return undefined;
  if (right.value === 0 || !Number.isFinite(right.value)) return undefined;
  return { form: 'f64', name: only.name, cond: s.cond, m: operator === 'add' ? -right.value : right.value };
}
