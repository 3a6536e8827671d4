r"""The notes' energy attempts (chapter 3, eqs. 12–43), as functions of the map's state.

Setting of section 4 of the notes: hidden neurons linear (:math:`\sigma_h = \mathrm{id}`) and
slaved to :math:`V_h = \sqrt{\alpha_s}\,\Xi^\top\sigma_f(V_f) + \alpha_c\,\Phi^\top\Xi^\top V_d`
(eq. 3), feature neurons following eq. (7). With these, eq. (2) becomes eq. (25),

.. math:: E(V_f, V_d) = \sum_i \bigl[V_{f,i}\,\sigma(V_{f,i}) - L(V_{f,i})\bigr]
          - \tfrac12\,\|V_h(V_f, V_d)\|^2,

and, with :math:`v = \sigma_f(V_f)` and :math:`V_d = v`, the Legendre form
:math:`\sum_i G(v_i) - \tfrac12 v^\top K v`, :math:`K = \Xi(I+\Phi)(I+\Phi^\top)\Xi^\top`
(for :math:`\alpha_s = \alpha_c = 1`).

Two ways to follow eq. (25) along the map:

* **adiabatic** (the notes' Trial 1, eqs. 27–31 and 38–43): :math:`V_d` is held at
  :math:`\sigma_f(V_f(t))` across the step;
* **slaved**: :math:`V_d = \sigma_f(V_f)` at both times (the :math:`T_d \to 0` limit that
  produced the map).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_state
from .three_population import ThreePopulation

Array = np.ndarray


def _require_linear_hidden(model: ThreePopulation) -> None:
    if model.sigma_h.name != "identity":
        raise ValueError(
            f"model must have sigma_h = identity (the notes' section 4); got {model.sigma_h.name}"
        )


def hidden_state(model: ThreePopulation, v_f, v_d) -> Array:
    r"""Eq. (3): the slaved hidden state :math:`V_h = \sqrt{\alpha_s}\Xi^\top\sigma_f(V_f) + \alpha_c\Phi^\top\Xi^\top V_d`."""
    v_f = as_state(v_f, "v_f", model.n_f)
    v_d = as_state(v_d, "v_d", model.n_f)
    return model.hidden_drive(v_f, v_d)


def legendre_term(model: ThreePopulation, v_f) -> Array:
    r"""The term :math:`E_1 = \sum_i [V_{f,i}\sigma(V_{f,i}) - L(V_{f,i})] = \sum_i G(\sigma(V_{f,i}))` of eqs. (14), (25)."""
    v_f = as_state(v_f, "v_f", model.n_f)
    return np.sum(model.sigma_f.legendre_term(v_f), axis=-1)


def reduced_energy(model: ThreePopulation, v_f, v_d) -> Array:
    r"""Eq. (25): eq. (2) with :math:`V_h` slaved, :math:`E_1 - \tfrac12\|V_h(V_f, V_d)\|^2`.

    For :math:`\alpha_s = \alpha_c = 1` this is
    :math:`V_f^\top\sigma - L_f - \tfrac12\sigma^\top\Xi\Xi^\top\sigma
    - \sigma^\top\Xi\Phi^\top\Xi^\top V_d - \tfrac12 V_d^\top\Xi\Phi\Phi^\top\Xi^\top V_d`.
    """
    _require_linear_hidden(model)
    v_h = hidden_state(model, v_f, v_d)
    return legendre_term(model, v_f) - 0.5 * np.sum(v_h * v_h, axis=-1)


#: Names of the five terms of eq. (25), in the notes' order (the keys of :func:`energy_terms`).
TERM_NAMES = ("V_f's", "-L", "-1/2 s'XX's", "-s'XP'X'V_d", "-1/2 V_d'XPP'X'V_d")


def energy_terms(model: ThreePopulation, v_f, v_d) -> dict[str, Array]:
    r"""The five terms of eq. (25), in the order the notes number them (:math:`E_1, \dots, E_5`
    of eqs. 34–41).

    :math:`V_f^\top\sigma`, :math:`-L_f`, :math:`-\tfrac{\alpha_s}{2}\sigma^\top\Xi\Xi^\top\sigma`,
    :math:`-\sqrt{\alpha_s}\alpha_c\,\sigma^\top\Xi\Phi^\top\Xi^\top V_d`,
    :math:`-\tfrac{\alpha_c^2}{2}V_d^\top\Xi\Phi\Phi^\top\Xi^\top V_d`. Their sum is
    :func:`reduced_energy`.
    """
    _require_linear_hidden(model)
    v_f = as_state(v_f, "v_f", model.n_f)
    v_d = as_state(v_d, "v_d", model.n_f)
    s = model.sigma_f(v_f)
    s_xi, d_xi_phi = s @ model.xi, v_d @ model.xi @ model.phi
    values = (
        np.sum(v_f * s, axis=-1),
        -np.sum(model.sigma_f.lagrangian(v_f), axis=-1),
        -0.5 * model.alpha_s * np.sum(s_xi * s_xi, axis=-1),
        -np.sqrt(model.alpha_s) * model.alpha_c * np.sum(s_xi * d_xi_phi, axis=-1),
        -0.5 * model.alpha_c**2 * np.sum(d_xi_phi * d_xi_phi, axis=-1),
    )
    return dict(zip(TERM_NAMES, values))


def energy_term_changes(model: ThreePopulation, v_f, v_d, v_f_next, v_d_next) -> dict[str, Array]:
    r"""Eqs. (34)–(41): the change of each of the five terms of eq. (25) over one step.

    :math:`\Delta E_i = E_i(V_f(t+1), V_d(t+1)) - E_i(V_f(t), V_d(t))`, keyed as
    :data:`TERM_NAMES`. The second is :math:`\Delta E_2 = -\sum_i[L(V_{f,i}(t+1)) - L(V_{f,i}(t))]`,
    for tanh :math:`-\sum\log(\cosh V_f(t+1)/\cosh V_f(t))`: eq. (35) corrected (the notes drop
    the minus). The fifth, the change of :math:`-\tfrac12 V_d^\top\Xi\Phi\Phi^\top\Xi^\top V_d`, is
    never written in the notes and vanishes when :math:`V_d` is held. Their sum is the change of
    :func:`reduced_energy` (eq. 41).
    """
    now = energy_terms(model, v_f, v_d)
    nxt = energy_terms(model, v_f_next, v_d_next)
    return {name: nxt[name] - now[name] for name in TERM_NAMES}


def coupling_matrix(model: ThreePopulation) -> Array:
    r""":math:`K = C^\top C`, :math:`C = (\sqrt{\alpha_s}I + \alpha_c\Phi^\top)\Xi^\top`; :math:`\Xi(I+\Phi)(I+\Phi^\top)\Xi^\top` for :math:`\alpha = 1`.

    The quadratic form of eq. (25) once :math:`V_d = v`: :math:`\|V_h\|^2 = v^\top K v`.
    """
    c = (np.sqrt(model.alpha_s) * np.eye(model.n_h) + model.alpha_c * model.phi.T) @ model.xi.T
    return c.T @ c


def coupling_gap(model: ThreePopulation) -> Array:
    r""":math:`K - M = \alpha_c\,\Xi\Phi(\sqrt{\alpha_s}I + \alpha_c\Phi^\top)\Xi^\top` in closed form.

    :math:`K` (:func:`coupling_matrix`) is the matrix of the notes' eq. (25) once :math:`V_d = v`,
    :math:`M` (:attr:`~rnn_energy.three_population.ThreePopulation.reduced_matrix`) the one the map
    uses; for :math:`\alpha = 1` the gap is :math:`\Xi\Phi(I + \Phi^\top)\Xi^\top`. It vanishes
    whenever :math:`\alpha_c\Xi\Phi = 0`, which a nonzero :math:`\Phi` allows (chapter 3).
    """
    inner = np.sqrt(model.alpha_s) * np.eye(model.n_h) + model.alpha_c * model.phi.T
    return model.alpha_c * model.xi @ model.phi @ inner @ model.xi.T


def legendre_energy(model: ThreePopulation, v) -> Array:
    r""":math:`\sum_i G(v_i) - \tfrac12 v^\top K v`: eq. (25) at :math:`V_f = \sigma^{-1}(v)`, :math:`V_d = v`.

    Defined on the closed image of :math:`\sigma` (``G`` is finite at its ends).
    """
    _require_linear_hidden(model)
    return model.sigma_f.hopfield_energy(as_state(v, "v", model.n_f), coupling_matrix(model))


def adiabatic_energy_change(model: ThreePopulation, v_f) -> Array:
    r"""Trial 1: :math:`E(V_f(t+1), V_d) - E(V_f(t), V_d)` with :math:`V_d = \sigma_f(V_f(t))` held, eq. (25)."""
    _require_linear_hidden(model)
    v_f = as_state(v_f, "v_f", model.n_f)
    v_d = model.sigma_f(v_f)
    return reduced_energy(model, model.feature_map(v_f), v_d) - reduced_energy(model, v_f, v_d)


def slaved_energy_change(model: ThreePopulation, v_f) -> Array:
    r""":math:`E(V_f(t+1), \sigma(V_f(t+1))) - E(V_f(t), \sigma(V_f(t)))`, eq. (25) with :math:`V_d` slaved."""
    _require_linear_hidden(model)
    v_f = as_state(v_f, "v_f", model.n_f)
    nxt = model.feature_map(v_f)
    return reduced_energy(model, nxt, model.sigma_f(nxt)) - reduced_energy(model, v_f, model.sigma_f(v_f))


def energy_changes_along(model: ThreePopulation, orbit) -> dict[str, Array]:
    """Adiabatic and slaved changes of eq. (25) at every step of orbits ``(T, ..., n_f)`` of the map."""
    orbit = as_state(orbit, "orbit", model.n_f)
    return {
        "adiabatic": adiabatic_energy_change(model, orbit[:-1]),
        "slaved": slaved_energy_change(model, orbit[:-1]),
    }

