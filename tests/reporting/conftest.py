"""Fixtures of the reporting tests: stage files as contract and load runs write them."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from leadharness.reporting import build_summary, contract_verdict, load_verdict

DATA = Path(__file__).parent / "data"
# Canaries planted raw in the fixture files; none may survive into a report.
CANARY_SECRET = "canary-Secret-F00D-7e1d"
CANARY_SSN = "900555123"
CANARY_DOB = "1980-02-29"
CANARY_JWT_PREFIX = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0"


def read(name: str) -> dict[str, Any]:
    """A fixture file from tests/reporting/data, parsed."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def summary_of(
    contract: dict[str, Any] | None,
    load: dict[str, Any] | None,
    run_id: str = "20261203-141500-ab12",
) -> dict[str, Any]:
    """A summary built the way the gate builds one."""
    stages = []
    if contract is not None:
        stages.append(contract_verdict(contract, 0))
    if load is not None:
        stages.append(load_verdict(load, 0))
    started = dt.datetime(2026, 12, 3, 14, 15, tzinfo=dt.UTC)
    return build_summary(
        run_id=run_id,
        started=started,
        finished=started + dt.timedelta(seconds=104.5),
        command="leadharness gate",
        profile="quick",
        target=(contract or load or {}).get("target", {}),
        stages=stages,
        contract=contract,
        load=load,
    )


@pytest.fixture
def passing_summary() -> dict[str, Any]:
    """A summary where every stage passed."""
    return summary_of(read("contract_passed.json"), read("load_passed.json"))


@pytest.fixture
def failing_summary() -> dict[str, Any]:
    """A summary with two failed rules and a breached objective (canaries raw)."""
    return summary_of(read("contract_failed.json"), read("load_breached.json"))


def slowed(load: dict[str, Any], factor: float) -> dict[str, Any]:
    """A copy of ``load`` whose latencies are ``factor`` times larger."""
    result = copy.deepcopy(load)
    for operation in result["operations"].values():
        for key in ("p50", "p90", "p95", "p99", "p999", "max", "mean"):
            operation[key] = round(operation[key] * factor, 3)
    return result


@pytest.fixture(scope="session")
def stage_file():
    """``stage_file(name)`` reads a fixture file from tests/reporting/data."""
    return read


@pytest.fixture(scope="session")
def make_summary():
    """``make_summary(contract, load)`` builds a summary the way the gate does."""
    return summary_of


@pytest.fixture(scope="session")
def slow_down():
    """``slow_down(load, factor)`` multiplies every latency in a load.json."""
    return slowed
