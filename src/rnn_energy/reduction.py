r"""From continuous time to the map (chapter 1): the measurements behind eqs. (1)–(7).

* :func:`singular_perturbation_errors` — how far the full system (1) with
  :math:`T_h = T_d = \varepsilon` stays from the reduced flow
  :math:`T_f\dot V_f = M\sigma_f(V_f) - V_f` (Tikhonov: :math:`O(\varepsilon)`).
* :func:`energy_along`, :func:`energy_cases` and :func:`dissipation_at_largest_rate` — eq. (2)
  along simulated trajectories.
* :func:`map_vs_flow` — eq. (7) iterated next to the flow it discretises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ._validation import as_finite_array, as_state
from .maps import iterate
from .orbits import orbit_period
from .simulate import Trajectory, simulate, simulate_model
from .three_population import ThreePopulation

Array = np.ndarray


def singular_perturbation_errors(
    model: ThreePopulation, v_f0, eps_values, *, t_max: float = 10.0, n_samples: int = 401
) -> Array:
    r"""Max over time and batch of :math:`|V_f^{\text{full}}(t) - V_f^{\text{reduced}}(t)|`.

    For each :math:`\varepsilon` in ``eps_values`` the full system runs with
    :math:`T_h = T_d = \varepsilon` from the point of the slow manifold above ``v_f0``
    (eq. 3), the reduced flow from ``v_f0``, both sampled on the same grid of
    ``n_samples`` times in :math:`[0, t_{\max}]`.
    """
    v_f0 = as_state(v_f0, "v_f0", model.n_f)
    eps_values = as_finite_array(eps_values, "eps_values", ndim=1)
    if np.any(eps_values <= 0):
        raise ValueError("eps_values must be positive")
    t = np.linspace(0.0, t_max, n_samples)
    reduced = simulate(model.reduced_vector_field, v_f0, t, rtol=1e-11, atol=1e-13)
    errors = np.empty(eps_values.shape)
    for i, eps in enumerate(eps_values):
        fast = replace(model, t_h=eps, t_d=eps)
        full = simulate_model(fast, fast.lift(v_f0), t, rtol=1e-11, atol=1e-13)
        v_f_full = fast.split(full.y)[0]
        errors[i] = np.max(np.abs(v_f_full - reduced.y))
    return errors


def loglog_slope(x, y) -> float:
    """Least-squares slope of ``log y`` against ``log x`` (the order of convergence)."""
    x = as_finite_array(x, "x", ndim=1)
    y = as_finite_array(y, "y", ndim=1)
    if x.shape != y.shape or x.size < 2:
        raise ValueError(f"x and y must have the same length >= 2; got {x.shape} and {y.shape}")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive for a log-log fit")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def energy_along(model: ThreePopulation, trajectory: Trajectory) -> Array:
    """Eq. (2) at every sample of a batch of trajectories: shape ``(T, ...)``."""
    return model.energy(trajectory.y)


@dataclass(frozen=True)
class MapVsFlow:
    """Eq. (7) iterated (``orbit``) and the reduced flow sampled at the same times (``flow``)."""

    times: Array
    orbit: Array
    flow: Array
    map_period: Array
    flow_period: Array


def map_vs_flow(model: ThreePopulation, v_f0, n_steps: int = 60) -> MapVsFlow:
    r"""Iterate the Euler map (eq. 6/7, :math:`\Delta t = 1`) and sample the reduced flow at :math:`t = 0, 1, \dots`.

    The periods are read from the tails (see :func:`rnn_energy.orbits.orbit_period`); a
    flow sampled at unit times is itself a map, so its period is 1 when it converges.
    """
    v_f0 = as_state(v_f0, "v_f0", model.n_f)
    times = np.arange(n_steps + 1, dtype=float)
    orbit = iterate(model.reduced_map, v_f0, n_steps)
    flow = simulate(model.reduced_vector_field, v_f0, times).y
    return MapVsFlow(
        times=times,
        orbit=orbit,
        flow=flow,
        map_period=orbit_period(orbit, tol=1e-7),
        flow_period=orbit_period(flow, tol=1e-7),
    )


ENERGY_CASES = ("as given", "Phi = 0", "V_d frozen")


def energy_cases(model: ThreePopulation, state0, t_eval) -> dict[str, Array]:
    r"""Eq. (2) along trajectories of three variants of ``model`` from the same ``state0``.

    ``"as given"`` (the model's :math:`\Phi`), ``"Phi = 0"`` (no delayed coupling) and
    ``"V_d frozen"`` (:math:`T_d = \infty`, the adiabatic limit). Returns, for each, the
    energies of shape ``(T, ...)``.
    """
    variants = {
        "as given": model,
        "Phi = 0": replace(model, phi=np.zeros_like(model.phi)),
        "V_d frozen": replace(model, t_d=np.inf),
    }
    return {
        name: energy_along(variant, simulate_model(variant, state0, t_eval))
        for name, variant in variants.items()
    }


def dissipation_at_largest_rate(model: ThreePopulation, state0, t_eval) -> dict[str, float]:
    r"""The three terms of :math:`dE/dt` where it is largest along the trajectories from ``state0``.

    Returns the time, :math:`dE/dt`, and the feature, hidden and cross terms of
    :meth:`rnn_energy.three_population.ThreePopulation.dissipation_terms` there.
    """
    traj = simulate_model(model, state0, t_eval)
    rate = model.energy_rate(traj.y)
    k = np.unravel_index(np.argmax(rate), rate.shape)
    feature, hidden, cross = model.dissipation_terms(traj.y[k])
    return {"t": float(traj.t[k[0]]), "dE/dt": float(rate[k]), "feature": float(feature),
            "hidden": float(hidden), "cross": float(cross)}
