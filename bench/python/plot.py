"""matplotlib baseline for bench/plot.ts: render and save the same single-column line-plot figure as a PDF.

Usage: plot.py <points> <repeats> <out.pdf>
Prints one JSON line: {"median_s": ..., "times_s": [...], "bytes": ..., "matplotlib": "..."}.
"""
import json
import math
import statistics
import sys
import time

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt  # noqa: E402

n = int(sys.argv[1])
repeats = int(sys.argv[2])
out = sys.argv[3]

# The same style numbat's paper preset draws: serif 8/9 pt, ticks in on all sides, 1 pt lines, TrueType fonts.
plt.rcParams.update({
    "font.family": "serif",
    "font.size": 8,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "lines.linewidth": 1.0,
    "axes.linewidth": 0.6,
    "pdf.fonttype": 42,
})

t = [10.0 * i / (n - 1) for i in range(n)]
a = [math.exp(-0.25 * x) * math.cos(2.0 * x) for x in t]
b = [math.exp(-0.25 * x) for x in t]


def figure():
    fig, ax = plt.subplots(figsize=(3.4, 3.4 * 0.72))
    ax.plot(t, a, color="#0072B2", label="signal")
    ax.plot(t, b, color="#D55E00", linestyle="--", label="envelope")
    ax.set_xlabel("time [s]")
    ax.set_ylabel("amplitude")
    ax.legend(loc="best", frameon=False)
    fig.savefig(out, metadata={"CreationDate": None})
    plt.close(fig)


figure()  # warm-up: font cache, backend import
times = []
for _ in range(repeats):
    start = time.perf_counter()
    figure()
    times.append(time.perf_counter() - start)

import os  # noqa: E402

print(json.dumps({"median_s": statistics.median(times), "times_s": times, "bytes": os.path.getsize(out), "matplotlib": matplotlib.__version__}))
