"""The classic numba kernels of issue 13, as a numba user writes them; bench/corpus/kernels/*.js are their literal
JavaScript ports. `python3 numba_kernels.py <kernel> <runs> <args.json>` times one kernel (bench/python/_timing.py's
measure: first call apart, then the median of `runs` autoranged repeats) and prints one JSON line with a checksum of
its result; `--check <kernel> <args.json> ...` prints only the checksums of several kernels. args.json lists the
arguments: numbers, or {"file", "dtype", "shape"} for arrays the JavaScript side wrote, so both languages compute on
the same data.
"""
import json
import math
import random
import sys

import numpy as np
from numba import njit

from _timing import emit, measure


@njit
def mandelbrot(width, height, max_iter):
    total = 0
    for py in range(height):
        for px in range(width):
            x0 = -2.0 + 3.0 * px / width
            y0 = -1.0 + 2.0 * py / height
            x = 0.0
            y = 0.0
            i = 0
            while x * x + y * y <= 4.0 and i < max_iter:
                xt = x * x - y * y + x0
                y = 2.0 * x * y + y0
                x = xt
                i += 1
            total += i
    return total


@njit
def pairwise(X):
    M = X.shape[0]
    N = X.shape[1]
    D = np.empty((M, M), dtype=np.float64)
    for i in range(M):
        for j in range(M):
            d = 0.0
            for k in range(N):
                tmp = X[i, k] - X[j, k]
                d += tmp * tmp
            D[i, j] = np.sqrt(d)
    return D


@njit
def jacobi(u, un, iters):
    n, m = u.shape
    for it in range(iters):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                un[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                u[i, j] = un[i, j]
    return u


@njit
def cnd(d):
    A1 = 0.31938153
    A2 = -0.356563782
    A3 = 1.781477937
    A4 = -1.821255978
    A5 = 1.330274429
    RSQRT2PI = 0.39894228040143267794
    K = 1.0 / (1.0 + 0.2316419 * abs(d))
    ret_val = RSQRT2PI * math.exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))))
    if d > 0:
        ret_val = 1.0 - ret_val
    return ret_val


@njit
def black_scholes(callResult, putResult, stockPrice, optionStrike, optionYears, riskFree, volatility):
    S = stockPrice
    X = optionStrike
    T = optionYears
    R = riskFree
    V = volatility
    for i in range(len(S)):
        sqrtT = math.sqrt(T[i])
        d1 = (math.log(S[i] / X[i]) + (R + 0.5 * V * V) * T[i]) / (V * sqrtT)
        d2 = d1 - V * sqrtT
        cndd1 = cnd(d1)
        cndd2 = cnd(d2)
        expRT = math.exp((-1.0 * R) * T[i])
        callResult[i] = S[i] * cndd1 - X[i] * expRT * cndd2
        putResult[i] = X[i] * expRT * (1.0 - cndd2) - S[i] * (1.0 - cndd1)
    return callResult


@njit
def bubblesort(X):
    N = len(X)
    for end in range(N, 1, -1):
        for i in range(end - 1):
            cur = X[i]
            if cur > X[i + 1]:
                tmp = X[i]
                X[i] = X[i + 1]
                X[i + 1] = tmp
    return X


@njit
def collatz(n):
    best = 0
    best_start = 0
    for start in range(1, n):
        x = start
        steps = 0
        while x != 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            steps += 1
        if steps > best:
            best = steps
            best_start = start
    return best_start, best


@njit
def histogram(x, nbins, lo, hi):
    counts = np.zeros(nbins, dtype=np.int64)
    width = (hi - lo) / nbins
    for v in x:
        if lo <= v < hi:
            counts[int((v - lo) / width)] += 1
    return counts


@njit
def row_norms(X):
    n, d = X.shape
    out = np.empty(n)
    for i in range(n):
        s = 0.0
        for j in range(d):
            s += X[i, j] * X[i, j]
        out[i] = np.sqrt(s)
    return out


@njit
def mc_integrate(n):
    s = 0.0
    for i in range(n):
        x = random.random()
        s += math.exp(-x * x)
    return s / n


@njit
def seed(n):
    # numba's PRNG is its own state, seeded only from inside jitted code.
    random.seed(n)


def sorted_copy(X):
    # bubblesort sorts in place: every timed call gets a fresh copy (O(N), beside the O(N^2) sort).
    return bubblesort(X.copy())


KERNELS = {
    'mandelbrot': mandelbrot, 'pairwise': pairwise, 'jacobi': jacobi, 'black_scholes': black_scholes,
    'bubblesort': sorted_copy, 'collatz': collatz, 'histogram': histogram, 'row_norms': row_norms,
    'mc_integrate': mc_integrate,
}


def checksum(value):
    """Sum of (i + 1) * v over the flattened result: order-sensitive, so a sort is checked too."""
    flat = np.asarray(value, dtype=np.float64).ravel()
    return float(np.sum(flat * np.arange(1, flat.size + 1)))


def load(arg):
    if isinstance(arg, dict):
        a = np.fromfile(arg['file'], dtype=arg['dtype'])
        return a.reshape(arg['shape'])
    return arg


def main(argv):
    if argv[1] == '--check':
        # Checksums only, for several kernels in one process: `--check <kernel> <args.json> ...` (the tests use it,
        # so numba is imported once instead of once per kernel).
        out = {}
        for name, path in zip(argv[2::2], argv[3::2]):
            with open(path) as f:
                args = tuple(load(a) for a in json.load(f))
            seed(42)
            out[name] = checksum(KERNELS[name](*args))
        emit(out)
        return
    name = argv[1]
    runs = int(argv[2])
    with open(argv[3]) as f:
        args = tuple(load(a) for a in json.load(f))
    seed(42)
    fn = KERNELS[name]
    # The checksum of one call on copies of the inputs, as the JavaScript side checks its first call (jacobi and
    # bubblesort change their arguments, so later calls see other data).
    check = checksum(fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args]))
    record = measure(fn, args, runs, min_time=0.05)
    record['result'] = check
    record['kernel'] = name
    emit(record)


if __name__ == '__main__':
    main(sys.argv)
