/**
 * Code before `super(…)` in a subclass constructor (`constructor(m, v) { const p = m * v; super(p); this.v = v; }`):
 * JS runs it first, with no `this` yet, usually to compute the base class's arguments. `classes.ts` analyzes a
 * construction as one list of statements, so these statements simply come first, in the subclass's scope, before
 * the `super(…)` arguments are bound to the base constructor's parameters. The generated code calls the real class,
 * so they run as written.
 *
 * Refused with a located error: `super(…)` that is not a statement of the constructor's own body (inside a branch,
 * a loop, an expression), a second `super(…)`, and `this`, `super.x` or `return` before it (JS throws a
 * ReferenceError for `this` there; compiled code would have no instance to type).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';

/** Whether `n` is the statement `super(…);`. */
function isSuperStatement(n: Node | undefined): n is Node {
  const call = n?.type === 'ExpressionStatement' ? (n.expression as Node) : undefined;
  return call?.type === 'CallExpression' && (call.callee as Node).type === 'Super';
}

/** The first node of `n` (a subtree) that is `this`, `super` or `return`, if any. */
function forbidden(n: unknown): Node | undefined {
  if (n === null || typeof n !== 'object') return undefined;
  if (Array.isArray(n)) {
    for (const x of n) {
      const hit = forbidden(x);
      if (hit) return hit;
    }
    return undefined;
  }
  const x = n as Node;
  if (x.type === 'ThisExpression' || x.type === 'Super' || x.type === 'ReturnStatement') return x;
  for (const [key, value] of Object.entries(x)) {
    if (key === 'type' || !value || typeof value !== 'object') continue;
    const hit = forbidden(value);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Splits a subclass constructor's statements `body` at its `super(…)` statement: the statements before it and the
 * call. `fail` reports a located error (see the module's refusals); `className` names the class in it.
 *
 * @example
 * ```ts
 * import { parse } from 'acorn';
 * import type { Node } from '../frontend/parse.js';
 * import { splitAtSuper } from './super-prelude.js';
 *
 * // The statements of the constructor of a class's source:
 * const ctorBody = (source: string): Node[] => (parse(source, { ecmaVersion: 'latest' }) as unknown as Node).body[0].body.body[0].value.body.body;
 * const fail = (message: string): never => { throw new Error(message); };
 * const { before, call } = splitAtSuper(ctorBody('class C extends B { constructor(m, v) { const p = m * v; super(p); this.v = v; } }'), 'C', fail);
 * [before.length, call.arguments.length]; // → [ 1, 1 ]
 * // `super(…)` inside a branch:
 * splitAtSuper(ctorBody('class C extends B { constructor(m) { if (m) super(m); else super(0); } }'), 'C', fail); // → throws Error: the constructor of C calls super(…) inside a branch…
 * ```
 */
export function splitAtSuper(body: readonly Node[], className: string, fail: (message: string) => never): { before: Node[]; call: Node } {
  const at = body.findIndex((s) => isSuperStatement(s));
  if (at < 0) {
    const nested = forbidden(body);
    return fail(
      nested?.type === 'Super'
        ? `the constructor of ${className} calls super(…) inside a branch, loop or expression; compiled code needs super(…) as a statement of the constructor's own body (compute its arguments before it)`
        : `the constructor of ${className} never calls super(…); a subclass constructor calls super(…) before using this`,
    );
  }
  const before = body.slice(0, at);
  const bad = forbidden(before);
  if (bad) {
    const what = bad.type === 'ThisExpression' ? '`this` (JS throws a ReferenceError there)' : bad.type === 'Super' ? 'super' : 'return';
    fail(`the constructor of ${className} uses ${what} before super(…); compiled code runs statements before super(…) that compute its arguments only`);
  }
  if (body.slice(at + 1).some((s) => isSuperStatement(s))) {
    fail(`the constructor of ${className} calls super(…) twice; JS throws a ReferenceError at the second call`);
  }
  return { before, call: (body[at] as Node).expression as Node };
}
