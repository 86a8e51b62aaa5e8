"""matplotlib baseline for bench/plot.ts: the physics figure of examples/plot-decorator.ts (fig5) with mathtext.

Usage: plot_physics.py <data.json> <repeats> <out.pdf>
With repeats 0 the figure is drawn once (a cold process: the caller times the whole run).
Prints one JSON line: {"median_s": ..., "times_s": [...], "bytes": ..., "matplotlib": "..."}.
"""
import json
import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

data = json.load(open(sys.argv[1]))
repeats = int(sys.argv[2])
out = sys.argv[3]

# numbat's paper preset: Computer Modern math (mathtext 'cm'), serif 8/9 pt, ticks in on all sides, TrueType fonts.
plt.rcParams.update({
    "font.family": "serif",
    "font.serif": ["DejaVu Serif"],
    "mathtext.fontset": "cm",
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

x = np.array(data["x"])
psi2 = np.array(data["psi2"])
pot = np.array(data["potential"])
t = np.array(data["t"])
msd = np.array(data["msd"])
alpha = np.array(data["alpha"])
ext = [-3, 3, -3, 3]


def figure():
    fig, axs = plt.subplots(2, 2, figsize=(7, 5.2), sharex="col", layout="constrained")
    (a, b), (c, d) = axs
    im = a.imshow(psi2, extent=ext, origin="lower", cmap="viridis", interpolation="nearest")
    a.contour(psi2, extent=ext, levels=5, colors="white", linewidths=0.5)
    fig.colorbar(im, ax=a, label=r"$|\psi(x,y)|^2\,a_0^2$")
    a.set_ylabel(r"$y/a_0$")
    b.errorbar(t, msd, yerr=np.array(data["msdErr"]), fmt="o", ms=3, label="simulation")
    b.plot(t, 3.2 * np.sqrt(t), "k--", lw=0.8, label=r"fit $\propto t^{\alpha}$, $\alpha = 0.50 \pm 0.02$")
    b.set_xscale("log")
    b.set_yscale("log")
    b.set_ylabel(r"$\langle r^2(t) \rangle$ [$\mu$m$^2$]")
    b.legend(loc="best")
    ins = b.inset_axes([0.6, 0.1, 0.36, 0.36])
    ins.plot(data["dx"], data["pdx"], color="#009E73")
    ins.set_xlabel(r"$\Delta x/\sigma$")
    ins.set_ylabel(r"$P$")
    cf = c.contourf(pot, extent=ext, levels=12, cmap="coolwarm")
    c.contour(pot, extent=ext, levels=12, colors="black", linewidths=0.3)
    fig.colorbar(cf, ax=c, label=r"$V(x,y)/\hbar\omega$")
    c.set_xlabel(r"$x/a_0$")
    c.set_ylabel(r"$y/a_0$")
    err = np.array(data["alphaErr"])
    d.fill_between(t, alpha - err, alpha + err, alpha=0.25, label=r"$\pm 1\sigma$")
    d.plot(t, alpha, label=r"local exponent $\alpha(t) = \mathrm{d}\ln\langle r^2\rangle/\mathrm{d}\ln t$")
    d.plot(t, 0.5 + 0 * t, "k--", lw=0.8, label=r"theory, $\alpha = \frac{1}{2}$")
    d.set_xscale("log")
    d.set_ylim(0.35, 0.75)
    d.set_xlabel(r"lag time $t$ [s]")
    d.set_ylabel(r"$\alpha(t)$")
    d.legend(loc="best")
    for ax, label in zip(axs.flat, "abcd"):
        ax.set_title(f"({label})", loc="left", fontweight="bold")
    fig.savefig(out, metadata={"CreationDate": None})
    plt.close(fig)


if repeats == 0:
    figure()
    times = []
else:
    figure()  # warm-up: font cache, mathtext parser, backend import
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        figure()
        times.append(time.perf_counter() - start)

print(json.dumps({"median_s": statistics.median(times) if times else None, "times_s": times, "bytes": os.path.getsize(out), "matplotlib": matplotlib.__version__}))
