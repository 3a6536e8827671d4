"""Numbers as the book prints them: fixed precision, and round-off shown as a bound.

Values at round-off level differ between machines and BLAS builds; a regression test
(nbval) can only compare a bound for them, so they print as one.
"""

from __future__ import annotations

import numpy as np


def format_increase(x: float, floor: float = 1e-9) -> str:
    """A largest increase: ``'2.345e-02'`` when above ``floor``, else ``'< 1e-09'``."""
    x = float(np.max(x))
    return f"{x:.3e}" if x > floor else f"< {floor:.0e}"


def format_error(x: float, floor: float = 1e-12) -> str:
    """An error magnitude: ``'3.210e-05'``, or ``'< 1e-12'`` at round-off level."""
    x = float(np.max(np.abs(x)))
    return f"{x:.3e}" if x >= floor else f"< {floor:.0e}"


def format_array(x, digits: int = 3) -> str:
    """A real array rounded to ``digits`` decimals, with ``-0`` printed as ``0``."""
    x = np.round(np.asarray(x, dtype=float), digits) + 0.0
    return np.array2string(x, precision=digits, floatmode="fixed", suppress_small=True)
