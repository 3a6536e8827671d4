r"""Ledger checks for chapter 3, eqs. (12)–(43): the energy attempts, line by line.

Two kinds of evidence:

* **symbolic** — the notes' algebra, eqs. (14)–(22), (24)–(31), (40), (42), (43): each line *as
  typed* is decided exactly by :func:`rnn_energy.ledger.symbolic.decide` against the model's
  definition (eq. (1) solved for the slow variables, eq. (2) for the energy) over symbolic
  matrices of three sizes. Eqs. (12) and (13) restate eq. (2) (kind ``definition``), decided
  the same way. The negative control of each is the decider's deliberately wrong variant.
* **sampled** — the lines no decider covers, eqs. (23), (32)–(39), (41): the transcribed line is
  compared with an *independent* formula for the same quantity (the package's eq. (25) in its
  product form :math:`E_1 - \tfrac12\|V_h\|^2`, the package's term changes, or the full eq. (2)
  at the slaved :math:`V_h`) on seeded instances (:data:`rnn_energy.instances.LEDGER_SEEDS`,
  ``N_f = 4``, ``N_h = 3``, 32 random states each) with ``alpha_s = alpha_c = 1`` and
  ``sigma_h = identity`` (the notes' setting). The verdict reports the worst per-instance error
  and its spread over the seeds; the negative control runs the same comparison, same tolerance,
  on a planted mistake.

Tolerance of the sampled checks (:data:`TOL`): the two sides are sums of at most ~50 products of
float64 numbers of size up to ~10², so their round-off is below ``50 · 10² · ε ≈ 10⁻¹²``
relative to ``1 + |rhs|``; ``TOL = 1e-9`` leaves three orders of margin and is still ~10⁸ below
the O(1e-1)–O(10) disagreement of every planted mistake.

Notation in the transcriptions: ``a = s(V_f(t))``, ``b = s(V_f(t+1))``, ``d = V_d(t)``, ``X = Xi``,
``P = Phi``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..energies import energy_term_changes, hidden_state, reduced_energy
from ..instances import random_three_population, seeded
from ..three_population import ThreePopulation
from .registry import Verdict, correction_verdict, register, sampled_verdict, symbolic_verdict, worst_relative

#: Relative tolerance of the sampled identity checks (round-off bound ~1e-12, see the module docstring).
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
        """V_f(t+1) of the model: the fast row of eq. (1) with T_f = 1 at the slaved V_h, X V_h(V_f, V_d)."""
        return self.v_h @ self.model.xi.T

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
    """One instance per seed of ``LEDGER_SEEDS`` (N_f = 4, N_h = 3), 32 random states each."""
    out = []
    for model, rng in seeded(random_three_population, 4, 3, xi_scale=1.5, phi_scale=1.0, sigma_f=sigma_f):
        shape = (32, model.n_f)
        out.append(Sample(model, rng.normal(scale=1.5, size=shape), rng.normal(size=shape),
                          rng.normal(size=shape)))
    return out


def tanh_samples():
    return samples("tanh")


def per_instance(fn, xs) -> list[float]:
    """The worst relative error ``|lhs - rhs| / (1 + |rhs|)`` of ``fn(x) -> (lhs, rhs)`` on each instance."""
    return [worst_relative([fn(x)]) for x in xs]


def sampled(detail: str, fn, activations=("tanh", "logistic")) -> Verdict:
    """``holds`` if ``fn(sample) -> (lhs, rhs)`` agree to :data:`TOL` on every instance; worst and spread."""
    xs = [x for act in activations for x in samples(act)]
    values = per_instance(fn, xs)
    return sampled_verdict(values, TOL, f"{detail} [{len(values)} seeded instances ({', '.join(activations)})]")


def sampled_correction(detail: str, seed_fn, corrected_fn, activations=("tanh", "logistic")) -> Verdict:
    """``corrected`` when the seed form misses on some instance and the corrected form matches on all.

    The spread is that of the corrected form's per-instance errors (of the seed form's, if it holds).
    """
    xs = [x for act in activations for x in samples(act)]
    seed_values, fixed_values = per_instance(seed_fn, xs), per_instance(corrected_fn, xs)
    verdict = correction_verdict(max(seed_values), max(fixed_values), TOL,
                                 f"{detail} [{len(xs)} seeded instances ({', '.join(activations)})]")
    decisive = seed_values if verdict.status == "holds" else fixed_values
    return replace(verdict, spread=float(np.ptp(decisive)))


def decided(key: str, detail: str, control: bool) -> Verdict:
    """The exact verdict of the symbolic decider for ``key`` (its wrong variant with ``control``)."""
    return symbolic_verdict(key, detail, control=control)


# ------------------------------------------------------------------ the terms of eq. (14)
def e4(x):
    """E_4 = -V_d' X P V_h (eq. 21), at the package's slaved V_h."""
    return -np.sum((x.v_d @ x.model.xi @ x.model.phi) * x.v_h, axis=-1)


def eq23(x, phi_t=True):
    """Eq. (23), reading ``s(V_f) X P' X' V_d`` as ``s(V_f)' X P' X' V_d``; ``phi_t=False``: P in place of P'."""
    return -(quad(x.a, x.xptxt if phi_t else x.xpxt, x.v_d) + quad(x.v_d, x.xpptxt, x.v_d))


# ------------------------------------------------ eqs. (12)-(26): the terms, decided symbolically
@register("12", chapter=3, title="E(t), eq. (2) with sigma_h = id", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.three_population.ThreePopulation.energy", kind="definition",
          control="+ s' Xi V_h (the sign of the third bracket flipped)")
def check_eq12(control: bool = False) -> Verdict:
    """Eq. (12) restates eq. (2) with sigma_h = id (a definition); shown equal to it exactly, any V_h."""
    return decided("12", "eq. (12) against eq. (2) with sigma_h = id, L_h = |V_h|^2/2, any V_h", control)


@register("13", chapter=3, title="E(t+1)", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.three_population.ThreePopulation.energy", kind="definition",
          control="V_h'V_h without the 1/2")
def check_eq13(control: bool = False) -> Verdict:
    """Eq. (13) is eq. (12) at t + 1 (a definition); shown equal to eq. (2) at the state at t + 1."""
    return decided("13", "eq. (13) against eq. (2) at the state at t + 1", control)


@register("14", chapter=3, title="E with V_h substituted", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="V_h = X's + P X'V_d (the transpose on P dropped)")
def check_eq14(control: bool = False) -> Verdict:
    """Eq. (14): eq. (12) at the notes' V_h = X's + P'X'V_d, against eq. (2) at V_h solved from eq. (1)."""
    return decided("14", "eq. (14) at V_h = X's + P'X'V_d against eq. (2) at the V_h solved from (1)", control)


@register("15", chapter=3, title="E_2 as a product", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic",
          control="- V_d'XP in the row factor (a sign flipped)")
def check_eq15(control: bool = False) -> Verdict:
    """Eq. (15): E_2 = (s'X + V_d'XP)(X's + P'X'V_d)/2, against the second bracket of eq. (2)."""
    return decided("15", "(s'X + V_d'XP)(X's + P'X'V_d)/2 against |V_h|^2/2 at the slow V_h", control)


@register("16", chapter=3, title="E_2 expanded", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="the expansion without the 1/2")
def check_eq16(control: bool = False) -> Verdict:
    """Eq. (16): the four-term expansion of E_2."""
    return decided("16", "four-term expansion against |V_h|^2/2 at the slow V_h", control)


@register("17", chapter=3, title="E_2 collected", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic",
          control="cross term kept with its 1/2 (the two transposed cross terms not merged)")
def check_eq17(control: bool = False) -> Verdict:
    """Eq. (17): the two cross terms of (16) merged (they are transposes of each other)."""
    return decided("17", "cross terms merged, against |V_h|^2/2 at the slow V_h", control)


@register("18", chapter=3, title="E_3 = -s' X V_h", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="-s'X P' V_h (a stray P')")
def check_eq18(control: bool = False) -> Verdict:
    """Eq. (18): E_3 = -s'X V_h, the third bracket of eq. (2), any V_h."""
    return decided("18", "-s'X V_h against the third bracket of eq. (2), V_h free", control)


@register("19", chapter=3, title="E_3 with V_h substituted", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="- P'X'V_d inside the bracket")
def check_eq19(control: bool = False) -> Verdict:
    """Eq. (19): E_3 = -s'X(X's + P'X'V_d)."""
    return decided("19", "-s'X(X's + P'X'V_d) against the third bracket of eq. (2) at the slow V_h", control)


@register("20", chapter=3, title="E_3 expanded", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="+ s'XP'X'V_d (a sign flipped)")
def check_eq20(control: bool = False) -> Verdict:
    """Eq. (20): E_3 = -(s'XX's + s'XP'X'V_d)."""
    return decided("20", "-(s'XX's + s'XP'X'V_d) against the third bracket of eq. (2) at the slow V_h", control)


@register("21", chapter=3, title="E_4 with V_h substituted", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="P' in place of the first P")
def check_eq21(control: bool = False) -> Verdict:
    """Eq. (21): E_4 = -V_d'XP(X's + P'X'V_d)."""
    return decided("21", "-V_d'XP(X's + P'X'V_d) against the fourth bracket of eq. (2) at the slow V_h", control)


@register("22", chapter=3, title="E_4 expanded", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="P P in place of P P'")
def check_eq22(control: bool = False) -> Verdict:
    """Eq. (22): E_4 = -(V_d'XPX's + V_d'XPP'X'V_d)."""
    return decided("22", "-(V_d'XPX's + V_d'XPP'X'V_d) against the fourth bracket of eq. (2) at the slow V_h",
                   control)


@register("23", chapter=3, title="E_4 rewritten (missing transpose on s(V_f))", claimed="corrected", anchor="ch3-terms",
          implements="rnn_energy.energies.energy_terms", kind="symbolic",
          control="s' Xi Phi Xi' V_d (Phi' replaced by Phi)")
def check_eq23(control: bool = False) -> Verdict:
    """Eq. (23) as typed writes ``s(V_f) X P' X' V_d`` without the transpose on ``s(V_f)``: the product
    is undefined for N_f > 1. With ``s(V_f)'`` it is bracket 4 of (2) exactly (sympy, three sizes)."""
    return symbolic_verdict("23", "eq. (23) against -V_d'XP V_h with V_h slaved", control=control)


@register("24", chapter=3, title="E = E_1 + E_2 + E_3 + E_4", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic", control="E_1 + E_2 - E_3 + E_4")
def check_eq24(control: bool = False) -> Verdict:
    """Eq. (24): E_1 + (17) + (20) + (22) against eq. (2) at the slow V_h."""
    return decided("24", "E_1 + (17) + (20) + (22) against eq. (2) at the slow V_h", control)


@register("25", chapter=3, title="E regrouped", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="+1/2 s'XX's (the sign slip of eq. 28)")
def check_eq25(control: bool = False) -> Verdict:
    """Eq. (25): the energy in V_f and V_d, against eq. (2) at the slow V_h (V_d general)."""
    return decided("25", "eq. (25) against eq. (2) at the slow V_h (V_d general)", control)


@register("26", chapter=3, title="E with a bracket", claimed="holds", anchor="ch3-terms",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="- s'XP'X'V_d inside the bracket (the sign not distributed)")
def check_eq26(control: bool = False) -> Verdict:
    """Eq. (26): V_f's - [L + ...], against eq. (2) at the slow V_h."""
    return decided("26", "V_f's - [L + ...] against eq. (2) at the slow V_h", control)


# --------------------------------------------------------------- Trial 1, eqs. (27)-(31)
@register("27", chapter=3, title="the map with V_d(t) = s(V_f(t))", claimed="holds", anchor="ch3-trial1",
          implements="rnn_energy.three_population.ThreePopulation.hidden_drive", kind="symbolic",
          control="XPX'V_d (the transpose on P dropped)")
def check_eq27(control: bool = False) -> Verdict:
    """Eq. (27): both lines, against the model's step (V_d general) and V_d solved from eq. (1)."""
    return decided("27", "[XX's + XP'X'V_d ; s(V_f)] against [the model's step ; V_d solved from (1)]", control)


@register("28", chapter=3, title="E(t) of Trial 1", claimed="corrected", anchor="ch3-trial1",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="all three quadratic signs positive (neither the typed nor the corrected form)")
def check_eq28(control: bool = False) -> Verdict:
    """Eq. (28): the notes write +1/2 s'XX's; eq. (25) has -1/2 s'XX's."""
    return decided("28", "the notes write +1/2 s'XX's; eq. (25) has -1/2 s'XX's (the other two quadratic terms "
                   "agree)", control)


@register("29", chapter=3, title="E(t+1) of Trial 1 (V_d held)", claimed="corrected", anchor="ch3-trial1",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="+ s(t+1)'XP'X'V_d besides the +1/2 (neither form)")
def check_eq29(control: bool = False) -> Verdict:
    """Eq. (29): eq. (28) at (V_f(t+1), V_d(t)); the same sign error."""
    return decided("29", "same sign error as eq. (28), at (V_f(t+1), V_d(t))", control)


@register("30", chapter=3, title="E_1(t+1) in terms of V_f(t)", claimed="holds", anchor="ch3-trial1",
          implements="rnn_energy.energies.energy_terms", kind="symbolic", control="V_d'XP'X' (a transpose added)")
def check_eq30(control: bool = False) -> Verdict:
    """Eq. (30): (s(t)'XX' + V_d'XPX') s(t+1), the V_f's term of E(t+1)."""
    return decided("30", "(s(t)'XX' + V_d'XPX') s(t+1) against the V_f's term of eq. (2) at (V_f(t+1), V_d(t))",
                   control)


@register("31", chapter=3, title="E_3(t+1) in terms of V_f(t)", claimed="corrected", anchor="ch3-trial1",
          implements="rnn_energy.energies.energy_terms", kind="symbolic",
          control="+1/2 s(t+1)'XX's(t+1) (the sign of the correction flipped)")
def check_eq31(control: bool = False) -> Verdict:
    """Eq. (31) repeats the right-hand side of (30); the third term of E(t+1) is -1/2 b'XX'b."""
    return decided("31", "the notes repeat (30); the third term of E(t+1) is -1/2 s(t+1)'XX's(t+1)", control)


# ----------------------------------------------------------- the tanh case, eqs. (32)-(43)
def log_cosh(v):
    """sum_i log cosh v_i, as the notes type it."""
    return np.sum(np.log(np.cosh(v)), axis=-1)


@register("32", chapter=3, title="E(t), tanh", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.reduced_energy", kind="sampled",
          control="+1/2 tanh'XX'tanh (the sign slip of eq. 28)")
def check_eq32(control: bool = False) -> Verdict:
    """Eq. (32), typed with log cosh, against the package's eq. (25) in its product form E_1 - |V_h|^2/2."""
    def pair(x):
        t = np.tanh(x.v_f)
        seed = (np.sum(x.v_f * t, -1) - log_cosh(x.v_f) + (0.5 if control else -0.5) * quad(t, x.xxt, t)
                - quad(t, x.xptxt, x.v_d) - 0.5 * quad(x.v_d, x.xpptxt, x.v_d))
        return seed, reduced_energy(x.model, x.v_f, x.v_d)
    return sampled("eq. (32) against eq. (25) with s = tanh, L = log cosh (sign -1/2 as in (25))", pair,
                   activations=("tanh",))


@register("33", chapter=3, title="E(t+1), tanh", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.reduced_energy", kind="sampled",
          control="V_d(t) in place of V_d(t+1) in the cross term (V_d held in one term only)")
def check_eq33(control: bool = False) -> Verdict:
    """Eq. (33), eq. (32) at (V_f(t+1), V_d(t+1)), against the package's eq. (25) there."""
    def pair(x):
        v, d = x.next_v_f, x.v_d_next
        t = np.tanh(v)
        seed = (np.sum(v * t, -1) - log_cosh(v) - 0.5 * quad(t, x.xxt, t)
                - quad(t, x.xptxt, x.v_d if control else d) - 0.5 * quad(d, x.xpptxt, d))
        return seed, reduced_energy(x.model, v, d)
    return sampled("eq. (33) against eq. (25) at t+1", pair, activations=("tanh",))


def delta_terms(x, v_d_next):
    """The package's changes of the five terms of eq. (25) over one step, numbered 1..5 as in the notes."""
    changes = energy_term_changes(x.model, x.v_f, x.v_d, x.next_v_f, v_d_next)
    return dict(enumerate(changes.values(), start=1))


@register("34", chapter=3, title="Delta E_1", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="V_d'XP'X's(t+1) in place of V_d'XPX's(t+1) (a transpose added)")
def check_eq34(control: bool = False) -> Verdict:
    """Eq. (34), s(t)'XX's(t+1) + V_d'XPX's(t+1) - V_f's(t), against the package's change of V_f's.

    V_f(t+1) is the model's step (eq. (1), T_f = 1, V_h slaved), not the notes' line (27).
    """
    def pair(x):
        seed = quad(x.a, x.xxt, x.b) + quad(x.v_d, x.xptxt if control else x.xpxt, x.b) - np.sum(x.v_f * x.a, -1)
        return seed, delta_terms(x, x.v_d_next)[1]
    return sampled("against the change of V_f's s(V_f) over the model's step", pair, activations=("tanh",))


def log_cosh_ratio(v_next, v):
    """sum log(cosh v_next / cosh v), as eq. (35) types it."""
    return np.sum(np.log(np.abs(np.cosh(v_next)) / np.abs(np.cosh(v))), -1)


@register("35", chapter=3, title="Delta E_2 (log cosh)", claimed="corrected", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="corrected form with cosh of s(V_f) in place of cosh of V_f (neither form)")
def check_eq35(control: bool = False) -> Verdict:
    """Eq. (35), +sum log(cosh ratio), against the package's change of -L (L for tanh from the activation)."""
    def corrected_pair(x):
        if control:
            return -log_cosh_ratio(x.b, x.a), delta_terms(x, x.v_d_next)[2]
        return -log_cosh_ratio(x.next_v_f, x.v_f), delta_terms(x, x.v_d_next)[2]
    return sampled_correction(
        "E contains -L = -sum log cosh, so Delta E_2 = -sum log(cosh V_f(t+1)/cosh V_f(t)); the notes drop the minus",
        lambda x: (log_cosh_ratio(x.next_v_f, x.v_f), delta_terms(x, x.v_d_next)[2]), corrected_pair,
        activations=("tanh",))


@register("36", chapter=3, title="Delta E_3", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="the change without the 1/2")
def check_eq36(control: bool = False) -> Verdict:
    """Eq. (36), -1/2 (b'XX'b - a'XX'a), against the package's change of -1/2 |X's|^2."""
    def pair(x):
        seed = -(1.0 if control else 0.5) * (quad(x.b, x.xxt, x.b) - quad(x.a, x.xxt, x.a))
        return seed, delta_terms(x, x.v_d_next)[3]
    return sampled("against the change of -1/2 s'XX's", pair, activations=("tanh",))


@register("37", chapter=3, title="Delta E_4", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="V_d(t) in place of V_d(t+1) in the first term")
def check_eq37(control: bool = False) -> Verdict:
    """Eq. (37), -(b'XP'X'V_d(t+1) - a'XP'X'V_d(t)), against the package's change of -s'XP'X'V_d."""
    def pair(x):
        seed = -(quad(x.b, x.xptxt, x.v_d if control else x.v_d_next) - quad(x.a, x.xptxt, x.v_d))
        return seed, delta_terms(x, x.v_d_next)[4]
    return sampled("against the change of -s'XP'X'V_d", pair, activations=("tanh",))


@register("38", chapter=3, title="Delta E_4, V_d held", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="(s(t) - s(t+1)) in place of (s(t+1) - s(t))")
def check_eq38(control: bool = False) -> Verdict:
    """Eq. (38), -(b - a)'XP'X'V_d, against the package's change of -s'XP'X'V_d with V_d held."""
    def pair(x):
        diff = (x.a - x.b) if control else (x.b - x.a)
        return -quad(diff, x.xptxt, x.v_d), delta_terms(x, x.v_d)[4]
    return sampled("eq. (37) with V_d(t+1) = V_d(t)", pair, activations=("tanh",))


def tanh_difference(a, b, sign=-1.0):
    """tanh(a - b)(1 + sign tanh a tanh b): tanh a - tanh b for ``sign = -1``."""
    return np.tanh(a - b) * (1 + sign * np.tanh(a) * np.tanh(b))


@register("39", chapter=3, title="Delta E_4 via the tanh identity", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="tanh(a - b)(1 + tanh a tanh b) (the sign inside the identity flipped)")
def check_eq39(control: bool = False) -> Verdict:
    """Eq. (39): tanh a - tanh b = tanh(a - b)(1 - tanh a tanh b) element-wise in eq. (38).

    The identity is checked on a 401 x 401 grid of [-20, 20]^2 (absolute error; |tanh| <= 1, so
    round-off is a few ε) and, in (39), against the package's change of -s'XP'X'V_d; the value per
    instance is the larger of the two.
    """
    sign = 1.0 if control else -1.0
    grid = np.linspace(-20, 20, 401)
    a, b = np.meshgrid(grid, grid)
    identity_error = float(np.max(np.abs(np.tanh(a) - np.tanh(b) - tanh_difference(a, b, sign))))

    def pair(x):
        return (-np.sum(tanh_difference(x.next_v_f, x.v_f, sign) * (x.v_d @ x.xptxt.T), -1),
                delta_terms(x, x.v_d)[4])
    values = [max(identity_error, e) for e in per_instance(pair, tanh_samples())]
    return sampled_verdict(values, TOL, "tanh a - tanh b = tanh(a-b)(1 - tanh a tanh b) on a grid, element-wise, "
                           f"and (39) against the change of -s'XP'X'V_d [{len(values)} seeded instances (tanh)]")


@register("40", chapter=3, title="Delta E_4 with V_d = s(V_f(t))", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="symbolic",
          control="XPX' (the transpose on P dropped)")
def check_eq40(control: bool = False) -> Verdict:
    """Eq. (40): eq. (38) with V_d = tanh(V_f(t)) held, against the change of the cross term of eq. (2)."""
    return decided("40", "eq. (38) with V_d = tanh(V_f(t)), against the change of -s'XP'X'V_d along the model's step",
                   control)


def adiabatic_sample(x):
    """The notes' Trial-1 setting: V_d(t+1) = V_d(t) = s(V_f(t)), V_f(t+1) the model's step."""
    return Sample(x.model, x.v_f, x.a, x.a)


def full_energy(model, v_f, v_d):
    """Eq. (2) (the package's ThreePopulation.energy) at the slaved V_h."""
    return model.energy(model.join(v_f, hidden_state(model, v_f, v_d), v_d))


@register("41", chapter=3, title="Delta E = sum of Delta E_i", claimed="holds", anchor="ch3-tanh",
          implements="rnn_energy.energies.energy_term_changes", kind="sampled",
          control="Delta E_2 as the notes type it in (35), without the minus")
def check_eq41(control: bool = False) -> Verdict:
    """Eq. (41): the notes' term changes (34), (35) corrected, (36), (38), and Delta E_5 = 0 (V_d held),
    summed, against the direct change of the full eq. (2) at the slaved V_h (Trial 1, tanh).

    Both sides are independent of the package's term split: the left is transcribed, the right is
    :meth:`ThreePopulation.energy`.
    """
    def pair(x):
        y = adiabatic_sample(x)
        a, b, d = y.a, y.b, y.v_d
        d1 = quad(a, y.xxt, b) + quad(d, y.xpxt, b) - np.sum(y.v_f * a, -1)
        d2 = (1.0 if control else -1.0) * log_cosh_ratio(y.next_v_f, y.v_f)
        d3 = -0.5 * (quad(b, y.xxt, b) - quad(a, y.xxt, a))
        d4 = -quad(b - a, y.xptxt, d)
        direct = full_energy(y.model, y.next_v_f, d) - full_energy(y.model, y.v_f, d)
        return d1 + d2 + d3 + d4, direct
    return sampled("(34) + (35) corrected + (36) + (38) + Delta E_5 (change of -1/2 V_d'XPP'X'V_d, never written; "
                   "0 with V_d held) against E(t+1) - E(t) of eq. (2)", pair, activations=("tanh",))


@register("42", chapter=3, title="Delta E expanded", claimed="corrected", anchor="ch3-tanh",
          implements="rnn_energy.energies.adiabatic_energy_change", kind="symbolic",
          control="corrected form with - tanh(t)'XP'X'tanh(t) (neither form)")
def check_eq42(control: bool = False) -> Verdict:
    """Eq. (42): inherits the sign of (35)."""
    return decided("42", "inherits the sign of (35): with -sum log(cosh ratio) it equals E(t+1) - E(t) of the model",
                   control)


@register("43", chapter=3, title="Delta E regrouped", claimed="corrected", anchor="ch3-tanh",
          implements="rnn_energy.energies.adiabatic_energy_change", kind="symbolic",
          control="corrected form with (a - b)'XX'b without the 1/2 (neither form)")
def check_eq43(control: bool = False) -> Verdict:
    """Eq. (43): a correct regrouping of (42), with the same sign error."""
    return decided("43", "a correct regrouping of (42), with the same sign error", control)
