"""Chapter 4: CCCP in the conjugate coordinates, Marcus-Westervelt, two-time function, x-Hessians."""

import numpy as np
import pytest

from rnn_energy import cccp
from rnn_energy.activations import IDENTITY, TANH
from rnn_energy.experiments import phase_diagram
from rnn_energy.instances import coupling_with_spectrum, random_three_population, symmetric_with_spectrum
from rnn_energy.maps import RecurrentMap, iterate
from rnn_energy.orbits import orbit_period

from conftest import finite_difference


def tanh_orbit(m, v0, n_steps):
    """Orbit of v -> tanh(Mv), written out independently of RecurrentMap."""
    return iterate(lambda v: TANH(v @ m.T), v0, n_steps)


def test_cccp_step_is_the_map_for_symmetric_m(rng):
    """For M = M', sigma^-1(v') = -grad E_cave(v) gives v' = tanh(Mv); for asymmetric M it does not."""
    m = symmetric_with_spectrum(rng, rng.uniform(-2, 3, size=4))
    v = rng.uniform(-1, 1, size=(20, 4))
    assert np.allclose(cccp.cccp_step(RecurrentMap(m), v), TANH(v @ m.T), atol=1e-14)
    a = m + np.triu(np.ones((4, 4)), 1)
    step = cccp.cccp_step(RecurrentMap(a), v)
    assert np.max(np.abs(step - TANH(v @ a.T))) > 1e-3
    # what the step is for asymmetric M: the map of the symmetric part, which E alone sees
    assert np.allclose(step, TANH(v @ (0.5 * (a + a.T))), atol=1e-14)


def test_energy_gradient_is_split(rng):
    """grad E = sigma^-1(v) - sym(M) v (convex part minus concave part), by finite differences."""
    m = rng.standard_normal((4, 4))
    v = rng.uniform(-0.9, 0.9, size=(5, 4))
    grad = finite_difference(lambda u: cccp.conjugate_energy(RecurrentMap(m), u), v)
    assert np.allclose(grad, np.arctanh(v) - v @ (0.5 * (m + m.T)), atol=1e-7)


def test_psd_descent(rng):
    """Symmetric PSD M: E(v) never increases along v -> tanh(Mv) (CCCP)."""
    m = symmetric_with_spectrum(rng, rng.uniform(0, 5, size=4))
    orbit = tanh_orbit(m, rng.uniform(-1, 1, size=(50, 4)), 60)
    assert np.max(np.diff(cccp.conjugate_energy(RecurrentMap(m), orbit), axis=0)) <= 1e-12


@pytest.mark.parametrize("lambda_min", [-0.9, -0.3, 2.0])
def test_marcus_westervelt_bound_and_descent(rng, lambda_min):
    """Delta E <= -1/2 D'(M + I/beta)D at every step; with lambda_min > -1/beta, E never increases."""
    m = coupling_with_spectrum(rng, 4, lambda_min=lambda_min, gain=3.0)
    v = tanh_orbit(m, rng.uniform(-1, 1, size=(30, 4)), 40)
    g = RecurrentMap(m)
    change = np.diff(cccp.conjugate_energy(g, v), axis=0)
    assert np.max(change - cccp.descent_bound(g, v[:-1])) <= 1e-12
    assert np.max(change) <= 1e-12


def test_two_cycles_below_threshold(rng):
    """lambda_min = -1.5 < -1/beta, other eigenvalues small: orbits end in 2-cycles; E rises, L does not."""
    m = coupling_with_spectrum(rng, 4, lambda_min=-1.5, gain=0.8)
    orbit = tanh_orbit(m, rng.uniform(-1, 1, size=(20, 4)), 600)
    assert np.all(orbit_period(orbit, tol=1e-7) == 2)
    two_time = cccp.two_time_energy(RecurrentMap(m), orbit[1:], orbit[:-1])
    assert np.max(np.diff(two_time, axis=0)) <= 1e-12


def test_scalar_two_cycle():
    """M = -2, tanh: 2-cycle +-a with a = 2 tanh a; E increases on the way, L never does."""
    m = np.array([[-2.0]])
    orbit = tanh_orbit(m, np.array([0.5]), 200)
    a = abs(orbit[-1, 0])
    assert np.isclose(a, np.tanh(2 * a), atol=1e-12) and np.isclose(orbit[-2, 0], -orbit[-1, 0])
    g = RecurrentMap(m)
    assert np.max(np.diff(cccp.conjugate_energy(g, orbit))) > 0.1
    assert np.max(np.diff(cccp.two_time_energy(g, orbit[1:], orbit[:-1]))) <= 1e-12


def test_energy_bounded_for_tanh_unbounded_for_identity(rng):
    """tanh: E within [-n||M||/2, n log 2 + n||M||/2] on the cube; identity with M = 2: E -> -inf."""
    m = coupling_with_spectrum(rng, 4, lambda_min=-0.5, gain=4.0)
    v = rng.uniform(-1, 1, size=(5000, 4))
    e, norm = cccp.conjugate_energy(RecurrentMap(m), v), np.linalg.norm(m, 2)
    assert e.min() >= -2 * norm and e.max() <= 4 * np.log(2) + 2 * norm
    line = iterate(lambda u: IDENTITY(2.0 * u), np.array([0.5]), 40)
    assert cccp.conjugate_energy(RecurrentMap([[2.0]], IDENTITY), line[-1]) < -1e20


@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_x_coordinate_derivatives(rng, activation):
    """Eqs. (49), (51), (53), (57), (58 corrected) against central differences."""
    model = random_three_population(rng, 4, 3, xi_scale=1.5, sigma_f=activation)
    s = model.sigma_f
    x, y = rng.normal(scale=1.5, size=(6, 4)), rng.normal(size=(6, 4))
    legendre = lambda z: np.sum(z * s(z) - s.lagrangian(z), -1)  # noqa: E731
    quadratic = lambda z: 0.5 * np.sum((s(z) @ model.xi) ** 2, -1)  # noqa: E731
    cross = lambda z: np.sum((s(z) @ model.xi @ model.phi.T) * (y @ model.xi), -1)  # noqa: E731
    assert np.allclose(cccp.legendre_term_gradient(x, s), finite_difference(legendre, x), atol=1e-7)
    assert np.allclose(cccp.quadratic_term_gradient(model.xi, x, s), finite_difference(quadratic, x), atol=1e-6)
    assert np.allclose(cccp.cross_term_gradient(model.xi, model.phi, x, y, s), finite_difference(cross, x), atol=1e-6)
    hess = lambda g: np.stack([finite_difference(lambda z, i=i: g(z)[..., i], x) for i in range(4)], -2)  # noqa: E731
    assert np.allclose(cccp.legendre_term_hessian(x, s), hess(lambda z: cccp.legendre_term_gradient(z, s)), atol=1e-6)
    assert np.allclose(cccp.quadratic_term_hessian(model.xi, x, s),
                       hess(lambda z: cccp.quadratic_term_gradient(model.xi, z, s)), atol=1e-5)


def test_convexity_limit():
    """tanh: sech^2 x (1 - 2x tanh x) = 0 at x = 0.7717; identity never changes sign."""
    x = cccp.convexity_limit("tanh")
    assert np.isclose(2 * x * np.tanh(x), 1.0, atol=1e-10) and np.isclose(x, 0.7717, atol=1e-4)
    assert cccp.convexity_limit("identity") == np.inf


def test_phase_diagram_without_phi_ends_in_fixed_points():
    """Phi = 0 (M = XX' PSD): every orbit ends at a fixed point; fractions sum to 1."""
    rng = np.random.default_rng(0)
    d = phase_diagram(rng, np.array([0.0, 2.0]), np.array([0.5, 3.0]), n_instances=20)
    assert d.shape == (2, 2, 4) and np.allclose(d.sum(-1), 1.0)
    assert np.all(d[:, 0, 0] == 1.0)


def test_bad_input_raises():
    """Non-square M and v outside the image raise ValueError naming the argument."""
    with pytest.raises(ValueError, match="m must be a square matrix"):
        RecurrentMap(np.ones((2, 3)))
    with pytest.raises(ValueError, match="g must be a map object"):
        cccp.conjugate_energy(np.eye(2), [0.1, 0.2])
    with pytest.raises(ValueError, match="v must lie in the closed image"):
        cccp.conjugate_energy(RecurrentMap(np.eye(2)), [1.5, 0.0])
    with pytest.raises(ValueError, match=r"v must have shape \(\.\.\., 2\)"):
        cccp.descent_bound(RecurrentMap(np.eye(2)), [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        coupling_with_spectrum(np.random.default_rng(0), 0)


def test_stacked_maps_match_single_maps(rng):
    """A stack of matrices acts matrix b on states b: same orbits and energies as one map at a time."""
    ms = np.stack([coupling_with_spectrum(rng, 3, lambda_min=-0.5, gain=2.0, asymmetry=0.5) for _ in range(4)])
    v0 = rng.uniform(-1, 1, size=(4, 5, 3))
    stacked = iterate(RecurrentMap(ms), v0, 20)
    for b in range(4):
        single = iterate(RecurrentMap(ms[b]), v0[b], 20)
        assert np.allclose(stacked[:, b], single, atol=1e-15)
        assert np.allclose(cccp.conjugate_energy(RecurrentMap(ms), stacked)[:, b],
                           cccp.conjugate_energy(RecurrentMap(ms[b]), single), atol=1e-13)
    with pytest.raises(ValueError, match="for a stack of 4 matrices"):
        RecurrentMap(ms)(v0[:3])
