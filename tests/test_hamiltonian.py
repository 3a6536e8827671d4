"""Chapters 5-6: Hamiltonians, friction, invariant manifolds, leapfrog, E-I dissipation and limit cycle."""

import numpy as np
import pytest

from rnn_energy import experiments
from rnn_energy import hamiltonian as ham
from rnn_energy.instances import ei_pair, random_antisymmetric_network, random_ei, random_symmetric_network
from rnn_energy.simulate import leapfrog, simulate

from conftest import finite_difference


def symmetric(rng, n=3):
    return random_symmetric_network(rng, n)


def antisymmetric(rng, n=3):
    return random_antisymmetric_network(rng, n)


def off_manifold(rng, n, batch=10):
    return np.concatenate([rng.uniform(-0.95, 0.95, size=(batch, n)), 2 * rng.normal(size=(batch, n))], -1)


@pytest.mark.parametrize("kind", ["oscillator", "symmetric", "antisymmetric", "ei"])
def test_hamiltonian_gradients(rng, kind):
    """Every analytic Hamiltonian gradient agrees with central differences."""
    system = {"oscillator": lambda: ham.DampedOscillator(0.4), "symmetric": lambda: symmetric(rng),
              "antisymmetric": lambda: antisymmetric(rng), "ei": lambda: random_ei(rng)}[kind]()
    dim = system.dim
    state = off_manifold(rng, dim // 2) if kind != "antisymmetric" else rng.normal(size=(10, dim))
    assert np.max(np.abs(system.hamiltonian_gradient(state) - finite_difference(system.hamiltonian, state))) < 1e-7


def test_oscillator(rng):
    """H5: dH/dt = -D x'^2 pointwise; the closed form solves the field."""
    osc = ham.DampedOscillator(0.3)
    s = rng.normal(size=(20, 2))
    assert np.allclose(ham.hamiltonian_rate(osc, s), osc.dissipation(s), atol=1e-14)
    t = np.linspace(0, 10, 101)
    sim = simulate(osc.vector_field, s[0], t, rtol=1e-11, atol=1e-13).y
    assert np.max(np.abs(sim - osc.exact_solution(s[0], t))) < 1e-8


def test_symmetric_network_hamilton_and_dissipation(rng):
    """H11-H13 off the manifold: x' = dH/dp, p' = -dH/dx - friction, dH/dt = -2x'[f^-1(x+x') - f^-1(x)] <= 0."""
    net = symmetric(rng)
    s = off_manifold(rng, 3)
    grad, field = net.hamiltonian_gradient(s), net.vector_field(s)
    assert np.allclose(field[:, :3], grad[:, 3:], atol=1e-14)
    assert np.allclose(field[:, 3:], -grad[:, :3] - net.friction(s), atol=1e-10)
    assert np.allclose(np.sum(grad * field, -1), net.dissipation(s), atol=1e-10)
    assert net.dissipation(s).max() <= 0


def test_symmetric_manifold_invariant_and_attraction():
    """Started on p = b + Wx the residual stays at round-off (W with eigenvalues > -1 attracting)."""
    rng = np.random.default_rng(1)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    attracting = ham.SymmetricNetwork((q * [0.2, 1.0, 2.0]) @ q.T, np.zeros(3))
    repelling = ham.SymmetricNetwork((q * [-4.0, -3.5, -3.0]) @ q.T, np.zeros(3))
    t = np.linspace(0, 10, 101)
    on = simulate(attracting.vector_field, attracting.lift([0.2, -0.1, 0.3]), t, rtol=1e-12, atol=1e-14).y
    assert np.max(np.abs(attracting.manifold_residual(on))) < 1e-10
    kick = np.concatenate([np.zeros(3), 0.5 * np.ones(3)])
    for net, grows in ((attracting, False), (repelling, True)):
        traj = simulate(net.vector_field, net.lift([0.1, 0.0, -0.1]) + kick, t).y
        residual = np.max(np.abs(net.manifold_residual(traj)), -1)
        assert (residual[-1] > residual[0]) == grows
    assert attracting.manifold_rate(np.zeros(3)).max() < 0 < repelling.manifold_rate(np.zeros(3)).max()


def test_antisymmetric_conservation_and_leapfrog(rng):
    """H18: H conserved along the lifted flow; 1'F(b+Ax) along the network; leapfrog error bounded, O(h^2)."""
    net = antisymmetric(rng)
    s0 = rng.normal(size=6)
    traj = simulate(net.vector_field, s0, np.linspace(0, 20, 101), rtol=1e-12, atol=1e-12).y
    assert np.ptp(net.hamiltonian(traj)) < 1e-8
    x = simulate(net.network_field, s0[:3], np.linspace(0, 20, 101), rtol=1e-12, atol=1e-12).y
    assert np.ptp(net.conserved(x)) < 1e-8
    errors = [np.max(np.abs(net.hamiltonian(leapfrog(net, s0, h, int(50 / h))) - net.hamiltonian(s0)))
              for h in (0.1, 0.05)]
    assert 3.0 < errors[0] / errors[1] < 5.0  # second order


def test_leapfrog_beats_rk45_over_long_runs():
    """Over t in [0, 3000] the leapfrog energy error does not grow; RK45's grows several-fold."""
    rng = np.random.default_rng(2)
    net = antisymmetric(rng)
    runs = experiments.compare_integrators(net, rng.normal(size=6), step=0.05, t_max=3000.0)
    first, last = experiments.energy_error_growth(runs["leapfrog"])
    assert last < 1.5 * first
    first, last = experiments.energy_error_growth(runs["RK45"])
    assert last > 3 * first


def test_ei_lift(rng):
    """H23-H25: off the manifold the residual decays exactly as exp(-r t)."""
    net = random_ei(rng, r=0.7)
    s0 = off_manifold(rng, 5, 1)[0]
    t = np.linspace(0, 5, 51)
    residual = net.manifold_residual(simulate(net.vector_field, s0, t, rtol=1e-11, atol=1e-13).y)
    assert np.allclose(residual, residual[0] * np.exp(-0.7 * t)[:, None], atol=1e-8)


def test_ei_rate_terms_and_conditions(rng):
    """dH/dt = the five terms everywhere; with admissible r, dH/dt <= 0 on the manifold."""
    net = random_ei(rng)
    s = off_manifold(rng, 5, 50)
    chain = np.sum(net.hamiltonian_gradient(s) * net.vector_field(s), -1)
    assert np.allclose(chain, sum(net.rate_terms(s).values()), atol=1e-10)
    interval = ham.admissible_r(net)
    assert interval is not None
    for r in np.linspace(*interval, 4)[:-1]:
        ok = ham.ExcitatoryInhibitory(net.a, net.b, net.c, net.u, net.v, net.tau_x, net.tau_y, r)
        assert all(ok.conditions().values())
        manifold = ok.lift(rng.uniform(-0.95, 0.95, size=(100, 5)))
        assert sum(ok.rate_terms(manifold).values()).max() <= 1e-12


def test_limit_cycle_beyond_the_conditions():
    """E-I pair (A = 2, B = 2.5, C = 0, tau_x = 1): converges with H non-increasing for tau_y < 1,
    limit cycle with H rising for tau_y > 1; admissible r exists exactly for tau_y < 1."""
    sweep = experiments.limit_cycle_sweep(np.array([0.5, 0.8, 1.3, 2.0]), t_max=200.0)
    assert list(sweep["admissible"]) == [True, True, False, False]
    assert np.all(sweep["amplitude"][:2] < 1e-6) and np.all(sweep["amplitude"][2:] > 0.2)
    assert np.all(sweep["H increase"][:2] <= 1e-12) and np.all(sweep["H increase"][2:] > 1e-3)


def test_nullclines_meet_at_fixed_point():
    """The two nullclines of the pair cross at the origin (u = v = 0)."""
    pair = ei_pair()
    x_null, y_null = ham.nullclines(pair, np.array([0.0]))
    assert np.allclose(x_null, 0) and np.allclose(y_null, 0)


def test_bad_parameters():
    """Non-symmetric W or C, non-antisymmetric A, wrong shapes raise ValueError naming them."""
    with pytest.raises(ValueError, match="w must be symmetric"):
        ham.SymmetricNetwork([[0.0, 1.0], [0.0, 0.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="a must be antisymmetric"):
        ham.AntisymmetricNetwork(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="c must be symmetric"):
        ham.ExcitatoryInhibitory(a=[[1.0]], b=[[1.0, 0.0]], c=[[0.0, 1.0], [0.0, 0.0]], u=[0.0], v=[0.0, 0.0])
    with pytest.raises(ValueError, match="b must have shape"):
        ham.ExcitatoryInhibitory(a=[[1.0]], b=[[1.0]], c=np.eye(2), u=[0.0], v=[0.0, 0.0])
    with pytest.raises(ValueError, match="tau_y must be a positive"):
        ei_pair(tau_y=0.0)
    with pytest.raises(ValueError, match="x must lie in the open image"):
        ham.SymmetricNetwork(np.eye(2), [0.0, 0.0]).hamiltonian_gradient([2.0, 0.0, 0.0, 0.0])


def test_hamiltonian_form_is_the_lift(rng):
    """H27-H30 with the corrected last term reproduce the lifted field H23-H24 off the manifold;
    the slides' scalar term 2r y'(a_y - p_y) added to every entry does not (negative control)."""
    net = random_ei(rng, r=0.6)
    s = off_manifold(rng, 5, 40)
    assert np.max(np.abs(net.hamiltonian_form(s) - net.vector_field(s))) < 1e-12
    x, y, p_x, p_y = net.split(s)
    _, a_y = net.drives(x, y)
    dy = net.vector_field(s)[:, 3:5]
    typed = net.hamiltonian_form(s)[:, 8:] - 2 * net.r * (a_y - p_y) + 2 * net.r * np.sum(dy * (a_y - p_y), -1, keepdims=True)
    assert np.max(np.abs(typed - net.vector_field(s)[:, 8:])) > 1e-2
