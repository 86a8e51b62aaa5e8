/**
 * Names a compiled function reads from outside itself (module and closure scopes), as numba treats globals:
 * numbers and booleans are frozen into the code as constants; typed arrays and arrays of numbers or booleans
 * are used by reference (their contents stay live; a plain array is checked on each call, as an argument is);
 * plain functions called by name are compiled with the caller, and memoJit functions called directly too.
 *
 * A value is frozen only if nothing can assign its binding again (`frontend/declarations.ts`): otherwise a
 * located {@link JitError} says to pass it as an argument or declare it `const`. The explicit `scope` option
 * wins over discovered names. Found through `frontend/closure.ts` (V8's inspector), at compile time only.
 *
 * Over 400 lines, with a reason: 243 of its lines are comments and checked `@example` modules; the code, the
 * rules for names from outside the function, is under 200 lines.
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import { outerName, declarationOf, type OuterName, type ScopeKind } from '../frontend/closure.js';
import type { Declaration } from '../frontend/declarations.js';
import { JitError } from '../errors.js';
import { ELEMENT_BY_NAME, type ElementKind } from '../types.js';
import { BOOLV, FLOAT, constAV, type AV } from './lattice.js';
import { parsedOf, originals } from '../dispatch/registry.js';
import { unwrap, describeValue, type AnyFunction } from '../../decorate.js';
import { GENERATED, userName } from '../js/names.js';
import type { Expr } from '../ir.js';
import type { Type } from '../types.js';
import { isPlainRecord } from './outer-objects.js';
import { functionValue, mathFunctionName } from './functions.js';
import { classValueMessage, isClassValue } from './statics.js';

/**
 * One value a compilation took from outside the function.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv, resolveOuter, type Frozen } from './outer.js';
 *
 * const K = 3.5;
 * const table = new Float64Array(4);
 * function scaled(i: number) {
 *   return K * table[i]!;
 * }
 * const parsed = parseFunction(scaled); // from the function, so its module's names can be looked up
 * const [k, tab] = [parsed.body.body[0].argument.left, parsed.body.body[0].argument.right.object]; // `K`, `table`
 * const fail = (message: string): never => { throw new Error(message); };
 * const outer = newOuterEnv(undefined);
 * resolveOuter(parsed, k, outer, fail);
 * resolveOuter(parsed, tab, outer, fail);
 * const frozen: readonly Frozen[] = outer.frozen;
 * frozen[0]; // → { kind: 'number', value: 3.5, name: 'K', scope: 'module', declared: 'const' }
 * ```
 */
export type Frozen =
  | { readonly kind: 'number'; readonly name: string; readonly value: number; readonly scope: ScopeKind; readonly declared: Declaration['kind'] }
  | { readonly kind: 'boolean'; readonly name: string; readonly value: boolean; readonly scope: ScopeKind; readonly declared: Declaration['kind'] }
  | {
    readonly kind: 'array'; readonly name: string; readonly value: object; readonly element: ElementKind; readonly scope: ScopeKind;
    readonly declared: Declaration['kind']; readonly global: string; readonly plain: 'number' | 'boolean' | undefined;
  }
  | { readonly kind: 'function'; readonly name: string; readonly value: AnyFunction; readonly original: AnyFunction; readonly scope: ScopeKind; readonly declared: Declaration['kind'] }
  /** A class compiled code constructs (`new Adder()`, `infer/classes.ts`): bound into the module by reference. */
  | { readonly kind: 'class'; readonly name: string; readonly value: AnyFunction; readonly global: string; readonly scope: ScopeKind; readonly declared: Declaration['kind'] };

/**
 * What one compilation discovered outside its functions: the explicit `scope` names (which win), and every
 * frozen value, in discovery order.
 *
 * @example
 * ```ts
 * import { newOuterEnv, type OuterEnv } from './outer.js';
 *
 * function helper(x: number) {
 *   return x * x;
 * }
 * // Names listed in memoJit's `scope` option resolve through it, not by discovery:
 * const outer: OuterEnv = newOuterEnv({ helper });
 * [[...outer.explicit], outer.frozen]; // → [ [ 'helper' ], [] ]
 * ```
 */
export interface OuterEnv {
  readonly explicit: ReadonlySet<string>;
  readonly frozen: Frozen[];
}

/**
 * @example
 * ```ts
 * import { newOuterEnv } from './outer.js';
 *
 * function helper(x: number) {
 *   return x * x;
 * }
 * newOuterEnv({ helper }).explicit.has('helper'); // → true
 * newOuterEnv(undefined).explicit.size; // → 0
 * ```
 */
export function newOuterEnv(scope: Readonly<Record<string, unknown>> | undefined): OuterEnv {
  return { explicit: new Set(Object.keys(scope ?? {})), frozen: [] };
}

const frozenAt = new WeakMap<Node, Frozen>();
const globalIds = new WeakMap<object, number>();
let nextGlobal = 0;
const byFunction = new WeakMap<AnyFunction, Map<string, Frozen>>();

/**
 * The frozen value an identifier node of a compiled function reads, for lowering.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv, resolveOuter, frozenOf } from './outer.js';
 *
 * const K = 3.5;
 * const table = new Float64Array(4);
 * function scaled(i: number) {
 *   return K * table[i]!;
 * }
 * const parsed = parseFunction(scaled); // from the function, so its module's names can be looked up
 * const [k, tab] = [parsed.body.body[0].argument.left, parsed.body.body[0].argument.right.object]; // `K`, `table`
 * const fail = (message: string): never => { throw new Error(message); };
 * const outer = newOuterEnv(undefined);
 * resolveOuter(parsed, k, outer, fail);
 * resolveOuter(parsed, tab, outer, fail);
 * frozenOf(k); // → { kind: 'number', value: 3.5, name: 'K', scope: 'module', declared: 'const' }
 * ```
 */
export function frozenOf(id: Node): Frozen | undefined {
  return frozenAt.get(id);
}

/**
 * The IR name of a value bound into generated modules from outside (`#g<k>`, one per value in the process).
 *
 * @example
 * ```ts
 * import { globalName } from './outer.js';
 *
 * const table = new Float64Array(4);
 * globalName(table); // → '#g…'
 * // One name per object:
 * globalName(table) === globalName(table); // → true
 * ```
 */
export function globalName(value: object): string {
  let n = globalIds.get(value);
  if (n === undefined) globalIds.set(value, (n = nextGlobal++));
  return GENERATED.global(n);
}

function plainArrayKind(xs: readonly unknown[]): 'num' | 'bool' | undefined {
  if (xs.length === 0 || typeof xs[0] === 'number') return xs.every((x) => typeof x === 'number') ? 'num' : undefined;
  if (typeof xs[0] === 'boolean') return xs.every((x) => typeof x === 'boolean') ? 'bool' : undefined;
  return undefined;
}

/** Where a name's binding is, in words, for messages. */
function where(d: Declaration): string {
  return d.kind === 'param' ? 'a parameter of an enclosing function' : `declared with ${d.kind}`;
}

/**
 * The outside binding the free identifier `id` of `origin` names, checked to be one nothing can assign again (a
 * located {@link JitError} otherwise); `undefined` if no binding outside has that name, or only a global does.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { frozenBinding } from './outer.js';
 *
 * const K = 3.5;
 * function scaled(x: number) {
 *   return K * x;
 * }
 * const k = parseFunction(scaled).body.body[0].argument.left; // `K`
 * const binding = frozenBinding(scaled, k, (message) => { throw new Error(message); });
 * [binding?.found.value, binding?.declared.kind]; // → [ 3.5, 'const' ]
 * ```
 */
export function frozenBinding(
  origin: AnyFunction,
  id: Node,
  fail: (message: string, node: Node, construct: string) => never,
): { found: OuterName; declared: Declaration } | undefined {
  const name = id.name as string;
  const found = outerName(origin, name);
  if (!found || found.scope === 'global') return undefined;
  const value = found.value;
  const what = typeof value === 'function' ? 'function' : 'value';
  const declared = declarationOf(origin, name);
  if (!declared) {
    return fail(`'${name}' comes from outside the function, but its declaration could not be read, so numbat cannot prove it never changes; pass it as an argument`, id, `use of ${name}`);
  }
  if (declared.kind === 'import') {
    fail(
      `'${name}' is imported, and an import follows later assignments in the module that exports it; compiled code freezes outside ${what}s: ${typeof value === 'function' ? `list it with memoJit({ scope: { ${name} } })` : `copy it into a module-level const (\`const ${name}_ = ${name};\`) and use that, or pass it as an argument`}`,
      id,
      `use of ${name}`,
    );
  }
  if (declared.reassigned || (found.scope === 'script' && declared.kind !== 'const')) {
    fail(
      `'${name}' is ${where(declared)} and may be assigned again after compiling; compiled code freezes outside ${what}s: pass it as an argument, or make it const`,
      id,
      `use of ${name}`,
    );
  }
  return { found, declared };
}

/**
 * The value of the free identifier `id` of `parsed` if it names something outside the function that compiled
 * code can use; `undefined` if nothing outside has that name (or the `scope` option lists it). Throws a located
 * {@link JitError} for a binding that may change or a value compiled code cannot hold.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { exactNumber } from './lattice.js';
 * import { newOuterEnv, resolveOuter } from './outer.js';
 *
 * const K = 3.5;
 * const table = new Float64Array(4);
 * function scaled(i: number) {
 *   return K * table[i]!;
 * }
 * const parsed = parseFunction(scaled);
 * const [k, tab] = [parsed.body.body[0].argument.left, parsed.body.body[0].argument.right.object]; // `K`, `table`
 * const fail = (message: string): never => { throw new Error(message); };
 * const outer = newOuterEnv(undefined);
 * exactNumber(resolveOuter(parsed, k, outer, fail)); // → 3.5
 * resolveOuter(parsed, tab, outer, fail); // → { k: 'array', element: 'f64' }
 * ```
 */
export function resolveOuter(parsed: ParsedFunction, id: Node, outer: OuterEnv, fail: (message: string, node: Node, construct: string) => never): AV | undefined {
  const name = id.name as string;
  const origin = parsed.origin as AnyFunction | undefined;
  if (!origin || outer.explicit.has(name)) return undefined;
  const binding = frozenBinding(origin, id, fail);
  if (!binding) return undefined;
  const { found, declared } = binding;
  const value = found.value;
  const base = { name, scope: found.scope, declared: declared.kind };
  let frozen: Frozen;
  let av: AV;
  if (typeof value === 'number') {
    frozen = { kind: 'number', value, ...base };
    av = constAV(value);
  } else if (typeof value === 'boolean') {
    frozen = { kind: 'boolean', value, ...base };
    av = BOOLV;
  } else if (isClassValue(value)) {
    return fail(classValueMessage(name), id, `use of ${name}`); // its static fields are read by outer-objects.ts
  } else if (typeof value === 'function' && mathFunctionName(value) !== undefined) {
    // `const { sqrt } = Math`: the Math function itself, called as Math.sqrt (functions.ts)
    frozen = { kind: 'function', value: value as AnyFunction, original: value as AnyFunction, ...base };
    try {
      av = functionValue(value);
    } catch (error) {
      if (error instanceof JitError) fail(error.detail, id, `call to ${name}`);
      throw error;
    }
  } else if (typeof value === 'function') {
    const original = originals.get(value as AnyFunction) ?? unwrap(value as AnyFunction).original;
    if (/\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(original))) {
      fail(`'${name}' is a built-in or bound function, whose source compiled code cannot see; pass its result as an argument, or call a function written in JavaScript`, id, `call to ${name}`);
    }
    const callee = parsedOf(original);
    frozen = { kind: 'function', value: value as AnyFunction, original, ...base };
    av = { k: 'fn', callee: { kind: 'jit', parsed: callee, scope: undefined, key: callee.node } };
  } else if (typeof value === 'object' && value !== null && ELEMENT_BY_NAME[value.constructor?.name ?? ''] !== undefined && ArrayBuffer.isView(value)) {
    const element = ELEMENT_BY_NAME[value.constructor.name]!;
    frozen = { kind: 'array', value, element, global: globalName(value), plain: undefined, ...base };
    av = { k: 'array', element };
  } else if (Array.isArray(value) && plainArrayKind(value) !== undefined) {
    const element = plainArrayKind(value)!;
    frozen = { kind: 'array', value, element, global: globalName(value), plain: element === 'num' ? 'number' : 'boolean', ...base };
    av = { k: 'array', element };
  } else if (value === Math) {
    return fail(`'${name}' is Math under another name; compiled code knows Math's members by its own name: write Math.sqrt(x), or take the functions out (const { sqrt } = Math)`, id, `use of ${name}`);
  } else if (isPlainRecord(value)) {
    return fail(
      `'${name}' is an object from outside the function; compiled code reads its number and boolean fields as constants (${name}.field), but does not use the object itself or write its fields: pass the object as an argument`,
      id,
      `use of ${name}`,
    );
  } else {
    return fail(
      `'${name}' is ${describeValue(value)} from outside the function; compiled code can read outside numbers, booleans, typed arrays, arrays of numbers or booleans, and functions (pass what you need as arguments)`,
      id,
      `use of ${name}`,
    );
  }
  recordFrozen(origin, id, frozen, outer);
  return av.k === 'num' && Number.isNaN(av.lo) ? FLOAT : av;
}

/**
 * Records that the node `at` (an identifier, or `o.p` of an outside object) of `origin` reads `frozen`, for
 * lowering ({@link lowerFrozen}) and the generated source's header.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { frozenOf, newOuterEnv, recordFrozen } from './outer.js';
 *
 * const K = 3.5;
 * function scaled(x: number) {
 *   return K * x;
 * }
 * const k = parseFunction(scaled).body.body[0].argument.left;
 * const outer = newOuterEnv(undefined);
 * recordFrozen(scaled, k, { kind: 'number', name: 'K', value: 3.5, scope: 'module', declared: 'const' }, outer);
 * [outer.frozen.length, frozenOf(k)?.kind]; // → [ 1, 'number' ]
 * ```
 */
export function recordFrozen(origin: AnyFunction, at: Node, frozen: Frozen, outer: OuterEnv): void {
  frozenAt.set(at, frozen);
  if (!outer.frozen.some((f) => f.name === frozen.name && f.value === frozen.value)) outer.frozen.push(frozen);
  let mine = byFunction.get(origin);
  if (!mine) byFunction.set(origin, (mine = new Map()));
  mine.set(frozen.name, frozen);
}

/**
 * One line per frozen value, for the generated source's header (what `inspect()` shows).
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv, resolveOuter, describeFrozen } from './outer.js';
 *
 * const K = 3.5;
 * const table = new Float64Array(4);
 * function scaled(i: number) {
 *   return K * table[i]!;
 * }
 * const parsed = parseFunction(scaled); // from the function, so its module's names can be looked up
 * const [k, tab] = [parsed.body.body[0].argument.left, parsed.body.body[0].argument.right.object]; // `K`, `table`
 * const fail = (message: string): never => { throw new Error(message); };
 * const outer = newOuterEnv(undefined);
 * resolveOuter(parsed, k, outer, fail);
 * resolveOuter(parsed, tab, outer, fail);
 * describeFrozen(outer.frozen); // → [ 'K = 3.5 (module const)', 'table = Float64Array(4) by reference as $g… (module const)' ]
 * ```
 */
export function describeFrozen(frozen: readonly Frozen[]): string[] {
  return frozen.map((f) => {
    const from = `${f.scope} ${f.declared}`;
    switch (f.kind) {
      case 'number': return `${f.name} = ${Object.is(f.value, -0) ? '-0' : String(f.value)} (${from})`;
      case 'boolean': return `${f.name} = ${String(f.value)} (${from})`;
      case 'array': return `${f.name} = ${f.plain ? `${f.plain}[]` : f.value.constructor.name}(${(f.value as ArrayLike<unknown>).length}) by reference as ${userName(f.global)} (${from})`;
      case 'function': {
        const math = mathFunctionName(f.original);
        return math !== undefined ? `${f.name} = Math.${math} (${from})` : `${f.name} = function ${f.original.name || '(anonymous)'}, compiled with it (${from})`;
      }
      case 'class': return `${f.name} = class ${f.value.name || '(anonymous)'}, constructed by reference as ${userName(f.global)} (${from})`;
    }
  });
}

/**
 * The IR of a frozen identifier: a constant, or the bound global of an array; `undefined` if `id` is not one.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { F64 } from '../types.js';
 * import { newOuterEnv, resolveOuter, lowerFrozen } from './outer.js';
 *
 * const K = 3.5;
 * const table = new Float64Array(4);
 * function scaled(i: number) {
 *   return K * table[i]!;
 * }
 * const parsed = parseFunction(scaled); // from the function, so its module's names can be looked up
 * const [k, tab] = [parsed.body.body[0].argument.left, parsed.body.body[0].argument.right.object]; // `K`, `table`
 * const fail = (message: string): never => { throw new Error(message); };
 * const outer = newOuterEnv(undefined);
 * resolveOuter(parsed, k, outer, fail);
 * resolveOuter(parsed, tab, outer, fail);
 * lowerFrozen(k, F64); // → { op: 'const', type: { kind: 'f64' }, value: 3.5 }
 * lowerFrozen(tab, F64)?.op; // → 'local'
 * ```
 */
export function lowerFrozen(id: Node, type: Type): Expr | undefined {
  const f = frozenAt.get(id);
  if (!f) return undefined;
  switch (f.kind) {
    case 'number':
    case 'boolean':
      return { op: 'const', type, value: f.value };
    case 'array':
      return { op: 'local', type: { kind: 'array', element: f.element }, name: f.global };
    case 'function':
      return undefined;
  }
}

/**
 * The arrays of a compilation the generated module binds (`$g0 = $G[0]`, …), with the entry's per-call check of
 * plain arrays.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newOuterEnv, resolveOuter, moduleGlobals } from './outer.js';
 *
 * const K = 3.5;
 * const table = new Float64Array(4);
 * function scaled(i: number) {
 *   return K * table[i]!;
 * }
 * const parsed = parseFunction(scaled); // from the function, so its module's names can be looked up
 * const [k, tab] = [parsed.body.body[0].argument.left, parsed.body.body[0].argument.right.object]; // `K`, `table`
 * const fail = (message: string): never => { throw new Error(message); };
 * const outer = newOuterEnv(undefined);
 * resolveOuter(parsed, k, outer, fail);
 * resolveOuter(parsed, tab, outer, fail);
 * // The typed array is bound into the generated module by reference; K is a constant in the code.
 * moduleGlobals(outer).map((g) => [g.name, g.value === table, g.plain]); // → [ [ '#g…', true, undefined ] ]
 * ```
 */
export function moduleGlobals(outer: OuterEnv | undefined): ModuleGlobal[] {
  const out: ModuleGlobal[] = [];
  for (const f of outer?.frozen ?? []) {
    if (f.kind === 'array' && !out.some((g) => g.name === f.global)) out.push({ name: f.global, value: f.value, plain: f.plain });
    if (f.kind === 'class' && !out.some((g) => g.name === f.global)) out.push({ name: f.global, value: f.value, plain: undefined });
  }
  return out;
}

/**
 * One array bound into a generated module.
 *
 * @example
 * ```ts
 * import type { ModuleGlobal } from './outer.js';
 *
 * // What moduleGlobals gives for `const weights = [0.25, 0.5, 0.25]` beside a compiled function:
 * const g: ModuleGlobal = { name: '#g0', value: [0.25, 0.5, 0.25], plain: 'number' };
 * ```
 */
export interface ModuleGlobal {
  readonly name: string;
  readonly value: object;
  /** For a plain array: the element type every element must have on each call (else the plain function runs). */
  readonly plain: 'number' | 'boolean' | undefined;
}
