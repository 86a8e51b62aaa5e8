/**
 * The one rule for the user's names in generated JavaScript: they can never meet the compiler's.
 *
 * Generated code has names of its own, all made here ({@link GENERATED}, {@link RUNTIME_PARAMS}, the PRNG's
 * `$s0`…), reads a few globals by name (`Math`, `NaN`, `Infinity`, `undefined`, typed array constructors), and
 * is strict-mode code, while a sloppy source may say `var let`. An IR name (the user's, or a lowering temporary
 * such as `$i`, which lowering already keeps apart from the user's) is emitted as written unless it is one of
 * those names, has their shape, or starts with `$u_`: then it becomes `$u_` + name. Nothing else makes a `$u_`
 * name, so the mapping is one-to-one and no user name can shadow a compiler name or a global, while ordinary
 * programs compile to the same text as before.
 *
 * @module
 */
import { ARRAY_CONSTRUCTORS } from '../types.js';
import { RANDOM_LOCALS } from '../random.js';
import { ERROR_CLASSES } from '../ops/throw.js';

/**
 * Values the generated module receives from the runtime (see `runtime.ts`), in this order.
 *
 * @example
 * ```ts
 * import { RUNTIME_PARAMS } from './names.js';
 *
 * // The generated module is the body of a function taking these, in this order (runtime.ts's instantiate):
 * RUNTIME_PARAMS[0]; // → '$S'
 * RUNTIME_PARAMS.length; // → 11
 * ```
 */
export const RUNTIME_PARAMS = ['$S', '$fallback', '$rowRange', '$nullRow', '$checkI32', '$G', '$rows', '$par', '$R', '$isArray', '$lazyMiss'] as const;

/**
 * The names generated code makes from a matrix or function name, or a counter.
 *
 * @example
 * ```ts
 * import { GENERATED } from './names.js';
 *
 * GENERATED.data('m'); // → '$d_m'
 * ```
 */
export const GENERATED = {
  data: (m: string): string => `$d_${m}`,
  rows: (m: string): string => `$r_${m}`,
  cols: (m: string): string => `$c_${m}`,
  callee: (f: string): string => `$fn_${f}`,
  temp: (k: number): string => `$t${k}`,
  /** Counters of the entry's element checks of plain-array arguments (`$s_i`, `$s_n`), scoped to their loop. */
  scan: (name: string): string => `$s_${name}`,
  /**
   * The IR name of an array the code reads from outside the function (`infer/outer.ts`), bound once per
   * instantiation: `#` keeps it apart from every user name in the IR; {@link userName} emits it as `$g<k>`.
   */
  global: (k: number): string => `#g${k}`,
} as const;

/** Names of the {@link GENERATED} shapes, the runtime parameters and the PRNG locals. */
const COMPILER_NAME = /^\$(?:[drcs]_|fn_|[tg]\d+$|u_)/;
const COMPILER_NAMES = new Set<string>([...RUNTIME_PARAMS, ...RANDOM_LOCALS.s, RANDOM_LOCALS.out, RANDOM_LOCALS.hi]);

/** Globals generated code refers to by name (`codegen.ts`, `ops/math.ts`: `Math.sqrt`, `literal`: `NaN`…). */
const GLOBALS_USED: readonly string[] = ['Math', 'NaN', 'Infinity', 'undefined', ...Object.values(ARRAY_CONSTRUCTORS).map((c) => c.name), ...Object.keys(ERROR_CLASSES)];

/** Names a sloppy-mode function may bind that strict-mode code may not (or that mean something else there). */
const STRICT_RESERVED: readonly string[] = [
  'arguments', 'eval', 'let', 'static', 'this', 'yield', 'await', 'implements', 'interface', 'package', 'private', 'protected', 'public',
];

/**
 * Keywords: no parameter or local can be named so, but a function can (`{ delete(x) {…} }.delete`, a method
 * named `new`), and its specialization is emitted as `function <name>(…)`.
 */
const KEYWORDS: readonly string[] = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'throw',
  'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
];

const RENAMED = new Set([...COMPILER_NAMES, ...GLOBALS_USED, ...STRICT_RESERVED, ...KEYWORDS]);

/**
 * The name generated code uses for the IR's parameter, local or function `name`.
 *
 * @example
 * ```ts
 * import { userName } from './names.js';
 *
 * userName('acc'); // → 'acc'
 * // A lowering temporary, or a user name of no generated shape, stays:
 * userName('$i'); // → '$i'
 * // Names that could meet a global, a runtime name, a generated name or a keyword get a prefix:
 * userName('Infinity'); // → '$u_Infinity'
 * userName('$rows'); // → '$u_$rows'
 * userName('$d_m'); // → '$u_$d_m'
 * userName('let'); // → '$u_let'
 * // A keyword, the name of a method (`{ delete(x) {…} }.delete`):
 * userName('delete'); // → '$u_delete'
 * // An array from outside (a user's own `$g0` is '$u_$g0'):
 * userName('#g0'); // → '$g0'
 * ```
 */
export function userName(name: string): string {
  if (name.startsWith('#g')) return `$${name.slice(1)}`;
  return RENAMED.has(name) || COMPILER_NAME.test(name) ? `$u_${name}` : name;
}

/**
 * The generated label of the user's label `name` (`outer: for …`, `break outer`): labels have a namespace of
 * their own in JS, and a `$L_` prefix keeps them clear of strict mode's reserved words (`yield`, `let`).
 *
 * @example
 * ```ts
 * import { labelName } from './names.js';
 *
 * labelName('outer'); // → '$L_outer'
 * ```
 */
export function labelName(name: string): string {
  return `$L_${name}`;
}
