"""Ledger checks for chapter 6, slides H21–H30: the excitatory–inhibitory network in phase space."""

from __future__ import annotations

import numpy as np

from ..finite_differences import gradient_fd, hessian_fd
from ..hamiltonian import fenchel_gap
from ..instances import random_ei, seeded
from ..simulate import simulate
from .registry import Verdict, correction_verdict, identity_verdict, register, worst_relative

FD_TOL = 1e-7


def instances():
    """Seeded networks and phase-space states with x, y in (-0.95, 0.95) and arbitrary momenta."""
    out = []
    for net, rng in seeded(random_ei):
        n = net.n_x + net.n_y
        state = np.concatenate([rng.uniform(-0.95, 0.95, size=(16, n)), 1.5 * rng.normal(size=(16, n))], -1)
        out.append((net, state))
    return out


def parts(net, array):
    """Split a phase-space array into x, y, p_x, p_y."""
    return net.split(array)


def network_reproduced(component: slice) -> float:
    """Largest |lifted - network| of the given state components on [0, 5], started on the manifold."""
    worst = 0.0
    t = np.linspace(0.0, 5.0, 101)
    for net, s in instances():
        n = net.n_x + net.n_y
        xy0 = s[:4, :n]
        lifted = simulate(net.vector_field, net.lift(xy0), t, rtol=1e-11, atol=1e-13).y[..., :n]
        network = simulate(net.network_field, xy0, t, rtol=1e-11, atol=1e-13).y
        cols = np.arange(n)[component(net)]
        worst = max(worst, float(np.max(np.abs(lifted[..., cols] - network[..., cols]))))
    return worst


@register("H21", chapter=6, title="tau_x x' + x = f(u + Ax - By)", claimed="holds", anchor="ch6-lift", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.network_field")
def check_h21() -> Verdict:
    return identity_verdict(network_reproduced(lambda net: slice(0, net.n_x)), 1e-8,
                            "x(t) of the lifted system started on the manifold, against the network, t in [0, 5]")


@register("H22", chapter=6, title="tau_y y' + y = g(v + B'x - Cy)", claimed="holds", anchor="ch6-lift", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.network_field")
def check_h22() -> Verdict:
    return identity_verdict(network_reproduced(lambda net: slice(net.n_x, None)), 1e-8,
                            "y(t), likewise")


def manifold_rate_pair(net, s, which: int):
    """(r + d/dt)(a - p) for the x (0) or y (1) momenta, at states off the manifold."""
    field = net.vector_field(s)
    dx, dy, dp_x, dp_y = parts(net, field)
    residual_x, residual_y = np.split(net.manifold_residual(s), [net.n_x], axis=-1)
    if which == 0:
        rate = dx @ net.a.T - dy @ net.b.T - dp_x
        return net.r * residual_x + rate, np.zeros_like(rate)
    rate = dx @ net.b - dy @ net.c.T - dp_y
    return net.r * residual_y + rate, np.zeros_like(rate)


@register("H23", chapter=6, title="(r + d/dt)(u + Ax - By - p_x) = 0", claimed="holds", anchor="ch6-lift", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.vector_field")
def check_h23() -> Verdict:
    return identity_verdict(worst_relative(manifold_rate_pair(n, s, 0) for n, s in instances()), 1e-12,
                            "with tau_x x' + x = f(p_x), at states off the manifold")


@register("H24", chapter=6, title="(r + d/dt)(v + B'x - Cy - p_y) = 0", claimed="holds", anchor="ch6-lift", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.vector_field")
def check_h24() -> Verdict:
    return identity_verdict(worst_relative(manifold_rate_pair(n, s, 1) for n, s in instances()), 1e-12,
                            "with tau_y y' + y = g(p_y), at states off the manifold")


@register("H25", chapter=6, title="attractive invariant manifold p = a(x, y)", claimed="holds", anchor="ch6-lift", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.lift")
def check_h25() -> Verdict:
    """Off the manifold the residual decays exactly as exp(-r t): measured against it along the flow."""
    worst = 0.0
    t = np.linspace(0.0, 5.0, 51)
    for net, s in instances():
        traj = simulate(net.vector_field, s[:4], t, rtol=1e-11, atol=1e-13).y
        residual = net.manifold_residual(traj)
        predicted = residual[0] * np.exp(-net.r * t)[:, None, None]
        worst = max(worst, float(np.max(np.abs(residual - predicted))))
    return identity_verdict(worst, 1e-8, "residual(t) = residual(0) exp(-r t) along the lifted flow")


@register("H26", chapter=6, title="H = Phi(p_x, x)/tau_x + Gamma(p_y, y)/tau_y + r S(x, y)", claimed="holds",
          anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian")
def check_h26() -> Verdict:
    """Phi, Gamma >= 0 (zero on x = f(p_x), y = g(p_y)) and S convex in x, concave in y here."""
    worst = 0.0
    for net, s in instances():
        x, y, p_x, p_y = parts(net, s)
        worst = max(worst, -float(np.min(fenchel_gap(net.f, p_x, x))), -float(np.min(fenchel_gap(net.g, p_y, y))))
        xy = s[:, : net.n_x + net.n_y]
        hess = hessian_fd(net.saddle, xy)
        s_xx, s_yy = hess[:, : net.n_x, : net.n_x], hess[:, net.n_x:, net.n_x:]
        worst = max(worst, -float(np.min(np.linalg.eigvalsh(s_xx))), float(np.max(np.linalg.eigvalsh(s_yy))))
    return identity_verdict(max(worst, 0.0), 1e-9,
                            "Fenchel gaps >= 0; S_xx > 0 and S_yy < 0 (lambda_max(A) < 1, C >= 0): a saddle")


@register("H27", chapter=6, title="x' = dH/dp_x", claimed="holds", anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form")
def check_h27() -> Verdict:
    return identity_verdict(worst_relative(
        (parts(n, n.vector_field(s))[0], parts(n, gradient_fd(n.hamiltonian, s))[2]) for n, s in instances()),
        FD_TOL, "central differences of H")


@register("H28", chapter=6, title="y' = dH/dp_y", claimed="holds", anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form")
def check_h28() -> Verdict:
    return identity_verdict(worst_relative(
        (parts(n, n.vector_field(s))[1], parts(n, gradient_fd(n.hamiltonian, s))[3]) for n, s in instances()),
        FD_TOL, "central differences of H")


def friction(net, s, which: int):
    """f^-1(tau_x x' + x) - f^-1(x) (which = 0) or g^-1(tau_y y' + y) - g^-1(y) (which = 1)."""
    x, y, _, _ = parts(net, s)
    dx, dy, _, _ = parts(net, net.vector_field(s))
    if which == 0:
        return net.f.inverse(net.tau_x * dx + x, "tau_x x' + x") - net.f.inverse(x, "x")
    return net.g.inverse(net.tau_y * dy + y, "tau_y y' + y") - net.g.inverse(y, "y")


@register("H29", chapter=6, title="p_x' = -dH/dx + Ax' - By' - (1/tau_x + r)[...]", claimed="holds", anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form")
def check_h29() -> Verdict:
    def pair(net, s):
        dx, dy, dp_x, _ = parts(net, net.vector_field(s))
        grad_x = parts(net, gradient_fd(net.hamiltonian, s))[0]
        slide = -grad_x + dx @ net.a.T - dy @ net.b.T - (1 / net.tau_x + net.r) * friction(net, s, 0)
        return slide, dp_x
    return identity_verdict(worst_relative(pair(*i) for i in instances()), FD_TOL,
                            "against the lifted p_x' of H23, at states off the manifold")


@register("H30", chapter=6, title="p_y' = -dH/dy + B'x' - Cy' - (1/tau_y - r)[...] + ...", claimed="corrected",
          anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form")
def check_h30() -> Verdict:
    def terms(net, s):
        x, y, _, p_y = parts(net, s)
        dx, dy, _, dp_y = parts(net, net.vector_field(s))
        grad_y = parts(net, gradient_fd(net.hamiltonian, s))[1]
        base = -grad_y + dx @ net.b - dy @ net.c.T - (1 / net.tau_y - net.r) * friction(net, s, 1)
        _, a_y = net.drives(x, y)
        return base, dy, a_y - p_y, dp_y

    def seed(net, s):
        base, dy, gap, dp_y = terms(net, s)
        return base + 2 * net.r * np.sum(dy * gap, -1, keepdims=True), dp_y

    def fixed(net, s):
        base, _, gap, dp_y = terms(net, s)
        return base + 2 * net.r * gap, dp_y

    return correction_verdict(
        worst_relative(seed(*i) for i in instances()), worst_relative(fixed(*i) for i in instances()), FD_TOL,
        "the last term is the vector 2r(v + B'x - Cy - p_y), not the scalar 2r y'(...) (read as added to every entry)",
    )
