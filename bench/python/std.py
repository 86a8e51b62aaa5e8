"""numba baseline for the lecture's std: `python3 std.py [n] [runs]` prints {compile_s, median_s, runs, result}."""
import math
import sys

import numpy as np
from numba import njit

from _timing import emit, measure


def std(xs):
  # compute the mean
  mean = 0
  for x in xs:
    mean += x
  mean /= len(xs)
  # compute the variance
  ms = 0
  for x in xs:
     ms += (x-mean)**2
  variance = ms / len(xs)
  std = math.sqrt(variance)
  return std


if __name__ == '__main__':
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    a = np.random.default_rng(42).normal(0, 1, n)
    c_std = njit(std)
    record = measure(c_std, (a,), runs, small_args=(a[:1000].copy(),))
    record['result'] = float(record['result'])
    record['n'] = n
    emit(record)
