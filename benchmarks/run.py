"""Speed targets, measured as ratios within one run (``make bench``). Nothing here is asserted.

1. Batched simulation of 1,000 initial conditions (one ``solve_ivp`` call) against a loop of
   per-trajectory ``solve_ivp`` calls at the same tolerances — target >= 50x. The loop is timed
   on 100 trajectories and scaled to 1,000 (it is linear in their number).
2. Iterating the map (7) on a batch against the machine's own matrix-multiply throughput on
   the same shapes, measured in the same run — target >= 50 %.
3. Every widget callback (recompute + redraw with Agg) over a sweep of slider values —
   median and worst; target median < 100 ms.
4. With ``--builds``: wall time of ``make test`` and of the book build, cold and after
   editing one chapter.

Prints a table; ``--markdown`` prints it as the Markdown table of ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from rnn_energy import widgets  # noqa: E402
from rnn_energy.instances import random_ei, random_three_population  # noqa: E402
from rnn_energy.maps import FeatureMap, iterate  # noqa: E402
from rnn_energy.simulate import simulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def best_of(fn, repeat: int = 3) -> float:
    """Smallest wall time of ``repeat`` calls (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def batch_vs_loop(name: str, field, y0: np.ndarray, t: np.ndarray, n_loop: int = 100) -> dict:
    """Seconds for the whole batch in one call, and for the loop scaled to the batch size."""
    batch = best_of(lambda: simulate(field, y0, t, method="DOP853", rtol=1e-8, atol=1e-10), repeat=2)
    loop = best_of(lambda: [simulate(field, y, t, method="DOP853", rtol=1e-8, atol=1e-10) for y in y0[:n_loop]],
                   repeat=1) * (len(y0) / n_loop)
    return {"benchmark": f"simulate {len(y0)} ICs, {name}", "value": f"{loop / batch:.0f}x",
            "detail": f"batch {batch:.2f} s, loop {loop:.1f} s (timed on {n_loop}, scaled)", "target": ">= 50x"}


def simulation_benchmarks() -> list[dict]:
    rng = np.random.default_rng(0)
    model = random_three_population(rng, 4, 3, xi_scale=1.5, phi_scale=1.0, t_h=0.5, t_d=1.0)
    ei = random_ei(rng)
    t = np.linspace(0.0, 10.0, 101)
    ei_y0 = np.concatenate([rng.uniform(-0.9, 0.9, size=(1000, 5)), rng.normal(size=(1000, 5))], axis=-1)
    return [
        batch_vs_loop("chapter 1 (eq. 1)", model.vector_field, rng.normal(size=(1000, model.dim)), t),
        batch_vs_loop("E-I lift (H23-H24)", ei.vector_field, ei_y0, t),
    ]


def map_benchmark(batch: int = 4096, n: int = 256, steps: int = 50) -> dict:
    """Iterating f(x) = M tanh(x) against ``steps`` bare products x @ M.T of the same shapes."""
    rng = np.random.default_rng(1)
    m = rng.normal(size=(n, n)) / np.sqrt(n)
    x0 = rng.normal(size=(batch, n))
    f = FeatureMap(m)
    iterate_time = best_of(lambda: iterate(f, x0, steps))

    def products():
        x = x0
        for _ in range(steps):
            x = x @ m.T

    matmul_time = best_of(products)
    flops = 2.0 * batch * n * n * steps
    return {"benchmark": f"map (7) on a {batch} x {n} batch, {steps} steps", "value": f"{matmul_time / iterate_time:.0%}",
            "detail": f"{flops / iterate_time / 1e9:.1f} GFLOP/s vs bare matmul {flops / matmul_time / 1e9:.1f} GFLOP/s",
            "target": ">= 50 %"}


WIDGET_SWEEPS = {
    "three_population_panel": (widgets.three_population_panel, widgets.show_three_population_panel,
                               [(eps, phi, seed) for eps, phi, seed in itertools.product((1e-4, 1e-2, 1.0), (0.0, 3.0), (0, 7))]),
    "conjugacy_panel": (widgets.conjugacy_panel, widgets.show_conjugacy_panel,
                        list(itertools.product(("tanh", "logistic", "relu"), (0.1, 2.0, 6.0), (0, 7)))),
    "energy_orbit_panel": (widgets.energy_orbit_panel, widgets.show_energy_orbit_panel,
                           list(itertools.product((0.0, 1.0, 3.0), ("tanh", "logistic"), (0, 7)))),
    "cccp_panel": (widgets.cccp_panel, widgets.show_cccp_panel,
                   list(itertools.product((-3.0, -0.5, 1.0), (0.0, 3.0), (0.0, 6.0), (0, 7)))),
    "manifold_panel": (widgets.manifold_panel, widgets.show_manifold_panel,
                       list(itertools.product((-5.0, -1.0, -0.5, 1.0), (0, 7)))),
    "ei_panel": (widgets.ei_panel, widgets.show_ei_panel,
                 list(itertools.product((0.0316, 0.5, 10.0), (0.0, 1.5, 5.0), (0.0, 2.0, 4.0), (0.0, 3.0)))),
}


def widget_benchmarks() -> list[dict]:
    rows = []
    devnull = open(os.devnull, "w")
    shown = widgets.show_figure
    widgets.show_figure = widgets.render_png  # what a notebook does: one PNG per slider move
    for name, (_, show, values) in WIDGET_SWEEPS.items():
        times = []
        for args in values:
            start = time.perf_counter()
            stdout, sys.stdout = sys.stdout, devnull
            try:
                show(*args)
            finally:
                sys.stdout = stdout
            plt.close("all")
            times.append(time.perf_counter() - start)
        rows.append({"benchmark": f"widget {name} ({len(values)} slider settings)",
                     "value": f"{1000 * statistics.median(times):.0f} ms",
                     "detail": f"worst {1000 * max(times):.0f} ms", "target": "median < 100 ms"})
    widgets.show_figure = shown
    return rows


def ledger_benchmarks() -> list[dict]:
    """The whole ledger and its negative controls, each timed once from a fresh process.

    A budget for each: a check that suddenly takes several times longer (a wrong Jacobian sparsity,
    a loop that stopped being batched) shows up here even when every verdict stays right.
    """
    rows = []
    for label, flag, budget in (("ledger: every check", "", 60), ("ledger: every negative control", "--controls", 45)):
        seconds = timed(f"{sys.executable} -m rnn_energy.ledger {flag}")
        rows.append({"benchmark": label, "value": f"{seconds:.0f} s",
                     "detail": f"{seconds / budget:.0%} of the budget", "target": f"<= {budget} s"})
    return rows


def timed(command: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, shell=True, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_benchmarks() -> list[dict]:
    """make test, and the book build cold and after editing one chapter (Sphinx's incremental build)."""
    chapter = ROOT / "book" / "chapter2_conjugacy.ipynb"
    rows = [{"benchmark": "make test (venv present)", "value": f"{timed('make test'):.0f} s", "detail": "unit tests + nbval",
             "target": "report"}]
    cold = timed("rm -rf book/_build && make book")
    original = chapter.read_text()
    try:
        chapter.write_text(original.replace("This chapter turns that", "This chapter turns that", 1) + "\n")
        warm = timed("make book")
    finally:
        chapter.write_text(original)
    rows.append({"benchmark": "make book", "value": f"{cold:.0f} s cold", "detail": f"{warm:.0f} s after editing one chapter",
                 "target": "report"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", action="store_true", help="also time make test and the book build")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    rows = simulation_benchmarks() + [map_benchmark()] + widget_benchmarks() + ledger_benchmarks()
    if args.builds:
        rows += build_benchmarks()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"
    if args.markdown:
        print(f"Measured on {machine}.\n")
        print("| benchmark | measured | detail | target |\n|---|---|---|---|")
        for r in rows:
            print(f"| {r['benchmark']} | {r['value']} | {r['detail']} | {r['target']} |")
    else:
        print(machine)
        for r in rows:
            print(f"{r['benchmark']:<58} {r['value']:>10}   {r['detail']}   (target {r['target']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
