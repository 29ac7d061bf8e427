"""Compare a run with an earlier one and mark what got worse.

Latency percentiles regress when the current value exceeds the baseline by
more than the relative tolerance AND by more than an absolute floor in
milliseconds: the floor keeps a 0.4 ms to 0.6 ms wobble on a fast operation
from failing a gate. Error rates regress when they rise by more than an
absolute amount (0.01 is one percentage point). A contract rule that passed
in the baseline and fails now is a regression too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from leadharness.errors import ConfigError

__all__ = [
    "LATENCY_METRICS",
    "MIN_SAMPLES",
    "Tolerance",
    "compare_summaries",
    "regressions",
]

#: The per-operation latency figures compared, in load.json's names (ms).
LATENCY_METRICS = ("p50", "p90", "p95", "p99", "p999", "max")
#: Percentiles of fewer requests than this (two token acquisitions, say) are
#: noise, not a trend: such operations are compared on error rate only.
MIN_SAMPLES = 20


@dataclass(frozen=True)
class Tolerance:
    """How much worse a figure may get before it counts as a regression."""

    relative: float = 0.20
    absolute_ms: float = 5.0
    error_rate: float = 0.01

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(
                    f"tolerance {name} must be a number >= 0, got {value!r}; "
                    "e.g. --tolerance 0.2 for 20%"
                )


def compare_summaries(
    current: Mapping[str, Any],
    baseline: Mapping[str, Any],
    *,
    tolerance: Tolerance | None = None,
    source: str = "",
) -> dict[str, Any]:
    """The ``baseline`` section of summary.json: one row per compared figure."""
    tolerance = tolerance or Tolerance()
    rows = list(_load_rows(current.get("load"), baseline.get("load"), tolerance))
    rows += list(_contract_rows(current.get("contract"), baseline.get("contract")))
    return {
        "source": source,
        "run_id": (baseline.get("run") or {}).get("id"),
        "tolerance": asdict(tolerance),
        "regressed": any(row["regressed"] for row in rows),
        "rows": rows,
    }


def regressions(section: Mapping[str, Any] | None) -> list[str]:
    """One line per regressed row, for a gate's reasons and a terminal."""
    if not section:
        return []
    lines = []
    for row in section.get("rows", []):
        if row["regressed"]:
            change = row.get("change")
            by = f" ({change:+.0%})" if isinstance(change, (int, float)) else ""
            lines.append(
                f"{row['item']} {row['metric']} regressed: "
                f"{_show(row['baseline'])} -> {_show(row['current'])}{by}"
            )
    return lines


def _load_rows(
    current: Any, baseline: Any, tolerance: Tolerance
) -> Iterable[dict[str, Any]]:
    if not isinstance(current, Mapping) or not isinstance(baseline, Mapping):
        return
    now_ops, then_ops = current.get("operations", {}), baseline.get("operations", {})
    for operation in sorted(set(now_ops) & set(then_ops)):
        now, then = now_ops[operation], then_ops[operation]
        sampled = min(now.get("count") or 0, then.get("count") or 0) >= MIN_SAMPLES
        for metric in LATENCY_METRICS:
            old, new = then.get(metric), now.get(metric)
            if not sampled or not _numbers(old, new):
                continue
            change = (new - old) / old if old else None
            regressed = new - old > tolerance.absolute_ms and new > old * (
                1 + tolerance.relative
            )
            yield _row("load", operation, metric, old, new, change, regressed)
        old_rate, new_rate = _error_rate(then), _error_rate(now)
        if old_rate is not None and new_rate is not None:
            change = (new_rate - old_rate) / old_rate if old_rate else None
            yield _row(
                "load",
                operation,
                "error_rate",
                old_rate,
                new_rate,
                change,
                new_rate - old_rate > tolerance.error_rate,
            )


def _contract_rows(current: Any, baseline: Any) -> Iterable[dict[str, Any]]:
    if not isinstance(current, Mapping) or not isinstance(baseline, Mapping):
        return
    then = {r.get("id"): r.get("outcome") for r in baseline.get("rules", [])}
    for rule in current.get("rules", []):
        rule_id, outcome = rule.get("id"), rule.get("outcome")
        if rule_id not in then or outcome == then[rule_id]:
            continue
        regressed = then[rule_id] == "passed" and outcome in ("failed", "error")
        yield _row(
            "contract", str(rule_id), "outcome", then[rule_id], outcome, None, regressed
        )


def _row(
    section: str,
    item: str,
    metric: str,
    old: Any,
    new: Any,
    change: float | None,
    regressed: bool,
) -> dict[str, Any]:
    return {
        "section": section,
        "item": item,
        "metric": metric,
        "baseline": old,
        "current": new,
        "change": round(change, 4) if change is not None else None,
        "regressed": bool(regressed),
    }


def _error_rate(operation: Mapping[str, Any]) -> float | None:
    count, failures = operation.get("count"), operation.get("failures")
    if not _numbers(count, failures) or not count:
        return None
    return round(failures / count, 6)


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if value < 1 else f"{value:,.1f}"
    return str(value)
