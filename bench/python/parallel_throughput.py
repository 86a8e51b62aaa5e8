"""Baseline for bench/parallel.ts: multiprocessing.Pool throughput on trivial tasks.

map: Pool.map with its default chunking (ceil(n / (4 * workers)) items per task message);
imap: Pool.imap with chunksize=1 (one message per task each way).
Usage: parallel_throughput.py WORKERS N_MAP N_IMAP; prints one JSON line.
"""
import json
import multiprocessing as mp
import sys
import time


def square(x):
    return x * x


def main():
    workers, n_map, n_imap = (int(a) for a in sys.argv[1:4])
    with mp.Pool(workers) as pool:
        pool.map(square, range(4 * workers))  # start the workers before timing
        t0 = time.perf_counter()
        out = pool.map(square, range(n_map))
        t_map = time.perf_counter() - t0
        assert len(out) == n_map and out[-1] == (n_map - 1) ** 2
        t0 = time.perf_counter()
        count = 0
        for _ in pool.imap(square, range(n_imap), chunksize=1):
            count += 1
        t_imap = time.perf_counter() - t0
        assert count == n_imap
    print(json.dumps({
        "workers": workers,
        "start_method": mp.get_start_method(),
        "map": {"n": n_map, "seconds": t_map, "per_second": n_map / t_map},
        "imap": {"n": n_imap, "seconds": t_imap, "per_second": n_imap / t_imap},
    }))


if __name__ == "__main__":
    main()
