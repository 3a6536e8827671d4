"""Properties of the activations: Legendre pairs, derivatives, overflow safety, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_energy.activations import IDENTITY, LOGISTIC, RELU, SOFTSIGN, TANH, get_activation

INVERTIBLE = [TANH, LOGISTIC, IDENTITY, SOFTSIGN]
ALL = INVERTIBLE + [RELU]


@pytest.mark.parametrize("act", INVERTIBLE, ids=lambda a: a.name)
@settings(max_examples=200, deadline=None)
@given(x=st.floats(-30, 30))
def test_legendre_identity(act, x):
    """x sigma(x) - L(x) = G(sigma(x)) to 1e-12 (the Legendre identity)."""
    x = np.array(x)
    assert abs(x * act(x) - act.lagrangian(x) - act.legendre_dual(act(x))) <= 1e-12


@pytest.mark.parametrize("act", ALL, ids=lambda a: a.name)
def test_fenchel_young(act, rng):
    """G(v) >= x v - L(x) for all x (G is the convex conjugate of L), equality at v = sigma(x)."""
    x = rng.normal(scale=3, size=200)
    v = act(rng.normal(scale=3, size=200))
    gap = act.legendre_dual(v)[:, None] - (x[None, :] * v[:, None] - act.lagrangian(x)[None, :])
    assert gap.min() >= -1e-12


@pytest.mark.parametrize("act", ALL, ids=lambda a: a.name)
def test_derivatives_by_finite_differences(act, rng):
    """L' = sigma, sigma' and sigma'' agree with central differences away from kinks."""
    x = rng.uniform(-4, 4, size=100)
    x = x[np.abs(x) > 1e-3]
    h = 1e-5
    fd = lambda f: (f(x + h) - f(x - h)) / (2 * h)  # noqa: E731
    assert np.max(np.abs(fd(act.lagrangian) - act(x))) < 1e-8
    assert np.max(np.abs(fd(act) - act.derivative(x))) < 1e-8
    assert np.max(np.abs(fd(act.derivative) - act.second_derivative(x))) < 1e-7


@pytest.mark.parametrize("act", INVERTIBLE, ids=lambda a: a.name)
def test_dual_derivative_is_inverse(act, rng):
    """G' = sigma^{-1} on the open image, and sigma^{-1}(sigma(x)) = x."""
    x = rng.uniform(-3, 3, size=100)
    v = act(x)
    h = 1e-7
    fd = (act.legendre_dual(v + h) - act.legendre_dual(v - h)) / (2 * h)
    assert np.max(np.abs(fd - x)) < 1e-5
    assert np.max(np.abs(act.inverse(v) - x)) < 1e-9


@pytest.mark.parametrize("act", ALL, ids=lambda a: a.name)
def test_gain_is_max_slope(act):
    """beta = sup sigma' (attained at 0 for tanh and logistic, everywhere for identity)."""
    x = np.linspace(-10, 10, 20001)
    assert act.derivative(x).max() == pytest.approx(act.gain, rel=1e-9)


def test_overflow_safe():
    """log cosh 1000 is finite (= 1000 - log 2); G(+-1) = log 2 for tanh; G(0) = G(1) = 0 for logistic."""
    big = np.array([1000.0, -1000.0])
    assert np.allclose(TANH.lagrangian(big), 1000 - np.log(2), rtol=0, atol=1e-12)
    assert np.allclose(LOGISTIC.lagrangian(big), [1000.0, 0.0], atol=1e-12)
    assert np.allclose(TANH.legendre_dual([1.0, -1.0]), np.log(2), atol=1e-15)
    assert np.allclose(LOGISTIC.legendre_dual([0.0, 1.0]), 0.0, atol=1e-15)
    assert np.all(np.isfinite(TANH.derivative(big)))


def test_errors_name_the_argument():
    """Bad input raises ValueError naming the argument, never returns NaN."""
    with pytest.raises(ValueError, match="v must lie in the open image"):
        TANH.inverse([0.5, 1.0])
    with pytest.raises(ValueError, match="v must lie in the closed image"):
        TANH.legendre_dual([1.5])
    with pytest.raises(ValueError, match="v must be finite"):
        TANH.legendre_dual([np.nan])
    with pytest.raises(ValueError, match="relu is not invertible"):
        RELU.inverse([1.0])
    with pytest.raises(ValueError, match="activation must be one of"):
        get_activation("sine")
    assert get_activation("tanh") is TANH


@pytest.mark.parametrize("act", [TANH, LOGISTIC, IDENTITY, SOFTSIGN])
def test_legendre_term_is_dual_at_sigma(act):
    """x s(x) - L(x) = G(s(x)) (the Legendre identity), and its derivative is x s'(x)."""
    x = np.linspace(-4, 4, 81)
    assert np.allclose(act.legendre_term(x), act.legendre_dual(act(x)), atol=1e-12)
    h = 1e-6
    fd = (act.legendre_term(x + h) - act.legendre_term(x - h)) / (2 * h)
    assert np.allclose(fd, x * act.derivative(x), atol=1e-7)


def test_hopfield_energy_gradient_and_errors():
    """grad (sum G(v) - v'Av/2) = s^-1(v) - sym(A) v by differences; a wrong-size A is rejected."""
    rng = np.random.default_rng(3)
    a = rng.standard_normal((3, 3))
    v = rng.uniform(-0.9, 0.9, size=(4, 3))
    h = 1e-6
    fd = np.stack([(TANH.hopfield_energy(v + h * e, a) - TANH.hopfield_energy(v - h * e, a)) / (2 * h)
                   for e in np.eye(3)], -1)
    assert np.allclose(fd, np.arctanh(v) - v @ (0.5 * (a + a.T)), atol=1e-7)
    assert not np.allclose(fd, np.arctanh(v) - v @ a, atol=1e-3)  # the asymmetric part does not enter
    with pytest.raises(ValueError, match="a must have shape"):
        TANH.hopfield_energy(v, np.eye(2))


def test_softsign_is_bounded_but_its_dual_is_not():
    """Soft-sign maps into (-1, 1) like tanh, yet G(v) = -|v| - log(1 - |v|) grows without bound as
    |v| -> 1 (tanh's G stays below log 2): a bounded sigma does not make the energy bounded above."""
    v = 1.0 - np.logspace(-1, -12, 12)
    g = SOFTSIGN.legendre_dual(v)
    assert np.all(np.diff(g) > 0) and g[-1] > 25.0
    assert SOFTSIGN.legendre_dual(1.0) == np.inf
    assert np.all(TANH.legendre_dual(v) <= np.log(2) + 1e-15)
    x = np.linspace(-50, 50, 1001)
    assert np.all(np.abs(SOFTSIGN(x)) < 1)
    assert np.all(SOFTSIGN.legendre_dual(SOFTSIGN(x)) >= 0)  # bounded below by G(0) = 0
