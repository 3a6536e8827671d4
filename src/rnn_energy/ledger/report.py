"""Text renderings of ledger results (the CLI table and the chapters' printed tables)."""

from __future__ import annotations

from collections import Counter

from .registry import STATUSES, Result, format_measure


def table_lines(results: list[Result], *, floor: float | None = None) -> list[str]:
    """One header and one line per result: equation, claimed, computed, measure, detail.

    With ``floor``, measures below it print as ``<floor`` (round-off is machine-dependent;
    a bound is what a regression test can compare).
    """
    def measure(x):
        if floor is not None and x is not None and abs(x) < floor:
            return f"<{floor:.0e}"
        return format_measure(x)

    rows = [("eq.", "claimed", "computed", "measure", "detail")]
    for r in results:
        rows.append((
            f"({r.entry.key})", r.entry.claimed, r.verdict.status + ("" if r.agrees else " !"),
            measure(r.verdict.measure), r.verdict.detail,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4] for row in rows]


def summary_counts(results: list[Result]) -> dict[str, int]:
    """How many computed verdicts of each kind, in the order of ``STATUSES``."""
    counts = Counter(r.verdict.status for r in results)
    return {s: counts.get(s, 0) for s in STATUSES}
