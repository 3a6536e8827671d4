"""``python -m rnn_energy.ledger [--json] [--chapter N] [--controls]``: recompute and print the ledger.

Exits with status 1 when any computed verdict differs from the one the book claims. With
``--controls`` it runs every entry's negative control instead, and exits with status 1 unless
every control is rejected (the check, fed a deliberately wrong variant, did not reproduce the claim).
"""

from __future__ import annotations

import argparse
import json
import sys

from . import kind_counts, run, run_controls, summary_counts, table_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rnn_energy.ledger", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--chapter", type=int, default=None, help="only this chapter's entries")
    parser.add_argument("--controls", action="store_true", help="run the negative controls instead of the checks")
    args = parser.parse_args(argv)
    if args.controls:
        controls = run_controls(chapter=args.chapter)
        survived = [c.entry.key for c in controls if not c.rejected]
        if args.json:
            print(json.dumps({"controls": [{"entry": c.entry.key, "control": c.entry.control, "claimed": c.entry.claimed,
                                            "control_verdict": c.verdict.status, "rejected": c.rejected}
                                           for c in controls], "survived": survived}, indent=2))
        else:
            for c in controls:
                print(f"{c.entry.key:<24} {'rejected' if c.rejected else 'SURVIVED':<9} {c.entry.control}")
            print(f"\n{len(controls)} controls run: {len(controls) - len(survived)} rejected, {len(survived)} survived")
            if survived:
                print("controls the checks did not reject: " + ", ".join(survived))
        return 1 if survived else 0
    results = run(chapter=args.chapter)
    disagree = [r.entry.key for r in results if not r.agrees]
    if args.json:
        print(json.dumps({
            "results": [r.as_dict() for r in results],
            "counts": summary_counts(results),
            "kinds": kind_counts(results),
            "disagreements": disagree,
        }, indent=2))
    else:
        print("\n".join(table_lines(results)))
        counts = ", ".join(f"{n} {s}" for s, n in summary_counts(results).items())
        kinds = ", ".join(f"{n} {k}" for k, n in kind_counts(results).items())
        print(f"\n{len(results)} entries: {counts}\nby kind of evidence: {kinds}")
        if disagree:
            print("computed verdict differs from the claimed one for: " + ", ".join(disagree))
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
