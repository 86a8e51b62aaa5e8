/**
 * Bounds facts for typed-array elements (`xs[i]`, `out[i] = v`), the flat counterpart of `bounds.ts`'s matrix
 * rows: which element reads and stores of a loop's body are in range at every iteration, and under which
 * conditions, asked once before the loop. The JS backend needs none of it (an out-of-range read is JS's own
 * `undefined`); a backend that must check every access (Wasm: a trap, then the JS backend reruns the call) asks
 * this module and emits the proved accesses unchecked.
 *
 * An index qualifies when it is `j + t₁ ± t₂ … + k`: `j` the loop's counter or absent, each `t` an int32 term
 * the loop never changes (a local it does not assign, a length, products of those), `k` an integer. The
 * counter of a counted loop `for (…; j < n; j += c)` (`c > 0`, `j` an int32 assigned only by that step, `n` an
 * int32 the loop does not change) takes values in `[s, n)` where `s` is its value before the loop, and only
 * grows. So `0 <= j + T + k < length` holds at every iteration when, before the loop,
 * `j + T + k >= 0` and `n + T + k <= length` (`n + T + k < length` for `j <= n`). Without a counter, both ends
 * are asked of `T + k` itself. The conditions read only locals, constants and lengths: no effect, no exception,
 * and evaluated in doubles (int32 terms: exact sums, no overflow to prove).
 *
 * A backend runs the loop in two versions, `if (conditions) { proved accesses unchecked } else { the loop as
 * before }`, so a loop whose conditions fail behaves exactly as it did (checked at each access).
 *
 * @module
 */
import { walkIR, type Expr, type Loop, type Stmt } from '../ir.js';
import { BOOL, F64, I32 } from '../types.js';
import { isIncrement } from './bounds.js';

/**
 * What a loop proves about the element accesses directly in its body (not those of nested loops, which are
 * their own loops' business).
 *
 * @example
 * ```ts
 * import { lowerToIR } from 'numbat/internals';
 * import type { Loop } from '../ir.js';
 * import { elementBounds } from './typed-bounds.js';
 *
 * function smooth(u: Float64Array, out: Float64Array) {
 *   for (let i = 1; i < u.length - 1; i++) out[i] = (u[i - 1]! + u[i + 1]!) / 2;
 * }
 * const f = lowerToIR(smooth, [{ kind: 'array', element: 'f64' }, { kind: 'array', element: 'f64' }]).functions[0]!;
 * const block = f.body.find((s) => s.kind === 'if')!;
 * const [init, loop] = block.kind === 'if' ? block.then : [];
 * const facts = elementBounds(loop as Loop, init);
 * // both reads, and the store once `u.length - 1 <= out.length` is checked:
 * facts.proved.size; // → 3
 * facts.conditions.length; // → 1
 * ```
 */
export interface ElementBounds {
  /**
   * The `load` expressions and `store` statements of the body proved in range (under `conditions`), and the
   * `declare`s of locals such an access uses as its index (their values are then int32s in range as well).
   */
  readonly proved: ReadonlySet<object>;
  /** Boolean IR expressions to evaluate once, just before the loop; `[]` when the facts hold by construction. */
  readonly conditions: readonly Expr[];
  /** Those of `proved` that need no condition: unchecked in both versions of the loop. */
  readonly always: ReadonlySet<object>;
}

/** A counted loop's counter: its name and the bounds its test gives (`j < n` strict, `j <= n` not). */
interface Counter {
  readonly name: string;
  /** Its value on entry when a constant assigned just before the loop (`let j = 1`). */
  readonly start: number | undefined;
  readonly bounds: ReadonlyArray<{ readonly bound: Expr; readonly strict: boolean }>;
}

/** An index as `counter? + Σ ±terms + k`. */
interface Affine {
  readonly counter: boolean;
  readonly terms: ReadonlyArray<{ readonly e: Expr; readonly sign: 1 | -1 }>;
  readonly k: number;
  /** Conditions that keep the sum exact in doubles: each product of int32s within ±2^31. */
  readonly guards: readonly Expr[];
}

/** Locals the body declares once, before the access, as an affine index (`const k = i * m + j`). */
type Derived = ReadonlyMap<string, Affine>;

/** Loops larger than this (IR nodes) are not analysed: the backend would copy them, and the checks are cheap next to such bodies. */
const MAX_NODES = 4000;
const NONE: ElementBounds = { proved: new Set(), conditions: [], always: new Set() };

/**
 * The element accesses of `loop`'s body proved in range, and the conditions that prove them; `previous` is the
 * statement just before the loop (where `let j = 0` sets the counter's start). A backend emits
 * `if (conditions) { loop, proved accesses unchecked } else { loop }`; {@link ElementBounds}'s example calls it.
 */
export function elementBounds(loop: Loop, previous: Stmt | undefined): ElementBounds {
  if (loop.test === null || loop.postTest !== null) return NONE;
  const writes = new Map<string, number>();
  let nodes = 0;
  walkIR([...loop.body, ...loop.continuing], {
    expr: () => void nodes++,
    stmt: (s) => {
      nodes++;
      if (s.kind === 'declare' || s.kind === 'assign') writes.set(s.name, (writes.get(s.name) ?? 0) + 1);
    },
  });
  if (nodes > MAX_NODES) return NONE;
  const counter = counterOf(loop, previous, writes);
  const proved = new Set<object>();
  const conditions = new Map<string, Expr>();
  const derived = new Map<string, Affine>();
  const declares = new Map<string, Stmt>();
  const always = new Set<object>();
  const consider = (node: object, array: Expr, index: Expr): void => {
    if (array.op !== 'local' || writes.has(array.name)) return;
    const a = affineOf(index, counter, writes, derived);
    if (!a) return;
    const needs = conditionsFor(a, counter, { op: 'length', type: I32, array });
    if (!needs) return;
    proved.add(node);
    if (needs.length === 0 && a.guards.length === 0) always.add(node);
    // `const k = i * m + j; out[k] = …`: k is in range at every iteration, so its declaration is an exact int32 too
    if (index.op === 'local' && declares.has(index.name)) {
      proved.add(declares.get(index.name)!);
      if (always.has(node)) always.add(declares.get(index.name)!);
    }
    for (const c of [...a.guards, ...needs]) conditions.set(JSON.stringify(c), c);
  };
  // In body order, so a local declared as an index is known at the accesses after its declaration, in the
  // same iteration (a read before it would see the last iteration's value).
  for (const top of loop.body) {
    walkIR([top], {
      intoLoops: false,
      expr: (e) => { if (e.op === 'load') consider(e, e.array, e.index); },
      stmt: (s) => { if (s.kind === 'store') consider(s, s.array, s.index); },
    });
    if (top.kind === 'declare' && writes.get(top.name) === 1) {
      const a = affineOf(top.init, counter, writes, derived);
      if (a) {
        derived.set(top.name, a);
        declares.set(top.name, top);
      }
    }
  }
  return proved.size ? { proved, conditions: [...conditions.values()], always } : NONE;
}

/** `for (…; j < n; j += c)`: `c` a positive int32 constant, `j` int32 and written only by that step. */
function counterOf(loop: Loop, previous: Stmt | undefined, writes: ReadonlyMap<string, number>): Counter | undefined {
  const step = loop.continuing.find((s) => s.kind === 'assign' && isIncrement(s.name, s.value));
  if (!step || step.kind !== 'assign' || writes.get(step.name) !== 1) return undefined;
  const name = step.name;
  const bounds: Array<{ bound: Expr; strict: boolean }> = [];
  for (const c of conjuncts(loop.test!)) {
    if (c.op !== 'compare') continue;
    const isJ = (e: Expr): boolean => (e.op === 'convert' ? isJ(e.arg) : e.op === 'local' && e.name === name && e.type.kind === 'i32');
    let found: { bound: Expr; strict: boolean } | undefined;
    if (isJ(c.left) && (c.operator === 'lt' || c.operator === 'le')) found = { bound: c.right, strict: c.operator === 'lt' };
    else if (isJ(c.right) && (c.operator === 'gt' || c.operator === 'ge')) found = { bound: c.left, strict: c.operator === 'gt' };
    if (found && exactInvariant(found.bound, writes)) bounds.push(found);
  }
  if (bounds.length === 0) return undefined;
  let start: number | undefined;
  if ((previous?.kind === 'declare' || previous?.kind === 'assign') && previous.name === name) {
    const init = previous.kind === 'declare' ? previous.init : previous.value;
    if (init.op === 'const' && typeof init.value === 'number' && Number.isInteger(init.value)) start = init.value;
  }
  return { name, start, bounds };
}

/** An int32 expression with no effect and no exception whose value the loop cannot change. */
function invariant(e: Expr, writes: ReadonlyMap<string, number>): boolean {
  if (e.type.kind !== 'i32') return false;
  switch (e.op) {
    case 'const': return true;
    case 'local': return !writes.has(e.name);
    // a typed array's length never changes, and the loop does not point the local elsewhere
    case 'length': return e.array.op === 'local' && !writes.has(e.array.name);
    case 'binary': return (e.operator === 'add' || e.operator === 'sub' || e.operator === 'mul') && invariant(e.left, writes) && invariant(e.right, writes);
    default: return false;
  }
}

/**
 * An invariant whose double value is an exact sum of int32 parts (`m - 1` with `m` an int32 is typed f64, as it
 * may pass -2^31): a bound the conditions can add to without rounding.
 */
function exactInvariant(e: Expr, writes: ReadonlyMap<string, number>): boolean {
  if (e.type.kind === 'i32') return invariant(e, writes);
  if (e.op === 'const') return isSmallInt(e.value);
  if (e.op === 'convert') return e.arg.type.kind === 'i32' && invariant(e.arg, writes);
  return e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub') && exactInvariant(e.left, writes) && exactInvariant(e.right, writes);
}

/** `a * b` in doubles of two int32 invariants (`i * m`, typed f64 as it may pass 2^31): one term, range-checked. */
function invariantProduct(e: Expr, writes: ReadonlyMap<string, number>): boolean {
  const int = (x: Expr): boolean => (x.op === 'convert' ? x.arg.type.kind === 'i32' && invariant(x.arg, writes) : x.type.kind === 'i32' && invariant(x, writes));
  return e.op === 'binary' && e.operator === 'mul' && e.type.kind === 'f64' && int(e.left) && int(e.right);
}

const isSmallInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31;

/**
 * `index` as counter + terms + k. The index may be typed f64 (`i + 1` where inference could not rule out 2^31):
 * its value is then still the exact sum of its int32 parts, which is what the conditions bound.
 */
function affineOf(e: Expr, counter: Counter | undefined, writes: ReadonlyMap<string, number>, derived: Derived): Affine | undefined {
  if (e.op === 'const') return isSmallInt(e.value) ? { counter: false, terms: [], k: e.value, guards: [] } : undefined;
  if (e.op === 'local' && counter?.name === e.name && e.type.kind === 'i32') return { counter: true, terms: [], k: 0, guards: [] };
  if (e.op === 'local' && derived.has(e.name)) return derived.get(e.name);
  if (e.op === 'convert' && e.arg.type.kind === 'i32') return affineOf(e.arg, counter, writes, derived);
  if (invariantProduct(e, writes)) {
    const big = 2 ** 31;
    return { counter: false, terms: [{ e, sign: 1 }], k: 0, guards: [compare('ge', e, constant(-big)), compare('le', e, constant(big))] };
  }
  if (e.op === 'binary' && (e.operator === 'add' || e.operator === 'sub') && (e.type.kind === 'i32' || e.type.kind === 'f64')) {
    const l = affineOf(e.left, counter, writes, derived);
    const r = affineOf(e.right, counter, writes, derived);
    if (!l || !r) return undefined;
    const sign = e.operator === 'add' ? 1 : -1;
    // the counter may appear once, with coefficient +1
    if (r.counter && (l.counter || sign < 0)) return undefined;
    const k = l.k + sign * r.k;
    if (!isSmallInt(k) || l.terms.length + r.terms.length > 4) return undefined;
    return { counter: l.counter || r.counter, terms: [...l.terms, ...r.terms.map((t) => ({ e: t.e, sign: (t.sign * sign) as 1 | -1 }))], k, guards: [...l.guards, ...r.guards] };
  }
  if (invariant(e, writes) && !(counter && mentions(e, counter.name))) return { counter: false, terms: [{ e, sign: 1 }], k: 0, guards: [] };
  return undefined;
}

function mentions(e: Expr, name: string): boolean {
  let found = false;
  walkIR([{ kind: 'expr', expr: e }], { expr: (x) => { if (x.op === 'local' && x.name === name) found = true; } });
  return found;
}

/** The conditions under which `0 <= index < length` at every iteration, or undefined when the loop cannot tell. */
function conditionsFor(a: Affine, counter: Counter | undefined, length: Expr): Expr[] | undefined {
  const shift = (base: Expr | undefined): Expr => sum([...(base ? [{ e: base, sign: 1 as const }] : []), ...a.terms], a.k);
  if (!a.counter) {
    if (a.terms.length === 0) return [compare('lt', constant(a.k), widen(length))];
    const value = shift(undefined);
    return [compare('ge', value, constant(0)), compare('lt', value, widen(length))];
  }
  const c = counter!;
  const out: Expr[] = [];
  // low end: the counter's value before the loop, which it only grows from
  if (c.start !== undefined && a.terms.length === 0) {
    if (c.start + a.k < 0) return undefined;
  } else out.push(compare('ge', shift({ op: 'local', type: I32, name: c.name }), constant(0)));
  // high end: j < n gives j + T + k < length when n + T + k <= length
  // j < xs.length + c, read at xs[j + k]: in range exactly when c + k <= 0, whatever the length
  const own = a.terms.length === 0 ? c.bounds.map((b) => ({ b, c: lengthPlus(b.bound, length) })).filter((x) => x.c !== undefined) : [];
  if (own.some(({ b, c: d }) => (b.strict ? d! + a.k <= 0 : d! + a.k < 0))) return out;
  if (own.length) return undefined;
  const { bound, strict } = c.bounds[0]!;
  out.push(compare(strict ? 'le' : 'lt', shift(bound), widen(length)));
  return out;
}

/** `c` when `bound` is `length + c` (`xs.length - 1`) of the same array as `length`, else undefined. */
function lengthPlus(bound: Expr, length: Expr): number | undefined {
  if (bound.op === 'convert') return lengthPlus(bound.arg, length);
  if (bound.op === 'length') return bound.array.op === 'local' && length.op === 'length' && length.array.op === 'local' && bound.array.name === length.array.name ? 0 : undefined;
  if (bound.op === 'binary' && (bound.operator === 'add' || bound.operator === 'sub') && bound.right.op === 'const' && isSmallInt(bound.right.value)) {
    const base = lengthPlus(bound.left, length);
    return base === undefined ? undefined : base + (bound.operator === 'add' ? bound.right.value : -bound.right.value);
  }
  return undefined;
}

function conjuncts(e: Expr): Expr[] {
  return e.op === 'logical' && e.operator === 'and' && e.type.kind === 'bool' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

const constant = (value: number): Expr => ({ op: 'const', type: F64, value: value === 0 ? 0 : value });
const widen = (e: Expr): Expr => (e.type.kind === 'i32' ? { op: 'convert', type: F64, arg: e } : e);

/** `Σ ±terms + k` in doubles: every term an int32, so the sum of a few is exact. */
function sum(terms: ReadonlyArray<{ readonly e: Expr; readonly sign: 1 | -1 }>, k: number): Expr {
  let out: Expr | undefined;
  for (const t of terms) {
    const e = widen(t.e);
    out = out === undefined
      ? (t.sign > 0 ? e : { op: 'unary', type: F64, operator: 'neg', arg: e } as Expr)
      : { op: 'binary', type: F64, operator: t.sign > 0 ? 'add' : 'sub', left: out, right: e };
  }
  if (out === undefined) return constant(k);
  return k === 0 ? out : { op: 'binary', type: F64, operator: 'add', left: out, right: constant(k) };
}

function compare(operator: 'lt' | 'le' | 'ge', left: Expr, right: Expr): Expr {
  return { op: 'compare', type: BOOL, operator, left, right };
}
