"""Sphinx extension: equations keep the sources' numbers.

Sphinx numbers labelled equations 1, 2, 3, ... on each page. The book labels the sources'
equations ``eq-7`` (notes, eq. 7), ``eq-H3`` (slides, third equation), ``eq-28c`` (the
corrected form of eq. 28) or ``eq-25L`` (a rewriting of eq. 25); this math domain shows those
numbers, in the equation's margin and wherever ``{eq}`` refers to it. The book's own
equations (any other label, such as ``eq-cccp``) are numbered ``<chapter>.<k>`` — ``4.1``,
``4.2`` on the page ``chapter4_...`` — so they can never be mistaken for a source's number.
"""

from __future__ import annotations

import re

from sphinx.domains.math import MathDomain

SEED_LABEL = re.compile(r"eq-([A-Z]?\d+[A-Za-z]?)$")
CHAPTER = re.compile(r"chapter(\d+)")


class SeedNumberedMathDomain(MathDomain):
    """The math domain, with numbers taken from ``eq-<number>`` labels."""

    def note_equation(self, docname, labelid, location=None):
        if labelid in self.equations:
            super().note_equation(docname, labelid, location)  # Sphinx's duplicate warning
        match = SEED_LABEL.match(labelid)
        if match is not None:
            self.equations[labelid] = (docname, match.group(1))
            return
        chapter = CHAPTER.search(docname)
        prefix = f"{chapter.group(1)}." if chapter else "B"
        own = sum(1 for doc, number in self.equations.values()
                  if doc == docname and str(number).startswith(prefix))
        self.equations[labelid] = (docname, f"{prefix}{own + 1}")


def setup(app):
    app.add_domain(SeedNumberedMathDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.1"}
