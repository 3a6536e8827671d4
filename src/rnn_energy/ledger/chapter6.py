r"""Ledger checks for chapter 6: slides H21–H30 and the chapter's claims on the excitatory–inhibitory network.

Besides the slides' equations the chapter registers its own statements, keyed by their labels:
``thm-ei-lyapunov`` (H restricted to the manifold is a Lyapunov function of the network),
``prop-ei-conditions`` (the sufficient conditions for dH/dt <= 0) and ``prop-ei-hopf`` (the pair's
Hopf bifurcation). Each records in ``Verdict.boundary`` what happens just inside and just outside
its hypotheses, measured with :mod:`rnn_energy.ei_conditions` and :mod:`rnn_energy.bifurcation`.

Every check accepts ``control=True`` and then runs the same comparison, with the same tolerance,
on a deliberately wrong variant (the ``control`` text of its entry), which it must reject.

Tolerances, by the error order of the method:

* central differences (step ``h = 1e-5``): truncation :math:`O(h^2)` times the third derivative
  (:math:`\lesssim 10^2` for :math:`|x|, |y| \le 0.95`) plus round-off :math:`O(\epsilon/h)`: at most
  :math:`\sim 10^{-8}`, so ``FD_TOL = 1e-7`` (relative);
* integrations at ``rtol = 1e-11``, ``atol = 1e-13``: global error :math:`\lesssim 10^{-9}` on the
  windows used, so ``SIM_TOL = 1e-8``;
* closed-form expressions of order one: a few hundred ulps, ``ROUND_OFF_TOL = 1e-12``;
* second differences (Hessians, step ``1e-4``): :math:`O(h^2) + O(\epsilon/h^2)`, below
  :math:`10^{-6}` here, far below the eigenvalue margins (:math:`> 0.1`) they decide.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np

from .. import bifurcation as bif
from .. import ei_conditions as eic
from ..finite_differences import gradient_fd, hessian_fd
from ..hamiltonian import fenchel_gap
from ..instances import ei_pair, random_ei, seeded
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

#: Central differences with h = 1e-5 (relative error), a factor 10 over the worst truncation.
FD_TOL = 1e-7
#: Integrations at rtol = 1e-11, atol = 1e-13 on windows of length <= 5.
SIM_TOL = 1e-8
#: Round-off of closed-form expressions of order one.
ROUND_OFF_TOL = 1e-12


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


def network_reproduced(component, wrong_field=None) -> list[float]:
    """Per seeded network, the largest |lifted - network| of the given state components on [0, 5],
    started on the manifold; ``wrong_field(net)`` replaces the network's own field (a control)."""
    values = []
    t = np.linspace(0.0, 5.0, 101)
    for net, s in instances():
        n = net.n_x + net.n_y
        xy0 = s[:4, :n]
        lifted = simulate(net.vector_field, net.lift(xy0), t, rtol=1e-11, atol=1e-13).y[..., :n]
        field = net.network_field if wrong_field is None else wrong_field(net)
        network = simulate(field, xy0, t, rtol=1e-11, atol=1e-13).y
        cols = np.arange(n)[component(net)]
        values.append(float(np.max(np.abs(lifted[..., cols] - network[..., cols]))))
    return values


def field_with_drives(net, drive_x, drive_y):
    """The network field H21-H22 with the drives replaced by ``drive_x(x, y)``, ``drive_y(x, y)``."""
    def field(xy):
        x, y = xy[..., : net.n_x], xy[..., net.n_x:]
        return np.concatenate([(net.f(drive_x(x, y)) - x) / net.tau_x, (net.g(drive_y(x, y)) - y) / net.tau_y], -1)
    return field


def inhibition_as_excitation(net):
    """H21 typed with +By: tau_x x' + x = f(u + Ax + By)."""
    return field_with_drives(net, lambda x, y: net.u + x @ net.a.T + y @ net.b.T, lambda x, y: net.drives(x, y)[1])


def self_inhibition_sign(net):
    """H22 typed with +Cy: tau_y y' + y = g(v + B'x + Cy)."""
    return field_with_drives(net, lambda x, y: net.drives(x, y)[0], lambda x, y: net.v + x @ net.b + y @ net.c.T)


@register("H21", chapter=6, title="tau_x x' + x = f(u + Ax - By)", claimed="holds", anchor="ch6-lift",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.network_field", kind="sampled",
          control="H21 typed with +By (inhibition read as excitation)")
def check_h21(control: bool = False) -> Verdict:
    """Five seeded 3+2 networks; per network the largest gap in x(t) (SIM_TOL)."""
    values = network_reproduced(lambda net: slice(0, net.n_x), inhibition_as_excitation if control else None)
    return sampled_verdict(values, SIM_TOL, "x(t) of the lifted system started on the manifold, against the "
                           "network, t in [0, 5], worst of 5 seeded networks")


@register("H22", chapter=6, title="tau_y y' + y = g(v + B'x - Cy)", claimed="holds", anchor="ch6-lift",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.network_field", kind="sampled",
          control="H22 typed with +Cy (self-inhibition's sign flipped)")
def check_h22(control: bool = False) -> Verdict:
    """As H21, for y(t)."""
    values = network_reproduced(lambda net: slice(net.n_x, None), self_inhibition_sign if control else None)
    return sampled_verdict(values, SIM_TOL, "y(t), likewise")


@register("H23", chapter=6, title="(r + d/dt)(u + Ax - By - p_x) = 0", claimed="holds", anchor="ch6-lift",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.vector_field", kind="symbolic",
          control="the decider's wrong variant (-r + d/dt)")
def check_h23(control: bool = False) -> Verdict:
    """Exact: along the Hamiltonian flow of H26 (H27-H29 as typed), at states off the manifold."""
    return symbolic_verdict("H23", "(r + d/dt)(u + Ax - By - p_x) along the flow of H26-H29, off the manifold",
                            control=control)


@register("H24", chapter=6, title="(r + d/dt)(v + B'x - Cy - p_y) = 0", claimed="holds", anchor="ch6-lift",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.vector_field", kind="symbolic",
          control="the decider's wrong variant (-r + d/dt)")
def check_h24(control: bool = False) -> Verdict:
    """Exact: along the flow of H26-H28 and H30 corrected, at states off the manifold."""
    return symbolic_verdict("H24", "(r + d/dt)(v + B'x - Cy - p_y) along the flow of H26-H28 and H30 corrected",
                            control=control)


@register("H25", chapter=6, title="attractive invariant manifold p = a(x, y)", claimed="holds", anchor="ch6-lift",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.lift", kind="closed-form",
          control="residual predicted to decay as exp(-t/tau_y) (the unit's time constant in place of r)")
def check_h25(control: bool = False) -> Verdict:
    """Off the manifold the residual decays exactly as exp(-r t): integrated (rtol 1e-11) against it (SIM_TOL)."""
    values = []
    t = np.linspace(0.0, 5.0, 51)
    for net, s in instances():
        traj = simulate(net.vector_field, s[:4], t, rtol=1e-11, atol=1e-13).y
        residual = net.manifold_residual(traj)
        rate = 1 / net.tau_y if control else net.r
        predicted = residual[0] * np.exp(-rate * t)[:, None, None]
        values.append(float(np.max(np.abs(residual - predicted))))
    return sampled_verdict(values, SIM_TOL, "residual(t) = residual(0) exp(-r t) along the lifted flow, 5 seeded networks")


@register("H26", chapter=6, title="H = Phi(p_x, x)/tau_x + Gamma(p_y, y)/tau_y + r S(x, y)", claimed="holds",
          anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian",
          kind="sampled", control="S typed with +1'Gbar(y) (the inhibitory dual with the excitatory sign)")
def check_h26(control: bool = False) -> Verdict:
    """Phi, Gamma >= 0 with equality on x = f(p_x), y = g(p_y), S convex in x and concave in y.

    Per network the value is the largest of -min Phi, -min Gamma, |Phi(p, f(p))|, |Gamma(p, g(p))|,
    -lambda_min(S_xx), lambda_max(S_yy): the margins are negative when the properties hold, so the
    value is the round-off of the equality cases (ROUND_OFF_TOL); the Hessians' O(1e-6) error is far
    below the eigenvalue margins, reported in the detail.
    """
    values, margins = [], []
    for net, s in instances():
        x, y, p_x, p_y = parts(net, s)
        xy = s[:, : net.n_x + net.n_y]
        saddle = net.saddle
        if control:
            def saddle(z, net=net):
                return net.saddle(z) + 2 * np.sum(net.g.legendre_dual(z[..., net.n_x:], "y"), -1)
        hess = hessian_fd(saddle, xy)
        s_xx, s_yy = hess[:, : net.n_x, : net.n_x], hess[:, net.n_x:, net.n_x:]
        eig_margin = max(-float(np.min(np.linalg.eigvalsh(s_xx))), float(np.max(np.linalg.eigvalsh(s_yy))))
        gap_margin = max(-float(np.min(fenchel_gap(net.f, p_x, x))), -float(np.min(fenchel_gap(net.g, p_y, y))))
        equality = max(float(np.max(np.abs(fenchel_gap(net.f, p_x, net.f(p_x))))),
                       float(np.max(np.abs(fenchel_gap(net.g, p_y, net.g(p_y))))))
        margins.append(eig_margin)
        values.append(max(eig_margin, gap_margin, equality))
    return sampled_verdict(values, ROUND_OFF_TOL,
                           f"Fenchel gaps >= 0, zero on x = f(p_x), y = g(p_y); S_xx > 0 and S_yy < 0 "
                           f"(eigenvalue margin {-max(margins):.2f} at worst; lambda_max(A) < 1, C >= 0): a saddle")


@register("H27", chapter=6, title="x' = dH/dp_x", claimed="holds", anchor="ch6-hamiltonian",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form", kind="finite-differences",
          control="x' = -dH/dp_x")
def check_h27(control: bool = False) -> Verdict:
    """Central differences of H (FD_TOL)."""
    sign = -1.0 if control else 1.0
    return identity_verdict(worst_relative(
        (parts(n, n.vector_field(s))[0], sign * parts(n, gradient_fd(n.hamiltonian, s))[2]) for n, s in instances()),
        FD_TOL, "central differences of H")


@register("H28", chapter=6, title="y' = dH/dp_y", claimed="holds", anchor="ch6-hamiltonian",
          implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form", kind="finite-differences",
          control="y' = -dH/dp_y (inhibition read as ascending H)")
def check_h28(control: bool = False) -> Verdict:
    """Central differences of H (FD_TOL)."""
    sign = -1.0 if control else 1.0
    return identity_verdict(worst_relative(
        (parts(n, n.vector_field(s))[1], sign * parts(n, gradient_fd(n.hamiltonian, s))[3]) for n, s in instances()),
        FD_TOL, "central differences of H")


def friction(net, s, which: int):
    """f^-1(tau_x x' + x) - f^-1(x) (which = 0) or g^-1(tau_y y' + y) - g^-1(y) (which = 1)."""
    x, y, _, _ = parts(net, s)
    dx, dy, _, _ = parts(net, net.vector_field(s))
    if which == 0:
        return net.f.inverse(net.tau_x * dx + x, "tau_x x' + x") - net.f.inverse(x, "x")
    return net.g.inverse(net.tau_y * dy + y, "tau_y y' + y") - net.g.inverse(y, "y")


@register("H29", chapter=6, title="p_x' = -dH/dx + Ax' - By' - (1/tau_x + r)[...]", claimed="holds",
          anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form",
          kind="finite-differences", control="(1/tau_x - r) in place of (1/tau_x + r)")
def check_h29(control: bool = False) -> Verdict:
    """Central differences of H against the lifted p_x' of H23, off the manifold (FD_TOL)."""
    sign = -1.0 if control else 1.0

    def pair(net, s):
        dx, dy, dp_x, _ = parts(net, net.vector_field(s))
        grad_x = parts(net, gradient_fd(net.hamiltonian, s))[0]
        slide = -grad_x + dx @ net.a.T - dy @ net.b.T - (1 / net.tau_x + sign * net.r) * friction(net, s, 0)
        return slide, dp_x
    return identity_verdict(worst_relative(pair(*i) for i in instances()), FD_TOL,
                            "against the lifted p_x' of H23, at states off the manifold")


@register("H30", chapter=6, title="p_y' = -dH/dy + B'x' - Cy' - (1/tau_y - r)[...] + ...", claimed="corrected",
          anchor="ch6-hamiltonian", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.hamiltonian_form",
          kind="finite-differences",
          control="the corrected form with its last term dropped (so neither form holds)")
def check_h30(control: bool = False) -> Verdict:
    """Central differences of H against the lifted p_y' of H24, off the manifold (FD_TOL)."""
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
        return base + (0.0 if control else 2 * net.r) * gap, dp_y

    return correction_verdict(
        worst_relative(seed(*i) for i in instances()), worst_relative(fixed(*i) for i in instances()), FD_TOL,
        "the last term is the vector 2r(v + B'x - Cy - p_y), not the scalar 2r y'(...) (read as added to every entry)",
    )


# ======================================================================= the chapter's claims
#: Distance of the tested condition from its boundary, the seeds, and the manifold search's effort.
BOUNDARY_DELTA = 0.01
BOUNDARY_SEEDS = (0, 1)
SEARCH = {"n_samples": 2000, "n_refine": 1}
#: How far beyond its bound r is pushed for the r-condition's sharpness test and the control.
R_OUTSIDE = 0.1
#: dH/dt / (|x'|^2 + |y'|^2) comes from the closed-form rate terms: round-off relative to terms of order one.
RATIO_TOL = 1e-9


@functools.cache
def boundary_search(condition: str, side: str, delta: float, family: str, seed: int) -> tuple[float, float, bool]:
    """(max dH/dt, max dH/dt/|s'|^2, conditions hold) on :func:`rnn_energy.ei_conditions.boundary_instance`
    (``condition`` at ``delta`` ``side`` its boundary), by :func:`~rnn_energy.ei_conditions.max_manifold_rate`.
    Deterministic, so cached: the proposition, the theorem and their controls share the searches."""
    net = eic.boundary_instance(condition, side, delta, seed, family=family)
    found = eic.max_manifold_rate(net, seed=seed, **SEARCH)
    return found["max rate"], found["max ratio"], all(net.conditions().values())


def boundary_rows() -> list:
    """:class:`~rnn_energy.ei_conditions.BoundaryRow` per condition, family and side at ``BOUNDARY_DELTA``,
    plus the r-condition ``R_OUTSIDE`` beyond its bound (offset networks)."""
    rows = []
    cases = [(c, f, BOUNDARY_DELTA, side) for c in eic.CONDITIONS for f in eic.FAMILIES for side in eic.SIDES]
    cases.append(("r", "offset", R_OUTSIDE, "outside"))
    for condition, family, delta, side in cases:
        found = [boundary_search(condition, side, delta, family, s) for s in BOUNDARY_SEEDS]
        rows.append(eic.BoundaryRow(condition, family, float(delta), side, all(f[2] for f in found),
                                    max(f[0] for f in found), max(f[1] for f in found)))
    return rows


#: How :func:`rnn_energy.ei_conditions.boundary_verdicts` reads in the boundary record.
WORDING = {"sharp": "(a rise: sharp)", "only sufficient": "(no rise found: only sufficient, within the search)",
           "VIOLATED": "(an inside instance rose: the proposition VIOLATED)"}


def boundary_summary() -> str:
    """The conditions at their boundaries, in one line per condition (from :func:`boundary_rows`)."""
    rows = boundary_rows()
    verdicts = eic.boundary_verdicts(rows, RATIO_TOL)
    inside = max(r.max_ratio for r in rows if r.side == "inside")
    parts_ = [f"just inside (delta = {BOUNDARY_DELTA}, {len(BOUNDARY_SEEDS)} seeds, centred and offset): "
              f"largest dH/dt/|s'|^2 {inside:+.2e}, no rise"]
    for condition in eic.CONDITIONS:
        outs = [f"{r.family} delta {r.delta:g}: {r.max_ratio:+.2e} " + WORDING[verdicts[(r.condition, r.family, r.delta)]]
                for r in rows if r.condition == condition and r.side == "outside"]
        parts_.append(f"{condition} just outside: " + ", ".join(outs))
    return "; ".join(parts_)


# --------------------------------------------------------------- proposition: the conditions
@register("prop-ei-conditions", chapter=6, title="0 <= r <= 1/tau_y, lambda_max(A) < (1 + r tau_x)/beta_f, "
          "C + (1 - r tau_y)/beta_g I >= 0 give dH/dt <= 0 on the manifold", claimed="holds",
          anchor="ch6-dissipation", implements="rnn_energy.hamiltonian.ExcitatoryInhibitory.conditions",
          kind="sampled", control=f"r = 1/tau_y + {R_OUTSIDE}: the r-condition violated (offset networks)")
def check_prop_ei_conditions(control: bool = False) -> Verdict:
    """Networks with one condition ``BOUNDARY_DELTA`` inside its boundary (the others with slack 0.5):
    the largest dH/dt/|s'|^2 a search of the manifold finds, per network, must be <= RATIO_TOL.

    A search, not a proof: a rise it does not find may exist; the boundary record shows it does find
    rises just outside (so it is not blind).
    """
    if control:
        found = [boundary_search("r", "outside", R_OUTSIDE, "offset", s) for s in BOUNDARY_SEEDS]
        boundary = None
    else:
        found = [boundary_search(c, "inside", BOUNDARY_DELTA, f, s)
                 for c in eic.CONDITIONS for f in eic.FAMILIES for s in BOUNDARY_SEEDS]
        if not all(f[2] for f in found):
            return Verdict("fails", float("nan"), "an instance meant to be inside the boundary violates the conditions")
        boundary = boundary_summary()
    ratios = np.array([f[1] for f in found]).reshape(-1, len(BOUNDARY_SEEDS))  # one row per (condition, family)
    verdict = sampled_verdict(ratios.ravel(), RATIO_TOL,
                              f"largest dH/dt/(|x'|^2 + |y'|^2) on the manifold, searched, over {ratios.size} 2+2 "
                              f"networks each with one condition {R_OUTSIDE if control else BOUNDARY_DELTA} "
                              f"{'beyond' if control else 'inside'} its bound; spread: seed to seed within a "
                              f"condition and family", boundary=boundary)
    return replace(verdict, spread=float(np.max(np.ptp(ratios, axis=1))))


# ----------------------------------------------------------------- theorem: Lyapunov function
#: Theorem instances: margin of the boundary networks, time window and convergence tolerance.
THEOREM_DELTA = 0.05
THEOREM_T = np.linspace(0.0, 600.0, 3001)
#: |s'| at the end of the window; the slowest instance (C inside, seed 1) decays at rate 0.046 ~ THEOREM_DELTA: 1e-14 by t = 600.
CONVERGED_TOL = 1e-6
#: Step-to-step rise of L allowed: the integration error (rtol 1e-11) times |grad L| = O(10).
RISE_TOL = 1e-9


def theorem_instances(control: bool = False) -> list[tuple[str, object, np.ndarray]]:
    """(name, network, starts) satisfying the theorem's hypotheses (strict r < 1/tau_y), or, for the
    control, the pair at tau_y = 2, r = 1 (r > 1/tau_y and lambda_max(A) = 1 + r tau_x: both violated)."""
    rng = np.random.default_rng(11)
    if control:
        return [("pair tau_y = 2, r = 1", ei_pair(tau_y=2.0, r=1.0), np.array([[0.6, -0.2], [-0.3, 0.5]]))]
    out = [("pair tau_y = 0.5, r = 1.5", ei_pair(tau_y=0.5, r=1.5), rng.uniform(-0.95, 0.95, size=(4, 2))),
           ("logistic pair tau_y = 0.5, r = 1", ei_pair(tau_y=0.5, r=1.0, f="logistic", g="logistic"),
            rng.uniform(0.02, 0.98, size=(4, 2)))]
    for condition in eic.CONDITIONS:
        for seed in BOUNDARY_SEEDS:
            net = eic.boundary_instance(condition, "inside", THEOREM_DELTA, seed)
            out.append((f"{condition} inside {THEOREM_DELTA}, seed {seed}", net, rng.uniform(-0.95, 0.95, size=(4, 4))))
    return out


def gap_against_hopf() -> str:
    """The theorem's hypotheses against the Hopf point for the example and for C = 0.5."""
    out = []
    for name, params in (("example", {}), ("C = 0.5", {"c": 0.5})):
        pair = ei_pair(**params)
        limit, hopf = eic.admissible_tau_y_limit(pair), bif.hopf_point(pair).tau_y
        if hopf - limit < 1e-9:
            out.append(f"{name}: hypotheses hold iff tau_y < {limit:.4f} = tau_y*, where a cycle is born: sharp")
        else:
            mid = 0.5 * (limit + hopf)
            trace = float(bif.trace_determinant(pair, mid)["trace"])
            out.append(f"{name}: hypotheses fail beyond tau_y = {limit:.4f} but the fixed point stays stable up to "
                       f"tau_y* = {hopf:.4f} (trace {trace:+.3f} midway): only sufficient there")
    return "; ".join(out)


@register("thm-ei-lyapunov", chapter=6, title="H restricted to the manifold is a Lyapunov function of the network",
          claimed="holds", anchor="ch6-theorem", implements="rnn_energy.bifurcation.lyapunov_along_network",
          kind="sampled", control="the pair at tau_y = 2, r = 1 (r > 1/tau_y and lambda_max(A) = 1 + r tau_x)")
def check_thm_ei_lyapunov(control: bool = False) -> Verdict:
    """L(t) = H(lift(x(t), y(t))) along the original network, four starts per instance on THEOREM_T:
    per instance the largest step-to-step rise of L and the dip of L below its final value (<= RISE_TOL:
    (i), bounded below), and the final speed |s'| (<= CONVERGED_TOL: (iii) convergence to fixed points).
    """
    rises, speeds, names = [], [], []
    for name, net, starts in theorem_instances(control):
        run = bif.lyapunov_along_network(net, starts, THEOREM_T)
        rises.append(max(run["largest increase"], -run["above limit"]))
        speeds.append(run["final speed"])
        names.append(name)
    worst = int(np.argmax(rises))
    converged = max(speeds) <= CONVERGED_TOL
    status = "holds" if max(rises) <= RISE_TOL and converged else "fails"
    detail = (f"largest rise of L along the network over {len(rises)} instances (tanh and logistic pairs, 2+2 networks "
              f"{THEOREM_DELTA} inside each condition): {max(rises):.2e} ({names[worst]}); "
              f"final |s'| at most {max(speeds):.1e}")
    boundary = None if control else (
        "dL/dt along the network is dH/dt on the manifold, so the proposition's boundary applies: "
        + boundary_summary() + "; against the Hopf point: " + gap_against_hopf())
    return Verdict(status, float(max(rises)), detail, spread=float(np.ptp(rises)), boundary=boundary)


# --------------------------------------------------------------------- proposition: Hopf point
HOPF_PAIRS = {"example": {}, "u = 0.5": {"u": 0.5}}
HOPF_OFFSETS = np.geomspace(5e-3, 5e-2, 3)
HOPF_T_MAX = 800.0
#: Window of the run below tau_y*: the focus decays at rate (1/tau_y - 1/tau_y*)/2 ~ 0.026, e^-8 by t = 300.
HOPF_DECAY_T = 300.0
#: Tolerance of each comparison, by its method (see :func:`hopf_errors`).
HOPF_TOLS = {
    "tau_y*": 1e-8,      # closed form vs brentq root of the FD trace (O(h^2) = 1e-12, xtol 1e-13)
    "det": 1e-7,         # closed form vs det of the FD Jacobian (h = 1e-6: O(h^2) + O(eps/h) = 1e-10)
    "eigenvalues": 1e-7,  # +-i omega vs the FD Jacobian's eigenvalues, relative to omega
    "growth": 1e-5,      # (1 + c g')/(2 tau_y*^2) vs central difference (h = 1e-3) of Re lambda: O(h^2)
    "l1": 1e-3,          # closed-form vs FD multilinear forms (third differences, O(h^2) + O(eps/h^3) = 1e-6)
    "exponent": 1e-2,    # fitted log-log slope vs 1/2: the O(mu) correction to A/sqrt(mu) biases it by ~ mu_max / 10
    "K": 1e-3,           # predicted K vs A/sqrt(mu) extrapolated to mu = 0 (O(mu^2) + drift)
    "drift": 1e-3,       # the runs have settled on the cycle
}


@functools.cache
def hopf_measurements(name: str) -> dict:
    """Everything of the Hopf check that does not depend on the l1 formula, for one pair (cached)."""
    pair = ei_pair(**HOPF_PAIRS[name])
    fixed = bif.pair_fixed_points(pair)
    hopf = bif.hopf_point(pair)
    xy = hopf.fixed_point
    critical = bif.with_tau_y(pair, hopf.tau_y)
    jac_fd = bif.jacobian_fd(critical.network_field, xy)
    h = 1e-3
    re = [float(np.max(np.linalg.eigvals(bif.jacobian_fd(bif.with_tau_y(pair, hopf.tau_y + s * h).network_field, xy)).real))
          for s in (1, -1)]
    law = bif.amplitude_law(pair, HOPF_OFFSETS, t_max=HOPF_T_MAX)
    below = hopf.tau_y - HOPF_OFFSETS[-1]
    start = xy + law["amplitude"][-1] * hopf.q.real / abs(hopf.q[0])  # s* + 2 rho Re q at the largest offset's amplitude
    decayed = bif.cycle_amplitudes(pair, np.array([below]), start[None, :], t_max=HOPF_DECAY_T)["amplitude"][0]
    return {"pair": pair, "fixed": fixed, "hopf": hopf, "critical": critical, "jac_fd": jac_fd,
            "growth_fd": (re[0] - re[1]) / (2 * h), "law": law, "below": below, "decayed": decayed}


def hopf_errors(name: str, l1_formula) -> dict[str, float]:
    """Each comparison's error for one pair, with ``l1_formula(jacobian, second, third)`` as the l1 formula.

    K = 2|q_x| sqrt(alpha'/(-omega l1)) when l1 < 0; when l1 >= 0 the proposition predicts no small
    stable cycle (K = 0), which the simulated cycle then refutes.
    """
    m = hopf_measurements(name)
    hopf, crit, law = m["hopf"], m["critical"], m["law"]
    xy = hopf.fixed_point
    jac = bif.pair_jacobian(crit, xy)
    l1 = l1_formula(jac, *bif.pair_multilinear_forms(crit, xy))
    l1_fd = l1_formula(jac, *bif.multilinear_forms_fd(crit.network_field, xy))
    omega, q, _ = bif.critical_eigenvectors(jac)
    predicted = 2 * abs(q[0]) * np.sqrt(hopf.growth / (-omega * l1)) if l1 < 0 else 0.0
    eig = np.linalg.eigvals(m["jac_fd"])
    eig = eig[np.argsort(-eig.imag)]
    return {
        "tau_y*": abs(hopf.tau_y - hopf.tau_y_bracketed) / hopf.tau_y,
        "det": abs(np.linalg.det(m["jac_fd"]) - hopf.det) / hopf.det,
        "eigenvalues": float(np.max(np.abs(eig - np.array([1j, -1j]) * np.sqrt(hopf.det)))) / omega,
        "growth": abs(m["growth_fd"] - hopf.growth) / hopf.growth,
        "l1": abs(l1 - l1_fd) / abs(l1),
        "exponent": abs(law["exponent"] - 0.5),
        "K": abs(law["prefactor_limit"] - predicted) / law["prefactor_limit"],
        "drift": float(np.max(law["drift"])),
        "unique": 0.0 if m["fixed"].certified_unique else np.inf,
    }


def wrong_sign_l1(jacobian, second, third) -> float:
    """Kuznetsov's l1 with the overall sign flipped (Re[...]/(-2 omega)): the control's formula."""
    return -bif.first_lyapunov_coefficient(jacobian, second, third)


@register("prop-ei-hopf", chapter=6, title="Hopf bifurcation of the E-I pair at tau_y* = tau_x(1 + cg')/(af' - 1)",
          claimed="holds", anchor="ch6-hopf", implements="rnn_energy.bifurcation.hopf_point",
          kind="finite-differences", control="l1 with the wrong sign, Re[...]/(-2 omega)")
def check_prop_ei_hopf(control: bool = False) -> Verdict:
    """For the example pair and u = 0.5 (fixed point off the origin, so the quadratic terms of l1 count:
    with the sign of its middle term flipped, K misses the simulation by 9e-2 there, by nothing at u = 0):
    uniqueness certified; tau_y*, det J, +-i omega and d Re(lambda)/d tau_y against finite-difference
    Jacobians; l1 with closed-form against finite-difference derivatives; and the square-root law,
    simulated, against K from l1. Measure: the worst error in units of its tolerance (HOPF_TOLS)."""
    formula = wrong_sign_l1 if control else bif.first_lyapunov_coefficient
    scaled, worst_name = 0.0, ""
    for name in HOPF_PAIRS:
        for key, err in hopf_errors(name, formula).items():
            value = err if key == "unique" else err / HOPF_TOLS[key]
            if value > scaled or not worst_name:
                scaled, worst_name = value, f"{key} ({name})"
    detail = (f"worst error / tolerance {scaled:.2e} ({worst_name}); "
              + "; ".join(f"{n}: tau_y* = {hopf_measurements(n)['hopf'].tau_y:.4f}, l1 = {formula(*_l1_args(n)):+.4f}"
                          for n in HOPF_PAIRS))
    boundary = None
    if not control:
        lines = []
        for name in HOPF_PAIRS:
            m = hopf_measurements(name)
            lines.append(f"{name}: tau_y = tau_y* + {HOPF_OFFSETS[0]:g}: amplitude {m['law']['amplitude'][0]:.4f} "
                         f"(K sqrt(mu) = {m['hopf'].prefactor * np.sqrt(HOPF_OFFSETS[0]):.4f}); "
                         f"tau_y* - {HOPF_OFFSETS[-1]:g}: amplitude {m['decayed']:.1e} after {HOPF_DECAY_T:g}, "
                         f"from {m['law']['amplitude'][-1]:.2f} (decays)")
        for a in (0.95, 1.05):
            try:
                lines.append(f"a = {a} (a f' {'<' if a < 1 else '>'} 1): Hopf at tau_y* = {bif.hopf_point(ei_pair(a=a)).tau_y:.2f}")
            except ValueError:
                lines.append(f"a = {a} (a f' < 1): trace < 0 for every tau_y, no Hopf point")
        boundary = "; ".join(lines) + "; sharp at tau_y* and at a f' = 1 (every pair tested is supercritical)"
    return Verdict("holds" if scaled <= 1.0 else "fails", float(scaled), detail, boundary=boundary)


def _l1_args(name: str):
    m = hopf_measurements(name)
    xy = m["hopf"].fixed_point
    return (bif.pair_jacobian(m["critical"], xy), *bif.pair_multilinear_forms(m["critical"], xy))
