"""Ledger entries for the book's own claims in chapters 1–5: its propositions and theorems, the
sentences that say "exactly", "only" or "every", and the notes' open questions.

Each entry is keyed by the label of the block or target in the chapter and decided by a
computation independent of the proof: seeded instances of a named family (with the worst value
and its spread over seeds), a counterexample, or both sides of a hypothesis (``boundary``).
Round-off tolerances are those of the quantities compared: energies of order one computed in
double precision differ by rounding at the 1e-15 level, so 1e-12 leaves three orders of margin;
the dissipation identity compares an analytic dE/dt with the chain rule, both exact formulas.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..activations import SOFTSIGN, get_activation
from ..cccp import conjugate_energy, descent_bound, two_time_energy
from ..conjugacy import fixed_point_correspondence, lyapunov_correspondence
from ..energies import coupling_gap, coupling_matrix, energy_changes_along
from ..experiments import largest_increase
from ..instances import coupling_with_spectrum, random_three_population, seeded
from ..maps import FeatureMap, RecurrentMap, iterate, scaled_to_norm
from ..orbits import orbit_period
from ..reduction import energy_along
from ..simulate import simulate_model
from ..three_population import ThreePopulation
from .registry import Verdict, register, sampled_verdict

ROUNDOFF = 1e-12

#: Xi = [1, 1] and Phi = [[1, 1], [-1, -1]]: Xi Phi = 0 although Phi != 0.
ANNIHILATED = {"xi": [[1.0, 1.0]], "phi": [[1.0, 1.0], [-1.0, -1.0]]}


# ------------------------------------------------------------------------------ chapter 1
@register("prop-dissipation", chapter=1, title="dE/dt = feature + hidden + cross; the cross term vanishes iff alpha_c Xi Phi = 0",
          claimed="holds", anchor="ch1-energy", implements="rnn_energy.three_population.ThreePopulation.dissipation_terms",
          kind="sampled", control="the cross term's sign flipped in the dissipation identity")
def check_prop_dissipation(control: bool = False) -> Verdict:
    """dE/dt (chain rule) equals the three terms on seeded states; with Xi Phi = 0 and Phi != 0 the
    cross term is identically zero and E never rises along (1).

    The identity compares two exact formulas, so its tolerance is round-off (1e-9 for rates of
    order 10); the rise of E between samples is bounded by 1e-8 (integrator tolerance 1e-9 rtol).
    """
    sign = -1.0 if control else 1.0
    errors = []
    for model, rng in seeded(random_three_population, 4, 3, phi_scale=1.5, t_h=0.5, t_d=1.0):
        state = rng.standard_normal((32, model.dim))
        feature, hidden, cross = model.dissipation_terms(state)
        errors.append(float(np.max(np.abs(model.energy_rate(state) - (feature + hidden + sign * cross)))))
    annihilated = ThreePopulation(**ANNIHILATED, t_h=0.5, t_d=1.0)
    rng = np.random.default_rng(0)
    states = rng.standard_normal((8, annihilated.dim))
    cross_zero = float(np.max(np.abs(annihilated.dissipation_terms(states)[2])))
    traj = simulate_model(annihilated, states, np.linspace(0.0, 20.0, 801))
    rise = float(np.max(largest_increase(energy_along(annihilated, traj))))
    worst = max(errors)
    ok = worst <= 1e-9 and cross_zero == 0.0 and rise <= 1e-8
    return Verdict("holds" if ok else "fails", worst,
                   f"identity to {worst:.1e} on 5 x 32 states; with Xi Phi = 0, Phi != 0: cross term "
                   f"{cross_zero:.0e} and largest rise of E {max(rise, 0.0):.1e} along (1)",
                   spread=float(np.ptp(errors)), boundary="alpha_c Xi Phi = 0 is the exact condition; Phi = 0 is only one case")


# ------------------------------------------------------------------------------ chapter 2
@register("thm-norm-restriction", chapter=2, title="||M||_2 <= 1 and tanh: ||x|| decreases to 0 along every orbit",
          claimed="holds", anchor="ch2-norm", implements="rnn_energy.conjugacy.contraction_ratio",
          kind="sampled", control="M rescaled to norm 1.5 (hypothesis violated)")
def check_thm_norm_restriction(control: bool = False) -> Verdict:
    """Largest ||x_(k+1)|| / ||x_k|| over orbits of five seeded M rescaled to norm 1 (below 1: the
    theorem's strict decrease), and just outside: norm 1.1, where the ratio exceeds 1 somewhere."""
    def ratios(norm):
        out = []
        for model, rng in seeded(random_three_population, 4, 4, phi_scale=0.5):
            f = FeatureMap(scaled_to_norm(model.reduced_matrix, norm))
            orbit = iterate(f, rng.normal(scale=3.0, size=(200, 4)), 300)
            norms = np.linalg.norm(orbit, axis=-1)
            keep = norms[:-1] > 1e-100
            out.append(float(np.max(norms[1:][keep] / norms[:-1][keep])))
        return np.array(out)

    inside = ratios(1.5 if control else 1.0)
    outside = ratios(1.1)
    verdict = "holds" if inside.max() < 1.0 else "fails"
    return Verdict(verdict, float(inside.max()),
                   f"largest norm ratio {inside.max():.4f} over 5 x 200 orbits x 300 steps",
                   spread=float(np.ptp(inside)),
                   boundary=f"sharp: at ||M|| = 1.1 the ratio reaches {outside.max():.4f}")


@register("claim-spectra-transfer", chapter=2, title="fixed points and Jacobian spectra of f and g correspond (AB and BA), exponents to O(1/K)",
          claimed="holds", anchor="ch2-carries", implements="rnn_energy.conjugacy.fixed_point_correspondence",
          kind="sampled", control="Dg evaluated at x* instead of at h(x*)")
def check_spectra_transfer(control: bool = False) -> Verdict:
    """At every fixed point found, eig Df(x*) = eig Dg(h(x*)): M D and D M share their spectrum
    (D = diag sigma'(x*)), which needs only that h maps x* to y* = h(x*) with M y* = x*. Along a
    chaotic orbit K |lambda_f - lambda_g| stays bounded: h = tanh is a diffeomorphism whose
    derivative and inverse derivative are bounded on the bounded set where orbits of f live.
    Eigenvalues of 4 x 4 matrices of order one agree to round-off; 1e-8 is the tolerance."""
    mismatch, n_points = [], 0
    for model, rng in seeded(random_three_population, 4, 4, phi_scale=0.5):
        f = FeatureMap(scaled_to_norm(model.reduced_matrix, 3.0))
        points = fixed_point_correspondence(f, rng.normal(scale=3.0, size=(40, 4))).points
        n_points += len(points)
        at = points if control else f.activation(points)
        eig_f = np.sort_complex(np.linalg.eigvals(f.jacobian(points)))
        eig_g = np.sort_complex(np.linalg.eigvals(RecurrentMap(f.m, f.activation).jacobian(at)))
        mismatch.append(float(np.max(np.abs(eig_f - eig_g))))
    chaotic = FeatureMap(np.random.default_rng(0).standard_normal((16, 16)) * 0.75)
    lam_f, lam_g = lyapunov_correspondence(chaotic, np.random.default_rng(1).standard_normal((1, 16)), 1000)
    k_gap = 1000 * abs(float(lam_f[0] - lam_g[0]))
    worst = max(mismatch)
    ok = worst <= 1e-8 and k_gap < 10
    return Verdict("holds" if ok else "fails", worst,
                   f"largest spectral mismatch {worst:.1e} over {n_points} fixed points of 5 maps; "
                   f"K |lambda_f - lambda_g| = {k_gap:.2f} at K = 1000 on a chaotic orbit",
                   spread=float(np.ptp(mismatch)))


# ------------------------------------------------------------------------------ chapter 3
@register("prop-trial1", chapter=3, title="Trial 1 (V_d held at s(V_f(t))) never increases (25): it is a CCCP step",
          claimed="holds", anchor="ch3-trial1", implements="rnn_energy.energies.adiabatic_energy_change",
          kind="sampled", control="V_d updated with V_f (the slaved change) instead of held")
def check_prop_trial1(control: bool = False) -> Verdict:
    """Largest adiabatic change of (25) over orbits of five seeded instances per Phi scale
    (0.5, 1, 2); non-positive up to round-off (1e-12 on energies of order ten)."""
    which = "slaved" if control else "adiabatic"
    worst = []
    for scale in (0.5, 1.0, 2.0):
        for model, rng in seeded(random_three_population, 4, 3, xi_scale=1.5, phi_scale=scale):
            orbit = iterate(model.feature_map, rng.normal(scale=2.0, size=(10, 4)), 60)
            worst.append(float(np.max(energy_changes_along(model, orbit)[which])))
    return sampled_verdict(worst, ROUNDOFF, f"largest {which} Delta E {max(worst):+.1e} over 15 instances x 10 orbits x 60 steps")


@register("claim-k-minus-m", chapter=3, title="K - M = alpha_c Xi Phi (sqrt(alpha_s) I + alpha_c Phi') Xi'; K = M possible with Phi != 0",
          claimed="holds", anchor="ch3-legendre", implements="rnn_energy.energies.coupling_gap",
          kind="sampled", control="the closed form with Phi and Phi' swapped")
def check_k_minus_m(control: bool = False) -> Verdict:
    """K - M from the two matrices against the closed form on seeded instances with general alpha
    (relative error at round-off, tolerance 1e-12), and K = M exactly for Xi = [1, 1],
    Phi = [[1, 1], [-1, -1]] (Xi Phi = 0, Phi != 0)."""
    errors = []
    for model, _ in seeded(random_three_population, 4, 3, phi_scale=1.0, alpha_s=0.6, alpha_c=1.4):
        gap = coupling_gap(replace(model, phi=model.phi.T) if control else model)
        direct = coupling_matrix(model) - model.reduced_matrix
        errors.append(float(np.max(np.abs(gap - direct)) / (1.0 + np.max(np.abs(direct)))))
    annihilated = ThreePopulation(**ANNIHILATED)
    equal = float(np.max(np.abs(coupling_matrix(annihilated) - annihilated.reduced_matrix)))
    verdict = sampled_verdict(errors, ROUNDOFF, f"closed form to {max(errors):.1e}; with Xi Phi = 0, Phi != 0: |K - M| = {equal:.0e}")
    return verdict if equal == 0.0 else replace(verdict, status="fails")


@register("claim-25-rises", chapter=3, title="(25) is not an energy of the map even for symmetric PSD M: it rises whenever K != M",
          claimed="fails", anchor="ch3-symmetric", implements="rnn_energy.energies.legendre_energy",
          kind="counterexample", control="Phi = 0 (K = M), where (25) is the map's energy")
def check_25_rises(control: bool = False) -> Verdict:
    """Xi = 1, Phi = 1/2: M = 1.5 (symmetric, positive), K = 2.25. Along orbits of the map from 41
    starts in [-2, 2], the slaved (25) rises by +2.9e-2 while sum G(v) - v'Mv/2 never rises."""
    model = ThreePopulation(xi=[[1.0]], phi=[[0.0]] if control else [[0.5]])
    orbit = iterate(model.feature_map, np.linspace(-2.0, 2.0, 41)[:, None], 30)
    rise_25 = float(np.max(energy_changes_along(model, orbit)["slaved"]))
    rise_m = float(np.max(largest_increase(conjugate_energy(RecurrentMap(model.reduced_matrix), model.sigma_f(orbit)))))
    status = "fails" if rise_25 > 1e-6 else "holds"
    return Verdict(status, rise_25, f"M = {model.reduced_matrix[0, 0]:.2f}, K = {coupling_matrix(model)[0, 0]:.2f}: "
                   f"(25) rises by {rise_25:+.2e}; sum G - v'Mv/2 by at most {max(rise_m, 0.0):.1e}")


def _notes_symmetric(rng: np.random.Generator, lam_target: float) -> np.ndarray:
    """A notes' M = Xi (I + Phi') Xi' with Phi symmetric (Phi != 0), rescaled so that lambda_min(M) = lam_target."""
    model = random_three_population(rng, 4, 4, xi_scale=1.0, phi_scale=1.0)
    phi = 0.5 * (model.phi + model.phi.T)
    m = ThreePopulation(model.xi, phi).reduced_matrix
    lam = np.linalg.eigvalsh(m)
    if lam[0] >= 0:  # shift the spectrum through I: M - (lam_0 - target) ... keep the eigenvectors
        return m - (lam[0] - lam_target) * np.eye(4)
    return m * (lam_target / lam[0])


@register("cor-symmetric-m", chapter=3, title="symmetric M with lambda_min > -1/beta: sum G(v) - v'Mv/2 is an energy of the map, Phi != 0 included",
          claimed="holds", anchor="ch3-symmetric", implements="rnn_energy.cccp.conjugate_energy",
          kind="sampled", control="an asymmetric M (Phi not symmetric)")
def check_cor_symmetric_m(control: bool = False) -> Verdict:
    """Notes' instances with symmetric Phi != 0 (so M is symmetric), lambda_min(M) = -0.8: the
    conjugate energy never rises (1e-12). Boundary: lambda_min = -1 +- 0.1 (beta = 1)."""
    def rises(lam, asymmetric=False):
        out = []
        for seed in range(5):
            rng = np.random.default_rng(seed)
            m = _notes_symmetric(rng, lam)
            if asymmetric:
                m = m + 0.8 * np.triu(rng.standard_normal((4, 4)), 1)
            g = RecurrentMap(m)
            orbit = iterate(g, rng.uniform(-1, 1, size=(20, 4)), 200)
            out.append(float(np.max(largest_increase(conjugate_energy(g, orbit)))))
        return np.array(out)

    inside = rises(-0.8, asymmetric=control)
    just_in, just_out = rises(-0.9).max(), rises(-1.1).max()
    sharp = "sharp" if just_out > 1e-6 else "only sufficient"
    return sampled_verdict(inside, ROUNDOFF, f"largest rise {inside.max():.1e} over 5 instances x 20 orbits x 200 steps",
                           boundary=f"{sharp}: largest rise {just_in:.1e} at lambda_min = -0.9, {just_out:.1e} at -1.1")


# ------------------------------------------------------------------------------ chapter 4
def _largest_rise(g: RecurrentMap, rng: np.random.Generator, n_orbits: int = 20, n_steps: int = 100,
                  energy=conjugate_energy) -> float:
    orbit = iterate(g, _starts(g, rng, n_orbits), n_steps)
    return float(np.max(largest_increase(energy(g, orbit))))


def _starts(g: RecurrentMap, rng: np.random.Generator, n_orbits: int) -> np.ndarray:
    """Starting points in the image of the map's activation: sigma of Gaussian points."""
    return g.activation(rng.normal(scale=2.0, size=(n_orbits, g.dim)))


def _spectral_family(lambda_min: float, activation: str = "tanh", asymmetry: float = 0.0, gain: float = 2.0):
    """Five seeded couplings with the given smallest eigenvalue of the symmetric part, as maps."""
    return [(RecurrentMap(m, activation), rng)
            for m, rng in seeded(coupling_with_spectrum, 4, lambda_min=lambda_min, gain=gain, asymmetry=asymmetry)]


@register("thm-cccp", chapter=4, title="CCCP: E_vex convex, E_cave concave, grad E_vex(v') = -grad E_cave(v) => E(v') <= E(v)",
          claimed="holds", anchor="ch4-cccp", implements="rnn_energy.cccp.cccp_step",
          kind="sampled", control="a concave part that is not concave (lambda_min(M) = -1.5)")
def check_thm_cccp(control: bool = False) -> Verdict:
    """Sum G(v) is convex for tanh, logistic and soft-sign, -v'Mv/2 concave for M >= 0: the CCCP
    step (the map) never raises E on five seeded PSD M per activation (tolerance 1e-12)."""
    lam = -1.5 if control else 0.1
    rises = [_largest_rise(g, rng) for a in ("tanh", "logistic", "softsign") for g, rng in _spectral_family(lam, a)]
    return sampled_verdict(rises, ROUNDOFF, f"largest rise of E {max(rises):.1e} over 15 maps x 20 orbits x 100 steps")


@register("thm-psd-descent", chapter=4, title="symmetric PSD M (e.g. Phi = 0, M = Xi Xi'): E never increases along the map",
          claimed="holds", anchor="ch4-cccp", implements="rnn_energy.cccp.conjugate_energy",
          kind="sampled", control="lambda_min(M) = -1.5: not PSD, and beyond -1/beta")
def check_thm_psd_descent(control: bool = False) -> Verdict:
    """The notes' Phi = 0 instances (M = Xi Xi') and random PSD M: largest rise of E along
    v -> tanh(Mv), at most 1e-12."""
    rises = []
    for model, rng in seeded(random_three_population, 4, 3, xi_scale=1.5, phi_scale=0.0):
        m = model.reduced_matrix - (1.5 + np.linalg.eigvalsh(model.reduced_matrix)[0]) * np.eye(4) * control
        rises.append(_largest_rise(RecurrentMap(m), rng))
    return sampled_verdict(rises, ROUNDOFF, f"largest rise of E {max(rises):.1e} over 5 notes' instances with Phi = 0")


@register("thm-marcus-westervelt", chapter=4, title="symmetric M, lambda_min(M) > -1/beta: E never increases and orbits approach the fixed points",
          claimed="holds", anchor="ch4-beyond", implements="rnn_energy.cccp.descent_bound",
          kind="sampled", control="lambda_min(M) = -1.5 < -1/beta")
def check_thm_marcus_westervelt(control: bool = False) -> Verdict:
    """For lambda_min = -0.9 (tanh, beta = 1) and -3.6 (logistic, beta = 1/4): no rise of E, every
    orbit ends on a fixed point, and Delta E is below the strong-convexity bound. At the
    boundary, lambda_min = -1/beta -+ 10 %: inside no rise, outside 2-cycles and rises (sharp)."""
    def measure(lam_tanh, lam_logistic):
        worst, periods, slack = [], [], []
        for activation, lam in (("tanh", lam_tanh), ("logistic", lam_logistic)):
            for g, rng in _spectral_family(lam, activation, gain=0.8 / get_activation(activation).gain):
                orbit = iterate(g, _starts(g, rng, 20), 800)
                energy = conjugate_energy(g, orbit)
                worst.append(float(np.max(largest_increase(energy))))
                slack.append(float(np.max(energy[1:] - energy[:-1] - descent_bound(g, orbit[:-1]))))
                periods.append(orbit_period(orbit, tol=1e-7, max_period=4, tail=16))
        return np.array(worst), np.concatenate([p.ravel() for p in periods]), max(slack)

    rise, periods, slack = measure(-1.5 if control else -0.9, -6.0 if control else -3.6)
    out_rise, out_periods, _ = measure(-1.1, -4.4)
    fixed = float(np.mean(periods == 1))
    verdict = sampled_verdict(np.maximum(rise, slack), ROUNDOFF,
                              f"largest rise {rise.max():.1e}, bound slack {slack:.1e}; {fixed:.0%} of orbits end on a fixed point",
                              boundary=f"sharp: at lambda_min = -1.1/beta, rises up to {out_rise.max():.1e}, "
                                       f"{np.mean(out_periods == 2):.0%} of orbits end in 2-cycles")
    return verdict if fixed == 1.0 or control else replace(verdict, status="fails")


@register("prop-two-time", chapter=4, title="symmetric M: L(v(t), v(t-1)) never increases, is bounded below; orbits approach fixed points or 2-cycles",
          claimed="holds", anchor="ch4-beyond", implements="rnn_energy.cccp.two_time_energy",
          kind="sampled", control="an asymmetric M (antisymmetric part of size 2)")
def check_prop_two_time(control: bool = False) -> Verdict:
    """Any symmetric M (lambda_min in -4..1): no rise of L (1e-12); L >= 2 n min G - n ||M||_2 on the
    cube; every orbit ends in period 1 or 2 after 800 steps."""
    worst, low, periods = [], [], []
    for lam in (-4.0, -1.5, 0.5):
        for g, rng in _spectral_family(lam, asymmetry=2.0 if control else 0.0, gain=1.5):
            orbit = iterate(g, rng.uniform(-1, 1, size=(20, 4)), 800)
            two_time = two_time_energy(g, orbit[1:], orbit[:-1])
            worst.append(float(np.max(largest_increase(two_time))))
            low.append(float(np.min(two_time)) + 4 * np.linalg.norm(g.m, 2))
            periods.append(orbit_period(orbit, tol=1e-6, max_period=4, tail=16).ravel())
    periods = np.concatenate(periods)
    short = float(np.mean((periods == 1) | (periods == 2)))
    verdict = sampled_verdict(worst, ROUNDOFF, f"largest rise of L {max(worst):.1e}; L - lower bound >= {min(low):.2f}; "
                              f"{short:.0%} of orbits end in period 1 or 2")
    return verdict if (min(low) >= 0 and short == 1.0) or control else replace(verdict, status="fails")


@register("prop-bounded", chapter=4, title="bounded image: E bounded below; bounded above iff G is (tanh yes, soft-sign no)",
          claimed="holds", anchor="ch4-bounded", implements="rnn_energy.activations.Activation.hopfield_energy",
          kind="sampled", control="the identity (unbounded image): E unbounded below")
def check_prop_bounded(control: bool = False) -> Verdict:
    """On the closed image, E(v) >= n min G - n r^2 ||M||_2 / 2 (r the largest |v|): checked at 20,000
    random points and along orbits for tanh, logistic and soft-sign (5 seeded M each). Above: tanh's
    E <= n log 2 + n ||M||_2 / 2, while soft-sign's G(1 - 1e-12) = 26.6 makes E unbounded above."""
    margins = []
    activations = ("identity",) if control else ("tanh", "logistic", "softsign")
    for name in activations:
        act = get_activation(name)
        for m, rng in seeded(coupling_with_spectrum, 4, lambda_min=-0.5, gain=3.0):
            lo, hi = (-30.0, 30.0) if name == "identity" else act.image
            v = rng.uniform(lo, hi, size=(20000, 4))
            r = max(abs(lo), abs(hi))
            bound = 4 * float(act.legendre_dual(np.array([0.0 if lo < 0 else 0.5]))[0]) - 0.5 * 4 * r * r * np.linalg.norm(m, 2)
            if name == "identity":
                bound = -4 * np.linalg.norm(m, 2)  # the bound a bounded image of radius 1 would give
            margins.append(float(np.min(act.hopfield_energy(v, m)) - bound))
    corner = float(SOFTSIGN.hopfield_energy(np.full((1, 4), 1 - 1e-12), np.zeros((4, 4)))[0])
    margin = min(margins)
    return Verdict("holds" if margin >= 0 else "fails", margin,
                   f"smallest margin above the lower bound {margin:.3f} over {len(margins)} maps x 20,000 points; "
                   f"soft-sign E at the corner 1 - 1e-12 (M = 0): {corner:.1f}", spread=float(np.ptp(margins)))


# ------------------------------------------------------------------------------ chapter 5
@register("prop-symmetric-dissipation", chapter=5, title="lifted symmetric network: dH/dt = -2 x'[f^-1(x + x') - f^-1(x)] <= 0 everywhere",
          claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.dissipation",
          kind="sampled", control="the friction's sign flipped in the formula for dH/dt")
def check_prop_symmetric_dissipation(control: bool = False) -> Verdict:
    """At states on and off the manifold of five seeded networks: the chain-rule dH/dt equals the
    proposition's formula (round-off; 1e-9 for rates of order ten) and is never positive."""
    from ..hamiltonian import hamiltonian_rate
    from ..instances import random_symmetric_network

    errors, highest = [], -np.inf
    sign = -1.0 if control else 1.0
    for net, rng in seeded(random_symmetric_network, 3):
        state = np.concatenate([rng.uniform(-0.95, 0.95, size=(64, 3)), 2.0 * rng.normal(size=(64, 3))], -1)
        errors.append(float(np.max(np.abs(hamiltonian_rate(net, state) - sign * net.dissipation(state)))))
        highest = max(highest, float(np.max(net.dissipation(state))))
    verdict = sampled_verdict(errors, 1e-9, f"identity to {max(errors):.1e} on 5 x 64 states; largest dH/dt {highest:.1e}")
    return verdict if highest <= 0 else replace(verdict, status="fails")


@register("prop-manifold-attracts", chapter=5, title="symmetric W with lambda_min(W) > -1 and 0 < f' <= 1: the manifold p = b + Wx attracts",
          claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.manifold_rate",
          kind="sampled", control="lambda_min(W) = -1.5")
def check_prop_manifold_attracts(control: bool = False) -> Verdict:
    """Largest real part of the eigenvalues of -(I + W D) over 2000 points x of five seeded networks
    with lambda_min(W) = -0.9: negative. At the boundary, lambda_min = -1 -+ 0.05 (b = 0, where
    f'(0) = 1 is reached): the largest rate changes sign (sharp)."""
    from ..instances import symmetric_network_with_spectrum

    def largest_rate(lam):
        out = []
        for seed in range(5):
            rng = np.random.default_rng(seed)
            net = symmetric_network_with_spectrum(rng, [lam, 0.3, 1.0])
            out.append(float(np.max(net.manifold_rate(rng.uniform(-2, 2, size=(2000, 3))))))
            out[-1] = max(out[-1], float(np.max(net.manifold_rate(np.zeros(3)))))
        return np.array(out)

    rates = largest_rate(-1.5 if control else -0.9)
    inside, outside = largest_rate(-0.95).max(), largest_rate(-1.05).max()
    return sampled_verdict(rates, 0.0, f"largest linearised rate {rates.max():+.3f} over 5 networks x 2001 points",
                           boundary=f"sharp: {inside:+.3f} at lambda_min = -0.95, {outside:+.3f} at -1.05")


@register("prop-antisymmetric-hamiltonian", chapter=5, title="lifted antisymmetric network: Hamilton's equations of the separable H; H and 1'F(b + Ax) conserved",
          claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.vector_field",
          kind="finite-differences", control="the p-equation taken as +dH/dx (Hamilton's sign dropped)")
def check_prop_antisymmetric_hamiltonian(control: bool = False) -> Verdict:
    """The lifted field against (dH/dp, -dH/dx) by central differences (step 1e-5: error ~1e-10,
    tolerance 1e-7), on five seeded networks, and H along a simulated run (rtol 1e-11) constant
    to 1e-8."""
    from ..finite_differences import gradient_fd
    from ..instances import random_antisymmetric_network
    from ..simulate import simulate

    sign = 1.0 if control else -1.0
    errors, drift = [], 0.0
    for net, rng in seeded(random_antisymmetric_network, 4):
        state = rng.normal(size=(16, 8))
        grad = gradient_fd(net.hamiltonian, state)
        hamilton = np.concatenate([grad[:, 4:], sign * grad[:, :4]], -1)
        errors.append(float(np.max(np.abs(net.vector_field(state) - hamilton))))
        run = simulate(net.vector_field, state[0], np.linspace(0.0, 20.0, 201), rtol=1e-11, atol=1e-13).y
        drift = max(drift, float(np.ptp(net.hamiltonian(run))))
    verdict = sampled_verdict(errors, 1e-7, f"Hamilton's equations to {max(errors):.1e}; H drifts by {drift:.1e} over t = 20")
    return verdict if drift <= 1e-8 else replace(verdict, status="fails")


# ------------------------------------------------------------------------------ open questions
@register("open-asymmetric", chapter=4, title="an energy for asymmetric M whose orbits all converge?",
          claimed="open", anchor="open-asymmetric", implements="rnn_energy.experiments.phase_diagram",
          kind="sampled")
def check_open_asymmetric(control: bool = False) -> Verdict:
    """Of 60 random notes' couplings (gain 1.5, Phi scale 1), the fraction whose sampled orbits all end
    on fixed points, against the fraction certified by a contraction (||M||_2 < 1/beta): the gap is
    what no result of the book covers."""
    from ..instances import reduced_couplings

    rng = np.random.default_rng(12)
    ms = reduced_couplings(rng, 60, 4, gain=1.5, phi_scale=1.0)
    orbit = iterate(RecurrentMap(ms), rng.uniform(-1, 1, size=(60, 8, 4)), 400)
    converge = np.all(orbit_period(orbit, tol=1e-7, max_period=12, tail=24) == 1, axis=-1)
    certified = np.linalg.norm(ms, 2, axis=(1, 2)) < 1.0
    asymmetric = np.linalg.norm(ms - np.swapaxes(ms, 1, 2), 2, axis=(1, 2)) > 1e-9
    return Verdict("open", float(np.mean(converge)),
                   f"{np.mean(converge & asymmetric):.0%} of 60 asymmetric couplings converge from 8 starts each; "
                   f"{np.mean(certified & asymmetric):.0%} are certified by a contraction; chapter 7 narrows the gap")


@register("open-continuous", chapter=1, title="a Lyapunov function of (1) with alpha_c Xi Phi != 0 and finite T_d?",
          claimed="open", anchor="open-continuous", implements="rnn_energy.three_population.ThreePopulation.vector_field",
          kind="sampled")
def check_open_continuous(control: bool = False) -> Verdict:
    """Known: (2) is not one (it rises, chapter 1); with V_d frozen or Xi Phi = 0 it is. Measured:
    how many seeded random networks with Phi != 0 come to rest by t = 100."""
    from ..instances import random_three_population as rtp

    speeds = []
    for seed in range(12):
        rng = np.random.default_rng(100 + seed)
        model = rtp(rng, 4, 3, xi_scale=1.5, phi_scale=1.5, t_h=0.5, t_d=1.0)
        traj = simulate_model(model, rng.standard_normal((4, model.dim)), np.linspace(0.0, 100.0, 201),
                              rtol=1e-8, atol=1e-10)
        speeds.append(float(np.max(np.abs(model.vector_field(traj.y[-1])))))
    converged = float(np.mean(np.array(speeds) < 1e-5))
    return Verdict("open", converged, f"{converged:.0%} of 12 random networks (Phi scale 1.5, T_d = 1) come to rest "
                   "(speed < 1e-5) from 4 starts by t = 100; (2) rises along some of them; no function is known "
                   "that decreases along all")
