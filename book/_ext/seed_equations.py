"""Sphinx extension: equations keep the sources' numbers.

Sphinx numbers labelled equations 1, 2, 3, ... on each page. The book labels the sources'
equations ``eq-7`` (notes, eq. 7), ``eq-H3`` (slides, third equation) or ``eq-28c``
(the corrected form of eq. 28), ``eq-25L`` (a rewriting of eq. 25); this math domain shows those numbers, in the equation's
margin and wherever ``{eq}`` refers to it. Other labels keep Sphinx's serial numbers.
"""

from __future__ import annotations

import re

from sphinx.domains.math import MathDomain

SEED_LABEL = re.compile(r"eq-([A-Z]?\d+[A-Za-z]?)$")


class SeedNumberedMathDomain(MathDomain):
    """The math domain, with the number of an ``eq-<number>`` label taken from the label."""

    def note_equation(self, docname, labelid, location=None):
        match = SEED_LABEL.match(labelid)
        if match is None:
            return super().note_equation(docname, labelid, location)
        if labelid in self.equations:
            super().note_equation(docname, labelid, location)  # Sphinx's duplicate warning
        self.equations[labelid] = (docname, match.group(1))


def setup(app):
    app.add_domain(SeedNumberedMathDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
