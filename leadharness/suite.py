"""Run the contract suites (tests_contract/) in a subprocess, for the gate.

The suites run under pytest in a child process so that pytest's and
Hypothesis's global state stays out of the caller, and so a simulator the
caller started is reached only over HTTP, as any client would. Settings go
over as flags; the client secret goes by environment variable only (a flag
would show in ``ps``).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leadharness.errors import ConfigError
from leadharness.settings import Settings

__all__ = [
    "ContractOutcome",
    "SUITE_DIR",
    "PROFILES",
    "run_contract_suite",
    "suite_command",
]

logger = logging.getLogger("leadharness.suite")

#: The contract suites, beside the package in a checkout.
SUITE_DIR = Path(__file__).resolve().parent.parent / "tests_contract"
#: Hypothesis profiles registered by strategies/profiles.py.
PROFILES = ("dev", "ci", "nightly")

# Settings field -> pytest flag of the top-level conftest.py.
_FLAGS = {
    "target": "--target",
    "base_url": "--base-url",
    "login_url": "--login-url",
    "tenant_id": "--tenant-id",
    "client_app_id": "--client-app-id",
    "ca_bundle": "--ca-bundle",
    "postman": "--postman",
    "personas": "--personas",
}


@dataclass(frozen=True)
class ContractOutcome:
    """What a contract run produced: its exit code, its files, the rules it broke."""

    exit_code: int
    passed: bool
    junit_path: Path
    contract_path: Path
    failed_rules: list[str] = field(default_factory=list)


def suite_command(
    settings: Settings,
    run_dir: Path,
    *,
    profile: str = "ci",
    markers: str | None = None,
    extra_args: Sequence[str] = (),
    paths: Sequence[str | Path] = (),
) -> list[str]:
    """The pytest command line for a run against ``settings`` (no secret in it).

    ``paths`` narrows the run to some suite modules (default: all of them).
    """
    if profile not in PROFILES:
        raise ConfigError(
            f"unknown Hypothesis profile {profile!r}; "
            f"choose one of {', '.join(PROFILES)}"
        )
    command = [
        sys.executable,
        "-m",
        "pytest",
        *[str(p) for p in paths or [SUITE_DIR]],
        "-q",
        "-p",
        "no:cacheprovider",
        f"--hypothesis-profile={profile}",
        "--lead-report-dir",
        str(run_dir),
        "--junitxml",
        str(run_dir / "junit.xml"),
    ]
    for name, flag in _FLAGS.items():
        value = getattr(settings, name)
        if value is not None and not (name == "target" and value == "local"):
            command += [flag, str(value)]
    if settings.allow_production:
        command.append("--allow-production")
    if markers:
        command += ["-m", markers]
    return command + list(extra_args)


def run_contract_suite(
    settings: Settings,
    run_dir: Path,
    *,
    profile: str = "ci",
    markers: str | None = None,
    extra_args: Sequence[str] = (),
    timeout_seconds: float | None = None,
    paths: Sequence[str | Path] = (),
    output: Path | None = None,
) -> ContractOutcome:
    """Run tests_contract against ``settings``; reports go into ``run_dir``.

    Exit codes are pytest's: 0 all passed, 1 some failed, 2 interrupted or a
    usage error, 5 nothing collected. pytest's output goes to this process's
    stdout, or into the file ``output`` when one is given. ``paths`` narrows
    the run to some modules of tests_contract/.
    """
    if not SUITE_DIR.is_dir():
        raise ConfigError(
            f"the contract suites are not at {SUITE_DIR}; run from a checkout of the "
            "harness (pip install -e .) so tests_contract/ is beside the package"
        )
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    command = suite_command(
        settings,
        run_dir,
        profile=profile,
        markers=markers,
        extra_args=extra_args,
        paths=paths,
    )
    env = dict(os.environ)
    # No pytest flag for it (the CLI has none either): the environment carries it.
    env["LEAD_DEBT_CORE_APP_ID"] = settings.debt_core_app_id
    if settings.client_secret is not None:
        env["LEAD_CLIENT_SECRET"] = settings.client_secret.get_secret_value()
    logger.info("running the contract suite: %s", " ".join(command))
    sink = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    try:
        completed = subprocess.run(
            command,
            cwd=SUITE_DIR.parent,
            env=env,
            timeout=timeout_seconds,
            check=False,
            stdout=sink,
            stderr=subprocess.STDOUT if sink else None,
        )
        exit_code = completed.returncode
    except subprocess.TimeoutExpired:
        logger.warning(
            "the contract suite ran past %s s and was stopped", timeout_seconds
        )
        exit_code = 2
    finally:
        if sink is not None:
            sink.close()
    contract_path = run_dir / "contract.json"
    return ContractOutcome(
        exit_code=exit_code,
        passed=exit_code == 0,
        junit_path=run_dir / "junit.xml",
        contract_path=contract_path,
        failed_rules=failed_rules(contract_path),
    )


def failed_rules(contract_path: Path) -> list[str]:
    """Ids of the rules contract.json marks failed; [] when the file is missing."""
    try:
        document = json.loads(Path(contract_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        str(entry.get("id"))
        for entry in document.get("rules", [])
        if isinstance(entry, dict) and entry.get("outcome") == "failed"
    ]
