"""Each scenario, run for a few seconds against the time-scaled simulator."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

#: One qualified, one failed and one processing persona: codes are predictable.
MIX = {"qualified-3225": 1, "bid-failed": 1, "processing": 1}

LOAD_KEYS = {
    "version",
    "scenario",
    "target",
    "started",
    "duration_seconds",
    "operations",
    "errors_by_kind",
    "result_codes",
    "token_acquisitions",
    "objectives",
    "timeline",
    "in_flight_max",
    "passed",
    "locust_files",
}
THRESHOLDS = Path(__file__).resolve().parents[2] / "load" / "thresholds"


def _locust_count(run_dir: Path, name: str) -> int:
    with open(run_dir / "locust_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    return int(rows[name]["Request Count"])


@pytest.fixture(scope="module")
def steady(simulator, tmp_path_factory):
    """One steady run with a persona mix, shared by the checks that read it."""
    from leadharness.loadkit import run_scenario

    run_dir = tmp_path_factory.mktemp("steady")
    return run_scenario(
        simulator.settings(),
        "steady",
        run_dir,
        duration_seconds=3,
        rate=15,
        options={"mix": MIX},
    )


def test_steady_replays_the_partner_workflow_and_counts_codes_per_persona(
    steady,
) -> None:
    outcome = steady
    summary = outcome.summary()

    assert outcome.passed and outcome.exit_code == 0, outcome.breaches
    assert LOAD_KEYS <= summary.keys()
    ops = summary["operations"]
    assert {
        "createLead",
        "getLeadStatus",
        "submitLead",
        "workflow",
        "token",
    } <= ops.keys()
    created = ops["createLead"]["count"]
    assert created == 45 and ops["workflow"]["count"] == created
    codes = summary["result_codes"]
    assert set(codes) == {"1013", "1008", "1000"}
    assert max(codes.values()) - min(codes.values()) <= 1
    # 1013 is submitted at once; 1000 settles to 1013 and is submitted too.
    assert ops["submitLead"]["count"] == codes["1013"] + codes["1000"]
    assert ops["getLeadStatus"]["count"] > created  # processing leads were polled
    assert summary["token_acquisitions"] == 1
    assert all(v == 0 for v in summary["errors_by_kind"].values())
    assert summary["objectives"] and all(o["passed"] for o in summary["objectives"])


def test_locusts_own_csv_and_html_are_written_beside_load_json(steady) -> None:
    summary = steady.summary()
    assert _locust_count(steady.run_dir, "createLead") == 45
    assert {"csv_stats", "csv_stats_history", "csv_failures", "html"} <= set(
        summary["locust_files"]
    )
    for name in summary["locust_files"].values():
        assert (steady.run_dir / name).is_file(), name


def test_no_secret_or_personal_datum_reaches_the_run_folder(simulator, steady) -> None:
    text = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in steady.run_dir.iterdir()
        if p.is_file()
    )
    assert simulator.client_secret not in text
    assert "900011013" not in text and "900011000" not in text  # persona SSNs
    assert "eyJ" not in text  # no JWT


def test_a_tight_objective_fails_the_run(simulator, run_load) -> None:
    outcome = run_load(
        simulator,
        "steady",
        rate=5,
        duration_seconds=2,
        objectives=THRESHOLDS / "tight.toml",
    )
    assert not outcome.passed and outcome.exit_code == 1
    assert outcome.breaches == ["createLead p50 <= 0.001 ms"]
    assert outcome.summary()["passed"] is False


def test_a_loose_objective_passes(simulator, run_load, tmp_path) -> None:
    loose = tmp_path / "loose.toml"
    loose.write_text(
        "[operations.createLead]\np99_ms = 60000\nerror_rate = 0.5\n", encoding="utf-8"
    )
    outcome = run_load(
        simulator, "steady", rate=5, duration_seconds=2, objectives=loose
    )
    assert outcome.passed and outcome.breaches == []


def test_a_master_and_two_workers_merge_their_histograms(simulator, run_load) -> None:
    outcome = run_load(
        simulator, "steady", rate=20, workers=2, duration_seconds=2, mix=MIX
    )
    summary = outcome.summary()

    assert outcome.passed, outcome.breaches
    assert summary["processes"] == 2
    assert summary["token_acquisitions"] == 2  # one per worker process
    created = summary["operations"]["createLead"]["count"]
    assert created == 40
    assert sum(summary["result_codes"].values()) == created
    assert _locust_count(outcome.run_dir, "createLead") == created


def test_faults_are_classified_by_kind_and_the_run_carries_on(
    make_simulator, run_load
) -> None:
    sim = make_simulator(
        error_5xx_rate=0.06,
        throttle_rate=0.06,
        reset_rate=0.06,
        stall_rate=0.06,
        stall_seconds=200,
        malformed_rate=0.06,
    )
    outcome = run_load(sim, "steady", rate=40, duration_seconds=2, request_timeout=0.8)
    summary = outcome.summary()

    kinds = summary["errors_by_kind"]
    for kind in (
        "transport",
        "timeout",
        "throttled",
        "server_error",
        "contract_violation",
    ):
        assert kinds[kind] > 0, kinds
    assert summary["operations"]["createLead"]["count"] == 80  # every arrival went out
    assert not outcome.passed and "run error_rate <= 0.01" in outcome.breaches


def test_a_token_outage_is_an_auth_failure(make_simulator, run_load) -> None:
    sim = make_simulator(token_outage=1.0)
    outcome = run_load(sim, "steady", rate=2, duration_seconds=1)
    summary = outcome.summary()
    assert summary["errors_by_kind"]["auth"] >= 1
    assert "auth errors <= 0" in outcome.breaches


@pytest.mark.parametrize(
    "defect, reason",
    [
        ("undocumented-code", "[create.code]"),
        ("status-other-lead", "[status.id]"),
        ("id-not-echoed", "[create.echo]"),
    ],
)
def test_contract_breaks_under_load_are_failures_with_a_reason(
    make_simulator, run_load, defect, reason
) -> None:
    # undocumented-code only shows where the answer would be 1008: ask for it.
    mix = {"bid-failed": 1, "qualified-3225": 1}
    outcome = run_load(
        make_simulator(defect=defect), "steady", rate=10, duration_seconds=2, mix=mix
    )
    reasons = " ".join(outcome.summary()["failure_reasons"])
    assert reason in reasons
    assert "contract_violation errors <= 0" in outcome.breaches


def test_cold_start_reports_first_request_and_recovery(
    make_simulator, run_load
) -> None:
    sim = make_simulator(cold_start_idle_seconds=100, cold_start_delay_seconds=50)
    outcome = run_load(sim, "cold-start", rate=10, duration_seconds=4, idle_seconds=1.5)
    report = outcome.summary()["scenario_report"]["cold_start"]
    assert report["first_request_ms"] >= 450  # the 0.5 s cold-start delay
    assert report["warm_p50_ms"] < report["first_request_ms"]
    assert report["recovery_seconds"] is not None


def test_credit_pull_holds_littles_law_with_many_requests_in_flight(
    simulator, run_load
) -> None:
    outcome = run_load(
        simulator, "credit-pull", rate=60, duration_seconds=2, workflow="create-only"
    )
    summary = outcome.summary()
    law = summary["scenario_report"]["littles_law"]
    # holds means within 10 %; a busy shared CI core lags the generator a
    # little, so the test allows more, while a broken count would be far off.
    assert law["relative_gap"] < 0.25, law
    assert summary["in_flight_max"] >= 3
    assert set(summary["operations"]) == {"createLead", "workflow", "token"}


def test_capacity_stops_at_the_first_broken_step_and_reports_the_knee(
    make_simulator, run_load, tmp_path
) -> None:
    sim = make_simulator(max_concurrent_pulls=2, queue_limit=2)
    objectives = tmp_path / "cap.toml"
    objectives.write_text(
        "[operations.createLead]\nerror_rate = 0.02\n", encoding="utf-8"
    )
    outcome = run_load(
        sim,
        "capacity",
        duration_seconds=8,
        step_seconds=1.5,
        start_rate=4,
        step_rate=60,
        objectives=objectives,
    )
    summary = outcome.summary()
    report = summary["scenario_report"]["capacity"]
    offered = [s["offered_rate"] for s in report["steps"]]
    assert offered[:2] == [4, 64] and len(offered) < 5  # 5 steps planned
    assert report["steps"][0]["held"] and not report["steps"][1]["held"]
    assert report["broke"] and report["stopped_early"]
    assert report["knee_rate"] == 4
    assert all("p95" in s["operations"]["createLead"] for s in report["steps"])
    assert summary["duration_seconds"] < 8


def test_soak_crosses_token_expiry_without_a_401(make_simulator, run_load) -> None:
    sim = make_simulator(token_lifetime_seconds=3)
    outcome = run_load(
        sim, "soak", rate=5, duration_seconds=4, objectives=THRESHOLDS / "soak.toml"
    )
    summary = outcome.summary()
    assert outcome.passed, outcome.breaches
    assert summary["token_acquisitions"] >= 2  # 4 s of 3 s tokens
    assert summary["errors_by_kind"]["auth"] == 0


@pytest.mark.parametrize("scenario", ["ramp", "spike"])
def test_closed_model_shapes_run_the_workflow(simulator, run_load, scenario) -> None:
    outcome = run_load(simulator, scenario, users=4, think_seconds=0.05)
    summary = outcome.summary()
    assert outcome.passed, outcome.breaches
    assert summary["operations"]["workflow"]["count"] >= 10
    assert summary["token_acquisitions"] == 1
