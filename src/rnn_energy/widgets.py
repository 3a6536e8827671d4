"""Widget callbacks: plain functions returning data, and thin ipywidgets wrappers around them.

Each ``*_panel`` function computes what a widget shows from its slider values and is
unit-tested; each ``*_widget`` builds the sliders (ipywidgets is imported only there).
Slider values that cannot be computed produce a message, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .printing import format_increase
from .reduction import largest_increase
from .simulate import simulate_model
from .three_population import random_three_population

Array = np.ndarray


@dataclass(frozen=True)
class ThreePopulationPanel:
    """What the chapter-1 widget shows: feature trajectories and energy (2) along them."""

    t: Array
    v_f: Array
    energy: Array
    largest_increase: float

    @property
    def message(self) -> str:
        return f"largest increase of E along the trajectories: {format_increase(self.largest_increase)}"


def three_population_panel(
    eps: float = 1e-2, phi_scale: float = 1.0, seed: int = 0, *,
    n_trajectories: int = 3, t_max: float = 15.0, n_f: int = 4, n_h: int = 3,
) -> ThreePopulationPanel:
    r"""Simulate eq. (1) with :math:`T_h = T_d = \varepsilon` for a seeded random instance.

    ``phi_scale`` scales the delayed coupling :math:`\Phi` (0 gives a symmetric network
    whose energy (2) never increases). Raises ``ValueError`` for invalid slider values.
    """
    if not (isinstance(seed, (int, np.integer)) and seed >= 0):
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    if not (np.isfinite(eps) and 0 < eps <= 1):
        raise ValueError(f"eps must lie in (0, 1]; got {eps!r}")
    rng = np.random.default_rng(seed)
    model = random_three_population(rng, n_f, n_h, phi_scale=phi_scale, t_h=eps, t_d=eps)
    state0 = rng.standard_normal((n_trajectories, model.dim))
    traj = simulate_model(model, state0, np.linspace(0.0, t_max, 601))
    energy = model.energy(traj.y)
    return ThreePopulationPanel(
        t=traj.t, v_f=model.split(traj.y)[0], energy=energy,
        largest_increase=float(np.max(largest_increase(energy))),
    )


def show_three_population_panel(eps: float, phi_scale: float, seed: int) -> None:
    """Draw the chapter-1 panel for these slider values, or print why it cannot be drawn."""
    import matplotlib.pyplot as plt

    from .plots import plot_three_population_panel

    try:
        panel = three_population_panel(eps, phi_scale, seed)
    except (ValueError, RuntimeError) as exc:
        print(f"cannot compute this panel: {exc}")
        return
    plot_three_population_panel(panel)
    plt.show()
    print(panel.message)


def three_population_widget():
    r"""Sliders for :math:`\varepsilon = T_h = T_d`, the :math:`\Phi` scale and the seed."""
    import ipywidgets as w

    return w.interactive(
        show_three_population_panel,
        eps=w.FloatLogSlider(value=1e-2, base=10, min=-4, max=0, step=0.25, description="ε = T_h = T_d"),
        phi_scale=w.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description="Φ scale"),
        seed=w.IntSlider(value=0, min=0, max=20, description="seed"),
    )
