"""Shared timing for the numba baselines: one JSON line {compile_s, median_s, runs, result}.

compile_s is the first call (type inference + LLVM compilation + one run) minus the steady median, the same
definition bench/jit.ts uses for memoJit, so the two columns compare like with like.
"""
import json
import os
import statistics
import time

# Single-threaded on purpose: the JavaScript side runs on one core too.
os.environ.setdefault('NUMBA_NUM_THREADS', '1')


def measure(fn, args, runs, min_time=0.2):
    """Times fn(*args): first call (compiles), then `runs` repeats of an autoranged loop count (like %timeit)."""
    t0 = time.perf_counter()
    result = fn(*args)
    first = time.perf_counter() - t0
    loops = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(loops):
            fn(*args)
        elapsed = time.perf_counter() - t0
        if elapsed >= min_time or loops >= 10000:
            break
        loops *= 10 if elapsed < min_time / 10 else 2
    per_loop = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(loops):
            fn(*args)
        per_loop.append((time.perf_counter() - t0) / loops)
    median = statistics.median(per_loop)
    return {'compile_s': max(first - median, 0.0), 'median_s': median, 'runs': runs, 'loops': loops, 'result': result}


def emit(record):
    print(json.dumps(record))
