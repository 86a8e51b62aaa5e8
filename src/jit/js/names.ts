/**
 * The one rule for the user's names in generated JavaScript: they can never meet the compiler's.
 *
 * The compiler's own names (`$pack`, `$S`, `$t0`, `$d_m`, `$fn_g`, the PRNG's `$s0`…) all start with `$`, and
 * generated code reads a few globals by name (`Math`, `NaN`, `Infinity`, `undefined`, typed array
 * constructors). A user's parameter, local or function name is emitted as written unless it starts with `$`,
 * is one of those globals, or cannot be bound in strict-mode code (the generated module is strict, a sloppy
 * source may say `var let`): then it becomes `$u_` + name. The compiler never makes a `$u_` name, renamed names
 * are distinct from each other and from kept ones (which never start with `$`), so no user name can shadow a
 * compiler name or a global, and ordinary programs compile to the same text as before.
 *
 * @module
 */
import { ARRAY_CONSTRUCTORS } from '../types.js';

/** Globals generated code refers to by name (`codegen.ts`, `ops/math.ts`: `Math.sqrt`, `literal`: `NaN`…). */
const GLOBALS_USED: readonly string[] = ['Math', 'NaN', 'Infinity', 'undefined', ...Object.values(ARRAY_CONSTRUCTORS).map((c) => c.name)];

/** Names a sloppy-mode function may bind that strict-mode code may not (or that mean something else there). */
const STRICT_RESERVED: readonly string[] = [
  'arguments', 'eval', 'let', 'static', 'yield', 'await', 'implements', 'interface', 'package', 'private', 'protected', 'public',
];

const RENAMED = new Set([...GLOBALS_USED, ...STRICT_RESERVED]);

/** Prefix of renamed user names; no compiler-made name starts with it. */
export const USER_PREFIX = '$u_';

/**
 * The name generated code uses for the user's parameter, local or function `name`.
 *
 * @example
 * ```ts
 * userName('acc');      // 'acc'
 * userName('Infinity'); // '$u_Infinity'
 * userName('$pack');    // '$u_$pack'
 * userName('let');      // '$u_let'
 * ```
 */
export function userName(name: string): string {
  return name.startsWith('$') || RENAMED.has(name) ? `${USER_PREFIX}${name}` : name;
}
