"""The suites fail on every simulator defect, naming its rule, and pass without.

All runs happen once per module, several at a time, each against its own
simulator over HTTP; each test then reads one run's verdict. The score table
is printed at the end of the module for the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import SCORE_TABLE
from .defects import EXPECTED, Score, run_all, score_table

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scores(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str | None, Score]:
    """Every defect's run and the correct simulator's, three at a time."""
    work_dir = tmp_path_factory.mktemp("selfcheck")
    results = run_all([None, *EXPECTED], work_dir)
    request.config.stash[SCORE_TABLE] = (
        f"{score_table(results)}\nruns kept in {work_dir}"
    )
    return {score.defect: score for score in results}


def test_correct_simulator_passes_the_whole_suite(
    scores: dict[str | None, Score],
) -> None:
    score = scores[None]
    assert score.exit_code == 0, (
        f"the suite failed against the correct simulator (exit {score.exit_code}), "
        f"failed rules {score.failed_rules}: {score.first_failure}"
    )


@pytest.fixture(scope="module")
def run_files(scores: dict[str | None, Score]) -> list[Path]:
    """Every report file the self-check's runs wrote."""
    roots = {score.run_dir for score in scores.values()}
    return [
        p for root in roots for p in root.iterdir() if p.suffix in (".xml", ".json")
    ]


# Unmasked forms of what must never reach a report.
_LEAKS = {
    "the simulator's client secret": re.compile(r"local-simulator-secret"),
    "a bearer token": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ"),
    "an SSN": re.compile(r"socialSecurityNumber(?:\W|&\w+;){1,8}\d{9}"),
    "a date of birth": re.compile(r"dateOfBirth(?:\W|&\w+;){1,8}\d{4}-\d{2}-\d{2}"),
}


def test_reports_carry_no_secret_or_personal_data(run_files: list[Path]) -> None:
    assert any(p.name == "junit.xml" for p in run_files), "no junit.xml was written"
    for path in run_files:
        text = path.read_text(encoding="utf-8")
        for what, pattern in _LEAKS.items():
            assert not pattern.search(text), f"{path} contains {what}"


@pytest.mark.parametrize("defect", list(EXPECTED))
def test_suite_fails_on_defect_naming_its_rule(
    scores: dict[str | None, Score], defect: str
) -> None:
    score = scores[defect]
    assert score.exit_code == 1, (
        f"defect {defect}: the suite exited {score.exit_code}, expected 1 (a failure)"
    )
    assert score.expected_rule in score.failed_rules, (
        f"defect {defect}: expected rule {score.expected_rule} to fail, "
        f"the suite failed {score.failed_rules}: {score.first_failure}"
    )
