"""Argument checks shared by the package: errors name the argument, NaN never passes."""

from __future__ import annotations

import numpy as np


def as_finite_array(value, name: str, *, ndim: int | None = None, min_ndim: int = 0) -> np.ndarray:
    """Return ``value`` as a float array, or raise ``ValueError`` naming ``name``.

    Rejects NaN and infinite entries, and arrays whose number of dimensions is not
    ``ndim`` (when given) or is below ``min_ndim``.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real array; got {type(value).__name__}") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s); got shape {arr.shape}")
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; it contains NaN or inf")
    return arr


def as_matrix(value, name: str, shape: tuple[int | None, int | None]) -> np.ndarray:
    """Return a finite 2-D float array of the given shape (``None`` = any size)."""
    arr = as_finite_array(value, name)
    expected = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
    if arr.ndim != 2 or any(s is not None and s != a for s, a in zip(shape, arr.shape)):
        raise ValueError(f"{name} must have shape {expected}; got {arr.shape}")
    return arr


def as_square_matrix(value, name: str) -> np.ndarray:
    """Return a finite square float matrix."""
    arr = as_finite_array(value, name)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be a square matrix of shape (n, n); got {arr.shape}")
    return arr


def as_state(value, name: str, n: int) -> np.ndarray:
    """Return a finite batch of states of shape ``(..., n)``."""
    arr = as_finite_array(value, name, min_ndim=1)
    if arr.shape[-1] != n:
        raise ValueError(f"{name} must have shape (..., {n}); got {arr.shape}")
    return arr


def positive_scalar(value, name: str, *, allow_inf: bool = False) -> float:
    """Return ``value`` as a float > 0 (``inf`` allowed only when ``allow_inf``)."""
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a positive number; got {value!r}") from exc
    if np.isnan(x) or x <= 0 or (np.isinf(x) and not allow_inf):
        kind = "a positive number or inf" if allow_inf else "a positive finite number"
        raise ValueError(f"{name} must be {kind}; got {value!r}")
    return x


def nonnegative_scalar(value, name: str) -> float:
    """Return ``value`` as a finite float >= 0."""
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a non-negative number; got {value!r}") from exc
    if not np.isfinite(x) or x < 0:
        raise ValueError(f"{name} must be a finite non-negative number; got {value!r}")
    return x
