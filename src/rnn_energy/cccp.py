r"""The concave-convex procedure for the map (chapter 4, eqs. 44–58).

In the conjugate coordinates :math:`v = \sigma(x)` of chapter 2 the map is
:math:`v \mapsto \sigma(Mv)` and the candidate energy is

.. math:: E(v) = \underbrace{\sum_i G(v_i)}_{\text{convex}}\;
          \underbrace{-\;\tfrac12 v^\top M v}_{\text{concave if } M \succeq 0},

whose concave-convex step :math:`\nabla E_{\text{vex}}(v') = -\nabla E_{\text{cave}}(v)`,
i.e. :math:`\sigma^{-1}(v') = Mv`, *is* the map when :math:`M` is symmetric
(Yuille & Rangarajan 2003). This module holds that energy, the step, the strong-convexity
descent bound behind the Marcus–Westervelt condition, the two-time function that never
increases for symmetric :math:`M`, and the notes' Jacobians and Hessians in the :math:`x`
coordinates (eqs. 48–58). Every function takes the map as an object
(:class:`rnn_energy.maps.RecurrentMap`), never as a raw matrix and activation.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from ._validation import as_finite_array, as_state
from .activations import Activation, get_activation
from .maps import MatrixMap, RecurrentMap

Array = np.ndarray


# ------------------------------------------------------------------ energies in v
def _as_map(g) -> MatrixMap:
    if not isinstance(g, MatrixMap):
        raise ValueError(f"g must be a map object such as RecurrentMap(m, activation); got {type(g).__name__}")
    return g


def conjugate_energy(g: MatrixMap, v) -> Array:
    r""":math:`E(v) = \sum_i G(v_i) - \tfrac12 v^\top M v` for the map's :math:`M` and :math:`\sigma`.

    The energy of the map :math:`v \mapsto \sigma(Mv)` in the conjugate coordinates of chapter 4
    (the corrected eq. (25) once :math:`\Phi = 0`); ``v`` lies in the closed image of :math:`\sigma`.
    """
    g = _as_map(g)
    return g.activation.hopfield_energy(g.state(v, "v"), g.m)


def cccp_step(g: MatrixMap, v) -> Array:
    r"""One CCCP step for :math:`E(v)`: solve :math:`\nabla E_{\text{vex}}(v') = -\nabla E_{\text{cave}}(v)`.

    :math:`\nabla E_{\text{vex}}(v') = \sigma^{-1}(v')` and
    :math:`-\nabla E_{\text{cave}}(v) = \tfrac12(M + M^\top)v`, so
    :math:`v' = \sigma(\tfrac12(M + M^\top)v)` — the map :math:`\sigma(Mv)` exactly when
    :math:`M` is symmetric (Yuille & Rangarajan 2003). For an asymmetric :math:`M`, :math:`E`
    sees only the symmetric part, and the step differs from the map by
    :math:`\sigma(Mv) - \sigma(\tfrac12(M+M^\top)v)`.
    """
    g = _as_map(g)
    return RecurrentMap(0.5 * (g.m + np.swapaxes(g.m, -1, -2)), g.activation)(v)


def descent_bound(g: MatrixMap, v) -> Array:
    r""":math:`-\tfrac12\Delta^\top(M + I/\beta)\Delta`, :math:`\Delta = \sigma(Mv) - v`: an upper bound on :math:`E(\sigma(Mv)) - E(v)`.

    For symmetric :math:`M`, strong convexity of :math:`G` (modulus :math:`1/\beta`, the
    activation's gain :math:`\beta`) gives :math:`E(v') - E(v) \le -\tfrac12\Delta^\top(M + I/\beta)\Delta`;
    it is :math:`\le 0` when :math:`\lambda_{\min}(M) \ge -1/\beta` (Marcus & Westervelt 1989).
    """
    g = _as_map(g)
    v = g.state(v, "v")
    delta = RecurrentMap(g.m, g.activation)(v) - v
    return -0.5 * (g.quadratic_form(delta) + np.sum(delta * delta, axis=-1) / g.activation.gain)


def two_time_energy(g: MatrixMap, v, w) -> Array:
    r""":math:`L(v, w) = -w^\top M v + \sum_i G(v_i) + \sum_i G(w_i)`, evaluated at :math:`(v(t), v(t-1))`.

    For symmetric :math:`M` it never increases along :math:`v \mapsto \sigma(Mv)`
    (Marcus & Westervelt 1989; Bruck 1990).
    """
    g = _as_map(g)
    v, w = g.state(v, "v"), g.state(w, "w")
    dual = g.activation.legendre_dual
    return -g.quadratic_form(w, v) + np.sum(dual(v), axis=-1) + np.sum(dual(w, "w"), axis=-1)


# --------------------------------------------------- the notes' derivatives in x, eqs. (48)-(58)
def legendre_term_gradient(x, activation: str | Activation = "tanh") -> Array:
    r"""Eq. (49): :math:`\nabla_x\,[x^\top\sigma(x) - L] = \mathrm{diag}(\sigma'(x))\,x` (row form :math:`x^\top\mathcal J(\sigma)`)."""
    act = get_activation(activation)
    x = as_finite_array(x, "x", min_ndim=1)
    return act.derivative(x) * x


def legendre_term_hessian(x, activation: str | Activation = "tanh") -> Array:
    r"""Eqs. (51)–(52): :math:`\mathcal H = \mathcal J(\sigma) + x^\top\!\cdot\mathcal H(\sigma) = \mathrm{diag}(\sigma' + x\sigma'')`.

    Indefinite for tanh when :math:`|x_i| > 0.772` (where :math:`1 = 2x\tanh x`): the term is not
    convex in :math:`x`, which is what stops a CCCP split in the notes' coordinates.
    """
    act = get_activation(activation)
    x = as_finite_array(x, "x", min_ndim=1)
    diag = act.derivative(x) + x * act.second_derivative(x)
    return diag[..., :, None] * np.eye(x.shape[-1])


def quadratic_term_gradient(xi, x, activation: str | Activation = "tanh") -> Array:
    r"""Eq. (53): :math:`\nabla_x\,\tfrac12\sigma^\top\Xi\Xi^\top\sigma = \mathcal J(\sigma)^\top\Xi\Xi^\top\sigma(x)`."""
    act = get_activation(activation)
    x = as_state(x, "x", np.shape(xi)[0])
    return act.derivative(x) * (act(x) @ (xi @ xi.T))


def quadratic_term_hessian(xi, x, activation: str | Activation = "tanh") -> Array:
    r"""Eqs. (56)–(57): :math:`\mathcal J(\sigma)^\top\Xi\Xi^\top\mathcal J(\sigma) + \mathrm{diag}(\sigma''\odot\Xi\Xi^\top\sigma)`."""
    act = get_activation(activation)
    x = as_state(x, "x", np.shape(xi)[0])
    gram = xi @ xi.T
    d = act.derivative(x)
    first = d[..., :, None] * gram * d[..., None, :]
    second = (act.second_derivative(x) * (act(x) @ gram))[..., :, None] * np.eye(x.shape[-1])
    return first + second


def cross_term_gradient(xi, phi, x, y, activation: str | Activation = "tanh") -> Array:
    r"""Eq. (58), corrected: :math:`\nabla_x\,\sigma^\top\Xi\Phi^\top\Xi^\top y = \mathcal J(\sigma)^\top\,\Xi\Phi\Xi^\top y`.

    As a row, :math:`y^\top\Xi\Phi\Xi^\top\mathcal J(\sigma)`; the notes write
    :math:`\mathcal H(\sigma)` in place of :math:`\mathcal J(\sigma)`.
    """
    act = get_activation(activation)
    x = as_state(x, "x", np.shape(xi)[0])
    y = as_state(y, "y", np.shape(xi)[0])
    return act.derivative(x) * (y @ (xi @ phi @ xi.T))


def convexity_limit(activation: str | Activation = "tanh") -> float:
    r"""The smallest :math:`x > 0` where :math:`\sigma'(x) + x\sigma''(x) = 0` (eq. 51's diagonal changes sign).

    Beyond it the notes' term :math:`x^\top\sigma(x) - L` is concave in that coordinate
    (0.7717 for tanh). Returns ``inf`` if there is no sign change on :math:`(0, 50]`.
    """
    act = get_activation(activation)
    grid = np.linspace(1e-6, 50.0, 50001)
    values = act.derivative(grid) + grid * act.second_derivative(grid)
    change = np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:]))
    if change.size == 0:
        return float("inf")
    k = change[0]
    return float(brentq(lambda x: act.derivative(x) + x * act.second_derivative(x), grid[k], grid[k + 1]))
