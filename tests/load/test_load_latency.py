"""The HDR recorder keeps exact percentiles and merges without averaging."""

from __future__ import annotations

import pytest

from leadharness.loadkit.latency import ERROR_KINDS, LatencyRecorder


def _record_ms(
    recorder: LatencyRecorder, operation: str, values_ms: list[float]
) -> None:
    for value in values_ms:
        recorder.record(operation, value / 1000, at=1_000.0)


def test_percentiles_are_exact_to_three_digits() -> None:
    recorder = LatencyRecorder()
    _record_ms(recorder, "createLead", [float(v) for v in range(1, 1001)])  # 1..1000 ms
    stats = recorder.operation_stats("createLead", duration_seconds=10)
    assert stats.count == 1000
    assert stats.rps == 100.0
    for measured, expected in (
        (stats.p50, 500),
        (stats.p90, 900),
        (stats.p99, 990),
        (stats.p999, 999),
        (stats.max, 1000),
    ):
        assert abs(measured - expected) / expected < 0.001, (measured, expected)
    assert abs(stats.mean - 500.5) / 500.5 < 0.001


def test_tail_survives_where_locust_would_round() -> None:
    recorder = LatencyRecorder()
    _record_ms(recorder, "op", [1.0] * 999 + [12_345.0])
    stats = recorder.operation_stats("op", 1)
    assert abs(stats.max - 12_345) < 12.4  # Locust would report 12,000
    assert stats.p99 < 2


def test_merged_workers_give_the_percentiles_of_all_samples_not_an_average() -> None:
    fast, slow, merged, single = (LatencyRecorder() for _ in range(4))
    _record_ms(fast, "op", [10.0] * 900)
    _record_ms(slow, "op", [1000.0] * 100)
    merged.merge(fast.drain(), source="a")
    merged.merge(slow.drain(), source="b")
    _record_ms(single, "op", [10.0] * 900 + [1000.0] * 100)
    a, b = merged.operation_stats("op", 1), single.operation_stats("op", 1)
    assert a.as_dict() == b.as_dict()
    # Averaging the two workers' p50 would give about 505 ms; the truth is 10 ms.
    assert a.p50 < 11
    assert a.p95 > 990


def test_drain_hands_over_everything_once() -> None:
    recorder, master = LatencyRecorder(), LatencyRecorder()
    _record_ms(recorder, "op", [5.0, 6.0])
    recorder.fail("timeout", "op: no answer in time")
    recorder.code(1013)
    recorder.token_acquisitions += 1
    recorder.fact("cut_in_flight", 2, "sum")
    master.merge(recorder.drain(), source="w1")
    master.merge(recorder.drain(), source="w1")  # nothing new the second time
    assert master.requests["op"] == 2
    assert master.errors_by_kind["timeout"] == 1
    assert master.result_codes == {"1013": 1}
    assert master.token_acquisitions == 1
    assert master.facts["cut_in_flight"] == 2


def test_failures_need_a_known_kind() -> None:
    with pytest.raises(ValueError, match="unknown error kind"):
        LatencyRecorder().fail("mystery", "x")
    assert set(LatencyRecorder().errors_by_kind) == set(ERROR_KINDS)


def test_in_flight_area_is_request_seconds() -> None:
    recorder = LatencyRecorder()
    recorder.started("op", now=0.0)
    recorder.started("op", now=1.0)
    recorder.finished("op", now=2.0)
    recorder.finished("op", now=4.0)
    # 0-1 s one request out, 1-2 s two, 2-4 s one: 1 + 2 + 2 request-seconds
    assert recorder.in_flight_area["op"] == pytest.approx(5.0)
    assert recorder.in_flight_max() == 2


def test_fleet_peak_adds_the_workers_peaks_per_bucket() -> None:
    master = LatencyRecorder()
    for source in ("w1", "w2"):
        worker = LatencyRecorder()
        worker.started("op")
        worker.started("op")
        master.merge(worker.drain(), source=source)
    assert master.in_flight_max() == 4


def test_timeline_rows_carry_bucket_percentiles() -> None:
    recorder = LatencyRecorder(timeline_step=1.0)
    recorder.record("op", 0.010, at=100.2)
    recorder.record("op", 0.020, at=100.7, failed=True)
    recorder.record("op", 0.030, at=101.1)
    rows = recorder.timeline_rows(started_epoch=100.0)
    assert [(r["t"], r["requests"], r["failures"]) for r in rows] == [
        (0.0, 2, 1),
        (1.0, 1, 0),
    ]
    assert rows[0]["p99"] == pytest.approx(20, rel=0.01)


def test_a_zero_timeline_step_is_refused() -> None:
    with pytest.raises(ValueError, match="timeline_step"):
        LatencyRecorder(timeline_step=0)
