// Corpus program `jstat-gammafn` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/jstat/jstat at commit 72f367f6dbd45c2d903053ee3f9981489912cad4, src/special.js
// Author: jStat contributors
// Licence: MIT. Copyright (c) 2013 jStat. Full text: bench/corpus/LICENSES.md.
// Changes: taken out of the file's `(function(jStat, Math) { … }(jStat, Math))` wrapper; `const jStat = {}` stands for the library object it is attached to (Math is the global Math, as the wrapper passes it).
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
const jStat = {};

// gamma of x
jStat.gammafn = function gammafn(x) {
  var p = [-1.716185138865495, 24.76565080557592, -379.80425647094563,
           629.3311553128184, 866.9662027904133, -31451.272968848367,
           -36144.413418691176, 66456.14382024054
  ];
  var q = [-30.8402300119739, 315.35062697960416, -1015.1563674902192,
           -3107.771671572311, 22538.118420980151, 4755.8462775278811,
           -134659.9598649693, -115132.2596755535];
  var fact = false;
  var n = 0;
  var xden = 0;
  var xnum = 0;
  var y = x;
  var i, z, yi, res;
  if (x > 171.6243769536076) {
    return Infinity;
  }
  if (y <= 0) {
    res = y % 1 + 3.6e-16;
    if (res) {
      fact = (!(y & 1) ? 1 : -1) * Math.PI / Math.sin(Math.PI * res);
      y = 1 - y;
    } else {
      return Infinity;
    }
  }
  yi = y;
  if (y < 1) {
    z = y++;
  } else {
    z = (y -= n = (y | 0) - 1) - 1;
  }
  for (i = 0; i < 8; ++i) {
    xnum = (xnum + p[i]) * z;
    xden = xden * z + q[i];
  }
  res = xnum / xden + 1;
  if (yi < y) {
    res /= yi;
  } else if (yi > y) {
    for (i = 0; i < n; ++i) {
      res *= y;
      y++;
    }
  }
  if (fact) {
    res = fact / res;
  }
  return res;
};


// ---- end of the original -------------------------------------------------------------------------------------

// A negative non-integer argument takes the reflection branch (`fact`); the full size a positive one.
export default {
  name: 'jstat-gammafn',
  origin: 'jStat',
  url: 'https://github.com/jstat/jstat/blob/72f367f6dbd45c2d903053ee3f9981489912cad4/src/special.js',
  licence: 'MIT',
  fn: jStat.gammafn,
  input: (size) => ({ args: size === 'small' ? [-2.5 - inputs.numbers(1, 151)[0] / 2] : [1 + 30 * inputs.numbers(1, 152)[0]] }),
};
