// Corpus program `numba-mandel` for bench:corpus (memoJit as written; see bench/corpus/README.md).
// Origin: https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/numba/tests/doc_examples/test_examples.py (test_mandelbrot, shown in the docs' examples page)
// Author: the Numba developers (Python original); ported to JavaScript line for line for this corpus.
// Licence: BSD-2-Clause. Copyright (c) 2012, Anaconda, Inc. Full text: bench/corpus/LICENSES.md.
// Changes: a port, not a copy: Python's complex numbers become a real and an imaginary part (`z = z * z + c` written out), image.shape[0] and [1] are image.length and image[0].length, image[y, x] is image[y][x]; the uint8 image is an array of Uint8Array rows; the docstring is left out.
import * as inputs from '../inputs.js';

// ---- as written ----------------------------------------------------------------------------------------------
function mandel(x, y, max_iters) {
  let i = 0;
  const c_re = x, c_im = y;
  let z_re = 0.0, z_im = 0.0;
  for (i = 0; i < max_iters; i++) {
    const re = z_re * z_re - z_im * z_im + c_re;
    z_im = 2 * z_re * z_im + c_im;
    z_re = re;
    if ((z_re * z_re + z_im * z_im) >= 4) {
      return i;
    }
  }

  return 255;
}

function create_fractal(min_x, max_x, min_y, max_y, image, iters) {
  const height = image.length;
  const width = image[0].length;

  const pixel_size_x = (max_x - min_x) / width;
  const pixel_size_y = (max_y - min_y) / height;
  for (let x = 0; x < width; x++) {
    const real = min_x + x * pixel_size_x;
    for (let y = 0; y < height; y++) {
      const imag = min_y + y * pixel_size_y;
      const color = mandel(real, imag, iters);
      image[y][x] = color;
    }
  }

  return image;
}
// ---- end of the original -------------------------------------------------------------------------------------

// np.zeros((500 * 2, 750 * 2), dtype=np.uint8) at the full size.
function zeros(h, w) {
  return Array.from({ length: h }, () => new Uint8Array(w));
}

export default {
  name: 'numba-mandel',
  origin: 'numba docs',
  url: 'https://github.com/numba/numba/blob/5340f052d01403b12480fa19e596200ee0d0e131/numba/tests/doc_examples/test_examples.py',
  licence: 'BSD-2-Clause',
  fn: create_fractal,
  input: (size) => ({ args: [-2.0, 1.0, -1.0, 1.0, size === 'small' ? zeros(10, 15) : zeros(500 * 2, 750 * 2), 20] }),
};
