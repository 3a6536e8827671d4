r"""The three-population network of eq. (1), its energy eq. (2), and its reduction to eq. (7).

State variables (notes, section 1): feature neurons :math:`V_f\in\mathbb{R}^{N_f}`,
hidden neurons :math:`V_h\in\mathbb{R}^{N_h}`, delay neurons :math:`V_d\in\mathbb{R}^{N_f}`.

.. math::

    T_f \dot V_f &= \sqrt{\alpha_s}\,\Xi\,\sigma_h(V_h) - V_f,\\
    T_h \dot V_h &= \sqrt{\alpha_s}\,\Xi^\top\sigma_f(V_f) + \alpha_c\,\Phi^\top\Xi^\top V_d - V_h,\\
    T_d \dot V_d &= \sigma_f(V_f) - V_d.

A state is one array of shape ``(..., 2 N_f + N_h)`` holding ``[V_f, V_h, V_d]``; every
method accepts a batch of states on the leading axes. The model follows Karuvally,
Sejnowski & Siegelmann (2023), whose :math:`\Phi` is the transpose of the notes' one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_matrix, as_state, nonnegative_scalar, positive_scalar
from .activations import Activation, get_activation
from .maps import FeatureMap

Array = np.ndarray


@dataclass(frozen=True)
class ThreePopulation:
    r"""Parameters of eq. (1); methods are the model's vector field, energy and reductions.

    Parameters
    ----------
    xi : array (N_f, N_h)
        :math:`\Xi`, feature-to-hidden weights (stored patterns in its columns).
    phi : array (N_h, N_h)
        :math:`\Phi`, the delayed hidden-to-hidden coupling.
    alpha_s, alpha_c : float
        Strengths of the symmetric and of the delayed (cross) coupling.
    t_f, t_h, t_d : float
        Time constants; ``t_d = inf`` freezes the delay population (adiabatic limit).
    sigma_f, sigma_h : str or Activation
        Feature and hidden nonlinearities (the notes take ``sigma_h = identity``).
    """

    xi: Array
    phi: Array
    alpha_s: float = 1.0
    alpha_c: float = 1.0
    t_f: float = 1.0
    t_h: float = 1.0
    t_d: float = 1.0
    sigma_f: Activation | str = "tanh"
    sigma_h: Activation | str = "identity"

    def __post_init__(self):
        xi = as_matrix(self.xi, "xi", (None, None))
        phi = as_matrix(self.phi, "phi", (xi.shape[1], xi.shape[1]))
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 - frozen dataclass
        set_("xi", xi)
        set_("phi", phi)
        set_("alpha_s", nonnegative_scalar(self.alpha_s, "alpha_s"))
        set_("alpha_c", nonnegative_scalar(self.alpha_c, "alpha_c"))
        set_("t_f", positive_scalar(self.t_f, "t_f"))
        set_("t_h", positive_scalar(self.t_h, "t_h"))
        set_("t_d", positive_scalar(self.t_d, "t_d", allow_inf=True))
        set_("sigma_f", get_activation(self.sigma_f))
        set_("sigma_h", get_activation(self.sigma_h))

    # ------------------------------------------------------------------ shapes
    @property
    def n_f(self) -> int:
        """Number of feature (and of delay) neurons."""
        return self.xi.shape[0]

    @property
    def n_h(self) -> int:
        """Number of hidden neurons."""
        return self.xi.shape[1]

    @property
    def dim(self) -> int:
        """Length of a full state ``[V_f, V_h, V_d]``."""
        return 2 * self.n_f + self.n_h

    def split(self, state, name: str = "state") -> tuple[Array, Array, Array]:
        """``(V_f, V_h, V_d)`` views of a batch of full states."""
        s = as_state(state, name, self.dim)
        nf, nh = self.n_f, self.n_h
        return s[..., :nf], s[..., nf : nf + nh], s[..., nf + nh :]

    def join(self, v_f, v_h, v_d) -> Array:
        """Full state from its three parts (each batched the same way)."""
        v_f = as_state(v_f, "v_f", self.n_f)
        v_h = as_state(v_h, "v_h", self.n_h)
        v_d = as_state(v_d, "v_d", self.n_f)
        return np.concatenate([v_f, v_h, v_d], axis=-1)

    # ------------------------------------------------------------ eq. (1)
    def hidden_drive(self, v_f, v_d) -> Array:
        r""":math:`\sqrt{\alpha_s}\Xi^\top\sigma_f(V_f) + \alpha_c\Phi^\top\Xi^\top V_d`, the target of :math:`V_h`."""
        return (
            np.sqrt(self.alpha_s) * self.sigma_f(v_f) @ self.xi
            + self.alpha_c * (np.asarray(v_d) @ self.xi) @ self.phi
        )

    def vector_field(self, state) -> Array:
        r"""Eq. (1): :math:`(\dot V_f, \dot V_h, \dot V_d)`; zero :math:`\dot V_d` when ``t_d = inf``."""
        v_f, v_h, v_d = self.split(state)
        dv_f = (np.sqrt(self.alpha_s) * self.sigma_h(v_h) @ self.xi.T - v_f) / self.t_f
        dv_h = (self.hidden_drive(v_f, v_d) - v_h) / self.t_h
        dv_d = (self.sigma_f(v_f) - v_d) / self.t_d
        return np.concatenate([dv_f, dv_h, dv_d], axis=-1)

    # ------------------------------------------------------------ eq. (2)
    def energy(self, state) -> Array:
        r"""Eq. (2) of the notes.

        .. math::

            \begin{aligned}
            E = {}& [V_f^\top\sigma_f(V_f) - L_f] + [V_h^\top\sigma_h(V_h) - L_h]\\
                & - \sqrt{\alpha_s}\,\sigma_f(V_f)^\top\Xi\,\sigma_h(V_h)
                  - \alpha_c\,V_d^\top\Xi\Phi\,\sigma_h(V_h)
            \end{aligned}
        """
        v_f, v_h, v_d = self.split(state)
        s_f, s_h = self.sigma_f(v_f), self.sigma_h(v_h)
        e_f = np.sum(self.sigma_f.legendre_term(v_f), axis=-1)
        e_h = np.sum(self.sigma_h.legendre_term(v_h), axis=-1)
        e_s = np.sqrt(self.alpha_s) * np.sum((s_f @ self.xi) * s_h, axis=-1)
        e_c = self.alpha_c * np.sum(((v_d @ self.xi) @ self.phi) * s_h, axis=-1)
        return e_f + e_h - e_s - e_c

    def energy_gradient(self, state) -> Array:
        r"""Gradient of eq. (2) with respect to ``[V_f, V_h, V_d]``.

        .. math::

            \partial_{V_f}E &= \sigma_f'(V_f)\odot(V_f - \sqrt{\alpha_s}\Xi\sigma_h(V_h)),\\
            \partial_{V_h}E &= \sigma_h'(V_h)\odot(V_h - \sqrt{\alpha_s}\Xi^\top\sigma_f(V_f)
                               - \alpha_c\Phi^\top\Xi^\top V_d),\\
            \partial_{V_d}E &= -\alpha_c\,\Xi\Phi\,\sigma_h(V_h).
        """
        v_f, v_h, v_d = self.split(state)
        s_h = self.sigma_h(v_h)
        g_f = self.sigma_f.derivative(v_f) * (v_f - np.sqrt(self.alpha_s) * s_h @ self.xi.T)
        g_h = self.sigma_h.derivative(v_h) * (v_h - self.hidden_drive(v_f, v_d))
        g_d = -s_h @ self.cross_coupling.T
        return np.concatenate([g_f, g_h, g_d], axis=-1)

    def energy_rate(self, state) -> Array:
        r""":math:`dE/dt = \nabla E\cdot\dot V` along eq. (1), by the chain rule."""
        return np.sum(self.energy_gradient(state) * self.vector_field(state), axis=-1)

    def dissipation_terms(self, state) -> tuple[Array, Array, Array]:
        r"""The three terms of :math:`dE/dt` (Proposition *dissipation* of chapter 1).

        .. math::

            \frac{dE}{dt} = -T_f\,\dot V_f^\top D_f \dot V_f
                            - T_h\,\dot V_h^\top D_h \dot V_h
                            - \alpha_c\,\dot V_d^\top\Xi\Phi\,\sigma_h(V_h),

        with :math:`D = \mathrm{diag}(\sigma')`. The first two are never positive for a
        monotone :math:`\sigma`; the third vanishes identically when :math:`\alpha_c\Xi\Phi = 0`
        (:attr:`cross_coupling`; possible with :math:`\Phi \ne 0`) or when :math:`V_d` is frozen,
        and has no sign otherwise.
        """
        v_f, v_h, _ = self.split(state)
        dv_f, dv_h, dv_d = self.split(self.vector_field(state), "vector_field")
        feature = -self.t_f * np.sum(dv_f * self.sigma_f.derivative(v_f) * dv_f, axis=-1)
        hidden = -self.t_h * np.sum(dv_h * self.sigma_h.derivative(v_h) * dv_h, axis=-1)
        cross = -np.sum(dv_d * (self.sigma_h(v_h) @ self.cross_coupling.T), axis=-1)
        return feature, hidden, cross

    @property
    def cross_coupling(self) -> Array:
        r""":math:`\alpha_c\Xi\Phi`, the matrix of the cross term of eq. (2) and of :math:`dE/dt`."""
        return self.alpha_c * self.xi @ self.phi

    # ------------------------------------------------ slow manifold, eqs. (3)–(7)
    def slow_manifold(self, v_f) -> tuple[Array, Array]:
        r"""Eq. (3) with general :math:`\alpha`: :math:`(V_h, V_d)` as functions of :math:`V_f` when :math:`T_h, T_d\to 0`.

        :math:`V_d = \sigma_f(V_f)` and
        :math:`V_h = \sqrt{\alpha_s}\Xi^\top\sigma_f(V_f) + \alpha_c\Phi^\top\Xi^\top\sigma_f(V_f)`.
        """
        v_f = as_state(v_f, "v_f", self.n_f)
        v_d = self.sigma_f(v_f)
        return self.hidden_drive(v_f, v_d), v_d

    def lift(self, v_f) -> Array:
        """The full state on the slow manifold above ``v_f``."""
        v_h, v_d = self.slow_manifold(v_f)
        return np.concatenate([np.asarray(v_f, dtype=float), v_h, v_d], axis=-1)

    @property
    def reduced_matrix(self) -> Array:
        r""":math:`M = \Xi(\alpha_s I + \sqrt{\alpha_s}\alpha_c\Phi^\top)\Xi^\top` (eqs. 5–7; :math:`\Xi(I+\Phi^\top)\Xi^\top` for :math:`\alpha = 1`)."""
        inner = self.alpha_s * np.eye(self.n_h) + np.sqrt(self.alpha_s) * self.alpha_c * self.phi.T
        return self.xi @ inner @ self.xi.T

    def reduced_vector_field(self, v_f) -> Array:
        r"""The flow on the slow manifold: :math:`T_f\dot V_f = \sqrt{\alpha_s}\Xi\sigma_h(V_h(V_f)) - V_f`.

        For :math:`\sigma_h = \mathrm{id}` this is :math:`(M\sigma_f(V_f) - V_f)/T_f`.
        """
        v_h, _ = self.slow_manifold(v_f)
        return (np.sqrt(self.alpha_s) * self.sigma_h(v_h) @ self.xi.T - np.asarray(v_f, dtype=float)) / self.t_f

    def reduced_map(self, v_f, dt: float = 1.0) -> Array:
        r"""Eq. (6) solved for :math:`V_f(t+1)`: the Euler step :math:`V_f + \Delta t\,\dot V_f` of the reduced flow.

        With :math:`\Delta t = T_f = 1` and :math:`\sigma_h = \mathrm{id}` it is eq. (7),
        :math:`V_f(t+1) = M\sigma_f(V_f(t))`; for :math:`\Delta t \le T_f` it is the convex
        combination :math:`(1-\Delta t/T_f)V_f + (\Delta t/T_f)\,M\sigma_f(V_f)`.
        """
        dt = positive_scalar(dt, "dt")
        return np.asarray(v_f, dtype=float) + dt * self.reduced_vector_field(v_f)

    @property
    def feature_map(self) -> FeatureMap:
        r"""Eq. (7) as the notes write it, :math:`V_f \mapsto M\sigma_f(V_f)`: the map object (call it on states).

        It is :meth:`reduced_map` when :math:`\Delta t = T_f = 1` and :math:`\sigma_h = \mathrm{id}`.
        """
        return FeatureMap(self.reduced_matrix, self.sigma_f)

