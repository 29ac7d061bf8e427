"""summary.json is built from the stage files, judged, and fits its schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from leadharness.errors import ConfigError
from leadharness.reporting import contract_verdict, load_summary, load_verdict
from leadharness.reporting.summary import summary_schema, validate_summary


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(summary_schema())


def test_passing_and_failing_summaries_fit_the_schema(
    passing_summary, failing_summary
) -> None:
    validate_summary(passing_summary)
    validate_summary(failing_summary)
    assert passing_summary["verdict"] == "passed"
    assert failing_summary["verdict"] == "failed"


def test_summary_carries_run_metadata_versions_and_embedded_stage_files(
    passing_summary, stage_file
) -> None:
    run = passing_summary["run"]
    assert run["id"] == "20261203-141500-ab12"
    assert run["duration_seconds"] == 104.5
    assert {"python", "leadharness", "locust", "hypothesis"} <= set(run["versions"])
    assert run["versions"]["leadharness"]
    assert passing_summary["contract"] == stage_file("contract_passed.json")
    assert passing_summary["load"]["operations"]["createLead"]["p99"] == 140.0


@pytest.mark.parametrize(
    "breakage",
    [
        lambda s: s.pop("verdict"),
        lambda s: s["run"].update(id="run-7"),
        lambda s: s["target"].update(client_secret="hunter2-value"),
        lambda s: s["stages"].append(
            {"name": "contract", "verdict": "meh", "reasons": []}
        ),
        lambda s: s["load"]["operations"]["createLead"].update(count=-1),
        lambda s: s.update(schema_version=2),
    ],
)
def test_schema_rejects_a_broken_summary(passing_summary, breakage) -> None:
    broken = copy.deepcopy(passing_summary)
    breakage(broken)
    with pytest.raises(jsonschema.ValidationError):
        validate_summary(broken)


def test_contract_verdict_names_each_failed_rule(stage_file) -> None:
    verdict = contract_verdict(stage_file("contract_failed.json"), 1)
    assert verdict.verdict == "failed"
    assert [r.split(" failed")[0] for r in verdict.reasons] == [
        "rule submit.refused",
        "rule dup.phone_email",
    ]


def test_a_refused_pytest_command_line_points_at_its_output(stage_file) -> None:
    # A bad --markers expression: pytest exits 4 and runs nothing, so junit.xml
    # says nothing; contract.log holds pytest's own one-line complaint.
    verdict = contract_verdict(stage_file("contract_passed.json"), 4)
    assert verdict.verdict == "failed"
    (reason,) = verdict.reasons
    assert "--markers" in reason and "contract.log" in reason


def test_contract_verdict_passes_a_clean_run(stage_file) -> None:
    verdict = contract_verdict(stage_file("contract_passed.json"), 0)
    assert verdict.passed and verdict.reasons == []


def test_contract_verdict_fails_on_a_nonzero_exit_without_failed_rules(
    stage_file,
) -> None:
    verdict = contract_verdict(stage_file("contract_passed.json"), 3)
    assert verdict.verdict == "failed"
    assert "exited with code 3" in verdict.reasons[0]


def test_a_missing_stage_file_is_an_error_verdict() -> None:
    assert contract_verdict(None, 4).verdict == "error"
    assert load_verdict(None, 1).verdict == "error"


def test_load_verdict_names_the_breached_objective(stage_file) -> None:
    verdict = load_verdict(stage_file("load_breached.json"), 1)
    assert verdict.verdict == "failed"
    assert len(verdict.reasons) == 1
    assert "getLeadStatus p95" in verdict.reasons[0]
    assert "measured 21.1" in verdict.reasons[0]


def test_load_verdict_fails_when_no_request_completed(stage_file) -> None:
    load = stage_file("load_passed.json")
    for operation in load["operations"].values():
        operation["count"] = 0
    verdict = load_verdict(load, 0)
    assert verdict.verdict == "failed"
    assert "no request completed" in verdict.reasons[0]


def test_any_failed_stage_fails_the_run(make_summary, stage_file) -> None:
    summary = make_summary(
        stage_file("contract_passed.json"), stage_file("load_breached.json")
    )
    assert [s["verdict"] for s in summary["stages"]] == ["passed", "failed"]
    assert summary["verdict"] == "failed"


def test_load_summary_refuses_a_file_that_breaks_the_schema(
    tmp_path: Path, passing_summary
) -> None:
    passing_summary["run"]["id"] = "bad id"
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(passing_summary), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"run/id"):
        load_summary(path)


def test_load_summary_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    path.write_text("{half", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a readable summary.json"):
        load_summary(path)


def test_a_breach_reason_keeps_the_digits_of_a_small_threshold():
    from leadharness.reporting.summary import load_verdict

    load = {
        "passed": False,
        "objectives": [
            {
                "name": "run error_rate <= 0.01",
                "threshold": 0.01,
                "measured": 0.25,
                "passed": False,
            },
        ],
    }
    reason = load_verdict(load, 1).reasons[0]
    assert reason.endswith("measured 0.25, threshold 0.01")
