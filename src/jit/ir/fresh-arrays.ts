/**
 * Arrays a function makes itself and lets nobody else see before it returns them: typed array locals that only
 * ever hold a `new Float64Array(n)` of this function, and `number[][]` locals made as
 * `Array.from({ length: n }, () => new Float64Array(m))`.
 *
 * Why it matters: a write into such an array changes nothing any other code can read while the function runs.
 * So such writes do not stop a pass that needs "no array outside the function changes here" (a row of an
 * argument cannot be one of these rows: `passes/invariant-rows.ts`), nor a compiled run that may be abandoned
 * and redone by the plain function (the array is then garbage: `js/lazy-elements.ts`).
 *
 * A local qualifies only while every use of it is an element read or write, its length, or `return` of it: an
 * alias (`let b = out`), an argument, a method's target or a store of it anywhere would let another name see
 * or change it.
 *
 * @module
 */
import type { Expr, IRFunction } from './nodes.js';
import { walkIR } from './walk.js';

/**
 * Whether `e` makes a `number[][]` of fresh typed rows: `Array.from({ length: n }, () => new Float64Array(m))`
 * (any typed array kind), the callback returning the new row and doing nothing else.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { makesTypedRows } from './fresh-arrays.js';
 *
 * const n: IR.Expr = { op: 'local', type: { kind: 'i32' }, name: 'n' };
 * const row: IR.Expr = { op: 'newArray', type: { kind: 'array', element: 'f64' }, element: 'f64', length: n };
 * makesTypedRows({ op: 'method', type: { kind: 'matrix', layout: 'nested' }, target: n, method: 'fromLength', args: [], callback: { params: [], body: [{ kind: 'return', value: row }] } }); // → true
 * makesTypedRows(row); // → false
 * ```
 */
export function makesTypedRows(e: Expr): boolean {
  const body = e.op === 'method' && e.method === 'fromLength' && e.args.length === 0 ? e.callback?.body : undefined;
  return body !== undefined && body.length === 1 && body[0]!.kind === 'return' && body[0]!.value?.op === 'newArray';
}

/**
 * The `number[][]` locals of `f` (`nested` says which names are `number[][]`) whose rows are all typed arrays
 * `f` made: declared once by {@link makesTypedRows}, never assigned, and used only through their rows, their
 * length and `return` (the IR names the matrix of a row read by name, not as a value).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { freshTypedRowMatrices } from './fresh-arrays.js';
 *
 * function table(n: number) {
 *   const t = Array.from({ length: n }, () => new Float64Array(n));
 *   for (let i = 0; i < n; i++) t[i]![i] = 1;
 *   return t;
 * }
 * const f = lowerToIR(table, [{ kind: 'i32' }]).functions.at(-1)!;
 * freshTypedRowMatrices(f, (m) => m === 't'); // → Set(1) { 't' }
 * ```
 */
export function freshTypedRowMatrices(f: IRFunction, nested: (m: string) => boolean): ReadonlySet<string> {
  const made = new Set<string>();
  const spoiled = new Set<string>();
  const returned = returnedLocals(f);
  walkIR(f.body, {
    stmt: (s) => {
      if (s.kind === 'declare' && nested(s.name)) {
        if (makesTypedRows(s.init) && !made.has(s.name)) made.add(s.name);
        else spoiled.add(s.name);
      } else if (s.kind === 'assign') spoiled.add(s.name);
    },
    // Any other use as a value (an alias, an argument, a method's target, `m[k] = row`) may change its rows.
    expr: (e) => { if (e.op === 'local' && !returned.has(e)) spoiled.add(e.name); },
  });
  return new Set([...made].filter((m) => !spoiled.has(m)));
}

/**
 * The typed array locals of `f` that only ever hold a `new <kind>Array(n)` made by `f` (every declaration and
 * assignment of them is one; parameters never qualify) and are used only as the array of an element read, an
 * element write or `.length`, or returned.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { freshTypedArrays } from './fresh-arrays.js';
 *
 * function squares(xs: Float64Array) {
 *   const out = new Float64Array(xs.length);
 *   for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * xs[i]!;
 *   return out;
 * }
 * function aliased(xs: Float64Array) {
 *   const out = new Float64Array(xs.length);
 *   const view = out;
 *   view[0] = 1;
 *   return out;
 * }
 * const f64s = [{ kind: 'array', element: 'f64' }] as const;
 * freshTypedArrays(lowerToIR(squares, [...f64s]).functions.at(-1)!); // → Set(1) { 'out' }
 * freshTypedArrays(lowerToIR(aliased, [...f64s]).functions.at(-1)!); // → Set(0) {}
 * ```
 */
export function freshTypedArrays(f: IRFunction): ReadonlySet<string> {
  const params = new Set(f.params.map((p) => p.name));
  const candidates = new Set(f.locals.filter((l) => l.type.kind === 'array' && !params.has(l.name)).map((l) => l.name));
  const spoiled = new Set<string>();
  const returned = returnedLocals(f);
  const direct = new Set<Expr>();
  walkIR(f.body, {
    stmt: (s) => {
      if (s.kind === 'declare' || s.kind === 'assign') {
        if ((s.kind === 'declare' ? s.init : s.value).op !== 'newArray') spoiled.add(s.name);
      } else if (s.kind === 'store') direct.add(s.array);
    },
    expr: (e) => {
      if (e.op === 'load' || e.op === 'length') direct.add(e.array);
      else if (e.op === 'local' && !direct.has(e) && !returned.has(e)) spoiled.add(e.name);
      // a callback's parameter of that name would be another variable: keep it simple and refuse the name
      else if (e.op === 'method') for (const name of e.callback?.params ?? []) spoiled.add(name);
    },
  });
  return new Set([...candidates].filter((name) => !spoiled.has(name)));
}

/**
 * The `local` expressions `f` itself returns as they are (`return out`); a callback's `return` hands its value
 * to the method instead (`Array.from(…, () => out)` would make it a row of another array), so it is not one.
 */
function returnedLocals(f: IRFunction): Set<Expr> {
  const returned = new Set<Expr>();
  const inCallbacks = new Set<Expr>();
  walkIR(f.body, {
    stmt: (s) => { if (s.kind === 'return' && s.value?.op === 'local') returned.add(s.value); },
    expr: (e) => {
      if (e.op === 'method' && e.callback) walkIR(e.callback.body, { stmt: (s) => { if (s.kind === 'return' && s.value) inCallbacks.add(s.value); } });
    },
  });
  for (const e of inCallbacks) returned.delete(e);
  return returned;
}
