// Corpus program `numba-ident-loops` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/docs/source/user/performance-tips.rst (the 'ident_loops' example)
// Author: the Numba developers (Python original); ported to JavaScript line for line for this corpus.
// Licence: BSD-2-Clause. Copyright (c) 2012, Anaconda, Inc. Full text: bench/corpus/LICENSES.md.
// Changes: a port, not a copy: np.empty_like(x) is new Float64Array(x.length), np.cos/np.sin are Math.cos/Math.sin.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function ident_loops(x) {
  const r = new Float64Array(x.length);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    r[i] = Math.cos(x[i]) ** 2 + Math.sin(x[i]) ** 2;
  }
  return r;
}
// ---- end of the original -------------------------------------------------------------------------------------

export default {
  name: 'numba-ident-loops',
  origin: 'numba docs',
  url: 'https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/docs/source/user/performance-tips.rst',
  licence: 'BSD-2-Clause',
  fn: ident_loops,
  input: (size) => ({ args: [inputs.floats(size === 'small' ? 50 : 1_000_000, 16, -10, 10)] }),
};
