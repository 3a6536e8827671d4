"""Ledger checks for chapter 4, eqs. (44)–(58): the concave-convex procedure in the notes' x coordinates.

Jacobians and Hessians are compared with central finite differences of the functions they
differentiate, at random points of seeded instances (tanh and logistic).
"""

from __future__ import annotations

import numpy as np

from ..cccp import (
    cross_term_gradient,
    legendre_term_gradient,
    legendre_term_hessian,
    quadratic_term_gradient,
    quadratic_term_hessian,
)
from ..energies import hidden_state, legendre_term, reduced_energy
from ..finite_differences import gradient_fd, hessian_fd, jacobian_fd
from ..instances import random_three_population, seeded
from .registry import Verdict, correction_verdict, identity_verdict, register, worst_relative

ACTIVATIONS = ("tanh", "logistic")
FD_TOL = 1e-6


def instances():
    """(model, x, y) triples: five seeded instances per activation, 16 random points each."""
    out = []
    for activation in ACTIVATIONS:
        for model, rng in seeded(random_three_population, 4, 3, xi_scale=1.5, phi_scale=1.0, sigma_f=activation):
            out.append((model, rng.normal(scale=1.5, size=(16, 4)), rng.normal(size=(16, 4))))
    return out


worst = worst_relative


def quadratic_term(model, x):
    s = model.sigma_f(x) @ model.xi
    return 0.5 * np.sum(s * s, axis=-1)


def cross_term(model, x, y):
    return np.sum((model.sigma_f(x) @ model.xi @ model.phi.T) * (y @ model.xi), axis=-1)


def eq45_seed(model, x, y):
    """Eq. (45)/(47) as written: all three quadratic terms with + signs."""
    s = model.sigma_f(x)
    xxt = model.xi @ model.xi.T
    xptxt = model.xi @ model.phi.T @ model.xi.T
    xpptxt = model.xi @ model.phi @ model.phi.T @ model.xi.T
    return legendre_term(model, x) + 0.5 * quad(s, xxt, s) + quad(s, xptxt, y) + 0.5 * quad(y, xpptxt, y)


def quad(u, a, w):
    """Batched bilinear form u' a w."""
    return np.sum((u @ a) * w, axis=-1)


def eq45_corrected(model, x, y):
    """Eq. (45) with the three quadratic signs flipped: eq. (25)."""
    s = model.sigma_f(x)
    xxt = model.xi @ model.xi.T
    xptxt = model.xi @ model.phi.T @ model.xi.T
    xpptxt = model.xi @ model.phi @ model.phi.T @ model.xi.T
    return legendre_term(model, x) - 0.5 * quad(s, xxt, s) - quad(s, xptxt, y) - 0.5 * quad(y, xpptxt, y)


@register("44", chapter=4, title="the map, split by XX' and XP'X'", claimed="holds", anchor="ch4-setting", implements="rnn_energy.three_population.ThreePopulation.feature_map")
def check_eq44() -> Verdict:
    def pair(model, x):
        s = model.sigma_f(x)
        return s @ (model.xi @ model.xi.T) + s @ (model.xi @ model.phi.T @ model.xi.T).T, model.feature_map(x)
    return identity_verdict(worst(pair(m, x) for m, x, _ in instances()), 1e-12,
                            "XX's(V_f) + XP'X'V_d with V_d = s(V_f) against eq. (7)")


def eq45_check(detail: str) -> Verdict:
    seed = worst((eq45_seed(m, x, y), reduced_energy(m, x, y)) for m, x, y in instances())
    fixed = worst((eq45_corrected(m, x, y), reduced_energy(m, x, y)) for m, x, y in instances())
    return correction_verdict(seed, fixed, 1e-12, detail)


@register("45", chapter=4, title="the energy for CCCP", claimed="corrected", anchor="ch4-setting", implements="rnn_energy.energies.reduced_energy")
def check_eq45() -> Verdict:
    return eq45_check("all three quadratic terms carry the opposite sign of eq. (25); flipped, it is (25)")


@register("46", chapter=4, title="the map in x, y", claimed="holds", anchor="ch4-setting", implements="rnn_energy.three_population.ThreePopulation.hidden_drive")
def check_eq46() -> Verdict:
    def pair(model, x, y):
        seed = model.sigma_f(x) @ (model.xi @ model.xi.T) + y @ (model.xi @ model.phi.T @ model.xi.T).T
        return seed, hidden_state(model, x, y) @ model.xi.T
    return identity_verdict(worst(pair(*t) for t in instances()), 1e-12,
                            "XX's(x) + XP'X'y against Xi V_h(x, y), any y")


@register("47", chapter=4, title="E(x) for CCCP", claimed="corrected", anchor="ch4-setting", implements="rnn_energy.energies.reduced_energy")
def check_eq47() -> Verdict:
    return eq45_check("eq. (45) in x, y: the same three signs")


@register("48", chapter=4, title="J(x's - L), product rule", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.legendre_term_gradient")
def check_eq48() -> Verdict:
    def pair(model, x):
        j_l = gradient_fd(lambda z: np.sum(model.sigma_f.lagrangian(z), -1), x)
        seed = model.sigma_f(x) + x * model.sigma_f.derivative(x) - j_l
        return seed, gradient_fd(lambda z: legendre_term(model, z), x)
    return identity_verdict(worst(pair(m, x) for m, x, _ in instances()), FD_TOL,
                            "s + x J(s) - J(L), J(L) by differences, against differences of x's - L")


@register("49", chapter=4, title="J(x's - L) = x' J(s)", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.legendre_term_gradient")
def check_eq49() -> Verdict:
    return identity_verdict(
        worst((legendre_term_gradient(x, m.sigma_f), gradient_fd(lambda z: legendre_term(m, z), x))
              for m, x, _ in instances()), FD_TOL, "diag(s'(x)) x against central differences")


@register("50", chapter=4, title="H = J(J(s)' x)", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.legendre_term_hessian")
def check_eq50() -> Verdict:
    return identity_verdict(
        worst((jacobian_fd(lambda z: legendre_term_gradient(z, m.sigma_f), x),
               hessian_fd(lambda z: legendre_term(m, z), x)) for m, x, _ in instances()),
        1e-5, "Jacobian of the gradient (differences) against second differences of x's - L")


@register("51", chapter=4, title="H = J(s)' + x'.H(s)", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.legendre_term_hessian")
def check_eq51() -> Verdict:
    return identity_verdict(
        worst((legendre_term_hessian(x, m.sigma_f), hessian_fd(lambda z: legendre_term(m, z), x))
              for m, x, _ in instances()), 1e-5, "diag(s' + x s'') against second differences")


@register("52", chapter=4, title="H = H(L)' + x'.H(s)", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.legendre_term_hessian")
def check_eq52() -> Verdict:
    def pair(model, x):
        h_l = hessian_fd(lambda z: np.sum(model.sigma_f.lagrangian(z), -1), x)
        red = (x * model.sigma_f.second_derivative(x))[..., :, None] * np.eye(x.shape[-1])
        return h_l + red, hessian_fd(lambda z: legendre_term(model, z), x)
    return identity_verdict(worst(pair(m, x) for m, x, _ in instances()), 1e-5,
                            "H(L) by differences plus the red term diag(x s''); H(L) = J(s)")


@register("53", chapter=4, title="gradient of s'XX's/2", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.quadratic_term_gradient")
def check_eq53() -> Verdict:
    return identity_verdict(
        worst((quadratic_term_gradient(m.xi, x, m.sigma_f), gradient_fd(lambda z: quadratic_term(m, z), x))
              for m, x, _ in instances()), FD_TOL,
        "s'XX' J(s) (second line; the first line's ordering is loose) against differences")


@register("54", chapter=4, title="H = J((s'XX'J(s))')", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.quadratic_term_hessian")
def check_eq54() -> Verdict:
    return identity_verdict(
        worst((jacobian_fd(lambda z: quadratic_term_gradient(m.xi, z, m.sigma_f), x),
               hessian_fd(lambda z: quadratic_term(m, z), x)) for m, x, _ in instances()),
        1e-5, "Jacobian of the gradient against second differences")


@register("55", chapter=4, title="H = J(J(s)'XX's)", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.quadratic_term_hessian")
def check_eq55() -> Verdict:
    def pair(model, x):
        gram = model.xi @ model.xi.T
        transposed = lambda z: model.sigma_f.derivative(z) * (model.sigma_f(z) @ gram.T)  # noqa: E731
        return jacobian_fd(transposed, x), hessian_fd(lambda z: quadratic_term(model, z), x)
    return identity_verdict(worst(pair(m, x) for m, x, _ in instances()), 1e-5,
                            "(54) with the transpose taken inside")


@register("56", chapter=4, title="H by the product rule", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.quadratic_term_hessian")
def check_eq56() -> Verdict:
    def pair(model, x):
        gram = model.xi @ model.xi.T
        d = model.sigma_f.derivative(x)
        first = d[..., :, None] * gram * d[..., None, :]
        frozen = model.sigma_f(x) @ gram
        second = jacobian_fd(lambda z: model.sigma_f.derivative(z) * frozen, x)
        return first + second, hessian_fd(lambda z: quadratic_term(model, z), x)
    return identity_verdict(worst(pair(m, x) for m, x, _ in instances()), 1e-5,
                            "J'XX'J + J(J'XX') s with s frozen, against second differences")


@register("57", chapter=4, title="H = J'XX'J + H(s)'.XX's", claimed="holds", anchor="ch4-derivatives", implements="rnn_energy.cccp.quadratic_term_hessian")
def check_eq57() -> Verdict:
    return identity_verdict(
        worst((quadratic_term_hessian(m.xi, x, m.sigma_f), hessian_fd(lambda z: quadratic_term(m, z), x))
              for m, x, _ in instances()), 1e-5, "with H(s)'.w = diag(s'' w), against second differences")


@register("58", chapter=4, title="gradient of s'XP'X'y", claimed="corrected", anchor="ch4-derivatives", implements="rnn_energy.cccp.cross_term_gradient")
def check_eq58() -> Verdict:
    def seed(model, x, y):
        return model.sigma_f.second_derivative(x) * (y @ (model.xi @ model.phi @ model.xi.T))

    def reference(model, x, y):
        return gradient_fd(lambda z: cross_term(model, z, y), x)

    return correction_verdict(
        worst((seed(m, x, y), reference(m, x, y)) for m, x, y in instances()),
        worst((cross_term_gradient(m.xi, m.phi, x, y, m.sigma_f), reference(m, x, y)) for m, x, y in instances()),
        FD_TOL, "the notes write H(s) where the Jacobian J(s) belongs: y'XPX' J(s)",
    )
