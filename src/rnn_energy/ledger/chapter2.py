"""Ledger checks for chapter 2, eqs. (8)–(11): the map (7) and the RNN (10) are conjugate."""

from __future__ import annotations

import numpy as np

from ..conjugacy import fixed_point_correspondence, inverse_form_error
from ..instances import random_three_population, seeded
from ..maps import FeatureMap, conjugate_pair, iterate, scaled_to_norm
from .registry import Verdict, identity_verdict, register

ACTIVATIONS = ("tanh", "logistic")
TOL = 1e-9


def instances(norm: float = 2.0):
    """Seeded (M, rng) pairs: M = Xi (I + Phi') Xi' of a random instance, rescaled to ``norm``."""
    return [(scaled_to_norm(model.reduced_matrix, norm), rng)
            for model, rng in seeded(random_three_population, 4, 4, phi_scale=0.5)]


def _transformed_orbit_error() -> float:
    """Largest relative |s^-1(V'(t+1)) - M V'(t)| along orbits of (7), with V' = s(V_f)."""
    worst = 0.0
    for activation in ACTIVATIONS:
        for m, rng in instances():
            f, _, h = conjugate_pair(FeatureMap(m, activation))
            orbit = iterate(f, rng.normal(scale=2.0, size=(8, 4)), 30)
            v_prime = h(orbit)
            lhs = h.inverse(v_prime[1:], "V'(t+1)")
            rhs = v_prime[:-1] @ m.T
            worst = max(worst, float(np.max(np.abs(lhs - rhs) / (1.0 + np.abs(rhs)))))
    return worst


@register("8", chapter=2, title="sigma^-1(V'(t+1)) = M V'(t)", claimed="holds", anchor="ch2-maps", implements="rnn_energy.maps.RecurrentMap")
def check_eq8() -> Verdict:
    """Along orbits of (7), V' = s(V_f) satisfies s^-1(V'(t+1)) = M V'(t) (tanh, logistic)."""
    return identity_verdict(_transformed_orbit_error(), TOL,
                            "relative error along 30-step orbits, tanh and logistic, 5 instances")


@register("9", chapter=2, title="repeats eq. (8)", claimed="holds", anchor="ch2-maps", implements="rnn_energy.maps.RecurrentMap")
def check_eq9() -> Verdict:
    """Eq. (9) repeats eq. (8) symbol for symbol; the same check applies."""
    return identity_verdict(_transformed_orbit_error(), TOL, "identical to eq. (8) in the notes; same check")


@register("10", chapter=2, title="the RNN V'(t+1) = s(M V'(t))", claimed="holds", anchor="ch2-maps", implements="rnn_energy.maps.RecurrentMap")
def check_eq10() -> Verdict:
    """Orbits of g (eq. 10) iterated from s(x0) are the images under s of orbits of f."""
    worst = 0.0
    for activation in ACTIVATIONS:
        for m, rng in instances():
            f, g, h = conjugate_pair(FeatureMap(m, activation))
            x0 = rng.normal(scale=2.0, size=(8, 4))
            worst = max(worst, float(np.max(np.abs(iterate(g, h(x0), 50) - h(iterate(f, x0, 50))))))
    return identity_verdict(worst, TOL, "50-step orbits of g against h(orbits of f), tanh and logistic")


@register("11", chapter=2, title="h^-1 o g o h = f (conjugacy)", claimed="holds", anchor="ch2-conjugacy", implements="rnn_energy.maps.conjugate_pair")
def check_eq11() -> Verdict:
    """h^-1(g(h(x))) = f(x), and fixed points and Jacobian spectra correspond through h.

    Measure: the largest of the inverse-form error, the fixed-point residual of every point
    found by either map (f, and g through h), and the spectral mismatch.
    """
    inverse, match, spectra, n_points = 0.0, 0.0, 0.0, 0
    for activation in ACTIVATIONS:
        for m, rng in instances():
            x = rng.normal(scale=2.0, size=(256, 4))
            f = FeatureMap(m, activation)
            inverse = max(inverse, float(np.max(inverse_form_error(f, x))))
            fp = fixed_point_correspondence(f, rng.normal(scale=3.0, size=(60, 4)))
            match = max(match, fp.residual)
            n_points += len(fp.points)
            spectra = max(spectra, fp.spectral_mismatch)
    return identity_verdict(
        max(inverse, match, spectra), 1e-8,
        f"inverse form {'below 1e-12' if inverse < 1e-12 else f'{inverse:.1e}'}; {n_points} "
        "fixed points, each fixed for both f and g through h; "
        "conjugacy of f on R^n with g on the image of s (ReLU: semi-conjugacy only)",
    )
