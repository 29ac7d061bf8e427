"""Open-model arrival schedules and closed-model shapes."""

from __future__ import annotations

import itertools

import pytest

from leadharness.loadkit import arrivals, shapes


def test_constant_rate_schedules_rate_times_duration_evenly() -> None:
    times = [
        t for t, _ in arrivals.arrival_times(arrivals.constant(10, 3), phase_offset=0)
    ]
    assert len(times) == 30
    gaps = {round(b - a, 9) for a, b in itertools.pairwise(times)}
    assert gaps == {0.1}


def test_generators_share_the_rate() -> None:
    profile = arrivals.constant(10, 4)
    counts = [
        sum(1 for _ in arrivals.arrival_times(profile, share=0.25, seed=i))
        for i in range(4)
    ]
    assert sum(counts) == 40


def test_poisson_arrivals_average_the_rate() -> None:
    count = sum(
        1
        for _ in arrivals.arrival_times(
            arrivals.constant(200, 10), poisson=True, seed=3
        )
    )
    assert 1850 < count < 2150


def test_idle_phase_has_no_arrivals_and_the_burst_follows_it() -> None:
    profile = arrivals.idle_then_burst(10, 1, 2, 20, 1)
    due = list(arrivals.arrival_times(profile, phase_offset=0))
    names = [phase.name for _, phase in due]
    assert "idle" not in names
    assert names.count("warm") == 10 and names.count("burst") == 20
    assert min(t for t, p in due if p.name == "burst") == pytest.approx(3.0)


def test_capacity_steps_raise_the_rate() -> None:
    profile = arrivals.steps(5, 10, 2, 3)
    assert [p.rate for p in profile.phases] == [5, 15, 25]
    assert profile.duration == 6
    assert profile.expected_arrivals() == 90
    assert profile.phase_at(4.5).name == "step 3"
    assert profile.phase_at(6.0) is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: arrivals.constant(-1, 1),
        lambda: arrivals.constant(1, 0),
        lambda: arrivals.steps(1, 1, 1, 0),
    ],
)
def test_impossible_profiles_are_refused(make) -> None:
    with pytest.raises(ValueError):
        make()


def test_ramp_rises_to_the_peak_and_holds_then_ends() -> None:
    shape = shapes.ramp(20, 10)
    users = [shape.tick(t)[0] for t in (0, 4, 7.9, 9.9)]
    assert users == sorted(users) and users[-1] == 20 and users[0] >= 1
    assert shape.tick(10) is None
    assert all(shape.tick(t)[1] <= shapes.MAX_SPAWN_RATE for t in range(10))


def test_spike_goes_up_in_the_middle_and_back_down() -> None:
    shape = shapes.spike(50, 10)
    assert shape.tick(1)[0] == 10
    assert shape.tick(5)[0] == 50
    assert shape.tick(9)[0] == 10
    assert shape.tick(10.5) is None
