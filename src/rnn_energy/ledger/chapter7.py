"""Ledger entries for chapter 7: the sequence network — where an energy exists, and what replaces it.

Each theorem and proposition of the chapter is decided on seeded instances, with a negative
control (a hypothesis violated, a weight or sign changed) and, for the theorems, a boundary record:
the same check just inside and just outside the hypothesis, saying whether it is sharp or only
sufficient. The open question carries its measured numbers.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..cccp import conjugate_energy
from ..certificates import best_weights, weighted_descent_bound, weighted_energy
from ..experiments import certificate_survey, largest_increase, sequence_region_map, sequence_run
from ..finite_differences import gradient_fd
from ..instances import coupling_with_spectrum, quasi_symmetric_coupling, random_three_population, sequence_network
from ..maps import RecurrentMap, iterate
from ..orbits import orbit_period
from ..sequence import (
    adiabatic_energy,
    bridge_defects,
    classify_attractors,
    cyclic_shift,
    first_instability,
    memory_fixed_point,
    patterns,
)
from ..three_population import ThreePopulation
from .registry import Verdict, register, sampled_verdict

ROUNDOFF = 1e-12
SEEDS = (1, 2, 3, 4, 5)


def _symmetric_notes_coupling(seed: int, lambda_min: float, asymmetric: bool = False) -> np.ndarray:
    """M = Xi (I + Phi') Xi' with Phi symmetric and non-zero, shifted so that lambda_min(M) = lambda_min."""
    rng = np.random.default_rng(seed)
    model = random_three_population(rng, 4, 4, phi_scale=1.0)
    m = ThreePopulation(model.xi, 0.5 * (model.phi + model.phi.T)).reduced_matrix
    m = m - (np.linalg.eigvalsh(m)[0] - lambda_min) * np.eye(4)
    if asymmetric:
        m = m + 0.8 * np.triu(rng.standard_normal((4, 4)), 1)
    return m


def _map_rises(m, rng, energy, n_orbits=20, n_steps=300) -> tuple[float, np.ndarray]:
    g = RecurrentMap(m)
    orbit = iterate(g, rng.uniform(-1, 1, size=(n_orbits, 4)), n_steps)
    return float(np.max(largest_increase(energy(orbit)))), orbit_period(orbit, tol=1e-7, max_period=4, tail=16)


# ----------------------------------------------------------------------- where an energy exists
@register("thm-seq-symmetric", chapter=7, title="symmetric M with Phi != 0, lambda_min(M) > -1/beta: sum G(v) - v'Mv/2 never rises",
          claimed="holds", anchor="ch7-energy", implements="rnn_energy.cccp.conjugate_energy",
          kind="sampled", control="an asymmetric M (Phi not symmetric)")
def check_thm_seq_symmetric(control: bool = False) -> Verdict:
    """Five notes' couplings with symmetric Phi != 0 and lambda_min(M) = -0.8 (tanh, beta = 1): the
    energy with M (not the notes' K) never rises. Boundary lambda_min = -0.9 / -1.1."""
    def rises(lam, asymmetric=False):
        out, periods = [], []
        for seed in SEEDS:
            m = _symmetric_notes_coupling(seed, lam, asymmetric)
            rise, period = _map_rises(m, np.random.default_rng(seed), lambda v, m=m: conjugate_energy(RecurrentMap(m), v))
            out.append(rise)
            periods.append(period)
        return np.array(out), np.concatenate(periods)

    inside, _ = rises(-0.8, asymmetric=control)
    just_in, _ = rises(-0.9)
    just_out, out_periods = rises(-1.1)
    sharp = "sharp" if just_out.max() > 1e-6 else "only sufficient"
    return sampled_verdict(inside, ROUNDOFF, f"largest rise {inside.max():.1e} over 5 couplings x 20 orbits x 300 steps",
                           boundary=f"{sharp}: largest rise {just_in.max():.1e} at lambda_min = -0.9, {just_out.max():.1e} "
                                    f"at -1.1 ({np.mean(out_periods == 2):.0%} of orbits end in 2-cycles)")


@register("thm-quasi-symmetric", chapter=7, title="M = DS: E_D = sum G(v_i)/d_i - v'Sv/2 never rises if lambda_min(M) > -1/beta",
          claimed="holds", anchor="ch7-quasi", implements="rnn_energy.certificates.weighted_energy",
          kind="sampled", control="the unweighted sum G(v_i) - v'Sv/2 (the weighting 1/d_i dropped)")
def check_thm_quasi_symmetric(control: bool = False) -> Verdict:
    """Five seeded M = DS (weights spread e^{+-1}) with lambda_min(M) = -0.8: E_D never rises and every
    step is below the strong-convexity bound; the unweighted energy must rise. Boundary: -0.9 / -1.1."""
    def measure(lam, weighted=True):
        rises, slack, periods = [], [], []
        for seed in SEEDS:
            rng = np.random.default_rng(seed)
            m, d, s = quasi_symmetric_coupling(rng, 4, lambda_min=lam, gain=2.0, spread=1.0)
            w = d if weighted else np.ones(4)
            rise, period = _map_rises(m, rng, lambda v, w=w, s=s: weighted_energy(w, s, v))
            orbit = iterate(RecurrentMap(m), rng.uniform(-1, 1, size=(20, 4)), 100)
            step = weighted_energy(d, s, orbit[1:]) - weighted_energy(d, s, orbit[:-1])
            slack.append(float(np.max(step - weighted_descent_bound(d, s, orbit[:-1], orbit[1:]))))
            rises.append(rise)
            periods.append(period)
        return np.array(rises), max(slack), np.concatenate(periods)

    rise, slack, _ = measure(-0.8, weighted=not control)
    just_in, _, _ = measure(-0.9)
    just_out, _, out_periods = measure(-1.1)
    sharp = "sharp" if just_out.max() > 1e-6 else "only sufficient"
    return sampled_verdict(np.maximum(rise, slack), ROUNDOFF,
                           f"largest rise {rise.max():.1e}, largest step above the bound {slack:.1e}",
                           boundary=f"{sharp}: largest rise {just_in.max():.1e} at lambda_min(M) = -0.9, "
                                    f"{just_out.max():.1e} at -1.1 ({np.mean(out_periods == 2):.0%} of orbits in 2-cycles)")


@register("thm-contraction", chapter=7, title="beta ||D M D^-1||_2 < 1: ||Dv|| decreases along every orbit, the origin is the only fixed point",
          claimed="holds", anchor="ch7-contraction", implements="rnn_energy.certificates.best_weights",
          kind="sampled", control="M rescaled so that beta rho(M) = 1.5 (no weights can work)")
def check_thm_contraction(control: bool = False) -> Verdict:
    """Five asymmetric couplings (asymmetry 1) rescaled so the optimised weighted norm is 0.9: the largest
    ratio ||D v_(k+1)|| / ||D v_k|| stays below 0.9. Boundary: rescaled to 1.1, whether orbits still converge."""
    def ratios(target, by_radius=False):
        worst, converge = [], []
        for m, rng in ((coupling_with_spectrum(np.random.default_rng(s), 4, lambda_min=-0.5, gain=1.0, asymmetry=1.0),
                        np.random.default_rng(100 + s)) for s in SEEDS):
            d, norm = best_weights(m)
            m = m * target / (np.max(np.abs(np.linalg.eigvals(m))) if by_radius else norm)
            orbit = iterate(RecurrentMap(m), rng.uniform(-1, 1, size=(50, 4)), 300)
            size = np.linalg.norm(orbit * d, axis=-1)
            worst.append(float(np.max(size[1:] / np.maximum(size[:-1], 1e-300))))
            converge.append(float(np.max(np.abs(orbit[-1]))))
        return np.array(worst), np.array(converge)

    worst, _ = ratios(1.5 if control else 0.9, by_radius=control)
    _, out_end = ratios(1.1)
    sharp = "only sufficient" if out_end.max() < 1e-6 else "sharp"
    return sampled_verdict(worst, 0.9 + 1e-9, f"largest ratio ||Dv'||/||Dv|| {worst.max():.4f} (bound 0.9)",
                           boundary=f"{sharp}: at weighted norm 1.1 the largest |v| after 300 steps is {out_end.max():.1e}")


@register("open-seq-asymmetric", chapter=7, title="asymmetric M without cycles: which converge without a certificate?",
          claimed="open", anchor="open-seq-asymmetric", implements="rnn_energy.experiments.certificate_survey",
          kind="sampled")
def check_open_seq_asymmetric(control: bool = False) -> Verdict:
    """The survey of the chapter at gain 2 and asymmetries 0.25, 0.5 (20 couplings each): convergent and certified counts."""
    s = certificate_survey(np.random.default_rng(7), (0.25, 0.5), gains=(2.0,), n_instances=20)
    conv, cert = s["converge"][0], s["certified"][0]
    return Verdict("open", float(np.sum(conv - cert)) / 40,
                   f"asymmetry 0.25: {conv[0]}/20 converge, {cert[0]}/20 certified; asymmetry 0.5: {conv[1]}/20 converge, "
                   f"{cert[1]}/20 certified; no certificate is known for the rest")


# ------------------------------------------------------------------------ the sequence coupling
@register("prop-seq-regions", chapter=7, title="sequence coupling with the auto-associative term: cycles never without fixed points (grid)",
          claimed="holds", anchor="ch7-regions", implements="rnn_energy.sequence.classify_attractors",
          kind="sampled", control="the auto-associative and mixture directions removed: M = Xi lam (P' - J/3) Xi'")
def check_prop_seq_regions(control: bool = False) -> Verdict:
    """On a 7 x 8 grid of (lam, g) with 64 starts per cell, no cell has cycles only; cycles occur (with fixed points) somewhere."""
    lams, gains = np.linspace(0.0, 3.0, 7), np.linspace(0.5, 4.0, 8)
    if control:
        xi = patterns(3) / 2.0
        ms = np.array([g * lam * xi @ (cyclic_shift(3).T - np.ones((3, 3)) / 3) @ xi.T + 1e-3 * g * np.eye(4)
                       for lam in lams for g in gains])
        cls = classify_attractors(ms, np.random.default_rng(0).uniform(-1, 1, size=(ms.shape[0], 64, 4)))[0]
    else:
        cls = sequence_region_map(np.random.default_rng(0), lams, gains, n_starts=64)
    counts = [int(np.sum(cls == k)) for k in range(4)]
    ok = counts[1] == 0 and counts[2] > 0
    return Verdict("holds" if ok else "fails", float(counts[1]),
                   f"cells: fixed points only {counts[0]}, cycles only {counts[1]}, both {counts[2]}, unsettled {counts[3]}",
                   exact=True)  # a count of cells, not a floating-point difference


@register("prop-moving-landscape", chapter=7, title="dE/dt = -dissipation + (dE/dV_d) V_d'; frozen V_d: E_ad descends; rise <= ||alpha_c Xi Phi|| ||V_h|| ||sigma - V_d|| / T_d",
          claimed="holds", anchor="ch7-landscape", implements="rnn_energy.sequence.energy_balance",
          kind="finite-differences", control="the landscape-motion term with its sign flipped")
def check_prop_moving_landscape(control: bool = False) -> Verdict:
    """Along a sequence run: identity of the split (round-off), motion term below its pointwise and a
    priori bounds; grad E_ad = -T_f sigma' V_f' at frozen V_d by central differences."""
    model = sequence_network(3.0, 0.6)
    run = sequence_run(model, t_max=60.0, n_samples=601)
    sign = -1.0 if control else 1.0
    identity = float(np.max(np.abs(run["rate"] - run["dissipation"] - sign * run["motion"])))
    over = float(np.max(run["motion"] - run["pointwise bound"]))
    over_prior = float(np.max(run["pointwise bound"] - run["a priori bound"]))
    v_f, v_d = run["states"][::50, : model.n_f], run["states"][::50, -model.n_f:]
    grad = gradient_fd(lambda x: adiabatic_energy(model, x, v_d), v_f)
    h = model.hidden_drive(v_f, v_d)
    fast = (np.sqrt(model.alpha_s) * h @ model.xi.T - v_f) / model.t_f
    fd = float(np.max(np.abs(grad + model.t_f * model.sigma_f.derivative(v_f) * fast)))
    worst = max(identity / 1e-9, fd / 1e-7, max(over, over_prior, 0.0) / 1e-12)
    ratio = float(np.max(run["motion"] / np.maximum(run["pointwise bound"], 1e-300)))
    return Verdict("holds" if worst <= 1.0 else "fails", identity,
                   f"split identity {identity:.1e}, FD gradient error {fd:.1e}, motion - bound <= {max(over, 0.0) + 0.0:.1e}",
                   boundary=f"pointwise bound reached to {ratio:.2f}; largest motion / a priori bound "
                            f"{np.max(run['motion']) / run['a priori bound'][0]:.3f}")


@register("prop-seq-bifurcation", chapter=7, title="the memory is lost at a fold (T_d = 2) or a Hopf point before it (T_d = 10)",
          claimed="holds", anchor="ch7-bifurcation", implements="rnn_energy.sequence.first_instability",
          kind="finite-differences", control="Phi = 0 (no sequence coupling): the memory is never lost")
def check_prop_seq_bifurcation(control: bool = False) -> Verdict:
    """Bisection on alpha_c in [0.3, 0.7] for the sequence network (g = 3): the fold (T_d-free) and the first
    crossing of the Jacobian of (1); fold at T_d = 2, Hopf (complex pair) strictly before the fold at T_d = 10."""
    base = sequence_network(3.0, 0.3)
    if control:
        base = replace(base, phi=np.zeros((3, 3)))
    start = memory_fixed_point(base, 2.0 * np.sign(base.xi[:, 0]))
    slow = first_instability(replace(base, t_d=10.0), start, 0.3, 0.7)
    fast = first_instability(replace(base, t_d=2.0), start, 0.3, 0.7)
    ok = (fast.fold < 0.7 - 1e-3 and fast.kind == "fold" and slow.kind == "Hopf" and slow.alpha_c < slow.fold)
    return Verdict("holds" if ok else "fails", float(slow.fold - slow.alpha_c),
                   f"fold at alpha_c = {fast.fold:.4f}; T_d = 2: {fast.kind}; T_d = 10: {slow.kind} at {slow.alpha_c:.4f}, "
                   f"omega = {abs(slow.eigenvalue.imag):.4f}")


@register("prop-no-lyapunov", chapter=7, title="a periodic attractor of (1): E rises along it; no strict Lyapunov function exists there",
          claimed="holds", anchor="ch7-bridge", implements="rnn_energy.sequence.cycle_period",
          kind="counterexample", control="alpha_c = 0.3 (the memory is a stable fixed point)")
def check_prop_no_lyapunov(control: bool = False) -> Verdict:
    """At alpha_c = 0.6, T_d = 2 eq. (1) hops through the memories periodically; four different starts end on
    the same cycle (same dwell time) and E (2) rises along it; the control comes to rest."""
    model = sequence_network(3.0, 0.3 if control else 0.6)
    run = sequence_run(model, t_max=200.0, n_samples=2001)
    tail = run["rate"][1000:]
    speed = float(np.max(np.abs(model.vector_field(run["states"][-1]))))
    rise = float(np.max(tail))
    ok = rise > 1e-3 and speed > 1e-3
    return Verdict("holds" if ok else "fails", rise,
                   f"largest dE/dt on the attractor {rise:.3f}; speed at t = 200: {speed:.3f}")


@register("prop-bridge", chapter=7, title="chapters 5-6: neither the antisymmetric H nor the E-I minimax H applies to the sequence coupling",
          claimed="holds", anchor="ch7-bridge", implements="rnn_energy.sequence.bridge_defects",
          kind="closed-form", control="Phi = -I (the delay population as inhibition: K = -alpha_c Xi Xi')")
def check_prop_bridge(control: bool = False) -> Verdict:
    """The sequence network has a non-zero symmetric part (chapter 5 needs none) and a non-symmetric delayed
    coupling K (chapter 6 needs K = -R'R); the control, K symmetric negative semidefinite, satisfies chapter 6's."""
    model = sequence_network(3.0, 0.6)
    if control:
        model = replace(model, phi=-np.eye(3))
    d = bridge_defects(model)
    fails_ei = d["cross asymmetry"] > 1e-9 or d["cross lambda_max"] > 1e-9
    ok = d["symmetric part"] > 1e-9 and fails_ei
    return Verdict("holds" if ok else "fails", d["cross asymmetry"],
                   f"||sym M|| / ||M|| = {d['symmetric part']:.3f}; ||K - K'|| / ||K|| = {d['cross asymmetry']:.3f}; "
                   f"lambda_max(sym K) = {d['cross lambda_max']:+.3f}")

