// Corpus program `jstat-gammaln` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/jstat/jstat at commit 72f367f6dbd45c2d903053ee3f9981489912cad4, src/special.js
// Author: jStat contributors
// Licence: MIT. Copyright (c) 2013 jStat. Full text: bench/corpus/LICENSES.md.
// Changes: taken out of the file's `(function(jStat, Math) { … }(jStat, Math))` wrapper; `const jStat = {}` stands for the library object it is attached to (Math is the global Math, as the wrapper passes it).
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
const jStat = {};

jStat.gammaln = function gammaln(x) {
  var j = 0;
  var cof = [
    76.18009172947146, -86.50532032941677, 24.01409824083091,
    -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5
  ];
  var ser = 1.000000000190015;
  var xx, y, tmp;
  tmp = (y = xx = x) + 5.5;
  tmp -= (xx + 0.5) * Math.log(tmp);
  for (; j < 6; j++)
    ser += cof[j] / ++y;
  return Math.log(2.5066282746310005 * ser / xx) - tmp;
};
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'jstat-gammaln',
  origin: 'jStat',
  url: 'https://github.com/jstat/jstat/blob/72f367f6dbd45c2d903053ee3f9981489912cad4/src/special.js',
  licence: 'MIT',
  fn: jStat.gammaln,
  input: (size) => ({ args: [size === 'small' ? 3.5 : 120.25] }),
};
