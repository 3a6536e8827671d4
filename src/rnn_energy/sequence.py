r"""The sequence network: stored patterns walked through by a cyclic delayed coupling.

Chapter 7. The patterns are the columns :math:`\xi_\mu` of :math:`\Xi` (orthogonal :math:`\pm1`
vectors, :func:`patterns`), :math:`\Phi = P` the cyclic shift (:math:`P^\top e_\mu = e_{\mu+1}`) and
:math:`\alpha_c = \lambda`, so that with the auto-associative term kept

.. math:: M = \Xi(I + \lambda P^\top)\Xi^\top,

the Sompolinsky–Kanter (1986) and Kleinfeld (1986) coupling in the notes' variables. This module
holds what the chapter computes on it:

* :func:`classify_attractors` — what sampled orbits of the map end in (fixed points, cycles, both);
* :func:`adiabatic_energy`, :func:`ring_states`, :func:`ring_angle` — the *moving landscape*: eq. (2)
  with :math:`V_h` at its target and :math:`V_d` frozen, drawn on the ring through the patterns;
* :func:`energy_balance` — :math:`dE/dt` along eq. (1) split into dissipation and the motion of the
  landscape, with the Cauchy–Schwarz bound of the rising part and its a priori form;
* :func:`dwell_times` — the times between hops from one pattern to the next;
* :func:`memory_continuation`, :func:`first_instability` — the memory fixed point followed in
  :math:`\alpha_c`, with the eigenvalues of the Jacobian of eq. (1): where and how it is lost;
* :func:`bridge_defects` — how far the coupling is from chapters 5–6's constructions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import root

from ._validation import as_finite_array, as_state, positive_scalar
from .bifurcation import jacobian_fd
from .maps import RecurrentMap, iterate
from .orbits import orbit_period
from .three_population import ThreePopulation

Array = np.ndarray

#: The classes of :func:`classify_attractors`.
ATTRACTOR_CLASSES = ("fixed points only", "cycles only", "both", "unsettled")


def patterns(n_patterns: int = 3) -> Array:
    r"""Orthogonal :math:`\pm1` patterns: the first ``n_patterns`` non-constant columns of the Sylvester
    Hadamard matrix of the smallest size :math:`2^k > n_{\text{patterns}}`, shape ``(2^k, n_patterns)``."""
    if not isinstance(n_patterns, (int, np.integer)) or n_patterns < 2:
        raise ValueError(f"n_patterns must be an integer >= 2; got {n_patterns!r}")
    h = np.array([[1.0]])
    while h.shape[0] <= n_patterns:
        h = np.block([[h, h], [h, -h]])
    return h[:, 1 : n_patterns + 1]


def cyclic_shift(n: int) -> Array:
    r""":math:`P` with :math:`P_{i,i+1} = 1`, so :math:`P^\top e_\mu = e_{\mu+1}` (indices mod ``n``)."""
    return np.roll(np.eye(n), 1, axis=1)


def sequence_coupling(gain: float, lam: float, n_patterns: int = 3) -> Array:
    r""":math:`M = \Xi(I + \lambda P^\top)\Xi^\top` with :math:`\Xi = \sqrt{g/N_f}\,[\xi_1\dots\xi_p]`,
    so that :math:`M\xi_\mu = g(\xi_\mu + \lambda\xi_{\mu+1})`."""
    gain = positive_scalar(gain, "gain")
    lam = float(as_finite_array(lam, "lam", ndim=0))
    xi = np.sqrt(gain / patterns(n_patterns).shape[0]) * patterns(n_patterns)
    return xi @ (np.eye(n_patterns) + lam * cyclic_shift(n_patterns).T) @ xi.T


def classify_attractors(ms, starts, n_steps: int = 1500, *, tol: float = 1e-6,
                        max_period: int = 12) -> tuple[Array, Array]:
    r"""What the orbits of :math:`v \mapsto \tanh(Mv)` end in, for each coupling of a stack ``ms`` ``(B, n, n)``.

    ``starts`` has shape ``(B, K, n)``. Each orbit's period is found by
    :func:`rnn_energy.orbits.orbit_period`; a coupling is *fixed points only* if every orbit ends on a
    fixed point, *cycles only* if none does and all end on cycles, *both* if some end on each, and
    *unsettled* if some orbit has no period up to ``max_period`` and no orbit ends on a cycle.
    Returns the class indices (into :data:`ATTRACTOR_CLASSES`) and the periods ``(B, K)``.
    """
    ms = as_finite_array(ms, "ms")
    orbit = iterate(RecurrentMap(ms), starts, n_steps)
    period = orbit_period(orbit, tol=tol, max_period=max_period, tail=24)
    fixed, cycle, none = (period == 1).any(-1), (period > 1).any(-1), (period == 0).any(-1)
    cls = np.where(fixed & cycle, 2, np.where(cycle & ~fixed, 1, np.where(none, 3, 0)))
    return cls, period


# --------------------------------------------------------------------- the moving landscape
def _identity_hidden(model: ThreePopulation) -> None:
    if model.sigma_h.name != "identity":
        raise ValueError(f"model must have sigma_h = identity for the adiabatic energy; got {model.sigma_h.name}")


def adiabatic_energy(model: ThreePopulation, v_f, v_d) -> Array:
    r"""Eq. (2) with :math:`V_h` at its target :math:`h = \sqrt{\alpha_s}\Xi^\top\sigma_f(V_f) + \alpha_c\Phi^\top\Xi^\top V_d`:

    .. math:: E_{V_d}(V_f) = \sum_i [V_{f,i}\sigma_f(V_{f,i}) - L_f(V_{f,i})] - \tfrac12\|h\|^2

    (:math:`\sigma_h = \mathrm{id}`). At frozen :math:`V_d` the fast flow
    :math:`T_f\dot V_f = \sqrt{\alpha_s}\Xi h - V_f` descends it:
    :math:`\nabla E_{V_d} = -T_f\,\sigma_f'(V_f)\odot\dot V_f`.
    """
    _identity_hidden(model)
    v_f = as_state(v_f, "v_f", model.n_f)
    v_d = as_state(v_d, "v_d", model.n_f)
    h = model.hidden_drive(v_f, v_d)
    return np.sum(model.sigma_f.legendre_term(v_f), axis=-1) - 0.5 * np.sum(h * h, axis=-1)


def ring_weights(theta) -> Array:
    r"""Weights :math:`w(\theta) = \tfrac13\mathbf 1 + \sqrt{2/3}(\cos\theta\,u_1 + \sin\theta\,u_2)` on three
    patterns, with :math:`w(2\pi k/3) = e_{k+1}`: the circle through the three patterns."""
    theta = as_finite_array(theta, "theta")
    u1 = np.array([2.0, -1.0, -1.0]) / np.sqrt(6.0)
    u2 = np.array([0.0, 1.0, -1.0]) / np.sqrt(2.0)
    return 1.0 / 3.0 + np.sqrt(2.0 / 3.0) * (np.cos(theta)[..., None] * u1 + np.sin(theta)[..., None] * u2)


def ring_states(model: ThreePopulation, theta, radius: float) -> Array:
    r""":math:`V_f(\theta) = r\,\hat\Xi\,w(\theta)`, :math:`\hat\Xi` the patterns: :math:`r\xi_\mu` at :math:`\theta = 2\pi(\mu-1)/3`."""
    if model.n_h != 3:
        raise ValueError(f"model must store three patterns for the ring; got n_h = {model.n_h}")
    radius = positive_scalar(radius, "radius")
    unit = model.xi / np.linalg.norm(model.xi[:, 0])
    return radius * ring_weights(theta) @ unit.T


def ring_angle(model: ThreePopulation, v_f) -> Array:
    r"""The angle of the pattern overlaps :math:`m = \hat\Xi^\top\sigma_f(V_f)/N_f` in the plane orthogonal to
    :math:`(1, 1, 1)`: the state's position on the ring of :func:`ring_states`, in :math:`[0, 2\pi)`."""
    v_f = as_state(v_f, "v_f", model.n_f)
    m = overlaps(model, v_f)
    u1 = np.array([2.0, -1.0, -1.0]) / np.sqrt(6.0)
    u2 = np.array([0.0, 1.0, -1.0]) / np.sqrt(2.0)
    return np.mod(np.arctan2(m @ u2, m @ u1), 2 * np.pi)


def overlaps(model: ThreePopulation, v_f) -> Array:
    r"""Overlaps :math:`m_\mu = \xi_\mu^\top\sigma_f(V_f)/N_f` of the state with each stored pattern."""
    v_f = as_state(v_f, "v_f", model.n_f)
    signs = np.sign(model.xi)
    return model.sigma_f(v_f) @ signs / model.n_f


def energy_balance(model: ThreePopulation, states) -> dict[str, Array]:
    r"""The terms of :math:`dE/dt` (eq. 2) along eq. (1), and the bounds of the rising one.

    .. math::

        \frac{dE}{dt} = \underbrace{-T_f\dot V_f^\top D_f\dot V_f - T_h\dot V_h^\top D_h\dot V_h}_{\text{dissipation}}
        \;\underbrace{-\,\frac{1}{T_d}\,(\alpha_c\Xi\Phi\,\sigma_h(V_h))^\top(\sigma_f(V_f) - V_d)}_{\text{landscape motion } (\partial E/\partial V_d)\cdot\dot V_d}

    ``pointwise bound``: :math:`\|\alpha_c\Xi\Phi\|_2\,\|\sigma_h(V_h)\|\,\|\sigma_f(V_f) - V_d\|/T_d`
    (Cauchy–Schwarz). ``a priori bound``: :math:`2\sqrt{N_f}\,\|\alpha_c\Xi\Phi\|_2\,R_h/T_d` with
    :math:`R_h = (\sqrt{\alpha_s}\|\Xi\|_2 + \alpha_c\|\Xi\Phi\|_2)\sqrt{N_f}`, valid for states with
    :math:`V_d\in[-1,1]^{N_f}`, :math:`\|V_h\|\le R_h` (a forward-invariant set for tanh).
    """
    feature, hidden, motion = model.dissipation_terms(states)
    _, v_h, v_d = model.split(states)
    v_f = model.split(states)[0]
    k = np.linalg.norm(model.cross_coupling, 2)
    gap = np.linalg.norm(model.sigma_f(v_f) - v_d, axis=-1)
    pointwise = k * np.linalg.norm(model.sigma_h(v_h), axis=-1) * gap / model.t_d
    r_h = (np.sqrt(model.alpha_s) * np.linalg.norm(model.xi, 2) + np.linalg.norm(model.cross_coupling, 2)) * np.sqrt(model.n_f)
    return {"rate": model.energy_rate(states), "dissipation": feature + hidden, "motion": motion,
            "pointwise bound": pointwise, "a priori bound": np.full(pointwise.shape, 2 * np.sqrt(model.n_f) * k * r_h / model.t_d)}


def dwell_times(t, v_f_overlaps, *, threshold: float = 0.5) -> Array:
    r"""Times between successive hops: instants when a new pattern's overlap first exceeds ``threshold``
    (the leading pattern changes), differenced. ``v_f_overlaps`` has shape ``(T, p)``."""
    t = as_finite_array(t, "t", ndim=1)
    m = as_finite_array(v_f_overlaps, "v_f_overlaps", ndim=2)
    leader = np.where(np.max(m, axis=-1) > threshold, np.argmax(m, axis=-1), -1)
    hops, current = [], -1
    for k in range(t.size):
        if leader[k] >= 0 and leader[k] != current:
            if current >= 0:
                hops.append(t[k])
            current = leader[k]
    return np.diff(np.array(hops))


# ------------------------------------------------------------------ the loss of the memory
@dataclass(frozen=True)
class Instability:
    """Where the memory fixed point of eq. (1) is first lost as ``alpha_c`` grows, and how."""

    alpha_c: float
    kind: str
    eigenvalue: complex
    fold: float


def memory_fixed_point(model: ThreePopulation, start) -> Array | None:
    r"""A root of :math:`V_f = M\sigma_f(V_f)` (the fixed points of eq. (1) project to these; they do
    not depend on :math:`T_d`) near ``start``, or ``None`` when the solver finds none there."""
    m = model.reduced_matrix
    act = model.sigma_f
    eye = np.eye(model.n_f)
    sol = root(lambda v: m @ act(v) - v, np.asarray(start, float), jac=lambda v: m * act.derivative(v) - eye)
    if not sol.success or np.max(np.abs(m @ act(sol.x) - sol.x)) > 1e-9:
        return None
    return sol.x


def memory_continuation(model: ThreePopulation, alphas, start) -> dict[str, Array]:
    r"""Follow the fixed point from ``start`` (at ``alphas[0]``) as :math:`\alpha_c` runs through ``alphas``.

    Returns, per value, the point (NaN once lost), the rightmost eigenvalue of the Jacobian of
    eq. (1) at the lifted point (central differences), and that of the reduced flow
    :math:`M\,\mathrm{diag}(\sigma_f') - I` (zero at a fold).
    """
    alphas = as_finite_array(alphas, "alphas", ndim=1)
    points, full, reduced = [], [], []
    x = as_finite_array(start, "start", ndim=1)
    for a in alphas:
        m = replace(model, alpha_c=float(a))
        found = None if x is None else memory_fixed_point(m, x)
        if found is None:
            x = None
            points.append(np.full(model.n_f, np.nan))
            full.append(np.nan + 0j)
            reduced.append(np.nan)
            continue
        x = found
        ev = np.linalg.eigvals(jacobian_fd(m.vector_field, m.lift(x)))
        red = np.linalg.eigvals(m.reduced_matrix * m.sigma_f.derivative(x) - np.eye(m.n_f))
        points.append(x)
        full.append(ev[np.argmax(ev.real)])
        reduced.append(float(np.max(red.real)))
    return {"alpha_c": alphas, "point": np.array(points), "rightmost": np.array(full), "reduced": np.array(reduced)}


def first_instability(model: ThreePopulation, start, lo: float, hi: float, *, tol: float = 1e-6) -> Instability:
    r"""Bisection in :math:`\alpha_c \in [lo, hi]` for the first loss of the memory fixed point of eq. (1).

    Two events are located separately: the *fold* (the fixed point ceases to exist, its reduced
    eigenvalue reaching 0; independent of :math:`T_d`) and the first crossing of the imaginary axis by
    the Jacobian of eq. (1). ``kind`` is ``"Hopf"`` when a complex pair crosses before the fold, else
    ``"fold"`` (a saddle-node: on the invariant circle through the memories when an orbit of finite
    period exists past it — :func:`cycle_period` decides that).
    """
    lo, hi = float(lo), float(hi)

    def state(a):
        m = replace(model, alpha_c=a)
        x = memory_fixed_point(m, start)
        if x is None or np.max(np.abs(x - start)) > 2 * np.max(np.abs(start)):
            return None, None
        ev = np.linalg.eigvals(jacobian_fd(m.vector_field, m.lift(x)))
        return x, ev[np.argmax(ev.real)]

    a, b = lo, hi
    while b - a > tol:  # fold: last alpha with the fixed point
        mid = 0.5 * (a + b)
        a, b = (mid, b) if state(mid)[0] is not None else (a, mid)
    fold = a
    a, b = lo, fold
    if state(fold)[1].real < 0:
        return Instability(alpha_c=fold, kind="fold", eigenvalue=complex(state(fold)[1]), fold=fold)
    while b - a > tol:
        mid = 0.5 * (a + b)
        a, b = (mid, b) if state(mid)[1].real < 0 else (a, mid)
    ev = state(b)[1]
    kind = "Hopf" if abs(ev.imag) > 1e-6 else "fold"
    return Instability(alpha_c=b, kind=kind, eigenvalue=complex(ev), fold=fold)


def cycle_period(model: ThreePopulation, start, t_max: float = 400.0, n_samples: int = 8001) -> float:
    r"""Period of the sequence orbit of eq. (1): three times the mean dwell time over the second half of
    a run of ``t_max`` from ``start`` (three patterns per turn); ``inf`` when the state comes to rest."""
    from .simulate import simulate_model

    t = np.linspace(0.0, t_max, n_samples)
    traj = simulate_model(model, start, t, rtol=1e-8, atol=1e-10).y
    half = n_samples // 2
    dwell = dwell_times(t[half:], overlaps(model, traj[half:, : model.n_f]))
    if dwell.size < 2:
        return float("inf")
    return float(model.n_h * np.mean(dwell))


# ------------------------------------------------------------------------- bridge to 5-6
def bridge_defects(model: ThreePopulation) -> dict[str, float]:
    r"""How far the coupling is from the hypotheses of chapters 5 and 6.

    * ``symmetric part``: :math:`\|(M + M^\top)/2\|_2/\|M\|_2` — chapter 5's conserved
      :math:`H = \mathbf 1^\top F(Ax)` needs it zero;
    * ``cross asymmetry``: :math:`\|K - K^\top\|_2/\|K\|_2` for the delayed coupling
      :math:`K = \alpha_c\sqrt{\alpha_s}\Xi\Phi^\top\Xi^\top` (from :math:`V_d` into :math:`V_f`, the reverse
      coupling being :math:`I`) — chapter 6's construction with :math:`V_d` as the second population
      needs :math:`K = -R^\top R` for some linear change :math:`y = RV_d`, so zero;
    * ``cross lambda_max``: :math:`\lambda_{\max}((K + K^\top)/2)` — and :math:`\le 0`.
    """
    m = model.reduced_matrix
    k = np.sqrt(model.alpha_s) * model.alpha_c * model.xi @ model.phi.T @ model.xi.T
    k_norm = np.linalg.norm(k, 2)
    return {"symmetric part": float(np.linalg.norm(0.5 * (m + m.T), 2) / np.linalg.norm(m, 2)),
            "cross asymmetry": float(np.linalg.norm(k - k.T, 2) / k_norm) if k_norm > 0 else 0.0,
            "cross lambda_max": float(np.max(np.linalg.eigvalsh(0.5 * (k + k.T))))}
