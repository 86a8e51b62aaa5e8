/**
 * The `Number` members compiled code may read: constants, folded where they are read.
 *
 * @module
 */

/**
 * @example
 * ```ts
 * NUMBER_CONSTANTS.EPSILON; // Number.EPSILON
 * ```
 */
export const NUMBER_CONSTANTS: Readonly<Record<string, number>> = {
  MAX_VALUE: Number.MAX_VALUE, MIN_VALUE: Number.MIN_VALUE, EPSILON: Number.EPSILON, MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
  MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER, POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity, NaN: NaN,
};
