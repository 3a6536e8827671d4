r"""The sweeps and Monte-Carlo surveys of chapters 3–6, batched, returning plain data.

A notebook cell calls one of these and prints or plots what comes back; no chapter loops over
instances itself. (Chapter 1's measurements are in :mod:`rnn_energy.reduction`, chapter 2's in
:mod:`rnn_energy.conjugacy`.) Each function takes a :class:`numpy.random.Generator` and draws
from it in a fixed order, so a seed determines the result.

* statistics of sampled trajectories: :func:`largest_increase`, :func:`energy_error_growth`,
  :func:`oscillation_amplitude`;
* chapter 3: :func:`energy_change_survey`, :func:`energy_change_surveys`, :func:`orbit_rise_statistics`;
* chapter 4: :func:`cccp_descent_survey`, :func:`descent_bound_slack`, :func:`two_cycle_sweep`,
  :func:`two_time_survey`, :func:`sequence_walk`, :func:`phase_diagram`;
* chapter 5: :func:`manifold_attraction`, :func:`compare_integrators`;
* chapter 6: :func:`ei_condition_survey`, :func:`limit_cycle_sweep`, :func:`phase_portrait_runs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ._validation import as_finite_array, as_state
from .cccp import cccp_step, conjugate_energy, descent_bound, two_time_energy
from .energies import energy_changes_along
from .hamiltonian import AntisymmetricNetwork, ExcitatoryInhibitory, SymmetricNetwork, admissible_r
from .instances import (
    coupling_with_spectrum,
    ei_pair,
    random_ei,
    random_three_population,
    reduced_couplings,
    symmetric_network_with_spectrum,
    symmetric_with_spectrum,
)
from .maps import FeatureMap, RecurrentMap, iterate
from .orbits import OUTCOMES, orbit_period, outcome_fractions
from .simulate import leapfrog, simulate
from .three_population import ThreePopulation

Array = np.ndarray


# ----------------------------------------------------------- statistics of trajectories
def largest_increase(values, axis: int = 0) -> Array:
    """Largest step-to-step increase ``max_k (values[k+1] - values[k])`` along ``axis``.

    Negative when the sequence strictly decreases; positive means it went up somewhere.
    """
    values = as_finite_array(values, "values", min_ndim=1)
    if values.shape[axis] < 2:
        raise ValueError("values must have at least two samples along axis")
    return np.max(np.diff(values, axis=axis), axis=axis)


def energy_error_growth(energies, fraction: float = 0.1) -> tuple[float, float]:
    """Largest ``|H(t) - H(0)|`` over the first and over the last ``fraction`` of a run."""
    energies = as_finite_array(energies, "energies", min_ndim=1)
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must lie in (0, 1]; got {fraction!r}")
    k = max(1, int(fraction * energies.shape[0]))
    error = np.abs(energies - energies[0])
    return float(np.max(error[:k])), float(np.max(error[-k:]))


def oscillation_amplitude(trajectory, tail: float = 0.5) -> Array:
    """Half the peak-to-peak range of each coordinate over the last ``tail`` of a trajectory ``(T, ..., n)``."""
    trajectory = as_finite_array(trajectory, "trajectory", min_ndim=2)
    if not 0 < tail <= 1:
        raise ValueError(f"tail must lie in (0, 1]; got {tail!r}")
    end = trajectory[int((1 - tail) * trajectory.shape[0]):]
    return 0.5 * (np.max(end, axis=0) - np.min(end, axis=0))


# ---------------------------------------------------------------------------- chapter 3
def energy_change_survey(
    rng: np.random.Generator, phi_scale: float, *, n_instances: int = 100, n_orbits: int = 5,
    n_steps: int = 50, n_f: int = 4, n_h: int = 3, xi_scale: float = 1.5, sigma_f: str = "tanh",
) -> dict[str, Array]:
    r"""Adiabatic and slaved changes of eq. (25) at every step of many orbits of the map (7).

    ``n_instances`` random instances (:func:`rnn_energy.instances.random_three_population` with
    the given ``phi_scale``), ``n_orbits`` orbits each from :math:`V_f(0) \sim N(0, 2^2)`,
    ``n_steps`` steps. Returns arrays ``(n_instances, n_steps, n_orbits)`` under ``"adiabatic"``
    and ``"slaved"``.
    """
    changes: dict[str, list] = {"adiabatic": [], "slaved": []}
    for _ in range(n_instances):
        model = random_three_population(rng, n_f, n_h, xi_scale=xi_scale, phi_scale=phi_scale, sigma_f=sigma_f)
        orbit = iterate(model.feature_map, rng.normal(scale=2.0, size=(n_orbits, n_f)), n_steps)
        for name, values in energy_changes_along(model, orbit).items():
            changes[name].append(values)
    return {name: np.stack(values) for name, values in changes.items()}


def orbit_rise_statistics(changes, thresholds=(1e-9, 1e-3), n_groups: int = 5) -> dict[str, Array]:
    r"""Per-orbit statistics of energy changes ``(instances, steps, orbits)`` from :func:`energy_change_survey`.

    For each threshold: the fraction of orbits along which the energy rises by more than it at
    some step, overall and for each of ``n_groups`` equal groups of instances (its spread over
    independent draws); and each orbit's largest rise. Per-orbit fractions do not depend on the
    orbit length the way a fraction of *steps* does (most steps of a converged orbit are
    round-off), and two thresholds show how much of the count is near round-off.
    """
    changes = as_finite_array(changes, "changes", ndim=3)
    n_instances = changes.shape[0]
    if not isinstance(n_groups, (int, np.integer)) or n_groups < 1 or n_instances % n_groups:
        raise ValueError(f"n_groups must divide the number of instances ({n_instances}); got {n_groups!r}")
    largest = np.max(changes, axis=1)  # (instances, orbits)
    out: dict[str, Array] = {"largest rise per orbit": largest}
    for tol in thresholds:
        rises = largest > tol
        groups = rises.reshape(n_groups, -1).mean(axis=1)
        out[f"fraction > {tol:.0e}"] = np.array([rises.mean(), groups.min(), groups.max()])
    return out


def energy_change_surveys(rng: np.random.Generator, phi_scales, **options) -> dict[float, dict[str, Array]]:
    """:func:`energy_change_survey` for each scale of ``phi_scales``, in order, from one generator."""
    return {float(scale): energy_change_survey(rng, scale, **options) for scale in phi_scales}


# ---------------------------------------------------------------------------- chapter 4
def cccp_descent_survey(rng: np.random.Generator, n_matrices: int = 200, *, n: int = 4,
                        n_orbits: int = 20, n_steps: int = 50) -> dict[str, float]:
    r"""For PSD :math:`M`: the CCCP step against the map, and the largest rise of :math:`E` three ways.

    Each of ``n_matrices`` rounds draws a symmetric :math:`M` with eigenvalues uniform in
    :math:`[0, 4]` and a random notes' instance with :math:`\Phi = 0`, and returns the largest
    ``|CCCP step - map|``, the largest rise of :math:`E(v)` along :math:`v \mapsto \tanh(Mv)`,
    of :math:`E(\tanh x)` along :math:`x \mapsto M\tanh x`, and of eq. (25) (slaved) along eq. (7).
    """
    step_gap, rise_v, rise_x, rise_notes = 0.0, -np.inf, -np.inf, -np.inf
    for _ in range(n_matrices):
        m = symmetric_with_spectrum(rng, rng.uniform(0.0, 4.0, size=n))
        g = RecurrentMap(m)
        v_orbit = iterate(g, rng.uniform(-1, 1, size=(n_orbits, n)), n_steps)
        step_gap = max(step_gap, float(np.max(np.abs(cccp_step(g, v_orbit[:-1]) - v_orbit[1:]))))
        rise_v = max(rise_v, float(np.max(largest_increase(conjugate_energy(g, v_orbit)))))
        x_orbit = iterate(FeatureMap(m), rng.normal(scale=2.0, size=(n_orbits, n)), n_steps)
        rise_x = max(rise_x, float(np.max(largest_increase(conjugate_energy(g, g.activation(x_orbit))))))
        notes = random_three_population(rng, n, 3, xi_scale=1.5, phi_scale=0.0)
        x_orbit = iterate(notes.feature_map, rng.normal(scale=2.0, size=(n_orbits, n)), n_steps)
        rise_notes = max(rise_notes, float(np.max(energy_changes_along(notes, x_orbit)["slaved"])))
    return {"step gap": step_gap, "rise of E(v)": rise_v, "rise of E(tanh x)": rise_x,
            "rise of eq. (25)": rise_notes}


def descent_bound_slack(rng: np.random.Generator, n_matrices: int = 200, *, n: int = 4, n_orbits: int = 10,
                        n_steps: int = 30, lambda_range=(-3.0, 1.0), gain: float = 2.0) -> float:
    r"""Largest :math:`\Delta E - \text{bound}` (:func:`rnn_energy.cccp.descent_bound`) over random symmetric :math:`M`.

    :math:`\lambda_{\min}` uniform in ``lambda_range``; non-positive (up to round-off) when the
    strong-convexity bound holds.
    """
    slack = -np.inf
    for _ in range(n_matrices):
        g = RecurrentMap(coupling_with_spectrum(rng, n, lambda_min=rng.uniform(*lambda_range), gain=gain))
        v = iterate(g, rng.uniform(-1, 1, size=(n_orbits, n)), n_steps)[:-1]
        change = conjugate_energy(g, g(v)) - conjugate_energy(g, v)
        slack = max(slack, float(np.max(change - descent_bound(g, v))))
    return slack


def two_cycle_sweep(rng: np.random.Generator, lambdas, *, n_matrices: int = 50, n_orbits: int = 50,
                    n: int = 4, gain: float = 0.8, n_steps: int = 600) -> Array:
    r"""Where orbits of :math:`v \mapsto \tanh(Mv)` end as :math:`\lambda_{\min}` of a symmetric :math:`M` varies.

    For each :math:`\lambda` of ``lambdas``: ``n_matrices`` matrices from
    :func:`rnn_energy.instances.coupling_with_spectrum` and ``n_orbits`` orbits each; returns the
    fractions of :data:`rnn_energy.orbits.OUTCOMES`, shape ``(len(lambdas), 4)``.
    """
    lambdas = as_finite_array(lambdas, "lambdas", ndim=1)
    rows = []
    for lam in lambdas:
        ms = np.stack([coupling_with_spectrum(rng, n, lambda_min=lam, gain=gain) for _ in range(n_matrices)])
        orbit = iterate(RecurrentMap(ms), rng.uniform(-1, 1, size=(n_matrices, n_orbits, n)), n_steps)
        rows.append(outcome_fractions(orbit_period(orbit, tol=1e-7, max_period=12, tail=24)))
    return np.array(rows)


def two_time_survey(rng: np.random.Generator, n_matrices: int = 200, *, n: int = 4, n_orbits: int = 10,
                    n_steps: int = 40, lambda_range=(-4.0, 1.0), gain: float = 3.0) -> float:
    r"""Largest rise of the two-time function :math:`L(v(t), v(t-1))` over random symmetric :math:`M`."""
    worst = -np.inf
    for _ in range(n_matrices):
        g = RecurrentMap(coupling_with_spectrum(rng, n, lambda_min=rng.uniform(*lambda_range), gain=gain))
        v = iterate(g, rng.uniform(-1, 1, size=(n_orbits, n)), n_steps)
        worst = max(worst, float(np.max(largest_increase(two_time_energy(g, v[1:], v[:-1])))))
    return worst


def sequence_walk(model: ThreePopulation, x0, n_steps: int = 30, window: int = 6) -> tuple[Array, int]:
    """The pattern visited (argmax of :math:`\\sigma(V_f)`) at the last ``window`` steps of an orbit of
    eq. (7) from ``x0``, and the orbit's period."""
    walk = iterate(model.feature_map, as_state(x0, "x0", model.n_f), n_steps)
    order = np.argmax(model.sigma_f(walk[-window:]), axis=-1)
    return order, int(orbit_period(walk.reshape(walk.shape[0], -1, model.n_f), tol=1e-9)[0])


def phase_diagram(
    rng: np.random.Generator, phi_scales, gains, *, n_instances: int = 40, n_orbits: int = 4,
    n: int = 4, n_steps: int = 400, progress: Callable[[Iterable], Iterable] | None = None,
) -> Array:
    r"""Fractions of orbits of :math:`v \mapsto \tanh(Mv)` ending in each of :data:`rnn_energy.orbits.OUTCOMES`.

    For each gain :math:`g` and :math:`\Phi` scale, ``n_instances`` matrices
    :math:`M = \Xi(I + \Phi^\top)\Xi^\top` (:func:`rnn_energy.instances.reduced_couplings`) and
    ``n_orbits`` orbits each from uniform points of :math:`[-1, 1]^n`. Returns an array
    ``(len(gains), len(phi_scales), 4)``. ``progress`` wraps the loop over gains.
    """
    phi_scales = as_finite_array(phi_scales, "phi_scales", ndim=1)
    gains = as_finite_array(gains, "gains", ndim=1)
    out = np.zeros((gains.size, phi_scales.size, len(OUTCOMES)))
    rows = range(gains.size) if progress is None else progress(range(gains.size))
    for i in rows:
        for j, scale in enumerate(phi_scales):
            ms = reduced_couplings(rng, n_instances, n, gain=gains[i], phi_scale=scale)
            orbit = iterate(RecurrentMap(ms), rng.uniform(-1, 1, size=(n_instances, n_orbits, n)), n_steps)
            out[i, j] = outcome_fractions(orbit_period(orbit, tol=1e-7, max_period=12, tail=24))
    return out


# ---------------------------------------------------------------------------- chapter 5
def manifold_residual_along(network: SymmetricNetwork, start, t_eval, **options) -> Array:
    """Largest :math:`|b + Wx - p|` at each time along the lifted flow from ``start``."""
    traj = simulate(network.vector_field, start, t_eval, **options)
    return np.max(np.abs(network.manifold_residual(traj.y)), axis=-1)


def manifold_attraction(rng: np.random.Generator, spectra: dict, t_eval, *, offset: float = 0.5) -> dict[str, Array]:
    r"""Distance to the manifold :math:`p = b + Wx` along the lifted symmetric network, per spectrum of :math:`W`.

    For each named list of eigenvalues, a network (:func:`rnn_energy.instances.symmetric_network_with_spectrum`)
    is started at ``offset`` above the manifold point over :math:`x \sim U[-0.3, 0.3]^n`.
    """
    out = {}
    for label, eigenvalues in spectra.items():
        net = symmetric_network_with_spectrum(rng, eigenvalues)
        start = net.lift(0.3 * rng.uniform(-1, 1, size=net.n)) + np.concatenate([np.zeros(net.n), offset * np.ones(net.n)])
        out[label] = manifold_residual_along(net, start, t_eval)
    return out


def compare_integrators(system: AntisymmetricNetwork, state0, *, step: float = 0.05, t_max: float = 2000.0,
                        rtol: float = 1e-6, atol: float = 1e-9) -> dict[str, Array]:
    r"""Energy :math:`H` along a long run with leapfrog (``step``) and with RK45 (``rtol``, ``atol``).

    Returns the common sample times and :math:`H` for each integrator (RK45 sampled at the
    leapfrog's times, every 20 steps).
    """
    n_steps = int(round(t_max / step))
    frog = leapfrog(system, state0, step, n_steps)[::20]
    times = np.arange(0, n_steps + 1, 20) * step
    rk45 = simulate(system.vector_field, state0, times, method="RK45", rtol=rtol, atol=atol).y
    return {"t": times, "leapfrog": system.hamiltonian(frog), "RK45": system.hamiltonian(rk45)}


# ---------------------------------------------------------------------------- chapter 6
def ei_condition_survey(rng: np.random.Generator, n_networks: int = 200, *, n_states: int = 200,
                        tau_y_range=(0.2, 2.0)) -> tuple[int, float]:
    r"""Largest :math:`\dot H` on the manifold over random E–I networks with :math:`r` inside the admissible interval.

    Each network is :func:`rnn_energy.instances.random_ei` with :math:`\tau_y` uniform in
    ``tau_y_range``; those with no admissible :math:`r` are skipped. Returns how many were
    used and the largest :math:`\dot H` found at ``n_states`` random manifold states each.
    """
    worst, count = -np.inf, 0
    for _ in range(n_networks):
        base = random_ei(rng, tau_y=rng.uniform(*tau_y_range))
        interval = admissible_r(base)
        if interval is None:
            continue
        net = ExcitatoryInhibitory(base.a, base.b, base.c, base.u, base.v, base.tau_x, base.tau_y,
                                   rng.uniform(*interval))
        manifold = net.lift(rng.uniform(-0.95, 0.95, size=(n_states, net.n_x + net.n_y)))
        worst, count = max(worst, float(sum(net.rate_terms(manifold).values()).max())), count + 1
    return count, worst


def limit_cycle_sweep(tau_ys, *, t_max: float = 300.0, **pair) -> dict[str, Array]:
    r"""For each :math:`\tau_y`: the oscillation amplitude of :math:`x` at the end of a run of the
    1+1 network, whether the sufficient conditions can hold (some admissible :math:`r`), the
    :math:`r` used (middle of the admissible interval, else the lower bound), and the largest
    increase of :math:`H` along the lifted flow started on the manifold with that :math:`r`."""
    tau_ys = as_finite_array(tau_ys, "tau_ys", ndim=1)
    t = np.linspace(0.0, t_max, 6001)
    out = {"amplitude": [], "admissible": [], "r": [], "H increase": []}
    for tau_y in tau_ys:
        base = ei_pair(tau_y=float(tau_y), **pair)
        interval = admissible_r(base)
        r = 0.5 * sum(interval) if interval else max(0.0, (base.f.gain * base.a[0, 0] - 1) / base.tau_x)
        system = ei_pair(tau_y=float(tau_y), r=r, **pair)
        traj = simulate(system.vector_field, system.lift(np.array([0.1, 0.05])), t, rtol=1e-9, atol=1e-11).y
        out["amplitude"].append(float(oscillation_amplitude(traj[:, :1])[0]))
        out["admissible"].append(interval is not None)
        out["r"].append(r)
        out["H increase"].append(float(largest_increase(system.hamiltonian(traj))))
    return {k: np.array(v) for k, v in out.items()}


def phase_portrait_runs(tau_ys, x0, t_eval, **pair) -> dict[float, Array]:
    """Trajectories of the 1+1 pair's network (not lifted) from ``x0`` for each :math:`\\tau_y`."""
    return {float(tau): simulate(ei_pair(tau_y=float(tau), **pair).network_field, x0, t_eval, rtol=1e-9).y
            for tau in tau_ys}


# ------------------------------------------------------------------------------ chapter 7
def certificate_survey(rng: np.random.Generator, asymmetries, *, gains=(0.8, 2.0), n_instances: int = 60,
                       n: int = 4, n_starts: int = 16, n_steps: int = 600) -> dict[str, Array]:
    r"""Convergent against certified couplings, at each asymmetry level and gain.

    For each ``(gain, a)``: ``n_instances`` couplings :func:`rnn_energy.instances.coupling_with_spectrum`
    (``lambda_min = -0.5``), iterated (tanh) from ``n_starts`` starts in the cube for ``n_steps``; a
    coupling *converges* if every orbit ends on a fixed point (period 1, tolerance 1e-7), and is
    *certified* if :func:`rnn_energy.certificates.certify` finds a certificate. Returns counts with
    shape ``(len(gains), len(asymmetries))``.
    """
    from .certificates import certify
    from .instances import coupling_with_spectrum

    shape = (len(gains), len(asymmetries))
    out = {k: np.zeros(shape, dtype=int) for k in ("converge", "certified", "contraction", "quasi-symmetric",
                                                  "certified but not converging")}
    for i, gain in enumerate(gains):
        for j, a in enumerate(asymmetries):
            ms = np.array([coupling_with_spectrum(rng, n, lambda_min=-0.5, gain=gain, asymmetry=a)
                           for _ in range(n_instances)])
            orbit = iterate(RecurrentMap(ms), rng.uniform(-1, 1, size=(n_instances, n_starts, n)), n_steps)
            converge = np.all(orbit_period(orbit, tol=1e-7, max_period=12, tail=24) == 1, axis=-1)
            cert = certify(ms)
            out["converge"][i, j] = int(np.sum(converge))
            out["certified"][i, j] = int(np.sum(cert["any"]))
            out["contraction"][i, j] = int(np.sum(cert["contraction"]))
            out["quasi-symmetric"][i, j] = int(np.sum(cert["quasi-symmetric"]))
            out["certified but not converging"][i, j] = int(np.sum(cert["any"] & ~converge))
    out["n_instances"] = n_instances
    return out


def sequence_region_map(rng: np.random.Generator, lams, gains, *, n_starts: int = 64, n_steps: int = 1500) -> Array:
    r"""Classes (:data:`rnn_energy.sequence.ATTRACTOR_CLASSES`) of the sequence coupling
    :math:`M = \Xi(I + \lambda P^\top)\Xi^\top` on the grid ``lams`` × ``gains``, shape ``(len(lams), len(gains))``."""
    from .sequence import classify_attractors, sequence_coupling

    ms = np.array([sequence_coupling(g, lam) for lam in lams for g in gains])
    starts = rng.uniform(-1, 1, size=(ms.shape[0], n_starts, ms.shape[-1]))
    cls, _ = classify_attractors(ms, starts, n_steps)
    return cls.reshape(len(lams), len(gains))


def sequence_run(model, t_max: float = 120.0, n_samples: int = 2401) -> dict[str, Array]:
    r"""Eq. (1) from the first pattern (on the slow manifold above :math:`2\xi_1`): times, states, overlaps,
    ring angle and the energy balance along the run."""
    from .sequence import energy_balance, overlaps, ring_angle
    from .simulate import simulate_model

    t = np.linspace(0.0, t_max, n_samples)
    states = simulate_model(model, model.lift(2.0 * np.sign(model.xi[:, 0])), t, rtol=1e-9, atol=1e-11).y
    v_f = states[:, : model.n_f]
    return {"t": t, "states": states, "overlaps": overlaps(model, v_f), "angle": ring_angle(model, v_f),
            **energy_balance(model, states)}


def dwell_time_sweep(t_ds, *, gain: float = 3.0, lam: float = 0.6, t_max: float = 400.0) -> Array:
    r"""Mean dwell time on a pattern (time between hops) of eq. (1) for each :math:`T_d` (``nan`` when it stops)."""
    from dataclasses import replace

    from .instances import sequence_network
    from .sequence import dwell_times, overlaps
    from .simulate import simulate_model

    out = []
    for t_d in t_ds:
        model = replace(sequence_network(gain, lam), t_d=float(t_d))
        t = np.linspace(0.0, t_max, 8001)
        states = simulate_model(model, model.lift(2.0 * np.sign(model.xi[:, 0])), t, rtol=1e-8, atol=1e-10).y
        dwell = dwell_times(t[4000:], overlaps(model, states[4000:, : model.n_f]))
        out.append(float(np.mean(dwell)) if dwell.size >= 2 else np.nan)
    return np.array(out)
