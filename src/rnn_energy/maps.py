r"""Discrete-time maps of the notes, batched on the leading axis.

* :func:`feature_map` — eq. (7), :math:`f(x) = M\sigma(x)`: the update of the feature
  neurons once the hidden and delay populations are slaved (:math:`T_h, T_d \to 0`).
* :func:`relaxed_feature_map` — eq. (6) solved for :math:`V_f(t+1)`, the forward-Euler
  step of :math:`T_f \dot V_f = M\sigma(V_f) - V_f` with :math:`\Delta t = 1`; for
  :math:`T_f = 1` it is eq. (7), for :math:`T_f \ge 1` a convex combination of
  :math:`V_f` and :math:`M\sigma(V_f)`.
* :func:`iterate` — the orbit of any such map from a batch of initial points.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validation import as_square_matrix, as_state, positive_scalar
from .activations import Activation, get_activation

Array = np.ndarray


def feature_map(m, x, activation: str | Activation = "tanh") -> Array:
    r"""Eq. (7): :math:`f(x) = M\,\sigma(x)`, for a batch ``x`` of shape ``(..., n)``."""
    m = as_square_matrix(m, "m")
    sigma = get_activation(activation)
    x = as_state(x, "x", m.shape[0])
    return sigma(x) @ m.T


def relaxed_feature_map(m, x, activation: str | Activation = "tanh", t_f: float = 1.0) -> Array:
    r"""Eq. (6) solved for the new state: :math:`x + (M\sigma(x) - x)/T_f`.

    The forward-Euler step (:math:`\Delta t = 1`) of the reduced flow
    :math:`T_f\dot x = M\sigma(x) - x`; equal to eq. (7) when :math:`T_f = 1`.
    """
    t_f = positive_scalar(t_f, "t_f")
    return x + (feature_map(m, x, activation) - np.asarray(x, dtype=float)) / t_f


def iterate(step: Callable[[Array], Array], x0, n_steps: int) -> Array:
    """Orbit ``x0, step(x0), step(step(x0)), …`` of length ``n_steps + 1``.

    ``x0`` has shape ``(..., n)``; the result has shape ``(n_steps + 1, ..., n)`` so a
    whole batch of initial points is iterated at once.
    """
    if not isinstance(n_steps, (int, np.integer)) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer; got {n_steps!r}")
    x = as_state(x0, "x0", np.shape(x0)[-1] if np.ndim(x0) else 0)
    orbit = np.empty((n_steps + 1,) + x.shape)
    orbit[0] = x
    for k in range(n_steps):
        orbit[k + 1] = step(orbit[k])
    return orbit
