"""Widget callbacks are plain functions: their data, extreme slider values, and the figures."""

import numpy as np
import pytest

plt = pytest.importorskip("matplotlib.pyplot", reason="the figures need the book extra (matplotlib)")

from rnn_energy import plots, widgets  # noqa: E402


def test_panel_shapes_and_symmetric_case():
    """The panel holds (T, trajectories, N_f) features and (T, trajectories) energies; Phi = 0 never rises."""
    panel = widgets.three_population_panel(eps=1e-2, phi_scale=0.0, seed=3)
    assert panel.v_f.shape == (301, 3, 4) and panel.energy.shape == (301, 3)
    assert panel.largest_increase < 1e-8
    assert "< 1e-09" in panel.message


@pytest.mark.parametrize("eps, phi_scale", [(1e-4, 3.0), (1.0, 0.0), (1e-4, 0.0)])
def test_extreme_slider_values(eps, phi_scale):
    """The ends of the sliders compute finite panels."""
    panel = widgets.three_population_panel(eps=eps, phi_scale=phi_scale, seed=20)
    assert np.all(np.isfinite(panel.energy))


def test_invalid_values_give_a_message(capsys):
    """Invalid values print a message from the widget instead of raising."""
    widgets.show_three_population_panel(eps=0.0, phi_scale=1.0, seed=0)
    assert "cannot compute this panel: eps must lie in (0, 1]" in capsys.readouterr().out
    with pytest.raises(ValueError, match="seed"):
        widgets.three_population_panel(seed=-1)


def test_show_panel_draws(capsys):
    """The widget's display function draws a two-axes figure and prints the largest increase."""
    widgets.show_three_population_panel(eps=1e-2, phi_scale=1.0, seed=0)
    assert "largest increase of E" in capsys.readouterr().out
    plt.close("all")


def test_widget_builds():
    """The ipywidgets wrapper has the three sliders."""
    w = widgets.three_population_widget()
    assert [c.description for c in w.children[:3]] == ["ε = T_h = T_d", "Φ scale", "seed"]
    plt.close("all")


def test_plots_return_figures():
    """Each plot function returns a matplotlib figure with axes."""
    fig = plots.plot_convergence(np.array([1e-2, 1e-3]), np.array([1e-1, 1e-2]), 1.0)
    assert fig.axes
    plt.close("all")


@pytest.mark.parametrize("activation", ["tanh", "logistic", "relu"])
@pytest.mark.parametrize("norm", [0.1, 6.0])
def test_conjugacy_panel(activation, norm):
    """The chapter-2 panel: h(f-orbit) equals g-orbit at every step, for every sigma and norm extreme."""
    panel = widgets.conjugacy_panel(activation, norm, seed=5)
    assert panel.f_orbit.shape == panel.g_orbit.shape == (41, 4)
    assert panel.defect < 1e-12 and np.allclose(panel.h_of_f_orbit, panel.g_orbit)


def test_conjugacy_panel_messages(capsys):
    """Bad values print a message; good ones draw and report the defect."""
    widgets.show_conjugacy_panel("cos", 1.0, 0)
    widgets.show_conjugacy_panel("tanh", 0.0, 0)
    widgets.show_conjugacy_panel("tanh", 0.5, 0)
    out = capsys.readouterr().out
    assert "activation must be one of" in out and "norm must be a positive" in out
    assert "the orbit ends in: fixed point" in out
    w = widgets.conjugacy_widget()
    assert [c.description for c in w.children[:3]] == ["σ", "‖M‖₂", "seed"]
    plt.close("all")


@pytest.mark.parametrize("phi_scale", [0.0, 3.0])
@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_energy_orbit_panel(phi_scale, activation):
    """The chapter-3 panel: adiabatic changes never positive; slaved energy never rises at Phi = 0."""
    panel = widgets.energy_orbit_panel(phi_scale, activation, seed=4)
    assert panel.slaved_energy.shape == (41, 3) and panel.adiabatic_change.shape == (40, 3)
    assert panel.adiabatic_change.max() <= 1e-10
    if phi_scale == 0.0:
        assert panel.slaved_change.max() <= 1e-10


def test_energy_orbit_panel_messages(capsys):
    """Bad values print a message; good ones report the rises."""
    widgets.show_energy_orbit_panel(-1.0, "tanh", 0)
    widgets.show_energy_orbit_panel(1.0, "tanh", 0)
    out = capsys.readouterr().out
    assert "phi_scale must be a finite non-negative number" in out and "slaved energy rises along" in out
    w = widgets.energy_orbit_widget()
    assert [c.description for c in w.children[:3]] == ["Φ scale", "σ", "seed"]
    plt.close("all")


@pytest.mark.parametrize("lambda_min, asymmetry, gain", [(-3.0, 0.0, 0.0), (1.0, 3.0, 6.0), (-0.5, 0.0, 2.0)])
def test_cccp_panel(lambda_min, asymmetry, gain):
    """The chapter-4 panel at slider extremes: finite values; symmetric M never raises L."""
    panel = widgets.cccp_panel(lambda_min, asymmetry, gain, seed=2)
    assert np.all(np.isfinite(panel.energy)) and panel.orbit.shape == (61, 4)
    if asymmetry == 0.0:
        assert np.max(np.diff(panel.two_time)) <= 1e-12
    if asymmetry == 0.0 and lambda_min > -1.0:
        assert np.max(np.diff(panel.energy)) <= 1e-12


def test_cccp_panel_messages(capsys):
    """Bad values print a message; the widget has four sliders; the progress bar passes items through."""
    widgets.show_cccp_panel(-0.5, -1.0, 2.0, 0)
    widgets.show_cccp_panel(-0.5, 0.0, 2.0, 0)
    out = capsys.readouterr().out
    assert "must be non-negative" in out and "orbit ends in" in out
    w = widgets.cccp_widget()
    assert [c.description for c in w.children[:4]] == ["λ_min", "Φ scale", "gain", "seed"]
    assert list(widgets.progress_bar(range(3), 3)) == [0, 1, 2]
    plt.close("all")


@pytest.mark.parametrize("tau_y, r, a, c", [(0.5, 1.5, 2.0, 0.0), (2.0, 1.0, 2.0, 0.0), (0.0316, 5.0, 4.0, 3.0),
                                            (10.0, 0.0, 0.0, -0.5)])
def test_ei_panel(tau_y, r, a, c):
    """The chapter-6 panel at slider extremes: finite; when the conditions hold, H never rises."""
    panel = widgets.ei_panel(tau_y, r, a, c, t_max=40.0)
    assert np.all(np.isfinite(panel.energy))
    if all(panel.conditions.values()):
        assert np.max(np.diff(panel.energy)) <= 1e-7  # solver tolerance 1e-8


def test_ei_panel_messages(capsys):
    """Bad values print a message; good ones report the conditions."""
    widgets.show_ei_panel(0.0, 1.0, 2.0, 0.0)
    widgets.show_ei_panel(0.5, 1.5, 2.0, 0.0)
    out = capsys.readouterr().out
    assert "tau_y must be a positive" in out and "conditions hold" in out
    w = widgets.ei_widget()
    assert [c.description for c in w.children[:4]] == ["τ_y", "r", "A", "C"]
    plt.close("all")


@pytest.mark.parametrize("lambda_min, grows", [(-4.0, True), (0.5, False)])
def test_manifold_panel(lambda_min, grows):
    """The chapter-5 panel: the distance to p = b + Wx grows for lambda_min(W) = -4, decays for 0.5;
    H never rises (beyond the solver tolerance) either way."""
    panel = widgets.manifold_panel(lambda_min, seed=3)
    assert (panel.residual[-1] > panel.residual[0]) == grows
    assert np.max(np.diff(panel.energy)) <= 1e-7
    widgets.show_manifold_panel(lambda_min, 3)
    assert [c.description for c in widgets.manifold_widget().children[:2]] == ["λ_min(W)", "seed"]
    plt.close("all")


def test_explorable_figure_is_self_contained():
    """A sweep rendered as HTML: one embedded PNG per frame, a slider, and no external URL."""
    panels = widgets.sweep_panels(widgets.conjugacy_panel, "norm", [0.5, 2.0, 4.0], activation="tanh", seed=1)
    assert [p.f_orbit.shape for p in panels] == [(41, 4)] * 3
    html = plots.explorable(plots.panel_frames(panels, plots.plot_conjugacy_panel), len(panels))
    assert html.count("data:image/png;base64") == 3
    assert 'class="anim-slider"' in html
    assert "http://" not in html and "https://" not in html
    with pytest.raises(ValueError, match="n_frames"):
        plots.explorable(lambda fig, k: None, 0)
