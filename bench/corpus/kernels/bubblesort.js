// Issue 13 kernel `bubblesort`: a literal JavaScript port of `bubblesort` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: range(N, 1, -1) counts end down from N to 2; len(X) is X.length.
import * as inputs from '../inputs.js';

function bubblesort(X) {
  const N = X.length;
  for (let end = N; end > 1; end--) {
    for (let i = 0; i < end - 1; i++) {
      const cur = X[i];
      if (cur > X[i + 1]) {
        const tmp = X[i];
        X[i] = X[i + 1];
        X[i + 1] = tmp;
      }
    }
  }
  return X;
}

export default {
  name: 'kernel-bubblesort', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'bubblesort',
  fn: bubblesort,
  input: (size) => ({ args: [inputs.floats(size === 'small' ? 30 : 3000, 107)] }),
  fresh: true,
};
