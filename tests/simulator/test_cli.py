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


def test_inconsistent_latency_is_a_config_error() -> None:
    result = _run("--pull-median", "25", "--pull-p99", "20")
    assert result.returncode == 2
    assert "median <= p99 <= max" in result.stderr


def test_runs_announces_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    info = tmp_path / "sim.json"
    process = subprocess.Popen(
        [*_CLI, "--time-scale", "0", "--info-file", str(info)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        where = json.loads(info.read_text())
        assert httpx.get(f"{where['http_base_url']}/healthz").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert f"export LEAD_BASE_URL={where['base_url']}" in out
    assert f"export LEAD_CA_BUNDLE={where['ca_file']}" in out
    assert "simulator stopped" in err
    assert not os.path.exists(where["ca_file"])
