"""Chapter 1 measurements: singular-perturbation order, energy along trajectories, map vs flow."""

import numpy as np
import pytest

from rnn_energy import reduction
from rnn_energy.experiments import largest_increase
from rnn_energy.instances import random_three_population
from rnn_energy.three_population import ThreePopulation


def test_singular_perturbation_is_first_order(rng):
    """max|V_f - V_f^red| = O(eps): fitted log-log slope within 0.1 of 1 for eps in 1e-2..1e-4."""
    model = random_three_population(rng, 3, 2, phi_scale=0.5)
    eps = np.array([1e-2, 1e-3, 1e-4])
    errors = reduction.singular_perturbation_errors(model, rng.standard_normal((2, 3)), eps,
                                                    t_max=4.0, n_samples=81)
    assert abs(reduction.loglog_slope(eps, errors) - 1.0) < 0.1


def test_loglog_slope_of_power_law():
    """The fitted slope of y = 3 x^2.5 is 2.5."""
    x = np.logspace(-3, 0, 7)
    assert reduction.loglog_slope(x, 3 * x**2.5) == pytest.approx(2.5, abs=1e-12)
    with pytest.raises(ValueError, match="positive"):
        reduction.loglog_slope([1.0, 2.0], [0.0, 1.0])


def test_largest_increase():
    """Largest step-to-step increase; negative for a strictly decreasing sequence."""
    assert largest_increase([3.0, 2.0, 2.5, 1.0]) == pytest.approx(0.5)
    assert largest_increase([3.0, 2.0, 1.5]) == pytest.approx(-0.5)


def test_energy_cases(rng):
    """Along simulated trajectories E never rises (beyond 1e-8) for Phi = 0 or V_d frozen."""
    model = random_three_population(rng, 4, 3, xi_scale=1.5, phi_scale=1.5, t_h=0.5)
    cases = reduction.energy_cases(model, rng.standard_normal((2, model.dim)), np.linspace(0, 10, 501))
    assert np.max(largest_increase(cases["Phi = 0"])) < 1e-8
    assert np.max(largest_increase(cases["V_d frozen"])) < 1e-8


def test_energy_rises_for_some_seeded_instance():
    """Counterexample to (2) as an energy: on the chapter's seeded instance E rises by > 1e-2."""
    rng = np.random.default_rng(6)
    model = random_three_population(rng, 4, 3, xi_scale=1.5, phi_scale=1.0, t_h=0.5)
    cases = reduction.energy_cases(model, rng.standard_normal((3, model.dim)), np.linspace(0, 20, 2001))
    assert np.max(largest_increase(cases["as given"])) > 1e-2
    worst = reduction.dissipation_at_largest_rate(model, rng.standard_normal((3, model.dim)),
                                                  np.linspace(0, 20, 2001))
    assert worst["feature"] <= 0 and worst["hidden"] <= 0
    assert worst["dE/dt"] == pytest.approx(worst["feature"] + worst["hidden"] + worst["cross"], abs=1e-10)


def test_map_cycles_where_flow_converges():
    """M = -2 (Xi = 1, Phi = -3), tanh: the map ends in a 2-cycle +-a with a = 2 tanh a, the flow at 0."""
    result = reduction.map_vs_flow(ThreePopulation(xi=[[1.0]], phi=[[-3.0]]), [[0.5]], 80)
    assert result.map_period[0] == 2 and result.flow_period[0] == 1
    a = abs(result.orbit[-1, 0, 0])
    assert a == pytest.approx(2 * np.tanh(a), abs=1e-10)
    assert abs(result.flow[-1, 0, 0]) < 1e-10
