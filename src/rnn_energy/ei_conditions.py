r"""The sufficient conditions for :math:`\dot H \le 0` (chapter 6) tested at their boundaries.

:meth:`rnn_energy.hamiltonian.ExcitatoryInhibitory.conditions` asks for
:math:`0 \le r \le 1/\tau_y`, :math:`\lambda_{\max}(A) < (1 + r\tau_x)/\beta_f` and
:math:`\lambda_{\min}(C) \ge -(1 - r\tau_y)/\beta_g`. For each condition this module builds
networks where that condition sits at :math:`\pm\delta` from its boundary while the other two hold
with slack, and searches the invariant manifold for the largest :math:`\dot H`. Just inside the
boundary :math:`\dot H \le 0` must hold (it is the proposition); just outside, a positive
:math:`\dot H` found by the search makes the condition *sharp* there, none found leaves it
*only sufficient* (within the search).

It also tests the chapter's "exactly" sentences on pairs other than the example: the largest
:math:`\tau_y` with an admissible :math:`r` against the Hopf point :math:`\tau_y^*`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import fsolve, minimize

from ._validation import as_finite_array, positive_scalar
from .bifurcation import hopf_point, trace_determinant, with_tau_y
from .experiments import oscillation_amplitude
from .hamiltonian import ExcitatoryInhibitory, admissible_r
from .instances import ei_pair
from .simulate import simulate

Array = np.ndarray
CONDITIONS = ("r", "A", "C")
SIDES = ("inside", "outside")
FAMILIES = ("centred", "offset")
SLACK = 0.5


def _orthogonal(rng, n: int) -> Array:
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def boundary_instance(condition: str, side: str, delta: float, seed: int, *, family: str = "centred",
                      n_x: int = 2, n_y: int = 2, tau_x: float = 1.0, tau_y: float = 0.8) -> ExcitatoryInhibitory:
    r"""A tanh E–I network with one sufficient condition at distance ``delta`` from its boundary.

    ``condition``: ``"r"`` (:math:`r = 1/\tau_y \mp \delta`), ``"A"``
    (:math:`\lambda_{\max}(A) = (1 + r\tau_x) \mp \delta`) or ``"C"``
    (:math:`\lambda_{\min}(C) = -(1 - r\tau_y) \pm \delta`); the upper sign is ``side="inside"``.
    The other two conditions hold with slack 0.5 (for ``"A"`` and ``"C"``, :math:`r = 0.5/\tau_y`).
    Eigenvectors and :math:`B` are Gaussian (seeded); ``family="centred"`` has :math:`u = v = 0`
    (fixed point at the origin, where tanh is steepest), ``"offset"`` draws :math:`u, v \sim N(0, 0.5^2)`.
    """
    if condition not in CONDITIONS:
        raise ValueError(f"condition must be one of {CONDITIONS}; got {condition!r}")
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}; got {side!r}")
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}; got {family!r}")
    delta = positive_scalar(delta, "delta")
    if delta >= SLACK / 2:
        raise ValueError(f"delta must be below {SLACK / 2}; got {delta}")
    sign = -1.0 if side == "inside" else 1.0
    rng = np.random.default_rng(seed)
    r = 1 / tau_y + sign * delta if condition == "r" else 0.5 / tau_y
    a_bound, c_bound = 1 + r * tau_x, -(1 - r * tau_y)  # beta_f = beta_g = 1 for tanh
    lam_a = a_bound + sign * delta if condition == "A" else a_bound - SLACK
    lam_c = c_bound - sign * delta if condition == "C" else max(c_bound, 0.0) + SLACK
    qa, qc = _orthogonal(rng, n_x), _orthogonal(rng, n_y)
    a = (qa * np.linspace(lam_a - 1.0, lam_a, n_x)) @ qa.T
    c = (qc * np.linspace(lam_c, lam_c + 1.0, n_y)) @ qc.T
    b = rng.normal(size=(n_x, n_y))
    u, v = (np.zeros(n_x), np.zeros(n_y)) if family == "centred" else (0.5 * rng.normal(size=n_x), 0.5 * rng.normal(size=n_y))
    return ExcitatoryInhibitory(a=0.5 * (a + a.T), b=b, c=0.5 * (c + c.T), u=u, v=v, tau_x=tau_x, tau_y=tau_y, r=r)


def manifold_rate(system: ExcitatoryInhibitory, z) -> tuple[Array, Array]:
    r""":math:`\dot H` on the manifold at :math:`(x, y) = \tanh(z)` and the scale-free ratio
    :math:`\dot H/(|\dot x|^2 + |\dot y|^2)` (finite near fixed points, where both vanish)."""
    z = np.clip(as_finite_array(z, "z", min_ndim=1), -15.0, 15.0)
    xy = np.tanh(z)
    lifted = system.lift(xy)
    rate = sum(system.rate_terms(lifted).values())
    speed = np.sum(system.network_field(xy) ** 2, axis=-1)
    return rate, rate / np.maximum(speed, 1e-300)


def max_manifold_rate(system: ExcitatoryInhibitory, *, n_samples: int = 20000, n_refine: int = 2,
                      seed: int = 0) -> dict[str, float]:
    r"""Search the manifold for the largest :math:`\dot H` (and the largest ratio, see :func:`manifold_rate`).

    Samples :math:`z = \tanh^{-1}(x, y)` in four groups (:math:`N(0,1)`; wide :math:`N(0, 6^2)`; within
    :math:`10^{-1}`–:math:`10^{-3}` of the network's equilibrium; one inhibitory coordinate pinned at
    :math:`z = \pm 15`, :math:`1 - |y| \approx 2\cdot 10^{-13}`, where the :math:`r`-condition bites), then
    refines the best ``n_refine`` samples of each group by Nelder–Mead on the ratio. A search: a rise
    it does not find may still exist (e.g. closer to the edge than double precision resolves).
    """
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 100:
        raise ValueError(f"n_samples must be an integer >= 100; got {n_samples!r}")
    rng = np.random.default_rng(seed)
    n = system.n_x + system.n_y
    k = n_samples // 4
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eq = fsolve(lambda s: system.network_field(np.tanh(np.clip(s, -15, 15))), np.zeros(n), xtol=1e-13)
    near = eq + np.repeat(np.geomspace(1e-1, 1e-3, 4), k // 4)[:, None] * rng.normal(size=(4 * (k // 4), n))
    edge = rng.normal(size=(k, n))  # one inhibitory coordinate pinned at the edge of the box
    edge[np.arange(k), system.n_x + rng.integers(system.n_y, size=k)] = 15.0 * rng.choice([-1.0, 1.0], size=k)
    groups = [rng.normal(size=(k, n)), 6.0 * rng.normal(size=(k, n)), near, edge]
    best_ratio, best_rate = -np.inf, -np.inf
    for z in groups:
        rate, ratio = manifold_rate(system, z)
        best_rate = max(best_rate, float(rate.max()))
        for idx in np.argsort(ratio)[-n_refine:]:
            res = minimize(lambda s: -float(manifold_rate(system, s)[1]), z[idx], method="Nelder-Mead",
                           options={"maxiter": 400, "xatol": 1e-10, "fatol": 1e-14})
            best_ratio = max(best_ratio, float(ratio[idx]), -float(res.fun))
            best_rate = max(best_rate, float(manifold_rate(system, res.x)[0][()]))
    return {"max rate": best_rate, "max ratio": best_ratio}


@dataclass(frozen=True)
class BoundaryRow:
    condition: str
    family: str
    delta: float
    side: str
    conditions_hold: bool
    max_rate: float
    max_ratio: float


def boundary_table(deltas=(0.05, 0.01), seeds=(0, 1, 2), families=FAMILIES, tol: float = 1e-9,
                   **search) -> list[BoundaryRow]:
    """For every condition, family, delta and side: the worst :math:`\\dot H` over ``seeds`` instances."""
    rows = []
    for condition in CONDITIONS:
        for family in families:
            for delta in deltas:
                for side in SIDES:
                    found = [(boundary_instance(condition, side, delta, s, family=family), s) for s in seeds]
                    stats = [max_manifold_rate(net, seed=s, **search) for net, s in found]
                    rows.append(BoundaryRow(condition, family, float(delta), side,
                                            all(all(net.conditions().values()) for net, _ in found),
                                            max(st["max rate"] for st in stats), max(st["max ratio"] for st in stats)))
    return rows


def boundary_verdicts(rows: list[BoundaryRow], tol: float = 1e-9) -> dict[tuple[str, str, float], str]:
    """``"sharp"`` when the outside instances show dH/dt > tol, ``"only sufficient"`` otherwise;
    ``"VIOLATED"`` if an inside instance rose (which would contradict the proposition)."""
    out = {}
    for row in rows:
        key = (row.condition, row.family, row.delta)
        if row.side == "inside" and row.max_ratio > tol:
            out[key] = "VIOLATED"
        elif row.side == "outside" and out.get(key) != "VIOLATED":
            out[key] = "sharp" if row.max_ratio > tol else "only sufficient"
    return out


def format_boundary_table(rows: list[BoundaryRow]) -> str:
    """The table as fixed-precision text (rates shown as a bound at round-off level)."""
    verdicts = boundary_verdicts(rows)
    lines = ["cond  family   delta  side     conds  max dH/dt   max ratio   verdict"]
    for row in rows:
        show = lambda x: f"{x:+.3e}" if x > 1e-9 else "<= 1e-09"  # noqa: E731
        verdict = verdicts[(row.condition, row.family, row.delta)] if row.side == "outside" else ""
        lines.append(f"{row.condition:<5} {row.family:<8} {row.delta:.3f}  {row.side:<8} "
                     f"{'hold' if row.conditions_hold else 'fail':<6} {show(row.max_rate):<11} "
                     f"{show(row.max_ratio):<11} {verdict}")
    return "\n".join(lines)


# ------------------------------------------------------------------ the "exactly" claims
def admissible_tau_y_limit(system: ExcitatoryInhibitory) -> float:
    r"""Supremum of :math:`\tau_y` for which :func:`~rnn_energy.hamiltonian.admissible_r` is not ``None``.

    With :math:`\lambda_A = \lambda_{\max}(A)`, :math:`\lambda_C = \lambda_{\min}(C)`: the interval is
    :math:`(\max(0, (\beta_f\lambda_A - 1)/\tau_x),\ (1 + \beta_g\min(\lambda_C, 0))/\tau_y]`, non-empty iff
    :math:`1 + \beta_g\min(\lambda_C, 0) > 0` and :math:`\tau_y(\beta_f\lambda_A - 1) < \tau_x(1 + \beta_g\min(\lambda_C, 0))`:
    so the limit is :math:`\tau_x(1 + \beta_g\min(\lambda_C, 0))/(\beta_f\lambda_A - 1)`
    (:math:`\infty` if :math:`\beta_f\lambda_A \le 1`, 0 if :math:`1 + \beta_g\min(\lambda_C, 0) \le 0`).
    """
    lam_a = float(np.linalg.eigvalsh(system.a).max())
    lam_c = float(np.linalg.eigvalsh(system.c).min())
    top = 1 + system.g.gain * min(lam_c, 0.0)
    if top <= 0:
        return 0.0
    excess = system.f.gain * lam_a - 1
    return float(system.tau_x * top / excess) if excess > 0 else float("inf")


EXACTLY_CASES = {
    "example": {},
    "A = 3": {"a": 3.0},
    "tau_x = 2": {"tau_x": 2.0},
    "C = 0.5": {"c": 0.5},
    "C = -0.3": {"c": -0.3},
    "u = 0.5": {"u": 0.5},
    "u = 0.5, v = -0.3, C = 0.4": {"u": 0.5, "v": -0.3, "c": 0.4},
}


def exactly_table(cases: dict[str, dict] | None = None, *, t_max: float = 5000.0) -> list[dict]:
    r"""For pairs other than the example: the admissibility limit :math:`\bar\tau_y`, the Hopf point
    :math:`\tau_y^*`, :math:`\ell_1`, and — midway between them when :math:`\bar\tau_y < \tau_y^*` —
    the amplitude of :math:`x` at the end of runs from four starts (0: the pair converges, no
    cycle, although no admissible :math:`r` exists)."""
    cases = EXACTLY_CASES if cases is None else cases
    rows = []
    starts = np.array([[0.6, -0.2], [-0.9, 0.9], [0.95, 0.95], [-0.5, -0.95]])
    t = np.linspace(0.0, t_max, 20001)
    for name, params in cases.items():
        pair = ei_pair(**params)
        hopf = hopf_point(pair)
        limit = admissible_tau_y_limit(pair)
        row = {"case": name, "limit": limit, "hopf": hopf.tau_y, "l1": hopf.l1, "gap amplitude": np.nan}
        if limit < hopf.tau_y - 1e-9:
            mid = with_tau_y(pair, 0.5 * (limit + hopf.tau_y))
            traj = simulate(mid.network_field, starts, t, rtol=1e-9, atol=1e-11).y
            row["gap amplitude"] = float(oscillation_amplitude(traj[:, :, :1], tail=0.25).max())
            row["gap trace"] = float(trace_determinant(pair, mid.tau_y)["trace"])
        rows.append(row)
    return rows


def format_exactly_table(rows: list[dict]) -> str:
    lines = ["case                         admissible iff tau_y <   Hopf tau_y*   l1        amplitude in the gap"]
    for row in rows:
        gap = "(no gap)" if np.isnan(row["gap amplitude"]) else f"{row['gap amplitude']:.4f}"
        lines.append(f"{row['case']:<28} {row['limit']:<24.4f} {row['hopf']:<13.4f} {row['l1']:<+9.4f} {gap}")
    return "\n".join(lines)


def admissibility_by_bisection(system: ExcitatoryInhibitory, hi: float = 1e3) -> float:
    """The admissibility limit found by bisection on ``admissible_r`` (a check of the closed form)."""
    hi = positive_scalar(hi, "hi")
    lo_t, hi_t = 1e-9, hi
    if admissible_r(with_tau_y(system, lo_t)) is None:
        return 0.0
    if admissible_r(with_tau_y(system, hi_t)) is not None:
        return float("inf")
    for _ in range(80):
        mid = 0.5 * (lo_t + hi_t)
        lo_t, hi_t = (mid, hi_t) if admissible_r(with_tau_y(system, mid)) is not None else (lo_t, mid)
    return 0.5 * (lo_t + hi_t)


__all__ = ["boundary_instance", "manifold_rate", "max_manifold_rate", "boundary_table", "boundary_verdicts",
           "format_boundary_table", "admissible_tau_y_limit", "exactly_table", "format_exactly_table",
           "admissibility_by_bisection"]
