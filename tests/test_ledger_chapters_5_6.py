"""Ledger of chapters 5 and 6: every entry has an evidence kind, every check a negative control that
it rejects, every verdict agrees with its claim, and no numeric verified entry measures exactly 0.0.

The checks and controls run once per module (they share cached measurements) and are reused.
"""

import json
import math

import pytest

from rnn_energy import ledger
from rnn_energy.ledger import registry
from rnn_energy.ledger.__main__ import main

CHAPTERS = (5, 6)
CLAIMS = ("thm-ei-lyapunov", "prop-ei-conditions", "prop-ei-hopf")


@pytest.fixture(scope="module")
def results():
    return {r.entry.key: r for chapter in CHAPTERS for r in ledger.run(chapter=chapter)}


@pytest.fixture(scope="module")
def controls():
    return {c.entry.key: c for chapter in CHAPTERS for c in registry.run_controls(chapter=chapter)}


def test_every_entry_has_a_kind():
    for chapter in CHAPTERS:
        for entry in ledger.entries(chapter):
            assert entry.kind in registry.KINDS, entry.key


def test_every_checked_entry_has_a_control_that_is_rejected(controls):
    """Each non-definition, non-open entry carries a control; the wrong variant does not reproduce the claim."""
    needing = [e.key for c in CHAPTERS for e in ledger.entries(c) if e.kind != "definition" and e.claimed != "open"]
    assert needing and set(needing) <= set(controls)
    kept = [(k, c.verdict.status, c.verdict.detail) for k, c in controls.items() if not c.rejected]
    assert not kept


def test_controls_of_errata_are_not_corrected(controls):
    """For H13 and H30 (claimed corrected) the mutated corrected form must leave neither form holding."""
    for key in ("H13", "H30"):
        assert ledger.REGISTRY[key].claimed == "corrected"
        assert controls[key].verdict.status == "fails"


def test_every_verdict_agrees_with_its_claim(results):
    wrong = [(k, r.entry.claimed, r.verdict.status, r.verdict.detail) for k, r in results.items() if not r.agrees]
    assert not wrong


def test_no_numeric_verified_entry_measures_exactly_zero(results):
    """A numeric 0.0 means both sides were the same floating-point expression; only symbolic entries are exact."""
    zero = [k for k, r in results.items()
            if r.verdict.status in ("holds", "corrected") and r.entry.kind != "symbolic" and r.verdict.measure == 0.0]
    assert not zero
    for k, r in results.items():
        if r.entry.kind == "symbolic":
            assert r.verdict.exact, k
        else:
            assert not r.verdict.exact and math.isfinite(r.verdict.measure), k


def test_symbolic_entries_are_those_whose_numeric_check_could_not_fail():
    """H7-H9, H15-H17, H23, H24 (0.0 or round-off only numerically) are decided by sympy."""
    symbolic = [e.key for c in CHAPTERS for e in ledger.entries(c) if e.kind == "symbolic"]
    assert symbolic == ["H7", "H8", "H9", "H15", "H16", "H17", "H23", "H24"]


def test_sampled_entries_report_a_spread(results):
    for k, r in results.items():
        if r.entry.kind == "sampled":
            assert r.verdict.spread is not None and r.verdict.spread >= 0, k


def test_chapter6_claims_are_registered_under_their_labels():
    keys = [e.key for e in ledger.entries(6)]
    assert keys[:10] == [f"H{k}" for k in range(21, 31)]
    assert sorted(keys[10:]) == sorted(CLAIMS)
    anchors = {k: ledger.REGISTRY[k].anchor for k in CLAIMS}
    assert anchors == {"thm-ei-lyapunov": "ch6-theorem", "prop-ei-conditions": "ch6-dissipation",
                       "prop-ei-hopf": "ch6-hopf"}


def test_claims_record_their_boundaries(results):
    """Each claim says what happens just inside and just outside its hypotheses."""
    for key in CLAIMS:
        boundary = results[key].verdict.boundary
        assert boundary and "sharp" in boundary, key
    conditions = results["prop-ei-conditions"].verdict.boundary
    assert "only sufficient" in conditions and "VIOLATED" not in conditions
    assert "only sufficient there" in results["thm-ei-lyapunov"].verdict.boundary


def test_claims_measure_what_they_say(results, controls):
    """The proposition's inside instances stay at least delta = 0.01 below zero (centred: exactly -delta);
    the Hopf check's worst error is below its tolerance and its wrong-sign l1 misses K by far."""
    assert -0.0101 < results["prop-ei-conditions"].verdict.measure < -0.0099
    assert results["prop-ei-hopf"].verdict.measure < 1.0
    assert controls["prop-ei-hopf"].verdict.measure > 100.0
    assert controls["thm-ei-lyapunov"].verdict.measure > 1e-4
    assert controls["prop-ei-conditions"].verdict.measure > 0.1


def test_cli_prints_kinds_for_chapter_6(capsys):
    assert main(["--json", "--chapter", "6"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["kind"] for r in data["results"]} <= set(registry.KINDS)
    assert {r["equation"] for r in data["results"]} >= set(CLAIMS)
