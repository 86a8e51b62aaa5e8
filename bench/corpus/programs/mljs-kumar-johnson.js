// Corpus program `mljs-kumar-johnson` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/mljs/distance at commit 06e1c409c7b414b00533f292a01752eba2efcbe6, src/distances/kumarJohnson.js
//   (the last commit before the package moved to TypeScript)
// Author: ml.js contributors
// Licence: MIT. Copyright (c) 2014 ml.js. Full text: bench/corpus/LICENSES.md.
// Changes: `export default` removed.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function kumarJohnson(a, b) {
  let ii = a.length;
  let ans = 0;
  for (let i = 0; i < ii; i++) {
    ans +=
      Math.pow(a[i] * a[i] - b[i] * b[i], 2) / (2 * Math.pow(a[i] * b[i], 1.5));
  }
  return ans;
}
// ---- end of the original -------------------------------------------------------------------------------------

// Two positive spectra (ml-distance's measures are for histograms and probability vectors).
export default {
  name: 'mljs-kumar-johnson',
  origin: 'ml-distance',
  url: 'https://github.com/mljs/distance/blob/06e1c409c7b414b00533f292a01752eba2efcbe6/src/distances/kumarJohnson.js',
  licence: 'MIT',
  fn: kumarJohnson,
  input: (size) => {
    const n = size === 'small' ? 50 : 200_000;
    return { args: [inputs.floats(n, size === 'small' ? 131 : 132, 0.01, 1), inputs.floats(n, size === 'small' ? 133 : 134, 0.01, 1)] };
  },
};
