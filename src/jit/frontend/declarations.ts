/**
 * How a name a function reads from outside is declared, and whether anything may assign it again: the fact that
 * lets the compiler freeze a module-level value (numba freezes globals) without ever giving a different result.
 *
 * The function's loaded script is parsed with acorn (cached per script). From the function's node, the
 * enclosing scopes are searched outward, as JavaScript resolves the name; then every write to that binding in
 * its scope is looked for (assignments, `++`/`--`, destructuring and `for…in/of` targets, a `var` or function
 * declared again), skipping writes to a shadowing declaration. A direct `eval` or a `with` in that scope means
 * anything may be assigned.
 *
 * @module
 */
import { parse as acornParse } from 'acorn';
import type { Node } from './parse.js';

/**
 * What {@link analyzeDeclaration} found.
 *
 * @example
 * ```ts
 * import type { Declaration } from './declarations.js';
 *
 * // `const K = 2;` at line 3, column 7 of a module, never assigned again:
 * const d: Declaration = { kind: 'const', reassigned: false, topLevel: true, module: true, line: 3, column: 7 };
 * ```
 */
export interface Declaration {
  readonly kind: 'const' | 'let' | 'var' | 'function' | 'class' | 'param' | 'import' | 'catch';
  /** Something in the binding's scope may assign it after its declaration. */
  readonly reassigned: boolean;
  /** Declared at the top level of the script (for a classic script: visible to, and assignable by, other scripts). */
  readonly topLevel: boolean;
  /** The script is an ES module. */
  readonly module: boolean;
  /** 1-based line and 0-based column of the declaring identifier in the loaded script. */
  readonly line: number;
  readonly column: number;
}

interface ParsedScript {
  readonly program: Node;
  readonly module: boolean;
  readonly parents: WeakMap<Node, Node>;
}

const scripts = new Map<string, ParsedScript | null>();

function parseScript(source: string): ParsedScript | undefined {
  let parsed = scripts.get(source);
  if (parsed === undefined) {
    parsed = null;
    for (const sourceType of ['module', 'script'] as const) {
      try {
        const program = acornParse(source, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' }) as unknown as Node;
        const parents = new WeakMap<Node, Node>();
        visit(program, (n, parent) => { if (parent) parents.set(n, parent); });
        parsed = { program, module: sourceType === 'module', parents };
        break;
      } catch {
        // try the other source type
      }
    }
    if (scripts.size > 64) scripts.clear();
    scripts.set(source, parsed);
  }
  return parsed ?? undefined;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function visit(n: Node, f: (n: Node, parent: Node | undefined) => void, parent?: Node): void {
  f(n, parent);
  for (const key of Object.keys(n)) {
    const v = n[key] as unknown;
    if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c, f, n); }
    else if (isNode(v)) visit(v, f, n);
  }
}

const isFunction = (n: Node): boolean => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
const isLoop = (n: Node): boolean => /^(?:For|ForIn|ForOf|While|DoWhile)Statement$/.test(n.type);

function patternIds(p: Node | null | undefined, out: Node[] = []): Node[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier': out.push(p); break;
    case 'ArrayPattern': for (const e of p.elements as (Node | null)[]) patternIds(e, out); break;
    case 'ObjectPattern': for (const q of p.properties as Node[]) patternIds(q.type === 'RestElement' ? q.argument : q.value, out); break;
    case 'RestElement': patternIds(p.argument, out); break;
    case 'AssignmentPattern': patternIds(p.left, out); break;
  }
  return out;
}

/** `var` declarators anywhere under `body`, not inside nested functions. */
function varIds(body: Node, out: Node[] = []): Node[] {
  const walk = (n: Node): void => {
    if (n !== body && isFunction(n)) return;
    if (n.type === 'VariableDeclaration' && n.kind === 'var') for (const d of n.declarations as Node[]) patternIds(d.id, out);
    for (const key of Object.keys(n)) {
      const v = n[key] as unknown;
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) walk(c); }
      else if (isNode(v)) walk(v);
    }
  };
  walk(body);
  return out;
}

/** Let/const/class/function declarations directly in a statement list. */
function lexicalIds(stmts: readonly Node[], name: string): { id: Node; kind: Declaration['kind'] } | undefined {
  for (let s of stmts) {
    if ((s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && s.declaration) s = s.declaration as Node;
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') {
      for (const d of s.declarations as Node[]) for (const id of patternIds(d.id)) if (id.name === name) return { id, kind: s.kind as 'let' | 'const' };
    } else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id?.name === name) {
      return { id: s.id as Node, kind: s.type === 'FunctionDeclaration' ? 'function' : 'class' };
    } else if (s.type === 'ImportDeclaration') {
      for (const sp of s.specifiers as Node[]) if (sp.local.name === name) return { id: sp.local as Node, kind: 'import' };
    }
  }
  return undefined;
}

/** The declaration of `name` that scope node `n` makes, if any. */
function declaresIn(n: Node, name: string): { id: Node; kind: Declaration['kind'] } | undefined {
  switch (n.type) {
    case 'Program': {
      const lexical = lexicalIds(n.body as Node[], name);
      if (lexical) return lexical;
      const v = varIds(n).find((id) => id.name === name);
      return v ? { id: v, kind: 'var' } : undefined;
    }
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      for (const p of n.params as Node[]) for (const id of patternIds(p)) if (id.name === name) return { id, kind: 'param' };
      if (n.body.type === 'BlockStatement') {
        const v = varIds(n.body as Node).find((id) => id.name === name);
        if (v) return { id: v, kind: 'var' };
      }
      if (n.type === 'FunctionExpression' && n.id?.name === name) return { id: n.id as Node, kind: 'function' };
      return undefined;
    }
    case 'BlockStatement':
    case 'StaticBlock':
      return lexicalIds(n.body as Node[], name);
    case 'SwitchStatement':
      return lexicalIds((n.cases as Node[]).flatMap((c) => c.consequent as Node[]), name);
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const decl = (n.type === 'ForStatement' ? n.init : n.left) as Node | null;
      return decl?.type === 'VariableDeclaration' && decl.kind !== 'var' ? lexicalIds([decl], name) : undefined;
    }
    case 'CatchClause':
      for (const id of patternIds(n.param as Node | null)) if (id.name === name) return { id, kind: 'catch' };
      return undefined;
    default:
      return undefined;
  }
}

/** Identifiers `n` writes (as an assignment target), not counting declarations with an initializer. */
function writtenIds(n: Node): Node[] {
  switch (n.type) {
    case 'AssignmentExpression': return patternIds(n.left as Node);
    case 'UpdateExpression': return n.argument.type === 'Identifier' ? [n.argument as Node] : [];
    case 'ForInStatement':
    case 'ForOfStatement': return n.left.type === 'VariableDeclaration' ? [] : patternIds(n.left as Node);
    default: return [];
  }
}

/**
 * The declaration of `name` as the function whose text is `fnText` (at 0-based `line`/`column` of `source`,
 * V8's `[[FunctionLocation]]`) sees it; `undefined` if the function or the name's declaration is not found.
 *
 * @example
 * ```ts
 * import { analyzeDeclaration } from './declarations.js';
 *
 * const source = 'let K = 2;\nfunction f(x) { return x * K; }\nK = 3;';
 * const d = analyzeDeclaration(source, 1, 0, 'function f(x) { return x * K; }', 'K');
 * [d?.kind, d?.reassigned, d?.topLevel]; // → [ 'let', true, true ]
 * ```
 */
export function analyzeDeclaration(source: string, line: number, column: number, fnText: string, name: string): Declaration | undefined {
  const script = parseScript(source);
  if (!script) return undefined;
  let approx = 0;
  for (let l = 0; l < line; l++) approx = source.indexOf('\n', approx) + 1;
  approx += column;
  let start = source.lastIndexOf(fnText, approx);
  if (start === -1) start = source.indexOf(fnText, Math.max(0, approx - fnText.length));
  if (start === -1) return undefined;
  const end = start + fnText.length;
  let fnNode: Node | undefined;
  visit(script.program, (n) => {
    if (isFunction(n) && n.end === end && n.start >= start && (!fnNode || n.start < fnNode.start)) fnNode = n;
  });
  if (!fnNode) return undefined;
  let found: { id: Node; kind: Declaration['kind'] } | undefined;
  let scope: Node | undefined;
  for (let a: Node | undefined = script.parents.get(fnNode); a; a = script.parents.get(a)) {
    found = declaresIn(a, name);
    if (found) { scope = a; break; }
  }
  if (fnNode.type === 'FunctionExpression' && fnNode.id?.name === name && !found) {
    found = { id: fnNode.id as Node, kind: 'function' };
    scope = fnNode;
  }
  if (!found || !scope) return undefined;
  const declScope = scope;
  const shadowed = (id: Node): boolean => {
    for (let a = script.parents.get(id); a && a !== declScope; a = script.parents.get(a)) if (declaresIn(a, name)) return true;
    return false;
  };
  let reassigned = false;
  let declarations = 0;
  visit(declScope, (n) => {
    if (reassigned) return;
    if (n.type === 'WithStatement' || (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'eval')) reassigned = true;
    for (const id of writtenIds(n)) if (id.name === name && !shadowed(id)) reassigned = true;
    if (found!.kind === 'var' && n.type === 'VariableDeclarator' && n.init) {
      for (const id of patternIds(n.id as Node)) {
        if (id.name !== name || shadowed(id)) continue;
        declarations += 1;
        // run again on each pass of a loop, or declared twice: a later write
        for (let a = script.parents.get(n); a && a !== declScope; a = script.parents.get(a)) if (isLoop(a)) reassigned = true;
      }
    }
    if (n.type === 'FunctionDeclaration' && n.id?.name === name && !shadowed(n.id as Node)) declarations += 1;
  });
  if (declarations > 1) reassigned = true;
  let l = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < found.id.start; i = source.indexOf('\n', i + 1)) { l += 1; lineStart = i + 1; }
  return { kind: found.kind, reassigned, topLevel: declScope.type === 'Program', module: script.module, line: l, column: found.id.start - lineStart };
}
