"""Thresholds files parse strictly and judge a load.json summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadharness.errors import ConfigError
from leadharness.loadkit.objectives import (
    DEFAULT_THRESHOLDS,
    auto_token_limit,
    evaluate,
    format_table,
    load_objectives,
    parse_objectives,
)

LOAD_DIR = Path(__file__).resolve().parents[2] / "load" / "thresholds"


def _summary(
    create_p99: float = 500.0, failures: int = 0, tokens: int = 1, auth: int = 0
) -> dict:
    return {
        "operations": {
            "createLead": {
                "count": 100,
                "failures": failures,
                "rps": 5.0,
                "p50": 50.0,
                "p90": 90.0,
                "p95": 95.0,
                "p99": create_p99,
                "p999": 999.0,
                "max": 1000.0,
                "mean": 60.0,
            },
            "workflow": {"count": 100, "failures": failures, "rps": 5.0, "p99": 1.0},
        },
        "errors_by_kind": {"auth": auth},
        "token_acquisitions": tokens,
    }


def test_the_default_thresholds_hold_the_documented_30_second_bound() -> None:
    objectives = load_objectives(None)
    create = [
        o for o in objectives if o.operation == "createLead" and o.metric == "p99"
    ]
    assert create and create[0].threshold == 30_000
    assert DEFAULT_THRESHOLDS.is_file()


def test_a_breached_latency_fails_and_a_held_one_passes() -> None:
    objectives = parse_objectives({"operations": {"createLead": {"p99_ms": 1000}}})
    assert evaluate(objectives, _summary(create_p99=900))[0].passed
    breached = evaluate(objectives, _summary(create_p99=1100))[0]
    assert not breached.passed and breached.measured == 1100


def test_error_rate_and_minimum_throughput() -> None:
    objectives = parse_objectives(
        {"operations": {"createLead": {"error_rate": 0.01, "min_rps": 10}}}
    )
    verdicts = evaluate(objectives, _summary(failures=2))
    assert [(v.objective.metric, v.measured, v.passed) for v in verdicts] == [
        ("error_rate", 0.02, False),
        ("min_rps", 5.0, False),
    ]


def test_run_wide_budgets_cover_tokens_and_error_kinds() -> None:
    objectives = parse_objectives(
        {"run": {"max_token_acquisitions": "auto", "max_errors": {"auth": 0}}}
    )
    limit = auto_token_limit(processes=2, duration_seconds=10, lifetime_seconds=3600)
    assert limit == 8
    ok = evaluate(objectives, _summary(tokens=2), token_limit=limit)
    assert all(v.passed for v in ok)
    burst = evaluate(objectives, _summary(tokens=500, auth=3), token_limit=limit)
    assert [v.passed for v in burst] == [False, False]


def test_an_operation_that_never_ran_fails_unless_optional() -> None:
    objectives = parse_objectives(
        {
            "operations": {
                "submitLead": {"p95_ms": 10},
                "getLeadStatus": {"p95_ms": 10, "optional": True},
            }
        }
    )
    verdicts = {v.objective.operation: v for v in evaluate(objectives, _summary())}
    assert verdicts["submitLead"].measured is None and not verdicts["submitLead"].passed
    assert verdicts["getLeadStatus"].passed


@pytest.mark.parametrize(
    "document, message",
    [
        ({"operation": {}}, "unknown table"),
        ({"operations": {"createLead": {"p98_ms": 1}}}, "unknown key"),
        ({"operations": {"createLead": {"p99_ms": "fast"}}}, "must be a number"),
        ({"operations": {"createLead": {"error_rate": 5}}}, "fraction"),
        ({"run": {"max_errors": {"gremlins": 0}}}, "not a kind"),
        ({"run": {"min_workflow_rps": -1}}, "must not be negative"),
    ],
)
def test_a_malformed_thresholds_file_names_what_is_wrong(document, message) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_objectives(document, "t.toml")


def test_a_missing_or_broken_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_objectives(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[operations\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_objectives(broken)


def test_every_shipped_thresholds_file_parses() -> None:
    files = sorted(LOAD_DIR.glob("*.toml"))
    assert files, LOAD_DIR
    for path in files:
        assert load_objectives(path), path


def test_the_table_shows_each_objective_and_its_verdict() -> None:
    objectives = parse_objectives({"operations": {"createLead": {"p99_ms": 100}}})
    table = format_table(evaluate(objectives, _summary()))
    assert "createLead p99 <= 100 ms" in table and "500" in table and "FAIL" in table
