"""``python -m rnn_energy.ledger [--json] [--chapter N]``: recompute and print the ledger.

Exits with status 1 when any computed verdict differs from the one the book claims.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import run, summary_counts, table_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rnn_energy.ledger", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--chapter", type=int, default=None, help="only this chapter's equations")
    args = parser.parse_args(argv)
    results = run(chapter=args.chapter)
    disagree = [r.entry.key for r in results if not r.agrees]
    if args.json:
        print(json.dumps({
            "results": [r.as_dict() for r in results],
            "counts": summary_counts(results),
            "disagreements": disagree,
        }, indent=2))
    else:
        print("\n".join(table_lines(results)))
        counts = ", ".join(f"{n} {s}" for s, n in summary_counts(results).items())
        print(f"\n{len(results)} equations: {counts}")
        if disagree:
            print("computed verdict differs from the claimed one for: " + ", ".join(disagree))
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
