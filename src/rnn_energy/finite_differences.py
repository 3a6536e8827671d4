r"""Central finite differences: the independent derivative that checks an analytic one.

Used by the ledger and by the unit tests alike. With step :math:`h` the central difference
has truncation error :math:`O(h^2)` and round-off error :math:`O(\epsilon/h)`; the default
``STEP = 1e-5`` balances the two near :math:`10^{-10}` for functions of order one.
"""

from __future__ import annotations

import numpy as np

STEP = 1e-5


def gradient_fd(fun, x, h: float = STEP):
    """Central-difference gradient of a scalar function of a batch ``(..., n)``.

    Applied to a vector function it gives the Jacobian ``(..., m, n)``.
    """
    basis = np.eye(x.shape[-1])
    return np.stack([(fun(x + h * e) - fun(x - h * e)) / (2 * h) for e in basis], axis=-1)


jacobian_fd = gradient_fd


def hessian_fd(fun, x, h: float = 1e-4):
    """Central second differences: the Hessian ``(..., n, n)`` of a scalar function of a batch."""
    n = x.shape[-1]
    basis = np.eye(n) * h
    out = np.empty(x.shape + (n,))
    for i in range(n):
        for j in range(n):
            ei, ej = basis[i], basis[j]
            out[..., i, j] = (fun(x + ei + ej) - fun(x + ei - ej) - fun(x - ei + ej) + fun(x - ei - ej)) / (4 * h * h)
    return out
