"""Sphinx extension: the ``erratum`` directive, one recognisable block for each correction.

An erratum is one of the book's findings: where a source is wrong and by how much. The
block is titled "Erratum — <what it corrects>" and holds a definition list with exactly
these three terms, in order:

* ``In the notes`` or ``In the slides`` — the source's form;
* ``Corrected`` — the corrected form;
* ``Decided by`` — the computed number that decides between them.

Usage in MyST::

    :::{erratum} eq. {eq}`eq-35`
    In the notes
    : $\\Delta E_2 = +\\sum\\log\\dots$

    Corrected
    : $\\Delta E_2 = -\\sum\\log\\dots$

    Decided by
    : the printed difference below, 1.96 for the notes' form and 0 for the corrected one.
    :::

A block without the three terms is reported as a warning (the book builds with ``-W``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

SOURCE_TERMS = ("in the notes", "in the slides")
TERMS = ("corrected", "decided by")


class Erratum(SphinxDirective):
    """An admonition of class ``erratum`` with the three parts checked."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        block = nodes.admonition(classes=["erratum"])
        self.set_source_info(block)
        title_text = f"Erratum — {self.arguments[0]}"
        inline, messages = self.state.inline_text(title_text, self.lineno)
        title = nodes.title(title_text, "", *inline)
        self.set_source_info(title)
        block += title
        block += messages
        self.state.nested_parse(self.content, self.content_offset, block)
        terms = [term.astext().strip().lower() for term in block.findall(nodes.term)]
        if len(terms) != 3 or terms[0] not in SOURCE_TERMS or tuple(terms[1:]) != TERMS:
            logger.warning(
                "erratum needs a definition list with the terms 'In the notes' (or 'In the slides'), "
                "'Corrected', 'Decided by'; got %s", terms, location=block)
        return [block]


def setup(app):
    app.add_directive("erratum", Erratum)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
