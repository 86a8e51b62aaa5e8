// Issue 13 kernel `collatz`: a literal JavaScript port of `collatz` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: x // 2 is Math.floor(x / 2) (x is even there, so exact); the (best_start, best) tuple is a two-element array.


function collatz(n) {
  let best = 0;
  let best_start = 0;
  for (let start = 1; start < n; start++) {
    let x = start;
    let steps = 0;
    while (x !== 1) {
      if (x % 2 === 0) {
        x = Math.floor(x / 2);
      } else {
        x = 3 * x + 1;
      }
      steps += 1;
    }
    if (steps > best) {
      best = steps;
      best_start = start;
    }
  }
  return [best_start, best];
}

export default {
  name: 'kernel-collatz', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'collatz',
  fn: collatz,
  input: (size) => ({ args: [size === 'small' ? 100 : 300_000] }),
};
