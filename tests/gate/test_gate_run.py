"""run_gate judges stages, writes a scrubbed report and exits 0, 1 or raises (2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadharness.errors import AuthError, ConfigError
from leadharness.reporting import Tolerance, validate_summary
from leadharness.reporting.gate import GatePlan, StageRun, run_gate


def _plan(tmp_path: Path, **changes) -> GatePlan:
    return GatePlan(reports_root=tmp_path / "reports", **changes)


def test_a_gate_whose_stages_pass_exits_0_and_leaves_a_report(
    tmp_path, gate_settings, progress, make_stage
) -> None:
    stages = {
        "contract": make_stage("contract_passed.json", "contract.json"),
        "load": make_stage("load_passed.json", "load.json"),
    }
    result = run_gate(gate_settings, _plan(tmp_path), stages, progress)

    assert result.exit_code == 0
    summary = json.loads((result.run_dir / "summary.json").read_text("utf-8"))
    validate_summary(summary)
    assert summary["verdict"] == "passed"
    assert [s["name"] for s in summary["stages"]] == ["contract", "load"]
    assert (result.run_dir / "index.html").stat().st_size > 100_000
    assert (tmp_path / "reports" / "LATEST").read_text(
        "utf-8"
    ).strip() == result.run_dir.name
    assert progress.lines[1:] == [
        "start contract 1/2",
        "done contract passed",
        "start load 2/2",
        "done load passed",
    ]


def test_a_failed_rule_fails_the_gate_and_is_named(
    tmp_path, gate_settings, progress, make_stage
) -> None:
    stages = {
        "contract": make_stage("contract_failed.json", "contract.json", exit_code=1),
        "load": make_stage("load_passed.json", "load.json"),
    }
    result = run_gate(gate_settings, _plan(tmp_path), stages, progress)

    assert result.exit_code == 1
    contract = result.summary["stages"][0]
    assert contract["verdict"] == "failed"
    assert contract["reasons"][0].startswith("rule submit.refused failed")


def test_only_the_chosen_stages_run(
    tmp_path, gate_settings, progress, make_stage
) -> None:
    def must_not_run(*args):
        raise AssertionError("the load stage ran although only contract was chosen")

    stages = {
        "contract": make_stage("contract_passed.json", "contract.json"),
        "load": must_not_run,
    }
    result = run_gate(
        gate_settings, _plan(tmp_path, stages=["contract"]), stages, progress
    )
    assert result.exit_code == 0
    assert result.summary["load"] is None


def test_a_stage_that_raises_a_harness_error_is_an_error_verdict(
    tmp_path, gate_settings, progress, make_stage
) -> None:
    def refused(*args):
        raise AuthError(
            "AADSTS7000215: invalid client secret; check LEAD_CLIENT_SECRET"
        )

    stages = {"contract": refused, "load": make_stage("load_passed.json", "load.json")}
    result = run_gate(gate_settings, _plan(tmp_path), stages, progress)
    assert result.exit_code == 1
    assert result.summary["stages"][0]["verdict"] == "error"
    assert "AADSTS7000215" in result.summary["stages"][0]["reasons"][0]
    assert result.summary["stages"][1]["verdict"] == "passed"


def test_a_crashing_stage_still_leaves_a_report(
    tmp_path, gate_settings, progress
) -> None:
    def crash(*args):
        raise RuntimeError("boom")

    result = run_gate(
        gate_settings, _plan(tmp_path, stages=["load"]), {"load": crash}, progress
    )
    assert result.exit_code == 1
    assert "RuntimeError: boom" in result.summary["stages"][0]["reasons"][0]
    assert "Traceback" in (result.run_dir / "load-error.txt").read_text("utf-8")
    assert (result.run_dir / "index.html").is_file()


def test_a_stage_without_its_result_file_is_an_error(
    tmp_path, gate_settings, progress
) -> None:
    stages = {"contract": lambda *a: StageRun(None, 4)}
    result = run_gate(
        gate_settings, _plan(tmp_path, stages=["contract"]), stages, progress
    )
    assert result.exit_code == 1
    assert "exit code 4" in result.summary["stages"][0]["reasons"][0]


def test_a_configuration_error_in_a_stage_propagates(
    tmp_path, gate_settings, progress
) -> None:
    def bad(*args):
        raise ConfigError("objectives file x.toml does not exist")

    with pytest.raises(ConfigError, match="x.toml"):
        run_gate(
            gate_settings, _plan(tmp_path, stages=["load"]), {"load": bad}, progress
        )


def test_no_canary_survives_anywhere_under_reports(
    tmp_path, gate_settings, progress, make_stage, junit_with_canaries, find_leaks
) -> None:
    csv = (
        'Type,Name,Error,Occurrences\nPOST,createLead,"401 for Bearer '
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJhdWQiOiJ4In0.c2ln with "
        'socialSecurityNumber=900555123",2\n'
    )
    stages = {
        "contract": make_stage(
            "contract_failed.json",
            "contract.json",
            exit_code=1,
            extra_files={"junit.xml": junit_with_canaries},
        ),
        "load": make_stage(
            "load_passed.json",
            "load.json",
            extra_files={"locust_failures.csv": csv},
            mutate=lambda d: d["target"].update(
                client_secret="canary-Secret-F00D-7e1d"
            ),
        ),
    }
    assert find_leaks(Path(__file__).parent.parent / "reporting" / "data")  # planted

    result = run_gate(gate_settings, _plan(tmp_path), stages, progress)

    assert result.exit_code == 1
    assert find_leaks(tmp_path / "reports") == []
    # The console hears that a stage leaked, not only a log nobody configured.
    assert [line for line in progress.lines if "masked" in line and "junit.xml" in line]
    page = (result.run_dir / "index.html").read_text("utf-8")
    assert "socialSecurityNumber=[ssn]" in page  # masked, not dropped


def test_a_regression_against_a_saved_baseline_fails_only_when_asked(
    tmp_path, gate_settings, progress, make_stage
) -> None:
    fast = {"load": make_stage("load_passed.json", "load.json")}

    def slower(document):
        for operation in document["operations"].values():
            operation["p99"] *= 2

    slow = {"load": make_stage("load_passed.json", "load.json", mutate=slower)}
    first = run_gate(
        gate_settings,
        _plan(tmp_path, stages=["load"], save_baseline="main"),
        fast,
        progress,
    )
    assert (tmp_path / "reports" / "baselines" / "main" / "summary.json").is_file()

    warned = run_gate(
        gate_settings, _plan(tmp_path, stages=["load"], baseline="main"), slow, progress
    )
    failed = run_gate(
        gate_settings,
        _plan(
            tmp_path,
            stages=["load"],
            baseline="main",
            fail_on_regression=True,
            tolerance=Tolerance(relative=0.5),
        ),
        slow,
        progress,
    )

    assert first.exit_code == 0
    assert warned.exit_code == 0 and warned.summary["baseline"]["regressed"]
    assert failed.exit_code == 1
    baseline_stage = failed.summary["stages"][-1]
    assert (
        baseline_stage["name"] == "baseline" and baseline_stage["verdict"] == "failed"
    )
    assert any(
        r.startswith("createLead p99 regressed") for r in baseline_stage["reasons"]
    )
    assert failed.summary["baseline"]["run_id"] == first.run_dir.name


def test_an_unknown_baseline_stops_the_gate_before_any_stage(
    tmp_path, gate_settings, progress
) -> None:
    def must_not_run(*args):
        raise AssertionError("a stage ran although the baseline does not exist")

    with pytest.raises(ConfigError, match="baseline nope not found"):
        run_gate(
            gate_settings,
            _plan(tmp_path, baseline="nope"),
            {"contract": must_not_run, "load": must_not_run},
            progress,
        )
    assert not (tmp_path / "reports").exists() or not any(
        p.name[0].isdigit() for p in (tmp_path / "reports").iterdir()
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"stages": ["contract", "smoke"]}, "unknown stage"),
        ({"stages": []}, "unknown stage"),
        ({"fail_on_regression": True}, "needs a baseline"),
        ({"load_seconds": -1.0}, "--load-duration"),
        ({"objectives": Path("no/such.toml")}, "objectives file"),
        ({"save_baseline": "../outside"}, "baseline name"),
    ],
)
def test_a_bad_plan_is_refused_with_what_to_change(tmp_path, changes, message) -> None:
    with pytest.raises(ConfigError, match=message):
        _plan(tmp_path, **changes)


@pytest.mark.parametrize(
    ("scenario", "objectives", "message"),
    [
        ("no-such-scenario", None, "unknown scenario"),
        (None, b"{not toml", "not valid TOML"),
        (None, "[run]\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_load_inputs_are_checked_before_any_stage_runs(
    tmp_path, scenario, objectives, message
) -> None:
    from leadharness.reporting.stages import check_load_plan

    path = None
    if objectives is not None:
        path = tmp_path / "objectives.toml"
        path.write_bytes(objectives)
    plan = _plan(tmp_path, scenario=scenario, objectives=path)
    with pytest.raises(ConfigError, match=message):
        check_load_plan(plan)
    # Without a load stage neither matters.
    check_load_plan(_plan(tmp_path, stages=["contract"], scenario=scenario))


def test_a_stage_reason_is_scrubbed_before_it_is_shown(tmp_path, gate_settings) -> None:
    secret = gate_settings.client_secret.get_secret_value()
    shown: list[str] = []

    class Console:
        def stage_started(self, *args) -> None: ...

        def stage_finished(self, verdict) -> None:
            shown.extend(verdict.reasons)

        def note(self, text: str) -> None:
            shown.append(text)

    def crash(*args):
        raise RuntimeError(f"token request with secret {secret} failed")

    plan = _plan(tmp_path, stages=["load"])
    run_gate(gate_settings, plan, {"load": crash}, Console())
    assert shown and not [line for line in shown if secret in line]
