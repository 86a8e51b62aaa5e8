/**
 * `target = test ? value : null` as a statement, rewritten to `if (test) target = value; else target = null;`
 * before analysis: the same evaluation (the test once, then one branch, then the store) in the form compiled code
 * types, where a variable or field holds null or a value by assignment (`infer/null-init.ts`,
 * `infer/field-null.ts`) but a `?:` has one type. Only where the target cannot move in between: a variable,
 * a field of `this`, or a field of a variable when neither the test nor the branches assign or call.
 *
 * @module
 */
import type { Node } from './parse.js';

const isNull = (n: Node): boolean => n.type === 'Literal' && n.value === null && n.raw === 'null';

/** Whether `n` (an expression) assigns, updates or calls anything. */
function moves(n: unknown): boolean {
  if (n === null || typeof n !== 'object') return false;
  if (Array.isArray(n)) return n.some(moves);
  const node = n as Node;
  if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression' || node.type === 'CallExpression' || node.type === 'NewExpression') return true;
  return Object.entries(node).some(([k, v]) => k !== 'type' && typeof v === 'object' && moves(v));
}

/** Whether `left` names the same place however the test and branches `right` run. */
function steadyTarget(left: Node, right: Node): boolean {
  if (left.type === 'Identifier') return true;
  if (left.type !== 'MemberExpression' || left.computed) return false;
  const o = left.object as Node;
  return o.type === 'ThisExpression' || (o.type === 'Identifier' && !moves(right));
}

/**
 * The `if` statement a `target = test ? value : null;` statement stands for, or undefined for any other statement.
 *
 * @example
 * ```ts
 * import { parseFunction } from './parse.js';
 * import { splitNullChoice } from './null-choices.js';
 *
 * const statement = (source: string) => {
 *   const expression = parseFunction(source).body; // an arrow's expression body, which parseFunction leaves as is
 *   return { type: 'ExpressionStatement', expression, start: expression.start, end: expression.end };
 * };
 * splitNullChoice(statement('(c, xs) => this.best = c ? xs : null'))?.type; // → 'IfStatement'
 * splitNullChoice(statement('(c, xs) => this.best = c ? xs : xs')); // → undefined
 * splitNullChoice(statement('(c, xs, o) => o.best = c(o) ? xs : null')); // → undefined
 * ```
 */
export function splitNullChoice(stmt: Node): Node | undefined {
  const e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
  if (e?.type !== 'AssignmentExpression' || e.operator !== '=') return undefined;
  const right = e.right as Node;
  if (right.type !== 'ConditionalExpression' || isNull(right.consequent) === isNull(right.alternate)) return undefined;
  if (!steadyTarget(e.left as Node, right)) return undefined;
  // each store its own target node: analysis records a node's value once per specialization
  const store = (value: Node): Node => ({
    type: 'ExpressionStatement', start: stmt.start, end: stmt.end,
    expression: { type: 'AssignmentExpression', operator: '=', left: structuredClone(e.left), right: value, start: e.start, end: e.end },
  } as Node);
  return { type: 'IfStatement', start: stmt.start, end: stmt.end, test: right.test, consequent: store(right.consequent), alternate: store(right.alternate) } as Node;
}

/**
 * Rewrites every `target = test ? value : null;` statement under `root` in place ({@link splitNullChoice}).
 *
 * @example
 * ```ts
 * import { parseFunction } from './parse.js';
 *
 * // parseFunction splits them as it parses:
 * parseFunction('function f(c, xs) { let best; best = c ? null : xs; return best; }').body.body[1].type; // → 'IfStatement'
 * ```
 */
export function splitNullChoices(root: Node): void {
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach((item, i) => {
        const split = item && typeof item === 'object' ? splitNullChoice(item as Node) : undefined;
        if (split) n[i] = split;
        visit(n[i]);
      });
      return;
    }
    for (const [key, value] of Object.entries(n as Record<string, unknown>)) {
      if (!value || typeof value !== 'object') continue;
      const split = key !== 'type' && !Array.isArray(value) ? splitNullChoice(value as Node) : undefined;
      if (split) (n as Record<string, unknown>)[key] = split;
      visit(split ?? value);
    }
  };
  visit(root);
}
