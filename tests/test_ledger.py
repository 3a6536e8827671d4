"""The equation ledger: every computed verdict agrees with the claimed one; the CLI reports it."""

import json

import pytest

from rnn_energy import ledger
from rnn_energy.ledger import registry
from rnn_energy.ledger.__main__ import main


def equations(chapter):
    """The keys of a chapter's equation entries (numbers of the sources, not the book's labels)."""
    return [e.key for e in ledger.entries(chapter=chapter) if registry.is_equation(e.key)]


def test_every_verdict_agrees_with_its_claim():
    """Recompute every check: the verdicts the book claims are the verdicts computed."""
    results = ledger.run()
    assert results, "the ledger is empty"
    wrong = [(r.entry.key, r.entry.claimed, r.verdict.status, r.verdict.detail) for r in results if not r.agrees]
    assert not wrong


def test_chapter1_registers_eqs_1_to_7():
    """Chapter 1 registers exactly eqs. (1)-(7)."""
    assert equations(1) == [str(k) for k in range(1, 8)]


def test_chapter2_registers_eqs_8_to_11():
    """Chapter 2 registers exactly eqs. (8)-(11)."""
    assert equations(2) == ["8", "9", "10", "11"]


def test_chapter3_registers_eqs_12_to_43():
    """Chapter 3 registers eqs. (12)-(43); the errata are (23), (28), (29), (31), (35), (42), (43)."""
    assert equations(3) == [str(k) for k in range(12, 44)]
    corrected = [e.key for e in ledger.entries(chapter=3) if e.claimed == "corrected" and e.key in equations(3)]
    assert corrected == ["23", "28", "29", "31", "35", "42", "43"]


def test_chapter4_registers_eqs_44_to_58():
    """Chapter 4 registers eqs. (44)-(58); the errata are (45), (47), (58)."""
    assert equations(4) == [str(k) for k in range(44, 59)]
    assert [k for k in equations(4) if ledger.REGISTRY[k].claimed == "corrected"] == ["45", "47", "58"]


def test_slides_register_h1_to_h30():
    """Chapters 5-6 register the slide equations H1-H30; the errata are H13 and H30."""
    keys = equations(5) + equations(6)
    assert keys == [f"H{k}" for k in range(1, 31)]
    assert [e.key for e in ledger.entries() if e.key.startswith("H") and e.claimed == "corrected"] == ["H13", "H30"]


def test_verdict_rules():
    """identity and correction verdicts decide from the measured errors."""
    assert registry.identity_verdict(1e-14, 1e-10, "").status == "holds"
    assert registry.identity_verdict(1e-3, 1e-10, "").status == "fails"
    assert registry.correction_verdict(1e-14, 1.0, 1e-10, "").status == "holds"
    assert registry.correction_verdict(0.3, 1e-14, 1e-10, "").status == "corrected"
    assert registry.correction_verdict(0.3, 0.2, 1e-10, "").status == "fails"
    with pytest.raises(ValueError, match="status must be one of"):
        registry.Verdict("maybe", 0.0, "")


def test_natural_order():
    """Equation keys sort as numbers, then slide equations."""
    keys = ["10", "H2", "2", "H10", "1"]
    assert sorted(keys, key=registry.sort_key) == ["1", "2", "10", "H2", "H10"]


def test_cli_json_and_exit_status(capsys):
    """``--json --chapter 1`` prints parseable results and exits 0 when all agree."""
    assert main(["--json", "--chapter", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = [r["equation"] for r in data["results"]]
    assert keys[:7] == [str(k) for k in range(1, 8)] and set(keys[7:]) <= {"open-continuous", "prop-dissipation"}
    assert all("kind" in r and "implements" in r for r in data["results"])
    assert data["disagreements"] == []


def test_cli_controls_exit_status(capsys, monkeypatch):
    """``--controls`` exits 1 when a check does not reject its planted wrong variant, 0 otherwise."""
    def check(control=False):
        return registry.identity_verdict(0.0 if control else 1e-14, 1e-10, "a check blind to its control")
    monkeypatch.setitem(registry.REGISTRY, "998", registry.Entry(
        "998", 98, "a check that cannot fail", "holds", "nowhere", check, "rnn_energy.maps.FeatureMap",
        "sampled", "a planted error the check does not see"))
    assert main(["--controls", "--chapter", "98"]) == 1
    assert "did not reject: 998" in capsys.readouterr().out

    def sharp(control=False):
        return registry.identity_verdict(1.0 if control else 1e-14, 1e-10, "a check that sees its control")
    monkeypatch.setitem(registry.REGISTRY, "998", registry.Entry(
        "998", 98, "a check that can fail", "holds", "nowhere", sharp, "rnn_energy.maps.FeatureMap",
        "sampled", "a planted error of 1"))
    assert main(["--controls", "--chapter", "98"]) == 0


def test_cli_fails_on_disagreement(capsys, monkeypatch):
    """An entry whose computed verdict differs from its claim makes the CLI exit 1."""
    monkeypatch.setitem(registry.REGISTRY, "999", registry.Entry(
        "999", 99, "deliberately wrong claim", "holds", "nowhere",
        lambda: registry.identity_verdict(1.0, 1e-10, "an error of 1")))
    assert main(["--chapter", "99"]) == 1
    assert "differs from the claimed one for: 999" in capsys.readouterr().out


def test_unknown_keys_raise():
    """Asking for an unregistered equation is an error naming it."""
    with pytest.raises(ValueError, match="unregistered entries"):
        ledger.run(keys=["0"])


def test_every_entry_names_the_code_that_implements_it():
    """Each entry's `implements` resolves to a documented object of the package (one hop from equation to code)."""
    for entry in ledger.entries():
        obj = entry.implementation()
        assert entry.implements.startswith("rnn_energy.") and obj is not None
        assert (getattr(obj, "__doc__", None) or getattr(getattr(obj, "fget", None), "__doc__", None)), entry.key
    with pytest.raises(ValueError, match="does not resolve"):
        registry.resolve("rnn_energy.maps.NoSuchMap")


def test_every_entry_has_a_kind_and_every_check_a_control():
    """Each entry names its kind of evidence; all but definitions and open questions carry a control."""
    for entry in ledger.entries():
        assert entry.kind in registry.KINDS, entry.key
        if entry.kind != "definition" and entry.claimed != "open":
            assert entry.control, entry.key


def test_no_numeric_verdict_is_exactly_zero():
    """A numeric check that measures exactly 0.0 compared one floating-point expression with itself.
    Only symbolic identities are exact, and counts (of cells, of orbits), which are integers."""
    for result in ledger.run():
        v = result.verdict
        if result.entry.kind in ("symbolic", "definition") or v.status not in ("holds", "corrected"):
            continue
        measure = v.corrected_error if v.status == "corrected" else v.measure
        if v.exact:
            assert float(measure).is_integer(), result.entry.key
        else:
            assert measure != 0.0, result.entry.key


def test_every_chapter_of_the_ledger_has_a_title():
    """The appendix tabulates each chapter under its title: no chapter's entries are left out."""
    assert {e.chapter for e in ledger.entries()} <= set(ledger.CHAPTER_TITLES)
