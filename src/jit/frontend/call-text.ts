/**
 * How V8 names a callee in its "… is not a function" TypeError, from the callee's AST: it prints the expression
 * rather than quoting the source (`rows[ i ].push` is "rows[i].push", `rows[i+1].push` is "rows[(i + 1)].push").
 * Compiled code that must throw that error itself (a method it calls as JS would, on a receiver that may lack it)
 * uses the text; a callee this printer does not know is undefined, and the caller refuses it.
 *
 * @module
 */
import type { Node } from './parse.js';

/**
 * V8's text for the callee `e`, or undefined for a form not covered (calls, strings, literals V8 folds).
 *
 * @example
 * ```ts
 * import { parseFunction } from './parse.js';
 * import { calleeText } from './call-text.js';
 *
 * const callee = (source: string) => parseFunction(source).body.callee;
 * calleeText(callee('(rows, i) => rows[ i ].push(1)')); // → 'rows[i].push'
 * calleeText(callee('(rows, i) => rows[i+1].push(1)')); // → 'rows[(i + 1)].push'
 * calleeText(callee('(rows, i) => rows[-i].push(1)')); // → 'rows[(-i)].push'
 * calleeText(callee('(rows, f) => rows[f(0)].push(1)')); // → undefined
 * ```
 */
export function calleeText(e: Node): string | undefined {
  switch (e.type) {
    case 'Identifier':
      return e.name as string;
    case 'ThisExpression':
      return 'this';
    case 'Literal':
      // a number as V8 prints it; 1e0 prints 1 (String gives the same)
      return typeof e.value === 'number' ? String(e.value) : undefined;
    case 'MemberExpression': {
      const o = calleeText(e.object as Node);
      if (o === undefined) return undefined;
      if (!e.computed) return `${o}.${(e.property as Node).name as string}`;
      const p = calleeText(e.property as Node);
      return p === undefined ? undefined : `${o}[${p}]`;
    }
    case 'BinaryExpression': {
      // two literals V8 folds into one number (`1e0 - 1` prints 0): not covered
      if ((e.left as Node).type === 'Literal' && (e.right as Node).type === 'Literal') return undefined;
      const l = calleeText(e.left as Node);
      const r = calleeText(e.right as Node);
      return l === undefined || r === undefined ? undefined : `(${l} ${e.operator as string} ${r})`;
    }
    case 'UnaryExpression': {
      if (e.operator !== '-' && e.operator !== '+' && e.operator !== '!' && e.operator !== '~') return undefined;
      if ((e.argument as Node).type === 'Literal') return undefined; // `-1` is one literal to V8
      const a = calleeText(e.argument as Node);
      return a === undefined ? undefined : `(${e.operator as string}${a})`;
    }
    default:
      return undefined;
  }
}
