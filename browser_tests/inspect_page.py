"""What a reader meets on one page of the built book, measured in the browser.

:func:`inspect` loads a page at a given width, waits for MathJax, and returns plain data
(lists of problems, counts, bytes, milliseconds) that the tests assert on and
``measurements.tsv`` records. Everything is measured from the rendered layout, not from
the HTML source: a formula is "cut off" when its box leaves its paragraph's box, a page is
"wider than a phone" when the document scrolls sideways.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

# Records when MathJax finishes its first typesetting pass (ms after navigation start).
TYPESET_CLOCK = """
window.__typesetMs = null;
(function poll() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => { window.__typesetMs = performance.now(); });
  } else { setTimeout(poll, 5); }
})();
"""

WAIT_MATH = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const math = Array.from(document.querySelectorAll('.math'));
  return {
    mathjax: !!(window.MathJax && MathJax.version),
    math: math.length,
    untypeset: math.filter(m => !m.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror').length,
    typesetMs: window.__typesetMs,
  };
}
"""

# Text outside math, code and outputs that still looks like TeX: a control word, a brace
# group after ^ or _, or a $...$ pair.
RAW_TEX = r"""
() => {
  const root = document.querySelector('article.bd-article') || document.body;
  const skip = 'pre, code, script, style, mjx-container, .math, .highlight, .cell_output, .cell_input, .output';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode(n) {
    const p = n.parentElement;
    return (!p || p.closest(skip)) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }});
  const tex = /\\[a-zA-Z]{2,}|\\[{}]|[\^_]\{|\$[^$\s][^$]*\$/;
  const found = [];
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent;
    const m = text.match(tex);
    if (m) found.push(text.slice(Math.max(0, m.index - 30), m.index + 40).replace(/\s+/g, ' '));
  }
  return found;
}
"""

# Display equations whose typeset width exceeds the column; inline formulas whose box leaves
# the box of the block they sit in. The TeX source comes from MathJax's own list.
MATH_FIT = r"""
() => {
  const items = (window.MathJax && MathJax.startup && MathJax.startup.document)
    ? Array.from(MathJax.startup.document.math) : [];
  const display = [], inline = [];
  const blockOf = (el) => {
    let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
    return b;
  };
  for (const item of items) {
    const c = item.typesetRoot;
    if (!c || !c.isConnected || c.offsetParent === null) continue;
    const tex = String(item.math).replace(/\s+/g, ' ').slice(0, 90);
    if (item.display) {
      const box = (c.closest('div.math') || c.parentElement).getBoundingClientRect();
      const inner = c.querySelector('mjx-math') || c;
      const r = inner.getBoundingClientRect();
      const label = (c.closest('div.math') || {}).id || '';
      const hidden = Math.round(Math.max(r.right - box.right, box.left - r.left, 0));
      if (hidden > 1) display.push({label, tex, hidden, width: Math.round(r.width), column: Math.round(box.width)});
    } else {
      const b = blockOf(c);
      if (!b) continue;
      const style = getComputedStyle(b);
      const box = b.getBoundingClientRect();
      const right = box.right - parseFloat(style.paddingRight), left = box.left + parseFloat(style.paddingLeft);
      const r = c.getBoundingClientRect();
      const hidden = Math.round(Math.max(r.right - right, left - r.left, 0));
      if (hidden > 1) inline.push({tex, hidden, width: Math.round(r.width), column: Math.round(right - left),
                                   where: (c.closest('.proof, .theorem, .proposition, [class*="prf-"]') ? 'theorem/proof' : 'text')});
    }
  }
  return {display, inline};
}
"""

# Visible elements reaching past the right edge of the viewport (outside any scrolling box).
TOO_WIDE = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || el.closest('dialog:not([open])')) continue;
    if (scrolls(el)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
    wide.push(name + ' ' + Math.round(r.right) + 'px');
  }
  return {scrollWidth: document.documentElement.scrollWidth, viewport: vw, wide: wide.slice(0, 8)};
}
"""

FIGURES = r"""
() => {
  const out = [];
  const items = [...document.querySelectorAll('.cell_output img, .explorable')]
    .filter(el => !(el.tagName === 'IMG' && el.closest('.explorable')));
  for (const el of items) {
    const fig = el.closest('figure');
    const cap = fig && fig.querySelector('figcaption');
    const number = cap && cap.querySelector('.caption-number');
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    const what = el.tagName === 'IMG' ? 'image ' + (el.getAttribute('src') || '').split('/').pop().slice(0, 40)
                                      : 'explorable ' + el.id;
    const text = cap ? cap.textContent.replace(/^\s*Fig\.\s*[\d.]+\s*/, '').trim() : '';
    out.push({what, caption: text.length, numbered: !!number, alt: img ? (img.getAttribute('alt') || '').trim().length : 0,
              naturalWidth: img ? img.naturalWidth : 0, shownWidth: img ? Math.round(img.getBoundingClientRect().width) : 0});
  }
  return out;
}
"""

OUTPUT_LINES = r"""
() => {
  let lines = 0;
  for (const pre of document.querySelectorAll('.cell_output pre')) {
    if (pre.offsetParent === null || pre.closest('details:not([open])')) continue;  // inside a closed toggle
    lines += pre.textContent.replace(/\n+$/, '').split('\n').length;
  }
  return lines;
}
"""

PLAIN_ERRATA = r"""
() => Array.from(document.querySelectorAll('article p > strong:first-child'))
  .filter(s => /^Errat(um|a)\.?$/.test(s.textContent.trim()) && !s.closest('.erratum'))
  .map(s => s.parentElement.textContent.slice(0, 60))
"""

WIDGETS = r"""
() => ({
  views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  state: document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]').length,
  enabled: Array.from(document.querySelectorAll('.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets button'))
    .filter(i => !i.disabled).length,
})
"""

WEIGHT = r"""
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const size = (e) => e.decodedBodySize || e.encodedBodySize || e.transferSize || 0;
  const shared = (e) => /\/(_static|vendor|@jupyter-widgets)\//.test(new URL(e.name).pathname) || /searchindex\.js$/.test(e.name);
  return {bytes: (nav ? size(nav) : 0) + res.reduce((a, e) => a + size(e), 0), requests: 1 + res.length,
          ownBytes: (nav ? size(nav) : 0) + res.filter(e => !shared(e)).reduce((a, e) => a + size(e), 0),
          widgetBytes: res.filter(e => /embed-amd|require\.js/.test(e.name)).reduce((a, e) => a + size(e), 0)};
}
"""

# Table columns squeezed to a sliver: a cell with a sentence in it, narrower than 4em.
SQUEEZED = r"""
() => Array.from(document.querySelectorAll('article td, article th'))
  .filter(td => td.offsetParent !== null && td.textContent.trim().length > 20 &&
          td.getBoundingClientRect().width < 4 * parseFloat(getComputedStyle(td).fontSize))
  .map(td => td.textContent.trim().slice(0, 40) + ' (' + Math.round(td.getBoundingClientRect().width) + ' px)')
"""

LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
IMAGES = "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))"


def ids_in(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8", errors="replace")))


def broken_links(site: Path, page: str, hrefs: list[str]) -> list[str]:
    """Internal links whose target page, or fragment id on it, does not exist."""
    problems = []
    for href in sorted(set(hrefs)):
        parsed = urllib.parse.urlparse(href)
        if parsed.scheme in ("http", "https", "mailto", "javascript", "data") or href == "#":
            continue
        target = (site / page).parent / urllib.parse.unquote(parsed.path) if parsed.path else site / page
        target = target.resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"link {href!r} -> missing {target.name}")
        elif parsed.fragment and target.suffix == ".html" and parsed.fragment not in ids_in(target):
            problems.append(f"link {href!r} -> no id {parsed.fragment!r}")
    return problems


def inspect(browser, base: str, site: Path, page: str, width: int, shots: Path | None) -> dict:
    """Load ``page`` at ``width`` px and measure everything the tests check."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors, offsite, statuses = [], [], []
    tab.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(f"javascript error: {e}"))
    tab.on("response", lambda r: statuses.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def route(r):
        if urllib.parse.urlparse(r.request.url).hostname in ("127.0.0.1", None):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    tab.route("**/*", route)
    tab.add_init_script(TYPESET_CLOCK)
    response = tab.goto(base + page, wait_until="load")
    math = tab.evaluate(WAIT_MATH)
    tab.wait_for_timeout(200)
    data = {
        "page": page, "width": width, "status": None if response is None else response.status,
        "errors": errors, "offsite": offsite, "http": statuses, "math": math,
        "raw_tex": tab.evaluate(RAW_TEX), "fit": tab.evaluate(MATH_FIT), "wide": tab.evaluate(TOO_WIDE),
        "figures": tab.evaluate(FIGURES), "squeezed": tab.evaluate(SQUEEZED), "output_lines": tab.evaluate(OUTPUT_LINES),
        "plain_errata": tab.evaluate(PLAIN_ERRATA), "widgets": tab.evaluate(WIDGETS),
        "weight": tab.evaluate(WEIGHT), "images": tab.evaluate(IMAGES),
        "links": broken_links(site, page, tab.evaluate(LINKS)) if width == 1280 else [],
        "title": tab.evaluate("() => (document.querySelector('article h1') || {}).textContent || ''"),
        "explorables": tab.evaluate("() => Array.from(document.querySelectorAll('.explorable input.anim-slider')).map(s => s.id)"),
    }
    if shots is not None:
        tab.screenshot(path=str(shots / f"{page.removesuffix('.html')}-{width}.png"), full_page=True)
    context.close()
    return data
