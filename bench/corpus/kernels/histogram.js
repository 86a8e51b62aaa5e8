// Issue 13 kernel `histogram`: a literal JavaScript port of `histogram` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: np.zeros(nbins, dtype=np.int64) is an Int32Array (counts stay far below 2^31), `lo <= v < hi` is two comparisons, int() of a positive number is Math.trunc.
import * as inputs from '../inputs.js';

function histogram(x, nbins, lo, hi) {
  const counts = new Int32Array(nbins);
  const width = (hi - lo) / nbins;
  for (const v of x) {
    if (lo <= v && v < hi) {
      counts[Math.trunc((v - lo) / width)] += 1;
    }
  }
  return counts;
}

export default {
  name: 'kernel-histogram', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'histogram',
  fn: histogram,
  input: (size) => ({ args: [inputs.floats(size === 'small' ? 100 : 4_000_000, 108, -4, 4), 100, -3.0, 3.0] }),
};
