"""Drive one chapter of the live site in headless Chromium, as a reader would, and measure it.

From the chapter's page in the rendered book: click "Run this chapter live in your browser",
run all cells from JupyterLab's Run menu, then move the chapter's widget sliders with real
pointer input (a drag, then clicks on the slider track). Every request whose host is not
127.0.0.1 is blocked and recorded (and the browser resolves no other host at all).

Measured: time from the click on the book's button to every cell run (time to interactive),
the latency of each slider move (pointer release → the widget's output settled, in the page's
own clock), and the printed (stdout) lines that differ from the notebook's stored outputs.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import statistics
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # a second fence behind the request routing: no host but 127.0.0.1 resolves
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

CELL_STATE = """
() => {
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'));
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).innerText || '');
  const errors = [];
  for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    const text = out.innerText || '';
    if (/Traceback \\(most recent call last\\)|^\\w+Error: /m.test(text)) errors.push(text.slice(0, 2000));
  }
  return {cells: cells.length, prompts, errors};
}
"""

STDOUT_BY_CELL = """
() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell')).map(cell =>
  Array.from(cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]'))
    .filter(el => el.closest('.widget-output') === null)
    .map(el => el.innerText).join(''))
"""

WIDGET_SIGNATURE = """
(index) => {
  const box = document.querySelectorAll('.jp-Notebook .widget-interact')[index];
  const out = box && box.querySelector('.widget-output');
  if (!out) return null;
  const text = Array.from(out.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]'))
    .map(el => el.innerText.trim()).join('\\n');
  const images = Array.from(out.querySelectorAll('img')).map(img => img.src.length + ':' + img.src.slice(-48));
  return {text, images};
}
"""

MARK_PRINTED = """
(index) => {
  const out = document.querySelectorAll('.jp-Notebook .widget-interact')[index].querySelector('.widget-output');
  out.querySelectorAll('.jp-OutputArea-output').forEach(el => el.setAttribute('data-live-before', '1'));
}
"""

REPRINTED = """
(index) => {
  const out = document.querySelectorAll('.jp-Notebook .widget-interact')[index].querySelector('.widget-output');
  return Array.from(out.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]'))
    .some(el => !el.hasAttribute('data-live-before'));
}
"""

WATCH_OUTPUT = """
(index) => {
  const out = document.querySelectorAll('.jp-Notebook .widget-interact')[index].querySelector('.widget-output');
  const lat = window.__liveLatency = {up: null, last: null, mutations: 0};
  if (window.__liveObserver) window.__liveObserver.disconnect();
  window.__liveObserver = new MutationObserver(() => { lat.last = performance.now(); lat.mutations += 1; });
  window.__liveObserver.observe(out, {childList: true, subtree: true, characterData: true, attributes: true});
  document.addEventListener('pointerup', () => { lat.up = performance.now(); }, {capture: true, once: true});
}
"""


@dataclass
class SliderLatency:
    """Latencies (ms) of the moves of one slider of a widget."""

    description: str
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def max_ms(self) -> float:
        return max(self.samples_ms) if self.samples_ms else float("nan")


@dataclass
class ChapterRun:
    """What one live run of a chapter showed."""

    chapter: str
    time_to_notebook_s: float = float("nan")
    time_to_interactive_s: float = float("nan")
    code_cells: int = 0
    python_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    drag_changed_text: bool | None = None
    drag_changed_figure: bool | None = None
    drag_reprinted: bool | None = None
    drag_text_before: str = ""
    drag_text_after: str = ""
    sliders: list[SliderLatency] = field(default_factory=list)
    stdout_differences: list[str] = field(default_factory=list)
    widgets: int = 0

    def summary(self) -> dict:
        out = asdict(self)
        out["sliders"] = [{"description": s.description, "median_ms": round(s.median_ms, 1),
                           "max_ms": round(s.max_ms, 1), "samples_ms": [round(x, 1) for x in s.samples_ms]}
                          for s in self.sliders]
        return out


def stored_stdout(notebook: Path) -> list[str]:
    """Per code cell, the stdout text stored in the notebook (what nbval compares)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join("".join(o.get("text", "")) for o in c.get("outputs", [])
                    if o.get("output_type") == "stream" and o.get("name") == "stdout")
            for c in cells if c["cell_type"] == "code"]


def stdout_differences(stored: list[str], browser: list[str]) -> list[str]:
    """Lines that differ between stored and browser stdout, cell by cell (``-`` stored, ``+`` browser)."""
    if len(stored) != len(browser):
        return [f"cell count differs: {len(stored)} stored, {len(browser)} in the browser"]
    out = []
    for index, (old, new) in enumerate(zip(stored, browser)):
        old_lines = [line.rstrip() for line in old.strip().splitlines()]
        new_lines = [line.rstrip() for line in new.strip().splitlines()]
        if old_lines == new_lines:
            continue
        for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=0):
            if line.startswith(("---", "+++", "@@")):
                continue
            out.append(f"cell {index + 1}: {line}")
    return out


def wait_settled(tab, index: int, before: dict, timeout_s: float = 60.0, quiet_ms: float = 600.0) -> dict | None:
    """Wait until the widget output differs from ``before`` and stays unchanged ``quiet_ms``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        tab.wait_for_timeout(50)
        now = tab.evaluate(WIDGET_SIGNATURE, index)
        lat = tab.evaluate("() => window.__liveLatency")
        if now and now != before and now["text"] and now["images"] and lat["last"] is not None:
            quiet = tab.evaluate("() => performance.now()") - lat["last"]
            if quiet >= quiet_ms:
                return now
    return None


def latency_of_last_move(tab) -> float:
    lat = tab.evaluate("() => window.__liveLatency")
    return lat["last"] - lat["up"]


def run_chapter(browser, base: str, chapter: str, book: Path, report_dir: Path,
                moves_per_slider: int = 3, timeout_s: float = 420.0) -> ChapterRun:
    """Open ``chapter`` from its page in the book, run it live, move its sliders; see module doc."""
    run = ChapterRun(chapter)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def on_request(request):
        host = urllib.parse.urlparse(request.url).hostname
        if host not in ("127.0.0.1", None):
            run.outside_requests.append(request.url)

    def route(r):
        if urllib.parse.urlparse(r.request.url).hostname in ("127.0.0.1", None):
            r.continue_()
        else:
            r.abort()

    context.on("request", on_request)
    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda m: run.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: run.console_errors.append(f"page error: {e}"))
    tab.on("worker", lambda w: w.on("console", lambda m: run.console_errors.append(f"worker: {m.text}")
                                    if m.type == "error" else None))
    try:
        tab.goto(f"{base}{chapter}.html", wait_until="load")
        start = time.monotonic()
        tab.click("a.live-button")
        tab.wait_for_url(re.compile(r".*/lite/lab/.*"), timeout=30_000)
        tab.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
        tab.wait_for_timeout(500)
        run.time_to_notebook_s = time.monotonic() - start
        tab.get_by_role("menuitem", name="Run", exact=True).click()
        tab.get_by_text("Run All Cells", exact=True).click()
        deadline = start + timeout_s
        while True:
            state = tab.evaluate(CELL_STATE)
            if state["errors"]:
                run.python_errors = state["errors"]
                break
            if state["cells"] and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in state["prompts"]):
                run.time_to_interactive_s = time.monotonic() - start
                run.code_cells = state["cells"]
                break
            if time.monotonic() > deadline:
                run.python_errors.append(f"cells not all run after {timeout_s:.0f} s: {state['prompts']}")
                break
            tab.wait_for_timeout(250)
        if run.python_errors:
            return run
        tab.wait_for_timeout(1500)  # let the last outputs (widgets) render
        stored = stored_stdout(book / f"{chapter}.ipynb")
        run.stdout_differences = stdout_differences(stored, tab.evaluate(STDOUT_BY_CELL))
        run.widgets = tab.locator(".jp-Notebook .widget-interact").count()
        if run.widgets:
            move_sliders(tab, run, moves_per_slider)
        tab.screenshot(path=str(report_dir / f"{chapter}.png"), full_page=False)
    finally:
        context.close()
    return run


def move_sliders(tab, run: ChapterRun, moves_per_slider: int) -> None:
    """Drag the first slider of the last widget, then click along each of its sliders' tracks."""
    index = run.widgets - 1
    box = tab.locator(".jp-Notebook .widget-interact").nth(index)
    box.scroll_into_view_if_needed()
    sliders = box.locator(".widget-slider")
    handle = sliders.nth(0).locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    before = tab.evaluate(WIDGET_SIGNATURE, index)
    tab.evaluate(MARK_PRINTED, index)
    tab.evaluate(WATCH_OUTPUT, index)
    bbox = handle.bounding_box()
    track = sliders.nth(0).locator(".noUi-target").first.bounding_box()
    x, y = bbox["x"] + bbox["width"] / 2, bbox["y"] + bbox["height"] / 2
    target = track["x"] + track["width"] * (0.25 if x > track["x"] + track["width"] / 2 else 0.75)
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(target, y, steps=12)
    tab.mouse.up()
    after = wait_settled(tab, index, before)
    run.drag_text_before = before["text"] if before else ""
    if after is None:
        run.drag_changed_text = run.drag_changed_figure = False
        return
    run.drag_text_after = after["text"]
    run.drag_reprinted = tab.evaluate(REPRINTED, index)
    run.drag_changed_text = after["text"] != before["text"]
    run.drag_changed_figure = after["images"] != before["images"]

    for k in range(sliders.count()):
        slider = sliders.nth(k)
        description = slider.locator(".widget-label").first.inner_text().strip()
        latency = SliderLatency(description)
        for move in range(moves_per_slider):
            track_box = slider.locator(".noUi-target").first.bounding_box()
            fraction = (0.35, 0.65, 0.45, 0.55, 0.3, 0.7)[move % 6]
            before = tab.evaluate(WIDGET_SIGNATURE, index)
            tab.evaluate(WATCH_OUTPUT, index)
            tab.mouse.click(track_box["x"] + track_box["width"] * fraction, track_box["y"] + track_box["height"] / 2)
            if wait_settled(tab, index, before) is not None:
                latency.samples_ms.append(latency_of_last_move(tab))
        run.sliders.append(latency)
