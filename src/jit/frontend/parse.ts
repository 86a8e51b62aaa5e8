/**
 * Stage 1: a function's source text (`fn.toString()`) to an acorn AST of the function.
 *
 * Every form that tsc, esbuild and tsx emit is accepted: function declarations and expressions, arrows with
 * expression or block bodies, method shorthand (`std(xs){…}`, the `toString()` of static and instance
 * methods) and `static`-prefixed methods. esbuild's `__name(fn, "n")` helper calls, which tsx inserts to keep
 * function names, are stripped. Node positions are offsets into `fn.toString()`, which `errors.ts` maps back
 * to the user's file.
 *
 * Minified code is the same language with shorter names: it compiles the same way. Error messages then quote
 * the minified names, and locations point into the minified file unless it ships a source map.
 *
 * @module
 */
import { parse as acornParse } from 'acorn';
import { JitError } from '../errors.js';
import { splitNullChoices } from './null-choices.js';

/**
 * A node of the ESTree AST acorn produces (loosely typed: the lowering checks shapes as it goes).
 *
 * @example
 * ```ts
 * import { parseFunction, type Node } from './parse.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const body: Node = parseFunction(std).body;
 * body.type; // → 'BlockStatement'
 * ```
 */
export interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [key: string]: any;
}

/**
 * A parsed function: its parameters and body, positions relative to {@link ParsedFunction.source}.
 *
 * @example
 * ```ts
 * import { parseFunction, type ParsedFunction } from './parse.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const { name, params, source }: ParsedFunction = parseFunction(std);
 * [name, params.length, source === std.toString()]; // → [ 'std', 1, true ]
 * ```
 */
export interface ParsedFunction {
  /** The function's name as written (`''` for anonymous arrows). */
  readonly name: string;
  /** Parameter patterns (identifiers; others are rejected later with a located error). */
  readonly params: readonly Node[];
  /** Block body, or the expression of an expression-bodied arrow. */
  readonly body: Node;
  readonly expressionBody: boolean;
  /** The function node itself. */
  readonly node: Node;
  /** `fn.toString()`, which every node position indexes. */
  readonly source: string;
  /** The function whose source this is (for locating errors in the user's file), when parsed from one. */
  readonly origin?: Function;
}

/**
 * Parses a function's source (as given by `fn.toString()`) into its AST.
 *
 * @example
 * ```ts
 * import { parseFunction } from './parse.js';
 *
 * const parsed = parseFunction('function std(xs) { return xs.length; }');
 * parsed.name; // → 'std'
 * parsed.params.length; // → 1
 * parseFunction('(a, b) => a + b').expressionBody; // → true
 * ```
 */
export function parseFunction(fn: ((...args: never[]) => unknown) | string): ParsedFunction {
  const source = typeof fn === 'string' ? fn : Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new JitError('cannot compile a built-in or bound function: its source is not available', {
      construct: 'native function',
    });
  }
  const node = parseAnyForm(source);
  if (node.async) throw located('async functions cannot be compiled: compiled code is synchronous numeric code', node, source, 'async function');
  if (node.generator) throw located('generator functions cannot be compiled', node, source, 'generator function');
  stripNameHelpers(node);
  splitNullChoices(node.body as Node); // `this.best = c ? xs : null` as the if statement it is (null-choices.ts)
  const expressionBody = node.type === 'ArrowFunctionExpression' && node.expression === true;
  return {
    name: writtenName(node.id?.name ?? (node.key?.type === 'Identifier' ? node.key.name : ''), fn),
    params: node.params as Node[],
    body: node.body as Node,
    expressionBody,
    node,
    source,
    ...(typeof fn === 'function' ? { origin: fn } : {}),
  };
}

/**
 * The name the user wrote. esbuild (tsx) renames a function expression that shares its name with the constant
 * holding it (`const keys = memoJit(function keys(…) {…})` becomes `function keys2(…)`) and restores `fn.name`
 * with its `__name` helper, so the source says `keys2` while `fn.name` says `keys`: messages and the registry
 * use `fn.name` then. Any other difference (a name set on purpose) keeps the source's name.
 */
function writtenName(inSource: string, fn: unknown): string {
  const own = typeof fn === 'function' ? fn.name : '';
  if (!own || !inSource || own === inSource || !inSource.startsWith(own)) return inSource;
  return /^\d+$/.test(inSource.slice(own.length)) ? own : inSource;
}

/** The wrappers tried, in order: each turns one emitted form into a parseable program. */
const FORMS: ReadonlyArray<{ prefix: string; suffix: string; pick: (program: Node) => Node | undefined }> = [
  // function declarations/expressions and arrows
  { prefix: '(', suffix: '\n)', pick: (p) => p.body[0]?.expression },
  // method shorthand `std(xs){…}`, `async m(){}`, `*g(){}`, `[key](){}`
  { prefix: '({', suffix: '\n})', pick: (p) => p.body[0]?.expression?.properties?.[0] },
  // `static std(xs){…}` and anything else only valid in a class body
  { prefix: '(class{', suffix: '\n})', pick: (p) => p.body[0]?.expression?.body?.body?.[0] },
];

function parseAnyForm(source: string): Node {
  let firstError: unknown;
  for (const form of FORMS) {
    let program: Node;
    try {
      program = acornParse(form.prefix + source + form.suffix, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as Node;
    } catch (error) {
      firstError ??= error;
      continue;
    }
    let fnNode = form.pick(program);
    if (fnNode && (fnNode.type === 'Property' || fnNode.type === 'MethodDefinition')) {
      if (fnNode.kind === 'get' || fnNode.kind === 'set') {
        throw new JitError('getters and setters cannot be compiled', { construct: `${fnNode.kind}ter` });
      }
      const key = fnNode.key as Node;
      fnNode = { ...(fnNode.value as Node), key };
    }
    if (!fnNode || !/Function/.test(fnNode.type)) continue;
    shift(fnNode, form.prefix.length);
    return fnNode;
  }
  const detail = firstError instanceof Error ? `: ${firstError.message}` : '';
  throw new JitError(`cannot parse the function's source${detail}`, { construct: 'source' });
}

/** Makes positions relative to `fn.toString()` by removing the wrapper's prefix length, in place. */
function shift(root: Node, by: number): void {
  const seen = new Set<object>();
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as { start?: number; end?: number; type?: string };
    if (typeof node.type === 'string' && typeof node.start === 'number' && typeof node.end === 'number') {
      node.start -= by;
      node.end -= by;
    }
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(root);
}

function isNameHelper(n: Node | null | undefined): boolean {
  return (
    !!n &&
    n.type === 'CallExpression' &&
    n.callee?.type === 'Identifier' &&
    n.callee.name === '__name' &&
    n.arguments.length === 2 &&
    n.arguments[1].type === 'Literal' &&
    typeof n.arguments[1].value === 'string'
  );
}

/**
 * Removes esbuild's `__name(f, "f")` calls in place: `__name(expr, "n")` becomes `expr`, and the statement
 * `__name(g, "g");` after a function declaration disappears.
 */
function stripNameHelpers(root: Node): void {
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) {
        const item = n[i] as Node | null;
        if (item?.type === 'ExpressionStatement' && isNameHelper(item.expression) && item.expression.arguments[0].type === 'Identifier') {
          n.splice(i, 1);
        }
      }
      n.forEach(visit);
      return;
    }
    const node = n as Record<string, unknown>;
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === 'object') {
        let v = value as Node;
        while (isNameHelper(v)) v = v.arguments[0] as Node;
        if (v !== value) node[key] = v;
        visit(v);
      }
    }
  };
  visit(root);
}

function located(message: string, node: Node, source: string, construct: string): JitError {
  return new JitError(message, { construct, span: { start: node.start, end: node.end }, source });
}

