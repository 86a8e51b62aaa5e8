"""Shared timing for the numba baselines: one JSON line {compile_s, median_s, mean_s, best_s, runs, result}.

compile_s is the first call (type inference + LLVM compilation + one run) minus a steady call, on a small input of
the same types when the script passes one: the definition bench/jit.ts uses for memoJit.
"""
import json
import os
import statistics
import time

# Single-threaded on purpose: the JavaScript side runs on one core too.
os.environ.setdefault('NUMBA_NUM_THREADS', '1')


def measure(fn, args, runs, min_time=0.2, small_args=None):
    """Times fn(*args): first call (compiles), then `runs` repeats of an autoranged loop count (like %timeit).

    With `small_args` (a small input of the same types), compile_s is the first small call minus a second small
    call, so a long run's noise does not swamp the compile time; bench/jit.ts measures memoJit the same way.
    """
    compile_s = None
    if small_args is not None:
        t0 = time.perf_counter()
        fn(*small_args)
        first_small = time.perf_counter() - t0
        t0 = time.perf_counter()
        fn(*small_args)
        compile_s = max(first_small - (time.perf_counter() - t0), 0.0)
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
    best = min(per_loop)
    mean = statistics.fmean(per_loop)
    if compile_s is None:
        compile_s = max(first - median, 0.0)
    return {'compile_s': compile_s, 'median_s': median, 'mean_s': mean, 'best_s': best, 'runs': runs, 'loops': loops, 'result': result}


def emit(record):
    print(json.dumps(record))
