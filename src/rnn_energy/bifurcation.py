r"""Fixed point, Hopf bifurcation and Lyapunov function of the excitatory–inhibitory pair (chapter 6).

The 1+1 pair of slides H21–H22,

.. math::
    \tau_x\dot x = -x + f(u + ax - by),\qquad \tau_y\dot y = -y + g(v + bx - cy),

has fixed points that do not depend on :math:`\tau_x, \tau_y`. At a point with slopes
:math:`f' = f'(u + ax - by)`, :math:`g' = g'(v + bx - cy)` its Jacobian is

.. math::
    J = \begin{pmatrix} (af' - 1)/\tau_x & -bf'/\tau_x \\ bg'/\tau_y & -(1 + cg')/\tau_y\end{pmatrix},

.. math::
    \operatorname{tr}J = \frac{af' - 1}{\tau_x} - \frac{1 + cg'}{\tau_y},\qquad
    \det J = \frac{(1 - af')(1 + cg') + b^2 f'g'}{\tau_x\tau_y},

so the trace vanishes at :math:`\tau_y^* = \tau_x(1 + cg')/(af' - 1)` when :math:`af' > 1`.
The first Lyapunov coefficient is Kuznetsov's invariant formula (Kuznetsov, *Elements of
Applied Bifurcation Theory*, eq. (3.20) and §5.4), with :math:`\langle q, q\rangle = 1`,
:math:`\langle p, q\rangle = 1`:

.. math::
    \begin{aligned}
    \ell_1 = \frac{1}{2\omega}\operatorname{Re}\bigl[&\langle p, C(q,q,\bar q)\rangle
    - 2\langle p, B(q, J^{-1}B(q,\bar q))\rangle\\
    &+ \langle p, B(\bar q, (2i\omega - J)^{-1}B(q,q))\rangle\bigr].
    \end{aligned}

The module also evaluates the theorem of chapter 6 numerically: :math:`H` restricted to the
invariant manifold, :math:`L(x, y) = H(x, y, a_x(x, y), a_y(x, y))`, along the *original*
network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy.optimize import brentq

from ._validation import as_finite_array, as_state, positive_scalar
from .activations import Activation
from .experiments import oscillation_amplitude
from .hamiltonian import ExcitatoryInhibitory
from .instances import ei_pair
from .simulate import simulate

Array = np.ndarray
# activations whose slope is unimodal with its peak at input 0 (used by the uniqueness certificate)
UNIMODAL = ("tanh", "logistic")


# ------------------------------------------------------------------------- derivatives
def third_derivative(activation: Activation, z) -> Array:
    r""":math:`\sigma'''(z)` in closed form: tanh :math:`-2(1 - t^2)(1 - 3t^2)`,
    logistic :math:`s(1 - s)(1 - 6s + 6s^2)`; other activations are piecewise polynomial
    of degree :math:`\le 2` (identity, relu) and give 0."""
    z = np.asarray(z, dtype=float)
    if activation.name == "tanh":
        t = np.tanh(z)
        return -2.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t)
    if activation.name == "logistic":
        s = activation(z)
        return s * (1.0 - s) * (1.0 - 6.0 * s + 6.0 * s * s)
    return np.zeros_like(z)


def _pair(system: ExcitatoryInhibitory, name: str = "system") -> tuple[float, float, float, float, float]:
    if not isinstance(system, ExcitatoryInhibitory) or system.n_x != 1 or system.n_y != 1:
        raise ValueError(f"{name} must be a 1 + 1 ExcitatoryInhibitory pair")
    return (float(system.a[0, 0]), float(system.b[0, 0]), float(system.c[0, 0]),
            float(system.u[0]), float(system.v[0]))


def jacobian_fd(field: Callable[[Array], Array], point, step: float = 1e-6) -> Array:
    r"""Central-difference Jacobian of a batched vector field at ``point`` (shape ``(..., n)``).

    Error :math:`O(h^2\|F'''\|) + O(\epsilon/h)`; with :math:`h = 10^{-6}` and fields of order one
    both are below :math:`10^{-9}`.
    """
    point = as_finite_array(point, "point", min_ndim=1)
    step = positive_scalar(step, "step")
    n = point.shape[-1]
    cols = []
    for k in range(n):
        e = np.zeros(n)
        e[k] = step
        cols.append((np.asarray(field(point + e)) - np.asarray(field(point - e))) / (2 * step))
    return np.stack(cols, axis=-1)


def pair_jacobian(system: ExcitatoryInhibitory, xy) -> Array:
    r"""Closed-form Jacobian of the pair's network field at ``xy`` (batched ``(..., 2) -> (..., 2, 2)``)."""
    a, b, c, _, _ = _pair(system)
    xy = as_state(xy, "xy", 2)
    a_x, a_y = system.drives(xy[..., :1], xy[..., 1:])
    fp, gp = system.f.derivative(a_x[..., 0]), system.g.derivative(a_y[..., 0])
    row_x = np.stack([(a * fp - 1) / system.tau_x, -b * fp / system.tau_x], axis=-1)
    row_y = np.stack([b * gp / system.tau_y, -(1 + c * gp) / system.tau_y], axis=-1)
    return np.stack([row_x, row_y], axis=-2)


# ------------------------------------------------------------ fixed point, uniqueness
def y_nullcline(system: ExcitatoryInhibitory, x) -> Array:
    r"""The :math:`y`-nullcline :math:`Y(x)`: the unique root of :math:`y = g(v + bx - cy)`.

    :math:`y \mapsto y - g(v + bx - cy)` is strictly increasing when :math:`1 + c\beta_g > 0`,
    negative at the lower end of :math:`g`'s image and positive at the upper end, so the root
    exists, is unique, and is found by batched bisection (60 halvings).
    """
    a, b, c, u, v = _pair(system)
    if 1 + c * system.g.gain <= 0:
        raise ValueError(f"system.c must satisfy 1 + c beta_g > 0 for a single-valued y-nullcline; got c = {c}")
    x = as_finite_array(x, "x")
    lo_img, hi_img = system.g.image
    lo = np.full(x.shape, max(lo_img, -1e6))
    hi = np.full(x.shape, min(hi_img, 1e6))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        above = mid - system.g(v + b * x - c * mid) > 0
        hi, lo = np.where(above, mid, hi), np.where(above, lo, mid)
    return 0.5 * (lo + hi)


def nullcline_gap(system: ExcitatoryInhibitory, x) -> Array:
    r""":math:`\varphi(x) = f^{-1}(x) - u - ax + bY(x) = b\,[Y(x) - X(x)]`, with :math:`X` the
    :math:`x`-nullcline :math:`y = (u + ax - f^{-1}(x))/b`: zero exactly at the fixed points."""
    a, b, c, u, v = _pair(system)
    x = as_finite_array(x, "x")
    return system.f.inverse(x, "x") - u - a * x + b * y_nullcline(system, x)


def nullcline_gap_slope(system: ExcitatoryInhibitory, x) -> Array:
    r""":math:`\varphi'(x) = 1/f'(f^{-1}(x)) - a + b^2 g'(q)/(1 + cg'(q))`, :math:`q = v + bx - cY(x)`
    (implicit differentiation of :math:`Y = g(v + bx - cY)`)."""
    a, b, c, u, v = _pair(system)
    x = as_finite_array(x, "x")
    gp = system.g.derivative(v + b * x - c * y_nullcline(system, x))
    return 1.0 / system.f.derivative(system.f.inverse(x, "x")) - a + b * b * gp / (1 + c * gp)


@dataclass(frozen=True)
class FixedPoints:
    """The pair's fixed points and whether their uniqueness is certified.

    ``slope_bound`` is the smallest lower bound of :math:`\\varphi'` over the cells (positive:
    :math:`\\varphi` strictly increasing everywhere).
    """

    points: Array
    certified_unique: bool
    slope_bound: float
    n_cells: int


def pair_fixed_points(system: ExcitatoryInhibitory, n_cells: int = 4000, z_max: float = 12.0) -> FixedPoints:
    r"""Fixed points of the pair as the crossings of its nullclines, with a uniqueness certificate.

    Proof behind the certificate. Fixed points are the zeros of :math:`\varphi` (see
    :func:`nullcline_gap`) on the open image :math:`I` of :math:`f`; :math:`\varphi \to \mp\infty` at
    the ends of :math:`I` (:math:`f^{-1}` is unbounded, the rest bounded), so a zero exists.
    Cover :math:`I` by cells :math:`[f(z_k), f(z_{k+1})]` plus two end cells. On a cell,
    (i) :math:`(f^{-1})'(x) = 1/f'(z)` is at least :math:`1/\max f'` over the cell's
    :math:`z`-interval, attained at the point nearest 0 (:math:`f'` unimodal, peak at 0);
    (ii) :math:`q(x) = v + bx - cY(x)` is monotone (:math:`q' = b/(1 + cg')`), :math:`g'` is unimodal,
    so :math:`g'(q(x))` is smallest at an end of the cell, and :math:`t \mapsto b^2t/(1 + ct)` is
    increasing; on the end cells it is bounded below by 0. A cell with lower bound :math:`m > 0`
    holds at most one zero (there iff :math:`\varphi` changes sign across it); a cell with
    :math:`m \le 0` holds none if :math:`\varphi(x_k) + m\,\Delta x > 0` or
    :math:`\varphi(x_{k+1}) - m\,\Delta x < 0`. If every cell is of one of these kinds and
    :math:`\varphi` changes sign once on the grid, the fixed point is unique (``certified_unique``);
    otherwise all sign changes are returned and ``certified_unique`` is ``False``.
    """
    a, b, c, u, v = _pair(system)
    for act, name in ((system.f, "system.f"), (system.g, "system.g")):
        if act.name not in UNIMODAL:
            raise ValueError(f"{name} must be one of {UNIMODAL} (unimodal slope); got {act.name}")
    if not isinstance(n_cells, (int, np.integer)) or n_cells < 10:
        raise ValueError(f"n_cells must be an integer >= 10; got {n_cells!r}")
    z = np.linspace(-z_max, z_max, n_cells + 1)
    x = system.f(z)
    # (i) smallest (f^-1)' on each cell and on the two end cells
    inv_slope = 1.0 / system.f.derivative(np.clip(0.0, z[:-1], z[1:]))
    ends = 1.0 / system.f.derivative(z[[0, -1]])
    # (ii) smallest b^2 g'/(1 + c g') at the cell ends
    gp = system.g.derivative(v + b * x - c * y_nullcline(system, x))
    coupling = b * b * gp / (1 + c * gp)
    slope = inv_slope - a + np.minimum(coupling[:-1], coupling[1:])
    bounds = np.concatenate([slope, ends - a])
    phi = nullcline_gap(system, x)
    # a cell where phi' may change sign is still root-free if phi stays off zero there:
    # phi(s) >= phi(x_k) + min(m, 0) dx and phi(s) <= phi(x_k+1) + max(-m, 0) dx
    dx = np.diff(x)
    root_free = (phi[:-1] + np.minimum(slope, 0) * dx > 0) | (phi[1:] + np.maximum(-slope, 0) * dx < 0)
    changes = np.flatnonzero(np.sign(phi[:-1]) * np.sign(phi[1:]) <= 0)
    certified = bool(np.all(ends - a > 0) and np.all((slope > 0) | root_free) and len(changes) == 1)
    roots = []
    for k in changes:
        if phi[k] == 0:
            roots.append(x[k])
        elif phi[k + 1] != 0:
            roots.append(brentq(lambda s: float(nullcline_gap(system, s)), x[k], x[k + 1], xtol=1e-15, rtol=1e-15))
    roots = np.unique(np.array(roots))
    points = np.stack([roots, y_nullcline(system, roots)], axis=-1)
    return FixedPoints(points=points, certified_unique=certified and len(roots) == 1,
                       slope_bound=float(bounds.min()), n_cells=int(n_cells))


def unique_fixed_point(system: ExcitatoryInhibitory) -> Array:
    """The pair's fixed point ``[x*, y*]``; ``ValueError`` if uniqueness cannot be certified."""
    fp = pair_fixed_points(system)
    if not fp.certified_unique:
        raise ValueError(f"system: uniqueness of the fixed point is not certified ({len(fp.points)} found, "
                         f"slope bound {fp.slope_bound:.3g})")
    return fp.points[0]


# -------------------------------------------------------------------- trace, determinant
def fixed_point_slopes(system: ExcitatoryInhibitory) -> tuple[float, float]:
    """:math:`f'` and :math:`g'` at the unique fixed point (independent of the time constants)."""
    xy = unique_fixed_point(system)
    a_x, a_y = system.drives(xy[:1], xy[1:])
    return float(system.f.derivative(a_x)[0]), float(system.g.derivative(a_y)[0])


def trace_determinant(system: ExcitatoryInhibitory, tau_ys) -> dict[str, Array]:
    r"""Closed-form :math:`\operatorname{tr}J` and :math:`\det J` at the fixed point for each :math:`\tau_y`.

    ``tau_ys`` is batched; the other parameters are those of ``system``.
    """
    a, b, c, _, _ = _pair(system)
    tau_ys = as_finite_array(tau_ys, "tau_ys")
    if np.any(tau_ys <= 0):
        raise ValueError("tau_ys must be positive")
    fp, gp = fixed_point_slopes(system)
    tx = system.tau_x
    return {"trace": (a * fp - 1) / tx - (1 + c * gp) / tau_ys,
            "det": ((1 - a * fp) * (1 + c * gp) + b * b * fp * gp) / (tx * tau_ys)}


def with_tau_y(system: ExcitatoryInhibitory, tau_y: float) -> ExcitatoryInhibitory:
    """The same network with another :math:`\\tau_y`."""
    return ExcitatoryInhibitory(system.a, system.b, system.c, system.u, system.v, system.tau_x,
                                positive_scalar(tau_y, "tau_y"), system.r, system.f, system.g)


# ------------------------------------------------------------- first Lyapunov coefficient
def complex_multilinear(form: Callable[..., Array]) -> Callable[..., Array]:
    """Extend a real multilinear form to complex arguments by expanding each into real and imaginary parts."""
    def extended(*args):
        args = [np.asarray(v, dtype=complex) for v in args]
        total = 0.0
        for picks in product((0, 1), repeat=len(args)):
            parts = [v.imag if p else v.real for v, p in zip(args, picks)]
            total = total + (1j ** sum(picks)) * np.asarray(form(*parts), dtype=float)
        return total
    return extended


def multilinear_forms_fd(field: Callable[[Array], Array], point, h2: float = 1e-4, h3: float = 1e-3):
    r"""Second and third derivatives :math:`B(\xi, \eta)`, :math:`C(\xi, \eta, \zeta)` of ``field`` at
    ``point`` by finite differences and polarisation (complex arguments allowed).

    :math:`B` from :math:`Q(\xi) = [F(x + h\xi) - 2F(x) + F(x - h\xi)]/h^2` (error :math:`O(h^2)`, round-off
    :math:`O(\epsilon/h^2)`: both :math:`\sim 10^{-8}` at :math:`h = 10^{-4}`), :math:`B(\xi,\eta) = [Q(\xi+\eta) - Q(\xi-\eta)]/4`;
    :math:`C` from the five-point :math:`K(\xi) = [F(x+2h\xi) - 2F(x+h\xi) + 2F(x-h\xi) - F(x-2h\xi)]/(2h^3)`
    (error :math:`O(h^2)`, round-off :math:`O(\epsilon/h^3)`: both :math:`\sim 10^{-6}` at :math:`h = 10^{-3}`) and
    :math:`C(a, b, c) = \tfrac1{24}\sum_{s,t=\pm1} st\,K(a + sb + tc)`.
    """
    x0 = as_finite_array(point, "point", ndim=1)
    F = lambda s: np.asarray(field(s), dtype=float)  # noqa: E731
    f0 = F(x0)

    def quad(xi):
        return (F(x0 + h2 * xi) - 2 * f0 + F(x0 - h2 * xi)) / h2**2

    def cubic(xi):
        return (F(x0 + 2 * h3 * xi) - 2 * F(x0 + h3 * xi) + 2 * F(x0 - h3 * xi) - F(x0 - 2 * h3 * xi)) / (2 * h3**3)

    def b_real(xi, eta):
        return (quad(xi + eta) - quad(xi - eta)) / 4

    def c_real(a, b, c):
        return sum(s * t * cubic(a + s * b + t * c) for s in (1, -1) for t in (1, -1)) / 24

    return complex_multilinear(b_real), complex_multilinear(c_real)


def pair_multilinear_forms(system: ExcitatoryInhibitory, xy):
    r"""Closed-form :math:`B`, :math:`C` of the pair's field at ``xy``: component :math:`i` is
    :math:`\sigma_i(w_i\cdot s)/\tau_i` minus a linear term, so
    :math:`B_i(\xi,\eta) = \sigma_i''\,(w_i\cdot\xi)(w_i\cdot\eta)/\tau_i` and
    :math:`C_i = \sigma_i'''\,(w_i\cdot\xi)(w_i\cdot\eta)(w_i\cdot\zeta)/\tau_i`, with
    :math:`w_x = (a, -b)`, :math:`w_y = (b, -c)`."""
    a, b, c, _, _ = _pair(system)
    xy = as_state(xy, "xy", 2)
    a_x, a_y = system.drives(xy[:1], xy[1:])
    w = np.array([[a, -b], [b, -c]])
    tau = np.array([system.tau_x, system.tau_y])
    d2 = np.array([system.f.second_derivative(a_x)[0], system.g.second_derivative(a_y)[0]]) / tau
    d3 = np.array([third_derivative(system.f, a_x)[0], third_derivative(system.g, a_y)[0]]) / tau

    def second(xi, eta):
        return d2 * (w @ xi) * (w @ eta)

    def third(xi, eta, zeta):
        return d3 * (w @ xi) * (w @ eta) * (w @ zeta)

    return second, third


def critical_eigenvectors(jacobian) -> tuple[float, Array, Array]:
    r""":math:`\omega > 0`, :math:`q`, :math:`p` with :math:`Jq = i\omega q`, :math:`J^\top p = -i\omega p`,
    :math:`\langle q, q\rangle = 1`, :math:`\langle p, q\rangle = \bar p^\top q = 1`.

    ``ValueError`` unless :math:`J` has a pair of purely imaginary eigenvalues (relative tolerance 1e-7).
    """
    jac = as_finite_array(jacobian, "jacobian", ndim=2)
    vals, vecs = np.linalg.eig(jac)
    k = int(np.argmax(vals.imag))
    lam = vals[k]
    if lam.imag <= 0 or abs(lam.real) > 1e-7 * abs(lam):
        raise ValueError(f"jacobian must have a purely imaginary pair of eigenvalues; got {vals}")
    omega = float(lam.imag)
    q = vecs[:, k] / np.linalg.norm(vecs[:, k])
    lvals, lvecs = np.linalg.eig(jac.T)
    p = lvecs[:, int(np.argmin(np.abs(lvals + 1j * omega)))]
    p = p / np.conj(np.vdot(p, q))  # now vdot(p, q) = conj(p) . q = 1
    return omega, q, p


def first_lyapunov_coefficient(jacobian, second, third) -> float:
    r"""Kuznetsov's first Lyapunov coefficient :math:`\ell_1` (normalisation :math:`\langle q,q\rangle = 1`).

    ``second(xi, eta)`` and ``third(xi, eta, zeta)`` are the symmetric multilinear forms of the
    field's second and third derivatives at the equilibrium, accepting complex vectors.
    :math:`\ell_1 < 0`: supercritical (a stable cycle is born), :math:`\ell_1 > 0`: subcritical.
    For :math:`\dot z = i\omega z + c_1 z|z|^2` in the coordinates :math:`s = zq + \bar z\bar q`,
    :math:`\ell_1 = \operatorname{Re}c_1/\omega`.
    """
    jac = as_finite_array(jacobian, "jacobian", ndim=2)
    omega, q, p = critical_eigenvectors(jac)
    n = jac.shape[0]
    qb = np.conj(q)
    r11 = np.linalg.solve(jac.astype(complex), second(q, qb))
    r20 = np.linalg.solve(2j * omega * np.eye(n) - jac, second(q, q))
    total = np.vdot(p, third(q, q, qb)) - 2 * np.vdot(p, second(q, r11)) + np.vdot(p, second(qb, r20))
    return float(total.real / (2 * omega))


def guckenheimer_holmes_coefficient(derivs: dict[str, float], omega: float) -> float:
    r"""Guckenheimer & Holmes' :math:`a` for :math:`\dot x = -\omega y + f`, :math:`\dot y = \omega x + g`
    (their eq. (3.4.11)):

    .. math::

        \begin{aligned}
        16a = {}& f_{xxx} + f_{xyy} + g_{xxy} + g_{yyy}\\
        & + \tfrac1\omega[f_{xy}(f_{xx} + f_{yy}) - g_{xy}(g_{xx} + g_{yy}) - f_{xx}g_{xx} + f_{yy}g_{yy}].
        \end{aligned}

    ``derivs`` holds the partial derivatives at the origin under these names. The cycle's radius
    is :math:`\sqrt{-\mu/a}` for :math:`\dot r = \mu r + ar^3`; it relates to Kuznetsov's
    coefficient as :math:`\ell_1 = 2a/\omega`.
    """
    omega = positive_scalar(omega, "omega")
    d = derivs
    return ((d["fxxx"] + d["fxyy"] + d["gxxy"] + d["gyyy"])
            + (d["fxy"] * (d["fxx"] + d["fyy"]) - d["gxy"] * (d["gxx"] + d["gyy"])
               - d["fxx"] * d["gxx"] + d["fyy"] * d["gyy"]) / omega) / 16


# ----------------------------------------------------------------------------- Hopf point
@dataclass(frozen=True)
class HopfPoint:
    r"""The Hopf bifurcation of the pair in :math:`\tau_y`.

    ``tau_y`` closed form; ``tau_y_bracketed`` root of the finite-difference trace (brentq);
    ``det`` and ``omega = sqrt(det)`` there; ``growth`` :math:`= d\operatorname{Re}\lambda/d\tau_y`;
    ``l1`` from closed-form derivatives, ``l1_fd`` from finite differences; ``q`` the critical
    eigenvector (:math:`\langle q,q\rangle = 1`); ``prefactor`` the predicted :math:`K` in
    amplitude of :math:`x \approx K\sqrt{\tau_y - \tau_y^*}`.
    """

    tau_y: float
    tau_y_bracketed: float
    det: float
    omega: float
    growth: float
    l1: float
    l1_fd: float
    fixed_point: Array
    q: Array
    prefactor: float

    @property
    def supercritical(self) -> bool:
        return self.l1 < 0


def hopf_point(system: ExcitatoryInhibitory) -> HopfPoint:
    r"""The Hopf point :math:`\tau_y^*` of a 1+1 pair (``system.tau_y`` is ignored).

    :math:`\tau_y^* = \tau_x(1 + cg')/(af' - 1)`; at it :math:`\det J > 0` is required (otherwise a
    saddle, no Hopf). Transversality: :math:`d\operatorname{Re}\lambda/d\tau_y = (1 + cg')/(2\tau_y^{*2}) > 0`.
    Amplitude law, from the normal form :math:`\dot\rho = \alpha\rho + \omega\ell_1\rho^3` in
    :math:`s - s^* \approx zq + \bar z\bar q`, :math:`|z| = \rho`: the cycle has
    :math:`\rho^2 = -\alpha/(\omega\ell_1)`, so :math:`x` oscillates with half peak-to-peak
    :math:`2|q_x|\rho = K\sqrt{\tau_y - \tau_y^*}` with :math:`K = 2|q_x|\sqrt{\alpha'/(-\omega\ell_1)}`
    to leading order.
    """
    a, b, c, _, _ = _pair(system)
    fp, gp = fixed_point_slopes(system)
    if a * fp <= 1:
        raise ValueError(f"system has no Hopf point in tau_y: a f'(fixed point) = {a * fp:.4f} <= 1, trace < 0 for all tau_y")
    xy = unique_fixed_point(system)
    tau_star = system.tau_x * (1 + c * gp) / (a * fp - 1)
    det = float(trace_determinant(system, tau_star)["det"])
    if det <= 0:
        raise ValueError(f"system: det J = {det:.4g} <= 0 where the trace vanishes (a saddle, no Hopf)")

    def fd_trace(tau):
        return float(np.trace(jacobian_fd(with_tau_y(system, tau).network_field, xy)))

    lo, hi = 1e-3 * system.tau_x, 1e3 * system.tau_x
    bracketed = brentq(fd_trace, lo, hi, xtol=1e-13, rtol=1e-13)
    critical = with_tau_y(system, tau_star)
    jac = pair_jacobian(critical, xy)
    l1 = first_lyapunov_coefficient(jac, *pair_multilinear_forms(critical, xy))
    l1_fd = first_lyapunov_coefficient(jac, *multilinear_forms_fd(critical.network_field, xy))
    omega, q, _ = critical_eigenvectors(jac)
    growth = (1 + c * gp) / (2 * tau_star**2)
    prefactor = 2 * abs(q[0]) * np.sqrt(growth / (-omega * l1)) if l1 < 0 else np.nan
    return HopfPoint(tau_y=float(tau_star), tau_y_bracketed=float(bracketed), det=det, omega=float(omega),
                     growth=float(growth), l1=l1, l1_fd=l1_fd, fixed_point=xy, q=q, prefactor=float(prefactor))


# -------------------------------------------------------------------------- amplitude law
def cycle_amplitudes(system: ExcitatoryInhibitory, tau_ys, start, *, t_max: float = 4000.0,
                     window: float = 60.0, samples: int = 6001) -> dict[str, Array]:
    r"""Half peak-to-peak of :math:`x` (and its drift) after ``t_max`` for each :math:`\tau_y`, one batched run.

    All :math:`\tau_y` are integrated together: the field of row :math:`k` is the network field
    with :math:`\tau_y = 1` whose :math:`y`-component is divided by :math:`\tau_{y,k}`. ``start``
    ``(K, 2)`` are the initial states. Returns the amplitude over the last ``window`` and the
    relative change against the window before it (small when transients have died out).
    """
    tau_ys = as_finite_array(tau_ys, "tau_ys", ndim=1)
    if np.any(tau_ys <= 0):
        raise ValueError("tau_ys must be positive")
    start = as_state(start, "start", 2)
    if start.shape != (tau_ys.size, 2):
        raise ValueError(f"start must have shape ({tau_ys.size}, 2); got {start.shape}")
    t_max, window = positive_scalar(t_max, "t_max"), positive_scalar(window, "window")
    if 2 * window >= t_max:
        raise ValueError("window must be shorter than half of t_max")
    unit = with_tau_y(system, 1.0)
    scale = np.stack([np.ones_like(tau_ys), 1.0 / tau_ys], axis=-1)
    t = np.concatenate([[0.0], np.linspace(t_max - 2 * window, t_max, samples)])
    traj = simulate(lambda s: unit.network_field(s) * scale, start, t, rtol=1e-10, atol=1e-12).y[1:]
    half = samples // 2
    last = oscillation_amplitude(traj[half:, :, :1], tail=1.0)[:, 0]
    before = oscillation_amplitude(traj[:half, :, :1], tail=1.0)[:, 0]
    return {"amplitude": last, "drift": np.abs(last - before) / np.maximum(last, 1e-300)}


def amplitude_law(system: ExcitatoryInhibitory, offsets, **kwargs) -> dict[str, object]:
    r"""Limit-cycle amplitude of :math:`x` at :math:`\tau_y = \tau_y^* + \mu` for each offset :math:`\mu > 0`.

    Runs start on the predicted cycle (:math:`s^* + 2\rho\operatorname{Re}q`), fits
    :math:`\log A = \log K + \gamma\log\mu` (``exponent`` :math:`\gamma`, ``fit_prefactor``), and
    extrapolates :math:`A/\sqrt\mu` linearly in :math:`\mu` to :math:`\mu \to 0`
    (``prefactor_limit``), to compare with the normal form's ``predicted`` :math:`K`.
    """
    offsets = as_finite_array(offsets, "offsets", ndim=1)
    if offsets.size < 3 or np.any(offsets <= 0):
        raise ValueError("offsets must hold at least three positive values")
    hopf = hopf_point(system)
    if not hopf.supercritical:
        raise ValueError(f"system: l1 = {hopf.l1:.4g} >= 0, subcritical: no stable cycle to measure")
    rho = hopf.prefactor * np.sqrt(offsets) / (2 * abs(hopf.q[0]))
    start = hopf.fixed_point + 2 * rho[:, None] * hopf.q.real[None, :]
    runs = cycle_amplitudes(system, hopf.tau_y + offsets, start, **kwargs)
    amp = runs["amplitude"]
    slope, intercept = np.polyfit(np.log(offsets), np.log(amp), 1)
    lin = np.polyfit(offsets, amp / np.sqrt(offsets), 1)
    return {"hopf": hopf, "offsets": offsets, "amplitude": amp, "drift": runs["drift"],
            "exponent": float(slope), "fit_prefactor": float(np.exp(intercept)),
            "prefactor_limit": float(lin[1]), "predicted": hopf.prefactor}


# ------------------------------------------------------- H on the manifold as a Lyapunov function
def manifold_energy(system: ExcitatoryInhibitory, xy) -> Array:
    r""":math:`L(x, y) = H(x, y, a_x(x, y), a_y(x, y))`: eq. (H26) on the manifold (H25), batched."""
    return system.hamiltonian(system.lift(xy))


def manifold_energy_rate(system: ExcitatoryInhibitory, xy) -> Array:
    r""":math:`dL/dt` along the network: the terms of :math:`\dot H` (eq-Hdot) at the lifted state
    (the off-manifold term is zero there)."""
    return sum(system.rate_terms(system.lift(xy)).values())


def lyapunov_along_network(system: ExcitatoryInhibitory, starts, t) -> dict[str, object]:
    r"""Follow :math:`L` along trajectories of the *original* network from ``starts`` ``(K, n)``.

    Returns :math:`L(t)`, its largest step-to-step increase, the distance of the final states to
    the network's fixed point(s) (the final speed :math:`|\dot s|`), the spread of the final states,
    the smallest :math:`L(t) - L_\infty` (bounded below by the limit), and the largest gap between
    :math:`dL/dt` from the energy balance and :math:`dL/dt` by differentiating the sampled :math:`L`.
    """
    n = system.n_x + system.n_y
    starts = as_state(starts, "starts", n)
    t = as_finite_array(t, "t", ndim=1)
    traj = simulate(system.network_field, starts, t, rtol=1e-11, atol=1e-13).y
    energy = manifold_energy(system, traj)
    rate = manifold_energy_rate(system, traj)
    sampled = np.gradient(energy, t, axis=0, edge_order=2)
    final = traj[-1]
    return {
        "trajectory": traj, "energy": energy,
        "largest increase": float(np.max(np.diff(energy, axis=0))),
        "final speed": float(np.max(np.linalg.norm(system.network_field(final), axis=-1))),
        "final spread": float(np.max(np.abs(final - final[0]))),
        "above limit": float(np.min(energy - energy[-1])),
        "largest rate": float(np.max(rate)),
        "rate mismatch": float(np.max(np.abs(rate - sampled)[2:-2]) / max(np.max(np.abs(rate)), 1e-300)),
    }


def default_pair(**overrides) -> ExcitatoryInhibitory:
    """The chapter's pair (``ei_pair`` defaults: a = 2, b = 2.5, c = 0, u = v = 0, tau_x = 1, tanh)."""
    return ei_pair(**overrides)
