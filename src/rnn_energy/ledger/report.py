"""Text renderings of ledger results (the CLI table and the chapters' printed tables)."""

from __future__ import annotations

from collections import Counter

from .registry import KINDS, STATUSES, Result, format_measure


def table_lines(results: list[Result], *, floor: float | None = None) -> list[str]:
    """One header and one line per result: equation, claimed, computed, measure, detail.

    The measure of a ``corrected`` verdict is shown as ``seed error -> corrected error``.

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
            (f"{measure(r.verdict.seed_error)} -> {measure(r.verdict.corrected_error)}"
             if r.verdict.status == "corrected" else measure(r.verdict.measure)),
            r.verdict.detail,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4] for row in rows]


def kind_counts(results: list[Result]) -> dict[str, int]:
    """How many entries rest on each kind of evidence, in the order of ``KINDS`` (unclassified last)."""
    counts = Counter(r.entry.kind or "unclassified" for r in results)
    order = list(KINDS) + (["unclassified"] if counts.get("unclassified") else [])
    return {k: counts.get(k, 0) for k in order}


def summary_counts(results: list[Result]) -> dict[str, int]:
    """How many computed verdicts of each kind, in the order of ``STATUSES``."""
    counts = Counter(r.verdict.status for r in results)
    return {s: counts.get(s, 0) for s in STATUSES}


_COMPUTED: dict[str, Result] = {}


def computed(keys) -> list[Result]:
    """Results for ``keys``, each check run once per session (checks are deterministic)."""
    from .registry import run

    keys = [str(k) for k in keys]
    missing = [k for k in keys if k not in _COMPUTED]
    for result in run(keys=missing) if missing else []:
        _COMPUTED[result.entry.key] = result
    return [_COMPUTED[k] for k in keys]


def show(*keys, floor: float = 1e-6) -> None:
    """Print the ledger rows of the given equations (measures below ``floor`` as a bound)."""
    print("\n".join(table_lines(computed(keys), floor=floor)))


def show_chapter(chapter: int, floor: float = 1e-6) -> None:
    """Print a chapter's whole ledger and its verdict counts."""
    from .registry import entries

    results = computed([e.key for e in entries(chapter)])
    print("\n".join(table_lines(results, floor=floor)))
    counts = ", ".join(f"{n} {s}" for s, n in summary_counts(results).items())
    agree = sum(r.agrees for r in results)
    print(f"{len(results)} equations: {counts}; {agree} of {len(results)} as claimed")


CHAPTER_TITLES = {
    1: "From continuous time to the map",
    2: "Topological conjugacy of the map and the RNN",
    3: "The energy attempts, term by term",
    4: "The concave-convex procedure",
    5: "Hamiltonian dynamics: oscillator, symmetric and antisymmetric networks",
    6: "The excitatory-inhibitory network in phase space",
}


def code_title(path: str) -> str:
    """A short name for an implementing object: ``Class.method``, ``Class`` or ``module.function``."""
    parts = path.split(".")[1:]
    for i, part in enumerate(parts):
        if part[:1].isupper():
            return ".".join(parts[i:])
    return ".".join(parts[-2:])


def markdown_table(results: list[Result], *, floor: float = 1e-6) -> str:
    """A MyST Markdown table of results; each equation links to the section that computes it, and
    its "code" cell to the implementing function in the API reference."""
    def measure(r):
        v = r.verdict
        fmt = lambda x: f"< {floor:.0e}" if x is not None and abs(x) < floor else format_measure(x)  # noqa: E731
        return f"{fmt(v.seed_error)} → {fmt(v.corrected_error)}" if v.status == "corrected" else fmt(v.measure)

    lines = ["| eq. | claimed | computed | measure | what was checked | code |", "|---|---|---|---|---|---|"]
    for r in results:
        mark = "" if r.agrees else " ⚠"
        detail = r.verdict.detail.replace("|", "\\|")
        code = f"{{py:obj}}`{code_title(r.entry.implements)} <{r.entry.implements}>`" if r.entry.implements else ""
        lines.append(f"| [({r.entry.key})]({r.entry.anchor}) | {r.entry.claimed} | **{r.verdict.status}**{mark} "
                     f"| {measure(r)} | {detail} | {code} |")
    return "\n".join(lines)


def counts_markdown(results: list[Result]) -> str:
    """A short MyST table: how many equations hold, were corrected, fail, stay open."""
    counts = summary_counts(results)
    notes = sum(1 for r in results if not r.entry.key.startswith("H"))
    slides = len(results) - notes
    header = "| | " + " | ".join(counts) + " | total |"
    rule = "|---" * (len(counts) + 2) + "|"
    row = "| equations | " + " | ".join(str(n) for n in counts.values()) + f" | {len(results)} |"
    return "\n".join([header, rule, row, "", f"({notes} equations of the notes, {slides} of the slides.)"])
