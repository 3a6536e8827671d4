r"""Certificates that every orbit of :math:`v \mapsto \sigma(Mv)` converges: energies and contractions.

Chapter 7, section "Where an energy exists". Three certificates, each a sufficient condition:

* **symmetric** :math:`M` with :math:`\lambda_{\min}(M) > -1/\beta`: :math:`E(v) = \sum_i G(v_i) -
  \tfrac12 v^\top Mv` never rises (Marcus & Westervelt 1989; chapter 4);
* **quasi-symmetric** :math:`M = DS` (:math:`D` positive diagonal, :math:`S` symmetric): the weighted
  energy :func:`weighted_energy`, :math:`E_D(v) = \sum_i d_i^{-1}G(v_i) - \tfrac12 v^\top Sv`, with
  :math:`E_D(v') - E_D(v) \le -\tfrac12\Delta^\top(S + D^{-1}/\beta)\Delta`, :math:`\Delta = v' - v`
  (:func:`weighted_descent_bound`); the condition :math:`S + D^{-1}/\beta \succ 0` is
  :math:`\lambda_{\min}(M) > -1/\beta`, since :math:`M` is similar to the symmetric
  :math:`D^{1/2}SD^{1/2}`;
* **contraction** in a weighted norm: :math:`\beta\|DMD^{-1}\| < 1` makes the map a contraction in
  :math:`\|Dv\|`, so the origin is the only fixed point and :math:`\|Dv\|` a Lyapunov function;
  :func:`best_weights` minimises the weighted spectral norm, :func:`perron_bound` gives the optimal
  weighted :math:`\infty`-norm :math:`\rho(|M|)`.

:func:`certify` applies all three to a stack of couplings.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from ._validation import as_finite_array, positive_scalar
from .activations import Activation, get_activation

Array = np.ndarray


def _square(m, name: str = "m") -> Array:
    m = as_finite_array(m, name)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"{name} must be a square matrix (n, n); got shape {m.shape}")
    return m


def _weights(d, n: int, name: str = "d") -> Array:
    d = as_finite_array(d, name, ndim=1)
    if d.shape != (n,) or np.any(d <= 0):
        raise ValueError(f"{name} must be {n} positive weights; got {d}")
    return d


def weighted_energy(d, s, v, activation: Activation | str = "tanh") -> Array:
    r"""The energy of a quasi-symmetric coupling :math:`M = DS`: :math:`\sum_i d_i^{-1}G(v_i) - \tfrac12 v^\top Sv`.

    Derivation (chapter 7, theorem *Weighted energy of a quasi-symmetric coupling*): the map :math:`v' = \sigma(DSv)` is
    :math:`\nabla_v[\sum_i d_i^{-1}G(v_i)](v') = D^{-1}\sigma^{-1}(v') = Sv`, the concave-convex step
    of this energy (Yuille & Rangarajan 2003). ``v`` is a batch ``(..., n)`` in the closed image of σ.
    """
    s = _square(s, "s")
    d = _weights(d, s.shape[0])
    act = get_activation(activation)
    v = as_finite_array(v, "v", min_ndim=1)
    return np.sum(act.legendre_dual(v) / d, axis=-1) - 0.5 * np.einsum("...i,ij,...j->...", v, s, v)


def weighted_descent_bound(d, s, v, v_next, activation: Activation | str = "tanh") -> Array:
    r""":math:`-\tfrac12\Delta^\top(S + D^{-1}/\beta)\Delta` with :math:`\Delta = v' - v`: an upper bound of the change of
    :func:`weighted_energy` over one step (strong convexity of :math:`G`, :math:`G'' \ge 1/\beta`)."""
    s = _square(s, "s")
    d = _weights(d, s.shape[0])
    act = get_activation(activation)
    delta = as_finite_array(v_next, "v_next", min_ndim=1) - as_finite_array(v, "v", min_ndim=1)
    form = s + np.diag(1.0 / (d * act.gain))
    return -0.5 * np.einsum("...i,ij,...j->...", delta, form, delta)


def quasi_symmetric_factor(m, tol: float = 1e-9) -> tuple[Array, Array, float]:
    r"""The factorisation :math:`M = DS` (:math:`D` positive diagonal, :math:`S` symmetric), when it exists.

    :math:`D^{-1}M` is symmetric iff :math:`m_{ij}/d_i = m_{ji}/d_j` for all :math:`i, j`: pairs with
    :math:`m_{ij}m_{ji} > 0` fix :math:`\log d_i - \log d_j = \log(m_{ij}/m_{ji})`, solved here by least
    squares over all such pairs (exact when the cycle products agree, Kolmogorov's criterion), with
    :math:`\prod d_i = 1`. Returns ``(d, s, residual)``: ``s`` is the symmetric part of
    :math:`D^{-1}M` and ``residual`` the relative size :math:`\|D^{-1}M - (D^{-1}M)^\top\|_F/\|D^{-1}M\|_F`
    of its antisymmetric part — zero (to ``tol``) exactly when :math:`M` is quasi-symmetric.
    """
    m = _square(m)
    n = m.shape[0]
    rows, rhs = [np.ones(n) / n], [0.0]
    for i in range(n):
        for j in range(i + 1, n):
            if m[i, j] * m[j, i] > 0:
                row = np.zeros(n)
                row[i], row[j] = 1.0, -1.0
                rows.append(row)
                rhs.append(np.log(m[i, j] / m[j, i]))
    log_d = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)[0]
    d = np.exp(log_d)
    scaled = m / d[:, None]
    norm = np.linalg.norm(scaled)
    residual = 0.0 if norm == 0 else float(np.linalg.norm(scaled - scaled.T) / norm)
    return d, 0.5 * (scaled + scaled.T), residual


def weighted_norm(m, d) -> float:
    r""":math:`\|DMD^{-1}\|_2` for positive weights ``d``."""
    m = _square(m)
    d = _weights(d, m.shape[0])
    return float(np.linalg.norm(d[:, None] * m / d[None, :], 2))


def best_weights(m, *, restarts: int = 3, seed: int = 0) -> tuple[Array, float]:
    r"""Positive weights :math:`D` minimising :math:`\|DMD^{-1}\|_2`, and the minimum found.

    Nelder–Mead on :math:`\log d` (normalised :math:`d_1 = 1`) from the unit weights, the Perron
    weights of :math:`|M|` and ``restarts`` seeded random starts; the value is an upper bound of the
    infimum (it is never below the spectral radius :math:`\rho(M)`).
    """
    m = _square(m)
    n = m.shape[0]
    if n == 1:
        return np.ones(1), float(abs(m[0, 0]))
    rng = np.random.default_rng(seed)

    def objective(z):
        return weighted_norm(m, np.exp(np.concatenate([[0.0], z])))

    _, perron = _perron(m)
    starts = [np.zeros(n - 1), np.log(1.0 / perron[1:] * perron[0])] + [rng.normal(size=n - 1) for _ in range(restarts)]
    best = min((minimize(objective, z0, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000})
                for z0 in starts), key=lambda r: r.fun)
    return np.exp(np.concatenate([[0.0], best.x])), float(best.fun)


def _perron(m) -> tuple[float, Array]:
    """Spectral radius of |M| and a positive (left-normalised) Perron vector, regularised by 1e-12."""
    a = np.abs(m) + 1e-12
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vec = np.abs(vectors[:, k].real)
    return float(values[k].real), vec / vec.max()


def perron_bound(m) -> float:
    r""":math:`\rho(|M|) = \inf_D \|DMD^{-1}\|_\infty` (Perron–Frobenius): the best weighted :math:`\infty`-norm contraction factor."""
    return _perron(_square(m))[0]


def certify(ms, activation: Activation | str = "tanh", *, tol: float = 1e-9) -> dict[str, Array]:
    r"""Which certificates hold for each coupling of a stack ``ms`` ``(B, n, n)``.

    Returns boolean arrays ``symmetric``, ``quasi-symmetric`` (includes the symmetric case),
    ``contraction`` (weighted 2-norm or :math:`\infty`-norm) and ``any``, and the numbers they were
    decided from: ``lambda_min`` (smallest real part of the spectrum), ``factor residual``,
    ``best norm`` (:math:`\beta\min_D\|DMD^{-1}\|_2` as found, or :math:`\beta\rho(|M|)` when that already
    decides: it is at least :math:`\beta\rho(M)` and at most :math:`\beta\rho(|M|)`) and ``perron`` (:math:`\beta\rho(|M|)`).
    """
    ms = as_finite_array(ms, "ms")
    if ms.ndim != 3 or ms.shape[1] != ms.shape[2]:
        raise ValueError(f"ms must be a stack of square matrices (B, n, n); got shape {ms.shape}")
    beta = get_activation(activation).gain
    tol = positive_scalar(tol, "tol")
    out = {k: [] for k in ("symmetric", "quasi-symmetric", "contraction", "lambda_min", "factor residual",
                           "best norm", "perron")}
    for m in ms:
        eig = np.linalg.eigvals(m)
        lam = float(np.min(eig.real))
        real = bool(np.max(np.abs(eig.imag)) <= 1e-9 * (1 + np.max(np.abs(eig))))
        _, _, residual = quasi_symmetric_factor(m)
        perron = beta * perron_bound(m)
        radius = beta * float(np.max(np.abs(eig)))
        # min_D ||D M D^-1||_2 lies in [rho(M), rho(|M|)]: search only when that interval straddles 1
        best = perron if (perron < 1.0 or radius >= 1.0) else beta * best_weights(m, restarts=1)[1]
        out["symmetric"].append(bool(np.max(np.abs(m - m.T)) <= tol and lam > -1 / beta))
        out["quasi-symmetric"].append(bool(residual <= tol and real and lam > -1 / beta))
        out["contraction"].append(bool(min(best, perron) < 1.0))
        out["lambda_min"].append(lam)
        out["factor residual"].append(residual)
        out["best norm"].append(best)
        out["perron"].append(perron)
    result = {k: np.array(v) for k, v in out.items()}
    result["any"] = result["quasi-symmetric"] | result["contraction"]
    return result
