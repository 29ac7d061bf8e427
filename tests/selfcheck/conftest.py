"""Print the self-check's score table at the end of the run, for the README."""

from __future__ import annotations

from typing import Any

import pytest

SCORE_TABLE = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Write the defect score table when the self-check ran."""
    table = config.stash.get(SCORE_TABLE, None)
    if table:
        terminalreporter.section("contract suite self-check: defect -> rule")
        terminalreporter.write_line(table)
