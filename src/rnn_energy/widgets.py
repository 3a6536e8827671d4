"""Widget callbacks: plain functions returning data, and thin ipywidgets wrappers around them.

Each ``*_panel`` function computes what a widget shows from its slider values and is
unit-tested; each ``*_widget`` builds the sliders (ipywidgets is imported only there).
Slider values that cannot be computed produce a message, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import positive_scalar
from .cccp import conjugate_energy, two_time_energy
from .energies import adiabatic_energy_change, reduced_energy
from .experiments import energy_change_survey, largest_increase, oscillation_amplitude
from .hamiltonian import ExcitatoryInhibitory
from .instances import coupling_with_spectrum, ei_pair, random_three_population, symmetric_network_with_spectrum
from .maps import FeatureMap, RecurrentMap, conjugate_pair, iterate, scaled_to_norm
from .orbits import describe_period, orbit_period
from .printing import format_error, format_increase
from .simulate import simulate, simulate_model

Array = np.ndarray


def _check_seed(seed) -> None:
    if not (isinstance(seed, (int, np.integer)) and seed >= 0):
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")


def _show(panel_function, plot_name: str, *values) -> None:
    """Compute a panel, draw it with ``plots.<plot_name>`` and print its message.

    Values that cannot be computed print the reason instead of raising, so a widget never
    shows a traceback.
    """
    from . import plots

    try:
        panel = panel_function(*values)
    except (ValueError, RuntimeError) as exc:
        print(f"cannot compute this panel: {exc}")
        return
    show_figure(getattr(plots, plot_name)(panel))
    print(panel.message)


def show_figure(fig) -> None:
    """Display ``fig`` as a PNG drawn once, then close it.

    ``plt.show()`` in a notebook draws a figure twice (a layout pass for the tight bounding box,
    then the picture); the panels have fixed margins, so one draw is enough. This halves the
    time a slider move waits for its figure, most of which is drawing, not computing. Outside
    IPython the figure is only closed.
    """

    import matplotlib.pyplot as plt

    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - the book extra brings IPython
        plt.close(fig)
        return
    if get_ipython() is None:
        plt.close(fig)
        return
    display(Image(render_png(fig)))


def render_png(fig) -> bytes:
    """The figure as PNG bytes, drawn once (fast compression), and the figure closed."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    plt.close(fig)
    return buffer.getvalue()


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
    _check_seed(seed)
    if not (np.isfinite(eps) and 0 < eps <= 1):
        raise ValueError(f"eps must lie in (0, 1]; got {eps!r}")
    rng = np.random.default_rng(seed)
    model = random_three_population(rng, n_f, n_h, phi_scale=phi_scale, t_h=eps, t_d=eps)
    state0 = rng.standard_normal((n_trajectories, model.dim))
    traj = simulate_model(model, state0, np.linspace(0.0, t_max, 301), method="LSODA", rtol=1e-7, atol=1e-9)
    energy = model.energy(traj.y)
    return ThreePopulationPanel(
        t=traj.t, v_f=model.split(traj.y)[0], energy=energy,
        largest_increase=float(np.max(largest_increase(energy))),
    )


def show_three_population_panel(eps: float, phi_scale: float, seed: int) -> None:
    """Draw the chapter-1 panel for these slider values, or print why it cannot be drawn."""
    _show(three_population_panel, "plot_three_population_panel", eps, phi_scale, seed)


def three_population_widget():
    r"""Sliders for :math:`\varepsilon = T_h = T_d`, the :math:`\Phi` scale and the seed."""
    import ipywidgets as w

    return w.interactive(
        show_three_population_panel,
        eps=w.FloatLogSlider(value=1e-2, base=10, min=-4, max=0, step=0.25, description="ε = T_h = T_d"),
        phi_scale=w.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description="Φ scale"),
        seed=w.IntSlider(value=0, min=0, max=20, description="seed"),
    )


@dataclass(frozen=True)
class ConjugacyPanel:
    """What the chapter-2 widget shows: an orbit of f, its image under h, and g's orbit."""

    activation: str
    f_orbit: Array
    h_of_f_orbit: Array
    g_orbit: Array
    defect: float
    period: int

    @property
    def ends_at_origin(self) -> bool:
        """Whether the orbit of f ends within 1e-3 of the origin."""
        return bool(np.abs(self.f_orbit[-1]).max() < 1e-3)

    @property
    def message(self) -> str:
        return (f"{self.activation}: max_k |h(f^k(x0)) - g^k(h(x0))| = {format_error(self.defect)}; "
                f"the orbit ends in: {describe_period(self.period)}")


def conjugacy_panel(activation: str = "tanh", norm: float = 2.0, seed: int = 0, *,
                    n: int = 4, n_steps: int = 40) -> ConjugacyPanel:
    r"""An orbit of :math:`f` (eq. 7), its image under :math:`h = \sigma`, and the orbit of
    :math:`g` (eq. 10) from :math:`h(x_0)`, for :math:`M = \Xi(I + \Phi^\top)\Xi^\top` of a
    seeded random instance rescaled to spectral norm ``norm``."""
    _check_seed(seed)
    norm = positive_scalar(norm, "norm")
    rng = np.random.default_rng(seed)
    m = scaled_to_norm(random_three_population(rng, n, n, phi_scale=0.5).reduced_matrix, norm)
    f, g, h = conjugate_pair(FeatureMap(m, activation))
    x0 = rng.normal(scale=2.0, size=n)
    f_orbit = iterate(f, x0, n_steps)
    g_orbit = iterate(g, h(x0), n_steps)
    return ConjugacyPanel(
        activation=h.name, f_orbit=f_orbit, h_of_f_orbit=h(f_orbit), g_orbit=g_orbit,
        defect=float(np.max(np.abs(h(f_orbit) - g_orbit))),
        period=int(orbit_period(f_orbit[:, None, :], tol=1e-6, tail=8)[0]),
    )


def show_conjugacy_panel(activation: str, norm: float, seed: int) -> None:
    """Draw the chapter-2 panel for these values, or print why it cannot be drawn."""
    _show(conjugacy_panel, "plot_conjugacy_panel", activation, norm, seed)


def conjugacy_widget():
    """A dropdown for sigma and sliders for the norm of M and the seed."""
    import ipywidgets as w

    return w.interactive(
        show_conjugacy_panel,
        activation=w.Dropdown(options=["tanh", "logistic", "relu"], value="tanh", description="σ"),
        norm=w.FloatSlider(value=2.0, min=0.1, max=6.0, step=0.1, description="‖M‖₂"),
        seed=w.IntSlider(value=0, min=0, max=20, description="seed"),
    )


@dataclass(frozen=True)
class EnergyOrbitPanel:
    """What the chapter-3 widget shows: eq. (25) along orbits of the map, both ways, for the first of
    ``n_instances`` seeded instances, and the per-orbit statistics over all of them."""

    slaved_energy: Array
    adiabatic_change: Array
    activation: str
    orbit_rises: Array
    orbit_adiabatic: Array

    @property
    def slaved_change(self) -> Array:
        """Step changes of the slaved energy along the shown instance's orbits."""
        return np.diff(self.slaved_energy, axis=0)

    @property
    def rise_fraction(self) -> float:
        """Fraction of orbits (all instances) along which the slaved energy rises by more than 1e-9."""
        return float(np.mean(self.orbit_rises > 1e-9))

    @property
    def message(self) -> str:
        return (f"{self.activation}: the slaved energy rises along {self.rise_fraction:.0%} of "
                f"{self.orbit_rises.size} orbits ({self.orbit_rises.shape[0]} instances; largest rise "
                f"{format_increase(self.orbit_rises.max(), 1e-9)}); largest adiabatic change "
                f"{format_increase(self.orbit_adiabatic.max(), 1e-12)}")


def energy_orbit_panel(phi_scale: float = 1.0, activation: str = "tanh", seed: int = 0, *,
                       n_steps: int = 40, n_orbits: int = 3, n_instances: int = 20) -> EnergyOrbitPanel:
    r"""Eq. (25) along orbits of the map (7) of ``n_instances`` seeded random instances.

    The *slaved* energy uses :math:`V_d = \sigma(V_f)` at each time (the Legendre form
    :math:`\sum G(v) - \tfrac12 v^\top K v`); the *adiabatic* change holds :math:`V_d` across
    each step (the notes' Trial 1). The figure shows the first instance; the statistics (largest
    slaved rise and largest adiabatic change per orbit) cover all of them, so a frame's printed
    fraction is not the noise of one draw.
    """
    _check_seed(seed)
    if not (np.isfinite(phi_scale) and phi_scale >= 0):
        raise ValueError(f"phi_scale must be a finite non-negative number; got {phi_scale!r}")
    survey = energy_change_survey(np.random.default_rng(seed), phi_scale, n_instances=n_instances, n_orbits=n_orbits,
                                  n_steps=n_steps, sigma_f=activation)
    rng = np.random.default_rng(seed)
    model = random_three_population(rng, 4, 3, xi_scale=1.5, phi_scale=phi_scale, sigma_f=activation)
    orbit = iterate(model.feature_map, rng.normal(scale=2.0, size=(n_orbits, model.n_f)), n_steps)
    return EnergyOrbitPanel(
        slaved_energy=reduced_energy(model, orbit, model.sigma_f(orbit)),
        adiabatic_change=adiabatic_energy_change(model, orbit[:-1]),
        activation=model.sigma_f.name,
        orbit_rises=np.max(survey["slaved"], axis=1),
        orbit_adiabatic=np.max(survey["adiabatic"], axis=1),
    )


def show_energy_orbit_panel(phi_scale: float, activation: str, seed: int) -> None:
    """Draw the chapter-3 panel for these values, or print why it cannot be drawn."""
    _show(energy_orbit_panel, "plot_energy_orbit_panel", phi_scale, activation, seed)


def energy_orbit_widget():
    """Sliders for the Phi scale and the seed, a dropdown for sigma."""
    import ipywidgets as w

    return w.interactive(
        show_energy_orbit_panel,
        phi_scale=w.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description="Φ scale"),
        activation=w.Dropdown(options=["tanh", "logistic"], value="tanh", description="σ"),
        seed=w.IntSlider(value=0, min=0, max=20, description="seed"),
    )


@dataclass(frozen=True)
class CCCPPanel:
    """What the chapter-4 widget shows: an orbit of v -> s(Mv), E(v) and the two-time function."""

    orbit: Array
    energy: Array
    two_time: Array
    lambda_min: float
    period: int

    @property
    def energy_rise(self) -> float:
        """Largest step-to-step rise of E along the orbit."""
        return float(largest_increase(self.energy))

    @property
    def two_time_rise(self) -> float:
        """Largest step-to-step rise of the two-time function along the orbit."""
        return float(largest_increase(self.two_time))

    @property
    def message(self) -> str:
        rise_e = format_increase(self.energy_rise, 1e-12)
        rise_l = format_increase(self.two_time_rise, 1e-12)
        return (f"lambda_min(sym M) = {self.lambda_min:+.2f} (threshold -1/beta = -1); orbit ends in: "
                f"{describe_period(self.period)}; largest rise of E: {rise_e}; of the two-time L: {rise_l}")


def cccp_panel(lambda_min: float = -0.5, asymmetry: float = 0.0, gain: float = 2.0, seed: int = 0, *,
               n: int = 4, n_steps: int = 60) -> CCCPPanel:
    r"""Orbit of :math:`v \mapsto \tanh(Mv)` for :func:`rnn_energy.instances.coupling_with_spectrum`,
    with :math:`E(v)` along it and the two-time function :math:`L(v(t), v(t-1))`."""
    _check_seed(seed)
    for name, value in (("lambda_min", lambda_min), ("asymmetry", asymmetry), ("gain", gain)):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite; got {value!r}")
    if gain < 0 or asymmetry < 0:
        raise ValueError("gain and asymmetry must be non-negative")
    rng = np.random.default_rng(seed)
    m = coupling_with_spectrum(rng, n, lambda_min=lambda_min, gain=gain, asymmetry=asymmetry)
    g = RecurrentMap(m)
    orbit = iterate(g, rng.uniform(-1, 1, size=n), n_steps)
    return CCCPPanel(
        orbit=orbit,
        energy=conjugate_energy(g, orbit),
        two_time=two_time_energy(g, orbit[1:], orbit[:-1]),
        lambda_min=float(np.linalg.eigvalsh(0.5 * (m + m.T)).min()),
        period=int(orbit_period(orbit[:, None, :], tol=1e-6, tail=8)[0]),
    )


def show_cccp_panel(lambda_min: float, asymmetry: float, gain: float, seed: int) -> None:
    """Draw the chapter-4 panel for these values, or print why it cannot be drawn."""
    _show(cccp_panel, "plot_cccp_panel", lambda_min, asymmetry, gain, seed)


def cccp_widget():
    """Sliders for lambda_min, the asymmetry (Phi scale), the gain and the seed."""
    import ipywidgets as w

    return w.interactive(
        show_cccp_panel,
        lambda_min=w.FloatSlider(value=-0.5, min=-3.0, max=1.0, step=0.05, description="λ_min"),
        asymmetry=w.FloatSlider(value=0.0, min=0.0, max=3.0, step=0.1, description="Φ scale"),
        gain=w.FloatSlider(value=2.0, min=0.0, max=6.0, step=0.1, description="gain"),
        seed=w.IntSlider(value=0, min=0, max=20, description="seed"),
    )


def progress_bar(iterable, total: int, description: str = ""):
    """Iterate while showing an ipywidgets progress bar in a notebook (plain iteration elsewhere)."""
    try:
        import ipywidgets as w
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - book extras absent
        yield from iterable
        return
    if get_ipython() is None:
        yield from iterable
        return
    bar = w.IntProgress(value=0, min=0, max=total, description=description)
    display(bar)
    for item in iterable:
        yield item
        bar.value += 1


@dataclass(frozen=True)
class ExcitatoryInhibitoryPanel:
    """What the chapter-6 widget shows: a trajectory of the E-I pair, H along it, the conditions."""

    system: ExcitatoryInhibitory
    trajectory: Array
    energy: Array

    @property
    def conditions(self) -> dict[str, bool]:
        return self.system.conditions()

    @property
    def amplitude(self) -> float:
        """Oscillation amplitude of x over the second half of the run."""
        return float(oscillation_amplitude(self.trajectory[:, :1])[0])

    @property
    def message(self) -> str:
        held = all(self.conditions.values())
        amp = self.amplitude
        return (f"conditions {'hold' if held else 'fail'}: "
                + ", ".join(f"{k}: {v}" for k, v in self.conditions.items())
                + f"; largest rise of H: {format_increase(largest_increase(self.energy), 1e-7)}"
                + f"; x oscillation amplitude at the end: {amp:.3f}")


def ei_panel(tau_y: float = 0.5, r: float = 1.5, a: float = 2.0, c: float = 0.0, *,
             t_max: float = 60.0) -> ExcitatoryInhibitoryPanel:
    """Simulate the lifted 1+1 E-I pair (b = 2.5, tau_x = 1) from the manifold above (0.1, 0.05)."""
    system = ei_pair(a=a, c=c, tau_y=tau_y, r=r)
    traj = simulate(system.vector_field, system.lift(np.array([0.1, 0.05])), np.linspace(0, t_max, 601),
                    method="LSODA", rtol=1e-8, atol=1e-10).y
    return ExcitatoryInhibitoryPanel(system=system, trajectory=traj, energy=system.hamiltonian(traj))


def show_ei_panel(tau_y: float, r: float, a: float, c: float) -> None:
    """Draw the chapter-6 panel for these values, or print why it cannot be drawn."""
    _show(ei_panel, "plot_ei_panel", tau_y, r, a, c)


def ei_widget():
    """Sliders for tau_y, r and the scalar couplings a (E to E) and c (I to I)."""
    import ipywidgets as w

    return w.interactive(
        show_ei_panel,
        tau_y=w.FloatLogSlider(value=0.5, base=10, min=-1.5, max=1, step=0.05, description="τ_y"),
        r=w.FloatSlider(value=1.5, min=0.0, max=5.0, step=0.05, description="r"),
        a=w.FloatSlider(value=2.0, min=0.0, max=4.0, step=0.1, description="A"),
        c=w.FloatSlider(value=0.0, min=-0.5, max=3.0, step=0.1, description="C"),
    )


@dataclass(frozen=True)
class ManifoldPanel:
    """What the chapter-5 widget shows: distance to p = b + Wx, and H, along a lifted trajectory."""

    t: Array
    residual: Array
    energy: Array
    lambda_min: float

    @property
    def grows(self) -> bool:
        """Whether the distance to the manifold is larger at the end than at the start."""
        return bool(self.residual[-1] > self.residual[0])

    @property
    def message(self) -> str:
        return (f"lambda_min(W) = {self.lambda_min:+.2f}: distance to the manifold {self.residual[0]:.2f} -> "
                f"{self.residual[-1]:.2e} at t = {self.t[-1]:.0f}; largest rise of H "
                f"{format_increase(largest_increase(self.energy), 1e-7)}")


def manifold_panel(lambda_min: float = -0.5, seed: int = 0, *, t_max: float = 15.0) -> ManifoldPanel:
    r"""A symmetric network with eigenvalues of :math:`W` = (``lambda_min``, 0.3, 1.0), started 0.5 off
    the manifold :math:`p = b + Wx`; the residual and :math:`H` along the lifted flow."""
    _check_seed(seed)
    if not np.isfinite(lambda_min):
        raise ValueError(f"lambda_min must be finite; got {lambda_min!r}")
    rng = np.random.default_rng(seed)
    network = symmetric_network_with_spectrum(rng, [lambda_min, 0.3, 1.0])
    start = network.lift(0.3 * rng.uniform(-1, 1, size=3)) + np.concatenate([np.zeros(3), 0.5 * np.ones(3)])
    traj = simulate(network.vector_field, start, np.linspace(0.0, t_max, 301), method="LSODA", rtol=1e-8, atol=1e-10)
    return ManifoldPanel(t=traj.t, residual=np.max(np.abs(network.manifold_residual(traj.y)), axis=-1),
                         energy=network.hamiltonian(traj.y), lambda_min=float(lambda_min))


def show_manifold_panel(lambda_min: float, seed: int) -> None:
    """Draw the chapter-5 panel for these values, or print why it cannot be drawn."""
    _show(manifold_panel, "plot_manifold_panel", lambda_min, seed)


def manifold_widget():
    """A slider for the smallest eigenvalue of W, and the seed."""
    import ipywidgets as w

    return w.interactive(
        show_manifold_panel,
        lambda_min=w.FloatSlider(value=-0.5, min=-5.0, max=1.0, step=0.1, description="λ_min(W)"),
        seed=w.IntSlider(value=0, min=0, max=20, description="seed"),
    )


def sweep_panels(panel_function, name: str, values, **fixed) -> list:
    """``panel_function(**{name: v}, **fixed)`` for each value: the frames of an explorable figure."""
    return [panel_function(**{name: v}, **fixed) for v in values]


# ------------------------------------------------------------------------------ chapter 7
@dataclass(frozen=True)
class SequencePanel:
    """What the chapter-7 widget shows: pattern overlaps along eq. (1) and the energy balance."""

    t: Array
    overlaps: Array
    rate: Array
    motion: Array
    bound: Array
    dwell: Array

    @property
    def message(self) -> str:
        hops = f"mean dwell time {np.mean(self.dwell):.2f}" if self.dwell.size >= 2 else "no sustained hopping"
        ratio = float(np.max(self.motion / np.maximum(self.bound, 1e-300)))
        return (f"{hops}; largest dE/dt {np.max(self.rate):+.3f}; landscape motion reaches "
                f"{ratio:.2f} of its pointwise bound")


def sequence_panel(lam: float = 0.6, t_d: float = 2.0, gain: float = 3.0, *, t_max: float = 120.0) -> SequencePanel:
    r"""Eq. (1) for the sequence network (:func:`rnn_energy.instances.sequence_network`) from the first pattern:
    overlaps, :math:`dE/dt`, the landscape-motion term and its Cauchy–Schwarz bound, dwell times."""
    from .experiments import sequence_run
    from .instances import sequence_network
    from .sequence import dwell_times

    positive_scalar(t_d, "t_d")
    run = sequence_run(sequence_network(gain, lam, t_d=t_d), t_max=t_max, n_samples=1201)
    half = run["t"].size // 3
    return SequencePanel(t=run["t"], overlaps=run["overlaps"], rate=run["rate"], motion=run["motion"],
                         bound=run["pointwise bound"], dwell=dwell_times(run["t"][half:], run["overlaps"][half:]))


def show_sequence_panel(lam: float, t_d: float, gain: float) -> None:
    """Draw the chapter-7 panel for these values, or print why it cannot be drawn."""
    _show(sequence_panel, "plot_sequence_panel", lam, t_d, gain)


def sequence_widget():
    """Sliders for the sequence strength alpha_c = lambda, the delay T_d and the gain g."""
    import ipywidgets as w

    return w.interactive(
        show_sequence_panel,
        lam=w.FloatSlider(value=0.6, min=0.0, max=1.5, step=0.05, description="α_c"),
        t_d=w.FloatLogSlider(value=2.0, base=10, min=-0.5, max=1.5, step=0.05, description="T_d"),
        gain=w.FloatSlider(value=3.0, min=1.0, max=5.0, step=0.1, description="g"),
    )


@dataclass(frozen=True)
class LandscapeFrame:
    """One instant of the moving landscape: E at frozen V_d on the ring through the patterns, and the state."""

    theta: Array
    energy: Array
    state_angle: float
    state_energy: float
    time: float


def landscape_frames(model, times, *, radius: float = 2.0, n_theta: int = 181, t_max: float = 60.0) -> list[LandscapeFrame]:
    r"""The landscape :func:`rnn_energy.sequence.adiabatic_energy` at the run's :math:`V_d(t)` for each of ``times``,
    on the ring :func:`rnn_energy.sequence.ring_states` of ``radius``, with the state's angle on it."""
    from .experiments import sequence_run
    from .sequence import adiabatic_energy, ring_states

    run = sequence_run(model, t_max=t_max, n_samples=int(round(t_max * 10)) + 1)
    theta = np.linspace(0.0, 2 * np.pi, n_theta)
    ring = ring_states(model, theta, radius)
    frames = []
    for time in times:
        k = int(np.argmin(np.abs(run["t"] - time)))
        v_d = run["states"][k, -model.n_f:]
        energy = adiabatic_energy(model, ring, np.broadcast_to(v_d, ring.shape))
        angle = float(run["angle"][k])
        on_ring = ring_states(model, np.array([angle]), radius)
        frames.append(LandscapeFrame(theta=theta, energy=energy, state_angle=angle,
                                     state_energy=float(adiabatic_energy(model, on_ring, v_d[None])[0]), time=float(run["t"][k])))
    return frames
