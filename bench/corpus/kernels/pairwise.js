// Issue 13 kernel `pairwise`: a literal JavaScript port of `pairwise` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: X is a number[][] of rows (X.shape[0], X.shape[1] are X.length, X[0].length); np.empty((M, M)) is an array of Float64Array rows.
import * as inputs from '../inputs.js';

function pairwise(X) {
  const M = X.length;
  const N = X[0].length;
  const D = Array.from({ length: M }, () => new Float64Array(M));
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let d = 0.0;
      for (let k = 0; k < N; k++) {
        const tmp = X[i][k] - X[j][k];
        d += tmp * tmp;
      }
      D[i][j] = Math.sqrt(d);
    }
  }
  return D;
}

export default {
  name: 'kernel-pairwise', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'pairwise',
  fn: pairwise,
  input: (size) => ({ args: [inputs.matrix(size === 'small' ? 20 : 2000, 3, 101)] }),
};
