"""The ``leadharness simulator`` command: starts, announces, stops on a signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from leadharness.simulator import DEFECTS

_CLI = [
    sys.executable,
    "-c",
    "from leadharness.cli.main import run; run()",
    "simulator",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_CLI, *args], capture_output=True, text=True, timeout=30, check=False
    )


def test_list_defects_names_every_defect() -> None:
    result = _run("--list-defects")
    assert result.returncode == 0
    assert all(name in result.stdout for name in DEFECTS)


def test_unknown_defect_is_a_one_line_error_with_exit_2() -> None:
    result = _run("--defect", "bogus")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--list-defects" in result.stderr


def test_an_unwritable_info_file_is_refused_before_starting(tmp_path: Path) -> None:
    result = _run("--time-scale", "0", "--info-file", str(tmp_path / "no" / "sim.json"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--info-file" in result.stderr and "writable" in result.stderr
    assert "simulator running" not in result.stdout


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--token-lifetime", "-5"], "--token-lifetime"),
        (["--time-scale", "-1"], "--time-scale"),
        (["--pull-max", "100"], "--pull-max"),
        (["--max-pulls", "0"], "--max-pulls"),
    ],
)
def test_a_bad_value_is_named_by_its_flag(args: list[str], flag: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"leadharness: error: {flag} must be")
    assert result.stderr.strip().count("\n") == 0


def test_inconsistent_latency_is_a_config_error() -> None:
    result = _run("--pull-median", "25", "--pull-p99", "20")
    assert result.returncode == 2
    assert "median <= p99 <= max" in result.stderr


def _serving(info: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """The command started with --info-file, and where it says it serves."""
    process = subprocess.Popen(
        [*_CLI, "--time-scale", "0", "--info-file", str(info)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not info.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        return process, json.loads(info.read_text())
    except (OSError, ValueError):
        process.kill()
        process.communicate(timeout=15)
        raise


def test_runs_announces_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    info = tmp_path / "sim.json"
    process, where = _serving(info)
    try:
        assert httpx.get(f"{where['http_base_url']}/healthz").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert f"export LEAD_BASE_URL={where['base_url']}" in out
    assert f"export LEAD_CA_BUNDLE={where['ca_file']}" in out
    assert "simulator stopped" in err
    assert not os.path.exists(where["ca_file"])
    assert not info.exists()  # it would point at ports nobody serves


def test_a_second_ctrl_c_while_stopping_still_cleans_up(tmp_path: Path) -> None:
    process, where = _serving(tmp_path / "sim.json")
    process.send_signal(signal.SIGINT)
    time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "simulator stopped" in err
    assert not os.path.exists(where["ca_file"])


def test_the_command_shows_the_server_problems_once(capsys, monkeypatch) -> None:
    import logging

    from leadharness.cli import simulator as command

    log = logging.getLogger("leadharness.simulator")
    monkeypatch.setattr(logging.getLogger(), "handlers", [logging.NullHandler()])
    monkeypatch.setattr(log, "handlers", [])
    command._show_server_problems()
    command._show_server_problems()
    log.error("simulator resolver failed")
    log.info("simulator listening")
    assert capsys.readouterr().err == "simulator ERROR: simulator resolver failed\n"
