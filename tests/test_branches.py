"""Branches no other test reaches, each with the property it must have and a wrong variant it rejects."""

import numpy as np
import pytest

from rnn_energy import cccp
from rnn_energy.experiments import energy_change_survey, orbit_rise_statistics
from rnn_energy.hamiltonian import admissible_r
from rnn_energy.instances import coupling_with_spectrum, ei_pair
from rnn_energy.maps import FeatureMap, RecurrentMap, iterate
from rnn_energy.orbits import spectral_radius
from rnn_energy.printing import format_error, format_increase


def test_spectral_radius_of_negative_and_complex_spectra():
    """The largest modulus, not the largest eigenvalue: diag(-2, 0.5) gives 2, a scaled rotation its scale."""
    f = FeatureMap(np.diag([-2.0, 0.5]), "identity")
    assert spectral_radius(f, np.zeros(2)) == pytest.approx(2.0, abs=1e-14)
    angle = 0.7
    rotation = 1.3 * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    rho = spectral_radius(FeatureMap(rotation, "identity"), np.zeros((3, 2)))
    assert np.allclose(rho, 1.3, atol=1e-14)
    assert not np.allclose(rho, np.max(np.linalg.eigvals(rotation).real))  # the real part is not the radius


def test_descent_bound_uses_the_gain_of_sigma():
    """Logistic (beta = 1/4): Delta E <= -D'(M + 4I)D/2 at every step, also for lambda_min(M) = -3 > -4;
    with 8I in place of I/beta the 'bound' is violated (the gain is what makes it a bound)."""
    rng = np.random.default_rng(2)
    worst, violated = -np.inf, False
    for _ in range(20):
        g = RecurrentMap(coupling_with_spectrum(rng, 4, lambda_min=-3.0, gain=8.0), "logistic")
        v = iterate(g, g.activation(rng.normal(scale=2.0, size=(10, 4))), 30)[:-1]
        change = cccp.conjugate_energy(g, g(v)) - cccp.conjugate_energy(g, v)
        worst = max(worst, float(np.max(change - cccp.descent_bound(g, v))))
        delta = g(v) - v
        too_strong = -0.5 * (g.quadratic_form(delta) + 8.0 * np.sum(delta * delta, -1))
        violated |= bool(np.any(change > too_strong + 1e-12))
    assert worst <= 1e-12 and violated


def test_coupling_asymmetry_sets_the_antisymmetric_part():
    """The symmetric part keeps the prescribed smallest eigenvalue; the antisymmetric part scales with a."""
    sizes = []
    for a in (0.0, 0.5, 2.0):
        m = coupling_with_spectrum(np.random.default_rng(7), 5, lambda_min=-0.7, gain=2.0, asymmetry=a)
        sym, anti = 0.5 * (m + m.T), 0.5 * (m - m.T)
        assert np.linalg.eigvalsh(sym)[0] == pytest.approx(-0.7, abs=1e-12)
        sizes.append(np.linalg.norm(anti, 2))
    assert sizes[0] < 1e-15 and sizes[2] == pytest.approx(4 * sizes[1], rel=1e-12)


def test_admissible_r_with_negative_self_inhibition():
    """lambda_min(C) < 0 lowers the upper end to (1 + beta_g lambda_min(C))/tau_y; too negative, none."""
    pair = ei_pair(c=-0.3, tau_y=0.5)
    lower, upper = admissible_r(pair)
    assert lower == pytest.approx(1.0) and upper == pytest.approx((1 - 0.3) / 0.5)
    assert admissible_r(ei_pair(c=-0.6, tau_y=0.5)) is None  # upper (0.8) below lower (1)
    assert admissible_r(ei_pair(c=0.0, tau_y=0.5))[1] == pytest.approx(2.0)  # C >= 0: the 1/tau_y bound


def test_ei_message_with_mixed_conditions():
    """Slow inhibition with large r: the r-condition fails while the A-condition holds; the message says so."""
    pytest.importorskip("matplotlib")
    from rnn_energy import widgets

    panel = widgets.ei_panel(tau_y=2.0, r=1.5, t_max=20.0)
    conditions = panel.conditions
    assert conditions["0 <= r <= 1/tau_y"] is False and conditions["lambda_max(A) < (1 + r tau_x)/beta_f"] is True
    assert panel.message.startswith("conditions fail") and "0 <= r <= 1/tau_y: False" in panel.message


def test_format_error_of_negative_values():
    """An error's magnitude is printed (sign dropped), and round-off as a bound, whatever the sign."""
    assert format_error(-3.2e-5) == "3.200e-05"
    assert format_error(-1e-15) == "< 1e-12"
    assert format_increase(-0.5) == "< 1e-09"  # a decrease is not an increase


def test_orbit_rise_statistics_count_orbits_not_steps():
    """Per-orbit fractions and their group spread; a survey with Phi = 0 has no rising orbit."""
    changes = np.full((4, 10, 2), -1.0)
    changes[0, 3, 1] = 0.5  # one orbit of one instance rises once
    stats = orbit_rise_statistics(changes, thresholds=(1e-9,), n_groups=2)
    assert list(stats["fraction > 1e-09"]) == [1 / 8, 0.0, 0.25]
    assert stats["largest rise per orbit"].shape == (4, 2)
    zero = energy_change_survey(np.random.default_rng(0), 0.0, n_instances=10)
    assert orbit_rise_statistics(zero["slaved"], n_groups=5)["fraction > 1e-09"][0] == 0.0
    with pytest.raises(ValueError, match="n_groups must divide"):
        orbit_rise_statistics(changes, n_groups=3)


def test_plots_draw_the_numbers_they_are_given():
    """The figures carry the data passed in: the two-cycle fractions, the fitted slope's legend title."""
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from rnn_energy import plots

    lambdas, fractions = np.array([-0.5, -1.0, -1.5]), np.array([0.0, 0.3, 1.0])
    fig = plots.plot_two_cycle_sweep(lambdas, fractions, -1.0)
    line = fig.axes[0].get_lines()[0]
    assert np.array_equal(line.get_xdata(), lambdas) and np.array_equal(line.get_ydata(), fractions)
    fig = plots.plot_convergence(np.array([1e-1, 1e-2]), np.array([2e-2, 2e-3]), 0.9521)
    assert fig.axes[0].get_legend().get_title().get_text() == "fitted slope 0.952"
    plt.close("all")
