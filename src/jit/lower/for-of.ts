/**
 * Lowering of `for…of` loops, as methods of `lower.ts`'s `Lowering` (acorn's layout: one file per concern, the
 * bodies written against `this`): over a typed array, a 2-D array's rows, a row's elements or an array of
 * objects, each becomes the one counted IR loop; `for (const i of prange(…))` becomes a counted loop marked for
 * `parallel/outline.ts`.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { typeOf, elementAV, type AV } from '../infer/lattice.js';
import { assigns } from '../passes/bounds.js';
import { BOOL, F64, I32 } from '../types.js';
import type { Expr, Loop, Stmt } from '../ir.js';
import { objectsForOf } from './objects.js';
import { prangeCall, type PrangeCall } from '../infer/prange.js';
import { markPrange } from '../parallel/loops.js';
import type { Lowering } from '../lower.js';

/**
 * The `for…of` methods of `Lowering` (`lower.ts`), which delegates `forOf` and `prange` here.
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 *
 * function total(xs: Float64Array) {
 *   let s = 0;
 *   for (const x of xs) s += x;
 *   return s;
 * }
 * const [, scope] = lowerToIR(total, [{ kind: 'array', element: 'f64' }]).functions[0]!.body;
 * // a counted loop in its own scope: $n = xs.length; $i = 0; loop ($i < $n) { x = xs[$i]; … }
 * scope!.kind === 'if' && scope!.then.map((s) => s.kind); // → [ 'declare', 'declare', 'loop' ]
 * ```
 */
export const forOfRules = {
  forOf(this: Lowering, s: Node, out: Stmt[]): void {
    const range = prangeCall(s.right, (id) => this.t.refs.has(id), (m, at, c) => this.fail(m, at, c));
    if (range) {
      const decl = (s.left.declarations as Node[])[0]!;
      return this.prange(decl.id, s.left.kind, range, s.body, s, out);
    }
    const iterable = this.expr(s.right);
    const t = iterable.type;
    const pre: Stmt[] = [];
    // JS evaluates the iterable once: a variable reassigned in the body must not change what the loop walks
    const right = s.right as Node;
    const rebound = iterable.op === 'local' && t.kind !== 'matrix' && right.type === 'Identifier' && assigns(s.body, this.binding(right), this.t);
    let source = this.once(iterable, pre, 'it');
    if (rebound) {
      const name = this.temp('it', t);
      pre.push({ kind: 'declare', name, init: iterable });
      source = { op: 'local', type: t, name };
    }
    const n = this.temp('n', I32);
    const i = this.temp('i', I32);
    const index: Expr = { op: 'local', type: I32, name: i };
    let length: Expr;
    let item: Expr;
    if (t.kind === 'array') {
      length = { op: 'length', type: I32, array: source };
      item = { op: 'load', type: typeOf(elementAV(t.element)), element: t.element, array: source, index };
    } else if (t.kind === 'matrix') {
      if (source.op !== 'local') this.fail('iterate a 2-D array held in a variable', s.right, 'for…of loop');
      length = { op: 'rows', type: I32, matrix: source.name };
      item = { op: 'rowOf', type: { kind: 'row', matrix: source.name, nullable: false }, matrix: source.name, index, inBounds: true };
    } else if (t.kind === 'row') {
      length = { op: 'cols', type: I32, matrix: t.matrix, ...(isNestedRow(this.avAt(right)) ? { of: source } : {}) };
      item = { op: 'rowGet', type: F64, matrix: t.matrix, row: source, col: index };
    } else if (t.kind === 'objects') {
      ({ length, item } = objectsForOf(source, index)!);
    } else {
      return this.fail('for…of needs a typed array, a 2-D array or a row', s.right, 'for…of loop');
    }
    pre.push({ kind: 'declare', name: n, init: length });
    pre.push({ kind: 'declare', name: i, init: { op: 'const', type: I32, value: 0 } });
    const decl = (s.left.declarations as Node[])[0]!;
    const body: Stmt[] = [];
    this.bind(decl.id, item, body, s.left.kind === 'var', decl);
    body.push(...this.body(s.body));
    const test: Expr = { op: 'compare', type: BOOL, operator: 'lt', left: index, right: { op: 'local', type: I32, name: n } };
    const step: Stmt = { kind: 'assign', name: i, value: { op: 'binary', type: I32, operator: 'add', left: index, right: { op: 'const', type: I32, value: 1 } } };
    pre.push({ kind: 'loop', test, body, continuing: [step], postTest: null });
    out.push({ kind: 'if', cond: { op: 'const', type: BOOL, value: true }, then: pre, else: [] });
  },

  /**
   * `for (const i of prange(…))`: a counted loop over a temporary counter (start and stop evaluated once, as
   * the plain `prange` call does), marked for `parallel/outline.ts`, which turns it into a parallel region.
   */
  prange(this: Lowering, id: Node, kind: string, range: PrangeCall, loopBody: Node, s: Node, out: Stmt[]): void {
    if (id.type !== 'Identifier') this.fail('the loop variable of prange is a plain name: for (const i of prange(n))', id, 'prange loop');
    const b = this.binding(id);
    const type = this.bindingType(b);
    const pre: Stmt[] = [];
    const start: Expr = range.start ? this.coerce(this.expr(range.start), type, range.start) : { op: 'const', type, value: 0 };
    const first = this.once(start, pre, 'ps');
    const last = this.once(this.expr(range.stop), pre, 'pe');
    const counter = this.temp('pk', type);
    const k: Expr = { op: 'local', type, name: counter };
    pre.push({ kind: 'declare', name: counter, init: first });
    const body: Stmt[] = [];
    this.bind(id, k, body, kind === 'var', id);
    body.push(...this.body(loopBody));
    const step: Expr = { op: 'binary', type, operator: 'add', left: k, right: { op: 'const', type, value: range.step } };
    const loop: Loop = { kind: 'loop', test: this.compare(range.step > 0 ? 'lt' : 'gt', k, last, range.node), body, continuing: [{ kind: 'assign', name: counter, value: step }], postTest: null };
    const { source, name, origin } = this.t.parsed;
    markPrange(loop, { counter, variable: b.unique, first, last, step: range.step, span: { start: s.start, end: s.end }, source, functionName: name || undefined, origin });
    pre.push(loop);
    out.push({ kind: 'if', cond: { op: 'const', type: BOOL, value: true }, then: pre, else: [] });
  },
};

/**
 * A row of a `number[][]`, held as the row object itself: its length is its own (js/nested.ts).
 *
 * @example
 * ```ts
 * import { isNestedRow } from './for-of.js';
 *
 * // `row.length` reads the row itself:
 * isNestedRow({ k: 'row', matrix: 'rows', layout: 'nested', nullable: false }); // → true
 * isNestedRow({ k: 'row', matrix: 'm', layout: 'array2d', nullable: false }); // → false
 * ```
 */
export function isNestedRow(av: AV | undefined): boolean {
  return av?.k === 'row' && av.layout === 'nested';
}
