// Corpus program `mljs-jensen-shannon` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/mljs/distance at commit 06e1c409c7b414b00533f292a01752eba2efcbe6, src/distances/jensenShannon.js
//   (the last commit before the package moved to TypeScript)
// Author: ml.js contributors
// Licence: MIT. Copyright (c) 2014 ml.js. Full text: bench/corpus/LICENSES.md.
// Changes: `export default` removed.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function jensenShannon(a, b) {
  let ii = a.length;
  let p = 0;
  let q = 0;
  for (let i = 0; i < ii; i++) {
    p += a[i] * Math.log((2 * a[i]) / (a[i] + b[i]));
    q += b[i] * Math.log((2 * b[i]) / (a[i] + b[i]));
  }
  return (p + q) / 2;
}
// ---- end of the original -------------------------------------------------------------------------------------

// Two positive spectra (ml-distance's measures are for histograms and probability vectors).
export default {
  name: 'mljs-jensen-shannon',
  origin: 'ml-distance',
  url: 'https://github.com/mljs/distance/blob/06e1c409c7b414b00533f292a01752eba2efcbe6/src/distances/jensenShannon.js',
  licence: 'MIT',
  fn: jensenShannon,
  input: (size) => {
    const n = size === 'small' ? 50 : 200_000;
    return { args: [inputs.floats(n, size === 'small' ? 121 : 122, 0.01, 1), inputs.floats(n, size === 'small' ? 123 : 124, 0.01, 1)] };
  },
};
