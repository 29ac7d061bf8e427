"""Importing strategies.profiles registers dev, ci and nightly for pytest to select."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

import strategies.profiles  # noqa: F401  (registers the profiles)

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "examples", "steps"),
    [("dev", 20, 10), ("ci", 50, 20), ("nightly", 500, 50)],
)
def test_each_profile_has_its_documented_budget_and_no_deadline(name, examples, steps):
    profile = settings.get_profile(name)
    assert (profile.max_examples, profile.stateful_step_count) == (examples, steps)
    assert profile.deadline is None
    assert profile.suppress_health_check == ()


def test_the_ci_profile_is_reproducible_and_keeps_no_database():
    profile = settings.get_profile("ci")
    assert profile.derandomize and profile.database is None and profile.print_blob


CONFTEST = "import strategies.profiles\n"
PROBE = """
from hypothesis import settings

def test_probe():
    print("PROFILE", settings().max_examples, settings().deadline)
"""


@pytest.mark.parametrize(("name", "examples"), [("nightly", 500)])
def test_pytest_selects_a_profile_by_name(tmp_path, name, examples):
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_probe.py").write_text(textwrap.dedent(PROBE), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:locust",
            "-p",
            "no:cacheprovider",
            "-s",
            "-q",
            f"--hypothesis-profile={name}",
            "test_probe.py",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
    assert f"PROFILE {examples} None" in result.stdout
