/**
 * Lowering of the statements and operators `infer/statements.ts` types: `throw`, `typeof`/`undefined`
 * tests, returns of `null`/`undefined`. `lower.ts` calls these through {@link LowerHost}.
 *
 * Over 400 lines, with a reason: 294 of its lines are comments and checked `@example` modules; the code, one
 * lowering rule per statement kind, is under 220 lines.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import type { Expr, Stmt, Throw } from '../ir.js';
import { isStringy, knownTypeTest, type TypeTestShape } from '../infer/statements.js';
import { typeOf, type AV } from '../infer/lattice.js';
import type { Typing } from '../infer/scope.js';
import { BOOL, F64, I32, type Type } from '../types.js';

/**
 * What these rules need from the lowering that calls them.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function root(n: number) {
 *   if (n < 0) throw new RangeError('n must be >= 0, not ' + n);
 *   return Math.sqrt(n);
 * }
 * const { source } = compileSpecialization(root, [{ kind: 'f64' }]);
 * // Lowering's Throw statement, as the JS backend writes it:
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('throw')); // → 'throw new RangeError("" + "n must be >= 0, not " + (n));'
 * ```
 */
export interface LowerHost {
  /** Lowers an expression the analysis typed. */
  expr(e: Node): Expr;
}

/**
 * `throw new C(message)` as an IR {@link Throw}: the message flattened into text and numeric parts.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function root(n: number) {
 *   if (n < 0) throw new RangeError('n must be >= 0, not ' + n);
 *   return Math.sqrt(n);
 * }
 * const { source } = compileSpecialization(root, [{ kind: 'f64' }]);
 * // Lowering's Throw statement, as the JS backend writes it:
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('throw')); // → 'throw new RangeError("" + "n must be >= 0, not " + (n));'
 * ```
 */
export function lowerThrow(host: LowerHost, s: Node): Throw {
  const thrown = s.argument as Node;
  const args = thrown.arguments as Node[];
  const message = args.length === 0 ? null : messageParts(host, args[0]!, []);
  return { kind: 'throw', error: thrown.callee.name as string, message, span: { start: s.start, end: s.end } };
}

type Part = { readonly text: string } | { readonly value: Expr };

function messageParts(host: LowerHost, node: Node, out: Part[]): Part[] {
  if (node.type === 'Literal' && typeof node.value === 'string') out.push({ text: node.value });
  else if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis as Node[];
    const exprs = node.expressions as Node[];
    quasis.forEach((q, i) => {
      out.push({ text: q.value.cooked as string });
      if (i < exprs.length) messageParts(host, exprs[i]!, out);
    });
  } else if (node.type === 'BinaryExpression' && node.operator === '+' && isStringy(node)) {
    messageParts(host, node.left, out);
    messageParts(host, node.right, out);
  } else out.push({ value: host.expr(node) });
  return out;
}

/**
 * What the type-test and parameter rules need beyond {@link LowerHost}.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function isNumber(v: number) {
 *   return typeof v === 'number';
 * }
 * const { source } = compileSpecialization(isNumber, [{ kind: 'f64' }]);
 * // Kept as a test in the JS backend: a number may hold undefined there (a read past an array's end).
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return (typeof v === "number");'
 * ```
 */
export interface TypeTestHost extends LowerHost {
  /** What inference found an expression node to be. */
  avAt(node: Node): AV;
}

/**
 * A type test as a constant where the specialization decides it (`valueof === undefined` for a parameter the
 * call did not pass, `typeof xs === 'object'`), else the JS test itself (`typeof x === "number"`), which is exact
 * because a number-typed value holds `undefined` in the JS backend exactly where the plain function does.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function isNumber(v: number) {
 *   return typeof v === 'number';
 * }
 * const { source } = compileSpecialization(isNumber, [{ kind: 'f64' }]);
 * // Kept as a test in the JS backend: a number may hold undefined there (a read past an array's end).
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return (typeof v === "number");'
 * ```
 */
export function lowerTypeTest(host: TypeTestHost, shape: TypeTestShape): Expr {
  const av = host.avAt(shape.operand);
  const known = knownTypeTest(av, shape.is);
  if (known === true || known === false) return { op: 'const', type: BOOL, value: known !== shape.negated };
  // a number or boolean is never null: `== null` is `=== undefined` for it; an object may be either (a list's
  // `next`, a hole of an array of objects), tested as written (`js/statements.ts`)
  const test: Expr = { op: 'typeTest', type: BOOL, arg: host.expr(shape.operand), is: shape.is === 'nullish' && av.k !== 'obj' ? 'undefined' : shape.is };
  return shape.negated ? { op: 'unary', type: BOOL, operator: 'not', arg: test } : test;
}

/**
 * The statements that give parameters their defaults, at the top of the body: a parameter the call did not
 * pass gets its default; a passed number or boolean gets it where it is `undefined` at run time (as JS applies a
 * default to an explicit `undefined`).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function sum(xs: Float64Array, lo = 0, hi = xs.length) {
 *   let s = 0;
 *   for (let i = lo; i < hi; i++) s += xs[i]!;
 *   return s;
 * }
 * const { source } = compileSpecialization(sum, [{ kind: 'array', element: 'f64' }]);
 * // Called as sum(xs): the defaults are assigned first, in order.
 * source.split('\n').map((l) => l.trim()).slice(1, 4); // → [ 'function sum(xs, lo, hi) {', 'lo = 0;', 'hi = xs.length;' ]
 * ```
 */
export function defaultParams(host: TypeTestHost, t: Typing, coerce: (e: Expr, type: Type, at: Node) => Expr): Stmt[] {
  const out: Stmt[] = [];
  const passed = t.argCount ?? t.params.length;
  t.parsed.params.forEach((p, i) => {
    if (p.type !== 'AssignmentPattern') return;
    const b = t.params[i]!;
    if (b.value?.k === 'fn') return; // a function value is never materialized (infer/functions.ts)
    const type = typeOf(b.value!);
    const assign: Stmt = { kind: 'assign', name: b.unique, value: coerce(host.expr(p.right), type, p.right), span: { start: p.start, end: p.end } };
    if (i >= passed) out.push(assign);
    else if (type.kind === 'i32' || type.kind === 'f64' || type.kind === 'bool') {
      const missing: Expr = { op: 'typeTest', type: BOOL, arg: { op: 'local', type, name: b.unique }, is: 'undefined' };
      out.push({ kind: 'if', cond: missing, then: [assign], else: [] });
    }
  });
  return out;
}

/**
 * `return`, `return undefined`, `return null` in a function whose other returns give values of `returnType`:
 * the JS value itself ({@link Absent}). `undefined` for a plain `return` when nothing else is returned.
 *
 * @example
 * ```ts
 * import { F64 } from '../types.js';
 * import { absentReturn } from './statements.js';
 *
 * absentReturn(F64, 'null'); // → { op: 'absent', type: { kind: 'f64' }, value: 'null' }
 * ```
 */
export function absentReturn(returnType: Type, value: 'undefined' | 'null'): Expr | null {
  if (returnType.kind === 'void') return null;
  return { op: 'absent', type: returnType, value };
}

/**
 * Whether a `return` of `av` returns the JS `null`/`undefined` beside values of another type (rather than a value
 * of the function's type; a `null` row is a row).
 *
 * @example
 * ```ts
 * import { absentValue } from './statements.js';
 *
 * absentValue({ k: 'null' }, { kind: 'array', element: 'f32' }); // → 'null'
 * absentValue({ k: 'void' }, { kind: 'f64' }); // → 'undefined'
 * ```
 */
export function absentValue(av: AV | undefined, returnType: Type): 'undefined' | 'null' | undefined {
  if (!av || av.k === 'void') return returnType.kind === 'void' ? undefined : 'undefined';
  if (av.k === 'null' && returnType.kind !== 'row' && returnType.kind !== 'null') return 'null';
  return undefined;
}

// ------------------------------------------------------------------------------- assignments as values

/**
 * What lowering an assignment inside an expression needs beyond {@link TypeTestHost}.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function next(c: number) {
 *   let x = 0;
 *   const y = (x = c * 2) + 1;
 *   return x + y;
 * }
 * const { source } = compileSpecialization(next, [{ kind: 'f64' }]);
 * // An assignment used as a value: assign, then read.
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('let y')); // → 'let y = ((x = (c * 2), x) + 1);'
 * ```
 */
export interface EffectHost extends TypeTestHost {
  /** Lowers `target op= right` (op `''` for `=`) into statements, as for an expression statement. */
  assign(e: Node, op: string, right: Node, out: Stmt[], recordAt: Node): void;
  /** A fresh temporary local of `type`. */
  temp(base: string, type: Type): string;
  /** Declares a local once at the top of the function (temporaries of expressions, which cannot declare). */
  declareAtTop(name: string, type: Type): void;
  /** The local an identifier names. */
  localOf(id: Node): Expr;
  /** Throws a located JitError. */
  fail(message: string, node: Node, construct: string): never;
}

/**
 * An assignment or update used as a value, as an IR {@link Effect}: `x = v` yields `x` after the assignment
 * (`v` in `x`'s type, the same number), `a[i] = v` yields `v` itself (not the element's conversion: JS gives the
 * assigned value), `++i` the new value, `i++` the old one as a number (`undefined++` is NaN, as `x - 0` is).
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function next(c: number) {
 *   let x = 0;
 *   const y = (x = c * 2) + 1;
 *   return x + y;
 * }
 * const { source } = compileSpecialization(next, [{ kind: 'f64' }]);
 * // An assignment used as a value: assign, then read.
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('let y')); // → 'let y = ((x = (c * 2), x) + 1);'
 * ```
 */
export function lowerEffect(host: EffectHost, e: Node, one: Node): Expr {
  const update = e.type === 'UpdateExpression';
  const target = (update ? e.argument : e.left) as Node;
  const stmts: Stmt[] = [];
  let result: Expr | undefined;
  if (target.type !== 'Identifier' && target.type !== 'MemberExpression') {
    host.fail('destructuring assignment is a statement in compiled code', e, 'assignment inside an expression');
  }
  if (update && !e.prefix) {
    if (target.type !== 'Identifier') host.fail(`write ${e.operator} on an element as its own statement (or use ${e.operator}i on a variable)`, e, `${e.operator} inside an expression`);
    const current = host.localOf(target);
    // the old value as a number, as JS's ToNumeric gives it (`t++` of true is 1, and t is then 2)
    const flag = current.type.kind === 'bool' || current.type.kind === 'numbool';
    const type = flag ? F64 : current.type;
    const old = host.temp('old', type);
    host.declareAtTop(old, type);
    const zero: Expr = { op: 'const', type: type.kind === 'i32' ? I32 : F64, value: 0 };
    const value: Expr = flag ? { op: 'convert', type: F64, arg: current } : { op: 'binary', type, operator: 'sub', left: current, right: zero };
    stmts.push({ kind: 'assign', name: old, value });
    result = { op: 'local', type, name: old };
  }
  if (update) host.assign({ ...e, left: target }, e.operator === '++' ? '+' : '-', one, stmts, e);
  else host.assign(e, (e.operator as string).slice(0, -1), e.right, stmts, e);
  // temporaries (`a[f()] += v` evaluates its object and index once) are declared at the top and assigned here
  const out: Stmt[] = stmts.map((s) => {
    if (s.kind !== 'declare') return s;
    host.declareAtTop(s.name, s.init.type);
    return { kind: 'assign', name: s.name, value: s.init };
  });
  if (!result) {
    if (target.type === 'Identifier') result = host.localOf(target);
    else {
      const store = out.pop()!;
      if (store.kind !== 'store' && store.kind !== 'matrixStore') return host.fail('internal: an element assignment lowered to no store', e, 'assignment');
      const v = host.temp('v', store.value.type);
      host.declareAtTop(v, store.value.type);
      result = { op: 'local', type: store.value.type, name: v };
      out.push({ kind: 'assign', name: v, value: store.value }, { ...store, value: result });
    }
  }
  return { op: 'effect', type: result.type, stmts: out, value: result };
}

/**
 * The declaration at the top of a function of a temporary that expressions assign: a zero of its type for
 * numbers and booleans (so V8 sees one type), `undefined` otherwise.
 *
 * @example
 * ```ts
 * import { F64 } from '../types.js';
 * import { topDeclaration } from './statements.js';
 *
 * topDeclaration('$v', F64); // → { kind: 'declare', name: '$v', init: { op: 'const', type: { kind: 'f64' }, value: 0 } }
 * ```
 */
export function topDeclaration(name: string, type: Type): Stmt {
  const init: Expr =
    type.kind === 'bool' ? { op: 'const', type, value: false }
      : type.kind === 'i32' || type.kind === 'f64' ? { op: 'const', type, value: 0 }
        : type.kind === 'row' ? { op: 'nullRow', type }
          : { op: 'absent', type, value: 'undefined' };
  return { kind: 'declare', name, init };
}

/**
 * What lowering `??` needs beyond {@link EffectHost}.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function at(xs: Float64Array, i: number) {
 *   return xs[i] ?? 0;
 * }
 * const { source } = compileSpecialization(at, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]);
 * // The left side is read once, into a temporary:
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return ($n = xs[i], ((typeof $n === "undefined") ? 0 : $n));'
 * ```
 */
export interface NullishHost extends EffectHost {
  /** Converts `e` to `type` (numbers explicitly). */
  coerce(e: Expr, type: Type, at: Node): Expr;
  /** The IR type inference gave a node. */
  typeAt(node: Node): Type;
}

/**
 * `a ?? b` (see `inferNullish`): `a` evaluated once into a temporary, then `b` where it is `undefined`.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function at(xs: Float64Array, i: number) {
 *   return xs[i] ?? 0;
 * }
 * const { source } = compileSpecialization(at, [{ kind: 'array', element: 'f64' }, { kind: 'i32' }]);
 * // The left side is read once, into a temporary:
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('return')); // → 'return ($n = xs[i], ((typeof $n === "undefined") ? 0 : $n));'
 * ```
 */
export function lowerNullish(host: NullishHost, e: Node): Expr {
  const type = host.typeAt(e);
  const left = host.avAt(e.left);
  if (left.k === 'void') return host.coerce(host.expr(e.right), type, e.right);
  if (left.k !== 'num' && left.k !== 'bool' && left.k !== 'numbool' && left.k !== 'obj') return host.expr(e.left);
  const value = host.expr(e.left);
  const t = host.temp('n', value.type);
  host.declareAtTop(t, value.type);
  const held: Expr = { op: 'local', type: value.type, name: t };
  return {
    op: 'effect', type, stmts: [{ kind: 'assign', name: t, value }],
    value: { op: 'select', type, cond: { op: 'typeTest', type: BOOL, arg: held, is: 'undefined' }, then: host.coerce(host.expr(e.right), type, e.right), else: host.coerce(held, type, e.left) },
  };
}

/**
 * A boolean operand of `&`, `|`, `^` as the number JS converts it to (`b ? 1 : 0`); other operands as they are.
 *
 * @example
 * ```ts
 * import type { IR } from 'numbat/internals';
 * import { bitOperand } from './statements.js';
 *
 * // `flag | 0` with a boolean flag: the bit is 1 or 0.
 * const flag: IR.Expr = { op: 'local', type: { kind: 'bool' }, name: 'flag' };
 * const bit = bitOperand(flag);
 * bit.op === 'select' && [bit.type, bit.then, bit.else]; // → [ { kind: 'i32' }, { op: 'const', type: { kind: 'i32' }, value: 1 }, { op: 'const', type: { kind: 'i32' }, value: 0 } ]
 * ```
 */
export function bitOperand(e: Expr): Expr {
  if (e.type.kind !== 'bool') return e;
  return { op: 'select', type: I32, cond: e, then: { op: 'const', type: I32, value: 1 }, else: { op: 'const', type: I32, value: 0 } };
}

/**
 * What lowering the comma operator needs beyond {@link EffectHost}.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function before(c: number) {
 *   const d = (c--, c);
 *   return d;
 * }
 * const { source } = compileSpecialization(before, [{ kind: 'f64' }]);
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('let d')); // → 'let d = (c = (c - 1), c);'
 * ```
 */
export interface SequenceHost extends EffectHost {
  /** Lowers an expression evaluated for its effects into statements. */
  effect(e: Node, out: Stmt[], span: { start: number; end: number }): void;
}

/**
 * `(a, b, c)`: `a` and `b` for their effects, then `c`'s value.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function before(c: number) {
 *   const d = (c--, c);
 *   return d;
 * }
 * const { source } = compileSpecialization(before, [{ kind: 'f64' }]);
 * source.split('\n').map((l) => l.trim()).find((l) => l.startsWith('let d')); // → 'let d = (c = (c - 1), c);'
 * ```
 */
export function lowerSequence(host: SequenceHost, e: Node): Expr {
  const items = e.expressions as Node[];
  const stmts: Stmt[] = [];
  for (const x of items.slice(0, -1)) host.effect(x, stmts, { start: x.start, end: x.end });
  const value = host.expr(items[items.length - 1]!);
  const out: Stmt[] = stmts.map((s) => {
    if (s.kind !== 'declare') return s;
    host.declareAtTop(s.name, s.init.type);
    return { kind: 'assign', name: s.name, value: s.init };
  });
  return { op: 'effect', type: value.type, stmts: out, value };
}

/**
 * What lowering `switch` needs beyond {@link LowerHost}.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function code(k: number) {
 *   switch (k) {
 *     case 1: return 10;
 *     case 2: return 20;
 *     default: return -1;
 *   }
 * }
 * const { source } = compileSpecialization(code, [{ kind: 'i32' }]);
 * // The case is chosen once, then the cases run in order from it (fall-through kept):
 * source.split('\n').map((l) => l.trim()).slice(2, 5); // → [ 'let $d = k;', 'let $case = (($d === 1) ? 0 : (($d === 2) ? 1 : 2));', 'for (; ; ) {' ]
 * ```
 */
export interface SwitchLowerHost extends LowerHost {
  /** Lowers statements (those inference reached). */
  stmts(list: readonly Node[]): Stmt[];
  /** A fresh temporary local of `type`. */
  temp(base: string, type: Type): string;
}

/**
 * `switch` as the IR's structured control flow: the discriminant once, the index of the case it enters (the
 * cases' `===` tests in order, lazily; `default`'s index when none matches; past the last when there is no
 * default), then a one-trip loop whose `break` is the switch's, running case `i` when the index is at most `i`
 * (fall-through). A `continue` inside is the loop's around the switch: it sets a flag, leaves the one-trip loop,
 * and continues after it.
 *
 * @example
 * ```ts
 * import { compileSpecialization } from 'numbat/internals';
 *
 * function code(k: number) {
 *   switch (k) {
 *     case 1: return 10;
 *     case 2: return 20;
 *     default: return -1;
 *   }
 * }
 * const { source } = compileSpecialization(code, [{ kind: 'i32' }]);
 * // The case is chosen once, then the cases run in order from it (fall-through kept):
 * source.split('\n').map((l) => l.trim()).slice(2, 5); // → [ 'let $d = k;', 'let $case = (($d === 1) ? 0 : (($d === 2) ? 1 : 2));', 'for (; ; ) {' ]
 * ```
 */
export function lowerSwitch(host: SwitchLowerHost, s: Node, out: Stmt[]): void {
  const cases = s.cases as Node[];
  const d = host.expr(s.discriminant);
  const held = host.temp('d', d.type);
  out.push({ kind: 'declare', name: held, init: d });
  const discriminant: Expr = { op: 'local', type: d.type, name: held };
  const fallback = cases.findIndex((c) => !c.test);
  let index: Expr = { op: 'const', type: I32, value: fallback === -1 ? cases.length : fallback };
  for (let i = cases.length - 1; i >= 0; i--) {
    const c = cases[i]!;
    if (!c.test) continue;
    let t = host.expr(c.test);
    let left: Expr = discriminant;
    const union = left.type.kind === 'numbool' || t.type.kind === 'numbool'; // compared as they are, type first (infer/num-or-bool.ts)
    const isBool = (x: Expr): boolean => x.type.kind === 'bool';
    let cond: Expr | undefined;
    if (!union && isBool(left) !== isBool(t)) {
      // a boolean is never === a number; the case's test still runs (it may call or assign)
      const never: Expr = { op: 'const', type: BOOL, value: false };
      cond = t.op === 'const' || t.op === 'local' ? never : { op: 'effect', type: BOOL, stmts: [{ kind: 'expr', expr: t }], value: never };
    }
    else if (left.type.kind !== t.type.kind && !union) {
      // one side i32, the other f64: compare as doubles (exact)
      if (left.type.kind === 'i32') left = { op: 'convert', type: F64, arg: left };
      if (t.type.kind === 'i32') t = t.op === 'const' ? { op: 'const', type: F64, value: t.value } : { op: 'convert', type: F64, arg: t };
    }
    cond ??= { op: 'compare', type: BOOL, operator: 'eq', left, right: t };
    index = { op: 'select', type: I32, cond, then: { op: 'const', type: I32, value: i }, else: index };
  }
  const entered = host.temp('case', I32);
  out.push({ kind: 'declare', name: entered, init: index });
  const flag = host.temp('next', BOOL);
  let continues = false;
  const body: Stmt[] = cases.map((c, i) => {
    const stmts = redirectContinue(host.stmts(c.consequent as Node[]), flag, () => (continues = true));
    return { kind: 'if', cond: { op: 'compare', type: BOOL, operator: 'le', left: { op: 'local', type: I32, name: entered }, right: { op: 'const', type: I32, value: i } }, then: stmts, else: [] };
  });
  if (continues) out.push({ kind: 'declare', name: flag, init: { op: 'const', type: BOOL, value: false } });
  out.push({ kind: 'loop', test: null, body: [...body, { kind: 'break' }], continuing: [], postTest: null });
  if (continues) out.push({ kind: 'if', cond: { op: 'local', type: BOOL, name: flag }, then: [{ kind: 'continue' }], else: [] });
}

/** `continue` (not inside a nested loop) as `flag = true; break`. */
function redirectContinue(stmts: readonly Stmt[], flag: string, seen: () => void): Stmt[] {
  return stmts.flatMap((s): Stmt[] => {
    if (s.kind === 'continue' && s.label === undefined) { // `continue outer` names its loop itself
      seen();
      return [{ kind: 'assign', name: flag, value: { op: 'const', type: BOOL, value: true } }, { kind: 'break' }];
    }
    if (s.kind === 'if') return [{ ...s, then: redirectContinue(s.then, flag, seen), else: redirectContinue(s.else, flag, seen) }];
    return [s];
  });
}
