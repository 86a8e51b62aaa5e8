/**
 * Inference rules of the statements and operators of plain JavaScript that are not numeric arithmetic:
 * `throw new Error(message)` (the message built from strings and numbers), `typeof x === 'number'` and
 * `x === undefined` tests. The walker (`analyze.ts`) calls these through {@link StatementHost}.
 *
 * Over 400 lines, with a reason: 244 of its lines are comments and checked `@example` modules; the code, one
 * rule per statement kind, is under 220 lines.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { isErrorClass } from '../ops/throw.js';
import { describeAV, joinAV, type AV } from './lattice.js';
import { joinStates, store, type FlowHost, type State } from './flow.js';
import type { Binding } from './scope.js';

/**
 * What these rules need from the analysis that calls them.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { inferThrow, type StatementHost } from './statements.js';
 *
 * // A host that types every operand as a number (the analysis is the real one):
 * const host: StatementHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isBound: () => false };
 * const guard = parseFunction("function f(n) { throw new RangeError('n must be positive, not ' + n); }").body.body[0];
 * // The path ends here:
 * inferThrow(host, guard, []); // → null
 * inferThrow(host, parseFunction("function f() { throw 'oops'; }").body.body[0], []); // → throws Error: only a new built-in error can be thrown in compiled code…
 * ```
 */
export interface StatementHost {
  /** Infers (and records) an expression in `state`. */
  expr(e: Node, state: State): AV;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
  /** Whether `name` is declared by the function (so it is not the global of that name). */
  isBound(name: string): boolean;
}

const HOW_TO_THROW = "throw new Error('…'), or another built-in error class (TypeError, RangeError, …), with a message of strings and numbers";

/**
 * `throw new C(message)` with `C` a built-in error class ({@link isErrorClass}): checks the shape and infers
 * the message's numbers. The path ends here (`null`).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { inferThrow, type StatementHost } from './statements.js';
 *
 * // A host that types every operand as a number (the analysis is the real one):
 * const host: StatementHost = { expr: () => FLOAT, fail: (m) => { throw new Error(m); }, isBound: () => false };
 * const guard = parseFunction("function f(n) { throw new RangeError('n must be positive, not ' + n); }").body.body[0];
 * // The path ends here:
 * inferThrow(host, guard, []); // → null
 * inferThrow(host, parseFunction("function f() { throw 'oops'; }").body.body[0], []); // → throws Error: only a new built-in error can be thrown in compiled code…
 * ```
 */
export function inferThrow(host: StatementHost, s: Node, state: State): null {
  const thrown = errorConstruction(host, s.argument as Node);
  const args = thrown.arguments as Node[];
  if (args.length > 1) host.fail(`${thrown.callee.name} takes one argument (the message) in compiled code`, args[1]!, 'throw statement');
  if (args.length === 1) inferMessage(host, args[0]!, state);
  return null;
}

/** The `new C(…)` (or `C(…)`, which constructs the same) a throw statement throws; a located error otherwise. */
export function errorConstruction(host: StatementHost, e: Node): Node {
  const callee = e.callee as Node | undefined;
  const ok = (e.type === 'NewExpression' || e.type === 'CallExpression') && callee?.type === 'Identifier' && isErrorClass(callee.name) && !host.isBound(callee.name);
  if (!ok) host.fail(`only a new built-in error can be thrown in compiled code: ${HOW_TO_THROW}`, e, 'throw statement');
  return e;
}

/**
 * Whether `node` is a string expression of a message: a string literal, a template literal, or `+` with a
 * string on either side (`'n = ' + n`; `a + b + 'x'` adds `a + b` as numbers first, as JS does).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { isStringy } from './statements.js';
 *
 * isStringy(parseFunction("(k) => 'n must be > ' + k").body); // → true
 * isStringy(parseFunction('(a, b) => a + b').body); // → false
 * ```
 */
export function isStringy(node: Node): boolean {
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'TemplateLiteral') return true;
  if (node.type === 'BinaryExpression' && node.operator === '+') return isStringy(node.left) || isStringy(node.right);
  return false;
}

function inferMessage(host: StatementHost, node: Node, state: State): void {
  if (node.type === 'Literal' && typeof node.value === 'string') return;
  if (node.type === 'TemplateLiteral') {
    for (const x of node.expressions as Node[]) inferMessage(host, x, state);
    return;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+' && isStringy(node)) {
    inferMessage(host, node.left, state);
    inferMessage(host, node.right, state);
    return;
  }
  const v = host.expr(node, state);
  if (v.k !== 'num' && v.k !== 'bool' && v.k !== 'void') {
    host.fail(`a message is built from strings, numbers and booleans, not ${describeAV(v)}`, node, 'throw statement');
  }
}

// typeof and undefined tests (typeTestOf, knownTypeTest, inferTypeTest, knownCondition): infer/type-tests.ts
export { typeTestOf, knownTypeTest, inferTypeTest, knownCondition, type TypeTestShape } from './type-tests.js';

// ------------------------------------------------------------------------------ parameters and returns

/**
 * What parameter binding needs beyond {@link StatementHost}.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis (a ParamHost) binds `sum(xs)`'s missing parameters to their defaults:
 * const sum = parseFunction('function sum(xs, lo = 0, hi = xs.length) { let s = 0; for (let i = lo; i < hi; i++) s += xs[i]; return s; }');
 * const typing = inferFunction(sum, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * typing.params.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'xs: Float64Array', 'lo: an integer', 'hi: an integer' ]
 * ```
 */
export interface ParamHost extends StatementHost {
  /** Joins `av` into the binding's type (a located error if they cannot share it); returns what to store. */
  assignTo(b: Binding, av: AV, at: Node): AV;
}

/**
 * Binds parameters to the call's argument values, as JS does when a call passes fewer arguments than there are
 * parameters: a missing one is `undefined` (its type `void`: tests of it are decided per specialization, any
 * other use is a located error) or its default (`lo = 0`, `hi = xs.length`, evaluated in order, so a default
 * may read earlier parameters). A passed number or boolean may still be `undefined` at run time (a callee given
 * a read past an array's end), so its default joins its type and lowering tests for `undefined` there.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis (a ParamHost) binds `sum(xs)`'s missing parameters to their defaults:
 * const sum = parseFunction('function sum(xs, lo = 0, hi = xs.length) { let s = 0; for (let i = lo; i < hi; i++) s += xs[i]; return s; }');
 * const typing = inferFunction(sum, [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * typing.params.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'xs: Float64Array', 'lo: an integer', 'hi: an integer' ]
 * ```
 */
export function bindParams(host: ParamHost, params: readonly Node[], args: readonly AV[], state: State, declare: (id: Node) => Binding): void {
  params.forEach((p, i) => {
    let id = p;
    let fallback: Node | undefined;
    if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') {
      id = p.left;
      fallback = p.right;
    } else if (p.type !== 'Identifier') {
      host.fail('only plain parameter names and defaults (`lo = 0`) are supported (no destructuring or rest)', p, 'parameter');
    }
    const b = declare(id);
    const arg = args[i];
    if (arg === undefined && !fallback) {
      b.value ??= { k: 'void' };
      store(state, b, { k: 'void' });
      return;
    }
    const given = arg === undefined ? undefined : host.assignTo(b, arg, id);
    if (fallback && (given === undefined || given.k === 'num' || given.k === 'bool')) {
      const d = host.assignTo(b, host.expr(fallback, state), fallback);
      store(state, b, given === undefined ? d : (joinAV(given, d) ?? d));
    } else store(state, b, given!);
  });
}

/**
 * Joins a function's returns, keeping `undefined` (`return;`, `return undefined`, the end of the body) and
 * `null` beside values of another type in `absent` rather than failing: the function returns the JS value
 * `null`/`undefined` there, as the plain function does (gl-matrix's `invert`, d3's `variance`).
 *
 * @example
 * ```ts
 * import { FLOAT } from './lattice.js';
 * import { joinReturn } from './statements.js';
 *
 * // `return x` on one path, `return;` on another:
 * const absent = new Set<'undefined' | 'null'>();
 * joinReturn(FLOAT, { k: 'void' }, absent); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * absent; // → Set(1) { 'undefined' }
 * ```
 */
export function joinReturn(prev: AV, av: AV, absent: Set<'undefined' | 'null'>): AV | undefined {
  if (prev.k === 'void' || av.k === 'void') {
    if (prev.k === av.k) return prev;
    absent.add('undefined');
    return prev.k === 'void' ? av : prev;
  }
  const j = joinAV(prev, av);
  if (j) return j;
  if (prev.k === 'null' || av.k === 'null') {
    absent.add('null');
    return prev.k === 'null' ? av : prev;
  }
  return undefined;
}

// ------------------------------------------------------------------------------- assignments as values

const assigning = new WeakMap<Node, boolean>();
/**
 * Whether an expression assigns anything (`=`, `+=`, `++`, …) somewhere inside it (not inside nested functions).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { hasAssignment } from './statements.js';
 *
 * hasAssignment(parseFunction('(x) => (x = 2 * x) > 0').body); // → true
 * hasAssignment(parseFunction('(x) => x > 0').body); // → false
 * ```
 */
export function hasAssignment(node: Node): boolean {
  let known = assigning.get(node);
  if (known === undefined) {
    const visit = (n: unknown): boolean => {
      if (!n || typeof n !== 'object') return false;
      if (Array.isArray(n)) return n.some(visit);
      const x = n as Node;
      if (typeof x.type !== 'string') return false;
      if (x.type === 'AssignmentExpression' || x.type === 'UpdateExpression') return true;
      if (/Function/.test(x.type)) return false;
      return Object.keys(x).some((k) => k !== 'type' && visit(x[k]));
    };
    assigning.set(node, (known = visit(node)));
  }
  return known;
}

/**
 * After a branch that may or may not run (the right of `&&`, `||`, `??`, a side of `?:`) assigned variables:
 * `state` becomes the join of the paths (a variable assigned on one of them only may then be unassigned).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis merges the two branches: `y` is an integer on one, any double on the other.
 * const f = parseFunction('function f(x) { let y; if (x > 0) y = 1; else y = 2.5; return y; }');
 * const typing = inferFunction(f, [{ kind: 'f64' }], newEnv(() => undefined));
 * typing.bindings.map((b) => `${b.name}: ${describeAV(b.value!)}`); // → [ 'x: a number', 'y: a number' ]
 * ```
 */
export function mergeBranches(host: FlowHost, state: State, paths: readonly (State | null)[], at: Node): void {
  let out: State | null = null;
  for (const p of paths) out = joinStates(out, p, at, host);
  if (!out) return;
  state.length = 0;
  for (const v of out) state.push(v);
}

// ------------------------------------------------------------------------ ??, &&=, ||=, ??= and booleans

const desugared = new WeakMap<Node, Node>();
/**
 * `x op= v` for a logical `op` (`&&`, `||`, `??`) as the expression JS defines it to be, `x op (x = v)`: one
 * node per assignment, shared by inference and lowering. The target is read twice, so it must be a variable or
 * an element `a[i]` of variables and constants (a located error otherwise).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { logicalAssignment } from './statements.js';
 *
 * const host = { fail: (message: string): never => { throw new Error(message); } };
 * // `x ??= v` is analyzed and compiled as `x ?? (x = v)`:
 * const e = logicalAssignment(parseFunction('(x, v) => x ??= v').body, host);
 * [e.type, e.operator, e.right.type]; // → [ 'LogicalExpression', '??', 'AssignmentExpression' ]
 * ```
 */
export function logicalAssignment(e: Node, host: Pick<StatementHost, 'fail'>): Node {
  let node = desugared.get(e);
  if (node) return node;
  const target = e.left as Node;
  const plain = (n: Node): boolean => n.type === 'Identifier' || n.type === 'Literal';
  if (!(target.type === 'Identifier' || (target.type === 'MemberExpression' && target.computed && plain(target.object) && plain(target.property)))) {
    host.fail(`${e.operator} reads its target twice here: assign to a variable or to a[i] with a variable i`, target, `${e.operator} assignment`);
  }
  const op = (e.operator as string).slice(0, -1);
  const at = { start: e.start, end: e.end };
  const assign: Node = { type: 'AssignmentExpression', operator: '=', left: target, right: e.right, ...at };
  node = { type: 'LogicalExpression', operator: op, left: target, right: assign, ...at };
  desugared.set(e, node);
  return node;
}

/**
 * `a ?? b`: `a` unless it is `undefined` (compiled values are never `null`). A number or boolean may be
 * `undefined` at run time (a read past an array's end), so both sides are typed and joined; an array never is,
 * so `b` is never evaluated; a parameter not passed always is.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // `xs[i]` past the end is undefined in JS: the analysis calls inferNullish at `??`.
 * const at = parseFunction('function at(xs, i) { return xs[i] ?? 0; }');
 * describeAV(inferFunction(at, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }], newEnv(() => undefined)).returns); // → 'a number'
 * ```
 */
export function inferNullish(host: StatementHost & FlowHost, e: Node, state: State): AV {
  const l = host.expr(e.left, state);
  if (l.k === 'void') return host.expr(e.right, state);
  // an object may be undefined too: an element read past the end of an array of objects (type-tests.ts)
  if (l.k !== 'num' && l.k !== 'bool' && l.k !== 'numbool' && l.k !== 'obj') return l;
  const right = state.slice();
  const r = host.expr(e.right, right);
  mergeBranches(host, state, [state.slice(), right], e);
  const j = joinAV(l, r);
  return j ?? host.fail(`both sides of ?? must have the same type (here ${describeAV(l)} and ${describeAV(r)})`, e, '?? operator');
}

/**
 * `&`, `|`, `^` with a boolean operand: JS converts `true`/`false` to 1/0, and the result is a number.
 *
 * @example
 * ```ts
 * import { BOOLV, INT32 } from './lattice.js';
 * import { booleanBitwise } from './statements.js';
 *
 * booleanBitwise('&', BOOLV, BOOLV); // → { k: 'num', int: true, lo: 0, hi: 1 }
 * booleanBitwise('|', BOOLV, INT32); // → { k: 'num', int: true, lo: -2147483648, hi: 2147483647 }
 * // Not a bitwise operator on a boolean: other rules.
 * booleanBitwise('+', BOOLV, BOOLV); // → undefined
 * ```
 */
export function booleanBitwise(op: string, l: AV, r: AV): AV | undefined {
  if ((op !== '&' && op !== '|' && op !== '^') || (l.k !== 'bool' && r.k !== 'bool')) return undefined;
  if ((l.k !== 'bool' && l.k !== 'num') || (r.k !== 'bool' && r.k !== 'num')) return undefined;
  const bit = (v: AV): AV => (v.k === 'bool' ? { k: 'num', int: true, lo: 0, hi: 1 } : v);
  const a = bit(l);
  const b = bit(r);
  if (a.k !== 'num' || b.k !== 'num') return undefined;
  const small = (v: AV): boolean => v.k === 'num' && v.int && v.lo >= 0 && v.hi <= 1;
  if (small(a) && small(b)) return { k: 'num', int: true, lo: 0, hi: 1 };
  if (op === '&' && (small(a) || small(b))) return { k: 'num', int: true, lo: 0, hi: 1 };
  return { k: 'num', int: true, lo: -2147483648, hi: 2147483647 };
}

// ---------------------------------------------------------------------------------------------- switch

/**
 * Where `break` and `continue` go while a statement is analyzed: a loop takes both; a `switch` takes `break`
 * and passes `continue` on to the loop around it.
 *
 * @example
 * ```ts
 * import type { JumpFrame } from './statements.js';
 *
 * // The frame a switch pushes: `break` leaves it, `continue` goes to the enclosing loop.
 * const frame: JumpFrame = { breaks: [], continues: [], switch: true };
 * ```
 */
export interface JumpFrame {
  breaks: State[];
  continues: State[];
  /** A switch: `continue` is the enclosing loop's. */
  readonly switch?: boolean;
  /** The labels naming this loop or block (`outer: for …`, labels.ts). */
  readonly labels?: readonly string[];
  /** A labelled block: only `break label` leaves it (labels.ts). */
  readonly block?: boolean;
}

/**
 * What switch inference needs beyond {@link StatementHost}.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis, as the SwitchHost, calls inferSwitch:
 * const f = parseFunction('function f(k) { switch (k) { case 0: return 1; case 1: return 2; default: return 2.5; } }');
 * describeAV(inferFunction(f, [{ kind: 'i32' }], newEnv(() => undefined)).returns); // → 'a number'
 * ```
 */
export interface SwitchHost extends StatementHost, FlowHost {
  /** Analyzes statements in order (the switch body is one block scope). */
  block(stmts: readonly Node[], state: State | null): State | null;
  /** The jump frames, innermost last. */
  readonly jumps: JumpFrame[];
}

/**
 * `switch (d) { case a: …; default: … }` with fall-through: cases compare with `===` in order, `default` takes
 * what none matched, a case body without `break` runs on into the next. Discriminant and cases are numbers,
 * booleans, numbers-or-booleans (`===` compares type first: a number case never matches a boolean) or strings.
 * A `let`/`const` in a case body and `case undefined` are located errors (the cases share one scope, which the
 * compiled form does not keep; `undefined` is tested before the switch).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { describeAV } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * // The analysis, as the SwitchHost, calls inferSwitch:
 * const f = parseFunction('function f(k) { switch (k) { case 0: return 1; case 1: return 2; default: return 2.5; } }');
 * describeAV(inferFunction(f, [{ kind: 'i32' }], newEnv(() => undefined)).returns); // → 'a number'
 * ```
 */
export function inferSwitch(host: SwitchHost, s: Node, state: State): State | null {
  const d = host.expr(s.discriminant, state);
  if (d.k !== 'num' && d.k !== 'bool' && d.k !== 'numbool' && d.k !== 'str') host.fail(`switch compares numbers, booleans or strings, not ${describeAV(d)}`, s.discriminant, 'switch statement');
  const cases = s.cases as Node[];
  for (const c of cases) {
    for (const x of c.consequent as Node[]) {
      if (x.type === 'VariableDeclaration' && x.kind !== 'var') host.fail(`declare '${x.declarations[0].id.name ?? 'it'}' before the switch (or wrap the case in { … }): cases share one scope`, x, 'declaration in a switch case');
      if (x.type === 'FunctionDeclaration') host.fail('declare functions outside the switch', x, 'function in a switch case');
    }
  }
  // the tests run in order until one matches: each sees the state after the ones before
  for (const c of cases) {
    if (!c.test) continue;
    const t = host.expr(c.test, state);
    // `===` compares type, then value (num-or-bool.ts): numbers and booleans may meet (a number case never
    // matches a boolean, and a loop's first pass may see a number-or-boolean as one of the two)
    const scalar = (v: AV): boolean => v.k === 'num' || v.k === 'bool' || v.k === 'numbool';
    const union = scalar(d) && scalar(t);
    if (t.k === 'void' && d.k !== 'str') host.fail(`a case cannot test for undefined in compiled code; test it before the switch (if (x === undefined) { … } else switch (x) { … })`, c.test, 'switch case');
    if (t.k !== d.k && !union) host.fail(`this case is ${describeAV(t)} but the switch compares ${describeAV(d)}`, c.test, 'switch case');
  }
  const frame: JumpFrame = { breaks: [], continues: [], switch: true };
  host.jumps.push(frame);
  let through: State | null = null;
  try {
    for (const c of cases) {
      through = host.block(c.consequent as Node[], joinStates(through, state, c, host));
    }
  } finally {
    host.jumps.pop();
  }
  const outer = [...host.jumps].reverse().find((f) => !f.switch);
  if (frame.continues.length) {
    if (!outer) host.fail('continue inside a switch needs a loop around it', s, 'continue');
    outer.continues.push(...frame.continues);
  }
  let exit = through;
  for (const b of frame.breaks) exit = joinStates(exit, b, s, host);
  if (!cases.some((c) => !c.test)) exit = joinStates(exit, state, s, host); // nothing matched, no default
  return exit;
}
