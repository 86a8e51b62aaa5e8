/**
 * Lowering of the statements and operators `infer/statements.ts` types: `throw`, `typeof`/`undefined`
 * tests, returns of `null`/`undefined`. `lower.ts` calls these through {@link LowerHost}.
 *
 * @module
 */
import type { Node } from './frontend/parse.js';
import type { Expr, Stmt, Throw } from './ir.js';
import { isStringy, knownTypeTest, type TypeTestShape } from './infer/statements.js';
import { typeOf, type AV } from './infer/lattice.js';
import type { Typing } from './infer/scope.js';
import { BOOL, type Type } from './types.js';

/**
 * What these rules need from the lowering that calls them.
 *
 * @example
 * ```ts
 * out.push(lowerThrow(lowering, s));
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
 * lowerThrow(lowering, s); // { kind: 'throw', error: 'RangeError', message: [{ text: 'n > ' }, { value: k }] }
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
 * lowerTypeTest(lowering, shape);
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
 * lowerTypeTest(lowering, typeTestOf(node)!); // { op: 'const', type: BOOL, value: true }
 * ```
 */
export function lowerTypeTest(host: TypeTestHost, shape: TypeTestShape): Expr {
  const known = knownTypeTest(host.avAt(shape.operand), shape.is);
  if (known === true || known === false) return { op: 'const', type: BOOL, value: known !== shape.negated };
  // a number or boolean is never null: `== null` is `=== undefined` for it
  const test: Expr = { op: 'typeTest', type: BOOL, arg: host.expr(shape.operand), is: shape.is === 'nullish' ? 'undefined' : shape.is };
  return shape.negated ? { op: 'unary', type: BOOL, operator: 'not', arg: test } : test;
}

/**
 * The statements that give parameters their defaults, at the top of the body: a parameter the call did not
 * pass gets its default; a passed number or boolean gets it where it is `undefined` at run time (as JS applies a
 * default to an explicit `undefined`).
 *
 * @example
 * ```ts
 * body.push(...defaultParams(lowering, typing, (e, t, at) => lowering.coerceTo(e, t, at)));
 * ```
 */
export function defaultParams(host: TypeTestHost, t: Typing, coerce: (e: Expr, type: Type, at: Node) => Expr): Stmt[] {
  const out: Stmt[] = [];
  const passed = t.argCount ?? t.params.length;
  t.parsed.params.forEach((p, i) => {
    if (p.type !== 'AssignmentPattern') return;
    const b = t.params[i]!;
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
 * absentReturn(F64, 'null'); // { op: 'absent', type: F64, value: 'null' }
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
 * absentValue({ k: 'null' }, F32A); // 'null'
 * ```
 */
export function absentValue(av: AV | undefined, returnType: Type): 'undefined' | 'null' | undefined {
  if (!av || av.k === 'void') return returnType.kind === 'void' ? undefined : 'undefined';
  if (av.k === 'null' && returnType.kind !== 'row' && returnType.kind !== 'null') return 'null';
  return undefined;
}
