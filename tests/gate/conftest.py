"""Stand-in gate stages that write what the real ones write, canaries included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadharness.reporting.gate import GatePlan, StageRun
from leadharness.settings import Settings, load_settings

DATA = Path(__file__).parent.parent / "reporting" / "data"
CANARY_SECRET = "canary-Secret-F00D-7e1d"
CANARIES = (
    CANARY_SECRET,
    "900555123",
    "900-55-5123",
    "1980-02-29",
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0",
)


class Recorder:
    """A Progress that remembers what the gate told it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def stage_started(self, name: str, index: int, total: int, detail: str) -> None:
        self.lines.append(f"start {name} {index}/{total}")

    def stage_finished(self, verdict: Any) -> None:
        self.lines.append(f"done {verdict.name} {verdict.verdict}")

    def note(self, text: str) -> None:
        self.lines.append(text)


def stage(
    file_name: str,
    written_as: str,
    exit_code: int = 0,
    mutate: Callable[[dict[str, Any]], None] | None = None,
    extra_files: dict[str, str] | None = None,
) -> Callable[..., StageRun]:
    """A stage runner copying a fixture file into the run folder, as real ones do."""

    def run(settings: Settings, run_dir: Path, plan: GatePlan) -> StageRun:
        document = json.loads((DATA / file_name).read_text(encoding="utf-8"))
        if mutate is not None:
            mutate(document)
        (run_dir / written_as).write_text(json.dumps(document), encoding="utf-8")
        for name, text in (extra_files or {}).items():
            (run_dir / name).write_text(text, encoding="utf-8")
        return StageRun(document, exit_code)

    return run


@pytest.fixture
def gate_settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings of a loopback target whose client secret is the canary."""
    for name in ("LEAD_TARGET", "LEAD_BASE_URL", "LEAD_CLIENT_SECRET", "LEAD_PERSONAS"):
        monkeypatch.delenv(name, raising=False)
    return load_settings(
        base_url="https://127.0.0.1:9",
        client_app_id="client-1",
        client_secret=CANARY_SECRET,
    )


@pytest.fixture
def progress() -> Recorder:
    """A fresh progress recorder."""
    return Recorder()


@pytest.fixture
def junit_with_canaries() -> str:
    """A junit.xml whose failure text carries every canary raw."""
    return (DATA / "junit_failed.xml").read_text(encoding="utf-8")


def leaked(root: Path) -> list[str]:
    """Every (file, canary) pair where a canary survived under ``root``."""
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [f"{path.name}: {c}" for c in CANARIES if c in text]
    return found


@pytest.fixture
def find_leaks() -> Callable[[Path], list[str]]:
    """``find_leaks(root)`` lists canaries left anywhere under ``root``."""
    return leaked


@pytest.fixture
def make_stage() -> Callable[..., Callable[..., StageRun]]:
    """``make_stage(fixture, written_as, ...)`` builds a stand-in stage runner."""
    return stage
