// Corpus program `jstat-betacf` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/jstat/jstat at commit 72f367f6dbd45c2d903053ee3f9981489912cad4, src/special.js
// Author: jStat contributors
// Licence: MIT. Copyright (c) 2013 jStat. Full text: bench/corpus/LICENSES.md.
// Changes: taken out of the file's `(function(jStat, Math) { … }(jStat, Math))` wrapper; `const jStat = {}` stands for the library object it is attached to (Math is the global Math, as the wrapper passes it).
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
const jStat = {};

jStat.betacf = function betacf(x, a, b) {
  var fpmin = 1e-30;
  var m = 1;
  var qab = a + b;
  var qap = a + 1;
  var qam = a - 1;
  var c = 1;
  var d = 1 - qab * x / qap;
  var m2, aa, del, h;

  // These q's will be used in factors that occur in the coefficients
  if (Math.abs(d) < fpmin)
    d = fpmin;
  d = 1 / d;
  h = d;

  for (; m <= 100; m++) {
    m2 = 2 * m;
    aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    // One step (the even one) of the recurrence
    d = 1 + aa * d;
    if (Math.abs(d) < fpmin)
      d = fpmin;
    c = 1 + aa / c;
    if (Math.abs(c) < fpmin)
      c = fpmin;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    // Next step of the recurrence (the odd one)
    d = 1 + aa * d;
    if (Math.abs(d) < fpmin)
      d = fpmin;
    c = 1 + aa / c;
    if (Math.abs(c) < fpmin)
      c = fpmin;
    d = 1 / d;
    del = d * c;
    h *= del;
    if (Math.abs(del - 1.0) < 3e-7)
      break;
  }

  return h;
};
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'jstat-betacf',
  origin: 'jStat',
  url: 'https://github.com/jstat/jstat/blob/72f367f6dbd45c2d903053ee3f9981489912cad4/src/special.js',
  licence: 'MIT',
  fn: jStat.betacf,
  input: (size) => ({ args: size === 'small' ? [0.3, 2, 3] : [0.62, 15.5, 7.25] }),
};
