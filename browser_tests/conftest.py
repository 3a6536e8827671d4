"""Fixtures for the browser check of the built book (``make check-html``).

The built site (``BOOK_SITE``, default ``book/_build/html``) is served on 127.0.0.1 and
opened in Debian's Chromium (``/usr/bin/chromium``) through pytest-playwright's ``browser``
fixture; nothing is downloaded. Each page is loaded once per width and inspected; the
tests in ``test_pages.py`` assert on what was measured. Screenshots go to ``BOOK_SHOTS``
(default ``book/_build/screenshots``), and a per-page table of weight and typesetting
time to ``<BOOK_SHOTS>/measurements.tsv``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

SITE = Path(os.environ.get("BOOK_SITE", "book/_build/html")).resolve()
SHOTS = Path(os.environ.get("BOOK_SHOTS", "book/_build/screenshots")).resolve()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = (1280, 390)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium, never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-quic"]}


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built book under {SITE}: run `make book` first")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
