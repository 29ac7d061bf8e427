"""Scenario findings beyond percentiles: the knee, cold start, Little's law.

Each function reads a merged :class:`LatencyRecorder` (its timeline and the
phase start times the generators noted as facts) and returns a small dict
for load.json's ``scenario_report``.
"""

from __future__ import annotations

from typing import Any

from leadharness.loadkit.arrivals import RateProfile
from leadharness.loadkit.latency import LatencyRecorder
from leadharness.loadkit.objectives import Objective, evaluate

__all__ = ["capacity_report", "cold_start_report", "littles_law", "phase_start"]

# Per-step verdicts use the per-operation objectives only: run-wide budgets
# (token acquisitions, auth errors) do not belong to a step.
_STEP_METRICS = {"p50", "p90", "p95", "p99", "p999", "max", "mean", "error_rate"}

# Little's law holds within this relative gap when the generator kept up.
LITTLE_TOLERANCE = 0.10


def phase_start(recorder: LatencyRecorder, name: str) -> float | None:
    """The wall-clock time the first generator entered phase ``name``."""
    return recorder.facts.get(f"phase.{name}.start")


def _window_stats(
    recorder: LatencyRecorder, operation: str, start: float, end: float
) -> dict[str, Any]:
    histogram = recorder.window(operation, start, end)
    requests, failures = recorder.window_counts(operation, start, end)
    values = histogram.get_percentile_to_value_dict([50.0, 90.0, 95.0, 99.0, 99.9])
    ms = {
        k: round(values.get(p, 0) / 1000, 3) if requests else 0.0
        for k, p in (
            ("p50", 50.0),
            ("p90", 90.0),
            ("p95", 95.0),
            ("p99", 99.0),
            ("p999", 99.9),
        )
    }
    return {
        "count": requests,
        "failures": failures,
        "rps": round(requests / (end - start), 3) if end > start else 0.0,
        "max": round(histogram.get_max_value() / 1000, 3) if requests else 0.0,
        "mean": round(histogram.get_mean_value() / 1000, 3) if requests else 0.0,
        **ms,
    }


def capacity_report(
    recorder: LatencyRecorder, profile: RateProfile, objectives: list[Objective]
) -> dict[str, Any]:
    """Per step: offered rate, latency curve, verdict; the knee: last step that held."""
    per_step = [
        o for o in objectives if o.operation != "*" and o.metric in _STEP_METRICS
    ]
    steps, knee, broken = [], None, False
    for phase, _, _ in profile.bounds():
        start = phase_start(recorder, phase.name)
        if start is None:
            break
        end = start + phase.seconds
        operations = {
            op: _window_stats(recorder, op, start, end) for op in recorder.operations()
        }
        operations = {op: stats for op, stats in operations.items() if stats["count"]}
        if not operations:
            break  # the run stopped before this step
        verdicts = evaluate(per_step, {"operations": operations})
        failed = [v.objective.name for v in verdicts if not v.passed]
        steps.append(
            {
                "step": phase.name,
                "offered_rate": round(phase.rate, 3),
                "completed_rate": _completed_rate(
                    operations.get("workflow"), phase.seconds
                ),
                "operations": {
                    op: {k: s[k] for k in ("count", "failures", "p50", "p95", "p99")}
                    for op, s in operations.items()
                },
                "held": not failed,
                "breaches": failed,
            }
        )
        if failed:
            broken = True
        elif not broken:
            knee = phase.rate
    stopped = bool(recorder.facts.get("capacity.stopped_early"))
    return {
        "knee_rate": knee,
        "broke": broken,
        "stopped_early": stopped,
        "steps": steps,
    }


def _completed_rate(workflow: dict[str, Any] | None, seconds: float) -> float:
    if not workflow:
        return 0.0
    return round((workflow["count"] - workflow["failures"]) / seconds, 3)


def cold_start_report(
    recorder: LatencyRecorder, operation: str = "createLead", factor: float = 1.5
) -> dict[str, Any]:
    """First-request latency after idle, and how long until latency is warm again.

    Warm level is the p50 of ``operation`` during the warm phase; latency has
    recovered at the first timeline bucket of the burst whose p50 is within
    ``factor`` times that.
    """
    warm_start, burst_start = (
        phase_start(recorder, "warm"),
        phase_start(recorder, "burst"),
    )
    report: dict[str, Any] = {
        "first_request_ms": recorder.facts.get("burst.first_request_ms"),
        "warm_p50_ms": None,
        "recovery_seconds": None,
    }
    if warm_start is None or burst_start is None:
        return report
    idle_start = phase_start(recorder, "idle") or burst_start
    warm = _window_stats(recorder, operation, warm_start, idle_start)
    report["warm_p50_ms"] = warm["p50"]
    step = recorder.timeline_step
    for (bucket, op), data in sorted(recorder.timeline.items()):
        t = bucket * step
        if op != operation or t + step <= burst_start or not data.requests:
            continue
        p50 = data.histogram.get_value_at_percentile(50.0) / 1000
        if warm["p50"] and p50 <= warm["p50"] * factor:
            report["recovery_seconds"] = round(max(t + step - burst_start, 0.0), 3)
            break
    return report


def littles_law(
    recorder: LatencyRecorder, operation: str = "createLead"
) -> dict[str, Any]:
    """Throughput × latency against the measured time-averaged concurrency.

    Over a window in which every request completes, the area under the
    in-flight curve equals the sum of latencies, so L = λW exactly. A gap
    means latency was measured from a due time the generator missed (it fell
    behind its schedule) or requests were cut at the end.
    """
    histogram = recorder.histograms.get(operation)
    count = recorder.requests[operation]
    area = recorder.in_flight_area.get(operation, 0.0)
    if not histogram or not count or not area:
        return {"operation": operation, "holds": None}
    latency_sum = (
        count * histogram.get_mean_value() / 1_000_000
    )  # λW·T, in request-seconds
    gap = abs(latency_sum - area) / area
    return {
        "operation": operation,
        "in_flight_area_request_seconds": round(area, 3),
        "throughput_x_latency_request_seconds": round(latency_sum, 3),
        "relative_gap": round(gap, 4),
        "holds": gap <= LITTLE_TOLERANCE,
    }
