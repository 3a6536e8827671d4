"""Figures drawn from data the package computed (matplotlib is imported only here)."""

from __future__ import annotations

import re

import numpy as np

try:
    import matplotlib.pyplot as plt
except ImportError as exc:  # the package itself needs only numpy and scipy
    raise ImportError("rnn_energy.plots draws with matplotlib, which is not installed; "
                      "install the book extra: pip install 'rnn-energy[book]'") from exc

from .hamiltonian import nullclines


def _panel_axes(fig, ncols: int, figsize):
    """A new figure of ``figsize`` with ``ncols`` axes, or the axes added to a given ``fig``."""
    if fig is None:
        fig, axes = plt.subplots(1, ncols, figsize=figsize)
    else:
        axes = fig.subplots(1, ncols)
    return fig, axes


def _panel_layout(fig):
    """Fixed margins and few ticks for the widget panels: a layout pass, and every tick label,
    add to their redraw time."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "linear":
                axis.get_major_locator().set_params(nbins=4)
    n = len(fig.axes)
    fig.subplots_adjust(left=0.3 / fig.get_figwidth() * 3 / n + 0.05, right=0.98, bottom=0.17, top=0.95,
                        wspace=0.35)


def _increasing_segments(ax, t, values, color="crimson"):
    """Overdraw, as one line, the segments of a curve where it increases (beyond round-off)."""
    t, values = np.asarray(t, dtype=float), np.asarray(values, dtype=float)
    tol = 1e-9 * max(1.0, float(np.max(np.abs(values)))) if values.size else 0.0
    up = np.flatnonzero(np.diff(values) > tol)
    if up.size == 0:
        return
    gap = np.full(up.size, np.nan)
    xs = np.column_stack([t[up], t[up + 1], gap]).ravel()
    ys = np.column_stack([values[up], values[up + 1], gap]).ravel()
    ax.plot(xs, ys, color=color, lw=2.5)


def plot_energy_cases(t, cases: dict, ax=None):
    """E(t) for each case of :func:`rnn_energy.reduction.energy_cases`; increases in red."""
    fig, axes = plt.subplots(1, len(cases), figsize=(4 * len(cases), 3), sharey=False)
    for ax, (name, energy) in zip(np.atleast_1d(axes), cases.items()):
        for j in range(energy.shape[1]):
            ax.plot(t, energy[:, j], color="0.3", lw=1)
            _increasing_segments(ax, t, energy[:, j])
        ax.set_xlabel("t")
        ax.set_ylabel("E(t), eq. (2)")
        ax.text(0.97, 0.95, name, transform=ax.transAxes, ha="right", va="top")
    fig.tight_layout()
    return fig


def plot_convergence(eps, errors, slope: float):
    """Log-log plot of the distance between full and reduced trajectories against eps."""
    fig, ax = plt.subplots(figsize=(4.5, 3.2))
    ax.loglog(eps, errors, "o-", label="measured")
    ref = errors[-1] * (np.asarray(eps) / eps[-1]) ** 1.0
    ax.loglog(eps, ref, "k--", lw=1, label="slope 1")
    ax.set_xlabel(r"$\varepsilon = T_h = T_d$")
    ax.set_ylabel(r"$\max_t |V_f - V_f^{\mathrm{red}}|$")
    ax.legend(title=f"fitted slope {slope:.3f}")
    fig.tight_layout()
    return fig


def plot_map_vs_flow(result, labels=("map, eq. (7)", "flow")):
    """Each feature coordinate along the map's orbit (markers) and the flow (lines)."""
    orbit, flow = result.orbit.reshape(len(result.times), -1), result.flow.reshape(len(result.times), -1)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for j in range(orbit.shape[1]):
        color = f"C{j}"
        ax.plot(result.times, orbit[:, j], "o", ms=3, color=color, label=labels[0] if j == 0 else None)
        ax.plot(result.times, flow[:, j], "-", color=color, label=labels[1] if j == 0 else None)
    ax.set_xlabel("t (steps of the map)")
    ax.set_ylabel(r"$V_f$")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_three_population_panel(panel, fig=None):
    """Feature trajectories and energy (2) for :class:`rnn_energy.widgets.ThreePopulationPanel`."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (9, 3.2))
    n_traj = panel.v_f.shape[1]
    for j in range(n_traj):
        ax0.plot(panel.t, panel.v_f[:, j, :], color=f"C{j}", lw=1)
        ax1.plot(panel.t, panel.energy[:, j], color=f"C{j}", lw=1)
        _increasing_segments(ax1, panel.t, panel.energy[:, j])
    ax0.set_xlabel("t")
    ax0.set_ylabel("V_f(t)")
    ax1.set_xlabel("t")
    ax1.set_ylabel("E(t), eq. (2); rises in red")
    _panel_layout(fig)
    return fig


def plot_conjugacy_panel(panel, fig=None):
    """Orbit of f; its image under h (markers) over the orbit of g (lines)."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (9, 3.2))
    k = np.arange(panel.f_orbit.shape[0])
    for j in range(panel.f_orbit.shape[-1]):
        ax0.plot(k, panel.f_orbit[:, j], "-", color=f"C{j}", lw=1)
        ax1.plot(k, panel.g_orbit[:, j], "-", color=f"C{j}", lw=1)
        ax1.plot(k, panel.h_of_f_orbit[:, j], "o", color=f"C{j}", ms=3)
    ax0.set_xlabel("k")
    ax0.set_ylabel("f^k(x0)")
    ax1.set_xlabel("k")
    ax1.set_ylabel("g^k(h(x0)) lines, h(f^k(x0)) dots")
    _panel_layout(fig)
    return fig


def plot_norm_sweep(sweep):
    """Number of fixed points of f = M tanh(x) found, and stable ones, against ||M||_2."""
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ax.step(sweep.norms, sweep.n_fixed, where="mid", label="fixed points found")
    ax.step(sweep.norms, sweep.n_stable, where="mid", label="stable (spectral radius < 1)")
    ax.axvline(1.0, color="k", lw=0.8, ls="--")
    ax.set_xlabel(r"$\|M\|_2$")
    ax.set_ylabel("count")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_energy_orbit_panel(panel, fig=None):
    """Slaved energy (25) along orbits (rises in red) and the adiabatic step changes."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (9, 3.2))
    k = np.arange(panel.slaved_energy.shape[0])
    for j in range(panel.slaved_energy.shape[1]):
        ax0.plot(k, panel.slaved_energy[:, j], "-o", ms=2, color="0.3", lw=1)
        _increasing_segments(ax0, k, panel.slaved_energy[:, j])
        ax1.plot(k[:-1], panel.adiabatic_change[:, j], "o", ms=3, color=f"C{j}")
    ax1.axhline(0.0, color="k", lw=0.8)
    ax0.set_xlabel("t")
    ax0.set_ylabel("slaved E, eq. (25)")
    ax1.set_xlabel("t")
    ax1.set_ylabel("adiabatic ΔE (Trial 1)")
    _panel_layout(fig)
    return fig


def plot_energy_survey(surveys: dict):
    """Histograms of slaved step changes of eq. (25), one per Phi scale (log-magnitude of rises)."""
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for scale, changes in surveys.items():
        rises = changes["slaved"][changes["slaved"] > 1e-12]
        if rises.size:
            ax.hist(np.log10(rises), bins=30, histtype="step", label=f"Φ scale {scale}")
    ax.set_xlabel(r"$\log_{10}$ of a rise of the slaved energy")
    ax.set_ylabel("steps")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_cccp_panel(panel, fig=None):
    """Orbit coordinates, E(v(t)) and the two-time function, rises in red."""
    fig, axes = _panel_axes(fig, 3, (12, 3.2))
    t = np.arange(panel.orbit.shape[0])
    axes[0].plot(t, panel.orbit, lw=1)
    axes[0].set_ylabel("v(t)")
    axes[1].plot(t, panel.energy, "-o", ms=2, color="0.3", lw=1)
    _increasing_segments(axes[1], t, panel.energy)
    axes[1].set_ylabel("E(v) = ΣG(v) − vᵀMv/2")
    axes[2].plot(t[1:], panel.two_time, "-o", ms=2, color="0.3", lw=1)
    _increasing_segments(axes[2], t[1:], panel.two_time)
    axes[2].set_ylabel("two-time L(v(t), v(t−1))")
    for ax in axes:
        ax.set_xlabel("t")
    _panel_layout(fig)
    return fig


def plot_two_cycle_sweep(lambdas, fractions, threshold: float):
    """Fraction of orbits ending in a 2-cycle against lambda_min, with the threshold -1/beta."""
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ax.plot(lambdas, fractions, "o-")
    ax.axvline(threshold, color="k", ls="--", lw=0.8)
    ax.set_xlabel(r"$\lambda_{\min}(M)$")
    ax.set_ylabel("fraction ending in a 2-cycle")
    fig.tight_layout()
    return fig


def plot_phase_diagram(phi_scales, gains, fractions, outcomes):
    """One heat map per outcome: fraction of orbits over (Phi scale, gain)."""
    fig, axes = plt.subplots(1, len(outcomes), figsize=(3.2 * len(outcomes), 3.0), sharey=True)
    for k, (ax, name) in enumerate(zip(axes, outcomes)):
        im = ax.imshow(fractions[..., k], origin="lower", vmin=0, vmax=1, aspect="auto", cmap="viridis",
                       extent=(phi_scales[0], phi_scales[-1], 0, len(gains)))
        ax.set_yticks(np.arange(len(gains)) + 0.5, [f"{g:g}" for g in gains])
        ax.set_xlabel("Φ scale")
        ax.text(0.03, 0.95, name, transform=ax.transAxes, va="top", color="w")
    axes[0].set_ylabel(r"gain $\|\Xi\Xi^\top\|_2$")
    fig.colorbar(im, ax=axes, shrink=0.8)
    return fig


def plot_time_series(t, series: dict, ylabel: str, logy: bool = False):
    """Several named curves against t (one axes)."""
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for name, values in series.items():
        (ax.semilogy if logy else ax.plot)(t, values, label=name, lw=1)
    ax.set_xlabel("t")
    ax.set_ylabel(ylabel)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_phase_portrait(system, trajectories: dict, x_grid):
    """x-y plane of a 1+1 E-I pair: nullclines and trajectories (one per label)."""
    fig, ax = plt.subplots(figsize=(5, 4))
    x_null, y_null = nullclines(system, x_grid)
    ax.plot(x_grid, x_null, "k--", lw=1, label="x-nullcline")
    ax.plot(x_grid, y_null, "k:", lw=1, label="y-nullcline")
    for name, traj in trajectories.items():
        ax.plot(traj[:, 0], traj[:, 1], lw=1, label=name)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("x (excitatory)")
    ax.set_ylabel("y (inhibitory)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_limit_cycle_sweep(tau_ys, sweep):
    """Oscillation amplitude against tau_y; filled markers where the conditions can hold."""
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ok = sweep["admissible"]
    ax.plot(tau_ys, sweep["amplitude"], "-", color="0.5", lw=1)
    ax.plot(tau_ys[ok], sweep["amplitude"][ok], "o", label="conditions can hold")
    ax.plot(tau_ys[~ok], sweep["amplitude"][~ok], "s", mfc="none", label="no admissible r")
    ax.set_xscale("log")
    ax.set_xlabel(r"$\tau_y$ (with $\tau_x = 1$)")
    ax.set_ylabel("amplitude of x")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_ei_panel(panel, fig=None):
    """Phase portrait with nullclines, and H(t) with rises in red, for the chapter-6 widget."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (9, 3.4))
    grid = np.linspace(-0.999, 0.999, 400)
    if panel.system.c[0, 0] == 0:
        x_null, y_null = nullclines(panel.system, grid)
        ax0.plot(grid, x_null, "k--", lw=1)
        ax0.plot(grid, y_null, "k:", lw=1)
    ax0.plot(panel.trajectory[:, 0], panel.trajectory[:, 1], lw=1)
    ax0.set_xlim(-1, 1)
    ax0.set_ylim(-1, 1)
    ax0.set_xlabel("x")
    ax0.set_ylabel("y")
    t = np.arange(panel.energy.shape[0])
    ax1.plot(t, panel.energy, color="0.3", lw=1)
    _increasing_segments(ax1, t, panel.energy)
    ax1.set_xlabel("sample")
    ax1.set_ylabel("H, rises in red")
    _panel_layout(fig)
    return fig


EXTERNAL_CSS = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*/?>')


def explorable(draw_frame, n_frames: int, *, figsize=(9.0, 3.2), dpi: int = 72) -> str:
    """A self-contained HTML slider over precomputed frames (``FuncAnimation.to_jshtml``).

    ``draw_frame(fig, k)`` draws frame ``k`` on a cleared figure. The frames are embedded as
    PNG, so the page needs no kernel and no network; matplotlib's link to a font CDN for the
    player's buttons is removed (the book's theme already ships the icon font).
    """
    from matplotlib.animation import FuncAnimation

    if not isinstance(n_frames, (int, np.integer)) or n_frames < 1:
        raise ValueError(f"n_frames must be a positive integer; got {n_frames!r}")
    fig = plt.figure(figsize=figsize, dpi=dpi)

    def update(k):
        fig.clear()
        draw_frame(fig, k)
        return []

    anim = FuncAnimation(fig, update, frames=n_frames)
    html = anim.to_jshtml(fps=2, embed_frames=True, default_mode="once")
    plt.close(fig)
    return EXTERNAL_CSS.sub("", html)


def panel_frames(panels, plot_panel, labels=None):
    """A ``draw_frame`` for :func:`explorable`: ``plot_panel(panels[k], fig)``, titled ``labels[k]``."""
    if labels is not None and len(labels) != len(panels):
        raise ValueError(f"labels must have one entry per panel ({len(panels)}); got {len(labels)}")

    def draw(fig, k):
        plot_panel(panels[k], fig=fig)
        if labels is not None:
            fig.suptitle(labels[k], fontsize=10, y=0.995)

    return draw


def plot_manifold_panel(panel, fig=None):
    """Distance to the manifold p = b + Wx (log scale) and H along the lifted flow."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (9, 3.2))
    ax0.semilogy(panel.t, np.maximum(panel.residual, 1e-16), lw=1)
    ax0.set_xlabel("t")
    ax0.set_ylabel("max |b + Wx − p|")
    ax1.plot(panel.t, panel.energy, color="0.3", lw=1)
    _increasing_segments(ax1, panel.t, panel.energy)
    ax1.set_xlabel("t")
    ax1.set_ylabel("H, rises in red")
    _panel_layout(fig)
    return fig
