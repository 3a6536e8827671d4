"""Chapter 3: eq. (25), its Legendre form, Trial 1 (adiabatic) and slaved energy changes."""

from dataclasses import replace

import numpy as np
import pytest
import sympy as sp

from rnn_energy import energies
from rnn_energy.experiments import energy_change_survey
from rnn_energy.instances import random_three_population, sequence_model
from rnn_energy.maps import iterate
from rnn_energy.orbits import orbit_period
from rnn_energy.three_population import ThreePopulation


def make(rng, **params):
    params = {"xi_scale": 1.5, "phi_scale": 1.0, **params}
    return random_three_population(rng, 4, 3, **params)


@pytest.mark.parametrize("alphas", [(1.0, 1.0), (0.6, 1.7)])
def test_reduced_energy_is_eq2_on_the_slow_manifold(rng, alphas):
    """Eq. (25) equals eq. (2) at V_h = sqrt(a_s) X's + a_c P'X'V_d, for any V_d and alphas."""
    model = make(rng, alpha_s=alphas[0], alpha_c=alphas[1])
    v_f, v_d = rng.normal(scale=1.5, size=(20, 4)), rng.normal(size=(20, 4))
    v_h = energies.hidden_state(model, v_f, v_d)
    assert np.allclose(energies.reduced_energy(model, v_f, v_d), model.energy(model.join(v_f, v_h, v_d)), atol=1e-11)
    terms = energies.energy_terms(model, v_f, v_d)
    assert np.allclose(sum(terms.values()), energies.reduced_energy(model, v_f, v_d), atol=1e-11)


@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_legendre_form(rng, activation):
    """With v = s(V_f), V_d = v: eq. (25) = sum G(v) - v'Kv/2, K = X(I+P)(I+P')X' symmetric PSD."""
    model = make(rng, sigma_f=activation)
    v_f = rng.normal(scale=1.5, size=(50, 4))
    v = model.sigma_f(v_f)
    assert np.allclose(energies.legendre_energy(model, v), energies.reduced_energy(model, v_f, v), atol=1e-10)
    k = energies.coupling_matrix(model)
    expected = model.xi @ (np.eye(3) + model.phi) @ (np.eye(3) + model.phi.T) @ model.xi.T
    assert np.allclose(k, expected, atol=1e-12) and np.linalg.eigvalsh(k).min() > -1e-10


def test_k_equals_m_only_without_phi(rng):
    """K = M when Phi = 0; K = M'M when Xi has orthonormal columns."""
    model = make(rng)
    assert np.linalg.norm(energies.coupling_matrix(model) - model.reduced_matrix) > 1e-3
    no_phi = replace(model, phi=np.zeros((3, 3)))
    assert np.allclose(energies.coupling_matrix(no_phi), no_phi.reduced_matrix, atol=1e-12)
    q, _ = np.linalg.qr(rng.standard_normal((4, 3)))
    ortho = ThreePopulation(xi=q, phi=model.phi)
    m = ortho.reduced_matrix
    assert np.allclose(energies.coupling_matrix(ortho), m.T @ m, atol=1e-12)


@pytest.mark.parametrize("phi_scale", [0.0, 1.0, 3.0])
@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_trial1_never_increases(rng, phi_scale, activation):
    """Adiabatic Delta E (V_d held at s(V_f(t))) <= 0 at every step, for any Phi (a CCCP step)."""
    model = make(rng, phi_scale=phi_scale, sigma_f=activation)
    orbit = iterate(model.feature_map, rng.normal(scale=2.0, size=(10, 4)), 60)
    assert energies.energy_changes_along(model, orbit)["adiabatic"].max() <= 1e-10


def test_slaved_energy_decreases_without_phi(rng):
    """With Phi = 0 the slaved energy (Legendre form with K = M = XX') never increases."""
    model = make(rng, phi_scale=0.0)
    orbit = iterate(model.feature_map, rng.normal(scale=2.0, size=(10, 4)), 60)
    assert energies.energy_changes_along(model, orbit)["slaved"].max() <= 1e-10


def test_slaved_energy_rises_with_phi():
    """Counterexample: Xi = I, Phi antisymmetric, M = sqrt2 R(45 deg): an 8-cycle where E rises."""
    model = ThreePopulation(xi=np.eye(2), phi=[[0.0, 1.0], [-1.0, 0.0]])
    orbit = iterate(model.feature_map, np.array([[1.0, 0.0]]), 200)
    assert orbit_period(orbit, tol=1e-9)[0] == 8
    slaved = energies.energy_changes_along(model, orbit)["slaved"]
    assert slaved[-8:].max() > 0.1 and abs(slaved[-8:].sum()) < 1e-10


def test_sequence_model_walks_through_patterns():
    """M = g P': pattern mu goes to pattern mu+1; the orbit is a 3-cycle through the patterns."""
    model = sequence_model(3, gain=2.0)
    assert np.allclose(model.reduced_matrix @ np.eye(3)[:, 0], 2.0 * np.eye(3)[:, 1])
    orbit = iterate(model.feature_map, np.array([[3.0, 0.0, 0.0]]), 60)
    assert orbit_period(orbit, tol=1e-9)[0] == 3
    v = model.sigma_f(orbit[-3:, 0])
    assert np.allclose(np.sort(np.argmax(v, axis=1)), [0, 1, 2])
    changes = energies.energy_changes_along(model, orbit)
    assert np.max(np.abs(changes["slaved"][-9:])) < 1e-12 and changes["adiabatic"][-9:].max() < -1.0


def test_survey_statistics():
    """Survey: no adiabatic rise at all; slaved rises only when Phi != 0."""
    rng = np.random.default_rng(0)
    zero = energy_change_survey(rng, 0.0, n_instances=20)
    some = energy_change_survey(rng, 1.0, n_instances=20)
    assert zero["slaved"].shape == (20, 50, 5)  # (instances, steps, orbits)
    assert zero["adiabatic"].max() <= 1e-10 and some["adiabatic"].max() <= 1e-10
    assert zero["slaved"].max() <= 1e-10 and np.mean(some["slaved"] > 1e-12) > 0.02


def test_tanh_difference_identity_symbolically():
    """tanh a - tanh b = tanh(a - b)(1 - tanh a tanh b), the identity behind eq. (39), exactly."""
    a, b = sp.symbols("a b", real=True)
    residual = sp.tanh(a) - sp.tanh(b) - sp.tanh(a - b) * (1 - sp.tanh(a) * sp.tanh(b))
    assert sp.simplify(residual.rewrite(sp.exp)) == 0


def test_requires_linear_hidden_units():
    """The notes' section-4 energies need sigma_h = identity; otherwise a ValueError says so."""
    model = ThreePopulation(xi=np.eye(2), phi=np.zeros((2, 2)), sigma_h="tanh")
    with pytest.raises(ValueError, match="sigma_h = identity"):
        energies.reduced_energy(model, np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="v must lie in the closed image"):
        energies.legendre_energy(ThreePopulation(xi=np.eye(2), phi=np.zeros((2, 2))), [[2.0, 0.0]])
    with pytest.raises(ValueError, match="n must be an integer"):
        sequence_model(1)


@pytest.mark.parametrize("sigma_f", ["tanh", "logistic"])
def test_term_changes_sum_to_the_energy_change(rng, sigma_f):
    """Eq. (41): the five term changes add up to the change of eq. (25); Delta E_2 = -(L(t+1) - L(t))
    (eq. (35) corrected), and with the notes' sign the sum misses by 2 Delta L (negative control)."""
    model = random_three_population(rng, 4, 3, xi_scale=1.5, sigma_f=sigma_f)
    v_f, v_d, v_d_next = rng.normal(scale=1.5, size=(3, 8, 4))
    v_f_next = model.feature_map(v_f)
    changes = energies.energy_term_changes(model, v_f, v_d, v_f_next, v_d_next)
    direct = energies.reduced_energy(model, v_f_next, v_d_next) - energies.reduced_energy(model, v_f, v_d)
    assert np.allclose(sum(changes.values()), direct, atol=1e-12)
    delta_l = np.sum(model.sigma_f.lagrangian(v_f_next) - model.sigma_f.lagrangian(v_f), -1)
    assert np.allclose(changes["-L"], -delta_l, atol=1e-12)
    notes_sign = sum(changes.values()) - changes["-L"] + delta_l
    assert np.min(np.abs(notes_sign - direct)) > 1e-6
