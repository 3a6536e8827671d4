"""Ledger checks for chapter 5, slides H1–H20: oscillator, symmetric and antisymmetric networks.

The slides have no equation numbers; the book numbers them H1, H2, ... in order of appearance.
"""

from __future__ import annotations

import numpy as np

from ..finite_differences import gradient_fd
from ..hamiltonian import DampedOscillator, fenchel_gap
from ..instances import random_antisymmetric_network, random_symmetric_network, seeded
from ..simulate import simulate
from .registry import Verdict, correction_verdict, identity_verdict, register, worst_relative

FD_TOL = 1e-7


def oscillator_states():
    rng = np.random.default_rng(0)
    return [(DampedOscillator(d), rng.normal(size=(16, 2))) for d in (0.0, 0.3, 1.0, 1.9)]


def symmetric_instances(n: int = 3):
    """Seeded symmetric networks (tanh) and states with x in (-1, 1)^n, p arbitrary."""
    out = []
    for net, rng in seeded(random_symmetric_network, n):
        state = np.concatenate([rng.uniform(-0.95, 0.95, size=(16, n)), 2 * rng.normal(size=(16, n))], -1)
        out.append((net, state))
    return out


def antisymmetric_instances(n: int = 4):
    return [(net, rng.normal(size=(16, 2 * n))) for net, rng in seeded(random_antisymmetric_network, n)]


def lifted_reproduces(system, t_max: float = 2.0, n_samples: int = 101) -> float:
    """Largest |x_lifted(t) - x_network(t)| on [0, t_max] from the manifold point above random x(0).

    The window is short because a repelling manifold (W with eigenvalues below -1) amplifies the
    integrators' round-off off the manifold exponentially; chapter 5 measures that growth.
    """
    rng = np.random.default_rng(7)
    x0 = rng.uniform(-0.9, 0.9, size=(4, system.n))
    t = np.linspace(0.0, t_max, n_samples)
    lifted = simulate(system.vector_field, system.lift(x0), t, rtol=1e-11, atol=1e-13).y[..., : system.n]
    network = simulate(system.network_field, x0, t, rtol=1e-11, atol=1e-13).y
    return float(np.max(np.abs(lifted - network)))


def lifted_x_on_manifold(net, s):
    """(lifted x', network x') on the manifold above the x part of ``s`` (H7, H15)."""
    x = s[:, : net.n]
    return net.vector_field(net.lift(x))[:, : net.n], net.network_field(x)


def lifted_p_on_manifold(net, s):
    """(lifted p', C x' along the network) on the manifold: p = b + Cx moves as C x' (H8, H16)."""
    x = s[:, : net.n]
    return net.vector_field(net.lift(x))[:, net.n:], net.network_field(x) @ net.coupling.T


def residual_rate(net, s):
    """d/dt (b + Cx - p) = C x' - p' from the lifted field, at states off the manifold (H9, H17)."""
    field = net.vector_field(s)
    return field[:, : net.n] @ net.coupling.T - field[:, net.n:]


def residual_drive(net, s):
    """C [f(p) - f(b + Cx)], the right side of H9 and H17."""
    x, p = s[:, : net.n], s[:, net.n:]
    return (net.activation(p) - net.activation(net.drive(x))) @ net.coupling.T


# ------------------------------------------------------------------------ oscillator
def oscillator_solution_error() -> float:
    """The field H1-H2 integrated numerically against the closed form of x'' + D x' + x = 0."""
    t = np.linspace(0.0, 20.0, 401)
    worst = 0.0
    for osc, states in oscillator_states():
        sim = simulate(osc.vector_field, states[:4], t, rtol=1e-11, atol=1e-13).y
        exact = np.stack([osc.exact_solution(s, t) for s in states[:4]], axis=1)
        worst = max(worst, float(np.max(np.abs(sim - exact))))
    return worst


@register("H1", chapter=5, title="p' = -x - D x'", claimed="holds", anchor="ch5-oscillator", implements="rnn_energy.hamiltonian.DampedOscillator.vector_field")
def check_h1() -> Verdict:
    return identity_verdict(oscillator_solution_error(), 1e-8,
                            "H1-H2 integrated against the closed form of x'' + D x' + x = 0, D in {0, 0.3, 1, 1.9}")


@register("H2", chapter=5, title="x' = p", claimed="holds", anchor="ch5-oscillator", implements="rnn_energy.hamiltonian.DampedOscillator.vector_field")
def check_h2() -> Verdict:
    return identity_verdict(oscillator_solution_error(), 1e-8, "with H1: the damped oscillator")


@register("H3", chapter=5, title="x' = dH/dp", claimed="holds", anchor="ch5-oscillator", implements="rnn_energy.hamiltonian.DampedOscillator.hamiltonian_gradient")
def check_h3() -> Verdict:
    return identity_verdict(worst_relative(
        (o.vector_field(s)[:, 0], gradient_fd(o.hamiltonian, s)[:, 1]) for o, s in oscillator_states()),
        FD_TOL, "H = (x^2 + p^2)/2, derivative by central differences")


@register("H4", chapter=5, title="p' = -dH/dx - D x'", claimed="holds", anchor="ch5-oscillator", implements="rnn_energy.hamiltonian.DampedOscillator.hamiltonian_gradient")
def check_h4() -> Verdict:
    def pair(o, s):
        f = o.vector_field(s)
        return f[:, 1], -gradient_fd(o.hamiltonian, s)[:, 0] - o.damping * f[:, 0]
    return identity_verdict(worst_relative(pair(o, s) for o, s in oscillator_states()), FD_TOL,
                            "friction -D x' on top of Hamilton's equation")


@register("H5", chapter=5, title="H' = -D x'^2", claimed="holds", anchor="ch5-oscillator", implements="rnn_energy.hamiltonian.DampedOscillator.dissipation")
def check_h5() -> Verdict:
    def pair(o, s):
        return np.sum(gradient_fd(o.hamiltonian, s) * o.vector_field(s), -1), o.dissipation(s)
    return identity_verdict(worst_relative(pair(o, s) for o, s in oscillator_states()), FD_TOL,
                            "chain rule (differences of H) against -D x'^2")


# ---------------------------------------------------------------- symmetric network
@register("H6", chapter=5, title="x' + x = f(b + Wx)", claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.network_field")
def check_h6() -> Verdict:
    error = max(lifted_reproduces(net) for net, _ in symmetric_instances())
    return identity_verdict(error, 1e-8, "the lifted system started on p = b + Wx reproduces x(t) on [0, 2]")


@register("H7", chapter=5, title="x' + x = f(p)", claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.vector_field")
def check_h7() -> Verdict:
    return identity_verdict(worst_relative(lifted_x_on_manifold(*i) for i in symmetric_instances()), 1e-12,
                            "on the manifold the lifted x-equation is the network's")


@register("H8", chapter=5, title="p' + p = b + W f(b + Wx)", claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.vector_field")
def check_h8() -> Verdict:
    return identity_verdict(worst_relative(lifted_p_on_manifold(*i) for i in symmetric_instances()), 1e-12,
                            "on the manifold p' equals d/dt (b + Wx) = W x' along H6")


@register("H9", chapter=5, title="(1 + d/dt)(b + Wx - p) = W[f(p) - f(b + Wx)]", claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.manifold_residual")
def check_h9() -> Verdict:
    pairs = ((net.manifold_residual(s) + residual_rate(net, s), residual_drive(net, s)) for net, s in symmetric_instances())
    return identity_verdict(worst_relative(pairs), 1e-12,
                            "at states off the manifold; on it the right side vanishes, so it is invariant")


@register("H10", chapter=5, title="H = 1'F(p) - p'x + 1'Fbar(x) - b'x - 1'F(b + Wx) + 1'Fbar(x)", claimed="holds",
          anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.hamiltonian")
def check_h10() -> Verdict:
    gaps, on = [], []
    for net, s in symmetric_instances():
        x, p = s[:, : net.n], s[:, net.n:]
        gaps.append(float(np.min(fenchel_gap(net.activation, p, x))))
        on.append(float(np.max(np.abs(fenchel_gap(net.activation, p, net.activation(p))))))
    return identity_verdict(max(max(0.0, -min(gaps)), max(on)), 1e-12,
                            "its first three terms Phi(p, x) >= 0, with equality exactly at x = f(p)")


@register("H11", chapter=5, title="x' = dH/dp", claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.hamiltonian_gradient")
def check_h11() -> Verdict:
    return identity_verdict(worst_relative(
        (net.vector_field(s)[:, : net.n], gradient_fd(net.hamiltonian, s)[:, net.n:]) for net, s in symmetric_instances()),
        FD_TOL, "central differences of H, off the manifold too")


@register("H12", chapter=5, title="p' = -dH/dx - 2[f^-1(x + x') - f^-1(x)]", claimed="holds", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.friction")
def check_h12() -> Verdict:
    def pair(net, s):
        dx = net.vector_field(s)[:, : net.n]
        x = s[:, : net.n]
        f = net.activation
        friction = 2 * (f.inverse(x + dx, "x + x'") - f.inverse(x, "x"))
        return net.vector_field(s)[:, net.n:], -gradient_fd(net.hamiltonian, s)[:, : net.n] - friction
    return identity_verdict(worst_relative(pair(*i) for i in symmetric_instances()), FD_TOL,
                            "central differences of H, at states off the manifold")


@register("H13", chapter=5, title="H' = -2 x'[f^-1(x + x') - f^-1(x)] <= 0", claimed="corrected", anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.dissipation")
def check_h13() -> Verdict:
    """The middle line writes -x'{p' - 2[...]} + p'x'; dH/dx = -(p' + 2[...]) makes it -x'{p' + 2[...]}."""
    seed, fixed, sign = [], [], 0.0
    for net, s in symmetric_instances():
        field = net.vector_field(s)
        dx, dp = field[:, : net.n], field[:, net.n:]
        rate = np.sum(gradient_fd(net.hamiltonian, s) * field, -1)
        friction = net.friction(s)
        seed.append((-np.sum(dx * (dp - friction), -1) + np.sum(dp * dx, -1), rate))
        fixed.append((-np.sum(dx * (dp + friction), -1) + np.sum(dp * dx, -1), rate))
        fixed.append((net.dissipation(s), rate))
        sign = max(sign, float(np.max(net.dissipation(s))))
    return correction_verdict(
        worst_relative(seed), max(worst_relative(fixed), sign), FD_TOL,
        "the middle line's sign: -x'{p' + 2[...]}; the result -2x'[f^-1(x + x') - f^-1(x)] <= 0 holds, off the manifold too",
    )


# ------------------------------------------------------------- antisymmetric network
@register("H14", chapter=5, title="x' = f(b + Ax)", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.network_field")
def check_h14() -> Verdict:
    error = max(lifted_reproduces(net) for net, _ in antisymmetric_instances())
    return identity_verdict(error, 1e-8, "the lifted system started on p = b + Ax reproduces x(t) on [0, 2]")


@register("H15", chapter=5, title="x' = f(p)", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.vector_field")
def check_h15() -> Verdict:
    return identity_verdict(worst_relative(lifted_x_on_manifold(*i) for i in antisymmetric_instances()), 1e-12,
                            "on the manifold the lifted x-equation is the network's")


@register("H16", chapter=5, title="p' = A f(b + Ax)", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.vector_field")
def check_h16() -> Verdict:
    return identity_verdict(worst_relative(lifted_p_on_manifold(*i) for i in antisymmetric_instances()), 1e-12,
                            "on the manifold p' equals d/dt (b + Ax) = A x'")


@register("H17", chapter=5, title="d/dt (b + Ax - p) = A[f(p) - f(b + Ax)]", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.manifold_residual")
def check_h17() -> Verdict:
    return identity_verdict(worst_relative((residual_rate(*i), residual_drive(*i)) for i in antisymmetric_instances()),
                            1e-12,
                            "at states off the manifold; zero on it")


@register("H18", chapter=5, title="H = 1'F(p) + 1'F(b + Ax)", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.hamiltonian")
def check_h18() -> Verdict:
    t = np.linspace(0.0, 20.0, 201)
    drift = 0.0
    for net, s in antisymmetric_instances():
        traj = simulate(net.vector_field, s[:4], t, rtol=1e-12, atol=1e-12).y
        energy = net.hamiltonian(traj)
        drift = max(drift, float(np.max(np.abs(energy - energy[0]))))
    return identity_verdict(drift, 1e-8, "conserved along the lifted flow, anywhere in (x, p): drift over t in [0, 20]")


@register("H19", chapter=5, title="dH/dp = f(p)", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.kinetic_gradient")
def check_h19() -> Verdict:
    return identity_verdict(worst_relative(
        (net.activation(s[:, net.n:]), gradient_fd(net.hamiltonian, s)[:, net.n:]) for net, s in antisymmetric_instances()),
        FD_TOL, "central differences of H")


@register("H20", chapter=5, title="-dH/dx = -A'f(b + Ax) = A f(b + Ax)", claimed="holds", anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.potential_gradient")
def check_h20() -> Verdict:
    def pair(net, s):
        x = s[:, : net.n]
        return net.activation(net.b + x @ net.a.T) @ net.a.T, -gradient_fd(net.hamiltonian, s)[:, : net.n]
    return identity_verdict(worst_relative(pair(*i) for i in antisymmetric_instances()), FD_TOL,
                            "A antisymmetric, so -A' = A; central differences of H")
