"""Batched integration: exactness on linear systems, batch = per-trajectory, errors."""

import numpy as np
import pytest
from scipy.linalg import expm

from rnn_energy.simulate import choose_method, simulate


@pytest.mark.parametrize("method", ["DOP853", "Radau"])
def test_linear_system_matches_matrix_exponential(rng, method):
    """y' = A y from a batch of initial points matches expm(tA) y0 to 1e-7."""
    a = rng.standard_normal((3, 3)) - 2 * np.eye(3)
    y0 = rng.standard_normal((4, 2, 3))
    t = np.linspace(0, 2, 5)
    traj = simulate(lambda y: y @ a.T, y0, t, method=method)
    assert traj.y.shape == (5, 4, 2, 3)
    exact = np.stack([y0 @ expm(tk * a).T for tk in t])
    assert np.max(np.abs(traj.y - exact)) < 1e-7


def test_batch_equals_single_trajectories(rng):
    """Integrating a batch at once gives each trajectory as if integrated alone."""
    field = lambda y: np.tanh(y[..., ::-1]) - y  # noqa: E731
    y0 = rng.standard_normal((5, 2))
    t = np.linspace(0, 3, 7)
    batch = simulate(field, y0, t).y
    alone = np.stack([simulate(field, y0[i], t).y for i in range(5)], axis=1)
    assert np.max(np.abs(batch - alone)) < 1e-8


def test_choose_method():
    """Stiff time-constant ratios choose Radau; inf (frozen) is ignored."""
    assert choose_method([1.0, 1e-3, 1e-3]) == "Radau"
    assert choose_method([1.0, 0.5, np.inf]) == "DOP853"
    with pytest.raises(ValueError, match="time_constants"):
        choose_method([np.inf])


def test_bad_input_raises():
    """Non-increasing t_eval and NaN initial states raise ValueError naming them."""
    with pytest.raises(ValueError, match="t_eval must be strictly increasing"):
        simulate(lambda y: -y, [1.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="y0 must be finite"):
        simulate(lambda y: -y, [np.nan], [0.0, 1.0])


def test_solver_failure_is_an_error():
    """A solution that blows up raises RuntimeError instead of returning partial data."""
    with pytest.raises(RuntimeError, match="solve_ivp"):
        simulate(lambda y: y**2, [1.0], [0.0, 2.0])
