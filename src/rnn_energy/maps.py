r"""Discrete-time maps of the notes, batched on the leading axis.

* :func:`feature_map` — eq. (7), :math:`f(x) = M\sigma(x)`: the update of the feature
  neurons once the hidden and delay populations are slaved (:math:`T_h, T_d \to 0`).
* :func:`relaxed_feature_map` — eq. (6) solved for :math:`V_f(t+1)`, the forward-Euler
  step of :math:`T_f \dot V_f = M\sigma(V_f) - V_f` with :math:`\Delta t = 1`; for
  :math:`T_f = 1` it is eq. (7), for :math:`T_f \ge 1` a convex combination of
  :math:`V_f` and :math:`M\sigma(V_f)`.
* :func:`recurrent_map` — eq. (10), :math:`g(y) = \sigma(My)`, a bias-free RNN.
* :class:`FeatureMap`, :class:`RecurrentMap` — the two maps with their Jacobians, and
  :func:`conjugate_pair`, which returns :math:`f`, :math:`g` and the conjugacy
  :math:`h = \sigma` of eq. (11): :math:`h\circ f = g\circ h`.
* :func:`iterate` — the orbit of any such map from a batch of initial points.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def recurrent_map(m, y, activation: str | Activation = "tanh") -> Array:
    r"""Eq. (10): :math:`g(y) = \sigma(My)`, for a batch ``y`` of shape ``(..., n)``."""
    m = as_square_matrix(m, "m")
    sigma = get_activation(activation)
    y = as_state(y, "y", m.shape[0])
    return sigma(y @ m.T)


@dataclass(frozen=True)
class _MatrixMap:
    """A map built from a square matrix ``m`` and an activation (validated once)."""

    m: Array
    activation: Activation | str = "tanh"

    def __post_init__(self):
        object.__setattr__(self, "m", as_square_matrix(self.m, "m"))
        object.__setattr__(self, "activation", get_activation(self.activation))

    @property
    def dim(self) -> int:
        return self.m.shape[0]


@dataclass(frozen=True)
class FeatureMap(_MatrixMap):
    r"""Eq. (7), :math:`f(x) = M\sigma(x)`, with its Jacobian :math:`M\,D\sigma(x)`."""

    def __call__(self, x) -> Array:
        return feature_map(self.m, x, self.activation)

    def jacobian(self, x) -> Array:
        r""":math:`Df(x) = M\,\mathrm{diag}(\sigma'(x))`, shape ``(..., n, n)``."""
        x = as_state(x, "x", self.dim)
        return self.m * self.activation.derivative(x)[..., None, :]


@dataclass(frozen=True)
class RecurrentMap(_MatrixMap):
    r"""Eq. (10), :math:`g(y) = \sigma(My)`, with its Jacobian :math:`D\sigma(My)\,M`."""

    def __call__(self, y) -> Array:
        return recurrent_map(self.m, y, self.activation)

    def jacobian(self, y) -> Array:
        r""":math:`Dg(y) = \mathrm{diag}(\sigma'(My))\,M`, shape ``(..., n, n)``."""
        y = as_state(y, "y", self.dim)
        return self.activation.derivative(y @ self.m.T)[..., :, None] * self.m


def conjugate_pair(m, activation: str | Activation = "tanh") -> tuple[FeatureMap, RecurrentMap, Activation]:
    r"""The maps of eq. (11): :math:`f` (eq. 7), :math:`g` (eq. 10) and :math:`h = \sigma`.

    :math:`h\circ f = g\circ h` holds for every :math:`\sigma`; :math:`h` is a homeomorphism
    of :math:`\mathbb{R}^n` onto the open image of :math:`\sigma` only when :math:`\sigma`
    is invertible (tanh, logistic), so for ReLU it is a semi-conjugacy.
    """
    f = FeatureMap(m, activation)
    return f, RecurrentMap(f.m, f.activation), f.activation


def conjugacy_defect(m, x, activation: str | Activation = "tanh") -> Array:
    r""":math:`|h(f(x)) - g(h(x))|`, the largest entry per point of a batch ``x``."""
    f, g, h = conjugate_pair(m, activation)
    return np.max(np.abs(h(f(x)) - g(h(x))), axis=-1)


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
