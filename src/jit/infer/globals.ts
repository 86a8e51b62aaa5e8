/**
 * Built-in globals other than `Math` in inference and lowering: each name is a row of `ops/globals.ts`. Also
 * the message for a name found nowhere, which offers `scope` only where following it compiles.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { outerName } from '../frontend/closure.js';
import { globalRow, type GlobalRow } from '../ops/globals.js';
import { F64, type Type } from '../types.js';
import type { Expr } from '../ir.js';
import { BOOLV, constAV, describeAV, type AV } from './lattice.js';

/** What inference needs from the analysis of the function being typed. */
export interface GlobalHost {
  expr(node: Node): AV;
  /** Whether the function (or an enclosing one it is compiled with) declares `name` itself. */
  declares(name: string): boolean;
  /** The function whose source this is, to see names of its module and closures that shadow a global. */
  readonly origin: Function | undefined;
  fail(message: string, node: Node, construct: string): never;
}

const calls = new WeakMap<Node, Extract<GlobalRow, { kind: 'predicate' }>>();

/** `'isFinite'` for `isFinite`, `'Number.isNaN'` for `Number.isNaN`, when the name is JS's own global there. */
function builtinName(node: Node, host: GlobalHost): string | undefined {
  let root: string;
  let name: string;
  if (node.type === 'Identifier') {
    root = name = node.name as string;
  } else if (node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier') {
    root = node.object.name as string;
    name = `${root}.${node.property.name as string}`;
  } else return undefined;
  if (!globalRow(name) || host.declares(root)) return undefined;
  const outside = host.origin ? outerName(host.origin, root) : undefined;
  return outside === undefined || outside.scope === 'global' ? name : undefined;
}

/**
 * The value of a global read as a value (`NaN`, `Infinity`), or a located error for a listed unsupported one;
 * undefined when `id` is not a listed global.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { globalCall, globalValue, type GlobalHost } from './globals.js';
 *
 * // A host that sees no locals and types every operand as a number:
 * const host: GlobalHost = { expr: () => FLOAT, declares: () => false, origin: undefined, fail: (m) => { throw new Error(m); } };
 * const e = parseFunction('(x) => Number.isFinite(x) && x < Infinity').body;
 * globalValue(e.right.right, host); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * globalValue(e.right.left, host); // → undefined
 * ```
 */
export function globalValue(id: Node, host: GlobalHost): AV | undefined {
  const name = builtinName(id, host);
  if (name === undefined) return undefined;
  const row = globalRow(name)!;
  if (row.kind === 'constant') return constAV(row.value);
  if (row.kind === 'unsupported') return host.fail(row.reason, id, `use of ${name}`);
  return host.fail(`${name} is a function: call it`, id, `use of ${name}`);
}

/**
 * The type of a call of a global predicate (`Number.isFinite(x)`), checked against its row; undefined when the
 * callee is not a listed global.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { globalCall, globalValue, type GlobalHost } from './globals.js';
 *
 * // A host that sees no locals and types every operand as a number:
 * const host: GlobalHost = { expr: () => FLOAT, declares: () => false, origin: undefined, fail: (m) => { throw new Error(m); } };
 * const e = parseFunction('(x) => Number.isFinite(x) && x < Infinity').body;
 * globalCall(e.left, host); // → { k: 'bool' }
 * ```
 */
export function globalCall(call: Node, host: GlobalHost): AV | undefined {
  const name = builtinName(call.callee as Node, host);
  if (name === undefined) return undefined;
  const row = globalRow(name)!;
  if (row.kind === 'unsupported') return host.fail(row.reason, call, `call to ${name}`);
  if (row.kind === 'constant') return host.fail(`${name} is a number, not a function`, call, `call to ${name}`);
  const args = call.arguments as Node[];
  if (args.length !== 1 || args[0]!.type === 'SpreadElement') host.fail(`${name} takes one number in compiled code`, call, `call to ${name}`);
  const v = host.expr(args[0]!);
  if (v.k !== 'num') host.fail(`${name} takes a number in compiled code, not ${describeAV(v)}`, args[0]!, `call to ${name}`);
  if (row.twice && sourceHasEffects(args[0]!)) {
    host.fail(`${name} reads its argument twice in compiled code, so it takes no calls or assignments; store the value in a local first`, args[0]!, `call to ${name}`);
  }
  calls.set(call, row);
  return BOOLV;
}

// Asked of source (calls, `new`, assignments), before any IR exists; the IR's rule is `ir/walk.ts`'s hasEffect.
function sourceHasEffects(n: Node): boolean {
  if (/^(?:CallExpression|NewExpression|AssignmentExpression|UpdateExpression)$/.test(n.type)) return true;
  for (const key of Object.keys(n)) {
    const v = n[key] as unknown;
    if (Array.isArray(v)) { if (v.some((c) => isNode(c) && sourceHasEffects(c))) return true; }
    else if (isNode(v) && sourceHasEffects(v)) return true;
  }
  return false;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/**
 * The IR of a global predicate call inference accepted, or undefined if `call` is not one.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { F64 } from '../types.js';
 * import { FLOAT } from './lattice.js';
 * import { globalCall, lowerGlobalCall } from './globals.js';
 *
 * const call = parseFunction('(x) => Number.isFinite(x)').body;
 * globalCall(call, { expr: () => FLOAT, declares: () => false, origin: undefined, fail: (m) => { throw new Error(m); } });
 * const ir = lowerGlobalCall(call, (n) => ({ op: 'local', type: F64, name: n.name }));
 * ir?.op === 'compare' && [ir.operator, ir.left.op, ir.right]; // → [ 'lt', 'math', { op: 'const', type: { kind: 'f64' }, value: Infinity } ]
 * ```
 */
export function lowerGlobalCall(call: Node, lower: (node: Node) => Expr): Expr | undefined {
  const row = calls.get(call);
  if (!row) return undefined;
  const arg = (call.arguments as Node[])[0]!;
  return row.lower(lower(arg), () => lower(arg));
}

/**
 * The IR of a global constant read as a value (`NaN`, `Infinity`), when `id` is one inference accepted.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { F64 } from '../types.js';
 * import { lowerGlobalValue } from './globals.js';
 *
 * lowerGlobalValue(parseFunction('() => NaN').body, F64); // → { op: 'const', type: { kind: 'f64' }, value: NaN }
 * ```
 */
export function lowerGlobalValue(id: Node, type: Type): Expr | undefined {
  const row = globalRow(id.name as string);
  return row?.kind === 'constant' ? { op: 'const', type: type.kind === 'i32' ? type : F64, value: row.value } : undefined;
}

/**
 * What to say about a name found nowhere the function can see: a global the compiler does not read, or a name
 * not defined where the function was written. `scope` is suggested only for the latter, where listing the
 * function compiles. Without discovery (`discovery` false: the GPU's kernels) neither is known.
 *
 * @example
 * ```ts
 * import { freeNameMessage } from './globals.js';
 *
 * freeNameMessage('JSON'); // → "'JSON' is a global (a property of globalThis) compiled code does not read; …"
 * freeNameMessage('helper'); // → "…if it is a memoJit function, list it with memoJit({ scope: { helper } })"
 * ```
 */
export function freeNameMessage(name: string, discovery = true): string {
  if (!discovery) return `'${name}' is not a parameter, local, or memoJit function this compilation can see (GPU kernels read no module or closure names); pass it as an argument`;
  if (name in globalThis) {
    return `'${name}' is a global (a property of globalThis) compiled code does not read; compiled code reads Math, Number's constants and predicates, isFinite, isNaN, NaN and Infinity (pass anything else as an argument)`;
  }
  return `'${name}' is not a parameter, local, or name of the function's module or closures (plain JS would throw a ReferenceError here); if it is a memoJit function, list it with memoJit({ scope: { ${name} } })`;
}

