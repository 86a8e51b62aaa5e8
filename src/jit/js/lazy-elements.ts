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
 * is shared) other than arrays it made itself and has not let anyone see (`ir/fresh-arrays.ts`: row-norms'
 * `out`, pairwise's `D`), which are garbage once the plain function runs instead; so everything before the bad
 * read only computed locals. A `throw` or `return` before it is what the plain function does too, since every
 * element it read so far was of the assumed kind. For that last point, the elements of `number[][]` rows, which
 * the entry never checks, are checked where they are read in such a module (`lazyRowElement`): an object's
 * `valueOf` reached by arithmetic would otherwise run once in the abandoned run and again in the plain one.
 *
 * The array must also appear only as the array of an element read or of `.length`, or as the argument of a module
 * function that uses its parameter the same way (not copied to a local, not given to a callback method), so that
 * every read of it is one the JS backend checks.
 * A module with a parallel region keeps the entry pass: a region's reads run in worker threads, where a miss
 * could not turn into a run of the plain function.
 *
 * @module
 */
import type { Expr, IRFunction, IRModule, Stmt } from '../ir.js';
import { walkIR } from '../ir/walk.js';
import { regionIndex } from '../parallel/outline.js';
import { plainElement } from '../types.js';
import { isNestedType, rowTest } from './nested.js';
import { freshTypedArrays, freshTypedRowMatrices, makesTypedRows } from '../ir/fresh-arrays.js';
import { isMadeMatrix } from '../infer/rows.js';

// Expressions that only compute: reading arrays, rows and fields, calling module functions (themselves checked),
// making a new object from values (`return { m, b }`: nobody outside sees it before the function returns).
const PURE_OPS: ReadonlySet<Expr['op']> = new Set<Expr['op']>([
  'const', 'local', 'unary', 'binary', 'compare', 'logical', 'select', 'truthy', 'convert', 'math', 'length', 'load',
  'rows', 'cols', 'matrixLoad', 'rowOf', 'rowGet', 'nullRow', 'call', 'tuple', 'tupleGet', 'absent', 'typeTest',
  'effect', 'this', 'field', 'string', 'object',
]);
// Statements that write only locals, or leave.
const PURE_STMTS: ReadonlySet<Stmt['kind']> = new Set<Stmt['kind']>([
  'declare', 'assign', 'expr', 'if', 'loop', 'break', 'continue', 'return', 'throw',
]);

/**
 * Whether no function of the module has an effect outside its own locals and the arrays it made itself (see the
 * module comment), and none calls the entry: a recursive call's miss would be answered by the plain function for
 * that call alone, whose result (a string, say) the compiled caller would then use as the number it assumed.
 */
function writesOnlyLocals(module: IRModule): boolean {
  let pure = true;
  for (const f of module.functions) {
    const types = new Map([...f.params, ...f.locals].map((p) => [p.name, p.type] as const));
    const arrays = freshTypedArrays(f);
    const matrices = freshTypedRowMatrices(f, (m) => isNestedType(types.get(m)) || isMadeMatrix(m));
    walkIR(f.body, {
      expr: (e) => {
        // making a new typed array, or a number[][] of new typed rows, shows nothing to anyone
        const makes = e.op === 'newArray' || makesTypedRows(e);
        if (!(PURE_OPS.has(e.op) || makes) || (e.op === 'call' && e.callee === module.entry)) pure = false;
      },
      stmt: (s) => {
        const fresh = (s.kind === 'store' && s.array.op === 'local' && arrays.has(s.array.name)) || (s.kind === 'matrixStore' && matrices.has(s.matrix));
        if (!PURE_STMTS.has(s.kind) && !fresh) pure = false;
      },
    });
    if (!pure) return false;
  }
  return true;
}

/**
 * Names `f` uses other than as the array of a `load` or a `length`, or as an argument a callee takes lazily
 * (`takes(callee)` holds the callee's parameter positions whose reads are checked where they happen).
 */
function usedOtherwise(f: IRFunction, takes: (callee: string) => ReadonlySet<number>): Set<string> {
  const other = new Set<string>();
  const direct = new Set<Expr>();
  walkIR(f.body, {
    expr: (e) => {
      if (e.op === 'load' || e.op === 'length') direct.add(e.array);
      else if (e.op === 'call') {
        const lazy = takes(e.callee);
        e.args.forEach((a, k) => { if (lazy.has(k)) direct.add(a); });
      } else if (e.op === 'local' && !direct.has(e)) other.add(e.name);
    },
  });
  return other;
}

/** The positions of `f`'s plain-array parameters (`number[]`, `boolean[]`). */
function plainArrayParams(f: IRFunction): Set<number> {
  const out = new Set<number>();
  f.params.forEach((p, k) => { if (p.type.kind === 'array' && plainElement(p.type.element)) out.add(k); });
  return out;
}

/**
 * Per function of the module (by IR name), the names of plain arrays whose elements are checked at each read
 * (`lazyLoad` in codegen.ts), instead of by the entry's pass over the whole array. Among `candidates` (the
 * entry's plain-array parameters and the plain arrays it reads from outside), those read only by element and
 * length, or handed to a module function that reads its parameter the same way (the array keeps its checks in
 * the callee: `mean(x)` calling `sum(x)`). A module function's parameter is checked where it is read only when
 * every use of it qualifies; the sets are keyed by function because names are only unique within one.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { lazyCheckedArrays } from './lazy-elements.js';
 *
 * function last(xs: number[]) { return xs[xs.length - 1]; }
 * function fill(xs: number[]) { xs[0] = 1; return xs[0]; }
 * const num = { kind: 'array', element: 'num' } as const;
 * lazyCheckedArrays(lowerToIR(last, [num]), ['xs']).get('last'); // → Set(1) { 'xs' }
 * lazyCheckedArrays(lowerToIR(fill, [num]), ['xs']).size; // → 0
 * ```
 */
export function lazyCheckedArrays(module: IRModule, candidates: readonly string[]): ReadonlyMap<string, ReadonlySet<string>> {
  const none = new Map<string, ReadonlySet<string>>();
  if (candidates.length === 0 || module.functions.some((f) => regionIndex(f) !== undefined) || !writesOnlyLocals(module)) return none;
  const callees = module.functions.filter((f) => f.name !== module.entry);
  // Which parameters of each callee may be read lazily: start from all plain-array ones and drop, until nothing
  // changes, those a body uses otherwise (passing one on to a parameter that was dropped is such a use).
  const takes = new Map(callees.map((f) => [f.name, plainArrayParams(f)]));
  const taken = (callee: string): ReadonlySet<number> => takes.get(callee) ?? new Set();
  for (let changed = true; changed;) {
    changed = false;
    for (const f of callees) {
      const other = usedOtherwise(f, taken), mine = takes.get(f.name)!;
      for (const k of mine) if (other.has(f.params[k]!.name)) { mine.delete(k); changed = true; }
    }
  }
  const other = new Map(module.functions.map((f) => [f.name, usedOtherwise(f, taken)]));
  const globals = new Set((module.globals ?? []).map((g) => g.name));
  const entry = module.functions.find((f) => f.name === module.entry);
  const entryOther = entry ? other.get(entry.name)! : new Set<string>();
  // A global read from outside is checked lazily only if no function uses it otherwise (a callee that declares
  // the same name has its own local, which then simply does not count as the global).
  const lazy = new Set(candidates.filter((name) => globals.has(name)
    ? module.functions.every((f) => declares(f, name) || !other.get(f.name)!.has(name))
    : !entryOther.has(name)));
  if (lazy.size === 0) return none;
  const lazyGlobals = [...lazy].filter((name) => globals.has(name));
  const result = new Map<string, ReadonlySet<string>>();
  for (const f of module.functions) {
    const own = new Set(lazyGlobals.filter((g) => !declares(f, g)));
    if (f.name === module.entry) for (const name of lazy) own.add(name);
    else for (const k of takes.get(f.name)!) own.add(f.params[k]!.name);
    if (own.size > 0) result.set(f.name, own);
  }
  return result;
}

/** Whether `name` is a parameter or local of `f` (and so not the module-level array of that name). */
function declares(f: IRFunction, name: string): boolean {
  return f.params.some((p) => p.name === name) || f.locals.some((l) => l.name === name);
}

/**
 * The `load`s that sit where only their truthiness is used: a condition (of `if`, a loop, `?:`), the operand of
 * `!` or of a boolean conversion, and the operands of `&&`/`||` in such a place. There the generated JavaScript
 * tests the element itself (`if (flags[i])`), so any value behaves as it does in the plain function.
 */
function testedLoads(f: IRFunction): Set<Expr> {
  const tested = new Set<Expr>();
  const mark = (e: Expr | null): void => {
    if (e === null) return;
    if (e.op === 'load') tested.add(e);
    else if (e.op === 'logical') { mark(e.left); mark(e.right); }
  };
  walkIR(f.body, {
    stmt: (s) => {
      if (s.kind === 'if') mark(s.cond);
      else if (s.kind === 'loop') { mark(s.test); mark(s.postTest); }
    },
    expr: (e) => {
      if (e.op === 'select') mark(e.cond);
      else if (e.op === 'truthy' || (e.op === 'unary' && e.operator === 'not')) mark(e.arg);
    },
  });
  return tested;
}

// The arithmetic the generator writes as the source's own infix operator, whatever its operands hold (codegen.ts
// `binary`: `(left op right)`), so a string or an object there computes what the plain function computes.
const VERBATIM_ARITHMETIC: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'div']);

/**
 * The `return` values of the entry function that are made of nothing but `+ - * /`, locals, constants, `.length`
 * and element reads of plain arrays at such indices (a quantile's `return x[lo] + t * (x[hi] - x[lo])`), each
 * with the loads it returns. The generated code computes such a value as the source does, and it leaves compiled
 * code at once, so whatever an element holds the caller gets what the plain function returns. An object's
 * `valueOf` may run during that arithmetic, so nothing after it may send the call to the plain function (which
 * would run it again): hence no calls, no other reads, and `uncheckedArrays` counts a value's loads only when
 * every array it reads needs no check. Only the entry's own `return`s count (a callee's result is used by compiled
 * code that assumed a number; a callback's `return` is not the function's): the walk does not enter expressions.
 */
function returnedValues(f: IRFunction): Array<{ loads: Expr[]; arrays: Set<string> }> {
  const out: Array<{ loads: Expr[]; arrays: Set<string> }> = [];
  const index = (e: Expr): boolean =>
    e.op === 'const' || e.op === 'local' || (e.op === 'length' && e.array.op === 'local') ||
    (e.op === 'binary' && VERBATIM_ARITHMETIC.has(e.operator) && index(e.left) && index(e.right));
  const value = (e: Expr, loads: Expr[]): boolean => {
    if (e.op === 'load') {
      loads.push(e);
      return e.array.op === 'local' && plainElement(e.element) !== undefined && index(e.index);
    }
    if (e.op === 'binary' && VERBATIM_ARITHMETIC.has(e.operator)) return value(e.left, loads) && value(e.right, loads);
    return index(e);
  };
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'return' && s.value) {
        const loads: Expr[] = [];
        if (value(s.value, loads) && loads.length) out.push({ loads, arrays: new Set(loads.map((l) => (l as Extract<Expr, { op: 'load' }>).array).map((a) => (a.op === 'local' ? a.name : ''))) });
      } else if (s.kind === 'if') { visit(s.then); visit(s.else); }
      else if (s.kind === 'loop') { visit(s.body); visit(s.continuing); }
    }
  };
  visit(f.body);
  return out;
}

/**
 * Among `candidates` (as for {@link lazyCheckedArrays}), the plain arrays that need no element check at all:
 * every read of them is only tested for truthiness or, in the entry function, returned through `+ - * /`
 * alone (`returnedValues`), and otherwise they are only written and measured. A hole or
 * an element of another kind then does in compiled code what it does in the plain function, so the entry's pass
 * over the array (O(n) per call: Are We Fast Yet's sieve tests 5,000 flags this way) is not needed, whatever the
 * function writes. A module with a parallel region keeps its checks: the region's threads read a copy.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { uncheckedArrays } from './lazy-elements.js';
 *
 * function count(flags: boolean[]) { let c = 0; for (let i = 0; i < flags.length; i++) if (flags[i]) { c++; flags[i] = false; } return c; }
 * function either(flags: boolean[]) { let c = 0; for (let i = 0; i < flags.length; i++) if (flags[i] ?? true) c++; return c; }
 * const bools = { kind: 'array', element: 'bool' } as const;
 * uncheckedArrays(lowerToIR(count, [bools]), ['flags']); // → Set(1) { 'flags' }
 * uncheckedArrays(lowerToIR(either, [bools]), ['flags']); // → Set(0) {}
 * function median(xs: number[]) { const h = xs.length >> 1; return (xs[h - 1]! + xs[h]!) / 2; }
 * uncheckedArrays(lowerToIR(median, [{ kind: 'array', element: 'num' }]), ['xs']); // → Set(1) { 'xs' }
 * ```
 */
export function uncheckedArrays(module: IRModule, candidates: readonly string[]): Set<string> {
  if (candidates.length === 0 || module.functions.some((f) => regionIndex(f) !== undefined)) return new Set();
  const entry = module.functions.find((f) => f.name === module.entry);
  // a recursive call's result is used by compiled code, which assumed the number inference gave it
  let recursive = false;
  for (const f of module.functions) walkIR(f.body, { expr: (e) => { if (e.op === 'call' && e.callee === module.entry) recursive = true; } });
  let returned = entry && !recursive ? returnedValues(entry) : [];
  for (;;) {
    const checked = checkedArrays(module, new Set(returned.flatMap((r) => r.loads)));
    // a returned value that also reads a checked array could miss after an element's valueOf ran: drop it
    const kept = returned.filter((r) => [...r.arrays].every((a) => !checked.has(a)));
    if (kept.length === returned.length) return new Set(candidates.filter((name) => !checked.has(name)));
    returned = kept;
  }
}

/** The names that some read, in some function, uses otherwise than a tested or `returned` load, a store or `.length`. */
function checkedArrays(module: IRModule, returned: ReadonlySet<Expr>): Set<string> {
  const globals = new Set((module.globals ?? []).map((g) => g.name));
  const checked = new Set<string>();
  for (const f of module.functions) {
    // The candidates are the entry's names; in a callee only the module-level arrays it does not shadow.
    const entry = f.name === module.entry;
    const tested = testedLoads(f);
    const direct = new Set<Expr>();
    const counts = (name: string): boolean => entry || (globals.has(name) && !declares(f, name));
    walkIR(f.body, {
      stmt: (s) => { if (s.kind === 'store') direct.add(s.array); },
      expr: (e) => {
        if (e.op === 'length' || (e.op === 'load' && (tested.has(e) || returned.has(e)))) direct.add(e.array);
        else if (e.op === 'local' && !direct.has(e) && counts(e.name)) checked.add(e.name);
      },
    });
  }
  return checked;
}

/**
 * The entry's `number[][]` parameters whose rows are checked where a row is read (`m[i]`, {@link lazyRowSource})
 * instead of by the entry's pass over every row, under the same condition as plain arrays (the module writes
 * only locals and arrays it made, and has no parallel region): for 200,000 points that pass was a quarter of a
 * linear regression's time, a second walk over memory the loop walks anyway. The matrix must be reached only
 * through its rows and its length: handed to a function or aliased, some row could be read without the check.
 * A matrix whose rows are read inside two nested loops keeps the entry's pass: there each row is read again
 * and again (pairwise distances read row `j` once per `i`), so the pass checks each once where the reads would
 * check it thousands of times.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { lazyCheckedRows } from './lazy-elements.js';
 *
 * function sumX(ps: number[][]) { let s = 0; for (let i = 0; i < ps.length; i++) s += ps[i]![0]!; return s; }
 * function scale(ps: number[][]) { for (let i = 0; i < ps.length; i++) ps[i]![0]! *= 2; return 0; }
 * const rows = { kind: 'matrix', layout: 'nested' } as const;
 * lazyCheckedRows(lowerToIR(sumX, [rows])); // → Set(1) { 'ps' }
 * lazyCheckedRows(lowerToIR(scale, [rows])).size; // → 0
 * ```
 */
export function lazyCheckedRows(module: IRModule): ReadonlySet<string> {
  const entry = module.functions.find((f) => f.name === module.entry);
  const nested = (entry?.params ?? []).filter((p) => isNestedType(p.type)).map((p) => p.name);
  if (!entry || nested.length === 0 || module.functions.some((f) => regionIndex(f) !== undefined) || !writesOnlyLocals(module)) return new Set();
  const aliased = new Set<string>();
  walkIR(entry.body, { expr: (e) => { if (e.op === 'local') aliased.add(e.name); } });
  const reread = rowsReadInNests(entry.body, 0, new Set());
  return new Set(nested.filter((name) => !aliased.has(name) && !reread.has(name)));
}

/** Adds to `out` the matrices whose rows `stmts` read inside two or more loops, counting `depth` around them. */
function rowsReadInNests(stmts: readonly Stmt[], depth: number, out: Set<string>): Set<string> {
  walkIR(stmts, {
    intoLoops: false,
    expr: (e) => { if (e.op === 'rowOf' && depth >= 2) out.add(e.matrix); },
    stmt: (s) => {
      if (s.kind !== 'loop') return;
      const tests: Stmt[] = [s.test, s.postTest].flatMap((t) => (t ? [{ kind: 'expr', expr: t } as const] : []));
      rowsReadInNests([...tests, ...s.body, ...s.continuing], depth + 1, out);
    },
  });
  return out;
}

/**
 * The read of element `col` of `row` (a row of a `number[][]`) in a module that may hand a call over to the plain
 * function halfway (see the module comment): the element when it is a number; what JS reads at an index that is
 * not one of the row's elements (undefined, or a property there), as for plain arrays; at a hole or an element
 * of another kind, a throw of `$lazyMiss`. A row or index that is not a name is kept in a temporary (`temp`
 * makes one) so that it is evaluated once.
 *
 * @example
 * ```ts
 * import { lazyRowElement } from './lazy-elements.js';
 *
 * lazyRowElement('row', 'k', () => '$t0'); // → "(typeof ($t0 = row[k]) === 'number' ? $t0 : (k >= 0 && k < row.length && k % 1 === 0 ? $lazyMiss() : $t0))"
 * ```
 */
export function lazyRowElement(row: string, col: string, temp: () => string): string {
  const name = /^[\w$]+$/;
  const r = name.test(row) ? row : temp(), i = name.test(col) ? col : temp(), v = temp();
  const read = `${r === row ? row : `(${r} = ${row})`}[${i === col ? col : `${i} = ${col}`}]`;
  // compiled code's indices are numbers: only whether this one names an element of the row decides
  const miss = `(${i} >= 0 && ${i} < ${r}.length && ${i} % 1 === 0 ? $lazyMiss() : ${v})`;
  return `(typeof (${v} = ${read}) === 'number' ? ${v} : ${miss})`;
}

/**
 * The read of row `index` of a lazily checked `number[][]` ({@link lazyCheckedRows}): the row when it is a
 * plain array (or a typed array of numbers) no longer than compiled code's lengths, else a throw of
 * `$lazyMiss`, which the entry turns into a run of the plain function. `t` is a temporary of the function.
 *
 * @example
 * ```ts
 * import { lazyRowSource } from './lazy-elements.js';
 *
 * lazyRowSource('ps', 'i', '$t0'); // → '($isArray($t0 = ps[i]) && $t0.length <= 2147483647 || $rows($t0) ? $t0 : $lazyMiss())'
 * ```
 */
export function lazyRowSource(matrix: string, index: string, t: string): string {
  return `(${rowTest(t, `${t} = ${matrix}[${index}]`)} ? ${t} : $lazyMiss())`;
}
