"""numba (one core) baselines for bench/gpu.ts and examples/gpu-pi.ts: Monte Carlo pi, saxpy, closest pair.

Usage: gpu_kernels.py <kernel> <n> [repeats]. Prints one JSON line: best time of `repeats` runs after a
warm-up call (so compile time is reported apart), and the result, for the JavaScript side to check.
"""
import json
import sys
import time

import numpy as np
from numba import njit


@njit(cache=False)
def pi(npoints):
    n_in_circle = 0
    for _ in range(npoints):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            n_in_circle += 1
    return 4.0 * n_in_circle / npoints


@njit(cache=False)
def saxpy(a, x, y, out):
    for i in range(x.shape[0]):
        out[i] = a * x[i] + y[i]


@njit(cache=False)
def closest(xs, ys):
    best = np.inf
    n = xs.shape[0]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            dx = xs[i] - xs[j]
            dy = ys[i] - ys[j]
            d = dx * dx + dy * dy
            if d < best:
                best = d
    return best


def main():
    kernel, n = sys.argv[1], int(float(sys.argv[2]))
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    if kernel == "pi":
        args = (n,)
        fn = pi
        t0 = time.perf_counter(); pi(1000); compile_s = time.perf_counter() - t0
    elif kernel == "saxpy":
        x = np.sin(np.arange(n, dtype=np.float32))
        y = np.cos(np.arange(n, dtype=np.float32))
        out = np.empty(n, dtype=np.float32)
        args = (np.float32(2.5), x, y, out)
        fn = saxpy
        t0 = time.perf_counter(); saxpy(np.float32(2.5), x[:10], y[:10], out[:10]); compile_s = time.perf_counter() - t0
    elif kernel == "closest":
        # Same points as bench/gpu.ts: computed in float64, then rounded to float32 like Float32Array.from.
        k = np.arange(n, dtype=np.float64)
        xs = (np.sin(k * 1.7) * 100).astype(np.float32)
        ys = (np.cos(k * 2.3) * 100).astype(np.float32)
        args = (xs, ys)
        fn = closest
        t0 = time.perf_counter(); closest(xs[:10], ys[:10]); compile_s = time.perf_counter() - t0
    else:
        raise SystemExit(f"unknown kernel {kernel}")
    best = float("inf")
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t0)
    if kernel == "saxpy":
        result = float(args[3][n // 2])
    print(json.dumps({"kernel": kernel, "n": n, "seconds": best, "compile_seconds": compile_s, "result": float(result)}))


if __name__ == "__main__":
    main()
