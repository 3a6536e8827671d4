"""Check the built book in a real browser, at 1280 px and 390 px: ``make check-html``.

Runs the pytest suite in ``browser_tests/`` (pytest-playwright driving Debian's
``/usr/bin/chromium``; nothing is downloaded) against ``SITE_DIR``; screenshots of every page
at both widths, and ``measurements.tsv`` (page weight, requests, time to typeset, printed
lines), go to ``SCREENSHOT_DIR``. See ``browser_tests/test_pages.py`` for what is checked.

Usage: ``python tools/check_html.py [SITE_DIR] [SCREENSHOT_DIR]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    os.environ["BOOK_SITE"] = str(Path(argv[1] if len(argv) > 1 else "book/_build/html").resolve())
    os.environ["BOOK_SHOTS"] = str(Path(argv[2] if len(argv) > 2 else "book/_build/screenshots").resolve())
    return int(pytest.main([str(ROOT / "browser_tests"), "-q", "-p", "no:cacheprovider", "--tb=short",
                            "--rootdir", str(ROOT / "browser_tests")]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
