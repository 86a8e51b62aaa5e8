"""numba baseline for the lecture's Monte Carlo pi: `python3 pi.py [npoints] [runs]`."""
import random
import sys

from numba import njit

from _timing import emit, measure


@njit
def fast_pi(npoints):
  n_in_circle = 0
  for i in range(npoints):
    x = random.random()
    y = random.random()
    if (x**2+y**2 < 1):
      n_in_circle += 1
  return 4*n_in_circle / npoints


@njit
def seed(n):
    # numba's PRNG is its own state, seeded only from inside jitted code.
    random.seed(n)


if __name__ == '__main__':
    npoints = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    seed(42)
    record = measure(fast_pi, (npoints,), runs, min_time=0.1, small_args=(1000,))
    record['npoints'] = npoints
    emit(record)
