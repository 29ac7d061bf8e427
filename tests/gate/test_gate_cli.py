"""`leadharness gate`: exit 0 passed, 1 failed (naming what), 2 a usage error."""

from __future__ import annotations

import sys

import pytest

import leadharness.reporting.stages as real_stages
from leadharness.cli.main import run


def _invoke(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["leadharness", *args])
    with pytest.raises(SystemExit) as stop:
        run()
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


@pytest.fixture
def stand_in_stages(monkeypatch: pytest.MonkeyPatch, make_stage):
    """Replace the real stages; returns the dict so a test can pick outcomes."""
    stages = {
        "contract": make_stage("contract_passed.json", "contract.json"),
        "load": make_stage("load_passed.json", "load.json"),
    }
    monkeypatch.setattr(real_stages, "REAL_STAGES", stages)
    return stages


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "LEAD_TARGET",
        "LEAD_BASE_URL",
        "LEAD_CLIENT_SECRET",
        "LEAD_PERSONAS",
        "LEAD_ALLOW_PRODUCTION",
    ):
        monkeypatch.delenv(name, raising=False)


def test_a_passing_gate_prints_each_stage_and_exits_0(
    tmp_path, monkeypatch, capsys, stand_in_stages
) -> None:
    code, out, err = _invoke(
        ["gate", "--base-url", "https://127.0.0.1:9", "--reports-dir", str(tmp_path)],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert "[1/2] contract: running (Hypothesis profile ci)" in out
    assert "contract: PASSED" in out and "load: PASSED" in out
    assert "gate: PASSED" in out
    assert (tmp_path / "LATEST").is_file()


def test_a_failing_gate_names_the_rule_and_exits_1(
    tmp_path, monkeypatch, capsys, stand_in_stages, make_stage
) -> None:
    stand_in_stages["contract"] = make_stage("contract_failed.json", "contract.json", 1)
    code, out, _ = _invoke(
        ["gate", "--base-url", "https://127.0.0.1:9", "--reports-dir", str(tmp_path)],
        monkeypatch,
        capsys,
    )
    assert code == 1
    assert "contract: FAILED" in out
    assert "rule submit.refused failed" in out
    assert "gate: FAILED" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--stages", "contract,smoke"], "unknown stage(s) smoke"),
        (["--profile", "fast"], "unknown profile 'fast'"),
        (["--fail-on-regression"], "--fail-on-regression needs a baseline"),
        (
            ["--simulator-defect", "auth-off"],
            "--simulator-defect auth-off needs the embedded",
        ),
        (["--baseline", "nope"], "baseline nope not found"),
        (["--save-baseline", "../up"], "baseline name '../up' is not allowed"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    tmp_path, monkeypatch, capsys, stand_in_stages, args, message
) -> None:
    code, out, err = _invoke(
        [
            "gate",
            "--base-url",
            "https://127.0.0.1:9",
            "--reports-dir",
            str(tmp_path),
            *args,
        ],
        monkeypatch,
        capsys,
    )
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_a_production_target_needs_the_explicit_opt_in(
    tmp_path, monkeypatch, capsys, stand_in_stages
) -> None:
    production = [
        "gate",
        "--base-url",
        "https://leads.alleviate.com",
        "--reports-dir",
        str(tmp_path),
    ]
    code, _, err = _invoke(production, monkeypatch, capsys)
    assert code == 2
    assert "--allow-production" in err

    code, out, _ = _invoke([*production, "--allow-production"], monkeypatch, capsys)
    assert code == 0 and "gate: PASSED" in out


def test_an_unknown_option_is_a_usage_error(monkeypatch, capsys) -> None:
    code, _, err = _invoke(["gate", "--frobnicate"], monkeypatch, capsys)
    assert code == 2
    assert "--frobnicate" in err


def test_a_long_stage_prints_that_it_is_still_running_in_a_ci_log() -> None:
    import io
    import time

    from rich.console import Console

    from leadharness.cli.gate import ConsoleProgress
    from leadharness.reporting import StageVerdict

    log = io.StringIO()
    progress = ConsoleProgress(Console(file=log, width=120), heartbeat=0.05)
    progress.stage_started("contract", 1, 2, "Hypothesis profile ci")
    time.sleep(0.3)
    progress.stage_finished(StageVerdict("contract", "passed", duration_seconds=0.3))
    lines = log.getvalue().splitlines()
    assert lines[0] == "[1/2] contract: running (Hypothesis profile ci)"
    assert any("contract: still running" in line for line in lines[1:-1])
    assert lines[-1].strip() == "contract: PASSED in 0.3 s"
    count = len(lines)
    time.sleep(0.15)
    assert len(log.getvalue().splitlines()) == count  # the heartbeat stopped
