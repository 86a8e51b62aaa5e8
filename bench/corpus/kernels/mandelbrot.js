// Issue 13 kernel `mandelbrot`: a literal JavaScript port of `mandelbrot` in bench/python/numba_kernels.py (this project's own
// numba original; MIT like the rest of numbat). Same algorithm and sizes; `npm run bench:kernels` runs both.
// Port: range() loops become counted for loops; the escape-time loop is the same while loop.


function mandelbrot(width, height, max_iter) {
  let total = 0;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const x0 = -2.0 + 3.0 * px / width;
      const y0 = -1.0 + 2.0 * py / height;
      let x = 0.0;
      let y = 0.0;
      let i = 0;
      while (x * x + y * y <= 4.0 && i < max_iter) {
        const xt = x * x - y * y + x0;
        y = 2.0 * x * y + y0;
        x = xt;
        i += 1;
      }
      total += i;
    }
  }
  return total;
}

export default {
  name: 'kernel-mandelbrot', origin: 'numba kernel', url: 'bench/python/numba_kernels.py', licence: 'MIT', python: 'mandelbrot',
  fn: mandelbrot,
  input: (size) => ({ args: size === 'small' ? [30, 20, 50] : [600, 400, 200] }),
};
