"""Shared fixtures: seeded generators, so every test is reproducible."""

import numpy as np
import pytest

from rnn_energy.finite_differences import gradient_fd

try:  # figures are tested only where the book extra (matplotlib) is installed
    import matplotlib
except ImportError:
    pass
else:
    matplotlib.use("Agg")

SEEDS = [0, 1, 2, 3, 4]


@pytest.fixture(params=SEEDS)
def rng(request):
    """One seeded generator per seed in ``SEEDS`` (each test runs on several instances)."""
    return np.random.default_rng(request.param)


def finite_difference(fun, x, h=1e-6):
    """Central differences of a scalar function of a batch ``x`` of shape ``(..., n)``."""
    return gradient_fd(fun, x, h)
