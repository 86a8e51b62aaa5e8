/**
 * Which `f64` locals the Wasm backend keeps in `i64`: those every assignment gives an integer built from integers
 * (constants, `i32` values, other such locals) by `+ - * %` and negation, or a `Math.floor/ceil/trunc/round`.
 * The Collatz sequence is the model: `x = x % 2 === 0 ? Math.floor(x / 2) : 3 * x + 1` passes 2^31 but stays an
 * integer, which V8 keeps in doubles and Wasm can keep in a 64-bit register.
 *
 * The values are integers by construction; staying within ±2^53 (where doubles and i64 agree exactly) and never
 * being `-0` (which i64 cannot hold) is checked where each value is made, and a check that fails traps: the
 * Wasm call is transactional (arrays are copied in and out, nothing else is visible), so the dispatcher then runs
 * the same call on the JS backend and the caller sees exactly the plain result (`runtime.ts`).
 *
 * @module
 */
import { walkIR, type Expr, type IRFunction } from '../ir.js';

/** Values whose magnitude is at most this are exact in both i64 and f64. */
export const SAFE = 2 ** 53;

/**
 * Whether `e` can be computed as an exact integer in i64 (given the speculated locals `ints`).
 *
 * @example
 * ```ts
 * import { integralExpr } from './integral.js';
 *
 * integralExpr({ op: 'const', type: { kind: 'f64' }, value: 3 }, new Set()); // → true
 * integralExpr({ op: 'const', type: { kind: 'f64' }, value: 0.5 }, new Set()); // → false
 * ```
 */
export function integralExpr(e: Expr, ints: ReadonlySet<string>): boolean {
  switch (e.op) {
    case 'const':
      return typeof e.value === 'number' && Number.isInteger(e.value) && !Object.is(e.value, -0) && Math.abs(e.value) <= SAFE;
    case 'local':
      return e.type.kind === 'i32' || ints.has(e.name);
    case 'convert':
      return e.arg.type.kind === 'i32';
    case 'binary':
      return (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul' || e.operator === 'mod')
        && integralExpr(e.left, ints) && integralExpr(e.right, ints);
    case 'unary':
      return e.operator === 'neg' && integralExpr(e.arg, ints);
    case 'math':
      return (e.fn === 'floor' || e.fn === 'ceil' || e.fn === 'trunc' || e.fn === 'round') && e.args.length === 1 && e.type.kind === 'f64';
    case 'select':
      return integralExpr(e.then, ints) && integralExpr(e.else, ints);
    default:
      // any other int32-typed value (a length, a load, a call): Wasm never yields undefined for it (it traps)
      return e.type.kind === 'i32';
  }
}

/**
 * The `f64` locals of `f` (not parameters) kept in i64: the largest set whose every assignment is
 * {@link integralExpr} given the set itself.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { integralLocals } from './integral.js';
 *
 * function collatz(n: number) {
 *   let x = n;
 *   let steps = 0;
 *   while (x !== 1) {
 *     x = x % 2 === 0 ? x / 2 : 3 * x + 1;
 *     steps++;
 *   }
 *   return steps;
 * }
 * // steps only ever grows by 1: kept in i64. x = x / 2 need not be an integer for an f64 n: it stays f64.
 * integralLocals(lowerToIR(collatz, [{ kind: 'f64' }]).functions.at(-1)!); // → Set(1) { 'steps' }
 * ```
 */
export function integralLocals(f: IRFunction): Set<string> {
  const ints = new Set(f.locals.filter((l) => l.type.kind === 'f64').map((l) => l.name));
  const assignments: Array<{ name: string; value: Expr }> = [];
  walkIR(f.body, {
    stmt: (s) => {
      if (s.kind === 'declare') assignments.push({ name: s.name, value: s.init });
      else if (s.kind === 'assign') assignments.push(s);
    },
  });
  for (const p of f.params) ints.delete(p.name);
  for (let changed = true; changed;) {
    changed = false;
    for (const { name, value } of assignments) {
      if (ints.has(name) && !integralExpr(value, ints)) {
        ints.delete(name);
        changed = true;
      }
    }
  }
  return ints;
}
