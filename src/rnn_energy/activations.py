r"""Nonlinearities with their Lagrangians and Legendre duals.

Every energy in the notes is built from one activation :math:`\sigma` and two scalar
functions applied element-wise:

* the Lagrangian :math:`L` with :math:`L' = \sigma` (the notes' :math:`L_f, L_h`;
  the slides' :math:`F` with :math:`F' = f`), and
* its Legendre dual :math:`G(v) = \sup_x\,[x v - L(x)]` with :math:`G' = \sigma^{-1}`
  (the slides' :math:`\bar F` with :math:`\bar F' = f^{-1}`).

They are tied by the Legendre identity

.. math:: x\,\sigma(x) - L(x) = G(\sigma(x)),

which turns the notes' term :math:`V^\top\sigma(V) - L` into :math:`\sum_i G(v_i)` with
:math:`v = \sigma(V)` (Hopfield 1984; Krotov & Hopfield 2021).

Each activation is an :class:`Activation`; the module exposes ``TANH``, ``LOGISTIC``,
``IDENTITY``, ``RELU`` and ``SOFTSIGN``, and :func:`get_activation` finds one by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, xlogy

from ._linalg import matvec
from ._validation import as_finite_array

Array = np.ndarray
_LOG2 = float(np.log(2.0))


@dataclass(frozen=True)
class Activation:
    r"""An element-wise nonlinearity :math:`\sigma` and everything the energies need of it.

    Attributes
    ----------
    name : str
        Short name (``"tanh"``, ``"logistic"``, ``"identity"``, ``"relu"``).
    image : tuple[float, float]
        Closed interval containing :math:`\sigma(\mathbb{R})`.
    gain : float
        Maximal slope :math:`\beta = \sup_x \sigma'(x)`.
    invertible : bool
        Whether :math:`\sigma` is a bijection from :math:`\mathbb{R}` onto the open image.
    """

    name: str
    image: tuple[float, float]
    gain: float
    invertible: bool
    _sigma: Callable[[Array], Array]
    _inverse: Callable[[Array], Array] | None
    _derivative: Callable[[Array], Array]
    _second_derivative: Callable[[Array], Array]
    _lagrangian: Callable[[Array], Array]
    _legendre_dual: Callable[[Array], Array]

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"

    def __call__(self, x) -> Array:
        r""":math:`\sigma(x)`, element-wise."""
        return self._sigma(np.asarray(x, dtype=float))

    def derivative(self, x) -> Array:
        r""":math:`\sigma'(x)`, element-wise."""
        return self._derivative(np.asarray(x, dtype=float))

    def second_derivative(self, x) -> Array:
        r""":math:`\sigma''(x)`, element-wise (0 where :math:`\sigma` is piecewise linear)."""
        return self._second_derivative(np.asarray(x, dtype=float))

    def inverse(self, v, name: str = "v") -> Array:
        r""":math:`\sigma^{-1}(v)` for :math:`v` in the open image of :math:`\sigma`.

        Raises ``ValueError`` (naming ``name``) for a non-invertible activation or for
        values outside the open image, where the inverse would be infinite or undefined.
        """
        if not self.invertible or self._inverse is None:
            raise ValueError(f"{self.name} is not invertible, so {name} has no preimage")
        v = as_finite_array(v, name)
        lo, hi = self.image
        if np.any(v <= lo) or np.any(v >= hi):
            raise ValueError(f"{name} must lie in the open image ({lo}, {hi}) of {self.name}")
        return self._inverse(v)

    def lagrangian(self, x) -> Array:
        r"""Lagrangian :math:`L(x)` with :math:`L' = \sigma`, :math:`L(0)` chosen as below.

        tanh: :math:`\log\cosh x`; logistic: :math:`\log(1+e^x)`; identity:
        :math:`x^2/2`; relu: :math:`\max(x,0)^2/2`. Overflow-safe.
        """
        return self._lagrangian(np.asarray(x, dtype=float))

    def legendre_term(self, x) -> Array:
        r"""The Legendre term :math:`x\,\sigma(x) - L(x)`, element-wise.

        It equals :math:`G(\sigma(x))` (the Legendre identity), and it is the notes' term
        :math:`V^\top\sigma(V) - L` of eqs. (2), (14), (25) and (45), summed over coordinates.
        """
        x = np.asarray(x, dtype=float)
        return x * self(x) - self.lagrangian(x)

    def hopfield_energy(self, v, a, name: str = "v") -> Array:
        r""":math:`\sum_i G(v_i) - \tfrac12 v^\top A v` for a batch ``v`` in the closed image of :math:`\sigma`.

        The graded-response energy of Hopfield (1984) without bias, in the conjugate coordinates
        :math:`v = \sigma(x)`: with :math:`A = M` it is the energy of chapter 4, with the matrix
        :math:`K` of eq. (25) the Legendre form of chapter 3. ``a`` is ``(n, n)`` or a stack
        ``(B, n, n)`` acting on ``v[..., b, :, :]``.
        """
        v = as_finite_array(v, name, min_ndim=1)
        a = as_finite_array(a, "a")
        if a.ndim not in (2, 3) or a.shape[-2:] != (v.shape[-1], v.shape[-1]):
            raise ValueError(f"a must have shape (n, n) or (B, n, n) with n = {v.shape[-1]}; got {a.shape}")
        if a.ndim == 3 and (v.ndim < 3 or v.shape[-3] != a.shape[0]):
            raise ValueError(f"{name} must have shape (..., {a.shape[0]}, K, n) for a stack of matrices; got {v.shape}")
        return np.sum(self.legendre_dual(v, name), axis=-1) - 0.5 * np.sum(matvec(a, v) * v, axis=-1)

    def legendre_dual(self, v, name: str = "v") -> Array:
        r"""Legendre dual :math:`G(v) = \sup_x [xv - L(x)]`, with :math:`G' = \sigma^{-1}`.

        Finite on the closed image for tanh and logistic (e.g. :math:`G(\pm 1) = \log 2` for tanh),
        infinite at the ends for soft-sign; raises ``ValueError`` naming ``name`` outside it.
        """
        v = as_finite_array(v, name)
        lo, hi = self.image
        if np.any(v < lo) or np.any(v > hi):
            raise ValueError(f"{name} must lie in the closed image [{lo}, {hi}] of {self.name}")
        return self._legendre_dual(v)


def _logcosh(x: Array) -> Array:
    ax = np.abs(x)
    return ax + np.log1p(np.exp(-2.0 * ax)) - _LOG2


def _tanh_dual(v: Array) -> Array:
    return 0.5 * (xlogy(1.0 + v, 1.0 + v) + xlogy(1.0 - v, 1.0 - v))


def _logistic_dual(v: Array) -> Array:
    return xlogy(v, v) + xlogy(1.0 - v, 1.0 - v)


def _tanh_second(x: Array) -> Array:
    t = np.tanh(x)
    return -2.0 * t * (1.0 - t * t)


def _logistic_second(x: Array) -> Array:
    s = expit(x)
    return s * (1.0 - s) * (1.0 - 2.0 * s)


TANH = Activation(
    name="tanh",
    image=(-1.0, 1.0),
    gain=1.0,
    invertible=True,
    _sigma=np.tanh,
    _inverse=np.arctanh,
    _derivative=lambda x: 1.0 / np.cosh(np.clip(x, -350.0, 350.0)) ** 2,
    _second_derivative=_tanh_second,
    _lagrangian=_logcosh,
    _legendre_dual=_tanh_dual,
)

LOGISTIC = Activation(
    name="logistic",
    image=(0.0, 1.0),
    gain=0.25,
    invertible=True,
    _sigma=expit,
    _inverse=lambda v: np.log(v) - np.log1p(-v),
    _derivative=lambda x: expit(x) * expit(-x),
    _second_derivative=_logistic_second,
    _lagrangian=lambda x: np.logaddexp(0.0, x),
    _legendre_dual=_logistic_dual,
)

IDENTITY = Activation(
    name="identity",
    image=(-np.inf, np.inf),
    gain=1.0,
    invertible=True,
    _sigma=lambda x: x.copy(),
    _inverse=lambda v: v.copy(),
    _derivative=np.ones_like,
    _second_derivative=np.zeros_like,
    _lagrangian=lambda x: 0.5 * x * x,
    _legendre_dual=lambda v: 0.5 * v * v,
)

RELU = Activation(
    name="relu",
    image=(0.0, np.inf),
    gain=1.0,
    invertible=False,
    _sigma=lambda x: np.maximum(x, 0.0),
    _inverse=None,
    _derivative=lambda x: (x > 0).astype(float),
    _second_derivative=np.zeros_like,
    _lagrangian=lambda x: 0.5 * np.maximum(x, 0.0) ** 2,
    _legendre_dual=lambda v: 0.5 * v * v,
)

def _softsign_dual(v: Array) -> Array:
    a = np.abs(v)
    with np.errstate(divide="ignore"):
        return -a - np.log1p(-a)


#: Soft-sign :math:`\sigma(x) = x/(1 + |x|)`: bounded like tanh, but its dual
#: :math:`G(v) = -|v| - \log(1 - |v|)` is infinite at :math:`|v| = 1` (chapter 4's boundedness).
SOFTSIGN = Activation(
    name="softsign",
    image=(-1.0, 1.0),
    gain=1.0,
    invertible=True,
    _sigma=lambda x: x / (1.0 + np.abs(x)),
    _inverse=lambda v: v / (1.0 - np.abs(v)),
    _derivative=lambda x: 1.0 / (1.0 + np.abs(x)) ** 2,
    _second_derivative=lambda x: -2.0 * np.sign(x) / (1.0 + np.abs(x)) ** 3,
    _lagrangian=lambda x: np.abs(x) - np.log1p(np.abs(x)),
    _legendre_dual=_softsign_dual,
)
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (TANH, LOGISTIC, IDENTITY, RELU, SOFTSIGN)}


def get_activation(activation: str | Activation) -> Activation:
    """Return the :class:`Activation` named ``activation`` (or ``activation`` itself)."""
    if isinstance(activation, Activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except (KeyError, TypeError):
        names = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"activation must be one of {names}; got {activation!r}") from None
