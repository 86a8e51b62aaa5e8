// Corpus program `drom-dft-simple` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/drom/fourier at commit 4144bd06f55c53ee049851638f1d83c7d47e5427, lib/dft-simple.js
// Author: Aliaksei Chapyzhenka
// Licence: MIT. Copyright (c) 2015-2024 Aliaksei Chapyzhenka. Full text: bench/corpus/LICENSES.md.
// Changes: CommonJS to ESM: `module.exports = function (inpReal, inpImag)` became `var dftSimple = function
//   (inpReal, inpImag)` (exported by the default export below); 'use strict' is implied by ESM.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
/**
Discrete Fourier transform (DFT).
(the slowest possible implementation)
Assumes `inpReal` and `inpImag` arrays have the same size.
*/
var dftSimple = function (inpReal, inpImag) {
  var N,
    k,
    n,
    angle,
    outReal = [],
    outImag = [],
    sumReal,
    sumImag,
    nn,
    sin = [],
    cos = [],
    twoPiByN;

  N = inpReal.length;
  twoPiByN = Math.PI / N * 2;

  /* initialize Sin / Cos tables */
  for (k = 0; k < N; k++) {
    angle = twoPiByN * k;
    sin.push(Math.sin(angle));
    cos.push(Math.cos(angle));
  }

  for (k = 0; k < N; k++) {
    sumReal = 0;
    sumImag = 0;
    nn = 0;
    for (n = 0; n < N; n++) {
      sumReal +=  inpReal[n] * cos[nn] + inpImag[n] * sin[nn];
      sumImag += -inpReal[n] * sin[nn] + inpImag[n] * cos[nn];
      nn = (nn + k) % N;
    }
    outReal.push(sumReal);
    outImag.push(sumImag);
  }
  return [outReal, outImag];
};
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'drom-dft-simple',
  origin: 'drom/fourier',
  url: 'https://github.com/drom/fourier/blob/4144bd06f55c53ee049851638f1d83c7d47e5427/lib/dft-simple.js',
  licence: 'MIT',
  fn: dftSimple,
  input: (size) => {
    const n = size === 'small' ? 16 : 1024;
    return { args: [inputs.floats(n, 25, -1, 1), inputs.floats(n, 26, -1, 1)] };
  },
};
