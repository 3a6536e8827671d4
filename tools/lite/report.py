"""Tabulate the live runs recorded by ``tests_browser`` (``build/lite-report/*.json``).

Usage: ``python tools/lite/report.py [build/lite-report] [--site book/_build/html/lite]``.
Prints the site size, then per chapter: time to the notebook and to every cell run, each
slider's median and maximum latency, and the printed lines that differ from the stored outputs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def megabytes(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="?", type=Path, default=Path("build/lite-report"))
    parser.add_argument("--site", type=Path, default=Path("book/_build/html/lite"))
    args = parser.parse_args()
    if args.site.exists():
        print(f"site: {megabytes(args.site):.1f} MB (Pyodide and wheels {megabytes(args.site / 'static/pyodide'):.1f} MB)")
    runs = [json.loads(p.read_text()) for p in sorted(args.reports.glob("*.json"))]
    if not runs:
        print(f"no runs recorded in {args.reports}")
        return
    print(f"{'chapter':34s} {'notebook s':>10s} {'all cells s':>11s}  slider latency median/max (ms)")
    for run in runs:
        sliders = ", ".join(f"{s['description']} {s['median_ms']:.0f}/{s['max_ms']:.0f}" for s in run["sliders"]) or "-"
        print(f"{run['chapter']:34s} {run['time_to_notebook_s']:10.1f} {run['time_to_interactive_s']:11.1f}  {sliders}")
    for run in runs:
        differences = run["stdout_differences"]
        print(f"\n{run['chapter']}: {len(differences)} printed lines differ from the stored outputs"
              + (":" if differences else ""))
        for line in differences[:20]:
            print(f"  {line[:160]}")


if __name__ == "__main__":
    main()
