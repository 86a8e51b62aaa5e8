/**
 * 2-D affine transforms as the canvas's `setTransform(a, b, c, d, e, f)` takes them: one definition for the
 * renderer, the layout and the math typesetter.
 *
 * @module
 */

/** A 2-D affine transform, as `setTransform` takes it. */
export type Matrix = readonly [number, number, number, number, number, number];

/**
 * `m · n`: the transform that applies `n`, then `m`.
 *
 * @example
 * ```ts
 * import { multiply, type Matrix } from './matrix.js';
 *
 * const scale: Matrix = [2, 0, 0, 2, 0, 0];
 * const shift: Matrix = [1, 0, 0, 1, 5, 5];
 * multiply(scale, shift); // → [ 2, 0, 0, 2, 10, 10 ]
 * ```
 */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}
