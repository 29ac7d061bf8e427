"""Build and write load.json, the load stage's machine-readable result.

Shape (version 1; times in milliseconds unless named otherwise)::

    {"version": 1, "scenario", "target": <settings.redacted()>, "started",
     "duration_seconds", "operations": {op: {count, failures, rps, p50, p90,
     p95, p99, p999, max, mean}}, "errors_by_kind": {transport, timeout,
     throttled, server_error, contract_violation, auth}, "result_codes":
     {"1013": n}, "token_acquisitions", "objectives": [{name, operation,
     metric, threshold, measured, passed}], "timeline": [{t, operation,
     requests, failures, p50, p95, p99, in_flight_max}], "in_flight_max", "passed",
     "locust_files": {name: file}, "scenario_report": {...},
     "failure_reasons": {reason: n}, "processes", "spec": {...}}

``operations`` has createLead, getLeadStatus and submitLead as they ran, plus
``workflow`` (arrival to end of the whole workflow) and ``token`` (real token
acquisitions). Open-model latencies count from each workflow's due time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leadharness.loadkit import analysis
from leadharness.loadkit.latency import LatencyRecorder
from leadharness.loadkit.objectives import (
    Objective,
    Verdict,
    auto_token_limit,
    evaluate,
)
from leadharness.loadkit.scenarios import RunSpec

__all__ = ["LOAD_JSON", "SUMMARY_VERSION", "build_summary", "write_summary"]

LOAD_JSON = "load.json"
SUMMARY_VERSION = 1

# Operations in the order a reader expects them.
_ORDER = ("createLead", "getLeadStatus", "submitLead", "workflow", "token")


def build_summary(
    recorder: LatencyRecorder,
    spec: RunSpec,
    objectives: list[Objective],
    *,
    started: float,
    ended: float,
    target: Mapping[str, Any],
    processes: int,
    locust_files: Mapping[str, str],
) -> tuple[dict[str, Any], list[Verdict]]:
    """The load.json document of a finished run, and the objectives' verdicts."""
    scenario = spec.scenario_def()
    elapsed = max(ended - started, 1e-9)
    offered = spec.profile().duration if scenario.open_model else elapsed
    operations = sorted(recorder.operations(), key=lambda op: (_rank(op), op))
    summary: dict[str, Any] = {
        "version": SUMMARY_VERSION,
        "scenario": spec.scenario,
        "target": dict(target),
        "started": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(),
        "duration_seconds": round(elapsed, 3),
        "operations": {
            op: recorder.operation_stats(op, offered).as_dict() for op in operations
        },
        "errors_by_kind": dict(recorder.errors_by_kind),
        "result_codes": dict(sorted(recorder.result_codes.items())),
        "token_acquisitions": recorder.token_acquisitions,
        "timeline": recorder.timeline_rows(started),
        "in_flight_max": recorder.in_flight_max(),
        "failure_reasons": dict(recorder.failure_reasons.most_common(50)),
        "processes": processes,
        "spec": dataclasses.asdict(spec),
        "locust_files": dict(locust_files),
    }
    summary["scenario_report"] = _scenario_report(recorder, spec, objectives)
    limit = auto_token_limit(processes, elapsed, spec.token_lifetime_seconds)
    verdicts = evaluate(objectives, summary, token_limit=limit)
    summary["objectives"] = [v.as_dict() for v in verdicts]
    summary["passed"] = all(v.passed for v in verdicts)
    return summary, verdicts


def _rank(operation: str) -> int:
    return _ORDER.index(operation) if operation in _ORDER else len(_ORDER)


def _scenario_report(
    recorder: LatencyRecorder, spec: RunSpec, objectives: list[Objective]
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "dropped_arrivals": int(recorder.facts.get("dropped_arrivals", 0)),
        "cut_in_flight": int(recorder.facts.get("cut_in_flight", 0)),
        "max_schedule_lag_ms": recorder.facts.get("max_schedule_lag_ms"),
    }
    if spec.scenario == "capacity":
        report["capacity"] = analysis.capacity_report(
            recorder, spec.profile(), objectives
        )
    elif spec.scenario == "cold-start":
        report["cold_start"] = analysis.cold_start_report(recorder)
    if spec.scenario_def().open_model:
        report["littles_law"] = analysis.littles_law(recorder)
    return report


def write_summary(summary: Mapping[str, Any], run_dir: Path) -> Path:
    """Write ``summary`` as run_dir/load.json atomically; returns its path."""
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / LOAD_JSON
    temporary = path.with_suffix(f".json.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    temporary.replace(path)
    return path
