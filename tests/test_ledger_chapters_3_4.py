"""Ledger chapters 3 and 4: every entry has an evidence kind, every check a negative control that it
rejects, every verdict its claim, and no numeric check compares an expression with itself."""

import numpy as np
import pytest

from rnn_energy import ledger
from rnn_energy.ledger import chapter3, chapter4, registry
from rnn_energy.ledger.symbolic import SYMBOLIC

CHAPTERS = (3, 4)
VERIFIED = ("holds", "corrected")

# The evidence each entry is meant to carry (a change of kind should be deliberate).
SYMBOLIC_KEYS = {str(k) for k in (*range(14, 32), 40, 42, 43, 44, 45, 46, 47)}
DEFINITION_KEYS = {"12", "13"}
SAMPLED_KEYS = {str(k) for k in (*range(32, 40), 41)}
FD_KEYS = {str(k) for k in range(48, 59)}


@pytest.fixture(scope="module")
def results():
    return {c: ledger.run(keys=[e.key for e in chapter_entries() if e.chapter == c]) for c in CHAPTERS}


@pytest.fixture(scope="module")
def controls():
    return {c: registry.run_controls(keys=[e.key for e in chapter_entries() if e.chapter == c]) for c in CHAPTERS}


def chapter_entries():
    """The equation entries of chapters 3-4 (the book's own claims are in ledger/claims.py)."""
    return [e for c in CHAPTERS for e in ledger.entries(chapter=c) if registry.is_equation(e.key)]


def test_every_entry_has_a_kind():
    """Every entry of chapters 3-4 names one of the evidence kinds, the intended one."""
    kinds = {e.key: e.kind for e in chapter_entries()}
    assert all(k in registry.KINDS for k in kinds.values()), kinds
    assert {k for k, v in kinds.items() if v == "symbolic"} == SYMBOLIC_KEYS
    assert {k for k, v in kinds.items() if v == "definition"} == DEFINITION_KEYS
    assert {k for k, v in kinds.items() if v == "sampled"} == SAMPLED_KEYS
    assert {k for k, v in kinds.items() if v == "finite-differences"} == FD_KEYS


def test_symbolic_entries_have_a_decider():
    """A symbolic (or definition) entry is decided by symbolic.decide, so its key must have a decider."""
    for e in chapter_entries():
        if e.kind in ("symbolic", "definition"):
            assert e.key in SYMBOLIC, e.key


def test_every_check_has_a_control(controls):
    """Every non-definition, non-open entry carries a negative control, and run_controls runs it."""
    for e in chapter_entries():
        if e.kind != "definition" and e.claimed != "open":
            assert e.control, e.key
    ran = {r.entry.key for c in CHAPTERS for r in controls[c]}
    assert ran >= {e.key for e in chapter_entries() if e.control}


def test_every_control_is_rejected(controls):
    """The planted wrong variant of every check comes out differently from the claim."""
    accepted = [(r.entry.key, r.entry.claimed, r.verdict.status) for c in CHAPTERS for r in controls[c]
                if not r.rejected]
    assert not accepted


def test_numeric_controls_miss_by_far(controls):
    """A numeric control fails by a wide margin (>= 1e-2 relative), never by a hair at the tolerance."""
    for c in CHAPTERS:
        for r in controls[c]:
            if r.entry.kind in ("sampled", "finite-differences"):
                v = r.verdict
                miss = v.measure if v.seed_error is None else min(v.seed_error, v.corrected_error)
                assert miss >= 1e-2, (r.entry.key, miss)


def test_every_verdict_agrees_with_its_claim(results):
    """Chapters 3-4: the computed verdict is the claimed one."""
    wrong = [(r.entry.key, r.entry.claimed, r.verdict.status, r.verdict.detail)
             for c in CHAPTERS for r in results[c] if not r.agrees]
    assert not wrong


def test_no_numeric_verified_entry_measures_exactly_zero(results):
    """Exactly 0.0 would mean both sides were the same floating-point expression."""
    for c in CHAPTERS:
        for r in results[c]:
            if r.verdict.status in VERIFIED and r.entry.kind != "symbolic" and r.entry.kind != "definition":
                assert r.verdict.measure != 0.0, r.entry.key
                assert not r.verdict.exact, r.entry.key


def test_symbolic_verdicts_are_exact(results):
    """Symbolic entries report exact verdicts (no tolerance)."""
    for c in CHAPTERS:
        for r in results[c]:
            if r.entry.kind == "symbolic":
                assert r.verdict.exact, r.entry.key


def test_numeric_entries_report_their_spread_over_seeds(results):
    """Sampled and finite-difference entries report the seed-to-seed spread of their per-instance errors,
    a nonnegative number no larger than the worst value."""
    for c in CHAPTERS:
        for r in results[c]:
            if r.entry.kind in ("sampled", "finite-differences"):
                v = r.verdict
                assert v.spread is not None, r.entry.key
                assert 0.0 <= v.spread <= v.measure, r.entry.key


def test_numeric_errors_sit_at_their_method_order(results):
    """Round-off-level identities stay far below 1e-9; differences sit between their truncation floor and
    their tolerance (a measure of 1e-16 against differences would mean the check compares nothing)."""
    by_key = {r.entry.key: r.verdict for c in CHAPTERS for r in results[c]}
    for key in SAMPLED_KEYS:
        assert 0.0 < by_key[key].measure < 1e-12, key
    for key in FD_KEYS:
        assert 1e-13 < by_key[key].measure < chapter4.HESS_TOL, key
    for key in ("48", "49", "53", "58"):
        assert by_key[key].measure < chapter4.GRAD_TOL, key


def test_planted_package_bug_is_caught(monkeypatch):
    """A bug in the package's Hessian (second term dropped) or energy (sign slip) fails its ledger check."""
    def gauss_newton(xi, x, activation="tanh"):
        d = np.asarray(activation.derivative(x))
        return d[..., :, None] * (xi @ xi.T) * d[..., None, :]

    assert chapter4.check_eq57().status == "holds"
    monkeypatch.setattr(chapter4, "quadratic_term_hessian", gauss_newton)
    assert chapter4.check_eq57().status == "fails"

    original = chapter3.reduced_energy
    monkeypatch.setattr(chapter3, "reduced_energy", lambda model, v_f, v_d: original(model, v_f, v_d) + 1e-6)
    assert chapter3.check_eq32().status == "fails"


def test_cli_runs_chapters_3_and_4(capsys):
    """``python -m rnn_energy.ledger --chapter N`` exits 0 for chapters 3 and 4."""
    from rnn_energy.ledger.__main__ import main

    for c in CHAPTERS:
        assert main(["--chapter", str(c)]) == 0
    out = capsys.readouterr().out
    assert "computed verdict differs" not in out
