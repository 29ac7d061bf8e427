"""The example GitHub Actions workflow runs the gate and keeps the reports."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = (
    Path(__file__).resolve().parents[2] / ".github" / "workflows" / "leadharness.yml"
)


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_it_runs_on_pull_requests_and_nightly() -> None:
    triggers = _workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["schedule"][0]["cron"]


def test_it_runs_the_gate_quick_for_prs_and_thorough_nightly() -> None:
    steps = _workflow()["jobs"]["gate"]["steps"]
    plan = next(s for s in steps if s.get("id") == "plan")["run"]
    assert "profile=thorough" in plan and "profile=quick" in plan
    gate = next(s for s in steps if s.get("name") == "Run the gate")["run"]
    assert ".venv/bin/leadharness gate" in gate
    assert "--profile ${{ steps.plan.outputs.profile }}" in gate
    assert "--save-baseline nightly" in gate and "--baseline nightly" in gate


def test_it_keeps_the_reports_even_when_the_gate_fails() -> None:
    steps = _workflow()["jobs"]["gate"]["steps"]
    upload = next(
        s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")
    )
    assert upload["if"] == "always()"
    assert "reports/" in upload["with"]["path"]


def test_the_secret_comes_from_repository_secrets_only() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "${{ secrets.LEAD_CLIENT_SECRET }}" in text
    assert "--client-secret" not in text
