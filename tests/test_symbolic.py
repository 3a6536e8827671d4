"""Symbolic decisions of the sources' algebra (rnn_energy.ledger.symbolic).

Hypotheses checked: every decider's verdict is the one the notes' errata list implies (holds for
the right equations; fails as typed and holds corrected for the errata); every negative control
is rejected; the machinery itself can fail (a false identity is refused) and agrees with the
package's numerical model at seeded random points.
"""

import numpy as np
import pytest
import sympy as sp

from rnn_energy.energies import reduced_energy as numeric_reduced_energy
from rnn_energy.hamiltonian import ExcitatoryInhibitory
from rnn_energy.instances import random_three_population
from rnn_energy.ledger import symbolic as sym

# Errata of the sources, as the ledger reads them: typed form fails, corrected form holds.
ERRATA = {"23", "28", "29", "31", "42", "43", "45", "47", "H13", "H30"}
# Keys the symbolic layer must decide (the notes' and slides' algebra named in the ledger).
REQUIRED = {"4", "5", "6", "7", "8", "9", "10", "15", "19", "21", "27", "28", "29", "30", "31", "40",
            "42", "43", "44", "45", "46", "47", "H7", "H9", "H13", "H15", "H16", "H17", "H23", "H24", "H30",
            *(str(k) for k in range(12, 28))}
DEFINITIONS = {"12", "13", "14"}


@pytest.fixture(scope="module")
def results():
    return sym.decide_all()


def test_registry_covers_the_required_keys():
    """Every equation the ledger could only compare with itself has a symbolic decider."""
    missing = REQUIRED - set(sym.SYMBOLIC)
    assert not missing, f"no symbolic decider for {sorted(missing)}"


@pytest.mark.parametrize("key", list(sym.SYMBOLIC))
def test_verdict_matches_the_errata(results, key):
    """Right equations reduce to zero at every size; errata do not, and their corrections do."""
    r = results[key]
    assert r.key == key
    assert r.sizes, "no size was tried"
    if key in ERRATA:
        assert not r.holds, f"{key}: the typed form was expected to fail"
        assert r.corrected_holds is True, f"{key}: the corrected form does not hold"
        assert r.residual, f"{key}: a failing form must show its residual"
    else:
        assert r.holds, f"{key}: residual {r.residual}"
        assert r.corrected_holds is None
        assert r.residual == ""
    assert r.kind == ("definition" if key in DEFINITIONS else "identity")


@pytest.mark.parametrize("key", list(sym.SYMBOLIC))
def test_every_control_is_rejected(results, key):
    """The deliberately wrong variant of each typed form does not reduce to zero."""
    r = results[key]
    assert r.control, f"{key} has no control"
    assert r.control_rejected, f"{key}: control {r.control!r} was accepted"


def test_unknown_key_raises_naming_it():
    with pytest.raises(ValueError, match="'99'"):
        sym.decide("99")
    with pytest.raises(ValueError, match="'H31'"):
        sym.decide("H31")


def test_decide_is_cached_and_accepts_integers():
    assert sym.decide(25) is sym.decide(25)
    assert sym.decide("25").holds


def test_residuals_name_the_seed_errors():
    """The residuals are the terms the errata describe (size (1, 1), or the shape error of (23))."""
    assert sym.decide("28").residual == "at size (1, 1): s_0**2*xi_0_0**2"   # +1/2 s'XX's instead of -1/2
    assert "Matrix size mismatch" in sym.decide("23").residual                # s without its transpose
    assert "log(cosh" in sym.decide("42").residual                            # the log-cosh sign
    assert sym.decide("H13").residual.startswith("at size 1: [0, ")           # only line 2 is wrong


# ------------------------------------------------------------- the machinery can fail
def test_decide_refuses_a_false_identity_and_accepts_a_true_one():
    x = sp.Symbol("x", real=True)
    wrong = sym._decide("t", "x^2 against x", (1,), lambda _: (x**2, x), ("x", lambda _: (x, x)))
    assert not wrong.holds and wrong.residual == "at size 1: x**2 - x"
    assert not wrong.control_rejected  # a control equal to the model is (rightly) not rejected
    right = sym._decide("t", "(x+1)^2", (1,), lambda _: ((x + 1) ** 2, x**2 + 2 * x + 1),
                        ("x^2 + 1", lambda _: ((x + 1) ** 2, x**2 + 1)))
    assert right.holds and right.control_rejected


def test_nonlinearity_derivatives_and_inverse_rule():
    """F' = f, Fbar' = f^-1 and f^-1(f(z)) = z; f(f^-1(z)) is not assumed (f need not be onto)."""
    z = sp.Symbol("z", real=True)
    act = sym.nonlinearity("f")
    assert sp.diff(act.F(z), z) == act.f(z)
    assert sp.diff(act.Fbar(z), z) == act.inv(z)
    assert act.inv(act.f(z)) == z
    assert act.f(act.inv(z)) != z
    assert sp.diff(act.F(z), z) != act.inv(z)


def test_log_cosh_is_the_lagrangian_of_tanh():
    v = sym._vector("v", 3)
    grad = sym.gradient(sym.log_cosh(v), v)
    assert all(sp.simplify(g - sp.tanh(vi)) == 0 for g, vi in zip(grad, v))
    assert any(sp.simplify(g + sp.tanh(vi)) != 0 for g, vi in zip(grad, v))


def test_identity_lagrangian_is_half_the_square():
    v = sym._vector("v", 2)
    assert sp.expand(sym.lagrangian(sym.identity_activation, v) - (v.T * v)[0] / 2) == 0
    assert sp.expand(sym.lagrangian(sym.identity_activation, v) - (v.T * v)[0]) != 0


@pytest.mark.parametrize("size", sym.NOTES_SIZES)
def test_slaved_states_solve_the_fast_rows(size):
    """The solved V_h, V_d zero the fast rows of eq. (1); a perturbed V_h does not."""
    m = sym.notes_symbols(size)
    v_h, v_d = sym.slaved_states(m, m.s)
    _, row_h, row_d = sym.model_rhs(m, m.v, m.s, v_h, v_d)
    assert all(sp.expand(e) == 0 for e in list(row_h) + list(row_d))
    _, row_h, _ = sym.model_rhs(m, m.v, m.s, v_h + sp.ones(m.n_h, 1), v_d)
    assert any(sp.expand(e) != 0 for e in row_h)


def test_time_derivative_is_the_chain_rule():
    x, y, a, b = sp.symbols("x y a b", real=True)
    rate = sym.time_derivative(x * y + sp.sin(x), [x, y], [a, b])
    assert sp.expand(rate - (a * y + x * b + sp.cos(x) * a)) == 0
    assert sp.expand(rate - (a * y + x * b)) != 0


@pytest.mark.parametrize("size", sym.NOTES_SIZES)
def test_reduced_energy_parts_sum_to_the_slaved_energy(size):
    """The five computed parts add up to eq. (2) at the slow V_h, and each has its degree."""
    m = sym.notes_symbols(size)
    parts = sym.reduced_energy_parts(size)
    assert sp.expand(sum(parts.values()) - sum(sym.slaved_energy_terms(m))) == 0
    assert sp.Poly(parts["ss"], *m.s).is_homogeneous and sp.Poly(parts["ss"], *m.s).total_degree() == 2
    assert sp.Poly(parts["dd"], *m.d).total_degree() == 2 and not parts["dd"].free_symbols & set(m.s)
    assert parts["-L"] == -m.L


# ------------------------------------------------ agreement with the numerical model
@pytest.mark.parametrize("size", sym.NOTES_SIZES)
def test_symbolic_reduced_energy_matches_the_package(rng, size):
    """The symbolic eq. (2) on the slow manifold equals the package's reduced_energy (tanh), and a
    version with Phi transposed does not (for N_h > 1)."""
    n_f, n_h = size
    model = random_three_population(rng, n_f, n_h, sigma_f="tanh")
    m = sym.notes_symbols(size)
    v_f, v_d = rng.normal(size=n_f), rng.normal(size=n_f)
    values = {**dict(zip(m.xi, model.xi.ravel())), **dict(zip(m.phi, model.phi.ravel())),
              **dict(zip(m.v, v_f)), **dict(zip(m.s, np.tanh(v_f))), **dict(zip(m.d, v_d)),
              m.L: float(np.sum(model.sigma_f.lagrangian(v_f)))}
    expr = sym.reduced_energy(m, m.v, m.s, m.L, m.d)
    value = float(expr.xreplace(values))
    assert value == pytest.approx(float(numeric_reduced_energy(model, v_f, v_d)), rel=1e-12, abs=1e-12)
    if n_h > 1:
        swapped = {**values, **dict(zip(m.phi, model.phi.T.ravel()))}
        assert abs(float(expr.xreplace(swapped)) - value) > 1e-8


def test_lifted_momenta_match_the_package_field(rng):
    """p' solved from (r + d/dt)(a - p) = 0 (H23, H24) equals the package's E-I vector field (tanh)."""
    size = (2, 2)
    e = sym.ei_symbols(size)
    a, c, q = rng.normal(size=(2, 2)), rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
    net = ExcitatoryInhibitory(a=a + a.T, b=q, c=c @ c.T, u=rng.normal(size=2), v=rng.normal(size=2),
                               tau_x=1.3, tau_y=0.7, r=0.4)
    state = np.concatenate([rng.uniform(-0.9, 0.9, 4), rng.normal(size=4)])
    values = {**dict(zip(e.a, net.a.ravel())), **dict(zip(e.b, net.b.ravel())), **dict(zip(e.c, net.c.ravel())),
              **dict(zip(e.u, net.u)), **dict(zip(e.v, net.v)), e.tau_x: net.tau_x, e.tau_y: net.tau_y, e.r: net.r,
              **dict(zip(e.state, state))}
    xd, yd = sym.ei_velocities(e)
    pxd, pyd = sym.ei_momenta(e)
    symbolic = np.array([float(sp.sympify(expr).replace(e.f.f, sp.tanh).replace(e.g.f, sp.tanh).xreplace(values))
                         for expr in list(xd) + list(yd) + list(pxd) + list(pyd)])
    np.testing.assert_allclose(symbolic, net.vector_field(state), rtol=1e-12, atol=1e-12)
    flipped = ExcitatoryInhibitory(a=net.a, b=net.b, c=net.c, u=net.u, v=net.v, tau_x=1.3, tau_y=0.7, r=0.8)
    assert np.max(np.abs(symbolic - flipped.vector_field(state))) > 1e-6
