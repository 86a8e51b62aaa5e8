/**
 * Draws whose number is known at compile time: in a prange loop, a `Math.random()` that every iteration
 * reaching it evaluates exactly once, after the same number of earlier draws, is draw `j` of its iteration for
 * a `j` fixed by the code. Draws 0 and 1 of an iteration are the first Philox block (`philox.ts`); for such
 * draws the region reads them from a strip of precomputed draws instead of asking for them one by one:
 * the runtime (`strips.ts`) fills the strip for up to `BATCH` iterations in one WebAssembly call and runs the
 * region over exactly those iterations, so the loop body reads `draws[j·BATCH + k]` for its `k`-th iteration
 * with no call and no test per point (the Monte Carlo π loop: two loads and a compare).
 *
 * Which draws qualify: walking the loop body's statements in order (and into `{ … }` blocks), a statement
 * holding exactly one `Math.random()`, reached through operators that always evaluate their operands
 * (arithmetic, comparisons, conversions, `Math.*`), is static; the first statement that holds a draw in any
 * other way (under `if`, in a loop, in `&&`/`?:`, two in one statement) ends the static ones, and it and all
 * later draws stay dynamic (numbered at run time, starting from the static count). An earlier `continue`
 * cannot change a later draw's number: an iteration that skips the rest makes no later draw.
 *
 * @module
 */
import type { Expr, Stmt } from '../ir.js';
import { walkIR } from '../ir.js';
import { F64, I32 } from '../types.js';
import { BATCH } from './philox-wasm.js';

/** Draws per iteration a strip holds (the first Philox block's two). */
export const STRIP_DRAWS = 2;

/** Operators whose operands are always evaluated, each exactly once. */
const EAGER = new Set<Expr['op']>(['unary', 'binary', 'compare', 'convert', 'truthy', 'math']);

/**
 * How many `Math.random()` calls `stmts` hold (as written, not as run).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkIR, type Loop } from '../ir.js';
 * import { countDraws } from './draws.js';
 *
 * function pi(n: number) {
 *   let inside = 0;
 *   for (let i = 0; i < n; i++) {
 *     const x = Math.random(), y = Math.random();
 *     if (x * x + y * y <= 1) inside++;
 *   }
 *   return (4 * inside) / n;
 * }
 * const { body } = lowerToIR(pi, [{ kind: 'i32' }]).functions[0]!;
 * const loops: Loop[] = [];
 * walkIR(body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
 * countDraws(loops[0]!.body); // → 2
 * ```
 */
export function countDraws(stmts: readonly Stmt[]): number {
  let n = 0;
  walkIR(stmts, { expr: (e) => { if (e.op === 'random') n++; } });
  return n;
}

/** `e` with its one `random` replaced by `by`, or `undefined` if the draw sits under a lazy operator. */
function replaceEager(e: Expr, by: Expr): Expr | undefined {
  if (e.op === 'random') return by;
  if (!EAGER.has(e.op)) return undefined;
  switch (e.op) {
    case 'unary': case 'convert': case 'truthy': {
      const arg = replaceEager(e.arg, by);
      return arg && { ...e, arg };
    }
    case 'binary': case 'compare': {
      const inLeft = countDraws([{ kind: 'expr', expr: e.left }]) > 0;
      const side = replaceEager(inLeft ? e.left : e.right, by);
      return side && (inLeft ? { ...e, left: side } : { ...e, right: side });
    }
    case 'math': {
      const at = e.args.findIndex((a) => countDraws([{ kind: 'expr', expr: a }]) > 0);
      const arg = replaceEager(e.args[at]!, by);
      return arg && { ...e, args: e.args.map((a, k) => (k === at ? arg : a)) };
    }
    default:
      return undefined;
  }
}

/** `s` with its one draw replaced by `by`, or `undefined` if the statement's draw is not always evaluated. */
function replaceInStatement(s: Stmt, by: Expr): Stmt | undefined {
  switch (s.kind) {
    case 'declare': { const init = replaceEager(s.init, by); return init && { ...s, init }; }
    case 'assign': { const value = replaceEager(s.value, by); return value && { ...s, value }; }
    case 'expr': { const expr = replaceEager(s.expr, by); return expr && { ...s, expr }; }
    case 'store': {
      // array, index and value are all evaluated: wherever the one draw is, it happens once.
      const fields = ['array', 'index', 'value'] as const;
      const at = fields.find((f) => countDraws([{ kind: 'expr', expr: s[f] }]) > 0)!;
      const part = replaceEager(s[at], by);
      return part && { ...s, [at]: part };
    }
    default:
      return undefined;
  }
}

/**
 * The loop body with its first static draws (at most {@link STRIP_DRAWS}) read from the strip `draws` at
 * the strip position `position` (an int32 expression of the iteration: `i - lo` or a counter of its own,
 * `outline.ts`), and how many there are (0: the body is returned unchanged).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { walkIR, type Expr, type Loop, type Stmt } from '../ir.js';
 * import { staticDraws } from './draws.js';
 *
 * function pi(n: number) {
 *   let inside = 0;
 *   for (let i = 0; i < n; i++) {
 *     const x = Math.random(), y = Math.random();
 *     if (x * x + y * y <= 1) inside++;
 *   }
 *   return (4 * inside) / n;
 * }
 * const loopBody = (fn: (n: number) => number): Stmt[] => {
 *   const loops: Loop[] = [];
 *   walkIR(lowerToIR(fn, [{ kind: 'i32' }]).functions[0]!.body, { stmt: (s) => { if (s.kind === 'loop') loops.push(s); } });
 *   return [...loops[0]!.body];
 * };
 * // x and y become loads of the strip: draws[$pj] and draws[$pj + BATCH].
 * const at: Expr = { op: 'local', type: { kind: 'i32' }, name: '$pj' };
 * const { body, count } = staticDraws(loopBody(pi), '$pdr', at);
 * count; // → 2
 * JSON.stringify(body).includes('"op":"random"'); // → false
 * // A draw under `if` is not static: nothing is read from the strip.
 * function coin(n: number) {
 *   let heads = 0;
 *   for (let i = 0; i < n; i++) if (i % 2 === 0 && Math.random() < 0.5) heads++;
 *   return heads;
 * }
 * staticDraws(loopBody(coin), '$pdr', at).count; // → 0
 * ```
 */
export function staticDraws(body: readonly Stmt[], draws: string, position: Expr): { body: Stmt[]; count: number } {
  let count = 0;
  let open = true;
  const read = (j: number): Expr => ({
    op: 'load', type: F64, element: 'f64',
    array: { op: 'local', type: { kind: 'array', element: 'f64' }, name: draws },
    index: j === 0 ? position : { op: 'binary', type: I32, operator: 'add', left: position, right: { op: 'const', type: I32, value: j * BATCH } },
  });
  const visit = (stmts: readonly Stmt[]): Stmt[] => stmts.map((s) => {
    if (!open || count >= STRIP_DRAWS) return s;
    const n = countDraws([s]);
    if (n === 0) return s;
    // A `{ … }` block in the body is lowered as `if (true) { … }`: straight-line code.
    if (s.kind === 'if' && s.cond.op === 'const' && s.cond.value === true && s.else.length === 0) return { ...s, then: visit(s.then) };
    const replaced = n === 1 ? replaceInStatement(s, read(count)) : undefined;
    if (!replaced) {
      open = false;
      return s;
    }
    count++;
    return replaced;
  });
  const out = visit(body);
  return { body: count ? out : [...body], count };
}
