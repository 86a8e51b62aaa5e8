// Corpus program `numba-monte-carlo-pi` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://numba.pydata.org/ (front page example 'monte_carlo_pi'; site source https://github.com/numba/numba.github.com)
// Author: the Numba developers (Python original); ported to JavaScript line for line for this corpus.
// Licence: BSD-2-Clause. Copyright (c) 2012, Anaconda, Inc. Full text: bench/corpus/LICENSES.md.
// Changes: a port, not a copy: random.random() is Math.random(), `range(nsamples)` is a counted for loop.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function monte_carlo_pi(nsamples) {
  let acc = 0;
  for (let i = 0; i < nsamples; i++) {
    const x = Math.random();
    const y = Math.random();
    if ((x ** 2 + y ** 2) < 1.0) {
      acc += 1;
    }
  }
  return 4.0 * acc / nsamples;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'numba-monte-carlo-pi',
  origin: 'numba docs',
  url: 'https://numba.pydata.org/',
  licence: 'BSD-2-Clause',
  fn: monte_carlo_pi,
  input: (size) => ({ args: [size === 'small' ? 1000 : 1_000_000] }),
  random: true,
};
