"""Ledger checks for chapter 1, eqs. (1)–(7): from continuous time to the map.

Evidence by entry:

* (1) ``finite-differences``: the vector field against central differences of the energy (2);
* (2) ``sampled``: the rise of (2) along simulated trajectories of seeded networks, per instance
  with its spread over seeds, and the corrected dissipation identity by a directional central
  difference of (2) along (1);
* (3) ``sampled``: the order of convergence to the slow manifold, one fitted slope per instance;
* (4)–(7) ``symbolic``: the notes' typed forms against the slow variables solved from (1)
  (:mod:`rnn_energy.ledger.symbolic`). The numeric versions compared the same product of
  matrices typed twice and could only see round-off.

Every check takes ``control``: with ``control=True`` it runs the same comparison, at the same
tolerance, on the deliberately wrong variant named in its ``control=`` line.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np

from ..experiments import largest_increase
from ..finite_differences import gradient_fd
from ..instances import random_three_population, seeded
from ..reduction import energy_along, loglog_slope
from ..simulate import simulate_model
from ..three_population import ThreePopulation
from .registry import Verdict, correction_verdict, identity_verdict, register, sampled_verdict, symbolic_verdict

#: Central-difference step of the checks of (1) and (2); see their docstrings for the error order.
FD_STEP = 1e-5


def instances(**params) -> list[tuple[ThreePopulation, np.random.Generator]]:
    """The ledger's seeded random networks (N_f = 4, N_h = 3) with their generators."""
    return seeded(random_three_population, 4, 3, **params)


def transposed_phi(model: ThreePopulation) -> ThreePopulation:
    r"""The same network with :math:`\Phi` in place of :math:`\Phi^\top` (Karuvally et al.'s convention).

    The negative controls of (1) and (3) use it: the mistake of reading the delayed coupling
    in the other convention.
    """
    return replace(model, phi=model.phi.T)


# ----------------------------------------------------------------------------- eq. (1)
@register("1", chapter=1, title="three-population dynamics", claimed="holds", anchor="ch1-model",
          implements="rnn_energy.three_population.ThreePopulation.vector_field", kind="finite-differences",
          control="Phi in place of Phi' in the V_h row of (1) (the transposed convention), energy (2) unchanged")
def check_eq1(control: bool = False) -> Verdict:
    r"""The V_f and V_h rows of (1) are the preconditioned gradient descent of (2).

    ``T_f dV_f/dt = -D_f^{-1} dE/dV_f`` and ``T_h dV_h/dt = -D_h^{-1} dE/dV_h`` with
    :math:`D = \mathrm{diag}(\sigma')`, the gradient taken by central differences of eq. (2)
    (tanh in both populations, :math:`\alpha_s, \alpha_c \ne 1`, 8 states on 5 seeded networks).

    Tolerance: the central difference with step ``h = 1e-5`` has truncation error
    :math:`h^2|E'''|/6 \approx 10^{-10}` and round-off :math:`\epsilon|E|/h \approx 10^{-10}`;
    dividing by :math:`\sigma'(V) \ge 10^{-2}` (for :math:`|V| \le 3`) amplifies them to at most
    :math:`\sim 10^{-8}`. ``1e-7`` leaves a factor 10; a wrong coupling is off by :math:`O(1)`.
    """
    worst = 0.0
    for model, rng in instances(sigma_h="tanh", alpha_s=0.7, alpha_c=1.3, t_f=1.5, t_h=0.4, t_d=0.8):
        state = rng.standard_normal((8, model.dim))
        grad = gradient_fd(model.energy, state, h=FD_STEP)
        g_f, g_h, _ = model.split(grad, "gradient")
        v_f, v_h, _ = model.split(state)
        flow = transposed_phi(model) if control else model
        dv_f, dv_h, _ = model.split(flow.vector_field(state), "vector_field")
        err_f = np.abs(model.t_f * dv_f + g_f / model.sigma_f.derivative(v_f))
        err_h = np.abs(model.t_h * dv_h + g_h / model.sigma_h.derivative(v_h))
        worst = max(worst, float(err_f.max()), float(err_h.max()))
    return identity_verdict(
        worst, 1e-7,
        ("control: " if control else "")
        + "T_f dV_f/dt = -D_f^-1 dE/dV_f and T_h dV_h/dt = -D_h^-1 dE/dV_h (central differences "
        "of (2), h = 1e-5, 5 networks x 8 states); the V_d row has no such form",
    )


# ----------------------------------------------------------------------------- eq. (2)
T_ENERGY = np.linspace(0.0, 20.0, 2001)


@functools.cache
def _energy_rises(phi_scale: float, t_d: float) -> tuple[np.ndarray, np.ndarray]:
    """Per seeded instance: largest rise of (2) between samples, and largest pointwise dE/dt.

    Four trajectories of (1) per instance on ``T_ENERGY``; cached, since the check and its
    control look at the same trajectories.
    """
    sampled, pointwise = [], []
    for model, rng in instances(phi_scale=phi_scale, t_h=0.5, t_d=t_d):
        traj = simulate_model(model, rng.standard_normal((4, model.dim)), T_ENERGY)
        sampled.append(float(np.max(largest_increase(energy_along(model, traj)))))
        pointwise.append(float(np.max(model.energy_rate(traj.y))))
    return np.array(sampled), np.array(pointwise)


def decoupled_delay() -> ThreePopulation:
    r"""The boundary instance :math:`\Xi = [1, 1]`, :math:`\Phi = [[1, 1], [-1, -1]]`: :math:`\Xi\Phi = 0`, :math:`\Phi \ne 0`."""
    return ThreePopulation(xi=[[1.0, 1.0]], phi=[[1.0, 1.0], [-1.0, -1.0]], t_h=0.5, t_d=1.0)


def _boundary_rise() -> float:
    """Largest rise of (2) along four trajectories of :func:`decoupled_delay` (seed 0)."""
    model = decoupled_delay()
    traj = simulate_model(model, np.random.default_rng(0).standard_normal((4, model.dim)), T_ENERGY)
    return max(float(np.max(largest_increase(energy_along(model, traj)))),
               float(np.max(model.energy_rate(traj.y))))


def dissipation_identity_error(model: ThreePopulation, state, cross_sign: float = 1.0) -> float:
    r"""Largest :math:`|dE/dt - (\text{feature} + \text{hidden} + \text{cross})|` over a batch of states.

    :math:`dE/dt` is the directional central difference
    :math:`|F|\,[E(x + hu) - E(x - hu)]/2h` of eq. (2) along the unit vector :math:`u = F/|F|` of
    the field :math:`F` of eq. (1) (``h = 1e-5`` in arc length), so it uses neither
    :meth:`ThreePopulation.energy_gradient` nor the chain rule; the right side is
    :meth:`ThreePopulation.dissipation_terms` with its cross term multiplied by ``cross_sign``.
    """
    field = model.vector_field(state)
    speed = np.linalg.norm(field, axis=-1)
    if np.any(speed == 0):
        raise ValueError("state must not contain fixed points of (1): the direction of the field is undefined")
    step = (FD_STEP / speed)[..., None] * field
    rate = speed * (model.energy(state + step) - model.energy(state - step)) / (2 * FD_STEP)
    feature, hidden, cross = model.dissipation_terms(state)
    return float(np.max(np.abs(rate - (feature + hidden + cross_sign * cross))))


@register("2", chapter=1, title="energy of the three-population network", claimed="corrected",
          anchor="ch1-energy", implements="rnn_energy.three_population.ThreePopulation.energy", kind="sampled",
          control="the corrected dE/dt with the cross term's sign flipped (+alpha_c dV_d' Xi Phi s_h)")
def check_eq2(control: bool = False) -> Verdict:
    r"""(2) is not an energy of (1) when :math:`\alpha_c\Xi\Phi \ne 0`; it is when :math:`\alpha_c\Xi\Phi = 0` or V_d is frozen.

    Seed error: the largest rise of (2) between samples of trajectories of (1) with
    :math:`\Phi \ne 0` (5 seeded networks, 4 trajectories each; the spread is over the seeds).

    Corrected form: :math:`dE/dt = -T_f|\dot V_f|^2_{D_f} - T_h|\dot V_h|^2_{D_h}
    - \alpha_c\dot V_d^\top\Xi\Phi\sigma_h(V_h)`, so E never rises when :math:`\alpha_c\Xi\Phi = 0`
    (note: :math:`\Phi \ne 0` is allowed, e.g. :func:`decoupled_delay`) or ``t_d = inf``. Its
    error is the largest of: the mismatch of that identity against a directional central
    difference of (2) (:func:`dissipation_identity_error`), and the largest rise of (2) along
    trajectories with :math:`\Phi = 0`, with V_d frozen, and on the boundary instance.

    Tolerance ``1e-7``: the directional difference with arc-length step ``h = 1e-5`` errs by
    truncation :math:`h^2|F||\partial_u^3E|/6 \approx 10^{-9}` plus round-off
    :math:`\epsilon|E||F|/h \approx 3\times10^{-9}` (here :math:`|E| \le 12`, :math:`|F| \le 15`);
    ``1e-7`` is 30 times that. The trajectories are integrated with rtol ``1e-9``, atol ``1e-11``,
    and E is evaluated at the samples exactly, so a decreasing E shows rises of round-off size
    (:math:`\sim 10^{-14}`) only. The rises with :math:`\Phi \ne 0` are of order ``1e-1``.
    """
    seed_rises, _ = _energy_rises(1.5, 1.0)
    rises_0, rates_0 = _energy_rises(0.0, 1.0)
    rises_frozen, rates_frozen = _energy_rises(1.5, np.inf)
    boundary_rise = _boundary_rise()
    identity_error = 0.0
    for model, rng in instances(phi_scale=1.5, t_h=0.5, t_d=1.0):
        state = rng.standard_normal((16, model.dim))
        identity_error = max(identity_error, dissipation_identity_error(model, state, -1.0 if control else 1.0))
    no_rise = max(rises_0.max(), rates_0.max(), rises_frozen.max(), rates_frozen.max(), boundary_rise)
    verdict = correction_verdict(
        float(seed_rises.max()), max(identity_error, float(no_rise)), 1e-7,
        ("control: " if control else "")
        + f"with alpha_c Xi Phi != 0, (2) rose by up to {seed_rises.max():.3e} along (1) (on "
        f"{int(np.sum(seed_rises > 1e-7))} of {seed_rises.size} seeds; largest rise per seed "
        f"{seed_rises.min():.1e} to {seed_rises.max():.1e}); corrected dE/dt identity off by "
        f"{identity_error:.1e} (central differences); with Phi = 0, V_d frozen, or Xi Phi = 0 and "
        f"Phi != 0, E rose by at most {no_rise:.1e}",
    )
    return replace(verdict, spread=float(np.ptp(seed_rises)),
                   boundary=f"Xi = [1, 1], Phi = [[1, 1], [-1, -1]] (Xi Phi = 0, Phi != 0): largest rise "
                            f"{boundary_rise:.1e}, so the condition is alpha_c Xi Phi = 0, not Phi = 0")


# ----------------------------------------------------------------------------- eq. (3)
EPS_VALUES = (1e-3, 1e-4, 1e-5)


@functools.cache
def _fast_trajectories() -> tuple:
    """For 3 seeded networks and each eps of :data:`EPS_VALUES`: (model, V_f, V_h, V_d) after the layer.

    The full system (1) with ``T_h = T_d = eps``, two states started off the manifold, sampled
    on ``[50 eps, 5]`` (Radau, rtol ``1e-10``, atol ``1e-12``). Cached: check and control share it.
    """
    out = []
    for model, rng in instances(phi_scale=1.0)[:3]:
        state0 = rng.standard_normal((2, model.dim))
        runs = []
        for eps in EPS_VALUES:
            fast = replace(model, t_h=eps, t_d=eps)
            t = np.concatenate([[0.0], np.linspace(50 * eps, 5.0, 201)])
            traj = simulate_model(fast, state0, t, rtol=1e-10, atol=1e-12)
            runs.append((fast,) + fast.split(traj.y[1:]))
        out.append(runs)
    return tuple(out)


@register("3", chapter=1, title="slow manifold as T_h, T_d -> 0", claimed="holds", anchor="ch1-limit",
          implements="rnn_energy.three_population.ThreePopulation.slow_manifold", kind="sampled",
          control="distance measured to the manifold with Phi in place of Phi' (V_h = Xi's + Phi Xi's)")
def check_eq3(control: bool = False) -> Verdict:
    r"""Started off the slow manifold, the full system is within :math:`O(\varepsilon)` of it after the layer.

    For each of 3 seeded networks, the largest distance to the slow manifold (eq. 3) after the
    initial layer is fitted against :math:`\varepsilon = T_h = T_d \in \{10^{-3}, 10^{-4}, 10^{-5}\}`;
    the per-instance value is :math:`|\text{slope} - 1|`, the spread that of the slopes.

    Tolerance ``0.05``: Tikhonov gives distance :math:`C_1\varepsilon + C_2\varepsilon^2`, so the
    fitted slope differs from 1 by :math:`O(\varepsilon C_2/C_1)` (measured: below ``5e-3``); the
    integrator's error (rtol ``1e-10``, atol ``1e-12``) is about :math:`10^{-5}` of the smallest
    distance (:math:`\sim 10^{-4}`). An order :math:`\varepsilon^{1/2}` or :math:`\varepsilon^2`,
    or no convergence at all, is off by ``>= 0.5``.
    """
    slopes, first, last = [], [], []
    for runs in _fast_trajectories():
        distances = []
        for fast, v_f, v_h, v_d in runs:
            v_h_slow, v_d_slow = (transposed_phi(fast) if control else fast).slow_manifold(v_f)
            distances.append(float(np.max(np.abs(np.concatenate([v_h - v_h_slow, v_d - v_d_slow], axis=-1)))))
        slopes.append(loglog_slope(np.array(EPS_VALUES), np.array(distances)))
        first.append(distances[0])
        last.append(distances[-1])
    slopes = np.array(slopes)
    return sampled_verdict(
        np.abs(slopes - 1.0), 0.05,
        ("control: " if control else "")
        + f"distance to the slow manifold after the initial layer ~ eps^p, p = {slopes.min():.3f} to "
        f"{slopes.max():.3f} over 3 seeds ({max(first):.2e} at eps=1e-3, {max(last):.2e} at eps=1e-5)",
        spread_of=slopes,
    )


# ------------------------------------------------------------------------ eqs. (4)-(7)
@register("4", chapter=1, title="V_d substituted into V_h", claimed="holds", anchor="ch1-reduction",
          implements="rnn_energy.three_population.ThreePopulation.slow_manifold", kind="symbolic",
          control="Phi in place of Phi' (transpose dropped)")
def check_eq4(control: bool = False) -> Verdict:
    """Eq. (4) as typed, V_h = Xi' s + Phi' Xi' s, against V_h solved from the fast rows of (1) (alpha = 1).

    Decided exactly by :func:`rnn_energy.ledger.symbolic.decide_4` over symbolic matrices.
    """
    return symbolic_verdict("4", "V_h = Xi' s + Phi' Xi' s against V_h solved from the fast rows of (1)",
                            control=control)


@register("5", chapter=1, title="V_h = (I + Phi') Xi' s(V_f)", claimed="holds", anchor="ch1-reduction",
          implements="rnn_energy.three_population.ThreePopulation.reduced_matrix", kind="symbolic",
          control="(I - Phi') in place of (I + Phi')")
def check_eq5(control: bool = False) -> Verdict:
    """The factored form (I + Phi') Xi' s(V_f) against the slow V_h of (1) (alpha = 1).

    Decided exactly by :func:`rnn_energy.ledger.symbolic.decide_5`.
    """
    return symbolic_verdict("5", "(I + Phi') Xi' s against the slow V_h of (1)", control=control)


@register("6", chapter=1, title="Euler step of the reduced flow", claimed="holds", anchor="ch1-reduction",
          implements="rnn_energy.three_population.ThreePopulation.reduced_map", kind="symbolic",
          control="Xi (I + Phi) Xi' (transpose dropped)")
def check_eq6(control: bool = False) -> Verdict:
    """T_f (V_f(t+1) - V_f(t)) = Xi (I + Phi') Xi' s(V_f) - V_f for the Euler step of (1), T_f symbolic.

    Decided exactly by :func:`rnn_energy.ledger.symbolic.decide_6`.
    """
    return symbolic_verdict("6", "Xi (I + Phi') Xi' s - V_f against T_f (V_f(t+1) - V_f) of the Euler "
                            "step of (1), any T_f", control=control)


@register("7", chapter=1, title="the map V_f(t+1) = M s(V_f(t))", claimed="holds", anchor="ch1-map",
          implements="rnn_energy.maps.FeatureMap", kind="symbolic",
          control="the step at T_f = 2 (the notes' condition T_f = 1 dropped)")
def check_eq7(control: bool = False) -> Verdict:
    """With T_f = 1 (the notes' condition), eq. (7) is the Euler step of the reduced flow.

    Decided exactly by :func:`rnn_energy.ledger.symbolic.decide_7`. For T_f != 1 the step is the
    convex combination (1 - 1/T_f) V_f + M s(V_f) / T_f instead, which is the control.
    """
    return symbolic_verdict("7", "Xi (I + Phi') Xi' s against the Euler step of (1) with T_f = 1",
                            control=control)
