r"""Discrete-time maps of the notes, as validated objects batched on the leading axis.

A map here is a matrix :math:`M` and an activation :math:`\sigma`, validated once when the
object is made and passed around whole (never as a raw ``(m, activation)`` pair):

* :class:`FeatureMap` — eq. (7), :math:`f(x) = M\sigma(x)`: the update of the feature neurons
  once the hidden and delay populations are slaved (:math:`T_h, T_d \to 0`, :math:`T_f = 1`).
  :attr:`rnn_energy.three_population.ThreePopulation.feature_map` returns one.
* :class:`RecurrentMap` — eq. (10), :math:`g(v) = \sigma(Mv)`, a bias-free RNN; the same map in
  the conjugate coordinates :math:`v = \sigma(x)` of chapters 2 and 4.
* :func:`conjugate_pair` — :math:`f`, :math:`g` and the conjugacy :math:`h = \sigma` of eq. (11):
  :math:`h\circ f = g\circ h`.
* :func:`iterate` — the orbit of any such map from a batch of initial points.

The matrix may also be a stack ``(B, n, n)``: the map then acts on states ``(..., B, K, n)``,
matrix ``b`` on the ``K`` states ``x[..., b, :, :]``, so a whole family of couplings is iterated
in one call and energies are evaluated along the resulting orbits ``(T, B, K, n)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._linalg import matvec
from ._validation import as_finite_array, as_state, positive_scalar
from .activations import Activation, get_activation

Array = np.ndarray


def _as_coupling(value, name: str = "m") -> Array:
    """A finite square matrix ``(n, n)`` or a stack of them ``(B, n, n)``."""
    arr = as_finite_array(value, name)
    if arr.ndim not in (2, 3) or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(f"{name} must be a square matrix (n, n) or a stack (B, n, n); got shape {arr.shape}")
    return arr


@dataclass(frozen=True)
class MatrixMap:
    """A coupling ``m`` (``(n, n)`` or a stack ``(B, n, n)``) and an activation, validated once.

    Subclasses say how the two combine; all share validation, the state check and
    :meth:`linear_part`, the product :math:`Mu` for a batch ``u``.
    """

    m: Array
    activation: Activation | str = "tanh"

    def __post_init__(self):
        object.__setattr__(self, "m", _as_coupling(self.m))
        object.__setattr__(self, "activation", get_activation(self.activation))

    @property
    def dim(self) -> int:
        """Length :math:`n` of a state."""
        return self.m.shape[-1]

    @property
    def stacked(self) -> bool:
        """Whether ``m`` is a stack of matrices."""
        return self.m.ndim == 3

    def state(self, x, name: str = "x") -> Array:
        """``x`` validated as a batch of states ``(..., n)`` (``(..., B, K, n)`` for a stack of ``B``)."""
        x = as_state(x, name, self.dim)
        if self.stacked and (x.ndim < 3 or x.shape[-3] != self.m.shape[0]):
            raise ValueError(f"{name} must have shape (..., {self.m.shape[0]}, K, {self.dim}) for a stack of "
                             f"{self.m.shape[0]} matrices; got {x.shape}")
        return x

    def linear_part(self, u) -> Array:
        r""":math:`Mu` for each state of a batch ``u`` (matrix ``b`` of a stack on ``u[b]``)."""
        return matvec(self.m, u)

    def quadratic_form(self, u, w=None) -> Array:
        r""":math:`w^\top M u` per state (``w = u`` when omitted)."""
        w = u if w is None else w
        return np.sum(self.linear_part(u) * w, axis=-1)

    def _require_single(self, what: str) -> None:
        if self.stacked:
            raise ValueError(f"{what} needs a single matrix m of shape (n, n); got a stack {self.m.shape}")


@dataclass(frozen=True)
class FeatureMap(MatrixMap):
    r"""Eq. (7), :math:`f(x) = M\sigma(x)`, with its Jacobian :math:`M\,D\sigma(x)`."""

    def __call__(self, x) -> Array:
        r""":math:`f(x) = M\sigma(x)` for a batch ``x``, eq. (7)."""
        return self.linear_part(self.activation(self.state(x)))

    def jacobian(self, x) -> Array:
        r""":math:`Df(x) = M\,\mathrm{diag}(\sigma'(x))`, shape ``(..., n, n)``."""
        self._require_single("jacobian")
        return self.m * self.activation.derivative(self.state(x))[..., None, :]


@dataclass(frozen=True)
class RecurrentMap(MatrixMap):
    r"""Eq. (10), :math:`g(v) = \sigma(Mv)`, with its Jacobian :math:`D\sigma(Mv)\,M`.

    In the conjugate coordinates of chapter 4 it is also the concave-convex step of
    :math:`E(v) = \sum_i G(v_i) - \tfrac12 v^\top Mv` when :math:`M` is symmetric.
    """

    def __call__(self, v) -> Array:
        r""":math:`g(v) = \sigma(Mv)` for a batch ``v``, eq. (10)."""
        return self.activation(self.linear_part(self.state(v, "v")))

    def jacobian(self, v) -> Array:
        r""":math:`Dg(v) = \mathrm{diag}(\sigma'(Mv))\,M`, shape ``(..., n, n)``."""
        self._require_single("jacobian")
        return self.activation.derivative(self.linear_part(self.state(v, "v")))[..., :, None] * self.m


def conjugate_pair(f: FeatureMap) -> tuple[FeatureMap, RecurrentMap, Activation]:
    r"""The maps of eq. (11): :math:`f` (eq. 7), :math:`g` (eq. 10) with the same :math:`M` and
    :math:`\sigma`, and :math:`h = \sigma`.

    :math:`h\circ f = g\circ h` holds for every :math:`\sigma`; :math:`h` is a homeomorphism
    of :math:`\mathbb{R}^n` onto the open image of :math:`\sigma` only when :math:`\sigma`
    is invertible (tanh, logistic), so for ReLU it is a semi-conjugacy.
    """
    if not isinstance(f, FeatureMap):
        raise ValueError(f"f must be a FeatureMap; got {type(f).__name__}")
    return f, RecurrentMap(f.m, f.activation), f.activation


def scaled_to_norm(m, norm: float) -> Array:
    r""":math:`M\,\nu/\|M\|_2`: the matrix rescaled to spectral norm ``norm`` (:math:`\nu`)."""
    m = _as_coupling(m)
    if m.ndim != 2:
        raise ValueError(f"m must be a single matrix (n, n); got shape {m.shape}")
    norm = positive_scalar(norm, "norm")
    current = np.linalg.norm(m, 2)
    if current == 0:
        raise ValueError("m must be non-zero to be rescaled")
    return m * (norm / current)


def iterate(step: Callable[[Array], Array], x0, n_steps: int) -> Array:
    """Orbit ``x0, step(x0), step(step(x0)), …`` of length ``n_steps + 1``.

    ``x0`` has shape ``(..., n)``; the result has shape ``(n_steps + 1, ..., n)`` so a
    whole batch of initial points is iterated at once.
    """
    if not isinstance(n_steps, (int, np.integer)) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer; got {n_steps!r}")
    x = as_finite_array(x0, "x0", min_ndim=1)
    orbit = np.empty((n_steps + 1,) + x.shape)
    orbit[0] = x
    for k in range(n_steps):
        orbit[k + 1] = step(orbit[k])
    return orbit
