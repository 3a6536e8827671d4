r"""Topological conjugacy of the map (7) and the RNN (10) (chapter 2): measurements.

With :math:`f(x) = M\sigma(x)` (eq. 7), :math:`g(y) = \sigma(My)` (eq. 10) and
:math:`h = \sigma`, eq. (11) states :math:`h^{-1}\circ g\circ h = f`. This module measures
that identity in the form the notes write it, follows orbits through it, compares fixed
points, Jacobian spectra and Lyapunov exponents across it, shows where it stops (ReLU), and
sweeps the norm of :math:`M` through the notes' restriction :math:`\|M\| \le 1`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_finite_array, as_state
from .maps import FeatureMap, conjugate_pair, iterate, scaled_to_norm
from .orbits import fixed_points, jacobian_spectrum, lyapunov_spectrum_along, spectral_radius

Array = np.ndarray


def inverse_form_error(f: FeatureMap, x) -> Array:
    r"""Eq. (11) as written, :math:`|h^{-1}(g(h(x))) - f(x)|`, largest entry per point.

    Unlike :math:`h\circ f = g\circ h` (both sides are the same floating-point expression
    :math:`\sigma(M\sigma(x))`), this form goes through :math:`\sigma^{-1}` and measures how
    well the inverse recovers :math:`f(x)`: round-off grows as :math:`g(h(x))` saturates.
    """
    f, g, h = conjugate_pair(f)
    return np.max(np.abs(h.inverse(g(h(x)), "g(h(x))") - f(x)), axis=-1)


def inverse_form_table(m, points, activations, norms) -> Array:
    r"""Largest :func:`inverse_form_error` over ``points`` for each activation and each spectral norm.

    :math:`M` is rescaled to each norm of ``norms`` (:func:`rnn_energy.maps.scaled_to_norm`);
    returns an array ``(len(activations), len(norms))``.
    """
    norms = as_finite_array(norms, "norms", ndim=1)
    return np.array([[inverse_form_error(FeatureMap(scaled_to_norm(m, nu), a), points).max() for nu in norms]
                     for a in activations])


def orbit_correspondence(f: FeatureMap, x0, n_steps: int) -> Array:
    r"""Largest :math:`|h(f^k(x_0)) - g^k(h(x_0))|` over :math:`k \le` ``n_steps``, per orbit (eq. 11 along orbits)."""
    f, g, h = conjugate_pair(f)
    x0 = as_state(x0, "x0", f.dim)
    return np.max(np.abs(h(iterate(f, x0, n_steps)) - iterate(g, h(x0), n_steps)), axis=(0, -1))


@dataclass(frozen=True)
class FixedPointCorrespondence:
    """Fixed points of f and of g found independently, carried across by h and h^-1.

    ``points`` is the union (in f's coordinates) of what either solver found; ``residual``
    is the largest of :math:`|f(x) - x|` and :math:`|g(h(x)) - h(x)|` over it, so a point found
    by one map and not a fixed point of the other would show up there.
    """

    f_points: Array
    g_points: Array
    points: Array
    residual: float
    f_spectra: list
    g_spectra: list

    @property
    def spectral_mismatch(self) -> float:
        """Largest difference between the Jacobian spectra of f and g over the fixed points."""
        return max((float(np.max(np.abs(a - b))) for a, b in zip(self.f_spectra, self.g_spectra)), default=0.0)


def fixed_point_correspondence(f: FeatureMap, starts) -> FixedPointCorrespondence:
    r"""Fixed points of :math:`f` and of :math:`g`, each found by ``scipy.optimize.root``.

    ``starts`` seeds :math:`f`'s solves and :math:`h(\text{starts})` seeds :math:`g`'s. Each
    fixed point :math:`y^*` of :math:`g` is carried to :math:`\sigma^{-1}(y^*)` and merged with
    those of :math:`f`; for every point of the union both residuals are measured, and the
    Jacobian spectra :math:`M\,D\sigma(x^*)` and :math:`D\sigma(M h(x^*))\,M` are kept.
    """
    f, g, h = conjugate_pair(f)
    starts = as_state(starts, "starts", f.dim)
    xs = fixed_points(f, starts)
    ys = fixed_points(g, h(starts))
    union = list(xs)
    for x in h.inverse(ys, "fixed points of g") if len(ys) else []:
        if all(np.max(np.abs(x - u)) > 1e-6 for u in union):
            union.append(x)
    points = np.array(union).reshape(-1, f.dim)
    points = points[np.lexsort(points.T[::-1])] if len(points) else points
    residual = 0.0
    if len(points):
        residual = float(max(np.max(np.abs(f(points) - points)), np.max(np.abs(g(h(points)) - h(points)))))
    return FixedPointCorrespondence(
        f_points=xs, g_points=ys, points=points, residual=residual,
        f_spectra=[jacobian_spectrum(f, x) for x in points],
        g_spectra=[jacobian_spectrum(g, h(x)) for x in points],
    )


def merged_pair(x, direction) -> tuple[Array, Array]:
    r"""Two distinct points that ReLU's :math:`h` merges: ``x`` and ``x + direction``.

    ``direction`` must vanish on the coordinates where ``x > 0`` and keep the others
    non-positive, so :math:`h(x) = h(x')` and hence :math:`f(x) = f(x')`.
    """
    x = np.asarray(x, dtype=float)
    x2 = x + np.asarray(direction, dtype=float)
    if np.any(np.maximum(x, 0) != np.maximum(x2, 0)):
        raise ValueError("direction must not change relu(x)")
    return x, x2


@dataclass(frozen=True)
class NormSweep:
    """Fixed points of f = M tanh(x) as the spectral norm of M varies."""

    norms: Array
    n_fixed: Array
    n_stable: Array
    origin_radius: Array
    converged_to_origin: Array


def norm_sweep(m, norms, starts, x0, n_steps: int = 400) -> NormSweep:
    r"""For each norm: fixed points of :math:`f` with :math:`M` rescaled, and their stability.

    ``starts`` seeds the root finder; ``x0`` is a batch of initial points whose orbits are
    iterated ``n_steps`` times to record the fraction that end within 1e-3 of the origin.
    ``origin_radius`` is the spectral radius of :math:`Df(0) = M` (times :math:`\sigma'(0)=1`).
    """
    norms = np.asarray(norms, dtype=float)
    n_fixed, n_stable, radius, to_origin = [], [], [], []
    for nu in norms:
        f = FeatureMap(scaled_to_norm(m, nu), "tanh")
        points = fixed_points(f, starts)
        n_fixed.append(len(points))
        n_stable.append(int(np.sum(spectral_radius(f, points) < 1)) if len(points) else 0)
        radius.append(float(spectral_radius(f, np.zeros(f.dim))))
        end = iterate(f, x0, n_steps)[-1]
        to_origin.append(float(np.mean(np.max(np.abs(end), axis=-1) < 1e-3)))
    return NormSweep(norms, np.array(n_fixed), np.array(n_stable), np.array(radius), np.array(to_origin))


def contraction_ratio(f: FeatureMap, x0, n_steps: int = 200) -> tuple[float, Array]:
    r"""Largest :math:`\|x_{k+1}\|/\|x_k\|` along orbits of :math:`f`, and the final norms.

    For :math:`\|M\|_2 \le 1` and tanh the ratio is below 1 (see the chapter's theorem).
    Steps from states below 1e-140 are left out: there the squares in the norm underflow.
    """
    orbit = iterate(f, x0, n_steps)
    norms = np.linalg.norm(orbit, axis=-1)
    normal = norms[:-1] > 1e-140  # below, squares in the norm underflow
    ratios = norms[1:][normal] / norms[:-1][normal]
    return float(np.max(ratios)), norms[-1]


def lyapunov_correspondence(f: FeatureMap, x0, n_steps: int = 2000, n_transient: int = 200) -> tuple[Array, Array]:
    r"""Largest Lyapunov exponents of :math:`f` along orbits from ``x0`` and of :math:`g`
    along their images under :math:`h`.

    Since :math:`Dg(h(x_k)) = D\sigma(x_{k+1})\,M` and :math:`Df(x_k) = M\,D\sigma(x_k)`, the
    products of Jacobians differ only by :math:`D\sigma` at the two ends of the orbit, so the
    finite-time exponents differ by :math:`O(1/K)`.
    """
    f, g, h = conjugate_pair(f)
    start = iterate(f, x0, n_transient)[-1]
    orbit = iterate(f, start, n_steps)
    return lyapunov_spectrum_along(f, orbit)[..., 0], lyapunov_spectrum_along(g, h(orbit))[..., 0]


def correspondence_by_activation(m, x0, n_steps: int, activations=("tanh", "logistic")) -> dict[str, float]:
    """Largest :func:`orbit_correspondence` over the orbits from ``x0``, for each activation."""
    return {a: float(orbit_correspondence(FeatureMap(m, a), x0, n_steps).max()) for a in activations}


def lyapunov_table(rng: np.random.Generator, matrices: dict, steps=(1000, 2000, 4000)) -> dict[str, Array]:
    r"""Largest Lyapunov exponents of :math:`f` and :math:`g` along corresponding orbits, per matrix and length.

    For each named matrix one start :math:`x_0 \sim N(0, 2^2 I)` is drawn from ``rng`` and the
    exponents are computed for each orbit length :math:`K` in ``steps``; returns, per name, an
    array ``(len(steps), 3)`` of :math:`K`, :math:`\lambda_f`, :math:`\lambda_g`. The finite-time
    exponents differ by :math:`O(1/K)` (see :func:`lyapunov_correspondence`).
    """
    out = {}
    for name, matrix in matrices.items():
        f = FeatureMap(matrix, "tanh")
        x_start = rng.normal(scale=2.0, size=(1, f.dim))
        rows = []
        for n_steps in steps:
            lam_f, lam_g = lyapunov_correspondence(f, x_start, n_steps)
            rows.append((n_steps, lam_f[0], lam_g[0]))
        out[name] = np.array(rows)
    return out
