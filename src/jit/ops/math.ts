/**
 * The `Math` members compiled code may use.
 *
 * @module
 */
import type { MathFunction } from '../ir.js';

/**
 * @example
 * ```ts
 * MATH_CONSTANTS.PI; // Math.PI, folded into a constant
 * ```
 */
export const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  PI: Math.PI, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E, SQRT2: Math.SQRT2, SQRT1_2: Math.SQRT1_2,
};
/**
 * @example
 * ```ts
 * MATH_FUNCTIONS.has('hypot'); // true
 * ```
 */
export const MATH_FUNCTIONS = new Set<MathFunction>([
  'sqrt', 'abs', 'exp', 'log', 'sin', 'cos', 'tan', 'atan2', 'floor', 'ceil', 'round', 'min', 'max', 'pow', 'hypot',
  'trunc', 'sign', 'imul', 'fround', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'log2', 'log10', 'log1p', 'expm1', 'cbrt',
]);
export const MATH_ARITY: Partial<Record<MathFunction, number>> = { atan2: 2, pow: 2, imul: 2 };
