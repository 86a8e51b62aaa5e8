/**
 * Scopes and bindings of the analysis, the typing it produces for one specialized function, and the
 * environment one compilation shares between the functions it specializes.
 *
 * @module
 */
import type { Node, ParsedFunction } from '../frontend/parse.js';
import type { AV } from './lattice.js';
import type { OuterEnv } from './outer.js';

/**
 * A declared name: parameter, variable, helper function, or a hidden loop temporary.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { typeName } from '../types.js';
 * import { typeOf } from './lattice.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const typing = inferFunction(parseFunction('function f(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }'), [{ kind: 'i32' }], newEnv(() => undefined));
 * typing.bindings.map((b) => `${b.unique}: ${typeName(typeOf(b.value!))}`); // → [ 'n: i32', 's: f64', 'i: i32' ]
 * ```
 */
export interface Binding {
  readonly name: string;
  /** Unique within the function: shadowed names get a suffix. */
  readonly unique: string;
  readonly kind: 'param' | 'let' | 'const' | 'var' | 'function';
  /** The declaring identifier (stable across analysis rounds). */
  readonly decl: Node;
  /** Position in {@link Typing.bindings}, and of the binding's value in the analysis's per-point states. */
  readonly slot: number;
  /** Join of every value stored. */
  value: AV | undefined;
}

/**
 * @example
 * ```ts
 * import { Scope } from './scope.js';
 *
 * // The function's own scope: nothing declared yet, no parent to look in.
 * new Scope(undefined, true).lookup('x'); // → undefined
 * ```
 */
export class Scope {
  readonly names = new Map<string, Binding>();
  constructor(readonly parent: Scope | undefined, readonly functionScope: boolean) {}
  lookup(name: string): { binding: Binding; crossesFunction: boolean } | undefined {
    let crosses = false;
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return { binding: b, crossesFunction: crosses };
      if (s.functionScope) crosses = true;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------- the result

/**
 * Everything lowering needs about one specialized function.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { typeOf } from './lattice.js';
 * import { newEnv, type Typing } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * function std(xs: Float64Array) {
 *   let s = 0;
 *   for (let i = 0; i < xs.length; i++) s += xs[i]!;
 *   return s / xs.length;
 * }
 * const typing: Typing = inferFunction(parseFunction(std), [{ kind: 'array', element: 'f64' }], newEnv(() => undefined));
 * typing.params.length; // → 1
 * typeOf(typing.returns); // → { kind: 'f64' }
 * ```
 */
export interface Typing {
  readonly parsed: ParsedFunction;
  /** Name of the specialized function in the IR module. */
  readonly irName: string;
  readonly params: readonly Binding[];
  /** A method called from compiled code: its receiver, passed before the parameters (`infer/methods.ts`). */
  readonly thisParam?: Binding;
  readonly bindings: readonly Binding[];
  /** Identifier reference → binding. */
  readonly refs: ReadonlyMap<Node, Binding>;
  /** Declaring identifier → binding. */
  readonly decls: ReadonlyMap<Node, Binding>;
  /** Expression node → what it evaluates to (joined over every analysis visit). */
  readonly values: ReadonlyMap<Node, AV>;
  /** Call node → the specialization it calls. */
  readonly calls: ReadonlyMap<Node, Typing>;
  /** Statements the analysis reached (code after a `return` or `break` is never run, nor compiled). */
  readonly reached: ReadonlySet<Node>;
  readonly returns: AV;
  /** `undefined`/`null` returned beside values of type `returns` (the function then returns either). */
  readonly absentReturns?: ReadonlySet<'undefined' | 'null'>;
  /** How many arguments the call passes (fewer than the parameters: the rest are undefined or defaults). */
  readonly argCount?: number;
  readonly usesRandom: boolean;
}

/**
 * Where free names resolve (other memoJit functions), and the specialization cache of one compilation.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv, type InferEnv } from './scope.js';
 *
 * // Free names resolve to these functions (memoJit resolves them through its registry):
 * const helpers = new Map([['square', parseFunction('function square(x) { return x * x; }')]]);
 * const env: InferEnv = newEnv((name) => helpers.get(name));
 * ```
 */
export interface InferEnv {
  /** Resolves a free identifier to another memoJit function's original, or undefined. */
  readonly resolveGlobal: (name: string) => ParsedFunction | undefined;
  /** Specializations made so far in this compilation (shared by all functions of one module). */
  readonly specializations: Map<object, Map<string, Typing>>;
  /** Functions being analyzed (recursion is rejected). */
  readonly active: Set<object>;
  /** Every specialization, callees first. */
  readonly order: Typing[];
  names: Set<string>;
  /** Names found outside the compiled functions (`outer.ts`); absent where discovery is off (the GPU's kernels). */
  outer?: OuterEnv;
}

/**
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { newEnv } from './scope.js';
 * import { inferFunction } from './specialize.js';
 *
 * const env = newEnv(() => undefined);
 * const typing = inferFunction(parseFunction('function half(x) { return x / 2; }'), [{ kind: 'f64' }], env);
 * typing.parsed.name; // → 'half'
 * ```
 */
export function newEnv(resolveGlobal: (name: string) => ParsedFunction | undefined): InferEnv {
  return { resolveGlobal, specializations: new Map(), active: new Set(), order: [], names: new Set() };
}
