"""`leadharness load` refuses bad input in one line and keeps reports on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LEADHARNESS = [sys.executable, "-m", "leadharness"]


def _run(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LEADHARNESS, "load", *args],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scenario", "stampede"], "unknown scenario 'stampede'"),
        (["--mix", "bid-failed=-1"], "NAME=WEIGHT"),
        (
            [
                "--objectives",
                "/nonexistent.toml",
                "--target",
                "https://leads-sandbox.alleviate.com",
            ],
            "LEAD_CLIENT_APP_ID",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEAD_")}
    result = _run(*args, env=env)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert (
        "Traceback" not in result.stderr
        and len(result.stderr.strip().splitlines()) == 1
    )


def test_a_production_target_is_refused_without_the_opt_in() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEAD_")}
    env.update(LEAD_CLIENT_APP_ID="x", LEAD_CLIENT_SECRET="y")
    result = _run("--target", "https://leads.alleviate.com", env=env)
    assert result.returncode == 2
    assert (
        "looks like production" in result.stderr
        and "--allow-production" in result.stderr
    )


def test_the_list_names_every_scenario() -> None:
    result = _run("--list")
    assert result.returncode == 0
    for name in (
        "steady",
        "ramp",
        "spike",
        "cold-start",
        "credit-pull",
        "capacity",
        "soak",
    ):
        assert name in result.stdout


def test_ctrl_c_still_writes_the_reports_of_what_ran(simulator, tmp_path: Path) -> None:
    settings = simulator.settings()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEAD_")}
    env.update(
        LEAD_BASE_URL=settings.base_url,
        LEAD_TARGET=settings.base_url,
        LEAD_LOGIN_URL=settings.login_url,
        LEAD_CA_BUNDLE=str(settings.ca_bundle),
        LEAD_CLIENT_APP_ID=settings.client_app_id,
        LEAD_CLIENT_SECRET=simulator.client_secret,
        LEAD_PERSONAS=str(settings.personas),
    )
    child = subprocess.Popen(
        [
            *LEADHARNESS,
            "load",
            "--scenario",
            "steady",
            "--duration",
            "60",
            "--rate",
            "10",
            "--reports-dir",
            str(tmp_path),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        time.sleep(4)
        os.killpg(child.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
    assert child.returncode == 130
    (run_dir,) = [p for p in tmp_path.iterdir() if p.is_dir() and p.name != "latest"]
    summary = json.loads((run_dir / "load.json").read_text(encoding="utf-8"))
    assert summary["operations"]["createLead"]["count"] > 0
    assert summary["duration_seconds"] < 30
    assert (run_dir / "locust.html").is_file()


def test_a_local_run_starts_the_simulator_and_prints_the_verdict(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEAD_")}
    env["COLUMNS"] = "160"
    result = _run(
        "--scenario",
        "steady",
        "--duration",
        "2",
        "--rate",
        "5",
        "--time-scale",
        "0.01",
        "--reports-dir",
        str(tmp_path),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "started the embedded simulator" in result.stdout
    assert "createLead p99 <= 30000 ms" in result.stdout and "PASSED" in result.stdout
    assert (tmp_path / "LATEST").is_file()
    run_dir = tmp_path / (tmp_path / "LATEST").read_text(encoding="utf-8").strip()
    assert json.loads((run_dir / "load.json").read_text(encoding="utf-8"))["passed"]
