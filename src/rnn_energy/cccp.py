r"""The concave-convex procedure for the map (chapter 4, eqs. 44–58).

In the conjugate coordinates :math:`v = \sigma(x)` of chapter 2 the map is
:math:`v \mapsto \sigma(Mv)` and the candidate energy is

.. math:: E(v) = \underbrace{\sum_i G(v_i)}_{\text{convex}}\;
          \underbrace{-\;\tfrac12 v^\top M v}_{\text{concave if } M \succeq 0},

whose concave-convex step :math:`\nabla E_{\text{vex}}(v') = -\nabla E_{\text{cave}}(v)`,
i.e. :math:`\sigma^{-1}(v') = Mv`, *is* the map when :math:`M` is symmetric
(Yuille & Rangarajan 2003). This module holds that energy, the step, the strong-convexity
descent bound behind the Marcus–Westervelt condition, the two-time function that never
increases for symmetric :math:`M`, the notes' Jacobians and Hessians in the :math:`x`
coordinates (eqs. 48–58), and a batched survey of where orbits end.
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
from scipy.optimize import brentq

from ._validation import as_finite_array, as_square_matrix, as_state
from .activations import Activation, get_activation
from .orbits import orbit_period

Array = np.ndarray


# ------------------------------------------------------------------ energies in v
def conjugate_energy(m, v, activation: str | Activation = "tanh") -> Array:
    r""":math:`E(v) = \sum_i G(v_i) - \tfrac12 v^\top M v` for a batch ``v`` in the image of :math:`\sigma`."""
    m = as_square_matrix(m, "m")
    act = get_activation(activation)
    v = as_state(v, "v", m.shape[0])
    return np.sum(act.legendre_dual(v), axis=-1) - 0.5 * np.sum((v @ m.T) * v, axis=-1)


def convex_part(v, activation: str | Activation = "tanh") -> Array:
    r""":math:`E_{\text{vex}}(v) = \sum_i G(v_i)`; its Hessian :math:`\mathrm{diag}\,1/\sigma'(\sigma^{-1}(v_i)) \succeq I/\beta`."""
    return np.sum(get_activation(activation).legendre_dual(v), axis=-1)


def cccp_step(m, v, activation: str | Activation = "tanh") -> Array:
    r"""One CCCP step for :math:`E(v)`: solve :math:`\nabla E_{\text{vex}}(v') = -\nabla E_{\text{cave}}(v)`.

    :math:`\nabla E_{\text{vex}}(v') = \sigma^{-1}(v')` and
    :math:`-\nabla E_{\text{cave}}(v) = \tfrac12(M + M^\top)v`, so
    :math:`v' = \sigma(\tfrac12(M + M^\top)v)` — the map :math:`\sigma(Mv)` exactly when
    :math:`M` is symmetric. (For an asymmetric :math:`M`, :math:`E` sees only the symmetric part.)
    """
    m = as_square_matrix(m, "m")
    v = as_state(v, "v", m.shape[0])
    return get_activation(activation)(v @ (0.5 * (m + m.T)))


def descent_bound(m, v, activation: str | Activation = "tanh") -> Array:
    r""":math:`-\tfrac12\Delta^\top(M + I/\beta)\Delta`, :math:`\Delta = \sigma(Mv) - v`: an upper bound on :math:`E(\sigma(Mv)) - E(v)`.

    For symmetric :math:`M`, strong convexity of :math:`G` (modulus :math:`1/\beta`) gives
    :math:`E(v') - E(v) \le -\tfrac12\Delta^\top(M + I/\beta)\Delta`; it is :math:`\le 0` when
    :math:`\lambda_{\min}(M) \ge -1/\beta` (Marcus & Westervelt 1989).
    """
    m = as_square_matrix(m, "m")
    act = get_activation(activation)
    v = as_state(v, "v", m.shape[0])
    delta = act(v @ m.T) - v
    shifted = m + np.eye(m.shape[0]) / act.gain
    return -0.5 * np.sum((delta @ shifted.T) * delta, axis=-1)


def two_time_energy(m, v, w, activation: str | Activation = "tanh") -> Array:
    r""":math:`L(v, w) = -v^\top M w + \sum_i G(v_i) + \sum_i G(w_i)`, evaluated at :math:`(v(t), v(t-1))`.

    For symmetric :math:`M` it never increases along :math:`v \mapsto \sigma(Mv)`
    (Marcus & Westervelt 1989; Bruck 1990): orbits end on fixed points or 2-cycles.
    """
    m = as_square_matrix(m, "m")
    act = get_activation(activation)
    v = as_state(v, "v", m.shape[0])
    w = as_state(w, "w", m.shape[0])
    return (-np.sum((w @ m.T) * v, axis=-1) + np.sum(act.legendre_dual(v), axis=-1)
            + np.sum(act.legendre_dual(w), axis=-1))


def symmetric_with_spectrum(rng: np.random.Generator, eigenvalues) -> Array:
    r""":math:`Q\,\mathrm{diag}(\lambda)\,Q^\top` with a random orthogonal :math:`Q` (QR of a Gaussian matrix)."""
    lam = as_finite_array(eigenvalues, "eigenvalues", ndim=1)
    q, r = np.linalg.qr(rng.standard_normal((lam.size, lam.size)))
    q = q * np.sign(np.diag(r))
    return (q * lam) @ q.T


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


# ------------------------------------------------------------ where orbits end, batched
def iterate_stack(ms, v0, n_steps: int, activation: str | Activation = "tanh") -> Array:
    r"""Orbits of :math:`v \mapsto \sigma(M_b v)` for a stack of matrices ``ms`` ``(B, n, n)``.

    ``v0`` has shape ``(B, K, n)`` (``K`` orbits per matrix); the result ``(T+1, B, K, n)``.
    """
    ms = as_finite_array(ms, "ms", ndim=3)
    act = get_activation(activation)
    v = as_finite_array(v0, "v0", ndim=3)
    orbit = np.empty((n_steps + 1,) + v.shape)
    orbit[0] = v
    for k in range(n_steps):
        orbit[k + 1] = act(np.einsum("bij,bkj->bki", ms, orbit[k]))
    return orbit


OUTCOMES = ("fixed point", "2-cycle", "longer cycle", "no period found")


def outcome_fractions(periods) -> Array:
    """Fractions of orbits in each of ``OUTCOMES`` (periods 1, 2, 3..max, 0)."""
    p = np.asarray(periods).ravel()
    return np.array([np.mean(p == 1), np.mean(p == 2), np.mean(p > 2), np.mean(p == 0)])


def phase_diagram(
    rng: np.random.Generator, phi_scales, gains, *, n_instances: int = 40, n_orbits: int = 4,
    n: int = 4, n_steps: int = 400, progress: Callable[[Iterable], Iterable] | None = None,
) -> Array:
    r"""Fractions of orbits of :math:`v \mapsto \tanh(Mv)` ending in each of ``OUTCOMES``.

    For each gain :math:`g` and :math:`\Phi` scale, ``n_instances`` matrices
    :math:`M = \Xi(I + \Phi^\top)\Xi^\top` with Gaussian :math:`\Xi, \Phi` (``n_f = n_h = n``,
    :math:`\Phi` entries of standard deviation ``scale / sqrt(n)``), :math:`\Xi` rescaled so that
    the symmetric coupling has :math:`\|\Xi\Xi^\top\|_2 = g`; ``n_orbits`` orbits each from
    uniform points of :math:`[-1, 1]^n`. Returns an array ``(len(gains), len(phi_scales), 4)``.
    ``progress`` wraps the loop over gains (e.g. a progress bar).
    """
    phi_scales = as_finite_array(phi_scales, "phi_scales", ndim=1)
    gains = as_finite_array(gains, "gains", ndim=1)
    out = np.zeros((gains.size, phi_scales.size, len(OUTCOMES)))
    rows = range(gains.size) if progress is None else progress(range(gains.size))
    for i in rows:
        for j, scale in enumerate(phi_scales):
            xi = rng.standard_normal((n_instances, n, n)) / np.sqrt(n)
            phi = rng.standard_normal((n_instances, n, n)) * scale / np.sqrt(n)
            sym = np.einsum("bij,bkj->bik", xi, xi)
            xi = xi * np.sqrt(gains[i] / np.linalg.norm(sym, 2, axis=(1, 2)))[:, None, None]
            ms = np.einsum("bij,bjk,blk->bil", xi, np.eye(n) + np.swapaxes(phi, 1, 2), xi)
            orbit = iterate_stack(ms, rng.uniform(-1, 1, size=(n_instances, n_orbits, n)), n_steps)
            out[i, j] = outcome_fractions(orbit_period(orbit, tol=1e-7, max_period=12, tail=24))
    return out


def coupling_with_spectrum(
    rng: np.random.Generator, n: int = 4, *, lambda_min: float = -0.5, gain: float = 2.0,
    asymmetry: float = 0.0,
) -> Array:
    r"""A test matrix :math:`M = S + a\,(C - C^\top)/\sqrt{2n}`.

    :math:`S` is symmetric with smallest eigenvalue ``lambda_min`` and the others drawn
    uniformly from :math:`[0.2, 1]\cdot` ``gain``; :math:`C` is Gaussian, so ``asymmetry``
    :math:`a` sets the antisymmetric part (which any :math:`\Phi \ne \Phi^\top`-type coupling adds).
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    eigenvalues = np.concatenate([[lambda_min], gain * rng.uniform(0.2, 1.0, size=n - 1)])
    c = rng.standard_normal((n, n))
    return symmetric_with_spectrum(rng, eigenvalues) + asymmetry * (c - c.T) / np.sqrt(2 * n)


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
