"""Exact latency recording: one HDR histogram per operation, plus a timeline.

Locust rounds recorded response times to about two significant digits and
averages percentiles over workers; this recorder keeps every sample in an HDR
histogram (three significant digits, microsecond unit) so the tail survives,
and it travels between processes as encoded histograms that are *added*, never
averaged. A worker drains its deltas every report; the master merges them.

The recorder also keeps what a load run reports besides latency: failures by
kind, result codes, token acquisitions, requests in flight (current, maximum
and the time-weighted area that Little's law needs) and small scenario facts.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hdrh.histogram import HdrHistogram

__all__ = [
    "ERROR_KINDS",
    "PERCENTILES",
    "LatencyRecorder",
    "OperationStats",
    "new_histogram",
]

#: The kinds every failure is classified into (load.json's errors_by_kind).
ERROR_KINDS = (
    "transport",
    "timeout",
    "throttled",
    "server_error",
    "contract_violation",
    "auth",
)

#: Percentiles reported per operation, with their load.json key.
PERCENTILES = {"p50": 50.0, "p90": 90.0, "p95": 95.0, "p99": 99.0, "p999": 99.9}

# One microsecond to ten minutes: longer than any client timeout the harness
# sets, so nothing real is clamped. Three digits keep the error under 0.1 %.
_LOWEST_US = 1
_HIGHEST_US = 600_000_000
_DIGITS = 3
# Timeline buckets only feed charts and per-step verdicts: two digits suffice
# and keep a long soak's timeline small (21 KiB per bucket and operation).
_TIMELINE_DIGITS = 2


def new_histogram(digits: int = _DIGITS) -> HdrHistogram:
    """An empty latency histogram in microseconds."""
    return HdrHistogram(_LOWEST_US, _HIGHEST_US, digits)


def _clamp(micros: float) -> int:
    return min(max(int(micros), _LOWEST_US), _HIGHEST_US)


@dataclass
class OperationStats:
    """Counts and latency percentiles of one operation, in milliseconds."""

    count: int
    failures: int
    rps: float
    p50: float
    p90: float
    p95: float
    p99: float
    p999: float
    max: float
    mean: float

    def as_dict(self) -> dict[str, float | int]:
        """The load.json form of these statistics."""
        return dict(self.__dict__)


@dataclass
class _Bucket:
    """One timeline step of one operation."""

    histogram: HdrHistogram = field(
        default_factory=lambda: new_histogram(_TIMELINE_DIGITS)
    )
    requests: int = 0
    failures: int = 0


class LatencyRecorder:
    """Latency, failures and counters of one process, mergeable across processes.

    ``timeline_step`` is the width of a timeline bucket in seconds; buckets
    are keyed by wall-clock time so processes need no shared start signal.
    """

    def __init__(self, timeline_step: float = 1.0) -> None:
        if not timeline_step > 0:
            raise ValueError(f"timeline_step must be positive, got {timeline_step!r}")
        self.timeline_step = float(timeline_step)
        self._fact_how: dict[str, str] = {}
        self.reset()

    def reset(self) -> None:
        """Forget everything recorded so far."""
        self.histograms: dict[str, HdrHistogram] = {}
        self.requests: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.timeline: dict[tuple[int, str], _Bucket] = {}
        self.errors_by_kind: Counter[str] = Counter({kind: 0 for kind in ERROR_KINDS})
        self.failure_reasons: Counter[str] = Counter()
        self.result_codes: Counter[str] = Counter()
        self.token_acquisitions = 0
        self.in_flight: Counter[str] = Counter()
        self.in_flight_area: dict[str, float] = {}  # request-seconds
        self.bucket_in_flight_max: dict[int, int] = {}
        # Peaks merged from other processes, per process: a fleet's peak in a
        # bucket is bounded by the sum of its processes' peaks (an upper bound,
        # since they need not coincide within the bucket).
        self.peaks_by_source: dict[str, dict[int, int]] = {}
        self.facts: dict[str, float] = {}
        self._in_flight_total = 0
        self._last_change: dict[str, float] = {}

    # -- recording (hot path: keep it lean) ---------------------------------

    def record(
        self,
        operation: str,
        seconds: float,
        *,
        failed: bool = False,
        at: float | None = None,
    ) -> None:
        """Record one request of ``operation`` that took ``seconds``.

        The timeline files it under wall-clock time ``at`` (now by default).
        """
        micros = _clamp(seconds * 1_000_000)
        histogram = self.histograms.get(operation)
        if histogram is None:
            histogram = self.histograms[operation] = new_histogram()
        histogram.record_value(micros)
        self.requests[operation] += 1
        key = (int((at or time.time()) // self.timeline_step), operation)
        bucket = self.timeline.get(key)
        if bucket is None:
            bucket = self.timeline[key] = _Bucket()
        bucket.histogram.record_value(micros)
        bucket.requests += 1
        if failed:
            self.failures[operation] += 1
            bucket.failures += 1

    def fail(self, kind: str, reason: str) -> None:
        """Count a failure of ``kind`` (one of ERROR_KINDS) with a stable reason."""
        if kind not in self.errors_by_kind:
            raise ValueError(
                f"unknown error kind {kind!r}; use one of {', '.join(ERROR_KINDS)}"
            )
        self.errors_by_kind[kind] += 1
        self.failure_reasons[reason] += 1

    def code(self, code: object) -> None:
        """Count one result code as the target answered it."""
        self.result_codes[str(code)] += 1

    def started(self, operation: str, now: float | None = None) -> None:
        """Note a request of ``operation`` going out (for in-flight counts)."""
        self._in_flight_change(operation, +1, time.monotonic() if now is None else now)

    def finished(self, operation: str, now: float | None = None) -> None:
        """Note a request of ``operation`` coming back."""
        self._in_flight_change(operation, -1, time.monotonic() if now is None else now)

    def _in_flight_change(self, operation: str, delta: int, now: float) -> None:
        last = self._last_change.get(operation, now)
        area = self.in_flight_area.get(operation, 0.0)
        self.in_flight_area[operation] = area + self.in_flight[operation] * (now - last)
        self._last_change[operation] = now
        self.in_flight[operation] += delta
        self._in_flight_total += delta
        if delta > 0:
            bucket = int(time.time() // self.timeline_step)
            if self._in_flight_total > self.bucket_in_flight_max.get(bucket, 0):
                self.bucket_in_flight_max[bucket] = self._in_flight_total

    def fact(self, name: str, value: float, how: str = "max") -> None:
        """Keep a scenario fact; ``how`` (max, min, sum) says how copies combine."""
        if how not in ("max", "min", "sum"):
            raise ValueError(f"fact {name!r}: how must be max, min or sum, got {how!r}")
        self.facts[name] = _combine(how, self.facts.get(name), value)
        self._fact_how[name] = how

    # -- moving between processes ------------------------------------------

    def drain(self) -> dict[str, Any]:
        """Everything recorded since the last drain, as plain data; then forget it.

        In-flight counters are not reset (requests still out belong to the
        next report) but their area is.
        """
        now = time.monotonic()
        for operation in list(self.in_flight):
            self._in_flight_change(operation, 0, now)
        payload = {
            "step": self.timeline_step,
            "histograms": {op: h.encode() for op, h in self.histograms.items()},
            "requests": dict(self.requests),
            "failures": dict(self.failures),
            "timeline": [
                [b, op, bucket.histogram.encode(), bucket.requests, bucket.failures]
                for (b, op), bucket in self.timeline.items()
            ],
            "errors_by_kind": dict(self.errors_by_kind),
            "failure_reasons": dict(self.failure_reasons),
            "result_codes": dict(self.result_codes),
            "token_acquisitions": self.token_acquisitions,
            "in_flight_area": dict(self.in_flight_area),
            "in_flight_now": dict(self.in_flight),
            "bucket_in_flight_max": {
                str(k): v for k, v in self.bucket_in_flight_max.items()
            },
            "facts": {
                k: [v, self._fact_how.get(k, "max")] for k, v in self.facts.items()
            },
        }
        in_flight, last, total = (
            self.in_flight,
            self._last_change,
            self._in_flight_total,
        )
        self.reset()
        self.in_flight, self._last_change, self._in_flight_total = (
            in_flight,
            last,
            total,
        )
        return payload

    def merge(self, payload: Mapping[str, Any], source: str = "local") -> None:
        """Add a drained payload from process ``source`` into this recorder."""
        for operation, encoded in payload.get("histograms", {}).items():
            self.histograms.setdefault(operation, new_histogram()).decode_and_add(
                encoded
            )
        self.requests.update(payload.get("requests", {}))
        self.failures.update(payload.get("failures", {}))
        step = float(payload.get("step", self.timeline_step))
        for b, operation, encoded, requests, failures in payload.get("timeline", []):
            key = (int(b * step // self.timeline_step), operation)
            bucket = self.timeline.setdefault(key, _Bucket())
            bucket.histogram.decode_and_add(encoded)
            bucket.requests += requests
            bucket.failures += failures
        self.errors_by_kind.update(payload.get("errors_by_kind", {}))
        self.failure_reasons.update(payload.get("failure_reasons", {}))
        self.result_codes.update(payload.get("result_codes", {}))
        self.token_acquisitions += int(payload.get("token_acquisitions", 0))
        for operation, area in payload.get("in_flight_area", {}).items():
            self.in_flight_area[operation] = (
                self.in_flight_area.get(operation, 0.0) + area
            )
        peaks = self.peaks_by_source.setdefault(source, {})
        for b, value in payload.get("bucket_in_flight_max", {}).items():
            index = int(int(b) * step // self.timeline_step)
            peaks[index] = max(peaks.get(index, 0), value)
        for name, (value, how) in payload.get("facts", {}).items():
            self.facts[name] = _combine(how, self.facts.get(name), value)
            self._fact_how[name] = how

    # -- reading ------------------------------------------------------------

    def operation_stats(
        self, operation: str, duration_seconds: float
    ) -> OperationStats:
        """Count, failures, throughput and percentiles of one operation."""
        histogram = self.histograms.get(operation) or new_histogram()
        count = self.requests[operation]
        values = histogram.get_percentile_to_value_dict(list(PERCENTILES.values()))
        ms = {
            key: _ms(values.get(p, 0)) if count else 0.0
            for key, p in PERCENTILES.items()
        }
        return OperationStats(
            count=count,
            failures=self.failures[operation],
            rps=round(count / duration_seconds, 3) if duration_seconds > 0 else 0.0,
            max=_ms(histogram.get_max_value()) if count else 0.0,
            mean=round(histogram.get_mean_value() / 1000, 3) if count else 0.0,
            **ms,
        )

    def in_flight_peaks(self) -> dict[int, int]:
        """Peak requests out per timeline bucket (an upper bound for fleets)."""
        sources = [self.bucket_in_flight_max, *self.peaks_by_source.values()]
        buckets = {b for peaks in sources for b in peaks}
        return {b: sum(p.get(b, 0) for p in sources) for b in buckets}

    def in_flight_max(self) -> int:
        """The largest number of requests out at once (an upper bound for fleets)."""
        return max(self.in_flight_peaks().values(), default=0)

    def timeline_rows(self, started_epoch: float) -> list[dict[str, Any]]:
        """One row per timeline bucket and operation; ``t`` is seconds from start."""
        rows = []
        peaks = self.in_flight_peaks()
        for (b, operation), bucket in sorted(self.timeline.items()):
            values = bucket.histogram.get_percentile_to_value_dict([50.0, 95.0, 99.0])
            rows.append(
                {
                    "t": round(max(b * self.timeline_step - started_epoch, 0.0), 3),
                    "operation": operation,
                    "requests": bucket.requests,
                    "failures": bucket.failures,
                    "p50": _ms(values.get(50.0, 0)),
                    "p95": _ms(values.get(95.0, 0)),
                    "p99": _ms(values.get(99.0, 0)),
                    "in_flight_max": peaks.get(b, 0),
                }
            )
        return rows

    def window(
        self, operation: str, start_epoch: float, end_epoch: float
    ) -> HdrHistogram:
        """The merged timeline histogram of ``operation`` between two wall-clock times.

        A bucket belongs to the window holding its midpoint.
        """
        merged = new_histogram(_TIMELINE_DIGITS)
        for (b, op), bucket in self.timeline.items():
            if (
                op == operation
                and start_epoch <= (b + 0.5) * self.timeline_step < end_epoch
            ):
                merged.add(bucket.histogram)
        return merged

    def window_counts(
        self, operation: str, start_epoch: float, end_epoch: float
    ) -> tuple[int, int]:
        """Requests and failures of ``operation`` between two wall-clock times."""
        requests = failures = 0
        for (b, op), bucket in self.timeline.items():
            if (
                op == operation
                and start_epoch <= (b + 0.5) * self.timeline_step < end_epoch
            ):
                requests += bucket.requests
                failures += bucket.failures
        return requests, failures

    def operations(self) -> Iterable[str]:
        """Every operation with at least one request, in first-seen order."""
        return list(self.requests)


def _ms(micros: float) -> float:
    return round(micros / 1000, 3)


def _combine(how: str, old: float | None, new: float) -> float:
    if old is None or (isinstance(old, float) and math.isnan(old)):
        return new
    if how == "sum":
        return old + new
    if how == "min":
        return min(old, new)
    return max(old, new)
