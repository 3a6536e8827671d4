"""Each chapter runs live in Chromium from the book's button, offline, and its sliders call back.

``LITE_CHAPTERS`` chooses the chapters: unset, the one CI runs (the cheapest start-up);
``all``, every notebook (those without a widget must run without error); or a comma-separated list of notebook names. Each run
writes ``build/lite-report/<chapter>.json`` (times, latencies, stdout differences) and a
screenshot; ``tools/lite/report.py`` tabulates them. The test asserts behaviour, never
specific printed numbers: they change with the package.
"""

from __future__ import annotations

import json
import os

import pytest

from conftest import ROOT

CI_CHAPTER = "chapter5_hamiltonian"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "book").glob("*.ipynb"))


def has_widget(chapter: str) -> bool:
    """Whether a code cell of the notebook builds one of the package's widgets."""
    cells = json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    return any("_widget()" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


def chapters() -> list[str]:
    chosen = os.environ.get("LITE_CHAPTERS", "").strip()
    if not chosen:
        return [CI_CHAPTER]
    if chosen == "all":
        return NOTEBOOKS
    return [c.strip().removesuffix(".ipynb") for c in chosen.split(",") if c.strip()]


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_runs_live_offline(chapter, site, base_url, browser, report_dir):
    import live_chapter

    run = live_chapter.run_chapter(browser, base_url, chapter, ROOT / "book", report_dir)
    (report_dir / f"{chapter}.json").write_text(json.dumps(run.summary(), indent=1) + "\n")
    assert not run.outside_requests, f"requests left 127.0.0.1: {run.outside_requests[:5]}"
    assert not run.python_errors, "a cell failed:\n" + "\n".join(run.python_errors)
    assert not run.console_errors, f"console errors: {run.console_errors[:5]}"
    assert run.code_cells > 0
    if not has_widget(chapter):
        return
    assert run.widgets >= 1, "the chapter's widget was not drawn"
    assert run.drag_reprinted, "after the drag the callback printed nothing new"
    assert run.drag_changed_figure, "dragging the slider did not change the figure"
    if chapter == CI_CHAPTER:  # its printed line names the slider's value, so it must change
        assert run.drag_changed_text, (f"dragging the slider did not change the printed line "
                                       f"({run.drag_text_before!r})")
    assert run.sliders and all(s.samples_ms for s in run.sliders), \
        f"a slider click did not change the output: {[s.description for s in run.sliders if not s.samples_ms]}"
