/**
 * The one owner of bounds facts: which matrix accesses are proved in range, so that a backend may emit them
 * without a check. Facts come from three places, each asked through this module:
 *
 * - lowering's loop proofs ({@link RowBoundProofs}): `for (…; i < points.length; …)` with `i` never assigned in
 *   the body proves `i < rows(points)` there, and with inference's range `i >= 0`, `points[i]` is a valid row;
 * - loop facts ({@link loopBounds}): what a counted loop implies about the indices of its body (the counter stays
 *   in `[start, n)`, a local the loop never assigns is invariant), as conditions to test once before the loop;
 *   the versioning pass (`passes/hoist.ts`) asks them and marks the reads it proved on the IR node (`inBounds`);
 * - the JS entry's prologue ({@link constantColumnGuards}): a constant column `m[i][2]` of a parameter matrix
 *   is checked once on entry (`cols > 2`, else the plain function runs) instead of at every read.
 *
 * Every reader ({@link rowReadProved}, `js/codegen.ts`, the Wasm and WGSL emitters through `inBounds`) reads
 * the facts, and none decides them again.
 *
 * Typed-array elements (`xs[i + 1]`, `u[i * m + j]`) have their own facts in `typed-bounds.ts`, asked by the
 * Wasm backend, which must otherwise check every access.
 *
 * Over 400 lines, with a reason: it is the one owner of bounds facts (issue 10), so every proof the passes and
 * backends query lives here; 157 of its lines are comments and examples.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { Binding, Typing } from '../infer/scope.js';
import { forEachExpr, walkIR, type Expr, type Loop, type Stmt } from '../ir.js';
import { BOOL, F64, I32, type Type } from '../types.js';

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

// ------------------------------------------------------------------------------- loop facts (versioning)

/**
 * What one loop implies about the int32 indices its body uses, for loop versioning (`passes/hoist.ts`) and any
 * backend that wants the same answer: under which conditions, evaluated once before the loop, an index stays
 * in `[0, limit)` at every iteration. Made by {@link loopBounds}, whose example calls each method; `note` takes
 * the body's statements in order (`const jj = j + 1` shares the counter's facts).
 */
export interface LoopBounds {
  /**
   * Run-time conditions (evaluated just before the loop) under which `0 <= index < limit` at every iteration
   * of the body; `[]` when that always holds, `undefined` when this loop cannot tell.
   */
  conditionsFor(index: Expr, limit: Expr): Expr[] | undefined;
  /** Whether `index` is a constant (its check does not vary with the loop at all). */
  isConstant(index: Expr): boolean;
  /** Takes note of a statement of the body, in order: a local declared once as `counter + k` shares the counter's facts. */
  note(s: Stmt): void;
}

/** What a counted loop guarantees about its counter inside the body: `start <= j` and `j < bound` (or `<=`). */
interface Counter {
  readonly name: string;
  /** The counter's value on entry when it is a constant set just before the loop. */
  readonly start: number | undefined;
  readonly bounds: ReadonlyArray<{ readonly bound: Expr; readonly strict: boolean }>;
}

/** An index of the form `base + k`: the loop counter, a loop-invariant int32 local, or nothing (a constant). */
interface Affine {
  readonly base: { readonly kind: 'counter' } | { readonly kind: 'invariant'; readonly local: Expr } | { readonly kind: 'const' };
  readonly k: number;
}

/** The facts of one loop, for deciding which checks its body can skip. */
interface LoopFacts {
  readonly counter: Counter | undefined;
  /** How often the loop (re)declares or assigns each local, nested loops included: those are not invariant. */
  readonly writes: ReadonlyMap<string, number>;
  /** Locals the body declares once as `counter + k` and never assigns. */
  readonly derived: Map<string, number>;
}

/**
 * The bounds facts of `loop`; `previous` is the statement just before it (a constant start of the counter) and
 * `types` the function's locals and parameters.
 *
 * @example
 * ```ts
 * import { lowerToIR, type IR } from 'numbat/internals';
 * import { loopBounds } from './bounds.js';
 * import { I32, type Type } from '../types.js';
 *
 * function total(xs: Float64Array, n: number) {
 *   let s = 0;
 *   for (let j = 0; j < n; j++) s += xs[j]!;
 *   return s;
 * }
 * const f = lowerToIR(total, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]).functions[0]!;
 * // the `for` statement's own scope holds `let j = 0` and the loop
 * const scope = (f.body.find((s) => s.kind === 'if') as Extract<IR.Stmt, { kind: 'if' }>).then;
 * const at = scope.findIndex((s) => s.kind === 'loop');
 * const types = new Map<string, Type>([...f.params, ...f.locals].map((v) => [v.name, v.type]));
 * const facts = loopBounds(scope[at] as IR.Loop, scope[at - 1], types);
 * const j: IR.Expr = { op: 'local', type: I32, name: (scope[at - 1] as Extract<IR.Stmt, { kind: 'declare' }>).name };
 * facts.conditionsFor(j, { op: 'local', type: I32, name: 'n' }); // → []
 * // against 10, one condition to test before the loop (n <= 10):
 * facts.conditionsFor(j, { op: 'const', type: I32, value: 10 })?.length; // → 1
 * facts.isConstant({ op: 'const', type: I32, value: 3 }); // → true
 * ```
 */
export function loopBounds(loop: Loop, previous: Stmt | undefined, types: ReadonlyMap<string, Type>): LoopBounds {
  const writes = new Map<string, number>();
  walkIR([...loop.body, ...loop.continuing], {
    stmt: (s) => {
      if (s.kind === 'declare' || s.kind === 'assign') writes.set(s.name, (writes.get(s.name) ?? 0) + 1);
    },
  });
  const facts: LoopFacts = { counter: counterOf(loop, previous, writes, types), writes, derived: new Map() };
  return {
    conditionsFor: (index, limit) => conditionsFor(index, limit, facts, types),
    isConstant: (index) => affineOf(index, facts, types)?.base.kind === 'const',
    note: (s) => {
      if (s.kind === 'declare' && writes.get(s.name) === 1 && types.get(s.name)?.kind === 'i32') {
        const a = affineOf(s.init, facts, types);
        if (a?.base.kind === 'counter') facts.derived.set(s.name, a.k);
      }
    },
  };
}

/**
 * `for (…; j < n; j += c)` with `c` a positive constant, `j` an int32 assigned nowhere else in the loop and
 * `n` loop-invariant. The test may be a conjunction; every `j < n` / `j <= n` conjunct bounds `j`.
 */
function counterOf(loop: Loop, previous: Stmt | undefined, writes: ReadonlyMap<string, number>, types: ReadonlyMap<string, Type>): Counter | undefined {
  if (loop.test === null) return undefined;
  const step = loop.continuing.find((s) => s.kind === 'assign' && isIncrement(s.name, s.value));
  if (!step || step.kind !== 'assign' || types.get(step.name)?.kind !== 'i32') return undefined;
  const name = step.name;
  // `j` changes only by that step: written once in `continuing` and nowhere in the body.
  if (writes.get(name) !== 1) return undefined;
  const bounds: Array<{ bound: Expr; strict: boolean }> = [];
  for (const c of conjuncts(loop.test)) {
    if (c.op !== 'compare') continue;
    const isJ = (e: Expr): boolean => e.op === 'local' && e.name === name;
    let bound: Expr | undefined;
    let strict = false;
    if (isJ(c.left) && (c.operator === 'lt' || c.operator === 'le')) [bound, strict] = [c.right, c.operator === 'lt'];
    else if (isJ(c.right) && (c.operator === 'gt' || c.operator === 'ge')) [bound, strict] = [c.left, c.operator === 'gt'];
    // An int32 bound keeps `n + k` exact in the conditions (a fractional f64 bound could round).
    if (bound && bound.type.kind === 'i32' && isInvariant(bound, writes)) bounds.push({ bound: dimensionsOnly(bound), strict });
  }
  if (bounds.length === 0) return undefined;
  let start: number | undefined;
  if ((previous?.kind === 'declare' || previous?.kind === 'assign') && previous.name === name) {
    const init = previous.kind === 'declare' ? previous.init : previous.value;
    if (init.op === 'const' && typeof init.value === 'number') start = init.value;
  }
  return { name, start, bounds };
}

/** See {@link LoopBounds.conditionsFor}. */
function conditionsFor(index: Expr, limit: Expr, facts: LoopFacts, types: ReadonlyMap<string, Type>): Expr[] | undefined {
  const a = affineOf(index, facts, types);
  if (!a) return undefined;
  const { k } = a;
  switch (a.base.kind) {
    case 'const':
      return k >= 0 ? [compare('lt', constant(k), limit)] : undefined;
    case 'invariant':
      // x + k >= 0 as x >= -k in int32 (|k| < 2^31); x + k < limit in f64, exact for int32 x and k
      return [compare('ge', a.base.local, constant(-k)), compare('lt', plus(a.base.local, k), limit)];
    case 'counter': {
      const counter = facts.counter!;
      const out: Expr[] = [];
      if (counter.start !== undefined) {
        if (counter.start + k < 0) return undefined;
      } else out.push(compare('ge', { op: 'local', type: I32, name: counter.name }, constant(-k)));
      // j < n implies j + k < limit when n + k <= limit; j <= n when n + k < limit.
      const implied = counter.bounds.find((b) => sameValue(b.bound, limit) && (b.strict ? k <= 0 : k < 0));
      if (implied) return out;
      const { bound, strict } = counter.bounds[0]!;
      out.push(compare(strict ? 'le' : 'lt', plus(bound, k), limit));
      return out;
    }
  }
}

// --------------------------------------------------------------------------------------------- index shapes

/** `index` as `base + k` with an integer `k`, when it has that shape over int32 values. */
function affineOf(e: Expr, facts: LoopFacts, types: ReadonlyMap<string, Type>): Affine | undefined {
  switch (e.op) {
    case 'const':
      return typeof e.value === 'number' && isSmallInt(e.value) ? { base: { kind: 'const' }, k: e.value } : undefined;
    case 'local': {
      if (facts.counter?.name === e.name) return { base: { kind: 'counter' }, k: 0 };
      const d = facts.derived.get(e.name);
      if (d !== undefined) return { base: { kind: 'counter' }, k: d };
      if (!facts.writes.has(e.name) && types.get(e.name)?.kind === 'i32' && e.type.kind === 'i32') return { base: { kind: 'invariant', local: e }, k: 0 };
      return undefined;
    }
    case 'convert':
      return affineOf(e.arg, facts, types);
    case 'binary': {
      if (e.operator !== 'add' && e.operator !== 'sub') return undefined;
      const l = affineOf(e.left, facts, types);
      const r = affineOf(e.right, facts, types);
      if (!l || !r) return undefined;
      let sum: Affine | undefined;
      if (r.base.kind === 'const') sum = { base: l.base, k: e.operator === 'add' ? l.k + r.k : l.k - r.k };
      else if (l.base.kind === 'const' && e.operator === 'add') sum = { base: r.base, k: l.k + r.k };
      return sum && isSmallInt(sum.k) ? sum : undefined;
    }
    default:
      return undefined;
  }
}

const isSmallInt = (v: number): boolean => Number.isInteger(v) && Math.abs(v) < 2 ** 31;

/**
 * `j = j + c` (or `c + j`) with `c` a positive int32 constant: a counter's step, for this file's loop facts and
 * `typed-bounds.ts`'s.
 *
 * @example
 * ```ts
 * import { isIncrement } from './bounds.js';
 *
 * const j = { op: 'local', type: { kind: 'i32' }, name: 'j' } as const;
 * isIncrement('j', { op: 'binary', operator: 'add', type: { kind: 'i32' }, left: j, right: { op: 'const', type: { kind: 'i32' }, value: 2 } }); // → true
 * ```
 */
export function isIncrement(name: string, value: Expr): boolean {
  if (value.op !== 'binary' || value.operator !== 'add' || value.type.kind !== 'i32') return false;
  const isJ = (e: Expr): boolean => e.op === 'local' && e.name === name;
  const isStep = (e: Expr): boolean => e.op === 'const' && typeof e.value === 'number' && e.value > 0;
  return (isJ(value.left) && isStep(value.right)) || (isStep(value.left) && isJ(value.right));
}

/** An expression with no effect that cannot throw and yields the same value anywhere in the loop. */
function isInvariant(e: Expr, writes: ReadonlyMap<string, number>): boolean {
  switch (e.op) {
    case 'const': case 'rows': case 'cols':
      return true;
    case 'local':
      return !writes.has(e.name);
    case 'length':
      return e.array.op === 'local' && !writes.has(e.array.name);
    case 'convert':
      return isInvariant(e.arg, writes);
    case 'binary':
      return (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul') && isInvariant(e.left, writes) && isInvariant(e.right, writes);
    default:
      return false;
  }
}

/**
 * `e` without the rows `row.length` reads for their checks: the loop's own test still performs those checks
 * at every iteration, and the number of columns does not depend on the row.
 */
function dimensionsOnly(e: Expr): Expr {
  switch (e.op) {
    case 'rows': case 'cols': return e.of ? { op: e.op, type: e.type, matrix: e.matrix } : e;
    case 'convert': return { ...e, arg: dimensionsOnly(e.arg) };
    case 'binary': return { ...e, left: dimensionsOnly(e.left), right: dimensionsOnly(e.right) };
    default: return e;
  }
}

function sameValue(a: Expr, b: Expr): boolean {
  if ((a.op === 'rows' || a.op === 'cols') && b.op === a.op) return a.matrix === b.matrix;
  if (a.op === 'local' && b.op === 'local') return a.name === b.name;
  return a.op === 'convert' ? sameValue(a.arg, b) : false;
}

function conjuncts(e: Expr): Expr[] {
  return e.op === 'logical' && e.operator === 'and' && e.type.kind === 'bool' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

// ---------------------------------------------------------------------------------------- building conditions

const constant = (value: number): Expr => ({ op: 'const', type: I32, value: value === 0 ? 0 : value });

/** `e + k`: `e` itself for k = 0, else in f64 (int32 operands: exact, and no int32 overflow to prove). */
function plus(e: Expr, k: number): Expr {
  if (k === 0) return e;
  const wide: Expr = e.type.kind === 'i32' ? { op: 'convert', type: F64, arg: e } : e;
  return { op: 'binary', type: F64, operator: 'add', left: wide, right: { op: 'const', type: F64, value: k } };
}

/** A comparison, widening an int32 side to f64 when the other is f64 (the IR compares equal types). */
function compare(operator: 'lt' | 'le' | 'ge', left: Expr, right: Expr): Expr {
  const widen = (e: Expr): Expr => (e.type.kind === 'i32' ? { op: 'convert', type: F64, arg: e } : e);
  const mixed = left.type.kind !== right.type.kind;
  return { op: 'compare', type: BOOL, operator, left: mixed ? widen(left) : left, right: mixed ? widen(right) : right };
}
