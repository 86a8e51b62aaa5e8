// Corpus program `stdlib-kernel-sin` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/stdlib-js/math-base-special-kernel-sin at commit 695b95e694b271b93e469718b2419a44674a223d, lib/main.js
//   (the standalone package of stdlib's @stdlib/math/base/special/kernel-sin)
// Author: The Stdlib Authors, after FreeBSD's k_sin.c (Sun Microsystems)
// Licence: Apache-2.0. Copyright (c) 2018 The Stdlib Authors. Full text: bench/corpus/LICENSES.md. FreeBSD's notice,
//   kept as the file keeps it: "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
//   SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
//   freely granted, provided that this notice is preserved."
// Changes: the licence header comment moved to this header; `module.exports = kernelSin;` removed ('use strict' is
//   implied by ESM). The module-level constants S1–S6 are kept as written.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------

// VARIABLES //

var S1 = -1.66666666666666324348e-01; // 0xBFC55555, 0x55555549
var S2 = 8.33333333332248946124e-03;  // 0x3F811111, 0x1110F8A6
var S3 = -1.98412698298579493134e-04; // 0xBF2A01A0, 0x19C161D5
var S4 = 2.75573137070700676789e-06;  // 0x3EC71DE3, 0x57B1FE7D
var S5 = -2.50507602534068634195e-08; // 0xBE5AE5E6, 0x8A2B9CEB
var S6 = 1.58969099521155010221e-10;  // 0x3DE5D93A, 0x5ACFD57C


// MAIN //

/**
* Computes the sine on \\( \approx \[-\pi/4, \pi/4] \\) (except on \\(-0\\)), where \\( \pi/4 \approx 0.7854 \\).
*
* ## Method
*
* -   Since \\( \sin(-x) = -\sin(x) \\), we need only to consider positive \\(x\\).
*
* -   Callers must return \\( \sin(-0) = -0 \\) without calling here since our odd polynomial is not evaluated in a way that preserves \\(-0\\). Callers may do the optimization \\( \sin(x) \approx x \\) for tiny \\(x\\).
*
* -   \\( \sin(x) \\) is approximated by a polynomial of degree \\(13\\) on \\( \left\[0,\tfrac{pi}{4}\right] \\)
*
*     ```tex
*     \sin(x) \approx x + S_1 \cdot x^3 + \ldots + S_6 \cdot x^{13}
*     ```
*
*     where
*
*     ```tex
*     \left| \frac{\sin(x)}{x} \left( 1 + S_1 \cdot x + S_2 \cdot x + S_3 \cdot x + S_4 \cdot x + S_5 \cdot x + S_6 \cdot x \right) \right| \le 2^{-58}
*     ```
*
* -   We have
*
*     ```tex
*     \sin(x+y) = \sin(x) + \sin'(x') \cdot y \approx \sin(x) + (1-x*x/2) \cdot y
*     ```
*
*     For better accuracy, let
*
*     ```tex
*     r = x^3 * \left( S_2 + x^2 \cdot \left( S_3 + x^2 * \left( S_4 + x^2 \cdot ( S_5+x^2 \cdot S_6 ) \right) \right) \right)
*     ```
*
*     then
*
*     ```tex
*     \sin(x) = x + \left( S_1 \cdot x + ( x \cdot (r-y/2) + y ) \right)
*     ```
*
* @param {number} x - input value (in radians, assumed to be bounded by `~pi/4` in magnitude)
* @param {number} y - tail of `x`
* @returns {number} sine
*
* @example
* var v = kernelSin( 0.0, 0.0 );
* // returns ~0.0
*
* @example
* var v = kernelSin( 3.141592653589793/6.0, 0.0 );
* // returns ~0.5
*
* @example
* var v = kernelSin( 0.619, 9.279e-18 );
* // returns ~0.58
*
* @example
* var v = kernelSin( NaN, 0.0 );
* // returns NaN
*
* @example
* var v = kernelSin( 3.0, NaN );
* // returns NaN
*
* @example
* var v = kernelSin( NaN, NaN );
* // returns NaN
*/
function kernelSin( x, y ) {
	var r;
	var v;
	var w;
	var z;

	z = x * x;
	w = z * z;
	r = S2 + (z * (S3 + (z*S4))) + (z * w * (S5 + (z*S6)));
	v = z * x;
	if ( y === 0.0 ) {
		return x + (v * (S1 + (z*r)));
	}
	return x - (((z*((0.5*y) - (v*r))) - y) - (v*S1));
}


// ---- end of the original -------------------------------------------------------------------------------------

// x in [-pi/4, pi/4] and a tail y, as the argument reduction of sin() hands them over.
export default {
  name: 'stdlib-kernel-sin',
  origin: 'stdlib',
  url: 'https://github.com/stdlib-js/math-base-special-kernel-sin/blob/695b95e694b271b93e469718b2419a44674a223d/lib/main.js',
  licence: 'Apache-2.0',
  fn: kernelSin,
  input: (size) => {
    const [x, y] = inputs.numbers(2, size === 'small' ? 111 : 112, -Math.PI / 4, Math.PI / 4);
    return { args: [x, y * 1e-17] };
  },
};
