"""The equation ledger: every equation of the sources with a computed verdict.

``python -m rnn_energy.ledger`` recomputes every check and prints the table; see
:mod:`rnn_energy.ledger.registry` for the verdicts and :func:`run` to use it from code.
"""

from . import chapter1, chapter2, chapter3, chapter4, chapter5, chapter6, chapter7, claims  # noqa: F401  (registers them)
from .registry import (
    REGISTRY,
    STATUSES,
    Entry,
    Result,
    Verdict,
    entries,
    format_measure,
    run,
    run_controls,
)
from .report import (
    CHAPTER_TITLES,
    computed,
    counts_markdown,
    kind_counts,
    markdown_table,
    show,
    show_chapter,
    summary_counts,
    table_lines,
)

__all__ = [
    "REGISTRY", "STATUSES", "Entry", "Result", "Verdict", "entries", "format_measure", "run", "run_controls", "kind_counts",
    "summary_counts", "table_lines", "computed", "show", "show_chapter", "CHAPTER_TITLES",
    "counts_markdown", "markdown_table",
]
