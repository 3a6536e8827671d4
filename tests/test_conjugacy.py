"""Chapter 2: the conjugacy h o f = g o h, fixed points, spectra, Lyapunov exponents, norm restriction."""

import numpy as np
import pytest

from rnn_energy import conjugacy
from rnn_energy.instances import random_three_population
from rnn_energy.maps import FeatureMap, RecurrentMap, conjugate_pair, scaled_to_norm
from rnn_energy.orbits import fixed_points, lyapunov_exponents, spectral_radius

from conftest import finite_difference


def structured(rng, norm=2.0, n=4):
    return scaled_to_norm(random_three_population(rng, n, n, phi_scale=0.5).reduced_matrix, norm)


@pytest.mark.parametrize("activation", ["tanh", "logistic", "identity"])
def test_jacobians_by_finite_differences(rng, activation):
    """Df = M D sigma(x) and Dg = D sigma(My) M agree with central differences."""
    m = structured(rng)
    x = rng.standard_normal((3, 4))
    for map_ in (FeatureMap(m, activation), RecurrentMap(m, activation)):
        fd = np.stack([finite_difference(lambda z, i=i: map_(z)[..., i], x) for i in range(4)], axis=-2)
        assert np.max(np.abs(map_.jacobian(x) - fd)) < 1e-7


@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_inverse_form_of_eq11(rng, activation):
    """h^-1(g(h(x))) = f(x) to 1e-12 for moderate norms (invertible sigma)."""
    m = structured(rng, 2.0)
    assert conjugacy.inverse_form_error(FeatureMap(m, activation), rng.normal(scale=2, size=(500, 4))).max() < 1e-12


@pytest.mark.parametrize("activation", ["tanh", "logistic", "relu"])
def test_orbits_correspond(rng, activation):
    """g^k(h(x0)) = h(f^k(x0)) along 100-step orbits, for every sigma (ReLU included)."""
    m = structured(rng, 3.0)
    assert conjugacy.orbit_correspondence(FeatureMap(m, activation), rng.normal(size=(10, 4)), 100).max() < 1e-12


def test_fixed_points_and_spectra_correspond(rng):
    """Every fixed point found for f or for g is fixed for both through h; Jacobian spectra agree."""
    m = structured(rng, 3.0)
    fp = conjugacy.fixed_point_correspondence(FeatureMap(m), rng.normal(scale=3, size=(80, 4)))
    assert len(fp.points) >= max(len(fp.f_points), len(fp.g_points)) >= 1
    assert fp.residual < 1e-10
    for a, b in zip(fp.f_spectra, fp.g_spectra):
        assert np.max(np.abs(a - b)) < 1e-8
    assert fp.spectral_mismatch < 1e-8


def test_lyapunov_exponents_correspond_up_to_one_over_k():
    """lambda_f - lambda_g along corresponding orbits is O(1/K): K |diff| stays bounded (chaotic M)."""
    rng = np.random.default_rng(0)
    m = rng.standard_normal((16, 16)) * 3.0 / 4.0
    x0 = rng.standard_normal((1, 16))
    products = []
    for k in (500, 1000, 2000):
        lam_f, lam_g = conjugacy.lyapunov_correspondence(FeatureMap(m), x0, k)
        products.append(k * abs(lam_f[0] - lam_g[0]))
    assert max(products) < 10 and products[-1] < 2 * products[0] + 1


def test_lyapunov_exponent_of_linear_map():
    """For f(x) = A x (identity sigma) the exponents are log|eigenvalues| of a diagonal A."""
    a = np.diag([0.5, 2.0, -1.5])
    lam = lyapunov_exponents(FeatureMap(a, "identity"), np.ones((1, 3)) * 1e-3, n_steps=50, n_transient=0)
    assert np.allclose(lam[0], np.log([2.0, 1.5, 0.5]), atol=1e-12)


def test_fixed_point_of_known_map():
    """M = 2 (1-D, tanh): fixed points 0 and +-a with a = 2 tanh a; 0 unstable, +-a stable."""
    f = FeatureMap([[2.0]])
    points = fixed_points(f, np.linspace(-3, 3, 13)[:, None])
    assert points.shape == (3, 1)
    a = points[-1, 0]
    assert a == pytest.approx(2 * np.tanh(a), abs=1e-12) and points[0, 0] == pytest.approx(-a)
    assert np.allclose(spectral_radius(f, points) < 1, [True, False, True])


def test_relu_merges_points():
    """ReLU's h merges x and x' (different negative parts), so f(x) = f(x'): semi-conjugacy only."""
    m = np.array([[1.0, 2.0], [-1.0, 0.5]])
    x, x2 = conjugacy.merged_pair([-1.0, 0.5], [-3.0, 0.0])
    f, _, h = conjugate_pair(FeatureMap(m, "relu"))
    assert not np.allclose(x, x2) and np.allclose(h(x), h(x2)) and np.allclose(f(x), f(x2))
    with pytest.raises(ValueError, match="direction must not change relu"):
        conjugacy.merged_pair([-1.0, 0.5], [0.0, 1.0])


def test_norm_restriction_contracts_to_origin(rng):
    """With ||M||_2 <= 1 and tanh, ||x|| strictly decreases along every orbit and goes to 0."""
    m = structured(rng, 1.0)
    ratio, final = conjugacy.contraction_ratio(FeatureMap(m), rng.normal(scale=3, size=(100, 4)), 3000)
    assert ratio < 1 and final.max() < 1e-2  # sublinear when rho(M) = 1: ~ k^(-1/2)
    sweep = conjugacy.norm_sweep(m, [0.5, 0.9], rng.normal(scale=3, size=(40, 4)), rng.normal(size=(20, 4)))
    assert list(sweep.n_fixed) == [1, 1] and list(sweep.converged_to_origin) == [1.0, 1.0]


def test_norm_above_one_stores_patterns():
    """Past rho(M) = 1 the origin is unstable and further fixed points (memories) appear."""
    rng = np.random.default_rng(11)
    m = random_three_population(rng, 4, 4, phi_scale=0.5).reduced_matrix
    sweep = conjugacy.norm_sweep(m, [3.0], rng.normal(scale=3, size=(100, 4)), rng.normal(size=(20, 4)))
    assert sweep.n_fixed[0] >= 3 and sweep.n_stable[0] >= 2 and sweep.converged_to_origin[0] == 0


def test_bad_input_raises():
    """Zero or NaN matrices and non-positive norms raise ValueError naming the argument."""
    with pytest.raises(ValueError, match="m must be non-zero"):
        scaled_to_norm(np.zeros((2, 2)), 1.0)
    with pytest.raises(ValueError, match="norm must be a positive"):
        scaled_to_norm(np.eye(2), -1.0)
    with pytest.raises(ValueError, match="m must be finite"):
        FeatureMap([[np.nan]])
    with pytest.raises(ValueError, match="g\\(h\\(x\\)\\) must lie in the open image"):
        conjugacy.inverse_form_error(FeatureMap([[40.0]]), [[5.0]])
    with pytest.raises(ValueError, match="f must be a FeatureMap"):
        conjugate_pair(np.eye(2))


def test_tables_agree_with_single_measurements(rng):
    """The batched tables of chapter 2 equal the single measurements they collect."""
    m = structured(rng, 2.0)
    points = rng.normal(scale=2, size=(50, 4))
    table = conjugacy.inverse_form_table(m, points, ("tanh", "logistic"), [1.0, 3.0])
    assert table.shape == (2, 2)
    assert table[1, 1] == conjugacy.inverse_form_error(FeatureMap(scaled_to_norm(m, 3.0), "logistic"), points).max()
    by_activation = conjugacy.correspondence_by_activation(m, points[:5], 30)
    assert set(by_activation) == {"tanh", "logistic"} and max(by_activation.values()) < 1e-12
    lyap = conjugacy.lyapunov_table(np.random.default_rng(0), {"m": m}, steps=(200, 400))
    lam_f, lam_g = conjugacy.lyapunov_correspondence(FeatureMap(m), np.random.default_rng(0).normal(scale=2.0, size=(1, 4)), 400)
    assert lyap["m"].shape == (2, 3) and lyap["m"][1, 1] == lam_f[0] and lyap["m"][1, 2] == lam_g[0]
