"""Ledger chapters 1 and 2: every entry has an evidence kind, every check a negative control that it
rejects, every verdict its claim, and no numeric verified entry measures exactly 0.0."""

import numpy as np
import pytest

from rnn_energy import ledger
from rnn_energy.instances import random_three_population, seeded
from rnn_energy.ledger import chapter1, chapter2, registry, symbolic
from rnn_energy.ledger.__main__ import main

CHAPTERS = (1, 2)
VERIFIED = ("holds", "corrected")


@pytest.fixture(scope="module")
def results():
    """The computed verdicts of chapters 1 and 2, by key (each check run once)."""
    return {r.entry.key: r for n in CHAPTERS for r in ledger.run(chapter=n)}


@pytest.fixture(scope="module")
def controls():
    """The negative controls of chapters 1 and 2, by key."""
    return {c.entry.key: c for n in CHAPTERS for c in registry.run_controls(chapter=n)}


def chapter_entries():
    """The equation entries of chapters 1-2 (the book's own claims are in ledger/claims.py)."""
    return [e for n in CHAPTERS for e in ledger.entries(chapter=n) if registry.is_equation(e.key)]


def test_chapters_register_their_equations():
    """Chapter 1 holds eqs. (1)-(7), chapter 2 eqs. (8)-(11)."""
    assert [e.key for e in chapter_entries() if e.chapter == 1] == [str(k) for k in range(1, 8)]
    assert [e.key for e in chapter_entries() if e.chapter == 2] == ["8", "9", "10", "11"]


@pytest.mark.parametrize("entry", chapter_entries(), ids=lambda e: e.key)
def test_every_entry_has_a_kind_and_a_control(entry):
    """Each entry names its evidence; each that is not a definition or open names a wrong variant."""
    assert entry.kind in registry.KINDS
    if entry.kind != "definition" and entry.claimed != "open":
        assert entry.control and len(entry.control) > 10


def test_kinds_are_the_ones_the_checks_implement():
    """(1) differentiates numerically, (2)-(3) sample seeded networks, (4)-(11) are decided by sympy."""
    kinds = {e.key: e.kind for e in chapter_entries()}
    assert kinds == {"1": "finite-differences", "2": "sampled", "3": "sampled",
                     **{str(k): "symbolic" for k in range(4, 12)}}


def test_every_verdict_agrees_with_its_claim(results):
    wrong = {k: (r.entry.claimed, r.verdict.status, r.verdict.detail) for k, r in results.items() if not r.agrees}
    assert not wrong


def test_every_control_is_rejected(controls):
    """Each check, run on its deliberately wrong variant, comes out differently from its claim."""
    expected = {e.key for e in chapter_entries() if e.kind != "definition" and e.claimed != "open"}
    assert set(controls) >= expected
    accepted = {k: (c.verdict.status, c.verdict.detail) for k, c in controls.items() if not c.rejected}
    assert not accepted
    # a corrected entry's control must not be corrected, a holds entry's must fail
    assert controls["2"].verdict.status == "fails"
    assert all(c.verdict.status == "fails" for k, c in controls.items() if k != "2")


def test_a_control_that_reproduces_the_claim_counts_as_accepted(monkeypatch):
    """Negative control of the test above: a check blind to its control is reported as not rejected."""
    blind = registry.Entry("998", 98, "blind", "holds", "nowhere",
                           lambda control=False: registry.identity_verdict(1e-14, 1e-10, "same either way"),
                           "rnn_energy.maps.FeatureMap", "sampled", "nothing changes")
    monkeypatch.setitem(registry.REGISTRY, "998", blind)
    [result] = registry.run_controls(chapter=98)
    assert not result.rejected


def test_no_numeric_verified_entry_measures_exactly_zero(results):
    """A numeric 0.0 would mean both sides were the same floating-point expression."""
    zero = [k for k, r in results.items()
            if r.entry.kind != "symbolic" and r.verdict.status in VERIFIED and r.verdict.measure == 0.0]
    assert not zero
    corrected = results["2"].verdict
    assert corrected.corrected_error > 0.0 and corrected.seed_error > 0.0


def test_symbolic_entries_are_exact_and_name_the_deciders_control(results):
    """A symbolic entry carries the decider's verdict, and its control line is the decider's control."""
    for key, r in results.items():
        if r.entry.kind != "symbolic":
            continue
        decided = symbolic.decide(key)
        assert r.verdict.exact
        assert decided.holds and decided.control_rejected
        assert decided.control in r.entry.control


def test_sampled_entries_report_their_spread_over_seeds(results):
    """(2) and (3) give the worst value and how much it moves from seed to seed."""
    for key in ("2", "3"):
        assert results[key].verdict.spread is not None and results[key].verdict.spread > 0.0
    assert "over 3 seeds" in results["3"].verdict.detail
    assert "of 5 seeds" in results["2"].verdict.detail


def test_energy_condition_is_xi_phi_zero_not_phi_zero(results):
    """With Xi Phi = 0 but Phi != 0, (2) still never rises: the condition is alpha_c Xi Phi = 0."""
    model = chapter1.decoupled_delay()
    assert np.max(np.abs(model.phi)) > 0 and np.max(np.abs(model.xi @ model.phi)) == 0
    assert chapter1._boundary_rise() < 1e-10
    assert "alpha_c Xi Phi = 0" in results["2"].verdict.boundary
    # the seed form does rise once Xi Phi != 0 (the rise is far above the tolerance)
    assert results["2"].verdict.seed_error > 1e-3


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_dissipation_identity_and_its_sign_control(seed):
    """The corrected dE/dt matches a directional difference of (2); the sign-flipped one does not."""
    [(model, rng)] = seeded(random_three_population, 3, 2, seeds=(seed,), phi_scale=1.2, t_h=0.3, t_d=2.0)
    state = rng.standard_normal((12, model.dim))
    assert chapter1.dissipation_identity_error(model, state) < 1e-7
    assert chapter1.dissipation_identity_error(model, state, cross_sign=-1.0) > 1e-3


def test_dissipation_identity_rejects_a_fixed_point():
    """At a fixed point the field has no direction: a clear error, not a NaN."""
    model = random_three_population(np.random.default_rng(0), 3, 2)
    with pytest.raises(ValueError, match="state"):
        chapter1.dissipation_identity_error(model, np.zeros((1, model.dim)))


def test_transfer_of_fixed_points_needs_the_conjugacy():
    """The numeric half of (11) alone: small through h, O(1) when points are carried by the identity."""
    values, n_points = chapter2.transfer_errors()
    wrong, _ = chapter2.transfer_errors(control=True)
    assert n_points >= 10 and values.size == 10
    assert values.max() <= chapter2.TRANSFER_TOL
    assert wrong.max() > 0.1


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_cli_chapter_exits_zero(chapter, capsys):
    """``python -m rnn_energy.ledger --chapter N`` prints every key of the chapter and exits 0."""
    assert main(["--chapter", str(chapter)]) == 0
    out = capsys.readouterr().out
    assert all(f"({e.key})" in out for e in ledger.entries(chapter=chapter))
    assert "differs from the claimed" not in out
