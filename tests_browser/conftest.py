"""Fixtures of the live-site tests: the built book served on 127.0.0.1 and headless Chromium.

These tests are not under ``tests/``: ``make check-lite`` (one chapter) and
``make check-lite-all`` (every chapter) run them after ``make lite``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "lite"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SITE = ROOT / "book" / "_build" / "html"
REPORT = ROOT / "build" / "lite-report"


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "lite" / "jupyter-lite.json").exists() or not (SITE / "live.html").exists():
        pytest.fail(f"no live site under {SITE}: run `make book && make lite` first")
    return SITE


@pytest.fixture(scope="session")
def base_url(site):
    import serve

    server, base = serve.start(site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    import live_chapter
    from playwright.sync_api import sync_playwright

    if live_chapter.CHROMIUM is None:
        pytest.fail("Debian's chromium is needed (make check-lite installs it)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=live_chapter.CHROMIUM, args=live_chapter.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def report_dir() -> Path:
    REPORT.mkdir(parents=True, exist_ok=True)
    return REPORT
