"""The ledger: each equation of the sources, and each claim of the book, mapped to a check.

An entry is keyed by the equation's number (``"25"``, ``"H13"``) or by the label of the book's
theorem, proposition or erratum (``"thm-marcus-westervelt"``). A check returns a
:class:`Verdict`, one of

* ``holds`` — the equation or claim is right; ``measure`` is the largest error found;
* ``corrected`` — the seed's form fails and a corrected form holds; both errors are kept;
* ``fails`` — a counterexample; ``measure`` is the number that refutes it;
* ``open`` — nothing decides it yet; ``detail`` says what is known.

Every entry records the verdict the book *claims*, the *kind* of evidence (:data:`KINDS`), the
function that implements it, and — except for definitions and open questions — a *negative
control*: the same check run on a deliberately wrong variant (a sign flipped, a transpose
dropped, the hypothesis violated), which must come out differently from the claim.
:func:`run` recomputes the checks, :func:`run_controls` the controls.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

STATUSES = ("holds", "corrected", "fails", "open")

#: Kinds of evidence. ``definition`` entries restate a definition: shown, never counted as verified.
KINDS = ("symbolic", "finite-differences", "closed-form", "sampled", "counterexample", "definition")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check."""

    status: str
    measure: float
    detail: str
    seed_error: float | None = None
    corrected_error: float | None = None
    exact: bool = False
    spread: float | None = None
    boundary: str | None = None

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
    check: Callable[..., Verdict]
    implements: str = ""
    kind: str | None = None
    control: str | None = None

    def run_control(self) -> Verdict:
        """The check on its deliberately wrong variant (``check(control=True)``)."""
        if self.control is None:
            raise ValueError(f"entry {self.key!r} has no negative control")
        return self.check(control=True)

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
            "kind": self.entry.kind,
            "control": self.entry.control,
            "claimed": self.entry.claimed,
            "computed": v.pop("status"),
            "agrees": self.agrees,
            **v,
        }


REGISTRY: dict[str, Entry] = {}


def register(key: str, *, chapter: int, title: str, claimed: str, anchor: str, implements: str,
             kind: str | None = None, control: str | None = None):
    """Decorator: register ``check`` as the ledger entry ``key``.

    ``implements`` is the dotted path of the package function (or class, or method) that
    implements the equation or claim, e.g. ``"rnn_energy.maps.FeatureMap"``. ``kind`` is one of
    :data:`KINDS`. ``control`` describes the negative control; then ``check`` must accept
    ``control=True`` and run itself on that wrong variant. Every entry but a definition or an
    open question has one.
    """
    if claimed not in STATUSES:
        raise ValueError(f"claimed must be one of {STATUSES}; got {claimed!r}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}")
    if not implements.startswith("rnn_energy."):
        raise ValueError(f"implements must be a dotted path under rnn_energy; got {implements!r}")
    if kind is not None and control is None and kind != "definition" and claimed != "open":
        raise ValueError(f"entry {key!r} needs a negative control (kind {kind}, claimed {claimed})")

    def decorate(check: Callable[..., Verdict]) -> Callable[..., Verdict]:
        if key in REGISTRY:
            raise ValueError(f"entry {key!r} is registered twice")
        if control is not None and "control" not in inspect.signature(check).parameters:
            raise ValueError(f"the check of {key!r} must accept control=True to run its negative control")
        REGISTRY[key] = Entry(key, chapter, title, claimed, anchor, check, implements, kind, control)
        return check

    return decorate


def is_equation(key: str) -> bool:
    """Whether ``key`` numbers an equation of the sources (``"25"``, ``"H13"``), not a label of the book's."""
    return re.fullmatch(r"H?\d+", key) is not None


def sort_key(key: str) -> tuple:
    """Natural order: ``1 < 2 < 10 < H1 < H2 < H10``, then the book's labels alphabetically."""
    match = re.fullmatch(r"([A-Za-z]*)(\d+)", key)
    if match is None:
        return (1, key, 0)
    prefix, number = match.groups()
    return (0, prefix, int(number))


def entries(chapter: int | None = None) -> list[Entry]:
    """Registered entries in equation order, optionally of one chapter."""
    found = [e for e in REGISTRY.values() if chapter is None or e.chapter == chapter]
    return sorted(found, key=lambda e: sort_key(e.key))


def _select(chapter: int | None = None, keys=None) -> list[Entry]:
    selected = entries(chapter)
    if keys is not None:
        wanted = {str(k) for k in keys}
        unknown = wanted - set(REGISTRY)
        if unknown:
            raise ValueError(f"keys contains unregistered entries: {sorted(unknown, key=sort_key)}")
        selected = [e for e in selected if e.key in wanted]
    return selected


def run(chapter: int | None = None, keys=None) -> list[Result]:
    """Recompute the checks (of one chapter, or of the given keys, or all)."""
    return [Result(e, e.check()) for e in _select(chapter, keys)]


@dataclass(frozen=True)
class ControlResult:
    """An entry's negative control: the verdict of the wrong variant, and whether it was rejected."""

    entry: Entry
    verdict: Verdict

    @property
    def rejected(self) -> bool:
        """Whether the wrong variant failed to reproduce the claimed verdict (so the check can fail)."""
        return self.verdict.status != self.entry.claimed


def run_controls(chapter: int | None = None, keys=None) -> list[ControlResult]:
    """Run the negative control of every selected entry that has one."""
    return [ControlResult(e, e.run_control()) for e in _select(chapter, keys) if e.control is not None]


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


def symbolic_verdict(key: str, detail: str, control: bool = False) -> Verdict:
    """The verdict of :func:`rnn_energy.ledger.symbolic.decide` for ``key`` (exact: no tolerance).

    With ``control``, the verdict of the decider's deliberately wrong variant instead: ``holds``
    if that variant were (wrongly) found identical, else ``fails``.
    """
    from .symbolic import decide

    result = decide(key)
    sizes = ", ".join(str(s) for s in result.sizes)
    if control:
        status = "fails" if result.control_rejected else "holds"
        return Verdict(status, 0.0, f"control: {result.control}", exact=True)
    if result.holds:
        return Verdict("holds", 0.0, f"{detail} (identical at sizes {sizes})", exact=True)
    if result.corrected_holds:
        return Verdict("corrected", 0.0, f"{detail} (typed form leaves {result.residual}; corrected form "
                       f"identical at sizes {sizes})", seed_error=None, corrected_error=0.0, exact=True)
    return Verdict("fails", 0.0, f"{detail}: residual {result.residual}", exact=True)


def sampled_verdict(values, tol: float, detail: str, *, spread_of=None, boundary: str | None = None) -> Verdict:
    """``holds`` when the worst of ``values`` (one per seeded instance) is at most ``tol``.

    ``measure`` is the worst value; ``spread`` its seed-to-seed spread (max - min of ``spread_of``,
    default ``values``), so a reader sees how much the number moves with the seed.
    """
    values = np.asarray(values, dtype=float)
    spread_values = values if spread_of is None else np.asarray(spread_of, dtype=float)
    worst = float(np.max(values))
    return Verdict("holds" if worst <= tol else "fails", worst, detail,
                   spread=float(np.ptp(spread_values)), boundary=boundary)


def format_measure(x: float | None) -> str:
    """Fixed-precision text for a measured number (``-`` when absent)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.2e}"


def worst_relative(pairs) -> float:
    """Largest ``|a - b| / (1 + |b|)`` over ``(a, b)`` pairs of arrays."""
    return max(float(np.max(np.abs(a - b) / (1.0 + np.abs(b)))) for a, b in pairs)
