"""load.json is built from a recorder alone, judged, and fits the report schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from leadharness.loadkit import analysis
from leadharness.loadkit.latency import LatencyRecorder
from leadharness.loadkit.objectives import load_objectives, parse_objectives
from leadharness.loadkit.scenarios import RunSpec
from leadharness.loadkit.summary import build_summary, write_summary
from leadharness.settings import load_settings

START = 1_000.0


def _recorder(latency_ms: float = 20.0, failures: int = 0) -> LatencyRecorder:
    recorder = LatencyRecorder()
    for i in range(100):
        at = START + i * 0.05
        failed = i < failures
        recorder.record("createLead", latency_ms / 1000, at=at, failed=failed)
        recorder.record("getLeadStatus", 0.002, at=at)
        recorder.record("workflow", latency_ms / 1000 + 0.002, at=at, failed=failed)
        recorder.code(1013)
    recorder.token_acquisitions = 1
    return recorder


def _build(recorder: LatencyRecorder, objectives=None) -> tuple[dict, list]:
    spec = RunSpec(scenario="steady", duration_seconds=5, rate=20)
    return build_summary(
        recorder,
        spec,
        objectives if objectives is not None else load_objectives(None),
        started=START,
        ended=START + 5.5,
        target=load_settings().redacted(),
        processes=1,
        locust_files={"html": "locust.html"},
    )


def test_the_summary_has_every_documented_key_and_exact_figures() -> None:
    summary, verdicts = _build(_recorder())
    assert summary["version"] == 1 and summary["scenario"] == "steady"
    create = summary["operations"]["createLead"]
    assert create["count"] == 100 and create["rps"] == 20.0
    assert create["p50"] == pytest.approx(20, rel=0.001)
    assert summary["result_codes"] == {"1013": 100}
    assert list(summary["operations"])[:2] == ["createLead", "getLeadStatus"]
    assert summary["passed"] is True and verdicts
    assert summary["timeline"][0]["t"] == 0.0


def test_a_breach_fails_the_summary() -> None:
    tight = parse_objectives({"operations": {"createLead": {"p99_ms": 5}}})
    summary, _ = _build(_recorder(), tight)
    assert summary["passed"] is False
    assert summary["objectives"][0]["measured"] == pytest.approx(20, rel=0.001)


def test_the_summary_fits_the_reporting_schema(tmp_path: Path) -> None:
    schema_path = Path(__file__).resolve().parents[2] / "leadharness" / "reporting"
    schema = json.loads(
        (schema_path / "summary.schema.json").read_text(encoding="utf-8")
    )
    load_schema = {**schema["$defs"]["load"], "$defs": schema["$defs"]}
    summary, _ = _build(_recorder(failures=3))
    path = write_summary(summary, tmp_path)
    written = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema).validate(written)
    assert written["target"]["client_secret"] in ("set", "not set")


def test_littles_law_compares_concurrency_with_throughput_times_latency() -> None:
    recorder = LatencyRecorder()
    for i in range(10):  # ten 1 s requests, one after another
        recorder.started("createLead", now=float(i))
        recorder.finished("createLead", now=float(i + 1))
        recorder.record("createLead", 1.0)
    assert analysis.littles_law(recorder)["holds"]
    late = LatencyRecorder()
    for i in range(10):  # the generator ran 0.5 s late: latency from due is longer
        late.started("createLead", now=float(i))
        late.finished("createLead", now=float(i + 1))
        late.record("createLead", 1.5)
    law = analysis.littles_law(late)
    assert not law["holds"] and law["relative_gap"] == pytest.approx(0.5, rel=0.01)


def test_cold_start_finds_the_first_request_and_the_recovery() -> None:
    recorder = LatencyRecorder(timeline_step=0.25)
    recorder.fact("phase.warm.start", START, "min")
    recorder.fact("phase.idle.start", START + 2, "min")
    recorder.fact("phase.burst.start", START + 5, "min")
    recorder.fact("burst.first_request_ms", 800.0)
    for i in range(8):
        recorder.record("createLead", 0.020, at=START + i * 0.25)
    for i, latency in enumerate((0.8, 0.5, 0.2, 0.021, 0.020)):
        recorder.record("createLead", latency, at=START + 5 + i * 0.25)
    report = analysis.cold_start_report(recorder)
    assert report["first_request_ms"] == 800.0
    assert report["warm_p50_ms"] == pytest.approx(20, rel=0.01)
    assert report["recovery_seconds"] == pytest.approx(1.0)


def test_importing_the_toolkit_leaves_the_caller_unpatched() -> None:
    code = (
        "import sys, leadharness.loadkit, leadharness.cli.load; "
        "print('locust' in sys.modules, 'gevent' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
