"""Sphinx extension: each script appears once on a page.

sphinx-thebe registers its inline configuration (``const THEBE_JS_URL = ...``) each time its
``env-before-read-docs`` handler runs, and jupyter-book triggers that twice, so pages declared
the constant twice — a JavaScript error in every browser console. This keeps the first of any
repeated script (same file, or same inline body; the copies differ only in a filename of
``None`` versus ``""``).

It also loads a small shim after MathJax 3: the widget manager calls MathJax 2's
``MathJax.Hub.Queue`` to typeset widget labels, which MathJax 3 does not have.
"""

from __future__ import annotations

from pathlib import Path


def dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", str(script)) or None, attributes.get("body"))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def add_static_path(app):
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))


def setup(app):
    app.connect("builder-inited", add_static_path)
    app.add_js_file("mathjax2_shim.js", defer="defer", priority=600)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
