/**
 * The one owner of bounds facts: which matrix accesses are proved in range, so that a backend may emit them
 * without a check. Facts come from three places, each asked through this module:
 *
 * - lowering's loop proofs ({@link RowBoundProofs}): `for (…; i < points.length; …)` with `i` never assigned in
 *   the body proves `i < rows(points)` there, and with inference's range `i >= 0`, `points[i]` is a valid row;
 * - the versioning pass (`passes/hoist.ts`), which asks once before a loop what the loop implies and marks the
 *   reads it proved, on the IR node itself (`inBounds`);
 * - the JS entry's prologue ({@link constantColumnGuards}): a constant column `m[i][2]` of a parameter matrix
 *   is checked once on entry (`cols > 2`, else the plain function runs) instead of at every read.
 *
 * Every reader ({@link rowReadProved}, `js/codegen.ts`, the Wasm and WGSL emitters through `inBounds`) reads
 * the facts, and none decides them again.
 *
 * Typed-array elements (`xs[i + 1]`, `u[i * m + j]`) have their own facts in `typed-bounds.ts`, asked by the
 * Wasm backend, which must otherwise check every access.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { Binding, Typing } from '../infer/scope.js';
import { forEachExpr, type Expr, type Stmt } from '../ir.js';

/** A loop fact: `binding < rows(matrix)` throughout the body being lowered. */
interface RowBound {
  readonly binding: Binding;
  readonly matrix: string;
}

/**
 * Lowering's row-bound proofs, a stack of loop facts that hold in the body being lowered.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from '../infer/scope.js';
 * import { inferFunction } from '../infer/specialize.js';
 * import { RowBoundProofs } from './bounds.js';
 *
 * const f = parseFunction('function sums(points, out) { for (let i = 0; i < points.length; i++) out[i] = points[i][0] + points[i][1]; }');
 * const typing = inferFunction(f, [{ kind: 'matrix', layout: 'nested' }, { kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * const loop = f.body.body[0];
 * const i = loop.body.expression.right.left.object.property; // the `i` of `points[i]`
 * const proofs = new RowBoundProofs();
 * proofs.proves(typing, i, 'points'); // → false
 * // While lowering the body (lowering passes its own callback), `0 <= i < points.length` holds:
 * proofs.within(typing, loop.test, loop.body, () => proofs.proves(typing, i, 'points')); // → true
 * ```
 */
export class RowBoundProofs {
  private readonly facts: RowBound[] = [];

  /**
   * Runs `lower` with the facts the loop `test` proves of `body` (rows cannot change during a call); `t` is
   * inference's typing of the function, which gives bindings and ranges of identifiers.
   */
  within<T>(t: Typing, test: Node | null, body: Node, lower: () => T): T {
    const fact = test ? rowBoundOf(t, test, body) : undefined;
    if (fact) this.facts.push(fact);
    try {
      return lower();
    } finally {
      if (fact) this.facts.pop();
    }
  }

  /** Whether `index` (an identifier) is proved to be a valid row of `matrix` here. */
  proves(t: Typing, index: Node, matrix: string): boolean {
    if (index.type !== 'Identifier') return false;
    const b = t.refs.get(index);
    const v = t.values.get(index);
    if (!b || v?.k !== 'num' || !v.int || v.lo < 0) return false;
    return this.facts.some((f) => f.binding === b && f.matrix === matrix);
  }
}

/** The fact a loop test gives about its body: `i < m.length` (or `m.rows`), alone or in a conjunction. */
function rowBoundOf(t: Typing, test: Node, body: Node): RowBound | undefined {
  if (test.type === 'LogicalExpression' && test.operator === '&&') return rowBoundOf(t, test.left, body) ?? rowBoundOf(t, test.right, body);
  if (test.type !== 'BinaryExpression' || test.operator !== '<' || test.left.type !== 'Identifier') return undefined;
  const right = test.right as Node;
  if (right.type !== 'MemberExpression' || right.computed || right.object.type !== 'Identifier') return undefined;
  const prop = right.property.name as string;
  const m = t.refs.get(right.object);
  if (!m || m.value?.k !== 'matrix' || !(prop === 'length' || (prop === 'rows' && m.value.layout === 'array2d'))) return undefined;
  const b = t.refs.get(test.left);
  if (!b || assigns(body, b, t)) return undefined;
  return { binding: b, matrix: m.unique };
}

/**
 * Whether any assignment or update in `node` targets the binding `b` (a loop fact about `b` holds only if not).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from '../infer/scope.js';
 * import { inferFunction } from '../infer/specialize.js';
 * import { assigns } from './bounds.js';
 *
 * const f = parseFunction('function total(xs) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]; return s; }');
 * const typing = inferFunction(f, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * const loop = f.body.body[1];
 * const i = typing.bindings.find((b) => b.name === 'i')!;
 * assigns(loop.body, i, typing); // → false
 * assigns(loop.update, i, typing); // → true
 * ```
 */
export function assigns(node: Node, b: Binding, t: Typing): boolean {
  return assignedIds(node).some((n) => t.refs.get(n) === b || t.decls.get(n) === b);
}

const assignedCache = new WeakMap<Node, readonly Node[]>();

/** The identifiers assigned or updated anywhere in `node`, once per node (ASTs are cached and never changed). */
function assignedIds(node: Node): readonly Node[] {
  const cached = assignedCache.get(node);
  if (cached) return cached;
  const out: Node[] = [];
  const targets = (n: Node | null): void => {
    if (!n) return;
    if (n.type === 'Identifier') out.push(n);
    if (n.type === 'ArrayPattern') (n.elements as (Node | null)[]).forEach(targets);
  };
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as Node;
    if (typeof node.type !== 'string') return;
    if (node.type === 'AssignmentExpression') targets(node.left);
    if (node.type === 'UpdateExpression') targets(node.argument);
    if (node.type === 'ForOfStatement' && node.left.type !== 'VariableDeclaration') targets(node.left);
    for (const key in node) {
      const value: unknown = node[key];
      if (key !== 'type' && value && typeof value === 'object') visit(value);
    }
  };
  visit(node);
  assignedCache.set(node, out);
  return out;
}

/**
 * The constant columns an entry reads of its own matrices, the largest per matrix: checked once in the prologue
 * (`cols > k`, else the plain function runs) instead of at every read. `isParam(m)` says whether `m` is a packed
 * matrix parameter of the entry (a nested `number[][]` is read in place and checked per read).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import { constantColumnGuards } from './bounds.js';
 *
 * function sums(points: number[][], out: Float64Array) {
 *   for (let i = 0; i < points.length; i++) out[i] = points[i]![0]! + points[i]![1]!;
 * }
 * const body = lowerToIR(sums, [{ kind: 'matrix', layout: 'nested' }, { kind: 'array', element: 'f64' }]).functions.at(-1)!.body;
 * // One check at entry that every row has at least 2 columns proves both reads:
 * constantColumnGuards(body, (matrix) => matrix === 'points'); // → Map(1) { 'points' => 1 }
 * ```
 */
export function constantColumnGuards(body: readonly Stmt[], isParam: (matrix: string) => boolean): Map<string, number> {
  const guards = new Map<string, number>();
  forEachExpr(body, (e) => {
    if (e.op === 'rowGet' && e.col.op === 'const' && typeof e.col.value === 'number' && Number.isInteger(e.col.value) && e.col.value >= 0) {
      if (isParam(e.matrix)) guards.set(e.matrix, Math.max(guards.get(e.matrix) ?? -1, e.col.value));
    }
  });
  return guards;
}

/**
 * Whether a row element read needs no column check: proved by lowering or versioning (`inBounds`), or a
 * constant column the prologue checked (`guards`, from {@link constantColumnGuards}).
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { rowReadProved } from './bounds.js';
 *
 * // `row[c]` of a row of `points`:
 * const column = (c: number): Extract<IR.Expr, { op: 'rowGet' }> => ({
 *   op: 'rowGet', type: { kind: 'f64' }, matrix: 'points', row: { op: 'local', type: { kind: 'f64' }, name: 'row' }, col: { op: 'const', type: { kind: 'i32' }, value: c },
 * });
 * const guards = new Map([['points', 1]]); // every row has columns 0 and 1
 * rowReadProved(column(1), guards); // → true
 * rowReadProved(column(2), guards); // → false
 * ```
 */
export function rowReadProved(e: Extract<Expr, { op: 'rowGet' }>, guards: ReadonlyMap<string, number>): boolean {
  return e.inBounds === true || (e.col.op === 'const' && typeof e.col.value === 'number' && (guards.get(e.matrix) ?? -1) >= e.col.value && e.col.value >= 0);
}
