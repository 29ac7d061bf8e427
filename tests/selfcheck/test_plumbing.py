"""The contract suites' pytest plumbing: options, guards and report files.

Each test runs pytest on tests_contract in a subprocess with flags that stop
it before any request leaves the machine (no credentials, or a refusal).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from leadharness.suite import SUITE_DIR

_ROOT = SUITE_DIR.parent


def _pytest(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEAD_")}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "--lead-report-dir",
            str(tmp_path),
            *args,
        ],
        cwd=_ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return completed.returncode, completed.stdout + completed.stderr


def test_destructive_tests_refuse_a_production_target(tmp_path: Path) -> None:
    code, output = _pytest(
        tmp_path,
        str(SUITE_DIR / "test_create.py"),
        "-rs",
        "--base-url",
        "https://leads.example.com",
        "--client-app-id",
        "someone",
        env={"LEAD_CLIENT_SECRET": "canary-secret-value"},
    )
    assert code == 0, output
    assert "--allow-production" in output and " passed" not in output, output
    report = json.loads((tmp_path / "contract.json").read_text(encoding="utf-8"))
    assert report["totals"]["skipped"] > 0 and report["totals"]["passed"] == 0
    assert "canary-secret-value" not in (tmp_path / "contract.json").read_text("utf-8")


def test_remote_target_without_credentials_stops_with_one_line(tmp_path: Path) -> None:
    code, output = _pytest(
        tmp_path,
        str(SUITE_DIR / "test_status.py"),
        "-k",
        "unknown_id",
        "--base-url",
        "https://leads-sandbox.example.com",
    )
    assert code == 2, output
    assert "LEAD_CLIENT_APP_ID is not set" in output, output
    assert "Traceback" not in output, output


def test_bad_option_is_a_usage_error(tmp_path: Path) -> None:
    code, output = _pytest(tmp_path, str(SUITE_DIR), "--target", "nowhere")
    assert code == 4, output
    assert "LEAD_TARGET is invalid" in output, output
