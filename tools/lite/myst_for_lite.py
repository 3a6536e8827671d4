"""The book's notebooks as the live site shows them: MyST that reads without Sphinx.

In the rendered book Sphinx resolves ``{cite}`` (sphinxcontrib-bibtex, author-year style),
``{eq}`` (numbered by ``book/_ext/seed_equations.py``: the sources' own numbers for
``eq-<number>`` labels, ``<chapter>.<k>`` for the book's own), ``{prf:ref}``, ``{ref}`` and
``{tableofcontents}``. In JupyterLite, jupyterlab-myst renders each notebook on its own: it
would show raw citation keys, number equations 1, 2, 3 per notebook and fail on references
to other notebooks. So the copies placed in the live site get plain text instead:

* ``{cite}`a,b``` → ``(Author, year; Author and Other, year)``, from ``references.bib``;
* a labelled display equation ``$$ … $$ (eq-7)`` → ``$$ … \\tag{7} $$``, and ``{eq}`eq-7``` → ``(7)``;
* ``{prf:ref}`label``` → the kind and title of the proposition or theorem;
* ``{ref}`text <label>``` → a link to the notebook holding ``(label)=``;
* ``{tableofcontents}`` → a list of links to the chapter notebooks, in ``_toc.yml`` order.

Stored outputs are removed (the reader runs the cells; widget outputs would refer to
models that no longer exist). The source notebooks are never modified.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

SEED_LABEL = re.compile(r"eq-([A-Z]?\d+[A-Za-z]?)$")
CHAPTER = re.compile(r"chapter(\d+)")
LABELLED_MATH = re.compile(r"\$\$(?P<body>.*?)\$\$[ \t]*\((?P<label>[A-Za-z][\w-]*)\)", re.S)
ROLE = re.compile(r"\{(?P<role>cite(?::[pt])?|eq|prf:ref|ref|numref|doc)\}`(?P<arg>[^`]+)`")
TARGET = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.M)
PRF = re.compile(r"```\{prf:(?P<kind>\w+)\}[ \t]*(?P<title>[^\n]*)\n(?:---\n)?:?label:?[ \t]*(?P<label>[\w-]+)")
TOC = re.compile(r"```\{tableofcontents\}\s*```")


class MystConversionError(ValueError):
    """A role in a notebook points at something the book does not define."""


def markdown_sources(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def bib_citations(bib_text: str) -> dict[str, tuple[str, str]]:
    """Key → (authors as the author-year style shows them, year), from a BibTeX file."""
    out = {}
    for match in re.finditer(r"@\w+\{(?P<key>[^,\s]+),(?P<body>.*?)\n\}", bib_text, re.S):
        body = match.group("body")
        author = re.search(r"author\s*=\s*\{(.*?)\}\s*,?\s*\n", body, re.S)
        year = re.search(r"year\s*=\s*\{?(\d{4})", body)
        if not (author and year):
            raise MystConversionError(f"bib entry {match.group('key')!r} lacks author or year")
        surnames = [name.split(",")[0].strip().strip("{}") if "," in name else name.split()[-1]
                    for name in re.split(r"\s+and\s+", " ".join(author.group(1).split()))]
        if len(surnames) == 1:
            shown = surnames[0]
        elif len(surnames) == 2:
            shown = f"{surnames[0]} and {surnames[1]}"
        else:
            shown = f"{surnames[0]} et al."
        out[match.group("key")] = (shown, year.group(1))
    return out


def equation_numbers(notebooks: dict[str, dict]) -> dict[str, str]:
    """Label → number shown in the book, following ``book/_ext/seed_equations.py``.

    ``notebooks`` maps document names (``chapter4_cccp``) to notebooks, in book order.
    """
    numbers: dict[str, str] = {}
    for docname, notebook in notebooks.items():
        chapter = CHAPTER.search(docname)
        prefix = f"{chapter.group(1)}." if chapter else "B"
        own = 0
        for text in markdown_sources(notebook):
            for match in LABELLED_MATH.finditer(text):
                label = match.group("label")
                seed = SEED_LABEL.match(label)
                if seed:
                    numbers[label] = seed.group(1)
                else:
                    own += 1
                    numbers[label] = f"{prefix}{own}"
    return numbers


def proof_titles(notebooks: dict[str, dict]) -> dict[str, str]:
    """Label of each ``prf:`` directive → ``Kind *title*``."""
    out = {}
    for notebook in notebooks.values():
        for text in markdown_sources(notebook):
            for match in PRF.finditer(text):
                title = match.group("title").strip()
                out[match.group("label")] = f"{match.group('kind').capitalize()} *{title}*" if title \
                    else match.group("kind").capitalize()
    return out


def figure_captions(notebooks: dict[str, dict]) -> dict[str, str]:
    """Name of each captioned figure (a code cell's ``mystnb.figure``) → the start of its caption."""
    out = {}
    for notebook in notebooks.values():
        for cell in notebook["cells"]:
            figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            if figure.get("name") and figure.get("caption"):
                first = re.split(r"(?<=[.:;])\s", figure["caption"].strip())[0].rstrip(".:;")
                out[figure["name"]] = first if len(first) <= 80 else first[:77].rsplit(" ", 1)[0] + "…"
    return out


def target_documents(notebooks: dict[str, dict]) -> dict[str, str]:
    """Label of each ``(label)=`` target → the notebook that defines it."""
    return {m.group("label"): docname for docname, nb in notebooks.items()
            for text in markdown_sources(nb) for m in TARGET.finditer(text)}


def notebook_title(notebook: dict, fallback: str) -> str:
    for text in markdown_sources(notebook):
        match = re.search(r"^# (.+)$", text, re.M)
        if match:
            return match.group(1).strip()
    return fallback


class LiteMyst:
    """Converts the MyST of the book's markdown cells into what jupyterlab-myst shows well."""

    def __init__(self, notebooks: dict[str, dict], bib_text: str, toc_order: list[str]):
        self.notebooks = notebooks
        self.citations = bib_citations(bib_text)
        self.equations = equation_numbers(notebooks)
        self.proofs = proof_titles(notebooks)
        self.targets = target_documents(notebooks)
        self.figures = figure_captions(notebooks)
        self.toc_order = toc_order

    def cite(self, keys: str, textual: bool) -> str:
        parts = []
        for key in (k.strip() for k in keys.split(",")):
            if key not in self.citations:
                raise MystConversionError(f"citation key {key!r} is not in references.bib")
            authors, year = self.citations[key]
            parts.append(f"{authors} ({year})" if textual else f"{authors}, {year}")
        return "; ".join(parts) if textual else "(" + "; ".join(parts) + ")"

    def role(self, match: re.Match) -> str:
        role, arg = match.group("role"), match.group("arg")
        if role.startswith("cite"):
            return self.cite(arg, textual=role == "cite:t")
        if role == "eq":
            if arg not in self.equations:
                raise MystConversionError(f"{{eq}} refers to an unknown label {arg!r}")
            return f"({self.equations[arg]})"
        if role == "prf:ref":
            if arg not in self.proofs:
                raise MystConversionError(f"{{prf:ref}} refers to an unknown label {arg!r}")
            return self.proofs[arg]
        if role == "numref":
            if arg not in self.figures:
                raise MystConversionError(f"{{numref}} refers to an unknown figure {arg!r}")
            return f"the figure “{self.figures[arg]}”"
        if role == "doc":
            explicit = re.match(r"(?P<text>.*?)\s*<(?P<target>[\w/-]+)>$", arg)
            return f"the book's {explicit.group('text') if explicit else arg.replace('_', ' ')} page"
        explicit = re.match(r"(?P<text>.*?)\s*<(?P<label>[\w-]+)>$", arg)
        text, label = (explicit.group("text"), explicit.group("label")) if explicit else (arg, arg)
        if label not in self.targets:
            raise MystConversionError(f"{{ref}} refers to an unknown label {label!r}")
        return f"[{text}]({self.targets[label]}.ipynb)"

    def table_of_contents(self) -> str:
        return "\n".join(f"* [{notebook_title(self.notebooks[d], d)}]({d}.ipynb)" for d in self.toc_order
                         if d in self.notebooks)

    def markdown(self, text: str) -> str:
        def tagged(match: re.Match) -> str:
            number = self.equations[match.group("label")]
            return f"$${match.group('body').rstrip()}\n\\tag{{{number}}}\n$$"

        text = LABELLED_MATH.sub(tagged, text)
        text = ROLE.sub(self.role, text)
        return TOC.sub(lambda _: self.table_of_contents(), text)

    def notebook(self, notebook: dict) -> dict:
        out = copy.deepcopy(notebook)
        for cell in out["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = self.markdown("".join(cell["source"]))
            elif cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
                cell.get("metadata", {}).pop("execution", None)
        out.get("metadata", {}).pop("widgets", None)
        return out


def toc_documents(toc_path: Path) -> list[str]:
    """Document names in ``_toc.yml`` order (root first), read without a YAML dependency."""
    names = re.findall(r"^\s*(?:root|-\s*file):\s*(\S+)\s*$", toc_path.read_text(), re.M)
    return [Path(n).with_suffix("").as_posix() for n in names]


def convert_book(book: Path, dest: Path) -> list[str]:
    """Write converted copies of every ``book/*.ipynb`` into ``dest``; returns their file names."""
    order = toc_documents(book / "_toc.yml")
    paths = sorted(book.glob("*.ipynb"), key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.name))
    notebooks = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in paths}
    converter = LiteMyst(notebooks, (book / "references.bib").read_text(encoding="utf-8"), order)
    dest.mkdir(parents=True, exist_ok=True)
    for stem, notebook in notebooks.items():
        (dest / f"{stem}.ipynb").write_text(json.dumps(converter.notebook(notebook), indent=1, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    return [f"{stem}.ipynb" for stem in notebooks]
