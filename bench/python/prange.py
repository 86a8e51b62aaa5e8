"""numba baselines for prange: `python3 prange.py <kernel> <size> <threads> [runs]`, kernel pi | std | compute.

Prints one JSON line: {single_s, parallel_s, threads, result_single, result_parallel}: the same source with
`njit` (one thread) and with `njit(parallel=True)` and `prange` on `threads` threads, each the median of `runs`
autoranged repeats (see _timing.py).
"""
import math
import os
import random
import sys

threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
os.environ['NUMBA_NUM_THREADS'] = str(threads)

import numpy as np  # noqa: E402
from numba import njit, prange, set_num_threads  # noqa: E402

from _timing import emit, measure  # noqa: E402


def pi(npoints):
    n_in_circle = 0
    for i in prange(npoints):
        x = random.random()
        y = random.random()
        if (x**2+y**2 < 1):
            n_in_circle += 1
    return 4*n_in_circle / npoints


def std(xs):
    mean = 0.
    for i in prange(xs.shape[0]):
        mean += xs[i]
    mean /= xs.shape[0]
    ms = 0.
    for i in prange(xs.shape[0]):
        ms += (xs[i] - mean)**2
    return math.sqrt(ms / xs.shape[0])


def compute(n):
    acc = 0.
    for i in prange(n):
        x = i * 1e-6
        acc += math.sin(x) * math.cos(x) + math.sqrt(x + 1.0) / (1.0 + x * x)
    return acc


KERNELS = {'pi': pi, 'std': std, 'compute': compute}

if __name__ == '__main__':
    kernel = sys.argv[1]
    size = int(float(sys.argv[2]))
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    fn = KERNELS[kernel]
    single = njit(fn)
    parallel = njit(parallel=True)(fn)
    set_num_threads(threads)
    args = (np.random.default_rng(1).normal(0, 1, size),) if kernel == 'std' else (size,)
    small = (args[0][:1000],) if kernel == 'std' else (1000,)
    one = measure(single, args, runs, min_time=0.1, small_args=small)
    many = measure(parallel, args, runs, min_time=0.1, small_args=small)
    emit({'single_s': one['median_s'], 'parallel_s': many['median_s'], 'threads': threads,
          'result_single': one['result'], 'result_parallel': many['result']})
