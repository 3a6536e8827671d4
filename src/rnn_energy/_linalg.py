"""The one batched matrix-vector product of the package."""

from __future__ import annotations

import numpy as np


def matvec(a: np.ndarray, u: np.ndarray) -> np.ndarray:
    """:math:`Au` for each state of a batch ``u`` ``(..., n)``; for a stack ``a`` ``(B, n, n)``,
    ``a[b]`` acts on ``u[..., b, :, :]`` (``u`` of shape ``(..., B, K, n)``, K states per matrix)."""
    return u @ np.swapaxes(a, -1, -2)
