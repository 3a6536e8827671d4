"""Figures drawn from data the package computed (matplotlib is imported only here).

Every figure is sized for the book's text column: at most :data:`COLUMN_INCHES` wide, drawn
at :data:`DPI`, so it is shown at (nearly) its natural size and its smallest text — tick
labels at :data:`BOOK_STYLE`'s sizes — stays at least 11 px tall on screen. Labels use
matplotlib's mathtext (``$V_f$``), so symbols read as in the equations.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullFormatter, ScalarFormatter

try:
    import matplotlib.pyplot as plt
except ImportError as exc:  # the package itself needs only numpy and scipy
    raise ImportError("rnn_energy.plots draws with matplotlib, which is not installed; "
                      "install the book extra: pip install 'rnn-energy[book]'") from exc

from .hamiltonian import nullclines

#: Width of the book's text column, in inches at :data:`DPI` (700 px).
COLUMN_INCHES = 7.0
#: Resolution of the book's figures and explorable frames.
DPI = 100
#: Font sizes (points; 1 pt = DPI/72 px, so 9 pt is 12.5 px at full size) for every figure.
BOOK_STYLE = {
    "font.size": 10.5,
    "axes.labelsize": 10.5,
    "axes.titlesize": 10.5,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "legend.title_fontsize": 9.5,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "mathtext.fontset": "dejavusans",
}


def book_style(plot_function):
    """Draw ``plot_function``'s figure with :data:`BOOK_STYLE` (sizes are fixed at creation)."""
    @functools.wraps(plot_function)
    def wrapper(*args, **kwargs):
        with plt.rc_context(BOOK_STYLE):
            return plot_function(*args, **kwargs)
    return wrapper


def _panel_axes(fig, ncols: int, figsize):
    """A new figure of ``figsize`` with ``ncols`` axes, or the axes added to a given ``fig``."""
    if fig is None:
        fig, axes = plt.subplots(1, ncols, figsize=figsize, dpi=DPI)
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
    width, height = fig.get_size_inches()
    fig.subplots_adjust(left=0.75 / width, right=1 - 0.1 / width, bottom=0.55 / height, top=1 - 0.12 / height,
                        wspace=0.75 / (width / len(fig.axes)))


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


@book_style
def plot_energy_cases(t, cases: dict, ax=None):
    """E(t) for each case of :func:`rnn_energy.reduction.energy_cases`; increases in red."""
    fig, axes = plt.subplots(1, len(cases), figsize=(COLUMN_INCHES, 2.7), sharey=False)
    for k, (ax, (name, energy)) in enumerate(zip(np.atleast_1d(axes), cases.items())):
        for j in range(energy.shape[1]):
            ax.plot(t, energy[:, j], color="0.3", lw=1)
            _increasing_segments(ax, t, energy[:, j])
        ax.set_xlabel("$t$")
        if k == 0:
            ax.set_ylabel("$E(t)$, eq. (2)")
        ax.set_title(name)
        ax.xaxis.get_major_locator().set_params(nbins=4)
    fig.tight_layout()
    return fig


@book_style
def plot_convergence(eps, errors, slope: float):
    """Log-log plot of the distance between full and reduced trajectories against eps."""
    fig, ax = plt.subplots(figsize=(5.0, 3.2))
    ax.loglog(eps, errors, "o-", label="measured")
    ref = errors[-1] * (np.asarray(eps) / eps[-1]) ** 1.0
    ax.loglog(eps, ref, "k--", lw=1, label="slope 1")
    ax.set_xlabel(r"$\varepsilon = T_h = T_d$")
    ax.set_ylabel(r"$\max_t |V_f - V_f^{\mathrm{red}}|$")
    ax.legend(title=f"fitted slope {slope:.3f}")
    fig.tight_layout()
    return fig


@book_style
def plot_map_vs_flow(result, labels=("map, eq. (7)", "flow")):
    """Each feature coordinate along the map's orbit (markers) and the flow (lines).

    Colour tells the coordinate, style tells map from flow; the legend shows the styles in
    neutral grey, so it matches every coordinate's colour.
    """
    orbit, flow = result.orbit.reshape(len(result.times), -1), result.flow.reshape(len(result.times), -1)
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    for j in range(orbit.shape[1]):
        color = f"C{j % 10}"
        ax.plot(result.times, orbit[:, j], "o", ms=3, color=color)
        ax.plot(result.times, flow[:, j], "-", color=color, lw=1)
    ax.set_xlabel("$t$ (steps of the map)")
    ax.set_ylabel(r"$V_f$ (one colour per coordinate)")
    handles = [Line2D([], [], ls="none", marker="o", ms=4, color="0.35", label=labels[0]),
               Line2D([], [], ls="-", color="0.35", label=labels[1])]
    ax.legend(handles=handles, loc="best")
    fig.tight_layout()
    return fig


@book_style
def plot_three_population_panel(panel, fig=None):
    """Feature trajectories and energy (2) for :class:`rnn_energy.widgets.ThreePopulationPanel`."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (COLUMN_INCHES, 2.8))
    n_traj = panel.v_f.shape[1]
    for j in range(n_traj):
        ax0.plot(panel.t, panel.v_f[:, j, :], color=f"C{j}", lw=1)
        ax1.plot(panel.t, panel.energy[:, j], color=f"C{j}", lw=1)
        _increasing_segments(ax1, panel.t, panel.energy[:, j])
    ax0.set_xlabel("$t$")
    ax0.set_ylabel("$V_f(t)$")
    ax1.set_xlabel("$t$")
    ax1.set_ylabel("$E(t)$, eq. (2); rises red")
    _panel_layout(fig)
    return fig


@book_style
def plot_conjugacy_panel(panel, fig=None):
    """Orbit of f; its image under h (markers) over the orbit of g (lines)."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (COLUMN_INCHES, 2.8))
    k = np.arange(panel.f_orbit.shape[0])
    for j in range(panel.f_orbit.shape[-1]):
        ax0.plot(k, panel.f_orbit[:, j], "-", color=f"C{j}", lw=1)
        ax1.plot(k, panel.g_orbit[:, j], "-", color=f"C{j}", lw=1)
        ax1.plot(k, panel.h_of_f_orbit[:, j], "o", color=f"C{j}", ms=3)
    ax0.set_xlabel("$k$")
    ax0.set_ylabel("$f^k(x_0)$")
    ax1.set_xlabel("$k$")
    ax1.set_ylabel("$g^k(h(x_0))$ —, $h(f^k(x_0))$ ●")
    _panel_layout(fig)
    return fig


@book_style
def plot_norm_sweep(sweep):
    """Number of fixed points of f = M tanh(x) found, and stable ones, against ||M||_2."""
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    ax.step(sweep.norms, sweep.n_fixed, where="mid", label="fixed points found")
    ax.step(sweep.norms, sweep.n_stable, where="mid", label="stable (spectral radius < 1)")
    ax.axvline(1.0, color="k", lw=0.8, ls="--")
    ax.set_xlabel(r"$\|M\|_2$")
    ax.set_ylabel("count")
    ax.legend()
    fig.tight_layout()
    return fig


@book_style
def plot_energy_orbit_panel(panel, fig=None):
    """Slaved energy (25) along orbits (rises in red) and the adiabatic step changes."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (COLUMN_INCHES, 2.8))
    k = np.arange(panel.slaved_energy.shape[0])
    for j in range(panel.slaved_energy.shape[1]):
        ax0.plot(k, panel.slaved_energy[:, j], "-o", ms=2, color="0.3", lw=1)
        _increasing_segments(ax0, k, panel.slaved_energy[:, j])
        ax1.plot(k[:-1], panel.adiabatic_change[:, j], "o", ms=3, color=f"C{j}")
    ax1.axhline(0.0, color="k", lw=0.8)
    ax0.set_xlabel("$t$")
    ax0.set_ylabel("slaved $E$, eq. (25)")
    ax1.set_xlabel("$t$")
    ax1.set_ylabel(r"adiabatic $\Delta E$ (Trial 1)")
    _panel_layout(fig)
    return fig


@book_style
def plot_energy_survey(surveys: dict):
    """Histograms of slaved step changes of eq. (25), one per Phi scale (log-magnitude of rises)."""
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    for scale, changes in surveys.items():
        rises = changes["slaved"][changes["slaved"] > 1e-12]
        if rises.size:
            ax.hist(np.log10(rises), bins=30, histtype="step", label=rf"$\Phi$ scale {scale}")
    ax.set_xlabel(r"$\log_{10}$ of a rise of the slaved energy")
    ax.set_ylabel("steps")
    ax.legend()
    fig.tight_layout()
    return fig


@book_style
def plot_cccp_panel(panel, fig=None):
    """Orbit coordinates, E(v(t)) and the two-time function Lambda(t), rises in red."""
    fig, axes = _panel_axes(fig, 3, (COLUMN_INCHES, 2.8))
    t = np.arange(panel.orbit.shape[0])
    axes[0].plot(t, panel.orbit, lw=1)
    axes[0].set_ylabel("$v(t)$")
    axes[1].plot(t, panel.energy, "-o", ms=2, color="0.3", lw=1)
    _increasing_segments(axes[1], t, panel.energy)
    axes[1].set_ylabel("$E(v(t))$, eq. (4.1)")
    axes[2].plot(t[1:], panel.two_time, "-o", ms=2, color="0.3", lw=1)
    _increasing_segments(axes[2], t[1:], panel.two_time)
    axes[2].set_ylabel(r"two-time $\Lambda(t)$")
    for ax in axes:
        ax.set_xlabel("$t$")
    _panel_layout(fig)
    return fig


@book_style
def plot_two_cycle_sweep(lambdas, fractions, threshold: float):
    """Fraction of orbits ending in a 2-cycle against lambda_min, with the threshold -1/beta."""
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    ax.plot(lambdas, fractions, "o-")
    ax.axvline(threshold, color="k", ls="--", lw=0.8, label=rf"$-1/\beta = {threshold:g}$")
    ax.legend(loc="center right")
    ax.set_xlabel(r"$\lambda_{\min}(M)$")
    ax.set_ylabel("fraction ending in a 2-cycle")
    fig.tight_layout()
    return fig


@book_style
def plot_phase_diagram(phi_scales, gains, fractions, outcomes):
    """One heat map per outcome (titled above it): fraction of orbits over (Phi scale, ||Xi Xi'||_2)."""
    ncols = 2 if len(outcomes) > 2 else len(outcomes)
    nrows = -(-len(outcomes) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(COLUMN_INCHES, 2.4 * nrows + 0.4), sharey=True,
                             sharex=True, squeeze=False, layout="constrained")
    for k, (ax, name) in enumerate(zip(axes.flat, outcomes)):
        im = ax.imshow(fractions[..., k], origin="lower", vmin=0, vmax=1, aspect="auto", cmap="viridis",
                       extent=(phi_scales[0], phi_scales[-1], 0, len(gains)))
        ax.set_yticks(np.arange(len(gains)) + 0.5, [f"{g:g}" for g in gains])
        ax.set_title(name)
        if k // ncols == nrows - 1:
            ax.set_xlabel(r"$\Phi$ scale")
        if k % ncols == 0:
            ax.set_ylabel(r"$\|\Xi\Xi^\top\|_2$")
    for ax in list(axes.flat)[len(outcomes):]:
        ax.set_visible(False)
    fig.colorbar(im, ax=axes, shrink=0.9, label="fraction of orbits")
    return fig


@book_style
def plot_time_series(t, series: dict, ylabel: str, logy: bool = False):
    """Several named curves against t (one axes)."""
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    for name, values in series.items():
        (ax.semilogy if logy else ax.plot)(t, values, label=name, lw=1)
    ax.set_xlabel("$t$")
    ax.set_ylabel(ylabel)
    ax.legend()
    fig.tight_layout()
    return fig


@book_style
def plot_phase_portrait(system, trajectories: dict, x_grid):
    """x-y plane of a 1+1 E-I pair: nullclines and trajectories (one per label)."""
    fig, ax = plt.subplots(figsize=(5.0, 4.0))
    x_null, y_null = nullclines(system, x_grid)
    ax.plot(x_grid, x_null, "k--", lw=1, label="$x$-nullcline")
    ax.plot(x_grid, y_null, "k:", lw=1, label="$y$-nullcline")
    for name, traj in trajectories.items():
        ax.plot(traj[:, 0], traj[:, 1], lw=1, label=_mathtext_label(name))
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("$x$ (excitatory)")
    ax.set_ylabel("$y$ (inhibitory)")
    ax.legend()
    fig.tight_layout()
    return fig


@book_style
def plot_limit_cycle_sweep(tau_ys, sweep):
    """Oscillation amplitude against tau_y; filled markers where the conditions can hold.

    The log axis carries a few round ticks only (no minor labels, which overlap).
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    ok = sweep["admissible"]
    ax.plot(tau_ys, sweep["amplitude"], "-", color="0.5", lw=1)
    ax.plot(tau_ys[ok], sweep["amplitude"][ok], "o", label="conditions can hold")
    ax.plot(tau_ys[~ok], sweep["amplitude"][~ok], "s", mfc="none", label="no admissible $r$")
    ax.set_xscale("log")
    round_ticks = [v for v in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50) if tau_ys.min() <= v <= tau_ys.max()]
    ax.xaxis.set_major_locator(FixedLocator(round_ticks))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(r"$\tau_y$ (with $\tau_x = 1$)")
    ax.set_ylabel("amplitude of $x$")
    ax.legend()
    fig.tight_layout()
    return fig


@book_style
def plot_ei_panel(panel, fig=None):
    """Phase portrait with nullclines, and H(t) with rises in red, for the chapter-6 widget."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (COLUMN_INCHES, 2.8))
    grid = np.linspace(-0.999, 0.999, 400)
    if panel.system.c[0, 0] == 0:
        x_null, y_null = nullclines(panel.system, grid)
        ax0.plot(grid, x_null, "k--", lw=1)
        ax0.plot(grid, y_null, "k:", lw=1)
    ax0.plot(panel.trajectory[:, 0], panel.trajectory[:, 1], lw=1)
    ax0.set_xlim(-1, 1)
    ax0.set_ylim(-1, 1)
    ax0.set_xlabel("$x$")
    ax0.set_ylabel("$y$")
    t = np.arange(panel.energy.shape[0])
    ax1.plot(t, panel.energy, color="0.3", lw=1)
    _increasing_segments(ax1, t, panel.energy)
    ax1.set_xlabel("sample")
    ax1.set_ylabel("$H$, rises red")
    _panel_layout(fig)
    return fig


_SUBSCRIPT = re.compile(r"(?<=[^\W\d_])_(\{[^}]*\}|[A-Za-z0-9]+)")


def _mathtext_label(text: str) -> str:
    """``tau_y = 0.5`` as mathtext: ``$\\tau_y$ = 0.5`` (Greek names and subscripts)."""
    def word(match):
        name, sub = match.group(1), match.group(2)
        greek = name if name not in _GREEK else "\\" + name
        return f"${greek}_{{{sub}}}$" if sub else f"${greek}$"
    return re.sub(r"\b(tau|lambda|alpha|beta|sigma|epsilon|phi|Phi|[A-Za-z])_(\w+)\b", word, text)


_GREEK = {"tau", "lambda", "alpha", "beta", "sigma", "epsilon", "phi", "Phi"}


def _html_label(text: str) -> str:
    """A plain-text parameter label as HTML, with ``T_h`` shown as T<sub>h</sub>."""
    escaped = html.escape(text)
    return _SUBSCRIPT.sub(lambda m: f"<sub>{m.group(1).strip('{}')}</sub>", escaped)


def _split_label(label: str) -> tuple[str, str]:
    """``"ε = T_h = T_d = 1e-04"`` -> (``"ε = T_h = T_d"``, ``"1e-04"``); a label with no " = " or
    trailing number is all name."""
    if " = " in label:
        name, value = label.rsplit(" = ", 1)
        return name, value
    match = re.match(r"^(.*\S)\s+([-+]?[\d.]+(?:e[-+]?\d+)?)$", label)
    return (match.group(1), match.group(2)) if match else (label, "")


def explorable(draw_frame, n_frames: int, *, figsize=(COLUMN_INCHES, 2.8), dpi: int = DPI,
               labels=None, caption: str | None = None, alt: str | None = None) -> str:
    """A self-contained HTML figure: a plain slider over precomputed frames, with the parameter
    shown by name and current value.

    ``draw_frame(fig, k)`` draws frame ``k`` on a cleared figure; each frame is embedded as a PNG
    (``dpi``, ``figsize`` — by default the book's column, so text is shown at full size), so the
    page needs no kernel and no network. ``labels[k]`` (or ``draw_frame.labels``, set by
    :func:`panel_frames`) reads ``"<parameter> = <value>"``; the name goes in the slider's label
    and the value beside it, updated as the slider moves. ``alt`` is the frames' alternative
    text (the current value is appended); ``caption`` a plain-text caption. The book gives both
    in the cell's ``mystnb`` metadata instead, and its ``page_assets`` extension fills them in.
    The slider is an ``<input type="range">`` (class ``anim-slider``): arrow keys, a click or a
    drag move it.
    """
    if not isinstance(n_frames, (int, np.integer)) or n_frames < 1:
        raise ValueError(f"n_frames must be a positive integer; got {n_frames!r}")
    labels = labels if labels is not None else getattr(draw_frame, "labels", None)
    if labels is None:
        labels = [f"frame = {k + 1}" for k in range(n_frames)]
    if len(labels) != n_frames:
        raise ValueError(f"labels must have one entry per frame ({n_frames}); got {len(labels)}")
    names, values = zip(*(_split_label(str(label)) for label in labels))
    if len(set(names)) != 1:
        raise ValueError(f"labels must name one parameter; got {sorted(set(names))}")
    frames = []
    with plt.rc_context(BOOK_STYLE):
        for k in range(n_frames):
            fig = plt.figure(figsize=figsize, dpi=dpi)
            draw_frame(fig, k)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
            plt.close(fig)
            frames.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
    uid = "explorable-" + _stable_id(labels, frames)
    alt_text = html.escape(alt or f"{names[0]}: frame")
    frames_json = "[null," + ",".join(f'"{f}"' for f in frames[1:]) + "]"  # frame 0 is the img's src
    values_json = "[" + ",".join('"' + html.escape(v).replace('"', "&quot;") + '"' for v in values) + "]"
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"""<div class="explorable" id="{uid}" data-alt="{alt_text}">
<div class="explorable-controls"><label for="{uid}-slider">{_html_label(names[0])}</label>
<input type="range" class="anim-slider" id="{uid}-slider" min="0" max="{n_frames - 1}" step="1" value="0"
 aria-valuetext="{html.escape(values[0])}">
<output for="{uid}-slider" id="{uid}-value">{html.escape(values[0])}</output></div>
<img class="explorable-frame" id="{uid}-img" src="{frames[0]}" alt="{alt_text} {html.escape(values[0])}"
 width="{int(figsize[0] * dpi)}" height="{int(figsize[1] * dpi)}">{caption_html}
<script>(function() {{
  var frames = {frames_json}, values = {values_json};
  var root = document.getElementById("{uid}"), slider = document.getElementById("{uid}-slider");
  var img = document.getElementById("{uid}-img"), out = document.getElementById("{uid}-value");
  frames[0] = img.src;
  function show() {{
    var k = Number(slider.value);
    img.src = frames[k]; out.textContent = values[k]; slider.setAttribute("aria-valuetext", values[k]);
    img.alt = root.getAttribute("data-alt") + " " + values[k];
  }}
  slider.addEventListener("input", show); slider.addEventListener("change", show);
}})();</script>
</div>"""


def _stable_id(labels, frames) -> str:
    """A short id that depends only on the content (stored outputs stay the same run to run)."""
    import hashlib

    digest = hashlib.sha1("\n".join(list(map(str, labels)) + [f[-64:] for f in frames]).encode())
    return digest.hexdigest()[:10]


def panel_frames(panels, plot_panel, labels=None):
    """A ``draw_frame`` for :func:`explorable`: ``plot_panel(panels[k], fig)``.

    ``labels[k]`` (``"<parameter> = <value>"``) is kept on the function as ``.labels``, for
    :func:`explorable` to show beside the slider rather than inside the picture.
    """
    if labels is not None and len(labels) != len(panels):
        raise ValueError(f"labels must have one entry per panel ({len(panels)}); got {len(labels)}")

    def draw(fig, k):
        plot_panel(panels[k], fig=fig)

    draw.labels = list(labels) if labels is not None else None
    return draw


@book_style
def plot_manifold_panel(panel, fig=None):
    """Distance to the manifold p = b + Wx (log scale) and H along the lifted flow."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (COLUMN_INCHES, 2.8))
    ax0.semilogy(panel.t, np.maximum(panel.residual, 1e-16), lw=1)
    ax0.set_xlabel("$t$")
    ax0.set_ylabel(r"$\max_i |b + Wx - p|_i$")
    ax1.plot(panel.t, panel.energy, color="0.3", lw=1)
    _increasing_segments(ax1, panel.t, panel.energy)
    ax1.set_xlabel("$t$")
    ax1.set_ylabel("$H$, rises red")
    _panel_layout(fig)
    return fig


# ------------------------------------------------------------------------------ chapter 7
@book_style
def plot_sequence_panel(panel, fig=None):
    """Pattern overlaps against time (left); dE/dt with the landscape-motion term and its bound (right)."""
    fig, (ax0, ax1) = _panel_axes(fig, 2, (COLUMN_INCHES, 2.8))
    for mu in range(panel.overlaps.shape[1]):
        ax0.plot(panel.t, panel.overlaps[:, mu], lw=1, label=f"$m_{mu + 1}$")
    ax0.set_xlabel("$t$")
    ax0.set_ylabel("overlap $m_\\mu$")
    ax0.legend(loc="lower right")
    ax1.plot(panel.t, panel.rate, color="0.3", lw=1, label="$dE/dt$")
    ax1.plot(panel.t, panel.motion, lw=1, label="motion term")
    ax1.plot(panel.t, panel.bound, "--", lw=1, label="bound")
    ax1.set_xlabel("$t$")
    ax1.legend(loc="upper right")
    _panel_layout(fig)
    return fig


@book_style
def plot_region_map(lams, gains, classes, names):
    """Classes of the sequence coupling on the (g, lambda) grid, one colour per class."""
    from matplotlib.colors import ListedColormap

    fig, ax = plt.subplots(figsize=(5.0, 3.6), dpi=DPI)
    cmap = ListedColormap(["#c6dbef", "#fdae6b", "#74c476", "#d9d9d9"])
    ax.pcolormesh(gains, lams, classes, cmap=cmap, vmin=-0.5, vmax=3.5, shading="nearest")
    handles = [Line2D([], [], marker="s", ls="", color=cmap(k), markersize=9, label=name) for k, name in enumerate(names)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_xlabel("gain $g$")
    ax.set_ylabel("sequence strength $\\lambda$")
    fig.tight_layout()
    return fig


@book_style
def plot_certificate_survey(asymmetries, survey, gains):
    """Convergent and certified fractions against the asymmetry, one pair of curves per gain."""
    fig, ax = plt.subplots(figsize=(5.5, 3.4), dpi=DPI)
    n = survey["n_instances"]
    for i, gain in enumerate(gains):
        line, = ax.plot(asymmetries, survey["converge"][i] / n, "o-", label=f"converge, $g = {gain}$")
        ax.plot(asymmetries, survey["certified"][i] / n, "s--", color=line.get_color(), label=f"certified, $g = {gain}$")
    ax.set_xlabel("asymmetry $a$")
    ax.set_ylabel("fraction of couplings")
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


@book_style
def plot_landscape_frame(frame, fig=None):
    """The landscape E at frozen V_d on the ring through the patterns, with the state on it."""
    if fig is None:
        fig = plt.figure(figsize=(COLUMN_INCHES, 2.8), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(frame.theta, frame.energy, color="0.3", lw=1.2)
    ax.plot([frame.state_angle], [frame.state_energy], "o", color="crimson", markersize=8)
    ax.set_xticks([0.0, 2 * np.pi / 3, 4 * np.pi / 3, 2 * np.pi])
    ax.set_xticklabels([r"$\xi_1$", r"$\xi_2$", r"$\xi_3$", r"$\xi_1$"])
    ax.set_xlabel("position on the ring through the patterns")
    ax.set_ylabel("$E_{V_d}$")
    fig.tight_layout()
    return fig


@book_style
def plot_landscape_over_time(t, theta, energies, angles):
    """The moving landscape as an image over (time, ring position), the state's position on top."""
    fig, ax = plt.subplots(figsize=(COLUMN_INCHES, 3.0), dpi=DPI)
    mesh = ax.pcolormesh(t, theta, energies.T, shading="nearest", cmap="viridis")
    ax.plot(t, angles, ".", color="crimson", markersize=2)
    ax.set_yticks([0.0, 2 * np.pi / 3, 4 * np.pi / 3, 2 * np.pi])
    ax.set_yticklabels([r"$\xi_1$", r"$\xi_2$", r"$\xi_3$", r"$\xi_1$"])
    ax.set_xlabel("$t$")
    ax.set_ylabel("ring position")
    fig.colorbar(mesh, ax=ax, label="$E_{V_d(t)}$")
    fig.tight_layout()
    return fig
