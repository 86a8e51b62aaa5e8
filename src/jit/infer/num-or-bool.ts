/**
 * What operators take a number-or-boolean (`numbool`, `lattice.ts`: a variable given `false` in one place and a
 * number in another, jStat's `var fact = false; … fact = p / q; … if (fact) res = fact / res`). Compiled code
 * holds the JS value itself, so each rule is JS's own:
 *
 * - arithmetic, bitwise operators, relational comparisons and `Math.*` convert it to a number as JS does
 *   (`false` is 0, `true` is 1): inference sees any double ({@link asNumber}), lowering converts it (`+fact`).
 *   A plain boolean too (`true + 1` is 2): on a loop's first pass a flag may still hold only `false`;
 * - `===`/`!==` compare it as it is, type first (`false === 0` is false), and so a boolean with a number
 *   ({@link unionComparison});
 * - `==`/`!=` are refused: JS converts there (`false == 0` is true), which compiled code does not spell out;
 * - a condition takes its JS truthiness (`false`, `0`, `-0`, `NaN` are falsy), and is returned and stored in
 *   variables as it is.
 *
 * A condition narrows only a variable that is never `true` ({@link narrowTruthy}): where `fact` holding `false`
 * or a number is truthy it is a number, while `true` is truthy too.
 *
 * @module
 */
import type { Node } from '../frontend/parse.js';
import { compareOperator } from '../ops/operators.js';
import { BOOLV, FLOAT, describeAV, type AV } from './lattice.js';

/**
 * The value an arithmetic operand, a relational comparison or a `Math` argument sees: a boolean or
 * number-or-boolean is converted to a number, any double (not 0 or 1: a boolean read past the end of a
 * `boolean[]` is `undefined`, NaN to arithmetic); other values are as they are.
 *
 * @example
 * ```ts
 * import { BOOLV, FLOAT, joinAV } from './lattice.js';
 * import { asNumber } from './num-or-bool.js';
 *
 * asNumber(joinAV(FLOAT, BOOLV)!); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * asNumber(BOOLV); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * asNumber({ k: 'str' }); // → { k: 'str' }
 * ```
 */
export function asNumber(v: AV): AV {
  return v.k === 'numbool' || v.k === 'bool' ? FLOAT : v;
}

/**
 * A comparison `l op r` where either side is a number-or-boolean and the other a number, a boolean or such a
 * union: a boolean, or a located error for `==`/`!=`; undefined when neither side is a union.
 *
 * @example
 * ```ts
 * import { parseFunction } from '../frontend/parse.js';
 * import { BOOLV, FALSEV, FLOAT, joinAV } from './lattice.js';
 * import { unionComparison } from './num-or-bool.js';
 *
 * const fact = joinAV(FALSEV, FLOAT)!;
 * const test = parseFunction('(fact) => fact == 0').body;
 * const fail = (m: string): never => { throw new Error(m); };
 * unionComparison('===', fact, FLOAT, test, fail); // → { k: 'bool' }
 * unionComparison('<', fact, BOOLV, test, fail); // → { k: 'bool' }
 * unionComparison('+', fact, FLOAT, test, fail); // → undefined
 * unionComparison('==', fact, FLOAT, test, fail); // → throws Error: a number or false is compared with a number by == here, where JS converts a boolean to a number first (false == 0 is true); write === (which compares type and value) or compare +x
 * ```
 */
export function unionComparison(op: string, l: AV, r: AV, e: Node, fail: (message: string, node: Node, construct: string) => never): AV | undefined {
  if (compareOperator(op) === undefined) return undefined;
  const operand = (v: AV): boolean => v.k === 'num' || v.k === 'bool' || v.k === 'numbool';
  // a number-or-boolean on either side, or a boolean with a number (`flag === 0` where the flag is still false)
  const mixed = l.k === 'numbool' || r.k === 'numbool' || (l.k === 'bool') !== (r.k === 'bool');
  if (!mixed || !operand(l) || !operand(r)) return undefined;
  if (op === '==' || op === '!=') {
    fail(`${describeAV(l)} is compared with ${describeAV(r)} by ${op} here, where JS converts a boolean to a number first (false == 0 is true); write ${op}= (which compares type and value) or compare +x`, e, `${op} comparison`);
  }
  return BOOLV;
}

/**
 * What a variable holding `v` is known to be where it is truthy: a number when it holds `false` or a number
 * (a truthy one is a number other than 0, -0 and NaN), else `v` itself (`true` is truthy too).
 *
 * @example
 * ```ts
 * import { BOOLV, FALSEV, FLOAT, joinAV } from './lattice.js';
 * import { narrowTruthy } from './num-or-bool.js';
 *
 * narrowTruthy(joinAV(FALSEV, FLOAT)!); // → { k: 'num', int: false, lo: -Infinity, hi: Infinity }
 * narrowTruthy(joinAV(BOOLV, FLOAT)!); // → { k: 'numbool', maybeTrue: true }
 * ```
 */
export function narrowTruthy(v: AV): AV {
  return v.k === 'numbool' && !v.maybeTrue ? FLOAT : v;
}
