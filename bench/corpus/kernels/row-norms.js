// Issue 13 kernel `row-norms`: a literal JavaScript port of `row_norms` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: X is a number[][] of rows, `n, d = X.shape` reads its sizes, np.empty(n) is new Float64Array(n).
import * as inputs from '../inputs.js';

function row_norms(X) {
  const n = X.length, d = X[0].length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    for (let j = 0; j < d; j++) {
      s += X[i][j] * X[i][j];
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

export default {
  name: 'kernel-row-norms', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'row_norms',
  fn: row_norms,
  input: (size) => ({ args: [inputs.matrix(size === 'small' ? 10 : 200_000, size === 'small' ? 4 : 16, 109, -1, 1)] }),
};
