"""Text renderings of ledger results (the CLI table and the chapters' printed tables)."""

from __future__ import annotations

from collections import Counter
from html import escape

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


class LedgerTable:
    """Ledger rows for display: an HTML table in the book, the fixed-width text elsewhere.

    The plain-text form (``repr``) is the table of :func:`table_lines` — what the CLI prints
    and what the notebook regression tests compare. The HTML form (``_repr_html_``) is a real
    table whose "what was checked" column wraps instead of being cut off; each equation links
    to the section of its chapter (``#<anchor>``, valid on that chapter's page). With
    ``collapsed`` the HTML shows ``summary`` and keeps the table behind a toggle.
    """

    def __init__(self, results: list[Result], *, floor: float | None = None, summary: str | None = None,
                 collapsed: bool = False, link: bool = True):
        if collapsed and not summary:
            raise ValueError("summary must be given when collapsed is true")
        self.results = list(results)
        self.floor = floor
        self.summary = summary
        self.collapsed = collapsed
        self.link = link

    def _measure(self, x) -> str:
        if self.floor is not None and x is not None and abs(x) < self.floor:
            return f"< {self.floor:.0e}"
        return format_measure(x)

    def __repr__(self) -> str:
        lines = table_lines(self.results, floor=self.floor)
        return "\n".join(lines + ([self.summary] if self.summary else []))

    def _repr_html_(self) -> str:
        rows = []
        for r in self.results:
            v = r.verdict
            measure = (f"{self._measure(v.seed_error)} → {self._measure(v.corrected_error)}"
                       if v.status == "corrected" else self._measure(v.measure))
            label = f"({escape(r.entry.key)})"
            if self.link and r.entry.anchor:
                label = f'<a href="#{escape(r.entry.anchor)}">{label}</a>'
            flag = "" if r.agrees else ' <span class="ledger-disagrees" title="differs from the claim">⚠</span>'
            rows.append(
                f'<tr class="ledger-{escape(v.status)}"><td class="ledger-eq">{label}</td>'
                f"<td>{escape(r.entry.claimed)}</td><td><strong>{escape(v.status)}</strong>{flag}</td>"
                f'<td class="ledger-measure">{escape(measure)}</td><td class="ledger-detail">{escape(v.detail)}</td></tr>')
        table = ('<div class="ledger-scroll"><table class="ledger-table">'
                 "<thead><tr><th>eq.</th><th>claimed</th><th>computed</th><th>measure</th>"
                 "<th>what was checked</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")
        if self.collapsed:
            return (f'<details class="ledger"><summary>{escape(self.summary)} '
                    f'<span class="ledger-toggle-hint">(show the table)</span></summary>{table}</details>')
        caption = f'<p class="ledger-summary">{escape(self.summary)}</p>' if self.summary else ""
        return f'<div class="ledger">{table}{caption}</div>'


def _display(table: LedgerTable) -> None:
    """Show ``table`` as rich output in IPython (HTML and text), or print its text."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # the package does not require IPython
        print(repr(table))
        return
    if get_ipython() is None:
        print(repr(table))
    else:
        display(table)


def show(*keys, floor: float = 1e-6) -> None:
    """Display the ledger rows of the given equations (measures below ``floor`` as a bound)."""
    _display(LedgerTable(computed(keys), floor=floor))


def chapter_summary(results: list[Result]) -> str:
    """One line: how many equations, of which kind, and how many as claimed."""
    counts = ", ".join(f"{n} {s}" for s, n in summary_counts(results).items())
    agree = sum(r.agrees for r in results)
    return f"{len(results)} equations: {counts}; {agree} of {len(results)} as claimed"


def show_chapter(chapter: int, floor: float = 1e-6) -> None:
    """Display a chapter's whole ledger: its verdict counts, with the rows behind a toggle.

    The rows were shown section by section above, so in the book the chapter's table is
    collapsed under its one-line summary; the text form prints the table and the summary.
    """
    from .registry import entries

    results = computed([e.key for e in entries(chapter)])
    _display(LedgerTable(results, floor=floor, summary=chapter_summary(results), collapsed=True))


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
