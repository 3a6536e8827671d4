"""Sphinx extension: what each page loads, and how notebook outputs read.

* **Each script once.** sphinx-thebe registers its inline configuration (``const THEBE_JS_URL
  = ...``) each time its ``env-before-read-docs`` handler runs, and jupyter-book triggers that
  twice, so pages declared the constant twice — a JavaScript error. The first of any repeated
  script (same file, or same inline body) is kept.
* **Widget JavaScript only where a widget is drawn.** myst-nb adds require.js, the widget
  manager (about 3.6 MB) and the saved widget state to every page of a notebook that stored
  widget state, even when no output shows a widget (the book removes the kernel widgets'
  outputs: they cannot update without a kernel). Pages with no widget view get none of it,
  nor the MathJax 2 shim that the widget manager needs (it calls ``MathJax.Hub.Queue``).
* **Menu buttons that work.** pydata-sphinx-theme 0.17 attaches the sidebar toggles to the
  *first* ``.primary-toggle``/``.secondary-toggle`` in the page, which under sphinx-book-theme
  is a hidden duplicate in an unused header; the visible buttons then do nothing (on phones
  the menu never opens; on wide screens the sidebar never collapses). The hidden duplicates
  are removed from the written pages, so the themes bind to the visible buttons.
* **Explorable figures are figures.** A cell whose output is an explorable
  (:func:`rnn_energy.plots.explorable`) and whose ``mystnb.figure`` metadata gives a caption
  and name becomes a numbered figure with that caption; ``mystnb.image.alt`` becomes the
  frames' alternative text.
* **Long printouts collapse.** A code cell tagged ``output-summary`` shows the last line of
  its printed output, with the whole printout behind a toggle (``output-summary-first``: the
  first line).
* ``reader.css``: tables that wrap or scroll inside the column, the ledger, explorables, the
  erratum block, collapsed printouts.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docutils import nodes
from docutils.transforms import Transform

STATIC = Path(__file__).parent / "static"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_SCRIPTS = ("require.js", "embed-amd.js", "mathjax2_shim.js")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# The hidden duplicates of the sidebar toggles, in pydata-sphinx-theme's header.
DUPLICATE_TOGGLE = re.compile(
    r'<button class="pst-navbar-icon sidebar-toggle (?:primary|secondary)-toggle"[^>]*>.*?</button>', re.S)


def dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", str(script)) or None, attributes.get("body"))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def drop_unused_widget_scripts(app, pagename, templatename, context, doctree):
    """Remove the widget manager, its state and its shim from pages that draw no widget."""
    if WIDGET_VIEW in (context.get("body") or ""):
        return

    def used(script):
        filename = getattr(script, "filename", None) or ""
        attributes = getattr(script, "attributes", {})
        if attributes.get("type") == WIDGET_STATE:
            return False
        return not any(filename.split("?")[0].endswith(name) for name in WIDGET_SCRIPTS)

    context["script_files"] = [s for s in context.get("script_files", []) if used(s)]


def remove_duplicate_toggles(app, exception):
    """Drop the hidden duplicate sidebar toggles from every written page (see module doc)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = DUPLICATE_TOGGLE.sub("", text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


MATH = re.compile(r"\$([^$]+)\$")


def caption_nodes(text: str) -> list[nodes.Node]:
    """Plain text with ``$...$`` as inline math (captions of explorable figures)."""
    parts, last = [], 0
    for match in MATH.finditer(text):
        if match.start() > last:
            parts.append(nodes.Text(text[last:match.start()]))
        parts.append(nodes.math(match.group(1), match.group(1)))
        last = match.end()
    if last < len(text):
        parts.append(nodes.Text(text[last:]))
    return parts


def _cells(document):
    for cell in document.findall(nodes.container):
        if cell.get("nb_element") == "cell_code":
            yield cell


def _outputs(cell):
    for child in cell.children:
        if isinstance(child, nodes.container) and child.get("nb_element") == "cell_code_output":
            yield child


class ExplorableFigures(Transform):
    """Wrap an explorable output in a numbered figure with the cell's caption and alt text."""

    default_priority = 800  # before Sphinx collects figure numbers and labels

    def apply(self):
        for cell in list(_cells(self.document)):
            meta = cell.get("cell_metadata", {}).get("mystnb", {})
            figure_options = meta.get("figure") or {}
            alt = (meta.get("image") or {}).get("alt")
            for output in _outputs(cell):
                for child in list(output.children):
                    raws = [r for r in child.findall(nodes.raw) if 'class="explorable"' in r.astext()]
                    if not raws:
                        continue
                    for raw in raws:
                        text = raw.astext()
                        if alt:
                            text = re.sub(r'data-alt="[^"]*"', f'data-alt="{html.escape(alt)}"', text, count=1)
                            text = re.sub(r'(<img class="explorable-frame"[^>]*?) alt="[^"]*?((?: [^" ]*)?)"',
                                          lambda m: f'{m.group(1)} alt="{html.escape(alt)}{m.group(2)}"', text,
                                          count=1)
                        raw.children = []
                        raw += nodes.Text(text)
                    if isinstance(child, nodes.figure):
                        child["classes"].append("explorable-figure")
                    if not figure_options.get("caption") or isinstance(child, nodes.figure):
                        continue  # no caption given, or myst-nb made the figure already
                    figure = nodes.figure(classes=["explorable-figure"])
                    child.replace_self(figure)
                    figure += child
                    figure += nodes.caption(figure_options["caption"], "", *caption_nodes(figure_options["caption"]))
                    if figure_options.get("name"):
                        figure["names"].append(nodes.fully_normalize_name(figure_options["name"]))
                        self.document.note_explicit_target(figure, figure)


class OutputSummaries(Transform):
    """Collapse a tagged cell's printout: its last (or first) line shown, the rest behind a toggle."""

    default_priority = 801

    def apply(self):
        for cell in list(_cells(self.document)):
            tags = cell.get("cell_metadata", {}).get("tags", [])
            which = "last" if "output-summary" in tags else "first" if "output-summary-first" in tags else None
            if which is None:
                continue
            for output in _outputs(cell):
                streams = [b for b in output.children if isinstance(b, nodes.literal_block)]
                if not streams:
                    continue
                block = streams[-1] if which == "last" else streams[0]
                lines = [line for line in block.astext().splitlines() if line.strip()]
                if len(lines) < 2:
                    continue
                summary = lines[-1] if which == "last" else lines[0]
                shown = nodes.literal_block(summary, summary, classes=list(block["classes"]) + ["output-summary"])
                shown["language"] = block.get("language", "none")
                index = output.index(block)
                output.insert(index, shown)
                output.insert(index + 1, nodes.raw(
                    "", f'<details class="output-details"><summary>the whole printout '
                        f"({len(lines)} lines)</summary>", format="html"))
                output.insert(index + 3, nodes.raw("", "</details>", format="html"))


def figures_only_for_pictures():
    """Apply a cell's ``mystnb.figure`` options only to the outputs that are pictures.

    myst-nb wraps *every* rich output of a cell with figure metadata in a figure of that name,
    so a cell that draws a figure and also displays a ledger table gets two figures with one
    name (a duplicate-target warning, and a caption under the table). This keeps the figure
    for outputs holding an image or an explorable, and leaves other outputs as they are.
    """
    import inspect

    import myst_nb.sphinx_ as nb_sphinx

    original = nb_sphinx.create_figure_context
    if getattr(original, "pictures_only", False):
        return

    def is_picture(output) -> bool:
        data = (output or {}).get("data", {})
        return any(k.startswith("image/") for k in data) or 'class="explorable"' in str(data.get("text/html", ""))

    def create_figure_context(renderer, figure_options, line):
        caller = inspect.currentframe().f_back
        output = caller.f_locals.get("output") if caller is not None else None
        if figure_options and output is not None and not is_picture(output):
            figure_options = None
        return original(renderer, figure_options, line)

    create_figure_context.pictures_only = True
    nb_sphinx.create_figure_context = create_figure_context


def add_static_path(app):
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    figures_only_for_pictures()
    app.connect("builder-inited", add_static_path)
    app.add_js_file("mathjax2_shim.js", defer="defer", priority=600)
    app.add_css_file("reader.css", priority=900)
    app.add_transform(ExplorableFigures)
    app.add_transform(OutputSummaries)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.connect("html-page-context", drop_unused_widget_scripts, priority=910)
    app.connect("build-finished", remove_duplicate_toggles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2.0"}
