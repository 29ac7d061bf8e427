"""Service-level objectives as data: read a thresholds file, judge a run.

A thresholds file is TOML. Latencies are maxima in milliseconds, rates are
fractions, throughput is a minimum per second::

    [operations.createLead]        # one table per operation
    p99_ms = 30000                 # p50_ms p90_ms p95_ms p99_ms p999_ms max_ms mean_ms
    error_rate = 0.01              # failures / requests, at most
    min_rps = 0.5                  # requests per second, at least
    optional = false               # true: not measured is not a breach

    [run]                          # the whole run
    error_rate = 0.01
    min_workflow_rps = 1.0
    max_token_acquisitions = "auto"   # or a number; auto allows a refresh per lifetime
    [run.max_errors]               # per kind: transport timeout throttled
    auth = 0                       #   server_error contract_violation auth

Objectives are judged against a load.json summary, so a run, a step of a
capacity test or an old report can all be judged the same way.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from leadharness.errors import ConfigError
from leadharness.loadkit.latency import ERROR_KINDS

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Objective",
    "Verdict",
    "evaluate",
    "format_table",
    "load_objectives",
    "parse_objectives",
]

DEFAULT_THRESHOLDS = Path(
    str(resources.files("leadharness.loadkit") / "default_thresholds.toml")
)

_LATENCY_KEYS = {
    f"{m}_ms": m for m in ("p50", "p90", "p95", "p99", "p999", "max", "mean")
}
_OPERATION_KEYS = {*_LATENCY_KEYS, "error_rate", "min_rps", "min_count", "optional"}
_RUN_KEYS = {"error_rate", "min_workflow_rps", "max_token_acquisitions", "max_errors"}


@dataclass(frozen=True)
class Objective:
    """One threshold: ``metric`` of ``operation`` at most (or least) ``threshold``."""

    name: str
    operation: str  # an operation name, or "*" for the whole run
    metric: str
    threshold: float | str
    at_least: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Verdict:
    """An objective with what the run measured and whether it held."""

    objective: Objective
    measured: float | None
    threshold: float
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        """The load.json form: name, operation, metric, threshold, measured, passed."""
        return {
            "name": self.objective.name,
            "operation": self.objective.operation,
            "metric": self.objective.metric,
            "threshold": self.threshold if math.isfinite(self.threshold) else None,
            "measured": self.measured,
            "passed": self.passed,
        }


def load_objectives(path: Path | None = None) -> list[Objective]:
    """The objectives in ``path`` (the documented defaults when None)."""
    target = Path(path) if path else DEFAULT_THRESHOLDS
    try:
        document = tomllib.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"thresholds file {target} does not exist; check --objectives"
        ) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"thresholds file {target} is not valid TOML: {exc}"
        ) from None
    return parse_objectives(document, str(target))


def parse_objectives(
    document: Mapping[str, Any], where: str = "thresholds"
) -> list[Objective]:
    """Objectives from a parsed thresholds document; ConfigError names a bad entry."""
    unknown = set(document) - {"operations", "run"}
    if unknown:
        raise ConfigError(
            f"{where}: unknown table(s) {sorted(unknown)}; "
            "use [operations.NAME] and [run]"
        )
    found: list[Objective] = []
    for operation, table in dict(document.get("operations", {})).items():
        found.extend(
            _operation_objectives(operation, table, f"{where} [operations.{operation}]")
        )
    found.extend(_run_objectives(document.get("run", {}), f"{where} [run]"))
    return found


def _number(value: object, where: str, key: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
    ):
        raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
    if value < 0:
        raise ConfigError(f"{where}: {key} must not be negative, got {value!r}")
    return float(value)


def _operation_objectives(operation: str, table: object, where: str) -> list[Objective]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table of thresholds")
    unknown = set(table) - _OPERATION_KEYS
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {sorted(unknown)}; use {sorted(_OPERATION_KEYS)}"
        )
    optional = bool(table.get("optional", False))
    found = []
    for key, value in table.items():
        if key == "optional":
            continue
        threshold = _number(value, where, key)
        metric = str(_LATENCY_KEYS.get(key, key))
        if key == "error_rate" and threshold > 1:
            raise ConfigError(
                f"{where}: error_rate is a fraction (0.01 = 1 %), got {value!r}"
            )
        at_least = key in ("min_rps", "min_count")
        name = (
            f"{operation} {metric} {'>=' if at_least else '<='} {_show(key, threshold)}"
        )
        found.append(Objective(name, operation, metric, threshold, at_least, optional))
    return found


def _run_objectives(table: object, where: str) -> list[Objective]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table of thresholds")
    unknown = set(table) - _RUN_KEYS
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {sorted(unknown)}; use {sorted(_RUN_KEYS)}"
        )
    found = []
    if "error_rate" in table:
        rate = _number(table["error_rate"], where, "error_rate")
        found.append(Objective(f"run error_rate <= {rate:g}", "*", "error_rate", rate))
    if "min_workflow_rps" in table:
        rps = _number(table["min_workflow_rps"], where, "min_workflow_rps")
        found.append(
            Objective(f"workflow rps >= {rps:g}", "workflow", "rps", rps, at_least=True)
        )
    if "max_token_acquisitions" in table:
        value = table["max_token_acquisitions"]
        limit: float | str = (
            "auto"
            if value == "auto"
            else _number(value, where, "max_token_acquisitions")
        )
        found.append(
            Objective(
                f"token acquisitions <= {limit}", "*", "token_acquisitions", limit
            )
        )
    errors = table.get("max_errors", {})
    if not isinstance(errors, dict):
        raise ConfigError(f"{where}: max_errors must be a table like {{auth = 0}}")
    for kind, value in errors.items():
        if kind not in ERROR_KINDS:
            raise ConfigError(
                f"{where}: max_errors.{kind} is not a kind; "
                f"use {', '.join(ERROR_KINDS)}"
            )
        limit_n = _number(value, where, f"max_errors.{kind}")
        found.append(
            Objective(f"{kind} errors <= {limit_n:g}", "*", f"errors.{kind}", limit_n)
        )
    return found


def _show(key: str, value: float) -> str:
    return f"{value:g} ms" if key.endswith("_ms") else f"{value:g}"


def auto_token_limit(
    processes: int, duration_seconds: float, lifetime_seconds: float
) -> float:
    """Acquisitions a well-behaved run may make: one per process, plus refreshes.

    Each process may refresh twice per token lifetime (a refresh margin can
    make it renew at half-life); a harness that acquires per request blows
    far past this.
    """
    lifetime = max(lifetime_seconds, 1.0)
    return float(processes * (2 + 2 * math.ceil(duration_seconds / lifetime)))


def evaluate(
    objectives: list[Objective],
    summary: Mapping[str, Any],
    *,
    token_limit: float | None = None,
) -> list[Verdict]:
    """Judge each objective against a load.json-shaped ``summary``.

    ``token_limit`` replaces the threshold of ``max_token_acquisitions = "auto"``.
    """
    return [_judge(o, summary, token_limit) for o in objectives]


def _judge(
    objective: Objective, summary: Mapping[str, Any], token_limit: float | None
) -> Verdict:
    if objective.threshold == "auto":
        threshold = token_limit if token_limit is not None else math.inf
    else:
        threshold = float(objective.threshold)
    measured = _measure(objective, summary)
    if measured is None:
        return Verdict(objective, None, threshold, objective.optional)
    held = measured >= threshold if objective.at_least else measured <= threshold
    return Verdict(objective, measured, threshold, held)


def _measure(objective: Objective, summary: Mapping[str, Any]) -> float | None:
    operations: Mapping[str, Mapping[str, float]] = summary.get("operations", {})
    metric = objective.metric
    if metric == "token_acquisitions":
        return float(summary.get("token_acquisitions", 0))
    if metric.startswith("errors."):
        return float(
            summary.get("errors_by_kind", {}).get(metric.removeprefix("errors."), 0)
        )
    if objective.operation == "*":
        requests = sum(
            s.get("count", 0) for op, s in operations.items() if op != "workflow"
        )
        failures = sum(
            s.get("failures", 0) for op, s in operations.items() if op != "workflow"
        )
        return round(failures / requests, 6) if requests else None
    stats = operations.get(objective.operation)
    if not stats or not stats.get("count"):
        return 0.0 if metric in ("rps", "count") else None
    if metric == "error_rate":
        return round(stats["failures"] / stats["count"], 6)
    if metric in ("min_rps", "rps"):
        return float(stats["rps"])
    if metric == "min_count":
        return float(stats["count"])
    return float(stats[metric])


def format_table(verdicts: list[Verdict]) -> str:
    """A plain-text table of each objective, its measured value and verdict."""
    rows = [("objective", "measured", "threshold", "verdict")]
    for v in verdicts:
        measured = "not measured" if v.measured is None else f"{v.measured:g}"
        rows.append(
            (
                v.objective.name,
                measured,
                f"{v.threshold:g}",
                "pass" if v.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
