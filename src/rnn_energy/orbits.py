"""Tools for orbits of maps: what an orbit ends in.

:func:`orbit_period` reads the tail of a batch of orbits and returns, for each, the
smallest period ``k`` with ``x(t) = x(t - k)`` over the tail (1 = fixed point, 2 = 2-cycle,
…), or 0 when no period up to ``max_period`` fits (not converged, or a longer cycle).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_finite_array

Array = np.ndarray


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
