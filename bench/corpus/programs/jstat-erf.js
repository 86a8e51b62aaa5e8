// Corpus program `jstat-erf` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/jstat/jstat at commit 72f367f6dbd45c2d903053ee3f9981489912cad4, src/special.js
// Author: jStat contributors
// Licence: MIT. Copyright (c) 2013 jStat. Full text: bench/corpus/LICENSES.md.
// Changes: taken out of the file's `(function(jStat, Math) { … }(jStat, Math))` wrapper; `const jStat = {}` stands for the library object it is attached to (Math is the global Math, as the wrapper passes it).
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
const jStat = {};

jStat.erf = function erf(x) {
  var cof = [-1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2,
             -9.561514786808631e-3, -9.46595344482036e-4, 3.66839497852761e-4,
             4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6,
             1.303655835580e-6, 1.5626441722e-8, -8.5238095915e-8,
             6.529054439e-9, 5.059343495e-9, -9.91364156e-10,
             -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
             -6.886027e-12, 8.94487e-13, 3.13092e-13,
             -1.12708e-13, 3.81e-16, 7.106e-15,
             -1.523e-15, -9.4e-17, 1.21e-16,
             -2.8e-17];
  var j = cof.length - 1;
  var isneg = false;
  var d = 0;
  var dd = 0;
  var t, ty, tmp, res;

  if (x < 0) {
    x = -x;
    isneg = true;
  }

  t = 2 / (2 + x);
  ty = 4 * t - 2;

  for(; j > 0; j--) {
    tmp = d;
    d = ty * d - dd + cof[j];
    dd = tmp;
  }

  res = t * Math.exp(-x * x + 0.5 * (cof[0] + ty * d) - dd);
  return isneg ? res - 1 : 1 - res;
};
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'jstat-erf',
  origin: 'jStat',
  url: 'https://github.com/jstat/jstat/blob/72f367f6dbd45c2d903053ee3f9981489912cad4/src/special.js',
  licence: 'MIT',
  fn: jStat.erf,
  input: (size) => ({ args: [size === 'small' ? 0.4 : -1.3] }),
};
