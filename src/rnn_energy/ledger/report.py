"""Text renderings of ledger results (the CLI table and the chapters' printed tables)."""

from __future__ import annotations

from collections import Counter
from html import escape

from .registry import KINDS, STATUSES, Result, format_measure, is_equation


def measure_text(verdict, floor: float | None = None, arrow: str = "->") -> str:
    """The measure column: ``seed error -> corrected error`` for a correction, ``exact`` for a
    verdict decided without a tolerance — a symbolic identity (``not identical -> exact`` for a
    symbolic correction) or a count, given in the detail — and numbers below
    ``floor`` as ``< floor`` (round-off is machine-dependent; a bound is what a regression test
    can compare)."""
    def fmt(x):
        if floor is not None and x is not None and abs(x) < floor:
            return f"< {floor:.0e}"
        return format_measure(x)

    if verdict.exact:
        if verdict.status == "corrected":
            return f"not identical {arrow} exact"
        return "exact" if verdict.status == "holds" else "not identical"
    if verdict.status == "corrected":
        return f"{fmt(verdict.seed_error)} {arrow} {fmt(verdict.corrected_error)}"
    return fmt(verdict.measure)


def table_lines(results: list[Result], *, floor: float | None = None) -> list[str]:
    """One header and one line per result: entry, kind, claimed, computed, measure, detail.

    The measure is :func:`measure_text`; a boundary record, when the check made one, follows the
    detail after "boundary:".
    """
    rows = [("entry", "kind", "claimed", "computed", "measure", "detail")]
    for r in results:
        detail = r.verdict.detail + (f"; boundary: {r.verdict.boundary}" if r.verdict.boundary else "")
        rows.append((
            f"({r.entry.key})", r.entry.kind or "-", r.entry.claimed, r.verdict.status + ("" if r.agrees else " !"),
            measure_text(r.verdict, floor), detail,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths)) + "  " + row[5] for row in rows]


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

    def __repr__(self) -> str:
        lines = table_lines(self.results, floor=self.floor)
        return "\n".join(lines + ([self.summary] if self.summary else []))

    def _repr_html_(self) -> str:
        rows = []
        for r in self.results:
            v = r.verdict
            measure = measure_text(v, self.floor, "→")
            detail = v.detail + (f"; boundary: {v.boundary}" if v.boundary else "")
            label = f"({escape(r.entry.key)})"
            if self.link and r.entry.anchor:
                label = f'<a href="#{escape(r.entry.anchor)}">{label}</a>'
            flag = "" if r.agrees else ' <span class="ledger-disagrees" title="differs from the claim">⚠</span>'
            rows.append(
                f'<tr class="ledger-{escape(v.status)}"><td class="ledger-eq">{label}</td>'
                f"<td>{escape(r.entry.kind or '-')}</td>"
                f"<td>{escape(r.entry.claimed)}</td><td><strong>{escape(v.status)}</strong>{flag}</td>"
                f'<td class="ledger-measure">{escape(measure)}</td><td class="ledger-detail">{escape(detail)}</td></tr>')
        table = ('<div class="ledger-scroll"><table class="ledger-table">'
                 "<thead><tr><th>entry</th><th>kind</th><th>claimed</th><th>computed</th><th>measure</th>"
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


def show(*keys, floor: float = 1e-6, link: bool = True) -> None:
    """Display the ledger rows of the given entries (measures below ``floor`` as a bound).

    Each row links to its section on the chapter's own page; ``link=False`` leaves the links
    out, for rows shown on another page (the introduction).
    """
    _display(LedgerTable(computed(keys), floor=floor, link=link))


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
    7: "The sequence network: where an energy exists, and what replaces it",
}


def code_title(path: str) -> str:
    """A short name for an implementing object: ``Class.method``, ``Class`` or ``module.function``."""
    parts = path.split(".")[1:]
    for i, part in enumerate(parts):
        if part[:1].isupper():
            return ".".join(parts[i:])
    return ".".join(parts[-2:])


def markdown_table(results: list[Result], *, floor: float = 1e-6) -> str:
    """A MyST Markdown table of results: each entry links to the section that computes it (its kind
    of evidence under it), the verdict (with the claim when they differ), the measure, what was
    checked, and the implementing function in the API reference."""
    lines = ["| entry | verdict | measure | what was checked | code |", "|---|---|---|---|---|"]
    for r in results:
        v = r.verdict
        verdict = f"**{v.status}**" if r.agrees else f"**{v.status}** ⚠ (claimed {r.entry.claimed})"
        detail = (v.detail + (f"; boundary: {v.boundary}" if v.boundary else "")).replace("|", "\\|")
        code = f"{{py:obj}}`{code_title(r.entry.implements)} <{r.entry.implements}>`" if r.entry.implements else ""
        lines.append(f"| [({r.entry.key})]({r.entry.anchor})<br>*{r.entry.kind or '-'}* | {verdict} "
                     f"| {measure_text(v, floor, '→')} | {detail} | {code} |")
    return "\n".join(lines)


def counts_markdown(results: list[Result]) -> str:
    """Two short MyST tables: verdicts (holds, corrected, fails, open) for the sources' equations and
    for the book's own claims, and how many entries rest on each kind of evidence."""
    equations = [r for r in results if is_equation(r.entry.key)]
    claims = [r for r in results if r not in equations]
    notes = sum(1 for r in equations if not r.entry.key.startswith("H"))
    header = "| | " + " | ".join(STATUSES) + " | total |"
    rule = "|---" * (len(STATUSES) + 2) + "|"
    rows = [f"| {name} | " + " | ".join(str(n) for n in summary_counts(group).values()) + f" | {len(group)} |"
            for name, group in (("equations of the sources", equations), ("claims of the book", claims))]
    kinds = kind_counts(results)
    verified = sum(1 for r in results if r.entry.kind not in ("definition", None) and r.verdict.status in ("holds", "corrected"))
    kind_header = "| evidence | " + " | ".join(kinds) + " |"
    kind_rule = "|---" * (len(kinds) + 1) + "|"
    kind_row = "| entries | " + " | ".join(str(n) for n in kinds.values()) + " |"
    return "\n".join([header, rule, *rows, "",
                      f"({notes} equations of the notes, {len(equations) - notes} of the slides; {len(claims)} "
                      f"theorems, propositions, corollaries, quantified sentences and open questions of the book.)",
                      "", kind_header, kind_rule, kind_row, "",
                      f"({verified} entries are verified by a computation; definitions are shown, not counted.)"])
