// Issue 13 kernel `mc-integrate`: a literal JavaScript port of `mc_integrate` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: random.random() is Math.random(), math.exp is Math.exp.


function mc_integrate(n) {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const x = Math.random();
    s += Math.exp(-x * x);
  }
  return s / n;
}

export default {
  name: 'kernel-mc-integrate', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'mc_integrate',
  fn: mc_integrate,
  input: (size) => ({ args: [size === 'small' ? 1000 : 10_000_000] }),
  random: true,
};
