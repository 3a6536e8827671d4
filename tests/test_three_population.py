"""The three-population model of eq. (1): energy (2), its gradient, dissipation, slow manifold."""

from dataclasses import replace

import numpy as np
import pytest

from rnn_energy.instances import random_three_population
from rnn_energy.three_population import ThreePopulation

from conftest import finite_difference


def make(rng, **params):
    params = {"sigma_h": "tanh", "alpha_s": 0.8, "alpha_c": 1.2, "t_f": 1.3, "t_h": 0.4,
              "t_d": 0.7, "phi_scale": 1.0, **params}
    return random_three_population(rng, 4, 3, **params)


def test_energy_gradient_matches_finite_differences(rng):
    """energy_gradient is the gradient of eq. (2) (central differences, 1e-7)."""
    model = make(rng)
    state = rng.standard_normal((6, model.dim))
    assert np.max(np.abs(model.energy_gradient(state) - finite_difference(model.energy, state))) < 1e-7


def test_feature_and_hidden_rows_descend_energy(rng):
    """T_f dV_f/dt = -D_f^{-1} dE/dV_f and T_h dV_h/dt = -D_h^{-1} dE/dV_h at any state."""
    model = make(rng)
    state = rng.standard_normal((6, model.dim))
    g_f, g_h, _ = model.split(model.energy_gradient(state))
    v_f, v_h, _ = model.split(state)
    dv_f, dv_h, _ = model.split(model.vector_field(state))
    assert np.allclose(model.t_f * dv_f, -g_f / model.sigma_f.derivative(v_f), atol=1e-12)
    assert np.allclose(model.t_h * dv_h, -g_h / model.sigma_h.derivative(v_h), atol=1e-12)


def test_dissipation_identity(rng):
    """dE/dt (chain rule) equals the three-term formula of the dissipation proposition."""
    model = make(rng)
    state = rng.standard_normal((16, model.dim))
    assert np.allclose(model.energy_rate(state), sum(model.dissipation_terms(state)), atol=1e-12)


@pytest.mark.parametrize("variant", ["phi=0", "t_d=inf"])
def test_energy_never_increases_without_delayed_coupling(rng, variant):
    """With Phi = 0, or V_d frozen, dE/dt <= 0 at every state (not only along trajectories)."""
    model = make(rng)
    model = replace(model, phi=0 * model.phi) if variant == "phi=0" else replace(model, t_d=np.inf)
    state = rng.normal(scale=2.0, size=(500, model.dim))
    assert np.max(model.energy_rate(state)) <= 1e-12


def test_energy_can_increase_with_delayed_coupling(rng):
    """Counterexample: with alpha_c Phi != 0 some states have dE/dt > 0."""
    model = make(rng, phi_scale=1.5)
    state = rng.normal(scale=2.0, size=(2000, model.dim))
    assert np.max(model.energy_rate(state)) > 1e-3


def test_slow_manifold_is_fast_equilibrium(rng):
    """On the slow manifold the V_h and V_d components of the vector field vanish."""
    model = make(rng)
    v_f = rng.standard_normal((5, model.n_f))
    _, dv_h, dv_d = model.split(model.vector_field(model.lift(v_f)))
    assert np.max(np.abs(dv_h)) < 1e-13 and np.max(np.abs(dv_d)) < 1e-13


def test_reduced_matrix_drives_reduced_flow(rng):
    """With sigma_h = id, T_f dV_f/dt on the manifold is M sigma_f(V_f) - V_f, M = Xi(a_s I + sqrt(a_s) a_c Phi')Xi'."""
    model = make(rng, sigma_h="identity")
    v_f = rng.standard_normal((5, model.n_f))
    m = model.xi @ (model.alpha_s * np.eye(3) + np.sqrt(model.alpha_s) * model.alpha_c * model.phi.T) @ model.xi.T
    expected = (model.sigma_f(v_f) @ m.T - v_f) / model.t_f
    assert np.allclose(model.reduced_vector_field(v_f), expected, atol=1e-13)
    assert np.allclose(model.reduced_matrix, m, atol=1e-14)


def test_euler_map_is_eq7_when_t_f_is_one(rng):
    """reduced_map (Euler, dt = 1) equals eq. (7) for T_f = 1 and the convex combination otherwise."""
    model = make(rng, sigma_h="identity", t_f=1.0)
    v_f = rng.standard_normal((5, model.n_f))
    assert np.allclose(model.reduced_map(v_f), model.feature_map(v_f), atol=1e-13)
    slow = replace(model, t_f=4.0)
    assert np.allclose(slow.reduced_map(v_f), 0.75 * v_f + 0.25 * slow.feature_map(v_f), atol=1e-13)


def test_fixed_point_of_reduced_flow_lifts_to_equilibrium():
    """A fixed point V* = M sigma(V*) lifted to the slow manifold is an equilibrium of (1)."""
    model = ThreePopulation(xi=[[1.0]], phi=[[1.0]])  # M = 2, V* solves v = 2 tanh v
    v = np.array([2.0])
    for _ in range(200):
        v = model.feature_map(v)
    assert np.max(np.abs(model.vector_field(model.lift(v)))) < 1e-12


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"xi": [1.0, 2.0], "phi": [[1.0]]}, "xi must have 2 dimension|xi must have shape"),
        ({"xi": np.ones((3, 2)), "phi": np.ones((3, 3))}, r"phi must have shape \(2, 2\)"),
        ({"xi": [[np.nan]], "phi": [[0.0]]}, "xi must be finite"),
        ({"xi": [[1.0]], "phi": [[0.0]], "t_h": 0.0}, "t_h must be a positive"),
        ({"xi": [[1.0]], "phi": [[0.0]], "t_f": np.inf}, "t_f must be a positive finite"),
        ({"xi": [[1.0]], "phi": [[0.0]], "alpha_c": -1.0}, "alpha_c must be"),
        ({"xi": [[1.0]], "phi": [[0.0]], "sigma_f": "cos"}, "activation must be one of"),
    ],
)
def test_bad_parameters_raise(kwargs, message):
    """Invalid parameters raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        ThreePopulation(**kwargs)


def test_bad_state_raises():
    """A state of the wrong length or with NaN raises ValueError naming it."""
    model = ThreePopulation(xi=np.ones((2, 1)), phi=[[0.0]])
    with pytest.raises(ValueError, match=r"state must have shape \(\.\.\., 5\)"):
        model.energy(np.zeros(4))
    with pytest.raises(ValueError, match="state must be finite"):
        model.vector_field([0, 0, np.nan, 0, 0])
    with pytest.raises(ValueError, match="v_f must have shape"):
        model.slow_manifold(np.zeros(3))
