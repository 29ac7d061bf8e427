"""Every way a command can fail ends in one line on stderr and the right exit code."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Any

import pytest

import leadharness.cli.main as main


def _shell(*args: str, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "leadharness", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["simulator", "--time-scale", "abc"], "(got 'abc')"),
        (["lead", "create", "--code", "x"], "--code"),
        (["lead", "status"], "Missing argument"),
        (["simulator", "--bogus"], "--bogus"),
        (["nosuch"], "nosuch"),
    ],
)
def test_a_bad_flag_is_one_line_with_exit_2(args, says) -> None:
    result = _shell(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("leadharness: error: ") and says in lines[0]
    assert "--help" in lines[0]


def test_a_group_alone_still_shows_its_help() -> None:
    result = _shell("lead")
    assert result.returncode == 2
    assert "create" in result.stdout + result.stderr


def test_a_retried_token_request_still_fails_in_one_line(clean_env) -> None:
    port = _closed_port()
    env = {
        **os.environ,
        "LEAD_CLIENT_APP_ID": "0c1d3a5e-0000-4000-8000-000000000001",
        "LEAD_CLIENT_SECRET": "canary-not-shown-3f9a",
    }
    result = _shell(
        "token",
        "--base-url",
        f"https://127.0.0.1:{port}",
        "--login-url",
        f"https://127.0.0.1:{port}",
        env=env,
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "canary-not-shown-3f9a" not in result.stderr + result.stdout


@pytest.mark.parametrize("where", ["build_app", "_invoke"])
def test_ctrl_c_anywhere_is_one_line_and_exit_130(
    where, monkeypatch, capsys
) -> None:
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(main, where, interrupted)
    monkeypatch.setattr(sys, "argv", ["leadharness", "simulator"])
    with pytest.raises(SystemExit) as stop:
        main.run()
    assert stop.value.code == 130
    assert capsys.readouterr().err == "leadharness: error: interrupted by Ctrl-C\n"


def test_importing_the_entry_point_does_not_import_the_commands() -> None:
    # A Ctrl-C during those (slow) imports must land inside run().
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, leadharness.cli.main; "
            "print('leadharness.cli.lead' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert probe.stdout.strip() == "False"


def test_a_bug_is_one_masked_line_unless_debugging(monkeypatch, capsys) -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"

    def broken(*args):
        raise RuntimeError(f"boom with {token} and canary-env-secret-11")

    monkeypatch.setenv("LEAD_CLIENT_SECRET", "canary-env-secret-11")
    monkeypatch.delenv("LEAD_LOG_LEVEL", raising=False)
    monkeypatch.setattr(main, "_invoke", broken)
    monkeypatch.setattr(sys, "argv", ["leadharness", "token"])
    with pytest.raises(SystemExit) as stop:
        main.run()
    err = capsys.readouterr().err
    assert stop.value.code == 1 and err.count("\n") == 1
    assert "RuntimeError: boom" in err and "LEAD_LOG_LEVEL=DEBUG" in err
    assert token not in err and "canary-env-secret-11" not in err

    monkeypatch.setenv("LEAD_LOG_LEVEL", "debug")
    with pytest.raises(RuntimeError):
        main.run()


def test_sigterm_unwinds_like_ctrl_c_and_says_so(tmp_path) -> None:
    # A port that accepts but never answers keeps the command waiting.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LEAD_")},
            "LEAD_CLIENT_APP_ID": "0c1d3a5e-0000-4000-8000-000000000001",
            "LEAD_CLIENT_SECRET": "canary-sigterm-5d",
        }
        command = [sys.executable, "-m", "leadharness", "token", "--login-url"]
        process = subprocess.Popen(
            [*command, url.replace("http", "https"), "--base-url", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        time.sleep(3)
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode == 143
    assert err == "leadharness: error: stopped by SIGTERM\n"


def test_run_puts_the_sigterm_handler_back(monkeypatch) -> None:
    import signal

    monkeypatch.setattr(main, "_invoke", lambda app: 0)
    monkeypatch.setattr(sys, "argv", ["leadharness"])
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit):
        main.run()
    assert signal.getsignal(signal.SIGTERM) is before
