"""Fetch the JavaScript the rendered book needs offline, from the npm registry, with Python only.

MathJax 3 (equations), RequireJS and @jupyter-widgets/html-manager (widgets drawn from their
saved state) are downloaded as the registry's tarballs, checked against pinned SHA-512
integrity hashes, and the needed files extracted into ``book/_vendor/``. Sphinx copies that
folder's contents to the site root (``html_extra_path``), and ``_config.yml`` points MathJax and
myst-nb's widget loader at them, so the book renders with no network. The widget manager sits
at ``@jupyter-widgets/html-manager/`` because RequireJS resolves its module (and webpack its
fonts) under that name relative to the page.

Usage: ``python tools/fetch_vendor_js.py [DEST]`` (default ``book/_vendor``). Does nothing when
the files for these versions are already there.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"

PACKAGES = {
    "mathjax": {
        "version": "3.2.2",
        "tarball": "mathjax/-/mathjax-3.2.2.tgz",
        "integrity": "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "keep": ("package/es5/tex-mml-chtml.js", "package/es5/output/chtml/fonts/", "package/es5/input/tex/extensions/",
                 "package/es5/ui/", "package/es5/a11y/assistive-mml.js", "package/es5/a11y/semantic-enrich.js",
                 "package/es5/a11y/complexity.js", "package/es5/a11y/explorer.js"),
        "into": "vendor/mathjax",
    },
    "requirejs": {
        "version": "2.3.7",
        "tarball": "requirejs/-/requirejs-2.3.7.tgz",
        "integrity": "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        "keep": ("package/require.js",),
        "into": "vendor/requirejs",
    },
    "@jupyter-widgets/html-manager": {
        "version": "1.0.15",
        "tarball": "@jupyter-widgets/html-manager/-/html-manager-1.0.15.tgz",
        "integrity": "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        "keep": ("package/dist/embed-amd.js", ".woff2", ".woff", ".ttf"),
        "into": "@jupyter-widgets/html-manager",
    },
}


def wanted(name: str, keep: tuple[str, ...]) -> bool:
    """A tarball member is kept if it matches a kept path prefix, or (for html-manager) a dist font suffix."""
    if name.endswith(".map"):
        return False
    return any(name.startswith(k) if k.startswith("package/") else (name.startswith("package/dist/") and name.endswith(k))
               for k in keep)


def fetch(package: str, spec: dict, dest: Path) -> None:
    stamp = dest / spec["into"] / f".version-{spec['version']}"
    if stamp.exists():
        return
    url = f"{REGISTRY}/{spec['tarball']}"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != spec["integrity"]:
        raise SystemExit(f"{package} {spec['version']}: integrity mismatch ({digest[:24]}...)")
    target = dest / spec["into"]
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            if not member.isfile() or not wanted(member.name, spec["keep"]):
                continue
            relative = member.name.split("/", 1)[1]
            out = target / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.extractfile(member).read())
            count += 1
    stamp.write_text(spec["integrity"] + "\n")
    print(f"{package} {spec['version']}: {count} files into {target}")


def main(argv: list[str]) -> int:
    dest = Path(argv[1] if len(argv) > 1 else "book/_vendor")
    dest.mkdir(parents=True, exist_ok=True)
    for package, spec in PACKAGES.items():
        fetch(package, spec, dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
