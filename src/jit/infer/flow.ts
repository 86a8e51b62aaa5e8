/**
 * Flow facts: what is known about each binding at a program point (a {@link State}), how states join at
 * merges, widen at loop heads, and narrow under a condition (`i < n` bounds `i` by `n`'s upper bound; `r !== null`
 * makes a nullable row a row). The walker (`analyze.ts`) reaches these through {@link FlowHost}, not its fields.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { FALSEV, constAV, describeAV, exactNumber, joinAV, sameAV, type AV } from './lattice.js';
import type { Binding } from './scope.js';
import { hasAssignment, knownCondition } from './statements.js';
import { nullConflict } from './null-init.js';
import { isFieldBinding } from './field-facts.js';
import { joinFieldNull, mayBeNull, narrowFieldNull } from './field-null.js';
import { narrowTruthy } from './num-or-bool.js';

/**
 * What flow functions need from the analysis that calls them.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { INT32, numAV } from './lattice.js';
 * import type { Binding } from './scope.js';
 * import { refine, type FlowHost } from './flow.js';
 *
 * // A host for `(i, n) => …`: `i` at slot 0, `n` at slot 1 (the analysis is the real one).
 * const test = parseFunction('(i, n) => i < n').body;
 * const param = (name: string, slot: number): Binding => ({ name, unique: name, kind: 'param', decl: test, slot, value: undefined });
 * const [i, n] = [param('i', 0), param('n', 1)];
 * const host: FlowHost = {
 *   read: (state, b) => state[b.slot],
 *   bindingAt: (slot) => [i, n][slot]!,
 *   bindingOf: (id) => ({ i, n })[id.name as 'i' | 'n'],
 *   valueOf: () => undefined,
 *   fail: (m) => { throw new Error(m); },
 * };
 * // Inside `if (i < n)` with n in [0, 100], i is at most 99:
 * refine(test, true, [INT32, numAV(0, 100, true)], host)![0]; // → { k: 'num', int: true, lo: -2147483648, hi: 99 }
 * ```
 */
export interface FlowHost {
  /** A binding's value in `state`; undefined for bindings of other functions. */
  read(state: State, b: Binding): AV | undefined;
  /** The binding whose value sits at `slot` of a state. */
  bindingAt(slot: number): Binding;
  /** The binding an identifier refers to, once resolved. */
  bindingOf(id: Node): Binding | undefined;
  /** What an expression node evaluated to so far. */
  valueOf(node: Node): AV | undefined;
  /** The hidden binding tracking `this.f` (field-facts.ts) where `member` is such a read, once declared. */
  fieldSlot?(member: Node): Binding | undefined;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
}

/**
 * What is known at one program point: at each binding's `slot`, its value, or `undefined` where it is not
 * assigned on every path here. An array, not a Map: states are copied at every branch and joined and compared at
 * every loop iteration, and those copies and walks dominated compile time as Maps.
 */
export type State = (AV | undefined)[];

/** Stores a binding's value, padding with `undefined` rather than leaving holes (holey arrays deoptimize V8). */
export function store(state: State, b: Binding, v: AV): void {
  while (state.length < b.slot) state.push(undefined);
  state[b.slot] = v;
}

export function joinStates(a: State | null, b: State | null, at: Node, an: FlowHost): State | null {
  if (!a) return b && b.slice();
  if (!b) return a.slice();
  const n = Math.min(a.length, b.length);
  const out: State = [];
  for (let i = 0; i < n; i++) {
    const v = a[i];
    const w = b[i];
    if (v === undefined || w === undefined) {
      out.push(undefined); // assigned on one path only: not readable after the join
      continue;
    }
    const field = isFieldBinding(an.bindingAt(i));
    const orNull = field ? joinFieldNull(v, w) : undefined;
    if (orNull) {
      out.push(orNull); // a field of `this` null on one path, an array on another: read only where a test narrows it (field-null.ts)
      continue;
    }
    const j = joinAV(v, w);
    if (!j && (v.k === 'null' || w.k === 'null') && field) {
      out.push(undefined); // a field of `this` null on one path: not readable after the join (field-facts.ts)
      continue;
    }
    if (!j) {
      const k = an.bindingAt(i);
      nullConflict(k, v, w); // a `null` placeholder meeting an array: analyzed again (null-init.ts)
      an.fail(`'${k.name}' is ${describeAV(v)} on one path and ${describeAV(w)} on another`, at, `variable ${k.name}`);
    }
    out.push(j);
  }
  return out;
}

export function joinAll(states: readonly State[], at: Node, an: FlowHost): State | null {
  let out: State | null = null;
  for (const s of states) out = joinStates(out, s, at, an);
  return out;
}

export function statesEqual(a: State, b: State): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v === undefined ? b[i] !== undefined : !sameAV(v, b[i]) || mayBeNull(v) !== mayBeNull(b[i])) return false;
  }
  return true;
}

/**
 * Bounds that still move after a few rounds jump to ±∞ (an unbounded integer becomes `f64`).
 *
 * @example
 * ```ts
 * import { numAV } from './lattice.js';
 * import { widen } from './flow.js';
 *
 * widen([numAV(0, 1, true)], [numAV(0, 2, true)]); // → [ { k: 'num', int: true, lo: 0, hi: Infinity } ]
 * ```
 */
export function widen(prev: State, next: State): State {
  const out: State = [];
  for (let i = 0; i < next.length; i++) {
    const v = next[i];
    const p = prev[i];
    if (v?.k === 'num' && p?.k === 'num' && v.int && p.int) {
      out.push({ k: 'num', int: true, lo: v.lo < p.lo ? -Infinity : v.lo, hi: v.hi > p.hi ? Infinity : v.hi });
    } else out.push(v);
  }
  return out;
}

/**
 * Narrows variables by a condition known to be `truth`: `i < n` bounds `i` by `n`'s upper bound, a truthy
 * variable holding `false` or a number is a number. Returns the same state (mutated), or null when the condition
 * cannot be `truth` here.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { INT32, numAV } from './lattice.js';
 * import type { Binding } from './scope.js';
 * import { refine, type FlowHost } from './flow.js';
 *
 * // A host for `(i, n) => …`: `i` at slot 0, `n` at slot 1 (the analysis is the real one).
 * const test = parseFunction('(i, n) => i < n').body;
 * const param = (name: string, slot: number): Binding => ({ name, unique: name, kind: 'param', decl: test, slot, value: undefined });
 * const [i, n] = [param('i', 0), param('n', 1)];
 * const host: FlowHost = {
 *   read: (state, b) => state[b.slot],
 *   bindingAt: (slot) => [i, n][slot]!,
 *   bindingOf: (id) => ({ i, n })[id.name as 'i' | 'n'],
 *   valueOf: () => undefined,
 *   fail: (m) => { throw new Error(m); },
 * };
 * // Inside `if (i < n)` with n in [0, 100], i is at most 99:
 * refine(test, true, [INT32, numAV(0, 100, true)], host)![0]; // → { k: 'num', int: true, lo: -2147483648, hi: 99 }
 * ```
 */
export function refine(test: Node, truth: boolean, state: State, an: FlowHost): State | null {
  // `while (true)`, `do … while (true)`: the false side is never reached (only break and return leave)
  if (test.type === 'Literal' && typeof test.value === 'boolean' && test.value !== truth) return null;
  // a test the specialization decides (`valueof === undefined` for a parameter not passed): the other branch is dead
  const known = knownCondition(test, (n) => an.valueOf(n), (id) => an.bindingOf(id) === undefined);
  if (known !== undefined) return known === truth ? state : null;
  // a test that assigns (`(k = m) > 5`) speaks of values from before its assignments: narrow nothing
  if (hasAssignment(test)) return state;
  if (test.type === 'UnaryExpression' && test.operator === '!') return refine(test.argument, !truth, state, an);
  if (test.type === 'LogicalExpression') {
    if ((test.operator === '&&' && truth) || (test.operator === '||' && !truth)) {
      const s = refine(test.left, truth, state, an);
      return s && refine(test.right, truth, s, an);
    }
    return state;
  }
  if (test.type === 'Identifier' && truth) return refineTruthy(test, state, an);
  if (test.type === 'MemberExpression') return refineField(test, !truth, state, an); // `if (this.out)`: an array is truthy, null falsy
  if (test.type !== 'BinaryExpression') return state;
  const operator = test.operator as string;
  if (EQUALITIES.has(operator)) return refineNull(test, truth, state, an);
  const op = truth ? operator : NEGATED[operator];
  if (op === undefined) return state;
  refineSide(test.left, test.right, op, state, an);
  refineSide(test.right, test.left, FLIPPED[op]!, state, an);
  return state;
}

/**
 * `if (fact)`: a variable holding `false` or a number is a number where it is truthy (num-or-bool.ts), and one
 * still holding only `false` (`let best = false` before the loop that assigns it has run) is never truthy.
 */
function refineTruthy(id: Node, state: State, an: FlowHost): State | null {
  const b = an.bindingOf(id);
  const v = b && b.name === id.name ? an.read(state, b) : undefined;
  if (!b || !v) return state;
  if (v === FALSEV) return null;
  state[b.slot] = narrowTruthy(v);
  return state;
}

const EQUALITIES = new Set(['===', '!==', '==', '!=']);
/** `!(a op b)` as `a op' b` (for the integers refined here; NaN is never narrowed, see refineSide). */
const NEGATED: Readonly<Record<string, string>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
/** `a op b` as `b op' a`. */
const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Narrows the integer variable `id` (if it is one) by `id o other`, in place. */
function refineSide(id: Node, other: Node, o: string, state: State, an: FlowHost): void {
  if (id.type !== 'Identifier') return;
  const found = an.bindingOf(id);
  if (!found || found.name !== id.name) return;
  const v = an.read(state, found);
  const w = valueOfNode(other, state, an);
  if (v?.k !== 'num' || !v.int || w?.k !== 'num') return;
  let { lo, hi } = v;
  // i < w  ⇒  i ≤ ceil(w.hi) - 1 for an integer i; NaN makes every comparison false, so it never narrows wrongly
  if (o === '<') hi = Math.min(hi, Math.ceil(w.hi) - 1);
  else if (o === '<=') hi = Math.min(hi, Math.floor(w.hi));
  else if (o === '>') lo = Math.max(lo, Math.floor(w.lo) + 1);
  else if (o === '>=') lo = Math.max(lo, Math.ceil(w.lo));
  // No value satisfies the condition: the branch is dead in this state, and whatever it assumes holds
  // vacuously. Keeping one value (rather than the whole range) matters: `for (j = 0; j < i; j++)` nested in a
  // loop over `i` sees `i = 0` in the first round, and a dead inner body that kept `j`'s range would count `j`
  // up until widening sent it to +∞ and made it `f64`. (At the fixed point the ranges are sound, so a branch
  // that is dead there never runs.)
  if (lo > hi) {
    if (o === '<' || o === '<=') hi = lo;
    else lo = hi;
  }
  state[found.slot] = { k: 'num', int: true, lo, hi };
}

/**
 * `x === null` (or `!==`, `==`, `!=`; either side) known to be `truth`: a variable still holding only `null` makes
 * the non-null branch dead (null: the loop that assigns it has not run yet), a nullable row becomes a row.
 */
function refineNull(test: Node, truth: boolean, state: State, an: FlowHost): State | null {
  const isNull = (n: Node): boolean => n.type === 'Literal' && n.value === null;
  const id = isNull(test.right as Node) ? (test.left as Node) : isNull(test.left as Node) ? (test.right as Node) : undefined;
  const equal = (test.operator === '===' || test.operator === '==') === truth;
  if (id?.type === 'MemberExpression') return refineField(id, equal, state, an);
  if (!id || id.type !== 'Identifier') return state;
  const b = an.bindingOf(id);
  const v = b && an.read(state, b);
  if (!b || !v) return state;
  if (!equal && v.k === 'null') return null;
  if (!equal && v.k === 'row' && v.nullable) state[b.slot] = { ...v, nullable: false };
  if (!equal && v.k === 'obj' && v.nullable) state[b.slot] = { k: 'obj', shape: v.shape };
  if (equal && v.k === 'row' && !v.nullable) return null;
  return state;
}

/** `this.f` found null (`isNull`) or not: a tracked field that may be null becomes `null` or its array (field-null.ts). */
function refineField(member: Node, isNull: boolean, state: State, an: FlowHost): State | null {
  const b = an.fieldSlot?.(member);
  const v = b && an.read(state, b);
  if (!b || !v) return state;
  const narrowed = narrowFieldNull(v, isNull);
  if (narrowed === 'dead') return null;
  state[b.slot] = narrowed;
  return state;
}

function valueOfNode(n: Node, state: State, an: FlowHost): AV | undefined {
  if (n.type === 'Literal' && typeof n.value === 'number') return constAV(n.value);
  if (n.type === 'Identifier') {
    const b = an.bindingOf(n);
    return b ? an.read(state, b) : undefined;
  }
  return an.valueOf(n);
}

/**
 * Whether `test` holds in `state` where both sides of a comparison are known exactly there (`change !== 0` with
 * `change = Number.MAX_VALUE`); undefined otherwise. Only a loop's first test asks (analyze.ts): its exit is then
 * dead, while the body is analyzed as always (lowering emits every loop body, so each must be typed).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT, constAV } from './lattice.js';
 * import type { Binding } from './scope.js';
 * import { decidedByConstants, type FlowHost } from './flow.js';
 *
 * // `while (change !== limit)` with both known at the loop's entry: it runs at least once.
 * const test = parseFunction('(change, limit) => change !== limit').body;
 * const param = (name: string, slot: number): Binding => ({ name, unique: name, kind: 'param', decl: test, slot, value: undefined });
 * const [change, limit] = [param('change', 0), param('limit', 1)];
 * const host: FlowHost = {
 *   read: (state, b) => state[b.slot],
 *   bindingAt: (slot) => [change, limit][slot]!,
 *   bindingOf: (id) => ({ change, limit })[id.name as 'change' | 'limit'],
 *   valueOf: () => undefined,
 *   fail: (m) => { throw new Error(m); },
 * };
 * decidedByConstants(test, [constAV(Number.MAX_VALUE), constAV(0)], host); // → true
 * decidedByConstants(test, [FLOAT, constAV(0)], host); // → undefined
 * ```
 */
export function decidedByConstants(test: Node, state: State, an: FlowHost): boolean | undefined {
  if (test.type !== 'BinaryExpression') return undefined;
  return constantComparison(test.operator as string, valueOfState(test.left, state, an), valueOfState(test.right, state, an));
}

/** A literal's or a variable's value in `state` (not what the node evaluated to elsewhere). */
function valueOfState(n: Node, state: State, an: FlowHost): AV | undefined {
  if (n.type === 'Literal') return typeof n.value === 'number' ? constAV(n.value) : undefined;
  if (n.type !== 'Identifier') return undefined;
  const b = an.bindingOf(n);
  return b && b.name === n.name ? an.read(state, b) : undefined;
}

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '===': (a, b) => a === b, '!==': (a, b) => a !== b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
};

/**
 * `a op b` when both are known exactly (`exactNumber`), as JS compares them (`NaN !== 0`, `-0 === 0`);
 * undefined when either may be anything else. An `int` number is never undefined, and a constant is what it is.
 */
function constantComparison(op: string, a: AV | undefined, b: AV | undefined): boolean | undefined {
  const compare = COMPARE[op];
  const x = exactNumber(a), y = exactNumber(b);
  return compare && x !== undefined && y !== undefined ? compare(x, y) : undefined;
}
