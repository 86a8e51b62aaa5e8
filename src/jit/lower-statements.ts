/**
 * Lowering of the statements and operators `infer/statements.ts` types: `throw`, `typeof`/`undefined`
 * tests, returns of `null`/`undefined`. `lower.ts` calls these through {@link LowerHost}.
 *
 * @module
 */
import type { Node } from './frontend/parse.js';
import type { Expr, Throw } from './ir.js';
import { isStringy } from './infer/statements.js';

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
