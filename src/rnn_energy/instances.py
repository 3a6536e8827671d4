r"""Every seeded instance of the book, in one place.

The chapters, the ledger, the widgets, the tests and the benchmarks all build their models here,
so "a random three-population network" or "a symmetric coupling with this spectrum" means one
thing throughout. Each constructor takes a :class:`numpy.random.Generator` first and draws from
it in a fixed order, so a seed determines the instance.

* three-population networks: :func:`random_three_population`, the sequence network
  :func:`sequence_model`, and stacks of reduced couplings :func:`reduced_couplings`;
* couplings with a prescribed spectrum: :func:`symmetric_with_spectrum`,
  :func:`coupling_with_spectrum`;
* the slides' networks: :func:`random_symmetric_network`, :func:`symmetric_network_with_spectrum`,
  :func:`random_antisymmetric_network`, :func:`random_ei`, and the one-plus-one pair :func:`ei_pair`;
* :func:`seeded` — one instance per seed of :data:`LEDGER_SEEDS`, with its generator.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import as_finite_array, nonnegative_scalar, positive_scalar
from .hamiltonian import AntisymmetricNetwork, ExcitatoryInhibitory, SymmetricNetwork
from .three_population import ThreePopulation

Array = np.ndarray

#: Seeds of the ledger's instances; every sampled check runs on one instance per seed.
LEDGER_SEEDS = (1, 2, 3, 4, 5)


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
    return rng


def _check_count(value, name: str, minimum: int = 1) -> int:
    if not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def seeded(factory: Callable, *args, seeds=LEDGER_SEEDS, **params) -> list[tuple[object, np.random.Generator]]:
    """``[(factory(rng, *args, **params), rng) for each seed]``, each ``rng = default_rng(seed)``.

    The generator is returned after the instance has been drawn from it, so a check can go on
    drawing its sample states from the same stream.
    """
    out = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        out.append((factory(rng, *args, **params), rng))
    return out


# ------------------------------------------------------------ the three-population network
def random_three_population(
    rng: np.random.Generator, n_f: int = 4, n_h: int = 3, *, xi_scale: float = 1.0,
    phi_scale: float = 1.0, **params,
) -> ThreePopulation:
    r"""A random network of eq. (1): :math:`\Xi_{ij}, \Phi_{ij}` Gaussian with standard deviations
    ``xi_scale / sqrt(n_h)`` and ``phi_scale / sqrt(n_h)``; other parameters are passed on."""
    _check_rng(rng)
    n_f, n_h = _check_count(n_f, "n_f"), _check_count(n_h, "n_h")
    xi = rng.standard_normal((n_f, n_h)) * xi_scale / np.sqrt(n_h)
    phi = rng.standard_normal((n_h, n_h)) * phi_scale / np.sqrt(n_h)
    return ThreePopulation(xi, phi, **params)


def sequence_model(n: int = 3, gain: float = 2.0, sigma_f: str = "tanh") -> ThreePopulation:
    r"""The sequence network: :math:`\Xi = \sqrt{g}\,I`, :math:`\Phi = P - I` with :math:`P` the cyclic shift.

    Then :math:`M = \Xi(I+\Phi^\top)\Xi^\top = g P^\top` maps pattern :math:`e_\mu` to
    :math:`g\,e_{\mu+1}`: the map walks through the stored patterns in turn
    (Chaudhry et al. 2023, in the notes' variables).
    """
    n = _check_count(n, "n", 2)
    gain = positive_scalar(gain, "gain")
    shift = np.roll(np.eye(n), 1, axis=1)  # shift[i, i+1] = 1
    return ThreePopulation(xi=np.sqrt(gain) * np.eye(n), phi=shift - np.eye(n), sigma_f=sigma_f)


def reduced_couplings(rng: np.random.Generator, n_instances: int, n: int, *, gain: float,
                      phi_scale: float) -> Array:
    r"""A stack ``(n_instances, n, n)`` of :math:`M = \Xi(I + \Phi^\top)\Xi^\top` (eq. 7), :math:`N_f = N_h = n`.

    :math:`\Xi` and :math:`\Phi` are Gaussian (entries of standard deviation :math:`1/\sqrt n` and
    ``phi_scale`` :math:`/\sqrt n`); :math:`\Xi` is rescaled so that the symmetric coupling has
    :math:`\|\Xi\Xi^\top\|_2 =` ``gain``.
    """
    _check_rng(rng)
    n_instances, n = _check_count(n_instances, "n_instances"), _check_count(n, "n")
    gain = positive_scalar(gain, "gain")
    xi = rng.standard_normal((n_instances, n, n)) / np.sqrt(n)
    phi = rng.standard_normal((n_instances, n, n)) * phi_scale / np.sqrt(n)
    sym = np.einsum("bij,bkj->bik", xi, xi)
    xi = xi * np.sqrt(gain / np.linalg.norm(sym, 2, axis=(1, 2)))[:, None, None]
    return np.einsum("bij,bjk,blk->bil", xi, np.eye(n) + np.swapaxes(phi, 1, 2), xi)


# ---------------------------------------------------------- couplings with a given spectrum
def symmetric_with_spectrum(rng: np.random.Generator, eigenvalues) -> Array:
    r""":math:`Q\,\mathrm{diag}(\lambda)\,Q^\top` with a random orthogonal :math:`Q` (QR of a Gaussian matrix)."""
    _check_rng(rng)
    lam = as_finite_array(eigenvalues, "eigenvalues", ndim=1)
    q, r = np.linalg.qr(rng.standard_normal((lam.size, lam.size)))
    q = q * np.sign(np.diag(r))
    return (q * lam) @ q.T


def coupling_with_spectrum(
    rng: np.random.Generator, n: int = 4, *, lambda_min: float = -0.5, gain: float = 2.0,
    asymmetry: float = 0.0,
) -> Array:
    r"""A test matrix :math:`M = S + a\,(C - C^\top)/\sqrt{2n}`.

    :math:`S` is symmetric with smallest eigenvalue ``lambda_min`` and the others drawn
    uniformly from :math:`[0.2, 1]\cdot` ``gain``; :math:`C` is Gaussian, so ``asymmetry``
    :math:`a \ge 0` sets the antisymmetric part (which any :math:`\Phi \ne \Phi^\top`-type coupling adds).
    With ``gain`` below ``lambda_min / 0.2`` the smallest eigenvalue is not ``lambda_min``; the
    function does not reorder them.
    """
    _check_rng(rng)
    n = _check_count(n, "n")
    asymmetry = nonnegative_scalar(asymmetry, "asymmetry")
    gain = nonnegative_scalar(gain, "gain")
    eigenvalues = np.concatenate([[lambda_min], gain * rng.uniform(0.2, 1.0, size=n - 1)])
    c = rng.standard_normal((n, n))
    return symmetric_with_spectrum(rng, eigenvalues) + asymmetry * (c - c.T) / np.sqrt(2 * n)


# ------------------------------------------------------------------ the slides' networks
def random_symmetric_network(rng: np.random.Generator, n: int = 3, *, bias_scale: float = 0.5) -> SymmetricNetwork:
    r"""Slides H6: :math:`W = N + N^\top` with :math:`N` Gaussian, bias :math:`b \sim N(0, \text{bias\_scale}^2)`, tanh."""
    _check_rng(rng)
    n = _check_count(n, "n")
    w = rng.normal(size=(n, n))
    return SymmetricNetwork(w + w.T, bias_scale * rng.normal(size=n))


def symmetric_network_with_spectrum(rng: np.random.Generator, eigenvalues) -> SymmetricNetwork:
    """A symmetric network (no bias, tanh) whose W has the given eigenvalues."""
    w = symmetric_with_spectrum(rng, eigenvalues)
    return SymmetricNetwork(w, np.zeros(w.shape[0]))


def random_antisymmetric_network(rng: np.random.Generator, n: int = 4, *,
                                 bias_scale: float = 0.5) -> AntisymmetricNetwork:
    r"""Slides H14: :math:`A = N - N^\top` with :math:`N` Gaussian, bias of standard deviation ``bias_scale``, tanh."""
    _check_rng(rng)
    n = _check_count(n, "n")
    a = rng.normal(size=(n, n))
    return AntisymmetricNetwork(a - a.T, bias_scale * rng.normal(size=n))


def random_ei(rng: np.random.Generator, n_x: int = 3, n_y: int = 2, **params) -> ExcitatoryInhibitory:
    r"""A random E–I network (slides H21–H22): :math:`A = 0.15(N + N^\top)`, :math:`C = 0.3QQ^\top` (PSD),
    :math:`B, u, v` Gaussian, tanh units; ``tau_x = 1``, ``tau_y = 0.7``, ``r = 0.5`` unless given."""
    _check_rng(rng)
    n_x, n_y = _check_count(n_x, "n_x"), _check_count(n_y, "n_y")
    a = rng.normal(size=(n_x, n_x))
    q = rng.normal(size=(n_y, n_y))
    params = {"tau_x": 1.0, "tau_y": 0.7, "r": 0.5, **params}
    return ExcitatoryInhibitory(a=0.15 * (a + a.T), b=rng.normal(size=(n_x, n_y)), c=0.3 * q @ q.T,
                                u=0.3 * rng.normal(size=n_x), v=0.3 * rng.normal(size=n_y), **params)


def ei_pair(a: float = 2.0, b: float = 2.5, c: float = 0.0, u: float = 0.0, v: float = 0.0,
            tau_x: float = 1.0, tau_y: float = 0.5, r: float = 1.0, f: str = "tanh",
            g: str = "tanh") -> ExcitatoryInhibitory:
    """One excitatory and one inhibitory unit (all matrices 1 x 1): chapter 6's pair."""
    return ExcitatoryInhibitory(a=[[a]], b=[[b]], c=[[c]], u=[u], v=[v], tau_x=tau_x, tau_y=tau_y, r=r, f=f, g=g)


# ------------------------------------------------------------- chapter 7: the sequence network
def sequence_network(gain: float = 3.0, lam: float = 0.6, *, n_patterns: int = 3, t_h: float = 0.1,
                     t_d: float = 2.0, sigma_f: str = "tanh") -> ThreePopulation:
    r"""The sequence network of chapter 7: :math:`\Xi = \sqrt{g/N_f}\,[\xi_1\dots\xi_p]` (orthogonal
    :math:`\pm1` patterns, :func:`rnn_energy.sequence.patterns`), :math:`\Phi = P` the cyclic shift,
    :math:`\alpha_c = \lambda`, so :math:`M = \Xi(I + \lambda P^\top)\Xi^\top` keeps the auto-associative
    term (Sompolinsky & Kanter 1986; Kleinfeld 1986)."""
    from .sequence import cyclic_shift, patterns

    gain = positive_scalar(gain, "gain")
    lam = nonnegative_scalar(lam, "lam")
    xi = patterns(n_patterns)
    return ThreePopulation(xi=np.sqrt(gain / xi.shape[0]) * xi, phi=cyclic_shift(n_patterns), alpha_c=lam,
                           t_h=t_h, t_d=t_d, sigma_f=sigma_f)


def quasi_symmetric_coupling(rng: np.random.Generator, n: int = 4, *, lambda_min: float = -0.5,
                             gain: float = 2.0, spread: float = 1.0) -> tuple[Array, Array, Array]:
    r""":math:`M = DS` with :math:`D = \mathrm{diag}(e^{z})`, :math:`z \sim U(-\text{spread}, \text{spread})`, and
    :math:`S = D^{-1/2}\,\tilde S\,D^{-1/2}`, :math:`\tilde S` symmetric with smallest eigenvalue ``lambda_min``
    and the others in :math:`[0.2, 1]\cdot` ``gain`` — so the real spectrum of :math:`M` is that of :math:`\tilde S`.
    Returns ``(m, d, s)``."""
    _check_rng(rng)
    n = _check_count(n, "n")
    d = np.exp(rng.uniform(-spread, spread, size=n))
    s_tilde = symmetric_with_spectrum(rng, np.concatenate([[lambda_min], gain * rng.uniform(0.2, 1.0, size=n - 1)]))
    s = s_tilde / np.sqrt(d)[:, None] / np.sqrt(d)[None, :]
    return d[:, None] * s, d, s
