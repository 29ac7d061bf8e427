"""Baseline comparison marks what got worse beyond the tolerance, and only that."""

from __future__ import annotations

import pytest

from leadharness.errors import ConfigError
from leadharness.reporting import Tolerance, compare_summaries, regressions


def test_a_run_compared_with_itself_has_no_regression(passing_summary) -> None:
    section = compare_summaries(passing_summary, passing_summary, source="self")
    assert section["rows"]
    assert not section["regressed"]
    assert all(row["change"] in (0.0, None) for row in section["rows"])


def test_a_slower_run_regresses_each_percentile(
    make_summary, stage_file, slow_down
) -> None:
    before = make_summary(None, stage_file("load_passed.json"))
    after = make_summary(None, slow_down(stage_file("load_passed.json"), 1.6))
    section = compare_summaries(after, before, source="main")
    p99 = next(
        r for r in section["rows"] if r["item"] == "createLead" and r["metric"] == "p99"
    )
    assert p99 == {
        "section": "load",
        "item": "createLead",
        "metric": "p99",
        "baseline": 140.0,
        "current": 224.0,
        "change": 0.6,
        "regressed": True,
    }
    assert section["regressed"]
    assert "createLead p99 regressed: 140.0 -> 224.0 (+60%)" in regressions(section)


def test_a_change_within_the_relative_tolerance_is_not_a_regression(
    make_summary, stage_file, slow_down
) -> None:
    before = make_summary(None, stage_file("load_passed.json"))
    after = make_summary(None, slow_down(stage_file("load_passed.json"), 1.15))
    assert not compare_summaries(after, before, tolerance=Tolerance(relative=0.2))[
        "regressed"
    ]
    assert compare_summaries(
        after, before, tolerance=Tolerance(relative=0.1, absolute_ms=0)
    )["regressed"]


def test_a_small_absolute_change_on_a_fast_operation_is_not_a_regression(
    make_summary, stage_file, slow_down
) -> None:
    # getLeadStatus p50 goes 6.0 -> 9.0 ms: +50 % but only 3 ms.
    before = make_summary(None, stage_file("load_passed.json"))
    after = make_summary(None, slow_down(stage_file("load_passed.json"), 1.5))
    section = compare_summaries(after, before, tolerance=Tolerance(absolute_ms=5.0))
    p50 = next(
        r
        for r in section["rows"]
        if r["item"] == "getLeadStatus" and r["metric"] == "p50"
    )
    assert p50["change"] == 0.5 and not p50["regressed"]


def test_a_rising_error_rate_regresses(make_summary, stage_file) -> None:
    before = make_summary(None, stage_file("load_passed.json"))
    worse = stage_file("load_passed.json")
    worse["operations"]["submitLead"]["failures"] = 26  # 5 % of 520
    after = make_summary(None, worse)
    row = next(
        r
        for r in compare_summaries(after, before)["rows"]
        if r["item"] == "submitLead" and r["metric"] == "error_rate"
    )
    assert row["baseline"] == 0.0 and row["current"] == 0.05 and row["regressed"]


def test_a_rule_that_passed_before_and_fails_now_regresses(
    make_summary, stage_file
) -> None:
    before = make_summary(stage_file("contract_passed.json"), None)
    after = make_summary(stage_file("contract_failed.json"), None)
    rows = compare_summaries(after, before)["rows"]
    assert [(r["item"], r["baseline"], r["current"], r["regressed"]) for r in rows] == [
        ("submit.refused", "passed", "failed", True),
        ("dup.phone_email", "passed", "failed", True),
    ]


def test_a_rule_that_now_passes_is_listed_but_not_a_regression(
    make_summary, stage_file
) -> None:
    before = make_summary(stage_file("contract_failed.json"), None)
    after = make_summary(stage_file("contract_passed.json"), None)
    section = compare_summaries(after, before)
    assert len(section["rows"]) == 2 and not section["regressed"]


@pytest.mark.parametrize("field", ["relative", "absolute_ms", "error_rate"])
def test_a_negative_tolerance_is_refused(field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        Tolerance(**{field: -0.1})


def test_percentiles_of_a_handful_of_requests_are_not_compared(
    make_summary, stage_file, slow_down
) -> None:
    before_load = stage_file("load_passed.json")
    after_load = slow_down(stage_file("load_passed.json"), 3.0)
    for load in (before_load, after_load):
        load["operations"]["submitLead"]["count"] = 2
    section = compare_summaries(
        make_summary(None, after_load), make_summary(None, before_load)
    )
    submit = [r for r in section["rows"] if r["item"] == "submitLead"]
    assert [r["metric"] for r in submit] == ["error_rate"]
    assert section["regressed"]  # createLead and getLeadStatus still regress
