/**
 * Which plain arrays (`number[]`, `boolean[]` arguments and arrays read from outside) the JavaScript entry checks
 * element by element as it reads them, instead of in one pass over the whole array before the body runs.
 *
 * The entry pass exists because a hole or an element of another kind would load as something inference did not
 * assume; the plain function then runs instead. But the pass costs a read of every element on every call, so a
 * function that reads three elements of a sorted array (a quantile) was O(n) where the plain one is O(1). The
 * check can move to the reads themselves when running the plain function after a partial run is still exact:
 * when nothing the compiled code did before the bad read can be seen from outside. That holds when the module
 * writes no array, row, field or shared state (no stores, no mutating methods, no `Math.random`, whose stream
 * is shared), so everything before the bad read only computed locals. A `throw` or `return` before it is what
 * the plain function does too, since every element it read so far was of the assumed kind.
 *
 * The array must also appear only as the array of an element read or of `.length` (not passed to a callee, not
 * copied to a local, not given to a callback method), so that every read of it is one the JS backend checks.
 * A module with a parallel region keeps the entry pass: a region's reads run in worker threads, where a miss
 * could not turn into a run of the plain function.
 *
 * @module
 */
import type { Expr, IRFunction, IRModule, Stmt } from '../ir.js';
import { walkIR } from '../ir/walk.js';
import { regionIndex } from '../parallel/outline.js';

// Expressions that only compute: reading arrays, rows and fields, calling module functions (themselves checked).
const PURE_OPS: ReadonlySet<Expr['op']> = new Set<Expr['op']>([
  'const', 'local', 'unary', 'binary', 'compare', 'logical', 'select', 'truthy', 'convert', 'math', 'length', 'load',
  'rows', 'cols', 'matrixLoad', 'rowOf', 'rowGet', 'nullRow', 'call', 'tuple', 'tupleGet', 'absent', 'typeTest',
  'effect', 'this', 'field', 'string',
]);
// Statements that write only locals, or leave.
const PURE_STMTS: ReadonlySet<Stmt['kind']> = new Set<Stmt['kind']>([
  'declare', 'assign', 'expr', 'if', 'loop', 'break', 'continue', 'return', 'throw',
]);

/**
 * Whether no function of the module has an effect outside its own locals (see the module comment), and none calls
 * the entry: a recursive call's miss would be answered by the plain function for that call alone, whose result
 * (a string, say) the compiled caller would then use as the number it assumed.
 */
function writesOnlyLocals(module: IRModule): boolean {
  let pure = true;
  for (const f of module.functions) {
    walkIR(f.body, {
      expr: (e) => { if (!PURE_OPS.has(e.op) || (e.op === 'call' && e.callee === module.entry)) pure = false; },
      stmt: (s) => { if (!PURE_STMTS.has(s.kind)) pure = false; },
    });
    if (!pure) return false;
  }
  return true;
}

/** Names of arrays that some function uses other than as the array of a `load` or a `length`. */
function usedOtherwise(functions: readonly IRFunction[]): Set<string> {
  const other = new Set<string>();
  for (const f of functions) {
    const direct = new Set<Expr>();
    walkIR(f.body, {
      expr: (e) => {
        if (e.op === 'load' || e.op === 'length') direct.add(e.array);
        else if (e.op === 'local' && !direct.has(e)) other.add(e.name);
      },
    });
  }
  return other;
}

/**
 * The IR names, among `candidates` (the entry's plain-array parameters and the plain arrays it reads from
 * outside), whose elements the entry may check at each read instead of in one pass on entry.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { lazyCheckedArrays } from './lazy-elements.js';
 *
 * function last(xs: number[]) { return xs[xs.length - 1]; }
 * function fill(xs: number[]) { xs[0] = 1; return xs[0]; }
 * const num = { kind: 'array', element: 'num' } as const;
 * lazyCheckedArrays(lowerToIR(last, [num]), ['xs']); // → Set(1) { 'xs' }
 * lazyCheckedArrays(lowerToIR(fill, [num]), ['xs']); // → Set(0) {}
 * ```
 */
export function lazyCheckedArrays(module: IRModule, candidates: readonly string[]): Set<string> {
  if (candidates.length === 0 || module.functions.some((f) => regionIndex(f) !== undefined) || !writesOnlyLocals(module)) return new Set();
  const other = usedOtherwise(module.functions);
  return new Set(candidates.filter((name) => !other.has(name)));
}
