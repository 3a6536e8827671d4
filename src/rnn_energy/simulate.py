"""Integrators: batched autonomous ODEs through :func:`scipy.integrate.solve_ivp`, and leapfrog.

A vector field here is a function of a batch of states ``(..., n) -> (..., n)``. The
whole batch is integrated as one system (one call to ``solve_ivp``), with a block-diagonal
Jacobian sparsity for the implicit methods so a stiff batch costs what its blocks cost.
:func:`leapfrog` is the one integrator written by hand: the symplectic Störmer–Verlet step for
separable Hamiltonians, which no library here provides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.integrate import solve_ivp

from ._validation import as_finite_array, as_state, positive_scalar

Array = np.ndarray
IMPLICIT_METHODS = ("Radau", "BDF", "LSODA")


@dataclass(frozen=True)
class Trajectory:
    """Samples of a batch of solutions: ``t`` of shape ``(T,)``, ``y`` of shape ``(T, ..., n)``."""

    t: Array
    y: Array


def choose_method(time_constants: Iterable[float], stiffness_ratio: float = 50.0) -> str:
    """``"Radau"`` when the finite time constants span more than ``stiffness_ratio``, else ``"DOP853"``."""
    finite = [float(t) for t in time_constants if np.isfinite(t)]
    if not finite:
        raise ValueError("time_constants must contain at least one finite value")
    return "Radau" if max(finite) / min(finite) > stiffness_ratio else "DOP853"


def simulate(
    field: Callable[[Array], Array],
    y0,
    t_eval,
    *,
    method: str = "DOP853",
    rtol: float = 1e-9,
    atol: float = 1e-11,
) -> Trajectory:
    """Integrate ``dy/dt = field(y)`` from ``y0`` (shape ``(..., n)``) and sample at ``t_eval``.

    ``t_eval`` must be increasing and start at the initial time. Raises ``RuntimeError``
    if the solver fails, so a failed integration never reaches a plot.
    """
    y0 = as_finite_array(y0, "y0", min_ndim=1)
    t_eval = as_finite_array(t_eval, "t_eval", ndim=1)
    if t_eval.size < 2 or np.any(np.diff(t_eval) <= 0):
        raise ValueError("t_eval must be strictly increasing with at least two times")
    batch_shape, n = y0.shape[:-1], y0.shape[-1]
    n_batch = int(np.prod(batch_shape, dtype=int))

    def rhs(_t, y):
        return np.asarray(field(y.reshape(n_batch, n)), dtype=float).reshape(-1)

    options = {}
    if method in IMPLICIT_METHODS and method != "LSODA":
        block = sparse.coo_array(np.ones((n, n)))
        options["jac_sparsity"] = sparse.block_diag([block] * n_batch, format="csc")
    sol = solve_ivp(
        rhs, (t_eval[0], t_eval[-1]), y0.reshape(-1), method=method, t_eval=t_eval,
        rtol=rtol, atol=atol, **options,
    )
    if not sol.success:
        raise RuntimeError(f"solve_ivp ({method}) failed: {sol.message}")
    y = sol.y.T.reshape((t_eval.size,) + batch_shape + (n,))
    return Trajectory(t=sol.t, y=y)


def simulate_model(model, state0, t_eval, **kwargs) -> Trajectory:
    """Simulate a model with ``vector_field`` and time constants ``t_f, t_h, t_d``.

    Chooses an implicit method when the time constants are far apart (small ``t_h``, ``t_d``).
    """
    state0 = as_state(state0, "state0", model.dim)
    kwargs.setdefault("method", choose_method((model.t_f, model.t_h, model.t_d)))
    return simulate(model.vector_field, state0, t_eval, **kwargs)


def leapfrog(system, state0, step: float, n_steps: int) -> Array:
    r"""Störmer–Verlet for a separable :math:`H = T(p) + V(x)`, :math:`\dot x = \nabla T`, :math:`\dot p = -\nabla V`.

    ``system`` provides ``kinetic_gradient`` and ``potential_gradient``; returns the states at
    every step, shape ``(n_steps + 1, ..., 2n)``. Symplectic and time-reversible: the energy
    error stays bounded, of order ``step**2``, instead of drifting.
    """
    step = positive_scalar(step, "step")
    if not isinstance(n_steps, (int, np.integer)) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer; got {n_steps!r}")
    state0 = as_state(state0, "state0", 2 * system.n)
    out = np.empty((n_steps + 1,) + state0.shape)
    out[0] = state0
    x, p = state0[..., : system.n].copy(), state0[..., system.n:].copy()
    for k in range(n_steps):
        p = p - 0.5 * step * system.potential_gradient(x)
        x = x + step * system.kinetic_gradient(p)
        p = p - 0.5 * step * system.potential_gradient(x)
        out[k + 1] = np.concatenate([x, p], axis=-1)
    return out
