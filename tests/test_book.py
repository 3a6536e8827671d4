"""The book's wiring: ledger anchors exist, every notebook is in the table of contents, the
seed-number extension numbers equations as the sources do."""

import json
import re
import sys
from pathlib import Path

import pytest

from rnn_energy.ledger import entries
from rnn_energy.ledger.registry import is_equation

BOOK = Path(__file__).resolve().parents[1] / "book"
if not BOOK.is_dir():  # a source distribution ships the package and its tests, not the book
    pytest.skip("the book/ directory is not present", allow_module_level=True)
sys.path.insert(0, str(BOOK / "_ext"))


def notebook_sources() -> dict[str, str]:
    return {p.stem: "\n".join("".join(c["source"]) for c in json.loads(p.read_text())["cells"])
            for p in BOOK.glob("*.ipynb")}


def test_every_ledger_anchor_is_a_target_in_its_chapter():
    """Each entry's anchor is a MyST target "(anchor)=" in the notebook of its chapter."""
    sources = notebook_sources()
    for entry in entries():
        chapter = next(text for name, text in sources.items() if name.startswith(f"chapter{entry.chapter}_"))
        assert f"({entry.anchor})=" in chapter, (entry.key, entry.anchor)


def test_every_seed_equation_is_displayed_with_its_label():
    """Every registered equation key appears as a labelled display "$$ (eq-KEY)" in the book."""
    text = "\n".join(notebook_sources().values())
    labels = set(re.findall(r"\$\$ \(eq-([A-Za-z0-9-]+)\)", text))
    missing = [e.key for e in entries() if is_equation(e.key) and e.key not in labels]
    assert not missing


def test_toc_lists_every_notebook():
    """No notebook is left out of _toc.yml (only_build_toc_files would drop it silently)."""
    toc = (BOOK / "_toc.yml").read_text()
    assert all(re.search(rf"\b{p.stem}\b", toc) for p in BOOK.glob("*.ipynb"))


@pytest.mark.parametrize("label, number", [("eq-7", "7"), ("eq-H13", "H13"), ("eq-28c", "28c"), ("eq-25L", "25L")])
def test_seed_label_numbers(label, number):
    """The math domain takes the number from the label for the sources' equations."""
    from seed_equations import SEED_LABEL

    assert SEED_LABEL.match(label).group(1) == number
    assert SEED_LABEL.match("eq-cccp") is None


def test_every_proof_block_has_a_ledger_entry():
    """Each theorem, proposition, lemma or corollary of the book ({prf:...} with a :label:) is a
    ledger entry keyed by its label, in the chapter where it stands."""
    keys = {e.key: e for e in entries()}
    for name, text in notebook_sources().items():
        for kind, label in re.findall(r"\{prf:(theorem|proposition|lemma|corollary)\}[^\n]*\n:label: ([\w-]+)", text):
            assert label in keys, f"{name}: {{prf:{kind}}} {label} has no ledger entry"
            if name.startswith("chapter"):
                assert name.startswith(f"chapter{keys[label].chapter}_"), (label, name)


def test_the_appendix_tabulates_every_chapter():
    """The ledger appendix has a table for every chapter that registers entries."""
    text = notebook_sources()["appendix_ledger"]
    for chapter in {e.chapter for e in entries()}:
        assert f"r.entry.chapter == {chapter}]" in text, chapter
