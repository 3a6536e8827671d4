"""Sphinx extension: a "Run this chapter live in your browser" button on every notebook page.

The button sits under the page title and opens the chapter in the book's own JupyterLite
site (``lite/``, built by ``make lite``), where Pyodide runs the package in the reader's
browser with nothing fetched from the network. It needs no repository URL: it links to
``live.html?path=<notebook>``, a small page this extension writes into the site. That page
forwards to ``lite/lab/index.html?path=<notebook>`` when the live site is there, and says how
to build it (``make lite``) when it is not — so ``make book`` alone still gives a book whose
every link resolves.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from docutils import nodes

LIVE_PAGE = "live.html"
LITE_APP = "lite/lab/index.html"
BUTTON_STYLE = ("display:inline-block;padding:0.45em 0.9em;border-radius:0.4em;background:#2a6f97;"
                "color:#fff;font-weight:600;text-decoration:none")

LIVE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Run a chapter live — {title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42em;margin:3em auto;padding:0 1em;line-height:1.5}}
code{{background:#f2f2f2;padding:0 0.2em}}</style>
</head>
<body>
<h1>Run a chapter live in your browser</h1>
<p id="live-status">Each chapter page of <a href="index.html">the book</a> has a button
“Run this chapter live in your browser”: it opens that chapter in JupyterLite, where Python
(Pyodide) runs in the browser tab, served entirely from this site.</p>
<noscript><p>The live chapters need JavaScript.</p></noscript>
<script>
(function () {{
  var path = new URLSearchParams(window.location.search).get("path");
  if (!path) return;
  var status = document.getElementById("live-status");
  status.textContent = "Opening " + path + " …";
  fetch("lite/jupyter-lite.json", {{cache: "no-store"}}).then(function (response) {{
    if (!response.ok) throw new Error("HTTP " + response.status);
    window.location.replace("{app}?path=" + encodeURIComponent(path));
  }}).catch(function () {{
    status.innerHTML = "The live site is not part of this build. From a clone of the repository, " +
      "run <code>make book &amp;&amp; make lite</code>, then serve <code>book/_build/html</code> over HTTP " +
      "(<code>make serve-lite</code>) and open the chapter again. " +
      "Opened from disk (<code>file://</code>) the live site cannot run: browsers load Pyodide only over HTTP.";
  }});
}})();
</script>
</body>
</html>
"""


def is_notebook(app, docname: str) -> bool:
    return Path(app.env.doc2path(docname)).suffix == ".ipynb"


def add_button(app, doctree, docname):
    """Insert the button after the first title of a page built from a notebook."""
    if app.builder.name != "html" or not is_notebook(app, docname):  # not in the single-page (PDF) build
        return
    href = posixpath.relpath(LIVE_PAGE, posixpath.dirname(app.builder.get_target_uri(docname)) or ".")
    notebook = posixpath.basename(docname) + ".ipynb"
    raw = nodes.raw("", (
        f'<p class="live-button-row"><a class="live-button" style="{BUTTON_STYLE}" '
        f'href="{html.escape(href)}?path={html.escape(notebook)}">'
        "&#9654; Run this chapter live in your browser</a> "
        '<span class="live-button-note" style="font-size:0.85em;color:#555">'
        "(Python runs in this browser tab, offline: JupyterLite and Pyodide served by this site)</span></p>"),
        format="html")
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, raw)
            return


def write_live_page(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    page = Path(app.outdir) / LIVE_PAGE
    page.write_text(LIVE_HTML.format(title=html.escape(app.config.html_title or app.config.project),
                                     app=LITE_APP), encoding="utf-8")


def setup(app):
    app.connect("doctree-resolved", add_button)
    app.connect("build-finished", write_live_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
