"""How results are shown: the ledger as a table object, explorable figures as a plain slider."""

from __future__ import annotations

import re
from html import escape

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnn_energy import plots, widgets
from rnn_energy.ledger.report import LedgerTable, computed, table_lines


def test_ledger_table_text_is_the_cli_table_and_html_keeps_every_detail():
    """The plain-text form equals the CLI's table; the HTML form has one row per equation with its
    detail in full (not cut), and a collapsed table shows its summary outside the toggle."""
    results = computed(["1", "2", "8"])
    table = LedgerTable(results, floor=1e-6)
    assert repr(table) == "\n".join(table_lines(results, floor=1e-6))
    html = table._repr_html_()
    assert html.count("<tr class=") == 3
    for r in results:
        assert escape(r.verdict.detail) in html
    collapsed = LedgerTable(results, floor=1e-6, summary="3 equations", collapsed=True)._repr_html_()
    assert collapsed.startswith('<details class="ledger"><summary>3 equations')
    assert repr(LedgerTable(results, summary="3 equations")).endswith("\n3 equations")
    # negative control: a table of other rows is a different table
    assert repr(LedgerTable(computed(["1"]))) != repr(table)
    with pytest.raises(ValueError, match="summary"):
        LedgerTable(results, collapsed=True)


def test_explorable_names_parameter_and_shows_each_value():
    """The explorable shows the parameter's name in the slider's label and its value in an
    <output>; one frame per value; the values listed in order; no external URL."""
    values = [0.5, 2.0, 4.0]
    panels = widgets.sweep_panels(widgets.conjugacy_panel, "norm", values, activation="tanh", seed=1)
    draw = plots.panel_frames(panels, plots.plot_conjugacy_panel, [f"τ_y = {v:.2f}" for v in values])
    html = plots.explorable(draw, len(panels), caption="A caption.", alt="Orbits")
    assert re.search(r"<label for=\"[^\"]+\">τ<sub>y</sub></label>", html)
    assert re.search(r"<output[^>]*>0.50</output>", html)
    assert '["0.50","2.00","4.00"]' in html
    assert html.count("data:image/png;base64") == 3
    assert 'type="range"' in html and 'max="2"' in html
    assert "<figcaption>A caption.</figcaption>" in html and 'alt="Orbits 0.50"' in html
    assert "http://" not in html and "https://" not in html
    # negative controls: labels that name two parameters, or the wrong number of labels
    with pytest.raises(ValueError, match="one parameter"):
        plots.explorable(draw, 3, labels=["a = 1", "b = 2", "a = 3"])
    with pytest.raises(ValueError, match="one entry per frame"):
        plots.explorable(draw, 3, labels=["a = 1"])
    plt.close("all")


@pytest.mark.parametrize("plot", ["plot_conjugacy_panel", "plot_energy_orbit_panel"])
def test_figures_fit_the_column(plot):
    """Figures are at most the column's width at the book's dpi (so not shrunk on screen), and
    their tick labels are at least 9 pt (12.5 px at 100 dpi)."""
    panel = (widgets.conjugacy_panel("tanh", 2.0, seed=1) if plot == "plot_conjugacy_panel"
             else widgets.energy_orbit_panel(1.0, "tanh", seed=0))
    fig = getattr(plots, plot)(panel)
    width_px = fig.get_figwidth() * fig.dpi
    assert width_px <= plots.COLUMN_INCHES * plots.DPI + 1e-9
    sizes = [t.get_fontsize() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert sizes and min(sizes) >= 9
    plt.close("all")


def test_map_vs_flow_legend_is_neutral():
    """The legend of the map-versus-flow figure shows styles in grey, not one coordinate's colour."""
    from types import SimpleNamespace

    t = np.arange(5)
    result = SimpleNamespace(times=t, orbit=np.stack([t, -t], axis=1) * 1.0, flow=np.stack([t, -t], axis=1) * 1.0)
    fig = plots.plot_map_vs_flow(result)
    colours = {tuple(np.round(plt.matplotlib.colors.to_rgb(h.get_color()), 3)) for h in fig.axes[0].get_legend().legend_handles}
    assert colours == {(0.35, 0.35, 0.35)}
    plt.close("all")
