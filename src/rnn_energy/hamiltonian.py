r"""Hamiltonian dynamics and neural networks (the slides; chapters 5 and 6).

Notation of the slides: :math:`F' = f`, :math:`\bar F' = f^{-1}` (the Lagrangian and the
Legendre dual of :mod:`rnn_energy.activations`), and

.. math:: \Phi(p, x) = \mathbf 1^\top F(p) - p^\top x + \mathbf 1^\top \bar F(x) \;\ge\; 0,

with equality exactly when :math:`x = f(p)` (Fenchel–Young). Each system is a frozen
dataclass of parameters with pure methods: the network's own vector field, the *lifted*
vector field in phase space, the Hamiltonian, its gradient, and the residual of the
invariant manifold. States are batched on the leading axes; a lifted state is ``[x, p]``
(or ``[x, y, p_x, p_y]`` for the excitatory–inhibitory network).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_finite_array, as_matrix, as_square_matrix, as_state, nonnegative_scalar, positive_scalar
from .activations import Activation, get_activation

Array = np.ndarray


def fenchel_gap(activation: Activation, p, x) -> Array:
    r""":math:`\Phi(p, x) = \mathbf 1^\top F(p) - p^\top x + \mathbf 1^\top\bar F(x) \ge 0` (batched)."""
    return (np.sum(activation.lagrangian(p), axis=-1) - np.sum(p * x, axis=-1)
            + np.sum(activation.legendre_dual(x, "x"), axis=-1))


def hamiltonian_rate(system, state) -> Array:
    r""":math:`\dot H = \nabla H\cdot\dot z` along the system's own (lifted) vector field, by the chain rule.

    ``system`` provides ``hamiltonian_gradient`` and ``vector_field`` (any system of this module).
    """
    return np.sum(system.hamiltonian_gradient(state) * system.vector_field(state), axis=-1)


def _split(state, n: int, parts: int, name: str = "state") -> list[Array]:
    s = as_state(state, name, parts * n)
    return [s[..., k * n:(k + 1) * n] for k in range(parts)]


# ------------------------------------------------------------------ damped oscillator
@dataclass(frozen=True)
class DampedOscillator:
    r"""Slides H1–H5: :math:`\dot x = p`, :math:`\dot p = -x - D\dot x`, :math:`H = (x^2 + p^2)/2`."""

    damping: float = 0.3

    def __post_init__(self):
        object.__setattr__(self, "damping", nonnegative_scalar(self.damping, "damping"))

    dim = 2

    def vector_field(self, state) -> Array:
        r"""H1–H2: :math:`(\dot x, \dot p) = (p, -x - D\dot x)` for states ``[x, p]``."""
        x, p = _split(state, 1, 2)
        return np.concatenate([p, -x - self.damping * p], axis=-1)

    def hamiltonian(self, state) -> Array:
        r""":math:`H = (x^2 + p^2)/2`, the energy of H3–H5."""
        x, p = _split(state, 1, 2)
        return 0.5 * (x[..., 0] ** 2 + p[..., 0] ** 2)

    def hamiltonian_gradient(self, state) -> Array:
        """:math:`(\\partial H/\\partial x, \\partial H/\\partial p) = (x, p)`."""
        return as_state(state, "state", 2).copy()

    def dissipation(self, state) -> Array:
        r"""H5: :math:`\dot H = -D\dot x^2`."""
        return -self.damping * self.vector_field(state)[..., 0] ** 2

    def exact_solution(self, state0, t) -> Array:
        r"""Closed form of :math:`\ddot x + D\dot x + x = 0` (under-damped, :math:`D < 2`), shape ``(T, 2)``."""
        if self.damping >= 2:
            raise ValueError(f"damping must be below 2 for the under-damped closed form; got {self.damping}")
        x0, p0 = as_state(state0, "state0", 2)
        t = as_finite_array(t, "t", ndim=1)
        a, w = self.damping / 2, np.sqrt(1 - self.damping**2 / 4)
        c1, c2 = x0, (p0 + a * x0) / w
        decay = np.exp(-a * t)
        x = decay * (c1 * np.cos(w * t) + c2 * np.sin(w * t))
        p = decay * ((-a * c1 + w * c2) * np.cos(w * t) + (-a * c2 - w * c1) * np.sin(w * t))
        return np.stack([x, p], axis=-1)


# ------------------------------------------------------------ lifted networks (H6-H20)
@dataclass(frozen=True)
class LiftedNetwork:
    """Shared by the symmetric and antisymmetric networks: bias ``b``, activation, the input
    ``b + Cx`` with ``C = self.coupling``, the invariant manifold ``p = b + Cx`` and its lift."""

    def _validate(self, name: str, matrix, symmetry: int) -> None:
        m = as_square_matrix(matrix, name)
        if not np.allclose(m, symmetry * m.T, atol=1e-12):
            raise ValueError(f"{name} must be {'symmetric' if symmetry == 1 else 'antisymmetric'}")
        object.__setattr__(self, name, m)
        object.__setattr__(self, "b", as_finite_array(self.b, "b", ndim=1))
        if self.b.shape != (m.shape[0],):
            raise ValueError(f"b must have shape ({m.shape[0]},); got {self.b.shape}")
        object.__setattr__(self, "activation", get_activation(self.activation))

    @property
    def n(self) -> int:
        """Number of units."""
        return self.coupling.shape[0]

    @property
    def dim(self) -> int:
        """Length of a lifted state ``[x, p]``."""
        return 2 * self.n

    def drive(self, x) -> Array:
        """The network's input :math:`b + Cx` (batched)."""
        return self.b + np.asarray(x) @ self.coupling.T

    def lift(self, x) -> Array:
        """The point ``[x, b + Cx]`` of the invariant manifold above ``x``."""
        x = as_state(x, "x", self.n)
        return np.concatenate([x, self.drive(x)], axis=-1)

    def manifold_residual(self, state) -> Array:
        """:math:`b + Cx - p` (zero on the invariant manifold)."""
        x, p = _split(state, self.n, 2)
        return self.drive(x) - p


# ---------------------------------------------------------------- symmetric network
@dataclass(frozen=True)
class SymmetricNetwork(LiftedNetwork):
    r"""Slides H6–H13: :math:`\dot x + x = f(b + Wx)` with symmetric :math:`W`, lifted to :math:`(x, p)`.

    Lifted: :math:`\dot x + x = f(p)`, :math:`\dot p + p = b + Wf(b + Wx)`; the two agree on
    the invariant manifold :math:`p = b + Wx`.
    """

    w: Array
    b: Array
    activation: Activation | str = "tanh"

    def __post_init__(self):
        self._validate("w", self.w, +1)

    @property
    def coupling(self) -> Array:
        """The coupling :math:`W`."""
        return self.w

    def network_field(self, x) -> Array:
        """H6: :math:`\\dot x = f(b + Wx) - x`."""
        x = as_state(x, "x", self.n)
        return self.activation(self.drive(x)) - x

    def vector_field(self, state) -> Array:
        """H7–H8: :math:`\\dot x = f(p) - x`, :math:`\\dot p = b + Wf(b + Wx) - p`."""
        x, p = _split(state, self.n, 2)
        f = self.activation
        return np.concatenate([f(p) - x, self.b + f(self.drive(x)) @ self.w.T - p], axis=-1)

    def hamiltonian(self, state) -> Array:
        r"""H10: :math:`H = \Phi(p, x) - b^\top x - \mathbf 1^\top F(b + Wx) + \mathbf 1^\top\bar F(x)`."""
        x, p = _split(state, self.n, 2)
        f = self.activation
        return (fenchel_gap(f, p, x) - np.sum(self.b * x, axis=-1)
                - np.sum(f.lagrangian(self.drive(x)), axis=-1)
                + np.sum(f.legendre_dual(x, "x"), axis=-1))

    def hamiltonian_gradient(self, state) -> Array:
        r""":math:`(\partial H/\partial x, \partial H/\partial p) = (2f^{-1}(x) - p - b - Wf(b+Wx),\; f(p) - x)`."""
        x, p = _split(state, self.n, 2)
        f = self.activation
        dx = 2 * f.inverse(x, "x") - p - self.b - f(self.drive(x)) @ self.w.T
        return np.concatenate([dx, f(p) - x], axis=-1)

    def friction(self, state) -> Array:
        r"""H12's friction: :math:`2[f^{-1}(x + \dot x) - f^{-1}(x)]`, with :math:`x + \dot x = f(p)`."""
        x, p = _split(state, self.n, 2)
        f = self.activation
        return 2 * (f.inverse(f(p), "x + dx/dt") - f.inverse(x, "x"))

    def dissipation(self, state) -> Array:
        r"""H13: :math:`\dot H = -2\dot x^\top[f^{-1}(x + \dot x) - f^{-1}(x)] \le 0`."""
        dx = self.vector_field(state)[..., : self.n]
        return -np.sum(dx * self.friction(state), axis=-1)

    def manifold_rate(self, x) -> Array:
        r"""Real parts of the eigenvalues of :math:`-(I + WD)`, :math:`D = f'(b + Wx)`: the linearised
        rate at which the residual :math:`e = b + Wx - p` decays near the manifold (negative = attracting)."""
        x = as_state(x, "x", self.n)
        d = self.activation.derivative(self.drive(x))
        jac = -(np.eye(self.n) + self.w * d[..., None, :])
        return np.sort(np.linalg.eigvals(jac).real, axis=-1)[..., ::-1]


# ------------------------------------------------------------- antisymmetric network
@dataclass(frozen=True)
class AntisymmetricNetwork(LiftedNetwork):
    r"""Slides H14–H20: :math:`\dot x = f(b + Ax)`, :math:`A^\top = -A`, lifted to :math:`(x, p)`.

    Lifted: :math:`\dot x = f(p) = \partial H/\partial p`,
    :math:`\dot p = Af(b + Ax) = -\partial H/\partial x` with the separable
    :math:`H = \mathbf 1^\top F(p) + \mathbf 1^\top F(b + Ax)`.
    """

    a: Array
    b: Array
    activation: Activation | str = "tanh"

    def __post_init__(self):
        self._validate("a", self.a, -1)

    @property
    def coupling(self) -> Array:
        """The coupling :math:`A`."""
        return self.a

    def network_field(self, x) -> Array:
        """H14: :math:`\\dot x = f(b + Ax)`."""
        x = as_state(x, "x", self.n)
        return self.activation(self.drive(x))

    def conserved(self, x) -> Array:
        r""":math:`\mathbf 1^\top F(b + Ax)`, constant along H14."""
        x = as_state(x, "x", self.n)
        return np.sum(self.activation.lagrangian(self.drive(x)), axis=-1)

    def kinetic_gradient(self, p) -> Array:
        """:math:`\\partial T/\\partial p = f(p)` with :math:`T = \\mathbf 1^\\top F(p)` (H19)."""
        return self.activation(p)

    def potential_gradient(self, x) -> Array:
        """:math:`\\partial V/\\partial x = A^\\top f(b + Ax)` with :math:`V = \\mathbf 1^\\top F(b + Ax)` (H20)."""
        return self.activation(self.drive(x)) @ self.a

    def vector_field(self, state) -> Array:
        """H15–H16: :math:`\\dot x = f(p)`, :math:`\\dot p = Af(b + Ax)`."""
        x, p = _split(state, self.n, 2)
        return np.concatenate([self.kinetic_gradient(p), -self.potential_gradient(x)], axis=-1)

    def hamiltonian(self, state) -> Array:
        """H18: :math:`H = \\mathbf 1^\\top F(p) + \\mathbf 1^\\top F(b + Ax)`."""
        x, p = _split(state, self.n, 2)
        return np.sum(self.activation.lagrangian(p), axis=-1) + self.conserved(x)

    def hamiltonian_gradient(self, state) -> Array:
        r""":math:`(\partial H/\partial x, \partial H/\partial p) = (A^\top f(b + Ax), f(p))` (H19–H20)."""
        x, p = _split(state, self.n, 2)
        return np.concatenate([self.potential_gradient(x), self.kinetic_gradient(p)], axis=-1)


# ------------------------------------------------------ excitatory-inhibitory network
@dataclass(frozen=True)
class ExcitatoryInhibitory:
    r"""Slides H21–H30: :math:`\tau_x\dot x + x = f(u + Ax - By)`, :math:`\tau_y\dot y + y = g(v + B^\top x - Cy)`.

    Lifted to :math:`(x, y, p_x, p_y)` with :math:`\tau_x\dot x + x = f(p_x)`,
    :math:`\tau_y\dot y + y = g(p_y)` and :math:`(r + d/dt)(a_x - p_x) = 0`,
    :math:`(r + d/dt)(a_y - p_y) = 0`, where :math:`a_x = u + Ax - By`,
    :math:`a_y = v + B^\top x - Cy` (Seung, Richardson, Lagarias & Hopfield 1998).
    ``A`` and ``C`` are symmetric; ``n_x`` excitatory and ``n_y`` inhibitory units.
    """

    a: Array
    b: Array
    c: Array
    u: Array
    v: Array
    tau_x: float = 1.0
    tau_y: float = 1.0
    r: float = 0.5
    f: Activation | str = "tanh"
    g: Activation | str = "tanh"

    def __post_init__(self):
        a = as_square_matrix(self.a, "a")
        c = as_square_matrix(self.c, "c")
        for name, m in (("a", a), ("c", c)):
            if not np.allclose(m, m.T, atol=1e-12):
                raise ValueError(f"{name} must be symmetric")
        set_ = lambda k, val: object.__setattr__(self, k, val)  # noqa: E731
        set_("a", a)
        set_("c", c)
        set_("b", as_matrix(self.b, "b", (a.shape[0], c.shape[0])))
        set_("u", as_finite_array(self.u, "u", ndim=1))
        set_("v", as_finite_array(self.v, "v", ndim=1))
        if self.u.shape != (a.shape[0],) or self.v.shape != (c.shape[0],):
            raise ValueError(f"u and v must have shapes ({a.shape[0]},) and ({c.shape[0]},)")
        set_("tau_x", positive_scalar(self.tau_x, "tau_x"))
        set_("tau_y", positive_scalar(self.tau_y, "tau_y"))
        set_("r", nonnegative_scalar(self.r, "r"))
        set_("f", get_activation(self.f))
        set_("g", get_activation(self.g))

    @property
    def n_x(self) -> int:
        """Number of excitatory units."""
        return self.a.shape[0]

    @property
    def n_y(self) -> int:
        """Number of inhibitory units."""
        return self.c.shape[0]

    @property
    def dim(self) -> int:
        """Length of a phase-space state ``[x, y, p_x, p_y]``."""
        return 2 * (self.n_x + self.n_y)

    def split(self, state, name: str = "state") -> tuple[Array, Array, Array, Array]:
        """``(x, y, p_x, p_y)`` views of a batch of phase-space states."""
        s = as_state(state, name, self.dim)
        i, j, k = self.n_x, self.n_x + self.n_y, 2 * self.n_x + self.n_y
        return s[..., :i], s[..., i:j], s[..., j:k], s[..., k:]

    def drives(self, x, y) -> tuple[Array, Array]:
        """:math:`a_x = u + Ax - By`, :math:`a_y = v + B^\\top x - Cy`."""
        return self.u + x @ self.a.T - y @ self.b.T, self.v + x @ self.b - y @ self.c.T

    def network_field(self, xy) -> Array:
        """H21–H22 in the state space ``[x, y]``."""
        xy = as_state(xy, "xy", self.n_x + self.n_y)
        x, y = xy[..., : self.n_x], xy[..., self.n_x:]
        a_x, a_y = self.drives(x, y)
        return np.concatenate([(self.f(a_x) - x) / self.tau_x, (self.g(a_y) - y) / self.tau_y], axis=-1)

    def lift(self, xy) -> Array:
        """The point of the invariant manifold ``[x, y, a_x, a_y]`` above ``[x, y]``."""
        xy = as_state(xy, "xy", self.n_x + self.n_y)
        x, y = xy[..., : self.n_x], xy[..., self.n_x:]
        return np.concatenate([x, y, *self.drives(x, y)], axis=-1)

    def vector_field(self, state) -> Array:
        """H23–H24: the lifted system in phase space."""
        x, y, p_x, p_y = self.split(state)
        a_x, a_y = self.drives(x, y)
        dx = (self.f(p_x) - x) / self.tau_x
        dy = (self.g(p_y) - y) / self.tau_y
        dp_x = dx @ self.a.T - dy @ self.b.T + self.r * (a_x - p_x)
        dp_y = dx @ self.b - dy @ self.c.T + self.r * (a_y - p_y)
        return np.concatenate([dx, dy, dp_x, dp_y], axis=-1)

    def manifold_residual(self, state) -> Array:
        r"""H25: :math:`(a_x - p_x, a_y - p_y)`, zero on the invariant manifold; it decays as :math:`e^{-rt}`."""
        x, y, p_x, p_y = self.split(state)
        a_x, a_y = self.drives(x, y)
        return np.concatenate([a_x - p_x, a_y - p_y], axis=-1)

    def saddle(self, xy) -> Array:
        r""":math:`S = \mathbf 1^\top\bar F(x) - u^\top x - \tfrac12 x^\top Ax + x^\top By - \mathbf 1^\top\bar G(y) + v^\top y - \tfrac12 y^\top Cy`."""
        xy = as_state(xy, "xy", self.n_x + self.n_y)
        x, y = xy[..., : self.n_x], xy[..., self.n_x:]
        return (np.sum(self.f.legendre_dual(x, "x"), -1) - x @ self.u - 0.5 * np.sum((x @ self.a) * x, -1)
                + np.sum((x @ self.b) * y, -1) - np.sum(self.g.legendre_dual(y, "y"), -1) + y @ self.v
                - 0.5 * np.sum((y @ self.c) * y, -1))

    def hamiltonian(self, state) -> Array:
        r"""H26: :math:`H = \tau_x^{-1}\Phi(p_x, x) + \tau_y^{-1}\Gamma(p_y, y) + rS(x, y)`."""
        x, y, p_x, p_y = self.split(state)
        return (fenchel_gap(self.f, p_x, x) / self.tau_x + fenchel_gap(self.g, p_y, y) / self.tau_y
                + self.r * self.saddle(np.concatenate([x, y], axis=-1)))

    def hamiltonian_gradient(self, state) -> Array:
        """:math:`(\\partial_x, \\partial_y, \\partial_{p_x}, \\partial_{p_y})H`, analytic."""
        x, y, p_x, p_y = self.split(state)
        a_x, a_y = self.drives(x, y)
        fi_x, gi_y = self.f.inverse(x, "x"), self.g.inverse(y, "y")
        d_x = (fi_x - p_x) / self.tau_x + self.r * (fi_x - a_x)
        d_y = (gi_y - p_y) / self.tau_y + self.r * (a_y - gi_y)
        return np.concatenate([d_x, d_y, (self.f(p_x) - x) / self.tau_x, (self.g(p_y) - y) / self.tau_y], axis=-1)

    def hamiltonian_form(self, state) -> Array:
        r"""H27–H30 (H30 corrected): :math:`(\dot x, \dot y, \dot p_x, \dot p_y)` from the gradient of :math:`H`.

        .. math::

            \dot x &= \partial H/\partial p_x,\qquad \dot y = \partial H/\partial p_y,\\
            \dot p_x &= -\partial H/\partial x + A\dot x - B\dot y - (\tau_x^{-1} + r)\Delta_x,\\
            \dot p_y &= -\partial H/\partial y + B^\top\dot x - C\dot y - (\tau_y^{-1} - r)\Delta_y
                        + 2r(v + B^\top x - Cy - p_y).

        The slides' last term of :math:`\dot p_y` is the scalar :math:`2r\dot y^\top(\cdots)`; the
        vector written here is what makes this equal :meth:`vector_field` (the lift H23–H24).
        """
        x, y, p_x, p_y = self.split(state)
        grad = self.hamiltonian_gradient(state)
        n_x, n_y = self.n_x, self.n_y
        g_x, g_y = grad[..., :n_x], grad[..., n_x:n_x + n_y]
        dx, dy = grad[..., n_x + n_y:2 * n_x + n_y], grad[..., 2 * n_x + n_y:]
        delta_x, delta_y = self.frictions(state)
        _, a_y = self.drives(x, y)
        dp_x = -g_x + dx @ self.a.T - dy @ self.b.T - (1 / self.tau_x + self.r) * delta_x
        dp_y = -g_y + dx @ self.b - dy @ self.c.T - (1 / self.tau_y - self.r) * delta_y + 2 * self.r * (a_y - p_y)
        return np.concatenate([dx, dy, dp_x, dp_y], axis=-1)

    def frictions(self, state) -> tuple[Array, Array]:
        r""":math:`\Delta_x = f^{-1}(\tau_x\dot x + x) - f^{-1}(x)` and :math:`\Delta_y` likewise (:math:`= p - f^{-1}(x)`)."""
        x, y, p_x, p_y = self.split(state)
        return p_x - self.f.inverse(x, "x"), p_y - self.g.inverse(y, "y")

    def rate_terms(self, state) -> dict[str, Array]:
        r"""The five terms of :math:`\dot H` along the lifted flow.

        :math:`\dot x^\top A\dot x`, :math:`-\dot y^\top C\dot y`,
        :math:`-(\tau_x^{-1} + r)\dot x^\top\Delta_x`, :math:`-(\tau_y^{-1} - r)\dot y^\top\Delta_y`,
        :math:`2r\,\dot y^\top(a_y - p_y)` (zero on the manifold).
        """
        x, y, p_x, p_y = self.split(state)
        field = self.vector_field(state)
        dx, dy = field[..., : self.n_x], field[..., self.n_x: self.n_x + self.n_y]
        delta_x, delta_y = self.frictions(state)
        _, a_y = self.drives(x, y)
        return {
            "dx'A dx": np.sum((dx @ self.a) * dx, -1),
            "-dy'C dy": -np.sum((dy @ self.c) * dy, -1),
            "x friction": -(1 / self.tau_x + self.r) * np.sum(dx * delta_x, -1),
            "y friction": -(1 / self.tau_y - self.r) * np.sum(dy * delta_y, -1),
            "off-manifold": 2 * self.r * np.sum(dy * (a_y - p_y), -1),
        }

    def conditions(self) -> dict[str, bool]:
        r"""The sufficient conditions for :math:`\dot H \le 0` on the manifold.

        :math:`0 \le r \le 1/\tau_y`, :math:`\lambda_{\max}(A) < (1 + r\tau_x)/\beta_f`,
        :math:`C + (1 - r\tau_y)/\beta_g\,I \succeq 0`.
        """
        return {
            "0 <= r <= 1/tau_y": bool(self.r <= 1 / self.tau_y),
            "lambda_max(A) < (1 + r tau_x)/beta_f": bool(np.linalg.eigvalsh(self.a).max() < (1 + self.r * self.tau_x) / self.f.gain),
            "C + (1 - r tau_y)/beta_g I >= 0": bool(np.linalg.eigvalsh(self.c).min() + (1 - self.r * self.tau_y) / self.g.gain >= 0),
        }


def admissible_r(system: ExcitatoryInhibitory) -> tuple[float, float] | None:
    r"""The interval of :math:`r` for which :meth:`ExcitatoryInhibitory.conditions` all hold, or ``None``.

    Lower end from :math:`\lambda_{\max}(A)`, upper from :math:`1/\tau_y` and from :math:`C`.
    """
    lam_a = np.linalg.eigvalsh(system.a).max()
    lam_c = np.linalg.eigvalsh(system.c).min()
    lower = max(0.0, (system.f.gain * lam_a - 1) / system.tau_x)
    upper = 1 / system.tau_y
    if lam_c < 0:
        upper = min(upper, (1 + system.g.gain * lam_c) / system.tau_y)
    if upper < 0 or lower >= upper:
        return None
    return float(lower), float(upper)


def nullclines(system: ExcitatoryInhibitory, x_grid) -> tuple[Array, Array]:
    r"""For a 1+1 pair with :math:`B \ne 0`: the :math:`x`-nullcline :math:`y = (u + ax - f^{-1}(x))/b`
    and, for :math:`c = 0`, the :math:`y`-nullcline :math:`y = g(v + bx)`; both on ``x_grid``."""
    if system.n_x != 1 or system.n_y != 1 or system.b[0, 0] == 0:
        raise ValueError("system must be a 1 + 1 pair with b != 0")
    if system.c[0, 0] != 0:
        raise ValueError("the y-nullcline in closed form needs c = 0")
    x = as_finite_array(x_grid, "x_grid", ndim=1)
    a, b, u, v = system.a[0, 0], system.b[0, 0], system.u[0], system.v[0]
    return (u + a * x - system.f.inverse(x, "x_grid")) / b, system.g(v + b * x)
