r"""Symbolic decisions of the sources' algebra: typed forms against the model, over symbolic matrices.

Each decider takes one equation of the notes (keys ``"4"`` ... ``"47"``) or of the slides
(``"H7"`` ... ``"H30"``) *as it is typed in the source* and subtracts the *model's* value of the
same quantity, built once from the model's definitions:

* the notes: the three-population dynamics eq. (1) and its energy eq. (2), under the notes'
  conditions :math:`\sigma_h = \mathrm{id}`, :math:`\alpha_s = \alpha_c = 1`, :math:`\mathcal T_f = 1`
  where stated; the slow variables are obtained by *solving* the fast rows of (1) for
  :math:`V_h` and :math:`V_d` (:func:`slaved_states`), never by retyping them;
* the slides: the Hamiltonians H10, H18, H26 and the networks H6, H14, H21–H24; gradients
  and time derivatives are taken by sympy's own differentiation.

Matrices have symbolic entries (``xi_0_1``, ...) at a few sizes (:data:`NOTES_SIZES`,
:data:`SLIDE_SIZES`). Where an identity does not depend on the nonlinearity, its values are
free symbols (``s_i`` for :math:`\sigma_f(V_f)_i`, ``L`` for :math:`L_f`); where it does, the
nonlinearity is an undefined function :math:`f` with an inverse :math:`f^{-1}` (the rule
:math:`f^{-1}(f(z)) = z` is the only property used) and antiderivatives :math:`F` and
:math:`\bar F` with :math:`F' = f`, :math:`\bar F' = f^{-1}`; the tanh section uses
:math:`\tanh` and :math:`L = \sum\log\cosh`.

The residual (seed minus model) is brought to a canonical polynomial form by
:func:`sympy.expand` (after :func:`sympy.expand_log` for the log-cosh lines). An equation
``holds`` when the residual is exactly zero at every size tried. Every decider also builds a
*control*: a deliberately wrong variant of the typed form (a sign flipped, a transpose
dropped or added, a factor changed) that must **not** reduce to zero at some size; a
decider whose control came out zero could not tell right from wrong.

Results are cached: :func:`decide` computes each key once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy.matrices import ShapeError

#: (N_f, N_h) sizes at which the notes' identities are decided.
NOTES_SIZES: tuple[tuple[int, int], ...] = ((1, 1), (2, 2), (3, 2))
#: Network sizes n (symmetric, antisymmetric) and (n_x, n_y) (excitatory-inhibitory) for the slides.
SLIDE_SIZES: tuple[int, ...] = (1, 2, 3)
EI_SIZES: tuple[tuple[int, int], ...] = ((1, 1), (2, 2), (3, 2))

RESIDUAL_CHARS = 240


@dataclass(frozen=True)
class SymbolicResult:
    """The symbolic verdict on one equation of the sources.

    Attributes
    ----------
    key : str
        The ledger key: ``"25"`` for eq. (25) of the notes, ``"H13"`` for the slides' 13th.
    kind : str
        ``"identity"`` (a claimed equality) or ``"definition"`` (eqs. (12)–(14): the source
        defines the quantity; the model's form is still shown to equal it).
    statement : str
        What is compared with what.
    holds : bool
        The typed form minus the model's value is exactly zero at every size tried.
    corrected_holds : bool or None
        For an erratum, whether the corrected form does; ``None`` where no correction is made.
    residual : str
        The simplified nonzero residual of the typed form at the first size where it is nonzero
        (truncated), or why it is undefined there; ``''`` when it holds.
    sizes : tuple
        The sizes tried.
    control : str
        The deliberately wrong variant of the typed form.
    control_rejected : bool
        The control does not reduce to zero (at some size tried).
    """

    key: str
    kind: str
    statement: str
    holds: bool
    corrected_holds: bool | None
    residual: str
    sizes: tuple
    control: str
    control_rejected: bool


# ====================================================================== decision machinery
def _normal(expr) -> sp.Expr | sp.Matrix:
    """Canonical form of a scalar or a matrix: logs of products split, then fully expanded."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(_normal)
    return sp.expand(sp.expand_log(sp.sympify(expr)))


def _scalar(expr):
    """A 1 x 1 matrix (a quadratic form) as its single entry."""
    if isinstance(expr, sp.MatrixBase):
        if expr.shape != (1, 1):
            raise ShapeError(f"expected a 1 x 1 matrix, got {expr.shape}")
        return expr[0, 0]
    return expr


def _difference(lhs, rhs):
    """``lhs - rhs`` for scalars or same-shape matrices (1 x 1 matrices count as scalars)."""
    lhs_m, rhs_m = isinstance(lhs, sp.MatrixBase), isinstance(rhs, sp.MatrixBase)
    if lhs_m and rhs_m and lhs.shape == rhs.shape:
        return lhs - rhs
    return _scalar(lhs) - _scalar(rhs)


def _residual(pair: Callable, size) -> tuple[bool, str]:
    """Whether ``pair(size) -> (typed, model)`` reduces to zero, and the residual as text."""
    try:
        typed, model = pair(size)
        res = _normal(_difference(typed, model))
    except ShapeError as err:
        return False, f"undefined at size {size}: {err}"
    if isinstance(res, sp.MatrixBase):
        if all(e == 0 for e in res):
            return True, ""
        text = str(list(res)) if res.shape[1] == 1 else str(res.tolist())
    else:
        if res == 0:
            return True, ""
        text = str(res)
    text = f"at size {size}: {text}"
    return False, text if len(text) <= RESIDUAL_CHARS else text[: RESIDUAL_CHARS - 3] + "..."


def _decide(key: str, statement: str, sizes, typed: Callable, control: tuple[str, Callable],
            corrected: Callable | None = None, kind: str = "identity") -> SymbolicResult:
    """Decide ``typed`` (and ``corrected``, and the ``control``) at every size in ``sizes``.

    Each callable maps a size to a pair ``(form, model value)``.
    """
    residual, holds = "", True
    for size in sizes:
        ok, text = _residual(typed, size)
        if not ok:
            holds = False
            if not residual:
                residual = text
    corrected_holds = None
    if corrected is not None:
        corrected_holds = all(_residual(corrected, size)[0] for size in sizes)
    control_text, control_pair = control
    control_rejected = not all(_residual(control_pair, size)[0] for size in sizes)
    return SymbolicResult(key, kind, statement, holds, corrected_holds, residual, tuple(sizes),
                          control_text, control_rejected)


# ============================================================== symbols and functions
def _vector(name: str, n: int) -> sp.Matrix:
    return sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"{name}_{i}", real=True))


def _matrix(name: str, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i}_{j}", real=True))


def _symmetric(name: str, n: int) -> sp.Matrix:
    return sp.Matrix(n, n, lambda i, j: sp.Symbol(f"{name}_{min(i, j)}_{max(i, j)}", real=True))


def _antisymmetric(name: str, n: int) -> sp.Matrix:
    def entry(i, j):
        if i == j:
            return sp.Integer(0)
        sym = sp.Symbol(f"{name}_{min(i, j)}_{max(i, j)}", real=True)
        return sym if i < j else -sym
    return sp.Matrix(n, n, entry)


def _ones(n: int) -> sp.Matrix:
    return sp.ones(n, 1)


def _sum(v: sp.Matrix):
    return sum(v, sp.Integer(0))


@dataclass(frozen=True)
class Nonlinearity:
    r"""An undefined activation :math:`f` with inverse :math:`f^{-1}` and antiderivatives.

    ``F`` with :math:`F' = f` (the Lagrangian) and ``Fbar`` with :math:`\bar F' = f^{-1}`
    (its Legendre dual); ``inv`` simplifies :math:`f^{-1}(f(z))` to :math:`z`, the defining
    property of an inverse and the only one the deciders use.
    """

    f: type
    inv: type
    F: type
    Fbar: type

    def __call__(self, v: sp.Matrix) -> sp.Matrix:
        return v.applyfunc(self.f)

    def inverse(self, v: sp.Matrix) -> sp.Matrix:
        return v.applyfunc(self.inv)

    def lagrangian(self, v: sp.Matrix):
        r""":math:`\mathbf 1^\top F(v)`."""
        return _sum(v.applyfunc(self.F))

    def dual(self, v: sp.Matrix):
        r""":math:`\mathbf 1^\top \bar F(v)`."""
        return _sum(v.applyfunc(self.Fbar))


@functools.cache
def nonlinearity(name: str = "f") -> Nonlinearity:
    """The undefined activation called ``name`` (``"f"``, ``"g"``, ``"sigma"``), with its inverse."""
    f = sp.Function(name)

    class inv(sp.Function):  # noqa: N801  (printed as the function's name)
        @classmethod
        def eval(cls, z):
            if isinstance(z, f):
                return z.args[0]

    class F(sp.Function):
        def fdiff(self, argindex=1):
            return f(self.args[0])

    class Fbar(sp.Function):
        def fdiff(self, argindex=1):
            return inv(self.args[0])

    for cls, label in ((inv, f"{name}inv"), (F, f"{name.upper()}"), (Fbar, f"{name.upper()}bar")):
        cls.__name__ = cls.__qualname__ = label
    return Nonlinearity(f, inv, F, Fbar)


def time_derivative(expr, state: list[sp.Symbol], field: list) -> sp.Expr | sp.Matrix:
    r""":math:`\frac{d}{dt}` of ``expr`` along ``state' = field``, by sympy's chain rule.

    The state symbols are replaced by functions of :math:`t`, differentiated with
    :func:`sympy.diff`, and the derivatives replaced by the field.
    """
    t = sp.Symbol("t", real=True)
    paths = {s: sp.Function(f"{s.name}_path")(t) for s in state}
    moved = (expr.subs(paths) if not isinstance(expr, sp.MatrixBase)
             else expr.applyfunc(lambda e: e.subs(paths)))
    rate = sp.diff(moved, t)
    back = {sp.Derivative(paths[s], t): v for s, v in zip(state, field)}
    undo = dict(zip(paths.values(), paths.keys()))
    if isinstance(rate, sp.MatrixBase):
        return rate.applyfunc(lambda e: e.subs(back).subs(undo))
    return rate.subs(back).subs(undo)


def gradient(expr, variables: sp.Matrix) -> sp.Matrix:
    """Column of partial derivatives of a scalar ``expr``."""
    return sp.Matrix([sp.diff(expr, v) for v in variables])


# ====================================================================== the notes' model
@dataclass(frozen=True)
class NotesSymbols:
    r"""Symbols of the notes at one size: :math:`\Xi, \Phi, V_f, \sigma_f(V_f), V_d, V_h, L_f`,
    and their values at :math:`t + 1` (``b`` = :math:`\sigma_f(V_f(t+1))`, ``L1``, ``d1``, ``h1``)."""

    n_f: int
    n_h: int
    xi: sp.Matrix
    phi: sp.Matrix
    v: sp.Matrix
    s: sp.Matrix
    d: sp.Matrix
    h: sp.Matrix
    L: sp.Symbol
    w: sp.Matrix
    b: sp.Matrix
    L1: sp.Symbol
    d1: sp.Matrix
    h1: sp.Matrix
    t_f: sp.Symbol

    @property
    def eye(self) -> sp.Matrix:
        return sp.eye(self.n_h)


@functools.cache
def notes_symbols(size: tuple[int, int]) -> NotesSymbols:
    n_f, n_h = size
    return NotesSymbols(
        n_f, n_h, _matrix("xi", n_f, n_h), _matrix("phi", n_h, n_h), _vector("v", n_f), _vector("s", n_f),
        _vector("d", n_f), _vector("h", n_h), sp.Symbol("L", real=True), _vector("w", n_f), _vector("b", n_f),
        sp.Symbol("L1", real=True), _vector("d1", n_f), _vector("h1", n_h), sp.Symbol("T_f", positive=True))


def identity_activation(v: sp.Matrix) -> sp.Matrix:
    r""":math:`\sigma_h(X) = X`, the notes' condition."""
    return v


def lagrangian(activation: Callable[[sp.Expr], sp.Expr], v: sp.Matrix):
    r""":math:`L(v) = \sum_i \int_0^{v_i} \sigma(z)\,dz`, the potential whose gradient is :math:`\sigma`."""
    z = sp.Symbol("z", real=True)
    return _sum(v.applyfunc(lambda vi: sp.integrate(activation(sp.Matrix([z]))[0], (z, 0, vi))))


def model_rhs(m: NotesSymbols, v_f, s_f, v_h, v_d, alpha_s=1, alpha_c=1, sigma_h=identity_activation):
    r"""The right-hand sides of eq. (1): :math:`\mathcal T_k \dot V_k` for :math:`k = f, h, d`.

    .. math:: \sqrt{\alpha_s}\,\Xi\sigma_h(V_h) - V_f,\quad
              \sqrt{\alpha_s}\,\Xi^\top\sigma_f(V_f) + \alpha_c\Phi^\top\Xi^\top V_d - V_h,\quad
              \sigma_f(V_f) - V_d.
    """
    root = sp.sqrt(alpha_s)
    return (root * m.xi * sigma_h(v_h) - v_f,
            root * m.xi.T * s_f + alpha_c * m.phi.T * m.xi.T * v_d - v_h,
            s_f - v_d)


@functools.cache
def _fast_rows_solution(size: tuple[int, int], solve_d: bool) -> dict:
    """The fast rows of eq. (1) set to zero and solved by :func:`sympy.solve` at generic symbols."""
    m = notes_symbols(size)
    _, row_h, row_d = model_rhs(m, m.v, m.s, m.h, m.d)
    unknowns = list(m.h) + (list(m.d) if solve_d else [])
    sol = sp.solve(list(row_h) + (list(row_d) if solve_d else []), unknowns, dict=True)
    if len(sol) != 1:
        raise ValueError("the fast rows of eq. (1) do not have a unique solution")
    return sol[0]


def slaved_states(m: NotesSymbols, s_f: sp.Matrix, v_d: sp.Matrix | None = None):
    r"""The slow manifold of eq. (1) as :math:`\mathcal T_h, \mathcal T_d \to 0`: the fast rows
    solved for :math:`V_h` (given :math:`V_d`, or with :math:`V_d` solved too when ``v_d`` is None).

    Returns ``(V_h, V_d)`` at :math:`\sigma_f(V_f) =` ``s_f``. Solved from :func:`model_rhs`.
    """
    sol = _fast_rows_solution((m.n_f, m.n_h), v_d is None)
    values = {**dict(zip(m.s, s_f)), **({} if v_d is None else dict(zip(m.d, v_d)))}
    v_h = m.h.xreplace(sol).xreplace(values)
    v_d_star = m.d.xreplace(sol).xreplace(values) if v_d is None else v_d
    return v_h, v_d_star


def model_step(m: NotesSymbols, s_f: sp.Matrix, v_d: sp.Matrix | None = None, t_f=1):
    r"""One Euler step (unit step) of the :math:`V_f` row of eq. (1) on the slow manifold:
    :math:`V_f + \mathcal T_f^{-1}[\Xi V_h^* - V_f]` (``v_d`` None: :math:`V_d` slaved too)."""
    v_h, _ = slaved_states(m, s_f, v_d)
    row_f, _, _ = model_rhs(m, m.v, s_f, v_h, m.d if v_d is None else v_d)
    return m.v + row_f / t_f


def model_energy_terms(m: NotesSymbols, v_f, s_f, L_f, v_h, v_d, alpha_s=1, alpha_c=1,
                       sigma_h=identity_activation) -> tuple:
    r"""The four brackets of eq. (2), with :math:`L_h` the Lagrangian of :math:`\sigma_h`:

    .. math:: [V_f^\top\sigma_f - L_f],\ [V_h^\top\sigma_h(V_h) - L_h],\
              -\sqrt{\alpha_s}\,\sigma_f^\top\Xi\sigma_h(V_h),\ -\alpha_c V_d^\top\Xi\Phi\sigma_h(V_h).
    """
    return (_scalar(v_f.T * s_f) - L_f,
            _scalar(v_h.T * sigma_h(v_h)) - lagrangian(sigma_h, v_h),
            -sp.sqrt(alpha_s) * _scalar(s_f.T * m.xi * sigma_h(v_h)),
            -alpha_c * _scalar(v_d.T * m.xi * m.phi * sigma_h(v_h)))


def model_energy(m: NotesSymbols, v_f, s_f, L_f, v_h, v_d):
    """Eq. (2) under the notes' conditions (sum of :func:`model_energy_terms`)."""
    return sum(model_energy_terms(m, v_f, s_f, L_f, v_h, v_d))


def slaved_energy_terms(m: NotesSymbols) -> tuple:
    """The brackets of eq. (2) at the model's slow :math:`V_h` (:func:`slaved_states`), at the
    generic ``(V_f, s, L, V_d)`` with :math:`V_d` general (cached per size)."""
    return _slaved_energy_terms((m.n_f, m.n_h))


@functools.cache
def _slaved_energy_terms(size: tuple[int, int]) -> tuple:
    m = notes_symbols(size)
    v_h, v_d = slaved_states(m, m.s, m.d)
    return model_energy_terms(m, m.v, m.s, m.L, v_h, v_d)


@functools.cache
def reduced_energy_parts(size: tuple[int, int]) -> dict[str, sp.Expr]:
    r"""Eq. (2) on the slow manifold, split into the five parts the notes name term by term.

    Split by monomials of the expanded energy: ``"Vf's"`` (terms with :math:`V_f`), ``"-L"``,
    ``"ss"`` (quadratic in :math:`\sigma`), ``"sd"`` (bilinear in :math:`\sigma, V_d`), ``"dd"``
    (quadratic in :math:`V_d`). The split is computed, not typed: any monomial that fits none
    raises.
    """
    m = notes_symbols(size)
    total = sp.expand(sum(slaved_energy_terms(m)))
    parts = {k: sp.Integer(0) for k in ("Vf's", "-L", "ss", "sd", "dd")}
    vs, ss, ds = set(m.v), set(m.s), set(m.d)
    for term in sp.Add.make_args(total):
        free = term.free_symbols
        deg_s = sp.Poly(term, *m.s).total_degree() if free & ss else 0
        deg_d = sp.Poly(term, *m.d).total_degree() if free & ds else 0
        if free & vs:
            parts["Vf's"] += term
        elif m.L in free:
            parts["-L"] += term
        elif (deg_s, deg_d) == (2, 0):
            parts["ss"] += term
        elif (deg_s, deg_d) == (1, 1):
            parts["sd"] += term
        elif (deg_s, deg_d) == (0, 2):
            parts["dd"] += term
        else:
            raise ValueError(f"unexpected monomial {term} in the reduced energy")
    return parts


def reduced_energy(m: NotesSymbols, v_f, s_f, L_f, v_d):
    r"""Eq. (2) on the slow manifold at any :math:`(V_f, \sigma_f(V_f), L_f, V_d)`: the generic
    parts of :func:`reduced_energy_parts` with the symbols substituted (simultaneously)."""
    return reduced_part(m, None, v_f, s_f, L_f, v_d)


def reduced_part(m: NotesSymbols, name: str | None, v_f, s_f, L_f, v_d):
    """One part (or, for ``name`` None, the sum) of :func:`reduced_energy_parts`, substituted."""
    parts = reduced_energy_parts((m.n_f, m.n_h))
    expr = sum(parts.values()) if name is None else parts[name]
    mapping = {**dict(zip(m.v, v_f)), **dict(zip(m.s, s_f)), m.L: L_f, **dict(zip(m.d, v_d))}
    return expr.xreplace(mapping)


def next_state(m: NotesSymbols):
    r""":math:`V_f(t+1)` from the model's step (:math:`\mathcal T_f = 1`) with :math:`V_d(t)` held general."""
    return model_step(m, m.s, m.d)


# ------------------------------------------------------------------ tanh (section 5)
def tanh_activation(v: sp.Matrix) -> sp.Matrix:
    return v.applyfunc(sp.tanh)


def log_cosh(v: sp.Matrix):
    r""":math:`\sum_i \log\cosh v_i`, the Lagrangian of :math:`\tanh` (its gradient is :math:`\tanh`)."""
    return _sum(v.applyfunc(lambda e: sp.log(sp.cosh(e))))


@dataclass(frozen=True)
class TanhStep:
    """The notes' section-5 setting: a = tanh(V_f(t)), V_d(t+1) = V_d(t) = a, V_f(t+1) from the model."""

    m: NotesSymbols
    a: sp.Matrix      # tanh(V_f(t))
    w: sp.Matrix      # V_f(t+1)
    b: sp.Matrix      # tanh(V_f(t+1))

    def energy(self, at_next: bool):
        v, s = (self.w, self.b) if at_next else (self.m.v, self.a)
        return reduced_energy(self.m, v, s, log_cosh(v), self.a)

    def delta(self, part: str):
        """Change of one part (not ``"-L"``) of the reduced energy over the step (V_d held at a)."""
        return (reduced_part(self.m, part, self.w, self.b, 0, self.a)
                - reduced_part(self.m, part, self.m.v, self.a, 0, self.a))


@functools.cache
def tanh_step(size: tuple[int, int]) -> TanhStep:
    m = notes_symbols(size)
    a = tanh_activation(m.v)
    w = model_step(m, a, a)
    return TanhStep(m, a, w, tanh_activation(w))


# ============================================================== deciders: the notes
def _notes(key, statement, typed, control, corrected=None, kind="identity"):
    return _decide(key, statement, NOTES_SIZES, lambda size: typed(notes_symbols(size)),
                   (control[0], lambda size: control[1](notes_symbols(size))),
                   None if corrected is None else (lambda size: corrected(notes_symbols(size))), kind)


def _slow_h(m):
    """The model's slow V_h with V_d slaved too (the setting of eqs. (4)-(7))."""
    return slaved_states(m, m.s)[0]


def decide_4() -> SymbolicResult:
    """Eq. (4): V_d = s substituted in V_h: V_h = Xi's + Phi'Xi's; against the slow V_h of (1)."""
    return _notes(
        "4", "V_h = Xi' s + Phi' Xi' s against V_h solved from the fast rows of (1) (alpha = 1)",
        lambda m: (m.xi.T * m.s + m.phi.T * m.xi.T * m.s, _slow_h(m)),
        ("Phi in place of Phi' (transpose dropped)", lambda m: (m.xi.T * m.s + m.phi * m.xi.T * m.s, _slow_h(m))))


def decide_5() -> SymbolicResult:
    """Eq. (5): V_h = (I + Phi') Xi' s(V_f), against the slow V_h."""
    return _notes(
        "5", "V_h = (I + Phi') Xi' s against the slow V_h of (1)",
        lambda m: ((m.eye + m.phi.T) * m.xi.T * m.s, _slow_h(m)),
        ("(I - Phi') in place of (I + Phi')", lambda m: ((m.eye - m.phi.T) * m.xi.T * m.s, _slow_h(m))))


def decide_6() -> SymbolicResult:
    """Eq. (6): T_f (V_f(t+1) - V_f) = Xi (I + Phi') Xi' s - V_f for the model's Euler step, any T_f."""
    def typed(m):
        return m.xi * (m.eye + m.phi.T) * m.xi.T * m.s - m.v, m.t_f * (model_step(m, m.s, t_f=m.t_f) - m.v)
    return _notes(
        "6", "Xi (I + Phi') Xi' s - V_f against T_f (V_f(t+1) - V_f) of the Euler step of (1), T_f symbolic",
        typed,
        ("Xi (I + Phi) Xi' (transpose dropped)",
         lambda m: (m.xi * (m.eye + m.phi) * m.xi.T * m.s - m.v, m.t_f * (model_step(m, m.s, t_f=m.t_f) - m.v))))


def decide_7() -> SymbolicResult:
    """Eq. (7): V_f(t+1) = Xi (I + Phi') Xi' s(V_f), the Euler step with T_f = 1."""
    return _notes(
        "7", "Xi (I + Phi') Xi' s against the Euler step of (1) with T_f = 1",
        lambda m: (m.xi * (m.eye + m.phi.T) * m.xi.T * m.s, model_step(m, m.s)),
        ("the step at T_f = 2 (the notes' condition T_f = 1 dropped)",
         lambda m: (m.xi * (m.eye + m.phi.T) * m.xi.T * m.s, model_step(m, m.s, t_f=2))))


def _sigma_matrix(m):
    return m.xi * (m.eye + m.phi.T) * m.xi.T


def _rnn_next(m, sigma):
    r""":math:`V'(t+1) = \sigma(V_f(t+1))` with :math:`V_f(t+1)` the model's step and :math:`V' = \sigma(V_f)`."""
    return sigma(model_step(m, m.v.applyfunc(sigma.f)))


def decide_8(key: str = "8") -> SymbolicResult:
    r"""Eq. (8) (and its repeat (9)): :math:`\sigma^{-1}(V'(t+1)) = \Xi(I + \Phi^\top)\Xi^\top V'`.

    With :math:`V' = \sigma(V_f)` and :math:`V'(t+1) = \sigma(V_f(t+1))` from the model's step,
    :math:`\sigma^{-1}` applied element-wise; only :math:`\sigma^{-1}\circ\sigma = \mathrm{id}` is used.
    """
    sigma = nonlinearity("sigma")

    def pair(m, mat):
        v_prime = m.v.applyfunc(sigma.f)
        return mat * v_prime, sigma.inverse(_rnn_next(m, sigma))
    return _notes(
        key, "M V' against sigma^-1 applied to sigma(V_f(t+1)), V' = sigma(V_f), V_f(t+1) the model's step",
        lambda m: pair(m, _sigma_matrix(m)),
        ("M' = Xi (I + Phi) Xi' in place of M", lambda m: pair(m, m.xi * (m.eye + m.phi) * m.xi.T)))


def decide_10() -> SymbolicResult:
    r"""Eq. (10): :math:`V'(t+1) = \sigma(\Xi(I + \Phi^\top)\Xi^\top V')` is :math:`\sigma` of the model's step."""
    sigma = nonlinearity("sigma")

    def pair(m, mat):
        return sigma(mat * m.v.applyfunc(sigma.f)), _rnn_next(m, sigma)
    return _notes(
        "10", "sigma(M V') against sigma(V_f(t+1)) of the model's step, V' = sigma(V_f)",
        lambda m: pair(m, _sigma_matrix(m)),
        ("M' in place of M", lambda m: pair(m, m.xi * (m.eye + m.phi) * m.xi.T)))


def decide_11() -> SymbolicResult:
    r"""Eq. (11): :math:`h^{-1}(g(h(x))) = f(x)` with :math:`h = \sigma`, :math:`g(x) = \sigma(Mx)` and
    :math:`f` the model's step (in :math:`V_f`)."""
    sigma = nonlinearity("sigma")

    def pair(m, inner):
        g_of_h = sigma(_sigma_matrix(m) * inner(m.v))
        return sigma.inverse(g_of_h), model_step(m, m.v.applyfunc(sigma.f))
    return _notes(
        "11", "sigma^-1(sigma(M sigma(x))) against the model's step at x",
        lambda m: pair(m, lambda x: x.applyfunc(sigma.f)),
        ("h = identity in place of sigma (no conjugacy)", lambda m: pair(m, lambda x: x)))


# --------------------------------------------------------------- eqs. (12)-(26)
def _typed_12(m, v_f, s, L, v_h, v_d):
    """Eq. (12) (and (13), (14)) as typed: [V_f's - L_f] + 1/2 V_h'V_h - [s'Xi V_h] - [V_d' Xi Phi V_h]."""
    return (_scalar(v_f.T * s) - L + sp.Rational(1, 2) * _scalar(v_h.T * v_h)
            - _scalar(s.T * m.xi * v_h) - _scalar(v_d.T * m.xi * m.phi * v_h))


def decide_12() -> SymbolicResult:
    """Eq. (12): the energy at time t, any V_h, against eq. (2) with sigma_h = id, alpha = 1."""
    def pair(m, sign=1):
        typed = _typed_12(m, m.v, m.s, m.L, m.h, m.d) + (sign - 1) * _scalar(m.s.T * m.xi * m.h)
        return typed, model_energy(m, m.v, m.s, m.L, m.h, m.d)
    return _notes("12", "eq. (12) against eq. (2) (sigma_h = id, L_h its Lagrangian), V_h free", pair,
                  ("+ s' Xi V_h (sign flipped)", lambda m: pair(m, -1)), kind="definition")


def decide_13() -> SymbolicResult:
    """Eq. (13): eq. (12) at t + 1, against eq. (2) at the state (V_f(t+1), V_h(t+1), V_d(t+1))."""
    def pair(m, half=None):
        half = sp.Rational(1, 2) if half is None else half
        typed = _typed_12(m, m.w, m.b, m.L1, m.h1, m.d1) + (half - sp.Rational(1, 2)) * _scalar(m.h1.T * m.h1)
        return typed, model_energy(m, m.w, m.b, m.L1, m.h1, m.d1)
    return _notes("13", "eq. (13) against eq. (2) at the state at t + 1", pair,
                  ("V_h'V_h without the 1/2", lambda m: pair(m, 1)), kind="definition")


def _typed_slow_h(m):
    """The notes' V_h = Xi' s(V_f) + Phi' Xi' V_d (the line before eq. (14)), as typed."""
    return m.xi.T * m.s + m.phi.T * m.xi.T * m.d


def decide_14() -> SymbolicResult:
    """Eq. (14): eq. (12) at the notes' V_h, against eq. (2) at the model's slow V_h (V_d general)."""
    def pair(m, v_h):
        return _typed_12(m, m.v, m.s, m.L, v_h, m.d), sum(slaved_energy_terms(m))
    return _notes(
        "14", "eq. (14) at V_h = Xi's + Phi'Xi'V_d against eq. (2) at the slow V_h of (1)",
        lambda m: pair(m, _typed_slow_h(m)),
        ("V_h = Xi's + Phi Xi'V_d (transpose dropped)", lambda m: pair(m, m.xi.T * m.s + m.phi * m.xi.T * m.d)),
        kind="definition")


def _model_term(m, k):
    """Bracket ``k`` (1-4) of eq. (2) at the slow V_h, V_d general."""
    return slaved_energy_terms(m)[k - 1]


def _half():
    return sp.Rational(1, 2)


def typed_15(m, sign=1):
    row = m.s.T * m.xi + sign * m.d.T * m.xi * m.phi
    col = m.xi.T * m.s + m.phi.T * m.xi.T * m.d
    return _half() * row * col


def typed_16(m):
    s, d, X, P = m.s, m.d, m.xi, m.phi
    return _half() * (s.T * X * X.T * s + s.T * X * P.T * X.T * d + d.T * X * P * X.T * s
                      + d.T * X * P * P.T * X.T * d)


def typed_17(m, cross=1):
    s, d, X, P = m.s, m.d, m.xi, m.phi
    return (_half() * s.T * X * X.T * s + cross * s.T * X * P.T * X.T * d
            + _half() * d.T * X * P * P.T * X.T * d)


def typed_20(m, sign=1):
    s, d, X, P = m.s, m.d, m.xi, m.phi
    return -(s.T * X * X.T * s + sign * s.T * X * P.T * X.T * d)


def typed_22(m, phi_last=None):
    s, d, X, P = m.s, m.d, m.xi, m.phi
    return -(d.T * X * P * X.T * s + d.T * X * P * (P.T if phi_last is None else phi_last) * X.T * d)


def typed_23(m, transpose: bool):
    """Eq. (23): -[s Xi Phi' Xi' V_d + ...] as typed (``transpose`` False), or with s' (True)."""
    s, d, X, P = m.s, m.d, m.xi, m.phi
    first = (s.T if transpose else s) * X * P.T * X.T * d
    return -(first + d.T * X * P * P.T * X.T * d)


def decide_15():
    return _notes("15", "1/2 (s'Xi + V_d'Xi Phi)(Xi's + Phi'Xi'V_d) against bracket 2 of (2) at the slow V_h",
                  lambda m: (typed_15(m), _model_term(m, 2)),
                  ("- V_d'Xi Phi in the row factor", lambda m: (typed_15(m, -1), _model_term(m, 2))))


def decide_16():
    return _notes("16", "the four-term expansion against bracket 2 of (2) at the slow V_h",
                  lambda m: (typed_16(m), _model_term(m, 2)),
                  ("without the 1/2", lambda m: (2 * typed_16(m), _model_term(m, 2))))


def decide_17():
    return _notes("17", "the collected E_2 against bracket 2 of (2) at the slow V_h",
                  lambda m: (typed_17(m), _model_term(m, 2)),
                  ("cross term with 1/2 (not merged)", lambda m: (typed_17(m, _half()), _model_term(m, 2))))


def decide_18():
    def pair(m, v_h):
        return -m.s.T * m.xi * v_h, model_energy_terms(m, m.v, m.s, m.L, m.h, m.d)[2]
    return _notes("18", "-s'Xi V_h against bracket 3 of (2), V_h free", lambda m: pair(m, m.h),
                  ("-s'Xi Phi' V_h (a stray Phi')",
                   lambda m: pair(m, m.phi.T * m.h)))


def decide_19():
    def pair(m, sign=1):
        return -m.s.T * m.xi * (m.xi.T * m.s + sign * m.phi.T * m.xi.T * m.d), _model_term(m, 3)
    return _notes("19", "-s'Xi(Xi's + Phi'Xi'V_d) against bracket 3 of (2) at the slow V_h", pair,
                  ("- Phi'Xi'V_d inside", lambda m: pair(m, -1)))


def decide_20():
    return _notes("20", "-(s'XiXi's + s'XiPhi'Xi'V_d) against bracket 3 of (2) at the slow V_h",
                  lambda m: (typed_20(m), _model_term(m, 3)),
                  ("+ s'XiPhi'Xi'V_d", lambda m: (typed_20(m, -1), _model_term(m, 3))))


def decide_21():
    def pair(m, phi=None):
        P = m.phi if phi is None else phi
        return -m.d.T * m.xi * P * (m.xi.T * m.s + m.phi.T * m.xi.T * m.d), _model_term(m, 4)
    return _notes("21", "-V_d'Xi Phi(Xi's + Phi'Xi'V_d) against bracket 4 of (2) at the slow V_h", pair,
                  ("Phi' in place of the first Phi", lambda m: pair(m, m.phi.T)))


def decide_22():
    return _notes("22", "-(V_d'XiPhiXi's + V_d'XiPhiPhi'Xi'V_d) against bracket 4 of (2) at the slow V_h",
                  lambda m: (typed_22(m), _model_term(m, 4)),
                  ("Phi Phi in place of Phi Phi'", lambda m: (typed_22(m, m.phi), _model_term(m, 4))))


def decide_23():
    return _notes(
        "23", "-[s Xi Phi'Xi'V_d + V_d'XiPhiPhi'Xi'V_d] as typed (no transpose on s) against bracket 4 of (2); "
        "corrected: s' Xi Phi' Xi' V_d",
        lambda m: (typed_23(m, transpose=False), _model_term(m, 4)),
        ("s' Xi Phi Xi' V_d (Phi' replaced by Phi)",
         lambda m: (-(m.s.T * m.xi * m.phi * m.xi.T * m.d + m.d.T * m.xi * m.phi * m.phi.T * m.xi.T * m.d),
                    _model_term(m, 4))),
        corrected=lambda m: (typed_23(m, transpose=True), _model_term(m, 4)))


def _typed_e1(m):
    """E_1 = V_f's - L_f, the first bracket of eq. (14) as typed."""
    return _scalar(m.v.T * m.s) - m.L


def decide_24():
    def pair(m, e3_sign=1):
        typed = _typed_e1(m) + _scalar(typed_17(m)) + e3_sign * _scalar(typed_20(m)) + _scalar(typed_22(m))
        return typed, sum(slaved_energy_terms(m))
    return _notes("24", "E_1 + (17) + (20) + (22) against eq. (2) at the slow V_h", pair,
                  ("E_1 + E_2 - E_3 + E_4", lambda m: pair(m, -1)))


def typed_25(m, v_f, s, L, d, signs=(-1, -1, -1)):
    """Eq. (25) (and, with ``signs``, (28), (29), (45), (47)): V_f's - L + a s'XX's + b s'XP'X'd + c d'XPP'X'd/2."""
    X, P = m.xi, m.phi
    return (_scalar(v_f.T * s) - L + signs[0] * _half() * _scalar(s.T * X * X.T * s)
            + signs[1] * _scalar(s.T * X * P.T * X.T * d) + signs[2] * _half() * _scalar(d.T * X * P * P.T * X.T * d))


def decide_25():
    return _notes("25", "eq. (25) against eq. (2) at the slow V_h (V_d general)",
                  lambda m: (typed_25(m, m.v, m.s, m.L, m.d), sum(slaved_energy_terms(m))),
                  ("+1/2 s'XX's", lambda m: (typed_25(m, m.v, m.s, m.L, m.d, (1, -1, -1)),
                                             sum(slaved_energy_terms(m)))))


def decide_26():
    def pair(m, sign=1):
        X, P, s, d = m.xi, m.phi, m.s, m.d
        bracket = (m.L + _half() * _scalar(s.T * X * X.T * s) + sign * _scalar(s.T * X * P.T * X.T * d)
                   + _half() * _scalar(d.T * X * P * P.T * X.T * d))
        return _scalar(m.v.T * s) - bracket, sum(slaved_energy_terms(m))
    return _notes("26", "V_f's - [L + ...] against eq. (2) at the slow V_h", pair,
                  ("- s'XP'X'V_d inside the bracket", lambda m: pair(m, -1)))


# --------------------------------------------------------------- Trial 1, (27)-(31)
def typed_27(m, v_d, phi_t=None):
    """First line of (27) and (44), (46): Xi Xi' s + Xi Phi' Xi' V_d."""
    return m.xi * m.xi.T * m.s + m.xi * (m.phi.T if phi_t is None else phi_t) * m.xi.T * v_d


def decide_27():
    """Eq. (27): both lines, against the model's step with V_d general and V_d solved from (1)."""
    def pair(m, phi_t=None):
        _, v_d_star = slaved_states(m, m.s)
        typed = typed_27(m, m.d, phi_t).col_join(m.s)   # V_f(t+1) (V_d general); V_d = s(V_f)
        return typed, next_state(m).col_join(v_d_star)
    return _notes("27", "[XX's + XP'X'V_d ; s(V_f)] against [model step with V_d general ; V_d solved from (1)]",
                  pair, ("XPX'V_d (transpose dropped)", lambda m: pair(m, m.phi)))


def decide_28():
    def pair(m, signs):
        return typed_25(m, m.v, m.s, m.L, m.d, signs), reduced_energy(m, m.v, m.s, m.L, m.d)
    return _notes("28", "eq. (28) (+1/2 s'XX's) against eq. (2) at the slow V_h; corrected: -1/2 s'XX's",
                  lambda m: pair(m, (1, -1, -1)),
                  ("all three quadratic signs positive", lambda m: pair(m, (1, 1, 1))),
                  corrected=lambda m: pair(m, (-1, -1, -1)))


def decide_29():
    def pair(m, signs):
        w = next_state(m)
        return typed_25(m, w, m.b, m.L1, m.d, signs), reduced_energy(m, w, m.b, m.L1, m.d)
    return _notes(
        "29", "eq. (29) at (V_f(t+1) of the model, V_d(t) held) against eq. (2) there; corrected: -1/2 s'XX's",
        lambda m: pair(m, (1, -1, -1)),
        ("+ s(t+1)'XP'X'V_d", lambda m: pair(m, (1, 1, -1))),
        corrected=lambda m: pair(m, (-1, -1, -1)))


def typed_30(m, phi=None):
    """Eqs. (30) and (31) as typed: (s(t)'XX' + V_d'XPX') s(t+1)."""
    return (m.s.T * m.xi * m.xi.T + m.d.T * m.xi * (m.phi if phi is None else phi) * m.xi.T) * m.b


def decide_30():
    def pair(m, phi=None):
        return typed_30(m, phi), reduced_part(m, "Vf's", next_state(m), m.b, m.L1, m.d)
    return _notes("30", "(s'XX' + V_d'XPX') s(t+1) against the V_f's term of (2) at (V_f(t+1), V_d(t))", pair,
                  ("V_d'XP'X' (transpose added)", lambda m: pair(m, m.phi.T)))


def decide_31():
    def model(m):
        return reduced_part(m, "ss", next_state(m), m.b, m.L1, m.d)
    return _notes(
        "31", "(s'XX' + V_d'XPX') s(t+1) (a repeat of (30)) against the s'XX's term of (2) at t + 1; "
        "corrected: -1/2 s(t+1)'XX's(t+1)",
        lambda m: (typed_30(m), model(m)),
        ("+1/2 s(t+1)'XX's(t+1)", lambda m: (_half() * m.b.T * m.xi * m.xi.T * m.b, model(m))),
        corrected=lambda m: (-_half() * m.b.T * m.xi * m.xi.T * m.b, model(m)))


# --------------------------------------------------------------- tanh, (40), (42), (43)
def _tanh(key, statement, typed, control, corrected=None):
    return _decide(key, statement, NOTES_SIZES, lambda size: typed(tanh_step(size)),
                   (control[0], lambda size: control[1](tanh_step(size))),
                   None if corrected is None else (lambda size: corrected(tanh_step(size))))


def decide_40():
    def pair(x, phi_t=None):
        X, P = x.m.xi, (x.m.phi.T if phi_t is None else phi_t)
        typed = -(x.b.T * X * P * X.T * x.a - x.a.T * X * P * X.T * x.a)
        return typed, x.delta("sd")
    return _tanh("40", "-[tanh(t+1)'XP'X'tanh(t) - tanh(t)'XP'X'tanh(t)] against the change of the "
                 "s'XP'X'V_d term of (2), V_d = tanh(V_f(t)) held, V_f(t+1) the model's step",
                 pair, ("XPX' (transpose dropped)", lambda x: pair(x, x.m.phi)))


def _change(x):
    """E(t+1) - E(t) of the model along its step, V_d held at tanh(V_f(t))."""
    return x.energy(True) - x.energy(False)


def _log_ratio(x):
    r""":math:`\sum\log(|\cosh V_f(t+1)| / |\cosh V_f(t)|)` as typed."""
    return _sum(sp.Matrix([sp.log(sp.Abs(sp.cosh(wi)) / sp.Abs(sp.cosh(vi))) for wi, vi in zip(x.w, x.m.v)]))


def typed_42(x, log_sign=1, cross=1):
    a, b, X, P, v = x.a, x.b, x.m.xi, x.m.phi, x.m.v
    return (_scalar(a.T * X * X.T * b) - _scalar(v.T * a) + log_sign * _log_ratio(x)
            - _half() * _scalar(b.T * X * X.T * b) + _half() * _scalar(a.T * X * X.T * a)
            + cross * _scalar(a.T * X * P.T * X.T * a))


def typed_43(x, log_sign=1, half=None):
    a, b, X, P, v = x.a, x.b, x.m.xi, x.m.phi, x.m.v
    h = _half() if half is None else half
    return (h * _scalar((a.T - b.T) * X * X.T * b) + _half() * _scalar(a.T * X * X.T * (a + b))
            - _scalar(v.T * a) + log_sign * _log_ratio(x) + _scalar(a.T * X * P.T * X.T * a))


def decide_42():
    return _tanh("42", "eq. (42) against E(t+1) - E(t) of the model (tanh, L = sum log cosh, V_d = tanh(V_f(t)) "
                 "held); corrected: - sum log(cosh ratio)",
                 lambda x: (typed_42(x), _change(x)),
                 ("corrected form with - tanh(t)'XP'X'tanh(t)", lambda x: (typed_42(x, -1, -1), _change(x))),
                 corrected=lambda x: (typed_42(x, -1), _change(x)))


def decide_43():
    return _tanh("43", "eq. (43) against E(t+1) - E(t) of the model; corrected: - sum log(cosh ratio)",
                 lambda x: (typed_43(x), _change(x)),
                 ("corrected form with (a - b)'XX'b without the 1/2", lambda x: (typed_43(x, -1, 1), _change(x))),
                 corrected=lambda x: (typed_43(x, -1), _change(x)))


# --------------------------------------------------------------- CCCP, (44)-(47)
def decide_44():
    return _notes("44", "XX's + XP'X'V_d against the model's step (T_f = 1) with V_d general",
                  lambda m: (typed_27(m, m.d), next_state(m)),
                  ("XPX'V_d (transpose dropped)", lambda m: (typed_27(m, m.d, m.phi), next_state(m))))


def decide_45(key: str = "45") -> SymbolicResult:
    """Eqs. (45) and (47) (the same form in x = V_f, y = V_d): all three quadratic terms with +."""
    def pair(m, signs):
        return typed_25(m, m.v, m.s, m.L, m.d, signs), reduced_energy(m, m.v, m.s, m.L, m.d)
    return _notes(key, f"eq. ({key}) (three quadratic terms +) against eq. (2) at the slow V_h; "
                  "corrected: all three -",
                  lambda m: pair(m, (1, 1, 1)),
                  ("only the s'XX's sign corrected", lambda m: pair(m, (-1, 1, 1))),
                  corrected=lambda m: pair(m, (-1, -1, -1)))


def decide_46():
    """Eq. (46): eq. (44) in x = V_f, y = V_d (y general)."""
    return _notes("46", "x(t+1) = XX's(x) + XP'X'y against the model's step with y = V_d general",
                  lambda m: (typed_27(m, m.d), next_state(m)),
                  ("- XP'X'y", lambda m: (typed_27(m, -m.d), next_state(m))))


# ============================================================== the slides
@dataclass(frozen=True)
class LiftSymbols:
    """Symbols of the symmetric / antisymmetric lifts at size n: x, p, b, W (symmetric), A (antisymmetric)."""

    n: int
    x: sp.Matrix
    p: sp.Matrix
    b: sp.Matrix
    w: sp.Matrix
    a: sp.Matrix
    f: Nonlinearity

    @property
    def state(self) -> list:
        return list(self.x) + list(self.p)


@functools.cache
def lift_symbols(n: int) -> LiftSymbols:
    return LiftSymbols(n, _vector("x", n), _vector("p", n), _vector("b", n), _symmetric("W", n),
                       _antisymmetric("A", n), nonlinearity("f"))


def symmetric_hamiltonian(s: LiftSymbols):
    r"""H10: :math:`H = \mathbf 1^\top F(p) - p^\top x + \mathbf 1^\top\bar F(x) - b^\top x
    - \mathbf 1^\top F(b + Wx) + \mathbf 1^\top\bar F(x)`."""
    f = s.f
    return (f.lagrangian(s.p) - _scalar(s.p.T * s.x) + f.dual(s.x) - _scalar(s.b.T * s.x)
            - f.lagrangian(s.b + s.w * s.x) + f.dual(s.x))


def symmetric_network(s: LiftSymbols) -> sp.Matrix:
    r"""H6: :math:`\dot x = f(b + Wx) - x`."""
    return s.f(s.b + s.w * s.x) - s.x


def typed_h7(s: LiftSymbols) -> sp.Matrix:
    r"""H7 as typed, :math:`\dot x + x = f(p)`, solved for :math:`\dot x`."""
    return s.f(s.p) - s.x


def typed_h8(s: LiftSymbols, inner=None) -> sp.Matrix:
    r"""H8 as typed, :math:`\dot p + p = b + Wf(b + Wx)`, solved for :math:`\dot p`."""
    w = s.w if inner is None else inner
    return s.b + s.w * s.f(s.b + w * s.x) - s.p


def _on_manifold(s: LiftSymbols, expr, coupling):
    return expr.xreplace(dict(zip(s.p, s.b + coupling * s.x)))


def _lift(key, statement, typed, control, corrected=None):
    return _decide(key, statement, SLIDE_SIZES, lambda n: typed(lift_symbols(n)),
                   (control[0], lambda n: control[1](lift_symbols(n))),
                   None if corrected is None else (lambda n: corrected(lift_symbols(n))))


def decide_h7():
    def pair(s, lifted):
        grad_p = gradient(symmetric_hamiltonian(s), s.p)
        on = _on_manifold(s, lifted, s.w)
        return lifted.col_join(on), grad_p.col_join(symmetric_network(s))
    return _lift("H7", "[f(p) - x ; the same on p = b + Wx] against [dH/dp of H10 ; the network H6]",
                 lambda s: pair(s, typed_h7(s)),
                 ("x' + x = f(-p)", lambda s: pair(s, s.f(-s.p) - s.x)))


def decide_h8():
    def pair(s, lifted):
        return _on_manifold(s, lifted, s.w), s.w * symmetric_network(s)
    return _lift("H8", "p' = b + Wf(b + Wx) - p on p = b + Wx against d/dt (b + Wx) = W x' along H6",
                 lambda s: pair(s, typed_h8(s)),
                 ("p' + p = b + f(b + Wx) (W dropped)", lambda s: pair(s, s.b + s.f(s.b + s.w * s.x) - s.p)))


def decide_h9():
    r"""H9: the three lines of :math:`(1 + d/dt)(b + Wx - p)` along the lifted field H7–H8.

    The left side is computed by sympy's chain rule along H7–H8; each typed line is compared with it.
    """
    def pair(s, line):
        residual = s.b + s.w * s.x - s.p
        field = list(typed_h7(s)) + list(typed_h8(s))
        model = residual + time_derivative(residual, s.state, field)
        x_dot, p_dot = typed_h7(s), typed_h8(s)
        f = s.f
        lines = (s.b + s.w * (s.x + x_dot) - (s.p + p_dot),
                 s.b + s.w * f(s.p) - s.b - s.w * f(s.b + s.w * s.x),
                 s.w * (f(s.p) - f(s.b + s.w * s.x)),
                 s.w * (f(s.b + s.w * s.x) - f(s.p)))
        return lines[0].col_join(lines[1]).col_join(lines[2]) if line is None else lines[line], \
            model.col_join(model).col_join(model) if line is None else model
    return _lift("H9", "the three typed lines against (1 + d/dt)(b + Wx - p) along H7-H8 (chain rule)",
                 lambda s: pair(s, None),
                 ("W[f(b + Wx) - f(p)] (sign flipped)", lambda s: pair(s, 3)))


def decide_h11():
    return _lift("H11", "the lifted x' of H7 against dH/dp of H10",
                 lambda s: (typed_h7(s), gradient(symmetric_hamiltonian(s), s.p)),
                 ("x' = f(p) + x", lambda s: (s.f(s.p) + s.x, gradient(symmetric_hamiltonian(s), s.p))))


def _friction_h12(s, factor=2):
    r""":math:`2[f^{-1}(x + \dot x) - f^{-1}(x)]` with :math:`\dot x` from H7."""
    return factor * (s.f.inverse(s.x + typed_h7(s)) - s.f.inverse(s.x))


def decide_h12():
    def pair(s, factor=2):
        return -gradient(symmetric_hamiltonian(s), s.x) - _friction_h12(s, factor), typed_h8(s)
    return _lift("H12", "-dH/dx (H10, W symmetric) - 2[f^-1(x + x') - f^-1(x)] against the lifted p' of H8",
                 pair, ("friction without the factor 2", lambda s: pair(s, 1)))


def decide_h13():
    r"""H13: the three lines of :math:`\dot H`; the model is sympy's :math:`dH/dt` along H7–H8.

    Line 2 is typed :math:`-\dot x^\top\{\dot p - 2[\dots]\} + \dot p^\top\dot x`; corrected with
    :math:`+2[\dots]` (since :math:`\partial H/\partial x = -\dot p - 2[\dots]` by H12).
    """
    def pair(s, line2_sign):
        H = symmetric_hamiltonian(s)
        x_dot, p_dot = typed_h7(s), typed_h8(s)
        model = time_derivative(H, s.state, list(x_dot) + list(p_dot))
        bracket = s.f.inverse(s.x + x_dot) - s.f.inverse(s.x)
        line1 = _scalar(x_dot.T * gradient(H, s.x) + p_dot.T * gradient(H, s.p))
        line2 = _scalar(-x_dot.T * (p_dot + line2_sign * 2 * bracket) + p_dot.T * x_dot)
        line3 = _scalar(-2 * x_dot.T * bracket)
        return sp.Matrix([line1, line2, line3]), sp.Matrix([model] * 3)
    return _lift("H13", "[x'dH/dx + p'dH/dp ; -x'{p' - 2[..]} + p'x' ; -2x'[..]] against dH/dt along H7-H8; "
                 "corrected line 2: -x'{p' + 2[..]}",
                 lambda s: pair(s, -1),
                 ("line 2 with -x'{p' + 4[..]}", lambda s: pair(s, 2)),
                 corrected=lambda s: pair(s, 1))


# ------------------------------------------------------------ antisymmetric network
def antisymmetric_hamiltonian(s: LiftSymbols):
    r"""H18: :math:`H = \mathbf 1^\top F(p) + \mathbf 1^\top F(b + Ax)`."""
    return s.f.lagrangian(s.p) + s.f.lagrangian(s.b + s.a * s.x)


def antisymmetric_network(s: LiftSymbols) -> sp.Matrix:
    r"""H14: :math:`\dot x = f(b + Ax)`."""
    return s.f(s.b + s.a * s.x)


def hamilton_field(H, s: LiftSymbols) -> list:
    r""":math:`(\partial H/\partial p, -\partial H/\partial x)`."""
    return list(gradient(H, s.p)) + list(-gradient(H, s.x))


def decide_h15():
    def pair(s, lifted):
        return lifted.col_join(_on_manifold(s, lifted, s.a)), \
            gradient(antisymmetric_hamiltonian(s), s.p).col_join(antisymmetric_network(s))
    return _lift("H15", "[f(p) ; f(p) on p = b + Ax] against [dH/dp of H18 ; the network H14]",
                 lambda s: pair(s, s.f(s.p)), ("x' = f(p) - x", lambda s: pair(s, s.f(s.p) - s.x)))


def decide_h16():
    def pair(s, mat):
        return mat * s.f(s.b + s.a * s.x), -gradient(antisymmetric_hamiltonian(s), s.x)
    return _lift("H16", "A f(b + Ax) against -dH/dx of H18 (A antisymmetric)",
                 lambda s: pair(s, s.a), ("A' f(b + Ax) (transpose added)", lambda s: pair(s, s.a.T)))


def decide_h17():
    def pair(s, sign=1):
        residual = s.b + s.a * s.x - s.p
        field = hamilton_field(antisymmetric_hamiltonian(s), s)
        model = time_derivative(residual, s.state, field)
        x_dot, p_dot = sp.Matrix(field[: s.n]), sp.Matrix(field[s.n:])
        lines = (s.a * x_dot - p_dot, sign * s.a * (s.f(s.p) - s.f(s.b + s.a * s.x)))
        return lines[0].col_join(lines[1]), model.col_join(model)
    return _lift("H17", "[A x' - p' ; A[f(p) - f(b + Ax)]] against d/dt (b + Ax - p) along Hamilton's "
                 "equations of H18", pair, ("-A[f(p) - f(b + Ax)]", lambda s: pair(s, -1)))


def decide_h19():
    return _lift("H19", "f(p) against dH/dp of H18",
                 lambda s: (s.f(s.p), gradient(antisymmetric_hamiltonian(s), s.p)),
                 ("f(-p)", lambda s: (s.f(-s.p), gradient(antisymmetric_hamiltonian(s), s.p))))


def decide_h20():
    def pair(s, lines):
        model = -gradient(antisymmetric_hamiltonian(s), s.x)
        return lines[0].col_join(lines[1]), model.col_join(model)
    drive = lambda s: s.f(s.b + s.a * s.x)  # noqa: E731
    return _lift("H20", "[-A'f(b + Ax) ; A f(b + Ax)] against -dH/dx of H18 (A antisymmetric)",
                 lambda s: pair(s, (-s.a.T * drive(s), s.a * drive(s))),
                 ("second line A' f(b + Ax)", lambda s: pair(s, (-s.a.T * drive(s), s.a.T * drive(s)))))


# ------------------------------------------------------ excitatory-inhibitory network
@dataclass(frozen=True)
class EISymbols:
    """Symbols of the excitatory-inhibitory network: x, y, p_x, p_y, u, v, A, C symmetric, B, tau_x, tau_y, r."""

    size: tuple[int, int]
    x: sp.Matrix
    y: sp.Matrix
    px: sp.Matrix
    py: sp.Matrix
    u: sp.Matrix
    v: sp.Matrix
    a: sp.Matrix
    b: sp.Matrix
    c: sp.Matrix
    tau_x: sp.Symbol
    tau_y: sp.Symbol
    r: sp.Symbol
    f: Nonlinearity
    g: Nonlinearity

    @property
    def state(self) -> list:
        return list(self.x) + list(self.y) + list(self.px) + list(self.py)

    @property
    def a_x(self) -> sp.Matrix:
        return self.u + self.a * self.x - self.b * self.y

    @property
    def a_y(self) -> sp.Matrix:
        return self.v + self.b.T * self.x - self.c * self.y


@functools.cache
def ei_symbols(size: tuple[int, int]) -> EISymbols:
    n_x, n_y = size
    pos = dict(positive=True)
    return EISymbols(size, _vector("x", n_x), _vector("y", n_y), _vector("px", n_x), _vector("py", n_y),
                     _vector("u", n_x), _vector("v", n_y), _symmetric("A", n_x), _matrix("B", n_x, n_y),
                     _symmetric("C", n_y), sp.Symbol("tau_x", **pos), sp.Symbol("tau_y", **pos),
                     sp.Symbol("r", **pos), nonlinearity("f"), nonlinearity("g"))


def fenchel_gap(act: Nonlinearity, p: sp.Matrix, x: sp.Matrix):
    r""":math:`\Phi(p, x) = \mathbf 1^\top F(p) - p^\top x + \mathbf 1^\top\bar F(x)` (the first three terms of H10)."""
    return act.lagrangian(p) - _scalar(p.T * x) + act.dual(x)


def ei_saddle(e: EISymbols):
    r"""The book's :math:`S(x, y) = \mathbf 1^\top\bar F(x) - u^\top x - \tfrac12 x^\top Ax + x^\top By
    - \mathbf 1^\top\bar G(y) + v^\top y - \tfrac12 y^\top Cy` (the slides name :math:`S` without a formula)."""
    return (e.f.dual(e.x) - _scalar(e.u.T * e.x) - _half() * _scalar(e.x.T * e.a * e.x) + _scalar(e.x.T * e.b * e.y)
            - e.g.dual(e.y) + _scalar(e.v.T * e.y) - _half() * _scalar(e.y.T * e.c * e.y))


def ei_hamiltonian(e: EISymbols):
    r"""H26: :math:`H = \tau_x^{-1}\Phi(p_x, x) + \tau_y^{-1}\Gamma(p_y, y) + rS(x, y)`."""
    return fenchel_gap(e.f, e.px, e.x) / e.tau_x + fenchel_gap(e.g, e.py, e.y) / e.tau_y + e.r * ei_saddle(e)


def ei_gradient(e: EISymbols, variables: str) -> sp.Matrix:
    """Gradient of H26 with respect to ``"x"``, ``"y"``, ``"px"`` or ``"py"`` (cached per size)."""
    return _ei_gradient(e.size, variables)


@functools.cache
def _ei_gradient(size, variables: str) -> sp.Matrix:
    e = ei_symbols(size)
    return gradient(ei_hamiltonian(e), getattr(e, variables))


def ei_velocities(e: EISymbols) -> tuple[sp.Matrix, sp.Matrix]:
    """The E–I network's velocities (x', y') at a size, cached."""
    return _ei_velocities(e.size)


def ei_momenta(e: EISymbols) -> tuple[sp.Matrix, sp.Matrix]:
    """The E–I lift's momentum rates (p_x', p_y') at a size, cached."""
    return _ei_momenta(e.size)


@functools.cache
def _ei_velocities(size) -> tuple[sp.Matrix, sp.Matrix]:
    r""":math:`\dot x, \dot y` solved from the lifted H23–H24 left column
    :math:`\tau_x\dot x + x = f(p_x)`, :math:`\tau_y\dot y + y = g(p_y)`."""
    e = ei_symbols(size)
    xd = _vector("xdot", len(e.x))
    yd = _vector("ydot", len(e.y))
    eqs = list(e.tau_x * xd + e.x - e.f(e.px)) + list(e.tau_y * yd + e.y - e.g(e.py))
    sol = sp.solve(eqs, list(xd) + list(yd), dict=True)[0]
    return xd.xreplace(sol), yd.xreplace(sol)


@functools.cache
def _ei_momenta(size) -> tuple[sp.Matrix, sp.Matrix]:
    r"""The lifted momenta solved from :math:`(r + d/dt)(a - p) = 0` (H23, H24), with
    :math:`d/dt\,a` by the chain rule along :func:`ei_velocities`."""
    e = ei_symbols(size)
    xd, yd = ei_velocities(e)
    pxd, pyd = _vector("pxdot", len(e.x)), _vector("pydot", len(e.y))
    field = list(xd) + list(yd) + list(pxd) + list(pyd)
    eqs = []
    for drive, p in ((e.a_x, e.px), (e.a_y, e.py)):
        gap = drive - p
        eqs += list(e.r * gap + time_derivative(gap, e.state, field))
    sol = sp.solve(eqs, list(pxd) + list(pyd), dict=True)[0]
    return pxd.xreplace(sol), pyd.xreplace(sol)


def typed_h29(e: EISymbols, factor_sign=1):
    r"""H29 as typed: :math:`-\partial H/\partial x + A\dot x - B\dot y - (\tau_x^{-1} + r)[f^{-1}(\tau_x\dot x + x) - f^{-1}(x)]`."""
    xd, yd = ei_velocities(e)
    friction = e.f.inverse(e.tau_x * xd + e.x) - e.f.inverse(e.x)
    return -ei_gradient(e, "x") + e.a * xd - e.b * yd - (1 / e.tau_x + factor_sign * e.r) * friction


def typed_h30(e: EISymbols, last: str = "typed"):
    r"""H30: :math:`-\partial H/\partial y + B^\top\dot x - C\dot y - (\tau_y^{-1} - r)[g^{-1}(\tau_y\dot y + y)
    - g^{-1}(y)] + 2r\,\dot y^\top(v + B^\top x - Cy - p_y)`.

    ``last="typed"``: the last term as written, a scalar (added to every entry);
    ``"vector"``: the corrected vector :math:`2r(v + B^\top x - Cy - p_y)`; ``"none"``: dropped.
    """
    xd, yd = ei_velocities(e)
    friction = e.g.inverse(e.tau_y * yd + e.y) - e.g.inverse(e.y)
    base = -ei_gradient(e, "y") + e.b.T * xd - e.c * yd - (1 / e.tau_y - e.r) * friction
    gap = e.a_y - e.py
    if last == "typed":
        return base + 2 * e.r * _scalar(yd.T * gap) * sp.ones(len(e.y), 1)
    if last == "vector":
        return base + 2 * e.r * gap
    return base


def _ei(key, statement, typed, control, corrected=None):
    return _decide(key, statement, EI_SIZES, lambda size: typed(ei_symbols(size)),
                   (control[0], lambda size: control[1](ei_symbols(size))),
                   None if corrected is None else (lambda size: corrected(ei_symbols(size))))


def _hamilton_ei_field(e: EISymbols, p_y_dot: sp.Matrix, p_x_dot: sp.Matrix | None = None) -> list:
    """x' = dH/dp_x, y' = dH/dp_y (H27, H28), p_x' from H29 as typed (unless given), p_y' as given."""
    return (list(ei_gradient(e, "px")) + list(ei_gradient(e, "py"))
            + list(typed_h29(e) if p_x_dot is None else p_x_dot) + list(p_y_dot))


def _manifold_rate(e: EISymbols, drive, p, field, r_factor=1):
    gap = drive - p
    return r_factor * e.r * gap + time_derivative(gap, e.state, field)


def decide_h23():
    def pair(e, r_factor=1):
        field = _hamilton_ei_field(e, typed_h30(e, "vector"))
        return _manifold_rate(e, e.a_x, e.px, field, r_factor), sp.zeros(len(e.x), 1)
    return _ei("H23", "(r + d/dt)(u + Ax - By - p_x) along the Hamiltonian flow of H26 (H27, H28, H29 as typed) "
               "against 0", pair, ("(-r + d/dt) in place of (r + d/dt)", lambda e: pair(e, -1)))


def decide_h24():
    def pair(e, r_factor=1):
        field = _hamilton_ei_field(e, typed_h30(e, "vector"))
        return _manifold_rate(e, e.a_y, e.py, field, r_factor), sp.zeros(len(e.y), 1)
    return _ei("H24", "(r + d/dt)(v + B'x - Cy - p_y) along the Hamiltonian flow of H26 with H30's last term "
               "read as the vector 2r(v + B'x - Cy - p_y) (H30's erratum) against 0",
               pair, ("(-r + d/dt) in place of (r + d/dt)", lambda e: pair(e, -1)))


def decide_h27(key: str = "H27"):
    def pair(e, sign=1):
        return ei_gradient(e, "px").col_join(ei_gradient(e, "py")), \
            ei_velocities(e)[0].col_join(sign * ei_velocities(e)[1])
    return _ei(key, "[dH/dp_x ; dH/dp_y] of H26 against x', y' solved from tau x' + x = f(p_x), tau y' + y = g(p_y) "
               "(H27 and H28)", pair, ("y' = -dH/dp_y", lambda e: pair(e, -1)))


def decide_h29():
    return _ei("H29", "H29 as typed against p_x' solved from (r + d/dt)(u + Ax - By - p_x) = 0 (H23)",
               lambda e: (typed_h29(e), ei_momenta(e)[0]),
               ("(1/tau_x - r) in place of (1/tau_x + r)", lambda e: (typed_h29(e, -1), ei_momenta(e)[0])))


def decide_h30():
    return _ei("H30", "H30 as typed (last term the scalar 2r y'(v + B'x - Cy - p_y)) against p_y' solved from "
               "(r + d/dt)(v + B'x - Cy - p_y) = 0 (H24); corrected: the vector 2r(v + B'x - Cy - p_y)",
               lambda e: (typed_h30(e, "typed"), ei_momenta(e)[1]),
               ("the last term dropped", lambda e: (typed_h30(e, "none"), ei_momenta(e)[1])),
               corrected=lambda e: (typed_h30(e, "vector"), ei_momenta(e)[1]))


# ============================================================== registry
SYMBOLIC: dict[str, Callable[[], SymbolicResult]] = {
    "4": decide_4, "5": decide_5, "6": decide_6, "7": decide_7,
    "8": decide_8, "9": functools.partial(decide_8, "9"), "10": decide_10, "11": decide_11,
    "12": decide_12, "13": decide_13, "14": decide_14, "15": decide_15, "16": decide_16, "17": decide_17,
    "18": decide_18, "19": decide_19, "20": decide_20, "21": decide_21, "22": decide_22, "23": decide_23,
    "24": decide_24, "25": decide_25, "26": decide_26, "27": decide_27, "28": decide_28, "29": decide_29,
    "30": decide_30, "31": decide_31, "40": decide_40, "42": decide_42, "43": decide_43,
    "44": decide_44, "45": decide_45, "46": decide_46, "47": functools.partial(decide_45, "47"),
    "H7": decide_h7, "H8": decide_h8, "H9": decide_h9, "H11": decide_h11, "H12": decide_h12, "H13": decide_h13,
    "H15": decide_h15, "H16": decide_h16, "H17": decide_h17, "H19": decide_h19, "H20": decide_h20,
    "H23": decide_h23, "H24": decide_h24, "H27": decide_h27, "H28": functools.partial(decide_h27, "H28"), "H29": decide_h29, "H30": decide_h30,
}


@functools.cache
def decide(key) -> SymbolicResult:
    """The symbolic verdict on equation ``key`` (computed once per process).

    Raises
    ------
    ValueError
        If ``key`` has no symbolic decider.
    """
    k = str(key)
    if k not in SYMBOLIC:
        raise ValueError(f"key {k!r} has no symbolic decider; known keys: {', '.join(SYMBOLIC)}")
    return SYMBOLIC[k]()


def decide_all() -> dict[str, SymbolicResult]:
    """Every decider's verdict, in registry order."""
    return {k: decide(k) for k in SYMBOLIC}


def table_lines() -> list[str]:
    """One fixed-format line per key: verdict as typed, corrected verdict, control, statement."""
    def mark(flag):
        return "-" if flag is None else ("yes" if flag else "no")
    lines = [f"{'key':<5} {'kind':<10} {'holds':<5} {'corr.':<5} {'control':<8} statement"]
    for key, r in decide_all().items():
        control = "rejected" if r.control_rejected else "ACCEPTED"
        lines.append(f"{key:<5} {r.kind:<10} {mark(r.holds):<5} {mark(r.corrected_holds):<5} {control:<8} {r.statement}")
    return lines


if __name__ == "__main__":
    print("\n".join(table_lines()))
