"""The equation ledger: each equation of the sources mapped to a check that computes its verdict.

A check returns a :class:`Verdict`, one of

* ``holds`` — the equation is right; ``measure`` is the largest error found;
* ``corrected`` — the seed's form fails and a corrected form holds; both errors are kept;
* ``fails`` — a counterexample; ``measure`` is the number that refutes it;
* ``open`` — nothing decides it yet.

Every entry also records the verdict the book *claims*; :func:`run` recomputes the checks
and :attr:`Result.agrees` says whether computation and claim still match.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

STATUSES = ("holds", "corrected", "fails", "open")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check."""

    status: str
    measure: float
    detail: str
    seed_error: float | None = None
    corrected_error: float | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}; got {self.status!r}")


@dataclass(frozen=True)
class Entry:
    """One equation: where it comes from, what the book claims, the function that implements it,
    and how to check it."""

    key: str
    chapter: int
    title: str
    claimed: str
    anchor: str
    check: Callable[[], Verdict]
    implements: str = ""

    def implementation(self):
        """The object named by ``implements`` (a dotted path under ``rnn_energy``), imported."""
        return resolve(self.implements)


def resolve(path: str):
    """Import the object at a dotted path such as ``rnn_energy.maps.FeatureMap.jacobian``.

    Raises ``ValueError`` naming the path when no such object exists.
    """
    import importlib

    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                obj = getattr(obj, name)
        except AttributeError:
            break
        return obj
    raise ValueError(f"implements must name an object of the package; {path!r} does not resolve")


@dataclass(frozen=True)
class Result:
    """An entry with its freshly computed verdict."""

    entry: Entry
    verdict: Verdict

    @property
    def agrees(self) -> bool:
        """Whether the computed verdict is the one the book claims."""
        return self.entry.claimed == self.verdict.status

    def as_dict(self) -> dict:
        v = asdict(self.verdict)
        return {
            "equation": self.entry.key,
            "chapter": self.entry.chapter,
            "title": self.entry.title,
            "anchor": self.entry.anchor,
            "implements": self.entry.implements,
            "claimed": self.entry.claimed,
            "computed": v.pop("status"),
            "agrees": self.agrees,
            **v,
        }


REGISTRY: dict[str, Entry] = {}


def register(key: str, *, chapter: int, title: str, claimed: str, anchor: str, implements: str):
    """Decorator: register ``check`` as the ledger entry for equation ``key``.

    ``implements`` is the dotted path of the package function (or class, or method) that
    implements the equation or claim, e.g. ``"rnn_energy.maps.FeatureMap"``.
    """
    if claimed not in STATUSES:
        raise ValueError(f"claimed must be one of {STATUSES}; got {claimed!r}")
    if not implements.startswith("rnn_energy."):
        raise ValueError(f"implements must be a dotted path under rnn_energy; got {implements!r}")

    def decorate(check: Callable[[], Verdict]) -> Callable[[], Verdict]:
        if key in REGISTRY:
            raise ValueError(f"equation {key!r} is registered twice")
        REGISTRY[key] = Entry(key, chapter, title, claimed, anchor, check, implements)
        return check

    return decorate


def sort_key(key: str) -> tuple:
    """Natural order: ``1 < 2 < 10 < H1 < H2 < H10``."""
    prefix, number = re.fullmatch(r"([A-Za-z]*)(\d+)", key).groups()
    return (prefix, int(number))


def entries(chapter: int | None = None) -> list[Entry]:
    """Registered entries in equation order, optionally of one chapter."""
    found = [e for e in REGISTRY.values() if chapter is None or e.chapter == chapter]
    return sorted(found, key=lambda e: sort_key(e.key))


def run(chapter: int | None = None, keys=None) -> list[Result]:
    """Recompute the checks (of one chapter, or of the given keys, or all)."""
    selected = entries(chapter)
    if keys is not None:
        wanted = {str(k) for k in keys}
        unknown = wanted - set(REGISTRY)
        if unknown:
            raise ValueError(f"keys contains unregistered equations: {sorted(unknown, key=sort_key)}")
        selected = [e for e in selected if e.key in wanted]
    return [Result(e, e.check()) for e in selected]


# ------------------------------------------------------------------ verdict rules
def identity_verdict(error: float, tol: float, detail: str) -> Verdict:
    """``holds`` when the measured ``error <= tol``, else ``fails`` with that error."""
    return Verdict("holds" if error <= tol else "fails", float(error), detail)


def correction_verdict(seed_error: float, corrected_error: float, tol: float, detail: str) -> Verdict:
    """Decide between the seed's form and a corrected one from their two errors.

    ``holds`` if the seed's form is within ``tol``; ``corrected`` if only the corrected
    form is; ``fails`` if neither is.
    """
    if seed_error <= tol:
        status, measure = "holds", seed_error
    elif corrected_error <= tol:
        status, measure = "corrected", corrected_error
    else:
        status, measure = "fails", min(seed_error, corrected_error)
    return Verdict(status, float(measure), detail, float(seed_error), float(corrected_error))


def format_measure(x: float | None) -> str:
    """Fixed-precision text for a measured number (``-`` when absent)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.2e}"


def worst_relative(pairs) -> float:
    """Largest ``|a - b| / (1 + |b|)`` over ``(a, b)`` pairs of arrays."""
    return max(float(np.max(np.abs(a - b) / (1.0 + np.abs(b)))) for a, b in pairs)
