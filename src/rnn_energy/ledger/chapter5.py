"""Ledger checks for chapter 5, slides H1–H20: oscillator, symmetric and antisymmetric networks.

The slides have no equation numbers; the book numbers them H1, H2, ... in order of appearance.

Every check accepts ``control=True`` and then runs the same comparison, with the same tolerance,
on a deliberately wrong variant (the ``control`` text of its entry), which it must reject.

Tolerances, by the error order of the method:

* central differences (:func:`rnn_energy.finite_differences.gradient_fd`, step ``h = 1e-5``):
  truncation :math:`O(h^2)\\,\\|H'''\\| \\approx 10^{-10}` plus round-off :math:`O(\\epsilon/h)
  \\approx 10^{-11}` for functions of order one; near :math:`|x| = 0.95` the third derivative of
  :math:`\\bar F = \\int\\tanh^{-1}` is :math:`\\approx 10^2`, so ``FD_TOL = 1e-7`` (relative) leaves
  a factor 10 over the worst case;
* integrations (:func:`rnn_energy.simulate.simulate`, ``rtol = 1e-11``, ``atol = 1e-13``): the global
  error is the local tolerance times the growth of errors over the window, :math:`\\le 10^{-9}` on the
  windows used, so ``SIM_TOL = 1e-8``.
"""

from __future__ import annotations

import numpy as np

from ..finite_differences import gradient_fd
from ..hamiltonian import DampedOscillator, fenchel_gap
from ..instances import random_antisymmetric_network, random_symmetric_network, seeded
from ..simulate import simulate
from .registry import (
    Verdict,
    correction_verdict,
    identity_verdict,
    register,
    sampled_verdict,
    symbolic_verdict,
    worst_relative,
)

#: Central differences with h = 1e-5: O(h^2) truncation + O(eps/h) round-off, with a factor 10 margin.
FD_TOL = 1e-7
#: Integrations at rtol = 1e-11, atol = 1e-13 over windows of length <= 20.
SIM_TOL = 1e-8
#: Round-off of closed-form expressions of order one (a few hundred ulps).
ROUND_OFF_TOL = 1e-12


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


def lifted_reproduces(system, network_field=None, t_max: float = 2.0, n_samples: int = 101) -> float:
    """Largest |x_lifted(t) - x_network(t)| on [0, t_max] from the manifold point above random x(0).

    ``network_field`` defaults to the system's own network (H6, H14); a control passes a wrong one.
    The window is short because a repelling manifold (W with eigenvalues below -1) amplifies the
    integrators' round-off off the manifold exponentially; chapter 5 measures that growth.
    """
    rng = np.random.default_rng(7)
    x0 = rng.uniform(-0.9, 0.9, size=(4, system.n))
    t = np.linspace(0.0, t_max, n_samples)
    lifted = simulate(system.vector_field, system.lift(x0), t, rtol=1e-11, atol=1e-13).y[..., : system.n]
    field = system.network_field if network_field is None else network_field
    network = simulate(field, x0, t, rtol=1e-11, atol=1e-13).y
    return float(np.max(np.abs(lifted - network)))


# ------------------------------------------------------------------------ oscillator
def oscillator_solution_error(control: str | None = None) -> float:
    """The field H1-H2 integrated numerically against the closed form of x'' + D x' + x = 0.

    ``control="friction"`` integrates p' = -x + D x' (friction sign flipped), ``"velocity"``
    integrates x' = -p; both against the same closed form.
    """
    t = np.linspace(0.0, 20.0, 401)
    worst = 0.0
    for osc, states in oscillator_states():
        field = osc.vector_field
        if control == "friction":
            def field(s, d=osc.damping):
                return np.concatenate([s[..., 1:], -s[..., :1] + d * s[..., 1:]], axis=-1)
        elif control == "velocity":
            def field(s, d=osc.damping):
                return np.concatenate([-s[..., 1:], -s[..., :1] + d * s[..., 1:]], axis=-1)
        sim = simulate(field, states[:4], t, rtol=1e-11, atol=1e-13).y
        exact = np.stack([osc.exact_solution(s, t) for s in states[:4]], axis=1)
        worst = max(worst, float(np.max(np.abs(sim - exact))))
    return worst


@register("H1", chapter=5, title="p' = -x - D x'", claimed="holds", anchor="ch5-oscillator",
          implements="rnn_energy.hamiltonian.DampedOscillator.vector_field", kind="closed-form",
          control="friction with the wrong sign, p' = -x + D x'")
def check_h1(control: bool = False) -> Verdict:
    """Integration (rtol 1e-11) against the closed form; SIM_TOL bounds the global error on [0, 20]."""
    return identity_verdict(oscillator_solution_error("friction" if control else None), SIM_TOL,
                            "H1-H2 integrated against the closed form of x'' + D x' + x = 0, D in {0, 0.3, 1, 1.9}")


@register("H2", chapter=5, title="x' = p", claimed="holds", anchor="ch5-oscillator",
          implements="rnn_energy.hamiltonian.DampedOscillator.vector_field", kind="closed-form",
          control="x' = -p (with p' = -x - D x' as in H1)")
def check_h2(control: bool = False) -> Verdict:
    """As H1; the control flips the sign of the velocity equation."""
    return identity_verdict(oscillator_solution_error("velocity" if control else None), SIM_TOL,
                            "with H1: the damped oscillator")


@register("H3", chapter=5, title="x' = dH/dp", claimed="holds", anchor="ch5-oscillator",
          implements="rnn_energy.hamiltonian.DampedOscillator.hamiltonian_gradient", kind="finite-differences",
          control="x' = -dH/dp (Hamilton's sign convention swapped)")
def check_h3(control: bool = False) -> Verdict:
    """Central differences of H (FD_TOL, see the module docstring)."""
    sign = -1.0 if control else 1.0
    return identity_verdict(worst_relative(
        (o.vector_field(s)[:, 0], sign * gradient_fd(o.hamiltonian, s)[:, 1]) for o, s in oscillator_states()),
        FD_TOL, "H = (x^2 + p^2)/2, derivative by central differences")


@register("H4", chapter=5, title="p' = -dH/dx - D x'", claimed="holds", anchor="ch5-oscillator",
          implements="rnn_energy.hamiltonian.DampedOscillator.hamiltonian_gradient", kind="finite-differences",
          control="friction typed as +D x'")
def check_h4(control: bool = False) -> Verdict:
    """Central differences of H (FD_TOL)."""
    sign = -1.0 if control else 1.0

    def pair(o, s):
        f = o.vector_field(s)
        return f[:, 1], -gradient_fd(o.hamiltonian, s)[:, 0] - sign * o.damping * f[:, 0]
    return identity_verdict(worst_relative(pair(o, s) for o, s in oscillator_states()), FD_TOL,
                            "friction -D x' on top of Hamilton's equation")


@register("H5", chapter=5, title="H' = -D x'^2", claimed="holds", anchor="ch5-oscillator",
          implements="rnn_energy.hamiltonian.DampedOscillator.dissipation", kind="finite-differences",
          control="H' = -D x^2 (position in place of velocity)")
def check_h5(control: bool = False) -> Verdict:
    """Chain rule with central differences of H (FD_TOL) against -D x'^2."""
    def pair(o, s):
        rate = np.sum(gradient_fd(o.hamiltonian, s) * o.vector_field(s), -1)
        claim = -o.damping * s[:, 0] ** 2 if control else o.dissipation(s)
        return rate, claim
    return identity_verdict(worst_relative(pair(o, s) for o, s in oscillator_states()), FD_TOL,
                            "chain rule (differences of H) against -D x'^2")


# ---------------------------------------------------------------- symmetric network
def leak_dropped(net):
    """The network typed without its leak: x' = f(b + Cx) (the antisymmetric network's form)."""
    return lambda x: net.activation(net.drive(x))


def leak_added(net):
    """The network typed with a leak: x' = f(b + Cx) - x (the symmetric network's form)."""
    return lambda x: net.activation(net.drive(x)) - x


@register("H6", chapter=5, title="x' + x = f(b + Wx)", claimed="holds", anchor="ch5-symmetric",
          implements="rnn_energy.hamiltonian.SymmetricNetwork.network_field", kind="sampled",
          control="the network typed without its leak, x' = f(b + Wx)")
def check_h6(control: bool = False) -> Verdict:
    """Five seeded symmetric networks; per network the largest gap between the lift and the network (SIM_TOL)."""
    values = [lifted_reproduces(net, leak_dropped(net) if control else None) for net, _ in symmetric_instances()]
    return sampled_verdict(values, SIM_TOL, "the lifted system started on p = b + Wx reproduces x(t) on [0, 2], "
                           "worst of 5 seeded networks")


@register("H7", chapter=5, title="x' + x = f(p)", claimed="holds", anchor="ch5-symmetric",
          implements="rnn_energy.hamiltonian.SymmetricNetwork.vector_field", kind="symbolic",
          control="the decider's wrong variant x' = f(p) + x")
def check_h7(control: bool = False) -> Verdict:
    """Exact: x' = f(p) - x is dH/dp of H10, and the network's x' on p = b + Wx."""
    return symbolic_verdict("H7", "x' = f(p) - x against dH/dp of H10 and the network on the manifold", control=control)


@register("H8", chapter=5, title="p' + p = b + W f(b + Wx)", claimed="holds", anchor="ch5-symmetric",
          implements="rnn_energy.hamiltonian.SymmetricNetwork.vector_field", kind="symbolic",
          control="the decider's wrong variant of H8")
def check_h8(control: bool = False) -> Verdict:
    """Exact: on the manifold p' equals d/dt (b + Wx) = W x' along H6."""
    return symbolic_verdict("H8", "on the manifold p' equals d/dt (b + Wx) = W x' along H6", control=control)


@register("H9", chapter=5, title="(1 + d/dt)(b + Wx - p) = W[f(p) - f(b + Wx)]", claimed="holds",
          anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.manifold_residual",
          kind="symbolic", control="the decider's wrong variant of H9")
def check_h9(control: bool = False) -> Verdict:
    """Exact, off the manifold; on it the right side vanishes, so it is invariant."""
    return symbolic_verdict("H9", "(1 + d/dt)(b + Wx - p) along H7-H8 against W[f(p) - f(b + Wx)], off the manifold",
                            control=control)


@register("H10", chapter=5, title="H = 1'F(p) - p'x + 1'Fbar(x) - b'x - 1'F(b + Wx) + 1'Fbar(x)", claimed="holds",
          anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.hamiltonian", kind="sampled",
          control="Phi typed with +p'x: 1'F(p) + p'x + 1'Fbar(x)")
def check_h10(control: bool = False) -> Verdict:
    """Phi(p, x) >= 0 on 16 random states, and Phi(p, f(p)) = 0, per seeded network.

    Per network the value is max(-min Phi, max |Phi(p, f(p))|): the first is a (negative) margin
    when Phi >= 0 holds, the second the round-off of a closed-form expression of order one
    (ROUND_OFF_TOL).
    """
    sign = -1.0 if control else 1.0
    values, margins = [], []
    for net, s in symmetric_instances():
        x, p = s[:, : net.n], s[:, net.n:]
        f = net.activation

        def phi(p_, x_):
            return fenchel_gap(f, p_, x_) + (1 - sign) * np.sum(p_ * x_, -1)
        margin = float(np.min(phi(p, x)))
        on = float(np.max(np.abs(phi(p, f(p)))))
        margins.append(margin)
        values.append(max(-margin, on))
    return sampled_verdict(values, ROUND_OFF_TOL,
                           f"its first three terms Phi(p, x) >= 0 (smallest {min(margins):.2e}), with equality at x = f(p)")


@register("H11", chapter=5, title="x' = dH/dp", claimed="holds", anchor="ch5-symmetric",
          implements="rnn_energy.hamiltonian.SymmetricNetwork.hamiltonian_gradient", kind="finite-differences",
          control="x' = dH/dp compared with f(p) + x (the leak's sign flipped)")
def check_h11(control: bool = False) -> Verdict:
    """Central differences of H, off the manifold too (FD_TOL)."""
    def pair(net, s):
        dx = net.vector_field(s)[:, : net.n]
        if control:
            dx = dx + 2 * s[:, : net.n]
        return dx, gradient_fd(net.hamiltonian, s)[:, net.n:]
    return identity_verdict(worst_relative(pair(*i) for i in symmetric_instances()), FD_TOL,
                            "central differences of H, off the manifold too")


@register("H12", chapter=5, title="p' = -dH/dx - 2[f^-1(x + x') - f^-1(x)]", claimed="holds", anchor="ch5-symmetric",
          implements="rnn_energy.hamiltonian.SymmetricNetwork.friction", kind="finite-differences",
          control="friction without the factor 2")
def check_h12(control: bool = False) -> Verdict:
    """Central differences of H at states off the manifold (FD_TOL)."""
    factor = 1.0 if control else 2.0

    def pair(net, s):
        dx = net.vector_field(s)[:, : net.n]
        x = s[:, : net.n]
        f = net.activation
        friction = factor * (f.inverse(x + dx, "x + x'") - f.inverse(x, "x"))
        return net.vector_field(s)[:, net.n:], -gradient_fd(net.hamiltonian, s)[:, : net.n] - friction
    return identity_verdict(worst_relative(pair(*i) for i in symmetric_instances()), FD_TOL,
                            "central differences of H, at states off the manifold")


@register("H13", chapter=5, title="H' = -2 x'[f^-1(x + x') - f^-1(x)] <= 0", claimed="corrected",
          anchor="ch5-symmetric", implements="rnn_energy.hamiltonian.SymmetricNetwork.dissipation",
          kind="finite-differences",
          control="the corrected middle line mutated to -x'{p' + 4[...]} (neither form holds)")
def check_h13(control: bool = False) -> Verdict:
    """The middle line writes -x'{p' - 2[...]} + p'x'; dH/dx = -(p' + 2[...]) makes it -x'{p' + 2[...]}.

    dH/dt by the chain rule with central differences of H (FD_TOL).
    """
    factor = 2.0 if control else 1.0
    seed, fixed, sign = [], [], 0.0
    for net, s in symmetric_instances():
        field = net.vector_field(s)
        dx, dp = field[:, : net.n], field[:, net.n:]
        rate = np.sum(gradient_fd(net.hamiltonian, s) * field, -1)
        friction = net.friction(s)
        seed.append((-np.sum(dx * (dp - friction), -1) + np.sum(dp * dx, -1), rate))
        fixed.append((-np.sum(dx * (dp + factor * friction), -1) + np.sum(dp * dx, -1), rate))
        fixed.append((factor * net.dissipation(s), rate))
        sign = max(sign, float(np.max(net.dissipation(s))))
    return correction_verdict(
        worst_relative(seed), max(worst_relative(fixed), sign), FD_TOL,
        "the middle line's sign: -x'{p' + 2[...]}; the result -2x'[f^-1(x + x') - f^-1(x)] <= 0 holds, off the manifold too",
    )


# ------------------------------------------------------------- antisymmetric network
@register("H14", chapter=5, title="x' = f(b + Ax)", claimed="holds", anchor="ch5-antisymmetric",
          implements="rnn_energy.hamiltonian.AntisymmetricNetwork.network_field", kind="sampled",
          control="the network typed with a leak, x' = f(b + Ax) - x")
def check_h14(control: bool = False) -> Verdict:
    """Five seeded antisymmetric networks; per network the largest gap between lift and network (SIM_TOL)."""
    values = [lifted_reproduces(net, leak_added(net) if control else None) for net, _ in antisymmetric_instances()]
    return sampled_verdict(values, SIM_TOL, "the lifted system started on p = b + Ax reproduces x(t) on [0, 2], "
                           "worst of 5 seeded networks")


@register("H15", chapter=5, title="x' = f(p)", claimed="holds", anchor="ch5-antisymmetric",
          implements="rnn_energy.hamiltonian.AntisymmetricNetwork.vector_field", kind="symbolic",
          control="the decider's wrong variant x' = f(p) - x")
def check_h15(control: bool = False) -> Verdict:
    """Exact: f(p) is dH/dp of H18 and, on p = b + Ax, the network H14."""
    return symbolic_verdict("H15", "f(p) against dH/dp of H18 and the network on the manifold", control=control)


@register("H16", chapter=5, title="p' = A f(b + Ax)", claimed="holds", anchor="ch5-antisymmetric",
          implements="rnn_energy.hamiltonian.AntisymmetricNetwork.vector_field", kind="symbolic",
          control="the decider's wrong variant A' f(b + Ax) (transpose added)")
def check_h16(control: bool = False) -> Verdict:
    """Exact: A f(b + Ax) is -dH/dx of H18 (A antisymmetric)."""
    return symbolic_verdict("H16", "A f(b + Ax) against -dH/dx of H18", control=control)


@register("H17", chapter=5, title="d/dt (b + Ax - p) = A[f(p) - f(b + Ax)]", claimed="holds",
          anchor="ch5-antisymmetric", implements="rnn_energy.hamiltonian.AntisymmetricNetwork.manifold_residual",
          kind="symbolic", control="the decider's wrong variant -A[f(p) - f(b + Ax)]")
def check_h17(control: bool = False) -> Verdict:
    """Exact, at states off the manifold; zero on it."""
    return symbolic_verdict("H17", "d/dt (b + Ax - p) along Hamilton's equations of H18 against A[f(p) - f(b + Ax)]",
                            control=control)


@register("H18", chapter=5, title="H = 1'F(p) + 1'F(b + Ax)", claimed="holds", anchor="ch5-antisymmetric",
          implements="rnn_energy.hamiltonian.AntisymmetricNetwork.hamiltonian", kind="closed-form",
          control="H typed as 1'F(p) - 1'F(b + Ax)")
def check_h18(control: bool = False) -> Verdict:
    """Conservation along the lifted flow (the exact solution H(t) = H(0)), rtol = atol = 1e-12 over [0, 20]:
    the drift is bounded by the integration error times |grad H| = O(1), below SIM_TOL."""
    t = np.linspace(0.0, 20.0, 201)
    sign = -1.0 if control else 1.0
    drifts = []
    for net, s in antisymmetric_instances():
        traj = simulate(net.vector_field, s[:4], t, rtol=1e-12, atol=1e-12).y
        x, p = traj[..., : net.n], traj[..., net.n:]
        energy = np.sum(net.activation.lagrangian(p), -1) + sign * net.conserved(x)
        drifts.append(float(np.max(np.abs(energy - energy[0]))))
    return sampled_verdict(drifts, SIM_TOL,
                           "conserved along the lifted flow, anywhere in (x, p): drift over t in [0, 20], 5 seeded networks")


@register("H19", chapter=5, title="dH/dp = f(p)", claimed="holds", anchor="ch5-antisymmetric",
          implements="rnn_energy.hamiltonian.AntisymmetricNetwork.kinetic_gradient", kind="finite-differences",
          control="dH/dp compared with f(b + Ax) (the drive in place of the momentum)")
def check_h19(control: bool = False) -> Verdict:
    """Central differences of H (FD_TOL), at states off the manifold (so the control differs)."""
    def pair(net, s):
        arg = net.drive(s[:, : net.n]) if control else s[:, net.n:]
        return net.activation(arg), gradient_fd(net.hamiltonian, s)[:, net.n:]
    return identity_verdict(worst_relative(pair(*i) for i in antisymmetric_instances()), FD_TOL,
                            "central differences of H")


@register("H20", chapter=5, title="-dH/dx = -A'f(b + Ax) = A f(b + Ax)", claimed="holds", anchor="ch5-antisymmetric",
          implements="rnn_energy.hamiltonian.AntisymmetricNetwork.potential_gradient", kind="finite-differences",
          control="-dH/dx compared with A'f(b + Ax) (the sign of A' = -A missed)")
def check_h20(control: bool = False) -> Verdict:
    """Central differences of H (FD_TOL)."""
    def pair(net, s):
        x = s[:, : net.n]
        mat = net.a if control else net.a.T
        return net.activation(net.b + x @ net.a.T) @ mat, -gradient_fd(net.hamiltonian, s)[:, : net.n]
    return identity_verdict(worst_relative(pair(*i) for i in antisymmetric_instances()), FD_TOL,
                            "A antisymmetric, so -A' = A; central differences of H")
