// Corpus program `drom-fft-radix2` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/drom/fourier at commit 2a7859604620de8e63c278d38de0ec237a97eb1b, lib/fft-dit-radix2-double.js
// Author: Aliaksei Chapyzhenka
// Licence: MIT. Copyright (c) 2015-2024 Aliaksei Chapyzhenka. Full text: bench/corpus/LICENSES.md.
// Changes: CommonJS to ESM: `module.exports = function fftDitRadix2Double` became `var fftDitRadix2Double = function
//   fftDitRadix2Double` (exported by the default export below); 'use strict' is implied by ESM.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
/**
Fast Fourier transform (FFT).
Cooley–Tukey algorithm.
Assumes `real` and `imag` arrays have the same width.
*/

function bitReversal (x, bits) {
    var res = 0;
    while (bits--) {
        res <<= 1;
        res |= x & 1;
        x >>= 1;
    }
    return res;
}

function log2 (N) {
    return Math.log(N) / Math.log(2);
}

var fftDitRadix2Double = function fftDitRadix2Double (real, imag) {
    var log2N,
        i,
        j,
        N,
        k,
        half,
        step,
        twoPiByN,
        angle,
        sinRaw,
        cosRaw,
        sin,
        cos,
        tmpReal,
        tmpImag,
        width;

    N = real.length;
    log2N = log2(N);
    twoPiByN = Math.PI / N * 2;

    /* initialize Sin / Cos tables */
    sinRaw = new ArrayBuffer(8 * N);
    cosRaw = new ArrayBuffer(8 * N);
    sin = new Float64Array(sinRaw);
    cos = new Float64Array(cosRaw);
    for (k = 0; k < N; k++) {
        angle = twoPiByN * k;
        sin[k] = Math.sin(angle);
        cos[k] = Math.cos(angle);
    }

    // element permutation
    for (i = 0; i < N; i++) {
        j = bitReversal(i, log2N);
        if (j > i) {
            tmpReal = real[i];
            real[i] = real[j];
            real[j] = tmpReal;
            tmpImag = imag[i];
            imag[i] = imag[j];
            imag[j] = tmpImag;
        }
    }

    for (width = 2; width <= N; width *= 2) {
        step = N / width;
        half = width / 2;
        for (i = 0; i < N; i += width) {
            k = 0;
            for (j = i; j < i + half; j++) {

                // complex multiplication
                tmpReal =  real[j + half] * cos[k] + imag[j + half] * sin[k];
                tmpImag = -real[j + half] * sin[k] + imag[j + half] * cos[k];

                // Radix-2 butterfly
                real[j + half] = real[j] - tmpReal;
                imag[j + half] = imag[j] - tmpImag;
                real[j]        = real[j] + tmpReal;
                imag[j]        = imag[j] + tmpImag;

                k += step;
            }
        }
    }
};
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'drom-fft-radix2',
  origin: 'drom/fourier',
  url: 'https://github.com/drom/fourier/blob/2a7859604620de8e63c278d38de0ec237a97eb1b/lib/fft-dit-radix2-double.js',
  licence: 'MIT',
  fn: fftDitRadix2Double,
  input: (size) => {
    const n = size === 'small' ? 16 : 65536;
    return { args: [inputs.floats(n, 23, -1, 1), inputs.floats(n, 24, -1, 1)] };
  },
};
