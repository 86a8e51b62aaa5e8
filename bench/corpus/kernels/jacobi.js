// Issue 13 kernel `jacobi`: a literal JavaScript port of `jacobi` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: u and un are number[][] grids (rows), `n, m = u.shape` reads their sizes, u[i, j] is u[i][j].
import * as inputs from '../inputs.js';

function jacobi(u, un, iters) {
  const n = u.length, m = u[0].length;
  for (let it = 0; it < iters; it++) {
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < m - 1; j++) {
        un[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]);
      }
    }
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < m - 1; j++) {
        u[i][j] = un[i][j];
      }
    }
  }
  return u;
}

// A grid with a hot top edge, the rest random: the Laplace problem the sweep relaxes.
function grid(n, seed) {
  const u = inputs.matrix(n, n, seed);
  for (let j = 0; j < n; j++) u[0][j] = 100;
  return u;
}

export default {
  name: 'kernel-jacobi', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'jacobi',
  fn: jacobi,
  input: (size) => {
    const n = size === 'small' ? 8 : 300;
    return { args: [grid(n, 102), inputs.matrix(n, n, 103), size === 'small' ? 3 : 100] };
  },
};
