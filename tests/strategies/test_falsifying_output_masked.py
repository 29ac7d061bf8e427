"""A failing @given run never prints a generated lead's personal values.

The runs skip the shrink phase to stay fast: the report prints the final
example through the same printer whether or not it was shrunk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import Phase, given, reporting, settings

from strategies import MASKED_FIELDS, invalid_leads, valid_leads

REPO = Path(__file__).resolve().parents[2]


def personal_values(leads: list[dict]) -> set[str]:
    found = set()
    for lead in leads:
        for field in MASKED_FIELDS:
            value = lead.get(field)
            if isinstance(value, str) and len(value) >= 6:
                found.add(value)
    return found


def run_and_capture(test) -> str:
    output: list[str] = []
    with (
        reporting.with_reporter(lambda message: output.append(str(message))),
        pytest.raises(AssertionError) as failure,
    ):
        test()
    notes = getattr(failure.value, "__notes__", [])
    return "\n".join(output + list(notes))


def test_a_falsifying_valid_lead_is_printed_masked():
    seen: list[dict] = []

    @settings(database=None, max_examples=30, phases=[Phase.generate])
    @given(valid_leads())
    def fails(lead):
        seen.append(dict(lead))
        assert lead["state"] == "none"

    text = run_and_capture(fails)
    assert "Failing test case" in text and "LeadPayload(" in text
    assert "***-**-" in text and "****-**-**" in text
    assert [v for v in personal_values(seen) if v in text] == []


def test_a_falsifying_invalid_lead_is_printed_masked():
    seen: list[dict] = []

    @settings(database=None, max_examples=30, phases=[Phase.generate])
    @given(invalid_leads(kinds="domain", fields=["socialSecurityNumber", "homePhone"]))
    def fails(case):
        seen.append(dict(case.payload))
        assert case.violations == ()

    text = run_and_capture(fails)
    assert "InvalidLead(" in text and "InputViolation(" in text
    assert [v for v in personal_values(seen) if v in text] == []


# The project's root conftest restores the example printer that schemathesis
# blanks; this stand-alone run does the same so the report has examples.
CONFTEST = (
    "from strategies.printing import restore_example_printing\n"
    "restore_example_printing()\n"
)
TEST_FILE = """
import json, os
from hypothesis import Phase, given, settings
from strategies import invalid_leads, valid_leads

def record(lead):
    with open(os.environ["LEAD_TEST_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(dict(lead)) + "\\n")

@settings(database=None, max_examples=25, phases=[Phase.generate])
@given(valid_leads())
def test_valid(lead):
    record(lead)
    assert lead["state"] == "none"

@settings(database=None, max_examples=25, phases=[Phase.generate])
@given(invalid_leads())
def test_invalid(case):
    record(case.payload)
    assert not case.violations
"""


def test_pytest_failure_output_shows_no_personal_value(tmp_path):
    (tmp_path / "test_leak.py").write_text(textwrap.dedent(TEST_FILE), encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    log = tmp_path / "leads.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO), "LEAD_TEST_LOG": str(log)}
    # With CI set, Hypothesis loads its own ci profile in the child, whose
    # print_blob changes how often the failure header appears.
    env.pop("CI", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:locust",
            "-p",
            "no:cacheprovider",
            "-q",
            "--tb=long",
            "-vv",
            "test_leak.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert output.count("Failing test case") == 2
    assert "LeadPayload({'firstName'" in output and "***-**-" in output
    leads = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(leads) >= 2
    assert [v for v in personal_values(leads) if v in output] == []
