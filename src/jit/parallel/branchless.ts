/**
 * `if (c) n += k` as straight-line IR for the Wasm regions of prange loops: `n = n - (f64(c) · m + 0)` with
 * `m = -k`. A branch on a coin flip (`x*x + y*y < 1` in Monte Carlo π) mispredicts about a fifth of the time;
 * the JavaScript backend already emits this form (`js/codegen.ts`, `branchlessCount`); both read one rule,
 * `passes/branchless.ts`, where the reasoning about exactness is. Without it the π region ran 1.5× slower in
 * Wasm than in JavaScript (paired, CPU time, this machine). The Wasm backend turns `f64(c)` of a comparison
 * into a flag-to-number move, no branch.
 *
 * Exact for every `f64` local `n`: where `c` is false the term is `+0` and `n - +0` is `n` (also for `-0`);
 * where it is true, `n - m` rounds as `n + k`. Only `f64` locals with a finite nonzero constant step qualify,
 * and only conditions without effects (the step is then the only thing evaluated differently). Wasm locals
 * always hold numbers (an out-of-range read traps and the chunk reruns in JavaScript), so the JavaScript
 * backend's extra condition (no local that may hold `undefined`) is met by construction.
 *
 * @module
 */
import type { Expr, IRFunction, Stmt } from '../ir.js';
import { F64 } from '../types.js';
import { branchlessCounter } from '../passes/branchless.js';

/** The straight-line form of `s`, or `undefined` when `s` is not `if (c) n = n ± k` as described above. */
function counted(s: Stmt, f64Locals: ReadonlySet<string>): Stmt | undefined {
  // Wasm locals always hold numbers: every f64 local is numeric. An i32 counter keeps its branch here.
  const c = branchlessCounter(s, (name) => f64Locals.has(name));
  if (c === undefined || c.form !== 'f64' || s.kind !== 'if') return undefined;
  const only = s.then[0]!;
  if (only.kind !== 'assign' || only.value.op !== 'binary') return undefined;
  const flag: Expr = { op: 'convert', type: F64, arg: c.cond };
  const term: Expr = {
    op: 'binary', type: F64, operator: 'add',
    left: { op: 'binary', type: F64, operator: 'mul', left: flag, right: { op: 'const', type: F64, value: c.m } },
    right: { op: 'const', type: F64, value: 0 },
  };
  return { ...only, value: { op: 'binary', type: F64, operator: 'sub', left: only.value.left, right: term } };
}

function rewrite(stmts: readonly Stmt[], f64Locals: ReadonlySet<string>): Stmt[] {
  return stmts.map((s) => {
    const straight = counted(s, f64Locals);
    if (straight) return straight;
    if (s.kind === 'if') return { ...s, then: rewrite(s.then, f64Locals), else: rewrite(s.else, f64Locals) };
    if (s.kind === 'loop') return { ...s, body: rewrite(s.body, f64Locals), continuing: rewrite(s.continuing, f64Locals) };
    return s;
  });
}

/**
 * `f` with every `if (c) n += k` on an `f64` local `n` (constant finite nonzero `k`, `c` without effects)
 * made straight-line, at any depth; other statements unchanged.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { branchlessCounts } from './branchless.js';
 *
 * function inside(xs: Float64Array, ys: Float64Array, n: number) {
 *   for (let i = 0; i < xs.length; i++) if (xs[i]! * xs[i]! + ys[i]! * ys[i]! < 1) n += 1;
 *   return n;
 * }
 * const f = lowerToIR(inside, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }, { kind: 'f64' }]).functions[0]!;
 * // `if` statements in a body (lowering may add others, e.g. a loop versioned on its bounds):
 * const ifs = (body: unknown) => JSON.stringify(body).split('"kind":"if"').length - 1;
 * ifs(branchlessCounts(f).body) === ifs(f.body) - 1; // → true
 * ```
 */
export function branchlessCounts(f: IRFunction): IRFunction {
  const f64Locals = new Set([...f.params, ...f.locals].filter((v) => v.type.kind === 'f64').map((v) => v.name));
  return { ...f, body: rewrite(f.body, f64Locals) };
}
