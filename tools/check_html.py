"""Check the built book in a real browser: every page, offline.

Serves ``book/_build/html`` on 127.0.0.1 and drives Debian's headless Chromium through every
page with Playwright (``executable_path=/usr/bin/chromium``; no browser download). A page
passes when

* it loads (HTTP 200) with no JavaScript error and no console error;
* no request leaves 127.0.0.1 (requests elsewhere are blocked and reported);
* MathJax has typeset every equation and produced no error node (``mjx-merror``);
* every image has loaded;
* every saved widget view is drawn;
* every internal link resolves to an existing page and, with a fragment, to an existing id;
* every explorable figure (a ``FuncAnimation.to_jshtml`` slider) changes the frame shown when
  its slider moves.

A full-page screenshot of each page goes to ``book/_build/screenshots/``. Exits 1 and prints
what failed when any page fails.

Usage: ``python tools/check_html.py [SITE_DIR] [SCREENSHOT_DIR]``.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
SKIP_PAGES = {"genindex.html", "search.html"}

MATH_STATE = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const math = Array.from(document.querySelectorAll('.math'));
  return {
    mathjax: !!(window.MathJax && MathJax.version),
    version: window.MathJax ? MathJax.version : null,
    math: math.length,
    untypeset: math.filter(m => !m.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror').length,
  };
}
"""

IMAGES = """
() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)
"""

WIDGETS = """
() => ({
  views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  drawn: document.querySelectorAll('.jupyter-widgets.widget-container, .widget-inline-hbox, .widget-slider').length,
})
"""

LINKS = """
() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))
"""

ANIMATIONS = """
() => Array.from(document.querySelectorAll('input.anim-slider')).map(s => s.id)
"""

FRAME_OF = """
(id) => {
  const img = document.getElementById(id.replace('_anim_slider', '_anim_img'));
  return img ? img.src.length + ':' + img.src.slice(-64) : null;
}
"""

MOVE_SLIDER = """
(id) => {
  const s = document.getElementById(id);
  s.value = String(Math.floor(Number(s.max) / 2) + 1);
  s.dispatchEvent(new Event('input', {bubbles: true}));
  s.dispatchEvent(new Event('change', {bubbles: true}));
}
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the report readable
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def ids_in(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8", errors="replace")))


def check_links(site: Path, page: str, hrefs: list[str]) -> list[str]:
    problems = []
    for href in sorted(set(hrefs)):
        parsed = urllib.parse.urlparse(href)
        if parsed.scheme in ("http", "https", "mailto", "javascript") or href.startswith("#") and href == "#":
            continue
        target = (site / page).parent / urllib.parse.unquote(parsed.path) if parsed.path else site / page
        target = target.resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"link {href!r} -> missing {target.relative_to(site.resolve())}")
            continue
        if parsed.fragment and target.suffix == ".html" and parsed.fragment not in ids_in(target):
            problems.append(f"link {href!r} -> no id {parsed.fragment!r}")
    return problems


def check_page(browser, base: str, site: Path, page: str, shots: Path) -> tuple[list[str], dict]:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    tab.on("pageerror", lambda e: problems.append(f"javascript error: {e}"))

    def route(r):
        if urllib.parse.urlparse(r.request.url).hostname in ("127.0.0.1", None):
            r.continue_()
        else:
            problems.append(f"request leaves the site: {r.request.url}")
            r.abort()

    tab.route("**/*", route)
    response = tab.goto(base + page, wait_until="load")
    if response is None or response.status != 200:
        problems.append(f"status {None if response is None else response.status}")
    tab.wait_for_timeout(300)
    math = tab.evaluate(MATH_STATE)
    if math["math"] and not math["mathjax"]:
        problems.append("MathJax did not load")
    if math["untypeset"]:
        problems.append(f"{math['untypeset']} of {math['math']} equations not typeset")
    if math["errors"]:
        problems.append(f"{math['errors']} MathJax error nodes")
    for src in tab.evaluate(IMAGES):
        problems.append(f"image not loaded: {src}")
    widgets = tab.evaluate(WIDGETS)
    if widgets["views"] and not widgets["drawn"]:
        problems.append(f"{widgets['views']} widget views saved but none drawn")
    problems += check_links(site, page, tab.evaluate(LINKS))
    sliders = tab.evaluate(ANIMATIONS)
    for slider in sliders:
        before = tab.evaluate(FRAME_OF, slider)
        tab.evaluate(MOVE_SLIDER, slider)
        tab.wait_for_timeout(100)
        if tab.evaluate(FRAME_OF, slider) == before:
            problems.append(f"explorable figure {slider}: moving the slider did not change the frame")
    tab.screenshot(path=str(shots / (page.replace("/", "_").removesuffix(".html") + ".png")), full_page=True)
    context.close()
    return problems, {"equations": math["math"], "widgets": widgets["views"], "sliders": len(sliders)}


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "book/_build/html")
    shots = Path(argv[2] if len(argv) > 2 else "book/_build/screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.name for p in site.glob("*.html")
                   if p.name not in SKIP_PAGES and 'http-equiv="Refresh"' not in p.read_text()[:400])
    if not pages:
        print(f"no pages under {site}")
        return 1
    server, base = serve(site)
    failures = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page in pages:
            problems, stats = check_page(browser, base, site, page, shots)
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {page}: {stats['equations']} equations, {stats['widgets']} widgets, "
                  f"{stats['sliders']} explorable figures")
            for problem in problems[:20]:
                print(f"     {problem}")
            failures += bool(problems)
        browser.close()
    server.shutdown()
    print(f"{len(pages) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
