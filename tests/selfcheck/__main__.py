"""Print the self-check's score table: ``python -m tests.selfcheck [DEFECT ...]``."""

from __future__ import annotations

import sys

from .defects import EXPECTED, run_all, score_table


def main(argv: list[str]) -> int:
    """Run the named defects (default all, and correct); print a table."""
    unknown = [name for name in argv if name not in EXPECTED and name != "correct"]
    if unknown:
        print(
            f"unknown defect {unknown[0]!r}; choose from: correct, "
            + ", ".join(EXPECTED),
            file=sys.stderr,
        )
        return 2
    chosen = [None if n == "correct" else n for n in argv] or [None, *EXPECTED]
    scores = run_all(chosen)
    print(score_table(scores))
    return 0 if all(s.caught for s in scores) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
