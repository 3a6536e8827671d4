"""Build the live site: the book's notebooks in JupyterLite, run by Pyodide served from the site.

Usage: ``python tools/lite/build.py [--out book/_build/html/lite]`` (``make lite``).

1. Build this project's wheel from the working tree (``pip wheel``), so the site always runs
   the package as it is now.
2. Assemble ``static/pyodide/`` (``pyodide_files.py``): Pyodide's runtime from the npm
   registry, the package wheels the book needs checked byte for byte against the official
   ``pyodide-lock.json`` of the same release, pure-Python wheels pinned by sha256, and a
   trimmed lock that also names the project's wheel.
3. Convert every ``book/*.ipynb`` for jupyterlab-myst (``myst_for_lite.py``).
4. ``jupyter lite build`` with ``lite/jupyter-lite.json`` (no PyPI fallback: nothing is
   fetched at run time), then check that the site points at its own Pyodide.

Downloads are kept in ``build/lite-downloads/`` and checked again on every build.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import myst_for_lite
import pyodide_files

ROOT = Path(__file__).resolve().parents[2]
#: the build tools, pinned in pyproject.toml's ``lite`` extra
LITE_TOOLS = {"jupyterlite-core": "0.6.4", "jupyterlite-pyodide-kernel": "0.6.1",
              "jupyterlab_widgets": "3.0.17", "jupyterlab-myst": "2.7.0"}


def check_tools() -> None:
    from importlib.metadata import PackageNotFoundError, version

    wrong = []
    for name, pinned in LITE_TOOLS.items():
        try:
            found = version(name)
        except PackageNotFoundError:
            found = None
        if found != pinned:
            wrong.append(f"{name}=={pinned} (found {found})")
    if wrong:
        raise SystemExit("the live site needs " + ", ".join(wrong) + ': pip install -e ".[lite]" (make lite does)')


def project_wheel(dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dest), str(ROOT)],
                   check=True)
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one project wheel in {dest}, found {[w.name for w in wheels]}")
    return wheels[0]


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def check_site(out: Path, notebooks: list[str], pyodide_summary: dict) -> list[str]:
    """What must hold in the built site; returns the problems found."""
    problems = []
    config = json.loads((out / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config.get("litePluginSettings", {}).get("@jupyterlite/pyodide-kernel-extension:kernel", {})
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.js":
        problems.append(f"pyodideUrl is {kernel.get('pyodideUrl')!r}, not the site's own ./static/pyodide/pyodide.js")
    if kernel.get("disablePyPIFallback") is not True:
        problems.append("disablePyPIFallback is not set: piplite could reach PyPI at run time")
    for name in notebooks:
        if not (out / "files" / name).exists():
            problems.append(f"notebook {name} missing from the site")
    served = sorted(p.name for p in (out / "static" / "pyodide").iterdir())
    if len(served) != pyodide_summary["files"]:
        problems.append(f"static/pyodide holds {len(served)} files, {pyodide_summary['files']} were assembled")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "book/_build/html/lite")
    parser.add_argument("--work", type=Path, default=ROOT / "build/lite")
    parser.add_argument("--cache", type=Path, default=ROOT / "build/lite-downloads")
    args = parser.parse_args(argv)
    args.out, args.work, args.cache = args.out.resolve(), args.work.resolve(), args.cache.resolve()
    check_tools()
    start = time.perf_counter()

    wheel = project_wheel(args.work / "wheel")
    site_src = args.work / "site-src"
    shutil.rmtree(site_src, ignore_errors=True)
    site_src.mkdir(parents=True)
    shutil.copy(ROOT / "lite/jupyter-lite.json", site_src / "jupyter-lite.json")
    # settings: every cell in the page (no windowing), so a widget below the fold is just there
    shutil.copy(ROOT / "lite/overrides.json", site_src / "overrides.json")
    try:
        summary = pyodide_files.assemble(site_src / "static/pyodide", args.cache, wheel)
    except pyodide_files.DistributionError as exc:
        print(f"make lite: {exc}", file=sys.stderr)
        return 1
    # the kernel runs piplite.install('comm') at start: serve it from the site too
    (site_src / "pypi").mkdir()
    comm = next(w for w in pyodide_files.PURE_WHEELS if w.name == "comm")
    shutil.copy(site_src / "static/pyodide" / comm.file_name, site_src / "pypi" / comm.file_name)

    files = args.work / "files"
    shutil.rmtree(files, ignore_errors=True)
    notebooks = myst_for_lite.convert_book(ROOT / "book", files)

    shutil.rmtree(args.out, ignore_errors=True)
    jupyter_lite = Path(sys.executable).parent / "jupyter-lite"
    subprocess.run([str(jupyter_lite), "build", "--lite-dir", str(site_src), "--contents", str(files),
                    "--output-dir", str(args.out), "--no-sourcemaps", "--no-unused-shared-packages",
                    "--apps", "lab"], check=True, cwd=site_src)
    problems = check_site(args.out, notebooks, summary)
    extras = [*(w.name for w in pyodide_files.PURE_WHEELS), pyodide_files.normalize(wheel.name.split("-")[0])]
    problems += pyodide_files.verify_served(args.out / "static/pyodide", pyodide_files.official_lock(args.cache), extras)
    if problems:
        print("make lite: the built site is wrong:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    total = directory_bytes(args.out)
    pyodide = directory_bytes(args.out / "static/pyodide")
    print(f"live site: {args.out} — {total / 1e6:.1f} MB ({pyodide / 1e6:.1f} MB Pyodide with "
          f"{len(summary['packages'])} packages, {directory_bytes(args.out / 'files') / 1e6:.1f} MB notebooks), "
          f"{len(notebooks)} notebooks, built in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
