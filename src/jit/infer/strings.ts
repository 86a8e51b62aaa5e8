/**
 * Strings in compiled code, as a `mode === 'fast'` switch needs them: string literals and string arguments are
 * values that compiled code compares with `===`/`!==` (and `switch`), stores, passes to other functions and
 * returns, exactly as JS does. Building strings (`+` on a string, template literals) and ordering them (`<`) are
 * located errors that say so: numeric code has no use for them, and each is a different JS operation.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { BOOLV, describeAV, type AV } from './lattice.js';

/**
 * The value of a binary operator with a string operand: a boolean for `===`/`!==`/`==`/`!=` between two strings;
 * a located error for anything else (`host.fail`); undefined when neither operand is a string.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { FLOAT } from './lattice.js';
 * import { stringOperator } from './strings.js';
 *
 * const fail = (message: string): never => { throw new Error(message); };
 * const node = parseFunction("(mode) => mode === 'fast'").body;
 * stringOperator('===', { k: 'str' }, { k: 'str' }, node, fail); // → { k: 'bool' }
 * stringOperator('<', FLOAT, FLOAT, node, fail); // → undefined
 * stringOperator('+', { k: 'str' }, FLOAT, node, fail); // → throws Error: string building (+ on a string) is not compiled…
 * ```
 */
export function stringOperator(op: string, l: AV, r: AV, e: Node, fail: (message: string, node: Node, construct: string) => never): AV | undefined {
  if (l.k !== 'str' && r.k !== 'str') return undefined;
  const equality = op === '===' || op === '!==' || op === '==' || op === '!=';
  // a string parameter not passed is undefined, which equals no string (JS compares it the same way)
  if (equality && (l.k === 'str' || l.k === 'void') && (r.k === 'str' || r.k === 'void')) return BOOLV;
  if (equality) return fail(`cannot compare ${describeAV(l)} with ${describeAV(r)}: compiled code compares strings only with strings`, e, `${op} comparison`);
  if (op === '+') {
    return fail('string building (+ on a string) is not compiled: compiled code compares, passes and returns strings, but does not build them; build the string outside, or return numbers', e, 'string building');
  }
  return fail(`${op} on strings is not compiled: compiled code compares strings with === and !== (and switch) only`, e, `${op} on strings`);
}
