/**
 * `const m = Array(n).fill(0); for (let i = 0; i < n; i++) m[i] = new Array(n).fill(0);`: an array of `n` numbers
 * whose every number is replaced by a row. In JS a read of `m[j]` before its row is stored gives the number 0 (and
 * `m[j][k]` is then `undefined`), which a `number[][]` of compiled code cannot hold; so compiled code takes `m` as
 * rows only where it proves that no number is ever read: the loop right after the declaration stores a row at
 * every index `0 … n - 1` before anything else uses `m`. Its shape, checked here on the source:
 *
 * - the declaration gives `m` alone `Array(n).fill(x)` or `new Array(n).fill(x)`;
 * - the next `for` statement of the block (those before it do not name `m`) is `for (let i = 0; i < m.length; i++)`
 *   (or `i < n` with the same expression as the length, of literals and variables the function never assigns;
 *   `++i`, `i += 1`) whose body begins with `m[i] = row;`, never assigns `i`, never names `m` again, and has no
 *   `break` out of this loop (a `return` or a throw leaves the function, where no one reads `m` any more);
 * - no function that names `m` can run before the loop ends (a function declaration anywhere, or a function
 *   expression written before the loop's end).
 *
 * Otherwise the stored row is a located error that says what to write instead (`Array.from`, or `.map`).
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';

const proofs = new WeakMap<Node, string | true>();

/** `Array(n).fill(x)` / `new Array(n).fill(x)`: the `n` node, else undefined. */
function filledLength(init: Node | null | undefined): Node | undefined {
  if (init?.type !== 'CallExpression' || (init.arguments as Node[]).length !== 1) return undefined;
  const callee = init.callee as Node;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.name !== 'fill') return undefined;
  const made = callee.object as Node;
  if ((made.type !== 'CallExpression' && made.type !== 'NewExpression') || made.callee.type !== 'Identifier' || made.callee.name !== 'Array') return undefined;
  const args = made.arguments as Node[];
  return args.length === 1 ? args[0] : undefined;
}

/** Every node under `root` (nested functions included), depth first. */
function* nodes(root: unknown): Generator<Node> {
  if (root === null || typeof root !== 'object') return;
  if (Array.isArray(root)) {
    for (const x of root) yield* nodes(x);
    return;
  }
  const n = root as Node;
  if (typeof n.type === 'string') yield n;
  for (const [key, value] of Object.entries(n)) if (key !== 'type' && value && typeof value === 'object') yield* nodes(value);
}

const named = (n: Node | undefined, name: string): boolean => n?.type === 'Identifier' && n.name === name;

/** Whether `root` assigns the variable `name` (`=`, `op=`, `++`, `--`). */
function assigns(root: unknown, name: string): boolean {
  for (const n of nodes(root)) {
    if (n.type === 'AssignmentExpression' && named(n.left, name)) return true;
    if (n.type === 'UpdateExpression' && named(n.argument, name)) return true;
  }
  return false;
}

/** Whether `body` has a `break` that leaves the loop it is the body of (or any labelled jump). */
function breaksOut(body: Node): boolean {
  const visit = (n: unknown, inner: boolean): boolean => {
    if (n === null || typeof n !== 'object') return false;
    if (Array.isArray(n)) return n.some((x) => visit(x, inner));
    const x = n as Node;
    if (x.type === 'BreakStatement') return x.label ? true : !inner;
    if (x.type === 'ContinueStatement' && x.label) return true;
    if (x.type === 'FunctionDeclaration' || x.type === 'FunctionExpression' || x.type === 'ArrowFunctionExpression') return false;
    const nested = inner || /^(For|ForIn|ForOf|While|DoWhile)Statement$|^SwitchStatement$/.test(x.type);
    return Object.entries(x).some(([key, value]) => key !== 'type' && value && typeof value === 'object' && visit(value, nested));
  };
  return visit(body, false);
}

/**
 * Whether `a` and `b` are the same expression of literals and variables the function never assigns (`n`,
 * `n + 1`, `2 * n`), so both give the same number.
 */
function sameValue(a: Node, b: Node, fnBody: Node): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'Literal':
      return typeof a.value === 'number' && a.value === b.value;
    case 'Identifier':
      return a.name === b.name && !assigns(fnBody, a.name as string);
    case 'BinaryExpression':
      return a.operator === b.operator && sameValue(a.left, b.left, fnBody) && sameValue(a.right, b.right, fnBody);
    case 'UnaryExpression':
      return a.operator === b.operator && (a.operator === '-' || a.operator === '+') && sameValue(a.argument, b.argument, fnBody);
    default:
      return false;
  }
}

/** Why the loop `loop` does not store a row at every index of `name` first, or undefined when it does. */
function loopRefusal(loop: Node | undefined, name: string, length: Node, fnBody: Node): string | undefined {
  if (loop?.type !== 'ForStatement') return 'no for loop follows';
  const init = loop.init as Node | null;
  const d = init?.type === 'VariableDeclaration' && (init.declarations as Node[]).length === 1 ? (init.declarations as Node[])[0]! : undefined;
  const i = d?.id.type === 'Identifier' && d.init?.type === 'Literal' && d.init.value === 0 ? (d.id.name as string) : undefined;
  if (!i) return 'the loop does not start with let i = 0';
  const test = loop.test as Node | null;
  const bound = test?.type === 'BinaryExpression' && test.operator === '<' && named(test.left, i) ? (test.right as Node) : undefined;
  const sameLength = (b: Node | undefined): boolean =>
    (b?.type === 'MemberExpression' && !b.computed && named(b.object, name) && b.property.name === 'length') || (b !== undefined && sameValue(b, length, fnBody));
  if (!sameLength(bound)) return `the loop does not run i < ${name}.length (or i < the length given to Array, made of variables the function never changes)`;
  const u = loop.update as Node | null;
  const steps = (u?.type === 'UpdateExpression' && u.operator === '++' && named(u.argument, i)) ||
    (u?.type === 'AssignmentExpression' && u.operator === '+=' && named(u.left, i) && u.right.type === 'Literal' && u.right.value === 1);
  if (!steps) return 'the loop does not step i++';
  const body = loop.body as Node;
  const first = body.type === 'BlockStatement' ? (body.body as Node[])[0] : body;
  const store = first?.type === 'ExpressionStatement' ? (first.expression as Node) : undefined;
  const target = store?.type === 'AssignmentExpression' && store.operator === '=' ? (store.left as Node) : undefined;
  if (!(target?.type === 'MemberExpression' && target.computed && named(target.object, name) && named(target.property, i))) return `the loop's body does not begin with ${name}[${i}] = row`;
  if (assigns(body, i)) return `the loop's body assigns ${i}`;
  for (const n of nodes(body)) if (named(n, name) && n !== target.object) return `the loop's body uses ${name} beyond storing its rows`;
  if (breaksOut(body)) return 'the loop may break before every row is stored';
  // a function that names it may run before the loop ends: a declaration anywhere (hoisted), an expression before
  for (const n of nodes(fnBody)) {
    const fn = n.type === 'FunctionDeclaration' || ((n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') && n.start < loop.end);
    if (fn && [...nodes(n.body)].some((x) => named(x, name))) return `a function names ${name} and may run before every row is stored`;
  }
  return undefined;
}

/** The index of the for loop after `stmts[k]`, past statements that do not name `name`; else `k + 1`. */
function loopAfter(stmts: readonly Node[], k: number, name: string): number {
  let j = k + 1;
  while (j < stmts.length && stmts[j]!.type !== 'ForStatement' && ![...nodes(stmts[j])].some((x) => named(x, name))) j++;
  return j;
}

/**
 * Notes, for each declaration among `stmts` (one block, in order) that gives a variable `Array(n).fill(x)`,
 * whether the statements after it store a row at every index before anything else uses the array. `fnBody` is the
 * whole function's body (a length variable it assigns anywhere is no proof).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { filledRowsRefusal, noteFilledRows } from './filled-rows.js';
 *
 * const f = parseFunction('function f(n) { const m = Array(n).fill(0); for (let i = 0; i < n; i++) m[i] = [i]; return m; }');
 * noteFilledRows(f.body.body, f.body);
 * filledRowsRefusal(f.body.body[0].declarations[0].init); // → undefined
 * const g = parseFunction('function g(n) { const m = Array(n).fill(0); m[1] = [1]; return m; }');
 * noteFilledRows(g.body.body, g.body);
 * filledRowsRefusal(g.body.body[0].declarations[0].init); // → 'no for loop follows'
 * ```
 */
export function noteFilledRows(stmts: readonly Node[], fnBody: Node): void {
  stmts.forEach((s, k) => {
    if (s.type !== 'VariableDeclaration') return;
    for (const d of s.declarations as Node[]) {
      const length = filledLength(d.init);
      if (!length || proofs.has(d.init)) continue;
      if (d.id.type !== 'Identifier') continue;
      const name = d.id.name as string;
      const why = (s.declarations as Node[]).length !== 1 ? `${name} is declared beside other variables` : loopRefusal(stmts[loopAfter(stmts, k, name)], name, length, fnBody);
      proofs.set(d.init, why ?? true);
    }
  });
}

/**
 * For `Array(n).fill(x)` given to a variable: undefined when {@link noteFilledRows} proved that rows replace every
 * number before a read, the reason it could not otherwise; undefined too for any other node.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { filledRowsRefusal } from './filled-rows.js';
 *
 * filledRowsRefusal(parseFunction('(n) => Array(n).fill(0)').body); // → undefined
 * ```
 */
export function filledRowsRefusal(init: Node): string | undefined {
  const p = proofs.get(init);
  return p === true ? undefined : p;
}

/**
 * Whether `init` is an `Array(n).fill(x)` that {@link noteFilledRows} looked at (proved or not).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { isNotedFill, noteFilledRows } from './filled-rows.js';
 *
 * const f = parseFunction('function f(n) { const m = Array(n).fill(0); return m; }');
 * isNotedFill(f.body.body[0].declarations[0].init); // → false
 * noteFilledRows(f.body.body, f.body);
 * isNotedFill(f.body.body[0].declarations[0].init); // → true
 * ```
 */
export function isNotedFill(init: Node): boolean {
  return proofs.has(init);
}
