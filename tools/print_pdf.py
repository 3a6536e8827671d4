"""Print the single-page HTML build of the book to one PDF, with Debian's Chromium.

Jupyter Book's ``pdfhtml`` builder drives a Chromium that pyppeteer downloads, which fails
without network; this does the same with Playwright and ``/usr/bin/chromium`` (nothing
downloaded): it serves the ``singlehtml`` build on 127.0.0.1, waits until MathJax has typeset
every equation, and prints A4 pages with the theme's print style (no sidebars, no buttons).

Usage: ``python tools/print_pdf.py SINGLEHTML_DIR OUTPUT.pdf``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    site, output = Path(argv[1]), Path(argv[2])
    # jupyter-book writes the book to <root>.html and a redirecting index.html
    pages = [p for p in site.glob("*.html") if 'http-equiv="Refresh"' not in p.read_text(errors="replace")[:400]]
    if len(pages) != 1:
        print(f"SINGLEHTML_DIR must hold one page (a singlehtml build); got {[p.name for p in pages]}")
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.route("**/*", lambda r: r.continue_() if urllib.parse.urlparse(r.request.url).hostname
                   in ("127.0.0.1", None) else r.abort())
        page.goto(base + pages[0].name, wait_until="load", timeout=120_000)
        state = page.evaluate("""async () => {
            if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; }
            const math = document.querySelectorAll('.math');
            return {math: math.length, untypeset: [...math].filter(m => !m.querySelector('mjx-container')).length};
        }""")
        if state["untypeset"]:
            print(f"{state['untypeset']} of {state['math']} equations not typeset")
            return 1
        page.emulate_media(media="print")
        output.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(output), format="A4", print_background=True,
                 margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        browser.close()
    server.shutdown()
    print(f"{output}: {output.stat().st_size} bytes, {state['math']} equations typeset")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
