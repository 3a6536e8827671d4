"""Ledger checks for chapter 2, eqs. (8)–(11): the map (7) and the RNN (10) are conjugate.

All four entries are ``symbolic``: the notes' typed forms against the model's step, with
:math:`\\sigma` an undefined function of which only :math:`\\sigma^{-1}\\circ\\sigma = \\mathrm{id}`
is used (:mod:`rnn_energy.ledger.symbolic`). The numeric versions they replace could not fail:
along orbits, :math:`h(f^k(x))` and :math:`g^k(h(x))` are the same floating-point expression
:math:`\\sigma(M\\sigma(\\cdot))` (exactly 0.0), and the inverse forms saw only the round-off of
:math:`\\sigma^{-1}\\circ\\sigma`. Entry (11) also checks, numerically, the consequences the
chapter uses: fixed points found independently for f and g correspond through h, with equal
Jacobian spectra.

Every check takes ``control``: with ``control=True`` it runs the same comparison on the
deliberately wrong variant named in its ``control=`` line.
"""

from __future__ import annotations

import functools

import numpy as np

from ..conjugacy import fixed_point_correspondence
from ..instances import random_three_population, seeded
from ..maps import FeatureMap, RecurrentMap, scaled_to_norm
from ..orbits import jacobian_spectrum
from .registry import Verdict, register, symbolic_verdict

ACTIVATIONS = ("tanh", "logistic")
#: Tolerance of the fixed-point and spectral correspondence of (11); see :func:`check_eq11`.
TRANSFER_TOL = 1e-8


def instances(norm: float = 2.0):
    """Seeded (M, rng) pairs: M = Xi (I + Phi') Xi' of a random instance, rescaled to ``norm``."""
    return [(scaled_to_norm(model.reduced_matrix, norm), rng)
            for model, rng in seeded(random_three_population, 4, 4, phi_scale=0.5)]


@register("8", chapter=2, title="sigma^-1(V'(t+1)) = M V'(t)", claimed="holds", anchor="ch2-maps",
          implements="rnn_energy.maps.RecurrentMap", kind="symbolic",
          control="M' = Xi (I + Phi) Xi' in place of M")
def check_eq8(control: bool = False) -> Verdict:
    """With V' = s(V_f), s^-1(V'(t+1)) = M V'(t) for the model's step V_f(t+1), any invertible s.

    Decided exactly by :func:`rnn_energy.ledger.symbolic.decide_8`.
    """
    return symbolic_verdict("8", "M V' against s^-1(s(V_f(t+1))), V' = s(V_f), V_f(t+1) the model's step",
                            control=control)


@register("9", chapter=2, title="repeats eq. (8)", claimed="holds", anchor="ch2-maps",
          implements="rnn_energy.maps.RecurrentMap", kind="symbolic",
          control="M' = Xi (I + Phi) Xi' in place of M")
def check_eq9(control: bool = False) -> Verdict:
    """Eq. (9) repeats eq. (8) symbol for symbol; decided by the same decider under its own key."""
    return symbolic_verdict("9", "identical to eq. (8) in the notes; M V' against s^-1(s(V_f(t+1)))",
                            control=control)


@register("10", chapter=2, title="the RNN V'(t+1) = s(M V'(t))", claimed="holds", anchor="ch2-maps",
          implements="rnn_energy.maps.RecurrentMap", kind="symbolic", control="M' in place of M")
def check_eq10(control: bool = False) -> Verdict:
    """V'(t+1) = s(M V'(t)) is s of the model's step at V_f, with V' = s(V_f).

    Decided exactly by :func:`rnn_energy.ledger.symbolic.decide_10`.
    """
    return symbolic_verdict("10", "s(M V') against s(V_f(t+1)) of the model's step, V' = s(V_f)",
                            control=control)


@functools.cache
def _fixed_points() -> tuple:
    """(activation, f, correspondence) for tanh and logistic on the 5 seeded couplings of norm 2.

    60 starts per instance (scale 3); cached, since the check and its control share them.
    """
    out = []
    for activation in ACTIVATIONS:
        for m, rng in instances():
            f = FeatureMap(m, activation)
            out.append((activation, f, fixed_point_correspondence(f, rng.normal(scale=3.0, size=(60, 4)))))
    return tuple(out)


def transfer_errors(control: bool = False) -> tuple[np.ndarray, int]:
    r"""Per instance: the largest fixed-point residual and spectral mismatch across the conjugacy.

    For each fixed point :math:`x^*` (found for f, or for g and carried back by
    :math:`h^{-1}`): :math:`\max(|f(x^*) - x^*|, |g(c(x^*)) - c(x^*)|)` and the largest difference
    between the spectra of :math:`Df(x^*)` and :math:`Dg(c(x^*))`, where :math:`c = h = \sigma`
    (:func:`rnn_energy.conjugacy.fixed_point_correspondence`), or :math:`c = \mathrm{id}` for the
    control (the points carried without the conjugacy). Returns the per-instance values and the
    number of fixed points.
    """
    values, n_points = [], 0
    for activation, f, fp in _fixed_points():
        n_points += len(fp.points)
        if not control:
            values.append(max(fp.residual, fp.spectral_mismatch))
            continue
        g = RecurrentMap(f.m, activation)
        residual = float(max(np.max(np.abs(f(fp.points) - fp.points)), np.max(np.abs(g(fp.points) - fp.points))))
        mismatch = max(float(np.max(np.abs(jacobian_spectrum(f, x) - jacobian_spectrum(g, x)))) for x in fp.points)
        values.append(max(residual, mismatch))
    return np.array(values), n_points


@register("11", chapter=2, title="h^-1 o g o h = f (conjugacy)", claimed="holds", anchor="ch2-conjugacy",
          implements="rnn_energy.maps.conjugate_pair", kind="symbolic",
          control="h = identity in place of sigma (no conjugacy), in the identity and in carrying the fixed points")
def check_eq11(control: bool = False) -> Verdict:
    r"""h^-1(g(h(x))) = f(x) exactly; fixed points and Jacobian spectra correspond through h.

    The identity is decided by :func:`rnn_energy.ledger.symbolic.decide_11`. Its consequences as
    chapter 2 uses them are measured on 5 seeded couplings of norm 2, tanh and logistic
    (:func:`transfer_errors`): the verdict holds only if both do; ``measure`` is the worst
    per-instance transfer error, ``spread`` its spread over the 10 instances. Equal spectra need
    h to be a C¹ diffeomorphism onto its image (:math:`\sigma' > 0`: tanh, logistic), not only
    a homeomorphism: :math:`Dg(h(x^*)) = Dh(x^*)\,Df(x^*)\,Dh(x^*)^{-1}`.

    Tolerance ``1e-8``: the solver accepts a fixed point at residual ``1e-10``; carried by
    :math:`\sigma^{-1}`, whose derivative is at most ~17 at the fixed points found
    (:math:`|x^*| \le 2.1`), this becomes :math:`\le 2\times10^{-9}`; the spectra of :math:`MD`
    and :math:`DM` (similar matrices) agree to :math:`O(\epsilon\|M\|)` for simple eigenvalues.
    Measured: ``4e-11``. One tanh instance has the origin as its only fixed point, where f and g
    coincide; it measures 0.0 and its control cannot differ, so the control's worst is what counts.
    """
    exact = symbolic_verdict("11", "s^-1(s(M s(x))) against the model's step at x", control=control)
    values, n_points = transfer_errors(control)
    worst = float(values.max())
    holds = exact.status == "holds" and worst <= TRANSFER_TOL
    transfer = (f"{n_points} fixed points over 10 instances, each fixed for f and for g through "
                f"{'the identity' if control else 'h'}; worst residual or spectral mismatch {worst:.1e} "
                f"(per instance {values.min():.1e} to {worst:.1e})")
    return Verdict(
        "holds" if holds else "fails", worst, f"{exact.detail}; {transfer}", exact=True,
        spread=float(np.ptp(values)),
        boundary="ReLU: h is not injective, so f is only semi-conjugate to g (the fixed points and "
                 "spectra need h to be a C1 diffeomorphism onto its image)",
    )
