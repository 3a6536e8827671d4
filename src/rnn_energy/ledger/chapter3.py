"""Ledger checks for chapter 3, eqs. (12)–(43): the energy attempts, line by line.

Each line of the notes is transcribed below as it is written (the *seed form*) and compared
with the line it claims to equal, or with the package's eq. (25)
(:func:`rnn_energy.energies.reduced_energy`), on random states of seeded instances with
``alpha_s = alpha_c = 1`` and ``sigma_h = identity`` (the notes' setting). Notation in the
transcriptions: ``a = s(V_f(t))``, ``b = s(V_f(t+1))``, ``d = V_d(t)``, ``X = Xi``, ``P = Phi``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..energies import energy_term_changes, hidden_state, legendre_term, reduced_energy
from ..instances import random_three_population, seeded
from ..three_population import ThreePopulation
from .registry import Verdict, correction_verdict, identity_verdict, register, worst_relative

TOL = 1e-9


def quad(u, mat, w):
    """Batched bilinear form u' mat w."""
    return np.sum((u @ mat) * w, axis=-1)


@dataclass
class Sample:
    """One seeded instance and a batch of random states, with the notes' shorthands."""

    model: ThreePopulation
    v_f: np.ndarray      # V_f(t)
    v_d: np.ndarray      # V_d(t), general (not slaved) unless a line says otherwise
    v_d_next: np.ndarray  # V_d(t+1), general

    @property
    def s(self):
        return self.model.sigma_f

    @property
    def a(self):
        return self.s(self.v_f)

    @property
    def v_h(self):
        return hidden_state(self.model, self.v_f, self.v_d)

    @property
    def next_v_f(self):
        """First line of eq. (27): V_f(t+1) = X X' a + X P' X' d (d general)."""
        return self.a @ self.xxt + self.v_d @ self.xptxt.T

    @property
    def b(self):
        return self.s(self.next_v_f)

    # Gram-type matrices of the notes
    @property
    def xxt(self):
        return self.model.xi @ self.model.xi.T

    @property
    def xptxt(self):
        return self.model.xi @ self.model.phi.T @ self.model.xi.T

    @property
    def xpxt(self):
        return self.model.xi @ self.model.phi @ self.model.xi.T

    @property
    def xpptxt(self):
        return self.model.xi @ self.model.phi @ self.model.phi.T @ self.model.xi.T

    def lagrangian(self, v_f):
        return np.sum(self.s.lagrangian(v_f), axis=-1)


def samples(sigma_f: str = "tanh") -> list[Sample]:
    """Five seeded instances (N_f = 4, N_h = 3), 32 random states each."""
    out = []
    for model, rng in seeded(random_three_population, 4, 3, xi_scale=1.5, phi_scale=1.0, sigma_f=sigma_f):
        shape = (32, model.n_f)
        out.append(Sample(model, rng.normal(scale=1.5, size=shape), rng.normal(size=shape),
                          rng.normal(size=shape)))
    return out


worst = worst_relative


def holds(key_detail: str, fn) -> Verdict:
    """``holds`` if ``fn(sample) -> (lhs, rhs)`` agree on every sample (tanh and logistic)."""
    error = worst(fn(x) for act in ("tanh", "logistic") for x in samples(act))
    return identity_verdict(error, TOL, key_detail)


def corrected(detail: str, seed_fn, corrected_fn, activations=("tanh", "logistic")) -> Verdict:
    """``corrected`` when the seed form misses and the corrected form matches."""
    xs = [x for act in activations for x in samples(act)]
    return correction_verdict(worst(seed_fn(x) for x in xs), worst(corrected_fn(x) for x in xs), TOL, detail)


# ------------------------------------------------------------------ the terms of eq. (14)
def e1(x):
    """E_1 = V_f' s(V_f) - L_f (first bracket of eq. 14)."""
    return legendre_term(x.model, x.v_f)


def e2(x):
    """E_2 = 1/2 V_h' V_h with V_h slaved (eq. 14, second term)."""
    return 0.5 * np.sum(x.v_h**2, axis=-1)


def e3(x):
    """E_3 = -s(V_f)' X V_h (eq. 18)."""
    return -np.sum((x.a @ x.model.xi) * x.v_h, axis=-1)


def e4(x):
    """E_4 = -V_d' X P V_h (eq. 21)."""
    return -np.sum((x.v_d @ x.model.xi @ x.model.phi) * x.v_h, axis=-1)


def eq14(x):
    """Eq. (14): eq. (12) with V_h = X' s(V_f) + P' X' V_d."""
    return e1(x) + e2(x) + e3(x) + e4(x)


def eq17(x):
    return 0.5 * quad(x.a, x.xxt, x.a) + quad(x.a, x.xptxt, x.v_d) + 0.5 * quad(x.v_d, x.xpptxt, x.v_d)


def eq20(x):
    return -(quad(x.a, x.xxt, x.a) + quad(x.a, x.xptxt, x.v_d))


def eq23(x):
    # the notes write s(V_f) X P' X' V_d without the transpose on s(V_f); read as a row vector
    return -(quad(x.a, x.xptxt, x.v_d) + quad(x.v_d, x.xpptxt, x.v_d))


def eq25(x):
    return (e1(x) - 0.5 * quad(x.a, x.xxt, x.a) - quad(x.a, x.xptxt, x.v_d)
            - 0.5 * quad(x.v_d, x.xpptxt, x.v_d))


@register("12", chapter=3, title="E(t), eq. (2) with sigma_h = id", claimed="holds", anchor="ch3-terms", implements="rnn_energy.three_population.ThreePopulation.energy")
def check_eq12() -> Verdict:
    def pair(x):
        v_h = np.random.default_rng(0).normal(size=x.v_f.shape[:-1] + (x.model.n_h,))
        seed = (e1(x) + 0.5 * np.sum(v_h**2, -1) - np.sum((x.a @ x.model.xi) * v_h, -1)
                - np.sum((x.v_d @ x.model.xi @ x.model.phi) * v_h, -1))
        return seed, x.model.energy(x.model.join(x.v_f, v_h, x.v_d))
    return holds("eq. (12) against eq. (2) with sigma_h = id, L_h = |V_h|^2/2, any V_h", pair)


@register("13", chapter=3, title="E(t+1)", claimed="holds", anchor="ch3-terms", implements="rnn_energy.three_population.ThreePopulation.energy")
def check_eq13() -> Verdict:
    def pair(x):
        m = x.model
        nxt_f = m.feature_map(x.v_f)
        nxt_h, nxt_d = m.slow_manifold(nxt_f)
        b = m.sigma_f(nxt_f)
        seed = (np.sum(nxt_f * b - m.sigma_f.lagrangian(nxt_f), -1) + 0.5 * np.sum(nxt_h**2, -1)
                - np.sum((b @ m.xi) * nxt_h, -1) - np.sum((nxt_d @ m.xi @ m.phi) * nxt_h, -1))
        return seed, m.energy(m.join(nxt_f, nxt_h, nxt_d))
    return holds("eq. (13) against eq. (2) at the state after one step of eq. (3)", pair)


@register("14", chapter=3, title="E with V_h substituted", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.reduced_energy")
def check_eq14() -> Verdict:
    return holds("eq. (14) against eq. (2) at V_h = X' s(V_f) + P' X' V_d",
                 lambda x: (eq14(x), x.model.energy(x.model.join(x.v_f, x.v_h, x.v_d))))


@register("15", chapter=3, title="E_2 as a product", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq15() -> Verdict:
    def pair(x):
        row = x.a @ x.model.xi + x.v_d @ x.model.xi @ x.model.phi
        col = x.a @ x.model.xi + x.v_d @ (x.model.xi @ x.model.phi)
        return 0.5 * np.sum(row * col, -1), e2(x)
    return holds("(s'X + V_d'XP)(X's + P'X'V_d)/2 against |V_h|^2/2", pair)


@register("16", chapter=3, title="E_2 expanded", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq16() -> Verdict:
    def pair(x):
        seed = 0.5 * (quad(x.a, x.xxt, x.a) + quad(x.a, x.xptxt, x.v_d) + quad(x.v_d, x.xpxt, x.a)
                      + quad(x.v_d, x.xpptxt, x.v_d))
        return seed, e2(x)
    return holds("four-term expansion against |V_h|^2/2", pair)


@register("17", chapter=3, title="E_2 collected", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq17() -> Verdict:
    return holds("cross terms merged (they are transposes of each other)", lambda x: (eq17(x), e2(x)))


@register("18", chapter=3, title="E_3 = -s' X V_h", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq18() -> Verdict:
    def pair(x):
        full = x.model.energy(x.model.join(x.v_f, x.v_h, x.v_d))
        return -np.sum((x.a @ x.model.xi) * x.v_h, -1), full - e1(x) - e2(x) - e4(x)
    return holds("against eq. (2) minus its other three terms, at the slaved V_h", pair)


@register("19", chapter=3, title="E_3 with V_h substituted", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq19() -> Verdict:
    return holds("-s'X(X's + P'X'V_d) against E_3", lambda x: (
        -np.sum((x.a @ x.model.xi) * (x.a @ x.model.xi + x.v_d @ x.model.xi @ x.model.phi), -1), e3(x)))


@register("20", chapter=3, title="E_3 expanded", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq20() -> Verdict:
    return holds("-(s'XX's + s'XP'X'V_d) against E_3", lambda x: (eq20(x), e3(x)))


@register("21", chapter=3, title="E_4 with V_h substituted", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq21() -> Verdict:
    return holds("-V_d'XP(X's + P'X'V_d) against E_4", lambda x: (
        -np.sum((x.v_d @ x.model.xi @ x.model.phi) * (x.a @ x.model.xi + x.v_d @ x.model.xi @ x.model.phi), -1),
        e4(x)))


@register("22", chapter=3, title="E_4 expanded", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq22() -> Verdict:
    return holds("-(V_d'XPX's + V_d'XPP'X'V_d) against E_4", lambda x: (
        -(quad(x.v_d, x.xpxt, x.a) + quad(x.v_d, x.xpptxt, x.v_d)), e4(x)))


@register("23", chapter=3, title="E_4 rewritten", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.energy_terms")
def check_eq23() -> Verdict:
    return holds("against E_4, reading s(V_f) X P' X' V_d as s(V_f)' X P' X' V_d (a missing transpose)",
                 lambda x: (eq23(x), e4(x)))


@register("24", chapter=3, title="E = E_1 + E_2 + E_3 + E_4", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.reduced_energy")
def check_eq24() -> Verdict:
    return holds("E_1 + (17) + (20) + (23) against eq. (14)", lambda x: (e1(x) + eq17(x) + eq20(x) + eq23(x), eq14(x)))


@register("25", chapter=3, title="E regrouped", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.reduced_energy")
def check_eq25() -> Verdict:
    return holds("eq. (25) against eq. (14), and against the package's reduced_energy",
                 lambda x: (np.stack([eq25(x), eq25(x)]),
                            np.stack([eq14(x), reduced_energy(x.model, x.v_f, x.v_d)])))


@register("26", chapter=3, title="E with a bracket", claimed="holds", anchor="ch3-terms", implements="rnn_energy.energies.reduced_energy")
def check_eq26() -> Verdict:
    def pair(x):
        bracket = (x.lagrangian(x.v_f) + 0.5 * quad(x.a, x.xxt, x.a) + quad(x.a, x.xptxt, x.v_d)
                   + 0.5 * quad(x.v_d, x.xpptxt, x.v_d))
        return np.sum(x.v_f * x.a, -1) - bracket, eq25(x)
    return holds("V_f's - [L + ...] against eq. (25)", pair)


# --------------------------------------------------------------- Trial 1, eqs. (27)-(31)
@register("27", chapter=3, title="the map with V_d(t) = s(V_f(t))", claimed="holds", anchor="ch3-trial1", implements="rnn_energy.three_population.ThreePopulation.hidden_drive")
def check_eq27() -> Verdict:
    def pair(x):
        slaved = Sample(x.model, x.v_f, x.a, x.v_d_next)
        return slaved.next_v_f, x.model.feature_map(x.v_f)
    return holds("XX's(V_f) + XP'X'V_d with V_d = s(V_f) against eq. (7)", pair)


def eq28_seed(x, v_f, v_d):
    a = x.s(v_f)
    return (np.sum(v_f * a, -1) - x.lagrangian(v_f) + 0.5 * quad(a, x.xxt, a)
            - quad(a, x.xptxt, v_d) - 0.5 * quad(v_d, x.xpptxt, v_d))


@register("28", chapter=3, title="E(t) of Trial 1", claimed="corrected", anchor="ch3-trial1", implements="rnn_energy.energies.reduced_energy")
def check_eq28() -> Verdict:
    return corrected(
        "the notes write +1/2 s'XX's; eq. (25) has -1/2 s'XX's (the other two quadratic terms agree)",
        lambda x: (eq28_seed(x, x.v_f, x.v_d), eq25(x)),
        lambda x: (eq25(x), reduced_energy(x.model, x.v_f, x.v_d)),
    )


@register("29", chapter=3, title="E(t+1) of Trial 1 (V_d held)", claimed="corrected", anchor="ch3-trial1", implements="rnn_energy.energies.reduced_energy")
def check_eq29() -> Verdict:
    return corrected(
        "same sign error as eq. (28), at (V_f(t+1), V_d(t))",
        lambda x: (eq28_seed(x, x.next_v_f, x.v_d), reduced_energy(x.model, x.next_v_f, x.v_d)),
        lambda x: (eq28_seed(x, x.next_v_f, x.v_d) - quad(x.b, x.xxt, x.b),
                   reduced_energy(x.model, x.next_v_f, x.v_d)),
    )


def eq30(x):
    return np.sum((x.a @ x.xxt + x.v_d @ x.xpxt) * x.b, -1)


@register("30", chapter=3, title="E_1(t+1) in terms of V_f(t)", claimed="holds", anchor="ch3-trial1", implements="rnn_energy.energies.energy_terms")
def check_eq30() -> Verdict:
    return holds("(s(t)'XX' + V_d'XPX') s(t+1) against V_f(t+1)' s(V_f(t+1)), the term V_f's of E(t+1)",
                 lambda x: (eq30(x), np.sum(x.next_v_f * x.b, -1)))


@register("31", chapter=3, title="E_3(t+1) in terms of V_f(t)", claimed="corrected", anchor="ch3-trial1", implements="rnn_energy.energies.energy_terms")
def check_eq31() -> Verdict:
    """(31) repeats the right-hand side of (30). The third term of E(t+1) is -1/2 b'XX'b."""
    def corrected_pair(x):
        rest = (np.sum(x.next_v_f * x.b, -1) - x.lagrangian(x.next_v_f) - quad(x.b, x.xptxt, x.v_d)
                - 0.5 * quad(x.v_d, x.xpptxt, x.v_d))
        return -0.5 * quad(x.b, x.xxt, x.b), reduced_energy(x.model, x.next_v_f, x.v_d) - rest
    return corrected(
        "the notes repeat (30); the third term of E(t+1) is -1/2 s(t+1)'XX's(t+1)",
        lambda x: (eq30(x), -0.5 * quad(x.b, x.xxt, x.b)), corrected_pair,
    )


# ----------------------------------------------------------- the tanh case, eqs. (32)-(43)
def tanh_samples():
    return samples("tanh")


def log_cosh(v):
    return np.sum(np.log(np.abs(np.cosh(v))), axis=-1)


@register("32", chapter=3, title="E(t), tanh", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.reduced_energy")
def check_eq32() -> Verdict:
    def pair(x):
        t = np.tanh(x.v_f)
        seed = (np.sum(x.v_f * t, -1) - log_cosh(x.v_f) - 0.5 * quad(t, x.xxt, t)
                - quad(t, x.xptxt, x.v_d) - 0.5 * quad(x.v_d, x.xpptxt, x.v_d))
        return seed, reduced_energy(x.model, x.v_f, x.v_d)
    error = worst(pair(x) for x in tanh_samples())
    return identity_verdict(error, TOL, "eq. (32) against eq. (25) with s = tanh, L = log cosh (sign -1/2 as in (25))")


@register("33", chapter=3, title="E(t+1), tanh", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.reduced_energy")
def check_eq33() -> Verdict:
    def pair(x):
        v = x.next_v_f
        t = np.tanh(v)
        seed = (np.sum(v * t, -1) - log_cosh(v) - 0.5 * quad(t, x.xxt, t)
                - quad(t, x.xptxt, x.v_d_next) - 0.5 * quad(x.v_d_next, x.xpptxt, x.v_d_next))
        return seed, reduced_energy(x.model, v, x.v_d_next)
    return identity_verdict(worst(pair(x) for x in tanh_samples()), TOL, "eq. (33) against eq. (25) at t+1")


def delta_terms(x, v_d_next):
    """Changes of the five terms of eq. (25) over one step of (27), numbered 1..5 as in the notes."""
    changes = energy_term_changes(x.model, x.v_f, x.v_d, x.next_v_f, v_d_next)
    return dict(enumerate(changes.values(), start=1))


def tanh_identity(x):
    """Eq. (38) rewritten with tanh a - tanh b = tanh(a - b)(1 - tanh a tanh b)."""
    w, v = x.next_v_f, x.v_f
    return -np.sum((np.tanh(w - v) * (1 - np.tanh(w) * np.tanh(v))) * (x.v_d @ x.xptxt.T), -1)


@register("34", chapter=3, title="Delta E_1", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq34() -> Verdict:
    def pair(x):
        seed = quad(x.a, x.xxt, x.b) + quad(x.v_d, x.xpxt, x.b) - np.sum(x.v_f * x.a, -1)
        return seed, delta_terms(x, x.v_d_next)[1]
    return identity_verdict(worst(pair(x) for x in tanh_samples()), TOL,
                            "against the change of V_f's s(V_f) over a step of (27)")


@register("35", chapter=3, title="Delta E_2 (log cosh)", claimed="corrected", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq35() -> Verdict:
    def ratio(x):
        return np.sum(np.log(np.abs(np.cosh(x.next_v_f)) / np.abs(np.cosh(x.v_f))), -1)
    return corrected(
        "E contains -L = -sum log cosh, so Delta E_2 = -sum log(cosh V_f(t+1)/cosh V_f(t)); the notes drop the minus",
        lambda x: (ratio(x), delta_terms(x, x.v_d_next)[2]),
        lambda x: (-ratio(x), delta_terms(x, x.v_d_next)[2]),
        activations=("tanh",),
    )


@register("36", chapter=3, title="Delta E_3", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq36() -> Verdict:
    def pair(x):
        seed = -0.5 * (quad(x.b, x.xxt, x.b) - quad(x.a, x.xxt, x.a))
        return seed, delta_terms(x, x.v_d_next)[3]
    return identity_verdict(worst(pair(x) for x in tanh_samples()), TOL, "against the change of -1/2 s'XX's")


@register("37", chapter=3, title="Delta E_4", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq37() -> Verdict:
    def pair(x):
        seed = -(quad(x.b, x.xptxt, x.v_d_next) - quad(x.a, x.xptxt, x.v_d))
        return seed, delta_terms(x, x.v_d_next)[4]
    return identity_verdict(worst(pair(x) for x in tanh_samples()), TOL, "against the change of -s'XP'X'V_d")


@register("38", chapter=3, title="Delta E_4, V_d held", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq38() -> Verdict:
    def pair(x):
        return -quad(x.b - x.a, x.xptxt, x.v_d), delta_terms(x, x.v_d)[4]
    return identity_verdict(worst(pair(x) for x in tanh_samples()), TOL, "eq. (37) with V_d(t+1) = V_d(t)")


@register("39", chapter=3, title="Delta E_4 via the tanh identity", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq39() -> Verdict:
    grid = np.linspace(-20, 20, 401)
    a, b = np.meshgrid(grid, grid)
    identity_error = float(np.max(np.abs(np.tanh(a) - np.tanh(b) - np.tanh(a - b) * (1 - np.tanh(a) * np.tanh(b)))))
    error = max(identity_error, worst((tanh_identity(x), delta_terms(x, x.v_d)[4]) for x in tanh_samples()))
    return identity_verdict(error, TOL,
                            "tanh a - tanh b = tanh(a-b)(1 - tanh a tanh b) on a grid, element-wise, and (39) against (38)")


@register("40", chapter=3, title="Delta E_4 with V_d = s(V_f(t))", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq40() -> Verdict:
    def pair(x):
        y = Sample(x.model, x.v_f, x.a, x.a)
        seed = -(quad(y.b, y.xptxt, y.a) - quad(y.a, y.xptxt, y.a))
        return seed, delta_terms(y, y.v_d)[4]
    return identity_verdict(worst(pair(x) for x in tanh_samples()), TOL, "eq. (38) with V_d = tanh(V_f(t))")


def adiabatic_sample(x):
    """The notes' Trial-1 setting: V_d(t+1) = V_d(t) = s(V_f(t)), V_f(t+1) from (27)."""
    return Sample(x.model, x.v_f, x.a, x.a)


def direct_adiabatic_change(y):
    return reduced_energy(y.model, y.next_v_f, y.v_d) - reduced_energy(y.model, y.v_f, y.v_d)


@register("41", chapter=3, title="Delta E = sum of Delta E_i", claimed="holds", anchor="ch3-tanh", implements="rnn_energy.energies.energy_term_changes")
def check_eq41() -> Verdict:
    def pair(x):
        y = adiabatic_sample(x)
        return sum(delta_terms(y, y.v_d).values()), direct_adiabatic_change(y)
    return identity_verdict(
        worst(pair(x) for x in tanh_samples()), TOL,
        "with the corrected Delta E_2 and Delta E_5 (change of -1/2 V_d'XPP'X'V_d, never written; 0 with V_d held)",
    )


def eq42(y, log_sign):
    a, b = y.a, y.b
    return (quad(a, y.xxt, b) - np.sum(y.v_f * a, -1)
            + log_sign * np.sum(np.log(np.cosh(y.next_v_f) / np.cosh(y.v_f)), -1)
            - 0.5 * quad(b, y.xxt, b) + 0.5 * quad(a, y.xxt, a) + quad(a, y.xptxt, a))


def eq43(y, log_sign):
    a, b = y.a, y.b
    return (0.5 * quad(a - b, y.xxt, b) + 0.5 * quad(a, y.xxt, a + b) - np.sum(y.v_f * a, -1)
            + log_sign * np.sum(np.log(np.cosh(y.next_v_f) / np.cosh(y.v_f)), -1) + quad(a, y.xptxt, a))


@register("42", chapter=3, title="Delta E expanded", claimed="corrected", anchor="ch3-tanh", implements="rnn_energy.energies.adiabatic_energy_change")
def check_eq42() -> Verdict:
    return corrected(
        "inherits the sign of (35): with -sum log(cosh ratio) it equals the direct E(t+1) - E(t)",
        lambda x: (eq42(adiabatic_sample(x), +1), direct_adiabatic_change(adiabatic_sample(x))),
        lambda x: (eq42(adiabatic_sample(x), -1), direct_adiabatic_change(adiabatic_sample(x))),
        activations=("tanh",),
    )


@register("43", chapter=3, title="Delta E regrouped", claimed="corrected", anchor="ch3-tanh", implements="rnn_energy.energies.adiabatic_energy_change")
def check_eq43() -> Verdict:
    return corrected(
        "a correct regrouping of (42), with the same sign error",
        lambda x: (eq43(adiabatic_sample(x), +1), direct_adiabatic_change(adiabatic_sample(x))),
        lambda x: (eq43(adiabatic_sample(x), -1), direct_adiabatic_change(adiabatic_sample(x))),
        activations=("tanh",),
    )
