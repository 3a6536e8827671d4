"""Eq. (7) and its Euler form, iteration on batches, and period detection."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_energy.maps import FeatureMap, RecurrentMap, iterate
from rnn_energy.orbits import OUTCOMES, describe_period, orbit_period, outcome_fractions
from rnn_energy.three_population import ThreePopulation


def feature_map(m, x, activation="tanh"):
    return FeatureMap(m, activation)(x)


def test_feature_map_is_batched(rng):
    """f(x) = M sigma(x) applied to a batch equals the map applied row by row."""
    m = rng.standard_normal((3, 3))
    x = rng.standard_normal((5, 3))
    rows = np.stack([m @ np.tanh(xi) for xi in x])
    assert np.allclose(feature_map(m, x), rows, atol=1e-14)


@settings(max_examples=50, deadline=None)
@given(t_f=st.floats(0.1, 10.0), dt=st.floats(0.05, 3.0))
def test_reduced_map_is_euler_step(t_f, dt):
    """Eq. (6): T_f (x' - x) = dt (M sigma(x) - x) for the Euler step of the reduced flow, any T_f and dt."""
    model = ThreePopulation(xi=[[1.0, 0.5], [-0.3, 0.8]], phi=[[0.2, -1.0], [0.7, 0.1]], t_f=t_f)
    x = np.array([[0.3, -1.2], [2.0, 0.1]])
    lhs = t_f * (model.reduced_map(x, dt=dt) - x)
    assert np.allclose(lhs, dt * (model.feature_map(x) - x), atol=1e-12)
    with pytest.raises(ValueError, match="dt must be a positive"):
        model.reduced_map(x, dt=0.0)


def test_iterate_matches_loop(rng):
    """iterate returns (n_steps + 1, batch..., n), the same as a hand loop."""
    m = rng.standard_normal((2, 2))
    x0 = rng.standard_normal((3, 2))
    orbit = iterate(lambda x: feature_map(m, x), x0, 10)
    x = x0
    for _ in range(10):
        x = feature_map(m, x)
    assert orbit.shape == (11, 3, 2)
    assert np.allclose(orbit[-1], x, atol=0)


def test_orbit_period_detects_fixed_points_and_cycles():
    """M = 0.5: fixed point; M = -2 with tanh: 2-cycle; an irrational rotation: no period."""
    step = lambda m: (lambda x: feature_map(m, x))  # noqa: E731
    assert orbit_period(iterate(step([[0.5]]), [[1.0]], 200))[0] == 1
    assert orbit_period(iterate(step([[-2.0]]), [[0.5]], 200))[0] == 2
    angle = np.sqrt(2.0)
    rot = [[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]
    rotation = iterate(lambda x: feature_map(rot, x, "identity"), [[1.0, 0.0]], 200)
    assert orbit_period(rotation)[0] == 0


def test_orbit_period_of_constructed_sequence():
    """A sequence repeating (a, b, c) has period 3, not 6; describe_period names it."""
    seq = np.array([[0.0], [1.0], [2.0]] * 20)[:, None, :]
    assert orbit_period(seq)[0] == 3
    assert describe_period(3) == "3-cycle" and describe_period(1) == "fixed point"


def test_outcome_fractions_count_each_class():
    """Periods 1, 2, 5, 0 fall into the four OUTCOMES; fractions sum to one."""
    fractions = outcome_fractions([1, 1, 2, 5, 0, 0, 0, 1])
    assert list(fractions) == [3 / 8, 1 / 8, 1 / 8, 3 / 8] and len(OUTCOMES) == 4
    with pytest.raises(ValueError, match="periods must not be empty"):
        outcome_fractions([])


def test_recurrent_map_is_conjugate_to_feature_map(rng):
    """sigma(M sigma(x)) computed both ways: h(f(x)) = g(h(x)) exactly, batched."""
    m = rng.standard_normal((3, 3))
    x = rng.standard_normal((7, 3))
    f, g = FeatureMap(m), RecurrentMap(m)
    assert np.array_equal(np.tanh(f(x)), g(np.tanh(x)))
    assert np.allclose(g(x), np.tanh(x @ m.T), atol=0)


def test_bad_input_raises():
    """Non-square M, wrong state width and negative step counts raise ValueError naming them."""
    with pytest.raises(ValueError, match="m must be a square matrix"):
        feature_map(np.ones((2, 3)), np.ones(3))
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., 2\)"):
        feature_map(np.eye(2), np.ones(3))
    with pytest.raises(ValueError, match="n_steps"):
        iterate(lambda x: x, [1.0], -1)
    with pytest.raises(ValueError, match="orbit must have at least"):
        orbit_period(np.zeros((5, 1, 1)))
