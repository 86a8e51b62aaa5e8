// Corpus program `numba-go-fast` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/docs/source/user/5minguide.rst (the 'go_fast' example)
// Author: the Numba developers (Python original); ported to JavaScript line for line for this corpus.
// Licence: BSD-2-Clause. Copyright (c) 2012, Anaconda, Inc. Full text: bench/corpus/LICENSES.md.
// Changes: a port, not a copy: numpy's a.shape[0] is a.length, np.tanh is Math.tanh, a[i, i] is a[i][i], and the broadcast `a + trace` is a map over the rows, since a 2-D array in JavaScript is an array of rows.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function go_fast(a) { // Function is compiled to machine code when called the first time
  let trace = 0.0;
  for (let i = 0; i < a.length; i++) {   // Numba likes loops
    trace += Math.tanh(a[i][i]);          // Numba likes NumPy functions
  }
  return a.map((row) => row.map((x) => x + trace)); // Numba likes NumPy broadcasting
}
// ---- end of the original -------------------------------------------------------------------------------------

// np.arange(100).reshape(10, 10) at the small size, as in the guide.
function arange2d(n) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i * n + j));
}

export default {
  name: 'numba-go-fast',
  origin: 'numba docs',
  url: 'https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/docs/source/user/5minguide.rst',
  licence: 'BSD-2-Clause',
  fn: go_fast,
  input: (size) => ({ args: [arange2d(size === 'small' ? 10 : 1000)] }),
};
