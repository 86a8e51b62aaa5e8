// Corpus program `numba-sum2d` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/docs/source/user/overview.rst (the 'sum2d' example)
// Author: the Numba developers (Python original); ported to JavaScript line for line for this corpus.
// Licence: BSD-2-Clause. Copyright (c) 2012, Anaconda, Inc. Full text: bench/corpus/LICENSES.md.
// Changes: a port, not a copy: `M, N = arr.shape` is read from the array of rows, `range(M)` is a counted for loop, arr[i,j] is arr[i][j].
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function sum2d(arr) {
  const M = arr.length, N = arr[0].length;
  let result = 0.0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      result += arr[i][j];
    }
  }
  return result;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'numba-sum2d',
  origin: 'numba docs',
  url: 'https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/docs/source/user/overview.rst',
  licence: 'BSD-2-Clause',
  fn: sum2d,
  input: (size) => ({ args: [inputs.matrix(size === 'small' ? 6 : 1000, size === 'small' ? 7 : 1000, 15)] }),
};
