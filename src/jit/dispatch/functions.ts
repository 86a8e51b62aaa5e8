/**
 * Signature tokens of function arguments: each function is its own token (`fn(dydt)`, `fn(random)`), since
 * compiled code calls the function it was compiled with directly (`infer/functions.ts`). The inline cache has no
 * row for such tokens, so every call takes the full lookup, which compares the argument's identity.
 *
 * @module
 */
import { identityOf } from '../ops/shapes.js';
import type { Type } from '../types.js';

const byToken = new Map<string, WeakRef<object>>();

/**
 * The token of a function argument.
 *
 * @example
 * ```ts
 * import { functionToken } from './functions.js';
 *
 * functionToken(Math.random); // → 'fn(random)'
 * functionToken(Math.random) === functionToken(Math.random); // → true
 * ```
 */
export function functionToken(fn: object): string {
  const name = (fn as { name?: unknown }).name;
  const token = `fn(${identityOf(fn, typeof name === 'string' && name ? name : 'fn')})`;
  byToken.set(token, new WeakRef(fn));
  return token;
}

/**
 * The IR type of a function token made in this process (undefined for other tokens, or a function collected since).
 *
 * @example
 * ```ts
 * import { functionToken, functionTokenType } from './functions.js';
 *
 * function dydt(y: number) { return -0.5 * y; }
 * const type = functionTokenType(functionToken(dydt));
 * type?.kind; // → 'function'
 * functionTokenType('f64'); // → undefined
 * ```
 */
export function functionTokenType(token: string): Type | undefined {
  const fn = token.startsWith('fn(') ? byToken.get(token)?.deref() : undefined;
  return fn ? { kind: 'function', fn, token } : undefined;
}
