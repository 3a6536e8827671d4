"""Eq. (7) and its Euler form, iteration on batches, and period detection."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_energy.maps import feature_map, iterate, relaxed_feature_map
from rnn_energy.orbits import describe_period, orbit_period


def test_feature_map_is_batched(rng):
    """f(x) = M sigma(x) applied to a batch equals the map applied row by row."""
    m = rng.standard_normal((3, 3))
    x = rng.standard_normal((5, 3))
    rows = np.stack([m @ np.tanh(xi) for xi in x])
    assert np.allclose(feature_map(m, x), rows, atol=1e-14)


@settings(max_examples=50, deadline=None)
@given(t_f=st.floats(0.1, 10.0))
def test_relaxed_map_is_euler_step(t_f):
    """T_f (x' - x) = M sigma(x) - x for the relaxed map, any T_f."""
    m = np.array([[0.5, -1.0], [2.0, 0.3]])
    x = np.array([[0.3, -1.2], [2.0, 0.1]])
    lhs = t_f * (relaxed_feature_map(m, x, "tanh", t_f) - x)
    assert np.allclose(lhs, feature_map(m, x) - x, atol=1e-12)


def test_iterate_matches_loop(rng):
    """iterate returns (n_steps + 1, batch..., n), the same as a hand loop."""
    m = rng.standard_normal((2, 2))
    x0 = rng.standard_normal((3, 2))
    orbit = iterate(lambda x: feature_map(m, x), x0, 10)
    x = x0
    for k in range(10):
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
