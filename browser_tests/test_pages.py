"""The built book as a reader sees it, at a desktop width (1280 px) and a phone's (390 px).

Every page is loaded once per width (see :mod:`inspect_page`); each test asserts one class
of defect, so a failure names what broke, where, and by how much.

Budgets, and why:

* ``PAGE_BUDGET`` — 4.8 MB per page, everything it loads, of which ``OWN_BUDGET`` — 0.9 MB —
  for the page itself (its HTML, figures and explorable frames). The rest is shared by every
  page and cached after the first: the theme (2.4 MB, 1.5 MB of it the icon font's script)
  and MathJax (1.2 MB). Before this check a chapter weighed about 8 MB, 3.6 MB of which was
  widget JavaScript for widgets that could not update; 0.9 MB of its own is about four static
  figures and one explorable of a dozen column-wide frames.
* ``PRINTED_LINES_BUDGET`` — 45 printed lines visible per page: the numbers that decide a
  claim stay in view, long sweep tables and full ledgers sit behind a toggle.
* Display math may not scroll at 1280 px (a reader should never have to scroll an
  equation on a desktop); on a phone it may scroll inside its box but not push the page.
* Inline math must fit in its paragraph's box at both widths (MathJax 3 does not break
  inline formulas, so a long one is cut off at the column's edge).
"""

from __future__ import annotations

import json
import re

import pytest
from inspect_page import inspect

from conftest import SITE, WIDTHS

PAGE_BUDGET = 4_800_000
OWN_BUDGET = 900_000
PRINTED_LINES_BUDGET = 45
SKIP = {"genindex.html", "search.html"}


def book_pages() -> list[str]:
    if not SITE.exists():
        return []
    return sorted(p.name for p in SITE.glob("*.html")
                  if p.name not in SKIP and 'http-equiv="Refresh"' not in p.read_text(errors="replace")[:400])


PAGES = book_pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapter")]
_MEASURED: dict[tuple[str, int], dict] = {}


@pytest.fixture(scope="session")
def measured(browser, site_url, shots):
    """``measured(page, width)``: the page's measurements, taken once per session."""
    def get(page: str, width: int) -> dict:
        key = (page, width)
        if key not in _MEASURED:
            _MEASURED[key] = inspect(browser, site_url, SITE, page, width, shots)
        return _MEASURED[key]
    yield get
    rows = ["page\twidth\tbytes\town_bytes\trequests\twidget_bytes\ttypeset_ms\tequations\tprinted_lines"]
    for (page, width), d in sorted(_MEASURED.items()):
        rows.append(f"{page}\t{width}\t{d['weight']['bytes']}\t{d['weight']['ownBytes']}\t{d['weight']['requests']}\t"
                    f"{d['weight']['widgetBytes']}\t{round(d['math']['typesetMs'] or 0)}\t{d['math']['math']}\t"
                    f"{d['output_lines']}")
    (shots / "measurements.tsv").write_text("\n".join(rows) + "\n")
    (shots / "measurements.json").write_text(json.dumps({f"{p}@{w}": d for (p, w), d in sorted(_MEASURED.items())},
                                                        indent=1, ensure_ascii=False))


def _all(widths=WIDTHS, pages=None):
    return [pytest.param(p, w, id=f"{p.removesuffix('.html')}@{w}") for p in (pages or PAGES) for w in widths]


def test_site_was_built():
    assert PAGES, f"no pages under {SITE}"
    assert CHAPTERS, "no chapter pages"


@pytest.mark.parametrize("page, width", _all())
def test_loads_offline_without_errors(measured, page, width):
    """HTTP 200, no JavaScript or console error, no 4xx, no request leaving 127.0.0.1, all images."""
    d = measured(page, width)
    assert d["status"] == 200
    assert not d["errors"], d["errors"][:5]
    assert not d["http"], d["http"][:5]
    assert not d["offsite"], d["offsite"][:5]
    assert not d["images"], d["images"][:5]


@pytest.mark.parametrize("page, width", _all())
def test_every_equation_typeset(measured, page, width):
    d = measured(page, width)["math"]
    assert not d["math"] or d["mathjax"], "MathJax did not load"
    assert d["untypeset"] == 0, f"{d['untypeset']} of {d['math']} equations not typeset"
    assert d["errors"] == 0, f"{d['errors']} MathJax error nodes"


@pytest.mark.parametrize("page, width", _all(widths=(1280,)))
def test_internal_links_resolve(measured, page, width):
    assert not measured(page, width)["links"]


@pytest.mark.parametrize("page, width", _all())
def test_no_raw_tex_outside_math(measured, page, width):
    """No TeX control word, brace group or $...$ pair left in the page's prose."""
    assert not measured(page, width)["raw_tex"]


@pytest.mark.parametrize("page, width", _all(widths=(1280,)))
def test_display_math_fits_at_desktop_width(measured, page, width):
    """No display equation wider than the column at 1280 px (none needs scrolling)."""
    too_wide = measured(page, width)["fit"]["display"]
    assert not too_wide, [f"{e['label'] or e['tex']}: {e['hidden']} of {e['width']} px hidden" for e in too_wide]


@pytest.mark.parametrize("page, width", _all())
def test_inline_math_not_cut_off(measured, page, width):
    """Every inline formula lies inside its paragraph's box."""
    cut = measured(page, width)["fit"]["inline"]
    assert not cut, [f"{e['where']}: {e['tex']} ({e['hidden']} px beyond a {e['column']} px column)" for e in cut]


@pytest.mark.parametrize("page, width", _all())
def test_nothing_wider_than_the_screen(measured, page, width):
    """The page never scrolls sideways: no visible element reaches past the viewport."""
    wide = measured(page, width)["wide"]
    assert wide["scrollWidth"] <= wide["viewport"] + 1 and not wide["wide"], wide


@pytest.mark.parametrize("page, width", _all())
def test_no_squeezed_table_columns(measured, page, width):
    """No table cell holding a sentence is squeezed below 4em (tables scroll in the column instead)."""
    assert not measured(page, width)["squeezed"]


@pytest.mark.parametrize("page, width", _all(pages=CHAPTERS))
def test_chapter_figures_numbered_captioned_with_alt_text(measured, page, width):
    """Every figure of a chapter (static or explorable) is a numbered figure with a caption and alt text."""
    bad = [f for f in measured(page, width)["figures"] if not (f["numbered"] and f["caption"] >= 20 and f["alt"] >= 10)]
    assert not bad, bad


@pytest.mark.parametrize("page, width", _all(widths=(1280,), pages=CHAPTERS))
def test_figure_text_readable(measured, page, width):
    """Figures are drawn for the column (at most 10% shrunk), so 9.5 pt labels at 100 dpi show at >= 11 px."""
    shrunk = [f for f in measured(page, width)["figures"]
              if f["naturalWidth"] and f["shownWidth"] < 0.9 * f["naturalWidth"]]
    assert not shrunk, shrunk


@pytest.mark.parametrize("page, width", _all(widths=(1280,)))
def test_page_weight_within_budget(measured, page, width):
    weight = measured(page, width)["weight"]
    assert weight["bytes"] <= PAGE_BUDGET and weight["ownBytes"] <= OWN_BUDGET, weight


@pytest.mark.parametrize("page, width", _all(widths=(1280,)))
def test_printed_output_within_budget(measured, page, width):
    assert measured(page, width)["output_lines"] <= PRINTED_LINES_BUDGET


@pytest.mark.parametrize("page, width", _all(widths=(1280,)))
def test_errata_are_erratum_blocks(measured, page, width):
    """No erratum left as a plain paragraph starting "**Erratum.**"."""
    assert not measured(page, width)["plain_errata"]


@pytest.mark.parametrize("page, width", _all(widths=(1280,)))
def test_no_dead_widgets(measured, page, width):
    """No saved kernel widget that looks live: none shown (or all its controls disabled), and no
    widget JavaScript on a page that shows none."""
    d = measured(page, width)
    assert d["widgets"]["enabled"] == 0, d["widgets"]
    if d["widgets"]["views"] == 0:
        assert d["weight"]["widgetBytes"] == 0 and d["widgets"]["state"] == 0, d["weight"]


# --- interaction: real input, not script -------------------------------------------------

MENU_STATE = """
() => ({
  primaryOpen: !!(document.getElementById('pst-primary-sidebar-modal') || {}).open,
  secondaryOpen: !!(document.getElementById('pst-secondary-sidebar-modal') || {}).open,
  sidebarRight: document.getElementById('pst-primary-sidebar').getBoundingClientRect().right,
  sidebarVisible: getComputedStyle(document.getElementById('pst-primary-sidebar')).visibility !== 'hidden',
})
"""


def _visible(tab, selector):
    buttons = tab.locator(selector)
    for i in range(buttons.count()):
        if buttons.nth(i).is_visible():
            return buttons.nth(i)
    return None


@pytest.mark.parametrize("width", [*WIDTHS, 900])
def test_menu_buttons_work(browser, site_url, width):
    """The hamburger opens the navigation on narrow screens and collapses the sidebar on wide
    ones; on narrow screens the "Contents" button opens the page's table of contents."""
    page = CHAPTERS[0]
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + page, wait_until="load")
    toggle = _visible(tab, "button.primary-toggle")
    assert toggle is not None, "no visible menu button"
    before = tab.evaluate(MENU_STATE)
    toggle.click()
    tab.wait_for_timeout(400)
    after = tab.evaluate(MENU_STATE)
    if width >= 992:
        assert before["sidebarVisible"] and not after["sidebarVisible"], (before, after)
    else:
        assert after["primaryOpen"], (before, after)
        tab.keyboard.press("Escape")
        tab.wait_for_timeout(300)
        contents = _visible(tab, "button.secondary-toggle")
        assert contents is not None, "no visible Contents button"
        contents.click()
        tab.wait_for_timeout(400)
        assert tab.evaluate(MENU_STATE)["secondaryOpen"]
    context.close()


def _title_word(title: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", title) if len(w) >= 5]
    return max(words, key=len).lower()


@pytest.mark.parametrize("page", CHAPTERS)
def test_search_finds_chapter_by_title_word(browser, site_url, measured, page):
    """Searching the longest word of a chapter's title lists that chapter."""
    word = _title_word(measured(page, 1280)["title"])
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + f"search.html?q={word}", wait_until="load")
    tab.wait_for_function("() => document.querySelectorAll('#search-results li, ul.search li').length > 0 || "
                          "/did not match|no documents/i.test(document.body.innerText)", timeout=15000)
    hits = tab.evaluate("() => Array.from(document.querySelectorAll('#search-results li a, ul.search li a'))"
                        ".map(a => a.getAttribute('href'))")
    context.close()
    assert any(h and h.split("#")[0].split("?")[0].endswith(page) for h in hits), (word, hits[:5])


EXPLORABLE_STATE = """
(id) => {
  const s = document.getElementById(id), root = s.closest('.explorable');
  const img = root.querySelector('img.explorable-frame'), out = root.querySelector('output');
  const label = root.querySelector('label');
  return {value: Number(s.value), max: Number(s.max), shown: out ? out.textContent.trim() : '',
          name: label ? label.textContent.trim() : '', frame: img.src.length + ':' + img.src.slice(-48),
          right: root.getBoundingClientRect().right, viewport: document.documentElement.clientWidth};
}
"""


@pytest.mark.parametrize("page, width", _all(pages=CHAPTERS))
def test_explorables_respond_to_keyboard_and_pointer(browser, site_url, measured, page, width):
    """Each explorable names its parameter, shows its value, fits the screen, and changes frame
    and shown value when its slider is moved with the arrow keys and with the mouse."""
    sliders = measured(page, width)["explorables"]
    assert sliders, "a chapter without an explorable figure"
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + page, wait_until="load")
    for slider_id in sliders:
        slider = tab.locator(f"#{slider_id}")
        slider.scroll_into_view_if_needed()
        start = tab.evaluate(EXPLORABLE_STATE, slider_id)
        assert start["name"] and start["shown"], start
        assert start["right"] <= start["viewport"] + 1, start
        slider.focus()
        tab.keyboard.press("ArrowRight")
        keyed = tab.evaluate(EXPLORABLE_STATE, slider_id)
        assert keyed["value"] == start["value"] + 1, (start, keyed)
        assert keyed["frame"] != start["frame"] and keyed["shown"] != start["shown"], (start, keyed)
        box = slider.bounding_box()
        tab.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
        clicked = tab.evaluate(EXPLORABLE_STATE, slider_id)
        assert clicked["value"] == clicked["max"], clicked
        assert clicked["frame"] != keyed["frame"] and clicked["shown"] != keyed["shown"], (keyed, clicked)
        tab.mouse.move(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
        tab.mouse.down()
        tab.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2, steps=5)
        tab.mouse.up()
        dragged = tab.evaluate(EXPLORABLE_STATE, slider_id)
        assert dragged["value"] == 0 and dragged["frame"] == start["frame"], (start, dragged)
    context.close()
