"""Chapter 7: certificates of convergence and the sequence network's moving landscape."""

import numpy as np
import pytest

from rnn_energy import certificates as cert
from rnn_energy import sequence as seq
from rnn_energy.experiments import sequence_run
from rnn_energy.finite_differences import gradient_fd
from rnn_energy.instances import coupling_with_spectrum, quasi_symmetric_coupling, sequence_network
from rnn_energy.maps import RecurrentMap, iterate
from rnn_energy.widgets import sequence_panel

SEEDS = (0, 1, 2, 3, 4)


@pytest.mark.parametrize("seed", SEEDS)
def test_weighted_energy_descends_and_unweighted_does_not_have_to(seed):
    """M = DS, lambda_min(M) = -0.8: E_D never rises and each step is below -(1/2) D'(S + D^-1/beta) D."""
    rng = np.random.default_rng(seed)
    m, d, s = quasi_symmetric_coupling(rng, 4, lambda_min=-0.8, spread=1.0)
    orbit = iterate(RecurrentMap(m), rng.uniform(-1, 1, size=(30, 4)), 200)
    energy = cert.weighted_energy(d, s, orbit)
    assert np.max(np.diff(energy, axis=0)) <= 1e-12
    bound = cert.weighted_descent_bound(d, s, orbit[:-1], orbit[1:])
    assert np.max(np.diff(energy, axis=0) - bound) <= 1e-12


def test_unweighted_energy_rises_somewhere():
    """Negative control: dropping the weights 1/d_i gives a function that rises on some seeded instance."""
    rises = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        m, d, s = quasi_symmetric_coupling(rng, 4, lambda_min=-0.8, spread=1.0)
        orbit = iterate(RecurrentMap(m), rng.uniform(-1, 1, size=(30, 4)), 100)
        rises.append(np.max(np.diff(cert.weighted_energy(np.ones(4), s, orbit), axis=0)))
    assert max(rises) > 1e-3


@pytest.mark.parametrize("seed", SEEDS)
def test_factor_recovered_and_generic_asymmetric_rejected(seed):
    """quasi_symmetric_factor finds D (up to scale) with residual ~0; a generic asymmetric M has a residual."""
    rng = np.random.default_rng(seed)
    m, d, s = quasi_symmetric_coupling(rng, 4)
    d_found, s_found, residual = cert.quasi_symmetric_factor(m)
    assert residual < 1e-12
    assert np.allclose(d_found[:, None] * s_found, m, atol=1e-10)
    ratio = d_found / d
    assert np.allclose(ratio, ratio[0], rtol=1e-9)
    generic = coupling_with_spectrum(rng, 4, asymmetry=0.5)
    assert cert.quasi_symmetric_factor(generic)[2] > 1e-3


@pytest.mark.parametrize("seed", SEEDS)
def test_best_weights_between_radius_and_perron(seed):
    """rho(M) <= min_D ||D M D^-1|| <= min(||M||_2, rho(|M|)); the weighted norm contracts along orbits."""
    m = coupling_with_spectrum(np.random.default_rng(seed), 4, lambda_min=-0.5, gain=1.0, asymmetry=1.0)
    d, best = cert.best_weights(m)
    radius = np.max(np.abs(np.linalg.eigvals(m)))
    assert radius - 1e-9 <= best <= min(np.linalg.norm(m, 2), cert.perron_bound(m)) + 1e-6
    assert abs(cert.weighted_norm(m, d) - best) < 1e-12
    m = m * 0.9 / best
    orbit = iterate(RecurrentMap(m), np.random.default_rng(seed).uniform(-1, 1, size=(40, 4)), 50)
    size = np.linalg.norm(orbit * d, axis=-1)
    assert np.max(size[1:] / size[:-1]) <= 0.9 + 1e-9


def test_certify_flags():
    """A symmetric coupling with lambda_min = -0.5 is certified; one with lambda_min = -1.5 and gain 2 is not."""
    rng = np.random.default_rng(0)
    good = coupling_with_spectrum(rng, 4, lambda_min=-0.5, gain=2.0)
    bad = coupling_with_spectrum(rng, 4, lambda_min=-1.5, gain=2.0)
    result = cert.certify(np.array([good, bad]))
    assert list(result["symmetric"]) == [True, False]
    assert list(result["any"]) == [True, False]


def test_patterns_and_coupling():
    """The patterns are orthogonal +-1 vectors and M xi_mu = g (xi_mu + lam xi_(mu+1))."""
    xi = seq.patterns(3)
    assert np.allclose(xi.T @ xi, 4 * np.eye(3))
    m = seq.sequence_coupling(2.5, 0.7)
    for mu in range(3):
        assert np.allclose(m @ xi[:, mu], 2.5 * (xi[:, mu] + 0.7 * xi[:, (mu + 1) % 3]))
    assert not np.allclose(seq.sequence_coupling(2.5, 0.7), seq.sequence_coupling(2.5, 0.0))


def test_ring_passes_through_patterns():
    """ring_states at 2 pi k / 3 is r xi_(k+1)/||xi||, and ring_angle reads the angle back."""
    model = sequence_network(3.0, 0.6)
    theta = 2 * np.pi * np.arange(3) / 3
    states = seq.ring_states(model, theta, 2.0)
    assert np.allclose(states, 2.0 * np.sign(model.xi).T / 2.0)
    angles = seq.ring_angle(model, states)
    assert np.allclose(np.unwrap(angles), theta, atol=1e-9)


def test_adiabatic_energy_gradient_is_the_fast_flow():
    """grad E_Vd = -T_f sigma'(V_f) * (Xi h - V_f)/T_f at frozen V_d (finite differences); the sign flip fails."""
    model = sequence_network(3.0, 0.6)
    rng = np.random.default_rng(1)
    v_f, v_d = rng.normal(size=(6, 4)), rng.uniform(-1, 1, size=(6, 4))
    grad = gradient_fd(lambda x: seq.adiabatic_energy(model, x, v_d), v_f)
    fast = (model.hidden_drive(v_f, v_d) @ model.xi.T - v_f) / model.t_f
    predicted = -model.t_f * model.sigma_f.derivative(v_f) * fast
    assert np.max(np.abs(grad - predicted)) < 1e-7
    assert np.max(np.abs(grad + predicted)) > 1e-2


def test_energy_balance_identity_and_bounds():
    """dE/dt = dissipation + motion along a run; motion <= pointwise bound <= a priori bound; hops happen."""
    model = sequence_network(3.0, 0.6)
    run = sequence_run(model, t_max=60.0, n_samples=601)
    assert np.max(np.abs(run["rate"] - run["dissipation"] - run["motion"])) < 1e-9
    assert np.max(np.abs(run["rate"] - run["dissipation"] + run["motion"])) > 1e-2
    assert np.all(run["motion"] <= run["pointwise bound"] + 1e-12)
    assert np.all(run["pointwise bound"] <= run["a priori bound"] + 1e-12)
    assert np.all(run["dissipation"] <= 1e-12)
    assert seq.dwell_times(run["t"], run["overlaps"]).size >= 3


def test_fold_does_not_depend_on_t_d():
    """Fixed points of (1) do not contain T_d: the fold is at the same alpha_c for T_d = 2 and 10."""
    from dataclasses import replace

    base = sequence_network(3.0, 0.3)
    start = seq.memory_fixed_point(base, 2.0 * np.sign(base.xi[:, 0]))
    a = seq.first_instability(replace(base, t_d=2.0), start, 0.3, 0.7, tol=1e-4)
    b = seq.first_instability(replace(base, t_d=10.0), start, 0.3, 0.7, tol=1e-4)
    assert abs(a.fold - b.fold) < 1e-3
    assert a.kind == "fold" and b.kind == "Hopf" and b.alpha_c < b.fold


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="d must be"):
        cert.weighted_energy([1.0, -1.0], np.eye(2), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="n_patterns"):
        seq.patterns(1)
    with pytest.raises(ValueError, match="gain"):
        seq.sequence_coupling(-1.0, 0.5)
    with pytest.raises(ValueError, match="t_d"):
        sequence_panel(0.6, -1.0)


def test_sequence_panel_message():
    """The widget callback returns data and a message with a dwell time when the network hops."""
    panel = sequence_panel(0.6, 2.0)
    assert panel.dwell.size >= 2
    assert "dwell time" in panel.message
    assert "no sustained hopping" in sequence_panel(0.3, 2.0).message
