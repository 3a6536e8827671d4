r"""Ledger checks for chapter 4, eqs. (44)–(58): the concave-convex procedure in the notes' x coordinates.

Two kinds of evidence:

* **symbolic** — eqs. (44)–(47), the notes' algebra: each line *as typed* is decided exactly by
  :func:`rnn_energy.ledger.symbolic.decide` against the model's definition over symbolic matrices
  of three sizes; the negative control is the decider's deliberately wrong variant.
* **finite-differences** — eqs. (48)–(58), the derivatives: each Jacobian or Hessian (the notes'
  line, or the package function that implements it) is compared with central differences of the
  function it differentiates, at 16 random points of each of ten seeded instances (five tanh, five
  logistic; :data:`rnn_energy.instances.LEDGER_SEEDS`). The verdict reports the worst per-instance
  relative error ``|a - b| / (1 + |b|)`` and its spread over the instances; the negative control
  runs the same comparison, same tolerance, on the mistake a person would plausibly make in that
  line (a product-rule term dropped, a chain-rule factor dropped, a sign or a transpose).

Tolerances, from the error order of :mod:`rnn_energy.finite_differences` (float64, ε = 2.2e-16):

* :data:`GRAD_TOL` — central first differences, step ``h = 1e-5``: truncation
  ``h²/6·|f'''| ≈ 1.7e-11·|f'''|`` plus round-off ``ε·|f|/h ≈ 2.2e-11·|f|``; with ``|f|, |f'''| ≤ 10²``
  on these instances the error is at most ~4e-9, and ``1e-7`` leaves a factor 25.
* :data:`HESS_TOL` — central second differences, step ``h = 1e-4``: round-off ``ε·|f|/h² ≈
  2.2e-8·|f|`` dominates (truncation ``h²/12·|f''''| ≈ 1e-9·|f''''|``); with ``|f| ≤ 50`` it is at
  most ~1e-6, and ``1e-5`` leaves a factor 10. Checks that difference a gradient once and compare
  with second differences carry the larger error and use this tolerance.

Every planted mistake disagrees by O(1e-1)–O(10), at least four orders above either tolerance.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..cccp import (
    cross_term_gradient,
    legendre_term_gradient,
    legendre_term_hessian,
    quadratic_term_gradient,
    quadratic_term_hessian,
)
from ..energies import legendre_term
from ..finite_differences import gradient_fd, hessian_fd, jacobian_fd
from ..instances import random_three_population, seeded
from .registry import Verdict, correction_verdict, register, sampled_verdict, symbolic_verdict, worst_relative

ACTIVATIONS = ("tanh", "logistic")
#: Relative tolerance against central first differences (h = 1e-5); see the module docstring.
GRAD_TOL = 1e-7
#: Relative tolerance against central second differences (h = 1e-4); see the module docstring.
HESS_TOL = 1e-5


def instances():
    """(model, x, y) triples: one instance per seed and activation, 16 random points each."""
    out = []
    for activation in ACTIVATIONS:
        for model, rng in seeded(random_three_population, 4, 3, xi_scale=1.5, phi_scale=1.0, sigma_f=activation):
            out.append((model, rng.normal(scale=1.5, size=(16, 4)), rng.normal(size=(16, 4))))
    return out


def per_instance(pair) -> list[float]:
    """The worst relative error of ``pair(model, x, y) -> (analytic, differences)`` on each instance."""
    return [worst_relative([pair(m, x, y)]) for m, x, y in instances()]


def differences(detail: str, pair, tol: float) -> Verdict:
    """``holds`` if ``pair`` agrees to ``tol`` on every instance; the worst error and its spread."""
    values = per_instance(pair)
    return sampled_verdict(values, tol, f"{detail} [{len(values)} seeded instances (tanh, logistic)]")


def quadratic_term(model, x):
    """1/2 s(x)'XX's(x), the term of eq. (47) that eqs. (53)-(57) differentiate."""
    s = model.sigma_f(x) @ model.xi
    return 0.5 * np.sum(s * s, axis=-1)


def cross_term(model, x, y):
    """s(x)'XP'X'y, the term of eq. (47) that eq. (58) differentiates."""
    return np.sum((model.sigma_f(x) @ model.xi @ model.phi.T) * (y @ model.xi), axis=-1)


def diagonal(v):
    """A batch of diagonal matrices with the given diagonals."""
    return v[..., :, None] * np.eye(v.shape[-1])


# ------------------------------------------------ eqs. (44)-(47): the setting, decided symbolically
@register("44", chapter=4, title="the map, split by XX' and XP'X'", claimed="holds", anchor="ch4-setting",
          implements="rnn_energy.three_population.ThreePopulation.feature_map", kind="symbolic",
          control="XPX'V_d (the transpose on P dropped)")
def check_eq44(control: bool = False) -> Verdict:
    """Eq. (44): XX's + XP'X'V_d against the model's step (T_f = 1), V_d general."""
    return symbolic_verdict("44", "XX's(V_f) + XP'X'V_d against the model's step", control=control)


@register("45", chapter=4, title="the energy for CCCP", claimed="corrected", anchor="ch4-setting",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="only the s'XX's sign corrected (neither the typed nor the corrected form)")
def check_eq45(control: bool = False) -> Verdict:
    """Eq. (45): all three quadratic terms carry the opposite sign of eq. (25)."""
    return symbolic_verdict("45", "all three quadratic terms carry the opposite sign of eq. (25); flipped, it is (25)",
                            control=control)


@register("46", chapter=4, title="the map in x, y", claimed="holds", anchor="ch4-setting",
          implements="rnn_energy.three_population.ThreePopulation.hidden_drive", kind="symbolic",
          control="- XP'X'y (a sign flipped)")
def check_eq46(control: bool = False) -> Verdict:
    """Eq. (46): eq. (44) in x = V_f, y = V_d, y general."""
    return symbolic_verdict("46", "XX's(x) + XP'X'y against the model's step, any y", control=control)


@register("47", chapter=4, title="E(x) for CCCP", claimed="corrected", anchor="ch4-setting",
          implements="rnn_energy.energies.reduced_energy", kind="symbolic",
          control="only the s'XX's sign corrected (neither form)")
def check_eq47(control: bool = False) -> Verdict:
    """Eq. (47): eq. (45) in x, y, with the same three signs."""
    return symbolic_verdict("47", "eq. (45) in x, y: the same three signs", control=control)


# ------------------------------------------------ eqs. (48)-(58): derivatives against differences
@register("48", chapter=4, title="J(x's - L), product rule", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.legendre_term_gradient", kind="finite-differences",
          control="the product rule's s term dropped: x J(s) - J(L)")
def check_eq48(control: bool = False) -> Verdict:
    """Eq. (48): s + x J(s) - J(L), J(L) by first differences, against first differences of x's - L (GRAD_TOL)."""
    def pair(model, x, _y):
        j_l = gradient_fd(lambda z: np.sum(model.sigma_f.lagrangian(z), -1), x)
        seed = (0.0 if control else model.sigma_f(x)) + x * model.sigma_f.derivative(x) - j_l
        return seed, gradient_fd(lambda z: legendre_term(model, z), x)
    return differences("s + x J(s) - J(L), J(L) by differences, against differences of x's - L", pair, GRAD_TOL)


@register("49", chapter=4, title="J(x's - L) = x' J(s)", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.legendre_term_gradient", kind="finite-differences",
          control="J(s) without the x: diag(s'(x)) 1")
def check_eq49(control: bool = False) -> Verdict:
    """Eq. (49), the package's diag(s'(x)) x, against first differences of x's - L (GRAD_TOL)."""
    def pair(model, x, _y):
        analytic = model.sigma_f.derivative(x) if control else legendre_term_gradient(x, model.sigma_f)
        return analytic, gradient_fd(lambda z: legendre_term(model, z), x)
    return differences("diag(s'(x)) x against central differences", pair, GRAD_TOL)


@register("50", chapter=4, title="H = J(J(s)' x)", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.legendre_term_hessian", kind="finite-differences",
          control="the Jacobian of s(x) in place of J(s)'x (the Legendre term's gradient taken as s)")
def check_eq50(control: bool = False) -> Verdict:
    """Eq. (50): first differences of the gradient J(s)'x against second differences of x's - L (HESS_TOL)."""
    def pair(model, x, _y):
        gradient = model.sigma_f if control else (lambda z: legendre_term_gradient(z, model.sigma_f))
        return jacobian_fd(gradient, x), hessian_fd(lambda z: legendre_term(model, z), x)
    return differences("Jacobian of the gradient (differences) against second differences of x's - L", pair,
                       HESS_TOL)


@register("51", chapter=4, title="H = J(s)' + x'.H(s)", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.legendre_term_hessian", kind="finite-differences",
          control="diag(s') alone (the x'.H(s) term dropped)")
def check_eq51(control: bool = False) -> Verdict:
    """Eq. (51), the package's diag(s' + x s''), against second differences of x's - L (HESS_TOL)."""
    def pair(model, x, _y):
        analytic = diagonal(model.sigma_f.derivative(x)) if control else legendre_term_hessian(x, model.sigma_f)
        return analytic, hessian_fd(lambda z: legendre_term(model, z), x)
    return differences("diag(s' + x s'') against second differences", pair, HESS_TOL)


@register("52", chapter=4, title="H = H(L)' + x'.H(s)", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.legendre_term_hessian", kind="finite-differences",
          control="the red term diag(x s'') with its sign flipped")
def check_eq52(control: bool = False) -> Verdict:
    """Eq. (52): H(L) by second differences plus diag(x s''), against second differences of x's - L (HESS_TOL)."""
    def pair(model, x, _y):
        h_l = hessian_fd(lambda z: np.sum(model.sigma_f.lagrangian(z), -1), x)
        red = diagonal(x * model.sigma_f.second_derivative(x))
        return h_l + (-red if control else red), hessian_fd(lambda z: legendre_term(model, z), x)
    return differences("H(L) by differences plus the red term diag(x s''); H(L) = J(s)", pair, HESS_TOL)


@register("53", chapter=4, title="gradient of s'XX's/2", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.quadratic_term_gradient", kind="finite-differences",
          control="the chain-rule factor J(s) dropped: s'XX'")
def check_eq53(control: bool = False) -> Verdict:
    """Eq. (53), the package's s'XX'J(s), against first differences of s'XX's/2 (GRAD_TOL)."""
    def pair(model, x, _y):
        if control:
            analytic = model.sigma_f(x) @ (model.xi @ model.xi.T)
        else:
            analytic = quadratic_term_gradient(model.xi, x, model.sigma_f)
        return analytic, gradient_fd(lambda z: quadratic_term(model, z), x)
    return differences("s'XX' J(s) (second line; the first line's ordering is loose) against differences", pair,
                       GRAD_TOL)


@register("54", chapter=4, title="H = J((s'XX'J(s))')", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.quadratic_term_hessian", kind="finite-differences",
          control="J(s) frozen at the point in the gradient (only one product-rule term differentiated)")
def check_eq54(control: bool = False) -> Verdict:
    """Eq. (54): first differences of the package's gradient against second differences of s'XX's/2 (HESS_TOL)."""
    def pair(model, x, _y):
        if control:
            frozen = model.sigma_f.derivative(x)
            gradient = lambda z: frozen * (model.sigma_f(z) @ (model.xi @ model.xi.T))  # noqa: E731
        else:
            gradient = lambda z: quadratic_term_gradient(model.xi, z, model.sigma_f)  # noqa: E731
        return jacobian_fd(gradient, x), hessian_fd(lambda z: quadratic_term(model, z), x)
    return differences("Jacobian of the gradient against second differences", pair, HESS_TOL)


@register("55", chapter=4, title="H = J(J(s)'XX's)", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.quadratic_term_hessian", kind="finite-differences",
          control="the 1/2 of s'XX's/2 kept in the gradient: J(1/2 J(s)'XX's)")
def check_eq55(control: bool = False) -> Verdict:
    """Eq. (55): (54) with the transpose taken inside, against second differences of s'XX's/2 (HESS_TOL)."""
    def pair(model, x, _y):
        gram = model.xi @ model.xi.T
        factor = 0.5 if control else 1.0
        transposed = lambda z: factor * model.sigma_f.derivative(z) * (model.sigma_f(z) @ gram.T)  # noqa: E731
        return jacobian_fd(transposed, x), hessian_fd(lambda z: quadratic_term(model, z), x)
    return differences("(54) with the transpose taken inside", pair, HESS_TOL)


@register("56", chapter=4, title="H by the product rule", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.quadratic_term_hessian", kind="finite-differences",
          control="J'XX'J written J'XX' (the right-hand J(s) dropped)")
def check_eq56(control: bool = False) -> Verdict:
    """Eq. (56): J'XX'J + J(J'XX') s with s frozen, against second differences of s'XX's/2 (HESS_TOL)."""
    def pair(model, x, _y):
        gram = model.xi @ model.xi.T
        d = model.sigma_f.derivative(x)
        first = d[..., :, None] * gram * (1.0 if control else d[..., None, :])
        frozen = model.sigma_f(x) @ gram
        second = jacobian_fd(lambda z: model.sigma_f.derivative(z) * frozen, x)
        return first + second, hessian_fd(lambda z: quadratic_term(model, z), x)
    return differences("J'XX'J + J(J'XX') s with s frozen, against second differences", pair, HESS_TOL)


@register("57", chapter=4, title="H = J'XX'J + H(s)'.XX's", claimed="holds", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.quadratic_term_hessian", kind="finite-differences",
          control="the H(s)'.XX's term with its sign flipped")
def check_eq57(control: bool = False) -> Verdict:
    """Eq. (57), the package's J'XX'J + diag(s'' XX's), against second differences of s'XX's/2 (HESS_TOL)."""
    def pair(model, x, _y):
        analytic = quadratic_term_hessian(model.xi, x, model.sigma_f)
        if control:
            analytic = analytic - 2 * diagonal(model.sigma_f.second_derivative(x)
                                               * (model.sigma_f(x) @ (model.xi @ model.xi.T)))
        return analytic, hessian_fd(lambda z: quadratic_term(model, z), x)
    return differences("with H(s)'.w = diag(s'' w), against second differences", pair, HESS_TOL)


@register("58", chapter=4, title="gradient of s'XP'X'y", claimed="corrected", anchor="ch4-derivatives",
          implements="rnn_energy.cccp.cross_term_gradient", kind="finite-differences",
          control="the corrected y'XPX'J(s) with XP'X' in place of XPX' (a transpose dropped; neither form)")
def check_eq58(control: bool = False) -> Verdict:
    """Eq. (58): the notes' y'XPX'H(s) and the package's corrected y'XPX'J(s), against first differences
    of s'XP'X'y (GRAD_TOL)."""
    def seed(model, x, y):
        return model.sigma_f.second_derivative(x) * (y @ (model.xi @ model.phi @ model.xi.T)), reference(model, x, y)

    def fixed(model, x, y):
        if control:
            return model.sigma_f.derivative(x) * (y @ (model.xi @ model.phi.T @ model.xi.T)), reference(model, x, y)
        return cross_term_gradient(model.xi, model.phi, x, y, model.sigma_f), reference(model, x, y)

    def reference(model, x, y):
        return gradient_fd(lambda z: cross_term(model, z, y), x)

    seed_values, fixed_values = per_instance(seed), per_instance(fixed)
    verdict = correction_verdict(max(seed_values), max(fixed_values), GRAD_TOL,
                                 "the notes write H(s) where the Jacobian J(s) belongs: y'XPX' J(s) "
                                 f"[{len(fixed_values)} seeded instances (tanh, logistic)]")
    decisive = seed_values if verdict.status == "holds" else fixed_values
    return replace(verdict, spread=float(np.ptp(decisive)))
