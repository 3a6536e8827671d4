r"""Orbits of maps: fixed points, their stability, Lyapunov exponents, and what an orbit ends in.

The maps here are objects with ``__call__`` (batched on the leading axis) and ``jacobian``
(returning ``(..., n, n)``), such as :class:`rnn_energy.maps.FeatureMap` and
:class:`rnn_energy.maps.RecurrentMap`.

* :func:`fixed_points` — solves :math:`F(x) = x` with :func:`scipy.optimize.root` from many
  starting points and keeps the distinct solutions.
* :func:`spectral_radius` — of the Jacobian at given points: a fixed point is linearly
  stable when it is below 1.
* :func:`lyapunov_exponents`, :func:`lyapunov_spectrum_along` — the spectrum along orbits by
  QR re-orthonormalisation (Benettin et al. 1980), for a whole batch of orbits at once.
* :func:`orbit_period` — the smallest period ``k`` with ``x(t) = x(t - k)`` over the tail of
  each orbit (1 = fixed point, 2 = 2-cycle, …), or 0 when none up to ``max_period`` fits, and
  :func:`outcome_fractions`, how a batch of orbits splits among :data:`OUTCOMES`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import root

from ._validation import as_finite_array, as_state
from .maps import iterate

Array = np.ndarray


def fixed_points(
    map_, starts, *, tol: float = 1e-10, merge_tol: float = 1e-6, max_norm: float = 1e6,
) -> Array:
    r"""Distinct solutions of :math:`F(x) = x` found by ``scipy.optimize.root`` (``hybr``).

    Each row of ``starts`` (shape ``(k, n)``) seeds one solve of :math:`F(x) - x = 0` with the
    analytic Jacobian :math:`DF(x) - I`. Converged solutions with residual below ``tol`` are
    merged when closer than ``merge_tol`` and returned sorted lexicographically, shape
    ``(p, n)``. The set is what was found from these starts; more starts can find more.
    """
    starts = as_state(starts, "starts", map_.dim).reshape(-1, map_.dim)
    eye = np.eye(map_.dim)
    found: list[Array] = []
    for x0 in starts:
        try:
            x = root(lambda x: map_(x) - x, x0, jac=lambda x: map_.jacobian(x) - eye, method="hybr").x
        except ValueError:  # the solver stepped outside the map's domain (NaN, inf)
            continue
        if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > max_norm:
            continue
        if np.max(np.abs(map_(x) - x)) > tol:
            continue
        if all(np.max(np.abs(x - y)) > merge_tol for y in found):
            found.append(x)
    if not found:
        return np.empty((0, map_.dim))
    points = np.array(found)
    return points[np.lexsort(points.T[::-1])]


def spectral_radius(map_, points) -> Array:
    """Largest eigenvalue modulus of the map's Jacobian at each point of a batch."""
    points = as_state(points, "points", map_.dim)
    return np.max(np.abs(np.linalg.eigvals(map_.jacobian(points))), axis=-1)


def jacobian_spectrum(map_, point) -> Array:
    """Eigenvalues of the Jacobian at one point, sorted by modulus then angle (descending)."""
    point = as_state(point, "point", map_.dim)
    eig = np.linalg.eigvals(map_.jacobian(point))
    order = np.lexsort((-np.angle(eig), -np.round(np.abs(eig), 12)))
    return eig[order]


def lyapunov_spectrum_along(map_, orbit) -> Array:
    r"""Lyapunov spectrum along given orbits (shape ``(K + 1, ..., n)``), descending.

    The tangent map is propagated with re-orthonormalisation by QR at every step,
    :math:`DF(x_k)\,Q_k = Q_{k+1}R_{k+1}`, and the exponents are
    :math:`\frac{1}{K}\sum_k \log|\mathrm{diag}\,R_k|` (Benettin et al. 1980). Passing the
    image of an orbit of :math:`f` under :math:`h` gives the exponents of :math:`g` along the
    *corresponding* orbit, with no numerical drift between the two.
    """
    orbit = as_state(orbit, "orbit", map_.dim)
    if orbit.ndim < 2 or orbit.shape[0] < 2:
        raise ValueError(f"orbit must have shape (K + 1, ..., n) with K >= 1; got {orbit.shape}")
    n_steps = orbit.shape[0] - 1
    q = np.broadcast_to(np.eye(map_.dim), orbit.shape[1:-1] + (map_.dim, map_.dim)).copy()
    sums = np.zeros(orbit.shape[1:])
    for x in orbit[:-1]:
        q, r = np.linalg.qr(map_.jacobian(x) @ q)
        diag = np.abs(np.diagonal(r, axis1=-2, axis2=-1))
        sums += np.log(np.maximum(diag, np.finfo(float).tiny))
    return -np.sort(-sums / n_steps, axis=-1)


def lyapunov_exponents(map_, x0, n_steps: int = 2000, n_transient: int = 200) -> Array:
    """Lyapunov spectrum of the orbits from a batch ``x0``, after ``n_transient`` steps."""
    if not isinstance(n_steps, (int, np.integer)) or n_steps < 1:
        raise ValueError(f"n_steps must be a positive integer; got {n_steps!r}")
    start = iterate(map_, x0, n_transient)[-1]
    return lyapunov_spectrum_along(map_, iterate(map_, start, n_steps))


def orbit_period(orbit, *, tol: float = 1e-8, max_period: int = 8, tail: int = 16) -> Array:
    """Period of each orbit in a batch ``orbit`` of shape ``(T, ..., n)``; 0 if none fits.

    An orbit has period ``k`` when ``max |x(t) - x(t-k)| <= tol`` for the last ``tail``
    steps; the smallest such ``k <= max_period`` is returned.
    """
    orbit = as_finite_array(orbit, "orbit", min_ndim=2)
    if orbit.shape[0] < tail + max_period:
        raise ValueError(
            f"orbit must have at least tail + max_period = {tail + max_period} steps; "
            f"got {orbit.shape[0]}"
        )
    period = np.zeros(orbit.shape[1:-1], dtype=int)
    end = orbit[-tail:]
    for k in range(max_period, 0, -1):
        gap = np.max(np.abs(end - orbit[-tail - k : orbit.shape[0] - k]), axis=(0, -1))
        period = np.where(gap <= tol, k, period)
    return period


def describe_period(period: int) -> str:
    """``'fixed point'``, ``'2-cycle'``, … or ``'no period found'`` for 0."""
    period = int(period)
    if period == 0:
        return "no period found"
    return "fixed point" if period == 1 else f"{period}-cycle"


#: The four ends of an orbit that :func:`outcome_fractions` counts.
OUTCOMES = ("fixed point", "2-cycle", "longer cycle", "no period found")


def outcome_fractions(periods) -> Array:
    """Fractions of orbits in each of ``OUTCOMES`` (periods 1, 2, 3 and more, 0), from :func:`orbit_period`."""
    p = as_finite_array(periods, "periods").ravel()
    if p.size == 0:
        raise ValueError("periods must not be empty")
    return np.array([np.mean(p == 1), np.mean(p == 2), np.mean(p > 2), np.mean(p == 0)])
