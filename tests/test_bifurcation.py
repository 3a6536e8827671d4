"""Fixed point, Hopf bifurcation, first Lyapunov coefficient and the Lyapunov function of the E-I pair,
and the sufficient conditions at their boundaries (rnn_energy.bifurcation, rnn_energy.ei_conditions)."""

import numpy as np
import pytest

from rnn_energy import bifurcation as bf
from rnn_energy import ei_conditions as ec
from rnn_energy.hamiltonian import admissible_r
from rnn_energy.instances import ei_pair

SEEDS = (0, 1, 2, 3, 4)


def random_pair(seed, **overrides):
    """A pair with a unique fixed point and a Hopf point: a in (1.5, 3), b in (1.5, 3), small c, u, v."""
    rng = np.random.default_rng(seed)
    params = dict(a=rng.uniform(1.5, 3.0), b=rng.uniform(1.5, 3.0), c=rng.uniform(-0.2, 0.5),
                  u=rng.uniform(-0.3, 0.3), v=rng.uniform(-0.3, 0.3), tau_x=rng.uniform(0.5, 2.0))
    params.update(overrides)
    return ei_pair(**params)


# ------------------------------------------------------------------ Jacobian, trace, det
@pytest.mark.parametrize("seed", SEEDS)
def test_closed_form_jacobian_matches_finite_differences(seed):
    """The closed-form Jacobian equals the central-difference Jacobian of network_field; flipping the
    sign of the E->I coupling in it (a wrong variant) does not."""
    pair = random_pair(seed, tau_y=0.7)
    xy = np.random.default_rng(seed).uniform(-0.9, 0.9, size=(20, 2))
    closed, fd = bf.pair_jacobian(pair, xy), bf.jacobian_fd(pair.network_field, xy)
    assert np.max(np.abs(closed - fd)) < 1e-8
    wrong = closed.copy()
    wrong[..., 1, 0] *= -1
    assert np.max(np.abs(wrong - fd)) > 1e-2


@pytest.mark.parametrize("seed", SEEDS)
def test_trace_and_determinant_formulas(seed):
    """tr J = (a f' - 1)/tau_x - (1 + c g')/tau_y and det J = [(1 - a f')(1 + c g') + b^2 f' g']/(tau_x tau_y)
    at the fixed point, for every tau_y, against the FD Jacobian; det with -b^2 is rejected."""
    pair = random_pair(seed)
    xy = bf.unique_fixed_point(pair)
    tau_ys = np.geomspace(0.1, 10.0, 7)
    closed = bf.trace_determinant(pair, tau_ys)
    jac = np.array([bf.jacobian_fd(bf.with_tau_y(pair, t).network_field, xy) for t in tau_ys])
    assert np.allclose(closed["trace"], np.trace(jac, axis1=-2, axis2=-1), atol=1e-8)
    assert np.allclose(closed["det"], np.linalg.det(jac), atol=1e-8)
    fp, gp = bf.fixed_point_slopes(pair)
    a, b, c = pair.a[0, 0], pair.b[0, 0], pair.c[0, 0]
    wrong = ((1 - a * fp) * (1 + c * gp) - b * b * fp * gp) / (pair.tau_x * tau_ys)
    assert np.max(np.abs(wrong - np.linalg.det(jac))) > 1e-1


# ------------------------------------------------------------------ fixed point uniqueness
@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_point_is_a_zero_and_certified_unique(seed):
    """The certified fixed point is a zero of the network field and of the nullcline gap."""
    pair = random_pair(seed)
    found = bf.pair_fixed_points(pair)
    assert found.certified_unique and found.points.shape == (1, 2)
    assert np.max(np.abs(pair.network_field(found.points))) < 1e-12


def test_uniqueness_not_certified_with_three_fixed_points():
    """Negative control: strong self-excitation (a = 6, b = 1) gives three crossings; no certificate."""
    found = bf.pair_fixed_points(ei_pair(a=6.0, b=1.0))
    assert not found.certified_unique and len(found.points) == 3
    assert np.max(np.abs(ei_pair(a=6.0, b=1.0).network_field(found.points))) < 1e-12
    with pytest.raises(ValueError, match="not certified"):
        bf.unique_fixed_point(ei_pair(a=6.0, b=1.0))


# ----------------------------------------------------------------------------- Hopf point
@pytest.mark.parametrize("seed", SEEDS)
def test_hopf_point_closed_form_and_bracketed_root_agree(seed):
    """tau_y* = tau_x (1 + c g')/(a f' - 1) equals brentq's root of the FD trace; det > 0 there and the
    eigenvalues are +-i sqrt(det); the trace has opposite signs at tau_y* -+ 1 %."""
    pair = random_pair(seed)
    hopf = bf.hopf_point(pair)
    assert abs(hopf.tau_y - hopf.tau_y_bracketed) < 1e-9 * hopf.tau_y
    assert hopf.det > 0 and abs(hopf.omega - np.sqrt(hopf.det)) < 1e-9
    eig = np.linalg.eigvals(bf.pair_jacobian(bf.with_tau_y(pair, hopf.tau_y), hopf.fixed_point))
    assert np.max(np.abs(eig.real)) < 1e-9
    tr = bf.trace_determinant(pair, [0.99 * hopf.tau_y, 1.01 * hopf.tau_y])["trace"]
    assert tr[0] < 0 < tr[1]


# ------------------------------------------------------------- first Lyapunov coefficient
def normal_form(s, omega, quad=None):
    """x' = -omega y + s x r^2 + quadratic terms, y' = omega x + s y r^2 (+ quadratic terms)."""
    quad = np.zeros(6) if quad is None else quad

    def field(p):
        x, y = p[..., 0], p[..., 1]
        r2 = x * x + y * y
        fx = -omega * y + s * x * r2 + quad[0] * x * x + quad[1] * x * y + quad[2] * y * y
        fy = omega * x + s * y * r2 + quad[3] * x * x + quad[4] * x * y + quad[5] * y * y
        return np.stack([fx, fy], axis=-1)
    return field


@pytest.mark.parametrize("s, omega", [(-0.7, 1.3), (0.4, 2.0), (-2.0, 0.5)])
def test_l1_on_the_normal_form(s, omega):
    """For z' = i omega z + s z|x|^2 with |x|^2 = 2|z|^2 (<q,q> = 1): l1 = 2 s/omega, sign = sign(s);
    the sign survives a non-orthogonal change of coordinates; the value 2s/omega is not s/omega."""
    field = normal_form(s, omega)
    jac = bf.jacobian_fd(field, np.zeros(2))
    l1 = bf.first_lyapunov_coefficient(jac, *bf.multilinear_forms_fd(field, np.zeros(2)))
    assert abs(l1 - 2 * s / omega) < 1e-5 * abs(2 * s / omega)
    assert abs(l1 - s / omega) > 0.1 * abs(s / omega)
    t = np.array([[2.0, 0.7], [-0.3, 0.5]])
    moved = lambda p: field(p @ t.T) @ np.linalg.inv(t).T  # noqa: E731
    l1_moved = bf.first_lyapunov_coefficient(bf.jacobian_fd(moved, np.zeros(2)),
                                             *bf.multilinear_forms_fd(moved, np.zeros(2)))
    assert np.sign(l1_moved) == np.sign(s)


def gh_derivatives(s, quad):
    """Partial derivatives at 0 of the normal_form's f, g (Guckenheimer-Holmes names)."""
    return {"fxx": 2 * quad[0], "fxy": quad[1], "fyy": 2 * quad[2], "gxx": 2 * quad[3], "gxy": quad[4],
            "gyy": 2 * quad[5], "fxxx": 6 * s, "fxyy": 2 * s, "gxxy": 2 * s, "gyyy": 6 * s}


@pytest.mark.parametrize("seed", SEEDS)
def test_kuznetsov_formula_agrees_with_guckenheimer_holmes(seed):
    """With quadratic terms, Kuznetsov's invariant l1 equals 2a/omega from GH's explicit formula; a variant
    with the sign of the B(q, J^-1 B(q, qbar)) term flipped disagrees."""
    rng = np.random.default_rng(seed)
    s, omega, quad = rng.uniform(-1, 1), rng.uniform(0.5, 2.0), rng.normal(size=6)
    field = normal_form(s, omega, quad)
    jac = bf.jacobian_fd(field, np.zeros(2))
    second, third = bf.multilinear_forms_fd(field, np.zeros(2))
    l1 = bf.first_lyapunov_coefficient(jac, second, third)
    gh = 2 * bf.guckenheimer_holmes_coefficient(gh_derivatives(s, quad), omega) / omega
    assert abs(l1 - gh) < 1e-5 * max(1.0, abs(gh))
    omega_, q, p = bf.critical_eigenvectors(jac)
    r11 = np.linalg.solve(jac.astype(complex), second(q, np.conj(q)))
    r20 = np.linalg.solve(2j * omega_ * np.eye(2) - jac, second(q, q))
    wrong = (np.vdot(p, third(q, q, np.conj(q))) + 2 * np.vdot(p, second(q, r11))
             + np.vdot(p, second(np.conj(q), r20))).real / (2 * omega_)
    assert abs(wrong - gh) > 1e-3


@pytest.mark.parametrize("seed", SEEDS)
def test_pair_l1_closed_form_matches_finite_differences(seed):
    """l1 of the pair from closed-form sigma'' and sigma''' equals l1 from FD multilinear forms; the pairs
    here are supercritical."""
    hopf = bf.hopf_point(random_pair(seed))
    assert abs(hopf.l1 - hopf.l1_fd) < 1e-4 * abs(hopf.l1)
    assert hopf.supercritical


def test_third_derivative_closed_forms():
    """sigma''' in closed form equals the central difference of sigma''; a wrong sign is rejected."""
    from rnn_energy.activations import get_activation
    z = np.linspace(-4, 4, 41)
    h = 1e-5
    for name in ("tanh", "logistic"):
        act = get_activation(name)
        fd = (act.second_derivative(z + h) - act.second_derivative(z - h)) / (2 * h)
        assert np.max(np.abs(bf.third_derivative(act, z) - fd)) < 1e-8
        assert np.max(np.abs(-bf.third_derivative(act, z) - fd)) > 1e-2


# ---------------------------------------------------------------------------- amplitude law
def test_amplitude_square_root_law():
    """Just above tau_y*, the cycle's amplitude of x grows like K sqrt(tau_y - tau_y*): fitted exponent
    1/2 +- 0.02 (not 1), and A/sqrt(mu) extrapolated to mu -> 0 is the normal form's K within 1 %."""
    law = bf.amplitude_law(ei_pair(), np.geomspace(3e-3, 5e-2, 6), t_max=3000.0)
    assert np.max(law["drift"]) < 1e-3
    assert abs(law["exponent"] - 0.5) < 0.02
    assert abs(law["exponent"] - 1.0) > 0.3
    assert abs(law["prefactor_limit"] - law["predicted"]) < 0.01 * law["predicted"]


# ------------------------------------------------------------- Lyapunov function (theorem)
@pytest.mark.parametrize("seed", SEEDS)
def test_manifold_energy_is_a_lyapunov_function_when_conditions_hold(seed):
    """With r strictly inside the admissible interval: L = H on the manifold never rises along the network,
    stays above its limit, dL/dt from the energy balance matches the sampled derivative, and every start
    converges to the unique fixed point."""
    rng = np.random.default_rng(seed)
    base = random_pair(seed, tau_y=0.4)
    lo, hi = admissible_r(base)
    pair = ei_pair(a=base.a[0, 0], b=base.b[0, 0], c=base.c[0, 0], u=base.u[0], v=base.v[0], tau_x=base.tau_x,
                   tau_y=0.4, r=lo + 0.7 * (hi - lo))
    assert all(pair.conditions().values())
    out = bf.lyapunov_along_network(pair, rng.uniform(-0.95, 0.95, size=(6, 2)), np.linspace(0, 60, 12001))
    assert out["largest increase"] < 1e-10 and out["largest rate"] < 1e-12
    assert out["above limit"] > -1e-10
    assert out["rate mismatch"] < 1e-2  # np.gradient is second order in the sampling step
    assert out["final speed"] < 1e-6
    assert np.max(np.abs(out["trajectory"][-1] - bf.unique_fixed_point(pair))) < 1e-6


def test_manifold_energy_rises_when_inhibition_is_slow():
    """Negative control: tau_y = 2 > tau_y* (no admissible r; r = 1): L rises along the limit cycle."""
    pair = ei_pair(tau_y=2.0, r=1.0)
    assert not all(pair.conditions().values())
    out = bf.lyapunov_along_network(pair, np.array([[0.6, -0.2]]), np.linspace(0, 80, 4001))
    assert out["largest increase"] > 1e-4 and out["largest rate"] > 1e-3
    assert out["final speed"] > 1e-2


def test_fixed_point_minimises_the_manifold_energy():
    """Under the theorem every trajectory descends to the fixed point, so L(x*) <= L on the whole box:
    checked on a grid; on the violated example (tau_y = 2, r = 1) the fixed point is not the minimum."""
    grid = np.stack(np.meshgrid(np.linspace(-0.99, 0.99, 81), np.linspace(-0.99, 0.99, 81)), -1).reshape(-1, 2)
    good = ei_pair(tau_y=0.5, r=1.5)
    assert np.min(bf.manifold_energy(good, grid) - bf.manifold_energy(good, bf.unique_fixed_point(good))) > -1e-12
    bad = ei_pair(tau_y=2.0, r=1.0)
    assert np.min(bf.manifold_energy(bad, grid) - bf.manifold_energy(bad, bf.unique_fixed_point(bad))) < -1e-3


# ----------------------------------------------------------------- conditions at their boundary
@pytest.mark.parametrize("condition", ec.CONDITIONS)
@pytest.mark.parametrize("family", ec.FAMILIES)
def test_inside_the_boundary_dissipation_holds(condition, family):
    """Just inside each condition's boundary (delta = 0.01) the instances satisfy all conditions and the
    manifold search finds no dH/dt > 0 (the proposition)."""
    for seed in (0, 1):
        net = ec.boundary_instance(condition, "inside", 0.01, seed, family=family)
        assert all(net.conditions().values())
        assert ec.max_manifold_rate(net, n_samples=4000, seed=seed)["max ratio"] < 1e-9


@pytest.mark.parametrize("condition", ("A", "C"))
def test_outside_the_boundary_centred_instances_rise(condition):
    """Just outside (delta = 0.05), only the chosen condition fails, and near the centred fixed point
    dH/dt / |s'|^2 reaches delta: the condition is sharp there."""
    for seed in (0, 1):
        net = ec.boundary_instance(condition, "outside", 0.05, seed)
        failed = [k for k, ok in net.conditions().items() if not ok]
        assert len(failed) == 1
        ratio = ec.max_manifold_rate(net, n_samples=4000, seed=seed)["max ratio"]
        assert 0.5 * 0.05 < ratio < 2 * 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_admissibility_limit_closed_form_matches_bisection(seed):
    """sup tau_y with admissible r = tau_x (1 + beta_g min(lambda_C, 0))/(beta_f lambda_A - 1), against
    bisection on admissible_r; a variant without the C factor is rejected when lambda_C < 0."""
    pair = random_pair(seed, c=-0.3)
    limit = ec.admissible_tau_y_limit(pair)
    assert abs(limit - ec.admissibility_by_bisection(pair)) < 1e-9 * max(1.0, limit)
    wrong = pair.tau_x / (pair.a[0, 0] - 1)
    assert abs(wrong - limit) > 1e-2


def test_exactly_claims_beyond_the_example():
    """The admissibility limit never exceeds the Hopf point (the theorem forbids a cycle while conditions
    hold); they coincide for the example, A = 3, tau_x = 2, C = -0.3, but not for C = 0.5 or u = 0.5,
    where the pair still converges in the gap. "tau_y < 1" fails for A = 3 and tau_x = 2."""
    rows = {r["case"]: r for r in ec.exactly_table()}
    for row in rows.values():
        assert row["limit"] <= row["hopf"] + 1e-9
    for name in ("example", "A = 3", "tau_x = 2", "C = -0.3"):
        assert abs(rows[name]["limit"] - rows[name]["hopf"]) < 1e-9
    for name in ("C = 0.5", "u = 0.5"):
        assert rows[name]["hopf"] - rows[name]["limit"] > 1e-2
        assert rows[name]["gap amplitude"] < 1e-6 and rows[name]["gap trace"] < 0
    assert abs(rows["A = 3"]["limit"] - 1.0) > 0.4 and abs(rows["tau_x = 2"]["limit"] - 1.0) > 0.9


# --------------------------------------------------------------------------------- bad input
def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="system"):
        bf.hopf_point(ec.boundary_instance("A", "inside", 0.01, 0))
    with pytest.raises(ValueError, match="system.c"):
        bf.y_nullcline(ei_pair(c=-1.5), np.array([0.1]))
    with pytest.raises(ValueError, match="condition"):
        ec.boundary_instance("B", "inside", 0.01, 0)
    with pytest.raises(ValueError, match="side"):
        ec.boundary_instance("A", "middle", 0.01, 0)
    with pytest.raises(ValueError, match="offsets"):
        bf.amplitude_law(ei_pair(), [-0.1, 0.1, 0.2])
    with pytest.raises(ValueError, match="jacobian"):
        bf.first_lyapunov_coefficient(np.diag([-1.0, -2.0]), None, None)
    with pytest.raises(ValueError, match="no Hopf"):
        bf.hopf_point(ei_pair(a=0.5))
    with pytest.raises(ValueError, match="tau_ys"):
        bf.trace_determinant(ei_pair(), [0.5, -1.0])
